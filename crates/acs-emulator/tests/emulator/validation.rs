//! The service's checks beyond the JSON shape: retention policies, metadata sizes, page sizes,
//! and `405` with `Allow` for a wrong method, all in the service's error shape.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{TestResult, http, identity, start, user};

const VERSION: &str = acs_chat_rest::API_VERSION;

/// A raw Chat caller: the exact JSON goes on the wire.
struct Caller {
    http: reqwest::Client,
    endpoint: String,
    token: String,
}

impl Caller {
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, reqwest::header::HeaderMap, Value), reqwest::Error> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = format!("{}{path}{separator}api-version={VERSION}", self.endpoint);
        let mut request = self.http.request(method, url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await?;
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok((status, headers, json))
    }
}

async fn caller() -> (acs_emulator::RunningEmulator, Caller, String) {
    let emulator = start().await;
    let ids = identity(&emulator);
    let (id, token) = user(&ids, &["chat"]).await;
    let caller = Caller {
        http: http(&emulator),
        endpoint: emulator.endpoint().to_owned(),
        token,
    };
    (emulator, caller, id)
}

/// A `400 ValidationError` naming `target`, with exactly the documented error fields.
fn assert_validation(status: u16, body: &Value, target: &str) {
    assert_eq!(status, 400, "{body}");
    let error = &body["error"];
    assert_eq!(error["code"], "ValidationError", "{body}");
    assert_eq!(error["target"], target, "{body}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    let fields: Vec<&str> = error
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert!(
        fields
            .iter()
            .all(|f| ["code", "message", "target", "details", "innererror"].contains(f)),
        "{body}"
    );
}

fn thread_path(id: &str) -> String {
    format!("/chat/threads/{}", id.replace(':', "%3A"))
}

#[tokio::test]
async fn retention_policies_are_checked_like_the_service() -> TestResult {
    let (_emulator, caller, _) = caller().await;
    let create = |policy: Value| json!({"topic": "Retention", "retentionPolicy": policy});
    let days = "retentionPolicy.deleteThreadAfterDays";
    for policy in [
        json!({"kind": "threadCreationDate", "deleteThreadAfterDays": 29}),
        json!({"kind": "threadCreationDate", "deleteThreadAfterDays": 91}),
        json!({"kind": "threadCreationDate", "deleteThreadAfterDays": 0}),
        json!({"kind": "threadCreationDate", "deleteThreadAfterDays": -30}),
        json!({"kind": "threadCreationDate"}),
    ] {
        let (status, _, body) = caller
            .send(Method::POST, "/chat/threads", Some(create(policy.clone())))
            .await?;
        assert_validation(status, &body, days);
    }
    let (status, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(create(
                json!({"kind": "lastMessageDate", "deleteThreadAfterDays": 30}),
            )),
        )
        .await?;
    assert_validation(status, &body, "retentionPolicy.kind");
    // No kind at all is a malformed body.
    let (status, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(create(json!({"deleteThreadAfterDays": 30}))),
        )
        .await?;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (400, json!("BadRequest"))
    );

    // The bounds themselves are accepted.
    let (status, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(create(
                json!({"kind": "threadCreationDate", "deleteThreadAfterDays": 30}),
            )),
        )
        .await?;
    assert_eq!(status, 201, "{body}");
    let thread = body["chatThread"]["id"].as_str().ok_or("id")?.to_owned();
    let path = thread_path(&thread);
    let (status, _, _) = caller
        .send(
            Method::PATCH,
            &path,
            Some(json!({"retentionPolicy": {"kind": "threadCreationDate", "deleteThreadAfterDays": 90}})),
        )
        .await?;
    assert_eq!(status, 204);
    // A rejected update changes nothing.
    let (status, _, body) = caller
        .send(
            Method::PATCH,
            &path,
            Some(json!({"topic": "Changed", "retentionPolicy": {"kind": "threadCreationDate", "deleteThreadAfterDays": 365}})),
        )
        .await?;
    assert_validation(status, &body, days);
    let (_, _, properties) = caller.send(Method::GET, &path, None).await?;
    assert_eq!(
        properties["retentionPolicy"],
        json!({"kind": "threadCreationDate", "deleteThreadAfterDays": 90})
    );
    assert_eq!(properties["topic"], "Retention");
    // `none` carries no days.
    let (status, _, _) = caller
        .send(
            Method::PATCH,
            &path,
            Some(json!({"retentionPolicy": {"kind": "none", "deleteThreadAfterDays": 40}})),
        )
        .await?;
    assert_eq!(status, 204);
    let (_, _, properties) = caller.send(Method::GET, &path, None).await?;
    assert_eq!(properties["retentionPolicy"], json!({"kind": "none"}));
    Ok(())
}

#[tokio::test]
async fn thread_and_participant_metadata_are_limited_to_one_kilobyte() -> TestResult {
    let (emulator, caller, _) = caller().await;
    let ids = identity(&emulator);
    let (bob, _) = user(&ids, &["chat"]).await;
    // "k" plus 1 023 bytes: exactly 1 KB.
    let full = json!({"k": "v".repeat(1023)});
    let over = json!({"k": "v".repeat(1024)});
    let (status, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(json!({"topic": "Metadata", "metadata": over})),
        )
        .await?;
    assert_validation(status, &body, "metadata");
    // Multi-byte characters count as their UTF-8 bytes: 512 × "é" is 1 024 bytes, plus the key.
    let (status, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(json!({"topic": "Metadata", "metadata": {"k": "é".repeat(512)}})),
        )
        .await?;
    assert_validation(status, &body, "metadata");
    let big_participant = json!({
        "communicationIdentifier": {"rawId": bob, "communicationUser": {"id": bob}},
        "metadata": over,
    });
    let (status, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(json!({"topic": "Metadata", "participants": [big_participant]})),
        )
        .await?;
    assert_validation(status, &body, "participants[0].metadata");

    let (status, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(json!({"topic": "Metadata", "metadata": full})),
        )
        .await?;
    assert_eq!(status, 201, "{body}");
    let path = thread_path(body["chatThread"]["id"].as_str().ok_or("id")?);
    // Merged with what is there, one more key is too much...
    let (status, _, body) = caller
        .send(Method::PATCH, &path, Some(json!({"metadata": {"x": "y"}})))
        .await?;
    assert_validation(status, &body, "metadata");
    // ...but replacing the key is not.
    let replaced = json!({"k": "w".repeat(1023)});
    let (status, _, _) = caller
        .send(Method::PATCH, &path, Some(json!({"metadata": replaced})))
        .await?;
    assert_eq!(status, 204);
    let (_, _, properties) = caller.send(Method::GET, &path, None).await?;
    assert_eq!(properties["metadata"], replaced);

    let add = |metadata: Value| {
        json!({"participants": [{
            "communicationIdentifier": {"rawId": bob, "communicationUser": {"id": bob}},
            "metadata": metadata,
        }]})
    };
    let participants = format!("{path}/participants/:add");
    let (status, _, body) = caller
        .send(Method::POST, &participants, Some(add(over.clone())))
        .await?;
    assert_validation(status, &body, "participants[0].metadata");
    let (status, _, body) = caller
        .send(Method::POST, &participants, Some(add(full.clone())))
        .await?;
    assert_eq!(status, 201, "{body}");
    Ok(())
}

#[tokio::test]
async fn max_page_size_must_be_between_1_and_200() -> TestResult {
    let (_emulator, caller, _) = caller().await;
    let (_, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(json!({"topic": "Pages"})),
        )
        .await?;
    let path = thread_path(body["chatThread"]["id"].as_str().ok_or("id")?);
    let lists = [
        "/chat/threads".to_owned(),
        format!("{path}/messages"),
        format!("{path}/participants"),
        format!("{path}/readReceipts"),
    ];
    for list in &lists {
        for bad in ["0", "201", "-1", "abc", "99999999999", "1.5"] {
            let (status, _, body) = caller
                .send(Method::GET, &format!("{list}?maxPageSize={bad}"), None)
                .await?;
            assert_validation(status, &body, "maxPageSize");
        }
        for good in ["1", "200"] {
            let (status, _, body) = caller
                .send(Method::GET, &format!("{list}?maxPageSize={good}"), None)
                .await?;
            assert_eq!(status, 200, "{list} {good}: {body}");
        }
    }
    for bad in ["-1", "2147483648", "x"] {
        let (status, _, body) = caller
            .send(
                Method::GET,
                &format!("{path}/participants?skip={bad}"),
                None,
            )
            .await?;
        assert_validation(status, &body, "skip");
    }
    Ok(())
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow() -> TestResult {
    let (emulator, caller, _) = caller().await;
    let (_, _, body) = caller
        .send(
            Method::POST,
            "/chat/threads",
            Some(json!({"topic": "Methods"})),
        )
        .await?;
    let path = thread_path(body["chatThread"]["id"].as_str().ok_or("id")?);
    let cases = [
        (Method::PUT, "/chat/threads".to_owned(), "GET, POST"),
        (Method::POST, path.clone(), "GET, PATCH, DELETE"),
        (Method::DELETE, format!("{path}/messages"), "GET, POST"),
        (
            Method::PUT,
            format!("{path}/messages/1"),
            "GET, PATCH, DELETE",
        ),
        (Method::GET, format!("{path}/typing"), "POST"),
        (Method::GET, format!("{path}/participants/:add"), "POST"),
        (Method::GET, "/identities".to_owned(), "POST"),
        (Method::GET, "/identities/someone".to_owned(), "DELETE"),
        (
            Method::POST,
            "/access/teamsExtension/tenants/t/assignments/o".to_owned(),
            "GET, PUT, DELETE",
        ),
    ];
    for (method, path, allow) in cases {
        let (status, headers, body) = caller.send(method.clone(), &path, None).await?;
        assert_eq!(status, 405, "{method} {path}");
        assert_eq!(
            headers.get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
        assert_eq!(body["error"]["code"], "MethodNotAllowed");
        assert!(headers.contains_key("api-supported-versions"));
    }
    // An unknown path is 404, without Allow.
    let response = http(&emulator)
        .get(format!(
            "{}/chat/nothing?api-version={VERSION}",
            emulator.endpoint()
        ))
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 404);
    assert!(!response.headers().contains_key("allow"));
    Ok(())
}
