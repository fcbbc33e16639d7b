//! The service's chat limits: message size, participants per thread and per add request.
//! (Body sizes and page sizes are in `limits.rs` and `validation.rs`.)

use serde_json::{Value, json};

use super::common::{TestResult, identity, start, user};

const CHAT: &str = acs_chat_rest::API_VERSION;

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: &str,
    body: Value,
) -> Result<(u16, Value), reqwest::Error> {
    let content_type = if method == reqwest::Method::PATCH {
        "application/merge-patch+json"
    } else {
        "application/json"
    };
    let response = http
        .request(method, format!("{url}?api-version={CHAT}"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body.to_string())
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

fn assert_limit(answer: &(u16, Value), target: &str) {
    assert_eq!(answer.0, 400, "{}", answer.1);
    assert_eq!(answer.1["error"]["code"], "ValidationError", "{}", answer.1);
    assert_eq!(answer.1["error"]["target"], target, "{}", answer.1);
    assert!(answer.1["error"]["message"].is_string());
}

/// Teams users may join without being identities of the resource.
fn teams_users(range: std::ops::Range<usize>) -> Vec<Value> {
    range
        .map(|i| json!({"communicationIdentifier": {"rawId": format!("8:orgid:user-{i:04}")}}))
        .collect()
}

#[tokio::test]
async fn message_content_is_at_most_28_kb_when_sent_and_edited() -> TestResult {
    let emulator = start().await;
    let (_, token) = user(&identity(&emulator), &["chat"]).await;
    let http = reqwest::Client::new();
    let threads = format!("{}/chat/threads", emulator.endpoint());
    let (status, created) = call(
        &http,
        reqwest::Method::POST,
        &threads,
        &token,
        json!({"topic": "t"}),
    )
    .await?;
    assert_eq!(status, 201);
    let messages = format!(
        "{threads}/{}/messages",
        created["chatThread"]["id"].as_str().unwrap_or_default()
    );
    let largest = "a".repeat(28 * 1024);
    let (status, sent) = call(
        &http,
        reqwest::Method::POST,
        &messages,
        &token,
        json!({"content": largest}),
    )
    .await?;
    assert_eq!(status, 201, "{sent}");
    let too_large = call(
        &http,
        reqwest::Method::POST,
        &messages,
        &token,
        json!({"content": format!("{largest}a")}),
    )
    .await?;
    assert_limit(&too_large, "content");
    let message = format!("{messages}/{}", sent["id"].as_str().unwrap_or_default());
    let edit = call(
        &http,
        reqwest::Method::PATCH,
        &message,
        &token,
        json!({"content": format!("{largest}é")}),
    )
    .await?;
    assert_limit(&edit, "content");
    let (status, _) = call(
        &http,
        reqwest::Method::PATCH,
        &message,
        &token,
        json!({"content": "short"}),
    )
    .await?;
    assert_eq!(status, 204);
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn a_thread_has_at_most_250_participants_and_an_add_carries_at_most_200() -> TestResult {
    let emulator = start().await;
    let (_, token) = user(&identity(&emulator), &["chat"]).await;
    let http = reqwest::Client::new();
    let threads = format!("{}/chat/threads", emulator.endpoint());

    // The creator and 250 others: too many.
    let too_many = call(
        &http,
        reqwest::Method::POST,
        &threads,
        &token,
        json!({"topic": "t", "participants": teams_users(0..250)}),
    )
    .await?;
    assert_limit(&too_many, "participants");
    // The creator and 199 others: fine.
    let (status, created) = call(
        &http,
        reqwest::Method::POST,
        &threads,
        &token,
        json!({"topic": "t", "participants": teams_users(0..199)}),
    )
    .await?;
    assert_eq!(status, 201, "{created}");
    let add = format!(
        "{threads}/{}/participants/:add",
        created["chatThread"]["id"].as_str().unwrap_or_default()
    );
    // 201 in one request: refused whatever the thread holds.
    let batch = call(
        &http,
        reqwest::Method::POST,
        &add,
        &token,
        json!({"participants": teams_users(1000..1201)}),
    )
    .await?;
    assert_limit(&batch, "participants");
    // Up to 250: 50 more (participants already there count once).
    let (status, body) = call(
        &http,
        reqwest::Method::POST,
        &add,
        &token,
        json!({"participants": teams_users(150..249)}),
    )
    .await?;
    assert_eq!(status, 201, "{body}");
    // The 251st is refused and nothing is added.
    let full = call(
        &http,
        reqwest::Method::POST,
        &add,
        &token,
        json!({"participants": teams_users(249..251)}),
    )
    .await?;
    assert_limit(&full, "participants");
    let list = add.replace("/:add", "");
    let response = http
        .get(format!(
            "{list}?api-version={CHAT}&maxPageSize=200&skip=200"
        ))
        .bearer_auth(&token)
        .send()
        .await?;
    let page: Value = response.json().await?;
    assert_eq!(page["value"].as_array().map(Vec::len), Some(50));
    emulator.shutdown().await?;
    Ok(())
}
