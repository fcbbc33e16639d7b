//! [`EmailClient`]: send email and follow the send operations.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::{AccessKey, Clock, ConnectionString, Endpoint, HmacCredential, SystemClock};
#[cfg(doc)]
use acs_core::ErrorKind;
use acs_core::{AuthPolicy, CallOptions, Error, HmacAuthPolicy, Pipeline, Response, Result};
use reqwest::header::HeaderMap;
use url::Url;

use crate::convert;
use crate::models::{EmailMessage, EmailSendResult};
use crate::options::{
    EmailApiVersion, EmailClientOptions, EmailClientSendOptions, EmailClientSendStatusOptions,
};
use crate::poller::{EmailSendPoller, retry_after};

/// The generated method name of the send: safe to retry because every send carries an
/// `Operation-Id` (the service queues one message per id).
const SEND_OPERATION: &str = "email_send";

/// The user-agent component of this crate.
const USER_AGENT_COMPONENT: &str = "communication-email";

/// The email client of Azure Communication Services: sends messages and follows their send
/// operations.
///
/// Every request goes through the shared `acs-core` pipeline: it is authenticated (HMAC-SHA256
/// with the access key, or an Entra ID token with the `entra` feature) afresh on every attempt,
/// retried on 408/429/5xx with backoff or as long as the service asks, and carries an
/// `x-ms-client-request-id`. A send always carries an `Operation-Id`, so retrying it never
/// sends the message twice.
///
/// The client is cheap to clone (one `Arc`), `Send + Sync`, and its `Debug` shows the endpoint,
/// the api-version and the kind of credential, never the key.
///
/// ```no_run
/// use acs_email::{EmailClient, EmailMessage};
///
/// # async fn example() -> acs_email::Result<()> {
/// let client = EmailClient::from_connection_string(
///     "endpoint=https://contoso.communication.azure.com/;accesskey=<base64 key>",
///     None,
/// )?;
/// let message = EmailMessage::builder()
///     .sender("DoNotReply@contoso.azurecomm.net")
///     .to("alice@example.com", Some("Alice"))
///     .subject("Hello")
///     .text("Hi Alice")
///     .build()?;
/// let result = client.send(&message, None).await?;
/// println!("{}: {}", result.id(), result.status());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct EmailClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) endpoint: Endpoint,
    /// The endpoint without a trailing slash: the generated client's base URL.
    base_url: String,
    pub(crate) api_version: EmailApiVersion,
    credential: &'static str,
    /// The base pipeline: credentials go only to the endpoint's origin; other origins are
    /// refused, or requested without credentials when the options follow them.
    pipeline: Pipeline,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) min_poll_interval: Duration,
    pub(crate) max_poll_interval: Duration,
    pub(crate) default_poll_interval: Duration,
    follow_links_to_other_origins: bool,
}

/// One call: its per-call pipeline and the generated client built on it.
pub(crate) struct Call {
    pub(crate) pipeline: Pipeline,
    pub(crate) rest: acs_email_rest::Client,
}

impl Inner {
    /// The per-call pipeline (recording into `span`, with `options`) and generated client of
    /// one call.
    pub(crate) fn call(&self, span: tracing::Span, options: &CallOptions) -> Call {
        let pipeline = self.pipeline.for_call(span, options);
        let rest = acs_email_rest::Client::new_with_client(
            &self.base_url,
            pipeline.http_client().clone(),
            pipeline.clone(),
        );
        Call { pipeline, rest }
    }
}

/// How the client authenticates, before the clock is known.
enum Credential {
    Key(AccessKey),
    #[cfg(feature = "entra")]
    Entra(acs_auth::EntraTokenCredential),
}

impl EmailClient {
    /// A client for the resource and access key of a connection string
    /// (`endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>`).
    ///
    /// ```
    /// use acs_email::EmailClient;
    ///
    /// let client = EmailClient::from_connection_string(
    ///     "endpoint=https://contoso.communication.azure.com/;\
    ///      accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    ///     None,
    /// )?;
    /// assert!(format!("{client:?}").contains("https://contoso.communication.azure.com"));
    /// assert!(!format!("{client:?}").contains("AAECAwQF"));
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when the connection string is malformed (the message says
    /// which part, never the key), the endpoint is not `https` (plain `http` is accepted for
    /// loopback hosts only) or the options are invalid (poll intervals);
    /// [`ErrorKind::Transport`] when the HTTP client cannot be built.
    pub fn from_connection_string(
        connection_string: &str,
        options: Option<EmailClientOptions>,
    ) -> Result<Self> {
        let connection_string = ConnectionString::parse(connection_string).map_err(invalid)?;
        Self::with_connection_string(&connection_string, options)
    }

    /// A client for an already parsed [`ConnectionString`], e.g. one read with
    /// [`ConnectionString::from_env`].
    ///
    /// ```no_run
    /// use acs_auth::ConnectionString;
    /// use acs_email::EmailClient;
    ///
    /// # fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// let connection_string = ConnectionString::from_env()?;
    /// let client = EmailClient::with_connection_string(&connection_string, None)?;
    /// # let _ = client;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`from_connection_string`](Self::from_connection_string).
    pub fn with_connection_string(
        connection_string: &ConnectionString,
        options: Option<EmailClientOptions>,
    ) -> Result<Self> {
        Self::build(
            connection_string.endpoint().clone(),
            Credential::Key(connection_string.access_key().clone()),
            options,
        )
    }

    /// A client for `endpoint` (`https://<resource>.communication.azure.com`) signing its
    /// requests with an access key.
    ///
    /// ```
    /// use acs_auth::AccessKey;
    /// use acs_email::EmailClient;
    ///
    /// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// let client = EmailClient::new("https://contoso.communication.azure.com/", key, None)?;
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when the endpoint is not a valid `https` URL without a path
    /// (plain `http` is accepted for loopback hosts only) or the options are invalid;
    /// [`ErrorKind::Transport`] when the HTTP client cannot be built.
    pub fn new(
        endpoint: &str,
        access_key: AccessKey,
        options: Option<EmailClientOptions>,
    ) -> Result<Self> {
        let endpoint = Endpoint::parse(endpoint).map_err(invalid)?;
        Self::build(endpoint, Credential::Key(access_key), options)
    }

    /// A client for `endpoint` authenticating with Microsoft Entra ID tokens (scope
    /// `https://communication.azure.com//.default`) instead of an access key (feature
    /// `entra`).
    ///
    /// ```no_run
    /// use std::sync::Arc;
    ///
    /// use acs_auth::EntraTokenCredential;
    /// use acs_email::EmailClient;
    ///
    /// # fn example(credential: Arc<dyn azure_core::credentials::TokenCredential>) -> acs_email::Result<()> {
    /// let client = EmailClient::with_token_credential(
    ///     "https://contoso.communication.azure.com",
    ///     EntraTokenCredential::new(credential),
    ///     None,
    /// )?;
    /// # let _ = client;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`new`](Self::new). A credential that cannot produce a token fails each call
    /// with [`ErrorKind::Credential`], before anything is sent.
    #[cfg(feature = "entra")]
    #[cfg_attr(docsrs, doc(cfg(feature = "entra")))]
    pub fn with_token_credential(
        endpoint: &str,
        credential: acs_auth::EntraTokenCredential,
        options: Option<EmailClientOptions>,
    ) -> Result<Self> {
        let endpoint = Endpoint::parse(endpoint).map_err(invalid)?;
        Self::build(endpoint, Credential::Entra(credential), options)
    }

    fn build(
        endpoint: Endpoint,
        credential: Credential,
        options: Option<EmailClientOptions>,
    ) -> Result<Self> {
        let options = options.unwrap_or_default();
        if options.min_poll_interval < Duration::from_millis(1) {
            return Err(Error::invalid_input(
                "min_poll_interval must be at least 1 ms (a poller must not spin)",
            ));
        }
        if options.min_poll_interval > options.max_poll_interval {
            return Err(Error::invalid_input(
                "min_poll_interval must not be longer than max_poll_interval",
            ));
        }
        let clock = options.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let http = match options.http_client {
            Some(http) => http,
            None => acs_core::default_http_client(options.connect_timeout)?,
        };
        let (auth, credential_kind): (Arc<dyn AuthPolicy>, _) = match credential {
            Credential::Key(key) => (
                Arc::new(HmacAuthPolicy::new(
                    HmacCredential::new(key).with_clock(clock.clone()),
                )),
                "access key (HMAC-SHA256)",
            ),
            #[cfg(feature = "entra")]
            Credential::Entra(credential) => (
                Arc::new(acs_core::EntraAuthPolicy::new(credential)),
                "Microsoft Entra ID token",
            ),
        };
        let user_agent = acs_core::user_agent(
            USER_AGENT_COMPONENT,
            env!("CARGO_PKG_VERSION"),
            options.user_agent_suffix.as_deref(),
        );
        let mut builder = Pipeline::builder()
            .http_client(http)
            .auth(auth)
            .retry(options.retry)
            .clock(clock.clone())
            .user_agent(user_agent)
            .idempotent_operations([SEND_OPERATION])
            .endpoint(endpoint.url().clone())
            .follow_links_to_other_origins(options.follow_links_to_other_origins);
        if let Some(timeout) = options.timeout {
            builder = builder.timeout(timeout);
        }
        let pipeline = builder.build();
        Ok(Self {
            inner: Arc::new(Inner {
                base_url: endpoint.to_string(),
                endpoint,
                api_version: options.api_version,
                credential: credential_kind,
                pipeline,
                clock,
                min_poll_interval: options.min_poll_interval,
                max_poll_interval: options.max_poll_interval,
                default_poll_interval: options.default_poll_interval,
                follow_links_to_other_origins: options.follow_links_to_other_origins,
            }),
        })
    }

    /// The endpoint of the resource, normalised (no trailing `/`).
    ///
    /// ```
    /// # let client = acs_email::EmailClient::from_connection_string(
    /// #     "endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", None)?;
    /// assert_eq!(client.endpoint().to_string(), "https://contoso.communication.azure.com");
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The api-version the client calls.
    ///
    /// ```
    /// # let client = acs_email::EmailClient::from_connection_string(
    /// #     "endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", None)?;
    /// assert_eq!(client.api_version().as_str(), "2025-09-01");
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn api_version(&self) -> EmailApiVersion {
        self.inner.api_version
    }

    /// Queues `message` (`POST /emails:send`) and returns a poller for the send operation.
    ///
    /// The request carries `Operation-Id` (the one in `options`, or a new UUID v4), the same
    /// on every retry, so a retried send is queued once. The poller follows the response's
    /// `Operation-Location`, each poll through the pipeline with the same per-call options
    /// ([`EmailClientSendOptions::call`]).
    ///
    /// ```no_run
    /// use futures::StreamExt as _;
    ///
    /// # async fn example(client: acs_email::EmailClient, message: acs_email::EmailMessage) -> acs_email::Result<()> {
    /// let poller = client.begin_send(&message, None).await?;
    /// println!("operation {}", poller.operation_id());
    /// let mut statuses = std::pin::pin!(poller.stream());
    /// while let Some(status) = statuses.next().await {
    ///     println!("{}", status?.status());
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`], before anything is sent, for an inline attachment on
    /// api-version 2023-03-31, or when the `Operation-Location` answered is not an absolute
    /// `https` URL (plain `http` only on loopback) or is on another origin than the endpoint
    /// (unless [`EmailClientOptions::follow_links_to_other_origins`]); a service error
    /// ([`ErrorKind::Service`]: e.g. an unknown sender domain), or a transport, timeout or
    /// credential error.
    pub async fn begin_send(
        &self,
        message: &EmailMessage,
        options: Option<EmailClientSendOptions>,
    ) -> Result<EmailSendPoller> {
        let EmailClientSendOptions { call, operation_id } = options.unwrap_or_default();
        if !self.inner.api_version.has_inline_attachments()
            && message
                .attachments()
                .iter()
                .any(|a| a.content_id().is_some())
        {
            return Err(Error::invalid_input(format!(
                "inline attachments (content id) need api-version 2025-09-01; the client calls {}",
                self.inner.api_version
            )));
        }
        let operation_id = operation_id.unwrap_or_else(uuid::Uuid::new_v4);
        let call_options = call;
        let call = self
            .inner
            .call(acs_core::method_span!("begin_send"), &call_options);
        let result = call
            .rest
            .email_send()
            .api_version(self.inner.api_version.as_str())
            .operation_id(operation_id)
            .body(convert::message(message))
            .send()
            .await;
        let response = call.pipeline.finish(result)?.map(convert::result);
        tracing::debug!(operation_id = %response.id(), status = %response.value().status(), "email send accepted");
        let target = match operation_location(response.headers()) {
            Some(location) => self.poll_target(&location)?,
            None => self.status_target(response.id())?,
        };
        let wait = retry_after(response.headers(), self.inner.clock.now());
        Ok(EmailSendPoller::started(
            self.clone(),
            call_options,
            target,
            response.into_inner(),
            wait,
        ))
    }

    /// Sends `message` and waits for the send operation to end: [`begin_send`](Self::begin_send)
    /// then [`EmailSendPoller::wait`]; the terminal status.
    ///
    /// ```no_run
    /// # async fn example(client: acs_email::EmailClient, message: acs_email::EmailMessage) -> acs_email::Result<()> {
    /// let result = client.send(&message, None).await?;
    /// assert!(result.status().is_terminal());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_send`](Self::begin_send), and [`ErrorKind::OperationFailed`] when the
    /// operation ends `Failed` or `Canceled` (with the service's code and message).
    pub async fn send(
        &self,
        message: &EmailMessage,
        options: Option<EmailClientSendOptions>,
    ) -> Result<EmailSendResult> {
        self.begin_send(message, options).await?.wait().await
    }

    /// The current status of the send operation `operation_id` (`GET
    /// /emails/operations/{operationId}`), one request, with the answer's status and headers.
    ///
    /// ```no_run
    /// # async fn example(client: acs_email::EmailClient) -> acs_email::Result<()> {
    /// let response = client
    ///     .send_status("8540c0de-899f-5cce-acb5-3ec493af3800", None)
    ///     .await?;
    /// // `Response::status` is the HTTP status; the operation's status is the value's.
    /// println!("{} (HTTP {})", response.value().status(), response.status());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty id, before anything is sent; a service error
    /// (404 for an unknown id), or a transport, timeout or credential error.
    pub async fn send_status(
        &self,
        operation_id: &str,
        options: Option<EmailClientSendStatusOptions>,
    ) -> Result<Response<EmailSendResult>> {
        let EmailClientSendStatusOptions { call } = options.unwrap_or_default();
        require_operation_id(operation_id)?;
        let call = self
            .inner
            .call(acs_core::method_span!("send_status"), &call);
        let result = call
            .rest
            .email_get_send_result()
            .operation_id(operation_id)
            .api_version(self.inner.api_version.as_str())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(convert::result))
    }

    /// The per-call pipeline of one poll of a send operation.
    pub(crate) fn poll_pipeline(&self, options: &CallOptions) -> Pipeline {
        self.inner
            .pipeline
            .for_call(acs_core::method_span!("poll"), options)
    }

    /// The status URL of operation `operation_id` on the endpoint.
    pub(crate) fn status_target(&self, operation_id: &str) -> Result<Url> {
        require_operation_id(operation_id)?;
        let mut url = self.inner.endpoint.url().clone();
        url.path_segments_mut()
            .map_err(|()| Error::invalid_input("the endpoint cannot have a path"))?
            .pop_if_empty()
            .extend(["emails", "operations", operation_id]);
        url.query_pairs_mut()
            .append_pair("api-version", self.inner.api_version.as_str());
        Ok(url)
    }

    /// Checks an `Operation-Location` before the poller follows it; the pipeline decides again
    /// on every poll whether it carries credentials (only to the endpoint's origin).
    fn poll_target(&self, location: &str) -> Result<Url> {
        let url = Url::parse(location).map_err(|error| {
            Error::invalid_input(format!(
                "the service answered an Operation-Location that is not an absolute URL: {error}"
            ))
        })?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => false,
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            scheme => {
                return Err(Error::invalid_input(format!(
                    "the Operation-Location uses `{scheme}`; only https (or http on loopback) is followed"
                )));
            }
        }
        let same_origin = url.origin() == self.inner.endpoint.url().origin();
        if !same_origin && !self.inner.follow_links_to_other_origins {
            return Err(Error::invalid_input(format!(
                "the Operation-Location is on {}, not on the endpoint's origin; set \
                 follow_links_to_other_origins to follow it without credentials",
                url.origin().ascii_serialization()
            )));
        }
        Ok(url)
    }
}

impl fmt::Debug for EmailClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailClient")
            .field("endpoint", &self.inner.endpoint.to_string())
            .field("api_version", &self.inner.api_version)
            .field("credential", &self.inner.credential)
            .finish_non_exhaustive()
    }
}

/// The `Operation-Location` header, if present and text.
fn operation_location(headers: &HeaderMap) -> Option<String> {
    headers
        .get("operation-location")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn require_operation_id(operation_id: &str) -> Result<()> {
    if operation_id.trim().is_empty() {
        return Err(Error::invalid_input("the operation id must not be empty"));
    }
    Ok(())
}

fn invalid(error: acs_auth::Error) -> Error {
    Error::invalid_input(error.to_string()).with_source(error)
}
