//! [`ManagementClient`]: the entry point, holding the subscription, the credential and the
//! pipeline that every resource client shares.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::{Clock, EntraTokenCredential, MANAGEMENT_SCOPE, SystemClock};
#[cfg(doc)]
use acs_core::ErrorKind;
use acs_core::{CallOptions, EntraAuthPolicy, Error, Pipeline, Result};
use azure_core::credentials::TokenCredential;
use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use crate::communication_services::CommunicationServicesClient;
use crate::domains::DomainsClient;
use crate::email_services::EmailServicesClient;
use crate::options::ManagementClientOptions;
use crate::sender_usernames::SenderUsernamesClient;

/// The api-version every call sends.
pub(crate) const API_VERSION: &str = "2025-09-01";

/// The user-agent component of this crate.
const USER_AGENT_COMPONENT: &str = "communication-management";

/// The header that ties the requests of one client together in ARM's activity log.
pub(crate) const CORRELATION_REQUEST_ID: &str = "x-ms-correlation-request-id";

/// The generated `POST` operations that are safe to repeat (reading, checking, starting or
/// cancelling a verification, linking the same hub again). Regenerating a key is not.
const IDEMPOTENT_POSTS: &[&str] = &[
    "communication_services_list_keys",
    "communication_services_check_name_availability",
    "communication_services_link_notification_hub",
    "email_services_list_verified_exchange_online_domains",
    "domains_initiate_verification",
    "domains_cancel_verification",
];

/// The management client of Azure Communication Services: creates, reads, lists and deletes
/// Communication Services resources, Email Communication Services resources, their domains and
/// sender usernames in one Azure subscription, through Azure Resource Manager (ARM).
///
/// It authenticates with a Microsoft Entra ID [`TokenCredential`] (any `azure_core`
/// credential: `azure_identity`'s Azure CLI, environment or managed identity credentials, or
/// [`EmulatorCredential`](crate::EmulatorCredential) for the local emulator), asking for the
/// scope `https://management.azure.com/.default`. Every request goes through the shared
/// `acs-core` pipeline (authentication per attempt, retries with backoff honouring
/// `Retry-After`, `x-ms-client-request-id`, per-call timeouts and logs without secrets).
///
/// The operations are on four resource clients, from [`communication_services`],
/// [`email_services`], [`domains`] and [`sender_usernames`]. Creations, updates and deletions
/// that ARM runs in the background return an [`OperationPoller`](crate::OperationPoller) from
/// their `begin_*` form; the plain form waits for the end. Lists are lazy
/// [`Pager`](crate::Pager)s following `nextLink`.
///
/// The client is cheap to clone (one `Arc`), `Send + Sync`, and its `Debug` shows the
/// endpoint and the subscription, never a token.
///
/// [`communication_services`]: Self::communication_services
/// [`email_services`]: Self::email_services
/// [`domains`]: Self::domains
/// [`sender_usernames`]: Self::sender_usernames
///
/// ```no_run
/// use std::sync::Arc;
/// use acs_management::{CommunicationServiceCreate, ManagementClient};
///
/// # async fn example(credential: Arc<dyn azure_core::credentials::TokenCredential>) -> acs_management::Result<()> {
/// // e.g. `let credential = azure_identity::DeveloperToolsCredential::new(None)?;`
/// let client = ManagementClient::new("00000000-0000-0000-0000-000000000000", credential, None)?;
/// let resource = client
///     .communication_services()
///     .create_or_update(
///         "my-group",
///         "contoso-acs",
///         &CommunicationServiceCreate::new("global", "United States"),
///         None,
///     )
///     .await?;
/// println!("{}", resource.host_name.unwrap_or_default());
/// let keys = client.communication_services().list_keys("my-group", "contoso-acs", None).await?;
/// let connection_string = keys.primary_connection_string.expect("ARM sends the connection string");
/// # let _ = connection_string;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ManagementClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) endpoint: Url,
    /// The endpoint without a trailing slash: the generated client's base URL.
    base_url: String,
    pub(crate) subscription_id: uuid::Uuid,
    pipeline: Pipeline,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) min_poll_interval: Duration,
    pub(crate) max_poll_interval: Duration,
    pub(crate) default_poll_interval: Duration,
    correlation_request_id: Option<HeaderValue>,
}

/// One call: its per-call pipeline, the generated client built on it, and its options.
pub(crate) struct Call {
    pub(crate) pipeline: Pipeline,
    pub(crate) rest: acs_management_rest::Client,
    pub(crate) options: CallOptions,
}

impl Inner {
    /// The per-call pipeline (recording into `span`, with `options` and the client's
    /// correlation id) and generated client of one call.
    pub(crate) fn call(&self, span: tracing::Span, options: &CallOptions) -> Call {
        let options = self.with_correlation(options);
        let pipeline = self.pipeline.for_call(span, &options);
        let rest = acs_management_rest::Client::new_with_client(
            &self.base_url,
            pipeline.http_client().clone(),
            pipeline.clone(),
        );
        Call {
            pipeline,
            rest,
            options,
        }
    }

    /// A per-call pipeline without a generated client (polls, next pages).
    pub(crate) fn pipeline_for(&self, span: tracing::Span, options: &CallOptions) -> Pipeline {
        self.pipeline
            .for_call(span, &self.with_correlation(options))
    }

    /// `options` with the client's `x-ms-correlation-request-id`, unless the call sets one.
    fn with_correlation(&self, options: &CallOptions) -> CallOptions {
        let mut options = options.clone();
        if let Some(id) = &self.correlation_request_id
            && !options.headers.contains_key(CORRELATION_REQUEST_ID)
        {
            options
                .headers
                .insert(HeaderName::from_static(CORRELATION_REQUEST_ID), id.clone());
        }
        options
    }
}

impl ManagementClient {
    /// A client for the subscription `subscription_id` (a UUID), authenticating with
    /// `credential` for the scope `https://management.azure.com/.default`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use acs_management::{EmulatorCredential, ManagementClient, ManagementClientOptions};
    ///
    /// let client = ManagementClient::new(
    ///     "00000000-0000-0000-0000-000000000000",
    ///     Arc::new(EmulatorCredential::new()),
    ///     Some(ManagementClientOptions::default().with_endpoint("http://127.0.0.1:8080")),
    /// )?;
    /// assert_eq!(client.endpoint().as_str(), "http://127.0.0.1:8080/");
    /// assert!(ManagementClient::new("not-a-uuid", Arc::new(EmulatorCredential::new()), None).is_err());
    /// # Ok::<(), acs_management::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when the subscription id is not a UUID, the endpoint is not
    /// an `https` URL without a path (plain `http` only on loopback), the correlation id is not
    /// a valid header value or the poll intervals are inconsistent; [`ErrorKind::Transport`]
    /// when the HTTP client cannot be built.
    pub fn new(
        subscription_id: &str,
        credential: Arc<dyn TokenCredential>,
        options: Option<ManagementClientOptions>,
    ) -> Result<Self> {
        let options = options.unwrap_or_default();
        let subscription_id = uuid::Uuid::parse_str(subscription_id.trim()).map_err(|error| {
            Error::invalid_input("the subscription id must be a UUID").with_source(error)
        })?;
        let endpoint = parse_endpoint(&options.endpoint)?;
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
        let correlation_request_id = options
            .correlation_request_id
            .as_deref()
            .map(|id| {
                HeaderValue::from_str(id).map_err(|_| {
                    Error::invalid_input("the correlation request id is not a valid header value")
                })
            })
            .transpose()?;
        let clock = options.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let http = match options.http_client {
            Some(http) => http,
            None => acs_core::default_http_client(options.connect_timeout)?,
        };
        let credential = EntraTokenCredential::new(credential).with_scope(MANAGEMENT_SCOPE);
        let user_agent = acs_core::user_agent(
            USER_AGENT_COMPONENT,
            env!("CARGO_PKG_VERSION"),
            options.user_agent_suffix.as_deref(),
        );
        let mut builder = Pipeline::builder()
            .http_client(http)
            .auth(Arc::new(EntraAuthPolicy::new(credential)))
            .retry(options.retry)
            .clock(clock.clone())
            .user_agent(user_agent)
            .idempotent_operations(IDEMPOTENT_POSTS.iter().copied())
            .endpoint(endpoint.clone());
        if let Some(timeout) = options.timeout {
            builder = builder.timeout(timeout);
        }
        Ok(Self {
            inner: Arc::new(Inner {
                base_url: endpoint.as_str().trim_end_matches('/').to_owned(),
                endpoint,
                subscription_id,
                pipeline: builder.build(),
                clock,
                min_poll_interval: options.min_poll_interval,
                max_poll_interval: options.max_poll_interval,
                default_poll_interval: options.default_poll_interval,
                correlation_request_id,
            }),
        })
    }

    /// The Azure Resource Manager endpoint the client calls.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # let client = acs_management::ManagementClient::new(
    /// #     "00000000-0000-0000-0000-000000000000", Arc::new(acs_management::EmulatorCredential::new()), None)?;
    /// assert_eq!(client.endpoint().as_str(), "https://management.azure.com/");
    /// # Ok::<(), acs_management::Error>(())
    /// ```
    #[must_use]
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// The subscription the client works in, as a lower-case UUID.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # let client = acs_management::ManagementClient::new(
    /// #     "6E8F7C0A-0000-4000-8000-000000000001", Arc::new(acs_management::EmulatorCredential::new()), None)?;
    /// assert_eq!(client.subscription_id(), "6e8f7c0a-0000-4000-8000-000000000001");
    /// # Ok::<(), acs_management::Error>(())
    /// ```
    #[must_use]
    pub fn subscription_id(&self) -> String {
        self.inner.subscription_id.to_string()
    }

    /// The api-version every call sends.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # let client = acs_management::ManagementClient::new(
    /// #     "00000000-0000-0000-0000-000000000000", Arc::new(acs_management::EmulatorCredential::new()), None)?;
    /// assert_eq!(client.api_version(), "2025-09-01");
    /// # Ok::<(), acs_management::Error>(())
    /// ```
    #[must_use]
    pub fn api_version(&self) -> &'static str {
        API_VERSION
    }

    /// The client of Communication Services resources (`Microsoft.Communication/communicationServices`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let resource = client.communication_services().get("my-group", "contoso-acs", None).await?;
    /// println!("{:?}", resource.provisioning_state);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn communication_services(&self) -> CommunicationServicesClient {
        CommunicationServicesClient::new(self.clone())
    }

    /// The client of Email Communication Services resources (`Microsoft.Communication/emailServices`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let service = client.email_services().get("my-group", "contoso-email", None).await?;
    /// println!("{}", service.data_location);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn email_services(&self) -> EmailServicesClient {
        EmailServicesClient::new(self.clone())
    }

    /// The client of the email domains of Email Communication Services resources.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let domain = client.domains().get("my-group", "contoso-email", "AzureManagedDomain", None).await?;
    /// println!("{}", domain.from_sender_domain.unwrap_or_default());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn domains(&self) -> DomainsClient {
        DomainsClient::new(self.clone())
    }

    /// The client of the sender usernames of email domains.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let sender = client
    ///     .sender_usernames()
    ///     .get("my-group", "contoso-email", "AzureManagedDomain", "donotreply", None)
    ///     .await?;
    /// println!("{}", sender.username);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn sender_usernames(&self) -> SenderUsernamesClient {
        SenderUsernamesClient::new(self.clone())
    }

    /// Every operation of the `Microsoft.Communication` resource provider (`GET
    /// /providers/Microsoft.Communication/operations`), page after page.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let operations: Vec<_> = client.list_operations(None).try_collect().await?;
    /// for operation in operations {
    ///     println!("{}", operation.name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields a service, transport, timeout or credential error (and ends), or
    /// [`ErrorKind::InvalidInput`] for a malformed continuation link.
    pub fn list_operations(
        &self,
        options: Option<crate::options::ListOptions>,
    ) -> crate::Pager<crate::models::ProviderOperation> {
        let crate::options::ListOptions { call, continuation } = options.unwrap_or_default();
        let call = self
            .inner
            .call(acs_core::method_span!("operations_list"), &call);
        let pipeline = call.pipeline.clone();
        let start = match continuation {
            Some(link) => crate::pager::Start::Continuation(link),
            None => crate::pager::Start::First(Box::pin(async move {
                call.rest
                    .operations_list()
                    .api_version(API_VERSION)
                    .send()
                    .await
            })),
        };
        crate::Pager::new(
            pipeline,
            "operations_list",
            start,
            crate::convert::provider_operation,
        )
    }

    /// The absolute URL of `path` (starting with `/subscriptions/...`) on the endpoint, with
    /// the api-version.
    pub(crate) fn resource_url(&self, path: &str) -> Result<Url> {
        let mut url = self
            .inner
            .endpoint
            .join(path.trim_start_matches('/'))
            .map_err(|error| {
                Error::invalid_input("a resource path does not make a URL").with_source(error)
            })?;
        url.query_pairs_mut()
            .append_pair("api-version", API_VERSION);
        Ok(url)
    }
}

impl fmt::Debug for ManagementClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManagementClient")
            .field("endpoint", &self.inner.endpoint.as_str())
            .field("subscription_id", &self.inner.subscription_id)
            .field("api_version", &API_VERSION)
            .field("credential", &"Microsoft Entra ID token (management scope)")
            .finish_non_exhaustive()
    }
}

/// The ARM endpoint: an absolute `https` URL (or `http` on loopback) without a path.
fn parse_endpoint(endpoint: &str) -> Result<Url> {
    let url = Url::parse(endpoint.trim()).map_err(|error| {
        Error::invalid_input("the management endpoint is not an absolute URL").with_source(error)
    })?;
    if !is_allowed_scheme(&url) {
        return Err(Error::invalid_input(
            "the management endpoint must be https (plain http only on a loopback host)",
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid_input(
            "the management endpoint must not have a path, query or fragment",
        ));
    }
    Ok(url)
}

/// Whether `url` is `https`, or `http` on a loopback host.
pub(crate) fn is_allowed_scheme(url: &Url) -> bool {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => true,
        "http" => loopback,
        _ => false,
    }
}

/// Rejects an empty resource name before anything is sent.
pub(crate) fn require(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(format!(
            "the {what} must not be empty"
        )));
    }
    Ok(())
}
