//! `--data-dir`: state survives a restart (in process) and a `kill -9` of the binary.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use acs_auth::{Clock as _, ConnectionString, HmacCredential, ManualClock, SystemClock};
use acs_core::{HmacAuthPolicy, Pipeline, RetryOptions};
use acs_emulator::{Emulator, RunningEmulator};
use serde_json::{Value, json};

use super::common::{TestResult, hmac_pipeline, identity, user};

const CHAT: &str = acs_chat_rest::API_VERSION;

/// Prints a result line (shown with `--nocapture`).
fn report(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("acs-emulator-{name}-{}", uuid::Uuid::new_v4()));
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn no_retries() -> RetryOptions {
    let mut options = RetryOptions::default();
    options.max_retries = 0;
    options
}

/// The generated Identity client for a connection string (the old one, after a restart).
fn identity_from(connection_string: &str) -> acs_identity_rest::Client {
    let cs = ConnectionString::parse(connection_string).unwrap_or_else(|e| panic!("cs: {e}"));
    let pipeline = Pipeline::builder()
        .auth(Arc::new(HmacAuthPolicy::new(
            HmacCredential::from_connection_string(&cs),
        )))
        .retry(no_retries())
        .build();
    acs_identity_rest::Client::new_with_client(
        &cs.endpoint().to_string(),
        pipeline.http_client().clone(),
        pipeline,
    )
}

async fn start(dir: &Path, port: u16, clock: &Arc<ManualClock>) -> RunningEmulator {
    Emulator::builder()
        .data_dir(dir)
        .port(port)
        .clock(clock.clone())
        .start()
        .await
        .unwrap_or_else(|e| panic!("start: {}", acs_core::error_chain(&e)))
}

/// A chat request with a bearer token: (status, JSON body or null).
async fn chat(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let separator = if url.contains('?') { '&' } else { '?' };
    let mut request = http
        .request(
            method.clone(),
            format!("{url}{separator}api-version={CHAT}"),
        )
        .bearer_auth(token);
    if let Some(body) = body {
        let content_type = if method == reqwest::Method::PATCH {
            "application/merge-patch+json"
        } else {
            "application/json"
        };
        request = request
            .header("content-type", content_type)
            .body(body.to_string());
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// Creates a thread with a `repeatability-request-id`; its id.
async fn create_replayable(emulator: &RunningEmulator, token: &str) -> String {
    let created: Value = reqwest::Client::new()
        .post(format!(
            "{}/chat/threads?api-version={CHAT}",
            emulator.endpoint()
        ))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header(
            "repeatability-request-id",
            "6f6ad0b1-4b8f-4a43-9f5a-2a8c3c2f0a11",
        )
        .body(json!({"topic": "once"}).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("create: {e}"))
        .json()
        .await
        .unwrap_or(Value::Null);
    created["chatThread"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Everything the scripted flow made, as the API shows it.
async fn snapshot(emulator: &RunningEmulator, token: &str, thread: &str) -> Value {
    let http = reqwest::Client::new();
    let base = format!("{}/chat/threads/{}", emulator.endpoint(), thread);
    let mut parts = serde_json::Map::new();
    for (name, url) in [
        ("thread", base.clone()),
        ("messages", format!("{base}/messages")),
        ("participants", format!("{base}/participants")),
        ("receipts", format!("{base}/readReceipts")),
    ] {
        let (status, body) = chat(&http, reqwest::Method::GET, url, token, None).await;
        assert_eq!(status, 200, "{name}: {body}");
        parts.insert(name.to_owned(), body);
    }
    let mailbox: Value = http
        .get(format!("{}/emulator/emails", emulator.endpoint()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("mailbox: {e}"))
        .json()
        .await
        .unwrap_or(Value::Null);
    parts.insert("mailbox".to_owned(), mailbox);
    Value::Object(parts)
}

async fn issue_token(client: &acs_identity_rest::Client, id: &str) -> Result<u16, String> {
    use acs_identity_rest::types::{
        CommunicationIdentityAccessTokenRequest, CommunicationIdentityTokenScope,
    };
    let result = client
        .identity_operations_issue_access_token()
        .id(id)
        .api_version(acs_identity_rest::API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![CommunicationIdentityTokenScope::from("chat")],
            expires_in_minutes: None,
        })
        .send()
        .await;
    match result {
        Ok(response) => Ok(response.status().as_u16()),
        Err(acs_identity_rest::Error::ErrorResponse(response)) => Ok(response.status().as_u16()),
        Err(other) => Err(other.to_string()),
    }
}

#[tokio::test]
async fn a_scripted_flow_survives_a_restart_and_reset_clears_it() -> TestResult {
    let dir = TempDir::new("persist-flow");
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let emulator = start(&dir.0, 0, &clock).await;
    let port = emulator.local_addr().port();
    let connection_string = emulator.connection_string();
    let resource_id = emulator.resource_id().to_owned();
    let identities = identity(&emulator);
    let (alice, alice_token) = user(&identities, &["chat"]).await;
    let (bob, bob_token) = user(&identities, &["chat"]).await;
    let (carol, carol_token) = user(&identities, &["chat"]).await;
    identities
        .identity_operations_revoke_access_tokens()
        .id(&carol)
        .api_version(acs_identity_rest::API_VERSION)
        .send()
        .await?;
    {
        use acs_identity_rest::types::{
            TeamsExtensionAssignmentCreateOrUpdateRequest, TeamsExtensionPrincipalType,
        };
        let created = identities
            .teams_extension_operations_upsert_assignment()
            .tenant_id("tenant-1")
            .object_id("object-1")
            .api_version(acs_identity_rest::API_VERSION)
            .body(TeamsExtensionAssignmentCreateOrUpdateRequest {
                principal_type: TeamsExtensionPrincipalType::User,
                client_ids: vec!["app-1".to_owned()],
            })
            .send()
            .await?;
        assert_eq!(created.status().as_u16(), 201);
    }

    // A thread with a topic change, three messages (one edited, one deleted), a receipt.
    let http = reqwest::Client::new();
    let threads = format!("{}/chat/threads", emulator.endpoint());
    let (status, created) = chat(
        &http,
        reqwest::Method::POST,
        threads.clone(),
        &alice_token,
        Some(json!({"topic": "Lunch", "participants": [
            {"communicationIdentifier": {"rawId": bob, "communicationUser": {"id": bob}},
             "displayName": "Bob"}
        ]})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let thread = created["chatThread"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let base = format!("{threads}/{thread}");
    let mut ids = Vec::new();
    for text in ["one", "two", "three"] {
        let (status, sent) = chat(
            &http,
            reqwest::Method::POST,
            format!("{base}/messages"),
            &alice_token,
            Some(json!({"content": text, "senderDisplayName": "Alice", "metadata": {"k": text}})),
        )
        .await;
        assert_eq!(status, 201, "{sent}");
        ids.push(sent["id"].as_str().unwrap_or_default().to_owned());
    }
    let steps = [
        (
            reqwest::Method::PATCH,
            format!("{base}/messages/{}", ids[0]),
            json!({"content": "one (edited)"}),
            204,
        ),
        (
            reqwest::Method::DELETE,
            format!("{base}/messages/{}", ids[1]),
            Value::Null,
            204,
        ),
        (
            reqwest::Method::PATCH,
            base.clone(),
            json!({"topic": "Dinner"}),
            204,
        ),
    ];
    for (method, url, body, expected) in steps {
        let body = (!body.is_null()).then_some(body);
        let (status, answer) = chat(&http, method, url, &alice_token, body).await;
        assert_eq!(status, expected, "{answer}");
    }
    let (status, _) = chat(
        &http,
        reqwest::Method::POST,
        format!("{base}/readReceipts"),
        &bob_token,
        Some(json!({"chatMessageId": ids[2]})),
    )
    .await;
    assert_eq!(status, 200);

    // An email.
    let pipeline = hmac_pipeline(&emulator, None);
    let email = acs_email_rest::Client::new_with_client(
        emulator.endpoint(),
        pipeline.http_client().clone(),
        pipeline,
    );
    let message: acs_email_rest::types::EmailMessage = serde_json::from_value(json!({
        "senderAddress": emulator.email_sender(),
        "recipients": {"to": [{"address": "dana@example.com", "displayName": "Dana"}]},
        "content": {"subject": "Hi", "plainText": "Hello", "html": "<p>Hello</p>"},
        "attachments": [{"name": "a.txt", "contentType": "text/plain", "contentInBase64": "aGk="}]
    }))?;
    let sent = email
        .email_send()
        .api_version(acs_email_rest::API_VERSION)
        .operation_id("11111111-2222-3333-4444-555555555555")
        .body(message)
        .send()
        .await?;
    assert_eq!(sent.status().as_u16(), 202);

    let replayable = create_replayable(&emulator, &alice_token).await;
    assert!(replayable.starts_with("19:"));
    let before = snapshot(&emulator, &alice_token, &thread).await;
    assert_eq!(
        before["messages"]["value"].as_array().map(Vec::len),
        Some(6)
    );
    assert_eq!(before["mailbox"]["value"].as_array().map(Vec::len), Some(1));
    emulator.shutdown().await?;

    // Restart on the same port and directory: the same resource, key and everything else.
    let emulator = start(&dir.0, port, &clock).await;
    assert_eq!(emulator.resource_id(), resource_id);
    assert_eq!(emulator.connection_string(), connection_string);
    let after = snapshot(&emulator, &alice_token, &thread).await;
    assert_eq!(after, before);
    // A create replayed after the restart answers with the thread it made.
    assert_eq!(create_replayable(&emulator, &alice_token).await, replayable);
    let messages = after["messages"]["value"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let find = |id: &str| {
        messages
            .iter()
            .find(|m| m["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(find(&ids[0])["content"]["message"], "one (edited)");
    assert!(find(&ids[0])["editedOn"].is_string());
    assert!(find(&ids[1])["deletedOn"].is_string());
    assert_eq!(after["thread"]["topic"], "Dinner");
    assert_eq!(
        after["receipts"]["value"][0]["chatMessageId"],
        ids[2].as_str()
    );

    // The old connection string and tokens work; the revoked token does not.
    let old = identity_from(&connection_string);
    assert_eq!(issue_token(&old, &carol).await?, 200);
    let assignment = old
        .teams_extension_operations_get_assignment()
        .tenant_id("tenant-1")
        .object_id("object-1")
        .api_version(acs_identity_rest::API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(assignment.client_ids, ["app-1"]);
    let (status, _) = chat(
        &http,
        reqwest::Method::GET,
        threads.clone(),
        &bob_token,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = chat(
        &http,
        reqwest::Method::GET,
        threads.clone(),
        &carol_token,
        None,
    )
    .await;
    assert_eq!(status, 401);
    // A message sent after the restart gets a newer id and the next sequence id.
    let (status, sent) = chat(
        &http,
        reqwest::Method::POST,
        format!("{base}/messages"),
        &bob_token,
        Some(json!({"content": "four"})),
    )
    .await;
    assert_eq!(status, 201);
    let four = sent["id"].as_str().unwrap_or_default();
    assert!(four.parse::<u64>()? > ids[2].parse::<u64>()?);
    let (_, got) = chat(
        &http,
        reqwest::Method::GET,
        format!("{base}/messages/{four}"),
        &bob_token,
        None,
    )
    .await;
    assert_eq!(got["sequenceId"], "7");

    // Reset clears memory and the store, and keeps the resource and key.
    let reset = http
        .post(format!("{}/emulator/api/reset", emulator.endpoint()))
        .send()
        .await?;
    assert_eq!(reset.status().as_u16(), 204);
    let (status, _) = chat(
        &http,
        reqwest::Method::GET,
        threads.clone(),
        &alice_token,
        None,
    )
    .await;
    assert_eq!(status, 401, "alice no longer exists");
    emulator.shutdown().await?;

    let emulator = start(&dir.0, port, &clock).await;
    assert_eq!(emulator.connection_string(), connection_string);
    // 401 IdentityNotOwned, as for any identity the resource does not have.
    assert_eq!(issue_token(&old, &alice).await?, 401);
    let mailbox: Value = http
        .get(format!("{}/emulator/emails", emulator.endpoint()))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(mailbox["value"], json!([]));
    let (fresh, fresh_token) = user(&old, &["chat"]).await;
    assert!(fresh.starts_with(&format!("8:acs:{resource_id}_")));
    let (status, listed) = chat(&http, reqwest::Method::GET, threads, &fresh_token, None).await;
    assert_eq!((status, listed["value"].clone()), (200, json!([])));
    emulator.shutdown().await?;
    report(&format!(
        "restart: 3 identities (1 revoked), 1 assignment, 1 thread with {} messages, {} receipt, {} email kept and equal before/after; reset left none",
        before["messages"]["value"].as_array().map_or(0, Vec::len),
        before["receipts"]["value"].as_array().map_or(0, Vec::len),
        before["mailbox"]["value"].as_array().map_or(0, Vec::len),
    ));
    Ok(())
}

#[tokio::test]
async fn a_data_dir_is_used_by_one_emulator_for_one_resource() -> TestResult {
    let dir = TempDir::new("persist-lock");
    let first = Emulator::builder().data_dir(&dir.0).start().await?;
    let second = Emulator::builder().data_dir(&dir.0).start().await;
    let error = second.err().map(|e| acs_core::error_chain(&e));
    assert!(
        error.as_deref().is_some_and(|e| e.contains("in use")),
        "{error:?}"
    );
    let resource_id = first.resource_id().to_owned();
    first.shutdown().await?;
    let other = Emulator::builder()
        .data_dir(&dir.0)
        .resource_id("00000000-0000-0000-0000-000000000009")
        .start()
        .await;
    let error = other.err().map(|e| acs_core::error_chain(&e));
    assert!(
        error.as_deref().is_some_and(|e| e.contains(&resource_id)),
        "{error:?}"
    );
    // Neither the key nor the token secret appears in the error.
    assert!(
        error
            .as_deref()
            .is_some_and(|e| !e.contains(acs_emulator::DEFAULT_ACCESS_KEY))
    );
    let again = Emulator::builder()
        .data_dir(&dir.0)
        .resource_id(&resource_id)
        .start()
        .await?;
    again.shutdown().await?;
    Ok(())
}

/// The emulator binary as a child process, killed when dropped.
struct Child {
    process: std::process::Child,
    endpoint: String,
    connection_string: String,
}

impl Child {
    fn spawn(dir: &Path) -> Self {
        use std::io::BufRead as _;
        let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_acs-emulator"))
            .arg("--data-dir")
            .arg(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        let stdout = process.stdout.take().unwrap_or_else(|| panic!("stdout"));
        let mut lines = std::io::BufReader::new(stdout).lines();
        let (mut endpoint, mut connection_string) = (String::new(), String::new());
        for line in lines.by_ref() {
            let line = line.unwrap_or_default();
            if let Some(rest) = line.strip_prefix("endpoint: ") {
                endpoint = rest.to_owned();
            }
            if let Some(rest) = line.strip_prefix("connection string: ") {
                connection_string = rest.to_owned();
                break;
            }
        }
        assert!(!endpoint.is_empty(), "the emulator did not start");
        Self {
            process,
            endpoint,
            connection_string,
        }
    }

    /// SIGKILL.
    fn kill(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Every message id of a thread, following `nextLink`s.
async fn all_message_ids(endpoint: &str, thread: &str, token: &str) -> Vec<String> {
    let http = reqwest::Client::new();
    let mut url =
        format!("{endpoint}/chat/threads/{thread}/messages?maxPageSize=200&api-version={CHAT}");
    let mut ids = Vec::new();
    loop {
        let page: Value = http
            .get(&url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("list: {e}"))
            .json()
            .await
            .unwrap_or(Value::Null);
        for message in page["value"].as_array().into_iter().flatten() {
            if message["type"] == "text" {
                ids.push(message["id"].as_str().unwrap_or_default().to_owned());
            }
        }
        match page["nextLink"].as_str() {
            Some(next) => url = next.to_owned(),
            None => return ids,
        }
    }
}

/// Acknowledged writes before a SIGKILL are all there after a restart.
#[tokio::test]
async fn kill_9_during_concurrent_writes_loses_no_acknowledged_write() -> TestResult {
    const SENDERS: usize = 8;
    const CREATORS: usize = 2;
    const KILL_AFTER: usize = 400;
    let dir = TempDir::new("persist-crash");
    let mut child = Child::spawn(&dir.0);
    let identities = identity_from(&child.connection_string);
    let (alice, token) = user(&identities, &["chat"]).await;
    let http = reqwest::Client::new();
    let (status, created) = chat(
        &http,
        reqwest::Method::POST,
        format!("{}/chat/threads", child.endpoint),
        &token,
        Some(json!({"topic": "load"})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let thread = created["chatThread"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let enough = Arc::new(tokio::sync::Notify::new());
    let stop = Arc::new(AtomicBool::new(false));
    let mut senders = Vec::new();
    for sender in 0..SENDERS {
        let (http, url, token) = (
            http.clone(),
            format!(
                "{}/chat/threads/{thread}/messages?api-version={CHAT}",
                child.endpoint
            ),
            token.clone(),
        );
        let (acknowledged, enough, stop) = (acknowledged.clone(), enough.clone(), stop.clone());
        senders.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            let mut failed = 0usize;
            for index in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let sent = http
                    .post(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(json!({"content": format!("{sender}-{index}")}).to_string())
                    .send()
                    .await;
                let Ok(response) = sent else {
                    failed += 1;
                    break;
                };
                if response.status().as_u16() != 201 {
                    failed += 1;
                    break;
                }
                let Ok(body) = response.json::<Value>().await else {
                    failed += 1;
                    break;
                };
                acked.push(body["id"].as_str().unwrap_or_default().to_owned());
                if acknowledged.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                    enough.notify_one();
                }
            }
            (acked, failed)
        }));
    }
    let mut creators = Vec::new();
    for _ in 0..CREATORS {
        let (client, stop) = (identity_from(&child.connection_string), stop.clone());
        creators.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            while !stop.load(Ordering::SeqCst) {
                let created = client
                    .identity_operations_create()
                    .api_version(acs_identity_rest::API_VERSION)
                    .body(acs_identity_rest::types::CommunicationIdentityCreateRequest::default())
                    .send()
                    .await;
                match created {
                    Ok(response) => acked.push(response.into_inner().identity.id),
                    Err(_) => break,
                }
            }
            acked
        }));
    }
    enough.notified().await;
    child.kill();
    stop.store(true, Ordering::SeqCst);
    let (mut acked_messages, mut in_flight) = (Vec::new(), 0);
    for sender in senders {
        let (acked, failed) = sender.await?;
        acked_messages.extend(acked);
        in_flight += failed;
    }
    let mut acked_identities = Vec::new();
    for creator in creators {
        acked_identities.extend(creator.await?);
    }
    assert!(acked_messages.len() >= KILL_AFTER);

    // Restart: the store opens and holds every acknowledged write.
    let child = Child::spawn(&dir.0);
    let stored = all_message_ids(&child.endpoint, &thread, &token).await;
    let stored_set: std::collections::HashSet<&String> = stored.iter().collect();
    let lost: Vec<&String> = acked_messages
        .iter()
        .filter(|id| !stored_set.contains(id))
        .collect();
    assert!(lost.is_empty(), "{} acknowledged messages lost", lost.len());
    let identities = identity_from(&child.connection_string);
    let mut missing = 0;
    for id in &acked_identities {
        if issue_token(&identities, id).await? != 200 {
            missing += 1;
        }
    }
    assert_eq!(missing, 0, "acknowledged identities lost");
    assert_eq!(issue_token(&identities, &alice).await?, 200);
    report(&format!(
        "kill -9: {} messages and {} identities acknowledged before SIGKILL ({} requests cut off); after restart {} messages stored, 0 acknowledged ones lost, {} identities all present",
        acked_messages.len(),
        acked_identities.len(),
        in_flight,
        stored.len(),
        acked_identities.len()
    ));
    Ok(())
}
