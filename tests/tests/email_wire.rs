//! The exact requests `acs-email` sends: one insta snapshot per operation and per option, as
//! wiremock received them (method, path and query, the headers that matter sorted, the body).
//!
//! The HMAC signature is pinned the way `identity_wire.rs` pins it: a fixed key, a
//! `ManualClock` at a fixed date, and the endpoint `http://localhost` reached through a
//! `reqwest` proxy that is the wiremock server, so the signed host is always `localhost`. Every
//! signed request is also checked with the service-side verifier `acs_auth::hmac::verify`.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test -p acs-integration-tests --test
//! email_wire` and review the diff.

use std::future::Future;
use std::sync::Arc;

use acs_auth::hmac::{DEFAULT_MAX_CLOCK_SKEW, ReceivedRequest, verify};
use acs_auth::{AccessKey, Clock, ManualClock};
use acs_email::models::EmailAttachment;
use acs_email::options::{EmailApiVersion, EmailClientSendOptions};
use acs_email::{EmailClient, EmailClientOptions, EmailMessage, EmailSendPoller, RetryOptions};
use acs_integration_tests::{FIXED_REPEATABILITY_ID, render_request};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The fixed test key (bytes 0..=31).
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
/// The endpoint the client signs for; the proxy sends it to wiremock.
const ENDPOINT: &str = "http://localhost";
const OPERATION_ID: &str = "8540c0de-899f-5cce-acb5-3ec493af3800";

fn signing_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0)
        .single()
        .expect("a valid date")
}

fn options() -> EmailClientOptions {
    EmailClientOptions::default().with_retry(RetryOptions::default().with_max_retries(0))
}

fn accepted() -> ResponseTemplate {
    ResponseTemplate::new(202)
        .insert_header(
            "operation-location",
            format!("{ENDPOINT}/emails/operations/{OPERATION_ID}?api-version=2025-09-01"),
        )
        .insert_header("retry-after", "1")
        .set_body_json(json!({"id": OPERATION_ID, "status": "NotStarted"}))
}

fn succeeded() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": OPERATION_ID, "status": "Succeeded"}))
}

/// Makes one call with a client wired to a fresh wiremock server that answers `response`, and
/// snapshots the one request it received as `name`.
async fn snapshot<F, Fut>(
    name: &str,
    options: EmailClientOptions,
    response: ResponseTemplate,
    call: F,
) where
    F: FnOnce(EmailClient) -> Fut,
    Fut: Future<Output = ()>,
{
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    let proxy = reqwest::Proxy::http(server.uri()).expect("a valid proxy URL");
    let http = reqwest::Client::builder()
        .proxy(proxy)
        .build()
        .expect("an HTTP client");
    let key = AccessKey::new(KEY).expect("a valid key");
    let client = EmailClient::new(
        ENDPOINT,
        key.clone(),
        Some(
            options
                .with_http_client(http)
                .with_clock(Arc::new(ManualClock::new(signing_time())) as Arc<dyn Clock>),
        ),
    )
    .expect("a client");

    call(client).await;

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{name}: one request");
    let request = &requests[0];
    check_signature(name, request, &key);
    insta::assert_snapshot!(name, render_request(request));
}

/// The request must pass the service-side HMAC verifier.
fn check_signature(name: &str, request: &wiremock::Request, key: &AccessKey) {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    assert_eq!(header("host"), Some("localhost"), "{name}: signed host");
    let path_and_query = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let received = ReceivedRequest {
        method: request.method.as_str(),
        path_and_query: &path_and_query,
        host: "localhost",
        x_ms_date: header("x-ms-date"),
        x_ms_content_sha256: header("x-ms-content-sha256"),
        authorization: header("authorization"),
        body: &request.body,
    };
    assert_eq!(
        verify(&received, key, signing_time(), DEFAULT_MAX_CLOCK_SKEW),
        Ok(()),
        "{name}: the signature verifies"
    );
}

fn minimal() -> EmailMessage {
    EmailMessage::builder()
        .sender("DoNotReply@contoso.azurecomm.net")
        .to("alice@example.com", None)
        .subject("Hello")
        .text("Hi Alice")
        .build()
        .expect("valid")
}

fn every_field() -> EmailMessage {
    EmailMessage::builder()
        .sender("DoNotReply@contoso.azurecomm.net")
        .to("alice@example.com", Some("Alice"))
        .to("carol@example.com", None)
        .cc("bob@example.com", Some("Bob"))
        .bcc("audit@example.com", None)
        .reply_to("support@contoso.com", Some("Support"))
        .subject("Invoice 42")
        .text("Your invoice is attached.")
        .html("<p>Your invoice is attached.</p><img src=\"cid:logo\">")
        // One custom header: the wire map is a HashMap, whose order would change the signed
        // body bytes from run to run.
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
        .expect("valid")
}

#[tokio::test]
async fn send_minimal() {
    snapshot("send_minimal", options(), accepted(), |client| async move {
        let poller = client.begin_send(&minimal(), None).await.expect("accepted");
        assert_eq!(poller.operation_id(), OPERATION_ID);
    })
    .await;
}

#[tokio::test]
async fn send_every_option() {
    let options = options().with_user_agent_suffix("my-app/1.0");
    snapshot(
        "send_every_option",
        options,
        accepted(),
        |client| async move {
            let id = uuid::Uuid::parse_str(FIXED_REPEATABILITY_ID).expect("a uuid");
            client
                .begin_send(
                    &every_field(),
                    Some(EmailClientSendOptions::default().with_operation_id(id)),
                )
                .await
                .expect("accepted");
        },
    )
    .await;
}

#[tokio::test]
async fn send_api_version_2023_03_31() {
    let options = options().with_api_version(EmailApiVersion::V2023_03_31);
    snapshot(
        "send_api_version_2023_03_31",
        options,
        accepted(),
        |client| async move {
            client.begin_send(&minimal(), None).await.expect("accepted");
        },
    )
    .await;
}

#[tokio::test]
async fn get_send_result() {
    snapshot(
        "get_send_result",
        options(),
        succeeded(),
        |client| async move {
            let result = client
                .send_status(OPERATION_ID, None)
                .await
                .expect("a status");
            assert_eq!(result.id(), OPERATION_ID);
        },
    )
    .await;
}

#[tokio::test]
async fn poll_resumed_from_an_operation_id() {
    snapshot(
        "poll_resumed",
        options(),
        succeeded(),
        |client| async move {
            let result = EmailSendPoller::from_operation_id(&client, OPERATION_ID)
                .expect("a poller")
                .await
                .expect("succeeded");
            assert_eq!(result.id(), OPERATION_ID);
        },
    )
    .await;
}
