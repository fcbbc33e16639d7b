//! [`ChatClient`]: creates, lists and deletes threads, and hands out [`ChatThreadClient`]s.

use std::fmt;
use std::sync::Arc;

use acs_auth::{CommunicationTokenCredential, Endpoint, SystemClock};
use acs_chat_rest::types as wire;
use acs_core::{CallOptions, Error, Pipeline, Response, Result, UserTokenAuthPolicy};

use crate::convert;
use crate::models::{ChatThreadItem, CreateChatThreadResult};
use crate::options::{
    ChatApiVersion, ChatClientCreateChatThreadOptions, ChatClientDeleteChatThreadOptions,
    ChatClientListChatThreadsOptions, ChatClientOptions,
};
use crate::pager::{Pager, Start};
use crate::thread_client::ChatThreadClient;

/// `POST` operations that are safe to send twice, so the pipeline retries them like `GET`s.
/// (Creating a thread is made safe by its `repeatability-request-id`; sending a message is not
/// safe and is not listed.)
const IDEMPOTENT_POSTS: [&str; 4] = [
    "chat_thread_add_chat_participants",
    "chat_thread_remove_chat_participant",
    "chat_thread_send_chat_read_receipt",
    "chat_thread_send_typing_notification",
];

/// What a [`ChatClient`] and its [`ChatThreadClient`]s share.
pub(crate) struct ClientInner {
    pub(crate) endpoint: Endpoint,
    /// The endpoint without a trailing slash: the generated client's base URL.
    pub(crate) base_url: String,
    pub(crate) pipeline: Pipeline,
    pub(crate) api_version: ChatApiVersion,
}

/// One call: its per-call pipeline and the generated client built on it.
pub(crate) struct Call {
    pub(crate) pipeline: Pipeline,
    pub(crate) rest: acs_chat_rest::Client,
}

impl ClientInner {
    /// The per-call pipeline (recording into `span`, with `options`) and generated client of
    /// one call.
    pub(crate) fn call(&self, span: tracing::Span, options: &CallOptions) -> Call {
        let pipeline = self.pipeline.for_call(span, options);
        let rest = acs_chat_rest::Client::new_with_client(
            &self.base_url,
            pipeline.http_client().clone(),
            pipeline.clone(),
        );
        Call { pipeline, rest }
    }

    /// Fails when `used` names a feature the configured api-version does not have.
    pub(crate) fn require_metadata_support(&self, used: bool) -> Result<()> {
        if used && !self.api_version.has_metadata() {
            return Err(Error::invalid_input(format!(
                "thread metadata, retention policies and participant metadata need api-version \
                 2025-03-15 (this client calls {})",
                self.api_version
            )));
        }
        Ok(())
    }
}

/// Fails when a required id or text is empty.
pub(crate) fn require_non_empty(name: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(format!("{name} must not be empty")));
    }
    Ok(())
}

/// A page size or offset as the wire's `int32`.
pub(crate) fn to_i32(name: &str, value: Option<u32>) -> Result<Option<i32>> {
    value
        .map(|value| {
            i32::try_from(value)
                .map_err(|_| Error::invalid_input(format!("{name} must be at most {}", i32::MAX)))
        })
        .transpose()
}

/// The client for chat threads of a Communication Services resource, acting as one user (the
/// one the [`CommunicationTokenCredential`]'s tokens belong to).
///
/// Every request carries `Authorization: Bearer <user token>`; when the service answers 401,
/// the credential refreshes its token once (if it has a refresher) and the request is sent
/// again. Cloning is cheap and clones share one connection pool; the client is `Send + Sync`.
///
/// ```no_run
/// use acs_chat::{ChatClient, CommunicationTokenCredential};
///
/// # async fn example(user_token: String) -> Result<(), Box<dyn std::error::Error>> {
/// let credential = CommunicationTokenCredential::from_token(user_token)?;
/// let client = ChatClient::new("https://contoso.communication.azure.com", credential, None)?;
/// let created = client.create_chat_thread("Launch", None).await?;
/// let thread = client.chat_thread_client(&created.thread.id)?;
/// thread.send_message("Hello!", None).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ChatClient {
    inner: Arc<ClientInner>,
}

impl ChatClient {
    /// A client for the resource at `endpoint` (e.g. `https://contoso.communication.azure.com`),
    /// authenticating with `credential`.
    ///
    /// ```no_run
    /// use acs_chat::{ChatClient, CommunicationTokenCredential};
    ///
    /// # fn example(user_token: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// let credential = CommunicationTokenCredential::from_token(user_token)?;
    /// let client = ChatClient::new("https://contoso.communication.azure.com", credential, None)?;
    /// # let _ = client; Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `endpoint` is not an
    /// `https` URL without a path (`http` is accepted for loopback hosts only).
    pub fn new(
        endpoint: &str,
        credential: CommunicationTokenCredential,
        options: Option<ChatClientOptions>,
    ) -> Result<Self> {
        let options = options.unwrap_or_default();
        let endpoint = Endpoint::parse(endpoint)
            .map_err(|error| Error::invalid_input(error.to_string()).with_source(error))?;
        let suffix = options.user_agent_suffix.as_deref();
        let mut builder = Pipeline::builder()
            .auth(Arc::new(UserTokenAuthPolicy::new(credential)))
            .retry(options.retry)
            .clock(options.clock.unwrap_or_else(|| Arc::new(SystemClock)))
            .user_agent(acs_core::user_agent(
                "communication-chat",
                env!("CARGO_PKG_VERSION"),
                suffix,
            ))
            .idempotent_operations(IDEMPOTENT_POSTS)
            .endpoint(endpoint.url().clone())
            .follow_links_to_other_origins(options.follow_links_to_other_origins);
        let http = match options.http_client {
            Some(http) => http,
            None => acs_core::default_http_client(options.connect_timeout)?,
        };
        builder = builder.http_client(http);
        if let Some(timeout) = options.timeout {
            builder = builder.timeout(timeout);
        }
        let pipeline = builder.build();
        Ok(Self {
            inner: Arc::new(ClientInner {
                base_url: endpoint.to_string(),
                endpoint,
                pipeline,
                api_version: options.api_version,
            }),
        })
    }

    /// The endpoint of the resource (its `Display` has no trailing `/`).
    ///
    /// ```
    /// # let credential = acs_chat::CommunicationTokenCredential::from_token(
    /// #     "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln")?;
    /// let client = acs_chat::ChatClient::new("https://contoso.communication.azure.com/", credential, None)?;
    /// assert_eq!(client.endpoint().to_string(), "https://contoso.communication.azure.com");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// A client for the thread `thread_id`, sharing this client's credential and connections.
    ///
    /// ```no_run
    /// # async fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
    /// let created = client.create_chat_thread("Weekly sync", None).await?;
    /// let thread = client.chat_thread_client(&created.thread.id)?;
    /// thread.send_message("Welcome!", None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `thread_id` is empty.
    pub fn chat_thread_client(&self, thread_id: impl Into<String>) -> Result<ChatThreadClient> {
        let thread_id = thread_id.into();
        require_non_empty("the thread id", &thread_id)?;
        Ok(ChatThreadClient::new(Arc::clone(&self.inner), thread_id))
    }

    /// Creates a thread with `topic`; the caller becomes its first participant. The options add
    /// participants, metadata, a retention policy and the idempotency token.
    ///
    /// Every call sends a `repeatability-request-id` (the idempotency token, or a new UUID v4)
    /// and sends the same one on every retry, so a retried call never creates two threads.
    ///
    /// The thread is created even when the service refuses some participants: they come back
    /// in [`CreateChatThreadResult::invalid_participants`], each with its reason.
    ///
    /// ```no_run
    /// use acs_chat::models::{ChatParticipant, CommunicationIdentifier};
    /// use acs_chat::options::ChatClientCreateChatThreadOptions;
    ///
    /// # async fn example(client: acs_chat::ChatClient, other_user: &str) -> acs_chat::Result<()> {
    /// let result = client
    ///     .create_chat_thread(
    ///         "Launch",
    ///         Some(ChatClientCreateChatThreadOptions::default().with_participants(vec![
    ///             ChatParticipant::new(CommunicationIdentifier::from_raw_id(other_user))
    ///                 .with_display_name("Grace"),
    ///         ])),
    ///     )
    ///     .await?;
    /// for refused in &result.invalid_participants {
    ///     eprintln!("{} was not added: {} {}", refused.identifier, refused.code, refused.message);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput): the topic or the
    ///   idempotency token is empty, or metadata / a retention policy is used with api-version
    ///   2024-03-07;
    /// - [`ErrorKind::Service`](crate::ErrorKind::Service): the service refused the request;
    /// - [`ErrorKind::Credential`](crate::ErrorKind::Credential): no token could be obtained
    ///   (nothing was sent);
    /// - [`ErrorKind::Transport`](crate::ErrorKind::Transport) /
    ///   [`ErrorKind::Timeout`](crate::ErrorKind::Timeout): no answer;
    /// - [`ErrorKind::Decode`](crate::ErrorKind::Decode): the answer did not contain the thread.
    pub async fn create_chat_thread(
        &self,
        topic: impl Into<String>,
        options: Option<ChatClientCreateChatThreadOptions>,
    ) -> Result<Response<CreateChatThreadResult>> {
        let options = options.unwrap_or_default();
        let topic = topic.into();
        require_non_empty("the topic", &topic)?;
        self.inner.require_metadata_support(
            !options.metadata.is_empty()
                || options.retention_policy.is_some()
                || options.participants.iter().any(|p| !p.metadata.is_empty()),
        )?;
        let token = match options.idempotency_token {
            Some(token) => {
                require_non_empty("the idempotency token", &token)?;
                token
            }
            None => uuid::Uuid::new_v4().to_string(),
        };
        let body = wire::CreateChatThreadRequest {
            topic,
            participants: options
                .participants
                .iter()
                .map(convert::participant_to_wire)
                .collect(),
            metadata: options.metadata,
            retention_policy: options
                .retention_policy
                .as_ref()
                .map(convert::retention_policy_to_wire),
        };
        let call = self
            .inner
            .call(acs_core::method_span!("create_chat_thread"), &options.call);
        let result = call
            .rest
            .chat_create_chat_thread()
            .api_version(self.inner.api_version.as_str())
            .repeatability_request_id(token)
            .body(body)
            .send()
            .await;
        call.pipeline
            .finish(result)?
            .try_map(|result| convert::create_thread_result(result, &options.participants))
    }

    /// The threads the user takes part in, as a lazy [`Pager`] (nothing is sent until it is
    /// polled). The options set the page size and a start time, or resume from a continuation
    /// link.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    /// use acs_chat::options::ChatClientListChatThreadsOptions;
    ///
    /// # async fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
    /// let mut threads = client.list_chat_threads(Some(
    ///     ChatClientListChatThreadsOptions::default().with_max_page_size(20),
    /// ));
    /// while let Some(thread) = threads.try_next().await? {
    ///     println!("{} {}", thread.id, thread.topic);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields an error (and ends) for a page size above `i32::MAX` or a malformed
    /// continuation link, and otherwise as for [`create_chat_thread`](Self::create_chat_thread).
    pub fn list_chat_threads(
        &self,
        options: Option<ChatClientListChatThreadsOptions>,
    ) -> Pager<ChatThreadItem> {
        let options = options.unwrap_or_default();
        let inner = Arc::clone(&self.inner);
        let call = inner.call(acs_core::method_span!("list_chat_threads"), &options.call);
        let pipeline = call.pipeline.clone();
        let start = match (
            options.continuation,
            to_i32("max_page_size", options.max_page_size),
        ) {
            (Some(link), _) => Start::Continuation(link),
            (None, Err(error)) => Start::Failed(error),
            (None, Ok(max_page_size)) => Start::First(Box::pin(async move {
                let mut request = call
                    .rest
                    .chat_list_chat_threads()
                    .api_version(inner.api_version.as_str());
                if let Some(max_page_size) = max_page_size {
                    request = request.max_page_size(max_page_size);
                }
                if let Some(start_time) = options.start_time {
                    request = request.start_time(start_time);
                }
                request.send().await
            })),
        };
        Pager::new(
            pipeline,
            "chat_list_chat_threads",
            start,
            convert::thread_item,
        )
    }

    /// Deletes the thread `thread_id` for every participant.
    ///
    /// ```no_run
    /// # async fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
    /// let created = client.create_chat_thread("Temporary", None).await?;
    /// client.delete_chat_thread(&created.thread.id, None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for an empty id, otherwise
    /// as for [`create_chat_thread`](Self::create_chat_thread).
    pub async fn delete_chat_thread(
        &self,
        thread_id: &str,
        options: Option<ChatClientDeleteChatThreadOptions>,
    ) -> Result<Response<()>> {
        let ChatClientDeleteChatThreadOptions { call } = options.unwrap_or_default();
        require_non_empty("the thread id", thread_id)?;
        let call = self
            .inner
            .call(acs_core::method_span!("delete_chat_thread"), &call);
        let result = call
            .rest
            .chat_delete_chat_thread()
            .chat_thread_id(thread_id)
            .api_version(self.inner.api_version.as_str())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }
}

impl fmt::Debug for ChatClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatClient")
            .field("endpoint", &self.inner.endpoint)
            .field("api_version", &self.inner.api_version)
            .finish_non_exhaustive()
    }
}
