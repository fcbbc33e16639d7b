//! `EntraTokenCredential` over a fake `azure_core` `TokenCredential` (no network).
#![cfg(feature = "entra")]

use std::sync::{Arc, Mutex};

use acs_auth::{COMMUNICATION_SCOPE, EntraTokenCredential, Error};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::error::ErrorKind;
use azure_core::time::OffsetDateTime;

#[derive(Debug, Default)]
struct FakeEntraCredential {
    scopes_seen: Mutex<Vec<Vec<String>>>,
    fail: bool,
}

#[async_trait::async_trait]
impl TokenCredential for FakeEntraCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        self.scopes_seen
            .lock()
            .expect("lock")
            .push(scopes.iter().map(|s| (*s).to_owned()).collect());
        if self.fail {
            return Err(azure_core::Error::with_message(
                ErrorKind::Credential,
                "no Entra ID account signed in",
            ));
        }
        let expires_on =
            OffsetDateTime::from_unix_timestamp(1_893_456_000).expect("a valid timestamp");
        Ok(AccessToken::new(
            Secret::new("entra-bearer-token"),
            expires_on,
        ))
    }
}

#[tokio::test]
async fn asks_for_the_communication_scope_and_converts_the_token() {
    let fake = Arc::new(FakeEntraCredential::default());
    let credential = EntraTokenCredential::new(fake.clone());
    let token = credential.get_token().await.expect("token");

    assert_eq!(token.token.expose_secret(), "entra-bearer-token");
    assert_eq!(token.expires_on.timestamp(), 1_893_456_000);
    assert_eq!(
        COMMUNICATION_SCOPE,
        "https://communication.azure.com//.default"
    );
    assert_eq!(
        *fake.scopes_seen.lock().expect("lock"),
        vec![vec![COMMUNICATION_SCOPE.to_owned()]]
    );
    assert!(!format!("{credential:?} {token:?}").contains("entra-bearer-token"));
}

#[tokio::test]
async fn failures_keep_their_source() {
    let credential = EntraTokenCredential::new(Arc::new(FakeEntraCredential {
        fail: true,
        ..Default::default()
    }));
    let error = credential.get_token().await.expect_err("fails");
    assert!(matches!(error, Error::EntraToken { .. }));
    assert_eq!(
        error.to_string(),
        "getting a Microsoft Entra ID token failed"
    );
    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert!(
        source
            .as_deref()
            .is_some_and(|s| s.contains("no Entra ID account signed in")),
        "{source:?}"
    );
}
