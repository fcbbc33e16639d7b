//! The request pipeline the generated REST clients delegate to.

use std::sync::Arc;
use std::time::Duration;

use acs_auth::{Clock, SystemClock};
use chrono::TimeDelta;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use tracing::Instrument as _;

use crate::credential_scope::{CredentialScope, Credentials};
use crate::retry::{self, Attempt, RetryOptions};
use crate::{AuthPolicy, Result, error_body};

/// The header carrying the client's id of a logical request (the same on every retry).
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");
/// The header that makes a `POST` safe to repeat.
const REPEATABILITY_REQUEST_ID: &str = "repeatability-request-id";

/// The shared HTTP pipeline of a client: authentication, request ids, user agent, timeouts,
/// retries and error-body normalization. One per client; cheap to clone.
///
/// ```
/// use std::time::Duration;
///
/// let pipeline = acs_core::Pipeline::builder()
///     .user_agent(acs_core::user_agent("communication-identity", "0.1.0", None))
///     .timeout(Duration::from_secs(30))
///     .idempotent_operations(["identity_operations_revoke_access_tokens"])
///     .build();
/// assert!(format!("{pipeline:?}").starts_with("Pipeline"));
/// ```
#[derive(Clone)]
pub struct Pipeline {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    auth: Option<Arc<dyn AuthPolicy>>,
    retry: RetryOptions,
    clock: Arc<dyn Clock>,
    user_agent: Option<HeaderValue>,
    timeout: Option<Duration>,
    idempotent_operations: Vec<String>,
    /// Where the credentials may go (see [`PipelineBuilder::endpoint`]).
    scope: CredentialScope,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Pipeline`].
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    http: Option<reqwest::Client>,
    auth: Option<Arc<dyn AuthPolicy>>,
    retry: RetryOptions,
    clock: Option<Arc<dyn Clock>>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    idempotent_operations: Vec<String>,
    endpoint: Option<reqwest::Url>,
    follow_links_to_other_origins: bool,
}

impl PipelineBuilder {
    /// Confines the credentials to the origin (scheme, host and port) of `endpoint`: a request
    /// elsewhere, such as a `nextLink` on another host or port, never gets the bearer token or
    /// the HMAC signature. It is refused with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), or sent without
    /// credentials when [`follow_links_to_other_origins`](Self::follow_links_to_other_origins)
    /// allows it. One exception: for an endpoint in a Communication Services DNS zone
    /// (`*.communication.azure.com`, ...), `https` links to other hosts of the same zone (the
    /// service's regional `nextLink`s) are the service's too. Without an endpoint, every
    /// request is authenticated.
    ///
    /// ```
    /// let endpoint = reqwest::Url::parse("https://contoso.communication.azure.com").unwrap();
    /// let pipeline = acs_core::Pipeline::builder().endpoint(endpoint).build();
    /// # let _ = pipeline;
    /// ```
    #[must_use]
    pub fn endpoint(mut self, endpoint: reqwest::Url) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// Sends requests to origins other than the [`endpoint`](Self::endpoint)'s, without any
    /// credentials, instead of refusing them (default: refuse).
    #[must_use]
    pub fn follow_links_to_other_origins(mut self, follow: bool) -> Self {
        self.follow_links_to_other_origins = follow;
        self
    }

    /// Sends with `client` instead of a default one.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Authenticates every attempt with `auth`.
    #[must_use]
    pub fn auth(mut self, auth: Arc<dyn AuthPolicy>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Retries as `retry` says (default: [`RetryOptions::default`]).
    #[must_use]
    pub fn retry(mut self, retry: RetryOptions) -> Self {
        self.retry = retry;
        self
    }

    /// Waits between retries on `clock` (default: the system clock), so tests can drive the
    /// waits with `acs_auth::ManualClock`.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Sends `user_agent` as the `User-Agent` (see [`crate::user_agent`]).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Gives up on an attempt after `timeout` (each retry has its own).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Marks `POST` operations (by their generated method name) that are safe to send twice,
    /// so they are retried like `GET`s.
    #[must_use]
    pub fn idempotent_operations<I, S>(mut self, operations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.idempotent_operations
            .extend(operations.into_iter().map(Into::into));
        self
    }

    /// Builds the pipeline.
    #[must_use]
    pub fn build(self) -> Pipeline {
        Pipeline {
            inner: Arc::new(Inner {
                http: self.http.unwrap_or_default(),
                auth: self.auth,
                retry: self.retry,
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                user_agent: self
                    .user_agent
                    .and_then(|agent| HeaderValue::from_str(&agent).ok()),
                timeout: self.timeout,
                idempotent_operations: self.idempotent_operations,
                scope: CredentialScope::new(
                    self.endpoint.as_ref(),
                    self.follow_links_to_other_origins,
                ),
            }),
        }
    }
}

impl Pipeline {
    /// Starts building a pipeline.
    #[must_use]
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The HTTP client the pipeline sends with.
    #[must_use]
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Prepares a request built by a generated client, once per operation call: sets
    /// `x-ms-client-request-id` (a UUID v4, kept across retries) and `User-Agent`, and
    /// authenticates it, so a credential that cannot produce a token fails here, before
    /// anything is sent. A request outside the endpoint's origin is not authenticated (see
    /// [`PipelineBuilder::endpoint`]).
    ///
    /// # Errors
    ///
    /// The [`AuthPolicy`]'s error;
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a request to another
    /// origin than the endpoint's, unless the pipeline follows those.
    pub async fn prepare(&self, request: &mut reqwest::Request, _operation_id: &str) -> Result<()> {
        let headers = request.headers_mut();
        if !headers.contains_key(CLIENT_REQUEST_ID) {
            let id = uuid::Uuid::new_v4().to_string();
            if let Ok(value) = HeaderValue::from_str(&id) {
                headers.insert(CLIENT_REQUEST_ID, value);
            }
        }
        if let Some(agent) = &self.inner.user_agent {
            headers.insert(USER_AGENT, agent.clone());
        }
        if let Some(auth) = &self.inner.auth
            && self.inner.scope.credentials_for(request.url())? == Credentials::Send
        {
            auth.authorize(request).await?;
        }
        Ok(())
    }

    /// Sends a request that [`Pipeline::prepare`] has prepared, retrying as the
    /// [`RetryOptions`] say and re-authenticating every retry. An error answer's body is
    /// rewritten into the documented `{"error":{"code","message"}}` shape, whatever shape the
    /// service used.
    ///
    /// # Errors
    ///
    /// The transport error of the last attempt.
    pub async fn execute(
        &self,
        request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let span = tracing::debug_span!(
            "acs_request",
            operation = operation_id,
            method = %request.method(),
            path = request.url().path(),
        );
        self.send_with_retries(request, operation_id)
            .instrument(span)
            .await
    }

    async fn send_with_retries(
        &self,
        mut request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let idempotent = self.is_idempotent(&request, operation_id);
        let mut retries = 0;
        let mut refreshed_after_401 = false;
        let mut reauthorize = false;
        loop {
            let spare = request.try_clone();
            if reauthorize {
                self.reauthorize(&mut request).await;
            }
            if let Some(timeout) = self.inner.timeout {
                *request.timeout_mut() = Some(timeout);
            }
            let result = self.inner.http.execute(request).await;
            tracing::debug!(
                retry = retries,
                status = result.as_ref().ok().map(|r| r.status().as_u16()),
                error = result.as_ref().err().map(tracing::field::display),
                "attempt finished"
            );
            if let (Ok(response), Some(auth), Some(next)) = (&result, &self.inner.auth, &spare)
                && response.status() == StatusCode::UNAUTHORIZED
                && !refreshed_after_401
                && self.inner.scope.admits(next.url())
                && auth.on_unauthorized(next).await
                && let Some(next) = spare
            {
                refreshed_after_401 = true;
                reauthorize = true;
                request = next;
                continue;
            }
            let delay = {
                let attempt = match &result {
                    Ok(response) => Attempt::Answered(response.status(), response.headers()),
                    Err(error) => Attempt::Failed {
                        connect: error.is_connect(),
                    },
                };
                retry::next_delay(
                    &self.inner.retry,
                    retries,
                    idempotent,
                    &attempt,
                    self.inner.clock.now(),
                    rand::random::<f64>(),
                )
            };
            match (delay, spare) {
                (Some(delay), Some(next)) => {
                    tracing::debug!(?delay, "retrying");
                    drop(result);
                    self.sleep(delay).await;
                    request = next;
                    retries += 1;
                    reauthorize = true;
                }
                _ => return normalize_error_body(result?).await,
            }
        }
    }

    /// GETs `url` through the whole pipeline (request ids, authentication, retries) and decodes
    /// the JSON answer, for URLs the generated clients cannot call, such as an absolute
    /// `nextLink`. A URL outside the endpoint's origin is refused, or fetched without
    /// credentials (see [`PipelineBuilder::endpoint`]).
    ///
    /// # Errors
    ///
    /// A service error for an error status, [`ErrorKind::Decode`](crate::ErrorKind::Decode)
    /// for a body that is not a `T` (naming the operation, the JSON path of the field, the
    /// status and the request id), otherwise the transport or credential error.
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: reqwest::Url,
        operation_id: &str,
    ) -> Result<T> {
        let page = self.get_bytes(url, operation_id).await?;
        crate::from_slice(&page.value).map_err(|error| {
            crate::decode_error(operation_id, "", page.status, &page.headers, error, true)
        })
    }

    /// GETs `url` like [`get_json`](Self::get_json) but returns the body undecoded, with the
    /// status and headers of the answer (to decode it piece by piece, as a list page whose
    /// items fail one by one).
    ///
    /// # Errors
    ///
    /// A service error for an error status, otherwise the transport or credential error.
    pub async fn get_bytes(
        &self,
        url: reqwest::Url,
        operation_id: &str,
    ) -> Result<crate::Decoded<bytes::Bytes>> {
        let mut request = reqwest::Request::new(Method::GET, url);
        request.headers_mut().insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        self.prepare(&mut request, operation_id).await?;
        let response = self
            .execute(request, operation_id)
            .await
            .map_err(crate::rest_error::transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(crate::rest_error::transport)?;
        if !status.is_success() {
            return Err(crate::rest_error::from_error_body(status, &headers, &body));
        }
        Ok(crate::Decoded {
            value: body,
            status,
            headers,
        })
    }

    /// Whether sending `request` twice is harmless.
    fn is_idempotent(&self, request: &reqwest::Request, operation_id: &str) -> bool {
        *request.method() != Method::POST
            || request.headers().contains_key(REPEATABILITY_REQUEST_ID)
            || self
                .inner
                .idempotent_operations
                .iter()
                .any(|operation| operation == operation_id)
    }

    /// Authenticates a retry; when that fails the previous attempt's headers are kept.
    async fn reauthorize(&self, request: &mut reqwest::Request) {
        if let Some(auth) = &self.inner.auth
            && self.inner.scope.admits(request.url())
            && let Err(error) = auth.authorize(request).await
        {
            tracing::warn!(%error, "re-authenticating a retry failed; resending as before");
        }
    }

    async fn sleep(&self, delay: Duration) {
        let clock = &self.inner.clock;
        let delay = TimeDelta::from_std(delay).unwrap_or(TimeDelta::MAX);
        let deadline = clock
            .now()
            .checked_add_signed(delay)
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC);
        clock.sleep_until(deadline).await;
    }
}

/// Rewrites the body of an error answer into the documented shape (see [`error_body`]).
async fn normalize_error_body(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    let version = response.version();
    let mut headers = response.headers().clone();
    let body = response.bytes().await?;
    let normalized = error_body::normalize(status, &body);
    headers.remove(CONTENT_LENGTH);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut rebuilt = http::Response::new(normalized);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}
