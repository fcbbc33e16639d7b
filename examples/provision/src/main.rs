//! `cargo run --locked -p acs-provision-example`: see the crate docs of `acs_provision_example`.
#![forbid(unsafe_code)]
#![allow(clippy::print_stderr, reason = "reports a failure to the user")]

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mut out = std::io::stdout();
    match acs_provision_example::run(acs_provision_example::Target::from_env(), &mut out).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
