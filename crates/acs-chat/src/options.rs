//! Options of the clients ([`ChatClientOptions`]) and of each operation
//! (`ChatClient{Method}Options`, `ChatThreadClient{Method}Options`).
//!
//! One design for every options struct of acs-rs: public fields, [`Default`], and
//! `#[non_exhaustive]` (so fields can be added without breaking you). Start from `default()`
//! and chain the `with_*` setters, or assign fields of a `mut` value. Every per-method options
//! struct has a `call` field ([`CallOptions`]: a per-call timeout and
//! extra headers), the same on every method:
//!
//! ```
//! use std::time::Duration;
//! use acs_chat::CallOptions;
//! use acs_chat::options::ChatThreadClientListMessagesOptions;
//!
//! let options = ChatThreadClientListMessagesOptions::default()
//!     .with_max_page_size(50)
//!     .with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
//!
//! let mut same = ChatThreadClientListMessagesOptions::default();
//! same.max_page_size = Some(50);
//! same.call.timeout = Some(Duration::from_secs(5));
//! assert_eq!(options, same);
//! ```

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::Clock;
use acs_core::{CallOptions, RetryOptions};
use chrono::{DateTime, Utc};

use crate::models::{ChatMessageType, ChatParticipant, RetentionPolicy};

/// The versions of the Chat REST API this crate can call.
///
/// ```
/// use acs_chat::options::ChatApiVersion;
///
/// assert_eq!(ChatApiVersion::default().as_str(), "2025-03-15");
/// assert_eq!("2024-03-07".parse::<ChatApiVersion>(), Ok(ChatApiVersion::V2024_03_07));
/// assert!("2023-01-01".parse::<ChatApiVersion>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ChatApiVersion {
    /// `2025-03-15`, the default: thread metadata, retention policies, participant metadata.
    #[default]
    V2025_03_15,
    /// `2024-03-07`, the version the Python SDK 1.3 calls. It has no thread metadata, no
    /// retention policy and no participant metadata: options using them are rejected with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) before anything is sent.
    V2024_03_07,
}

impl ChatApiVersion {
    /// The api-version as it goes in the query string.
    ///
    /// ```
    /// use acs_chat::options::ChatApiVersion;
    ///
    /// assert_eq!(ChatApiVersion::V2024_03_07.as_str(), "2024-03-07");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2025_03_15 => "2025-03-15",
            Self::V2024_03_07 => "2024-03-07",
        }
    }

    /// Whether this version knows thread metadata, retention policies and participant metadata.
    pub(crate) fn has_metadata(self) -> bool {
        self != Self::V2024_03_07
    }
}

impl fmt::Display for ChatApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`ChatApiVersion`]: the text is not a version this crate supports.
///
/// ```
/// use acs_chat::options::ChatApiVersion;
///
/// let error = "2023-01-01".parse::<ChatApiVersion>().unwrap_err();
/// assert!(error.to_string().contains("2023-01-01"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedApiVersion(String);

impl fmt::Display for UnsupportedApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported chat api-version `{}` (supported: 2025-03-15, 2024-03-07)",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedApiVersion {}

impl FromStr for ChatApiVersion {
    type Err = UnsupportedApiVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "2025-03-15" => Ok(Self::V2025_03_15),
            "2024-03-07" => Ok(Self::V2024_03_07),
            other => Err(UnsupportedApiVersion(other.to_owned())),
        }
    }
}

/// Options of a [`ChatClient`](crate::ChatClient) (and of the
/// [`ChatThreadClient`](crate::ChatThreadClient)s it makes).
///
/// ```
/// use std::time::Duration;
/// use acs_chat::{ChatClientOptions, RetryOptions};
///
/// let options = ChatClientOptions::default()
///     .with_retry(RetryOptions::default().with_max_retries(5))
///     .with_timeout(Duration::from_secs(10))
///     .with_user_agent_suffix("my-app/1.0");
/// assert_eq!(options.connect_timeout, Some(acs_core::DEFAULT_CONNECT_TIMEOUT));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct ChatClientOptions {
    /// The REST API version to call (default: 2025-03-15).
    pub api_version: ChatApiVersion,
    /// How requests are retried: 408, 429, 500, 502, 503, 504 and connection failures, with
    /// backoff and jitter, honouring `Retry-After`. Sending a message is never repeated once the
    /// service may have acted on it (it would post the message twice); creating a thread is
    /// (it carries a `repeatability-request-id`); the other operations are safe to repeat.
    pub retry: RetryOptions,
    /// The longest a single attempt may take, from getting the token through reading the
    /// whole answer (default [`acs_core::DEFAULT_TIMEOUT`], 30 seconds; `None`: no limit).
    /// [`CallOptions::timeout`] replaces it for one call.
    pub timeout: Option<Duration>,
    /// How long connecting may take (default [`acs_core::DEFAULT_CONNECT_TIMEOUT`], 10
    /// seconds). Applies to the built-in HTTP client only, not to an
    /// [`http_client`](Self::http_client) you pass.
    pub connect_timeout: Option<Duration>,
    /// Appended to the `User-Agent` header, e.g. `my-app/1.0`.
    pub user_agent_suffix: Option<String>,
    /// The HTTP client to send with, instead of a default one: the one escape hatch for
    /// proxies, custom TLS roots or connection pools; build it with the re-exported
    /// [`acs_chat::reqwest`](crate::reqwest) so the versions match. Per-attempt timeouts and retries still
    /// come from these options.
    pub http_client: Option<reqwest::Client>,
    /// The clock retry waits run on (default: the system clock); tests pass an
    /// [`acs_auth::ManualClock`] to drive them.
    pub clock: Option<Arc<dyn Clock>>,
    /// Whether to follow a `nextLink` or continuation link on another origin (scheme, host or
    /// port) than the endpoint's (default: no). The user token is only ever sent to the
    /// endpoint's origin: with `false` such a link fails with `InvalidInput`, with `true` it is
    /// requested without any credentials.
    pub follow_links_to_other_origins: bool,
}

impl Default for ChatClientOptions {
    fn default() -> Self {
        Self {
            api_version: ChatApiVersion::default(),
            retry: RetryOptions::default(),
            timeout: Some(acs_core::DEFAULT_TIMEOUT),
            connect_timeout: Some(acs_core::DEFAULT_CONNECT_TIMEOUT),
            user_agent_suffix: None,
            http_client: None,
            clock: None,
            follow_links_to_other_origins: false,
        }
    }
}

impl fmt::Debug for ChatClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatClientOptions")
            .field("api_version", &self.api_version)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("http_client", &self.http_client.is_some())
            .field("clock", &self.clock)
            .field(
                "follow_links_to_other_origins",
                &self.follow_links_to_other_origins,
            )
            .finish()
    }
}

/// Options of [`ChatClient::create_chat_thread`](crate::ChatClient::create_chat_thread).
///
/// ```
/// use acs_chat::models::{ChatParticipant, CommunicationIdentifier, RetentionPolicy};
/// use acs_chat::options::ChatClientCreateChatThreadOptions;
///
/// let options = ChatClientCreateChatThreadOptions::default()
///     .with_participants(vec![
///         ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))
///             .with_display_name("Ada"),
///     ])
///     .with_metadata([("project".to_owned(), "apollo".to_owned())])
///     .with_retention_policy(RetentionPolicy::ThreadCreationDate { delete_thread_after_days: 30 });
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ChatClientCreateChatThreadOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// Participants to add when the thread is created; the creator is always a participant.
    pub participants: Vec<ChatParticipant>,
    /// Custom key/value pairs attached to the thread (at most 1 KB in total; api-version
    /// 2025-03-15).
    pub metadata: HashMap<String, String>,
    /// When the service deletes the thread on its own (api-version 2025-03-15).
    pub retention_policy: Option<RetentionPolicy>,
    /// The `repeatability-request-id`: a request repeated with the same token creates one
    /// thread only and answers with it again. A new UUID v4 is used when this is `None`; either
    /// way the same value is sent on every retry of the call.
    pub idempotency_token: Option<String>,
}

/// Options of [`ChatClient::list_chat_threads`](crate::ChatClient::list_chat_threads).
///
/// ```no_run
/// use acs_chat::options::ChatClientListChatThreadsOptions;
/// use futures::TryStreamExt as _;
///
/// # async fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
/// let options = ChatClientListChatThreadsOptions::default().with_max_page_size(20);
/// let items: Vec<_> = client.list_chat_threads(Some(options)).try_collect().await?;
/// # let _ = items;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatClientListChatThreadsOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The most threads per page (`maxPageSize`); the service picks when `None`.
    pub max_page_size: Option<u32>,
    /// Only threads with a message after this time (`startTime`).
    pub start_time: Option<DateTime<Utc>>,
    /// Resume from a [`Page::continuation`](crate::Page::continuation) link instead of starting
    /// at the first page; the link carries the other options, which are then ignored.
    pub continuation: Option<String>,
}

/// Options of [`ChatClient::delete_chat_thread`](crate::ChatClient::delete_chat_thread)
/// (only the per-call options).
///
/// ```no_run
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatClientDeleteChatThreadOptions;
///
/// # async fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
/// let options = ChatClientDeleteChatThreadOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// client.delete_chat_thread("19:example@thread.v2", Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatClientDeleteChatThreadOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of [`ChatThreadClient::get_properties`](crate::ChatThreadClient::get_properties)
/// (only the per-call options).
///
/// ```no_run
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientGetPropertiesOptions;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientGetPropertiesOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.get_properties(Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientGetPropertiesOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of
/// [`ChatThreadClient::update_properties`](crate::ChatThreadClient::update_properties); the
/// changes themselves are its [`ChatThreadPropertiesUpdate`](crate::models::ChatThreadPropertiesUpdate)
/// parameter.
///
/// ```no_run
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientUpdatePropertiesOptions;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientUpdatePropertiesOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.update_topic("New topic", Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientUpdatePropertiesOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of [`ChatThreadClient::send_message`](crate::ChatThreadClient::send_message).
///
/// ```
/// use acs_chat::models::ChatMessageType;
/// use acs_chat::options::ChatThreadClientSendMessageOptions;
///
/// let options = ChatThreadClientSendMessageOptions::default()
///     .with_message_type(ChatMessageType::Html)
///     .with_sender_display_name("Ada");
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ChatThreadClientSendMessageOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// [`ChatMessageType::Text`] or [`ChatMessageType::Html`]; the service assumes text when
    /// `None`.
    pub message_type: Option<ChatMessageType>,
    /// The display name of the sender, shown for example in push notifications.
    pub sender_display_name: Option<String>,
    /// Custom key/value pairs attached to the message.
    pub metadata: HashMap<String, String>,
}

/// Options of [`ChatThreadClient::get_message`](crate::ChatThreadClient::get_message)
/// (only the per-call options).
///
/// ```no_run
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientGetMessageOptions;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientGetMessageOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.get_message("1700000000000", Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientGetMessageOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of [`ChatThreadClient::list_messages`](crate::ChatThreadClient::list_messages).
///
/// The service lists messages newest first.
///
/// ```no_run
/// use acs_chat::options::ChatThreadClientListMessagesOptions;
/// use futures::TryStreamExt as _;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientListMessagesOptions::default().with_max_page_size(50);
/// let items: Vec<_> = thread.list_messages(Some(options)).try_collect().await?;
/// # let _ = items;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientListMessagesOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The most messages per page (`maxPageSize`); the service picks when `None`.
    pub max_page_size: Option<u32>,
    /// Only messages after this time (`startTime`).
    pub start_time: Option<DateTime<Utc>>,
    /// Resume from a [`Page::continuation`](crate::Page::continuation) link instead of starting
    /// at the first page; the link carries the other options, which are then ignored.
    pub continuation: Option<String>,
}

/// Options of
/// [`ChatThreadClient::update_message`](crate::ChatThreadClient::update_message) (only the
/// per-call options); the changes are its
/// [`ChatMessageUpdate`](crate::models::ChatMessageUpdate) parameter.
///
/// ```no_run
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientUpdateMessageOptions;
/// use acs_chat::models::ChatMessageUpdate;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientUpdateMessageOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.update_message("1700000000000", ChatMessageUpdate::default().with_content("Edited"), Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientUpdateMessageOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of [`ChatThreadClient::delete_message`](crate::ChatThreadClient::delete_message)
/// (only the per-call options).
///
/// ```no_run
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientDeleteMessageOptions;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientDeleteMessageOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.delete_message("1700000000000", Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientDeleteMessageOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of
/// [`ChatThreadClient::list_participants`](crate::ChatThreadClient::list_participants).
///
/// ```no_run
/// use acs_chat::options::ChatThreadClientListParticipantsOptions;
/// use futures::TryStreamExt as _;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientListParticipantsOptions::default().with_max_page_size(100).with_skip(0);
/// let items: Vec<_> = thread.list_participants(Some(options)).try_collect().await?;
/// # let _ = items;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientListParticipantsOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The most participants per page (`maxPageSize`); the service picks when `None`.
    pub max_page_size: Option<u32>,
    /// How many participants to skip before the first page (`skip`).
    pub skip: Option<u32>,
    /// Resume from a [`Page::continuation`](crate::Page::continuation) link instead of starting
    /// at the first page; the link carries the other options, which are then ignored.
    pub continuation: Option<String>,
}

/// Options of
/// [`ChatThreadClient::add_participants`](crate::ChatThreadClient::add_participants)
/// (only the per-call options).
///
/// ```no_run
/// use acs_auth::CommunicationIdentifier;
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientAddParticipantsOptions;
/// use acs_chat::models::ChatParticipant;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientAddParticipantsOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.add_participants(vec![ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))], Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientAddParticipantsOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of
/// [`ChatThreadClient::remove_participant`](crate::ChatThreadClient::remove_participant)
/// (only the per-call options).
///
/// ```no_run
/// use acs_auth::CommunicationIdentifier;
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientRemoveParticipantOptions;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientRemoveParticipantOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.remove_participant(CommunicationIdentifier::from_raw_id("8:acs:resource_user"), Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientRemoveParticipantOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of
/// [`ChatThreadClient::send_typing_notification`](crate::ChatThreadClient::send_typing_notification).
///
/// ```no_run
/// use acs_chat::options::ChatThreadClientSendTypingNotificationOptions;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientSendTypingNotificationOptions::default().with_sender_display_name("Ada");
/// thread.send_typing_notification(Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientSendTypingNotificationOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The display name of the typing user, shown for example in push notifications.
    pub sender_display_name: Option<String>,
}

/// Options of
/// [`ChatThreadClient::send_read_receipt`](crate::ChatThreadClient::send_read_receipt)
/// (only the per-call options).
///
/// ```no_run
/// use std::time::Duration;
///
/// use acs_chat::CallOptions;
/// use acs_chat::options::ChatThreadClientSendReadReceiptOptions;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientSendReadReceiptOptions::default().with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
/// thread.send_read_receipt("1700000000000", Some(options)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientSendReadReceiptOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
}

/// Options of
/// [`ChatThreadClient::list_read_receipts`](crate::ChatThreadClient::list_read_receipts).
///
/// ```no_run
/// use acs_chat::options::ChatThreadClientListReadReceiptsOptions;
/// use futures::TryStreamExt as _;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let options = ChatThreadClientListReadReceiptsOptions::default().with_max_page_size(50);
/// let items: Vec<_> = thread.list_read_receipts(Some(options)).try_collect().await?;
/// # let _ = items;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadClientListReadReceiptsOptions {
    /// Per-call options: a timeout and extra headers for this call (see [`CallOptions`]).
    pub call: CallOptions,
    /// The most read receipts per page (`maxPageSize`); the service picks when `None`.
    pub max_page_size: Option<u32>,
    /// How many read receipts to skip before the first page (`skip`).
    pub skip: Option<u32>,
    /// Resume from a [`Page::continuation`](crate::Page::continuation) link instead of starting
    /// at the first page; the link carries the other options, which are then ignored.
    pub continuation: Option<String>,
}

acs_core::options_setters!(acs_chat::options => ChatClientOptions {
    set with_api_version => api_version: ChatApiVersion = acs_chat::options::ChatApiVersion::V2024_03_07;
    set with_retry => retry: RetryOptions = acs_chat::RetryOptions::default().with_max_retries(5);
    some with_timeout => timeout: Duration = std::time::Duration::from_secs(10);
    some with_connect_timeout => connect_timeout: Duration = std::time::Duration::from_secs(3);
    some with_user_agent_suffix => user_agent_suffix: String = "my-app/1.0";
    some with_http_client => http_client: reqwest::Client = acs_chat::reqwest::Client::new();
    some with_clock => clock: Arc<dyn Clock> = std::sync::Arc::new(acs_auth::SystemClock) as std::sync::Arc<dyn acs_auth::Clock>;
    set_exact with_follow_links_to_other_origins => follow_links_to_other_origins: bool = true;
});
acs_core::options_setters!(acs_chat::options => ChatClientCreateChatThreadOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    set with_participants => participants: Vec<ChatParticipant> = vec![acs_chat::models::ChatParticipant::new(acs_auth::CommunicationIdentifier::from_raw_id("8:acs:resource_user")).with_display_name("Ada")];
    set with_metadata => metadata: HashMap<String, String> = [("priority".to_string(), "high".to_string())].into_iter().collect::<std::collections::HashMap<_, _>>();
    some with_retention_policy => retention_policy: RetentionPolicy = acs_chat::models::RetentionPolicy::ThreadCreationDate { delete_thread_after_days: 90 };
    some with_idempotency_token => idempotency_token: String = "3f1a6b7e-5c2d-4e8f-9a0b-1c2d3e4f5a6b";
});
acs_core::options_setters!(acs_chat::options => ChatClientListChatThreadsOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some_exact with_max_page_size => max_page_size: u32 = 50;
    some with_start_time => start_time: DateTime<Utc> = chrono::Utc::now() - chrono::TimeDelta::days(1);
    some with_continuation => continuation: String = "token-from-a-previous-page";
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientSendMessageOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some with_message_type => message_type: ChatMessageType = acs_chat::models::ChatMessageType::Html;
    some with_sender_display_name => sender_display_name: String = "Ada";
    set with_metadata => metadata: HashMap<String, String> = [("priority".to_string(), "high".to_string())].into_iter().collect::<std::collections::HashMap<_, _>>();
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientListMessagesOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some_exact with_max_page_size => max_page_size: u32 = 50;
    some with_start_time => start_time: DateTime<Utc> = chrono::Utc::now() - chrono::TimeDelta::days(1);
    some with_continuation => continuation: String = "token-from-a-previous-page";
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientUpdateMessageOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientListParticipantsOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some_exact with_max_page_size => max_page_size: u32 = 50;
    some_exact with_skip => skip: u32 = 10;
    some with_continuation => continuation: String = "token-from-a-previous-page";
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientSendTypingNotificationOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some with_sender_display_name => sender_display_name: String = "Ada";
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientListReadReceiptsOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
    some_exact with_max_page_size => max_page_size: u32 = 50;
    some_exact with_skip => skip: u32 = 10;
    some with_continuation => continuation: String = "token-from-a-previous-page";
});
acs_core::options_setters!(acs_chat::options => ChatClientDeleteChatThreadOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientGetPropertiesOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientUpdatePropertiesOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientGetMessageOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientDeleteMessageOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientAddParticipantsOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientRemoveParticipantOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
acs_core::options_setters!(acs_chat::options => ChatThreadClientSendReadReceiptOptions {
    set with_call => call: CallOptions = acs_chat::CallOptions::default().with_timeout(std::time::Duration::from_secs(5));
});
