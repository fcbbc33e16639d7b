//! The commands: what each one calls and prints.

mod azure_credential;
mod chat;
mod completion;
pub(crate) mod email;
mod emulator;
pub(crate) mod events;
mod identity;
pub(crate) mod management;

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use futures::TryStreamExt as _;

use crate::cli::{Cli, Command};
use crate::exit::Failure;
use crate::output::{self, Column, Doc, Printer, Query};

/// What every command needs besides its own arguments.
pub(crate) struct Context {
    /// How results are written (format, `--query`, table width): every command's output
    /// goes through it.
    pub(crate) printer: Printer,
    /// How many times a failed request is retried.
    pub(crate) retries: u32,
    /// The per-attempt timeout, when given.
    pub(crate) timeout: Option<Duration>,
    /// An HTTP client trusting the extra CA, when one was given.
    pub(crate) http_client: Option<reqwest::Client>,
}

impl Context {
    /// Writes one document to stdout.
    pub(crate) fn print(&self, doc: &Doc) -> Result<(), Failure> {
        let mut out = std::io::stdout().lock();
        self.printer.document(&mut out, doc).map_err(Failure::print)
    }

    /// Streams a list to stdout page by page, stopping after `limit` items without asking
    /// for another page. Nothing is printed when the first page fails. An item that cannot
    /// be read is left out with a warning, and the command then exits as a service error.
    pub(crate) async fn print_list<T: Send + 'static>(
        &self,
        pager: acs_chat::Pager<T>,
        limit: Option<u64>,
        columns: &'static [Column],
        render: fn(&T) -> Doc,
    ) -> Result<(), Failure> {
        let mut out = std::io::stdout().lock();
        let mut list = self.printer.list(&mut out, columns);
        let limit = limit.map(|limit| usize::try_from(limit).unwrap_or(usize::MAX));
        let mut unreadable = 0;
        if limit != Some(0) {
            let mut pages = pager.into_pages();
            while let Some(page) = pages.try_next().await? {
                unreadable += warn_unreadable(page.errors);
                let room = limit.map_or(usize::MAX, |limit| limit - list.len());
                let items: Vec<Doc> = page.items.iter().take(room).map(render).collect();
                list.page(items).map_err(|error| Failure::output(&error))?;
                if limit.is_some_and(|limit| list.len() >= limit) {
                    break;
                }
            }
        }
        list.finish().map_err(Failure::print)?;
        match unreadable {
            0 => Ok(()),
            count => Err(Failure::unreadable_items(count)),
        }
    }
}

/// Warns about each item of a page that could not be read; how many there were.
pub(crate) fn warn_unreadable(errors: Vec<acs_core::Error>) -> usize {
    let count = errors.len();
    for error in errors {
        let failure = Failure::from(error);
        warn(&format!(
            "an item of the list was left out: {}",
            failure.message.as_deref().unwrap_or("it could not be read")
        ));
    }
    count
}

/// The value of the first of these environment variables that is set and not blank.
pub(crate) fn first_variable(names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
}

/// Writes a warning to stderr.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "warning: {message}");
}

/// Runs the command line.
pub(crate) async fn run(cli: Cli) -> Result<(), Failure> {
    let http_client = match &cli.ca_cert {
        Some(path) => Some(http_client_trusting(path)?),
        None => None,
    };
    let query = cli
        .query
        .as_deref()
        .map(Query::parse)
        .transpose()
        .map_err(Failure::usage)?;
    let context = Context {
        printer: Printer::new(cli.output, query, output::terminal_width()),
        retries: cli.retries,
        timeout: cli.timeout,
        http_client,
    };
    match cli.command {
        Command::Identity(args) => identity::run(&context, args).await,
        Command::Chat(args) => chat::run(&context, args).await,
        Command::Email(args) => email::run(&context, args).await,
        Command::Emulator(args) => emulator::run(&context, args).await,
        Command::Events(args) => events::run(&context, args).await,
        Command::Resource(args) => management::run_resource(&context, args).await,
        Command::EmailService(args) => management::run_email_service(&context, args).await,
        Command::EmailDomain(args) => management::run_email_domain(&context, args).await,
        Command::SenderUsername(args) => management::run_sender_username(&context, args).await,
        Command::Completion { shell } => completion::completion(shell),
        Command::Man => completion::man(),
    }
}

/// The connect timeout of the HTTP client built for `--ca-cert` (the SDK's default).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An HTTP client that also trusts the CA certificate(s) in a PEM file.
fn http_client_trusting(path: &Path) -> Result<reqwest::Client, Failure> {
    let pem = std::fs::read(path).map_err(|error| {
        Failure::credential(format!(
            "cannot read the CA certificate {}: {error}",
            path.display()
        ))
    })?;
    use rustls::pki_types::pem::PemObject as _;
    let certificates = rustls::pki_types::CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            Failure::credential(format!("{} is not a PEM certificate file", path.display()))
        })?;
    if certificates.is_empty() {
        return Err(Failure::credential(format!(
            "{} holds no PEM certificate",
            path.display()
        )));
    }
    // The SDK's TLS set-up (rustls with ring and the platform verifier), trusting these too.
    acs_core::http_client_builder(certificates)
        .map_err(|error| Failure::credential(format!("{}: {error}", path.display())))?
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(|error| Failure::other(format!("cannot build the HTTP client: {error}")))
}
