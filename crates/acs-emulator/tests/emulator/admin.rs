//! The admin JSON API (`/emulator/api/...`) and the inspector page (`/emulator/`): what they
//! list after real traffic, token minting, and that no access key or token leaks into them.

use std::sync::Arc;

use acs_auth::ManualClock;
use acs_emulator::{DEFAULT_ACCESS_KEY, Emulator, RunningEmulator};
use chrono::{TimeDelta, TimeZone, Utc};
use serde_json::{Value, json};

use crate::common::{self, TestResult};

const CHAT: &str = "api-version=2025-03-15";

async fn get(http: &reqwest::Client, emulator: &RunningEmulator, path: &str) -> (u16, Value) {
    let response = http
        .get(format!("{}{path}", emulator.endpoint()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post(
    http: &reqwest::Client,
    emulator: &RunningEmulator,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut request = http
        .post(format!("{}{path}", emulator.endpoint()))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Mints a user token with the admin API; returns (user id, token).
async fn mint(http: &reqwest::Client, emulator: &RunningEmulator, body: Value) -> (String, String) {
    let (status, minted) = post(http, emulator, "/emulator/api/tokens", None, body).await;
    assert_eq!(status, 200, "{minted}");
    (
        minted["identity"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        minted["accessToken"]["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

/// What the inspector test shows: a thread with an edit, a delete and a read receipt, and an
/// email with an attachment. Returns (thread id, email operation id, tokens used).
async fn seed(emulator: &RunningEmulator) -> (String, String, Vec<String>) {
    let http = reqwest::Client::new();
    let (alice, alice_token) = mint(&http, emulator, json!({})).await;
    let (bob, bob_token) = mint(&http, emulator, json!({ "scopes": ["chat"] })).await;
    let (status, created) = post(
        &http,
        emulator,
        &format!("/chat/threads?{CHAT}"),
        Some(&alice_token),
        json!({
            "topic": "Inspector thread",
            "participants": [
                { "communicationIdentifier": { "rawId": alice, "communicationUser": { "id": alice } }, "displayName": "Alice" },
                { "communicationIdentifier": { "rawId": bob, "communicationUser": { "id": bob } }, "displayName": "Bob" }
            ]
        }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let thread = created["chatThread"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let messages = format!("/chat/threads/{thread}/messages?{CHAT}");
    let mut ids = Vec::new();
    for content in ["Hello Bob", "A message to delete"] {
        let (status, sent) = post(
            &http,
            emulator,
            &messages,
            Some(&alice_token),
            json!({ "content": content, "senderDisplayName": "Alice" }),
        )
        .await;
        assert_eq!(status, 201, "{sent}");
        ids.push(sent["id"].as_str().unwrap_or_default().to_owned());
    }
    let message_url = |id: &str| {
        format!(
            "{}/chat/threads/{thread}/messages/{id}?{CHAT}",
            emulator.endpoint()
        )
    };
    let edited = http
        .patch(message_url(&ids[0]))
        .bearer_auth(&alice_token)
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"content":"Hello Bob (edited)"}"#)
        .send()
        .await
        .unwrap_or_else(|e| panic!("edit: {e}"));
    assert_eq!(edited.status(), 204);
    let deleted = http
        .delete(message_url(&ids[1]))
        .bearer_auth(&alice_token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("delete: {e}"));
    assert_eq!(deleted.status(), 204);
    let (status, _) = post(
        &http,
        emulator,
        &format!("/chat/threads/{thread}/readReceipts?{CHAT}"),
        Some(&bob_token),
        json!({ "chatMessageId": ids[0] }),
    )
    .await;
    assert_eq!(status, 200);

    let email_client = {
        let pipeline = common::hmac_pipeline(emulator, None);
        acs_email_rest::Client::new_with_client(
            emulator.endpoint(),
            pipeline.http_client().clone(),
            pipeline,
        )
    };
    let message: acs_email_rest::types::EmailMessage = serde_json::from_value(json!({
        "senderAddress": emulator.email_sender(),
        "content": {
            "subject": "Inspector email",
            "plainText": "Plain text body",
            "html": "<p>HTML <b>body</b><script>document.title='pwned'</script></p>"
        },
        "recipients": { "to": [{ "address": "someone@example.com", "displayName": "Someone" }] },
        "attachments": [{ "name": "notes.txt", "contentType": "text/plain", "contentInBase64": "aGVsbG8gYXR0YWNobWVudA==" }]
    }))
    .unwrap_or_else(|e| panic!("email message: {e}"));
    let sent = email_client
        .email_send()
        .api_version(acs_email_rest::API_VERSION)
        .body(message)
        .send()
        .await
        .unwrap_or_else(|e| panic!("send email: {e}"))
        .into_inner();
    (thread, sent.id, vec![alice_token, bob_token])
}

#[tokio::test]
async fn the_admin_api_lists_threads_messages_receipts_emails_identities_and_requests() -> TestResult
{
    let emulator = common::start().await;
    let http = reqwest::Client::new();
    let (thread, email, tokens) = seed(&emulator).await;

    let (status, threads) = get(&http, &emulator, "/emulator/api/threads").await;
    assert_eq!(status, 200);
    assert_eq!(threads["total"], 1);
    let listed = &threads["value"][0];
    assert_eq!(listed["id"], thread.as_str());
    assert_eq!(listed["topic"], "Inspector thread");
    assert_eq!(listed["participantCount"], 2);
    assert_eq!(listed["participants"][1]["displayName"], "Bob");
    let messages = listed["messages"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = messages
        .iter()
        .map(|m| m["type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["participantAdded", "topicUpdated", "text", "text"]);
    assert_eq!(messages[2]["content"]["message"], "Hello Bob (edited)");
    assert!(messages[2]["editedOn"].is_string());
    assert!(messages[3]["deletedOn"].is_string());
    assert_eq!(
        listed["readReceipts"][0]["chatMessageId"],
        messages[2]["id"]
    );

    // The thread's own views.
    let (status, one) = get(
        &http,
        &emulator,
        &format!("/emulator/api/threads/{thread}?maxMessages=1"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(one["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(one["olderMessagesOmitted"], true);
    let (_, participants) = get(
        &http,
        &emulator,
        &format!("/emulator/api/threads/{thread}/participants"),
    )
    .await;
    assert_eq!(participants["value"].as_array().map(Vec::len), Some(2));
    let (_, receipts) = get(
        &http,
        &emulator,
        &format!("/emulator/api/threads/{thread}/readReceipts"),
    )
    .await;
    assert_eq!(receipts["value"].as_array().map(Vec::len), Some(1));
    let (_, listed_messages) = get(
        &http,
        &emulator,
        &format!("/emulator/api/threads/{thread}/messages"),
    )
    .await;
    assert_eq!(listed_messages["value"].as_array().map(Vec::len), Some(4));
    let (status, missing) = get(&http, &emulator, "/emulator/api/threads/19:nope").await;
    assert_eq!(
        (status, &missing["error"]["code"]),
        (404, &json!("NotFound"))
    );

    // Emails: the bodies, the attachment metadata, and the attachment as a download.
    let (status, emails) = get(&http, &emulator, "/emulator/api/emails").await;
    assert_eq!(status, 200);
    let listed = &emails["value"][0];
    assert_eq!(listed["id"], email.as_str());
    assert_eq!(listed["subject"], "Inspector email");
    assert_eq!(listed["plainText"], "Plain text body");
    assert!(
        listed["html"]
            .as_str()
            .unwrap_or_default()
            .contains("<b>body</b>")
    );
    assert_eq!(listed["attachments"][0]["name"], "notes.txt");
    assert_eq!(listed["attachments"][0]["size"], 16);
    assert!(listed["attachments"][0].get("contentInBase64").is_none());
    let download = http
        .get(format!(
            "{}/emulator/api/emails/{email}/attachments/0",
            emulator.endpoint()
        ))
        .send()
        .await?;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "text/plain");
    assert_eq!(
        download.headers()["content-disposition"],
        "attachment; filename=\"notes.txt\"; filename*=UTF-8''notes%2Etxt"
    );
    assert_eq!(download.text().await?, "hello attachment");
    let (status, _) = get(
        &http,
        &emulator,
        &format!("/emulator/api/emails/{email}/attachments/1"),
    )
    .await;
    assert_eq!(status, 404);

    // Identities: both minted users.
    let (_, identities) = get(&http, &emulator, "/emulator/api/identities").await;
    assert_eq!(identities["value"].as_array().map(Vec::len), Some(2));
    assert_eq!(identities["value"][0]["deleted"], false);

    // Requests: newest first, with the caller named by user id or "HMAC", never by token.
    let (_, requests) = get(&http, &emulator, "/emulator/api/requests").await;
    let requests = requests["value"].as_array().cloned().unwrap_or_default();
    assert_eq!(requests[0]["operation"], "Email_Send");
    assert_eq!(requests[0]["caller"], "HMAC");
    assert_eq!(requests[0]["status"], 202);
    assert_eq!(requests[0]["path"], "/emails:send");
    let created = requests
        .iter()
        .find(|r| r["operation"] == "Chat_CreateChatThread")
        .cloned()
        .unwrap_or_default();
    assert_eq!(created["status"], 201);
    assert!(
        created["caller"]
            .as_str()
            .unwrap_or_default()
            .starts_with("8:acs:")
    );
    assert!(created["latencyMs"].is_number());
    // The admin API's own requests are not recorded.
    assert!(requests.iter().all(|r| {
        !r["path"]
            .as_str()
            .unwrap_or_default()
            .starts_with("/emulator/api")
    }));
    let newest = requests[0]["sequence"].as_u64().unwrap_or_default();
    let (_, after) = get(
        &http,
        &emulator,
        &format!("/emulator/api/requests?after={}", newest - 1),
    )
    .await;
    assert_eq!(after["value"].as_array().map(Vec::len), Some(1));

    // No answer of the admin API, nor the page, holds the access key or a token.
    for path in [
        "/emulator/",
        "/emulator/inspector.js",
        "/emulator/api/threads",
        "/emulator/api/emails",
        "/emulator/api/identities",
        "/emulator/api/requests",
    ] {
        let body = http
            .get(format!("{}{path}", emulator.endpoint()))
            .send()
            .await?
            .text()
            .await?;
        assert!(!body.contains(DEFAULT_ACCESS_KEY), "{path} shows the key");
        for token in &tokens {
            assert!(!body.contains(token.as_str()), "{path} shows a token");
            let signature = token.rsplit('.').next().unwrap_or_default();
            assert!(!body.contains(signature), "{path} shows a token signature");
        }
    }
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn the_page_is_served_with_a_strict_policy_and_other_methods_are_refused() -> TestResult {
    let emulator = common::start().await;
    let http = reqwest::Client::new();
    for path in ["/emulator", "/emulator/"] {
        let page = http
            .get(format!("{}{path}", emulator.endpoint()))
            .send()
            .await?;
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
        let policy = page.headers()["content-security-policy"]
            .to_str()?
            .to_owned();
        assert!(policy.contains("script-src 'self'"), "{policy}");
        assert!(policy.contains("connect-src 'self'"), "{policy}");
        let html = page.text().await?;
        assert!(html.contains("/emulator/inspector.js"));
    }
    let script = http
        .get(format!("{}/emulator/inspector.js", emulator.endpoint()))
        .send()
        .await?;
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let script = script.text().await?;
    // Emails' HTML is only ever shown in a sandboxed frame.
    assert!(script.contains("sandbox: \"\""));
    assert!(!script.contains("innerHTML"));

    let refused = http
        .delete(format!("{}/emulator/api/threads", emulator.endpoint()))
        .send()
        .await?;
    assert_eq!(refused.status(), 405);
    assert_eq!(refused.headers()["allow"], "GET");
    let refused = http
        .get(format!("{}/emulator/api/tokens", emulator.endpoint()))
        .send()
        .await?;
    assert_eq!(refused.status(), 405);
    assert_eq!(refused.headers()["allow"], "POST");
    // Paths the admin API does not own are left to the rest of the emulator.
    let (status, _) = get(&http, &emulator, "/emulator/api/nothing-here").await;
    assert_eq!(status, 404);
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn minted_user_tokens_have_the_asked_scopes_and_expiry() -> TestResult {
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let clock = Arc::new(ManualClock::new(start));
    let emulator = Emulator::builder().clock(clock.clone()).start().await?;
    let http = reqwest::Client::new();

    let (status, minted) = post(
        &http,
        &emulator,
        "/emulator/api/tokens",
        None,
        json!({ "scopes": ["chat.join"], "expiresInMinutes": 5 }),
    )
    .await;
    assert_eq!(status, 200, "{minted}");
    assert_eq!(minted["scopes"], json!(["chat.join"]));
    assert_eq!(
        minted["accessToken"]["expiresOn"],
        "2026-01-01T00:05:00+00:00"
    );
    let token = minted["accessToken"]["token"].as_str().unwrap_or_default();
    let parsed = acs_auth::AccessToken::from_jwt(token.to_owned())?;
    assert_eq!(parsed.expires_on, start + TimeDelta::minutes(5));
    // The token works on chat (a join-scoped token may list threads), until it expires.
    let list = format!("{}/chat/threads?{CHAT}", emulator.endpoint());
    let listed = http.get(&list).bearer_auth(token).send().await?;
    assert_eq!(listed.status(), 200);
    clock.advance(TimeDelta::minutes(6));
    let expired = http.get(&list).bearer_auth(token).send().await?;
    assert_eq!(expired.status(), 401);

    // A token for an identity that exists keeps its id; an unknown one is refused.
    let id = minted["identity"]["id"].as_str().unwrap_or_default();
    let (status, again) = post(
        &http,
        &emulator,
        "/emulator/api/tokens",
        None,
        json!({ "identity": id }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(again["identity"]["id"], id);
    assert_eq!(again["scopes"], json!(["chat", "voip"]));
    for (body, target) in [
        (json!({ "identity": "8:acs:unknown_user" }), "identity"),
        (json!({ "scopes": ["sms"] }), "scopes"),
        (json!({ "scopes": [] }), "scopes"),
        (json!({ "expiresInMinutes": 600_000 }), "expiresInMinutes"),
    ] {
        let (status, error) = post(&http, &emulator, "/emulator/api/tokens", None, body).await;
        assert!(status == 400 || status == 404, "{status} {error}");
        assert_eq!(error["error"]["target"], target, "{error}");
    }
    // An already expired token, for testing expiry handling.
    let (_, expired) = post(
        &http,
        &emulator,
        "/emulator/api/tokens",
        None,
        json!({ "expiresInMinutes": -1 }),
    )
    .await;
    let token = expired["accessToken"]["token"].as_str().unwrap_or_default();
    let refused = http.get(&list).bearer_auth(token).send().await?;
    assert_eq!(refused.status(), 401);
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn minted_entra_tokens_pass_the_teams_exchanges() -> TestResult {
    let emulator = common::start().await;
    let http = reqwest::Client::new();
    let object_id = "00000000-0000-0000-0000-0000000000a1";
    let app_id = "00000000-0000-0000-0000-00000000c11e";
    let tenant_id = "00000000-0000-0000-0000-000000007e4a";
    let (status, minted) = post(
        &http,
        &emulator,
        "/emulator/api/entra-tokens",
        None,
        json!({ "objectId": object_id, "appId": app_id, "tenantId": tenant_id }),
    )
    .await;
    assert_eq!(status, 200, "{minted}");
    assert_eq!(minted["claims"]["oid"], object_id);
    assert_eq!(minted["claims"]["tid"], tenant_id);
    let entra = minted["token"].as_str().unwrap_or_default().to_owned();

    // The Teams user exchange (HMAC-signed) accepts it.
    let identity = common::identity(&emulator);
    let exchanged = identity
        .teams_user_operations_exchange_teams_user_access_token()
        .api_version(acs_identity_rest::API_VERSION)
        .body(acs_identity_rest::types::TeamsUserExchangeTokenRequest {
            token: entra.clone(),
            app_id: app_id.to_owned(),
            user_id: object_id.to_owned(),
        })
        .send()
        .await?
        .into_inner();
    assert!(!exchanged.token.is_empty());

    // The Teams Phone extension exchange accepts it as its bearer token, once assigned.

    let assigned = identity
        .teams_extension_operations_upsert_assignment()
        .api_version(acs_identity_rest::API_VERSION)
        .tenant_id(tenant_id)
        .object_id(object_id)
        .body(serde_json::from_value::<
            acs_identity_rest::types::TeamsExtensionAssignmentCreateOrUpdateRequest,
        >(
            json!({ "principalType": "user", "clientIds": [app_id] })
        )?)
        .send()
        .await;
    assert!(assigned.is_ok(), "{assigned:?}");
    let exchange = http
        .post(format!(
            "{}/access/teamsExtension/:exchangeAccessToken?api-version={}",
            emulator.endpoint(),
            acs_identity_rest::API_VERSION
        ))
        .bearer_auth(&entra)
        .json(&json!({}))
        .send()
        .await?;
    let status = exchange.status();
    let body: Value = exchange.json().await?;
    assert_eq!(status, 200, "{body}");
    assert!(body["accessToken"]["token"].is_string());

    // The recent requests name the Entra caller by object id, not by token.
    let (_, requests) = get(&http, &emulator, "/emulator/api/requests").await;
    assert_eq!(requests["value"][0]["caller"], format!("entra:{object_id}"));

    let (status, error) = post(
        &http,
        &emulator,
        "/emulator/api/entra-tokens",
        None,
        json!({ "objectId": "not-a-uuid" }),
    )
    .await;
    assert_eq!(
        (status, &error["error"]["target"]),
        (400, &json!("objectId"))
    );
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn the_request_log_is_bounded() -> TestResult {
    let emulator = common::start().await;
    let http = reqwest::Client::new();
    for _ in 0..520 {
        http.get(format!("{}/nowhere", emulator.endpoint()))
            .send()
            .await?;
    }
    let (_, requests) = get(&http, &emulator, "/emulator/api/requests").await;
    let capacity = requests["capacity"].as_u64().unwrap_or_default();
    assert_eq!(
        requests["value"].as_array().map(Vec::len),
        usize::try_from(capacity).ok()
    );
    assert_eq!(requests["value"][0]["sequence"], 520);
    assert_eq!(requests["value"][0]["status"], 404);
    assert_eq!(requests["value"][0]["caller"], Value::Null);
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn minted_entra_tokens_for_communication_authenticate_the_identity_routes() -> TestResult {
    let emulator = common::start().await;
    let http = reqwest::Client::new();
    let create = format!(
        "{}/identities?api-version={}",
        emulator.endpoint(),
        acs_identity_rest::API_VERSION
    );
    let mint = |body: Value| {
        let http = http.clone();
        let emulator = &emulator;
        async move {
            let (status, minted) =
                post(&http, emulator, "/emulator/api/entra-tokens", None, body).await;
            assert_eq!(status, 200, "{minted}");
            minted["token"].as_str().unwrap_or_default().to_owned()
        }
    };
    let communication = mint(json!({ "audience": "https://communication.azure.com" })).await;
    let created = http
        .post(&create)
        .bearer_auth(&communication)
        .json(&json!({ "createTokenWithScopes": ["chat"] }))
        .send()
        .await?;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await?;
    assert!(body["accessToken"]["token"].is_string());

    // A token for another audience, an expired one and garbage are refused.
    for token in [
        mint(json!({})).await,
        mint(json!({ "audience": "https://communication.azure.com", "expiresInMinutes": -1 }))
            .await,
        "garbage".to_owned(),
    ] {
        let refused = http
            .post(&create)
            .bearer_auth(&token)
            .json(&json!({}))
            .send()
            .await?;
        assert_eq!(refused.status(), 401);
        let body: Value = refused.json().await?;
        assert_eq!(body["error"]["code"], "InvalidAccessToken");
    }
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn requests_refused_before_routing_are_recorded_too() -> TestResult {
    let emulator = Emulator::builder()
        .limits(acs_emulator::Limits::default().with_max_body_bytes(1024))
        .start()
        .await?;
    let http = reqwest::Client::new();
    let refused = http
        .post(format!(
            "{}/chat/threads?{CHAT}&secret=not-recorded",
            emulator.endpoint()
        ))
        .body(vec![b'x'; 4096])
        .send()
        .await?;
    assert_eq!(refused.status(), 413);
    let (_, requests) = get(&http, &emulator, "/emulator/api/requests").await;
    let newest = &requests["value"][0];
    assert_eq!(newest["status"], 413);
    assert_eq!(newest["method"], "POST");
    assert_eq!(newest["path"], "/chat/threads");
    assert_eq!(newest["operation"], "Chat_CreateChatThread");
    emulator.shutdown().await?;
    Ok(())
}
