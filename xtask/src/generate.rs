//! `cargo xtask generate [--check]` (being written).
use std::process::ExitCode;

pub fn main(_args: &[String]) -> ExitCode {
    ExitCode::FAILURE
}
