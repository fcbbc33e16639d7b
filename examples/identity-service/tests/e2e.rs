//! End to end: the identity service over HTTP, against the embedded ACS emulator, with its
//! mapping in a temporary SQLite file. The emulator checks every token the service hands out
//! (a chat call with it) and every revocation (the same call fails afterwards).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use acs_emulator::{Emulator, RunningEmulator};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::{CommunicationTokenScope, CommunicationUserIdentifier};
use acs_identity_service_example::{AppState, AppUsers, IdentityStore, Stats, serve};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot, watch};
use tokio::task::JoinHandle;

const USERS: &str = "alice:alice-secret-key,bob:bob-secret-key,carol:carol-secret-key";
const ALICE: &str = "alice-secret-key";
const BOB: &str = "bob-secret-key";
const CAROL: &str = "carol-secret-key";

/// A running service: its URL, its state (for the counters), and how to stop it.
struct Service {
    url: String,
    state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Service {
    async fn start(identity: CommunicationIdentityClient, db: &Path) -> Self {
        let store = IdentityStore::open(db).unwrap_or_else(|error| panic!("{error}"));
        let users = AppUsers::parse(USERS).unwrap_or_else(|error| panic!("{error}"));
        let state = AppState::new(identity, store, users);
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let url = format!(
            "http://{}",
            listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
        );
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, state.clone(), async move {
            let _ = stopped.await;
        }));
        Self {
            url,
            state,
            stop,
            task,
        }
    }

    async fn shutdown(self) {
        let _ = self.stop.send(());
        let served = self.task.await.unwrap_or_else(|error| panic!("{error}"));
        served.unwrap_or_else(|error| panic!("{error}"));
    }

    fn stats(&self) -> Stats {
        self.state.stats()
    }

    /// `POST /token` with `key` (none: no `Authorization`) and `body`.
    async fn post_token(&self, key: Option<&str>, body: &Value) -> Answer {
        let mut request = http().post(format!("{}/token", self.url)).json(body);
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        Answer::of(request.send().await).await
    }

    /// A token with the chat and voip scopes; panics unless the answer is 200.
    async fn token(&self, key: &str) -> Token {
        let answer = self
            .post_token(Some(key), &json!({"scopes": ["chat", "voip"]}))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        Token::of(&answer.body)
    }

    async fn delete_me(&self, key: Option<&str>) -> Answer {
        let mut request = http().delete(format!("{}/me", self.url));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        Answer::of(request.send().await).await
    }
}

struct Answer {
    status: u16,
    body: Value,
    text: String,
    headers: reqwest::header::HeaderMap,
}

impl Answer {
    async fn of(response: reqwest::Result<reqwest::Response>) -> Self {
        let response = response.unwrap_or_else(|error| panic!("{error}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            body,
            text,
            headers,
        }
    }

    fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
struct Token {
    user_id: String,
    token: String,
    expires_on: DateTime<Utc>,
}

impl Token {
    fn of(body: &Value) -> Self {
        let text = |name: &str| {
            body[name]
                .as_str()
                .unwrap_or_else(|| panic!("no {name} in {body}"))
                .to_owned()
        };
        let expires_on = DateTime::parse_from_rfc3339(&text("expiresOn"))
            .unwrap_or_else(|error| panic!("{error}"))
            .with_timezone(&Utc);
        Self {
            user_id: text("userId"),
            token: text("token"),
            expires_on,
        }
    }

    /// The JWT's claims (its signature is the emulator's business).
    fn claims(&self) -> Value {
        let payload = self.token.split('.').nth(1).unwrap_or_default();
        let bytes = URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .unwrap_or_else(|error| panic!("{error}"));
        serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("{error}"))
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

async fn start_emulator() -> RunningEmulator {
    Emulator::builder()
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn identity_client(emulator: &RunningEmulator) -> CommunicationIdentityClient {
    CommunicationIdentityClient::from_connection_string(&emulator.connection_string(), None)
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The status of a chat call (list threads) the emulator answers with `token`: 200 when it
/// accepts the token, 401 when it does not.
async fn chat_status(emulator: &RunningEmulator, token: &Token) -> u16 {
    http()
        .get(format!(
            "{}/chat/threads?api-version=2025-03-15",
            emulator.endpoint()
        ))
        .bearer_auth(&token.token)
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .status()
        .as_u16()
}

/// Whether the emulator still knows the identity (it issues a token for it).
async fn identity_exists(emulator: &RunningEmulator, user_id: &str) -> bool {
    let result = identity_client(emulator)
        .get_token(
            &CommunicationUserIdentifier::new(user_id),
            &[CommunicationTokenScope::Chat],
            None,
        )
        .await;
    match result {
        Ok(_) => true,
        Err(error) if error.code() == Some("IdentityNotOwned") => false,
        Err(error) => panic!("{error}"),
    }
}

#[tokio::test]
async fn the_first_token_creates_the_identity_and_later_ones_reuse_it() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity_client(&emulator), &dir.path().join("ids.sqlite3")).await;

    let answer = service
        .post_token(
            Some(ALICE),
            &json!({"scopes": ["chat", "voip"], "expiresInMinutes": 90}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.headers.get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    let first = Token::of(&answer.body);
    assert!(
        first
            .user_id
            .starts_with(&format!("8:acs:{}_", emulator.resource_id())),
        "{first:?}"
    );
    let claims = first.claims();
    assert_eq!(claims["sub"], first.user_id.as_str());
    assert_eq!(claims["acsScope"], "chat,voip");
    assert_eq!(claims["exp"].as_i64(), Some(first.expires_on.timestamp()));
    let lifetime = first.expires_on.timestamp() - claims["iat"].as_i64().unwrap_or_default();
    assert!(
        (90 * 60 - 5..=90 * 60 + 5).contains(&lifetime),
        "{lifetime}"
    );
    assert_eq!(chat_status(&emulator, &first).await, 200);

    let second = service.token(ALICE).await;
    assert_eq!(second.user_id, first.user_id);
    assert_ne!(second.token, first.token);
    assert_eq!(chat_status(&emulator, &second).await, 200);
    assert_eq!(
        (
            service.stats().identities_created,
            service.stats().tokens_issued
        ),
        (1, 2)
    );

    // Another app user gets an identity of its own.
    let bob = service.token(BOB).await;
    assert_ne!(bob.user_id, first.user_id);
    assert_eq!(service.state.store().count().await.ok(), Some(2));
    service.shutdown().await;
}

#[tokio::test]
async fn the_mapping_survives_a_restart() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let db = dir.path().join("ids.sqlite3");

    let service = Service::start(identity_client(&emulator), &db).await;
    let before = service.token(ALICE).await;
    service.shutdown().await;

    let service = Service::start(identity_client(&emulator), &db).await;
    let after = service.token(ALICE).await;
    assert_eq!(after.user_id, before.user_id);
    assert_eq!(chat_status(&emulator, &after).await, 200);
    assert_eq!(service.stats().identities_created, 0);
    service.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_calls_create_exactly_one_identity() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity_client(&emulator), &dir.path().join("ids.sqlite3")).await;

    let calls: Vec<_> = (0..20)
        .map(|_| {
            let (http, url) = (http(), format!("{}/token", service.url));
            tokio::spawn(async move {
                let answer = Answer::of(
                    http.post(url)
                        .bearer_auth(CAROL)
                        .json(&json!({"scopes": ["chat"]}))
                        .send()
                        .await,
                )
                .await;
                assert_eq!(answer.status, 200, "{}", answer.body);
                Token::of(&answer.body)
            })
        })
        .collect();
    let mut user_ids = HashSet::new();
    for call in calls {
        let token = call.await.unwrap_or_else(|error| panic!("{error}"));
        user_ids.insert(token.user_id);
    }
    assert_eq!(user_ids.len(), 1, "{user_ids:?}");
    let stats = service.stats();
    assert_eq!(stats.identities_created, 1, "{stats:?}");
    assert_eq!(stats.tokens_issued, 20, "{stats:?}");
    assert_eq!(service.state.store().count().await.ok(), Some(1));
    service.shutdown().await;
}

/// Two services on one database (two processes, as far as locking goes: each has its own
/// per-user mutexes and connection): the database keeps one identity, and a process that
/// created a surplus one deletes it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_sharing_the_database_keep_one_identity() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let db = dir.path().join("ids.sqlite3");
    let services = [
        Service::start(identity_client(&emulator), &db).await,
        Service::start(identity_client(&emulator), &db).await,
    ];

    let calls: Vec<_> = (0..20)
        .map(|index| {
            let (http, url) = (http(), format!("{}/token", services[index % 2].url));
            tokio::spawn(async move {
                let answer = Answer::of(
                    http.post(url)
                        .bearer_auth(ALICE)
                        .json(&json!({"scopes": ["chat"]}))
                        .send()
                        .await,
                )
                .await;
                assert_eq!(answer.status, 200, "{}", answer.body);
                Token::of(&answer.body)
            })
        })
        .collect();
    let mut tokens = Vec::new();
    for call in calls {
        tokens.push(call.await.unwrap_or_else(|error| panic!("{error}")));
    }
    let user_ids: HashSet<_> = tokens.iter().map(|token| token.user_id.clone()).collect();
    assert_eq!(user_ids.len(), 1, "{user_ids:?}");
    let created: u64 = services.iter().map(|s| s.stats().identities_created).sum();
    let surplus: u64 = services
        .iter()
        .map(|s| s.stats().surplus_identities_deleted)
        .sum();
    assert!((1..=2).contains(&created), "{created}");
    assert_eq!(
        created - surplus,
        1,
        "created {created}, surplus deleted {surplus}"
    );
    for token in &tokens {
        assert_eq!(chat_status(&emulator, token).await, 200);
    }
    for service in services {
        service.shutdown().await;
    }
}

/// A TCP proxy to `target` that tells when a connection arrives and holds every connection
/// until the gate is opened: a slow ACS whose slowness the test controls exactly. (It forwards
/// bytes unchanged, so HMAC signatures made for its address hold.)
struct Gate {
    arrived: Notify,
    open: watch::Sender<bool>,
}

async fn gated_proxy(target: SocketAddr) -> (SocketAddr, Arc<Gate>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let gate = Arc::new(Gate {
        arrived: Notify::new(),
        open: watch::channel(false).0,
    });
    let proxy_gate = Arc::clone(&gate);
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let gate = Arc::clone(&proxy_gate);
            tokio::spawn(async move {
                // notify_one keeps a permit, so the test cannot miss an arrival.
                gate.arrived.notify_one();
                let mut open = gate.open.subscribe();
                if open.wait_for(|open| *open).await.is_err() {
                    return;
                }
                if let Ok(mut outbound) = TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (address, gate)
}

/// The cross-process guard, deterministically: process A (behind a slow ACS) starts creating
/// alice's identity, process B creates and stores one meanwhile; A's insert then finds B's,
/// so A deletes its own (the surplus) and hands out a token for B's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_process_that_loses_a_creation_race_deletes_its_surplus_identity() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let db = dir.path().join("ids.sqlite3");
    let (proxy, gate) = gated_proxy(emulator.local_addr()).await;
    let slow = CommunicationIdentityClient::from_connection_string(
        &format!(
            "endpoint=http://{proxy}/;accesskey={}",
            acs_emulator::DEFAULT_ACCESS_KEY
        ),
        None,
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let a = Service::start(slow, &db).await;
    let b = Service::start(identity_client(&emulator), &db).await;

    let a_url = a.url.clone();
    let a_call = tokio::spawn(async move {
        Answer::of(
            http()
                .post(format!("{a_url}/token"))
                .bearer_auth(ALICE)
                .json(&json!({"scopes": ["chat"]}))
                .send()
                .await,
        )
        .await
    });
    // A's create is now held at the proxy; B creates and stores alice's identity meanwhile.
    gate.arrived.notified().await;
    let from_b = b.token(ALICE).await;
    gate.open.send_replace(true);
    let answer = a_call.await.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(answer.status, 200, "{}", answer.text);
    let from_a = Token::of(&answer.body);

    assert_eq!(from_a.user_id, from_b.user_id);
    assert_eq!(chat_status(&emulator, &from_a).await, 200);
    let (a_stats, b_stats) = (a.stats(), b.stats());
    assert_eq!(
        (
            a_stats.identities_created,
            a_stats.surplus_identities_deleted
        ),
        (1, 1),
        "{a_stats:?}"
    );
    assert_eq!(b_stats.identities_created, 1, "{b_stats:?}");
    assert_eq!(a.state.store().count().await.ok(), Some(1));
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn delete_me_revokes_and_deletes_and_the_next_token_is_a_new_identity() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity_client(&emulator), &dir.path().join("ids.sqlite3")).await;

    let before = service.token(ALICE).await;
    let bob = service.token(BOB).await;
    assert_eq!(chat_status(&emulator, &before).await, 200);

    let answer = service.delete_me(Some(ALICE)).await;
    assert_eq!(answer.status, 204, "{}", answer.text);
    assert!(answer.text.is_empty(), "{}", answer.text);
    assert_eq!(chat_status(&emulator, &before).await, 401, "revoked");
    assert!(
        !identity_exists(&emulator, &before.user_id).await,
        "deleted"
    );
    assert_eq!(chat_status(&emulator, &bob).await, 200, "bob is untouched");
    assert_eq!(service.state.store().count().await.ok(), Some(1));

    // Nothing left to delete: still 204.
    assert_eq!(service.delete_me(Some(ALICE)).await.status, 204);

    let after = service.token(ALICE).await;
    assert_ne!(after.user_id, before.user_id);
    assert_eq!(chat_status(&emulator, &after).await, 200);
    let stats = service.stats();
    assert_eq!(
        (stats.identities_created, stats.identities_deleted),
        (3, 1),
        "{stats:?}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn an_identity_acs_no_longer_knows_is_replaced() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity_client(&emulator), &dir.path().join("ids.sqlite3")).await;

    let before = service.token(ALICE).await;
    identity_client(&emulator)
        .delete_user(
            &CommunicationUserIdentifier::new(before.user_id.as_str()),
            None,
        )
        .await
        .unwrap_or_else(|error| panic!("{error}"));

    let after = service.token(ALICE).await;
    assert_ne!(after.user_id, before.user_id);
    assert_eq!(chat_status(&emulator, &after).await, 200);
    assert_eq!(service.stats().stale_identities_replaced, 1);
    assert_eq!(service.token(ALICE).await.user_id, after.user_id);
    service.shutdown().await;
}

#[tokio::test]
async fn missing_or_unknown_api_keys_get_401_without_the_key() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity_client(&emulator), &dir.path().join("ids.sqlite3")).await;
    let body = json!({"scopes": ["chat"]});

    let mut answers = vec![
        service.post_token(None, &body).await,
        service.post_token(Some("wrong-guess-key"), &body).await,
        service.post_token(Some("ALICE-SECRET-KEY"), &body).await,
        service.post_token(Some(""), &body).await,
        service.delete_me(None).await,
        service.delete_me(Some("wrong-guess-key")).await,
    ];
    for header in [
        format!("Basic {ALICE}"),
        ALICE.to_owned(),
        format!("Bearer{ALICE}"),
    ] {
        let response = http()
            .post(format!("{}/token", service.url))
            .header("authorization", header)
            .json(&body)
            .send()
            .await;
        answers.push(Answer::of(response).await);
    }
    for answer in answers {
        assert_eq!(answer.status, 401, "{}", answer.text);
        assert_eq!(answer.error_code(), "Unauthorized");
        assert_eq!(
            answer.headers.get("www-authenticate").map(|v| v.as_bytes()),
            Some(&b"Bearer"[..])
        );
        assert!(
            !answer.text.to_lowercase().contains("key\""),
            "{}",
            answer.text
        );
        assert!(!answer.text.contains("wrong-guess"), "{}", answer.text);
        assert!(
            !answer.text.to_lowercase().contains("secret"),
            "{}",
            answer.text
        );
    }
    // The scheme is case-insensitive and the key is what counts.
    let answer = http()
        .post(format!("{}/token", service.url))
        .header("authorization", format!("bearer {ALICE}"))
        .json(&body)
        .send()
        .await;
    assert_eq!(Answer::of(answer).await.status, 200);
    assert_eq!(service.stats().identities_created, 1);
    service.shutdown().await;
}

#[tokio::test]
async fn bad_scopes_and_lifetimes_get_400_before_acs_is_called() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity_client(&emulator), &dir.path().join("ids.sqlite3")).await;

    let bodies = [
        json!({"scopes": []}),
        json!({"scopes": ["chat.admin"]}),
        json!({"scopes": ["chat", "CHAT"]}),
        json!({"scopes": "chat"}),
        json!({"scopes": [1]}),
        json!({}),
        json!({"scopes": ["chat"], "expiresInMinutes": 30}),
        json!({"scopes": ["chat"], "expiresInMinutes": 59}),
        json!({"scopes": ["chat"], "expiresInMinutes": 1441}),
        json!({"scopes": ["chat"], "expiresInMinutes": -60}),
        json!({"scopes": ["chat"], "expiresInMinutes": 60.5}),
        json!({"scopes": ["chat"], "expiresInMinutes": "60"}),
        json!({"scopes": ["chat"], "expiresInMinute": 60}),
        json!(["chat"]),
    ];
    for body in &bodies {
        let answer = service.post_token(Some(ALICE), body).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.text);
        assert_eq!(answer.error_code(), "BadRequest", "{body}");
    }
    let answer = service
        .post_token(
            Some(ALICE),
            &json!({"scopes": ["chat"], "expiresInMinutes": 30}),
        )
        .await;
    let message = answer.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("between 60 and 1440, got 30"), "{message}");

    for raw in ["", "{", "not json", "\u{0}"] {
        let answer = Answer::of(
            http()
                .post(format!("{}/token", service.url))
                .bearer_auth(ALICE)
                .header("content-type", "application/json")
                .body(raw)
                .send()
                .await,
        )
        .await;
        assert_eq!(answer.status, 400, "{raw:?}: {}", answer.text);
    }
    let huge = json!({"scopes": ["chat"], "padding": "x".repeat(64 * 1024)});
    assert_eq!(service.post_token(Some(ALICE), &huge).await.status, 413);

    // Nothing reached ACS, nothing was stored; the bounds themselves are accepted.
    assert_eq!(service.stats(), Stats::default());
    assert_eq!(service.state.store().count().await.ok(), Some(0));
    for minutes in [60, 1440] {
        let answer = service
            .post_token(
                Some(ALICE),
                &json!({"scopes": ["chat.join.limited"], "expiresInMinutes": minutes}),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
    service.shutdown().await;
}

#[tokio::test]
async fn acs_failures_get_502_with_the_acs_code() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    // A key the emulator does not accept: every ACS call fails with 401 `Denied`.
    let wrong_key = format!(
        "endpoint={}/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        emulator.endpoint()
    );
    let identity = CommunicationIdentityClient::from_connection_string(&wrong_key, None)
        .unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity, &dir.path().join("ids.sqlite3")).await;

    let answer = service
        .post_token(Some(ALICE), &json!({"scopes": ["chat"]}))
        .await;
    assert_eq!(answer.status, 502, "{}", answer.text);
    assert_eq!(answer.error_code(), "AcsError");
    assert_eq!(answer.body["error"]["acsStatus"], 401);
    assert_eq!(answer.body["error"]["acsCode"], "Denied");
    assert!(!answer.text.contains("AAECAwQF"), "{}", answer.text);
    assert_eq!(service.state.store().count().await.ok(), Some(0));

    // An unreachable ACS: 502 without an ACS code.
    let stopped = start_emulator().await;
    let endpoint = stopped.connection_string();
    stopped
        .shutdown()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let unreachable = CommunicationIdentityClient::from_connection_string(
        &endpoint,
        Some({
            let mut options = acs_identity::CommunicationIdentityClientOptions::default();
            options.retry = {
                let mut options = acs_identity::RetryOptions::default();
                options.max_retries = 0;
                options
            };
            options
        }),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let service2 = Service::start(unreachable, &dir.path().join("other.sqlite3")).await;
    let answer = service2
        .post_token(Some(BOB), &json!({"scopes": ["voip"]}))
        .await;
    assert_eq!(answer.status, 502, "{}", answer.text);
    assert_eq!(answer.error_code(), "AcsUnavailable");
    assert!(
        answer.body["error"].get("acsCode").is_none(),
        "{}",
        answer.text
    );

    service.shutdown().await;
    service2.shutdown().await;
}

#[tokio::test]
async fn healthz_and_unknown_routes() {
    let emulator = start_emulator().await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let service = Service::start(identity_client(&emulator), &dir.path().join("ids.sqlite3")).await;

    let answer = Answer::of(http().get(format!("{}/healthz", service.url)).send().await).await;
    assert_eq!((answer.status, answer.body), (200, json!({"status": "ok"})));
    let answer = Answer::of(http().get(format!("{}/tokens", service.url)).send().await).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "NotFound");
    let answer = Answer::of(http().get(format!("{}/token", service.url)).send().await).await;
    assert_eq!(answer.status, 405);
    service.shutdown().await;
}
