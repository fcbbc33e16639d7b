#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a CLI")]

mod cli;
mod commands;
mod exit;
mod json;
mod output;
mod parse;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // Usage errors exit here with code 2; --help and --version with 0.
    let cli = cli::Cli::parse();
    match commands::run(cli).await {
        Ok(()) => ExitCode::from(exit::OK),
        Err(failure) => {
            if let Some(message) = &failure.message {
                let _ = writeln!(std::io::stderr().lock(), "error: {message}");
            }
            ExitCode::from(failure.code)
        }
    }
}
