//! acs-management against wiremock on a `ManualClock`: long-running operations through
//! `Azure-AsyncOperation`, `Location` and the resource's provisioning state, waiting exactly
//! what `Retry-After` says; ARM error shapes; paging over `nextLink`; bad input sends nothing;
//! keys, connection strings and tokens never appear in `Debug`, `Display` or errors.

use std::sync::Arc;
use std::time::Duration;

use acs_auth::{Clock, ManualClock};
use acs_management::models::{OperationStatus, ProvisioningState};
use acs_management::options::ListOptions;
use acs_management::{
    CommunicationServiceCreate, EmailServiceCreate, EmulatorCredential, ErrorKind,
    ManagementClient, ManagementClientOptions, RetryOptions,
};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use futures::{StreamExt as _, TryStreamExt as _};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SUBSCRIPTION: &str = "11111111-2222-3333-4444-555555555555";
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const RESOURCE_PATH: &str = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs1";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("a valid date")
}

fn client(server: &MockServer, clock: &ManualClock) -> ManagementClient {
    client_with(server, clock, ManagementClientOptions::default())
}

fn client_with(
    server: &MockServer,
    clock: &ManualClock,
    options: ManagementClientOptions,
) -> ManagementClient {
    let clock: Arc<dyn Clock> = Arc::new(clock.clone());
    ManagementClient::new(
        SUBSCRIPTION,
        Arc::new(EmulatorCredential::new().with_clock(clock.clone())),
        Some(
            options
                .with_endpoint(server.uri())
                .with_retry(RetryOptions::default().with_max_retries(0))
                .with_clock(clock),
        ),
    )
    .expect("a client")
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

fn resource(state: &str) -> Value {
    json!({
        "id": RESOURCE_PATH,
        "name": "acs1",
        "type": "Microsoft.Communication/CommunicationServices",
        "location": "global",
        "properties": {"provisioningState": state, "dataLocation": "Europe", "hostName": "acs1.communication.azure.com"}
    })
}

async fn requests(server: &MockServer) -> Vec<(String, String)> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .into_iter()
        .map(|r| (r.method.to_string(), r.url.path().to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_follows_azure_async_operation_waiting_retry_after() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let status_url = format!("{}/operations/op-1?api-version=2025-09-01", server.uri());
    Mock::given(method("PUT"))
        .and(path(RESOURCE_PATH))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("azure-asyncoperation", status_url.as_str())
                .insert_header("retry-after", "7")
                .set_body_json(resource("Creating")),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/operations/op-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("retry-after", "3")
                .set_body_json(json!({"status": "InProgress"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/operations/op-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "Succeeded"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(RESOURCE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(resource("Succeeded")))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, &clock);
    let mut poller = client
        .communication_services()
        .begin_create_or_update(
            "rg",
            "acs1",
            &CommunicationServiceCreate::new("global", "Europe"),
            None,
        )
        .await
        .expect("accepted");
    assert_eq!(poller.status(), &OperationStatus::InProgress);
    assert_eq!(poller.next_interval(), Duration::from_secs(7));
    let driver = drive(&clock);
    assert_eq!(
        poller.poll().await.expect("polled"),
        OperationStatus::InProgress
    );
    assert_eq!(clock.now() - start(), TimeDelta::seconds(7));
    assert_eq!(poller.next_interval(), Duration::from_secs(3));
    let created = poller.wait().await.expect("created");
    driver.abort();
    assert_eq!(clock.now() - start(), TimeDelta::seconds(10));
    assert_eq!(
        created.provisioning_state,
        Some(ProvisioningState::Succeeded)
    );
    assert_eq!(
        created.host_name.as_deref(),
        Some("acs1.communication.azure.com")
    );
    let seen = requests(&server).await;
    let methods: Vec<&str> = seen.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(methods, ["PUT", "GET", "GET", "GET"], "{seen:?}");
    assert_eq!(seen[3].1, RESOURCE_PATH, "the final GET reads the resource");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_operation_is_an_operation_failed_error_with_arm_code() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header(
                    "azure-asyncoperation",
                    format!("{}/operations/op-2", server.uri()).as_str(),
                )
                .set_body_json(resource("Creating")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/operations/op-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "Failed",
            "error": {"code": "QuotaExceeded", "message": "the subscription has too many resources"}
        })))
        .mount(&server)
        .await;
    let client = client(&server, &clock);
    let driver = drive(&clock);
    let error = client
        .communication_services()
        .create_or_update(
            "rg",
            "acs1",
            &CommunicationServiceCreate::new("global", "Europe"),
            None,
        )
        .await
        .expect_err("the operation failed");
    driver.abort();
    match error.kind() {
        ErrorKind::OperationFailed {
            operation_id,
            status,
            code,
            message,
        } => {
            assert_eq!(operation_id, "op-2");
            assert_eq!(status, "Failed");
            assert_eq!(code, "QuotaExceeded");
            assert_eq!(message, "the subscription has too many resources");
        }
        other => panic!("unexpected {other:?}"),
    }
    // No Retry-After: the default interval (10 s).
    assert_eq!(clock.now() - start(), TimeDelta::seconds(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_follows_location_until_it_stops_answering_202() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(202)
                .insert_header(
                    "location",
                    format!("{}/locations/del-1", server.uri()).as_str(),
                )
                .insert_header("retry-after", "2"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/locations/del-1"))
        .respond_with(ResponseTemplate::new(202).insert_header("retry-after", "4"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/locations/del-1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server, &clock);
    let driver = drive(&clock);
    let statuses: Vec<_> = client
        .communication_services()
        .begin_delete("rg", "acs1", None)
        .await
        .expect("accepted")
        .stream()
        .collect()
        .await;
    driver.abort();
    let statuses: Vec<_> = statuses.into_iter().map(|s| s.expect("a status")).collect();
    assert_eq!(
        statuses,
        [OperationStatus::InProgress, OperationStatus::Succeeded]
    );
    assert_eq!(clock.now() - start(), TimeDelta::seconds(6));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_headers_the_provisioning_state_is_watched_and_poll_intervals_are_bounded() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "/e", "name": "e1", "location": "global",
            "properties": {"provisioningState": "Creating", "dataLocation": "Europe"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("retry-after", "3600")
                .set_body_json(json!({
                    "id": "/e", "name": "e1", "location": "global",
                    "properties": {"provisioningState": "Succeeded", "dataLocation": "Europe"}
                })),
        )
        .mount(&server)
        .await;
    let client = client_with(
        &server,
        &clock,
        ManagementClientOptions::default()
            .with_min_poll_interval(Duration::from_secs(2))
            .with_default_poll_interval(Duration::from_secs(1)),
    );
    let driver = drive(&clock);
    let service = client
        .email_services()
        .create_or_update(
            "rg",
            "e1",
            &EmailServiceCreate::new("global", "Europe"),
            None,
        )
        .await
        .expect("created");
    driver.abort();
    assert_eq!(
        service.provisioning_state,
        Some(ProvisioningState::Succeeded)
    );
    // The default interval (1 s) is raised to the minimum (2 s).
    assert_eq!(clock.now() - start(), TimeDelta::seconds(2));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_200_create_is_done_at_once_and_202_without_a_url_is_unexpected() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(resource("Succeeded")))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let client = client(&server, &clock);
    let poller = client
        .communication_services()
        .begin_create_or_update(
            "rg",
            "acs1",
            &CommunicationServiceCreate::new("global", "Europe"),
            None,
        )
        .await
        .expect("created");
    assert!(poller.is_done());
    assert_eq!(poller.await.expect("the resource").name, "acs1");
    let error = client
        .communication_services()
        .begin_delete("rg", "acs1", None)
        .await
        .expect_err("nothing to follow");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedResponse { status: 202 });
    assert_eq!(requests(&server).await.len(), 2, "no poll was sent");
}

#[tokio::test]
async fn arm_error_shapes_become_service_errors() {
    let cases: Vec<(u16, ResponseTemplate, &str, &str)> = vec![
        (
            404,
            ResponseTemplate::new(404).set_body_json(json!({"error": {
                "code": "ResourceNotFound",
                "message": "The Resource 'Microsoft.Communication/communicationServices/acs1' under resource group 'rg' was not found."
            }})),
            "ResourceNotFound",
            "was not found",
        ),
        (
            409,
            ResponseTemplate::new(409).set_body_json(json!({"error": {
                "code": "Conflict", "message": "busy", "target": "acs1",
                "details": [{"code": "Inner", "message": "inner"}],
                "additionalInfo": [{"type": "PolicyViolation", "info": {"policy": "x"}}]
            }})),
            "Conflict",
            "busy",
        ),
        (
            400,
            ResponseTemplate::new(400).set_body_json(json!({"code": "InvalidResourceName", "message": "bad name"})),
            "InvalidResourceName",
            "bad name",
        ),
        (
            403,
            ResponseTemplate::new(403).set_body_json(json!({"error": {
                "code": "AuthorizationFailed",
                "message": "The client 'developer' does not have authorization to perform action"
            }})),
            "AuthorizationFailed",
            "does not have authorization",
        ),
        (
            503,
            ResponseTemplate::new(503).set_body_string("upstream unavailable"),
            "ServiceUnavailable",
            "upstream unavailable",
        ),
    ];
    for (status, response, code, message) in cases {
        let server = MockServer::start().await;
        let clock = ManualClock::new(start());
        Mock::given(method("GET"))
            .respond_with(response.insert_header("x-ms-request-id", "req-1"))
            .mount(&server)
            .await;
        let error = client(&server, &clock)
            .communication_services()
            .get("rg", "acs1", None)
            .await
            .expect_err("an error");
        match error.kind() {
            ErrorKind::Service {
                status: s,
                code: c,
                message: m,
                ..
            } => {
                assert_eq!(*s, status);
                assert_eq!(c, code);
                assert!(m.contains(message), "{m}");
            }
            other => panic!("{status}: unexpected {other:?}"),
        }
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.request_id(), Some("req-1"));
        assert!(!error.to_string().contains("Bearer"));
    }
}

#[tokio::test]
async fn lists_follow_next_link_and_a_bad_item_fails_alone() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let list_path = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Communication/communicationServices";
    let next = format!(
        "{}/next-page?api-version=2025-09-01&$skipToken=2",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path(list_path))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [resource("Succeeded"), {"name": "broken", "location": 5}],
            "nextLink": next,
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/next-page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"value": [resource("Updating")], "nextLink": null})),
        )
        .mount(&server)
        .await;
    let client = client(&server, &clock);
    let items: Vec<_> = client
        .communication_services()
        .list_by_subscription(None)
        .collect()
        .await;
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok());
    let bad = items[1].as_ref().expect_err("the broken item");
    assert_eq!(bad.kind(), &ErrorKind::Decode);
    assert!(bad.to_string().contains("value[1]"), "{bad}");
    assert_eq!(
        items[2]
            .as_ref()
            .expect("the second page")
            .provisioning_state,
        Some(ProvisioningState::Updating)
    );
    let pages: Vec<_> = client
        .communication_services()
        .list_by_subscription(None)
        .into_pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 2);
    assert!(
        pages[0]
            .continuation
            .as_deref()
            .is_some_and(|l| l.ends_with("$skipToken=2"))
    );
    assert!(pages[1].continuation.is_none());

    // A next link on another origin is refused: the token goes only to the endpoint.
    let elsewhere = client
        .communication_services()
        .list_by_subscription(Some(
            ListOptions::default().with_continuation("https://evil.example/steal?api-version=1"),
        ))
        .try_collect::<Vec<_>>()
        .await
        .expect_err("refused");
    assert_eq!(elsewhere.kind(), &ErrorKind::InvalidInput);
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let client = client(&server, &clock);
    let services = client.communication_services();
    let empty_group = services
        .get("", "acs1", None)
        .await
        .expect_err("empty group");
    assert_eq!(empty_group.kind(), &ErrorKind::InvalidInput);
    let empty_name = services
        .list_keys("rg", " ", None)
        .await
        .expect_err("empty name");
    assert_eq!(empty_name.kind(), &ErrorKind::InvalidInput);
    let listed = services
        .list_by_resource_group("", None)
        .try_collect::<Vec<_>>()
        .await;
    assert_eq!(
        listed.expect_err("empty group").kind(),
        &ErrorKind::InvalidInput
    );
    assert!(requests(&server).await.is_empty());
    for endpoint in [
        "http://example.com",
        "ftp://127.0.0.1",
        "https://management.azure.com/path",
    ] {
        let error = ManagementClient::new(
            SUBSCRIPTION,
            Arc::new(EmulatorCredential::new()),
            Some(ManagementClientOptions::default().with_endpoint(endpoint)),
        )
        .expect_err("refused endpoint");
        assert_eq!(error.kind(), &ErrorKind::InvalidInput, "{endpoint}");
    }
}

#[tokio::test]
async fn keys_and_tokens_never_show() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let connection_string =
        format!("endpoint=https://acs1.communication.azure.com/;accesskey={KEY}");
    Mock::given(method("POST"))
        .and(path(format!("{RESOURCE_PATH}/listKeys")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "primaryKey": KEY, "secondaryKey": KEY,
            "primaryConnectionString": connection_string,
            "secondaryConnectionString": connection_string,
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{RESOURCE_PATH}/regenerateKey")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "primaryKey": KEY,
            "primaryConnectionString": format!("endpoint=ftp://x;accesskey={KEY}"),
        })))
        .mount(&server)
        .await;
    let client = client(&server, &clock);
    let keys = client
        .communication_services()
        .list_keys("rg", "acs1", None)
        .await
        .expect("keys");
    let primary = keys.primary_connection_string.as_ref().expect("parsed");
    assert_eq!(
        primary.endpoint().to_string(),
        "https://acs1.communication.azure.com"
    );
    assert_eq!(
        keys.primary_key.as_ref().map(|k| k.expose_secret()),
        Some(KEY)
    );
    let shown = format!("{keys:?} {primary:?} {:?}", keys.primary_key);
    assert!(!shown.contains(KEY), "{shown}");
    assert!(!shown.contains("AAECAwQF"), "{shown}");

    // A connection string that does not parse fails with the field's name, not its value.
    let error = client
        .communication_services()
        .regenerate_key("rg", "acs1", acs_management::models::KeyType::Primary, None)
        .await
        .expect_err("a bad connection string");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    let text = format!("{error} {error:?} {}", acs_core::error_chain(&error));
    assert!(text.contains("primaryConnectionString"), "{text}");
    assert!(!text.contains("AAECAwQF"), "{text}");

    // The client never shows the token it sends.
    let token = {
        use azure_core::credentials::TokenCredential as _;
        EmulatorCredential::new()
            .get_token(&[acs_auth::MANAGEMENT_SCOPE], None)
            .await
            .expect("a token")
    };
    let shown = format!("{client:?} {:?}", client.communication_services());
    assert!(!shown.contains(token.token.secret()));
    assert!(!shown.contains("eyJ"), "{shown}");
    let sent = server.received_requests().await.expect("recording is on");
    assert!(
        sent.iter().all(|r| r
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("Bearer eyJ"))),
        "every request carries a bearer token"
    );
}
