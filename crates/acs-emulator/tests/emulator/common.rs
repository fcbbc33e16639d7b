//! Shared helpers: clients for an emulator, users with tokens, error inspection.

use std::sync::Arc;

use acs_auth::{CommunicationTokenCredential, HmacCredential};
use acs_core::{HmacAuthPolicy, Pipeline, RetryOptions, UserTokenAuthPolicy};
use acs_emulator::RunningEmulator;
use acs_identity_rest::types::{
    CommunicationIdentityCreateRequest, CommunicationIdentityTokenScope,
};

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Starts a plain-HTTP emulator.
pub async fn start() -> RunningEmulator {
    acs_emulator::Emulator::builder()
        .start()
        .await
        .unwrap_or_else(|e| panic!("start: {e}"))
}

/// An HTTP client that trusts the emulator's CA when it serves TLS.
pub fn http(emulator: &RunningEmulator) -> reqwest::Client {
    let mut builder = reqwest::Client::builder();
    if let Some(pem) = emulator.ca_pem() {
        let certificate = reqwest::Certificate::from_pem(pem.as_bytes())
            .unwrap_or_else(|e| panic!("CA PEM: {e}"));
        builder = builder.add_root_certificate(certificate);
    }
    builder.build().unwrap_or_else(|e| panic!("client: {e}"))
}

fn no_retries() -> RetryOptions {
    {
        let mut options = RetryOptions::default();
        options.max_retries = 0;
        options
    }
}

/// A pipeline with HMAC authentication from the emulator's connection string.
pub fn hmac_pipeline(emulator: &RunningEmulator, retry: Option<RetryOptions>) -> Pipeline {
    let cs = emulator
        .parsed_connection_string()
        .unwrap_or_else(|e| panic!("connection string: {e}"));
    Pipeline::builder()
        .http_client(http(emulator))
        .auth(Arc::new(HmacAuthPolicy::new(
            HmacCredential::from_connection_string(&cs),
        )))
        .retry(retry.unwrap_or_else(no_retries))
        .build()
}

/// The generated Identity client, HMAC-authenticated.
pub fn identity(emulator: &RunningEmulator) -> acs_identity_rest::Client {
    identity_with(emulator, None)
}

pub fn identity_with(
    emulator: &RunningEmulator,
    retry: Option<RetryOptions>,
) -> acs_identity_rest::Client {
    let pipeline = hmac_pipeline(emulator, retry);
    acs_identity_rest::Client::new_with_client(
        emulator.endpoint(),
        pipeline.http_client().clone(),
        pipeline,
    )
}

/// A pipeline sending a user token.
pub fn token_pipeline(
    emulator: &RunningEmulator,
    token: &str,
    retry: Option<RetryOptions>,
) -> Pipeline {
    let credential = CommunicationTokenCredential::from_token(token.to_owned())
        .unwrap_or_else(|e| panic!("token: {e}"));
    Pipeline::builder()
        .http_client(http(emulator))
        .auth(Arc::new(UserTokenAuthPolicy::new(credential)))
        .retry(retry.unwrap_or_else(no_retries))
        .idempotent_operations([
            "chat_thread_send_typing_notification",
            "chat_thread_send_chat_read_receipt",
        ])
        .build()
}

/// The generated Chat client for a user token.
pub fn chat(emulator: &RunningEmulator, token: &str) -> acs_chat_rest::Client {
    chat_with(emulator, token, None)
}

pub fn chat_with(
    emulator: &RunningEmulator,
    token: &str,
    retry: Option<RetryOptions>,
) -> acs_chat_rest::Client {
    let pipeline = token_pipeline(emulator, token, retry);
    acs_chat_rest::Client::new_with_client(
        emulator.endpoint(),
        pipeline.http_client().clone(),
        pipeline,
    )
}

/// Creates a user and a token with `scopes`; returns (id, token).
pub async fn user(client: &acs_identity_rest::Client, scopes: &[&str]) -> (String, String) {
    let result = client
        .identity_operations_create()
        .api_version(acs_identity_rest::API_VERSION)
        .body(CommunicationIdentityCreateRequest {
            create_token_with_scopes: scopes
                .iter()
                .map(|s| CommunicationIdentityTokenScope::from(*s))
                .collect(),
            expires_in_minutes: None,
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("create user: {e}"))
        .into_inner();
    let token = result.access_token.map(|t| t.token).unwrap_or_default();
    (result.identity.id, token)
}

/// The status and error code of a failed generated-client call.
pub fn failure<T: std::fmt::Debug, E: serde::Serialize + std::fmt::Debug>(
    result: Result<T, progenitor_like::Error<E>>,
) -> (u16, String) {
    match result {
        Err(progenitor_like::Error::ErrorResponse(response)) => {
            let status = response.status().as_u16();
            let body = serde_json::to_value(response.into_inner()).unwrap_or_default();
            (
                status,
                body["error"]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        }
        other => panic!("expected an error response, got {other:?}"),
    }
}

/// The generated crates re-export progenitor's `Error`; both are the same type.
pub mod progenitor_like {
    pub use acs_chat_rest::Error;
}

/// An unsigned Entra-style JWT with these claims.
pub fn entra_token(claims: serde_json::Value) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.",
        b64.encode(br#"{"alg":"none","typ":"JWT"}"#),
        b64.encode(claims.to_string())
    )
}

pub fn chat_identifier(raw_id: &str) -> acs_chat_rest::types::CommunicationIdentifierModel {
    acs_chat_rest::types::CommunicationIdentifierModel {
        raw_id: Some(raw_id.to_owned()),
        communication_user: Some(acs_chat_rest::types::CommunicationUserIdentifierModel {
            id: raw_id.to_owned(),
        }),
        ..Default::default()
    }
}

pub fn participant(raw_id: &str) -> acs_chat_rest::types::ChatParticipant {
    acs_chat_rest::types::ChatParticipant {
        communication_identifier: chat_identifier(raw_id),
        display_name: None,
        share_history_time: None,
        metadata: Default::default(),
    }
}
