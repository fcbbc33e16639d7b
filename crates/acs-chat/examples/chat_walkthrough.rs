//! The chat walkthrough of the Communication Services samples, on the embedded emulator or
//! against a real resource.
//!
//! Creates two users with chat tokens (through the identity REST client, signed with the access
//! key of `ACS_CONNECTION_STRING`), then, as the first user: creates a thread with the second
//! user in it, sends, reads, lists, edits and deletes messages, lists, adds and removes
//! participants, sends a typing notification and a read receipt, lists read receipts, and
//! finally deletes the thread and the users.
//!
//! With neither `ACS_CONNECTION_STRING` nor `COMMUNICATION_SERVICES_CONNECTION_STRING` set, it
//! starts the embedded emulator (`acs-emulator`) on a loopback port:
//!
//! ```sh
//! cargo run -p acs-chat --example chat_walkthrough
//! ACS_CONNECTION_STRING='endpoint=https://<resource>.communication.azure.com/;accesskey=<key>' \
//!     cargo run -p acs-chat --example chat_walkthrough
//! ```
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example prints what it does"
)]

use std::process::ExitCode;

use std::sync::Arc;

use acs_auth::{ConnectionString, HmacCredential};
use acs_chat::models::{ChatMessageType, ChatParticipant, CommunicationIdentifier};
use acs_chat::options::{
    ChatClientCreateChatThreadOptions, ChatThreadClientSendMessageOptions,
    ChatThreadClientSendTypingNotificationOptions,
};
use acs_chat::{ChatClient, CommunicationTokenCredential};
use acs_core::{HmacAuthPolicy, Pipeline, from_rest};
use acs_identity_rest::types::{
    CommunicationIdentityCreateRequest, CommunicationIdentityTokenScope,
};
use futures::TryStreamExt as _;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A user with a chat token, made by the identity service.
struct User {
    id: String,
    token: String,
}

/// Creates users and deletes them again (identity is not a dependency of `acs-chat`: the
/// example talks to the identity REST client directly).
struct Identity {
    rest: acs_identity_rest::Client,
}

impl Identity {
    fn new(connection_string: &ConnectionString) -> Self {
        let pipeline = Pipeline::builder()
            .auth(Arc::new(HmacAuthPolicy::new(
                HmacCredential::from_connection_string(connection_string),
            )))
            .build();
        let rest = acs_identity_rest::Client::new_with_client(
            &connection_string.endpoint().to_string(),
            pipeline.http_client().clone(),
            pipeline,
        );
        Self { rest }
    }

    async fn create_user_with_chat_token(&self) -> Result<User, BoxError> {
        let created = self
            .rest
            .identity_operations_create()
            .api_version(acs_identity_rest::API_VERSION)
            .body(CommunicationIdentityCreateRequest {
                create_token_with_scopes: vec![CommunicationIdentityTokenScope::Chat],
                expires_in_minutes: None,
            })
            .send()
            .await
            .map_err(from_rest)?
            .into_inner();
        let token = created
            .access_token
            .ok_or("the identity service returned no token")?
            .token;
        Ok(User {
            id: created.identity.id,
            token,
        })
    }

    async fn delete_user(&self, user: &User) -> Result<(), BoxError> {
        self.rest
            .identity_operations_delete()
            .id(&user.id)
            .api_version(acs_identity_rest::API_VERSION)
            .send()
            .await
            .map_err(from_rest)?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", acs_core::error_chain(&*error));
            ExitCode::FAILURE
        }
    }
}

/// The resource of the environment's connection string, or an embedded emulator when none is
/// set (returned too, to be shut down at the end).
async fn target() -> Result<(ConnectionString, Option<acs_emulator::RunningEmulator>), BoxError> {
    match ConnectionString::from_env() {
        Ok(connection_string) => Ok((connection_string, None)),
        Err(acs_auth::Error::ConnectionStringNotInEnvironment) => {
            let emulator = acs_emulator::Emulator::builder().start().await?;
            println!(
                "ACS_CONNECTION_STRING is not set: using the embedded emulator at {}",
                emulator.endpoint()
            );
            let connection_string = ConnectionString::parse(&emulator.connection_string())?;
            Ok((connection_string, Some(emulator)))
        }
        // The message names the faulty part, never the key.
        Err(error) => {
            Err(format!("the connection string in the environment is unusable: {error}").into())
        }
    }
}

async fn run() -> Result<(), BoxError> {
    let (connection_string, emulator) = target().await?;
    let endpoint = connection_string.endpoint().to_string();
    let identity = Identity::new(&connection_string);

    // Two users; the first one drives the chat.
    let user_1 = identity.create_user_with_chat_token().await?;
    let user_2 = identity.create_user_with_chat_token().await?;
    println!("created users {} and {}", user_1.id, user_2.id);

    let result = chat(&endpoint, &identity, &user_1, &user_2).await;

    identity.delete_user(&user_1).await?;
    identity.delete_user(&user_2).await?;
    println!("deleted the users");
    if let Some(emulator) = emulator {
        emulator.shutdown().await?;
    }
    result
}

async fn chat(
    endpoint: &str,
    identity: &Identity,
    user_1: &User,
    user_2: &User,
) -> Result<(), BoxError> {
    let credential = CommunicationTokenCredential::from_token(user_1.token.clone())?;
    let chat_client = ChatClient::new(endpoint, credential, None)?;

    // Create a thread with the second user in it.
    let user_2_id = CommunicationIdentifier::from_raw_id(&user_2.id);
    let created = chat_client
        .create_chat_thread(
            "Rust walkthrough",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants =
                    vec![ChatParticipant::new(user_2_id.clone()).with_display_name("Second user")];
                options
            }),
        )
        .await?;
    for refused in &created.invalid_participants {
        println!(
            "not added: {} ({} {})",
            refused.identifier, refused.code, refused.message
        );
    }
    let thread_id = created.thread.id.clone();
    println!("created thread {thread_id}");

    // Threads of the user.
    let threads: Vec<_> = chat_client.list_chat_threads(None).try_collect().await?;
    println!("the user is in {} thread(s)", threads.len());

    let thread = chat_client.chat_thread_client(&thread_id)?;
    let properties = thread.get_properties(None).await?;
    println!(
        "topic {:?}, created by {}",
        properties.topic, properties.created_by
    );
    thread
        .update_topic("Rust walkthrough (updated)", None)
        .await?;

    // Messages.
    let sent = thread
        .send_message(
            "Hello from <b>Rust</b>!",
            Some({
                let mut options = ChatThreadClientSendMessageOptions::default();
                options.message_type = Some(ChatMessageType::Html);
                options.sender_display_name = Some("First user".into());
                options.metadata = [("origin".to_owned(), "walkthrough".to_owned())].into();
                options
            }),
        )
        .await?;
    println!("sent message {}", sent.id);
    let message = thread.get_message(&sent.id, None).await?;
    println!(
        "read it back: {:?}",
        message
            .into_inner()
            .content
            .and_then(|content| content.message)
    );
    thread
        .update_message(
            &sent.id,
            acs_chat::models::ChatMessageUpdate::default()
                .with_content("Hello from Rust (edited)!"),
            None,
        )
        .await?;
    let mut messages = thread.list_messages(None);
    while let Some(message) = messages.try_next().await? {
        println!(
            "  {} {} edited={:?}",
            message.id,
            message.message_type,
            message.edited_on.is_some()
        );
    }

    // Typing and read receipts.
    thread
        .send_typing_notification(Some({
            let mut options = ChatThreadClientSendTypingNotificationOptions::default();
            options.sender_display_name = Some("First user".into());
            options
        }))
        .await?;
    thread.send_read_receipt(&sent.id, None).await?;
    let receipts: Vec<_> = thread.list_read_receipts(None).try_collect().await?;
    println!("{} read receipt(s)", receipts.len());

    // Participants: list, add a third user, remove them again.
    let participants: Vec<_> = thread.list_participants(None).try_collect().await?;
    println!("{} participant(s)", participants.len());
    let user_3 = identity.create_user_with_chat_token().await?;
    let user_3_id = CommunicationIdentifier::from_raw_id(&user_3.id);
    let added = thread
        .add_participants(
            [ChatParticipant::new(user_3_id.clone()).with_display_name("Third user")],
            None,
        )
        .await?;
    println!(
        "added the third user ({} refused)",
        added.invalid_participants.len()
    );
    thread.remove_participant(&user_3_id, None).await?;
    thread.remove_participant(&user_2_id, None).await?;
    identity.delete_user(&user_3).await?;

    // Clean up.
    thread.delete_message(&sent.id, None).await?;
    chat_client.delete_chat_thread(&thread_id, None).await?;
    println!("deleted the thread");
    Ok(())
}
