//! `acs emulator`: a local Communication Services, in this process.

use acs_emulator::Emulator;

use super::Context;
use crate::cli::EmulatorArgs;
use crate::exit::Failure;
use crate::output::Doc;

/// Starts the emulator, prints where it is, and serves until Ctrl-C or SIGTERM.
pub(crate) async fn run(context: &Context, args: EmulatorArgs) -> Result<(), Failure> {
    let webhooks: Vec<String> = args
        .events_webhooks
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut builder = Emulator::builder().port(args.port).tls(args.tls);
    for webhook in args.events_webhooks {
        builder = builder.events_webhook(webhook);
    }
    if let Some(dir) = args.data_dir {
        builder = builder.data_dir(dir);
    }
    let emulator = builder.start().await.map_err(|error| {
        Failure::other(format!(
            "the emulator cannot start: {}",
            acs_core::error_chain(&error)
        ))
    })?;
    // The emulator's connection string holds its own development key: printing it is the
    // purpose of this command.
    let doc = Doc::object()
        .field("endpoint", emulator.endpoint())
        .field("connectionString", emulator.connection_string())
        .field("emailSender", emulator.email_sender())
        .field("eventsWebhooks", webhooks)
        .field(
            "caCertificate",
            emulator
                .ca_pem_path()
                .map(|path| path.display().to_string()),
        );
    // The signal handlers are installed (the future polled once) before the document tells
    // anyone the emulator is up, so a SIGTERM right after it still stops it cleanly.
    let mut stop = std::pin::pin!(acs_emulator::shutdown_signal());
    let stopped = tokio::select! {
        biased;
        () = &mut stop => true,
        () = std::future::ready(()) => false,
    };
    context.print(&doc)?;
    if !stopped {
        stop.await;
    }
    emulator.shutdown().await.map_err(|error| {
        Failure::other(format!(
            "the emulator did not stop cleanly: {}",
            acs_core::error_chain(&error)
        ))
    })
}
