//! Every Chat operation through the generated client, and the service's rules.

#![allow(
    clippy::disallowed_methods,
    reason = "compares times with an emulator on the system clock"
)]

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use acs_auth::ManualClock;
use acs_chat_rest::API_VERSION;
use acs_chat_rest::types::{
    AddChatParticipantsRequest, ChatMessageType, ChatMessagesCollection,
    ChatParticipantsCollection, ChatRetentionPolicy, ChatThreadsItemCollection,
    CreateChatThreadRequest, RetentionPolicyKind, SendChatMessageRequest, SendReadReceiptRequest,
    SendTypingNotificationRequest, UpdateChatMessageRequest, UpdateChatThreadRequest,
};
use chrono::{TimeDelta, Utc};

use crate::common::{
    TestResult, chat, chat_identifier, failure, identity, participant, start, token_pipeline, user,
};

fn text(content: &str) -> SendChatMessageRequest {
    SendChatMessageRequest {
        content: content.to_owned(),
        sender_display_name: None,
        type_: None,
        metadata: HashMap::new(),
    }
}

/// Follows `nextLink`s from a first page, collecting every item.
async fn all_pages<C, T>(
    pipeline: &acs_core::Pipeline,
    first: C,
) -> Result<Vec<T>, Box<dyn std::error::Error + Send + Sync>>
where
    C: Page<T> + serde::de::DeserializeOwned,
{
    let (mut items, mut next) = first.split();
    while let Some(link) = next {
        assert!(link.starts_with("http://127.0.0.1:"), "{link}");
        let page: C = pipeline
            .get_json(reqwest::Url::parse(&link)?, "next_page")
            .await?;
        let (more, link) = page.split();
        items.extend(more);
        next = link;
    }
    Ok(items)
}

trait Page<T> {
    fn split(self) -> (Vec<T>, Option<String>);
}

impl Page<acs_chat_rest::types::ChatMessage> for ChatMessagesCollection {
    fn split(self) -> (Vec<acs_chat_rest::types::ChatMessage>, Option<String>) {
        (self.value, self.next_link)
    }
}

impl Page<acs_chat_rest::types::ChatParticipant> for ChatParticipantsCollection {
    fn split(self) -> (Vec<acs_chat_rest::types::ChatParticipant>, Option<String>) {
        (self.value, self.next_link)
    }
}

impl Page<acs_chat_rest::types::ChatThreadItem> for ChatThreadsItemCollection {
    fn split(self) -> (Vec<acs_chat_rest::types::ChatThreadItem>, Option<String>) {
        (self.value, self.next_link)
    }
}

#[tokio::test]
async fn thread_lifecycle() -> TestResult {
    let emulator = start().await;
    let ids = identity(&emulator);
    let (alice, alice_token) = user(&ids, &["chat"]).await;
    let (bob, bob_token) = user(&ids, &["chat"]).await;
    let (carol, _) = user(&ids, &["chat"]).await;
    let (_, dave_token) = user(&ids, &["chat"]).await;
    let unknown = format!(
        "8:acs:{}_00000000-0000-0000-0000-00000000dead",
        emulator.resource_id()
    );
    let a = chat(&emulator, &alice_token);
    let b = chat(&emulator, &bob_token);
    let d = chat(&emulator, &dave_token);

    // Create, with one participant that does not exist, and replay the request id.
    let request = CreateChatThreadRequest {
        topic: "Lunch".to_owned(),
        participants: vec![
            participant(&alice),
            participant(&bob),
            participant(&unknown),
        ],
        metadata: HashMap::from([("team".to_owned(), "blue".to_owned())]),
        retention_policy: Some(ChatRetentionPolicy {
            kind: RetentionPolicyKind::ThreadCreationDate,
            delete_thread_after_days: Some(30),
        }),
    };
    let created = a
        .chat_create_chat_thread()
        .api_version(API_VERSION)
        .repeatability_request_id("4b8f0c1e-5a51-4f71-9a3b-0d5c2b3c8e11")
        .body(request.clone())
        .send()
        .await?;
    assert_eq!(created.status().as_u16(), 201);
    let location = created
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let created = created.into_inner();
    let thread = created.chat_thread.ok_or("no thread")?;
    assert!(
        thread.id.starts_with("19:acsV1_") && thread.id.ends_with("@thread.v2"),
        "{}",
        thread.id
    );
    assert_eq!(
        location,
        format!(
            "{}/chat/threads/{}",
            emulator.endpoint(),
            thread.id.replace(':', "%3A")
        )
    );
    assert_eq!(created.invalid_participants.len(), 1);
    assert_eq!(
        created.invalid_participants[0].target.as_deref(),
        Some(unknown.as_str())
    );
    assert_eq!(
        thread.created_by_communication_identifier.raw_id.as_deref(),
        Some(alice.as_str())
    );
    assert_eq!(
        thread
            .retention_policy
            .as_ref()
            .and_then(|p| p.delete_thread_after_days),
        Some(30)
    );
    let replay = a
        .chat_create_chat_thread()
        .api_version(API_VERSION)
        .repeatability_request_id("4b8f0c1e-5a51-4f71-9a3b-0d5c2b3c8e11")
        .body(request.clone())
        .send()
        .await?;
    assert_eq!(replay.status().as_u16(), 201);
    let replay = replay.into_inner().chat_thread.ok_or("no thread")?;
    assert_eq!(
        (replay.id.as_str(), replay.created_on),
        (thread.id.as_str(), thread.created_on)
    );
    let tid = thread.id.clone();

    // Properties, then a topic and metadata update (merged).
    let props = b
        .chat_thread_get_chat_thread_properties()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(props.topic, "Lunch");
    assert_eq!(props.metadata.get("team").map(String::as_str), Some("blue"));
    let updated = a
        .chat_thread_update_chat_thread_properties()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(UpdateChatThreadRequest {
            topic: Some("Dinner".to_owned()),
            metadata: HashMap::from([("place".to_owned(), "home".to_owned())]),
            retention_policy: None,
        })
        .send()
        .await?;
    assert_eq!(updated.status().as_u16(), 204);
    let props = a
        .chat_thread_get_chat_thread_properties()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(props.topic, "Dinner");
    assert_eq!(props.metadata.len(), 2);

    // Messages: send, get, edit, delete.
    let sent = a
        .chat_thread_send_chat_message()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(SendChatMessageRequest {
            metadata: HashMap::from([("tag".to_owned(), "x".to_owned())]),
            sender_display_name: Some("Alice".to_owned()),
            ..text("hello")
        })
        .send()
        .await?;
    assert_eq!(sent.status().as_u16(), 201);
    let message_location = sent
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let first = sent.into_inner().id;
    assert!(
        message_location.ends_with(&format!("/messages/{first}")),
        "{message_location}"
    );
    let html = b
        .chat_thread_send_chat_message()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(SendChatMessageRequest {
            type_: Some(ChatMessageType::Html),
            ..text("<b>hi</b>")
        })
        .send()
        .await?
        .into_inner()
        .id;
    assert!(html.parse::<u64>()? > first.parse::<u64>()?);
    let got = b
        .chat_thread_get_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id(&first)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(got.type_, ChatMessageType::Text);
    assert_eq!(
        got.content.as_ref().and_then(|c| c.message.as_deref()),
        Some("hello")
    );
    assert_eq!(got.sender_display_name.as_deref(), Some("Alice"));
    assert_eq!(got.version, first);
    assert_eq!(got.metadata.get("tag").map(String::as_str), Some("x"));
    let result = b
        .chat_thread_update_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id(&first)
        .api_version(API_VERSION)
        .body(UpdateChatMessageRequest {
            content: Some("nope".to_owned()),
            metadata: HashMap::new(),
        })
        .send()
        .await;
    assert_eq!(failure(result), (403, "Forbidden".to_owned()));
    a.chat_thread_update_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id(&first)
        .api_version(API_VERSION)
        .body(UpdateChatMessageRequest {
            content: Some("hello!".to_owned()),
            metadata: HashMap::from([("tag".to_owned(), String::new())]),
        })
        .send()
        .await?;
    let edited = a
        .chat_thread_get_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id(&first)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert!(edited.edited_on.is_some());
    assert!(edited.version.parse::<u64>()? > first.parse::<u64>()?);
    assert!(edited.metadata.is_empty());
    let deleted = b
        .chat_thread_delete_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id(&html)
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 204);
    let gone = a
        .chat_thread_get_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id(&html)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert!(gone.deleted_on.is_some());
    assert_eq!(
        gone.content.as_ref().and_then(|c| c.message.as_deref()),
        Some("")
    );
    let result = a
        .chat_thread_get_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id("123")
        .api_version(API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result), (404, "NotFound".to_owned()));
    let result = a
        .chat_thread_get_chat_message()
        .chat_thread_id(&tid)
        .chat_message_id("abc")
        .api_version(API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result).0, 400);

    // Participants: add (one invalid), list in pages, remove.
    let added = a
        .chat_thread_add_chat_participants()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(AddChatParticipantsRequest {
            participants: vec![participant(&carol), participant(&unknown)],
        })
        .send()
        .await?;
    assert_eq!(added.status().as_u16(), 201);
    let added = added.into_inner();
    assert_eq!(added.invalid_participants.len(), 1);
    assert_eq!(
        added.invalid_participants[0].target.as_deref(),
        Some(unknown.as_str())
    );
    let pipeline = token_pipeline(&emulator, &alice_token, None);
    let first_page = a
        .chat_thread_list_chat_participants()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .max_page_size(1)
        .send()
        .await?
        .into_inner();
    assert!(
        first_page
            .next_link
            .as_deref()
            .is_some_and(|l| l.contains("skip=1"))
    );
    let everyone: Vec<_> = all_pages(&pipeline, first_page).await?;
    let raw: Vec<_> = everyone
        .iter()
        .filter_map(|p| p.communication_identifier.raw_id.clone())
        .collect();
    assert_eq!(raw, [alice.clone(), bob.clone(), carol.clone()]);
    assert_eq!(
        everyone[0].share_history_time.map(|t| t.timestamp()),
        Some(0)
    );
    let removed = a
        .chat_thread_remove_chat_participant()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(chat_identifier(&carol))
        .send()
        .await?;
    assert_eq!(removed.status().as_u16(), 204);

    // Typing and read receipts: 200, empty.
    let typing = b
        .chat_thread_send_typing_notification()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(SendTypingNotificationRequest {
            sender_display_name: Some("Bob".to_owned()),
        })
        .send()
        .await?;
    assert_eq!(typing.status().as_u16(), 200);
    let receipt = b
        .chat_thread_send_chat_read_receipt()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(SendReadReceiptRequest {
            chat_message_id: first.clone(),
        })
        .send()
        .await?;
    assert_eq!(receipt.status().as_u16(), 200);
    let receipts = a
        .chat_thread_list_chat_read_receipts()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(receipts.value.len(), 1);
    assert_eq!(receipts.value[0].chat_message_id, first);
    assert_eq!(
        receipts.value[0]
            .sender_communication_identifier
            .raw_id
            .as_deref(),
        Some(bob.as_str())
    );

    // The message list, newest first, in pages of 2, with the system messages.
    let page = a
        .chat_thread_list_chat_messages()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .max_page_size(2)
        .send()
        .await?
        .into_inner();
    assert!(page.next_link.is_some());
    let messages = all_pages(&pipeline, page).await?;
    let kinds: Vec<_> = messages.iter().map(|m| m.type_.to_string()).collect();
    assert_eq!(
        kinds,
        [
            "participantRemoved",
            "participantAdded",
            "html",
            "text",
            "topicUpdated",
            "topicUpdated",
            "participantAdded"
        ]
    );
    let sequence: Vec<u64> = messages
        .iter()
        .map(|m| m.sequence_id.parse().unwrap_or(0))
        .collect();
    assert_eq!(sequence, [7, 6, 5, 4, 3, 2, 1]);
    let unique: HashSet<_> = messages.iter().map(|m| m.id.clone()).collect();
    assert_eq!(unique.len(), messages.len());
    let topic = messages
        .iter()
        .find(|m| m.type_ == ChatMessageType::TopicUpdated)
        .and_then(|m| m.content.clone())
        .ok_or("topic")?;
    assert_eq!(topic.topic.as_deref(), Some("Dinner"));
    assert_eq!(
        topic
            .initiator_communication_identifier
            .and_then(|i| i.raw_id)
            .as_deref(),
        Some(alice.as_str())
    );

    // Only participants see the thread.
    let result = d
        .chat_thread_get_chat_thread_properties()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result), (403, "Forbidden".to_owned()));
    let result = d
        .chat_thread_send_chat_message()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(text("hi"))
        .send()
        .await;
    assert_eq!(failure(result).0, 403);
    let mine = d
        .chat_list_chat_threads()
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert!(mine.value.is_empty());
    let theirs = b
        .chat_list_chat_threads()
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(theirs.value.len(), 1);
    assert_eq!(theirs.value[0].topic, "Dinner");

    // Delete: gone for properties, marked in lists.
    let deleted = a
        .chat_delete_chat_thread()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 204);
    let result = a
        .chat_thread_get_chat_thread_properties()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result), (404, "NotFound".to_owned()));
    let listed = a
        .chat_list_chat_threads()
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert!(listed.value[0].deleted_on.is_some());
    let result = a
        .chat_thread_get_chat_thread_properties()
        .chat_thread_id("not-a-thread")
        .api_version(API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result).0, 400);
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn join_scopes_limit_what_tokens_can_do() -> TestResult {
    let emulator = start().await;
    let ids = identity(&emulator);
    let (owner, owner_token) = user(&ids, &["chat"]).await;
    let (joiner, join_token) = user(&ids, &["chat.join"]).await;
    let (limited, limited_token) = user(&ids, &["chat.join.limited"]).await;
    let (other, _) = user(&ids, &[]).await;
    let owner_chat = chat(&emulator, &owner_token);
    let join = chat(&emulator, &join_token);
    let lim = chat(&emulator, &limited_token);
    let request = CreateChatThreadRequest {
        topic: "T".to_owned(),
        participants: vec![
            participant(&owner),
            participant(&joiner),
            participant(&limited),
        ],
        metadata: HashMap::new(),
        retention_policy: None,
    };
    for client in [&join, &lim] {
        let result = client
            .chat_create_chat_thread()
            .api_version(API_VERSION)
            .body(request.clone())
            .send()
            .await;
        assert_eq!(failure(result), (403, "Forbidden".to_owned()));
    }
    let tid = owner_chat
        .chat_create_chat_thread()
        .api_version(API_VERSION)
        .body(request)
        .send()
        .await?
        .into_inner()
        .chat_thread
        .ok_or("thread")?
        .id;
    // Both can message; only chat.join can change participants; neither can delete or update.
    for client in [&join, &lim] {
        client
            .chat_thread_send_chat_message()
            .chat_thread_id(&tid)
            .api_version(API_VERSION)
            .body(text("hi"))
            .send()
            .await?;
        let result = client
            .chat_delete_chat_thread()
            .chat_thread_id(&tid)
            .api_version(API_VERSION)
            .send()
            .await;
        assert_eq!(failure(result).0, 403);
        let result = client
            .chat_thread_update_chat_thread_properties()
            .chat_thread_id(&tid)
            .api_version(API_VERSION)
            .body(UpdateChatThreadRequest {
                topic: Some("X".to_owned()),
                ..Default::default()
            })
            .send()
            .await;
        assert_eq!(failure(result).0, 403);
    }
    let add = AddChatParticipantsRequest {
        participants: vec![participant(&other)],
    };
    let result = lim
        .chat_thread_add_chat_participants()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(add.clone())
        .send()
        .await;
    assert_eq!(failure(result), (403, "Forbidden".to_owned()));
    let result = lim
        .chat_thread_remove_chat_participant()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(chat_identifier(&joiner))
        .send()
        .await;
    assert_eq!(failure(result).0, 403);
    join.chat_thread_add_chat_participants()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(add)
        .send()
        .await?;
    join.chat_thread_remove_chat_participant()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(chat_identifier(&other))
        .send()
        .await?;
    Ok(())
}

#[tokio::test]
async fn share_history_time_hides_older_messages() -> TestResult {
    let start_time = Utc::now();
    let clock = Arc::new(ManualClock::new(start_time));
    let emulator = acs_emulator::Emulator::builder()
        .clock(clock.clone())
        .start()
        .await?;
    let ids = crate::common::identity(&emulator);
    // The identity client signs with the system time; keep the emulator's clock within 15 min.
    let (owner, owner_token) = user(&ids, &["chat"]).await;
    let (late, late_token) = user(&ids, &["chat"]).await;
    let owner_chat = chat(&emulator, &owner_token);
    let tid = owner_chat
        .chat_create_chat_thread()
        .api_version(API_VERSION)
        .body(CreateChatThreadRequest {
            topic: "T".to_owned(),
            participants: vec![participant(&owner)],
            metadata: HashMap::new(),
            retention_policy: None,
        })
        .send()
        .await?
        .into_inner()
        .chat_thread
        .ok_or("thread")?
        .id;
    owner_chat
        .chat_thread_send_chat_message()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(text("old"))
        .send()
        .await?;
    clock.advance(TimeDelta::seconds(30));
    let mut joining = participant(&late);
    joining.share_history_time = Some(start_time + TimeDelta::seconds(10));
    owner_chat
        .chat_thread_add_chat_participants()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(AddChatParticipantsRequest {
            participants: vec![joining],
        })
        .send()
        .await?;
    owner_chat
        .chat_thread_send_chat_message()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .body(text("new"))
        .send()
        .await?;
    let seen = chat(&emulator, &late_token)
        .chat_thread_list_chat_messages()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner()
        .value;
    let texts: Vec<_> = seen.iter().map(|m| m.type_.to_string()).collect();
    assert_eq!(texts, ["text", "participantAdded"]);
    assert_eq!(
        seen[0].content.as_ref().and_then(|c| c.message.as_deref()),
        Some("new")
    );
    let everything = owner_chat
        .chat_thread_list_chat_messages()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner()
        .value;
    assert_eq!(everything.len(), 5);
    // startTime filters too.
    let recent = owner_chat
        .chat_thread_list_chat_messages()
        .chat_thread_id(&tid)
        .api_version(API_VERSION)
        .start_time(start_time + TimeDelta::seconds(5))
        .send()
        .await?
        .into_inner()
        .value;
    assert_eq!(recent.len(), 2);
    Ok(())
}

#[tokio::test]
async fn legacy_version_shapes() -> TestResult {
    let emulator = start().await;
    let ids = identity(&emulator);
    let (owner, token) = user(&ids, &["chat"]).await;
    let http = reqwest::Client::new();
    let created: serde_json::Value = http
        .post(format!("{}/chat/threads?api-version=2024-03-07", emulator.endpoint()))
        .bearer_auth(&token)
        .json(&serde_json::json!({"topic": "Old", "participants": [{"communicationIdentifier": {"rawId": owner, "communicationUser": {"id": owner}}}], "metadata": {"a": "b"}}))
        .send()
        .await?
        .json()
        .await?;
    let thread = &created["chatThread"];
    assert!(
        thread.get("metadata").is_none() && thread.get("retentionPolicy").is_none(),
        "{thread}"
    );
    let id = thread["id"].as_str().ok_or("id")?.to_owned();
    let sent = http
        .post(format!(
            "{}/chat/threads/{}/messages?api-version=2024-03-07",
            emulator.endpoint(),
            id.replace(':', "%3A").replace('@', "%40")
        ))
        .bearer_auth(&token)
        .json(&serde_json::json!({"content": "hi", "type": null}))
        .send()
        .await?;
    assert_eq!(sent.status().as_u16(), 201);
    // A raw (unencoded) thread id in the path is accepted too, as the service does.
    let list: serde_json::Value = http
        .get(format!(
            "{}/chat/threads/{id}/messages?api-version=2024-03-07",
            emulator.endpoint()
        ))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    let message = &list["value"][0];
    assert_eq!(message["content"]["attachments"], serde_json::json!([]));
    assert_eq!(message["senderDisplayName"], "");
    assert_eq!(
        message["senderCommunicationIdentifier"],
        serde_json::json!({"rawId": owner, "communicationUser": {"id": owner}})
    );
    let created_on = message["createdOn"].as_str().ok_or("createdOn")?;
    assert!(
        created_on.ends_with('Z') && !created_on.contains('.'),
        "{created_on}"
    );
    let added = http
        .post(format!(
            "{}/chat/threads/{id}/participants/:add?api-version=2024-03-07",
            emulator.endpoint()
        ))
        .bearer_auth(&token)
        .json(&serde_json::json!({"participants": []}))
        .send()
        .await?;
    assert_eq!(added.status().as_u16(), 201);
    assert_eq!(added.text().await?, "{}");
    let typing = http
        .post(format!(
            "{}/chat/threads/{id}/typing?api-version=2024-03-07",
            emulator.endpoint()
        ))
        .bearer_auth(&token)
        .send()
        .await?;
    assert_eq!(typing.status().as_u16(), 200);
    assert_eq!(
        typing
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok()),
        Some("0")
    );
    Ok(())
}

#[tokio::test]
async fn thread_lists_page_and_replays_are_safe_under_concurrency() -> TestResult {
    let emulator = start().await;
    let ids = identity(&emulator);
    let (owner, token) = user(&ids, &["chat"]).await;
    let client = chat(&emulator, &token);
    let request = CreateChatThreadRequest {
        topic: "Same".to_owned(),
        participants: vec![participant(&owner)],
        metadata: HashMap::new(),
        retention_policy: None,
    };
    // Ten concurrent creates with one repeatability-request-id make one thread.
    let creates = (0..10).map(|_| {
        client
            .chat_create_chat_thread()
            .api_version(API_VERSION)
            .repeatability_request_id("7e57c0de-0000-4000-8000-000000000000")
            .body(request.clone())
            .send()
    });
    let created: HashSet<String> = futures::future::try_join_all(creates)
        .await?
        .into_iter()
        .filter_map(|r| r.into_inner().chat_thread.map(|t| t.id))
        .collect();
    assert_eq!(created.len(), 1);
    for _ in 0..2 {
        client
            .chat_create_chat_thread()
            .api_version(API_VERSION)
            .body(request.clone())
            .send()
            .await?;
    }
    let first = client
        .chat_list_chat_threads()
        .api_version(API_VERSION)
        .max_page_size(2)
        .send()
        .await?
        .into_inner();
    assert_eq!(first.value.len(), 2);
    let link = first.next_link.clone().ok_or("a next page")?;
    assert!(
        link.contains("maxPageSize=2") && link.contains("api-version="),
        "{link}"
    );
    let pipeline = token_pipeline(&emulator, &token, None);
    let all = all_pages(&pipeline, first).await?;
    assert_eq!(all.len(), 3);
    assert_eq!(
        all.iter()
            .map(|t| t.id.clone())
            .collect::<HashSet<_>>()
            .len(),
        3
    );
    let last_page: ChatThreadsItemCollection = pipeline
        .get_json(reqwest::Url::parse(&link)?, "next")
        .await?;
    assert!(
        last_page.next_link.is_none(),
        "the last page has no nextLink"
    );
    Ok(())
}
