//! The errors of starting and stopping an emulator.

use std::net::SocketAddr;
use std::path::PathBuf;

/// A boxed error source.
type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why an emulator could not start, or did not stop cleanly.
///
/// ```
/// let error = acs_emulator::FaultOptions::parse("share=2").unwrap_err();
/// assert!(matches!(error, acs_emulator::Error::InvalidFaults { .. }));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The listening socket could not be bound.
    #[error("cannot listen on {address}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The TLS certificate or server configuration could not be made.
    #[error("cannot set up TLS: {reason}")]
    Tls {
        /// What failed.
        reason: &'static str,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// The CA certificate could not be written out.
    #[error("cannot write the CA certificate to {}", path.display())]
    WriteCertificate {
        /// Where it was to be written.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The fault-injection settings are not valid.
    #[error("invalid fault options: {reason}")]
    InvalidFaults {
        /// What is wrong with them.
        reason: String,
    },
    /// The access key is not valid base64.
    #[error("invalid access key")]
    InvalidAccessKey {
        /// The parse error (it never contains the key).
        #[source]
        source: acs_auth::Error,
    },
    /// The data directory or the store in it cannot be used (in use by another emulator,
    /// damaged, made for another resource id, ...).
    #[error("cannot use the data directory {}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: BoxError,
    },
    /// The server task ended abnormally (it panicked or was cancelled).
    #[error("the emulator's server task failed")]
    Server {
        /// The task's error.
        #[source]
        source: BoxError,
    },
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn tls(reason: &'static str, source: impl Into<BoxError>) -> Self {
        Self::Tls {
            reason,
            source: source.into(),
        }
    }
}
