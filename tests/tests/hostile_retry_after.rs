//! A server (or a proxy) that answers with an absurd retry-after cannot crash a caller: every
//! form is capped at `RetryOptions::max_delay` (issue 17, item 1).
//!
//! The clients wait on a `ManualClock`, so the test shows the wait is exactly the cap: the retry
//! is still pending one second before it and goes out when the clock reaches it.

use std::sync::Arc;
use std::time::Duration;

use acs_auth::{AccessKey, ManualClock};
use acs_chat::{ChatClient, ChatClientOptions, CommunicationTokenCredential};
use acs_identity::{CommunicationIdentityClient, CommunicationIdentityClientOptions, RetryOptions};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeDelta, TimeZone as _, Utc};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const CAP: Duration = Duration::from_secs(60);

fn clock() -> ManualClock {
    ManualClock::new(
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("a valid date"),
    )
}

fn retry() -> RetryOptions {
    {
        let mut options = RetryOptions::default();
        options.max_retries = 1;
        options.max_delay = CAP;
        options
    }
}

/// A server answering 429 with `name: value` once, then `success`.
async fn server(name: &str, value: &str, success: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header(name, value))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(success)
        .mount(&server)
        .await;
    server
}

/// Waits until the client sleeps before its retry, then checks the sleep ends exactly at the cap.
async fn drive_retry_wait<T>(
    server: &MockServer,
    clock: &ManualClock,
    call: &tokio::task::JoinHandle<T>,
) {
    while clock.pending_sleepers() == 0 {
        assert!(
            !call.is_finished(),
            "the call ended (or panicked) before its retry"
        );
        tokio::task::yield_now().await;
    }
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
    clock.advance(TimeDelta::from_std(CAP - Duration::from_secs(1)).expect("small"));
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
    assert_eq!(
        server.received_requests().await.map(|r| r.len()),
        Some(1),
        "the retry waits for the whole cap"
    );
    clock.advance(TimeDelta::seconds(1));
}

const HOSTILE: &[(&str, &str)] = &[
    ("retry-after-ms", "2e22"),
    ("x-ms-retry-after-ms", "2e22"),
    ("retry-after-ms", "1.7976931348623157e308"),
    ("retry-after", "99999999999999999999999999999999"),
    ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_survives_huge_retry_after_values() {
    for (name, value) in HOSTILE {
        let success = ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "identity": {"id": "8:acs:r_u"}
        }));
        let server = server(name, value, success).await;
        let clock = clock();
        let options = {
            let mut options = CommunicationIdentityClientOptions::default();
            options.retry = retry();
            options.clock = Some(Arc::new(clock.clone()));
            options
        };
        let client = CommunicationIdentityClient::new(
            &server.uri(),
            AccessKey::new(KEY).expect("a valid key"),
            Some(options),
        )
        .expect("a client");
        let call = tokio::spawn(async move { client.create_user(None).await });
        drive_retry_wait(&server, &clock, &call).await;
        let user = call.await.expect("no panic");
        assert_eq!(
            user.map(|user| user.raw_id().to_owned()).ok().as_deref(),
            Some("8:acs:r_u"),
            "{name}: {value}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_survives_huge_retry_after_values() {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(br#"{"skypeid":"acs:r_u","exp":4102444800}"#);
    let token = format!("{header}.{payload}.c2ln");
    for (name, value) in HOSTILE {
        let success = ResponseTemplate::new(200).set_body_json(serde_json::json!({"value": []}));
        let server = server(name, value, success).await;
        let clock = clock();
        let options = {
            let mut options = ChatClientOptions::default();
            options.retry = retry();
            options.clock = Some(Arc::new(clock.clone()));
            options
        };
        let credential = CommunicationTokenCredential::from_token(token.clone()).expect("a token");
        let client = ChatClient::new(&server.uri(), credential, Some(options)).expect("a client");
        let call = tokio::spawn(async move {
            use futures::TryStreamExt as _;
            client
                .list_chat_threads(None)
                .try_collect::<Vec<_>>()
                .await
                .map(|threads| threads.len())
        });
        drive_retry_wait(&server, &clock, &call).await;
        let threads = call.await.expect("no panic");
        assert_eq!(threads.ok(), Some(0), "{name}: {value}");
    }
}
