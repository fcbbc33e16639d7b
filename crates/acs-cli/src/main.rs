#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a CLI")]

mod cli;
mod commands;
mod exit;
mod json;
mod output;
mod parse;
mod redact;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

/// Prints a usage error (or the help, or the version) the way clap does, except that an
/// argument that looks like a secret (a connection string with its key, a token) is never
/// echoed: clap quotes the offending argument, and a connection string given as a positional
/// argument by mistake would otherwise land on the terminal or in a CI log.
fn usage_error(error: &clap::Error) -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let code = u8::try_from(error.exit_code()).unwrap_or(exit::USAGE);
    if !args.iter().any(|arg| redact::looks_secret(arg)) {
        let _ = error.print();
        return ExitCode::from(code);
    }
    let text = redact::redact(&error.render().to_string(), &args);
    if error.use_stderr() {
        let _ = write!(std::io::stderr().lock(), "{text}");
    } else {
        let _ = write!(std::io::stdout().lock(), "{text}");
    }
    ExitCode::from(code)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // Usage errors exit here with code 2; --help and --version with 0.
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
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
