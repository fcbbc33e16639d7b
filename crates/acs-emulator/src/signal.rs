//! Waiting for the signal that stops a server run from the command line.

/// Completes on Ctrl-C, or on SIGTERM on Unix: the signal that should stop a server started
/// from the command line (the `acs-emulator` binary, `acs emulator`, the identity-service
/// example).
///
/// ```no_run
/// # async fn demo() -> acs_emulator::Result<()> {
/// let emulator = acs_emulator::Emulator::builder().start().await?;
/// acs_emulator::shutdown_signal().await;
/// emulator.shutdown().await
/// # }
/// ```
pub async fn shutdown_signal() {
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
