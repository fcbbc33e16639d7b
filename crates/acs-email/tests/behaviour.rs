//! acs-email against wiremock and the in-process emulator, on a `ManualClock`: the poller waits
//! exactly what `retry-after` says (within the configured bounds), sends one request per poll,
//! stops at terminal states, resumes from an operation id, and is cancelled by dropping it;
//! sends are idempotent through `Operation-Id`; bad input sends nothing; no secret leaks.

use std::sync::Arc;
use std::time::Duration;

use acs_auth::{AccessKey, Clock, ManualClock};
use acs_email::models::{EmailAttachment, EmailSendStatus};
use acs_email::options::{EmailApiVersion, EmailClientSendOptions};
use acs_email::{EmailClient, EmailClientOptions, EmailMessage, EmailSendPoller, ErrorKind};
use acs_emulator::{Emulator, FaultKind, FaultOptions, RunningEmulator};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use futures::StreamExt as _;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const OPERATION_ID: &str = "8540c0de-899f-5cce-acb5-3ec493af3800";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("a valid date")
}

fn message(to: &str) -> EmailMessage {
    EmailMessage::builder()
        .sender(acs_emulator::DEFAULT_EMAIL_SENDER)
        .to(to, Some("Recipient"))
        .subject("Hello")
        .text("Hi there")
        .build()
        .expect("a valid message")
}

fn options(clock: &ManualClock) -> EmailClientOptions {
    EmailClientOptions::default().with_clock(Arc::new(clock.clone()) as Arc<dyn Clock>)
}

fn wiremock_client(
    server: &MockServer,
    clock: &ManualClock,
    options_: EmailClientOptions,
) -> EmailClient {
    EmailClient::new(
        &server.uri(),
        AccessKey::new(KEY).expect("a valid key"),
        Some(options_.with_clock(Arc::new(clock.clone()) as Arc<dyn Clock>)),
    )
    .expect("a client")
}

async fn emulator(
    clock: &ManualClock,
    faults: Option<FaultOptions>,
) -> (RunningEmulator, EmailClient) {
    let mut builder = Emulator::builder().clock(Arc::new(clock.clone()));
    if let Some(faults) = faults {
        builder = builder.faults(faults);
    }
    let emulator = builder.start().await.expect("the emulator starts");
    let client =
        EmailClient::from_connection_string(&emulator.connection_string(), Some(options(clock)))
            .expect("a client");
    (emulator, client)
}

/// Waits (polling, in real time) until something sleeps on the clock.
async fn wait_for_sleeper(clock: &ManualClock) {
    for _ in 0..10_000 {
        if clock.pending_sleepers() > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("nothing started to wait on the clock");
}

/// Moves the clock one second each time something sleeps on it, until aborted.
fn drive(clock: &ManualClock) -> tokio::task::JoinHandle<()> {
    let clock = clock.clone();
    tokio::spawn(async move {
        loop {
            if clock.pending_sleepers() > 0 {
                clock.advance(TimeDelta::seconds(1));
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

fn accepted(server: &MockServer, status: &str, retry_after: Option<&str>) -> ResponseTemplate {
    let mut response = ResponseTemplate::new(202)
        .insert_header(
            "operation-location",
            format!(
                "{}/emails/operations/{OPERATION_ID}?api-version=2025-09-01",
                server.uri()
            ),
        )
        .set_body_json(json!({"id": OPERATION_ID, "status": status}));
    if let Some(seconds) = retry_after {
        response = response.insert_header("retry-after", seconds);
    }
    response
}

fn status(status: &str, retry_after: Option<&str>) -> ResponseTemplate {
    let mut response =
        ResponseTemplate::new(200).set_body_json(json!({"id": OPERATION_ID, "status": status}));
    if let Some(seconds) = retry_after {
        response = response.insert_header("retry-after", seconds);
    }
    response
}

#[tokio::test]
async fn the_poller_waits_exactly_what_retry_after_says_and_polls_once_each_time() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("POST"))
        .and(path("/emails:send"))
        .respond_with(accepted(&server, "NotStarted", Some("7")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/emails/operations/{OPERATION_ID}")))
        .respond_with(status("Running", Some("3")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/emails/operations/{OPERATION_ID}")))
        .respond_with(status("Succeeded", None))
        .mount(&server)
        .await;
    let client = wiremock_client(&server, &clock, EmailClientOptions::default());
    let poller = client
        .begin_send(&message("a@example.com"), None)
        .await
        .expect("accepted");
    assert_eq!(poller.operation_id(), OPERATION_ID);
    assert_eq!(poller.next_interval(), Duration::from_secs(7));
    let task = tokio::spawn(poller.wait());

    wait_for_sleeper(&clock).await;
    assert_eq!(
        received(&server).await.len(),
        1,
        "no poll before retry-after"
    );
    clock.advance(TimeDelta::seconds(6));
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(
        received(&server).await.len(),
        1,
        "still waiting after 6 of 7 s"
    );
    clock.advance(TimeDelta::seconds(1));
    // The first poll answers Running with retry-after 3: the poller sleeps again.
    for _ in 0..1000 {
        if received(&server).await.len() == 2 && clock.pending_sleepers() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert_eq!(
        received(&server).await.len(),
        2,
        "exactly one request for the poll"
    );
    clock.advance(TimeDelta::seconds(2));
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(received(&server).await.len(), 2, "2 of 3 s: no poll");
    clock.advance(TimeDelta::seconds(1));
    let result = task.await.expect("joins").expect("succeeds");
    assert_eq!(result.status(), &EmailSendStatus::Succeeded);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "one send and two polls, no more");
    assert!(
        requests[1..]
            .iter()
            .all(|r| r.url.query() == Some("api-version=2025-09-01"))
    );
    assert!(
        requests
            .iter()
            .all(|r| r.headers.contains_key("authorization"))
    );
}

#[tokio::test]
async fn poll_intervals_are_kept_within_the_configured_bounds() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("POST"))
        .respond_with(accepted(&server, "Running", Some("0")))
        .mount(&server)
        .await;
    let bounded = EmailClientOptions::default()
        .with_min_poll_interval(Duration::from_millis(500))
        .with_max_poll_interval(Duration::from_secs(10))
        .with_default_poll_interval(Duration::from_secs(2));
    let client = wiremock_client(&server, &clock, bounded.clone());
    let poller = client
        .begin_send(&message("a@example.com"), None)
        .await
        .expect("accepted");
    assert_eq!(
        poller.next_interval(),
        Duration::from_millis(500),
        "retry-after 0 → the minimum"
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(accepted(&server, "Running", Some("3600")))
        .mount(&server)
        .await;
    let client = wiremock_client(&server, &clock, bounded.clone());
    let poller = client
        .begin_send(&message("a@example.com"), None)
        .await
        .expect("accepted");
    assert_eq!(
        poller.next_interval(),
        Duration::from_secs(10),
        "capped at the maximum"
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(accepted(&server, "Running", None))
        .mount(&server)
        .await;
    let client = wiremock_client(&server, &clock, bounded);
    let poller = client
        .begin_send(&message("a@example.com"), None)
        .await
        .expect("accepted");
    assert_eq!(
        poller.next_interval(),
        Duration::from_secs(2),
        "no retry-after → the default"
    );

    let error = EmailClient::new(
        "https://contoso.communication.azure.com",
        AccessKey::new(KEY).expect("key"),
        Some(EmailClientOptions::default().with_min_poll_interval(Duration::ZERO)),
    )
    .expect_err("a zero minimum would spin");
    assert!(matches!(error.kind(), ErrorKind::InvalidInput));
}

#[tokio::test]
async fn a_send_already_terminal_is_not_polled_and_dropping_a_poller_cancels_it() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("POST"))
        .respond_with(accepted(&server, "Succeeded", None))
        .mount(&server)
        .await;
    let client = wiremock_client(&server, &clock, EmailClientOptions::default());
    let result = client
        .send(&message("a@example.com"), None)
        .await
        .expect("succeeds");
    assert_eq!(result.status(), &EmailSendStatus::Succeeded);
    assert_eq!(
        received(&server).await.len(),
        1,
        "terminal at once: no poll"
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(accepted(&server, "NotStarted", Some("5")))
        .mount(&server)
        .await;
    let client = wiremock_client(&server, &clock, EmailClientOptions::default());
    let poller = client
        .begin_send(&message("a@example.com"), None)
        .await
        .expect("accepted");
    let task = tokio::spawn(poller.wait());
    wait_for_sleeper(&clock).await;
    task.abort();
    let _ = task.await;
    assert_eq!(
        clock.pending_sleepers(),
        0,
        "the dropped poller no longer waits"
    );
    clock.advance(TimeDelta::seconds(60));
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(
        received(&server).await.len(),
        1,
        "nothing polls after the drop"
    );
}

#[tokio::test]
async fn the_emulator_moves_a_send_through_its_statuses_and_the_stream_shows_each() {
    let clock = ManualClock::new(start());
    let (emulator, client) = emulator(&clock, None).await;
    let poller = client
        .begin_send(&message("alice@example.com"), None)
        .await
        .expect("accepted");
    let id = poller.operation_id().to_owned();
    let advance = drive(&clock);
    let statuses: Vec<EmailSendStatus> = poller
        .stream()
        .map(|status| status.expect("a status").status().clone())
        .collect()
        .await;
    advance.abort();
    assert_eq!(
        statuses,
        [
            EmailSendStatus::NotStarted,
            EmailSendStatus::Running,
            EmailSendStatus::Succeeded
        ]
    );
    // Resumed later from the id: the first poll asks at once.
    let resumed = EmailSendPoller::from_operation_id(&client, &id).expect("a poller");
    assert_eq!(resumed.next_interval(), Duration::ZERO);
    let result = resumed.await.expect("succeeded");
    assert_eq!(result.id(), id);
    assert_eq!(
        client
            .send_status(&id, None)
            .await
            .expect("a status")
            .value()
            .status(),
        &EmailSendStatus::Succeeded
    );
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_failed_send_is_an_operation_failed_error_with_the_service_code() {
    let clock = ManualClock::new(start());
    let (emulator, client) = emulator(&clock, None).await;
    let poller = client
        .begin_send(&message("nobody@bounce.example"), None)
        .await
        .expect("accepted");
    let advance = drive(&clock);
    let error = poller.wait().await.expect_err("the send fails");
    advance.abort();
    match error.kind() {
        ErrorKind::OperationFailed { status, code, .. } => {
            assert_eq!(status, "Failed");
            assert_eq!(code, "EmailDropped");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(error.code(), Some("EmailDropped"));
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_send_retried_after_a_503_keeps_its_operation_id_and_is_stored_once() {
    let clock = ManualClock::new(start());
    // A fault plan whose first email send answers 503 and whose second goes through.
    let faults = (0..10_000)
        .map(|seed| {
            FaultOptions::new(0.5)
                .with_seed(seed)
                .with_kinds([FaultKind::ServiceUnavailable])
                .with_routes(["/emails:send"])
                .with_retry_after(Duration::from_secs(1))
        })
        .find(|f| f.fault_for(0).is_some() && f.fault_for(1).is_none())
        .expect("a seed");
    let (emulator, client) = emulator(&clock, Some(faults)).await;
    let id = uuid::Uuid::new_v4();
    let send = {
        let client = client.clone();
        let message = message("alice@example.com");
        tokio::spawn(async move {
            client
                .begin_send(
                    &message,
                    Some(EmailClientSendOptions::default().with_operation_id(id)),
                )
                .await
                .map(|poller| poller.operation_id().to_owned())
        })
    };
    wait_for_sleeper(&clock).await;
    clock.advance(TimeDelta::seconds(1));
    let operation = send
        .await
        .expect("joins")
        .expect("accepted after the retry");
    assert_eq!(operation, id.to_string());
    // Sending again with the same id (as a retry after a lost answer would) queues nothing new.
    let again = client
        .begin_send(
            &message("alice@example.com"),
            Some(EmailClientSendOptions::default().with_operation_id(id)),
        )
        .await
        .expect("accepted");
    assert_eq!(again.operation_id(), id.to_string());
    let mailbox: Value = reqwest::get(format!("{}/emulator/emails", emulator.endpoint()))
        .await
        .expect("the mailbox answers")
        .json()
        .await
        .expect("JSON");
    let stored = mailbox["value"].as_array().expect("a list");
    assert_eq!(stored.len(), 1, "{mailbox}");
    assert_eq!(stored[0]["id"], id.to_string());
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn attachments_and_every_field_reach_the_mailbox() {
    let clock = ManualClock::new(start());
    let (emulator, client) = emulator(&clock, None).await;
    let message = EmailMessage::builder()
        .sender(acs_emulator::DEFAULT_EMAIL_SENDER)
        .to("alice@example.com", Some("Alice"))
        .cc("bob@example.com", None)
        .bcc("audit@example.com", None)
        .reply_to("support@example.com", Some("Support"))
        .subject("Invoice")
        .text("See attached.")
        .html("<p>See attached.</p><img src=\"cid:logo\">")
        .header("X-Invoice", "42")
        .attachment(EmailAttachment::new(
            "invoice.txt",
            "text/plain",
            "total: 42",
        ))
        .attachment(EmailAttachment::inline(
            "logo.png",
            "image/png",
            "logo",
            vec![0x89, b'P', b'N', b'G'],
        ))
        .user_engagement_tracking_disabled(true)
        .build()
        .expect("valid");
    let poller = client.begin_send(&message, None).await.expect("accepted");
    let id = poller.operation_id().to_owned();
    let stored: Value = reqwest::get(format!("{}/emulator/emails/{id}", emulator.endpoint()))
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    let sent = &stored["message"];
    assert_eq!(sent["recipients"]["cc"][0]["address"], "bob@example.com");
    assert_eq!(sent["recipients"]["bcc"][0]["address"], "audit@example.com");
    assert_eq!(sent["replyTo"][0]["displayName"], "Support");
    assert_eq!(sent["headers"]["X-Invoice"], "42");
    assert_eq!(sent["attachments"][0]["contentInBase64"], "dG90YWw6IDQy");
    assert_eq!(sent["attachments"][1]["contentId"], "logo");
    assert_eq!(sent["attachments"][1]["size"], 4);
    assert_eq!(sent["userEngagementTrackingDisabled"], true);
    let eml = reqwest::get(format!("{}/emulator/emails/{id}.eml", emulator.endpoint()))
        .await
        .expect("answers");
    assert_eq!(
        eml.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("message/rfc822")
    );
    let eml = eml.text().await.expect("text");
    assert!(eml.contains("Subject: Invoice"), "{eml}");
    assert!(eml.contains("X-Invoice: 42"), "{eml}");
    assert!(eml.contains("filename=\"invoice.txt\""), "{eml}");
    assert!(eml.contains("Content-ID: <logo>"), "{eml}");
    assert!(!eml.contains("audit@example.com"), "Bcc is not written");

    // The legacy api-version has no inline attachments: refused locally.
    let legacy = EmailClient::from_connection_string(
        &emulator.connection_string(),
        Some(options(&clock).with_api_version(EmailApiVersion::V2023_03_31)),
    )
    .expect("a client");
    let error = legacy
        .begin_send(&message, None)
        .await
        .expect_err("refused");
    assert!(matches!(error.kind(), ErrorKind::InvalidInput), "{error}");
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn the_emulator_rejects_what_the_service_rejects() {
    let clock = ManualClock::new(start());
    let (emulator, client) = emulator(&clock, None).await;
    let unlinked = EmailMessage::builder()
        .sender("DoNotReply@unlinked.example")
        .to("a@example.com", None)
        .subject("s")
        .text("t")
        .build()
        .expect("valid locally");
    let error = client
        .begin_send(&unlinked, None)
        .await
        .expect_err("refused");
    assert_eq!(error.code(), Some("DomainNotLinked"), "{error}");
    let exe = EmailMessage::builder()
        .sender(acs_emulator::DEFAULT_EMAIL_SENDER)
        .to("a@example.com", None)
        .subject("s")
        .text("t")
        .attachment(EmailAttachment::new(
            "setup.exe",
            "application/x-msdownload",
            "MZ",
        ))
        .build()
        .expect("valid locally");
    let error = client.begin_send(&exe, None).await.expect_err("refused");
    assert_eq!(error.code(), Some("UnsupportedAttachmentType"), "{error}");
    let error = client
        .send_status("no-such-operation", None)
        .await
        .expect_err("404");
    assert!(error.is_status(404), "{error}");
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn operation_locations_are_followed_only_when_safe() {
    let clock = ManualClock::new(start());
    let cases = [
        ("ftp://127.0.0.1/emails/operations/x", "only https"),
        ("http://contoso.example/emails/operations/x", "only https"),
        ("not a url", "absolute URL"),
        ("https://elsewhere.example/emails/operations/x", "origin"),
    ];
    for (location, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(202)
                    .insert_header("operation-location", location)
                    .set_body_json(json!({"id": OPERATION_ID, "status": "Running"})),
            )
            .mount(&server)
            .await;
        let client = wiremock_client(&server, &clock, EmailClientOptions::default());
        let error = client
            .begin_send(&message("a@example.com"), None)
            .await
            .expect_err("refused");
        assert!(error.to_string().contains(expected), "{location}: {error}");
    }

    // Allowed explicitly, another origin is polled without credentials.
    let endpoint = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202)
                .insert_header(
                    "operation-location",
                    format!(
                        "{}/ops/{OPERATION_ID}?x=1",
                        other.uri().replace("127.0.0.1", "localhost")
                    ),
                )
                .set_body_json(json!({"id": OPERATION_ID, "status": "Running"})),
        )
        .mount(&endpoint)
        .await;
    Mock::given(method("GET"))
        .respond_with(status("Succeeded", None))
        .mount(&other)
        .await;
    let client = wiremock_client(
        &endpoint,
        &clock,
        EmailClientOptions::default().with_follow_links_to_other_origins(true),
    );
    let mut poller = client
        .begin_send(&message("a@example.com"), None)
        .await
        .expect("accepted");
    let task = tokio::spawn(async move { poller.poll().await });
    wait_for_sleeper(&clock).await;
    clock.advance(TimeDelta::seconds(5));
    task.await.expect("joins").expect("polled");
    let polls = received(&other).await;
    assert_eq!(polls.len(), 1);
    assert_eq!(
        polls[0].url.path(),
        format!("/ops/{OPERATION_ID}"),
        "followed as given"
    );
    assert_eq!(polls[0].url.query(), Some("x=1"));
    assert!(
        !polls[0].headers.contains_key("authorization"),
        "no credentials to another origin"
    );
    assert!(!polls[0].headers.contains_key("x-ms-content-sha256"));
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let base = || {
        EmailMessage::builder()
            .sender("DoNotReply@contoso.azurecomm.net")
            .to("a@example.com", None)
            .subject("s")
            .text("t")
    };
    let too_many = (0..51).fold(
        EmailMessage::builder()
            .sender("s@contoso.example")
            .subject("s")
            .text("t"),
        |builder, n| builder.cc(format!("user{n}@example.com"), None),
    );
    let cases: Vec<(&str, acs_email::models::EmailMessageBuilder, &str)> = vec![
        (
            "no sender",
            EmailMessage::builder()
                .to("a@example.com", None)
                .subject("s")
                .text("t"),
            "sender",
        ),
        ("bad sender", base().sender("nobody"), "`nobody`"),
        (
            "no subject",
            EmailMessage::builder()
                .sender("s@c.example")
                .to("a@example.com", None)
                .text("t"),
            "subject",
        ),
        (
            "no body",
            EmailMessage::builder()
                .sender("s@c.example")
                .to("a@example.com", None)
                .subject("s"),
            "text or html",
        ),
        (
            "no recipient",
            EmailMessage::builder()
                .sender("s@c.example")
                .subject("s")
                .text("t"),
            "at least one recipient",
        ),
        ("51 recipients", too_many, "at most 50"),
        (
            "bad recipient",
            base().bcc("a@@example", None),
            "`a@@example`",
        ),
        ("bad reply-to", base().reply_to("reply", None), "reply-to"),
        (
            "display name with newline",
            base().to("b@example.com", Some("B\r\nBcc: x@y.example")),
            "control character",
        ),
        (
            "header name",
            base().header("Bad Header", "v"),
            "not a valid header name",
        ),
        (
            "header injection",
            base().header("X-Ok", "v\r\nBcc: x@y.example"),
            "line break",
        ),
        (
            "repeated header",
            base().header("X-A", "1").header("x-a", "2"),
            "set twice",
        ),
        (
            "attachment without a name",
            base().attachment(EmailAttachment::new(" ", "text/plain", "x")),
            "no name",
        ),
        (
            "content type",
            base().attachment(EmailAttachment::new("a.txt", "text", "x")),
            "not a MIME type",
        ),
        (
            "content id",
            base().attachment(EmailAttachment::inline(
                "a.png",
                "image/png",
                "a b",
                vec![1],
            )),
            "content id",
        ),
        (
            "too large",
            base().attachment(EmailAttachment::new(
                "big.bin",
                "application/octet-stream",
                vec![0u8; 8 * 1024 * 1024],
            )),
            "at most 10485760",
        ),
    ];
    for (name, builder, expected) in cases {
        let error = builder.build().expect_err(name);
        assert!(
            matches!(error.kind(), ErrorKind::InvalidInput),
            "{name}: {error:?}"
        );
        assert!(error.to_string().contains(expected), "{name}: {error}");
    }
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let client = wiremock_client(&server, &clock, EmailClientOptions::default());
    assert!(client.send_status(" ", None).await.is_err());
    assert!(EmailSendPoller::from_operation_id(&client, "").is_err());
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"code": "Denied", "message": "no"}})),
        )
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let connection_string = format!("endpoint={}/;accesskey={KEY}", server.uri());
    let client = EmailClient::from_connection_string(&connection_string, Some(options(&clock)))
        .expect("a client");
    let error = client
        .send(&message("a@example.com"), None)
        .await
        .expect_err("401");
    let poller = EmailSendPoller::from_operation_id(&client, OPERATION_ID).expect("a poller");
    for text in [
        format!("{client:?}"),
        format!("{error}"),
        format!("{error:?}"),
        format!("{poller:?}"),
        format!("{:?}", options(&clock)),
    ] {
        assert!(!text.contains(KEY), "{text}");
        assert!(!text.contains("AAECAwQF"), "{text}");
    }
    let bad = EmailClient::from_connection_string(
        "endpoint=https://x.example/;accesskey=not base64!",
        None,
    )
    .expect_err("bad key");
    assert!(!bad.to_string().contains("not base64!"), "{bad}");
}

#[tokio::test]
async fn the_emulator_refuses_requests_signed_with_another_key() {
    let clock = ManualClock::new(start());
    let (emulator, _) = emulator(&clock, None).await;
    let client = EmailClient::new(
        emulator.endpoint(),
        AccessKey::new("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=").expect("a key"),
        Some(options(&clock)),
    )
    .expect("a client");
    let error = client
        .begin_send(&message("a@example.com"), None)
        .await
        .expect_err("401");
    assert!(error.is_status(401), "{error}");
    let error = client
        .send_status(OPERATION_ID, None)
        .await
        .expect_err("401");
    assert!(error.is_status(401), "{error}");
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn call_options_reach_the_send_every_poll_and_the_status_request() {
    use acs_email::CallOptions;
    use acs_email::options::EmailClientSendStatusOptions;
    use acs_email::reqwest::header::{HeaderName, HeaderValue};

    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("POST"))
        .and(path("/emails:send"))
        .respond_with(accepted(&server, "Running", Some("1")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/emails/operations/{OPERATION_ID}")))
        .respond_with(status("Succeeded", None).insert_header("ms-cv", "cv.1"))
        .mount(&server)
        .await;
    let client = wiremock_client(&server, &clock, EmailClientOptions::default());
    let call = CallOptions::default().with_header(
        HeaderName::from_static("x-tenant"),
        HeaderValue::from_static("contoso"),
    );
    let driver = drive(&clock);
    let result = client
        .send(
            &message("a@example.com"),
            Some(EmailClientSendOptions::default().with_call(call.clone())),
        )
        .await
        .expect("succeeds");
    assert_eq!(result.status(), &EmailSendStatus::Succeeded);
    let response = client
        .send_status(
            OPERATION_ID,
            Some(EmailClientSendStatusOptions::default().with_call(call)),
        )
        .await
        .expect("a status");
    driver.abort();
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("cv.1"));
    assert!(response.client_request_id().is_some());
    assert_eq!(response.value().status(), &EmailSendStatus::Succeeded);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "send, one poll, one status");
    for request in &requests {
        assert_eq!(
            request
                .headers
                .get("x-tenant")
                .and_then(|value| value.to_str().ok()),
            Some("contoso"),
            "{} {}",
            request.method,
            request.url
        );
        assert!(request.headers.contains_key("authorization"));
    }
    assert_eq!(
        response.client_request_id(),
        requests[2]
            .headers
            .get("x-ms-client-request-id")
            .and_then(|value| value.to_str().ok())
    );
}
