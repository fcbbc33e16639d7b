//! Authentication failures, api-version checks and the service's headers, over raw HTTP.

#![allow(
    clippy::disallowed_methods,
    reason = "signs requests for an emulator that runs on the system clock"
)]

use std::sync::Arc;

use acs_auth::hmac::{RequestTarget, sign};
use acs_auth::{AccessKey, Clock, ManualClock};
use chrono::{TimeDelta, Utc};
use reqwest::StatusCode;

use crate::common::{TestResult, chat, identity, start, user};

/// Sends one fixed bearer token (the Teams Phone exchange authenticates with the caller's
/// Entra token).
#[derive(Debug)]
pub struct StaticBearer(pub String);

#[async_trait::async_trait]
impl acs_core::AuthPolicy for StaticBearer {
    async fn authorize(&self, request: &mut reqwest::Request) -> acs_core::Result<()> {
        let value = reqwest::header::HeaderValue::from_str(&format!("Bearer {}", self.0))
            .map_err(|_| acs_core::Error::invalid_input("bad token"))?;
        request
            .headers_mut()
            .insert(reqwest::header::AUTHORIZATION, value);
        Ok(())
    }
}

/// A signed raw request to the emulator.
async fn signed(
    emulator: &acs_emulator::RunningEmulator,
    method: reqwest::Method,
    path_and_query: &str,
    body: &'static [u8],
    key: &AccessKey,
    date: chrono::DateTime<Utc>,
) -> reqwest::Response {
    let url = format!("{}{path_and_query}", emulator.endpoint());
    let target = RequestTarget::parse(&url).unwrap_or_else(|e| panic!("{e}"));
    let headers = sign(method.as_str(), &target, body, date, key);
    let mut request = reqwest::Client::new().request(method, &url).body(body);
    for (name, value) in headers.headers() {
        request = request.header(name, value);
    }
    request
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("send: {e}"))
}

async fn error_code(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test]
async fn hmac_failures_are_401() -> TestResult {
    let emulator = start().await;
    let key = emulator.access_key().clone();
    let path = "/identities?api-version=2023-10-01";
    let now = Utc::now();

    // Signed right: 201, with the service's headers.
    let ok = signed(&emulator, reqwest::Method::POST, path, b"{}", &key, now).await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    for header in [
        "ms-cv",
        "x-azure-ref",
        "x-processing-time",
        "api-supported-versions",
    ] {
        assert!(ok.headers().contains_key(header), "{header}");
    }
    assert_eq!(
        ok.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json; charset=utf-8")
    );

    // No Authorization at all.
    let response = reqwest::Client::new()
        .post(format!("{}{path}", emulator.endpoint()))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );

    // Another key.
    let wrong = AccessKey::new("d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDA=")?;
    let response = signed(&emulator, reqwest::Method::POST, path, b"{}", &wrong, now).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // A date 20 minutes off, either way; 10 minutes is fine.
    for minutes in [-20, 20] {
        let response = signed(
            &emulator,
            reqwest::Method::POST,
            path,
            b"{}",
            &key,
            now + TimeDelta::minutes(minutes),
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{minutes}");
    }
    let response = signed(
        &emulator,
        reqwest::Method::POST,
        path,
        b"{}",
        &key,
        now - TimeDelta::minutes(10),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);

    // A body other than the one hashed.
    let url = format!("{}{path}", emulator.endpoint());
    let target = RequestTarget::parse(&url)?;
    let headers = sign("POST", &target, b"{}", now, &key);
    let mut request = reqwest::Client::new()
        .post(&url)
        .body(r#"{"createTokenWithScopes":["chat"]}"#);
    for (name, value) in headers.headers() {
        request = request.header(name, value);
    }
    let (status, code) = error_code(request.send().await?).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code, "Denied");
    Ok(())
}

#[tokio::test]
async fn the_signature_covers_the_path_as_sent() -> TestResult {
    let emulator = start().await;
    let key = emulator.access_key().clone();
    let created = signed(
        &emulator,
        reqwest::Method::POST,
        "/identities?api-version=2023-10-01",
        b"",
        &key,
        Utc::now(),
    )
    .await;
    let body: serde_json::Value = created.json().await?;
    let id = body["identity"]["id"].as_str().ok_or("id")?.to_owned();
    let encoded = id.replace(':', "%3A");
    // Signed over the percent-encoded path the client sent: accepted.
    let path = format!("/identities/{encoded}/:revokeAccessTokens?api-version=2023-10-01");
    let response = signed(
        &emulator,
        reqwest::Method::POST,
        &path,
        b"",
        &key,
        Utc::now(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // Signed over the decoded path but sent encoded: refused.
    let url = format!("{}{path}", emulator.endpoint());
    let decoded_target = RequestTarget::new(
        format!("/identities/{id}/:revokeAccessTokens?api-version=2023-10-01"),
        RequestTarget::parse(&url)?.host(),
    );
    let headers = sign("POST", &decoded_target, b"", Utc::now(), &key);
    let mut request = reqwest::Client::new().post(&url);
    for (name, value) in headers.headers() {
        request = request.header(name, value);
    }
    assert_eq!(request.send().await?.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn api_version_is_required_and_checked() -> TestResult {
    let emulator = start().await;
    let key = emulator.access_key().clone();
    let (status, code) = error_code(
        signed(
            &emulator,
            reqwest::Method::POST,
            "/identities",
            b"",
            &key,
            Utc::now(),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::BAD_REQUEST, "MissingApiVersionParameter")
    );
    let (status, code) = error_code(
        signed(
            &emulator,
            reqwest::Method::POST,
            "/identities?api-version=1999-01-01",
            b"",
            &key,
            Utc::now(),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::BAD_REQUEST, "UnsupportedApiVersion")
    );
    // Both current and legacy versions of each service are accepted.
    for version in ["2023-10-01", "2026-09-23"] {
        let response = signed(
            &emulator,
            reqwest::Method::POST,
            &format!("/identities?api-version={version}"),
            b"",
            &key,
            Utc::now(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{version}");
    }
    let (_, token) = user(&identity(&emulator), &["chat"]).await;
    // The client request id is echoed when the request asks for it, as the service does.
    for (version, asks) in [
        ("2024-03-07", Some("true")),
        ("2025-03-15", Some("TRUE")),
        ("2025-03-15", Some("false")),
        ("2025-03-15", None),
    ] {
        let mut request = reqwest::Client::new()
            .get(format!(
                "{}/chat/threads?api-version={version}",
                emulator.endpoint()
            ))
            .bearer_auth(&token)
            .header("x-ms-client-request-id", "abc-123");
        if let Some(asks) = asks {
            request = request.header("x-ms-return-client-request-id", asks);
        }
        let response = request.send().await?;
        assert_eq!(response.status(), StatusCode::OK, "{version}");
        let echoed = asks.is_some_and(|asks| asks.eq_ignore_ascii_case("true"));
        assert_eq!(
            response
                .headers()
                .get("x-ms-client-request-id")
                .and_then(|v| v.to_str().ok()),
            echoed.then_some("abc-123"),
            "{version} {asks:?}"
        );
    }
    let response = reqwest::Client::new()
        .get(format!("{}/chat/threads", emulator.endpoint()))
        .bearer_auth(&token)
        .send()
        .await?;
    assert_eq!(error_code(response).await.1, "MissingApiVersionParameter");
    // Unknown paths and methods answer in the error shape too.
    let response = reqwest::Client::new()
        .get(format!("{}/nothing/here", emulator.endpoint()))
        .send()
        .await?;
    assert_eq!(
        error_code(response).await,
        (StatusCode::NOT_FOUND, "NotFound".to_owned())
    );
    Ok(())
}

#[tokio::test]
async fn bad_bearer_tokens_are_401() -> TestResult {
    let emulator = start().await;
    let other = start().await;
    let url = format!(
        "{}/chat/threads?api-version=2025-03-15",
        emulator.endpoint()
    );
    let get = |token: Option<String>| {
        let mut request = reqwest::Client::new().get(&url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(get(None).await?.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(Some("not.a.jwt".to_owned())).await?.status(),
        StatusCode::UNAUTHORIZED
    );
    // A token of another emulator (another signing secret).
    let (_, foreign) = user(&identity(&other), &["chat"]).await;
    let (status, code) = error_code(get(Some(foreign)).await?).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNAUTHORIZED, "Unauthorized")
    );
    // A voip-only token has no chat access.
    let (_, voip) = user(&identity(&emulator), &["voip"]).await;
    assert_eq!(get(Some(voip)).await?.status(), StatusCode::FORBIDDEN);
    Ok(())
}

#[tokio::test]
async fn expired_tokens_are_401() -> TestResult {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let emulator = acs_emulator::Emulator::builder()
        .clock(clock.clone())
        .start()
        .await?;
    let (_, token) = user(&identity(&emulator), &["chat"]).await;
    let client = chat(&emulator, &token);
    client
        .chat_list_chat_threads()
        .api_version(acs_chat_rest::API_VERSION)
        .send()
        .await?;
    clock.advance(TimeDelta::hours(24) + TimeDelta::seconds(1));
    let url = format!(
        "{}/chat/threads?api-version=2025-03-15",
        emulator.endpoint()
    );
    let response = reqwest::Client::new()
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await?;
    let (status, _) = error_code(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The HMAC date check follows the emulator's clock too: "now" is a day off for it.
    let key = emulator.access_key().clone();
    let response = signed(
        &emulator,
        reqwest::Method::POST,
        "/identities?api-version=2023-10-01",
        b"",
        &key,
        Utc::now(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = signed(
        &emulator,
        reqwest::Method::POST,
        "/identities?api-version=2023-10-01",
        b"",
        &key,
        clock.now(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    Ok(())
}
