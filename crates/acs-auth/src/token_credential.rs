//! [`CommunicationTokenCredential`]: the user access token credential that chat requests use.

mod refresh;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use futures::FutureExt as _;
use futures::future::BoxFuture;
use tokio::sync::watch;
use tokio::task::AbortHandle;

use crate::access_token::{AccessToken, IntoAccessToken};
use crate::clock::{Clock, SystemClock};
use crate::error::{BoxError, Error, Result};
use crate::secret::Secret;

use refresh::{Core, Want};

/// On demand, a token is refreshed once less than this much of its lifetime remains: 2 minutes.
///
/// ```
/// use acs_auth::{ON_DEMAND_REFRESH_WINDOW, PROACTIVE_REFRESH_WINDOW};
///
/// assert_eq!(ON_DEMAND_REFRESH_WINDOW, chrono::TimeDelta::minutes(2));
/// assert!(ON_DEMAND_REFRESH_WINDOW < PROACTIVE_REFRESH_WINDOW);
/// ```
pub const ON_DEMAND_REFRESH_WINDOW: TimeDelta = TimeDelta::minutes(2);

/// With proactive refreshing, a token is refreshed this long before it expires: 10 minutes.
/// A token with less left is refreshed at half its remaining lifetime.
///
/// ```
/// assert_eq!(acs_auth::PROACTIVE_REFRESH_WINDOW, chrono::TimeDelta::minutes(10));
/// ```
pub const PROACTIVE_REFRESH_WINDOW: TimeDelta = TimeDelta::minutes(10);

/// The shortest wait between two proactive refreshes, so a refresher that keeps returning the
/// same soon-to-expire token cannot make the background task spin: 1 second.
///
/// ```
/// assert_eq!(acs_auth::MIN_PROACTIVE_REFRESH_DELAY, chrono::TimeDelta::seconds(1));
/// ```
pub const MIN_PROACTIVE_REFRESH_DELAY: TimeDelta = TimeDelta::seconds(1);

/// After a failed proactive refresh, the background task tries again after this long (or after
/// half the current token's remaining lifetime, when that is shorter): 30 seconds.
///
/// ```
/// assert_eq!(acs_auth::PROACTIVE_RETRY_DELAY, chrono::TimeDelta::seconds(30));
/// ```
pub const PROACTIVE_RETRY_DELAY: TimeDelta = TimeDelta::seconds(30);

/// How long a refresher call may take before it is abandoned with
/// [`Error::RefreshTimedOut`] (see [`CommunicationTokenCredentialOptions::refresh_timeout`]):
/// 30 seconds.
///
/// ```
/// assert_eq!(acs_auth::DEFAULT_REFRESH_TIMEOUT, std::time::Duration::from_secs(30));
/// ```
pub const DEFAULT_REFRESH_TIMEOUT: Duration = Duration::from_secs(30);

type RefreshFn = Arc<dyn Fn() -> BoxFuture<'static, Result<AccessToken>> + Send + Sync>;

enum InitialToken {
    Jwt(Secret),
    Token(AccessToken),
}

/// How to build a [`CommunicationTokenCredential`]: a token, a refresher, or both.
///
/// - A token alone makes a static credential: it gives out that token until it expires, then
///   fails with [`Error::TokenExpired`] (locally, before any request is sent).
/// - A refresher (an async function returning a new token) is called when no token is cached
///   or the cached one has less than [`ON_DEMAND_REFRESH_WINDOW`] left; the token, if given,
///   is used first.
/// - [`refresh_proactively`](Self::refresh_proactively) additionally refreshes in a background
///   task, [`PROACTIVE_REFRESH_WINDOW`] before expiry.
///
/// The refresher may return a JWT as a `String` (the expiry is read from it) or an
/// [`AccessToken`] (for opaque tokens), and fails with any boxed error.
///
/// ```
/// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error};
///
/// // Neither a token nor a refresher: nothing to give out.
/// let empty = CommunicationTokenCredentialOptions::default();
/// assert!(matches!(CommunicationTokenCredential::new(empty), Err(Error::NoTokenSource)));
///
/// // The token is redacted from `Debug`.
/// let options = CommunicationTokenCredentialOptions::default().token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.");
/// assert!(!format!("{options:?}").contains("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9."));
/// assert!(CommunicationTokenCredential::new(options).is_ok());
/// ```
pub struct CommunicationTokenCredentialOptions {
    token: Option<InitialToken>,
    refresher: Option<RefreshFn>,
    refresh_proactively: bool,
    refresh_timeout: Duration,
    clock: Arc<dyn Clock>,
}

impl Default for CommunicationTokenCredentialOptions {
    fn default() -> Self {
        Self {
            token: None,
            refresher: None,
            refresh_proactively: false,
            refresh_timeout: DEFAULT_REFRESH_TIMEOUT,
            clock: Arc::new(SystemClock),
        }
    }
}

impl CommunicationTokenCredentialOptions {
    /// Options with a refresher and nothing else set.
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let options = CommunicationTokenCredentialOptions::with_refresher(|| async {
    ///     Ok::<_, acs_auth::BoxError>(String::from("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9."))
    /// })
    /// .clock(clock);
    /// let credential = CommunicationTokenCredential::new(options)?;
    /// let token = futures::executor::block_on(credential.get_token())?;
    /// assert_eq!(token.expires_on, Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn with_refresher<F, Fut, T, E>(refresher: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<T, E>> + Send + 'static,
        T: IntoAccessToken,
        E: Into<BoxError>,
    {
        Self::default().refresher(refresher)
    }

    /// Sets the token refresher. Its error may be any `E: Into<BoxError>` (a `String`, an
    /// `std::io::Error`, your own error type, ...); it stays reachable as the `source()` of
    /// the client call's error.
    ///
    /// ```
    /// use std::error::Error as _;
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let options = CommunicationTokenCredentialOptions::default()
    ///     .refresher(|| async {
    ///         Err::<String, _>(std::io::Error::other("token server unreachable"))
    ///     })
    ///     .clock(clock);
    /// let credential = CommunicationTokenCredential::new(options)?;
    ///
    /// let err = futures::executor::block_on(credential.get_token()).unwrap_err();
    /// assert!(matches!(err, Error::RefreshFailed { .. }));
    /// assert!(err.source().unwrap().to_string().contains("token server unreachable"));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn refresher<F, Fut, T, E>(mut self, refresher: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<T, E>> + Send + 'static,
        T: IntoAccessToken,
        E: Into<BoxError>,
    {
        self.refresher = Some(Arc::new(move || {
            refresher()
                .map(|result| {
                    result
                        .map_err(|error| Error::refresh_failed(error.into()))
                        .and_then(IntoAccessToken::into_access_token)
                })
                .boxed()
        }));
        self
    }

    /// Sets the token (a JWT) used first: the whole credential when there is no refresher.
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let options = CommunicationTokenCredentialOptions::default().token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.").clock(clock);
    /// let credential = CommunicationTokenCredential::new(options)?;
    /// let token = futures::executor::block_on(credential.get_token())?;
    /// assert_eq!(token.token.expose_secret(), "eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(InitialToken::Jwt(token.into()));
        self
    }

    /// Sets the token used first, with an explicit expiry (for tokens that are not JWTs).
    ///
    /// ```
    /// use acs_auth::{AccessToken, CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error, ManualClock};
    /// use chrono::{TimeDelta, TimeZone, Utc};
    ///
    /// let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    /// let clock = ManualClock::new(start);
    /// let options = CommunicationTokenCredentialOptions::default()
    ///     .access_token(AccessToken::new("opaque", start + TimeDelta::hours(1)))
    ///     .clock(clock.clone());
    /// let credential = CommunicationTokenCredential::new(options)?;
    /// assert_eq!(futures::executor::block_on(credential.get_token())?.token.expose_secret(), "opaque");
    ///
    /// clock.advance(TimeDelta::hours(1));
    /// let expired = futures::executor::block_on(credential.get_token());
    /// assert!(matches!(expired, Err(Error::TokenExpired { .. })));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn access_token(mut self, token: AccessToken) -> Self {
        self.token = Some(InitialToken::Token(token));
        self
    }

    /// Whether to refresh in a background task ahead of expiry (default: no). Ignored without
    /// a refresher.
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error};
    ///
    /// let options = || {
    ///     CommunicationTokenCredentialOptions::with_refresher(|| async {
    ///         Ok::<_, acs_auth::BoxError>(String::from("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9."))
    ///     })
    ///     .refresh_proactively(true)
    /// };
    /// // The background task needs a Tokio runtime.
    /// assert!(matches!(CommunicationTokenCredential::new(options()), Err(Error::NoRuntime)));
    ///
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    /// let credential = runtime.block_on(async { CommunicationTokenCredential::new(options()) })?;
    /// assert!(credential.refreshes_proactively());
    /// credential.close();
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn refresh_proactively(mut self, refresh_proactively: bool) -> Self {
        self.refresh_proactively = refresh_proactively;
        self
    }

    /// How long one refresher call may take (default: [`DEFAULT_REFRESH_TIMEOUT`], measured on
    /// the credential's clock). A call that takes longer is abandoned: everyone waiting for it
    /// gets [`Error::RefreshTimedOut`], and the next [`get_token`] starts a new call, so a
    /// refresher that never returns cannot block the credential for good. A refresh that every
    /// waiter has given up on (their futures were dropped, e.g. by a timeout of their own) is
    /// not joined either: the next caller starts a new one at once.
    ///
    /// ```
    /// use std::time::Duration;
    /// use acs_auth::CommunicationTokenCredentialOptions;
    ///
    /// let options = CommunicationTokenCredentialOptions::with_refresher(|| async {
    ///     Ok::<_, acs_auth::BoxError>(String::from("<jwt>"))
    /// })
    /// .refresh_timeout(Duration::from_secs(10));
    /// assert!(format!("{options:?}").contains("10s"));
    /// ```
    ///
    /// [`get_token`]: CommunicationTokenCredential::get_token
    #[must_use]
    pub fn refresh_timeout(mut self, timeout: Duration) -> Self {
        self.refresh_timeout = timeout;
        self
    }

    /// The clock for expiry checks and background scheduling (default: [`SystemClock`]).
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// // The token expires at 2030-01-01; on this clock it already has.
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap());
    /// let options = CommunicationTokenCredentialOptions::default().token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.").clock(clock);
    /// let credential = CommunicationTokenCredential::new(options)?;
    /// let expired = futures::executor::block_on(credential.get_token());
    /// assert!(matches!(expired, Err(Error::TokenExpired { .. })));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }
}

impl fmt::Debug for CommunicationTokenCredentialOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommunicationTokenCredentialOptions")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("refresher", &self.refresher.is_some())
            .field("refresh_proactively", &self.refresh_proactively)
            .field("refresh_timeout", &self.refresh_timeout)
            .field("clock", &self.clock)
            .finish()
    }
}

/// A Communication Services user access token credential: gives out bearer tokens for chat,
/// refreshing them through a caller-supplied refresher.
///
/// - Clones share one cache (and one background task); it is `Send + Sync`.
/// - Concurrent callers that need a new token share a single refresher call.
/// - A cached token is returned without allocating.
/// - `Debug` never shows the token, and tokens are never logged.
/// - [`close`](Self::close), or dropping the last clone, stops the background task.
///
/// A static token:
///
/// ```
/// use acs_auth::CommunicationTokenCredential;
///
/// # futures::executor::block_on(async {
/// # let token_from_your_server = String::from("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.");
/// let credential = CommunicationTokenCredential::from_token(token_from_your_server)?;
/// let token = credential.get_token().await?;
/// // send `Authorization: Bearer {token.token.expose_secret()}`
/// assert_eq!(token.token.expose_secret(), "eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.");
/// assert!(!format!("{credential:?}").contains("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9."));
/// # Ok::<(), acs_auth::Error>(()) })?;
/// # Ok::<(), acs_auth::Error>(())
/// ```
///
/// A refresher, refreshing in the background too:
///
/// ```
/// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions};
///
/// async fn fetch_token_from_my_server() -> Result<String, acs_auth::BoxError> {
///     // e.g. an HTTP call to your own backend, which issues tokens with the identity client
///     Ok(String::from("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9."))
/// }
///
/// # let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
/// # runtime.block_on(async {
/// let credential = CommunicationTokenCredential::new(
///     CommunicationTokenCredentialOptions::with_refresher(fetch_token_from_my_server)
///         .refresh_proactively(true),
/// )?;
/// let token = credential.get_token().await?;
/// assert!(credential.refreshes_proactively());
/// credential.close();
/// # let _ = token;
/// # Ok::<(), acs_auth::Error>(()) })?;
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone)]
pub struct CommunicationTokenCredential {
    inner: Arc<Inner>,
}

struct Inner {
    core: Arc<Core>,
    background: Option<AbortHandle>,
    proactive: bool,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(task) = &self.background {
            task.abort();
        }
    }
}

impl CommunicationTokenCredential {
    /// A static credential: gives out `token` (a JWT) until it expires.
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, Error};
    ///
    /// let credential = CommunicationTokenCredential::from_token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")?;
    /// assert!(!credential.refreshes_proactively());
    /// assert!(matches!(
    ///     CommunicationTokenCredential::from_token("not-a-jwt"),
    ///     Err(Error::MalformedToken { .. })
    /// ));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::MalformedToken`] when the token's expiry cannot be read.
    pub fn from_token(token: impl Into<Secret>) -> Result<Self> {
        Self::new(CommunicationTokenCredentialOptions::default().token(token))
    }

    /// A credential built from `options`.
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error};
    ///
    /// let options = CommunicationTokenCredentialOptions::default().token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.");
    /// let credential = CommunicationTokenCredential::new(options)?;
    /// assert!(!credential.is_closed());
    ///
    /// let nothing = CommunicationTokenCredentialOptions::default();
    /// assert!(matches!(CommunicationTokenCredential::new(nothing), Err(Error::NoTokenSource)));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// - [`Error::MalformedToken`] when the initial token's expiry cannot be read;
    /// - [`Error::NoTokenSource`] when there is neither a token nor a refresher;
    /// - [`Error::NoRuntime`] when proactive refreshing is asked for outside a Tokio runtime.
    pub fn new(options: CommunicationTokenCredentialOptions) -> Result<Self> {
        let token = match options.token {
            Some(InitialToken::Jwt(jwt)) => Some(AccessToken::from_jwt(jwt)?),
            Some(InitialToken::Token(token)) => Some(token),
            None => None,
        };
        if token.is_none() && options.refresher.is_none() {
            return Err(Error::NoTokenSource);
        }
        let proactive = options.refresh_proactively && options.refresher.is_some();
        let (generations, generation_rx) = watch::channel(0);
        let core = Arc::new(Core::new(
            token,
            options.refresher,
            options.refresh_timeout,
            options.clock,
            generations,
        ));
        let background = if proactive {
            let runtime = tokio::runtime::Handle::try_current().map_err(|_| Error::NoRuntime)?;
            let task = runtime.spawn(refresh::run_background(Arc::clone(&core), generation_rx));
            Some(task.abort_handle())
        } else {
            None
        };
        Ok(Self {
            inner: Arc::new(Inner {
                core,
                background,
                proactive,
            }),
        })
    }

    /// A token valid for at least [`ON_DEMAND_REFRESH_WINDOW`] more (or, for a static
    /// credential, not yet expired), refreshing first when needed.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let calls = Arc::new(AtomicUsize::new(0));
    /// let counter = Arc::clone(&calls);
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let options = CommunicationTokenCredentialOptions::with_refresher(move || {
    ///     counter.fetch_add(1, Ordering::SeqCst);
    ///     async { Ok::<_, acs_auth::BoxError>(String::from("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")) }
    /// })
    /// .clock(clock);
    /// let credential = CommunicationTokenCredential::new(options)?;
    ///
    /// futures::executor::block_on(async {
    ///     let first = credential.get_token().await?;
    ///     let second = credential.get_token().await?; // cached: no second refresher call
    ///     assert_eq!(first, second);
    ///     Ok::<_, acs_auth::Error>(())
    /// })?;
    /// assert_eq!(calls.load(Ordering::SeqCst), 1);
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// - [`Error::TokenExpired`]: a static credential's token has expired;
    /// - [`Error::RefreshFailed`], [`Error::MalformedToken`], [`Error::RefreshedTokenExpired`]:
    ///   the refresh failed, or returned an unusable token (every caller that waited for that
    ///   refresh gets the same error; the next call tries again);
    /// - [`Error::RefreshTimedOut`]: the refresher did not answer within the refresh timeout;
    /// - [`Error::Closed`]: the credential has been closed.
    pub async fn get_token(&self) -> Result<AccessToken> {
        if let Some(token) = self.inner.core.fresh() {
            return Ok(token);
        }
        self.inner.core.token(Want::Fresh).await
    }

    /// A replacement for `rejected`, a token the service has just answered 401 to.
    ///
    /// Refreshes only when the cached token is still the rejected one (or is about to
    /// expire); when another caller has already replaced it, returns the replacement. Like
    /// [`get_token`](Self::get_token), concurrent callers share one refresh.
    ///
    /// # Errors
    ///
    /// [`Error::RefreshUnavailable`] for a static credential, otherwise as for
    /// [`get_token`](Self::get_token).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let calls = Arc::new(AtomicUsize::new(0));
    /// let counter = Arc::clone(&calls);
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let options = CommunicationTokenCredentialOptions::with_refresher(move || {
    ///     counter.fetch_add(1, Ordering::SeqCst);
    ///     async { Ok::<_, acs_auth::BoxError>(String::from("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")) }
    /// })
    /// .clock(clock);
    /// let credential = CommunicationTokenCredential::new(options)?;
    ///
    /// futures::executor::block_on(async {
    ///     let rejected = credential.get_token().await?;
    ///     let _replacement = credential.refresh_after_unauthorized(&rejected).await?;
    ///     assert_eq!(calls.load(Ordering::SeqCst), 2); // the rejected token was refreshed
    ///
    ///     // A static credential cannot replace its token.
    ///     let fixed = CommunicationTokenCredential::from_token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")?;
    ///     let token = fixed.get_token().await?;
    ///     assert!(matches!(
    ///         fixed.refresh_after_unauthorized(&token).await,
    ///         Err(Error::RefreshUnavailable)
    ///     ));
    ///     Ok::<_, acs_auth::Error>(())
    /// })?;
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub async fn refresh_after_unauthorized(&self, rejected: &AccessToken) -> Result<AccessToken> {
        self.inner.core.token(Want::Replacing(rejected)).await
    }

    /// Closes the credential: stops the background task, drops the cached token, and makes
    /// every later call (on any clone) fail with [`Error::Closed`]. Idempotent.
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, Error};
    ///
    /// let credential = CommunicationTokenCredential::from_token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")?;
    /// let clone = credential.clone();
    /// credential.close();
    /// credential.close();
    /// assert!(matches!(futures::executor::block_on(clone.get_token()), Err(Error::Closed)));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn close(&self) {
        self.inner.core.close();
        if let Some(task) = &self.inner.background {
            task.abort();
        }
    }

    /// Whether [`close`](Self::close) has been called.
    ///
    /// ```
    /// let credential = acs_auth::CommunicationTokenCredential::from_token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")?;
    /// assert!(!credential.is_closed());
    /// credential.close();
    /// assert!(credential.is_closed());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn is_closed(&self) -> bool {
        self.inner.core.is_closed()
    }

    /// Whether a background task refreshes the token ahead of expiry.
    ///
    /// ```
    /// use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions};
    ///
    /// // Proactive refreshing is ignored without a refresher.
    /// let options = CommunicationTokenCredentialOptions::default()
    ///     .token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")
    ///     .refresh_proactively(true);
    /// assert!(!CommunicationTokenCredential::new(options)?.refreshes_proactively());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn refreshes_proactively(&self) -> bool {
        self.inner.proactive
    }
}

impl fmt::Debug for CommunicationTokenCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let core = &self.inner.core;
        f.debug_struct("CommunicationTokenCredential")
            .field("expires_on", &core.expires_on())
            .field("refresher", &core.has_refresher())
            .field("refresh_proactively", &self.inner.proactive)
            .field("closed", &core.is_closed())
            .finish()
    }
}
