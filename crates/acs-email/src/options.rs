//! Options of the client ([`EmailClientOptions`]) and of each operation
//! (`EmailClient{Method}Options`).
//!
//! One design for every options struct of acs-rs: public fields, [`Default`], and
//! `#[non_exhaustive]` (so fields can be added without breaking you). Start from `default()`
//! and chain the `with_*` setters, or assign fields of a `mut` value. Every per-method options
//! struct has a `call` field ([`CallOptions`]: a per-call timeout and
//! extra headers), the same on every method:
//!
//! ```
//! use std::time::Duration;
//! use acs_email::CallOptions;
//! use acs_email::options::{EmailClientOptions, EmailClientSendOptions};
//!
//! let client_options = EmailClientOptions::default().with_min_poll_interval(Duration::from_millis(500));
//! # let _ = client_options;
//! let options = EmailClientSendOptions::default()
//!     .with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
//!
//! let mut same = EmailClientSendOptions::default();
//! same.call.timeout = Some(Duration::from_secs(5));
//! assert_eq!(options, same);
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::Clock;
use acs_core::{CallOptions, RetryOptions};

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
/// let options = EmailClientOptions::default()
///     .with_retry(RetryOptions::default().with_max_retries(5))
///     .with_timeout(Duration::from_secs(10))
///     .with_user_agent_suffix("my-app/1.0")
///     .with_max_poll_interval(Duration::from_secs(10));
/// assert_eq!(options.connect_timeout, Some(acs_core::DEFAULT_CONNECT_TIMEOUT));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct EmailClientOptions {
    /// The REST API version to call (default: 2025-09-01).
    pub api_version: EmailApiVersion,
    /// How requests are retried: 408, 429, 500, 502, 503, 504 and connection failures, with
    /// backoff and jitter, honouring `Retry-After`. A send is safe to retry: it always carries an
    /// `Operation-Id`, and the service queues a message once per id.
    pub retry: RetryOptions,
    /// The longest a single attempt may take, from signing through reading the whole answer
    /// (default [`acs_core::DEFAULT_TIMEOUT`], 30 seconds; `None`: no limit).
    /// [`CallOptions::timeout`] replaces it for one call.
    pub timeout: Option<Duration>,
    /// How long connecting may take (default [`acs_core::DEFAULT_CONNECT_TIMEOUT`], 10
    /// seconds). Applies to the built-in HTTP client only, not to an
    /// [`http_client`](Self::http_client) you pass.
    pub connect_timeout: Option<Duration>,
    /// Appended to the `User-Agent` header, e.g. `my-app/1.0`.
    pub user_agent_suffix: Option<String>,
    /// The HTTP client to send with, instead of a default one: the one escape hatch for
    /// proxies, custom TLS roots or connection pools; build it with the re-exported
    /// [`acs_email::reqwest`](crate::reqwest) so the versions match. Per-attempt timeouts and
    /// retries still come from these options.
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
    /// port) than the endpoint's (default: no: such a send fails with `InvalidInput`). When
    /// allowed, the polls to the other origin are sent **without credentials**: the key or
    /// token only ever goes to the endpoint's origin.
    pub follow_links_to_other_origins: bool,
}

impl Default for EmailClientOptions {
    fn default() -> Self {
        Self {
            api_version: EmailApiVersion::default(),
            retry: RetryOptions::default(),
            timeout: Some(acs_core::DEFAULT_TIMEOUT),
            connect_timeout: Some(acs_core::DEFAULT_CONNECT_TIMEOUT),
            user_agent_suffix: None,
            http_client: None,
            clock: None,
            min_poll_interval: Duration::from_secs(1),
            max_poll_interval: Duration::from_secs(60),
            default_poll_interval: Duration::from_secs(5),
            follow_links_to_other_origins: false,
        }
    }
}

impl fmt::Debug for EmailClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailClientOptions")
            .field("api_version", &self.api_version)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("http_client", &self.http_client.is_some())
            .field("clock", &self.clock)
            .field("min_poll_interval", &self.min_poll_interval)
            .field("max_poll_interval", &self.max_poll_interval)
            .field("default_poll_interval", &self.default_poll_interval)
            .field(
                "follow_links_to_other_origins",
                &self.follow_links_to_other_origins,
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
/// let options = EmailClientSendOptions::default().with_operation_id(acs_email::Uuid::new_v4());
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmailClientSendOptions {
    /// Per-call options: a timeout and extra headers for the send and for every poll of its
    /// [`EmailSendPoller`](crate::EmailSendPoller) (see [`CallOptions`]).
    pub call: CallOptions,
    /// The `Operation-Id` of the send: the id of the operation, and what makes a repeated send
    /// harmless (the service queues one message per id). A new UUID v4 is used when this is
    /// `None`; either way the same id is sent on every retry of the call. Keep it to resume the
    /// operation later with [`EmailSendPoller::from_operation_id`](crate::EmailSendPoller::from_operation_id).
    pub operation_id: Option<uuid::Uuid>,
}

/// Options of [`EmailClient::send_status`](crate::EmailClient::send_status) (only the
/// per-call options).
///
/// ```
/// use std::time::Duration;
/// use acs_email::CallOptions;
/// use acs_email::options::EmailClientSendStatusOptions;
///
/// let options = EmailClientSendStatusOptions::default()
///     .with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmailClientSendStatusOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

acs_core::options_setters!(acs_email::options => EmailClientOptions {
    set with_api_version => api_version: EmailApiVersion = acs_email::options::EmailApiVersion::V2023_03_31;
    set with_retry => retry: RetryOptions = acs_email::RetryOptions::default().with_max_retries(5);
    some with_timeout => timeout: Duration = std::time::Duration::from_secs(10);
    some with_connect_timeout => connect_timeout: Duration = std::time::Duration::from_secs(3);
    some with_user_agent_suffix => user_agent_suffix: String = "my-app/1.0";
    some with_http_client => http_client: reqwest::Client = acs_email::reqwest::Client::new();
    some with_clock => clock: Arc<dyn Clock> = std::sync::Arc::new(acs_auth::SystemClock) as std::sync::Arc<dyn acs_auth::Clock>;
    set with_min_poll_interval => min_poll_interval: Duration = std::time::Duration::from_secs(1);
    set with_max_poll_interval => max_poll_interval: Duration = std::time::Duration::from_secs(30);
    set with_default_poll_interval => default_poll_interval: Duration = std::time::Duration::from_secs(5);
    set_exact with_follow_links_to_other_origins => follow_links_to_other_origins: bool = true;
});
acs_core::options_setters!(acs_email::options => EmailClientSendOptions {
    set with_call => call: CallOptions = acs_email::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some with_operation_id => operation_id: uuid::Uuid = acs_email::Uuid::new_v4();
});
acs_core::options_setters!(acs_email::options => EmailClientSendStatusOptions {
    set with_call => call: CallOptions = acs_email::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
