//! `acs-bench`: the benchmark behind `scripts/bench/run.sh`. One run prints one table: acs-rs
//! against a raw reqwest loop doing the same requests (per-call client CPU, first-call CPU, peak
//! RSS) and the emulator against a bare hyper JSON server (requests/s, CPU per request), every
//! pair measured interleaved, each client and server in a process of its own on loopback.
//!
//! Sub-commands (the orchestrator, `run`, starts the others as child processes):
//! `run [--n 500] [--rounds 3] [--load 20000] [--cli PATH] [--cli-before PATH]`,
//! `serve-emulator [--tls]`, `serve-setup [--messages M]` (prints an `ACS_BENCH_SETUP`), `serve-bare`, `client --side sdk|raw|raw-same --op create|send|list --n N`,
//! `first --side sdk|raw|raw-platform|raw-aws-lc`, `tls-setup --side sdk|platform`, `load --url U --method GET|POST --n N --conns C`,
//! `events [--n 2000] [--senders 4]` (the emulator's event delivery: its own table).
#![forbid(unsafe_code)]
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark prints its table"
)]
#![allow(missing_docs, reason = "a benchmark binary, not a library")]

mod cpu;
mod events;
mod instructions;
mod load;
mod raw;
mod run;
mod sdk;
mod servers;

use std::collections::HashMap;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

type Failure = Box<dyn std::error::Error>;

/// What a client process needs to reach the server: passed in `ACS_BENCH_SETUP` as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Setup {
    pub endpoint: String,
    pub connection_string: String,
    pub access_key: String,
    pub token: String,
    pub thread: String,
    pub ca: Option<String>,
}

impl Setup {
    fn from_env() -> Result<Self, Failure> {
        Ok(serde_json::from_str(&std::env::var("ACS_BENCH_SETUP")?)?)
    }

    fn ca_certificates(&self) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>, Failure> {
        use rustls::pki_types::pem::PemObject as _;
        match &self.ca {
            Some(path) => Ok(rustls::pki_types::CertificateDer::pem_file_iter(path)?
                .collect::<Result<Vec<_>, _>>()?),
            None => Ok(Vec::new()),
        }
    }

    /// The SDK's TLS set-up (rustls + ring + platform verifier), trusting the emulator's CA.
    fn http(&self) -> Result<reqwest::Client, Failure> {
        Ok(acs_core::http_client_builder(self.ca_certificates()?)?.build()?)
    }

    /// reqwest's own rustls set-up (aws-lc-rs), as the SDK had it before.
    fn http_aws_lc(&self) -> Result<reqwest::Client, Failure> {
        let mut builder = reqwest::Client::builder();
        if let Some(path) = &self.ca {
            for certificate in reqwest::Certificate::from_pem_bundle(&std::fs::read(path)?)? {
                builder = builder.add_root_certificate(certificate);
            }
        }
        Ok(builder.build()?)
    }
}

/// `--name value` pairs (and bare `--flag`s, as "true").
pub fn flags(args: &[String]) -> HashMap<String, String> {
    let mut flags = HashMap::new();
    let mut iter = args.iter().peekable();
    while let Some(arg) = iter.next() {
        if let Some(name) = arg.strip_prefix("--") {
            let value = match iter.peek() {
                Some(next) if !next.starts_with("--") => iter.next().cloned().unwrap_or_default(),
                _ => "true".to_owned(),
            };
            flags.insert(name.to_owned(), value);
        }
    }
    flags
}

pub fn flag<T: std::str::FromStr>(flags: &HashMap<String, String>, name: &str, default: T) -> T {
    flags
        .get(name)
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn current_thread() -> Result<tokio::runtime::Runtime, Failure> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// One client process: `n` calls of `op` after a warm-up, reporting its own CPU per call.
fn client(flags: &HashMap<String, String>) -> Result<(), Failure> {
    let setup = Setup::from_env()?;
    let side = flags.get("side").map_or("sdk", String::as_str);
    let op = flags.get("op").map_or("create", String::as_str);
    let n: u64 = flag(flags, "n", 500);
    let warmup = if op == "list" { 1 } else { 20 };
    let runtime = current_thread()?;
    let items = runtime.block_on(async {
        let http = setup.http()?;
        let mut items = 0usize;
        macro_rules! drive {
            ($client:expr) => {{
                let client = $client;
                for _ in 0..warmup {
                    call(&client, op).await?;
                }
                let start = cpu::cpu_ns("self");
                for _ in 0..n {
                    items = call(&client, op).await?;
                }
                Ok::<_, Failure>((cpu::cpu_ns("self") - start, items))
            }};
        }
        if side == "raw" {
            drive!(raw::Raw::new(http, &setup)?)
        } else if side == "raw-same" {
            drive!(raw::Raw::new(http, &setup)?.with_sdk_headers())
        } else {
            drive!(sdk::Sdk::new(http, &setup)?)
        }
    })?;
    println!(
        "{}",
        serde_json::json!({
            "cpu_ns": items.0,
            "calls": n,
            "items": items.1,
            "hwm_kib": cpu::status_kib("self", "VmHWM"),
        })
    );
    Ok(())
}

/// Either client, one call of `op`; returns how many items it listed (1 for the others).
trait Calls {
    async fn run(&self, op: &str) -> Result<usize, Failure>;
}

impl Calls for raw::Raw {
    async fn run(&self, op: &str) -> Result<usize, Failure> {
        match op {
            "send" => self.send_message().await.map(|()| 1),
            "list" => self.list_messages().await,
            _ => self.create_user_and_token().await.map(|()| 1),
        }
    }
}

impl Calls for sdk::Sdk {
    async fn run(&self, op: &str) -> Result<usize, Failure> {
        match op {
            "send" => self.send_message().await.map(|()| 1),
            "list" => self.list_messages().await,
            _ => self.create_user_and_token().await.map(|()| 1),
        }
    }
}

async fn call(client: &impl Calls, op: &str) -> Result<usize, Failure> {
    client.run(op).await
}

/// A fresh process's first call: CPU from the start of `main` to the first
/// `create_user_and_token` answered (runtime, client, TLS handshake, the request).
fn first(flags: &HashMap<String, String>, start: u64) -> Result<(), Failure> {
    let setup = Setup::from_env()?;
    let side = flags.get("side").map_or("sdk", String::as_str).to_owned();
    current_thread()?.block_on(async {
        match side.as_str() {
            "raw" => {
                raw::Raw::new(setup.http()?, &setup)?
                    .create_user_and_token()
                    .await
            }
            "raw-platform" => {
                raw::Raw::new(platform_client(setup.ca_certificates()?)?, &setup)?
                    .create_user_and_token()
                    .await
            }
            "raw-aws-lc" => {
                raw::Raw::new(setup.http_aws_lc()?, &setup)?
                    .create_user_and_token()
                    .await
            }
            _ => {
                sdk::Sdk::new(setup.http()?, &setup)?
                    .create_user_and_token()
                    .await
            }
        }
    })?;
    println!(
        "{}",
        serde_json::json!({
            "cpu_ns": cpu::cpu_ns("self") - start,
            "hwm_kib": cpu::status_kib("self", "VmHWM"),
        })
    );
    Ok(())
}

/// The SDK's TLS set-up as it was before acs-core loaded the trust store itself: rustls + ring
/// over `rustls-platform-verifier` (which loads the roots with `rustls-native-certs`).
fn platform_client(
    roots: Vec<rustls::pki_types::CertificateDer<'static>>,
) -> Result<reqwest::Client, Failure> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone())?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(config)
        .build()?)
}

/// A fresh process's TLS client set-up alone: CPU to build acs-core's HTTP client
/// (`--side sdk`) or the same rustls configuration over `rustls-platform-verifier`, as before
/// (`--side platform`), trusting the emulator's CA either way.
fn tls_setup(flags: &HashMap<String, String>) -> Result<(), Failure> {
    let setup = Setup::from_env()?;
    let roots = setup.ca_certificates()?;
    // Ten set-ups, each from scratch: the CPU counters tick too coarsely for one.
    const TIMES: u64 = 10;
    let start = cpu::cpu_ns("self");
    for _ in 0..TIMES {
        if flags.get("side").map(String::as_str) == Some("platform") {
            platform_client(roots.clone())?;
        } else {
            acs_core::http_client_builder(roots.clone())?.build()?;
        }
    }
    println!(
        "{}",
        serde_json::json!({ "cpu_ns": (cpu::cpu_ns("self") - start) / TIMES })
    );
    Ok(())
}

fn main() -> ExitCode {
    let start = cpu::cpu_ns("self");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().cloned().unwrap_or_else(|| "run".to_owned());
    let flags = flags(args.get(1..).unwrap_or_default());
    let result = match command.as_str() {
        "serve-emulator" => {
            let tls = flags.contains_key("tls");
            tokio::runtime::Runtime::new()
                .map_err(Failure::from)
                .and_then(|runtime| runtime.block_on(servers::emulator(tls)))
        }
        "serve-bare" => tokio::runtime::Runtime::new()
            .map_err(Failure::from)
            .and_then(|runtime| runtime.block_on(servers::bare())),
        "client" => client(&flags),
        "first" => first(&flags, start),
        "tls-setup" => tls_setup(&flags),
        "load" => load::run(&flags),
        "events" => events::run(&flags),
        "run" => run::run(&flags),
        "serve-setup" => run::serve_setup(&flags),
        other => Err(format!("unknown command {other}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("acs-bench {command}: {error}");
            ExitCode::FAILURE
        }
    }
}
