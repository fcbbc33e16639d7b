//! The exact requests `acs-identity` sends: one insta snapshot per operation and per option, as
//! wiremock received them (method, path and query, the headers that matter sorted, the body).
//!
//! # How the HMAC signature is pinned
//!
//! The clock is a `ManualClock` standing at a fixed date and the access key is a fixed test
//! key, but the HMAC string-to-sign also contains the request's `host[:port]`, and a wiremock
//! server listens on a random port. Rather than redacting the signature, the client is given
//! (through the documented `http_client` escape hatch) a `reqwest` client whose HTTP proxy is
//! the wiremock server, and the endpoint `http://localhost`: the request is signed for host
//! `localhost` (default port), travels to wiremock as a proxied request
//! (`POST http://localhost/identities?... HTTP/1.1`, `Host: localhost`) and wiremock records it
//! with that URL. So every byte of every snapshot, the `Authorization` signature included, is
//! the same on every run, and a change in signing shows up as a snapshot diff.
//!
//! On top of the snapshot, each HMAC-signed request is checked with the service-side verifier
//! `acs_auth::hmac::verify` (same key, same time), so the pinned signature is also a valid one.
//!
//! Snapshots live in `tests/tests/snapshots/identity_wire__*.snap`; update them with
//! `INSTA_UPDATE=always cargo test -p acs-integration-tests --test identity_wire` and review the
//! diff.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::hmac::{DEFAULT_MAX_CLOCK_SKEW, ReceivedRequest, verify};
use acs_auth::{AccessKey, ManualClock};
use acs_identity::models::{
    CommunicationIdentifier, CommunicationTokenScope, CommunicationUserIdentifier,
    TeamsExtensionPrincipalType,
};
use acs_identity::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientGetTokenOptions,
    CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions, IdentityApiVersion,
};
use acs_identity::{CommunicationIdentityClient, CommunicationIdentityClientOptions, RetryOptions};
use acs_integration_tests::render_request;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The fixed test key (bytes 0..=31).
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
/// The endpoint the client signs for; the proxy sends it to wiremock.
const ENDPOINT: &str = "http://localhost";
const USER_ID: &str =
    "8:acs:00000000-0000-0000-0000-0000000000a1_00000000-0000-0000-0000-0000000000b2";
const TENANT_ID: &str = "00000000-0000-0000-0000-00000000000e";
const OBJECT_ID: &str = "00000000-0000-0000-0000-00000000000f";
const ENTRA_TOKEN: &str = "entra-token-for-tests";

fn signing_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 5, 16, 2)
        .single()
        .expect("a valid date")
}

fn user() -> CommunicationUserIdentifier {
    CommunicationUserIdentifier::new(USER_ID)
}

fn token_body() -> serde_json::Value {
    json!({"token": "eyJ0eXAi.e30.sig", "expiresOn": "2026-11-23T05:16:02.0404706+00:00"})
}

fn created_body() -> serde_json::Value {
    json!({"identity": {"id": USER_ID}, "accessToken": token_body()})
}

fn assignment_body() -> serde_json::Value {
    json!({
        "tenantId": TENANT_ID,
        "objectId": OBJECT_ID,
        "principalType": "user",
        "clientIds": ["00000000-0000-0000-0000-0000000000c1"]
    })
}

fn options() -> CommunicationIdentityClientOptions {
    {
        let mut options = CommunicationIdentityClientOptions::default();
        options.retry = {
            let mut options = RetryOptions::default();
            options.max_retries = 0;
            options
        };
        options
    }
}

fn legacy() -> CommunicationIdentityClientOptions {
    {
        let mut options = options();
        options.api_version = IdentityApiVersion::V2023_10_01;
        options
    }
}

/// Makes one call with a client wired to a fresh wiremock server that answers `response`, and
/// snapshots the one request it received as `name`.
async fn snapshot<F, Fut>(
    name: &str,
    options: CommunicationIdentityClientOptions,
    response: ResponseTemplate,
    call: F,
) where
    F: FnOnce(CommunicationIdentityClient) -> Fut,
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
    let client = CommunicationIdentityClient::new(
        ENDPOINT,
        key.clone(),
        Some({
            let mut options = options;
            options.http_client = Some(http);
            options.clock = Some(Arc::new(ManualClock::new(signing_time())));
            options
        }),
    )
    .expect("a client");

    call(client).await;

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{name}: one request");
    let request = &requests[0];
    check_authentication(name, request, &key);
    insta::assert_snapshot!(name, render_request(request));
}

/// HMAC-signed requests must pass the service-side verifier; the Teams Phone extension
/// exchange must carry the caller's Entra ID token instead.
fn check_authentication(name: &str, request: &wiremock::Request, key: &AccessKey) {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    assert_eq!(header("host"), Some("localhost"), "{name}: signed host");
    let authorization = header("authorization").expect("an authorization header");
    if authorization.starts_with("Bearer ") {
        assert_eq!(
            authorization,
            format!("Bearer {ENTRA_TOKEN}"),
            "{name}: the caller's token"
        );
        assert!(
            header("x-ms-content-sha256").is_none(),
            "{name}: not signed"
        );
        return;
    }
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
        authorization: Some(authorization),
        body: &request.body,
    };
    assert_eq!(
        verify(&received, key, signing_time(), DEFAULT_MAX_CLOCK_SKEW),
        Ok(()),
        "{name}: the signature verifies"
    );
}

fn get_token_options(expires_in: Duration) -> Option<CommunicationIdentityClientGetTokenOptions> {
    Some({
        let mut options = CommunicationIdentityClientGetTokenOptions::default();
        options.expires_in = Some(expires_in);
        options
    })
}

fn create_options(
    expires_in: Duration,
) -> Option<CommunicationIdentityClientCreateUserAndTokenOptions> {
    Some({
        let mut options = CommunicationIdentityClientCreateUserAndTokenOptions::default();
        options.expires_in = Some(expires_in);
        options
    })
}

const HOUR: Duration = Duration::from_secs(3600);

// ---- create_user ----

#[tokio::test]
async fn create_user() {
    snapshot(
        "create_user",
        options(),
        ResponseTemplate::new(201).set_body_json(json!({"identity": {"id": USER_ID}})),
        |client| async move {
            let user = client.create_user(None).await.expect("created");
            assert_eq!(user.id(), USER_ID);
        },
    )
    .await;
}

#[tokio::test]
async fn create_user_with_user_agent_suffix() {
    snapshot(
        "create_user_with_user_agent_suffix",
        {
            let mut options = options();
            options.user_agent_suffix = Some("contoso-app/1.2.3".to_owned());
            options
        },
        ResponseTemplate::new(201).set_body_json(json!({"identity": {"id": USER_ID}})),
        |client| async move {
            client.create_user(None).await.expect("created");
        },
    )
    .await;
}

// ---- create_user_and_token: each scope, then each lifetime ----

async fn create_user_and_token_with_scope(name: &str, scope: CommunicationTokenScope) {
    snapshot(
        name,
        options(),
        ResponseTemplate::new(201).set_body_json(created_body()),
        |client| async move {
            let created = client
                .create_user_and_token(&[scope], None)
                .await
                .expect("created");
            assert_eq!(created.user.id(), USER_ID);
            assert_eq!(
                created.access_token.token.expose_secret(),
                "eyJ0eXAi.e30.sig"
            );
        },
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_scope_chat() {
    create_user_and_token_with_scope(
        "create_user_and_token_scope_chat",
        CommunicationTokenScope::Chat,
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_scope_voip() {
    create_user_and_token_with_scope(
        "create_user_and_token_scope_voip",
        CommunicationTokenScope::Voip,
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_scope_chat_join() {
    create_user_and_token_with_scope(
        "create_user_and_token_scope_chat_join",
        CommunicationTokenScope::ChatJoin,
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_scope_chat_join_limited() {
    create_user_and_token_with_scope(
        "create_user_and_token_scope_chat_join_limited",
        CommunicationTokenScope::ChatJoinLimited,
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_scope_voip_join() {
    create_user_and_token_with_scope(
        "create_user_and_token_scope_voip_join",
        CommunicationTokenScope::VoipJoin,
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_scope_unknown_future() {
    create_user_and_token_with_scope(
        "create_user_and_token_scope_unknown_future",
        CommunicationTokenScope::from("chat.read.future"),
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_all_scopes_expires_in_1h() {
    snapshot(
        "create_user_and_token_all_scopes_expires_in_1h",
        options(),
        ResponseTemplate::new(201).set_body_json(created_body()),
        |client| async move {
            client
                .create_user_and_token(
                    &[
                        CommunicationTokenScope::Chat,
                        CommunicationTokenScope::Voip,
                        CommunicationTokenScope::ChatJoin,
                        CommunicationTokenScope::ChatJoinLimited,
                        CommunicationTokenScope::VoipJoin,
                    ],
                    create_options(HOUR),
                )
                .await
                .expect("created");
        },
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_expires_in_24h() {
    snapshot(
        "create_user_and_token_expires_in_24h",
        options(),
        ResponseTemplate::new(201).set_body_json(created_body()),
        |client| async move {
            client
                .create_user_and_token(&[CommunicationTokenScope::Chat], create_options(24 * HOUR))
                .await
                .expect("created");
        },
    )
    .await;
}

#[tokio::test]
async fn create_user_and_token_expires_in_rounded_up() {
    snapshot(
        "create_user_and_token_expires_in_90m30s_rounded_up",
        options(),
        ResponseTemplate::new(201).set_body_json(created_body()),
        |client| async move {
            client
                .create_user_and_token(
                    &[CommunicationTokenScope::Voip],
                    create_options(Duration::from_secs(90 * 60 + 30)),
                )
                .await
                .expect("created");
        },
    )
    .await;
}

// ---- get_token ----

#[tokio::test]
async fn get_token_default_lifetime() {
    snapshot(
        "get_token_chat_voip",
        options(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            let token = client
                .get_token(
                    &user(),
                    &[CommunicationTokenScope::Chat, CommunicationTokenScope::Voip],
                    None,
                )
                .await
                .expect("issued");
            assert_eq!(token.token.expose_secret(), "eyJ0eXAi.e30.sig");
            assert_eq!(
                token.expires_on.to_rfc3339(),
                "2026-11-23T05:16:02.040470600+00:00"
            );
        },
    )
    .await;
}

#[tokio::test]
async fn get_token_expires_in_1h() {
    snapshot(
        "get_token_expires_in_1h",
        options(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            client
                .get_token(
                    &user(),
                    &[CommunicationTokenScope::ChatJoin],
                    get_token_options(HOUR),
                )
                .await
                .expect("issued");
        },
    )
    .await;
}

#[tokio::test]
async fn get_token_expires_in_24h() {
    snapshot(
        "get_token_expires_in_24h",
        options(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            client
                .get_token(
                    &user(),
                    &[CommunicationTokenScope::VoipJoin],
                    get_token_options(24 * HOUR),
                )
                .await
                .expect("issued");
        },
    )
    .await;
}

#[tokio::test]
async fn get_token_expires_in_rounded_up() {
    snapshot(
        "get_token_expires_in_2h_plus_1ms_rounded_up",
        options(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            client
                .get_token(
                    &user(),
                    &[CommunicationTokenScope::Chat],
                    get_token_options(2 * HOUR + Duration::from_millis(1)),
                )
                .await
                .expect("issued");
        },
    )
    .await;
}

#[tokio::test]
async fn get_token_unknown_future_scope_and_limited_join() {
    snapshot(
        "get_token_scope_unknown_future_and_chat_join_limited",
        options(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            client
                .get_token(
                    &user(),
                    &[
                        CommunicationTokenScope::ChatJoinLimited,
                        CommunicationTokenScope::from("voip.future"),
                    ],
                    None,
                )
                .await
                .expect("issued");
        },
    )
    .await;
}

#[tokio::test]
async fn get_token_id_with_reserved_characters() {
    snapshot(
        "get_token_id_with_reserved_characters",
        options(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            client
                .get_token(
                    &CommunicationUserIdentifier::new("8:acs:res_us/er@x y%"),
                    &[CommunicationTokenScope::Chat],
                    None,
                )
                .await
                .expect("issued");
        },
    )
    .await;
}

// ---- revoke_tokens, delete_user ----

#[tokio::test]
async fn revoke_tokens() {
    snapshot(
        "revoke_tokens",
        options(),
        ResponseTemplate::new(204),
        |client| async move {
            client.revoke_tokens(&user(), None).await.expect("revoked");
        },
    )
    .await;
}

#[tokio::test]
async fn delete_user() {
    snapshot(
        "delete_user",
        options(),
        ResponseTemplate::new(204),
        |client| async move {
            client.delete_user(&user(), None).await.expect("deleted");
        },
    )
    .await;
}

#[tokio::test]
async fn delete_user_id_with_reserved_characters() {
    snapshot(
        "delete_user_id_with_reserved_characters",
        options(),
        ResponseTemplate::new(204),
        |client| async move {
            client
                .delete_user(
                    &CommunicationUserIdentifier::new("8:acs:res_us/er@x:y"),
                    None,
                )
                .await
                .expect("deleted");
        },
    )
    .await;
}

// ---- Teams users ----

#[tokio::test]
async fn get_token_for_teams_user() {
    snapshot(
        "get_token_for_teams_user",
        options(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            let token = client
                .get_token_for_teams_user(
                    ENTRA_TOKEN,
                    "00000000-0000-0000-0000-0000000000c1",
                    OBJECT_ID,
                    None,
                )
                .await
                .expect("exchanged");
            assert_eq!(token.token.expose_secret(), "eyJ0eXAi.e30.sig");
        },
    )
    .await;
}

// ---- Teams Phone extension ----

#[tokio::test]
async fn exchange_teams_extension_token() {
    snapshot(
        "exchange_teams_extension_token",
        options(),
        ResponseTemplate::new(200).set_body_json(json!({
            "identity": {"id": format!("8:acs:00000000-0000-0000-0000-0000000000a1_{TENANT_ID}_{OBJECT_ID}")},
            "accessToken": token_body()
        })),
        |client| async move {
            let exchanged = client
                .exchange_teams_extension_token(ENTRA_TOKEN, None)
                .await
                .expect("exchanged");
            let CommunicationIdentifier::TeamsExtensionUser(user) = &exchanged.user else {
                panic!("a Teams extension user: {:?}", exchanged.user);
            };
            assert_eq!(user.tenant_id(), TENANT_ID);
            assert_eq!(user.user_id(), OBJECT_ID);
        },
    )
    .await;
}

#[tokio::test]
async fn get_teams_extension_assignment() {
    snapshot(
        "get_teams_extension_assignment",
        options(),
        ResponseTemplate::new(200).set_body_json(assignment_body()),
        |client| async move {
            let assignment = client
                .get_teams_extension_assignment(TENANT_ID, OBJECT_ID, None)
                .await
                .expect("read");
            assert_eq!(assignment.principal_type, TeamsExtensionPrincipalType::User);
            assert_eq!(assignment.client_ids.len(), 1);
        },
    )
    .await;
}

#[tokio::test]
async fn upsert_teams_extension_assignment_user_without_client_ids() {
    snapshot(
        "upsert_teams_extension_assignment_user_without_client_ids",
        options(),
        ResponseTemplate::new(201).set_body_json(assignment_body()),
        |client| async move {
            client
                .upsert_teams_extension_assignment(
                    TENANT_ID,
                    OBJECT_ID,
                    TeamsExtensionPrincipalType::User,
                    None,
                )
                .await
                .expect("created");
        },
    )
    .await;
}

#[tokio::test]
async fn upsert_teams_extension_assignment_resource_account_with_client_ids() {
    snapshot(
        "upsert_teams_extension_assignment_resource_account_with_client_ids",
        options(),
        ResponseTemplate::new(200).set_body_json(assignment_body()),
        |client| async move {
            client
                .upsert_teams_extension_assignment(
                    TENANT_ID,
                    OBJECT_ID,
                    TeamsExtensionPrincipalType::ResourceAccount,
                    Some(
                        {
 let mut options = CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions::default();
 options.client_ids = vec![
                                "00000000-0000-0000-0000-0000000000c1".to_owned(),
                                "00000000-0000-0000-0000-0000000000c2".to_owned(),
                            ];
 options
 },
                    ),
                )
                .await
                .expect("replaced");
        },
    )
    .await;
}

#[tokio::test]
async fn upsert_teams_extension_assignment_unknown_future_principal_type() {
    snapshot(
        "upsert_teams_extension_assignment_unknown_future_principal_type",
        options(),
        ResponseTemplate::new(200).set_body_json(assignment_body()),
        |client| async move {
            client
                .upsert_teams_extension_assignment(
                    TENANT_ID,
                    OBJECT_ID,
                    TeamsExtensionPrincipalType::from("servicePrincipal"),
                    None,
                )
                .await
                .expect("replaced");
        },
    )
    .await;
}

#[tokio::test]
async fn delete_teams_extension_assignment() {
    snapshot(
        "delete_teams_extension_assignment",
        options(),
        ResponseTemplate::new(204),
        |client| async move {
            client
                .delete_teams_extension_assignment(TENANT_ID, OBJECT_ID, None)
                .await
                .expect("deleted");
        },
    )
    .await;
}

// ---- api-version 2023-10-01: the five core operations ----

#[tokio::test]
async fn legacy_create_user() {
    snapshot(
        "api_2023_10_01_create_user",
        legacy(),
        ResponseTemplate::new(201).set_body_json(json!({"identity": {"id": USER_ID}})),
        |client| async move {
            client.create_user(None).await.expect("created");
        },
    )
    .await;
}

#[tokio::test]
async fn legacy_create_user_and_token() {
    snapshot(
        "api_2023_10_01_create_user_and_token",
        legacy(),
        ResponseTemplate::new(201).set_body_json(created_body()),
        |client| async move {
            client
                .create_user_and_token(&[CommunicationTokenScope::Chat], create_options(HOUR))
                .await
                .expect("created");
        },
    )
    .await;
}

#[tokio::test]
async fn legacy_get_token() {
    snapshot(
        "api_2023_10_01_get_token",
        legacy(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            client
                .get_token(
                    &user(),
                    &[CommunicationTokenScope::Voip],
                    get_token_options(HOUR),
                )
                .await
                .expect("issued");
        },
    )
    .await;
}

#[tokio::test]
async fn legacy_revoke_tokens() {
    snapshot(
        "api_2023_10_01_revoke_tokens",
        legacy(),
        ResponseTemplate::new(204),
        |client| async move {
            client.revoke_tokens(&user(), None).await.expect("revoked");
        },
    )
    .await;
}

#[tokio::test]
async fn legacy_delete_user() {
    snapshot(
        "api_2023_10_01_delete_user",
        legacy(),
        ResponseTemplate::new(204),
        |client| async move {
            client.delete_user(&user(), None).await.expect("deleted");
        },
    )
    .await;
}

#[tokio::test]
async fn legacy_get_token_for_teams_user() {
    snapshot(
        "api_2023_10_01_get_token_for_teams_user",
        legacy(),
        ResponseTemplate::new(200).set_body_json(token_body()),
        |client| async move {
            client
                .get_token_for_teams_user(
                    ENTRA_TOKEN,
                    "00000000-0000-0000-0000-0000000000c1",
                    OBJECT_ID,
                    None,
                )
                .await
                .expect("exchanged");
        },
    )
    .await;
}
