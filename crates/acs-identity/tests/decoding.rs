//! What the identity client decodes, against our own fixtures: `null` for optional arrays and
//! objects, other 2xx statuses than the documented ones, and bodies that do not fit (errors
//! naming the operation, the field, the status and the request id, never a token).

use acs_auth::AccessKey;
use acs_identity::models::{
    CommunicationTokenScope, CommunicationUserIdentifier, TeamsExtensionPrincipalType,
};
use acs_identity::options::CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions;
use acs_identity::{CommunicationIdentityClient, ErrorKind};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const USER_ID: &str = "8:acs:resource_user";
const USER_PATH: &str = "/identities/8%3Aacs%3Aresource_user";
const TOKEN: &str = "eyJ0eXAi.e30.secret-token-signature";
const ASSIGNMENT_PATH: &str = "/access/teamsExtension/tenants/tenant/assignments/object";

fn client(server: &MockServer) -> CommunicationIdentityClient {
    CommunicationIdentityClient::new(
        &server.uri(),
        AccessKey::new(KEY).expect("a valid key"),
        None,
    )
    .expect("a client")
}

fn user() -> CommunicationUserIdentifier {
    CommunicationUserIdentifier::new(USER_ID)
}

fn answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(body.to_string(), "application/json")
        .insert_header("ms-cv", "cv-identity.1")
}

async fn mock(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn nulls_for_optional_arrays_and_objects_decode_as_empty() {
    let server = MockServer::start().await;
    mock(
        &server,
        "POST",
        "/identities",
        answer(
            201,
            &json!({"identity": {"id": USER_ID}, "accessToken": null}),
        ),
    )
    .await;
    let assignment = json!({
        "tenantId": "tenant",
        "objectId": "object",
        "principalType": "user",
        "clientIds": null,
    });
    mock(&server, "GET", ASSIGNMENT_PATH, answer(200, &assignment)).await;
    let client = client(&server);

    let created = client.create_user(None).await.expect("decodes");
    assert_eq!(created.raw_id(), USER_ID);
    let assignment = client
        .get_teams_extension_assignment("tenant", "object", None)
        .await
        .expect("decodes");
    assert!(assignment.client_ids.is_empty());
}

#[tokio::test]
async fn other_2xx_statuses_are_successes_when_the_body_fits() {
    let server = MockServer::start().await;
    // Documented 201, answered 200.
    mock(
        &server,
        "POST",
        "/identities",
        answer(200, &json!({"identity": {"id": USER_ID}})),
    )
    .await;
    // Documented 204, answered 200 (with a body) and 202.
    mock(&server, "DELETE", USER_PATH, answer(200, &json!({}))).await;
    mock(
        &server,
        "POST",
        &format!("{USER_PATH}/:revokeAccessTokens"),
        ResponseTemplate::new(202),
    )
    .await;
    // Documented 200, answered 201.
    mock(
        &server,
        "POST",
        &format!("{USER_PATH}/:issueAccessToken"),
        answer(
            201,
            &json!({"token": TOKEN, "expiresOn": "2026-11-23T05:16:02.952941+00:00"}),
        ),
    )
    .await;
    // Documented 200 and 201, answered 203.
    mock(
        &server,
        "PUT",
        ASSIGNMENT_PATH,
        answer(
            203,
            &json!({"tenantId": "tenant", "objectId": "object", "principalType": "user", "clientIds": ["app"]}),
        ),
    )
    .await;
    let client = client(&server);

    assert_eq!(
        client.create_user(None).await.expect("200").raw_id(),
        USER_ID
    );
    client.delete_user(&user(), None).await.expect("200");
    client.revoke_tokens(&user(), None).await.expect("202");
    let token = client
        .get_token(&user(), &[CommunicationTokenScope::Chat], None)
        .await
        .expect("201");
    assert_eq!(token.token.expose_secret(), TOKEN);
    let assignment = client
        .upsert_teams_extension_assignment(
            "tenant",
            "object",
            TeamsExtensionPrincipalType::User,
            Some({
                let mut options =
                    CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions::default();
                options.client_ids = vec!["app".into()];
                options
            }),
        )
        .await
        .expect("203");
    assert_eq!(assignment.client_ids, ["app"]);
}

#[tokio::test]
async fn a_token_that_does_not_fit_names_the_field_but_never_the_token() {
    let server = MockServer::start().await;
    mock(
        &server,
        "POST",
        &format!("{USER_PATH}/:issueAccessToken"),
        answer(200, &json!({"token": TOKEN, "expiresOn": "tomorrow"})),
    )
    .await;
    let error = client(&server)
        .get_token(&user(), &[CommunicationTokenScope::Chat], None)
        .await
        .expect_err("not a date");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert_eq!(error.request_id(), Some("cv-identity.1"));
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("secret-token-signature"), "{text}");
    }
    let text = error.to_string();
    assert!(
        text.contains("identity_operations_issue_access_token: expiresOn: "),
        "{text}"
    );
    assert!(
        text.contains("status 200 OK, request id cv-identity.1"),
        "{text}"
    );
}

#[tokio::test]
async fn another_2xx_whose_body_does_not_fit_is_an_unexpected_response() {
    let server = MockServer::start().await;
    mock(&server, "POST", "/identities", ResponseTemplate::new(204)).await;
    let error = client(&server)
        .create_user(None)
        .await
        .expect_err("no identity");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedResponse { status: 204 });
    assert_eq!(error.status(), Some(204));
    assert!(!error.to_string().contains("service error"), "{error}");
}
