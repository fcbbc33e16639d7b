//! The idiomatic SDK (acs-identity + acs-chat) against the embedded emulator while the emulator
//! injects 503 and 429 answers (with `Retry-After`) into a third of all requests: every call
//! still succeeds through the shared retry pipeline, and nothing is created twice — one
//! identity per create, one thread per create (the repeatability id is reused across retries),
//! one message per send.

use std::collections::HashSet;
use std::time::Duration;

use acs_chat::models::{ChatMessage, ChatParticipant};
use acs_chat::options::{ChatClientCreateChatThreadOptions, ChatClientOptions};
use acs_chat::{ChatClient, CommunicationTokenCredential, RetryOptions};
use acs_emulator::{Emulator, FaultKind, FaultOptions};
use acs_identity::models::CommunicationTokenScope;
use acs_identity::{CommunicationIdentityClient, CommunicationIdentityClientOptions};
use futures::TryStreamExt as _;

const MESSAGES: usize = 20;

fn retry() -> RetryOptions {
    {
        let mut options = RetryOptions::default();
        options.max_retries = 10;
        options.initial_delay = Duration::from_millis(1);
        options.max_delay = Duration::from_millis(5);
        options
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_survive_injected_faults_without_duplicates() {
    let faults = FaultOptions::new(0.33)
        .with_seed(2026)
        .with_kinds([FaultKind::ServiceUnavailable, FaultKind::TooManyRequests])
        .with_retry_after(Duration::ZERO);
    let emulator = Emulator::builder()
        .faults(faults)
        .start()
        .await
        .expect("the emulator starts");

    let identity = CommunicationIdentityClient::from_connection_string(
        &emulator.connection_string(),
        Some({
            let mut options = CommunicationIdentityClientOptions::default();
            options.retry = retry();
            options
        }),
    )
    .expect("a client");
    let mut users = Vec::new();
    for _ in 0..3 {
        users.push(
            identity
                .create_user_and_token(&[CommunicationTokenScope::Chat], None)
                .await
                .expect("create_user_and_token survives the faults"),
        );
    }
    let ids: HashSet<&str> = users.iter().map(|user| user.user.id()).collect();
    assert_eq!(ids.len(), 3, "three creates, three identities");

    let chat = ChatClient::new(
        emulator.endpoint(),
        CommunicationTokenCredential::from_token(users[0].access_token.token.clone())
            .expect("a JWT"),
        Some({
            let mut options = ChatClientOptions::default();
            options.retry = retry();
            options
        }),
    )
    .expect("a chat client");
    let created = chat
        .create_chat_thread(
            "faults",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants = users
                    .iter()
                    .map(|user| ChatParticipant::new(user.user.clone()))
                    .collect();
                options
            }),
        )
        .await
        .expect("create_chat_thread survives the faults");
    assert!(created.invalid_participants.is_empty());
    let thread = chat
        .chat_thread_client(created.thread.id.clone())
        .expect("a thread client");
    for n in 0..MESSAGES {
        thread
            .send_message(&format!("message {n}"), None)
            .await
            .expect("send_message survives the faults");
    }

    let threads: Vec<_> = chat
        .list_chat_threads(None)
        .try_collect()
        .await
        .expect("the thread list survives the faults");
    assert_eq!(threads.len(), 1, "a retried create made exactly one thread");
    assert_eq!(threads[0].id, created.thread.id);

    let messages: Vec<ChatMessage> = thread
        .list_messages(None)
        .try_collect()
        .await
        .expect("the message list survives the faults");
    let texts: Vec<String> = messages
        .iter()
        .filter(|message| message.message_type.as_str() == "text")
        .filter_map(|message| message.content.as_ref()?.message.clone())
        .collect();
    assert_eq!(texts.len(), MESSAGES, "every message once: {texts:?}");
    let distinct: HashSet<&String> = texts.iter().collect();
    assert_eq!(distinct.len(), MESSAGES, "no message was sent twice");
    let ids: HashSet<&str> = messages.iter().map(|message| message.id.as_str()).collect();
    assert_eq!(ids.len(), messages.len(), "message ids are unique");

    // Control: without retries the same emulator does fail calls, so the faults were real.
    let fragile = ChatClient::new(
        emulator.endpoint(),
        CommunicationTokenCredential::from_token(users[0].access_token.token.clone())
            .expect("a JWT"),
        Some({
            let mut options = ChatClientOptions::default();
            options.retry = {
                let mut options = retry();
                options.max_retries = 0;
                options
            };
            options
        }),
    )
    .expect("a chat client")
    .chat_thread_client(created.thread.id.clone())
    .expect("a thread client");
    let mut injected = 0;
    for _ in 0..MESSAGES {
        if let Err(error) = fragile.get_properties(None).await {
            assert!(
                matches!(error.status(), Some(429 | 503)),
                "only injected faults fail: {error}"
            );
            injected += 1;
        }
    }
    assert!(injected > 0, "the emulator injected faults");

    emulator.shutdown().await.expect("a clean shutdown");
}
