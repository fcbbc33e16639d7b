//! Options of the client ([`CommunicationIdentityClientOptions`]) and of each method
//! (`CommunicationIdentityClient{Method}Options`).
//!
//! Every options type implements [`Default`]; pass `None` for the defaults, or set the fields
//! you need and take the rest from `..Default::default()`:
//!
//! ```
//! use std::time::Duration;
//!
//! use acs_identity::options::CommunicationIdentityClientGetTokenOptions;
//!
//! let options = CommunicationIdentityClientGetTokenOptions {
//!     expires_in: Some(Duration::from_secs(2 * 60 * 60)),
//!     ..Default::default()
//! };
//! # let _ = options;
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::Clock;
use acs_core::RetryOptions;

/// The api-version the client calls by default: `2026-09-23`, the version this crate's wire
/// types were generated from.
///
/// ```
/// use acs_identity::CommunicationIdentityClientOptions;
/// use acs_identity::options::DEFAULT_API_VERSION;
///
/// assert_eq!(DEFAULT_API_VERSION, "2026-09-23");
/// assert_eq!(CommunicationIdentityClientOptions::default().api_version, DEFAULT_API_VERSION);
/// ```
pub const DEFAULT_API_VERSION: &str = acs_identity_rest::API_VERSION;

/// The previous stable api-version, `2023-10-01` (the default of the other ACS SDKs). It has
/// the five core operations (users, tokens, Teams user exchange) with the same wire format, and
/// none of the Teams Phone extension operations.
///
/// ```
/// use acs_identity::CommunicationIdentityClientOptions;
/// use acs_identity::options::API_VERSION_2023_10_01;
///
/// let options = CommunicationIdentityClientOptions {
///     api_version: API_VERSION_2023_10_01.to_owned(),
///     ..Default::default()
/// };
/// # let _ = options;
/// ```
pub const API_VERSION_2023_10_01: &str = "2023-10-01";

/// The first api-version with the Teams Phone extension operations.
pub(crate) const TEAMS_EXTENSION_MIN_API_VERSION: &str = "2025-06-30";

/// The default per-attempt timeout: 100 seconds.
///
/// ```
/// use acs_identity::CommunicationIdentityClientOptions;
/// use acs_identity::options::DEFAULT_TIMEOUT;
///
/// assert_eq!(CommunicationIdentityClientOptions::default().timeout, Some(DEFAULT_TIMEOUT));
/// ```
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

/// The default connect timeout of the built-in HTTP client: 10 seconds.
///
/// ```
/// use acs_identity::CommunicationIdentityClientOptions;
/// use acs_identity::options::DEFAULT_CONNECT_TIMEOUT;
///
/// let options = CommunicationIdentityClientOptions::default();
/// assert_eq!(options.connect_timeout, Some(DEFAULT_CONNECT_TIMEOUT));
/// ```
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Options of a [`CommunicationIdentityClient`](crate::CommunicationIdentityClient).
///
/// ```
/// use std::time::Duration;
///
/// use acs_identity::{CommunicationIdentityClientOptions, RetryOptions};
///
/// let options = CommunicationIdentityClientOptions {
///     api_version: "2023-10-01".to_owned(),
///     retry: RetryOptions { max_retries: 5, ..Default::default() },
///     timeout: Some(Duration::from_secs(30)),
///     user_agent_suffix: Some("my-app/1.2".to_owned()),
///     ..Default::default()
/// };
/// assert_eq!(options.connect_timeout, Some(Duration::from_secs(10)));
/// ```
#[derive(Clone)]
pub struct CommunicationIdentityClientOptions {
    /// The api-version to call (default [`DEFAULT_API_VERSION`], `2026-09-23`).
    /// [`API_VERSION_2023_10_01`] works for every operation except the Teams Phone extension
    /// ones, which need `2025-06-30` or later and fail locally with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) on older versions.
    pub api_version: String,
    /// When and how often failed attempts are retried (see [`RetryOptions`]). Creating a user
    /// is not idempotent, so it is retried only when the service cannot have acted on it (a
    /// refused connection, or 429/503 with a retry-after header); every other identity
    /// operation is safe to repeat.
    pub retry: RetryOptions,
    /// How long one attempt may take before it fails with
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) (default [`DEFAULT_TIMEOUT`]); every
    /// retry gets its own. `None` waits indefinitely.
    pub timeout: Option<Duration>,
    /// How long connecting may take (default [`DEFAULT_CONNECT_TIMEOUT`]). Applies to the
    /// built-in HTTP client only, not to an [`http_client`](Self::http_client) you pass.
    pub connect_timeout: Option<Duration>,
    /// Appended to the `User-Agent` (`azsdk-rust-communication-identity/<version> (<os>;
    /// <arch>) <suffix>`), e.g. your application's name and version.
    pub user_agent_suffix: Option<String>,
    /// The escape hatch: a `reqwest` client of your own (proxies, TLS roots, connection pool
    /// settings). This is the only place where `reqwest` appears in the public API; without it
    /// the client builds one with [`connect_timeout`](Self::connect_timeout).
    pub http_client: Option<reqwest::Client>,
    /// The clock for the HMAC `x-ms-date` and for the waits between retries (default: the
    /// system clock). Tests pass an [`acs_auth::ManualClock`] to pin signatures and to decide
    /// when a retry wait ends.
    pub clock: Option<Arc<dyn Clock>>,
}

impl Default for CommunicationIdentityClientOptions {
    fn default() -> Self {
        Self {
            api_version: DEFAULT_API_VERSION.to_owned(),
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
/// [`create_user`](crate::CommunicationIdentityClient::create_user). It has none yet; pass
/// `None`.
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientCreateUserOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientCreateUserOptions {}

/// Optional arguments of
/// [`create_user_and_token`](crate::CommunicationIdentityClient::create_user_and_token).
///
/// ```
/// use std::time::Duration;
///
/// let options = acs_identity::options::CommunicationIdentityClientCreateUserAndTokenOptions {
///     expires_in: Some(Duration::from_secs(60 * 60)),
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommunicationIdentityClientCreateUserAndTokenOptions {
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
/// let options = acs_identity::options::CommunicationIdentityClientGetTokenOptions {
///     expires_in: Some(Duration::from_secs(90 * 60)),
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommunicationIdentityClientGetTokenOptions {
    /// The token's lifetime: 1 to 24 hours, both included, rounded up to whole minutes. `None`
    /// sends no `expiresInMinutes` and the service issues a 24-hour token. Anything outside the
    /// range fails locally with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput).
    pub expires_in: Option<Duration>,
}

/// Optional arguments of
/// [`revoke_tokens`](crate::CommunicationIdentityClient::revoke_tokens). It has none yet;
/// pass `None`.
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientRevokeTokensOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientRevokeTokensOptions {}

/// Optional arguments of [`delete_user`](crate::CommunicationIdentityClient::delete_user).
/// It has none yet; pass `None`.
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientDeleteUserOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientDeleteUserOptions {}

/// Optional arguments of
/// [`get_token_for_teams_user`](crate::CommunicationIdentityClient::get_token_for_teams_user).
/// It has none yet; pass `None`.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientGetTokenForTeamsUserOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientGetTokenForTeamsUserOptions {}

/// Optional arguments of
/// [`exchange_teams_extension_token`](crate::CommunicationIdentityClient::exchange_teams_extension_token).
/// It has none yet; pass `None`.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientExchangeTeamsExtensionTokenOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientExchangeTeamsExtensionTokenOptions {}

/// Optional arguments of
/// [`get_teams_extension_assignment`](crate::CommunicationIdentityClient::get_teams_extension_assignment).
/// It has none yet; pass `None`.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientGetTeamsExtensionAssignmentOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientGetTeamsExtensionAssignmentOptions {}

/// Optional arguments of
/// [`upsert_teams_extension_assignment`](crate::CommunicationIdentityClient::upsert_teams_extension_assignment).
///
/// ```
/// let options = acs_identity::options::CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions {
///     client_ids: vec!["00000000-0000-0000-0000-0000000000c1".to_owned()],
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions {
    /// The client (application) ids the assignment applies to. Empty (the default) sends no
    /// `clientIds`.
    pub client_ids: Vec<String>,
}

/// Optional arguments of
/// [`delete_teams_extension_assignment`](crate::CommunicationIdentityClient::delete_teams_extension_assignment).
/// It has none yet; pass `None`.
///
/// ```
/// let options =
///     acs_identity::options::CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions::default();
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions {}
