//! Options of the client ([`EmailClientOptions`]) and of each operation
//! (`EmailClient{Method}Options`).
//!
//! Every options struct has public fields and implements [`Default`]; set what you need and
//! leave the rest to `..Default::default()`:
//!
//! ```
//! use std::time::Duration;
//! use acs_email::options::EmailClientOptions;
//!
//! let options = EmailClientOptions {
//!     min_poll_interval: Duration::from_millis(500),
//!     ..Default::default()
//! };
//! # let _ = options;
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::Clock;
use acs_core::RetryOptions;

/// The versions of the Email REST API this crate can call.
///
/// ```
/// use acs_email::options::EmailApiVersion;
///
/// assert_eq!(EmailApiVersion::default().as_str(), "2025-09-01");
/// assert_eq!("2023-03-31".parse::<EmailApiVersion>(), Ok(EmailApiVersion::V2023_03_31));
/// assert!("2021-10-01-preview".parse::<EmailApiVersion>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum EmailApiVersion {
    /// `2025-09-01`, the default, the version the Python and JS SDKs 1.1 call.
    #[default]
    V2025_09_01,
    /// `2023-03-31`, the previous stable version: the same wire without inline attachments
    /// (attachments with a content id are rejected with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) before anything is sent).
    V2023_03_31,
}

impl EmailApiVersion {
    /// The api-version as it goes in the query string.
    ///
    /// ```
    /// assert_eq!(acs_email::options::EmailApiVersion::V2023_03_31.as_str(), "2023-03-31");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2025_09_01 => "2025-09-01",
            Self::V2023_03_31 => "2023-03-31",
        }
    }

    /// Whether this version has inline attachments (`contentId`).
    pub(crate) fn has_inline_attachments(self) -> bool {
        self != Self::V2023_03_31
    }
}

impl fmt::Display for EmailApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an [`EmailApiVersion`]: the text is not a version this crate supports.
///
/// ```
/// let error = "1999-01-01".parse::<acs_email::options::EmailApiVersion>().unwrap_err();
/// assert!(error.to_string().contains("2025-09-01"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedApiVersion(String);

impl fmt::Display for UnsupportedApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported email api-version `{}` (supported: 2025-09-01, 2023-03-31)",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedApiVersion {}

impl FromStr for EmailApiVersion {
    type Err = UnsupportedApiVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "2025-09-01" => Ok(Self::V2025_09_01),
            "2023-03-31" => Ok(Self::V2023_03_31),
            other => Err(UnsupportedApiVersion(other.to_owned())),
        }
    }
}

/// Options of an [`EmailClient`](crate::EmailClient).
///
/// ```
/// use std::time::Duration;
/// use acs_email::{EmailClientOptions, RetryOptions};
///
/// let options = EmailClientOptions {
///     retry: RetryOptions { max_retries: 5, ..Default::default() },
///     timeout: Some(Duration::from_secs(10)),
///     user_agent_suffix: Some("my-app/1.0".into()),
///     max_poll_interval: Duration::from_secs(10),
///     ..Default::default()
/// };
/// # let _ = options;
/// ```
#[derive(Clone)]
pub struct EmailClientOptions {
    /// The REST API version to call (default: 2025-09-01).
    pub api_version: EmailApiVersion,
    /// How requests are retried: 408, 429, 500, 502, 503, 504 and connection failures, with
    /// backoff and jitter, honouring `Retry-After`. A send is safe to retry: it always carries an
    /// `Operation-Id`, and the service queues a message once per id.
    pub retry: RetryOptions,
    /// The longest a single attempt may take (default: 30 seconds; `None`: no limit).
    pub timeout: Option<Duration>,
    /// Appended to the `User-Agent` header, e.g. `my-app/1.0`.
    pub user_agent_suffix: Option<String>,
    /// The HTTP client to send with, instead of a default one (proxies, custom TLS roots).
    pub http_client: Option<reqwest::Client>,
    /// The clock retry and poll waits run on (default: the system clock); tests pass an
    /// [`acs_auth::ManualClock`] to drive them.
    pub clock: Option<Arc<dyn Clock>>,
    /// The shortest wait between two polls of a send operation, whatever `retry-after` says
    /// (default: 1 second). It keeps a poller from spinning on `retry-after: 0`.
    pub min_poll_interval: Duration,
    /// The longest wait between two polls, whatever `retry-after` says (default: 60 seconds).
    pub max_poll_interval: Duration,
    /// The wait between two polls when the service sends no `retry-after` (default: 5 seconds;
    /// kept within the minimum and maximum).
    pub default_poll_interval: Duration,
    /// Whether a poller may follow an `Operation-Location` on another origin (scheme, host and
    /// port) than the endpoint (default: `false`: such a send fails). When allowed, the polls
    /// to the other origin are sent **without credentials**: the key or token only ever goes to
    /// the endpoint's origin.
    pub allow_cross_origin_operation_location: bool,
}

impl Default for EmailClientOptions {
    fn default() -> Self {
        Self {
            api_version: EmailApiVersion::default(),
            retry: RetryOptions::default(),
            timeout: Some(Duration::from_secs(30)),
            user_agent_suffix: None,
            http_client: None,
            clock: None,
            min_poll_interval: Duration::from_secs(1),
            max_poll_interval: Duration::from_secs(60),
            default_poll_interval: Duration::from_secs(5),
            allow_cross_origin_operation_location: false,
        }
    }
}

impl fmt::Debug for EmailClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailClientOptions")
            .field("api_version", &self.api_version)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("http_client", &self.http_client.is_some())
            .field("clock", &self.clock)
            .field("min_poll_interval", &self.min_poll_interval)
            .field("max_poll_interval", &self.max_poll_interval)
            .field("default_poll_interval", &self.default_poll_interval)
            .field(
                "allow_cross_origin_operation_location",
                &self.allow_cross_origin_operation_location,
            )
            .finish()
    }
}

/// Options of [`EmailClient::begin_send`](crate::EmailClient::begin_send) and
/// [`EmailClient::send`](crate::EmailClient::send).
///
/// ```
/// use acs_email::options::EmailClientSendOptions;
///
/// let options = EmailClientSendOptions {
///     operation_id: Some(uuid::Uuid::new_v4()),
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailClientSendOptions {
    /// The `Operation-Id` of the send: the id of the operation, and what makes a repeated send
    /// harmless (the service queues one message per id). A new UUID v4 is used when this is
    /// `None`; either way the same id is sent on every retry of the call. Keep it to resume the
    /// operation later with [`EmailSendPoller::from_operation_id`](crate::EmailSendPoller::from_operation_id).
    pub operation_id: Option<uuid::Uuid>,
}
