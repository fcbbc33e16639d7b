//! `cargo run --locked -p acs-quickstart`: see the crate docs of `acs_quickstart`.
#![forbid(unsafe_code)]
#![allow(clippy::print_stderr, reason = "reports a failure to the user")]

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mut out = std::io::stdout();
    let target = match acs_quickstart::Target::from_env() {
        Ok(target) => target,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match acs_quickstart::run(target, &mut out).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
