//! Everything acs-management logs (every event and span field, at TRACE) while it reads keys,
//! follows a long-running operation and fails: no key, connection string or token in it.

use std::io::Write;
use std::sync::{Arc, Mutex};

use acs_auth::{Clock, ManualClock};
use acs_management::{EmulatorCredential, ManagementClient, ManagementClientOptions, RetryOptions};
use chrono::{TimeZone, Utc};
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// A log sink shared with the subscriber.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_never_hold_a_key_a_connection_string_or_a_token() {
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Another test of this binary, on another thread without a subscriber, may have cached
    // its callsites' interest as "never": ask again now that this thread has one.
    tracing::callsite::rebuild_interest_cache();

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("/listKeys$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "primaryKey": KEY,
            "primaryConnectionString": format!("endpoint=https://a.communication.azure.com/;accesskey={KEY}"),
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("/regenerateKey$"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "error": {"code": "InternalServerError", "message": "try again"}
        })))
        .mount(&server)
        .await;
    let start = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("a date");
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(start));
    let credential = EmulatorCredential::new().with_clock(clock.clone());
    let client = ManagementClient::new(
        "11111111-2222-3333-4444-555555555555",
        Arc::new(credential),
        Some(
            ManagementClientOptions::default()
                .with_endpoint(server.uri())
                .with_retry(RetryOptions::default().with_max_retries(0))
                .with_clock(clock),
        ),
    )
    .expect("a client");
    let keys = client
        .communication_services()
        .list_keys("rg", "a", None)
        .await
        .expect("keys");
    assert!(keys.primary_key.is_some());
    let error = client
        .communication_services()
        .regenerate_key("rg", "a", acs_management::models::KeyType::Primary, None)
        .await
        .expect_err("a server error");
    assert_eq!(error.status(), Some(500));

    let logs = String::from_utf8(sink.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    assert!(
        logs.contains("communication_services_list_keys"),
        "the calls are logged: {logs}"
    );
    assert!(!logs.contains("AAECAwQF"), "a key in the logs: {logs}");
    assert!(
        !logs.contains("accesskey"),
        "a connection string in the logs: {logs}"
    );
    assert!(!logs.contains("eyJ"), "a token in the logs: {logs}");
}
