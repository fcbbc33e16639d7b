//! The error type of this crate.
//!
//! No message produced here ever contains an access key, a token or a whole connection string:
//! variants carry only the name of the part that is wrong and a fixed reason.

use std::sync::Arc;

use chrono::{DateTime, Utc};

/// A boxed error, as returned by a token refresher.
///
/// ```
/// let error: acs_auth::BoxError = "token server said no".into();
/// assert_eq!(error.to_string(), "token server said no");
/// let error: acs_auth::BoxError = std::io::Error::other("unreachable").into();
/// assert!(error.downcast_ref::<std::io::Error>().is_some());
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A `Result` whose error defaults to [`Error`].
///
/// ```
/// fn parse(text: &str) -> acs_auth::Result<acs_auth::ConnectionString> {
///     text.parse()
/// }
/// assert!(matches!(parse(""), Err(acs_auth::Error::EmptyConnectionString)));
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in this crate.
///
/// The enum is `#[non_exhaustive]`: match the variants you handle and keep a `_` arm. It is
/// `Clone` because one failed token refresh is reported to every caller that waited for it.
///
/// ```
/// use acs_auth::{ConnectionString, Error};
///
/// let err = "endpoint=https://contoso.communication.azure.com/;accesskey=???"
///     .parse::<ConnectionString>()
///     .unwrap_err();
/// match &err {
///     Error::InvalidAccessKey { .. } => {}
///     other => panic!("unexpected error: {other}"),
/// }
/// assert!(!err.to_string().contains("???"));
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The connection string is empty or only whitespace.
    #[error("connection string is empty")]
    EmptyConnectionString,

    /// A `;`-separated segment of the connection string has no `=`.
    #[error("connection string segment {segment} is not a `key=value` pair")]
    MalformedConnectionString {
        /// The 1-based position of the offending segment.
        segment: usize,
    },

    /// A required key (`endpoint` or `accesskey`) is missing from the connection string.
    #[error("connection string has no `{key}`")]
    MissingConnectionStringKey {
        /// The missing key, lower-case.
        key: &'static str,
    },

    /// A key (`endpoint` or `accesskey`) occurs more than once in the connection string.
    #[error("connection string has more than one `{key}`")]
    DuplicateConnectionStringKey {
        /// The repeated key, lower-case.
        key: &'static str,
    },

    /// None of the environment variables that may hold a connection string is set.
    #[error(
        "no connection string in the environment: set ACS_CONNECTION_STRING or COMMUNICATION_SERVICES_CONNECTION_STRING"
    )]
    ConnectionStringNotInEnvironment,

    /// The endpoint is not an acceptable service URL.
    #[error("invalid endpoint: {reason}")]
    InvalidEndpoint {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// The access key is not a usable base64-encoded key.
    #[error("invalid access key: {reason}")]
    InvalidAccessKey {
        /// What is wrong with it (never the key itself).
        reason: &'static str,
    },

    /// A request URL cannot be signed.
    #[error("cannot sign request url: {reason}")]
    InvalidRequestUrl {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A user access token is not a JWT whose `exp` claim can be read.
    #[error("malformed access token: {reason}")]
    MalformedToken {
        /// What is wrong with it (never the token itself).
        reason: &'static str,
    },

    /// The token expired and the credential has no way to get a new one.
    #[error("access token expired at {expires_on}")]
    TokenExpired {
        /// When the token expired.
        expires_on: DateTime<Utc>,
    },

    /// The token refresher returned a token that had already expired.
    #[error("token refresher returned a token that expired at {expires_on}")]
    RefreshedTokenExpired {
        /// When the returned token expired.
        expires_on: DateTime<Utc>,
    },

    /// The token refresher failed (or panicked); the cause is the error's `source()`.
    #[error("token refresh failed")]
    RefreshFailed {
        /// The refresher's error.
        #[source]
        source: SharedError,
    },

    /// The token refresher did not finish within the credential's refresh timeout
    /// (`CommunicationTokenCredentialOptions::refresh_timeout`); the call was abandoned, and
    /// the next `get_token` starts a new one.
    #[error("token refresh did not finish within {timeout:?}")]
    RefreshTimedOut {
        /// The refresh timeout.
        timeout: std::time::Duration,
    },

    /// The service rejected the token, and the credential has no refresher to replace it.
    #[error("access token was rejected and the credential has no token refresher")]
    RefreshUnavailable,

    /// The credential was built without a token and without a refresher.
    #[error("a token credential needs a token, a token refresher, or both")]
    NoTokenSource,

    /// Proactive refreshing was requested outside a Tokio runtime.
    #[error("proactive token refresh needs to be set up inside a Tokio runtime")]
    NoRuntime,

    /// The credential was closed with `close()` and gives out no more tokens.
    #[error("the token credential has been closed")]
    Closed,

    /// Getting a Microsoft Entra ID token failed; the cause is the error's `source()`.
    #[error("getting a Microsoft Entra ID token failed")]
    EntraToken {
        /// The underlying credential's error.
        #[source]
        source: SharedError,
    },
}

/// A cause shared by every waiter of one refresh (cheap to clone). Its `source()` is the
/// original error itself, so callers can walk to it and downcast it (an `Arc<dyn Error>`
/// would hide it: its own `source()` skips the error it holds).
///
/// ```
/// use std::error::Error as _;
/// use acs_auth::SharedError;
///
/// let shared = SharedError::new(std::io::Error::other("connection reset"));
/// let copy = shared.clone();
/// assert_eq!(copy.to_string(), "connection reset");
/// let source = shared.source().unwrap();
/// assert!(source.downcast_ref::<std::io::Error>().is_some());
/// ```
#[derive(Clone)]
pub struct SharedError(Arc<dyn std::error::Error + Send + Sync + 'static>);

impl SharedError {
    /// Shares `error`.
    ///
    /// ```
    /// let shared = acs_auth::SharedError::new("refresher said no");
    /// assert_eq!(shared.to_string(), "refresher said no");
    /// ```
    pub fn new(error: impl Into<BoxError>) -> Self {
        Self(Arc::from(error.into()))
    }

    /// The shared error.
    ///
    /// ```
    /// let shared = acs_auth::SharedError::new(std::io::Error::other("timed out"));
    /// assert!(shared.get_ref().downcast_ref::<std::io::Error>().is_some());
    /// ```
    #[must_use]
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl std::fmt::Debug for SharedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for SharedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl std::error::Error for SharedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl Error {
    /// Wraps a refresher's error.
    pub(crate) fn refresh_failed(source: BoxError) -> Self {
        Self::RefreshFailed {
            source: SharedError::new(source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_lower_case_without_trailing_period() {
        let samples = [
            Error::EmptyConnectionString,
            Error::MalformedConnectionString { segment: 2 },
            Error::MissingConnectionStringKey { key: "endpoint" },
            Error::InvalidAccessKey {
                reason: "not base64",
            },
            Error::Closed,
            Error::refresh_failed("boom".into()),
        ];
        for error in samples {
            let text = error.to_string();
            assert!(
                text.chars().next().is_some_and(char::is_lowercase),
                "{text}"
            );
            assert!(!text.ends_with('.'), "{text}");
        }
    }

    #[test]
    fn refresh_failed_keeps_the_source_out_of_display() {
        let error = Error::refresh_failed("refresher said no".into());
        assert_eq!(error.to_string(), "token refresh failed");
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("refresher said no"));
    }

    #[test]
    fn is_send_sync_and_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
    }
}
