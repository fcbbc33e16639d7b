//! Transport failures as a caller sees them (issue 10 items 8 and 9): a server whose TLS
//! certificate the client does not trust fails at once, is not retried, and says why in one
//! line that names the root cause once.

use std::sync::Arc;
use std::time::Duration;

use acs_auth::ManualClock;
use acs_emulator::Emulator;
use acs_identity::{CommunicationIdentityClient, CommunicationIdentityClientOptions, ErrorKind};
use chrono::{TimeZone as _, Utc};

#[tokio::test]
async fn an_untrusted_certificate_is_not_retried_and_names_its_root_cause_once() {
    let emulator = Emulator::builder()
        .tls(true)
        .start()
        .await
        .expect("the emulator starts with TLS");
    // Retry waits run on a clock that never moves: a retry would wait forever.
    let clock = ManualClock::new(
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("a date"),
    );
    let mut options = CommunicationIdentityClientOptions::default()
        .with_retry(acs_identity::RetryOptions::default().with_max_retries(3))
        .with_clock(Arc::new(clock) as Arc<dyn acs_auth::Clock>);
    options.timeout = Some(Duration::from_secs(20));
    let client = CommunicationIdentityClient::from_connection_string(
        &emulator.connection_string(),
        Some(options),
    )
    .expect("a client");
    let error = tokio::time::timeout(Duration::from_secs(30), client.create_user(None))
        .await
        .expect("answered without waiting for a retry")
        .expect_err("the certificate is not trusted");
    assert_eq!(error.kind(), &ErrorKind::Transport, "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with("transport error: could not connect to 127.0.0.1:"),
        "{text}"
    );
    assert_eq!(
        text.matches("UnknownIssuer").count(),
        1,
        "the root cause once: {text}"
    );
    let mut root = std::error::Error::source(&error).expect("the cause is kept");
    while let Some(next) = root.source() {
        root = next;
    }
    assert!(
        text.ends_with(&root.to_string()),
        "{text} ends with the root cause {root}"
    );
    assert!(error.client_request_id().is_some());
}
