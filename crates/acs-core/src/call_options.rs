//! [`CallOptions`]: what every SDK method accepts for one call, whatever the service.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// Options of one call, the same on every method of every acs-rs client (the azure
/// `ClientMethodOptions` idea). Every method's options struct carries one as its `call` field.
///
/// - [`timeout`](Self::timeout) replaces the client's per-attempt timeout for this call. An
///   attempt is everything from getting the credential (a token refresher that hangs counts)
///   through reading the whole answer; every retry gets its own.
/// - [`headers`](Self::headers) are added to every attempt of the call. They cannot replace
///   what the pipeline sets for authentication (`Authorization`, `x-ms-date`,
///   `x-ms-content-sha256`), which is set after them; an `x-ms-client-request-id` given here is
///   used instead of a generated one.
///
/// Like every options struct of acs-rs it is `#[non_exhaustive]`: start from
/// [`Default`] and use the `with_*` setters (or assign the public fields of a `mut` value).
///
/// ```
/// use std::time::Duration;
/// use acs_core::CallOptions;
/// use acs_core::reqwest::header::{HeaderName, HeaderValue};
///
/// let call = CallOptions::default()
///     .with_timeout(Duration::from_secs(5))
///     .with_header(HeaderName::from_static("x-my-trace"), HeaderValue::from_static("abc"));
/// assert_eq!(call.timeout, Some(Duration::from_secs(5)));
///
/// let mut call = CallOptions::default();
/// call.timeout = Some(Duration::from_secs(2));
/// # let _ = call;
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// The longest one attempt of this call may take, instead of the client's timeout.
    pub timeout: Option<Duration>,
    /// Extra headers sent with every attempt of this call.
    pub headers: HeaderMap,
}

impl CallOptions {
    /// Sets [`timeout`](Self::timeout).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let call = acs_core::CallOptions::default().with_timeout(Duration::from_secs(5));
    /// assert_eq!(call.timeout, Some(Duration::from_secs(5)));
    /// ```
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds `name: value` to [`headers`](Self::headers) (replacing an earlier value of `name`).
    ///
    /// ```
    /// use acs_core::CallOptions;
    /// use acs_core::reqwest::header::{HeaderName, HeaderValue};
    ///
    /// let name = HeaderName::from_static("x-my-trace");
    /// let call = CallOptions::default()
    ///     .with_header(name.clone(), HeaderValue::from_static("first"))
    ///     .with_header(name, HeaderValue::from_static("second"));
    /// assert_eq!(call.headers.len(), 1);
    /// assert_eq!(call.headers["x-my-trace"], "second");
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }
}

impl fmt::Debug for CallOptions {
    /// Shows header names only: a header value may be a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field(
                "headers",
                &self
                    .headers
                    .keys()
                    .map(HeaderName::as_str)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}
