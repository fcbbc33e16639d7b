//! A bounded loopback load test: 10 000 messages from 50 concurrent senders on one thread.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use acs_chat_rest::API_VERSION;
use acs_chat_rest::types::{
    ChatMessageType, ChatMessagesCollection, CreateChatThreadRequest, SendChatMessageRequest,
};

use crate::common::{TestResult, chat, identity, participant, start, token_pipeline, user};

const SENDERS: usize = 50;
const MESSAGES_PER_SENDER: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_messages_from_fifty_senders() -> TestResult {
    let emulator = start().await;
    let ids = identity(&emulator);
    let mut users = Vec::new();
    for _ in 0..SENDERS {
        users.push(user(&ids, &["chat"]).await);
    }
    let owner = chat(&emulator, &users[0].1);
    let thread = owner
        .chat_create_chat_thread()
        .api_version(API_VERSION)
        .body(CreateChatThreadRequest {
            topic: "Load".to_owned(),
            participants: users.iter().map(|(id, _)| participant(id)).collect(),
            metadata: HashMap::new(),
            retention_policy: None,
        })
        .send()
        .await?
        .into_inner()
        .chat_thread
        .ok_or("thread")?
        .id;

    let started = Instant::now();
    let mut tasks = Vec::new();
    for (sender, (_, token)) in users.iter().enumerate() {
        let client = chat(&emulator, token);
        let thread = thread.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::with_capacity(MESSAGES_PER_SENDER);
            for n in 0..MESSAGES_PER_SENDER {
                let id = client
                    .chat_thread_send_chat_message()
                    .chat_thread_id(&thread)
                    .api_version(API_VERSION)
                    .body(SendChatMessageRequest {
                        content: format!("{sender}:{n}"),
                        sender_display_name: None,
                        type_: None,
                        metadata: HashMap::new(),
                    })
                    .send()
                    .await
                    .map_err(|e| e.to_string())?
                    .into_inner()
                    .id
                    .parse::<u64>()
                    .map_err(|e| e.to_string())?;
                ids.push(id);
            }
            Ok::<_, String>(ids)
        }));
    }
    let mut returned = Vec::new();
    for task in tasks {
        let ids = task.await??;
        // Each sender's own messages get increasing ids.
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        returned.extend(ids);
    }
    let elapsed = started.elapsed();
    let total = SENDERS * MESSAGES_PER_SENDER;
    let unique: HashSet<u64> = returned.iter().copied().collect();
    assert_eq!(unique.len(), total, "message ids are unique");

    // Read everything back, newest first, in pages of 200.
    let pipeline = token_pipeline(&emulator, &users[1].1, None);
    let mut page = owner
        .chat_thread_list_chat_messages()
        .chat_thread_id(&thread)
        .api_version(API_VERSION)
        .max_page_size(200)
        .send()
        .await?
        .into_inner();
    let mut listed = Vec::new();
    loop {
        listed.extend(
            page.value
                .into_iter()
                .filter(|m| m.type_ == ChatMessageType::Text),
        );
        let Some(link) = page.next_link else { break };
        page = pipeline
            .get_json::<ChatMessagesCollection>(reqwest::Url::parse(&link)?, "next")
            .await?;
    }
    assert_eq!(listed.len(), total, "no message lost");
    let listed_ids: Vec<u64> = listed.iter().map(|m| m.id.parse().unwrap_or(0)).collect();
    assert!(
        listed_ids.windows(2).all(|w| w[0] > w[1]),
        "ids strictly decrease newest first"
    );
    let sequences: Vec<u64> = listed
        .iter()
        .map(|m| m.sequence_id.parse().unwrap_or(0))
        .collect();
    assert!(
        sequences.windows(2).all(|w| w[0] > w[1]),
        "sequence ids are ordered"
    );
    assert_eq!(listed_ids.iter().copied().collect::<HashSet<_>>(), unique);
    // Per sender, the list order is the send order.
    let mut next_expected = vec![MESSAGES_PER_SENDER; SENDERS];
    for message in &listed {
        let content = message
            .content
            .as_ref()
            .and_then(|c| c.message.clone())
            .unwrap_or_default();
        let (sender, n) = content.split_once(':').ok_or("content")?;
        let (sender, n): (usize, usize) = (sender.parse()?, n.parse()?);
        assert_eq!(n + 1, next_expected[sender]);
        next_expected[sender] = n;
    }
    let rate = total as f64 / elapsed.as_secs_f64();
    let mut out = std::io::stdout().lock();
    use std::io::Write as _;
    writeln!(
        out,
        "load: {total} messages from {SENDERS} senders in {:.2} s ({rate:.0} messages/s)",
        elapsed.as_secs_f64()
    )?;
    Ok(())
}
