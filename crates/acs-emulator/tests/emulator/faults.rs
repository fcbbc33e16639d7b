//! Injected faults: deterministic, answered before any processing, survived by retries
//! without duplicates.

use std::collections::HashMap;
use std::time::Duration;

use acs_chat_rest::API_VERSION;
use acs_chat_rest::types::{ChatMessageType, CreateChatThreadRequest, SendChatMessageRequest};
use acs_core::RetryOptions;
use acs_emulator::{Emulator, FaultKind, FaultOptions};

use crate::common::{TestResult, chat_with, identity_with, participant, user};

fn patient() -> Option<RetryOptions> {
    Some({
        let mut options = RetryOptions::default();
        options.max_retries = 12;
        options.initial_delay = Duration::from_millis(1);
        options.max_delay = Duration::from_millis(20);
        options
    })
}

fn thread_request(owner: &str) -> CreateChatThreadRequest {
    CreateChatThreadRequest {
        topic: "Faults".to_owned(),
        participants: vec![participant(owner)],
        metadata: HashMap::new(),
        retention_policy: None,
    }
}

#[tokio::test]
async fn retries_survive_503_and_429_without_duplicates() -> TestResult {
    let faults = FaultOptions::new(0.3)
        .with_seed(11)
        .with_kinds([FaultKind::ServiceUnavailable, FaultKind::TooManyRequests])
        .with_retry_after(Duration::ZERO);
    let emulator = Emulator::builder().faults(faults).start().await?;
    let ids = identity_with(&emulator, patient());
    let (owner, token) = user(&ids, &["chat"]).await;
    let client = chat_with(&emulator, &token, patient());
    let thread = client
        .chat_create_chat_thread()
        .api_version(API_VERSION)
        .repeatability_request_id("5d3c1a0e-0000-4000-8000-000000000001")
        .body(thread_request(&owner))
        .send()
        .await?
        .into_inner()
        .chat_thread
        .ok_or("thread")?
        .id;
    for n in 0..20 {
        client
            .chat_thread_send_chat_message()
            .chat_thread_id(&thread)
            .api_version(API_VERSION)
            .body(SendChatMessageRequest {
                content: n.to_string(),
                sender_display_name: None,
                type_: None,
                metadata: HashMap::new(),
            })
            .send()
            .await?;
    }
    let threads = client
        .chat_list_chat_threads()
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(threads.value.len(), 1);
    let messages = client
        .chat_thread_list_chat_messages()
        .chat_thread_id(&thread)
        .api_version(API_VERSION)
        .max_page_size(100)
        .send()
        .await?
        .into_inner()
        .value;
    let texts: Vec<String> = messages
        .iter()
        .rev()
        .filter(|m| m.type_ == ChatMessageType::Text)
        .filter_map(|m| m.content.as_ref().and_then(|c| c.message.clone()))
        .collect();
    assert_eq!(texts, (0..20).map(|n| n.to_string()).collect::<Vec<_>>());
    Ok(())
}

#[tokio::test]
async fn dropped_connections_on_idempotent_calls_are_retried() -> TestResult {
    let faults = FaultOptions::new(0.4)
        .with_seed(3)
        .with_kinds([FaultKind::DropConnection])
        .with_routes([
            "Chat_CreateChatThread",
            "ChatThread_GetChatThreadProperties",
        ]);
    let emulator = Emulator::builder().faults(faults).start().await?;
    let (owner, token) = user(&identity_with(&emulator, None), &["chat"]).await;
    let client = chat_with(&emulator, &token, patient());
    let mut created = Vec::new();
    for n in 0..5 {
        let id = client
            .chat_create_chat_thread()
            .api_version(API_VERSION)
            .repeatability_request_id(format!("5d3c1a0e-0000-4000-8000-00000000000{n}"))
            .body(thread_request(&owner))
            .send()
            .await?
            .into_inner()
            .chat_thread
            .ok_or("thread")?
            .id;
        client
            .chat_thread_get_chat_thread_properties()
            .chat_thread_id(&id)
            .api_version(API_VERSION)
            .send()
            .await?;
        created.push(id);
    }
    let threads = client
        .chat_list_chat_threads()
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(
        threads.value.len(),
        5,
        "one thread per repeatability-request-id"
    );
    Ok(())
}

/// The statuses of 30 sequential unauthenticated requests.
async fn plan(seed: u64) -> Vec<u16> {
    let faults = FaultOptions::new(0.5).with_seed(seed).with_kinds([
        FaultKind::ServiceUnavailable,
        FaultKind::TooManyRequests,
        FaultKind::DropConnection,
    ]);
    let emulator = Emulator::builder()
        .faults(faults)
        .start()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..30 {
        let status = match http
            .get(format!(
                "{}/chat/threads?api-version={API_VERSION}",
                emulator.endpoint()
            ))
            .send()
            .await
        {
            Ok(response) => {
                if matches!(response.status().as_u16(), 503 | 429) {
                    assert_eq!(
                        response
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok()),
                        Some("1")
                    );
                    let body: serde_json::Value = response.json().await.unwrap_or_default();
                    let code = body["error"]["code"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    assert!(
                        code == "ServiceUnavailable" || code == "TooManyRequests",
                        "{code}"
                    );
                    0
                } else {
                    response.status().as_u16()
                }
            }
            Err(_) => 1,
        };
        statuses.push(status);
    }
    statuses
}

#[tokio::test]
async fn faults_are_deterministic_by_seed() {
    let first = plan(99).await;
    assert_eq!(first, plan(99).await);
    assert_ne!(first, plan(100).await);
    assert!(
        first.contains(&0) && first.contains(&1) && first.contains(&401),
        "{first:?}"
    );
}
