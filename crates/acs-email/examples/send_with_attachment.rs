//! Send an email with an attachment and wait until it is sent.
//!
//! ```sh
//! cargo run -p acs-email --example send_with_attachment
//! ```
//!
//! Without `ACS_CONNECTION_STRING` (or `COMMUNICATION_SERVICES_CONNECTION_STRING`) it starts the
//! embedded emulator and sends from its address, then reads the message back from the
//! emulator's mailbox. With a connection string it sends through that resource, from the
//! address in `ACS_EMAIL_SENDER` to the one in `ACS_EMAIL_TO`.
#![allow(clippy::print_stdout)]

use acs_auth::ConnectionString;
use acs_email::models::EmailAttachment;
use acs_email::options::EmailClientSendOptions;
use acs_email::{EmailClient, EmailClientOptions, EmailMessage};
use futures::StreamExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let on_resource = acs_auth::CONNECTION_STRING_ENV_VARS
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
    let (connection_string, emulator, sender, to) = if on_resource {
        (
            ConnectionString::from_env()?,
            None,
            std::env::var("ACS_EMAIL_SENDER")?,
            std::env::var("ACS_EMAIL_TO")?,
        )
    } else {
        let emulator = acs_emulator::Emulator::builder().start().await?;
        println!("Using the embedded ACS emulator at {}", emulator.endpoint());
        (
            emulator.parsed_connection_string()?,
            Some(emulator),
            acs_emulator::DEFAULT_EMAIL_SENDER.to_owned(),
            "alice@example.com".to_owned(),
        )
    };

    let client = EmailClient::with_connection_string(
        &connection_string,
        Some(
            EmailClientOptions::default()
                .with_user_agent_suffix("acs-rs-example/send-with-attachment"),
        ),
    )?;
    let message = EmailMessage::builder()
        .sender(sender)
        .to(to, Some("Alice"))
        .subject("Your report")
        .text("The report is attached.")
        .html("<p>The report is attached.</p>")
        .attachment(EmailAttachment::new(
            "report.csv",
            "text/csv",
            "day,visits\nmonday,42\n",
        ))
        .build()?;

    // Keep the operation id: with it, a retried send is never sent twice, and the operation
    // can be resumed after a restart with `EmailSendPoller::from_operation_id`.
    let operation_id = acs_email::Uuid::new_v4();
    let poller = client
        .begin_send(
            &message,
            Some(EmailClientSendOptions::default().with_operation_id(operation_id)),
        )
        .await?;
    println!("Queued: operation {}", poller.operation_id());
    let mut statuses = std::pin::pin!(poller.stream());
    while let Some(status) = statuses.next().await {
        let status = status?;
        println!("  status: {}", status.status());
        if let Some(error) = status.error() {
            println!("  error: {:?} {:?}", error.code, error.message);
        }
    }

    if let Some(emulator) = emulator {
        let url = format!("{}/emulator/emails/{operation_id}", emulator.endpoint());
        let stored: serde_json::Value = reqwest::get(url).await?.json().await?;
        println!(
            "The emulator's mailbox has it: \"{}\" with {} attachment(s)",
            stored["message"]["content"]["subject"]
                .as_str()
                .unwrap_or_default(),
            stored["message"]["attachments"]
                .as_array()
                .map_or(0, Vec::len)
        );
        emulator.shutdown().await?;
    }
    Ok(())
}
