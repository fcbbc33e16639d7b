//! [`CommunicationIdentityClient`]: users, access tokens and Teams credentials.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::{AccessKey, Clock, ConnectionString, Endpoint, HmacCredential, SystemClock};
use acs_core::{
    AuthPolicy, CallOptions, Error, HmacAuthPolicy, Pipeline, Response, Result, RetryOptions,
    StaticBearerAuthPolicy,
};
use acs_identity_rest::types as wire;
// For the intra-doc links of the `# Errors` sections.
#[cfg(doc)]
use acs_core::ErrorKind;

use crate::convert;
use crate::expires_in;
use crate::models::{
    AccessToken, CommunicationTokenScope, CommunicationUserIdentifier,
    CommunicationUserIdentifierAndToken, TeamsExtensionAssignment, TeamsExtensionPrincipalType,
    TeamsExtensionUserAndToken,
};
use crate::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientCreateUserOptions,
    CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions,
    CommunicationIdentityClientDeleteUserOptions,
    CommunicationIdentityClientExchangeTeamsExtensionTokenOptions,
    CommunicationIdentityClientGetTeamsExtensionAssignmentOptions,
    CommunicationIdentityClientGetTokenForTeamsUserOptions,
    CommunicationIdentityClientGetTokenOptions, CommunicationIdentityClientOptions,
    CommunicationIdentityClientRevokeTokensOptions,
    CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions, IdentityApiVersion,
};

/// The `POST` operations that are safe to send twice, by their generated method names: each
/// only issues (another) token or revokes tokens again. Creating an identity is not among
/// them: repeating it would create a second identity.
pub(crate) const IDEMPOTENT_POST_OPERATIONS: [&str; 4] = [
    "identity_operations_issue_access_token",
    "identity_operations_revoke_access_tokens",
    "teams_user_operations_exchange_teams_user_access_token",
    "teams_extension_operations_exchange_token",
];

/// The user-agent component of this crate.
const USER_AGENT_COMPONENT: &str = "communication-identity";

/// The identity client of Azure Communication Services: creates and deletes users, issues and
/// revokes their access tokens, exchanges Teams credentials for Communication Services tokens,
/// and manages Teams Phone extension assignments.
///
/// Every request goes through the shared `acs-core` pipeline: it is authenticated (HMAC-SHA256
/// with the access key, or an Entra ID token with the `entra` feature) afresh on every attempt,
/// retried on 408/429/5xx with backoff or as long as the service asks, and carries an
/// `x-ms-client-request-id`.
///
/// The client is cheap to clone (one `Arc`), `Send + Sync`, and its `Debug` shows the endpoint,
/// the api-version and the kind of credential, never the key.
///
/// ```no_run
/// use acs_identity::CommunicationIdentityClient;
/// use acs_identity::models::CommunicationTokenScope;
///
/// # async fn example() -> acs_identity::Result<()> {
/// let client = CommunicationIdentityClient::from_connection_string(
///     "endpoint=https://contoso.communication.azure.com/;accesskey=<base64 key>",
///     None,
/// )?;
/// let user = client.create_user(None).await?;
/// let token = client
///     .get_token(&user, &[CommunicationTokenScope::Chat, CommunicationTokenScope::Voip], None)
///     .await?;
/// println!("{} expires at {}", user.id(), token.expires_on);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CommunicationIdentityClient {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: Endpoint,
    /// The endpoint without a trailing slash: progenitor's base URL.
    base_url: String,
    api_version: IdentityApiVersion,
    credential: &'static str,
    pipeline: Pipeline,
    settings: PipelineSettings,
}

/// Everything but the authentication of a pipeline, kept to build the per-call pipeline of the
/// Teams Phone extension exchange (authenticated with the caller's token).
struct PipelineSettings {
    http: reqwest::Client,
    retry: RetryOptions,
    clock: Arc<dyn Clock>,
    user_agent: String,
    timeout: Option<Duration>,
    /// The resource's endpoint: the credentials go nowhere else, and request URLs are built
    /// on it parsed once.
    endpoint: reqwest::Url,
}

impl PipelineSettings {
    fn pipeline(&self, auth: Arc<dyn AuthPolicy>) -> Pipeline {
        let builder = Pipeline::builder()
            .http_client(self.http.clone())
            .endpoint(self.endpoint.clone())
            .auth(auth)
            .retry(self.retry.clone())
            .clock(self.clock.clone())
            .user_agent(self.user_agent.clone())
            .idempotent_operations(IDEMPOTENT_POST_OPERATIONS);
        match self.timeout {
            Some(timeout) => builder.timeout(timeout),
            None => builder,
        }
        .build()
    }
}

/// How the client authenticates, before the clock is known.
enum Credential {
    Key(AccessKey),
    #[cfg(feature = "entra")]
    Entra(acs_auth::EntraTokenCredential),
}

impl CommunicationIdentityClient {
    /// A client for the resource and access key of a connection string
    /// (`endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>`).
    ///
    /// ```
    /// use acs_identity::CommunicationIdentityClient;
    ///
    /// let client = CommunicationIdentityClient::from_connection_string(
    ///     "endpoint=https://contoso.communication.azure.com/;\
    ///      accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    ///     None,
    /// )?;
    /// assert!(format!("{client:?}").contains("https://contoso.communication.azure.com"));
    /// assert!(!format!("{client:?}").contains("AAECAwQF"));
    /// # Ok::<(), acs_identity::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when the connection string is malformed (the message says
    /// which part, never the key), the endpoint is not `https` (plain `http` is accepted for
    /// loopback hosts only) or the options are invalid (an empty api-version);
    /// [`ErrorKind::Transport`] when the HTTP client cannot be built.
    pub fn from_connection_string(
        connection_string: &str,
        options: Option<CommunicationIdentityClientOptions>,
    ) -> Result<Self> {
        let connection_string = ConnectionString::parse(connection_string).map_err(invalid)?;
        Self::with_connection_string(&connection_string, options)
    }

    /// A client for an already parsed [`ConnectionString`], e.g. one read with
    /// [`ConnectionString::from_env`].
    ///
    /// ```no_run
    /// use acs_auth::ConnectionString;
    /// use acs_identity::CommunicationIdentityClient;
    ///
    /// # fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// let connection_string = ConnectionString::from_env()?;
    /// let client = CommunicationIdentityClient::with_connection_string(&connection_string, None)?;
    /// # let _ = client;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`from_connection_string`](Self::from_connection_string).
    pub fn with_connection_string(
        connection_string: &ConnectionString,
        options: Option<CommunicationIdentityClientOptions>,
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
    /// use acs_identity::CommunicationIdentityClient;
    ///
    /// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// let client =
    ///     CommunicationIdentityClient::new("https://contoso.communication.azure.com/", key, None)?;
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
        options: Option<CommunicationIdentityClientOptions>,
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
    /// use acs_identity::CommunicationIdentityClient;
    ///
    /// # fn example(credential: Arc<dyn azure_core::credentials::TokenCredential>) -> acs_identity::Result<()> {
    /// // e.g. `let credential = azure_identity::DeveloperToolsCredential::new(None)?;`
    /// let client = CommunicationIdentityClient::with_token_credential(
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
        options: Option<CommunicationIdentityClientOptions>,
    ) -> Result<Self> {
        let endpoint = Endpoint::parse(endpoint).map_err(invalid)?;
        Self::build(endpoint, Credential::Entra(credential), options)
    }

    fn build(
        endpoint: Endpoint,
        credential: Credential,
        options: Option<CommunicationIdentityClientOptions>,
    ) -> Result<Self> {
        let options = options.unwrap_or_default();
        let api_version = options.api_version;
        let clock = options.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let http = match options.http_client {
            Some(http) => http,
            None => acs_core::default_http_client(options.connect_timeout)?,
        };
        let settings = PipelineSettings {
            http,
            retry: options.retry,
            clock: clock.clone(),
            user_agent: acs_core::user_agent(
                USER_AGENT_COMPONENT,
                env!("CARGO_PKG_VERSION"),
                options.user_agent_suffix.as_deref(),
            ),
            timeout: options.timeout,
            endpoint: endpoint.url().clone(),
        };
        let (auth, credential_kind): (Arc<dyn AuthPolicy>, _) = match credential {
            Credential::Key(key) => (
                Arc::new(HmacAuthPolicy::new(
                    HmacCredential::new(key).with_clock(clock),
                )),
                "access key (HMAC-SHA256)",
            ),
            #[cfg(feature = "entra")]
            Credential::Entra(credential) => (
                Arc::new(acs_core::EntraAuthPolicy::new(credential)),
                "Microsoft Entra ID token",
            ),
        };
        let base_url = endpoint.to_string();
        let pipeline = settings.pipeline(auth);
        Ok(Self {
            inner: Arc::new(Inner {
                endpoint,
                base_url,
                api_version,
                credential: credential_kind,
                pipeline,
                settings,
            }),
        })
    }

    /// The endpoint of the resource, normalised (no trailing `/`).
    ///
    /// ```
    /// # let client = acs_identity::CommunicationIdentityClient::from_connection_string(
    /// #     "endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", None)?;
    /// assert_eq!(client.endpoint().to_string(), "https://contoso.communication.azure.com");
    /// # Ok::<(), acs_identity::Error>(())
    /// ```
    #[must_use]
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The api-version the client calls.
    ///
    /// ```
    /// # let client = acs_identity::CommunicationIdentityClient::from_connection_string(
    /// #     "endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", None)?;
    /// assert_eq!(client.api_version().as_str(), "2026-09-23");
    /// # Ok::<(), acs_identity::Error>(())
    /// ```
    #[must_use]
    pub fn api_version(&self) -> IdentityApiVersion {
        self.inner.api_version
    }

    /// Creates a new user (`POST /identities`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// let user = client.create_user(None).await?;
    /// println!("created {}", user.id());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// A service error ([`ErrorKind::Service`]), or a transport, timeout or credential error.
    /// Creating a user is not idempotent: it is retried only when the service cannot have acted
    /// on it (a refused connection, or 429/503 with a retry-after header).
    pub async fn create_user(
        &self,
        options: Option<CommunicationIdentityClientCreateUserOptions>,
    ) -> Result<Response<CommunicationUserIdentifier>> {
        let CommunicationIdentityClientCreateUserOptions { call } = options.unwrap_or_default();
        let call = self.call(acs_core::method_span!("create_user"), &call);
        let result = call
            .rest
            .identity_operations_create()
            .api_version(self.api_version().as_str())
            .send()
            .await;
        Ok(call
            .pipeline
            .finish(result)?
            .map(|created| CommunicationUserIdentifier::new(created.identity.id)))
    }

    /// Creates a new user and issues an access token for it, in one request.
    ///
    /// ```no_run
    /// use std::time::Duration;
    ///
    /// use acs_identity::models::CommunicationTokenScope;
    /// use acs_identity::options::CommunicationIdentityClientCreateUserAndTokenOptions;
    ///
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// let created = client
    ///     .create_user_and_token(
    ///         &[CommunicationTokenScope::Chat],
    ///         Some(
    ///             CommunicationIdentityClientCreateUserAndTokenOptions::default()
    ///                 .with_expires_in(Duration::from_secs(60 * 60)),
    ///         ),
    ///     )
    ///     .await?;
    /// println!("{} until {}", created.user.id(), created.access_token.expires_on);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`], before anything is sent, when `scopes` is empty or
    /// `expires_in` is outside 1 to 24 hours; [`ErrorKind::Decode`] when the service returns no
    /// token; otherwise as for [`create_user`](Self::create_user) (including its retry rule).
    pub async fn create_user_and_token(
        &self,
        scopes: &[CommunicationTokenScope],
        options: Option<CommunicationIdentityClientCreateUserAndTokenOptions>,
    ) -> Result<Response<CommunicationUserIdentifierAndToken>> {
        let CommunicationIdentityClientCreateUserAndTokenOptions { call, expires_in } =
            options.unwrap_or_default();
        require_scopes(scopes)?;
        let body = wire::CommunicationIdentityCreateRequest {
            create_token_with_scopes: convert::scopes_to_wire(scopes),
            expires_in_minutes: expires_in::to_minutes(expires_in)?,
        };
        let call = self.call(acs_core::method_span!("create_user_and_token"), &call);
        let result = call
            .rest
            .identity_operations_create()
            .api_version(self.api_version().as_str())
            .body(body)
            .send()
            .await;
        call.pipeline
            .finish(result)?
            .try_map(convert::user_and_token)
    }

    /// Issues a new access token for an existing user (`POST
    /// /identities/{id}/:issueAccessToken`). Call it again to refresh a token.
    ///
    /// ```no_run
    /// use acs_identity::models::{CommunicationTokenScope, CommunicationUserIdentifier};
    ///
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// let user = CommunicationUserIdentifier::new("8:acs:<resource id>_<user id>");
    /// let token = client
    ///     .get_token(&user, &[CommunicationTokenScope::ChatJoinLimited], None)
    ///     .await?;
    /// // Hand `token.token.expose_secret()` to the user's device.
    /// # let _ = token;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`], before anything is sent, when the user id or `scopes` is
    /// empty or `expires_in` is outside 1 to 24 hours; otherwise a service, transport, timeout
    /// or credential error (after the configured retries: the operation is safe to repeat).
    pub async fn get_token(
        &self,
        user: &CommunicationUserIdentifier,
        scopes: &[CommunicationTokenScope],
        options: Option<CommunicationIdentityClientGetTokenOptions>,
    ) -> Result<Response<AccessToken>> {
        let CommunicationIdentityClientGetTokenOptions { call, expires_in } =
            options.unwrap_or_default();
        let id = require("the user id", user.id())?;
        require_scopes(scopes)?;
        let body = wire::CommunicationIdentityAccessTokenRequest {
            scopes: convert::scopes_to_wire(scopes),
            expires_in_minutes: expires_in::to_minutes(expires_in)?,
        };
        let call = self.call(acs_core::method_span!("get_token"), &call);
        let result = call
            .rest
            .identity_operations_issue_access_token()
            .id(id)
            .api_version(self.api_version().as_str())
            .body(body)
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(convert::access_token))
    }

    /// Revokes every access token issued so far for `user` (`POST
    /// /identities/{id}/:revokeAccessTokens`). The user is kept; new tokens can be issued.
    ///
    /// ```no_run
    /// # async fn example(client: acs_identity::CommunicationIdentityClient, user: acs_identity::models::CommunicationUserIdentifier) -> acs_identity::Result<()> {
    /// client.revoke_tokens(&user, None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty user id; otherwise a service, transport,
    /// timeout or credential error (after retries: the operation is safe to repeat).
    pub async fn revoke_tokens(
        &self,
        user: &CommunicationUserIdentifier,
        options: Option<CommunicationIdentityClientRevokeTokensOptions>,
    ) -> Result<Response<()>> {
        let CommunicationIdentityClientRevokeTokensOptions { call } = options.unwrap_or_default();
        let id = require("the user id", user.id())?;
        let call = self.call(acs_core::method_span!("revoke_tokens"), &call);
        let result = call
            .rest
            .identity_operations_revoke_access_tokens()
            .id(id)
            .api_version(self.api_version().as_str())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// Deletes `user`, revokes its tokens and removes its data (`DELETE /identities/{id}`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_identity::CommunicationIdentityClient, user: acs_identity::models::CommunicationUserIdentifier) -> acs_identity::Result<()> {
    /// client.delete_user(&user, None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty user id; otherwise a service, transport,
    /// timeout or credential error (after retries).
    pub async fn delete_user(
        &self,
        user: &CommunicationUserIdentifier,
        options: Option<CommunicationIdentityClientDeleteUserOptions>,
    ) -> Result<Response<()>> {
        let CommunicationIdentityClientDeleteUserOptions { call } = options.unwrap_or_default();
        let id = require("the user id", user.id())?;
        let call = self.call(acs_core::method_span!("delete_user"), &call);
        let result = call
            .rest
            .identity_operations_delete()
            .id(id)
            .api_version(self.api_version().as_str())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// Exchanges the Microsoft Entra ID access token of a Teams user for a Communication
    /// Services access token that expires with it (`POST /teamsUser/:exchangeAccessToken`).
    ///
    /// `client_id` is the Entra ID application's client id and `user_object_id` the Teams
    /// user's object id; the service checks them against the token's `appid` and `oid`
    /// claims.
    ///
    /// ```no_run
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// let token = client
    ///     .get_token_for_teams_user("<Entra ID token>", "<client id>", "<user object id>", None)
    ///     .await?;
    /// println!("valid until {}", token.expires_on);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when an argument is empty; otherwise a service (e.g. 401
    /// for a token that does not match the ids), transport, timeout or credential error.
    pub async fn get_token_for_teams_user(
        &self,
        entra_token: &str,
        client_id: &str,
        user_object_id: &str,
        options: Option<CommunicationIdentityClientGetTokenForTeamsUserOptions>,
    ) -> Result<Response<AccessToken>> {
        let CommunicationIdentityClientGetTokenForTeamsUserOptions { call } =
            options.unwrap_or_default();
        let body = wire::TeamsUserExchangeTokenRequest {
            token: require("the Entra ID token", entra_token)?.to_owned(),
            app_id: require("the client id", client_id)?.to_owned(),
            user_id: require("the user object id", user_object_id)?.to_owned(),
        };
        let call = self.call(acs_core::method_span!("get_token_for_teams_user"), &call);
        let result = call
            .rest
            .teams_user_operations_exchange_teams_user_access_token()
            .api_version(self.api_version().as_str())
            .body(body)
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(convert::access_token))
    }

    /// Exchanges the Microsoft Entra ID token of a Teams Phone extension user (or resource
    /// account) for its Communication Services identity and an access token (`POST
    /// /access/teamsExtension/:exchangeAccessToken`, api-version `2025-06-30` or later).
    ///
    /// The request is authenticated with `entra_token` itself (`Authorization: Bearer`, body
    /// `{}`), not with the client's credential.
    ///
    /// ```no_run
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// let exchanged = client
    ///     .exchange_teams_extension_token("<Entra ID token>", None)
    ///     .await?;
    /// println!("{} until {}", exchanged.user, exchanged.access_token.expires_on);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`], before anything is sent, when the token is empty or the
    /// client's api-version is older than `2025-06-30`; [`ErrorKind::Credential`] when the
    /// token cannot be sent as a header; [`ErrorKind::Decode`] when the service returns no
    /// token; otherwise a service, transport or timeout error.
    pub async fn exchange_teams_extension_token(
        &self,
        entra_token: &str,
        options: Option<CommunicationIdentityClientExchangeTeamsExtensionTokenOptions>,
    ) -> Result<Response<TeamsExtensionUserAndToken>> {
        let CommunicationIdentityClientExchangeTeamsExtensionTokenOptions { call } =
            options.unwrap_or_default();
        self.require_teams_extension()?;
        let token = require("the Entra ID token", entra_token)?;
        let pipeline = self
            .inner
            .settings
            .pipeline(Arc::new(StaticBearerAuthPolicy::new(token)))
            .for_call(
                acs_core::method_span!("exchange_teams_extension_token"),
                &call,
            );
        let rest = acs_identity_rest::Client::new_with_client(
            &self.inner.base_url,
            self.inner.settings.http.clone(),
            pipeline.clone(),
        );
        let result = rest
            .teams_extension_operations_exchange_token()
            .api_version(self.api_version().as_str())
            .body(wire::TeamsExtensionExchangeTokenRequest(
                serde_json::Map::new(),
            ))
            .send()
            .await;
        pipeline
            .finish(result)?
            .try_map(convert::teams_extension_user_and_token)
    }

    /// Reads the Teams Phone extension assignment of an Entra ID object (`GET
    /// /access/teamsExtension/tenants/{tenantId}/assignments/{objectId}`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// match client.get_teams_extension_assignment("<tenant id>", "<object id>", None).await {
    ///     Ok(assignment) => println!("{:?}", assignment.client_ids),
    ///     Err(error) if error.is_status(404) => println!("not assigned"),
    ///     Err(error) => return Err(error),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when an id is empty or the api-version is older than
    /// `2025-06-30`; a service error (404 when there is no assignment), or a transport, timeout
    /// or credential error.
    pub async fn get_teams_extension_assignment(
        &self,
        tenant_id: &str,
        object_id: &str,
        options: Option<CommunicationIdentityClientGetTeamsExtensionAssignmentOptions>,
    ) -> Result<Response<TeamsExtensionAssignment>> {
        let CommunicationIdentityClientGetTeamsExtensionAssignmentOptions { call } =
            options.unwrap_or_default();
        self.require_teams_extension()?;
        let call = self.call(
            acs_core::method_span!("get_teams_extension_assignment"),
            &call,
        );
        let result = call
            .rest
            .teams_extension_operations_get_assignment()
            .tenant_id(require("the tenant id", tenant_id)?)
            .object_id(require("the object id", object_id)?)
            .api_version(self.api_version().as_str())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(convert::assignment))
    }

    /// Creates or replaces the Teams Phone extension assignment of an Entra ID object (`PUT
    /// /access/teamsExtension/tenants/{tenantId}/assignments/{objectId}`; the service answers
    /// 201 when it created it and 200 when it replaced it).
    ///
    /// ```no_run
    /// use acs_identity::models::TeamsExtensionPrincipalType;
    /// use acs_identity::options::CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions;
    ///
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// let assignment = client
    ///     .upsert_teams_extension_assignment(
    ///         "<tenant id>",
    ///         "<object id>",
    ///         TeamsExtensionPrincipalType::User,
    ///         Some(
    ///             CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions::default()
    ///                 .with_client_ids(vec!["<client id>".to_owned()]),
    ///         ),
    ///     )
    ///     .await?;
    /// # let _ = assignment;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when an id is empty or the api-version is older than
    /// `2025-06-30`; otherwise a service, transport, timeout or credential error (after
    /// retries: a `PUT` is idempotent).
    pub async fn upsert_teams_extension_assignment(
        &self,
        tenant_id: &str,
        object_id: &str,
        principal_type: TeamsExtensionPrincipalType,
        options: Option<CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions>,
    ) -> Result<Response<TeamsExtensionAssignment>> {
        let CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions { call, client_ids } =
            options.unwrap_or_default();
        self.require_teams_extension()?;
        let body = wire::TeamsExtensionAssignmentCreateOrUpdateRequest {
            client_ids,
            principal_type: convert::principal_type_to_wire(&principal_type),
        };
        let call = self.call(
            acs_core::method_span!("upsert_teams_extension_assignment"),
            &call,
        );
        let result = call
            .rest
            .teams_extension_operations_upsert_assignment()
            .tenant_id(require("the tenant id", tenant_id)?)
            .object_id(require("the object id", object_id)?)
            .api_version(self.api_version().as_str())
            .body(body)
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(convert::assignment))
    }

    /// Removes the Teams Phone extension assignment of an Entra ID object (`DELETE
    /// /access/teamsExtension/tenants/{tenantId}/assignments/{objectId}`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
    /// client.delete_teams_extension_assignment("<tenant id>", "<object id>", None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] when an id is empty or the api-version is older than
    /// `2025-06-30`; otherwise a service, transport, timeout or credential error (after
    /// retries).
    pub async fn delete_teams_extension_assignment(
        &self,
        tenant_id: &str,
        object_id: &str,
        options: Option<CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions>,
    ) -> Result<Response<()>> {
        let CommunicationIdentityClientDeleteTeamsExtensionAssignmentOptions { call } =
            options.unwrap_or_default();
        self.require_teams_extension()?;
        let call = self.call(
            acs_core::method_span!("delete_teams_extension_assignment"),
            &call,
        );
        let result = call
            .rest
            .teams_extension_operations_delete_assignment()
            .tenant_id(require("the tenant id", tenant_id)?)
            .object_id(require("the object id", object_id)?)
            .api_version(self.api_version().as_str())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// The per-call pipeline and generated client of one call.
    fn call(&self, span: tracing::Span, options: &CallOptions) -> Call {
        let pipeline = self.inner.pipeline.for_call(span, options);
        let rest = acs_identity_rest::Client::new_with_client(
            &self.inner.base_url,
            pipeline.http_client().clone(),
            pipeline.clone(),
        );
        Call { pipeline, rest }
    }

    /// The Teams Phone extension operations exist from api-version 2025-06-30 on. Versions are
    /// dates (`YYYY-MM-DD`, maybe with a `-preview` suffix), so they compare as strings.
    fn require_teams_extension(&self) -> Result<()> {
        if !self.api_version().has_teams_extension() {
            return Err(Error::invalid_input(format!(
                "the Teams Phone extension operations require api-version \
                 2025-06-30 or later; this client calls {}",
                self.api_version()
            )));
        }
        Ok(())
    }
}

impl fmt::Debug for CommunicationIdentityClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.inner.settings;
        f.debug_struct("CommunicationIdentityClient")
            .field("endpoint", &self.inner.base_url)
            .field("api_version", &self.inner.api_version.as_str())
            .field("credential", &self.inner.credential)
            .field("retry", &settings.retry)
            .field("timeout", &settings.timeout)
            .finish_non_exhaustive()
    }
}

/// One call: its per-call pipeline and the generated client built on it.
struct Call {
    pipeline: Pipeline,
    rest: acs_identity_rest::Client,
}

/// An `acs-auth` error about an argument (connection string, endpoint) as invalid input.
fn invalid(error: acs_auth::Error) -> Error {
    Error::invalid_input(error.to_string()).with_source(error)
}

/// `value`, unless it is empty.
fn require<'a>(what: &str, value: &'a str) -> Result<&'a str> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(format!("{what} must not be empty")));
    }
    Ok(value)
}

fn require_scopes(scopes: &[CommunicationTokenScope]) -> Result<()> {
    if scopes.is_empty() {
        return Err(Error::invalid_input("at least one token scope is required"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONNECTION_STRING: &str = "endpoint=https://contoso.communication.azure.com/;\
        accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn idempotent_operations_are_generated_method_names() {
        for name in IDEMPOTENT_POST_OPERATIONS {
            let operation = acs_identity_rest::OPERATIONS
                .iter()
                .find(|operation| operation.method_name == name);
            assert_eq!(operation.map(|o| o.http_method), Some("POST"), "{name}");
        }
        assert!(!IDEMPOTENT_POST_OPERATIONS.contains(&"identity_operations_create"));
    }

    #[test]
    fn client_is_clone_send_sync_and_debug() {
        fn check<T: Clone + Send + Sync + fmt::Debug + 'static>() {}
        check::<CommunicationIdentityClient>();
    }

    #[test]
    fn debug_shows_no_key() {
        let client = CommunicationIdentityClient::from_connection_string(CONNECTION_STRING, None)
            .unwrap_or_else(|error| panic!("{error}"));
        let debug = format!("{client:?} {client:#?}");
        assert!(!debug.contains("AAECAwQF"), "{debug}");
        assert!(
            debug.contains("https://contoso.communication.azure.com\""),
            "{debug}"
        );
        assert!(debug.contains("2026-09-23"), "{debug}");
        assert!(debug.contains("HMAC"), "{debug}");
    }

    #[test]
    fn constructors_reject_bad_input() {
        let bad = [
            CommunicationIdentityClient::from_connection_string("endpoint=https://x", None),
            CommunicationIdentityClient::from_connection_string(
                "endpoint=http://contoso.communication.azure.com;accesskey=AAECAwQF",
                None,
            ),
        ];
        for result in bad {
            let error = result.expect_err("rejected");
            assert!(
                matches!(error.kind(), acs_core::ErrorKind::InvalidInput),
                "{error:?}"
            );
        }
        let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
            .unwrap_or_else(|error| panic!("{error}"));
        let error = CommunicationIdentityClient::new("contoso.communication.azure.com", key, None)
            .expect_err("no scheme");
        assert!(error.to_string().contains("scheme"), "{error}");
    }

    #[test]
    fn loopback_http_is_accepted_and_the_slash_dropped() {
        let client = CommunicationIdentityClient::from_connection_string(
            "endpoint=http://127.0.0.1:8443/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            None,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(client.inner.base_url, "http://127.0.0.1:8443");
    }
}
