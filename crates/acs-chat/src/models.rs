//! The values the chat clients take and return.
//!
//! Participants are identified by [`CommunicationIdentifier`]s (from `acs-auth`, re-exported
//! here). Output types are `#[non_exhaustive]`: read their public fields, and build the ones you
//! pass in ([`ChatParticipant`], [`RetentionPolicy`]) with their constructors.
//!
//! The extensible enums of the service ([`ChatMessageType`], [`ChatAttachmentType`]) keep
//! values this version does not know in `UnknownValue`, so a new kind of message never makes a
//! call fail.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use acs_core::open_enum;

pub use acs_auth::{
    CommunicationCloudEnvironment, CommunicationIdentifier, CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier, UnknownIdentifier,
};
open_enum! {
    /// The type of an attachment: `image`, `file`, or a value this version does not know.
    ///
    /// ```
    /// use acs_chat::models::ChatAttachmentType;
    ///
    /// assert_eq!(ChatAttachmentType::from("file"), ChatAttachmentType::File);
    /// assert_eq!(ChatAttachmentType::from("video").as_str(), "video");
    /// ```
    pub enum ChatAttachmentType in acs_chat::models {
        /// `image`
        Image => "image",
        /// `file`
        File => "file",
    }
}
open_enum! {
    /// The type of a message: `text` or `html` (sent by users), `topicUpdated`,
    /// `participantAdded` or `participantRemoved` (added by the service), or a value this version
    /// does not know (`UnknownValue`).
    ///
    /// ```
    /// use acs_chat::models::ChatMessageType;
    ///
    /// assert_eq!(ChatMessageType::Html.as_str(), "html");
    /// assert_eq!(ChatMessageType::from("poll"), ChatMessageType::UnknownValue("poll".into()));
    /// ```
    pub enum ChatMessageType in acs_chat::models {
        /// `text`
        Text => "text",
        /// `html`
        Html => "html",
        /// `topicUpdated`
        TopicUpdated => "topicUpdated",
        /// `participantAdded`
        ParticipantAdded => "participantAdded",
        /// `participantRemoved`
        ParticipantRemoved => "participantRemoved",
    }
}

/// When the service deletes a thread on its own.
///
/// ```
/// use acs_chat::models::RetentionPolicy;
///
/// let policy = RetentionPolicy::ThreadCreationDate { delete_thread_after_days: 90 };
/// assert_eq!(policy.kind(), "threadCreationDate");
/// assert_eq!(RetentionPolicy::None.kind(), "none");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetentionPolicy {
    /// Delete the thread a number of days after it was created (`threadCreationDate`).
    ThreadCreationDate {
        /// How many days after its creation the thread is deleted.
        delete_thread_after_days: i32,
    },
    /// Keep the thread (`none`); the service reports this when no policy was set.
    None,
    /// A policy this version of the crate does not know, by its `kind` (also used for a
    /// `threadCreationDate` policy that came without its number of days). Sending one sends
    /// just `{"kind": <kind>}`.
    Unknown(String),
}

impl RetentionPolicy {
    /// The wire `kind` of the policy.
    ///
    /// ```
    /// use acs_chat::models::RetentionPolicy;
    ///
    /// assert_eq!(RetentionPolicy::Unknown("legalHold".into()).kind(), "legalHold");
    /// ```
    #[must_use]
    pub fn kind(&self) -> &str {
        match self {
            Self::ThreadCreationDate { .. } => "threadCreationDate",
            Self::None => "none",
            Self::Unknown(kind) => kind,
        }
    }
}

/// A member of a thread: who it is, and how it appears.
///
/// To add one, build it with [`ChatParticipant::new`] and the `with_*` methods:
///
/// ```
/// use acs_chat::models::{ChatParticipant, CommunicationIdentifier};
/// use chrono::{TimeZone, Utc};
///
/// let participant = ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))
///     .with_display_name("Grace")
///     .with_share_history_time(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap())
///     .with_metadata([("role", "reviewer")]);
/// assert_eq!(participant.display_name.as_deref(), Some("Grace"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatParticipant {
    /// Who the participant is.
    pub identifier: CommunicationIdentifier,
    /// The display name of the participant.
    pub display_name: Option<String>,
    /// Messages from this moment on are visible to the participant. The service reports
    /// `1970-01-01T00:00:00Z` when none was set.
    pub share_history_time: Option<DateTime<Utc>>,
    /// Custom key/value pairs attached to the participant (api-version 2025-03-15).
    pub metadata: HashMap<String, String>,
}

impl ChatParticipant {
    /// A participant with only its identifier set.
    ///
    /// ```
    /// use acs_auth::CommunicationIdentifier;
    /// use acs_chat::models::ChatParticipant;
    ///
    /// let participant = ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"));
    /// assert_eq!(participant.identifier.raw_id(), "8:acs:resource_user");
    /// assert!(participant.display_name.is_none());
    /// ```
    #[must_use]
    pub fn new(identifier: impl Into<CommunicationIdentifier>) -> Self {
        Self {
            identifier: identifier.into(),
            display_name: None,
            share_history_time: None,
            metadata: HashMap::new(),
        }
    }

    /// Sets the display name.
    ///
    /// ```
    /// use acs_auth::CommunicationIdentifier;
    /// use acs_chat::models::ChatParticipant;
    ///
    /// let participant = ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))
    ///     .with_display_name("Ada");
    /// assert_eq!(participant.display_name.as_deref(), Some("Ada"));
    /// ```
    #[must_use]
    pub fn with_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.display_name = Some(display_name.into());
        self
    }

    /// Sets the moment from which the participant sees the thread's history.
    ///
    /// ```
    /// use acs_auth::CommunicationIdentifier;
    /// use acs_chat::models::ChatParticipant;
    /// use chrono::{TimeDelta, Utc};
    ///
    /// let since = Utc::now() - TimeDelta::days(7);
    /// let participant = ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))
    ///     .with_share_history_time(since);
    /// assert_eq!(participant.share_history_time, Some(since));
    /// ```
    #[must_use]
    pub fn with_share_history_time(mut self, share_history_time: DateTime<Utc>) -> Self {
        self.share_history_time = Some(share_history_time);
        self
    }

    /// Adds metadata key/value pairs (api-version 2025-03-15).
    ///
    /// ```
    /// use acs_auth::CommunicationIdentifier;
    /// use acs_chat::models::ChatParticipant;
    ///
    /// let participant = ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))
    ///     .with_metadata([("role", "moderator")]);
    /// assert_eq!(participant.metadata["role"], "moderator");
    /// ```
    #[must_use]
    pub fn with_metadata<K, V>(mut self, metadata: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.metadata.extend(
            metadata
                .into_iter()
                .map(|(key, value)| (key.into(), value.into())),
        );
        self
    }
}

impl From<CommunicationIdentifier> for ChatParticipant {
    fn from(identifier: CommunicationIdentifier) -> Self {
        Self::new(identifier)
    }
}

/// A chat thread, as [`ChatThreadClient::get_properties`](crate::ChatThreadClient::get_properties)
/// returns it.
///
/// ```no_run
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let properties = thread.get_properties(None).await?;
/// println!("{} was created on {} by {}", properties.topic, properties.created_on, properties.created_by.raw_id());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatThreadProperties {
    /// The id of the thread, e.g. `19:…@thread.v2`.
    pub id: String,
    /// The topic of the thread.
    pub topic: String,
    /// When the thread was created.
    pub created_on: DateTime<Utc>,
    /// Who created the thread.
    pub created_by: CommunicationIdentifier,
    /// When the thread was deleted, if it was.
    pub deleted_on: Option<DateTime<Utc>>,
    /// Custom key/value pairs attached to the thread.
    pub metadata: HashMap<String, String>,
    /// When the service deletes the thread on its own (api-version 2025-03-15 reports
    /// [`RetentionPolicy::None`] when none was set).
    pub retention_policy: Option<RetentionPolicy>,
}

/// A thread as it appears in [`ChatClient::list_chat_threads`](crate::ChatClient::list_chat_threads).
///
/// ```no_run
/// use futures::TryStreamExt as _;
///
/// # async fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
/// let mut threads = client.list_chat_threads(None);
/// while let Some(item) = threads.try_next().await? {
///     println!("{}: {} (last message {:?})", item.id, item.topic, item.last_message_received_on);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatThreadItem {
    /// The id of the thread.
    pub id: String,
    /// The topic of the thread.
    pub topic: String,
    /// When the thread was deleted, if it was.
    pub deleted_on: Option<DateTime<Utc>>,
    /// When the most recent message of the thread arrived.
    pub last_message_received_on: Option<DateTime<Utc>>,
}

/// A message of a thread, sent by a participant or added by the service.
///
/// Deleted messages stay in the list with an empty content and [`deleted_on`](Self::deleted_on)
/// set; edited ones have [`edited_on`](Self::edited_on).
///
/// ```no_run
/// use acs_chat::models::ChatMessageType;
/// use futures::TryStreamExt as _;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let mut messages = thread.list_messages(None);
/// while let Some(message) = messages.try_next().await? {
///     if message.message_type == ChatMessageType::Text && message.deleted_on.is_none() {
///         let text = message.content.and_then(|content| content.message).unwrap_or_default();
///         println!("{}: {text}", message.sender_display_name.unwrap_or_default());
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatMessage {
    /// The id of the message (a number of milliseconds, as a string).
    pub id: String,
    /// The type of the message; it decides which fields of [`content`](Self::content) are set.
    pub message_type: ChatMessageType,
    /// The position of the message in the thread, as a string.
    pub sequence_id: String,
    /// The version of the message; it changes whenever the message is edited or deleted.
    pub version: String,
    /// The body of the message.
    pub content: Option<ChatMessageContent>,
    /// The display name the sender gave (the service sends `""` when none was given).
    pub sender_display_name: Option<String>,
    /// Who sent the message; `None` on messages added by the service.
    pub sender: Option<CommunicationIdentifier>,
    /// When the service received the message.
    pub created_on: DateTime<Utc>,
    /// When the message was deleted, if it was.
    pub deleted_on: Option<DateTime<Utc>>,
    /// When the message was last edited, if it was.
    pub edited_on: Option<DateTime<Utc>>,
    /// Custom key/value pairs attached to the message.
    pub metadata: HashMap<String, String>,
}

/// The body of a message. Which fields are set depends on the message type.
///
/// ```no_run
/// # async fn example(thread: acs_chat::ChatThreadClient, message_id: &str) -> acs_chat::Result<()> {
/// let message = thread.get_message(message_id, None).await?;
/// if let Some(content) = &message.content {
///     for attachment in &content.attachments {
///         println!("attachment {} at {:?}", attachment.id, attachment.url);
///     }
///     for participant in &content.participants {
///         println!("participant {}", participant.identifier.raw_id());
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatMessageContent {
    /// The text or HTML of a `text` or `html` message.
    pub message: Option<String>,
    /// The new topic, on `topicUpdated` messages.
    pub topic: Option<String>,
    /// The participants added or removed, on `participantAdded` and `participantRemoved`
    /// messages.
    pub participants: Vec<ChatParticipant>,
    /// Files and images attached to the message.
    pub attachments: Vec<ChatAttachment>,
    /// Who caused a service message (changed the topic, added or removed participants).
    pub initiator: Option<CommunicationIdentifier>,
}

/// A file or image attached to a message.
///
/// ```
/// use acs_chat::models::{ChatAttachment, ChatAttachmentType};
///
/// fn images(attachments: &[ChatAttachment]) -> impl Iterator<Item = &ChatAttachment> {
///     attachments.iter().filter(|a| a.attachment_type == ChatAttachmentType::Image)
/// }
/// assert_eq!(images(&[]).count(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatAttachment {
    /// The id of the attachment.
    pub id: String,
    /// Whether the attachment is an image or a file.
    pub attachment_type: ChatAttachmentType,
    /// The file name of the attachment.
    pub name: Option<String>,
    /// Download URL of the attachment.
    pub url: Option<String>,
    /// Download URL of a preview (thumbnail) of the attachment.
    pub preview_url: Option<String>,
}

/// Records that a participant has read a message.
///
/// ```no_run
/// use futures::TryStreamExt as _;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let receipts: Vec<_> = thread.list_read_receipts(None).try_collect().await?;
/// for receipt in receipts {
///     println!("{} read {} at {}", receipt.sender.raw_id(), receipt.chat_message_id, receipt.read_on);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatMessageReadReceipt {
    /// The participant who read the message.
    pub sender: CommunicationIdentifier,
    /// The id of the message that was read.
    pub chat_message_id: String,
    /// When the message was read.
    pub read_on: DateTime<Utc>,
}

/// The outcome of [`ChatThreadClient::send_message`](crate::ChatThreadClient::send_message).
///
/// ```no_run
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let sent = thread.send_message("Hello!", None).await?;
/// thread.send_read_receipt(&sent.id, None).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SendChatMessageResult {
    /// The id the service gave the new message.
    pub id: String,
}

/// A participant the service refused to add, with its reason.
///
/// The service names the participant by raw id (the error's `target`); when it matches a
/// participant of the request, [`identifier`](Self::identifier) is that participant's
/// identifier as given, otherwise the identifier the raw id encodes (an unknown identifier
/// with an empty raw id when the service named none).
///
/// ```
/// use acs_chat::models::AddChatParticipantsResult;
///
/// fn report(result: &AddChatParticipantsResult) {
///     for refused in &result.invalid_participants {
///         eprintln!("{} not added: {} {}", refused.identifier.raw_id(), refused.code, refused.message);
///     }
/// }
/// report(&AddChatParticipantsResult::default());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidParticipant {
    /// Who could not be added.
    pub identifier: CommunicationIdentifier,
    /// The service's error code, e.g. `403`.
    pub code: String,
    /// The service's explanation, e.g. `Permissions check failed`; empty when the service gave
    /// none (it sometimes leaves the message out of these errors).
    pub message: String,
}

/// The outcome of [`ChatClient::create_chat_thread`](crate::ChatClient::create_chat_thread): the
/// thread, and the participants that could not be added to it.
///
/// The thread is created even when some participants are refused.
///
/// ```no_run
/// # async fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
/// let created = client.create_chat_thread("Weekly sync", None).await?;
/// let thread = client.chat_thread_client(&created.thread.id)?;
/// assert!(created.invalid_participants.is_empty());
/// # let _ = thread; Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CreateChatThreadResult {
    /// The new thread (or, for a repeated idempotency token, the thread created the first time).
    pub thread: ChatThreadProperties,
    /// The participants that could not be added; empty when all were.
    pub invalid_participants: Vec<InvalidParticipant>,
}

/// The outcome of [`ChatThreadClient::add_participants`](crate::ChatThreadClient::add_participants).
///
/// The call succeeds even when some participants are refused: check
/// [`invalid_participants`](Self::invalid_participants).
///
/// ```no_run
/// use acs_auth::CommunicationIdentifier;
/// use acs_chat::models::ChatParticipant;
///
/// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
/// let newcomer = ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"));
/// let result = thread.add_participants(vec![newcomer], None).await?;
/// for refused in &result.invalid_participants {
///     eprintln!("not added: {} ({})", refused.identifier.raw_id(), refused.code);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AddChatParticipantsResult {
    /// The participants that could not be added; empty when all were.
    pub invalid_participants: Vec<InvalidParticipant>,
}

pub use crate::updates::{ChatMessageUpdate, ChatThreadPropertiesUpdate};
