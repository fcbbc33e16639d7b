//! `acs emulator`: a local Communication Services, in this process.

use acs_emulator::Emulator;

use super::Context;
use crate::cli::EmulatorArgs;
use crate::exit::Failure;
use crate::output::Doc;

/// Starts the emulator, prints where it is, and serves until Ctrl-C or SIGTERM.
pub(crate) async fn run(context: &Context, args: EmulatorArgs) -> Result<(), Failure> {
    let emulator = Emulator::builder()
        .port(args.port)
        .tls(args.tls)
        .start()
        .await
        .map_err(|error| Failure::other(format!("the emulator cannot start: {}", chain(&error))))?;
    // The emulator's connection string holds its own development key: printing it is the
    // purpose of this command.
    let doc = Doc::object()
        .field("endpoint", emulator.endpoint())
        .field("connectionString", emulator.connection_string())
        .field(
            "caCertificate",
            emulator
                .ca_pem_path()
                .map(|path| path.display().to_string()),
        );
    context.print(&doc)?;
    wait_for_stop().await;
    emulator.shutdown().await.map_err(|error| {
        Failure::other(format!(
            "the emulator did not stop cleanly: {}",
            chain(&error)
        ))
    })
}

/// An error and its causes on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Ctrl-C, or SIGTERM on Unix.
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
