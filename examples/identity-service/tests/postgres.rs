//! The identity service on PostgreSQL: two instances (each with its own pool and per-user
//! mutexes, as two processes behind a load balancer would be) share one mapping, against the
//! embedded ACS emulator; migrations at start; no password anywhere it could leak.
//!
//! Needs `ACS_IDENTITY_SERVICE_TEST_DATABASE_URL`, the URL of a PostgreSQL server whose user
//! may create databases (each test makes its own, `identity_test_<uuid>`, and leaves it: point
//! it at a throwaway server). `bash scripts/identity-service-pg/run.sh`
//! starts a throwaway server and sets it; without it, every test here is skipped, saying so.

// A skipped test says so on stderr; the two-instance tests print their numbers.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{HashMap, HashSet};
use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_emulator::{Emulator, RunningEmulator};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::{CommunicationTokenScope, CommunicationUserIdentifier};
use acs_identity_service_example::{
    AppState, AppUsers, IdentityStore, PostgresOptions, StoreError, serve,
};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tokio_postgres::NoTls;

/// The PostgreSQL server the tests use.
const URL_ENV: &str = "ACS_IDENTITY_SERVICE_TEST_DATABASE_URL";

/// How long a test waits for something the test itself set in motion, before failing
/// (instead of hanging CI) when it never happens.
const PATIENCE: Duration = Duration::from_secs(60);

/// The server's URL, or `None` after saying that `test` is skipped.
fn server_url(test: &str) -> Option<String> {
    match std::env::var(URL_ENV) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "SKIPPED {test}: {URL_ENV} is not set (bash scripts/identity-service-pg/run.sh \
                 starts PostgreSQL and sets it)"
            );
            None
        }
    }
}

/// The password of the server URL: what must never show.
fn password_of(url: &str) -> String {
    let password = url::Url::parse(url)
        .ok()
        .and_then(|url| url.password().map(str::to_owned))
        .unwrap_or_default();
    assert!(
        password.len() >= 8,
        "{URL_ENV} must carry a password of 8+ characters, so that the tests can check it never shows"
    );
    password
}

/// A new, empty database on the server; its URL.
async fn fresh_database(server: &str) -> String {
    let (client, connection) = tokio_postgres::connect(server, NoTls)
        .await
        .unwrap_or_else(|error| panic!("{URL_ENV}: {error}"));
    let connection = tokio::spawn(connection);
    let name = format!("identity_test_{}", uuid::Uuid::new_v4().simple());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    drop(client);
    let _ = connection.await;
    let mut url = url::Url::parse(server).unwrap_or_else(|error| panic!("{error}"));
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// A plain client of `url`, for looking at the database behind the service's back.
async fn inspect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    tokio::spawn(connection);
    client
}

/// The pool options of the tests: the defaults, but waiting longer for a connection, as a
/// loaded CI machine may need.
fn options() -> PostgresOptions {
    let mut options = PostgresOptions::default();
    options.wait_timeout = PATIENCE / 2;
    options.connect_timeout = PATIENCE / 2;
    options
}

async fn connect(url: &str) -> IdentityStore {
    IdentityStore::connect_postgres(url, options())
        .await
        .unwrap_or_else(|error| panic!("{}", acs_core::error_chain(&error)))
}

async fn start_emulator() -> RunningEmulator {
    Emulator::builder()
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn client_for(address: SocketAddr) -> CommunicationIdentityClient {
    CommunicationIdentityClient::from_connection_string(
        &format!(
            "endpoint=http://{address}/;accesskey={}",
            acs_emulator::DEFAULT_ACCESS_KEY
        ),
        None,
    )
    .unwrap_or_else(|error| panic!("{error}"))
}

/// Whether the emulator still knows the identity (it issues a token for it).
async fn identity_exists(emulator: &RunningEmulator, user_id: &str) -> bool {
    let result = client_for(emulator.local_addr())
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

/// The status the emulator answers a chat call made with `token` with (200: accepted).
async fn chat_status(emulator: &RunningEmulator, token: &str) -> u16 {
    reqwest::Client::new()
        .get(format!(
            "{}/chat/threads?api-version=2025-03-15",
            emulator.endpoint()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .status()
        .as_u16()
}

/// One instance of the service, over HTTP on a port of its own.
struct Service {
    url: String,
    state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Service {
    async fn start(
        identity: CommunicationIdentityClient,
        store: IdentityStore,
        users: &str,
    ) -> Self {
        let users = AppUsers::parse(users).unwrap_or_else(|error| panic!("{error}"));
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
}

/// `POST /token` at `url` with `key`: the answer's user id and token (panics unless 200).
async fn post_token(http: reqwest::Client, url: String, key: String) -> (String, String) {
    let response = http
        .post(format!("{url}/token"))
        .bearer_auth(key)
        .json(&json!({"scopes": ["chat"]}))
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 200, "{body}");
    let text = |name: &str| body[name].as_str().unwrap_or_default().to_owned();
    (text("userId"), text("token"))
}

/// A TCP proxy in front of the emulator that keeps a copy of every answer (to see which
/// identities the emulator created) and, while closed, holds every new connection: the test
/// decides when the ACS calls of both instances go through.
struct Proxy {
    address: SocketAddr,
    arrivals: watch::Receiver<usize>,
    open: watch::Sender<bool>,
    answers: Arc<Mutex<Vec<u8>>>,
}

impl Proxy {
    async fn start(target: SocketAddr, open: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let (arrived, arrivals) = watch::channel(0_usize);
        let gate = watch::channel(open).0;
        let answers = Arc::new(Mutex::new(Vec::new()));
        let (proxy_gate, proxy_answers) = (gate.clone(), Arc::clone(&answers));
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                arrived.send_modify(|count| *count += 1);
                let mut gate = proxy_gate.subscribe();
                let answers = Arc::clone(&proxy_answers);
                tokio::spawn(async move {
                    if gate.wait_for(|open| *open).await.is_err() {
                        return;
                    }
                    let Ok(outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    let (mut from_client, mut to_client) = inbound.into_split();
                    let (mut from_server, mut to_server) = outbound.into_split();
                    let up = async {
                        let _ = tokio::io::copy(&mut from_client, &mut to_server).await;
                        let _ = to_server.shutdown().await;
                    };
                    let down = async {
                        let mut buffer = vec![0_u8; 16 * 1024];
                        while let Ok(read @ 1..) = from_server.read(&mut buffer).await {
                            answers
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .extend_from_slice(&buffer[..read]);
                            if to_client.write_all(&buffer[..read]).await.is_err() {
                                break;
                            }
                        }
                        let _ = to_client.shutdown().await;
                    };
                    tokio::join!(up, down);
                });
            }
        });
        Self {
            address,
            arrivals,
            open: gate,
            answers,
        }
    }

    /// Waits until `count` connections are held at the gate.
    async fn wait_for_arrivals(&mut self, count: usize) {
        let waited = tokio::time::timeout(PATIENCE, self.arrivals.wait_for(|n| *n >= count)).await;
        assert!(
            matches!(waited, Ok(Ok(_))),
            "{count} ACS connections never arrived"
        );
    }

    fn open(&self) {
        self.open.send_replace(true);
    }

    /// The identities the emulator's answers named: those it created (the other answers,
    /// tokens and 204s, name none).
    fn created_identities(&self) -> HashSet<String> {
        let answers = self
            .answers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let text = String::from_utf8_lossy(&answers);
        text.match_indices("8:acs:")
            .map(|(start, _)| {
                text[start..]
                    .split('"')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }
}

/// App users `user0..` with keys of their own.
fn app_users(count: usize) -> (String, Vec<(String, String)>) {
    let users: Vec<(String, String)> = (0..count)
        .map(|index| {
            (
                format!("user{index}"),
                format!("key-{index}-{}", uuid::Uuid::new_v4()),
            )
        })
        .collect();
    let spec = users
        .iter()
        .map(|(user, key)| format!("{user}:{key}"))
        .collect::<Vec<_>>()
        .join(",");
    (spec, users)
}

/// What a two-instance run ended with.
struct Outcome {
    calls: usize,
    created: u64,
    surplus_deleted: u64,
    emulator_created: usize,
    emulator_live: usize,
    mapped: u64,
}

/// Two instances on one database and one emulator (behind `proxy`), `calls_per_user` first
/// calls at once for each of `user_count` app users on each instance; checks that every app
/// user got one identity, the one in the database, that the emulator still knows exactly
/// those, and that every token works.
async fn two_instances(
    db: &str,
    emulator: &RunningEmulator,
    mut proxy: Proxy,
    user_count: usize,
    calls_per_user: usize,
    gated: bool,
) -> Outcome {
    // Both instances start at once: their migrations meet on the advisory lock.
    let (store_a, store_b) = tokio::join!(connect(db), connect(db));
    let (spec, users) = app_users(user_count);
    let services = [
        Service::start(client_for(proxy.address), store_a, &spec).await,
        Service::start(client_for(proxy.address), store_b, &spec).await,
    ];

    let http = reqwest::Client::new();
    let mut calls = Vec::new();
    for _ in 0..calls_per_user {
        for (user, key) in &users {
            for service in &services {
                let call = post_token(http.clone(), service.url.clone(), key.clone());
                calls.push((user.clone(), tokio::spawn(call)));
            }
        }
    }
    if gated {
        // Each instance creates once per app user (its per-user mutex queues the rest): all
        // of those creations are now held, so both instances race for every app user.
        proxy.wait_for_arrivals(2 * user_count).await;
        proxy.open();
    }
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut tokens = Vec::new();
    for (user, call) in calls {
        let (user_id, token) = call.await.unwrap_or_else(|error| panic!("{error}"));
        ids.entry(user).or_default().insert(user_id);
        tokens.push(token);
    }

    // One identity per app user, the one the database holds.
    let store = services[0].state.store();
    let mut mapped_ids = HashSet::new();
    for (user, _) in &users {
        let answered = &ids[user];
        assert_eq!(answered.len(), 1, "{user} got {answered:?}");
        let stored = store
            .acs_id(user)
            .await
            .unwrap_or_else(|error| panic!("{error}"))
            .unwrap_or_else(|| panic!("{user} has no stored identity"));
        assert!(
            answered.contains(&stored),
            "{user}: {answered:?} vs {stored}"
        );
        mapped_ids.insert(stored);
    }
    let mapped = services[1]
        .state
        .store()
        .count()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(mapped, user_count as u64);

    // The emulator: the identities it created, and which of them it still knows.
    let created: u64 = services
        .iter()
        .map(|s| s.state.stats().identities_created)
        .sum();
    let surplus_deleted: u64 = services
        .iter()
        .map(|s| s.state.stats().surplus_identities_deleted)
        .sum();
    let emulator_ids = proxy.created_identities();
    assert_eq!(emulator_ids.len() as u64, created, "{emulator_ids:?}");
    let mut live = HashSet::new();
    for id in &emulator_ids {
        if identity_exists(emulator, id).await {
            live.insert(id.clone());
        }
    }
    assert_eq!(
        live, mapped_ids,
        "the emulator keeps exactly the mapped identities"
    );
    assert_eq!(created - surplus_deleted, user_count as u64);
    for token in &tokens {
        assert_eq!(chat_status(emulator, token).await, 200);
    }
    for service in services {
        service.shutdown().await;
    }
    Outcome {
        calls: tokens.len(),
        created,
        surplus_deleted,
        emulator_created: emulator_ids.len(),
        emulator_live: live.len(),
        mapped,
    }
}

fn report(name: &str, users: usize, outcome: &Outcome) {
    println!(
        "{name}: 2 instances, {users} app users, {} concurrent first calls -> {} ACS identities \
         created ({} seen by the emulator), {} surplus deleted, {} live in the emulator, {} \
         mapped in PostgreSQL",
        outcome.calls,
        outcome.created,
        outcome.emulator_created,
        outcome.surplus_deleted,
        outcome.emulator_live,
        outcome.mapped
    );
}

/// Both instances create every app user's identity at once (the proxy holds their ACS calls
/// until all are in flight), so every app user has a race, decided by the primary key: the
/// loser deletes its identity and hands out the winner's.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_racing_for_every_app_user_keep_exactly_one_identity_each() {
    let Some(server) = server_url("two_instances_racing_for_every_app_user...") else {
        return;
    };
    let db = fresh_database(&server).await;
    let emulator = start_emulator().await;
    let proxy = Proxy::start(emulator.local_addr(), false).await;
    let users = 8;
    let outcome = two_instances(&db, &emulator, proxy, users, 3, true).await;
    report("racing (gated)", users, &outcome);
    assert_eq!(outcome.calls, 48);
    // Every app user had a race: two created, one deleted.
    assert_eq!((outcome.created, outcome.surplus_deleted), (16, 8));
    assert_eq!((outcome.emulator_created, outcome.emulator_live), (16, 8));
}

/// The same, without holding anything: whatever the interleaving, one identity per app user.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_under_concurrent_first_calls_keep_exactly_one_identity_each() {
    let Some(server) = server_url("two_instances_under_concurrent_first_calls...") else {
        return;
    };
    let db = fresh_database(&server).await;
    let emulator = start_emulator().await;
    let proxy = Proxy::start(emulator.local_addr(), true).await;
    let users = 12;
    let outcome = two_instances(&db, &emulator, proxy, users, 4, false).await;
    report("concurrent (free-running)", users, &outcome);
    assert_eq!(outcome.calls, 96);
    assert!((12..=24).contains(&outcome.created), "{}", outcome.created);
    assert_eq!(outcome.emulator_live, 12);
}

/// Instances starting at once migrate once; a later start finds nothing to do; a schema
/// newer than the build is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_run_once_when_instances_start_at_once() {
    let Some(server) = server_url("migrations_run_once_when_instances_start_at_once") else {
        return;
    };
    let password = password_of(&server);
    let db = fresh_database(&server).await;
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move { IdentityStore::connect_postgres(&db, options()).await })
        })
        .collect();
    for start in starts {
        let started = start.await.unwrap_or_else(|error| panic!("{error}"));
        started.unwrap_or_else(|error| panic!("{}", acs_core::error_chain(&error)));
    }
    let inspector = inspect(&db).await;
    let versions: Vec<(i32, String)> = inspector
        .query("SELECT version, name FROM identity_service_migrations", &[])
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(versions, [(1, "identities".to_owned())]);
    // The unique constraint the guarantee rests on is the database's.
    let primary_key: i64 = inspector
        .query_one(
            "SELECT COUNT(*) FROM information_schema.table_constraints
             WHERE table_name = 'identities' AND constraint_type = 'PRIMARY KEY'",
            &[],
        )
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .get(0);
    assert_eq!(primary_key, 1);

    let again = connect(&db).await;
    assert_eq!(again.count().await.ok(), Some(0));
    assert!(again.ping().await.is_ok());

    inspector
        .execute(
            "INSERT INTO identity_service_migrations (version, name) VALUES (999, 'future')",
            &[],
        )
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let error = IdentityStore::connect_postgres(&db, PostgresOptions::default())
        .await
        .expect_err("a schema from the future");
    assert!(
        matches!(
            error,
            StoreError::SchemaTooNew {
                found: 999,
                known: 1,
                ..
            }
        ),
        "{error:?}"
    );
    let shown = format!("{} {error:?}", acs_core::error_chain(&error));
    assert!(shown.contains("schema version 999"), "{shown}");
    assert!(!shown.contains(&password), "{shown}");
}

/// Two pools on one database: an insert keeps the first identity whoever asks, concurrent
/// inserts agree, removal is conditional, and a pool of 2 serves 40 operations at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mapping_is_shared_and_first_insert_wins() {
    let Some(server) = server_url("the_mapping_is_shared_and_first_insert_wins") else {
        return;
    };
    let db = fresh_database(&server).await;
    let mut small = options();
    small.max_connections = 2;
    let a = connect(&db).await;
    let b = IdentityStore::connect_postgres(&db, small)
        .await
        .unwrap_or_else(|error| panic!("{error}"));

    assert_eq!(a.acs_id("alice").await.ok(), Some(None));
    assert_eq!(
        a.insert_if_absent("alice", "8:acs:r_1")
            .await
            .ok()
            .as_deref(),
        Some("8:acs:r_1")
    );
    assert_eq!(
        b.insert_if_absent("alice", "8:acs:r_2")
            .await
            .ok()
            .as_deref(),
        Some("8:acs:r_1")
    );
    assert_eq!(
        b.acs_id("alice").await.ok().flatten().as_deref(),
        Some("8:acs:r_1")
    );
    assert_eq!(b.remove("alice", "8:acs:r_2").await.ok(), Some(false));
    assert_eq!(b.remove("alice", "8:acs:r_1").await.ok(), Some(true));
    assert_eq!(a.acs_id("alice").await.ok(), Some(None));

    // 40 writers, 20 per pool, each with its own candidate: all get the same one.
    let inserts: Vec<_> = (0..40)
        .map(|index| {
            let store = if index % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move {
                store
                    .insert_if_absent("bob", &format!("8:acs:candidate_{index}"))
                    .await
            })
        })
        .collect();
    let mut winners = HashSet::new();
    for insert in inserts {
        let stored = insert.await.unwrap_or_else(|error| panic!("{error}"));
        winners.insert(stored.unwrap_or_else(|error| panic!("{}", acs_core::error_chain(&error))));
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    assert_eq!(a.count().await.ok(), Some(1));
    let debug = format!("{b:?}");
    assert!(debug.contains("max_connections: 2"), "{debug}");
}

/// A writer for captured logs.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The password shows in no log line, `Debug`, error or health answer: in-process (every
/// level of the service's logs captured), and from the binary's stderr.
#[tokio::test]
async fn the_database_password_never_shows() {
    let Some(server) = server_url("the_database_password_never_shows") else {
        return;
    };
    let password = password_of(&server);
    let db = fresh_database(&server).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // Callsites already used without a subscriber are asked again now that there is one.
    tracing::callsite::rebuild_interest_cache();

    let store = connect(&db).await;
    assert!(!format!("{store:?}").contains(&password));
    assert!(!store.location().contains(&password));
    assert!(store.path().is_none());
    let emulator = start_emulator().await;
    let service = Service::start(client_for(emulator.local_addr()), store, "alice:alice-key").await;
    let (user_id, _) = post_token(
        reqwest::Client::new(),
        service.url.clone(),
        "alice-key".to_owned(),
    )
    .await;
    assert!(user_id.starts_with("8:acs:"));
    assert!(!format!("{:?}", service.state).contains(&password));
    service.shutdown().await;

    // A wrong password: a clear error naming the database, without either password.
    let wrong = format!("wrong-{}", uuid::Uuid::new_v4().simple());
    let mut bad_url = url::Url::parse(&db).unwrap_or_else(|error| panic!("{error}"));
    let _ = bad_url.set_password(Some(&wrong));
    let error = IdentityStore::connect_postgres(bad_url.as_str(), PostgresOptions::default())
        .await
        .expect_err("a wrong password");
    let shown = format!("{} | {error:?}", acs_core::error_chain(&error));
    assert!(matches!(error, StoreError::Connect { .. }), "{shown}");
    assert!(shown.contains("password authentication failed"), "{shown}");
    assert!(shown.contains("postgres://acs@127.0.0.1:"), "{shown}");
    assert!(
        !shown.contains(&wrong) && !shown.contains(&password),
        "{shown}"
    );
    drop(guard);
    let logs = String::from_utf8_lossy(
        &captured
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
    .into_owned();
    assert!(logs.contains("created an ACS identity"), "{logs}");
    assert!(!logs.contains(&password), "{logs}");

    // The binary: started on the database, and refused with the wrong password.
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let (ok, stderr) = run_binary(&db, dir.path()).await;
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("identity database open (PostgreSQL"),
        "{stderr}"
    );
    assert!(!stderr.contains(&password), "{stderr}");
    let (ok, stderr) = run_binary(bad_url.as_str(), dir.path()).await;
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("DATABASE_URL: cannot get a connection"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&wrong) && !stderr.contains(&password),
        "{stderr}"
    );
}

/// Runs the binary with `DATABASE_URL=url` until it listens (then stops it) or exits; whether
/// it came to listen, and its stderr.
async fn run_binary(url: &str, dir: &std::path::Path) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_acs-identity-service-example"));
    command
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(dir.join("unused.sqlite3"))
        .env("DATABASE_URL", url)
        .env_remove("ACS_CONNECTION_STRING")
        .env_remove("COMMUNICATION_SERVICES_CONNECTION_STRING")
        .env_remove("APP_USERS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let run = tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().unwrap_or_else(|error| panic!("{error}"));
        let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
        let mut shown = String::new();
        let mut listening = false;
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            shown.push_str(&line);
            shown.push('\n');
            if line.contains("listening on") {
                listening = true;
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        (listening, shown)
    });
    tokio::time::timeout(PATIENCE, run)
        .await
        .unwrap_or_else(|_| panic!("the binary neither listened nor exited"))
        .unwrap_or_else(|error| panic!("{error}"))
}

/// `GET /healthz` asks PostgreSQL: 200 while it answers, 503 once the database is gone (and
/// the service keeps running, answering 500 to token requests, until it is back).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_503_when_the_database_is_gone() {
    let Some(server) = server_url("healthz_answers_503_when_the_database_is_gone") else {
        return;
    };
    let db = fresh_database(&server).await;
    let mut quick = options();
    quick.wait_timeout = Duration::from_secs(5);
    let store = IdentityStore::connect_postgres(&db, quick)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let emulator = start_emulator().await;
    let service = Service::start(client_for(emulator.local_addr()), store, "alice:alice-key").await;
    let http = reqwest::Client::new();
    let health = |http: reqwest::Client, url: String| async move {
        let response = http
            .get(format!("{url}/healthz"))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let status = response.status().as_u16();
        (
            status,
            response.json::<Value>().await.unwrap_or(Value::Null),
        )
    };
    assert_eq!(
        health(http.clone(), service.url.clone()).await,
        (200, json!({"status": "ok"}))
    );

    let name = url::Url::parse(&db)
        .unwrap_or_else(|error| panic!("{error}"))
        .path()
        .trim_start_matches('/')
        .to_owned();
    inspect(&server)
        .await
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        health(http.clone(), service.url.clone()).await,
        (503, json!({"status": "unavailable"}))
    );
    let response = http
        .post(format!("{}/token", service.url))
        .bearer_auth("alice-key")
        .json(&json!({"scopes": ["chat"]}))
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(response.status().as_u16(), 500);
    service.shutdown().await;
}
