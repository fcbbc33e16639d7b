//! `--data-dir`, continued: event subscriptions added over the API and ARM resources survive
//! a restart (in process, on the same port), and `POST /emulator/api/reset` clears the
//! delivery history and the ARM resources but keeps the subscriptions.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use acs_auth::{Clock as _, ConnectionString, HmacCredential, ManualClock, SystemClock};
use acs_core::{HmacAuthPolicy, Pipeline, RetryOptions};
use acs_emulator::{
    ARM_TOKEN_AUDIENCE, ARM_TOKEN_ISSUER, ARM_TOKEN_SIGNING_KEY, Emulator, EventSchema,
    EventWebhook, RunningEmulator,
};
use acs_identity_rest::types::CommunicationIdentityCreateRequest;
use chrono::TimeDelta;
use http_body_util::BodyExt as _;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::common::{TestResult, identity, user};

/// A safety net for what should happen at once, not a timer the test races.
const PATIENCE: Duration = Duration::from_secs(30);
const ARM_API: &str = "api-version=2025-09-01";
const SUB: &str = "11112222-3333-4444-5555-666677778888";

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        Self(std::env::temp_dir().join(format!("acs-emulator-{name}-{}", uuid::Uuid::new_v4())))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn start(
    dir: &Path,
    port: u16,
    clock: &Arc<ManualClock>,
    hook: Option<EventWebhook>,
) -> RunningEmulator {
    let mut builder = Emulator::builder()
        .data_dir(dir)
        .port(port)
        .clock(clock.clone());
    if let Some(hook) = hook {
        builder = builder.events_webhook(hook);
    }
    builder
        .start()
        .await
        .unwrap_or_else(|e| panic!("start: {}", acs_core::error_chain(&e)))
}

/// An Event Grid webhook on 127.0.0.1 that answers the handshake and records every event.
struct Hook {
    url: String,
    handshakes: Arc<AtomicUsize>,
    events: mpsc::UnboundedReceiver<Value>,
}

impl Hook {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let url = format!(
            "http://{}/hook?code=hook-secret",
            listener
                .local_addr()
                .unwrap_or_else(|e| panic!("address: {e}"))
        );
        let (sender, events) = mpsc::unbounded_channel();
        let handshakes = Arc::new(AtomicUsize::new(0));
        let counted = handshakes.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sender = sender.clone();
                let counted = counted.clone();
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let sender = sender.clone();
                        let counted = counted.clone();
                        async move {
                            let validation = request
                                .headers()
                                .get("aeg-event-type")
                                .is_some_and(|v| v == "SubscriptionValidation");
                            let body = request
                                .into_body()
                                .collect()
                                .await
                                .map(|body| body.to_bytes())
                                .unwrap_or_default();
                            let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                            let reply = if validation {
                                counted.fetch_add(1, Ordering::SeqCst);
                                json!({"validationResponse": value[0]["data"]["validationCode"]})
                                    .to_string()
                            } else {
                                for event in value.as_array().into_iter().flatten() {
                                    let _ = sender.send(event.clone());
                                }
                                String::new()
                            };
                            Ok::<_, Infallible>(hyper::Response::new(http_body_util::Full::new(
                                bytes::Bytes::from(reply),
                            )))
                        }
                    },
                );
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self {
            url,
            handshakes,
            events,
        }
    }

    /// The next event about `thread` (earlier ones about other threads are skipped).
    async fn event_of(&mut self, thread: &str) -> Value {
        loop {
            let event = tokio::time::timeout(PATIENCE, self.events.recv())
                .await
                .unwrap_or_else(|_| panic!("no event about {thread}"))
                .unwrap_or_else(|| panic!("the webhook stopped"));
            if event["data"]["threadId"] == thread {
                return event;
            }
        }
    }
}

async fn get_json(http: &reqwest::Client, url: String) -> Value {
    http.get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("get: {e}"))
        .json()
        .await
        .unwrap_or(Value::Null)
}

async fn new_thread(emulator: &RunningEmulator, token: &str) -> String {
    let created: Value = reqwest::Client::new()
        .post(format!(
            "{}/chat/threads?api-version={}",
            emulator.endpoint(),
            acs_chat_rest::API_VERSION
        ))
        .bearer_auth(token)
        .json(&json!({"topic": "persisted events"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("create: {e}"))
        .json()
        .await
        .unwrap_or(Value::Null);
    created["chatThread"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_subscription_added_over_the_api_survives_a_restart_and_still_gets_events() -> TestResult
{
    let dir = TempDir::new("persist-events");
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let mut hook = Hook::start().await;
    let emulator = start(&dir.0, 0, &clock, None).await;
    let port = emulator.local_addr().port();
    let http = reqwest::Client::new();
    let api = |emulator: &RunningEmulator, path: &str| {
        format!("{}/emulator/api/{path}", emulator.endpoint())
    };
    let created = http
        .post(api(&emulator, "event-subscriptions"))
        .json(&json!({"url": hook.url, "schema": "eventgrid"}))
        .send()
        .await?;
    assert_eq!(created.status().as_u16(), 201);
    let id = created.json::<Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (_, token) = user(&identity(&emulator), &["chat"]).await;
    let thread = new_thread(&emulator, &token).await;
    hook.event_of(&thread).await;
    assert_eq!(hook.handshakes.load(Ordering::SeqCst), 1);
    let listed = get_json(&http, api(&emulator, "event-subscriptions")).await;
    assert_eq!(listed["value"][0]["status"], "validated", "{listed}");
    emulator.shutdown().await?;

    // The same webhook given to the builder too: not subscribed twice.
    let restarted = start(
        &dir.0,
        port,
        &clock,
        Some(EventWebhook::new(&hook.url, EventSchema::EventGrid)?),
    )
    .await;
    let listed = get_json(&http, api(&restarted, "event-subscriptions")).await;
    let value = listed["value"].as_array().cloned().unwrap_or_default();
    assert_eq!(value.len(), 1, "{listed}");
    assert_eq!(value[0]["id"], id.as_str());
    assert_eq!(value[0]["status"], "validated");
    assert!(!listed.to_string().contains("hook-secret"), "{listed}");
    // The delivery history was not kept.
    let deliveries = get_json(&http, api(&restarted, "event-deliveries")).await;
    assert_eq!(deliveries["value"], json!([]), "{deliveries}");

    // Tokens issued before still work, and the saved subscription gets the new events
    // without a second handshake.
    let thread = new_thread(&restarted, &token).await;
    assert!(!thread.is_empty());
    let event = hook.event_of(&thread).await;
    assert!(
        event["eventType"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Microsoft.Communication.Chat"),
        "{event}"
    );
    assert_eq!(hook.handshakes.load(Ordering::SeqCst), 1);
    let deliveries = get_json(&http, api(&restarted, "event-deliveries")).await;
    assert!(
        !deliveries["value"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .is_empty()
    );

    // Reset: the history goes, the subscription stays.
    let reset = http.post(api(&restarted, "reset")).send().await?;
    assert_eq!(reset.status().as_u16(), 204);
    let deliveries = get_json(&http, api(&restarted, "event-deliveries")).await;
    assert_eq!(deliveries["value"], json!([]), "{deliveries}");
    let listed = get_json(&http, api(&restarted, "event-subscriptions")).await;
    assert_eq!(
        listed["value"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    restarted.shutdown().await?;
    Ok(())
}

fn arm_token(clock: &ManualClock) -> String {
    let now = clock.now().timestamp();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &json!({"iss": ARM_TOKEN_ISSUER, "aud": ARM_TOKEN_AUDIENCE, "exp": now + 600, "iat": now, "oid": "tester"}),
        &jsonwebtoken::EncodingKey::from_secret(ARM_TOKEN_SIGNING_KEY.as_bytes()),
    )
    .unwrap_or_else(|e| panic!("token: {e}"))
}

/// An ARM call: (status, JSON body or null).
async fn arm(
    emulator: &RunningEmulator,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}?{ARM_API}", emulator.endpoint()))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("send: {e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn pipeline(connection_string: &str) -> (String, Pipeline) {
    let cs = ConnectionString::parse(connection_string).unwrap_or_else(|e| panic!("cs: {e}"));
    let mut retry = RetryOptions::default();
    retry.max_retries = 0;
    let pipeline = Pipeline::builder()
        .auth(Arc::new(HmacAuthPolicy::new(
            HmacCredential::from_connection_string(&cs),
        )))
        .retry(retry)
        .build();
    (
        cs.endpoint()
            .url()
            .as_str()
            .trim_end_matches('/')
            .to_owned(),
        pipeline,
    )
}

async fn identity_status(connection_string: &str) -> u16 {
    let (endpoint, pipeline) = pipeline(connection_string);
    let client = acs_identity_rest::Client::new_with_client(
        &endpoint,
        pipeline.http_client().clone(),
        pipeline,
    );
    match client
        .identity_operations_create()
        .api_version(acs_identity_rest::API_VERSION)
        .body(CommunicationIdentityCreateRequest::default())
        .send()
        .await
    {
        Ok(response) => response.status().as_u16(),
        Err(error) => error.status().map_or(0, |status| status.as_u16()),
    }
}

async fn send_status(connection_string: &str, sender: &str) -> u16 {
    use acs_email_rest::types::{EmailAddress, EmailContent, EmailMessage, EmailRecipients};
    let (endpoint, pipeline) = pipeline(connection_string);
    let client = acs_email_rest::Client::new_with_client(
        &endpoint,
        pipeline.http_client().clone(),
        pipeline,
    );
    let message = EmailMessage {
        attachments: Vec::new(),
        content: EmailContent {
            html: None,
            plain_text: Some("hello".to_owned()),
            subject: "after a restart".to_owned(),
        },
        headers: Default::default(),
        recipients: EmailRecipients {
            bcc: Vec::new(),
            cc: Vec::new(),
            to: vec![EmailAddress {
                address: "alice@example.com".to_owned(),
                display_name: None,
            }],
        },
        reply_to: Vec::new(),
        sender_address: sender.to_owned(),
        user_engagement_tracking_disabled: None,
    };
    match client
        .email_send()
        .api_version(acs_email_rest::API_VERSION)
        .operation_id(uuid::Uuid::new_v4())
        .body(message)
        .send()
        .await
    {
        Ok(response) => response.status().as_u16(),
        Err(error) => error.status().map_or(0, |status| status.as_u16()),
    }
}

#[tokio::test]
async fn arm_resources_survive_a_restart_with_working_keys_and_senders() -> TestResult {
    let dir = TempDir::new("persist-arm");
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let emulator = start(&dir.0, 0, &clock, None).await;
    let port = emulator.local_addr().port();
    let token = arm_token(&clock);
    let group = format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Communication");
    let service = format!("{group}/communicationServices/kept");
    let email = format!("{group}/emailServices/kept-mail");
    let domain = format!("{email}/domains/AzureManagedDomain");
    let location = |data: &str| json!({"location": "global", "properties": {"dataLocation": data}});
    for (path, body) in [
        (&service, location("United States")),
        (&email, location("United States")),
        (
            &domain,
            json!({"location": "global", "properties": {"domainManagement": "AzureManaged"}}),
        ),
    ] {
        let (status, body) = arm(&emulator, &token, Method::PUT, path, Some(body)).await;
        assert!((200..300).contains(&status), "{path}: {status} {body}");
        clock.advance(TimeDelta::seconds(1));
    }
    let (_, created) = arm(&emulator, &token, Method::GET, &domain, None).await;
    let sender_domain = created["properties"]["fromSenderDomain"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let domain_id = created["id"].as_str().unwrap_or_default().to_owned();
    let (status, body) = arm(
        &emulator,
        &token,
        Method::PATCH,
        &service,
        Some(json!({"properties": {"linkedDomains": [domain_id]}})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, keys) = arm(
        &emulator,
        &token,
        Method::POST,
        &format!("{service}/listKeys"),
        None,
    )
    .await;
    let connection_string = keys["primaryConnectionString"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sender = format!("DoNotReply@{sender_domain}");
    assert_eq!(identity_status(&connection_string).await, 201);
    assert_eq!(send_status(&connection_string, &sender).await, 202);
    // A resource still being created when the emulator stops is kept in its final state.
    let late = format!("{group}/emailServices/late");
    let (status, _) = arm(
        &emulator,
        &token,
        Method::PUT,
        &late,
        Some(location("Europe")),
    )
    .await;
    assert_eq!(status, 201);
    // ... and one being deleted is gone.
    let doomed = format!("{group}/communicationServices/doomed");
    let (status, _) = arm(
        &emulator,
        &token,
        Method::PUT,
        &doomed,
        Some(location("Europe")),
    )
    .await;
    assert_eq!(status, 201);
    clock.advance(TimeDelta::seconds(1));
    let (status, _) = arm(&emulator, &token, Method::DELETE, &doomed, None).await;
    assert_eq!(status, 202);
    emulator.shutdown().await?;

    let restarted = start(&dir.0, port, &clock, None).await;
    assert_eq!(
        arm(&restarted, &token, Method::GET, &doomed, None).await.0,
        404
    );
    let (status, kept) = arm(&restarted, &token, Method::GET, &service, None).await;
    assert_eq!(status, 200, "{kept}");
    assert_eq!(kept["properties"]["provisioningState"], "Succeeded");
    assert_eq!(kept["properties"]["linkedDomains"], json!([domain_id]));
    let (status, kept_domain) = arm(&restarted, &token, Method::GET, &domain, None).await;
    assert_eq!(status, 200, "{kept_domain}");
    assert_eq!(
        kept_domain["properties"]["fromSenderDomain"],
        sender_domain.as_str()
    );
    let (status, late_service) = arm(&restarted, &token, Method::GET, &late, None).await;
    assert_eq!(status, 200, "{late_service}");
    assert_eq!(late_service["properties"]["provisioningState"], "Succeeded");
    let (_, keys_after) = arm(
        &restarted,
        &token,
        Method::POST,
        &format!("{service}/listKeys"),
        None,
    )
    .await;
    assert_eq!(
        keys_after["primaryConnectionString"],
        connection_string.as_str()
    );
    assert_eq!(identity_status(&connection_string).await, 201);
    assert_eq!(send_status(&connection_string, &sender).await, 202);

    // Reset clears the ARM resources: the service's key stops working.
    let reset = reqwest::Client::new()
        .post(format!("{}/emulator/api/reset", restarted.endpoint()))
        .send()
        .await?;
    assert_eq!(reset.status().as_u16(), 204);
    assert_eq!(
        arm(&restarted, &token, Method::GET, &service, None).await.0,
        404
    );
    assert_eq!(identity_status(&connection_string).await, 401);
    restarted.shutdown().await?;

    // And the reset is saved.
    let again = start(&dir.0, port, &clock, None).await;
    assert_eq!(
        arm(&again, &token, Method::GET, &service, None).await.0,
        404
    );
    assert_eq!(identity_status(&connection_string).await, 401);
    again.shutdown().await?;
    Ok(())
}
