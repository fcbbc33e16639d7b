//! The generated Identity client puts requests on the wire as the service expects them.

use acs_core::Pipeline;
use acs_identity_rest::types::{
    CommunicationIdentityAccessTokenRequest, CommunicationIdentityTokenScope,
};
use acs_identity_rest::{API_VERSION, Client, Error};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let pipeline = Pipeline::builder().build();
    Client::new_with_client(&server.uri(), pipeline.http_client().clone(), pipeline)
}

#[tokio::test]
async fn issue_access_token_reaches_the_wire_with_an_encoded_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(
            "/identities/8%3Aacs%3Aresource_user%40x/:issueAccessToken",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"token":"eyJ0eXAi.e30.sig","expiresOn":"2026-11-23T10:00:00.0404706+00:00"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let token = client(&server)
        .identity_operations_issue_access_token()
        .id("8:acs:resource_user@x")
        .api_version(API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![
                CommunicationIdentityTokenScope::Chat,
                CommunicationIdentityTokenScope::from("chat.join.limited"),
            ],
            expires_in_minutes: Some(60),
        })
        .send()
        .await
        .expect("the call succeeds")
        .into_inner();
    assert_eq!(token.token, "eyJ0eXAi.e30.sig");
    assert_eq!(
        token.expires_on.to_rfc3339(),
        "2026-11-23T10:00:00.040470600+00:00"
    );

    let requests = server.received_requests().await.expect("recording is on");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        request.url.path(),
        "/identities/8%3Aacs%3Aresource_user%40x/:issueAccessToken"
    );
    assert_eq!(request.url.query(), Some("api-version=2026-09-23"));
    assert!(
        request.headers.get("api-version").is_none(),
        "progenitor's api-version header is removed"
    );
    assert_eq!(
        request.headers.get("content-type").map(|v| v.to_str().ok()),
        Some(Some("application/json"))
    );
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        body,
        serde_json::json!({"scopes": ["chat", "chat.join.limited"], "expiresInMinutes": 60})
    );
}

#[tokio::test]
async fn errors_decode_into_the_error_model_and_unknown_scopes_survive() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"error":{"code":"ValidationError","message":"expiresInMinutes is out of range","target":"expiresInMinutes"}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;

    let error = client(&server)
        .identity_operations_issue_access_token()
        .id("8:acs:r_u")
        .api_version(API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![CommunicationIdentityTokenScope::from("future.scope")],
            expires_in_minutes: Some(10),
        })
        .send()
        .await
        .expect_err("a 400 is an error");
    let Error::ErrorResponse(response) = error else {
        panic!("expected a typed error response, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(response.error.code, "ValidationError");
    assert_eq!(response.error.target.as_deref(), Some("expiresInMinutes"));

    let requests = server.received_requests().await.expect("recording is on");
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON body");
    assert_eq!(body["scopes"], serde_json::json!(["future.scope"]));
}

#[test]
fn the_operation_table_lists_all_nine_operations() {
    assert_eq!(acs_identity_rest::OPERATIONS.len(), 9);
    assert_eq!(API_VERSION, "2026-09-23");
}
