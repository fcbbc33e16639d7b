//! `acs email …`: send email and read the status of a send operation.

use std::path::{Path, PathBuf};

use acs_auth::{CONNECTION_STRING_ENV_VARS, ConnectionString};
use acs_email::models::{EmailAttachment, EmailSendResult};
use acs_email::options::{EmailApiVersion, EmailClientSendOptions};
use acs_email::{EmailClient, EmailClientOptions, EmailMessage, RetryOptions};
use clap::{Args, Subcommand};

use super::Context;
use crate::exit::Failure;
use crate::output::Doc;

/// Email: authenticated with the resource's connection string.
#[derive(Debug, Args)]
pub(crate) struct EmailArgs {
    /// The resource's connection string (`endpoint=https://…;accesskey=…`). Prefer the
    /// environment: a command line is visible to other processes. Falls back to
    /// COMMUNICATION_SERVICES_CONNECTION_STRING.
    #[arg(
        long,
        global = true,
        value_name = "CONNECTION_STRING",
        env = "ACS_CONNECTION_STRING",
        hide_env_values = true
    )]
    pub(crate) connection_string: Option<String>,

    /// The Email api-version to call: 2025-09-01 (default) or 2023-03-31 (no inline
    /// attachments).
    #[arg(long, global = true, value_name = "VERSION", value_parser = clap::value_parser!(EmailApiVersion))]
    pub(crate) api_version: Option<EmailApiVersion>,

    #[command(subcommand)]
    pub(crate) command: EmailCommand,
}

/// The email commands.
#[derive(Debug, Subcommand)]
pub(crate) enum EmailCommand {
    /// Send a message and wait until the service has sent it (or failed to).
    ///
    /// Prints `{id, status}` (and `error` for a failed send). Addresses are `user@domain` or
    /// `Display Name <user@domain>`. With the emulator, send from the address
    /// `acs emulator` prints.
    Send(Box<SendArgs>),
    /// Print the status of a send operation, by its id.
    Status {
        /// The operation id a send printed.
        operation_id: String,
    },
}

/// `acs email send …`
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// The sender address (of a domain connected to the resource).
    #[arg(long, value_name = "ADDRESS")]
    from: String,
    /// A To recipient (repeatable).
    #[arg(long, value_name = "ADDRESS")]
    to: Vec<String>,
    /// A Cc recipient (repeatable).
    #[arg(long, value_name = "ADDRESS")]
    cc: Vec<String>,
    /// A Bcc recipient (repeatable).
    #[arg(long, value_name = "ADDRESS")]
    bcc: Vec<String>,
    /// Where replies go (repeatable).
    #[arg(long, value_name = "ADDRESS")]
    reply_to: Vec<String>,
    /// The subject line.
    #[arg(long)]
    subject: String,
    /// The plain-text body.
    #[arg(long, required_unless_present = "html")]
    text: Option<String>,
    /// A file holding the HTML body.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// A file to attach (repeatable); its content type comes from its extension.
    #[arg(long, value_name = "FILE")]
    attach: Vec<PathBuf>,
    /// A custom header, `Name: value` (repeatable).
    #[arg(long, value_name = "HEADER")]
    header: Vec<String>,
    /// Turn off open and click tracking for this message.
    #[arg(long)]
    disable_tracking: bool,
    /// The operation id (a UUID) to send with; a retried command with the same id sends once.
    #[arg(long, value_name = "UUID")]
    operation_id: Option<acs_email::Uuid>,
    /// Print the accepted operation at once instead of waiting for the end.
    #[arg(long)]
    no_wait: bool,
}

/// Runs an email command.
pub(crate) async fn run(context: &Context, args: EmailArgs) -> Result<(), Failure> {
    let client = client(context, args.connection_string, args.api_version)?;
    match args.command {
        EmailCommand::Send(send) => {
            let no_wait = send.no_wait;
            let operation_id = send.operation_id;
            let message = message(*send)?;
            let mut send_options = EmailClientSendOptions::default();
            send_options.operation_id = operation_id;
            let poller = client.begin_send(&message, Some(send_options)).await?;
            let result = if no_wait {
                match poller.latest() {
                    Some(latest) => latest.clone(),
                    None => client
                        .send_status(poller.operation_id(), None)
                        .await?
                        .into_inner(),
                }
            } else {
                let mut poller = poller;
                while !poller.is_done() {
                    poller.poll().await?;
                }
                poller
                    .latest()
                    .cloned()
                    .ok_or_else(|| Failure::other("the send operation reported no status"))?
            };
            context.print(&result_doc(&result))?;
            match result.status().as_str() {
                "Failed" | "Canceled" => {
                    let (code, message) = result.error().map_or_else(Default::default, |e| {
                        (
                            e.code.clone().unwrap_or_default(),
                            e.message.clone().unwrap_or_default(),
                        )
                    });
                    let kind = acs_core::ErrorKind::OperationFailed {
                        operation_id: result.id().to_owned(),
                        status: result.status().as_str().to_owned(),
                        code,
                        message: message.clone(),
                    };
                    Err(acs_core::Error::new(kind, message).into())
                }
                _ => Ok(()),
            }
        }
        EmailCommand::Status { operation_id } => {
            let result = client.send_status(&operation_id, None).await?.into_inner();
            context.print(&result_doc(&result))
        }
    }
}

fn result_doc(result: &EmailSendResult) -> Doc {
    let doc = Doc::object()
        .field("id", result.id())
        .field("status", result.status().as_str());
    match result.error() {
        Some(error) => doc.field(
            "error",
            Doc::object()
                .field("code", error.code.clone())
                .field("message", error.message.clone()),
        ),
        None => doc,
    }
}

/// `Display Name <user@domain>` or `user@domain`.
fn address(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    if let Some(open) = text.rfind('<')
        && let Some(inner) = text[open + 1..].strip_suffix('>')
    {
        let name = text[..open].trim().trim_matches('"').trim();
        return (
            inner.trim().to_owned(),
            (!name.is_empty()).then(|| name.to_owned()),
        );
    }
    (text.to_owned(), None)
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path)
        .map_err(|error| Failure::invalid_input(format!("cannot read {}: {error}", path.display())))
}

/// The MIME type of a file, from its extension.
fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

fn message(args: SendArgs) -> Result<EmailMessage, Failure> {
    let mut builder = EmailMessage::builder()
        .sender(args.from)
        .subject(args.subject);
    if let Some(text) = args.text {
        builder = builder.text(text);
    }
    if let Some(path) = &args.html {
        let html = String::from_utf8(read(path)?)
            .map_err(|_| Failure::invalid_input(format!("{} is not UTF-8 text", path.display())))?;
        builder = builder.html(html);
    }
    for text in &args.to {
        let (address, name) = address(text);
        builder = builder.to(address, name.as_deref());
    }
    for text in &args.cc {
        let (address, name) = address(text);
        builder = builder.cc(address, name.as_deref());
    }
    for text in &args.bcc {
        let (address, name) = address(text);
        builder = builder.bcc(address, name.as_deref());
    }
    for text in &args.reply_to {
        let (address, name) = address(text);
        builder = builder.reply_to(address, name.as_deref());
    }
    for header in &args.header {
        let (name, value) = header.split_once(':').ok_or_else(|| {
            Failure::invalid_input(format!("--header `{header}` is not `Name: value`"))
        })?;
        builder = builder.header(name.trim(), value.trim());
    }
    for path in &args.attach {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        builder = builder.attachment(EmailAttachment::new(name, content_type(path), read(path)?));
    }
    if args.disable_tracking {
        builder = builder.user_engagement_tracking_disabled(true);
    }
    builder
        .build()
        .map_err(|error| Failure::invalid_input(error.to_string()))
}

fn client(
    context: &Context,
    connection_string: Option<String>,
    api_version: Option<EmailApiVersion>,
) -> Result<EmailClient, Failure> {
    let connection_string = connection_string
        .filter(|value| !value.trim().is_empty())
        .map_or_else(ConnectionString::from_env, |value| {
            ConnectionString::parse(&value)
        })
        .map_err(|error| match error {
            acs_auth::Error::ConnectionStringNotInEnvironment => Failure::credential(format!(
                "the email commands need a connection string: pass --connection-string or \
                 set {}",
                CONNECTION_STRING_ENV_VARS.join(" or ")
            )),
            // acs-auth's messages name the faulty part, never the key or the whole string.
            error => Failure::credential(format!("invalid connection string: {error}")),
        })?;
    let mut options = EmailClientOptions::default()
        .with_retry(RetryOptions::default().with_max_retries(context.retries));
    options.http_client = context.http_client.clone();
    if let Some(api_version) = api_version {
        options.api_version = api_version;
    }
    if context.timeout.is_some() {
        options.timeout = context.timeout;
    }
    Ok(EmailClient::with_connection_string(
        &connection_string,
        Some(options),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_and_without_display_names() {
        assert_eq!(address("a@example.com"), ("a@example.com".to_owned(), None));
        assert_eq!(
            address("\"Ada L\" <ada@example.com>"),
            ("ada@example.com".to_owned(), Some("Ada L".to_owned()))
        );
        assert_eq!(
            address("Bob <bob@example.com>"),
            ("bob@example.com".to_owned(), Some("Bob".to_owned()))
        );
    }

    #[test]
    fn content_types_from_extensions() {
        assert_eq!(content_type(Path::new("a.PDF")), "application/pdf");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
