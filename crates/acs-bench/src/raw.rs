//! The limit: the same requests as the SDK, written by hand on reqwest (signing included).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac as _};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use crate::Setup;

/// The identity API version the SDK sends by default.
const IDENTITY_API: &str = "2025-06-30";
/// The chat API version the SDK sends by default.
const CHAT_API: &str = "2025-03-15";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "decoded as the SDK decodes it")]
struct UserAndToken {
    identity: Identity,
    access_token: Option<Token>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded as the SDK decodes it")]
struct Identity {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "decoded as the SDK decodes it")]
struct Token {
    token: String,
    expires_on: chrono::DateTime<chrono::Utc>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded as the SDK decodes it")]
struct Sent {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Messages {
    value: Vec<Message>,
    next_link: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "decoded as the SDK decodes it")]
struct Message {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    sequence_id: String,
    version: String,
    content: Option<serde_json::Value>,
    sender_display_name: Option<String>,
    created_on: chrono::DateTime<chrono::Utc>,
    sender_communication_identifier: Option<serde_json::Value>,
    deleted_on: Option<chrono::DateTime<chrono::Utc>>,
    edited_on: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    metadata: Option<std::collections::HashMap<String, String>>,
}

/// A hand-written client.
pub struct Raw {
    http: reqwest::Client,
    endpoint: String,
    host: String,
    key: Vec<u8>,
    token: String,
    thread: String,
    /// The SDK's `User-Agent`s, when this client sends the SDK's request on the wire header
    /// for header (see [`Raw::with_sdk_headers`]).
    sdk_agents: Option<SdkAgents>,
}

/// The `User-Agent`s of the SDK's identity and chat clients.
struct SdkAgents {
    identity: String,
    chat: String,
}

type Failure = Box<dyn std::error::Error>;

impl Raw {
    pub fn new(http: reqwest::Client, setup: &Setup) -> Result<Self, Failure> {
        let url = reqwest::Url::parse(&setup.endpoint)?;
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        Ok(Self {
            http,
            endpoint: setup.endpoint.trim_end_matches('/').to_owned(),
            host,
            key: STANDARD.decode(&setup.access_key)?,
            token: setup.token.clone(),
            thread: setup.thread.clone(),
            sdk_agents: None,
        })
    }

    /// Sends the three headers the SDK adds to every request as well (Azure SDK guidelines):
    /// a fresh `x-ms-client-request-id` (UUID v4), `x-ms-return-client-request-id: true` and
    /// the SDK's `User-Agent`, so both sides send the same request on the wire and the ratio
    /// measures the SDK's code, not the HTTP/2 cost of those headers.
    pub fn with_sdk_headers(mut self) -> Self {
        let version = env!("CARGO_PKG_VERSION");
        self.sdk_agents = Some(SdkAgents {
            identity: acs_core::user_agent("communication-identity", version, None),
            chat: acs_core::user_agent("communication-chat", version, None),
        });
        self
    }

    fn sdk_headers(
        &self,
        request: reqwest::RequestBuilder,
        agent: fn(&SdkAgents) -> &String,
    ) -> reqwest::RequestBuilder {
        match &self.sdk_agents {
            Some(agents) => request
                .header(
                    "x-ms-client-request-id",
                    // From the thread's generator, as the SDK makes it (no system call).
                    uuid::Builder::from_random_bytes(rand::random())
                        .into_uuid()
                        .hyphenated()
                        .to_string(),
                )
                .header("x-ms-return-client-request-id", "true")
                .header("user-agent", agent(agents)),
            None => request,
        }
    }

    /// `POST /identities` with a token, HMAC-signed.
    pub async fn create_user_and_token(&self) -> Result<(), Failure> {
        let path = format!("/identities?api-version={IDENTITY_API}");
        let body = br#"{"createTokenWithScopes":["chat"]}"#;
        let date = acs_auth::Clock::now(&acs_auth::SystemClock)
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        let hash = STANDARD.encode(Sha256::digest(body));
        let to_sign = format!("POST\n{path}\n{date};{};{hash}", self.host);
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key)?;
        mac.update(to_sign.as_bytes());
        let signature = STANDARD.encode(mac.finalize().into_bytes());
        let request = self.http.post(format!("{}{path}", self.endpoint));
        let response = self
            .sdk_headers(request, |agents| &agents.identity)
            .header("x-ms-date", date)
            .header("x-ms-content-sha256", hash)
            .header(
                "authorization",
                format!(
                    "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}"
                ),
            )
            .header("content-type", "application/json")
            .body(&body[..])
            .send()
            .await?
            .error_for_status()?;
        let _: UserAndToken = serde_json::from_slice(&response.bytes().await?)?;
        Ok(())
    }

    /// `POST /chat/threads/{id}/messages`.
    pub async fn send_message(&self) -> Result<(), Failure> {
        let request = self.http.post(format!(
            "{}/chat/threads/{}/messages?api-version={CHAT_API}",
            self.endpoint, self.thread
        ));
        let response = self
            .sdk_headers(request, |agents| &agents.chat)
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(r#"{"content":"hello","type":"text"}"#)
            .send()
            .await?
            .error_for_status()?;
        let _: Sent = serde_json::from_slice(&response.bytes().await?)?;
        Ok(())
    }

    /// Lists every message of the thread in pages of 100; returns how many.
    pub async fn list_messages(&self) -> Result<usize, Failure> {
        let mut url = format!(
            "{}/chat/threads/{}/messages?maxPageSize=100&api-version={CHAT_API}",
            self.endpoint, self.thread
        );
        let mut count = 0;
        loop {
            let request = self.http.get(&url);
            let response = self
                .sdk_headers(request, |agents| &agents.chat)
                .bearer_auth(&self.token)
                .send()
                .await?
                .error_for_status()?;
            let page: Messages = serde_json::from_slice(&response.bytes().await?)?;
            count += page.value.len();
            match page.next_link {
                Some(next) => url = next,
                None => return Ok(count),
            }
        }
    }
}
