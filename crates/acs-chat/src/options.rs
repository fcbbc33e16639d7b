//! Options of the clients ([`ChatClientOptions`]) and of each operation
//! (`ChatClient{Method}Options`, `ChatThreadClient{Method}Options`).
//!
//! Every options struct has public fields and implements [`Default`]; set what you need and
//! leave the rest to `..Default::default()`:
//!
//! ```
//! use acs_chat::options::ChatThreadClientListMessagesOptions;
//!
//! let options = ChatThreadClientListMessagesOptions {
//!     max_page_size: Some(50),
//!     ..Default::default()
//! };
//! # let _ = options;
//! ```

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::Clock;
use acs_core::RetryOptions;
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
/// let options = ChatClientOptions {
///     retry: RetryOptions { max_retries: 5, ..Default::default() },
///     timeout: Some(Duration::from_secs(10)),
///     user_agent_suffix: Some("my-app/1.0".into()),
///     ..Default::default()
/// };
/// # let _ = options;
/// ```
#[derive(Clone)]
pub struct ChatClientOptions {
    /// The REST API version to call (default: 2025-03-15).
    pub api_version: ChatApiVersion,
    /// How requests are retried: 408, 429, 500, 502, 503, 504 and connection failures, with
    /// backoff and jitter, honouring `Retry-After`. Sending a message is never repeated once the
    /// service may have acted on it (it would post the message twice); creating a thread is
    /// (it carries a `repeatability-request-id`); the other operations are safe to repeat.
    pub retry: RetryOptions,
    /// The longest a single attempt may take (default: 30 seconds; `None`: no limit).
    pub timeout: Option<Duration>,
    /// Appended to the `User-Agent` header, e.g. `my-app/1.0`.
    pub user_agent_suffix: Option<String>,
    /// The HTTP client to send with, instead of a default one: the one escape hatch for
    /// proxies, custom TLS roots or connection pools. Per-attempt timeouts and retries still
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
            timeout: Some(Duration::from_secs(30)),
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
/// let options = ChatClientCreateChatThreadOptions {
///     participants: vec![
///         ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))
///             .with_display_name("Ada"),
///     ],
///     metadata: [("project".to_owned(), "apollo".to_owned())].into(),
///     retention_policy: Some(RetentionPolicy::ThreadCreationDate { delete_thread_after_days: 30 }),
///     idempotency_token: None,
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatClientCreateChatThreadOptions {
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatClientListChatThreadsOptions {
    /// The most threads per page (`maxPageSize`); the service picks when `None`.
    pub max_page_size: Option<u32>,
    /// Only threads with a message after this time (`startTime`).
    pub start_time: Option<DateTime<Utc>>,
    /// Resume from a [`Page::continuation`](crate::Page::continuation) link instead of starting
    /// at the first page; the link carries the other options, which are then ignored.
    pub continuation: Option<String>,
}

/// Options of [`ChatClient::delete_chat_thread`](crate::ChatClient::delete_chat_thread)
/// (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatClientDeleteChatThreadOptions {}

/// Options of [`ChatThreadClient::get_properties`](crate::ChatThreadClient::get_properties)
/// (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientGetPropertiesOptions {}

/// The changes of
/// [`ChatThreadClient::update_properties`](crate::ChatThreadClient::update_properties), sent as
/// a JSON merge patch: only what is set is sent, and what is not sent stays as it is.
///
/// Metadata keys are merged into the thread's metadata: keys not listed keep their values.
///
/// ```
/// use acs_chat::options::ChatThreadClientUpdatePropertiesOptions;
///
/// let update = ChatThreadClientUpdatePropertiesOptions {
///     topic: Some("Launch review".into()),
///     ..Default::default()
/// };
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatThreadClientUpdatePropertiesOptions {
    /// The new topic.
    pub topic: Option<String>,
    /// Metadata keys to add or overwrite (api-version 2025-03-15); an empty map sends nothing.
    pub metadata: HashMap<String, String>,
    /// The new retention policy (api-version 2025-03-15).
    pub retention_policy: Option<RetentionPolicy>,
}

/// Options of [`ChatThreadClient::send_message`](crate::ChatThreadClient::send_message).
///
/// ```
/// use acs_chat::models::ChatMessageType;
/// use acs_chat::options::ChatThreadClientSendMessageOptions;
///
/// let options = ChatThreadClientSendMessageOptions {
///     message_type: Some(ChatMessageType::Html),
///     sender_display_name: Some("Ada".into()),
///     ..Default::default()
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatThreadClientSendMessageOptions {
    /// [`ChatMessageType::Text`] or [`ChatMessageType::Html`]; the service assumes text when
    /// `None`.
    pub message_type: Option<ChatMessageType>,
    /// The display name of the sender, shown for example in push notifications.
    pub sender_display_name: Option<String>,
    /// Custom key/value pairs attached to the message.
    pub metadata: HashMap<String, String>,
}

/// Options of [`ChatThreadClient::get_message`](crate::ChatThreadClient::get_message)
/// (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientGetMessageOptions {}

/// Options of [`ChatThreadClient::list_messages`](crate::ChatThreadClient::list_messages).
///
/// The service lists messages newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientListMessagesOptions {
    /// The most messages per page (`maxPageSize`); the service picks when `None`.
    pub max_page_size: Option<u32>,
    /// Only messages after this time (`startTime`).
    pub start_time: Option<DateTime<Utc>>,
    /// Resume from a [`Page::continuation`](crate::Page::continuation) link instead of starting
    /// at the first page; the link carries the other options, which are then ignored.
    pub continuation: Option<String>,
}

/// The changes of
/// [`ChatThreadClient::update_message`](crate::ChatThreadClient::update_message), sent as a
/// JSON merge patch: only what is set is sent.
///
/// Metadata keys are merged into the message's metadata; **a key set to the empty string `""`
/// is removed** from it (that is how the service deletes a key).
///
/// ```
/// use acs_chat::options::ChatThreadClientUpdateMessageOptions;
///
/// let update = ChatThreadClientUpdateMessageOptions {
///     content: Some("Corrected text".into()),
///     metadata: [("draft".to_owned(), String::new())].into(), // removes `draft`
/// };
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientUpdateMessageOptions {
    /// The new text or HTML of the message.
    pub content: Option<String>,
    /// Metadata keys to set (`""` removes a key); an empty map sends nothing.
    pub metadata: HashMap<String, String>,
}

/// Options of [`ChatThreadClient::delete_message`](crate::ChatThreadClient::delete_message)
/// (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientDeleteMessageOptions {}

/// Options of
/// [`ChatThreadClient::list_participants`](crate::ChatThreadClient::list_participants).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientListParticipantsOptions {
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
/// (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientAddParticipantsOptions {}

/// Options of
/// [`ChatThreadClient::remove_participant`](crate::ChatThreadClient::remove_participant)
/// (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientRemoveParticipantOptions {}

/// Options of
/// [`ChatThreadClient::send_typing_notification`](crate::ChatThreadClient::send_typing_notification).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientSendTypingNotificationOptions {
    /// The display name of the typing user, shown for example in push notifications.
    pub sender_display_name: Option<String>,
}

/// Options of
/// [`ChatThreadClient::send_read_receipt`](crate::ChatThreadClient::send_read_receipt)
/// (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientSendReadReceiptOptions {}

/// Options of
/// [`ChatThreadClient::list_read_receipts`](crate::ChatThreadClient::list_read_receipts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatThreadClientListReadReceiptsOptions {
    /// The most read receipts per page (`maxPageSize`); the service picks when `None`.
    pub max_page_size: Option<u32>,
    /// How many read receipts to skip before the first page (`skip`).
    pub skip: Option<u32>,
    /// Resume from a [`Page::continuation`](crate::Page::continuation) link instead of starting
    /// at the first page; the link carries the other options, which are then ignored.
    pub continuation: Option<String>,
}
