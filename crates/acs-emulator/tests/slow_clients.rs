//! A bounded loopback attack by slow and greedy clients on the emulator binary (a child process,
//! so that its memory and file descriptors are its own): idle connections beyond the connection
//! limit, slow-loris request heads, trickled bodies, unfinished uploads, and one HTTP/2
//! connection opening 200 unfinished uploads. While it runs, legitimate requests are served, and
//! the emulator's resident memory and open file descriptors stay bounded.
//!
//! Timeouts are short and configured; assertions have generous margins and never check exact
//! timings.
#![cfg(target_os = "linux")]
#![allow(clippy::print_stdout)]

use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use acs_auth::{ConnectionString, HmacCredential};
use acs_core::{HmacAuthPolicy, Pipeline, RetryOptions};
use acs_identity_rest::types::CommunicationIdentityCreateRequest;
use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::OwnedReadHalf;

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

const MAX_CONNECTIONS: usize = 64;
const MAX_BODY: usize = 1024 * 1024;
const BUFFERED_BODIES: usize = 8 * 1024 * 1024;
const IDLE: usize = 150;
const SLOW_HEADS: usize = 16;
const SLOW_BODIES: usize = 8;
const UPLOADS: usize = 24;
const HTTP2_STREAMS: usize = 200;
/// How much of a 1 MiB upload is sent before stalling.
const UPLOADED: usize = 960 * 1024;
/// Within this long after the attack starts every slow connection must be closed (the
/// configured timeouts are 1 and 2 s).
const CLOSE_DEADLINE: Duration = Duration::from_secs(10);
/// The bound on the emulator's memory growth asserted below.
const MAX_GROWTH_KB: u64 = 64 * 1024;

/// The emulator binary, killed when dropped.
struct Emulator {
    child: Child,
    connection_string: String,
    address: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Emulator {
    /// The emulator with the short limits of the attack test.
    fn start() -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let max_connections = MAX_CONNECTIONS.to_string();
        let max_body = MAX_BODY.to_string();
        let buffered = BUFFERED_BODIES.to_string();
        Self::start_with(
            &[
                ["--max-connections", &max_connections],
                ["--header-read-timeout", "1"],
                ["--idle-timeout", "2"],
                ["--body-read-timeout", "2"],
                ["--max-body-bytes", &max_body],
                ["--max-buffered-body-bytes", &buffered],
                ["--http2-max-concurrent-streams", "16"],
            ],
            None,
        )
    }

    /// The emulator with `flags`, under a limit on open files when `open_files` is given.
    fn start_with(
        flags: &[[&str; 2]],
        open_files: Option<u32>,
    ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let binary = env!("CARGO_BIN_EXE_acs-emulator");
        let mut command = match open_files {
            Some(limit) => {
                let mut command = Command::new("sh");
                command
                    .arg("-c")
                    .arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\""))
                    .arg(binary);
                command
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(flags.iter().flatten())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("stdout")?;
        let mut emulator = Self {
            child,
            connection_string: String::new(),
            address: String::new(),
        };
        for line in std::io::BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(cs) = line.strip_prefix("connection string: ") {
                emulator.connection_string = cs.to_owned();
                break;
            }
            if let Some(endpoint) = line.strip_prefix("endpoint: ") {
                emulator.address = endpoint.trim_start_matches("http://").to_owned();
            }
        }
        if emulator.connection_string.is_empty() || emulator.address.is_empty() {
            return Err("the emulator printed no endpoint".into());
        }
        Ok(emulator)
    }

    fn status_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn open_fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|dir| dir.count())
            .unwrap_or(0)
    }

    /// A legitimate request on a new connection: create a user, HMAC-signed, no retries.
    async fn serve_one(&self) -> TestResult {
        let cs = ConnectionString::parse(&self.connection_string)?;
        let pipeline = Pipeline::builder()
            .auth(Arc::new(HmacAuthPolicy::new(
                HmacCredential::from_connection_string(&cs),
            )))
            // A legitimate client retries a `503 ServerBusy` after its `retry-after` (1 s), as
            // the SDK does: while stalled uploads hold the buffered-body budget, new bodies are
            // refused until the body-read timeout (2 s) frees it.
            .retry({
                let mut options = RetryOptions::default();
                options.max_retries = 6;
                options.max_delay = Duration::from_secs(2);
                options
            })
            .build();
        let client = acs_identity_rest::Client::new_with_client(
            &format!("http://{}", self.address),
            pipeline.http_client().clone(),
            pipeline,
        );
        let created = tokio::time::timeout(
            Duration::from_secs(20),
            client
                .identity_operations_create()
                .api_version(acs_identity_rest::API_VERSION)
                .body(CommunicationIdentityCreateRequest::default())
                .send(),
        )
        .await??;
        assert!(created.into_inner().identity.id.starts_with("8:acs:"));
        Ok(())
    }
}

/// Resolves when the server closed the connection (whatever it answered first).
async fn closed(mut reader: OwnedReadHalf) -> bool {
    let mut buffer = vec![0_u8; 16 * 1024];
    tokio::time::timeout(CLOSE_DEADLINE, async {
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// Writes `chunk` every `every` until the server closes the connection.
fn drip(
    mut writer: tokio::net::tcp::OwnedWriteHalf,
    chunk: &'static [u8],
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if writer.write_all(chunk).await.is_err() {
                break;
            }
        }
    })
}

fn head(content_length: usize) -> String {
    format!(
        "POST /identities?api-version={} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {content_length}\r\n\r\n",
        acs_identity_rest::API_VERSION
    )
}

/// One HTTP/2 connection opening `HTTP2_STREAMS` uploads of `UPLOADED` bytes, none finished.
async fn http2_uploads(
    address: String,
    body: Bytes,
    opened: Arc<AtomicUsize>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let tcp = TcpStream::connect(&address).await?;
    let (client, connection) = h2::client::handshake(tcp).await?;
    tokio::spawn(connection);
    let mut streams = Vec::new();
    for _ in 0..HTTP2_STREAMS {
        let Ok(Ok(mut ready)) =
            tokio::time::timeout(Duration::from_millis(500), client.clone().ready()).await
        else {
            // The server allows no more streams at once; the client waits, as it should.
            break;
        };
        let request = http::Request::builder()
            .method("POST")
            .uri(format!(
                "http://{address}/identities?api-version={}",
                acs_identity_rest::API_VERSION
            ))
            .header("content-length", MAX_BODY.to_string())
            .body(())?;
        let (response, mut send) = ready.send_request(request, false)?;
        send.send_data(body.clone(), false)?;
        streams.push((response, send));
        opened.fetch_add(1, Ordering::SeqCst);
    }
    // Keep the streams open until the caller drops this future.
    std::future::pending::<()>().await;
    drop(streams);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_greedy_clients_neither_starve_others_nor_grow_memory() -> TestResult {
    let emulator = Emulator::start()?;
    emulator.serve_one().await?;
    let baseline_kb = emulator.status_kb("VmRSS:");
    let baseline_fds = emulator.open_fds();
    let address = emulator.address.clone();

    // Idle connections, more than twice the limit.
    let mut idle = Vec::new();
    for _ in 0..IDLE {
        let (reader, writer) = TcpStream::connect(&address).await?.into_split();
        idle.push((reader, writer));
    }
    // Slow-loris heads: a header line every 200 ms, never the blank line.
    let mut slow = Vec::new();
    let mut drips = Vec::new();
    for _ in 0..SLOW_HEADS {
        let (reader, mut writer) = TcpStream::connect(&address).await?.into_split();
        writer
            .write_all(b"POST /identities?api-version=2026-09-23 HTTP/1.1\r\nHost: x\r\n")
            .await?;
        drips.push(drip(writer, b"X-Slow: y\r\n", Duration::from_millis(200)));
        slow.push(reader);
    }
    // Trickled bodies: a complete head, then 16 bytes every 200 ms of a 100 000-byte body.
    for _ in 0..SLOW_BODIES {
        let (reader, mut writer) = TcpStream::connect(&address).await?.into_split();
        writer.write_all(head(100_000).as_bytes()).await?;
        drips.push(drip(
            writer,
            b"                ",
            Duration::from_millis(200),
        ));
        slow.push(reader);
    }
    // Unfinished uploads: 960 KiB of a declared 1 MiB, then nothing.
    let upload = Bytes::from(vec![b' '; UPLOADED]);
    let mut uploads = Vec::new();
    for _ in 0..UPLOADS {
        let (reader, mut writer) = TcpStream::connect(&address).await?.into_split();
        let head = head(MAX_BODY);
        let upload = upload.clone();
        uploads.push(tokio::spawn(async move {
            let _ = writer.write_all(head.as_bytes()).await;
            let _ = writer.write_all(&upload).await;
            // Hold the connection open without finishing.
            std::future::pending::<()>().await;
            drop(writer);
        }));
        slow.push(reader);
    }
    let streams = Arc::new(AtomicUsize::new(0));
    let http2 = tokio::spawn(http2_uploads(
        address.clone(),
        upload.clone(),
        streams.clone(),
    ));

    // Legitimate clients keep being served throughout.
    let mut peak_fds = 0;
    let mut served = 0;
    for _ in 0..6 {
        emulator.serve_one().await?;
        served += 1;
        peak_fds = peak_fds.max(emulator.open_fds());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let during_kb = emulator.status_kb("VmRSS:");

    // Every slow or idle connection is closed by the server, well within the deadline.
    // (The idle clients' write halves stay open: the server, not a client's FIN, closes them.)
    let mut checks = Vec::new();
    let mut idle_writers = Vec::new();
    for (reader, writer) in idle.drain(..) {
        idle_writers.push(writer);
        checks.push(tokio::spawn(closed(reader)));
    }
    for reader in slow {
        checks.push(tokio::spawn(closed(reader)));
    }
    let total = checks.len();
    let mut closed_count = 0;
    for check in checks {
        if check.await? {
            closed_count += 1;
        }
    }
    emulator.serve_one().await?;
    served += 1;
    let peak_kb = emulator.status_kb("VmHWM:");
    let after_kb = emulator.status_kb("VmRSS:");
    let after_fds = emulator.open_fds();
    drop(idle_writers);
    http2.abort();
    for task in drips.into_iter().chain(uploads) {
        task.abort();
    }

    println!(
        "slow clients: {IDLE} idle + {SLOW_HEADS} slow heads + {SLOW_BODIES} slow bodies + \
         {UPLOADS} unfinished 1 MiB uploads + 1 HTTP/2 connection x {HTTP2_STREAMS} uploads \
         against --max-connections {MAX_CONNECTIONS}"
    );
    println!(
        "  emulator VmRSS: {baseline_kb} kB before, {during_kb} kB during, {after_kb} kB after; \
         VmHWM (peak) {peak_kb} kB (+{} kB)",
        peak_kb.saturating_sub(baseline_kb)
    );
    println!(
        "  open fds: {baseline_fds} before, {peak_fds} at most during, {after_fds} after; \
         {closed_count}/{total} slow connections closed by the server; {served} legitimate \
         requests served; {} HTTP/2 streams opened on one connection",
        streams.load(Ordering::SeqCst)
    );
    assert_eq!(closed_count, total, "every slow connection was closed");
    assert!(
        streams.load(Ordering::SeqCst) >= 16,
        "the HTTP/2 client opened streams"
    );
    assert!(
        peak_fds <= baseline_fds + MAX_CONNECTIONS + 8,
        "open fds stay under the connection limit: {peak_fds}"
    );
    assert!(
        peak_kb.saturating_sub(baseline_kb) < MAX_GROWTH_KB,
        "memory stays bounded: +{} kB",
        peak_kb.saturating_sub(baseline_kb)
    );
    Ok(())
}

/// At the default connection limit (512) under `ulimit -n 128`, the binary lowers its
/// connection limit to fit, and 300 idle connections neither exhaust its descriptors nor lock
/// legitimate clients out (before, 1 030 idle connections locked every client out at 1 024).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_cannot_exhaust_file_descriptors() -> TestResult {
    const OPEN_FILES: u32 = 128;
    let emulator = Emulator::start_with(&[], Some(OPEN_FILES))?;
    emulator.serve_one().await?;
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(&emulator.address).await?);
    }
    let mut served = 0;
    for _ in 0..5 {
        emulator.serve_one().await?;
        served += 1;
    }
    let fds = emulator.open_fds();
    println!(
        "fd limit {OPEN_FILES}: 300 idle connections, {served} legitimate requests served, {fds} fds open"
    );
    assert!(fds < OPEN_FILES as usize, "{fds} fds open");
    drop(idle);
    Ok(())
}
