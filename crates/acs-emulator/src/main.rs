//! `acs-emulator`: a local Azure Communication Services (Identity + Chat) for development.
//!
//! ```text
//! acs-emulator [--port 0] [--address 127.0.0.1] [--tls] [--ca-path FILE]
//!              [--access-key BASE64] [--resource-id ID] [--faults SPEC]
//!              [--email-domain DOMAIN]...
//! ```
//!
//! It prints the endpoint, the connection string and (with `--tls`) the path of the CA
//! certificate to trust, then serves until Ctrl-C or SIGTERM.

use std::io::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use acs_emulator::{Emulator, FaultOptions};
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

async fn run(args: Args) -> Result<(), String> {
    let mut builder = Emulator::builder()
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
    for domain in args.email_domains {
        builder = builder.email_domain(domain);
    }
    let emulator = builder
        .start()
        .await
        .map_err(|error| acs_core::error_chain(&error))?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "acs-emulator listening");
        let _ = writeln!(out, "endpoint: {}", emulator.endpoint());
        let _ = writeln!(out, "connection string: {}", emulator.connection_string());
        let _ = writeln!(out, "email sender: {}", emulator.email_sender());
        if let Some(path) = emulator.ca_pem_path() {
            let _ = writeln!(out, "ca certificate: {}", path.display());
        }
        let _ = out.flush();
    }
    acs_emulator::shutdown_signal().await;
    emulator
        .shutdown()
        .await
        .map_err(|error| acs_core::error_chain(&error))
}
