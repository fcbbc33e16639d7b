//! Errors keep their causes and the ids sent, per-call options reach the wire, successful calls
//! expose status and request ids, an attempt includes getting the token and reading the body,
//! and every SDK method has a tracing span (issue 10 items 6, 7, 12, 13, 16; issue 17 items 3
//! and 5).

use std::error::Error as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use acs_chat::options::ChatThreadClientGetMessageOptions;
use acs_chat::reqwest::header::{HeaderName, HeaderValue};
use acs_chat::{
    CallOptions, ChatClient, ChatClientOptions, CommunicationTokenCredential,
    CommunicationTokenCredentialOptions, ErrorKind,
};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;

use common::{THREAD_ID, thread, thread_at};

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
