//! Credentials go only to the endpoint's origin (issue 17, item 4): a `nextLink` or a
//! continuation link on another port or host never receives the bearer token or the HMAC
//! signature. By default such a link is refused with `InvalidInput`; with
//! `follow_links_to_other_origins` it is requested without credentials. Two wiremock servers
//! on 127.0.0.1 (different ports, so different origins).

use std::sync::Arc;

use acs_auth::{AccessKey, HmacCredential};
use acs_chat::options::ChatClientListChatThreadsOptions;
use acs_chat::{ChatClient, ChatClientOptions, CommunicationTokenCredential, ErrorKind};
use acs_core::{HmacAuthPolicy, Pipeline};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures::StreamExt as _;
use futures::TryStreamExt as _;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

fn token() -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(br#"{"skypeid":"acs:r_u","exp":4102444800}"#);
    format!("{header}.{payload}.c2VjcmV0LXNpZ25hdHVyZQ")
}

fn thread(id: &str) -> serde_json::Value {
    json!({"id": id, "topic": id, "lastMessageReceivedOn": "2026-01-01T00:00:00Z"})
}

/// The endpoint answers one page linking to `next`; `other` answers a last page.
async fn servers(next: impl Fn(&MockServer) -> String) -> (MockServer, MockServer) {
    let endpoint = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [thread("19:first@thread.v2")],
            "nextLink": next(&other),
        })))
        .mount(&endpoint)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"value": [thread("19:second@thread.v2")]})),
        )
        .mount(&other)
        .await;
    (endpoint, other)
}

fn chat(endpoint: &MockServer, follow: bool) -> ChatClient {
    let credential = CommunicationTokenCredential::from_token(token()).expect("a token");
    let options = {
        let mut options = ChatClientOptions::default();
        options.follow_links_to_other_origins = follow;
        options
    };
    ChatClient::new(&endpoint.uri(), credential, Some(options)).expect("a client")
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

fn has_credentials(request: &wiremock::Request) -> bool {
    ["authorization", "x-ms-content-sha256", "x-ms-date"]
        .iter()
        .any(|name| request.headers.contains_key(*name))
}

#[tokio::test]
async fn a_next_link_to_another_port_is_refused_and_gets_nothing() {
    let (endpoint, other) = servers(|other| format!("{}/chat/threads?skip=1", other.uri())).await;
    let mut threads = chat(&endpoint, false).list_chat_threads(None);
    let first = threads.next().await.map(|thread| thread.map(|t| t.id));
    assert_eq!(
        first.and_then(Result::ok).as_deref(),
        Some("19:first@thread.v2")
    );
    let error = threads
        .next()
        .await
        .and_then(Result::err)
        .expect("the link is refused");
    assert_eq!(*error.kind(), ErrorKind::InvalidInput);
    let message = error.to_string();
    assert!(
        message.contains(&other.uri()) && message.contains(&endpoint.uri()),
        "{message}"
    );
    assert!(!message.contains(&token()), "no token in the message");
    assert!(threads.next().await.is_none(), "the stream ends");
    assert!(
        requests(&other).await.is_empty(),
        "nothing reached the other origin"
    );
    assert!(
        has_credentials(&requests(&endpoint).await[0]),
        "the endpoint got the token"
    );
}

#[tokio::test]
async fn with_the_option_a_next_link_elsewhere_is_followed_without_credentials() {
    let (endpoint, other) = servers(|other| format!("{}/chat/threads?skip=1", other.uri())).await;
    let ids: Vec<String> = chat(&endpoint, true)
        .list_chat_threads(None)
        .map_ok(|thread| thread.id)
        .try_collect()
        .await
        .expect("both pages");
    assert_eq!(ids, ["19:first@thread.v2", "19:second@thread.v2"]);
    let followed = requests(&other).await;
    assert_eq!(followed.len(), 1);
    assert!(!has_credentials(&followed[0]), "{:?}", followed[0].headers);
    assert_eq!(followed[0].url.query(), Some("skip=1"));
}

#[tokio::test]
async fn a_next_link_on_the_endpoint_keeps_its_credentials() {
    let (endpoint, other) = servers(|_| String::from("placeholder")).await;
    drop(other);
    // Re-mount: the endpoint links to itself, then ends.
    endpoint.reset().await;
    Mock::given(wiremock::matchers::query_param("skip", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .mount(&endpoint)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [thread("19:first@thread.v2")],
            "nextLink": format!("{}/chat/threads?skip=1", endpoint.uri()),
        })))
        .mount(&endpoint)
        .await;
    let count = chat(&endpoint, false)
        .list_chat_threads(None)
        .try_collect::<Vec<_>>()
        .await
        .map(|threads| threads.len());
    assert_eq!(count.ok(), Some(1));
    let seen = requests(&endpoint).await;
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(has_credentials));
}

#[tokio::test]
async fn a_continuation_to_another_origin_is_refused() {
    let (endpoint, other) = servers(|other| other.uri()).await;
    let options = {
        let mut options = ChatClientListChatThreadsOptions::default();
        options.continuation = Some(format!("{}/chat/threads?skip=5", other.uri()));
        options
    };
    let result = chat(&endpoint, false)
        .list_chat_threads(Some(options))
        .try_collect::<Vec<_>>()
        .await;
    assert_eq!(
        result.err().map(|e| e.kind().clone()),
        Some(ErrorKind::InvalidInput)
    );
    assert!(requests(&other).await.is_empty());
    assert!(requests(&endpoint).await.is_empty());
}

/// The rule lives in the pipeline, so every caller of `get_json` (pagers, email's
/// `Operation-Location` polling) gets it, for HMAC as for bearer tokens.
#[tokio::test]
async fn pipeline_get_json_signs_only_for_the_endpoint_origin() {
    let (endpoint, other) = servers(|other| other.uri()).await;
    let pipeline = |follow: bool| {
        Pipeline::builder()
            .auth(Arc::new(HmacAuthPolicy::new(HmacCredential::new(
                AccessKey::new(KEY).expect("a key"),
            ))))
            .endpoint(reqwest::Url::parse(&endpoint.uri()).expect("a url"))
            .follow_links_to_other_origins(follow)
            .build()
    };
    let own = reqwest::Url::parse(&format!("{}/chat/threads", endpoint.uri())).expect("a url");
    let elsewhere = reqwest::Url::parse(&format!("{}/chat/threads", other.uri())).expect("a url");

    let signed: serde_json::Value = pipeline(false).get_json(own, "own").await.expect("json");
    assert!(signed.get("value").is_some());
    assert!(has_credentials(&requests(&endpoint).await[0]));

    let refused = pipeline(false)
        .get_json::<serde_json::Value>(elsewhere.clone(), "elsewhere")
        .await;
    assert_eq!(
        refused.err().map(|e| e.kind().clone()),
        Some(ErrorKind::InvalidInput)
    );
    assert!(requests(&other).await.is_empty());

    let unsigned: serde_json::Value = pipeline(true)
        .get_json(elsewhere, "elsewhere")
        .await
        .expect("json");
    assert!(unsigned.get("value").is_some());
    let seen = requests(&other).await;
    assert_eq!(seen.len(), 1);
    assert!(!has_credentials(&seen[0]), "{:?}", seen[0].headers);
}
