//! One event: its envelope and its typed data.

use chrono::{DateTime, Utc};

use crate::models::{
    ChatMessageEvent, ChatParticipantEvent, ChatThreadEvent, EmailDeliveryReport,
    EmailEngagementReport, UserDisconnected,
};

/// The schema a delivery arrived in.
///
/// ```
/// use acs_events::{EventSchema, parse_delivery};
///
/// assert_eq!(parse_delivery(b"[]")?.schema(), EventSchema::EventGrid);
/// assert_eq!(EventSchema::CloudEvents.as_str(), "cloudevents");
/// assert_eq!("eventgrid".parse::<EventSchema>().ok(), Some(EventSchema::EventGrid));
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventSchema {
    /// The Event Grid event schema: a JSON array of events with `eventType`, `eventTime`,
    /// `topic`, `dataVersion`.
    EventGrid,
    /// CloudEvents 1.0 in the structured JSON format: one event
    /// (`application/cloudevents+json`) or an array of them
    /// (`application/cloudevents-batch+json`).
    CloudEvents,
}

impl EventSchema {
    /// The schema's name: `eventgrid` or `cloudevents`.
    ///
    /// ```
    /// assert_eq!(acs_events::EventSchema::EventGrid.as_str(), "eventgrid");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EventGrid => "eventgrid",
            Self::CloudEvents => "cloudevents",
        }
    }
}

impl std::fmt::Display for EventSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventSchema {
    type Err = crate::Error;

    /// `eventgrid` or `cloudevents`, whatever the case.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if value.eq_ignore_ascii_case("eventgrid") {
            Ok(Self::EventGrid)
        } else if value.eq_ignore_ascii_case("cloudevents") {
            Ok(Self::CloudEvents)
        } else {
            Err(crate::Error::new(
                crate::ErrorKind::UnexpectedSchema,
                format!("unknown event schema {value:?}: expected eventgrid or cloudevents"),
            ))
        }
    }
}

/// One event of a delivery: the envelope, and the data typed by event type.
///
/// ```
/// use acs_events::{AcsEvent, EventSchema, parse_delivery};
///
/// let body = br#"[{"id": "e1", "topic": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Communication/communicationServices/r",
///   "subject": "user/8:acs:a", "eventType": "Microsoft.Communication.UserDisconnected",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0", "metadataVersion": "1",
///   "data": {"userCommunicationIdentifier": {"rawId": "8:acs:a"}}}]"#;
/// let delivery = parse_delivery(body)?;
/// let event = delivery.events().next().unwrap();
/// assert_eq!(event.id, "e1");
/// assert_eq!(event.event_type, "Microsoft.Communication.UserDisconnected");
/// assert_eq!(event.subject.as_deref(), Some("user/8:acs:a"));
/// assert_eq!(event.data_version.as_deref(), Some("1.0"));
/// assert_eq!(event.schema, EventSchema::EventGrid);
/// assert!(matches!(event.data, AcsEvent::UserDisconnected(_)));
/// assert_eq!(event.raw_data()["userCommunicationIdentifier"]["rawId"], "8:acs:a");
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// The unique id of the event (Event Grid may deliver an event more than once: use the id
    /// to tell).
    pub id: String,
    /// The event type (`Microsoft.Communication.ChatMessageReceived`, ...).
    pub event_type: String,
    /// What the event is about, as a path (`thread/{threadId}/sender/{rawId}/...`).
    pub subject: Option<String>,
    /// When the event happened.
    pub time: Option<DateTime<Utc>>,
    /// The resource that published the event: the Event Grid `topic` or the CloudEvents
    /// `source`.
    pub source: Option<String>,
    /// The schema version of the data (Event Grid `dataVersion`; CloudEvents have none).
    pub data_version: Option<String>,
    /// The schema the event arrived in.
    pub schema: EventSchema,
    /// The data, typed by [`event_type`](Self::event_type).
    pub data: AcsEvent,
    /// The data as it arrived.
    pub(crate) raw_data: serde_json::Value,
}

impl Event {
    /// The data as it arrived, untyped (fields this version does not know included).
    ///
    /// ```
    /// # use acs_events::parse_delivery;
    /// let body = br#"{"specversion": "1.0", "id": "e1", "source": "s", "type": "Contoso.Custom",
    ///   "data": {"answer": 42}}"#;
    /// let delivery = parse_delivery(body)?;
    /// assert_eq!(delivery.events().next().unwrap().raw_data()["answer"], 42);
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn raw_data(&self) -> &serde_json::Value {
        &self.raw_data
    }
}

/// The typed data of an event, by event type.
///
/// Events of types this version does not know (or that ACS does not publish) are
/// [`Unknown`](Self::Unknown), with their data as JSON. Per-user chat events (without
/// `InThread` in their name) are published once per participant; per-thread ones once.
///
/// ```
/// use acs_events::{AcsEvent, parse_delivery};
///
/// let body = br#"[{"id": "e1", "subject": "s", "eventType": "Contoso.Items.ItemSold",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1", "data": {"item": 7}}]"#;
/// let delivery = parse_delivery(body)?;
/// match &delivery.events().next().unwrap().data {
///     AcsEvent::ChatMessageReceivedInThread(message) => println!("{:?}", message.body),
///     AcsEvent::Unknown { event_type, data } => {
///         assert_eq!(event_type, "Contoso.Items.ItemSold");
///         assert_eq!(data["item"], 7);
///     }
///     _ => {}
/// }
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AcsEvent {
    /// `Microsoft.Communication.ChatMessageReceived`: a message, for one recipient.
    ChatMessageReceived(ChatMessageEvent),
    /// `Microsoft.Communication.ChatMessageReceivedInThread`: a message, once per thread.
    ChatMessageReceivedInThread(ChatMessageEvent),
    /// `Microsoft.Communication.ChatMessageEdited`: a message was edited, for one recipient.
    ChatMessageEdited(ChatMessageEvent),
    /// `Microsoft.Communication.ChatMessageEditedInThread`: a message was edited.
    ChatMessageEditedInThread(ChatMessageEvent),
    /// `Microsoft.Communication.ChatMessageDeleted`: a message was deleted, for one recipient.
    ChatMessageDeleted(ChatMessageEvent),
    /// `Microsoft.Communication.ChatMessageDeletedInThread`: a message was deleted.
    ChatMessageDeletedInThread(ChatMessageEvent),
    /// `Microsoft.Communication.ChatTypingIndicatorReceivedInThread`: someone is typing.
    ChatTypingIndicatorReceivedInThread(ChatMessageEvent),
    /// `Microsoft.Communication.ChatAzureBotCommandReceivedInThread`: a command for a bot.
    ChatAzureBotCommandReceivedInThread(ChatMessageEvent),
    /// `Microsoft.Communication.ChatThreadCreated`: a thread was created.
    ChatThreadCreated(ChatThreadEvent),
    /// `Microsoft.Communication.ChatThreadCreatedWithUser`: a thread was created, for one
    /// participant.
    ChatThreadCreatedWithUser(ChatThreadEvent),
    /// `Microsoft.Communication.ChatThreadDeleted`: a thread was deleted.
    ChatThreadDeleted(ChatThreadEvent),
    /// `Microsoft.Communication.ChatThreadWithUserDeleted`: a thread was deleted, for one
    /// participant.
    ChatThreadWithUserDeleted(ChatThreadEvent),
    /// `Microsoft.Communication.ChatThreadPropertiesUpdated`: the topic (or other
    /// properties, or metadata) of a thread changed.
    ChatThreadPropertiesUpdated(ChatThreadEvent),
    /// `Microsoft.Communication.ChatThreadPropertiesUpdatedPerUser`: the same, for one
    /// participant.
    ChatThreadPropertiesUpdatedPerUser(ChatThreadEvent),
    /// `Microsoft.Communication.ChatThreadParticipantAdded`: a participant was added.
    ChatThreadParticipantAdded(ChatParticipantEvent),
    /// `Microsoft.Communication.ChatThreadParticipantRemoved`: a participant was removed.
    ChatThreadParticipantRemoved(ChatParticipantEvent),
    /// `Microsoft.Communication.ChatParticipantAddedToThreadWithUser`: a participant was
    /// added, for one participant.
    ChatParticipantAddedToThreadWithUser(ChatParticipantEvent),
    /// `Microsoft.Communication.ChatParticipantRemovedFromThreadWithUser`: a participant was
    /// removed, for one participant.
    ChatParticipantRemovedFromThreadWithUser(ChatParticipantEvent),
    /// `Microsoft.Communication.EmailDeliveryReportReceived`: the delivery status of an email.
    EmailDeliveryReportReceived(EmailDeliveryReport),
    /// `Microsoft.Communication.EmailEngagementTrackingReportReceived`: a recipient opened an
    /// email or followed a link.
    EmailEngagementTrackingReportReceived(EmailEngagementReport),
    /// `Microsoft.Communication.UserDisconnected`: a user's connection ended.
    UserDisconnected(UserDisconnected),
    /// `Microsoft.EventGrid.SubscriptionValidationEvent`: Event Grid asks the webhook to
    /// confirm the subscription ([`crate::validation_response`] answers it).
    SubscriptionValidation {
        /// The code to echo back.
        validation_code: String,
        /// A URL that validates the subscription when fetched, for manual validation.
        validation_url: Option<String>,
    },
    /// An event of another type, with its data as it arrived.
    Unknown {
        /// The event type.
        event_type: String,
        /// The data.
        data: serde_json::Value,
    },
}

/// The event type of the Event Grid subscription validation handshake.
pub(crate) const SUBSCRIPTION_VALIDATION: &str = "Microsoft.EventGrid.SubscriptionValidationEvent";

/// Every event type this crate types (the others are [`AcsEvent::Unknown`]).
///
/// ```
/// assert!(acs_events::EVENT_TYPES.contains(&"Microsoft.Communication.ChatMessageReceivedInThread"));
/// assert_eq!(acs_events::EVENT_TYPES.len(), 22);
/// ```
pub const EVENT_TYPES: &[&str] = &[
    "Microsoft.Communication.ChatMessageReceived",
    "Microsoft.Communication.ChatMessageReceivedInThread",
    "Microsoft.Communication.ChatMessageEdited",
    "Microsoft.Communication.ChatMessageEditedInThread",
    "Microsoft.Communication.ChatMessageDeleted",
    "Microsoft.Communication.ChatMessageDeletedInThread",
    "Microsoft.Communication.ChatTypingIndicatorReceivedInThread",
    "Microsoft.Communication.ChatAzureBotCommandReceivedInThread",
    "Microsoft.Communication.ChatThreadCreated",
    "Microsoft.Communication.ChatThreadCreatedWithUser",
    "Microsoft.Communication.ChatThreadDeleted",
    "Microsoft.Communication.ChatThreadWithUserDeleted",
    "Microsoft.Communication.ChatThreadPropertiesUpdated",
    "Microsoft.Communication.ChatThreadPropertiesUpdatedPerUser",
    "Microsoft.Communication.ChatThreadParticipantAdded",
    "Microsoft.Communication.ChatThreadParticipantRemoved",
    "Microsoft.Communication.ChatParticipantAddedToThreadWithUser",
    "Microsoft.Communication.ChatParticipantRemovedFromThreadWithUser",
    "Microsoft.Communication.EmailDeliveryReportReceived",
    "Microsoft.Communication.EmailEngagementTrackingReportReceived",
    "Microsoft.Communication.UserDisconnected",
    SUBSCRIPTION_VALIDATION,
];

impl AcsEvent {
    /// The event type this data belongs to.
    ///
    /// ```
    /// use acs_events::AcsEvent;
    ///
    /// let event = AcsEvent::Unknown { event_type: "Contoso.X".into(), data: serde_json::Value::Null };
    /// assert_eq!(event.event_type(), "Contoso.X");
    /// ```
    pub fn event_type(&self) -> &str {
        match self {
            Self::ChatMessageReceived(_) => EVENT_TYPES[0],
            Self::ChatMessageReceivedInThread(_) => EVENT_TYPES[1],
            Self::ChatMessageEdited(_) => EVENT_TYPES[2],
            Self::ChatMessageEditedInThread(_) => EVENT_TYPES[3],
            Self::ChatMessageDeleted(_) => EVENT_TYPES[4],
            Self::ChatMessageDeletedInThread(_) => EVENT_TYPES[5],
            Self::ChatTypingIndicatorReceivedInThread(_) => EVENT_TYPES[6],
            Self::ChatAzureBotCommandReceivedInThread(_) => EVENT_TYPES[7],
            Self::ChatThreadCreated(_) => EVENT_TYPES[8],
            Self::ChatThreadCreatedWithUser(_) => EVENT_TYPES[9],
            Self::ChatThreadDeleted(_) => EVENT_TYPES[10],
            Self::ChatThreadWithUserDeleted(_) => EVENT_TYPES[11],
            Self::ChatThreadPropertiesUpdated(_) => EVENT_TYPES[12],
            Self::ChatThreadPropertiesUpdatedPerUser(_) => EVENT_TYPES[13],
            Self::ChatThreadParticipantAdded(_) => EVENT_TYPES[14],
            Self::ChatThreadParticipantRemoved(_) => EVENT_TYPES[15],
            Self::ChatParticipantAddedToThreadWithUser(_) => EVENT_TYPES[16],
            Self::ChatParticipantRemovedFromThreadWithUser(_) => EVENT_TYPES[17],
            Self::EmailDeliveryReportReceived(_) => EVENT_TYPES[18],
            Self::EmailEngagementTrackingReportReceived(_) => EVENT_TYPES[19],
            Self::UserDisconnected(_) => EVENT_TYPES[20],
            Self::SubscriptionValidation { .. } => SUBSCRIPTION_VALIDATION,
            Self::Unknown { event_type, .. } => event_type,
        }
    }
}
