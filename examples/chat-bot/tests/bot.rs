//! The bot on the embedded emulator: the emulator delivers the chat events to the bot's
//! webhook, the bot answers each message sent to its thread (and never its own).

use std::time::Duration;

use acs_chat::models::ChatParticipant;
use acs_chat::options::ChatClientCreateChatThreadOptions;
use acs_chat::{ChatClient, CommunicationTokenCredential};
use acs_chat_bot_example::{BOT_NAME, Bot, EVENTS_PATH, HELP, messages_for};
use acs_emulator::{Emulator, EventSchema, EventWebhook};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::{CommunicationTokenScope, CommunicationUserIdentifier};
use futures::TryStreamExt as _;

const PATIENCE: Duration = Duration::from_secs(30);

async fn user(identity: &CommunicationIdentityClient, endpoint: &str) -> (String, ChatClient) {
    let created = identity
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await
        .expect("a user");
    let credential = CommunicationTokenCredential::from_token(created.access_token.token.clone())
        .expect("a JWT");
    (
        created.user.id().to_owned(),
        ChatClient::new(endpoint, credential, None).expect("a chat client"),
    )
}

async fn answers_on_the_emulator(schema: EventSchema) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!(
        "http://{}{EVENTS_PATH}?code=bot-secret",
        listener.local_addr().expect("an address")
    );
    let emulator = Emulator::builder()
        .events_webhook(EventWebhook::new(&url, schema).expect("a URL"))
        .start()
        .await
        .expect("the emulator starts");
    let identity =
        CommunicationIdentityClient::from_connection_string(&emulator.connection_string(), None)
            .expect("an identity client");
    let (bot_id, bot_chat) = user(&identity, emulator.endpoint()).await;
    let bot = Bot::new(bot_id.clone(), bot_chat);
    let router = bot.router(acs_events::Webhook::new().with_query_secret("code", "bot-secret"));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let (alice_id, alice) = user(&identity, emulator.endpoint()).await;
    let mut options = ChatClientCreateChatThreadOptions::default();
    options.participants = vec![
        ChatParticipant::new(CommunicationUserIdentifier::new(&alice_id)),
        ChatParticipant::new(CommunicationUserIdentifier::new(&bot_id)).with_display_name(BOT_NAME),
    ];
    let created = alice
        .create_chat_thread("bot test", Some(options))
        .await
        .expect("a thread");
    let thread = alice
        .chat_thread_client(created.thread.id.clone())
        .expect("a thread client");

    let mut answers = bot.answers();
    for text in ["help", "ping"] {
        let sent = thread.send_message(text, None).await.expect("sent");
        let answer = tokio::time::timeout(PATIENCE, answers.recv())
            .await
            .expect("the bot answers")
            .expect("the bot runs");
        assert_eq!(answer.thread_id, created.thread.id);
        assert_eq!(answer.in_reply_to, sent.id);
        let expected = if text == "help" {
            HELP.to_owned()
        } else {
            format!("echo: {text}")
        };
        assert_eq!(answer.text, expected);
        let message = thread
            .get_message(&answer.message_id, None)
            .await
            .expect("the answer is in the thread");
        let sender = message.sender.as_ref().map(|s| s.raw_id().to_owned());
        assert_eq!(sender.as_deref(), Some(bot_id.as_str()));
        assert_eq!(message.sender_display_name.as_deref(), Some(BOT_NAME));
        assert_eq!(
            message.content.as_ref().and_then(|c| c.message.as_deref()),
            Some(expected.as_str())
        );
    }

    // Once every delivery is settled, the bot has answered each message once and never itself.
    let deliveries = format!("{}/emulator/api/event-deliveries", emulator.endpoint());
    let settled = tokio::time::timeout(PATIENCE, async {
        loop {
            let body: serde_json::Value = reqwest::get(&deliveries)
                .await
                .expect("the API answers")
                .json()
                .await
                .expect("JSON");
            let value = body["value"].as_array().cloned().unwrap_or_default();
            if value.iter().all(|d| d["status"] == "delivered") {
                break value;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("every delivery settles");
    assert!(!settled.is_empty());
    let messages: Vec<_> = thread
        .list_messages(None)
        .try_collect()
        .await
        .expect("the messages");
    let from_bot = messages
        .iter()
        .filter(|m| m.sender.as_ref().is_some_and(|s| s.raw_id() == bot_id))
        .filter(|m| m.message_type.as_str() == "text")
        .count();
    assert_eq!(from_bot, 2, "one answer per message");
    assert!(answers.try_recv().is_err(), "no other answer");

    // Without the secret, the webhook refuses a delivery.
    let refused = reqwest::Client::new()
        .post(url.replace("?code=bot-secret", ""))
        .body("[]")
        .send()
        .await
        .expect("the bot answers");
    assert_eq!(refused.status(), 401);
    emulator.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_every_message_delivered_in_the_event_grid_schema() {
    answers_on_the_emulator(EventSchema::EventGrid).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_every_message_delivered_as_cloud_events() {
    answers_on_the_emulator(EventSchema::CloudEvents).await;
}

#[test]
fn only_messages_to_the_bot_from_others_are_answered() {
    let message = |sender: &str, recipient: &str| {
        serde_json::json!({
            "id": format!("{sender}-{recipient}"), "source": "/x", "specversion": "1.0",
            "type": "Microsoft.Communication.ChatMessageReceived",
            "data": {
                "messageId": "1", "messageBody": "hi", "type": "Text", "threadId": "19:a@thread.v2",
                "senderCommunicationIdentifier": {"rawId": sender},
                "recipientCommunicationIdentifier": {"rawId": recipient}
            }
        })
    };
    let batch = serde_json::json!([
        message("8:acs:alice", "8:acs:carol"),
        message("8:acs:bot", "8:acs:bot"),
        message("8:acs:alice", "8:acs:bot"),
    ])
    .to_string();
    let delivery = acs_events::parse_delivery(batch.as_bytes()).expect("a delivery");
    let messages = messages_for("8:acs:bot", &delivery);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].sender, "8:acs:alice");
    assert_eq!(messages[0].thread_id, "19:a@thread.v2");
    assert_eq!(messages[0].text, "hi");
}
