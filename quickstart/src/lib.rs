//! The acs-rs end-to-end quickstart.
//!
//! `cargo run --locked -p acs-quickstart` walks through what an ACS app does, printing each
//! step: create identities with user access tokens, start a chat thread with two
//! participants, send, list, edit and delete messages, manage participants, send typing
//! notifications and read receipts, clean up, and send an email with an attachment (on a
//! resource, from the address in `ACS_EMAIL_SENDER`).
//!
//! With `ACS_CONNECTION_STRING` (or `COMMUNICATION_SERVICES_CONNECTION_STRING`) set it runs
//! against that Azure Communication Services resource; otherwise it starts the embedded
//! emulator (`acs-emulator`) on a loopback port, so it runs on a fresh machine with no Azure
//! account.
//!
//! ```
//! # #[tokio::main(flavor = "multi_thread", worker_threads = 2)]
//! # async fn main() -> Result<(), acs_quickstart::BoxError> {
//! let mut out = Vec::new();
//! let summary = acs_quickstart::run(acs_quickstart::Target::Emulator, &mut out).await?;
//! // Bob lists five messages: the three sent (the edited one, and the deleted one, which
//! // stays listed with its deletion time) and the thread's two system messages (the
//! // participants added and the topic set at creation).
//! assert_eq!(summary.messages_listed, 5);
//! assert_eq!(summary.participants_listed, 2);
//! assert!(String::from_utf8(out)?.contains("Done: every step succeeded."));
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

/// The Rust snippets of the repository's README, compiled (and run, unless marked `no_run`)
/// as doctests of this crate, which has every dependency they use.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct RootReadmeDoctests;

use std::io::Write;
use std::time::Duration;

use acs_auth::{CommunicationIdentifier, ConnectionString};
use acs_chat::models::{ChatMessage, ChatMessageUpdate, ChatParticipant};
use acs_chat::options::{
    ChatClientCreateChatThreadOptions, ChatThreadClientSendMessageOptions,
    ChatThreadClientSendTypingNotificationOptions,
};
use acs_chat::{ChatClient, ChatThreadClient, CommunicationTokenCredential};
use acs_email::models::EmailAttachment;
use acs_email::{EmailClient, EmailMessage};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::{CommunicationTokenScope, CommunicationUserIdentifierAndToken};
use acs_identity::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientGetTokenOptions,
};
use futures::TryStreamExt as _;

/// Any error of the quickstart.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Where the quickstart runs.
#[derive(Debug)]
pub enum Target {
    /// A real ACS resource.
    Resource(ConnectionString),
    /// The embedded emulator, started for the run.
    Emulator,
}

impl Target {
    /// The resource of `ACS_CONNECTION_STRING` / `COMMUNICATION_SERVICES_CONNECTION_STRING` when
    /// either is set, else the embedded emulator.
    ///
    /// # Errors
    ///
    /// A connection string that is set but malformed (the message never contains the key).
    pub fn from_env() -> Result<Self, BoxError> {
        let set = acs_auth::CONNECTION_STRING_ENV_VARS
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
        if set {
            Ok(Self::Resource(ConnectionString::from_env()?))
        } else {
            Ok(Self::Emulator)
        }
    }
}

/// What a run did, for tests and for the closing line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Whether the run used the embedded emulator.
    pub on_emulator: bool,
    /// The id of the thread the run created (and deleted at the end).
    pub thread_id: String,
    /// How many messages the thread listed after the edits and the delete.
    pub messages_listed: usize,
    /// How many participants the thread had after adding and removing the third user.
    pub participants_listed: usize,
    /// How many read receipts were listed.
    pub read_receipts_listed: usize,
    /// The final status of the email the run sent (`None` when it was skipped: on a resource
    /// without `ACS_EMAIL_SENDER`).
    pub email_status: Option<String>,
}

/// Runs the whole walkthrough against `target`, printing each step to `out`.
///
/// # Errors
///
/// The first failing step's error (service, credential, transport, ...).
pub async fn run(target: Target, out: &mut dyn Write) -> Result<Summary, BoxError> {
    let (connection_string, emulator) = match target {
        Target::Resource(connection_string) => (connection_string, None),
        Target::Emulator => {
            let emulator = acs_emulator::Emulator::builder().start().await?;
            let connection_string = emulator.parsed_connection_string()?;
            (connection_string, Some(emulator))
        }
    };
    let endpoint = connection_string.endpoint().to_string();
    let on_emulator = emulator.is_some();
    match &emulator {
        Some(_) => writeln!(out, "Using the embedded ACS emulator at {endpoint}")?,
        None => writeln!(out, "Using the ACS resource at {endpoint}")?,
    }
    // The emulator accepts its own sender; a resource needs one of its connected domains.
    let email_sender = match &emulator {
        Some(emulator) => Some(emulator.email_sender().to_owned()),
        None => std::env::var("ACS_EMAIL_SENDER")
            .ok()
            .filter(|sender| !sender.is_empty()),
    };
    let result = walkthrough(&connection_string, email_sender, out).await;
    if let Some(emulator) = emulator {
        emulator.shutdown().await?;
    }
    let mut summary = result?;
    summary.on_emulator = on_emulator;
    writeln!(out, "\nDone: every step succeeded.")?;
    Ok(summary)
}

async fn walkthrough(
    connection_string: &ConnectionString,
    email_sender: Option<String>,
    out: &mut dyn Write,
) -> Result<Summary, BoxError> {
    let endpoint = connection_string.endpoint().to_string();
    let identity = CommunicationIdentityClient::with_connection_string(connection_string, None)?;

    step(out, "1. Identities and user access tokens")?;
    let alice = create_chat_user(&identity).await?;
    let bob = create_chat_user(&identity).await?;
    writeln!(out, "   created Alice  {}", alice.user.id())?;
    writeln!(out, "   created Bob    {}", bob.user.id())?;
    writeln!(
        out,
        "   Alice's token expires on {}",
        when(alice.access_token.expires_on)
    )?;
    let refreshed = identity
        .get_token(
            &alice.user,
            &[CommunicationTokenScope::Chat, CommunicationTokenScope::Voip],
            Some(
                CommunicationIdentityClientGetTokenOptions::default()
                    .with_expires_in(Duration::from_secs(60 * 60)),
            ),
        )
        .await?;
    writeln!(
        out,
        "   issued Alice a one-hour chat+voip token, expiring on {}",
        when(refreshed.expires_on)
    )?;

    let alice_chat = ChatClient::new(
        &endpoint,
        CommunicationTokenCredential::from_token(alice.access_token.token.clone())?,
        None,
    )?;
    let bob_chat = ChatClient::new(
        &endpoint,
        CommunicationTokenCredential::from_token(bob.access_token.token.clone())?,
        None,
    )?;

    step(out, "2. A chat thread with two participants")?;
    let created = alice_chat
        .create_chat_thread(
            "acs-rs quickstart",
            Some(
                ChatClientCreateChatThreadOptions::default()
                    .with_participants(vec![
                        ChatParticipant::new(alice.user.clone()).with_display_name("Alice"),
                        ChatParticipant::new(bob.user.clone()).with_display_name("Bob"),
                    ])
                    .with_metadata([("purpose".to_owned(), "quickstart".to_owned())]),
            ),
        )
        .await?;
    let thread_id = created.thread.id.clone();
    writeln!(out, "   thread {thread_id} \"{}\"", created.thread.topic)?;
    let alice_thread = alice_chat.chat_thread_client(thread_id.clone())?;
    let bob_thread = bob_chat.chat_thread_client(thread_id.clone())?;

    step(out, "3. Messages")?;
    let hello = send(&alice_thread, "Hello Bob!", "Alice").await?;
    let typo = send(&alice_thread, "This message has a tpyo", "Alice").await?;
    let reply = send(&bob_thread, "Hi Alice, good to see you here.", "Bob").await?;
    writeln!(out, "   sent 3 messages ({hello}, {typo}, {reply})")?;
    alice_thread
        .update_message(
            &typo,
            ChatMessageUpdate::default().with_content("This message had a typo (fixed)"),
            None,
        )
        .await?;
    writeln!(out, "   Alice edited message {typo}")?;
    alice_thread.delete_message(&hello, None).await?;
    writeln!(out, "   Alice deleted message {hello}")?;
    let messages: Vec<ChatMessage> = bob_thread.list_messages(None).try_collect().await?;
    let text_messages = messages
        .iter()
        .filter(|message| message.message_type.as_str() == "text")
        .count();
    writeln!(
        out,
        "   Bob lists {} messages ({text_messages} text):",
        messages.len()
    )?;
    for message in &messages {
        writeln!(out, "     {}", describe(message))?;
    }

    step(out, "4. Participants")?;
    let carol = create_chat_user(&identity).await?;
    let added = alice_thread
        .add_participants(
            [ChatParticipant::new(carol.user.clone()).with_display_name("Carol")],
            None,
        )
        .await?;
    writeln!(
        out,
        "   added Carol {} ({} refused)",
        carol.user.id(),
        added.invalid_participants.len()
    )?;
    let carol_identifier = CommunicationIdentifier::from(carol.user.clone());
    alice_thread
        .remove_participant(&carol_identifier, None)
        .await?;
    writeln!(out, "   removed Carol")?;
    let participants: Vec<ChatParticipant> =
        alice_thread.list_participants(None).try_collect().await?;
    for participant in &participants {
        writeln!(
            out,
            "     {} {}",
            participant.display_name.as_deref().unwrap_or("(no name)"),
            participant.identifier.raw_id()
        )?;
    }

    step(out, "5. Typing notifications and read receipts")?;
    bob_thread
        .send_typing_notification(Some(
            ChatThreadClientSendTypingNotificationOptions::default()
                .with_sender_display_name("Bob"),
        ))
        .await?;
    writeln!(out, "   Bob is typing...")?;
    bob_thread.send_read_receipt(&typo, None).await?;
    writeln!(out, "   Bob has read message {typo}")?;
    let receipts: Vec<_> = alice_thread.list_read_receipts(None).try_collect().await?;
    for receipt in &receipts {
        writeln!(
            out,
            "     {} read {} on {}",
            receipt.sender.raw_id(),
            receipt.chat_message_id,
            when(receipt.read_on)
        )?;
    }

    step(out, "6. Thread properties and clean-up")?;
    alice_thread
        .update_topic("acs-rs quickstart (done)", None)
        .await?;
    let properties = alice_thread.get_properties(None).await?;
    writeln!(out, "   topic is now \"{}\"", properties.topic)?;
    alice_chat.delete_chat_thread(&thread_id, None).await?;
    writeln!(out, "   deleted the thread")?;
    for (name, user) in [
        ("Alice", &alice.user),
        ("Bob", &bob.user),
        ("Carol", &carol.user),
    ] {
        identity.revoke_tokens(user, None).await?;
        identity.delete_user(user, None).await?;
        writeln!(out, "   revoked {name}'s tokens and deleted {name}")?;
    }

    step(out, "7. Email")?;
    let email_status = match email_sender {
        Some(sender) => Some(send_email(connection_string, &sender, &thread_id, out).await?),
        None => {
            writeln!(
                out,
                "   skipped: set ACS_EMAIL_SENDER to an address of a connected domain"
            )?;
            None
        }
    };

    Ok(Summary {
        on_emulator: false,
        thread_id,
        messages_listed: messages.len(),
        participants_listed: participants.len(),
        read_receipts_listed: receipts.len(),
        email_status,
    })
}

/// Sends an email with an attachment and waits until it is sent; its final status.
async fn send_email(
    connection_string: &ConnectionString,
    sender: &str,
    thread_id: &str,
    out: &mut dyn Write,
) -> Result<String, BoxError> {
    let email = EmailClient::with_connection_string(connection_string, None)?;
    let message = EmailMessage::builder()
        .sender(sender)
        .to("alice@example.com", Some("Alice"))
        .subject("Your acs-rs quickstart thread")
        .text(format!("The quickstart chatted in thread {thread_id}."))
        .attachment(EmailAttachment::new("thread.txt", "text/plain", thread_id))
        .build()?;
    let result = email.send(&message, None).await?;
    writeln!(
        out,
        "   sent an email with an attachment to Alice: operation {} {}",
        result.id(),
        result.status()
    )?;
    Ok(result.status().to_string())
}

/// Creates a user with a chat token in one request.
async fn create_chat_user(
    identity: &CommunicationIdentityClient,
) -> Result<CommunicationUserIdentifierAndToken, BoxError> {
    Ok(identity
        .create_user_and_token(
            &[CommunicationTokenScope::Chat],
            Some(
                CommunicationIdentityClientCreateUserAndTokenOptions::default()
                    .with_expires_in(Duration::from_secs(24 * 60 * 60)),
            ),
        )
        .await?
        .into_inner())
}

/// Sends a text message; returns its id.
async fn send(thread: &ChatThreadClient, content: &str, sender: &str) -> Result<String, BoxError> {
    let sent = thread
        .send_message(
            content,
            Some(ChatThreadClientSendMessageOptions::default().with_sender_display_name(sender)),
        )
        .await?;
    Ok(sent.into_inner().id)
}

/// One line per message: type, sender, content, and whether it was edited or deleted.
fn describe(message: &ChatMessage) -> String {
    let content = message.content.as_ref();
    let participants = content
        .map(|content| {
            content
                .participants
                .iter()
                .map(|participant| {
                    participant
                        .display_name
                        .clone()
                        .unwrap_or_else(|| participant.identifier.raw_id().to_owned())
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|names| !names.is_empty());
    let text = content
        .and_then(|content| content.message.clone().or_else(|| content.topic.clone()))
        .or(participants)
        .unwrap_or_default();
    let sender = message
        .sender_display_name
        .clone()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "system".to_owned());
    let mut line = format!("[{}] {sender}: {text}", message.message_type);
    if message.edited_on.is_some() {
        line.push_str(" (edited)");
    }
    if message.deleted_on.is_some() {
        line.push_str(" (deleted)");
    }
    line
}

/// A time for people: to the second, in UTC.
fn when(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn step(out: &mut dyn Write, title: &str) -> std::io::Result<()> {
    writeln!(out, "\n{title}")
}
