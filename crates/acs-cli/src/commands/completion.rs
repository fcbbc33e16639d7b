//! `acs completion <shell>` and `acs man`: shell completions and a man page, from the same
//! clap definition as the command line itself.

use std::io::Write as _;

use clap::CommandFactory as _;

use crate::cli::Cli;
use crate::exit::Failure;

/// Writes the completion script of `shell` to stdout.
pub(crate) fn completion(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "acs", &mut script);
    write_out(&script)
}

/// Writes the man page (roff) of `acs` to stdout.
pub(crate) fn man() -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|error| Failure::other(format!("cannot render the man page: {error}")))?;
    write_out(&page)
}

fn write_out(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|error| Failure::output(&error))
}
