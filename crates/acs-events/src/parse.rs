//! Reading one delivery body into events.

use acs_events_model::types as wire;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::convert;
use crate::event::{AcsEvent, Event, EventSchema, SUBSCRIPTION_VALIDATION};
use crate::{Error, ErrorKind, Result};

/// The events of one delivery (one webhook request), in the order they arrived.
///
/// An event that cannot be read fails alone: its place holds an [`Error`] that names the event
/// and the field, and the other events are still there.
///
/// ```
/// use acs_events::parse_delivery;
///
/// let body = br#"[
///   {"id": "e1", "subject": "s", "eventType": "Contoso.A", "eventTime": "2026-12-01T13:00:00Z",
///    "dataVersion": "1", "data": {}},
///   {"id": "e2", "subject": "s", "eventType": "Contoso.B", "eventTime": "yesterday",
///    "dataVersion": "1", "data": {}}
/// ]"#;
/// let delivery = parse_delivery(body)?;
/// assert_eq!(delivery.len(), 2);
/// assert_eq!(delivery.events().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e1"]);
/// let error = delivery.errors().next().unwrap();
/// assert!(error.to_string().contains("eventTime"), "{error}");
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug)]
pub struct Delivery {
    schema: EventSchema,
    items: Vec<Result<Event>>,
}

impl Delivery {
    /// The schema the delivery arrived in.
    ///
    /// ```
    /// use acs_events::{EventSchema, parse_delivery};
    ///
    /// let body = br#"[{"specversion": "1.0", "id": "1", "source": "s", "type": "T"}]"#;
    /// assert_eq!(parse_delivery(body)?.schema(), EventSchema::CloudEvents);
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn schema(&self) -> EventSchema {
        self.schema
    }

    /// The events that could be read, in order.
    ///
    /// ```
    /// let delivery = acs_events::parse_delivery(b"[]")?;
    /// assert_eq!(delivery.events().count(), 0);
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.items.iter().filter_map(|item| item.as_ref().ok())
    }

    /// The errors of the events that could not be read, in order.
    ///
    /// ```
    /// let delivery = acs_events::parse_delivery(br#"[{"id": 1}]"#)?;
    /// assert_eq!(delivery.errors().count(), 1);
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Error> {
        self.items.iter().filter_map(|item| item.as_ref().err())
    }

    /// Every event or its error, in the order of the delivery.
    ///
    /// ```
    /// let delivery = acs_events::parse_delivery(br#"[{"id": 1}]"#)?;
    /// assert!(delivery.items()[0].is_err());
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn items(&self) -> &[Result<Event>] {
        &self.items
    }

    /// Every event or its error, owned, in the order of the delivery.
    ///
    /// ```
    /// let delivery = acs_events::parse_delivery(b"[]")?;
    /// assert!(delivery.into_items().is_empty());
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn into_items(self) -> Vec<Result<Event>> {
        self.items
    }

    /// How many events the delivery holds (read or not).
    ///
    /// ```
    /// assert_eq!(acs_events::parse_delivery(b"[]")?.len(), 0);
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the delivery holds no event.
    ///
    /// ```
    /// assert!(acs_events::parse_delivery(b"[]")?.is_empty());
    /// # Ok::<(), acs_events::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Reads one delivery body: an Event Grid array of events, a CloudEvents batch
/// (`application/cloudevents-batch+json`, an array) or one structured CloudEvent
/// (`application/cloudevents+json`). The schema is told by the events themselves (CloudEvents
/// carry `specversion`); an empty array is an Event Grid delivery.
///
/// # Errors
///
/// [`ErrorKind::InvalidBody`] when the body is not JSON, or neither an event nor an array. An
/// event that cannot be read fails alone (see [`Delivery`]).
///
/// ```
/// use acs_events::{AcsEvent, parse_delivery};
///
/// let body = br#"{"specversion": "1.0", "id": "e1", "source": "/subscriptions/s",
///   "type": "Microsoft.Communication.ChatMessageDeletedInThread", "time": "2026-12-01T13:00:00Z",
///   "data": {"messageId": "1", "type": "Text", "threadId": "19:t@thread.v2", "transactionId": "tx",
///     "senderCommunicationIdentifier": {"rawId": "8:acs:a"}, "deleteTime": "2026-12-01T13:00:00Z"}}"#;
/// let delivery = parse_delivery(body)?;
/// let event = delivery.events().next().unwrap();
/// assert_eq!(event.source.as_deref(), Some("/subscriptions/s"));
/// assert!(matches!(&event.data, AcsEvent::ChatMessageDeletedInThread(m) if m.delete_time.is_some()));
/// # Ok::<(), acs_events::Error>(())
/// ```
pub fn parse_delivery(body: &[u8]) -> Result<Delivery> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        Error::new(
            ErrorKind::InvalidBody,
            format!("the delivery is not JSON: {error}"),
        )
        .with_source(error)
    })?;
    let (items, single) = match value {
        Value::Array(items) => (items, false),
        object @ Value::Object(_) => (vec![object], true),
        other => {
            return Err(Error::new(
                ErrorKind::InvalidBody,
                format!(
                    "the delivery is neither an event nor an array of events (a JSON {})",
                    json_kind(&other)
                ),
            ));
        }
    };
    let schema = match items.first() {
        Some(first) if first.get("specversion").is_some() => EventSchema::CloudEvents,
        Some(_) if single => {
            return Err(Error::new(
                ErrorKind::InvalidBody,
                "the delivery is one JSON object without `specversion`: Event Grid delivers an \
                 array of events, CloudEvents carry `specversion`",
            ));
        }
        _ => EventSchema::EventGrid,
    };
    let items = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| match schema {
            EventSchema::EventGrid => event_grid(index, item),
            EventSchema::CloudEvents => cloud_event(index, item),
        })
        .collect();
    Ok(Delivery { schema, items })
}

/// One Event Grid event.
fn event_grid(index: usize, item: Value) -> Result<Event> {
    let envelope: wire::EventGridEvent = envelope(index, &item, "an Event Grid")?;
    let data = typed(&envelope.event_type, &envelope.data)?;
    Ok(Event {
        id: envelope.id,
        event_type: envelope.event_type,
        subject: Some(envelope.subject),
        time: Some(envelope.event_time),
        source: envelope.topic,
        data_version: Some(envelope.data_version),
        schema: EventSchema::EventGrid,
        data,
        raw_data: envelope.data,
    })
}

/// One CloudEvent (structured mode).
fn cloud_event(index: usize, item: Value) -> Result<Event> {
    let envelope: wire::CloudEvent = envelope(index, &item, "a CloudEvents")?;
    let raw_data = match (envelope.data, envelope.data_base64) {
        (Some(data), _) => data,
        (None, Some(base64)) => Value::String(base64),
        (None, None) => Value::Null,
    };
    let data = typed(&envelope.type_, &raw_data)?;
    Ok(Event {
        id: envelope.id,
        event_type: envelope.type_,
        subject: envelope.subject,
        time: envelope.time,
        source: Some(envelope.source),
        data_version: None,
        schema: EventSchema::CloudEvents,
        data,
        raw_data,
    })
}

/// The envelope of the event at `index`, or an error naming the field.
fn envelope<T: DeserializeOwned>(index: usize, item: &Value, schema: &str) -> Result<T> {
    serde_path_to_error::deserialize(item).map_err(|error| {
        let id = item
            .get("id")
            .and_then(Value::as_str)
            .map(|id| format!(" (id {id:?})"))
            .unwrap_or_default();
        Error::new(
            ErrorKind::InvalidEvent { index },
            format!(
                "event {index}{id} of the delivery is not {schema} event: at `{}`: {}",
                error.path(),
                error.inner()
            ),
        )
        .with_source(error.into_inner())
    })
}

/// The data of an event of `event_type`, typed.
fn typed(event_type: &str, data: &Value) -> Result<AcsEvent> {
    let event = match event_type {
        "Microsoft.Communication.ChatMessageReceived" => {
            AcsEvent::ChatMessageReceived(convert::message_received(decode(event_type, data)?))
        }
        "Microsoft.Communication.ChatMessageReceivedInThread" => {
            AcsEvent::ChatMessageReceivedInThread(convert::message_received_in_thread(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.ChatMessageEdited" => {
            AcsEvent::ChatMessageEdited(convert::message_edited(decode(event_type, data)?))
        }
        "Microsoft.Communication.ChatMessageEditedInThread" => AcsEvent::ChatMessageEditedInThread(
            convert::message_edited_in_thread(decode(event_type, data)?),
        ),
        "Microsoft.Communication.ChatMessageDeleted" => {
            AcsEvent::ChatMessageDeleted(convert::message_deleted(decode(event_type, data)?))
        }
        "Microsoft.Communication.ChatMessageDeletedInThread" => {
            AcsEvent::ChatMessageDeletedInThread(convert::message_deleted_in_thread(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.ChatTypingIndicatorReceivedInThread" => {
            AcsEvent::ChatTypingIndicatorReceivedInThread(convert::typing_indicator(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.ChatAzureBotCommandReceivedInThread" => {
            AcsEvent::ChatAzureBotCommandReceivedInThread(convert::bot_command(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.ChatThreadCreated" => {
            AcsEvent::ChatThreadCreated(convert::thread_created(decode(event_type, data)?))
        }
        "Microsoft.Communication.ChatThreadCreatedWithUser" => AcsEvent::ChatThreadCreatedWithUser(
            convert::thread_created_with_user(decode(event_type, data)?),
        ),
        "Microsoft.Communication.ChatThreadDeleted" => {
            AcsEvent::ChatThreadDeleted(convert::thread_deleted(decode(event_type, data)?))
        }
        "Microsoft.Communication.ChatThreadWithUserDeleted" => AcsEvent::ChatThreadWithUserDeleted(
            convert::thread_with_user_deleted(decode(event_type, data)?),
        ),
        "Microsoft.Communication.ChatThreadPropertiesUpdated" => {
            AcsEvent::ChatThreadPropertiesUpdated(convert::thread_properties_updated(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.ChatThreadPropertiesUpdatedPerUser" => {
            AcsEvent::ChatThreadPropertiesUpdatedPerUser(
                convert::thread_properties_updated_per_user(decode(event_type, data)?),
            )
        }
        "Microsoft.Communication.ChatThreadParticipantAdded" => {
            AcsEvent::ChatThreadParticipantAdded(convert::participant_added(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.ChatThreadParticipantRemoved" => {
            AcsEvent::ChatThreadParticipantRemoved(convert::participant_removed(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.ChatParticipantAddedToThreadWithUser" => {
            AcsEvent::ChatParticipantAddedToThreadWithUser(convert::participant_added_with_user(
                decode(event_type, data)?,
            ))
        }
        "Microsoft.Communication.ChatParticipantRemovedFromThreadWithUser" => {
            AcsEvent::ChatParticipantRemovedFromThreadWithUser(
                convert::participant_removed_with_user(decode(event_type, data)?),
            )
        }
        "Microsoft.Communication.EmailDeliveryReportReceived" => {
            AcsEvent::EmailDeliveryReportReceived(convert::email_delivery(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.EmailEngagementTrackingReportReceived" => {
            AcsEvent::EmailEngagementTrackingReportReceived(convert::email_engagement(decode(
                event_type, data,
            )?))
        }
        "Microsoft.Communication.UserDisconnected" => {
            AcsEvent::UserDisconnected(convert::user_disconnected(decode(event_type, data)?))
        }
        SUBSCRIPTION_VALIDATION => {
            let data: wire::SubscriptionValidationEventData = decode(event_type, data)?;
            AcsEvent::SubscriptionValidation {
                validation_code: data.validation_code.unwrap_or_default(),
                validation_url: data.validation_url,
            }
        }
        other => AcsEvent::Unknown {
            event_type: other.to_owned(),
            data: data.clone(),
        },
    };
    Ok(event)
}

/// Decodes the data of an event of `event_type`, naming the field that does not fit.
fn decode<T: DeserializeOwned>(event_type: &str, data: &Value) -> Result<T> {
    serde_path_to_error::deserialize(data).map_err(|error| {
        Error::new(
            ErrorKind::InvalidData {
                event_type: event_type.to_owned(),
            },
            format!(
                "the data of a {event_type} event does not fit its type: at `{}`: {}",
                error.path(),
                error.inner()
            ),
        )
        .with_source(error.into_inner())
    })
}

/// The JSON kind of a value, for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
