//! `cargo xtask`: code generation and spec tooling for acs-rs.
//!
//! - `cargo xtask generate` regenerates the REST clients from `specs/openapi/`.
//! - `cargo xtask generate --check` fails when the checked-in code drifts from the specs.
//! - `cargo xtask spec-diff <upstream-swagger.json> [--ours <our-openapi.json>]` lists how our
//!   OpenAPI document differs from an upstream Swagger 2.0 file.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool"
)]

use std::process::ExitCode;

mod generate;
mod spec_diff;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  generate [--check]      regenerate the REST clients from specs/openapi (--check: fail on drift)
  spec-diff <upstream-swagger.json> [--ours <our-openapi.json>]
                          list the differences between an upstream Swagger 2.0 file and our spec
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    match command.as_deref() {
        Some("generate") => generate::main(&rest),
        Some("spec-diff") => spec_diff::main(&rest),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
