//! `acs-emulator`: a local Azure Communication Services (Identity + Chat) for development.
//!
//! ```text
//! acs-emulator [--port 0] [--address 127.0.0.1] [--tls] [--ca-path FILE]
//!              [--access-key BASE64] [--resource-id ID] [--faults SPEC]
//!              [--max-connections N] [--header-read-timeout SECONDS] [--idle-timeout SECONDS]
//!              [--body-read-timeout SECONDS] [--tls-handshake-timeout SECONDS]
//!              [--max-body-bytes N] [--max-buffered-body-bytes N] [--max-header-bytes N]
//!              [--http2-max-concurrent-streams N] [--http2-stream-window BYTES]
//!              [--http2-connection-window BYTES]
//!              [--email-domain DOMAIN]... [--data-dir DIR]
//!              [--events-webhook URL[,schema=eventgrid|cloudevents]]...
//! ```
//!
//! The limits default to those of [`acs_emulator::Limits::default`]. The soft limit on open
//! files (`ulimit -n`) is raised, up to the hard limit, to fit the connection limit; when it
//! cannot be, the connection limit is lowered to fit it (with a warning on stderr).
//!
//! It prints the endpoint, the connection string and (with `--tls`) the path of the CA
//! certificate to trust, then serves until Ctrl-C or SIGTERM.

use std::io::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use acs_emulator::{Emulator, EventWebhook, FaultOptions, Limits};
use clap::Parser;

/// A local Azure Communication Services (Identity + Chat) for development and tests.
#[derive(Debug, Parser)]
#[command(name = "acs-emulator", version, about)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    address: IpAddr,
    /// Serve HTTPS with a certificate made at start (the official Python and JS SDKs refuse
    /// bearer tokens over plain HTTP).
    #[arg(long)]
    tls: bool,
    /// Where to write the CA certificate (PEM) to trust; default a file in the temporary
    /// directory.
    #[arg(long, requires = "tls")]
    ca_path: Option<PathBuf>,
    /// The base64 access key of the connection string (default: a fixed development key).
    #[arg(long)]
    access_key: Option<String>,
    /// The resource id in identity ids (default: a random UUID).
    #[arg(long)]
    resource_id: Option<String>,
    /// Fault injection, e.g. `share=0.2,seed=7,kinds=503+429+drop,routes=/chat/threads,retry-after=1`.
    #[arg(long)]
    faults: Option<FaultOptions>,
    /// Another sender domain to accept email from (repeatable), besides
    /// acs-emulator.azurecomm.net.
    #[arg(long = "email-domain", value_name = "DOMAIN")]
    email_domains: Vec<String>,
    /// Keep the state (identities, tokens' revocations, threads, messages, emails, ...) in
    /// DIR/emulator.sqlite3 across restarts; default: in memory only.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Deliver the chat and email events to a webhook (repeatable):
    /// `URL[,schema=eventgrid|cloudevents]`.
    #[arg(long = "events-webhook", value_name = "URL[,schema=...]")]
    events_webhooks: Vec<EventWebhook>,
    /// Connections open at once; past it the oldest idle one is closed (default 512).
    #[arg(long)]
    max_connections: Option<usize>,
    /// Seconds a client may take to send a request head (default 30).
    #[arg(long, value_parser = seconds)]
    header_read_timeout: Option<Duration>,
    /// Seconds a connection may stay without a request in progress (default 60).
    #[arg(long, value_parser = seconds)]
    idle_timeout: Option<Duration>,
    /// Seconds a client may take to send a request body (default 30).
    #[arg(long, value_parser = seconds)]
    body_read_timeout: Option<Duration>,
    /// Seconds a TLS handshake may take (default 10).
    #[arg(long, value_parser = seconds)]
    tls_handshake_timeout: Option<Duration>,
    /// The largest request body in bytes (default 1 MiB).
    #[arg(long)]
    max_body_bytes: Option<usize>,
    /// Request-body bytes all requests in progress may hold together (default 64 MiB).
    #[arg(long)]
    max_buffered_body_bytes: Option<usize>,
    /// The largest request head in bytes (default 64 KiB).
    #[arg(long)]
    max_header_bytes: Option<usize>,
    /// HTTP/2 streams in progress per connection (default 64).
    #[arg(long)]
    http2_max_concurrent_streams: Option<u32>,
    /// HTTP/2 flow-control window of a stream, in bytes (default 256 KiB).
    #[arg(long)]
    http2_stream_window: Option<u32>,
    /// HTTP/2 flow-control window of a connection, in bytes (default 1 MiB).
    #[arg(long)]
    http2_connection_window: Option<u32>,
}

/// A duration in (possibly fractional) seconds: `10`, `0.5`.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    Duration::try_from_secs_f64(value).map_err(|_| format!("`{text}` is not a valid duration"))
}

impl Args {
    fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        if let Some(max) = self.max_connections {
            limits = limits.with_max_connections(max);
        }
        if let Some(timeout) = self.header_read_timeout {
            limits = limits.with_header_read_timeout(timeout);
        }
        if let Some(timeout) = self.idle_timeout {
            limits = limits.with_idle_timeout(timeout);
        }
        if let Some(timeout) = self.body_read_timeout {
            limits = limits.with_body_read_timeout(timeout);
        }
        if let Some(timeout) = self.tls_handshake_timeout {
            limits = limits.with_tls_handshake_timeout(timeout);
        }
        if let Some(max) = self.max_body_bytes {
            limits = limits.with_max_body_bytes(max);
        }
        if let Some(max) = self.max_buffered_body_bytes {
            limits = limits.with_max_buffered_body_bytes(max);
        }
        if let Some(max) = self.max_header_bytes {
            limits = limits.with_max_header_bytes(max);
        }
        if let Some(max) = self.http2_max_concurrent_streams {
            limits = limits.with_http2_max_concurrent_streams(max);
        }
        if let Some(bytes) = self.http2_stream_window {
            limits = limits.with_http2_stream_window(bytes);
        }
        if let Some(bytes) = self.http2_connection_window {
            limits = limits.with_http2_connection_window(bytes);
        }
        limits
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the runtime: {error}")),
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr().lock(), "acs-emulator: {message}");
    ExitCode::FAILURE
}

/// File descriptors kept for everything but client connections: the listener, the runtime,
/// standard streams, the CA file.
const RESERVED_FDS: u64 = 64;

/// Raises the soft limit on open files to fit `limits`' connections, or lowers the connection
/// limit to fit the file-descriptor limit, so that connections are shed before the process
/// runs out of descriptors.
fn fit_to_open_file_limit(limits: Limits) -> Limits {
    let wanted = (limits.max_connections() as u64).saturating_add(RESERVED_FDS);
    let Ok(available) = rlimit::increase_nofile_limit(wanted) else {
        return limits;
    };
    if available >= wanted {
        return limits;
    }
    let fitted = usize::try_from(available.saturating_sub(RESERVED_FDS))
        .unwrap_or(usize::MAX)
        .max(1);
    let _ = writeln!(
        std::io::stderr().lock(),
        "acs-emulator: only {available} open files are allowed: serving at most {fitted} connections at once"
    );
    limits.with_max_connections(fitted)
}

async fn run(args: Args) -> Result<(), String> {
    let mut builder = Emulator::builder()
        .limits(fit_to_open_file_limit(args.limits()))
        .port(args.port)
        .address(args.address)
        .tls(args.tls);
    if let Some(path) = args.ca_path {
        builder = builder.ca_pem_path(path);
    }
    if let Some(key) = args.access_key {
        builder = builder.access_key(key);
    }
    if let Some(resource_id) = args.resource_id {
        builder = builder.resource_id(resource_id);
    }
    if let Some(faults) = args.faults {
        builder = builder.faults(faults);
    }
    if let Some(dir) = &args.data_dir {
        builder = builder.data_dir(dir);
    }
    for domain in args.email_domains {
        builder = builder.email_domain(domain);
    }
    for webhook in args.events_webhooks {
        builder = builder.events_webhook(webhook);
    }
    let emulator = builder
        .start()
        .await
        .map_err(|error| acs_core::error_chain(&error))?;
    // The signal handlers are installed (the future polled once) before the output tells
    // anyone the emulator is up, so a SIGTERM right after it still stops it cleanly.
    let mut stop = std::pin::pin!(acs_emulator::shutdown_signal());
    let stopped = tokio::select! {
        biased;
        () = &mut stop => true,
        () = std::future::ready(()) => false,
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "acs-emulator listening");
        let _ = writeln!(out, "endpoint: {}", emulator.endpoint());
        let _ = writeln!(out, "connection string: {}", emulator.connection_string());
        let _ = writeln!(out, "email sender: {}", emulator.email_sender());
        let _ = writeln!(out, "inspector: {}/emulator/", emulator.endpoint());
        let _ = writeln!(
            out,
            "management (ARM): {} with bearer tokens of {} (HS256, key {})",
            emulator.endpoint(),
            acs_emulator::ARM_TOKEN_ISSUER,
            acs_emulator::ARM_TOKEN_SIGNING_KEY
        );
        if let Some(path) = emulator.ca_pem_path() {
            let _ = writeln!(out, "ca certificate: {}", path.display());
        }
        if let Some(dir) = &args.data_dir {
            let _ = writeln!(out, "data directory: {}", dir.display());
        }
        let _ = out.flush();
    }
    if !stopped {
        stop.await;
    }
    emulator
        .shutdown()
        .await
        .map_err(|error| acs_core::error_chain(&error))
}
