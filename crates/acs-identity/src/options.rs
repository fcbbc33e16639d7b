//! Options of the client ([`CommunicationIdentityClientOptions`]) and of each method
//! (`CommunicationIdentityClient{Method}Options`).
//!
//! One design for every options struct of acs-rs: public fields, [`Default`], and
//! `#[non_exhaustive]` (so fields can be added without breaking you). Pass `None` for the
//! defaults, or start from `default()` and chain the `with_*` setters (or assign fields of a
//! `mut` value). Every per-method options struct has a `call` field
//! ([`CallOptions`]: a per-call timeout and extra headers):
//!
//! ```
//! use std::time::Duration;
//!
//! use acs_identity::CallOptions;
//! use acs_identity::options::CommunicationIdentityClientGetTokenOptions;
//!
//! let options = CommunicationIdentityClientGetTokenOptions::default()
//!     .with_expires_in(Duration::from_secs(2 * 60 * 60))
//!     .with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
//!
//! let mut same = CommunicationIdentityClientGetTokenOptions::default();
//! same.expires_in = Some(Duration::from_secs(2 * 60 * 60));
//! same.call.timeout = Some(Duration::from_secs(5));
//! assert_eq!(options, same);
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::Clock;
use acs_core::{CallOptions, RetryOptions};

/// The versions of the Identity REST API this crate can call.
///
/// ```
/// use acs_identity::options::IdentityApiVersion;
///
/// assert_eq!(IdentityApiVersion::default().as_str(), "2026-09-23");
/// assert_eq!("2023-10-01".parse::<IdentityApiVersion>(), Ok(IdentityApiVersion::V2023_10_01));
/// assert!("2020-01-01".parse::<IdentityApiVersion>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub enum IdentityApiVersion {
    /// `2023-10-01`, the default of the other ACS SDKs: users, tokens and the Teams user
    /// exchange, and none of the Teams Phone extension operations (they fail locally with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)).
    V2023_10_01,
    /// `2025-06-30`, the first version with the Teams Phone extension operations.
    V2025_06_30,
    /// `2026-09-23`, the default: the version this crate's wire types were generated from.
    #[default]
    V2026_09_23,
}

impl IdentityApiVersion {
    /// The api-version as it goes in the query string.
    ///
    /// ```
    /// use acs_identity::options::IdentityApiVersion;
    ///
    /// assert_eq!(IdentityApiVersion::V2025_06_30.as_str(), "2025-06-30");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2023_10_01 => "2023-10-01",
            Self::V2025_06_30 => "2025-06-30",
            Self::V2026_09_23 => "2026-09-23",
        }
    }

    /// Whether this version has the Teams Phone extension operations.
    pub(crate) fn has_teams_extension(self) -> bool {
        self >= Self::V2025_06_30
    }
}

impl fmt::Display for IdentityApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an [`IdentityApiVersion`]: the text is not a version this crate
/// supports.
///
/// ```
/// use acs_identity::options::IdentityApiVersion;
///
/// let error = "2023-01-01".parse::<IdentityApiVersion>().unwrap_err();
/// assert!(error.to_string().contains("2023-01-01"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedApiVersion(String);

impl fmt::Display for UnsupportedApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported identity api-version `{}` (supported: 2026-09-23, 2025-06-30, 2023-10-01)",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedApiVersion {}

impl FromStr for IdentityApiVersion {
    type Err = UnsupportedApiVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "2026-09-23" => Ok(Self::V2026_09_23),
            "2025-06-30" => Ok(Self::V2025_06_30),
            "2023-10-01" => Ok(Self::V2023_10_01),
            other => Err(UnsupportedApiVersion(other.to_owned())),
        }
    }
}

/// The default per-attempt timeout, the same for every acs-rs client:
/// [`acs_core::DEFAULT_TIMEOUT`] (30 seconds).
///
/// ```
/// use acs_identity::CommunicationIdentityClientOptions;
/// use acs_identity::options::DEFAULT_TIMEOUT;
///
/// assert_eq!(CommunicationIdentityClientOptions::default().timeout, Some(DEFAULT_TIMEOUT));
/// ```
pub const DEFAULT_TIMEOUT: Duration = acs_core::DEFAULT_TIMEOUT;

/// The default connect timeout of the built-in HTTP client, the same for every acs-rs client:
/// [`acs_core::DEFAULT_CONNECT_TIMEOUT`] (10 seconds).
///
/// ```
/// use acs_identity::CommunicationIdentityClientOptions;
/// use acs_identity::options::DEFAULT_CONNECT_TIMEOUT;
///
/// let options = CommunicationIdentityClientOptions::default();
/// assert_eq!(options.connect_timeout, Some(DEFAULT_CONNECT_TIMEOUT));
/// ```
pub const DEFAULT_CONNECT_TIMEOUT: Duration = acs_core::DEFAULT_CONNECT_TIMEOUT;

/// Options of a [`CommunicationIdentityClient`](crate::CommunicationIdentityClient).
///
/// ```
/// use std::time::Duration;
///
/// use acs_identity::{CommunicationIdentityClientOptions, RetryOptions};
///
/// use acs_identity::options::IdentityApiVersion;
///
/// let options = CommunicationIdentityClientOptions::default()
///     .with_api_version(IdentityApiVersion::V2023_10_01)
///     .with_retry(RetryOptions::default().with_max_retries(5))
///     .with_timeout(Duration::from_secs(20))
///     .with_user_agent_suffix("my-app/1.2");
/// assert_eq!(options.connect_timeout, Some(Duration::from_secs(10)));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct CommunicationIdentityClientOptions {
    /// The api-version to call (default [`IdentityApiVersion::V2026_09_23`]).
    /// [`IdentityApiVersion::V2023_10_01`] works for every operation except the Teams Phone
    /// extension ones, which need `2025-06-30` or later and fail locally with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) on older versions.
    pub api_version: IdentityApiVersion,
    /// When and how often failed attempts are retried (see [`RetryOptions`]). Creating a user
    /// is not idempotent, so it is retried only when the service cannot have acted on it (a
    /// refused connection, or 429/503 with a retry-after header); every other identity
    /// operation is safe to repeat.
    pub retry: RetryOptions,
    /// How long one attempt may take, from signing through reading the whole answer, before
    /// it fails with [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) (default
    /// [`DEFAULT_TIMEOUT`]); every retry gets its own. `None` waits indefinitely.
    /// [`CallOptions::timeout`] replaces it for one call.
    pub timeout: Option<Duration>,
    /// How long connecting may take (default [`DEFAULT_CONNECT_TIMEOUT`]). Applies to the
    /// built-in HTTP client only, not to an [`http_client`](Self::http_client) you pass.
    pub connect_timeout: Option<Duration>,
    /// Appended to the `User-Agent` (`azsdk-rust-communication-identity/<version> (<os>;
    /// <arch>) <suffix>`), e.g. your application's name and version.
    pub user_agent_suffix: Option<String>,
    /// The escape hatch: a `reqwest` client of your own (proxies, TLS roots, connection pool
    /// settings); build it with the re-exported [`acs_identity::reqwest`](crate::reqwest) so the
    /// versions match. Without it the client builds one with
    /// [`connect_timeout`](Self::connect_timeout).
    pub http_client: Option<reqwest::Client>,
    /// The clock for the HMAC `x-ms-date` and for the waits between retries (default: the
    /// system clock). Tests pass an [`acs_auth::ManualClock`] to pin signatures and to decide
    /// when a retry wait ends.
    pub clock: Option<Arc<dyn Clock>>,
}

impl Default for CommunicationIdentityClientOptions {
    fn default() -> Self {
        Self {
            api_version: IdentityApiVersion::default(),
            retry: RetryOptions::default(),
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            user_agent_suffix: None,
            http_client: None,
            clock: None,
        }
    }
}

impl fmt::Debug for CommunicationIdentityClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommunicationIdentityClientOptions")
            .field("api_version", &self.api_version)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field("clock", &self.clock)
            .finish()
    }
}

/// Optional arguments of
/// [`create_user`](crate::CommunicationIdentityClient::create_user). It has only the per-call options;
/// pass `None` for none.
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientCreateUserOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientCreateUserOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Optional arguments of
/// [`create_user_and_token`](crate::CommunicationIdentityClient::create_user_and_token).
///
/// ```
/// use std::time::Duration;
///
/// let options = acs_identity::options::CommunicationIdentityClientCreateUserAndTokenOptions::default()
///     .with_expires_in(Duration::from_secs(60 * 60));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientCreateUserAndTokenOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The token's lifetime: 1 to 24 hours, both included, rounded up to whole minutes. `None`
    /// sends no `expiresInMinutes` and the service issues a 24-hour token. Anything outside the
    /// range fails locally with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput).
    pub expires_in: Option<Duration>,
}

/// Optional arguments of [`get_token`](crate::CommunicationIdentityClient::get_token).
///
/// ```
/// use std::time::Duration;
///
/// let options = acs_identity::options::CommunicationIdentityClientGetTokenOptions::default()
///     .with_expires_in(Duration::from_secs(90 * 60));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientGetTokenOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The token's lifetime: 1 to 24 hours, both included, rounded up to whole minutes. `None`
    /// sends no `expiresInMinutes` and the service issues a 24-hour token. Anything outside the
    /// range fails locally with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput).
    pub expires_in: Option<Duration>,
}

/// Optional arguments of
/// [`revoke_tokens`](crate::CommunicationIdentityClient::revoke_tokens). It has only the per-call
/// options; pass `None` for none.
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientRevokeTokensOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientRevokeTokensOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Optional arguments of [`delete_user`](crate::CommunicationIdentityClient::delete_user).
/// It has only the per-call options; pass `None` for none.
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientDeleteUserOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientDeleteUserOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Optional arguments of
/// [`get_token_for_teams_user`](crate::CommunicationIdentityClient::get_token_for_teams_user).
/// It has only the per-call options; pass `None` for none.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientGetTokenForTeamsUserOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientGetTokenForTeamsUserOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Optional arguments of
/// [`exchange_teams_extension_token`](crate::CommunicationIdentityClient::exchange_teams_extension_token).
/// It has only the per-call options; pass `None` for none.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientExchangeTeamsExtensionTokenOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientExchangeTeamsExtensionTokenOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Optional arguments of
/// [`get_teams_extension_assignment`](crate::CommunicationIdentityClient::get_teams_extension_assignment).
/// It has only the per-call options; pass `None` for none.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientGetTeamsExtensionAssignmentOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientGetTeamsExtensionAssignmentOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Optional arguments of
/// [`upsert_teams_extension_assignment`](crate::CommunicationIdentityClient::upsert_teams_extension_assignment).
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions::default()
///     .with_client_ids(vec!["00000000-0000-0000-0000-0000000000c1".to_owned()]);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The client (application) ids the assignment applies to. Empty (the default) sends no
    /// `clientIds`.
    pub client_ids: Vec<String>,
}

/// Optional arguments of
/// [`delete_teams_extension_assignment`](crate::CommunicationIdentityClient::delete_teams_extension_assignment).
/// It has only the per-call options; pass `None` for none.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientOptions {
    set with_api_version => api_version: IdentityApiVersion = acs_identity::options::IdentityApiVersion::V2025_06_30;
    set with_retry => retry: RetryOptions = acs_identity::RetryOptions::default().with_max_retries(5);
    some with_timeout => timeout: Duration = std::time::Duration::from_secs(10);
    some with_connect_timeout => connect_timeout: Duration = std::time::Duration::from_secs(3);
    some with_user_agent_suffix => user_agent_suffix: String = "my-app/1.0";
    some with_http_client => http_client: reqwest::Client = acs_identity::reqwest::Client::new();
    some with_clock => clock: Arc<dyn Clock> = std::sync::Arc::new(acs_auth::SystemClock) as std::sync::Arc<dyn acs_auth::Clock>;
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientCreateUserAndTokenOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some with_expires_in => expires_in: Duration = std::time::Duration::from_secs(3600);
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientGetTokenOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some with_expires_in => expires_in: Duration = std::time::Duration::from_secs(3600);
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    set with_client_ids => client_ids: Vec<String> = vec!["00000000-0000-0000-0000-000000000001".to_string()];
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientCreateUserOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientRevokeTokensOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientDeleteUserOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientGetTokenForTeamsUserOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientExchangeTeamsExtensionTokenOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientGetTeamsExtensionAssignmentOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_identity::options => CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions {
    set with_call => call: CallOptions = acs_identity::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
