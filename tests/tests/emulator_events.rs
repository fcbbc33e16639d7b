//! The emulator delivers the chat and email events to a webhook: for a scripted sequence of
//! chat operations the webhook receives exactly the expected events, in order, once each —
//! through injected webhook failures (retried with backoff on the emulator's clock), while a
//! slow webhook never slows the API; in both schemas, after the handshake of each.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use acs_auth::{Clock, ManualClock, SystemClock};
use acs_chat::models::{ChatMessageUpdate, ChatParticipant};
use acs_chat::options::ChatClientCreateChatThreadOptions;
use acs_chat::{ChatClient, ChatThreadClient, CommunicationTokenCredential};
use acs_emulator::{
    Emulator, EmulatorBuilder, EventDeliveryOptions, EventSchema, EventWebhook, RunningEmulator,
};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::CommunicationTokenScope;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::{Semaphore, mpsc, oneshot};

/// How long a test waits for something that should happen at once (a safety net, not a timer
/// the test races).
const PATIENCE: Duration = Duration::from_secs(30);

/// What the test webhook does, shared with its handler.
struct Control {
    /// Notifications still to refuse with this status.
    fail_next: AtomicUsize,
    fail_status: StatusCode,
    /// When set, each notification waits for a permit before it is accepted.
    gate: Option<Arc<Semaphore>>,
    attempts: mpsc::UnboundedSender<Value>,
    events: mpsc::UnboundedSender<Value>,
    handshakes: AtomicUsize,
    /// When set, the Event Grid handshake is answered without a `validationResponse` and its
    /// `validationUrl` sent here (manual validation), with a sender the answer waits for (so
    /// that the test validates before the emulator sees the handshake fail).
    manual: Option<mpsc::UnboundedSender<(String, oneshot::Sender<()>)>>,
}

/// A webhook on 127.0.0.1 that answers both handshakes and records every delivery.
struct Hook {
    url: String,
    control: Arc<Control>,
    /// The body of every notification attempt (accepted or not).
    attempts: mpsc::UnboundedReceiver<Value>,
    /// Every event accepted, in order (batches flattened).
    events: mpsc::UnboundedReceiver<Value>,
}

impl Hook {
    async fn start(
        fail_next: usize,
        fail_status: StatusCode,
        gate: Option<Arc<Semaphore>>,
    ) -> Self {
        Self::start_with(fail_next, fail_status, gate, None).await
    }

    async fn start_with(
        fail_next: usize,
        fail_status: StatusCode,
        gate: Option<Arc<Semaphore>>,
        manual: Option<mpsc::UnboundedSender<(String, oneshot::Sender<()>)>>,
    ) -> Self {
        let (attempts_tx, attempts) = mpsc::unbounded_channel();
        let (events_tx, events) = mpsc::unbounded_channel();
        let control = Arc::new(Control {
            fail_next: AtomicUsize::new(fail_next),
            fail_status,
            gate,
            attempts: attempts_tx,
            events: events_tx,
            handshakes: AtomicUsize::new(0),
            manual,
        });
        let app = axum::Router::new()
            .route("/hook", axum::routing::any(hook))
            .with_state(control.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!(
            "http://{}/hook?code=webhook-secret",
            listener.local_addr().expect("an address")
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            control,
            attempts,
            events,
        }
    }

    fn webhook(&self, schema: EventSchema) -> EventWebhook {
        EventWebhook::new(&self.url, schema).expect("a webhook URL")
    }

    async fn next_event(&mut self) -> Value {
        tokio::time::timeout(PATIENCE, self.events.recv())
            .await
            .expect("an event arrives")
            .expect("the webhook runs")
    }

    async fn next_attempt(&mut self) -> Value {
        tokio::time::timeout(PATIENCE, self.attempts.recv())
            .await
            .expect("a delivery attempt arrives")
            .expect("the webhook runs")
    }

    async fn events(&mut self, count: usize) -> Vec<Value> {
        let mut events = Vec::with_capacity(count);
        for _ in 0..count {
            events.push(self.next_event().await);
        }
        events
    }
}

async fn hook(
    State(control): State<Arc<Control>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    if method == Method::OPTIONS {
        control.handshakes.fetch_add(1, Ordering::SeqCst);
        let origin = header("webhook-request-origin");
        return (StatusCode::OK, [("WebHook-Allowed-Origin", origin)]).into_response();
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if header("aeg-event-type") == "SubscriptionValidation" {
        control.handshakes.fetch_add(1, Ordering::SeqCst);
        assert_eq!(
            body[0]["eventType"],
            "Microsoft.EventGrid.SubscriptionValidationEvent"
        );
        if let Some(manual) = &control.manual {
            let url = body[0]["data"]["validationUrl"]
                .as_str()
                .unwrap_or_default();
            let (answer, validated) = oneshot::channel();
            let _ = manual.send((url.to_owned(), answer));
            let _ = validated.await;
            return StatusCode::OK.into_response();
        }
        let code = body[0]["data"]["validationCode"].clone();
        return axum::Json(json!({ "validationResponse": code })).into_response();
    }
    assert_eq!(header("aeg-event-type"), "Notification");
    let _ = control.attempts.send(body.clone());
    if control
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return control.fail_status.into_response();
    }
    if let Some(gate) = &control.gate {
        gate.acquire().await.expect("the gate stays open").forget();
    }
    let events = match body {
        Value::Array(events) => events,
        one => vec![one],
    };
    for event in events {
        let _ = control.events.send(event);
    }
    StatusCode::OK.into_response()
}

struct User {
    raw_id: String,
    chat: ChatClient,
}

async fn make_users(emulator: &RunningEmulator, count: usize) -> Vec<User> {
    let identity =
        CommunicationIdentityClient::from_connection_string(&emulator.connection_string(), None)
            .expect("an identity client");
    let mut users = Vec::new();
    for _ in 0..count {
        let created = identity
            .create_user_and_token(&[CommunicationTokenScope::Chat], None)
            .await
            .expect("a user");
        let credential =
            CommunicationTokenCredential::from_token(created.access_token.token.clone())
                .expect("a JWT");
        users.push(User {
            raw_id: created.user.id().to_owned(),
            chat: ChatClient::new(emulator.endpoint(), credential, None).expect("a chat client"),
        });
    }
    users
}

async fn create_thread(owner: &User, members: &[&User], topic: &str) -> String {
    let mut options = ChatClientCreateChatThreadOptions::default();
    options.participants = members
        .iter()
        .map(|user| {
            ChatParticipant::new(acs_auth::CommunicationIdentifier::from_raw_id(&user.raw_id))
                .with_display_name(format!("user {}", &user.raw_id[user.raw_id.len() - 4..]))
        })
        .collect();
    owner
        .chat
        .create_chat_thread(topic, Some(options))
        .await
        .expect("a thread")
        .thread
        .id
        .clone()
}

fn thread(user: &User, id: &str) -> ChatThreadClient {
    user.chat
        .chat_thread_client(id.to_owned())
        .expect("a thread client")
}

fn fast_retries() -> EventDeliveryOptions {
    EventDeliveryOptions::default()
        .with_first_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// What the test expects of one event: its type, and the recipient for per-user events.
fn short(event: &Value, schema: EventSchema) -> (String, Option<String>) {
    let key = match schema {
        EventSchema::EventGrid => "eventType",
        _ => "type",
    };
    let kind = event[key]
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("Microsoft.Communication.")
        .to_owned();
    let recipient = event["data"]["recipientCommunicationIdentifier"]["rawId"]
        .as_str()
        .map(str::to_owned);
    (kind, recipient)
}

/// The event's `data` decodes into the generated wire type of its event type.
fn assert_data_decodes(event: &Value, kind: &str) {
    use acs_events_model::types as wire;
    fn check<T: serde::de::DeserializeOwned>(data: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(data.clone())
            .map(drop)
            .map_err(|e| e.to_string())
    }
    let data = &event["data"];
    let result = match kind {
        "ChatThreadCreated" => check::<wire::AcsChatThreadCreatedEventData>(data),
        "ChatThreadCreatedWithUser" => check::<wire::AcsChatThreadCreatedWithUserEventData>(data),
        "ChatMessageReceivedInThread" => {
            check::<wire::AcsChatMessageReceivedInThreadEventData>(data)
        }
        "ChatMessageReceived" => check::<wire::AcsChatMessageReceivedEventData>(data),
        "ChatMessageEditedInThread" => check::<wire::AcsChatMessageEditedInThreadEventData>(data),
        "ChatMessageEdited" => check::<wire::AcsChatMessageEditedEventData>(data),
        "ChatMessageDeletedInThread" => check::<wire::AcsChatMessageDeletedInThreadEventData>(data),
        "ChatMessageDeleted" => check::<wire::AcsChatMessageDeletedEventData>(data),
        "ChatThreadParticipantAdded" => {
            check::<wire::AcsChatParticipantAddedToThreadEventData>(data)
        }
        "ChatParticipantAddedToThreadWithUser" => {
            check::<wire::AcsChatParticipantAddedToThreadWithUserEventData>(data)
        }
        "ChatThreadParticipantRemoved" => {
            check::<wire::AcsChatParticipantRemovedFromThreadEventData>(data)
        }
        "ChatParticipantRemovedFromThreadWithUser" => {
            check::<wire::AcsChatParticipantRemovedFromThreadWithUserEventData>(data)
        }
        "ChatThreadPropertiesUpdated" => {
            check::<wire::AcsChatThreadPropertiesUpdatedEventData>(data)
        }
        "ChatThreadPropertiesUpdatedPerUser" => {
            check::<wire::AcsChatThreadPropertiesUpdatedPerUserEventData>(data)
        }
        "ChatTypingIndicatorReceivedInThread" => {
            check::<wire::AcsChatTypingIndicatorReceivedInThreadEventData>(data)
        }
        "ChatThreadDeleted" => check::<wire::AcsChatThreadDeletedEventData>(data),
        "ChatThreadWithUserDeleted" => check::<wire::AcsChatThreadWithUserDeletedEventData>(data),
        other => Err(format!("unexpected event type {other}")),
    };
    if let Err(error) = result {
        panic!("{kind}: {error}: {event}");
    }
    let envelope = serde_json::from_value::<wire::EventGridEvent>(event.clone());
    assert!(envelope.is_ok(), "{envelope:?}");
    // acs-events reads it into its typed variant, with no error.
    let body = serde_json::to_vec(&Value::Array(vec![event.clone()])).expect("JSON");
    let delivery = acs_events::parse_delivery(&body).expect("a delivery");
    assert_eq!(delivery.errors().count(), 0, "{event}");
    let parsed = delivery.events().next().expect("one event");
    assert!(
        !matches!(parsed.data, acs_events::AcsEvent::Unknown { .. }),
        "{kind} is a known variant"
    );
}

async fn deliveries(emulator: &RunningEmulator) -> Vec<Value> {
    let url = format!("{}/emulator/api/event-deliveries", emulator.endpoint());
    let body: Value = reqwest::get(url)
        .await
        .expect("the deliveries API answers")
        .json()
        .await
        .expect("JSON");
    body["value"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_conversation_delivers_every_event_once_in_order_through_failures() {
    // The first three notifications are refused: the batches are retried, then delivered.
    let mut hook = Hook::start(3, StatusCode::SERVICE_UNAVAILABLE, None).await;
    let emulator = Emulator::builder()
        .events_webhook(hook.webhook(EventSchema::EventGrid))
        .event_delivery(fast_retries())
        .start()
        .await
        .expect("the emulator starts");
    let users = make_users(&emulator, 3).await;
    let (a, b, c) = (&users[0], &users[1], &users[2]);

    let id = create_thread(a, &[a, b], "events").await;
    let (ta, tb) = (thread(a, &id), thread(b, &id));
    let m1 = ta
        .send_message("hello", None)
        .await
        .expect("sent")
        .id
        .clone();
    let m2 = tb.send_message("hi", None).await.expect("sent").id.clone();
    let mut update = ChatMessageUpdate::default();
    update.content = Some("hello, edited".to_owned());
    ta.update_message(&m1, update, None).await.expect("edited");
    ta.delete_message(&m1, None).await.expect("deleted");
    ta.add_participants(
        [ChatParticipant::new(
            acs_auth::CommunicationIdentifier::from_raw_id(&c.raw_id),
        )],
        None,
    )
    .await
    .expect("added");
    ta.remove_participant(
        acs_auth::CommunicationIdentifier::from_raw_id(&b.raw_id),
        None,
    )
    .await
    .expect("removed");
    ta.update_topic("renamed", None).await.expect("renamed");
    ta.send_typing_notification(None).await.expect("typing");
    ta.send_read_receipt(&m2, None).await.expect("read"); // no event
    a.chat
        .delete_chat_thread(&id, None)
        .await
        .expect("thread deleted");

    let (ra, rb, rc) = (
        Some(a.raw_id.clone()),
        Some(b.raw_id.clone()),
        Some(c.raw_id.clone()),
    );
    let expected: Vec<(&str, Option<String>)> = vec![
        ("ChatThreadCreated", None),
        ("ChatThreadCreatedWithUser", ra.clone()),
        ("ChatThreadCreatedWithUser", rb.clone()),
        ("ChatMessageReceivedInThread", None),
        ("ChatMessageReceived", rb.clone()),
        ("ChatMessageReceivedInThread", None),
        ("ChatMessageReceived", ra.clone()),
        ("ChatMessageEditedInThread", None),
        ("ChatMessageEdited", rb.clone()),
        ("ChatMessageDeletedInThread", None),
        ("ChatMessageDeleted", rb.clone()),
        ("ChatThreadParticipantAdded", None),
        ("ChatParticipantAddedToThreadWithUser", ra.clone()),
        ("ChatParticipantAddedToThreadWithUser", rb.clone()),
        ("ChatParticipantAddedToThreadWithUser", rc.clone()),
        ("ChatThreadParticipantRemoved", None),
        ("ChatParticipantRemovedFromThreadWithUser", ra.clone()),
        ("ChatParticipantRemovedFromThreadWithUser", rc.clone()),
        ("ChatParticipantRemovedFromThreadWithUser", rb.clone()),
        ("ChatThreadPropertiesUpdated", None),
        ("ChatThreadPropertiesUpdatedPerUser", ra.clone()),
        ("ChatThreadPropertiesUpdatedPerUser", rc.clone()),
        ("ChatTypingIndicatorReceivedInThread", None),
        ("ChatThreadDeleted", None),
        ("ChatThreadWithUserDeleted", ra.clone()),
        ("ChatThreadWithUserDeleted", rc.clone()),
    ];
    let events = hook.events(expected.len()).await;
    let got: Vec<(String, Option<String>)> = events
        .iter()
        .map(|e| short(e, EventSchema::EventGrid))
        .collect();
    let want: Vec<(String, Option<String>)> = expected
        .iter()
        .map(|(kind, recipient)| ((*kind).to_owned(), recipient.clone()))
        .collect();
    assert_eq!(got, want);

    // Every event is about this thread, with the Event Grid envelope.
    for (event, (kind, _)) in events.iter().zip(&got) {
        assert_data_decodes(event, kind);
        assert_eq!(event["data"]["threadId"], id.as_str(), "{event}");
        assert_eq!(event["dataVersion"], "1.0");
        assert_eq!(event["metadataVersion"], "1");
        assert!(
            event["topic"].as_str().is_some_and(
                |t| t.contains("/providers/Microsoft.Communication/communicationServices/")
            ),
            "{event}"
        );
        assert!(
            event["eventTime"]
                .as_str()
                .is_some_and(|t| t.ends_with('Z'))
        );
        assert!(
            event["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with(&format!("thread/{id}/")))
        );
    }
    // Messages: ids, senders, bodies.
    let received = &events[3];
    assert_eq!(received["data"]["messageId"], m1.as_str());
    assert_eq!(received["data"]["messageBody"], "hello");
    assert_eq!(received["data"]["type"], "Text");
    assert_eq!(
        received["data"]["senderCommunicationIdentifier"]["rawId"],
        a.raw_id.as_str()
    );
    assert_eq!(
        received["subject"],
        format!("thread/{id}/sender/{}", a.raw_id)
    );
    assert_eq!(
        events[4]["subject"],
        format!("thread/{id}/sender/{}/recipient/{}", a.raw_id, b.raw_id)
    );
    assert_eq!(events[5]["data"]["messageId"], m2.as_str());
    assert_eq!(
        events[5]["data"]["senderCommunicationIdentifier"]["rawId"],
        b.raw_id.as_str()
    );
    assert_eq!(events[7]["data"]["messageBody"], "hello, edited");
    assert!(events[7]["data"]["editTime"].is_string());
    assert!(events[9]["data"]["deleteTime"].is_string());
    assert_eq!(
        events[11]["data"]["participantAdded"]["participantCommunicationIdentifier"]["rawId"],
        c.raw_id.as_str()
    );
    assert_eq!(
        events[11]["data"]["addedByCommunicationIdentifier"]["rawId"],
        a.raw_id.as_str()
    );
    assert_eq!(
        events[15]["data"]["participantRemoved"]["participantCommunicationIdentifier"]["rawId"],
        b.raw_id.as_str()
    );
    assert_eq!(events[19]["data"]["properties"]["topic"], "renamed");
    assert_eq!(
        events[1]["data"]["participants"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(events[1]["data"]["properties"]["topic"], "events");

    // No duplicates: unique ids, and nothing more once every delivery is settled.
    let ids: HashSet<&str> = events.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids.len(), events.len());
    let log = deliveries(&emulator).await;
    assert_eq!(log.len(), expected.len());
    assert!(log.iter().all(|d| d["status"] == "delivered"), "{log:?}");
    assert!(
        log.iter().any(|d| d["attempts"].as_u64() > Some(1)),
        "the failures were retried"
    );
    assert!(
        log.iter()
            .all(|d| !d["webhook"].as_str().unwrap_or_default().contains("secret"))
    );
    assert!(hook.events.try_recv().is_err(), "no event twice");
    assert_eq!(hook.control.handshakes.load(Ordering::SeqCst), 1);
    emulator.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloud_events_after_the_options_handshake() {
    let mut hook = Hook::start(0, StatusCode::OK, None).await;
    let emulator = Emulator::builder()
        .events_webhook(hook.webhook(EventSchema::CloudEvents))
        .start()
        .await
        .expect("the emulator starts");
    let users = make_users(&emulator, 2).await;
    let id = create_thread(&users[0], &[&users[1]], "cloud").await;
    let sent = thread(&users[1], &id)
        .send_message("ping", None)
        .await
        .expect("sent")
        .id
        .clone();
    let events = hook.events(5).await;
    let kinds: Vec<(String, Option<String>)> = events
        .iter()
        .map(|e| short(e, EventSchema::CloudEvents))
        .collect();
    assert_eq!(kinds[3], ("ChatMessageReceivedInThread".to_owned(), None));
    assert_eq!(
        kinds[4],
        (
            "ChatMessageReceived".to_owned(),
            Some(users[0].raw_id.clone())
        )
    );
    let event = &events[3];
    assert_eq!(event["specversion"], "1.0");
    assert_eq!(event["data"]["messageId"], sent.as_str());
    assert_eq!(event["data"]["messageBody"], "ping");
    assert!(
        event["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("/subscriptions/"))
    );
    assert!(event["time"].is_string());
    assert_eq!(hook.control.handshakes.load(Ordering::SeqCst), 1);
    emulator.shutdown().await.expect("a clean shutdown");
}

/// An emulator whose webhook holds every notification until the test opens the gate, and
/// a thread with `sent` messages, every one still pending (each call completed while the
/// webhook had not accepted a single delivery); the message ids in order.
async fn held_deliveries(sent: usize) -> (Arc<Semaphore>, Hook, RunningEmulator, Vec<String>) {
    let gate = Arc::new(Semaphore::new(0));
    let hook = Hook::start(0, StatusCode::OK, Some(gate.clone())).await;
    let emulator = Emulator::builder()
        .events_webhook(hook.webhook(EventSchema::EventGrid))
        .event_delivery(EventDeliveryOptions::default().with_max_batch(1))
        .start()
        .await
        .expect("the emulator starts");
    let users = make_users(&emulator, 1).await;
    let id = create_thread(&users[0], &[], "held").await;
    let thread = thread(&users[0], &id);
    let mut ids = Vec::new();
    for n in 0..sent {
        ids.push(
            thread
                .send_message(format!("m{n}"), None)
                .await
                .expect("sent")
                .id
                .clone(),
        );
    }
    let log = deliveries(&emulator).await;
    assert_eq!(
        log.len(),
        2 + sent,
        "thread created (+ one per user) and every message"
    );
    assert!(log.iter().all(|d| d["status"] == "pending"), "{log:?}");
    (gate, hook, emulator, ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_webhook_does_not_slow_the_api() {
    const SENT: usize = 20;
    let (gate, mut hook, emulator, ids) = held_deliveries(SENT).await;
    gate.add_permits(1000);
    let events = hook.events(2 + SENT).await;
    let delivered: Vec<&str> = events[2..]
        .iter()
        .map(|e| e["data"]["messageId"].as_str().unwrap_or_default())
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(delivered, ids, "in order, once each");
    emulator.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_wait_for_the_emulator_clock() {
    let start = SystemClock.now();
    let clock = Arc::new(ManualClock::new(start));
    let mut hook = Hook::start(2, StatusCode::INTERNAL_SERVER_ERROR, None).await;
    let emulator = Emulator::builder()
        .clock(clock.clone())
        .events_webhook(hook.webhook(EventSchema::EventGrid))
        .event_delivery(
            EventDeliveryOptions::default()
                .with_first_backoff(Duration::from_secs(10))
                .with_max_attempts(3),
        )
        .start()
        .await
        .expect("the emulator starts");
    let users = make_users(&emulator, 1).await;
    let _id = create_thread(&users[0], &[], "clock").await;

    hook.next_attempt().await;
    let log = deliveries(&emulator).await;
    assert!(log.iter().all(|d| d["status"] == "pending"), "{log:?}");
    clock.advance(chrono::TimeDelta::seconds(10));
    hook.next_attempt().await;
    clock.advance(chrono::TimeDelta::seconds(20));
    hook.next_attempt().await;
    let events = hook.events(2).await;
    assert_eq!(
        events[0]["eventType"],
        "Microsoft.Communication.ChatThreadCreated"
    );
    let log = deliveries(&emulator).await;
    assert!(
        log.iter()
            .all(|d| d["status"] == "delivered" && d["attempts"] == 3),
        "{log:?}"
    );
    emulator.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_and_overflowing_deliveries_are_dropped_and_listed() {
    // 400: Event Grid does not retry; the delivery is dropped at once.
    let _hook = Hook::start(usize::MAX, StatusCode::BAD_REQUEST, None).await;
    let emulator = Emulator::builder()
        .events_webhook(_hook.webhook(EventSchema::EventGrid))
        .event_delivery(fast_retries())
        .start()
        .await
        .expect("the emulator starts");
    let users = make_users(&emulator, 1).await;
    create_thread(&users[0], &[], "refused").await;
    let mut settled = Vec::new();
    for _ in 0..3000 {
        settled = deliveries(&emulator).await;
        if settled.len() == 2 && settled.iter().all(|d| d["status"] == "dropped") {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(
        settled
            .iter()
            .all(|d| d["status"] == "dropped" && d["attempts"] == 1),
        "{settled:?}"
    );
    assert!(
        settled[0]["lastError"]
            .as_str()
            .is_some_and(|e| e.contains("400")),
        "{settled:?}"
    );
    emulator.shutdown().await.expect("a clean shutdown");

    // A full queue drops new events instead of holding the request.
    let gate = Arc::new(Semaphore::new(0));
    let hook = Hook::start(0, StatusCode::OK, Some(gate.clone())).await;
    let emulator = Emulator::builder()
        .events_webhook(hook.webhook(EventSchema::EventGrid))
        .event_delivery(
            EventDeliveryOptions::default()
                .with_max_batch(1)
                .with_queue_capacity(2),
        )
        .start()
        .await
        .expect("the emulator starts");
    let users = make_users(&emulator, 1).await;
    let id = create_thread(&users[0], &[], "full").await;
    let thread = thread(&users[0], &id);
    for n in 0..10 {
        thread
            .send_message(format!("m{n}"), None)
            .await
            .expect("sent");
    }
    let log = deliveries(&emulator).await;
    let dropped = log.iter().filter(|d| d["status"] == "dropped").count();
    assert!(dropped >= 12 - 2 - 1, "{log:?}");
    assert!(
        log.iter()
            .filter(|d| d["status"] == "dropped")
            .all(|d| d["lastError"] == "the delivery queue is full")
    );
    gate.add_permits(100);
    emulator.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_email_sent_gets_a_delivery_report_per_recipient_when_it_is_done() {
    use acs_email::options::EmailClientSendOptions;
    use acs_email::{EmailClient, EmailMessage};

    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let mut hook = Hook::start(0, StatusCode::OK, None).await;
    let emulator = Emulator::builder()
        .clock(clock.clone())
        .events_webhook(hook.webhook(EventSchema::EventGrid))
        .start()
        .await
        .expect("the emulator starts");
    let client = EmailClient::with_connection_string(
        &emulator
            .parsed_connection_string()
            .expect("a connection string"),
        None,
    )
    .expect("an email client");
    let message = EmailMessage::builder()
        .sender(emulator.email_sender())
        .to("alice@contoso.com", Some("Alice"))
        .cc("bob@bounce.example", None)
        .subject("hi")
        .text("hello")
        .build()
        .expect("a message");
    let operation_id = acs_email::Uuid::new_v4();
    let options = || Some(EmailClientSendOptions::default().with_operation_id(operation_id));
    client
        .begin_send(&message, options())
        .await
        .expect("queued");
    // The same operation id again: the same email, so no second report.
    client
        .begin_send(&message, options())
        .await
        .expect("queued");
    assert!(
        deliveries(&emulator).await.is_empty(),
        "no report before the send is done"
    );

    clock.advance(chrono::TimeDelta::seconds(2));
    let events = hook.events(2).await;
    let operation = operation_id.to_string();
    for event in &events {
        assert_eq!(
            event["eventType"],
            "Microsoft.Communication.EmailDeliveryReportReceived"
        );
        assert_eq!(event["data"]["messageId"], operation.as_str());
        assert_eq!(event["data"]["sender"], emulator.email_sender());
        assert_eq!(
            event["subject"],
            format!("sender/{}/message/{operation}", emulator.email_sender())
        );
        assert!(event["data"]["deliveryAttemptTimestamp"].is_string());
    }
    assert_eq!(events[0]["data"]["recipient"], "alice@contoso.com");
    assert_eq!(events[0]["data"]["status"], "Failed");
    assert_eq!(events[1]["data"]["recipient"], "bob@bounce.example");
    assert_eq!(events[1]["data"]["status"], "Bounced");
    let body = serde_json::to_vec(&events).expect("JSON");
    let delivery = acs_events::parse_delivery(&body).expect("a delivery");
    assert_eq!(delivery.errors().count(), 0);
    for (parsed, event) in delivery.events().zip(&events) {
        match &parsed.data {
            acs_events::AcsEvent::EmailDeliveryReportReceived(report) => {
                assert_eq!(report.message_id.as_deref(), Some(operation.as_str()));
                assert_eq!(
                    Some(report.recipient.as_str()),
                    event["data"]["recipient"].as_str()
                );
                assert!(report.delivery_attempt_time.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
    let log = deliveries(&emulator).await;
    assert_eq!(log.len(), 2, "{log:?}");
    emulator.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_subscribed_over_the_api_and_validated_manually() {
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let (manual, mut validation_urls) = mpsc::unbounded_channel();
    let mut hook = Hook::start_with(0, StatusCode::OK, None, Some(manual)).await;
    let emulator = Emulator::builder()
        .clock(clock.clone())
        .start()
        .await
        .expect("the emulator starts");
    let http = reqwest::Client::new();
    let api = format!("{}/emulator/api/event-subscriptions", emulator.endpoint());
    let created: Value = http
        .post(&api)
        .json(&json!({ "url": hook.url, "schema": "eventgrid" }))
        .send()
        .await
        .expect("the API answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(created["status"], "validating");
    assert!(!created["webhook"].to_string().contains("webhook-secret"));
    let refused = http
        .post(&api)
        .json(&json!({ "url": "ftp://nope" }))
        .send()
        .await
        .expect("the API answers");
    assert_eq!(refused.status(), 400);

    let users = make_users(&emulator, 1).await;
    create_thread(&users[0], &[], "manual").await;
    let (url, answer) = tokio::time::timeout(PATIENCE, validation_urls.recv())
        .await
        .expect("the handshake comes")
        .expect("the webhook runs");
    // The handshake is answered without the code, after the manual validation below: the
    // failed attempt must not undo the validation, and no retry waits for the clock.
    let validated = http
        .get(&url)
        .send()
        .await
        .expect("the validation URL answers");
    assert_eq!(validated.status(), 200);
    let wrong = http
        .get(url.replace("code=", "code=x"))
        .send()
        .await
        .expect("the validation URL answers");
    assert_eq!(wrong.status(), 404);
    answer.send(()).expect("the handshake waits for its answer");
    let events = hook.events(2).await;
    assert_eq!(
        events[0]["eventType"],
        "Microsoft.Communication.ChatThreadCreated"
    );
    let listed: Value = http
        .get(&api)
        .send()
        .await
        .expect("the API answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(listed["value"][0]["status"], "validated", "{listed}");
    emulator.shutdown().await.expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_delivers_what_was_queued_for_the_calls_it_answered() {
    // The webhook holds every notification until the emulator is shutting down.
    const SENT: usize = 5;
    let (gate, mut hook, emulator, _) = held_deliveries(SENT).await;
    let shutdown = tokio::spawn(emulator.shutdown());
    gate.add_permits(1000);
    shutdown
        .await
        .expect("the shutdown task")
        .expect("a clean shutdown");
    // Every event was accepted by the webhook before the shutdown returned.
    let mut delivered = 0;
    while let Ok(event) = hook.events.try_recv() {
        assert!(event["eventType"].is_string(), "{event}");
        delivered += 1;
    }
    assert_eq!(delivered, 2 + SENT);
}

/// Starts `builder` with `hook` and a grace period of `grace`, creates a thread, and shuts
/// the emulator down once its first delivery is in flight: the shutdown must end.
async fn shut_down_during_a_delivery(hook: &mut Hook, builder: EmulatorBuilder, grace: Duration) {
    let emulator = builder
        .events_webhook(hook.webhook(EventSchema::EventGrid))
        .event_delivery(EventDeliveryOptions::default().with_shutdown_grace(grace))
        .start()
        .await
        .expect("the emulator starts");
    let users = make_users(&emulator, 1).await;
    create_thread(&users[0], &[], "shutting down").await;
    hook.next_attempt().await;
    tokio::time::timeout(PATIENCE, emulator.shutdown())
        .await
        .expect("the shutdown ends")
        .expect("a clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_that_never_answers_does_not_hold_up_shutdown_past_its_grace() {
    // The first delivery is in flight, and will never be answered.
    let gate = Arc::new(Semaphore::new(0));
    let mut hook = Hook::start(0, StatusCode::OK, Some(gate)).await;
    shut_down_during_a_delivery(&mut hook, Emulator::builder(), Duration::from_millis(100)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_shutdown_a_failing_webhook_is_not_retried_on_the_emulator_clock() {
    // Retries wait on a clock that never moves, and the grace period is an hour: only the
    // shutdown itself may end the wait.
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let mut hook = Hook::start(usize::MAX, StatusCode::SERVICE_UNAVAILABLE, None).await;
    shut_down_during_a_delivery(
        &mut hook,
        Emulator::builder().clock(clock),
        Duration::from_secs(3600),
    )
    .await;
    // Tried once more at most: a batch waiting for its retry is tried at once, one whose
    // attempt failed after the shutdown began is not retried.
    let mut more = 0;
    while hook.attempts.try_recv().is_ok() {
        more += 1;
    }
    assert!(more <= 2, "{more} more attempts (two batches at most)");
}
