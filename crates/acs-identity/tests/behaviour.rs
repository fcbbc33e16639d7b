//! How `CommunicationIdentityClient` behaves against a fake service (wiremock): error mapping
//! for every error-body shape, retries and their waits, timeouts, local validation, date
//! parsing, and secrets kept out of `Debug`.
//!
//! Retry waits go through the client's clock. The tests give it an `acs_auth::ManualClock`, wait
//! until the pipeline is asleep on it (`pending_sleepers`), and move it forward themselves: a
//! retry happens exactly when the test says, never after a real sleep. The same clock dates the
//! HMAC signatures, so a retry after the clock moved carries a different `x-ms-date`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::hmac::{ReceivedRequest, verify};
use acs_auth::{AccessKey, ManualClock};
use acs_identity::models::{
    CommunicationTokenScope, CommunicationUserIdentifier, TeamsExtensionPrincipalType,
};
use acs_identity::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientGetTokenOptions, IdentityApiVersion,
};
use acs_identity::{
    CommunicationIdentityClient, CommunicationIdentityClientOptions, ErrorKind, Result,
    RetryOptions,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use serde_json::json;
use tokio::task::JoinHandle;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const USER_ID: &str = "8:acs:resource_user";
const TOKEN: &str = "eyJ0eXAi.e30.signature-of-the-token";
const ISSUE_PATH: &str = "/identities/8%3Aacs%3Aresource_user/:issueAccessToken";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 5, 16, 2)
        .single()
        .expect("a valid date")
}

fn user() -> CommunicationUserIdentifier {
    CommunicationUserIdentifier::new(USER_ID)
}

fn token_body() -> serde_json::Value {
    json!({"token": TOKEN, "expiresOn": "2026-11-23T05:16:02.952941+00:00"})
}

struct Setup {
    server: MockServer,
    clock: ManualClock,
    client: CommunicationIdentityClient,
}

async fn setup_with(options: CommunicationIdentityClientOptions) -> Setup {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let client = CommunicationIdentityClient::new(
        &server.uri(),
        AccessKey::new(KEY).expect("a valid key"),
        Some({
            let mut options = options;
            options.clock = Some(Arc::new(clock.clone()));
            options
        }),
    )
    .expect("a client");
    Setup {
        server,
        clock,
        client,
    }
}

async fn setup(max_retries: u32) -> Setup {
    setup_with({
        let mut options = CommunicationIdentityClientOptions::default();
        options.retry = {
            let mut options = RetryOptions::default();
            options.max_retries = max_retries;
            options
        };
        options
    })
    .await
}

/// Runs `call` in the background, so the test can move the clock while it waits.
fn spawn<T, Fut>(call: Fut) -> JoinHandle<Result<T>>
where
    T: Send + 'static,
    Fut: Future<Output = Result<T>> + Send + 'static,
{
    tokio::spawn(call)
}

/// Waits (polling, in real time) until the pipeline sleeps on the clock before a retry.
async fn wait_for_retry_wait(clock: &ManualClock) {
    for _ in 0..10_000 {
        if clock.pending_sleepers() > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("the client never started to wait for a retry");
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Checks a received request's HMAC signature as the service would, at `now`.
fn assert_signed(request: &wiremock::Request, now: DateTime<Utc>) {
    let path_and_query = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let received = ReceivedRequest {
        method: request.method.as_str(),
        path_and_query: &path_and_query,
        host: header(request, "host").expect("a host header"),
        x_ms_date: header(request, "x-ms-date"),
        x_ms_content_sha256: header(request, "x-ms-content-sha256"),
        authorization: header(request, "authorization"),
        body: &request.body,
    };
    let key = AccessKey::new(KEY).expect("a valid key");
    assert_eq!(
        verify(&received, &key, now, TimeDelta::zero()),
        Ok(()),
        "signed at exactly {now}"
    );
}

// ---- error mapping ----

#[tokio::test]
async fn every_error_body_shape_becomes_a_service_error_with_the_request_id() {
    struct Case {
        status: u16,
        body: &'static str,
        content_type: &'static str,
        code: &'static str,
        message: &'static str,
        target: Option<&'static str>,
    }
    let cases = [
        // The documented shape.
        Case {
            status: 400,
            body: r#"{"error":{"code":"ValidationError","message":"expiresInMinutes is out of range","target":"expiresInMinutes","details":[]}}"#,
            content_type: "application/json",
            code: "ValidationError",
            message: "expiresInMinutes is out of range",
            target: Some("expiresInMinutes"),
        },
        // The older PascalCase shape, with and without a message.
        Case {
            status: 403,
            body: r#"{"CommunicationError":{"Code":"Forbidden","Message":"Permissions check failed","Details":[]}}"#,
            content_type: "application/json",
            code: "Forbidden",
            message: "Permissions check failed",
            target: None,
        },
        Case {
            status: 404,
            body: r#"{"CommunicationError":{"Code":"NotFound","Details":[]}}"#,
            content_type: "application/json",
            code: "NotFound",
            message: "",
            target: None,
        },
        // A bare `{Code, Message}`.
        Case {
            status: 401,
            body: r#"{"Code":"IdentityNotOwned","Message":"The identity belongs to another resource"}"#,
            content_type: "application/json",
            code: "IdentityNotOwned",
            message: "The identity belongs to another resource",
            target: None,
        },
        // An empty body: the status names the error.
        Case {
            status: 404,
            body: "",
            content_type: "application/json",
            code: "NotFound",
            message: "",
            target: None,
        },
        // Plain text.
        Case {
            status: 400,
            body: "Bad request: scopes are missing",
            content_type: "text/plain",
            code: "BadRequest",
            message: "Bad request: scopes are missing",
            target: None,
        },
    ];
    for case in cases {
        let setup = setup(3).await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(case.status)
                    .insert_header("MS-CV", "ms-cv-request-id.0")
                    .set_body_raw(case.body, case.content_type),
            )
            .expect(1)
            .mount(&setup.server)
            .await;

        let error = setup
            .client
            .get_token(&user(), &[CommunicationTokenScope::Chat], None)
            .await
            .expect_err("an error status");

        let expected = ErrorKind::Service {
            status: case.status,
            code: case.code.to_owned(),
            message: case.message.to_owned(),
            target: case.target.map(str::to_owned),
        };
        assert_eq!(error.kind(), &expected, "{}", case.body);
        assert_eq!(error.status(), Some(case.status));
        assert_eq!(error.code(), Some(case.code));
        assert_eq!(error.request_id(), Some("ms-cv-request-id.0"));
        assert!(
            error
                .to_string()
                .starts_with(&format!("service error {} {}", case.status, case.code))
        );
        setup.server.verify().await;
    }
}

// ---- retries ----

#[tokio::test]
async fn a_503_is_retried_with_a_fresh_signature() {
    let setup = setup(3).await;
    Mock::given(method("POST"))
        .and(path(ISSUE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&setup.server)
        .await;
    Mock::given(method("POST"))
        .and(path(ISSUE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body()))
        .expect(1)
        .mount(&setup.server)
        .await;

    let client = setup.client.clone();
    let call = spawn(async move {
        client
            .get_token(&user(), &[CommunicationTokenScope::Voip], None)
            .await
    });
    wait_for_retry_wait(&setup.clock).await;
    assert_eq!(received(&setup.server).await.len(), 1);
    // The backoff before the first retry is at most 0.8 s; one second covers any jitter.
    setup.clock.advance(TimeDelta::seconds(1));
    let token = call.await.expect("no panic").expect("the retry succeeds");
    assert_eq!(token.token.expose_secret(), TOKEN);

    let requests = received(&setup.server).await;
    assert_eq!(requests.len(), 2);
    let (first, second) = (&requests[0], &requests[1]);
    assert_eq!(
        header(first, "x-ms-date"),
        Some("Sun, 22 Nov 2026 05:16:02 GMT")
    );
    assert_eq!(
        header(second, "x-ms-date"),
        Some("Sun, 22 Nov 2026 05:16:03 GMT")
    );
    assert_ne!(
        header(first, "authorization"),
        header(second, "authorization")
    );
    assert_signed(first, start());
    assert_signed(second, start() + TimeDelta::seconds(1));
    assert_eq!(
        header(first, "x-ms-client-request-id"),
        header(second, "x-ms-client-request-id"),
        "one logical request, one client request id"
    );
    assert_eq!(first.body, second.body);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_exactly_that_long() {
    let setup = setup(3).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "7"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&setup.server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body()))
        .expect(1)
        .mount(&setup.server)
        .await;

    let client = setup.client.clone();
    let call = spawn(async move {
        client
            .get_token(&user(), &[CommunicationTokenScope::Chat], None)
            .await
    });
    wait_for_retry_wait(&setup.clock).await;

    // 6.999 s later the client is still waiting and has sent nothing more.
    setup.clock.advance(TimeDelta::milliseconds(6_999));
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!call.is_finished());
    assert_eq!(setup.clock.pending_sleepers(), 1);
    assert_eq!(received(&setup.server).await.len(), 1);

    // At exactly 7 s it retries.
    setup.clock.advance(TimeDelta::milliseconds(1));
    call.await.expect("no panic").expect("the retry succeeds");
    let requests = received(&setup.server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        header(&requests[1], "x-ms-date"),
        Some("Sun, 22 Nov 2026 05:16:09 GMT")
    );
    assert_signed(&requests[1], start() + TimeDelta::seconds(7));
}

#[tokio::test]
async fn when_retries_run_out_the_last_error_is_returned() {
    let setup = setup(2).await;
    for attempt in 1..=3 {
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503).set_body_json(json!({
                "error": {"code": "ServiceUnavailable", "message": format!("attempt {attempt}")}
            })))
            .up_to_n_times(1)
            .expect(1)
            .mount(&setup.server)
            .await;
    }

    let client = setup.client.clone();
    let call = spawn(async move { client.revoke_tokens(&user(), None).await });
    for _ in 0..2 {
        wait_for_retry_wait(&setup.clock).await;
        let before = received(&setup.server).await.len();
        setup.clock.advance(TimeDelta::seconds(60));
        while received(&setup.server).await.len() == before {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
    let error = call
        .await
        .expect("no panic")
        .expect_err("retries exhausted");
    assert_eq!(
        error.kind(),
        &ErrorKind::Service {
            status: 503,
            code: "ServiceUnavailable".to_owned(),
            message: "attempt 3".to_owned(),
            target: None,
        }
    );
    assert_eq!(received(&setup.server).await.len(), 3, "1 try + 2 retries");
    setup.server.verify().await;
}

#[tokio::test]
async fn create_user_is_not_retried_when_the_service_may_have_acted() {
    for response in [
        ResponseTemplate::new(503),
        ResponseTemplate::new(500).insert_header("Retry-After", "1"),
        ResponseTemplate::new(502),
    ] {
        let setup = setup(3).await;
        Mock::given(any())
            .respond_with(response)
            .expect(1)
            .mount(&setup.server)
            .await;
        let error = setup
            .client
            .create_user(None)
            .await
            .expect_err("not retried");
        assert!(matches!(error.kind(), ErrorKind::Service { .. }));
        assert_eq!(setup.clock.pending_sleepers(), 0);
        setup.server.verify().await;
    }
}

#[tokio::test]
async fn create_user_is_retried_when_the_service_says_it_did_not_act() {
    let setup = setup(3).await;
    Mock::given(method("POST"))
        .and(path("/identities"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "2"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&setup.server)
        .await;
    Mock::given(method("POST"))
        .and(path("/identities"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"identity": {"id": USER_ID}})),
        )
        .expect(1)
        .mount(&setup.server)
        .await;

    let client = setup.client.clone();
    let call = spawn(async move { client.create_user(None).await });
    wait_for_retry_wait(&setup.clock).await;
    setup.clock.advance(TimeDelta::seconds(2));
    let created = call.await.expect("no panic").expect("created on the retry");
    assert_eq!(created.id(), USER_ID);
    setup.server.verify().await;
}

#[tokio::test]
async fn the_teams_extension_exchange_is_retried_with_the_callers_token() {
    let setup = setup(3).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&setup.server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "identity": {"id": "8:acs:resource_tenant_user"},
            "accessToken": token_body()
        })))
        .mount(&setup.server)
        .await;

    let client = setup.client.clone();
    let call = spawn(async move {
        client
            .exchange_teams_extension_token("entra-token", None)
            .await
    });
    wait_for_retry_wait(&setup.clock).await;
    setup.clock.advance(TimeDelta::seconds(1));
    let exchanged = call.await.expect("no panic").expect("exchanged");
    assert_eq!(exchanged.user.raw_id(), "8:acs:resource_tenant_user");

    let requests = received(&setup.server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(header(request, "authorization"), Some("Bearer entra-token"));
        assert_eq!(header(request, "x-ms-date"), None, "not HMAC-signed");
        assert_eq!(request.body, b"{}");
    }
}

// ---- timeouts ----

#[tokio::test]
async fn an_attempt_slower_than_the_timeout_fails_with_timeout() {
    let setup = setup_with({
        let mut options = CommunicationIdentityClientOptions::default();
        options.retry = {
            let mut options = RetryOptions::default();
            options.max_retries = 0;
            options
        };
        options.timeout = Some(Duration::from_millis(200));
        options
    })
    .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body())
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&setup.server)
        .await;

    let error = setup
        .client
        .get_token(&user(), &[CommunicationTokenScope::Chat], None)
        .await
        .expect_err("timed out");
    assert_eq!(error.kind(), &ErrorKind::Timeout, "{error:?}");
    assert_eq!(received(&setup.server).await.len(), 1);
}

// ---- local validation ----

#[tokio::test]
async fn invalid_input_is_rejected_before_anything_is_sent() {
    let setup = setup(3).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&setup.server)
        .await;
    let client = &setup.client;
    let scopes = [CommunicationTokenScope::Chat];
    let get_token = |minutes: u64| {
        Some({
            let mut options = CommunicationIdentityClientGetTokenOptions::default();
            options.expires_in = Some(Duration::from_secs(minutes * 60));
            options
        })
    };

    let mut errors = vec![
        (
            "30 minutes",
            client
                .get_token(&user(), &scopes, get_token(30))
                .await
                .err(),
        ),
        (
            "25 hours",
            client
                .get_token(&user(), &scopes, get_token(25 * 60))
                .await
                .err(),
        ),
        (
            "59 minutes 59 seconds",
            client
                .create_user_and_token(
                    &scopes,
                    Some({
                        let mut options =
                            CommunicationIdentityClientCreateUserAndTokenOptions::default();
                        options.expires_in = Some(Duration::from_secs(3599));
                        options
                    }),
                )
                .await
                .err(),
        ),
        (
            "24 hours and a second",
            client
                .create_user_and_token(
                    &scopes,
                    Some({
                        let mut options =
                            CommunicationIdentityClientCreateUserAndTokenOptions::default();
                        options.expires_in = Some(Duration::from_secs(86_401));
                        options
                    }),
                )
                .await
                .err(),
        ),
        (
            "no scopes",
            client.get_token(&user(), &[], None).await.err(),
        ),
        (
            "no scopes for a new user",
            client.create_user_and_token(&[], None).await.err(),
        ),
        (
            "an empty user id",
            client
                .delete_user(&CommunicationUserIdentifier::new(""), None)
                .await
                .err(),
        ),
        (
            "an empty user id to revoke",
            client
                .revoke_tokens(&CommunicationUserIdentifier::new(" "), None)
                .await
                .err(),
        ),
        (
            "an empty client id",
            client
                .get_token_for_teams_user("entra", "", "object", None)
                .await
                .err(),
        ),
        (
            "an empty Entra ID token",
            client.exchange_teams_extension_token("", None).await.err(),
        ),
        (
            "an empty tenant id",
            client
                .get_teams_extension_assignment("", "object", None)
                .await
                .err(),
        ),
    ];

    let legacy = CommunicationIdentityClient::new(
        &setup.server.uri(),
        AccessKey::new(KEY).expect("a valid key"),
        Some({
            let mut options = CommunicationIdentityClientOptions::default();
            options.api_version = IdentityApiVersion::V2023_10_01;
            options
        }),
    )
    .expect("a client");
    errors.extend([
        (
            "Teams extension exchange at 2023-10-01",
            legacy
                .exchange_teams_extension_token("entra", None)
                .await
                .err(),
        ),
        (
            "Teams extension get at 2023-10-01",
            legacy
                .get_teams_extension_assignment("tenant", "object", None)
                .await
                .err(),
        ),
        (
            "Teams extension upsert at 2023-10-01",
            legacy
                .upsert_teams_extension_assignment(
                    "tenant",
                    "object",
                    TeamsExtensionPrincipalType::User,
                    None,
                )
                .await
                .err(),
        ),
        (
            "Teams extension delete at 2023-10-01",
            legacy
                .delete_teams_extension_assignment("tenant", "object", None)
                .await
                .err(),
        ),
    ]);

    for (what, error) in errors {
        let error = error.unwrap_or_else(|| panic!("{what}: accepted"));
        assert_eq!(error.kind(), &ErrorKind::InvalidInput, "{what}: {error:?}");
        assert!(error.to_string().starts_with("invalid input: "), "{what}");
    }
    let lifetime = client
        .get_token(&user(), &scopes, get_token(30))
        .await
        .expect_err("rejected");
    assert_eq!(
        lifetime.to_string(),
        "invalid input: expires_in must be between 1 hour and 24 hours (60 to 1440 minutes), got 30m"
    );
    let version = legacy
        .get_teams_extension_assignment("tenant", "object", None)
        .await
        .expect_err("rejected");
    assert!(
        version
            .to_string()
            .contains("require api-version 2025-06-30 or later"),
        "{version}"
    );

    assert!(received(&setup.server).await.is_empty(), "nothing was sent");
    setup.server.verify().await;
}

// ---- expiresOn ----

#[tokio::test]
async fn expires_on_is_parsed_in_every_form_the_service_sends() {
    let cases = [
        ("2026-11-23T10:00:00Z", 0),
        ("2026-11-23T10:00:00+00:00", 0),
        ("2026-11-23T10:00:00.8Z", 800_000_000),
        ("2026-11-23T10:00:00.81+00:00", 810_000_000),
        ("2026-11-23T10:00:00.810Z", 810_000_000),
        ("2026-11-23T10:00:00.8102+00:00", 810_200_000),
        ("2026-11-23T10:00:00.95294Z", 952_940_000),
        ("2026-11-23T10:00:00.952941+00:00", 952_941_000),
        ("2026-11-23T10:00:00.0404706+00:00", 40_470_600),
        ("2026-11-23T10:00:00.0404706Z", 40_470_600),
    ];
    let setup = setup(0).await;
    for (expires_on, nanos) in cases {
        setup.server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"token": TOKEN, "expiresOn": expires_on})),
            )
            .mount(&setup.server)
            .await;
        let token = setup
            .client
            .get_token(&user(), &[CommunicationTokenScope::Chat], None)
            .await
            .unwrap_or_else(|error| panic!("{expires_on}: {error}"));
        let expected = Utc
            .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .single()
            .expect("a valid date")
            + TimeDelta::nanoseconds(nanos);
        assert_eq!(token.expires_on, expected, "{expires_on}");
    }
}

#[tokio::test]
async fn create_user_and_token_returns_the_token_it_was_sent() {
    let setup = setup(0).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "identity": {"id": USER_ID},
            "accessToken": token_body()
        })))
        .mount(&setup.server)
        .await;
    let created = setup
        .client
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await
        .expect("created");
    assert_eq!(created.user, user());
    assert_eq!(created.access_token.token.expose_secret(), TOKEN);
    assert!(
        !format!("{created:?}").contains(TOKEN),
        "Debug hides the token"
    );

    // Without the token the service was asked for, the answer does not decode.
    setup.server.reset().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"identity": {"id": USER_ID}})),
        )
        .mount(&setup.server)
        .await;
    let error = setup
        .client
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await
        .expect_err("no token");
    assert_eq!(error.kind(), &ErrorKind::Decode);
}

// ---- secrets ----

#[tokio::test]
async fn no_debug_or_error_text_contains_the_key() {
    let setup = setup(0).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": {"code": "InvalidAccessToken", "message": "the signature does not match"}
        })))
        .mount(&setup.server)
        .await;
    let client = &setup.client;
    let service_error = client
        .get_token(&user(), &[CommunicationTokenScope::Chat], None)
        .await
        .expect_err("401");

    let connection_string = format!("endpoint={};accesskey={KEY}", setup.server.uri());
    let from_connection_string =
        CommunicationIdentityClient::from_connection_string(&connection_string, None)
            .expect("a client");
    let bad_endpoint = CommunicationIdentityClient::from_connection_string(
        &format!("endpoint=http://contoso.communication.azure.com/;accesskey={KEY}"),
        None,
    )
    .expect_err("plain http to a remote host");
    let missing_endpoint =
        CommunicationIdentityClient::from_connection_string(&format!("accesskey={KEY}"), None)
            .expect_err("no endpoint");

    let texts = [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{from_connection_string:?}"),
        format!("{service_error:?}"),
        service_error.to_string(),
        format!("{bad_endpoint:?}"),
        bad_endpoint.to_string(),
        format!("{missing_endpoint:?}"),
        missing_endpoint.to_string(),
        format!("{:?}", {
            let mut options = CommunicationIdentityClientOptions::default();
            options.http_client = Some(reqwest::Client::new());
            options
        }),
    ];
    let key_start = &KEY[..12];
    for text in texts {
        assert!(!text.contains(key_start), "{text}");
    }
    assert!(missing_endpoint.to_string().contains("endpoint"));
}
