//! `CommunicationIdentityClient::with_token_credential` (feature `entra`): requests carry the
//! Microsoft Entra ID token as a bearer token instead of an HMAC signature.
#![cfg(feature = "entra")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use acs_auth::EntraTokenCredential;
use acs_identity::models::CommunicationTokenScope;
use acs_identity::{CommunicationIdentityClient, ErrorKind};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::time::OffsetDateTime;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Default)]
struct FakeEntraCredential {
    calls: AtomicUsize,
    fail: bool,
}

#[async_trait::async_trait]
impl TokenCredential for FakeEntraCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        assert_eq!(scopes, [acs_auth::COMMUNICATION_SCOPE]);
        if self.fail {
            return Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Credential,
                "no Entra ID account signed in",
            ));
        }
        let expires_on = OffsetDateTime::from_unix_timestamp(1_893_456_000).expect("a timestamp");
        Ok(AccessToken::new(
            Secret::new("entra-bearer-token"),
            expires_on,
        ))
    }
}

#[tokio::test]
async fn requests_carry_the_entra_token() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token": "acs-token", "expiresOn": "2026-11-23T10:00:00Z"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let fake = Arc::new(FakeEntraCredential::default());
    let client = CommunicationIdentityClient::with_token_credential(
        &server.uri(),
        EntraTokenCredential::new(fake.clone()),
        None,
    )
    .expect("a client");
    assert!(format!("{client:?}").contains("Entra"));

    let user = acs_identity::models::CommunicationUserIdentifier::new("8:acs:r_u");
    client
        .get_token(&user, &[CommunicationTokenScope::Chat], None)
        .await
        .expect("issued");

    let requests = server.received_requests().await.expect("recording is on");
    let request = &requests[0];
    assert_eq!(
        request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer entra-bearer-token")
    );
    assert!(request.headers.get("x-ms-date").is_none());
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failing_credential_fails_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let client = CommunicationIdentityClient::with_token_credential(
        &server.uri(),
        EntraTokenCredential::new(Arc::new(FakeEntraCredential {
            fail: true,
            ..Default::default()
        })),
        None,
    )
    .expect("a client");
    let error = client.create_user(None).await.expect_err("no token");
    assert_eq!(error.kind(), &ErrorKind::Credential, "{error:?}");
    server.verify().await;
}

#[tokio::test]
async fn the_entra_credentials_error_stays_reachable_through_source() {
    use std::error::Error as _;

    let server = MockServer::start().await;
    let client = CommunicationIdentityClient::with_token_credential(
        &server.uri(),
        EntraTokenCredential::new(Arc::new(FakeEntraCredential {
            fail: true,
            ..Default::default()
        })),
        None,
    )
    .expect("a client");
    let user = acs_identity::models::CommunicationUserIdentifier::new("8:acs:r_u");
    let error = client
        .get_token(&user, &[CommunicationTokenScope::Chat], None)
        .await
        .expect_err("no token");
    assert_eq!(error.kind(), &ErrorKind::Credential, "{error:?}");
    let mut cause = error.source();
    let mut azure = None;
    while let Some(current) = cause {
        if let Some(found) = current.downcast_ref::<azure_core::Error>() {
            azure = Some(found);
        }
        cause = current.source();
    }
    let azure = azure.expect("the azure_core error is in the source chain");
    assert_eq!(azure.kind(), &azure_core::error::ErrorKind::Credential);
    assert!(error.client_request_id().is_some());
    let line = acs_core::error_chain(&error);
    assert_eq!(
        line.matches("no Entra ID account signed in").count(),
        1,
        "the root cause once: {line}"
    );
}
