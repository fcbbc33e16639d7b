//! Errors keep their causes and the ids sent, per-call options reach the wire, successful calls
//! expose status and request ids, an attempt includes getting the token and reading the body,
//! and every SDK method has a tracing span (issue 10 items 6, 7, 12, 13, 16; issue 17 items 3
//! and 5).

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_chat::models::ChatMessageUpdate;
use acs_chat::options::{ChatThreadClientGetMessageOptions, ChatThreadClientSendMessageOptions};
use acs_chat::reqwest::header::{HeaderName, HeaderValue};
use acs_chat::{
    CallOptions, ChatClient, ChatClientOptions, ChatThreadClient, CommunicationTokenCredential,
    CommunicationTokenCredentialOptions, ErrorKind, RetryOptions,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const THREAD_ID: &str = "19:thread@thread.v2";
const FAR_FUTURE: i64 = 4_102_444_800; // 2100-01-01

fn jwt(who: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(json!({"sub": who, "exp": FAR_FUTURE}).to_string());
    format!("{header}.{payload}.c2ln")
}

fn no_retry_wait() -> RetryOptions {
    RetryOptions::default()
        .with_max_retries(2)
        .with_initial_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(1))
}

fn thread_at(endpoint: &str, credential: CommunicationTokenCredential) -> ChatThreadClient {
    let options = ChatClientOptions::default().with_retry(no_retry_wait());
    ChatClient::new(endpoint, credential, Some(options))
        .expect("a valid endpoint")
        .chat_thread_client(THREAD_ID)
        .expect("a thread id")
}

fn thread(endpoint: &str) -> ChatThreadClient {
    thread_at(
        endpoint,
        CommunicationTokenCredential::from_token(jwt("user-1")).expect("a token"),
    )
}

fn message_json() -> serde_json::Value {
    json!({
        "id": "1", "type": "text", "sequenceId": "1", "version": "1",
        "createdOn": "2025-06-10T22:20:18Z", "content": {"message": "hi"}
    })
}

#[tokio::test]
async fn the_client_request_id_sent_is_on_the_error_even_when_not_echoed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(
            r#"{"error":{"code":"NotFound","message":"no such message"}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let error = thread(&server.uri())
        .get_message("1", None)
        .await
        .expect_err("404");
    let requests = server.received_requests().await.expect("recorded");
    let sent = requests[0]
        .headers
        .get("x-ms-client-request-id")
        .and_then(|value| value.to_str().ok())
        .expect("an id is sent");
    assert_eq!(error.client_request_id(), Some(sent));
    assert_eq!(
        requests[0]
            .headers
            .get("x-ms-return-client-request-id")
            .and_then(|value| value.to_str().ok()),
        Some("true")
    );
}

#[tokio::test]
async fn a_refreshers_error_stays_reachable_through_source() {
    #[derive(Debug)]
    struct VaultDown;
    impl std::fmt::Display for VaultDown {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the token vault is down")
        }
    }
    impl std::error::Error for VaultDown {}

    let server = MockServer::start().await;
    let credential =
        CommunicationTokenCredential::new(CommunicationTokenCredentialOptions::with_refresher(
            || async { Err::<String, _>(VaultDown) },
        ))
        .expect("a credential");
    let error = thread_at(&server.uri(), credential)
        .send_message("hi", None)
        .await
        .expect_err("no token");
    assert_eq!(error.kind(), &ErrorKind::Credential);
    let mut cause = error.source();
    let mut found = false;
    while let Some(current) = cause {
        found |= current.downcast_ref::<VaultDown>().is_some();
        cause = current.source();
    }
    assert!(
        found,
        "VaultDown is in the source chain of {error:?} / {:?}",
        error.source()
    );
    let text = acs_core::error_chain(&error);
    assert_eq!(
        text.matches("the token vault is down").count(),
        1,
        "the root cause once: {text}"
    );
    assert!(error.client_request_id().is_some());
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

#[tokio::test(start_paused = true)]
async fn a_hanging_refresher_fails_within_the_attempt_timeout() {
    let server = MockServer::start().await;
    let credential =
        CommunicationTokenCredential::new(CommunicationTokenCredentialOptions::with_refresher(
            || async { std::future::pending::<Result<String, acs_auth::BoxError>>().await },
        ))
        .expect("a credential");
    let options = ChatClientOptions::default().with_timeout(Duration::from_secs(2));
    let client = ChatClient::new(&server.uri(), credential, Some(options)).expect("a client");
    let started = tokio::time::Instant::now();
    let error = client
        .chat_thread_client(THREAD_ID)
        .expect("a thread id")
        .send_message("hi", None)
        .await
        .expect_err("no token in time");
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), &ErrorKind::Timeout, "{error}");
    assert!(
        elapsed >= Duration::from_secs(2) && elapsed < Duration::from_millis(2100),
        "answered after {elapsed:?}"
    );
}

#[tokio::test]
async fn per_call_options_reach_the_wire_and_responses_expose_request_ids() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(message_json().to_string(), "application/json")
                .insert_header("ms-cv", "cv-123.0"),
        )
        .mount(&server)
        .await;
    let options = ChatThreadClientGetMessageOptions::default().with_call(
        CallOptions::default()
            .with_timeout(Duration::from_secs(3))
            .with_header(
                HeaderName::from_static("x-my-trace"),
                HeaderValue::from_static("trace-1"),
            ),
    );
    let response = thread(&server.uri())
        .get_message("1", Some(options))
        .await
        .expect("a message");
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("cv-123.0"));
    assert_eq!(response.id, "1", "derefs to the message");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[0]
            .headers
            .get("x-my-trace")
            .and_then(|value| value.to_str().ok()),
        Some("trace-1")
    );
    assert_eq!(
        response.client_request_id(),
        requests[0]
            .headers
            .get("x-ms-client-request-id")
            .and_then(|value| value.to_str().ok())
    );
}

/// A server answering each connection with the next of `answers` (raw HTTP/1.1 bytes), then
/// closing it. Returns its base URL and the count of requests it read.
async fn raw_server(answers: Vec<Vec<u8>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let count = Arc::new(AtomicUsize::new(0));
    let served = Arc::clone(&count);
    tokio::spawn(async move {
        for answer in answers.into_iter().cycle() {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            // Read the head and the body (Content-Length) of one request.
            while let Ok(read) = socket.read(&mut buffer).await {
                if read == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..read]);
                let text = String::from_utf8_lossy(&request).to_string();
                if let Some(head_end) = text.find("\r\n\r\n") {
                    let length = text[..head_end]
                        .lines()
                        .find_map(|line| {
                            let (name, value) = line.split_once(':')?;
                            name.eq_ignore_ascii_case("content-length")
                                .then(|| value.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if request.len() >= head_end + 4 + length {
                        break;
                    }
                }
            }
            served.fetch_add(1, Ordering::SeqCst);
            let _ = socket.write_all(&answer).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{address}"), count)
}

fn truncated_200() -> Vec<u8> {
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n{\"id\":\"1\""
        .to_vec()
}

fn full_200(body: &str, status: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn a_truncated_body_of_an_idempotent_call_is_retried() {
    let (endpoint, count) = raw_server(vec![
        truncated_200(),
        full_200(&message_json().to_string(), "200 OK"),
    ])
    .await;
    let message = thread(&endpoint)
        .get_message("1", None)
        .await
        .expect("the retry reads the whole body");
    assert_eq!(message.id, "1");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_truncated_body_of_a_message_send_is_outcome_unknown_and_not_resent() {
    let (endpoint, count) = raw_server(vec![truncated_200()]).await;
    let error = thread(&endpoint)
        .send_message("hi", None)
        .await
        .expect_err("unreadable");
    assert_eq!(error.kind(), &ErrorKind::OutcomeUnknown, "{error}");
    assert!(error.to_string().contains("may have acted"), "{error}");
    assert!(error.client_request_id().is_some());
    assert!(error.source().is_some(), "the read error is kept");
    assert_eq!(count.load(Ordering::SeqCst), 1, "sent once");
}

#[tokio::test]
async fn a_garbled_body_of_a_get_is_a_decode_error_after_one_read() {
    let (endpoint, count) = raw_server(vec![full_200("{not json", "200 OK")]).await;
    let error = thread(&endpoint)
        .get_message("1", None)
        .await
        .expect_err("garbage");
    assert_eq!(error.kind(), &ErrorKind::Decode, "{error}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// A span's name and the fields recorded in it.
type SpanRecord = (String, HashMap<String, String>);

/// Spans and the fields recorded in them.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<SpanRecord>>>);

struct Fields<'a>(&'a mut HashMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(
            field.name().to_owned(),
            format!("{value:?}").trim_matches('"').to_owned(),
        );
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _ctx: Context<'_, S>) {
        let mut fields = HashMap::new();
        attrs.record(&mut Fields(&mut fields));
        fields.insert("__id".to_owned(), id.into_u64().to_string());
        let mut spans = self.0.lock().expect("not poisoned");
        spans.push((attrs.metadata().name().to_owned(), fields));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut spans = self.0.lock().expect("not poisoned");
        let key = id.into_u64().to_string();
        if let Some((_, fields)) = spans
            .iter_mut()
            .rev()
            .find(|(_, fields)| fields.get("__id") == Some(&key))
        {
            values.record(&mut Fields(fields));
        }
    }
}

#[tokio::test]
async fn every_method_has_a_span_named_after_it_with_the_http_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("/messages$"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(r#"{"id":"1749594018000"}"#, "application/json")
                .insert_header("ms-cv", "cv-send.1"),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry().with(captured.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    // Another test of this binary, on another thread without a subscriber, may have cached
    // its callsites' interest as "never": ask again now that this thread has one.
    tracing::callsite::rebuild_interest_cache();
    let token = jwt("user-secret-subject");
    let thread = thread_at(
        &server.uri(),
        CommunicationTokenCredential::from_token(token.clone()).expect("a token"),
    );
    let sent = thread
        .send_message(
            "hi",
            Some(ChatThreadClientSendMessageOptions::default().with_sender_display_name("Ada")),
        )
        .await
        .expect("sent");
    thread
        .update_message(
            &sent.id,
            ChatMessageUpdate::default().with_content("edited"),
            None,
        )
        .await
        .expect("updated");
    let spans = captured.0.lock().expect("not poisoned").clone();
    let (_, send) = spans
        .iter()
        .find(|(name, _)| name == "send_message")
        .expect("a send_message span");
    assert_eq!(send["http.request.method"], "POST");
    assert_eq!(send["server.address"], "127.0.0.1");
    assert!(send["url.path"].ends_with("/messages"), "{send:?}");
    assert_eq!(send["http.response.status_code"], "201");
    assert_eq!(send["az.service_request_id"], "cv-send.1");
    assert_eq!(send["attempt"], "1");
    assert!(send.contains_key("duration_ms"));
    assert_eq!(
        Some(send["az.client_request_id"].as_str()),
        sent.client_request_id()
    );
    let (_, update) = spans
        .iter()
        .find(|(name, _)| name == "update_message")
        .expect("an update_message span");
    assert_eq!(update["http.request.method"], "PATCH");
    assert_eq!(update["http.response.status_code"], "204");
    for (_, fields) in &spans {
        for value in fields.values() {
            assert!(!value.contains(&token), "no token in a span field");
            assert!(!value.contains("Bearer"), "no credential in a span field");
        }
    }
}
