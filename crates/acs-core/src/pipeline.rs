//! The request pipeline the generated REST clients delegate to.

use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;
use std::time::Duration;

use acs_auth::{Clock, SystemClock};
use chrono::{DateTime, TimeDelta, Utc};
use reqwest::header::{
    CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use reqwest::{Method, StatusCode};
use tracing::Instrument as _;

use crate::credential_scope::{CredentialScope, Credentials};
use crate::retry::{self, Attempt, RetryOptions};
use crate::{AuthPolicy, CallOptions, Error, ErrorKind, Response, Result, error_body};

/// The header carrying the client's id of a logical request (the same on every retry).
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");
/// The header that makes a `POST` safe to repeat.
const REPEATABILITY_REQUEST_ID: HeaderName = HeaderName::from_static("repeatability-request-id");
/// The header of a long-running operation's id, which makes a `POST` safe to repeat too.
const OPERATION_ID: HeaderName = HeaderName::from_static("operation-id");
/// The header asking the service to echo `x-ms-client-request-id`.
const RETURN_CLIENT_REQUEST_ID: HeaderName =
    HeaderName::from_static("x-ms-return-client-request-id");

/// The shared HTTP pipeline of a client: authentication, request ids, user agent, timeouts,
/// retries, reading the answer and error-body normalization. One per client; cheap to clone.
///
/// # One call
///
/// An SDK method makes a per-call clone with [`Pipeline::for_call`] (its tracing span and its
/// [`CallOptions`]), builds the generated client on it
/// (`Client::new_with_client(base_url, call.http_client().clone(), call.clone())`), and turns
/// the generated result into a [`Response`] or an [`Error`] with [`Pipeline::finish`]. The
/// per-call clone keeps what the generated client cannot carry: the real error of a credential
/// or of an unreadable answer (with its `source()` chain, where the generated error type only
/// holds text), the `x-ms-client-request-id` that was sent, and the span it fills in.
///
/// # Attempts
///
/// One attempt is: authenticate (get a token, sign), send, and read the whole answer, all
/// within the attempt timeout ([`CallOptions::timeout`], else the client's). An answer whose
/// body cannot be read is retried like a lost connection when the request is idempotent, and
/// otherwise fails with [`ErrorKind::OutcomeUnknown`]. Certificate and DNS failures are never
/// retried.
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
    call: Option<Arc<CallContext>>,
}

/// What one call of an SDK method keeps while the generated client runs it.
struct CallContext {
    span: tracing::Span,
    timeout: Option<Duration>,
    headers: HeaderMap,
    started: DateTime<Utc>,
    state: Mutex<CallState>,
}

#[derive(Default)]
struct CallState {
    /// The real error behind the text a generated client carries.
    error: Option<Error>,
    client_request_id: Option<String>,
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
    /// The endpoint, parsed once, when it is an origin alone (`https://host[:port]/`; see
    /// [`Pipeline::request_url`]).
    origin: Option<reqwest::Url>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("per_call", &self.call.is_some())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Pipeline`].
///
/// ```
/// use std::time::Duration;
///
/// let builder: acs_core::PipelineBuilder = acs_core::Pipeline::builder().timeout(Duration::from_secs(5));
/// let pipeline = builder.build();
/// assert!(format!("{pipeline:?}").contains("timeout: Some(5s)"));
/// ```
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
    ///
    /// ```
    /// use std::sync::Arc;
    /// use acs_core::{ErrorKind, Pipeline, StaticBearerAuthPolicy};
    ///
    /// let endpoint = reqwest::Url::parse("https://contoso.communication.azure.com").unwrap();
    /// let elsewhere = reqwest::Url::parse("https://example.com/next?page=2").unwrap();
    /// let builder = || {
    ///     Pipeline::builder()
    ///         .endpoint(endpoint.clone())
    ///         .auth(Arc::new(StaticBearerAuthPolicy::new("token")))
    /// };
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    ///
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, elsewhere.clone());
    /// let refused = runtime.block_on(builder().build().prepare(&mut request, "list_things"));
    /// assert_eq!(refused.unwrap_err().kind(), &ErrorKind::InvalidInput);
    ///
    /// let following = builder().follow_links_to_other_origins(true).build();
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, elsewhere);
    /// runtime.block_on(following.prepare(&mut request, "list_things")).expect("allowed");
    /// assert!(request.headers().get("authorization").is_none()); // sent without credentials
    /// ```
    #[must_use]
    pub fn follow_links_to_other_origins(mut self, follow: bool) -> Self {
        self.follow_links_to_other_origins = follow;
        self
    }

    /// Sends with `client` instead of a default one.
    ///
    /// ```
    /// let http = acs_core::default_http_client(None)?;
    /// let pipeline = acs_core::Pipeline::builder().http_client(http).build();
    /// # let _ = pipeline.http_client();
    /// # Ok::<(), acs_core::Error>(())
    /// ```
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Authenticates every attempt with `auth`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use acs_core::{Pipeline, StaticBearerAuthPolicy};
    ///
    /// let pipeline = Pipeline::builder().auth(Arc::new(StaticBearerAuthPolicy::new("token"))).build();
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1:1/".parse().unwrap());
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    /// runtime.block_on(pipeline.prepare(&mut request, "get_thing")).expect("authorized");
    /// assert_eq!(request.headers()["authorization"], "Bearer token");
    /// ```
    #[must_use]
    pub fn auth(mut self, auth: Arc<dyn AuthPolicy>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Retries as `retry` says (default: [`RetryOptions::default`]).
    ///
    /// ```
    /// let mut retry = acs_core::RetryOptions::default();
    /// retry.max_retries = 0;
    /// let pipeline = acs_core::Pipeline::builder().retry(retry).build();
    /// assert!(format!("{pipeline:?}").contains("max_retries: 0"));
    /// ```
    #[must_use]
    pub fn retry(mut self, retry: RetryOptions) -> Self {
        self.retry = retry;
        self
    }

    /// Waits between retries on `clock` (default: the system clock), so tests can drive the
    /// waits with `acs_auth::ManualClock`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use acs_auth::ManualClock;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let pipeline = acs_core::Pipeline::builder().clock(Arc::new(clock.clone())).build();
    /// # let _ = pipeline;
    /// assert_eq!(clock.pending_sleepers(), 0); // nothing waits until a retry does
    /// ```
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Sends `user_agent` as the `User-Agent` (see [`crate::user_agent`]).
    ///
    /// ```
    /// let pipeline = acs_core::Pipeline::builder().user_agent("my-app/1.0").build();
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1:1/".parse().unwrap());
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    /// runtime.block_on(pipeline.prepare(&mut request, "get_thing")).expect("prepared");
    /// assert_eq!(request.headers()["user-agent"], "my-app/1.0");
    /// ```
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Gives up on an attempt after `timeout` (each retry has its own). The attempt includes
    /// getting the credential and reading the whole answer.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let pipeline = acs_core::Pipeline::builder().timeout(Duration::from_secs(10)).build();
    /// assert!(format!("{pipeline:?}").contains("timeout: Some(10s)"));
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Marks `POST` operations (by their generated method name) that are safe to send twice,
    /// so they are retried like `GET`s.
    ///
    /// ```
    /// let pipeline = acs_core::Pipeline::builder()
    ///     .idempotent_operations(["identity_operations_revoke_access_tokens"])
    ///     .idempotent_operations(vec![String::from("chat_thread_update_chat_thread_properties")])
    ///     .build();
    /// # let _ = pipeline;
    /// ```
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
    ///
    /// ```
    /// let pipeline = acs_core::Pipeline::builder().build();
    /// assert!(format!("{pipeline:?}").contains("auth: None"));
    /// ```
    #[must_use]
    pub fn build(self) -> Pipeline {
        Pipeline {
            inner: Arc::new(Inner {
                http: self
                    .http
                    .unwrap_or_else(|| crate::default_http_client(None).unwrap_or_default()),
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
                origin: self.endpoint.filter(|endpoint| {
                    endpoint.path() == "/"
                        && endpoint.query().is_none()
                        && endpoint.fragment().is_none()
                        && endpoint.username().is_empty()
                        && endpoint.password().is_none()
                }),
            }),
            call: None,
        }
    }
}

impl Pipeline {
    /// Starts building a pipeline.
    ///
    /// ```
    /// let pipeline = acs_core::Pipeline::builder().build();
    /// assert!(format!("{pipeline:?}").contains("per_call: false"));
    /// ```
    #[must_use]
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The HTTP client the pipeline sends with.
    ///
    /// ```
    /// let pipeline = acs_core::Pipeline::builder().build();
    /// let request = pipeline.http_client().get("http://127.0.0.1:1/").build().unwrap();
    /// assert_eq!(request.method(), reqwest::Method::GET);
    /// ```
    #[must_use]
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// A clone of this pipeline for one call of an SDK method: requests sent through it are
    /// recorded in `span` (see [`method_span!`](crate::method_span)), take their timeout and
    /// extra headers from `options`, and keep their real errors for [`Pipeline::finish`].
    ///
    /// ```
    /// use acs_core::{CallOptions, Pipeline};
    ///
    /// let pipeline = Pipeline::builder().build();
    /// let call = pipeline.for_call(acs_core::method_span!("get_message"), &CallOptions::default());
    /// assert_eq!(call.client_request_id(), None); // nothing prepared yet
    /// ```
    #[must_use]
    pub fn for_call(&self, span: tracing::Span, options: &CallOptions) -> Pipeline {
        Pipeline {
            inner: Arc::clone(&self.inner),
            call: Some(Arc::new(CallContext {
                span,
                timeout: options.timeout.or(self.inner.timeout),
                headers: options.headers.clone(),
                started: self.inner.clock.now(),
                state: Mutex::new(CallState::default()),
            })),
        }
    }

    /// The `x-ms-client-request-id` of the last request prepared through this per-call
    /// pipeline.
    ///
    /// ```
    /// use acs_core::{CallOptions, Pipeline};
    ///
    /// let call = Pipeline::builder().build().for_call(acs_core::method_span!("get_thing"), &CallOptions::default());
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1:1/".parse().unwrap());
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    /// runtime.block_on(call.prepare(&mut request, "get_thing")).expect("prepared");
    /// let sent = request.headers()["x-ms-client-request-id"].to_str().unwrap();
    /// assert_eq!(call.client_request_id().as_deref(), Some(sent));
    /// ```
    #[must_use]
    pub fn client_request_id(&self) -> Option<String> {
        self.call
            .as_ref()
            .and_then(|call| call.lock().client_request_id.clone())
    }

    /// Turns what a generated client returned for this call into a [`Response`], or into the
    /// [`Error`]: the real one the pipeline kept (a credential's or an unreadable answer's,
    /// with its causes) when there is one, otherwise [`from_rest`](crate::from_rest)'s
    /// conversion; either way with the `x-ms-client-request-id` that was sent.
    ///
    /// ```
    /// use acs_core::{CallOptions, ErrorKind, Pipeline};
    /// use progenitor_client::ResponseValue;
    ///
    /// let call = Pipeline::builder().build().for_call(acs_core::method_span!("get_thing"), &CallOptions::default());
    /// let ok = ResponseValue::new(7_u32, reqwest::StatusCode::OK, Default::default());
    /// let response = call.finish::<_, ()>(Ok(ok))?;
    /// assert_eq!((*response, response.status()), (7, 200));
    ///
    /// let failed = call.finish::<u32, ()>(Err(progenitor_client::Error::InvalidRequest("bad id".into())));
    /// assert_eq!(failed.unwrap_err().kind(), &ErrorKind::InvalidInput);
    /// # Ok::<(), acs_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The call's error.
    pub fn finish<T, E: serde::Serialize>(
        &self,
        result: std::result::Result<
            progenitor_client::ResponseValue<T>,
            progenitor_client::Error<E>,
        >,
    ) -> Result<Response<T>> {
        let client_request_id = self.client_request_id();
        match result {
            Ok(value) => {
                let status = value.status().as_u16();
                let headers = value.headers().clone();
                Ok(Response::new(
                    value.into_inner(),
                    status,
                    headers,
                    client_request_id,
                ))
            }
            Err(error) => Err(self.take_error(error)),
        }
    }

    /// The real error kept for this call (a credential's or an unreadable answer's, with its
    /// causes), else `error` converted by [`from_rest`](crate::from_rest); with the client
    /// request id. For callers that look at a generated client's error before giving up on it,
    /// as a pager does with a first page to decode item by item.
    ///
    /// ```
    /// let pipeline = acs_core::Pipeline::builder().build();
    /// let error = pipeline.take_error(progenitor_client::Error::<()>::InvalidRequest("bad".into()));
    /// assert!(matches!(error.kind(), acs_core::ErrorKind::InvalidInput));
    /// ```
    #[must_use]
    pub fn take_error<E: serde::Serialize>(&self, error: progenitor_client::Error<E>) -> Error {
        let kept = self.call.as_ref().and_then(|call| call.lock().error.take());
        let error = match kept {
            Some(kept) => kept,
            None => crate::from_rest(error),
        };
        self.with_call_ids(error)
    }

    /// `error` with this call's client request id.
    fn with_call_ids(&self, error: Error) -> Error {
        let id = self.client_request_id();
        let error = error.with_client_request_id(id);
        if let Some(call) = &self.call {
            call.span.in_scope(|| {
                tracing::debug!(error = %error, "call failed");
            });
        }
        error
    }

    /// Keeps `error` for [`Pipeline::finish`] and returns a stand-in with its text for the
    /// generated client (or `error` itself when this is not a per-call pipeline).
    fn keep(&self, error: Error) -> Error {
        match &self.call {
            Some(call) => {
                let stand_in = Error::new(error.kind().clone(), error.to_string());
                call.lock().error = Some(error);
                stand_in
            }
            None => error,
        }
    }

    /// Prepares a request built by a generated client, once per operation call: adds the
    /// call's extra headers, `x-ms-client-request-id` (a UUID v4, kept across retries; one the
    /// caller set is kept), `x-ms-return-client-request-id: true` and `User-Agent`, and
    /// authenticates it within the attempt timeout, so a credential that cannot produce a
    /// token fails here, before anything is sent. A request outside the endpoint's origin is
    /// not authenticated (see [`PipelineBuilder::endpoint`]).
    ///
    /// ```
    /// let pipeline = acs_core::Pipeline::builder().build();
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1:1/".parse().unwrap());
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    /// runtime.block_on(pipeline.prepare(&mut request, "get_thing"))?;
    /// assert!(request.headers().contains_key("x-ms-client-request-id"));
    /// assert_eq!(request.headers()["x-ms-return-client-request-id"], "true");
    /// # Ok::<(), acs_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The [`AuthPolicy`]'s error, or [`ErrorKind::Timeout`] when getting the credential took
    /// longer than the attempt timeout;
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a request to another
    /// origin than the endpoint's, unless the pipeline follows those.
    pub async fn prepare(&self, request: &mut reqwest::Request, _operation_id: &str) -> Result<()> {
        let headers = request.headers_mut();
        if let Some(call) = &self.call {
            for (name, value) in &call.headers {
                headers.insert(name, value.clone());
            }
        }
        if !headers.contains_key(CLIENT_REQUEST_ID)
            && let Some(id) = new_request_id()
        {
            headers.insert(CLIENT_REQUEST_ID, id);
        }
        headers.insert(RETURN_CLIENT_REQUEST_ID, HeaderValue::from_static("true"));
        if let Some(agent) = &self.inner.user_agent {
            headers.insert(USER_AGENT, agent.clone());
        }
        let client_request_id = headers
            .get(CLIENT_REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        if let Some(call) = &self.call {
            let span = &call.span;
            // Nothing to record without a subscriber listening to this span.
            if !span.is_disabled() {
                record_request(span, request, client_request_id.as_deref());
            }
            call.lock().client_request_id = client_request_id;
        }
        let instrumented = self.authorize_within_timeout(request);
        let result = match &self.call {
            Some(call) => instrumented.instrument(call.span.clone()).await,
            None => instrumented.await,
        };
        result.map_err(|error| self.keep(error))
    }

    /// The URL of a request that a generated client made as `base_url` followed by a path
    /// (`format!("{base_url}/chat/threads/{id}")`). When `base_url` is this pipeline's
    /// [`endpoint`](PipelineBuilder::endpoint) and the endpoint is an origin alone, the path is
    /// set on a copy of the endpoint parsed once, instead of parsing the scheme and host again
    /// on every call; the URL is the same as [`reqwest::Url::parse`] of the whole text, which is
    /// what any other input gets.
    ///
    /// ```
    /// let endpoint = reqwest::Url::parse("https://contoso.communication.azure.com").unwrap();
    /// let pipeline = acs_core::Pipeline::builder().endpoint(endpoint).build();
    /// let base_url = "https://contoso.communication.azure.com";
    /// let text = format!("{base_url}/chat/threads/19%3Aa%40thread.v2/messages");
    /// let url = pipeline.request_url(base_url, &text)?;
    /// assert_eq!(url, reqwest::Url::parse(&text).unwrap());
    /// assert!(pipeline.request_url("not a url", "not a url/x").is_err());
    /// # Ok::<(), acs_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `url` is not a URL.
    pub fn request_url(&self, base_url: &str, url: &str) -> Result<reqwest::Url> {
        if let Some(origin) = &self.inner.origin
            && origin.as_str().strip_suffix('/') == Some(base_url)
            && let Some(path) = url.strip_prefix(base_url)
            && path.starts_with('/')
            // What would end the path, or be trimmed off the whole text by `Url::parse` (a byte
            // loop: a `char` pattern costs ten times as much).
            && !path.bytes().any(|byte| byte == b'?' || byte == b'#')
            && !path.ends_with(|c: char| c <= ' ')
        {
            // The path state of the parser, as `Url::parse` would reach it after the origin.
            let mut parsed = origin.clone();
            parsed.set_path(path);
            return Ok(parsed);
        }
        reqwest::Url::parse(url)
            .map_err(|error| Error::invalid_input(format!("not a request URL: {error}")))
    }

    /// The timeout of one attempt of this call.
    fn attempt_timeout(&self) -> Option<Duration> {
        match &self.call {
            Some(call) => call.timeout,
            None => self.inner.timeout,
        }
    }

    /// Authenticates `request` and sets its transport timeout to what is left of the attempt
    /// timeout.
    async fn authorize_within_timeout(&self, request: &mut reqwest::Request) -> Result<()> {
        let timeout = self.attempt_timeout();
        let send = self.inner.scope.credentials_for(request.url())? == Credentials::Send;
        let Some(auth) = self.inner.auth.as_ref().filter(|_| send) else {
            *request.timeout_mut() = timeout;
            return Ok(());
        };
        let Some(timeout) = timeout else {
            return auth.authorize(request).await;
        };
        let started = tokio::time::Instant::now();
        let result = {
            let mut authorize = auth.authorize(request);
            // A cached token or a signature is ready at the first poll: no timer is armed for
            // it.
            match std::future::poll_fn(|cx| Poll::Ready(authorize.as_mut().poll(cx))).await {
                Poll::Ready(result) => result,
                Poll::Pending => tokio::time::timeout(
                    timeout.saturating_sub(started.elapsed()),
                    authorize,
                )
                .await
                .map_err(|_| {
                    Error::new(
                        ErrorKind::Timeout,
                        format!(
                            "getting the credential took longer than the {} ms timeout of the \
                             attempt",
                            timeout.as_millis()
                        ),
                    )
                })?,
            }
        };
        result?;
        let left = timeout.saturating_sub(started.elapsed());
        *request.timeout_mut() = Some(left.max(Duration::from_millis(1)));
        Ok(())
    }

    /// Sends a request that [`Pipeline::prepare`] has prepared and reads its whole answer,
    /// retrying as the [`RetryOptions`] say and re-authenticating every retry. An error
    /// answer's body is rewritten into the documented `{"error":{"code","message"}}` shape,
    /// whatever shape the service used.
    ///
    /// ```
    /// use wiremock::matchers::{method, path};
    /// use wiremock::{Mock, MockServer, ResponseTemplate};
    ///
    /// let runtime = tokio::runtime::Runtime::new().unwrap();
    /// runtime.block_on(async {
    ///     let server = MockServer::start().await;
    ///     Mock::given(method("GET"))
    ///         .and(path("/things"))
    ///         .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value":[1,2]}"#))
    ///         .mount(&server)
    ///         .await;
    ///     let url = reqwest::Url::parse(&format!("{}/things", server.uri())).unwrap();
    ///     let pipeline = acs_core::Pipeline::builder().build();
    ///     let mut request = reqwest::Request::new(reqwest::Method::GET, url);
    ///     pipeline.prepare(&mut request, "list_things").await.unwrap();
    ///     let response = pipeline.execute(request, "list_things").await.unwrap();
    ///     assert_eq!(response.status(), 200);
    ///     assert_eq!(response.text().await.unwrap(), r#"{"value":[1,2]}"#);
    /// });
    /// ```
    ///
    /// # Errors
    ///
    /// The transport error of the last attempt (for a per-call pipeline, the real error,
    /// such as [`ErrorKind::OutcomeUnknown`], is kept for [`Pipeline::finish`]).
    pub async fn execute(
        &self,
        request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.call {
            Some(call) => {
                self.send_with_retries(request, operation_id)
                    .instrument(call.span.clone())
                    .await
            }
            None => {
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
        }
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
        if request.timeout().is_none() {
            *request.timeout_mut() = self.attempt_timeout();
        }
        loop {
            let spare = request.try_clone();
            if reauthorize {
                self.reauthorize(&mut request).await;
            }
            let outcome = self.attempt(request).await;
            self.record_attempt(retries + 1, &outcome);
            if let (Outcome::Answered(response), Some(auth), Some(next)) =
                (&outcome, &self.inner.auth, &spare)
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
            let delay = if let Outcome::Answered(response) = &outcome
                && response.status().is_success()
            {
                None // final: no clock reading, no random draw
            } else {
                let attempt = match &outcome {
                    Outcome::Answered(response) => {
                        Attempt::Answered(response.status(), response.headers())
                    }
                    Outcome::NotSent(error) => Attempt::Failed {
                        connect: error.is_connect(),
                        permanent: retry::is_permanent(error),
                    },
                    Outcome::Unreadable { .. } => Attempt::Failed {
                        connect: false,
                        permanent: false,
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
                    drop(outcome);
                    self.sleep(delay).await;
                    request = next;
                    retries += 1;
                    reauthorize = true;
                }
                _ => {
                    return match outcome {
                        Outcome::Answered(response) => Ok(response),
                        Outcome::NotSent(error) => Err(error),
                        Outcome::Unreadable { status, error }
                            if !idempotent && self.call.is_some() =>
                        {
                            Err(self.keep_outcome_unknown(operation_id, status, error))
                        }
                        Outcome::Unreadable { error, .. } => Err(error),
                    };
                }
            }
        }
    }

    /// Keeps an [`ErrorKind::OutcomeUnknown`] caused by `error` for [`Pipeline::finish`] and
    /// returns a stand-in transport error for the generated client.
    fn keep_outcome_unknown(
        &self,
        operation_id: &str,
        status: StatusCode,
        error: reqwest::Error,
    ) -> reqwest::Error {
        let message = format!(
            "{operation_id} was answered {} but the answer could not be read; the request is \
             not safe to send again, so it was not retried",
            status.as_u16()
        );
        // A builder error made without any I/O: the generated client only passes it on.
        match self.inner.http.get("").build() {
            Err(stand_in) => {
                let _ = self.keep(
                    Error::new(ErrorKind::OutcomeUnknown, message)
                        .with_source(crate::rest_error::transport(error)),
                );
                stand_in
            }
            Ok(_) => {
                let _ = self.keep(Error::new(
                    ErrorKind::OutcomeUnknown,
                    format!("{message}: {}", crate::error_chain(&error)),
                ));
                error
            }
        }
    }

    /// One attempt: send and read the whole answer.
    async fn attempt(&self, request: reqwest::Request) -> Outcome {
        let mut response = match self.inner.http.execute(request).await {
            Ok(response) => response,
            Err(error) => return Outcome::NotSent(error),
        };
        let status = response.status();
        let version = response.version();
        let url = response.url().clone();
        let headers = std::mem::take(response.headers_mut());
        match response.bytes().await {
            Ok(body) => Outcome::Answered(rebuild(status, version, headers, url, body)),
            Err(error) => Outcome::Unreadable { status, error },
        }
    }

    /// Records one attempt's outcome in the call's span and in a debug event.
    fn record_attempt(&self, attempt: u32, outcome: &Outcome) {
        let status = match outcome {
            Outcome::Answered(response) => Some(response.status()),
            Outcome::Unreadable { status, .. } => Some(*status),
            Outcome::NotSent(_) => None,
        };
        let error = match outcome {
            Outcome::Answered(_) => None,
            Outcome::NotSent(error) | Outcome::Unreadable { error, .. } => {
                Some(crate::error_chain(error))
            }
        };
        if let Some(call) = self.call.as_ref().filter(|call| !call.span.is_disabled()) {
            let span = &call.span;
            span.record("attempt", attempt);
            if let Some(status) = status {
                span.record("http.response.status_code", status.as_u16());
            }
            if let Outcome::Answered(response) = outcome
                && let Some(id) = ["ms-cv", "x-ms-request-id"].iter().find_map(|name| {
                    response
                        .headers()
                        .get(*name)
                        .and_then(|value| value.to_str().ok())
                })
            {
                span.record("az.service_request_id", id);
            }
            let elapsed = (self.inner.clock.now() - call.started)
                .num_milliseconds()
                .max(0);
            span.record("duration_ms", elapsed);
        }
        tracing::debug!(
            attempt,
            status = status.map(|status| status.as_u16()),
            error = error.as_deref(),
            "attempt finished"
        );
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
    ///
    /// ```
    /// use wiremock::matchers::{method, path};
    /// use wiremock::{Mock, MockServer, ResponseTemplate};
    ///
    /// let runtime = tokio::runtime::Runtime::new().unwrap();
    /// runtime.block_on(async {
    ///     let server = MockServer::start().await;
    ///     Mock::given(method("GET"))
    ///         .and(path("/things"))
    ///         .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value":[1,2]}"#))
    ///         .mount(&server)
    ///         .await;
    ///     let url = reqwest::Url::parse(&format!("{}/things", server.uri())).unwrap();
    ///     let pipeline = acs_core::Pipeline::builder().build();
    ///     let page: serde_json::Value = pipeline.get_json(url.clone(), "list_things").await.unwrap();
    ///     assert_eq!(page["value"][1], 2);
    ///
    ///     let wrong = pipeline.get_json::<Vec<u32>>(url, "list_things").await.unwrap_err();
    ///     assert_eq!(wrong.kind(), &acs_core::ErrorKind::Decode);
    /// });
    /// ```
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: reqwest::Url,
        operation_id: &str,
    ) -> Result<T> {
        let page = self.get_bytes(url, operation_id).await?;
        crate::from_slice(&page.value).map_err(|error| {
            self.with_call_ids(crate::decode_error(
                operation_id,
                "",
                page.status,
                &page.headers,
                error,
                true,
            ))
        })
    }

    /// GETs `url` like [`get_json`](Self::get_json) but returns the body undecoded, with the
    /// status and headers of the answer (to decode it piece by piece, as a list page whose
    /// items fail one by one).
    ///
    /// # Errors
    ///
    /// A service error for an error status, otherwise the transport or credential error.
    ///
    /// ```
    /// use wiremock::matchers::{method, path};
    /// use wiremock::{Mock, MockServer, ResponseTemplate};
    ///
    /// let runtime = tokio::runtime::Runtime::new().unwrap();
    /// runtime.block_on(async {
    ///     let server = MockServer::start().await;
    ///     Mock::given(method("GET"))
    ///         .and(path("/things"))
    ///         .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value":[1,2]}"#))
    ///         .mount(&server)
    ///         .await;
    ///     let url = reqwest::Url::parse(&format!("{}/things", server.uri())).unwrap();
    ///     let pipeline = acs_core::Pipeline::builder().build();
    ///     let page = pipeline.get_bytes(url, "list_things").await.unwrap();
    ///     assert_eq!(page.status, reqwest::StatusCode::OK);
    ///     assert_eq!(&page.value[..], br#"{"value":[1,2]}"#);
    /// });
    /// ```
    pub async fn get_bytes(
        &self,
        url: reqwest::Url,
        operation_id: &str,
    ) -> Result<crate::Decoded<bytes::Bytes>> {
        self.get_bytes_inner(url, operation_id)
            .await
            .map_err(|error| self.with_call_ids(error))
    }

    async fn get_bytes_inner(
        &self,
        url: reqwest::Url,
        operation_id: &str,
    ) -> Result<crate::Decoded<bytes::Bytes>> {
        let mut request = reqwest::Request::new(Method::GET, url);
        request.headers_mut().insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        if let Err(error) = self.prepare(&mut request, operation_id).await {
            return Err(self.take_kept().unwrap_or(error));
        }
        let response = match self.execute(request, operation_id).await {
            Ok(response) => response,
            Err(error) => {
                return Err(self
                    .take_kept()
                    .unwrap_or_else(|| crate::rest_error::transport(error)));
            }
        };
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

    /// The error kept for this call, if any.
    fn take_kept(&self) -> Option<Error> {
        self.call.as_ref().and_then(|call| call.lock().error.take())
    }

    /// Whether sending `request` twice is harmless.
    fn is_idempotent(&self, request: &reqwest::Request, operation_id: &str) -> bool {
        *request.method() != Method::POST
            || request.headers().contains_key(REPEATABILITY_REQUEST_ID)
            || request.headers().contains_key(OPERATION_ID)
            || self
                .inner
                .idempotent_operations
                .iter()
                .any(|operation| operation == operation_id)
    }

    /// Authenticates a retry within the attempt timeout; when that fails the previous
    /// attempt's headers are kept.
    async fn reauthorize(&self, request: &mut reqwest::Request) {
        if let Err(error) = self.authorize_within_timeout(request).await {
            tracing::warn!(%error, "re-authenticating a retry failed; resending as before");
            *request.timeout_mut() = self.attempt_timeout();
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

/// A fresh `x-ms-client-request-id`: a UUID v4 from the thread's random generator (seeded
/// from the operating system, without a system call per request), formatted without a heap
/// allocation, and marked never to be indexed by HTTP/2 header compression.
fn new_request_id() -> Option<HeaderValue> {
    let id = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
    let mut text = [0_u8; uuid::fmt::Hyphenated::LENGTH];
    let mut value = HeaderValue::from_str(id.hyphenated().encode_lower(&mut text)).ok()?;
    // Never indexed by HPACK: a value sent once would only push the connection's repeated
    // headers (user agent, content type, ...) out of the HTTP/2 header table, and looking it
    // up and inserting it costs more than sending it literally. (Not a secret: `Debug` of the
    // header value shows `Sensitive`, the value itself is read with `to_str`.)
    value.set_sensitive(true);
    Some(value)
}

impl CallContext {
    fn lock(&self) -> std::sync::MutexGuard<'_, CallState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What one attempt came to.
enum Outcome {
    /// An answer, read completely.
    Answered(reqwest::Response),
    /// No answer (the request may or may not have reached the service).
    NotSent(reqwest::Error),
    /// An answer with `status` whose body could not be read.
    Unreadable {
        status: StatusCode,
        error: reqwest::Error,
    },
}

/// Records what is known of a request before it is sent in its call's span.
fn record_request(
    span: &tracing::Span,
    request: &reqwest::Request,
    client_request_id: Option<&str>,
) {
    span.record("http.request.method", request.method().as_str());
    span.record(
        "server.address",
        request.url().host_str().unwrap_or_default(),
    );
    span.record("url.path", request.url().path());
    if let Some(id) = client_request_id {
        span.record("az.client_request_id", id);
    }
}

/// The answer `status`, `version`, `headers`, `body` as a response, an error answer's body
/// rewritten into the documented shape (see [`error_body`]).
fn rebuild(
    status: StatusCode,
    version: http::Version,
    mut headers: HeaderMap,
    url: reqwest::Url,
    body: bytes::Bytes,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;

    let body = if status.is_client_error() || status.is_server_error() {
        headers.remove(CONTENT_LENGTH);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        bytes::Bytes::from(error_body::normalize(status, &body))
    } else {
        body
    };
    // The URL it came from kept (without it reqwest parses a placeholder URL for every answer).
    let mut rebuilt = http::Response::builder()
        .url(url)
        .body(body.clone())
        .unwrap_or_else(|_| http::Response::new(body));
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_origin_endpoint_is_kept_parsed_for_request_urls() {
        let origin = |endpoint: &str| {
            reqwest::Url::parse(endpoint).ok().and_then(|endpoint| {
                Pipeline::builder()
                    .endpoint(endpoint)
                    .build()
                    .inner
                    .origin
                    .clone()
            })
        };
        assert!(origin("https://contoso.communication.azure.com").is_some());
        assert!(origin("http://127.0.0.1:8080/").is_some());
        assert!(origin("https://contoso.example/prefix/").is_none());
        assert!(origin("https://contoso.example/?x=1").is_none());
        assert!(origin("https://user:secret@contoso.example/").is_none());
    }

    /// Authorizes after `wait` (none: at the first poll), or never.
    #[derive(Debug)]
    struct Waiting(Option<Duration>);

    #[async_trait::async_trait]
    impl AuthPolicy for Waiting {
        async fn authorize(&self, request: &mut reqwest::Request) -> Result<()> {
            match self.0 {
                Some(wait) if wait.is_zero() => {}
                Some(wait) => tokio::time::sleep(wait).await,
                None => std::future::pending::<()>().await,
            }
            request
                .headers_mut()
                .insert("x-authorized", HeaderValue::from_static("yes"));
            Ok(())
        }
    }

    async fn authorized(wait: Option<Duration>) -> Result<reqwest::Request> {
        let pipeline = Pipeline::builder()
            .auth(Arc::new(Waiting(wait)))
            .timeout(Duration::from_secs(5))
            .build();
        let url = reqwest::Url::parse("http://127.0.0.1:1/things")
            .map_err(|error| Error::invalid_input(error.to_string()))?;
        let mut request = reqwest::Request::new(Method::GET, url);
        pipeline.authorize_within_timeout(&mut request).await?;
        Ok(request)
    }

    #[tokio::test(start_paused = true)]
    async fn the_transport_gets_what_the_credential_left_of_the_attempt_timeout() {
        // Ready at the first poll: the whole timeout.
        let at_once = authorized(Some(Duration::ZERO)).await.expect("authorized");
        assert_eq!(at_once.timeout(), Some(&Duration::from_secs(5)));
        assert_eq!(at_once.headers()["x-authorized"], "yes");
        // A credential that waits a second leaves four.
        let waited = authorized(Some(Duration::from_secs(1)))
            .await
            .expect("authorized");
        assert_eq!(waited.timeout(), Some(&Duration::from_secs(4)));
        assert_eq!(waited.headers()["x-authorized"], "yes");
        // One that never answers fails when the attempt's time is up.
        let started = tokio::time::Instant::now();
        let error = authorized(None).await.expect_err("timed out");
        assert_eq!(error.kind(), &ErrorKind::Timeout);
        assert_eq!(started.elapsed(), Duration::from_secs(5));
    }

    #[test]
    fn a_request_id_is_a_fresh_uuid_v4_kept_out_of_the_header_table() {
        let first = new_request_id().expect("an id");
        let second = new_request_id().expect("an id");
        assert_ne!(first, second);
        let id = uuid::Uuid::parse_str(first.to_str().expect("ASCII")).expect("a UUID");
        assert_eq!(id.get_version_num(), 4);
        assert_eq!(first.len(), 36); // hyphenated, lower case
        assert_eq!(first.to_str().expect("ASCII"), id.hyphenated().to_string());
        assert!(first.is_sensitive(), "never indexed by HPACK");
    }
}
