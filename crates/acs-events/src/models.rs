//! The data of each kind of event, as this crate's own types.
//!
//! Every chat event carries the thread it is about; per-user events (the ones without
//! `InThread` in their type, one per participant) also carry the participant they are
//! delivered for in `recipient`. A field the service left out is `None` (or empty, for strings
//! the service is documented to always send and maps).

use std::collections::HashMap;

use acs_auth::CommunicationIdentifier;
use chrono::{DateTime, Utc};

/// A chat message event: received, edited, deleted, a typing indicator or a bot command.
///
/// ```
/// use acs_events::{AcsEvent, parse_delivery};
///
/// let body = br#"[{"id": "e1", "subject": "thread/19:t@thread.v2/sender/8:acs:a",
///   "eventType": "Microsoft.Communication.ChatMessageReceivedInThread",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
///   "data": {"messageId": "1733058000000", "messageBody": "hello", "type": "Text",
///     "threadId": "19:t@thread.v2", "transactionId": "tx",
///     "senderCommunicationIdentifier": {"rawId": "8:acs:a", "communicationUser": {"id": "8:acs:a"}}}}]"#;
/// let delivery = parse_delivery(body)?;
/// let AcsEvent::ChatMessageReceivedInThread(message) = &delivery.events().next().unwrap().data else {
///     panic!("another event");
/// };
/// assert_eq!(message.body.as_deref(), Some("hello"));
/// assert_eq!(message.sender.raw_id(), "8:acs:a");
/// assert!(message.recipient.is_none());
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatMessageEvent {
    /// The id of the thread (`19:...@thread.v2`).
    pub thread_id: String,
    /// Correlates the events one request caused.
    pub transaction_id: Option<String>,
    /// The participant this per-user event is delivered for; `None` for `InThread` events.
    pub recipient: Option<CommunicationIdentifier>,
    /// The id of the message (empty in typing indicators, which have none).
    pub message_id: String,
    /// Who sent the message.
    pub sender: CommunicationIdentifier,
    /// The display name of the sender.
    pub sender_display_name: Option<String>,
    /// When the message was first sent.
    pub compose_time: Option<DateTime<Utc>>,
    /// The message type as the service names it (`Text`, `Html`, ...; empty when absent).
    pub message_type: String,
    /// The version of the message.
    pub version: Option<i64>,
    /// The content of the message (not in deletion events).
    pub body: Option<String>,
    /// The metadata of the message.
    pub metadata: HashMap<String, String>,
    /// When the message was edited (edit events).
    pub edit_time: Option<DateTime<Utc>>,
    /// When the message was deleted (deletion events).
    pub delete_time: Option<DateTime<Utc>>,
}

/// A chat thread event: created, deleted, or its properties updated.
///
/// ```
/// use acs_events::{AcsEvent, parse_delivery};
///
/// let body = br#"[{"id": "e1", "subject": "thread/19:t@thread.v2/createdBy/8:acs:a",
///   "eventType": "Microsoft.Communication.ChatThreadCreated",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
///   "data": {"threadId": "19:t@thread.v2", "transactionId": "tx",
///     "createdByCommunicationIdentifier": {"rawId": "8:acs:a", "communicationUser": {"id": "8:acs:a"}},
///     "properties": {"topic": "Lunch"}, "participants": []}}]"#;
/// let delivery = parse_delivery(body)?;
/// let AcsEvent::ChatThreadCreated(thread) = &delivery.events().next().unwrap().data else {
///     panic!("another event");
/// };
/// assert_eq!(thread.topic(), Some("Lunch"));
/// assert_eq!(thread.initiator.raw_id(), "8:acs:a");
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatThreadEvent {
    /// The id of the thread (`19:...@thread.v2`).
    pub thread_id: String,
    /// Correlates the events one request caused.
    pub transaction_id: Option<String>,
    /// The participant this per-user event is delivered for; `None` for per-thread events.
    pub recipient: Option<CommunicationIdentifier>,
    /// Who created, deleted or updated the thread.
    pub initiator: CommunicationIdentifier,
    /// When the thread was created.
    pub create_time: Option<DateTime<Utc>>,
    /// The version of the thread.
    pub version: Option<i64>,
    /// When the thread was deleted or updated (deletion and update events).
    pub time: Option<DateTime<Utc>>,
    /// The thread's properties (`topic`, ...) at creation, or those that changed.
    pub properties: HashMap<String, serde_json::Value>,
    /// The metadata of the thread.
    pub metadata: HashMap<String, String>,
    /// The participants of a new thread (creation events).
    pub participants: Vec<ChatEventParticipant>,
}

impl ChatThreadEvent {
    /// The `topic` property, when the event carries one as a string.
    ///
    /// ```
    /// # use acs_events::{AcsEvent, parse_delivery};
    /// # let body = br#"[{"id": "e1", "subject": "s", "eventType": "Microsoft.Communication.ChatThreadPropertiesUpdated",
    /// #   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
    /// #   "data": {"threadId": "19:t@thread.v2", "transactionId": "tx", "metadata": {},
    /// #     "editedByCommunicationIdentifier": {"rawId": "8:acs:a"}, "properties": {"topic": "New"}}}]"#;
    /// # let delivery = parse_delivery(body)?;
    /// # let AcsEvent::ChatThreadPropertiesUpdated(thread) = &delivery.events().next().unwrap().data else { panic!() };
    /// assert_eq!(thread.topic(), Some("New"));
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn topic(&self) -> Option<&str> {
        self.properties
            .get("topic")
            .and_then(serde_json::Value::as_str)
    }
}

/// A participant of a chat thread, as events describe it.
///
/// ```
/// use acs_events::ChatEventParticipant;
///
/// fn names(participants: &[ChatEventParticipant]) -> Vec<&str> {
///     participants.iter().filter_map(|p| p.display_name.as_deref()).collect()
/// }
/// assert!(names(&[]).is_empty());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatEventParticipant {
    /// The participant.
    pub identifier: CommunicationIdentifier,
    /// The display name of the participant.
    pub display_name: Option<String>,
    /// The metadata of the participant.
    pub metadata: HashMap<String, String>,
}

/// A participant was added to or removed from a chat thread.
///
/// ```
/// use acs_events::{AcsEvent, parse_delivery};
///
/// let body = br#"[{"id": "e1", "subject": "thread/19:t@thread.v2/participantadded/8:acs:b",
///   "eventType": "Microsoft.Communication.ChatThreadParticipantAdded",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
///   "data": {"threadId": "19:t@thread.v2", "transactionId": "tx",
///     "addedByCommunicationIdentifier": {"rawId": "8:acs:a"},
///     "participantAdded": {"displayName": "Bob", "participantCommunicationIdentifier": {"rawId": "8:acs:b"}}}}]"#;
/// let delivery = parse_delivery(body)?;
/// let AcsEvent::ChatThreadParticipantAdded(added) = &delivery.events().next().unwrap().data else {
///     panic!("another event");
/// };
/// assert_eq!(added.participant.identifier.raw_id(), "8:acs:b");
/// assert_eq!(added.initiator.raw_id(), "8:acs:a");
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChatParticipantEvent {
    /// The id of the thread (`19:...@thread.v2`).
    pub thread_id: String,
    /// Correlates the events one request caused.
    pub transaction_id: Option<String>,
    /// The participant this per-user event is delivered for; `None` for per-thread events.
    pub recipient: Option<CommunicationIdentifier>,
    /// Who added or removed the participant.
    pub initiator: CommunicationIdentifier,
    /// The participant who was added or removed.
    pub participant: ChatEventParticipant,
    /// When the participant was added or removed.
    pub time: Option<DateTime<Utc>>,
    /// When the thread was created (per-user events).
    pub create_time: Option<DateTime<Utc>>,
    /// The version of the thread.
    pub version: Option<i64>,
}

open_enum! {
    /// The delivery status of an email; anything but `Delivered` means it was not delivered.
    ///
    /// Known values are recognised whatever their case (`delivered` is [`Delivered`](Self::Delivered)).
    ///
    /// ```
    /// use acs_events::EmailDeliveryStatus;
    ///
    /// assert_eq!(EmailDeliveryStatus::from("Delivered"), EmailDeliveryStatus::Delivered);
    /// assert_eq!(EmailDeliveryStatus::from("delivered"), EmailDeliveryStatus::Delivered);
    /// assert_eq!(EmailDeliveryStatus::from("Expanded").as_str(), "Expanded");
    /// ```
    pub enum EmailDeliveryStatus {
        /// `Bounced`: a hard bounce.
        Bounced => "Bounced",
        /// `Delivered`: the email was delivered.
        Delivered => "Delivered",
        /// `Failed`: the email could not be delivered.
        Failed => "Failed",
        /// `FilteredSpam`: rejected or blocked as spam.
        FilteredSpam => "FilteredSpam",
        /// `Quarantined`: quarantined as spam, bulk mail or phishing.
        Quarantined => "Quarantined",
        /// `Suppressed`: the recipient is on the suppression list.
        Suppressed => "Suppressed",
    }
}

open_enum! {
    /// How a recipient engaged with an email.
    ///
    /// ```
    /// use acs_events::EmailEngagement;
    ///
    /// assert_eq!(EmailEngagement::from("click"), EmailEngagement::Click);
    /// assert_eq!(EmailEngagement::from("forward").to_string(), "forward");
    /// ```
    pub enum EmailEngagement {
        /// `view`: the email was opened.
        View => "view",
        /// `click`: a link in the email was followed.
        Click => "click",
    }
}

/// The delivery report of an email sent to one recipient.
///
/// ```
/// use acs_events::{AcsEvent, EmailDeliveryStatus, parse_delivery};
///
/// let body = br#"[{"id": "e1", "subject": "sender/a@contoso.com/message/m1",
///   "eventType": "Microsoft.Communication.EmailDeliveryReportReceived",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
///   "data": {"sender": "a@contoso.com", "recipient": "b@contoso.com", "messageId": "m1",
///     "status": "Delivered", "deliveryStatusDetails": {"statusMessage": "No error."}}}]"#;
/// let delivery = parse_delivery(body)?;
/// let AcsEvent::EmailDeliveryReportReceived(report) = &delivery.events().next().unwrap().data else {
///     panic!("another event");
/// };
/// assert_eq!(report.status, Some(EmailDeliveryStatus::Delivered));
/// assert_eq!(report.status_message.as_deref(), Some("No error."));
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EmailDeliveryReport {
    /// The sender address.
    pub sender: String,
    /// The recipient address.
    pub recipient: String,
    /// The `Message-ID` header of the sent email.
    pub internet_message_id: Option<String>,
    /// The id of the send operation.
    pub message_id: Option<String>,
    /// The delivery status.
    pub status: Option<EmailDeliveryStatus>,
    /// The status as a message (`DestinationMailboxFull`, ...).
    pub status_message: Option<String>,
    /// The host name of the recipient's mail server.
    pub recipient_mail_server_host_name: Option<String>,
    /// When delivery was attempted.
    pub delivery_attempt_time: Option<DateTime<Utc>>,
}

/// A recipient opened an email or followed a link in it (engagement tracking).
///
/// ```
/// use acs_events::{AcsEvent, EmailEngagement, parse_delivery};
///
/// let body = br#"[{"id": "e1", "subject": "sender/a@contoso.com/message/m1",
///   "eventType": "Microsoft.Communication.EmailEngagementTrackingReportReceived",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
///   "data": {"sender": "a@contoso.com", "messageId": "m1", "engagementType": "view"}}]"#;
/// let delivery = parse_delivery(body)?;
/// let AcsEvent::EmailEngagementTrackingReportReceived(report) = &delivery.events().next().unwrap().data else {
///     panic!("another event");
/// };
/// assert_eq!(report.engagement, Some(EmailEngagement::View));
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EmailEngagementReport {
    /// The sender address.
    pub sender: Option<String>,
    /// The recipient address.
    pub recipient: Option<String>,
    /// The id of the send operation.
    pub message_id: Option<String>,
    /// When the recipient engaged.
    pub user_action_time: Option<DateTime<Utc>>,
    /// What the recipient engaged with (the link of a click).
    pub engagement_context: Option<String>,
    /// The user agent of the recipient.
    pub user_agent: Option<String>,
    /// The kind of engagement.
    pub engagement: Option<EmailEngagement>,
}

/// A user's connection to the service ended.
///
/// ```
/// use acs_events::{AcsEvent, parse_delivery};
///
/// let body = br#"{"specversion": "1.0", "id": "e1", "source": "/subscriptions/s",
///   "type": "Microsoft.Communication.UserDisconnected",
///   "data": {"userCommunicationIdentifier": {"rawId": "8:acs:a", "communicationUser": {"id": "8:acs:a"}}}}"#;
/// let delivery = parse_delivery(body)?;
/// let AcsEvent::UserDisconnected(event) = &delivery.events().next().unwrap().data else {
///     panic!("another event");
/// };
/// assert_eq!(event.user.as_ref().map(|user| user.raw_id()), Some("8:acs:a"));
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UserDisconnected {
    /// The user who was disconnected.
    pub user: Option<CommunicationIdentifier>,
}
