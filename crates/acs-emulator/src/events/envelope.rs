//! One event as the emulator publishes it, and its two wire forms: the Event Grid schema and
//! CloudEvents 1.0 (structured mode).

use acs_events_model::types::{CloudEvent, EventGridEvent, SubscriptionValidationEventData};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use super::webhook::EventSchema;

/// An event, schema-agnostic: rendered into a schema when delivered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    pub(crate) id: String,
    /// `Microsoft.Communication.ChatMessageReceived`, ...
    pub(crate) event_type: &'static str,
    pub(crate) subject: String,
    pub(crate) time: DateTime<Utc>,
    pub(crate) data: Value,
}

impl Event {
    /// A new event with a random id.
    pub(crate) fn new(
        event_type: &'static str,
        subject: String,
        time: DateTime<Utc>,
        data: Value,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            event_type,
            subject,
            time,
            data,
        }
    }
}

/// The `topic` (Event Grid) or `source` (CloudEvents) of the emulator's events: the ARM id of
/// a Communication Services resource.
pub(crate) fn topic(resource_name: &str) -> String {
    format!(
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acs-emulator/providers/Microsoft.Communication/communicationServices/{resource_name}"
    )
}

/// Times as the service writes them (`2021-02-19T00:25:59.9436666Z`: UTC, fraction kept).
pub(crate) fn time_text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// One event in the Event Grid schema.
pub(crate) fn event_grid(event: &Event, topic: &str) -> Value {
    serde_json::to_value(EventGridEvent {
        data: event.data.clone(),
        data_version: "1.0".to_owned(),
        event_time: event.time,
        event_type: event.event_type.to_owned(),
        id: event.id.clone(),
        metadata_version: Some("1".to_owned()),
        subject: event.subject.clone(),
        topic: Some(topic.to_owned()),
    })
    .unwrap_or_default()
}

/// One event as a structured CloudEvent.
pub(crate) fn cloud_event(event: &Event, source: &str) -> Value {
    serde_json::to_value(CloudEvent {
        data: Some(event.data.clone()),
        data_base64: None,
        datacontenttype: Some("application/json".to_owned()),
        dataschema: None,
        id: event.id.clone(),
        source: source.to_owned(),
        specversion: "1.0".to_owned(),
        subject: Some(event.subject.clone()),
        time: Some(event.time),
        type_: event.event_type.to_owned(),
    })
    .unwrap_or_default()
}

/// The body and content type of one delivery of `events` (at least one).
pub(crate) fn body(schema: EventSchema, events: &[&Event], topic: &str) -> (Vec<u8>, &'static str) {
    match schema {
        EventSchema::EventGrid => {
            let array: Vec<Value> = events.iter().map(|e| event_grid(e, topic)).collect();
            (
                serde_json::to_vec(&array).unwrap_or_default(),
                "application/json; charset=utf-8",
            )
        }
        EventSchema::CloudEvents => match events {
            [one] => (
                serde_json::to_vec(&cloud_event(one, topic)).unwrap_or_default(),
                "application/cloudevents+json; charset=utf-8",
            ),
            many => {
                let array: Vec<Value> = many.iter().map(|e| cloud_event(e, topic)).collect();
                (
                    serde_json::to_vec(&array).unwrap_or_default(),
                    "application/cloudevents-batch+json; charset=utf-8",
                )
            }
        },
    }
}

/// The Event Grid `SubscriptionValidationEvent` (a one-event array).
pub(crate) fn validation_event(
    code: &str,
    validation_url: &str,
    topic: &str,
    now: DateTime<Utc>,
) -> Value {
    let data = SubscriptionValidationEventData {
        validation_code: Some(code.to_owned()),
        validation_url: Some(validation_url.to_owned()),
    };
    let event = EventGridEvent {
        data: serde_json::to_value(data).unwrap_or_default(),
        data_version: "2".to_owned(),
        event_time: now,
        event_type: "Microsoft.EventGrid.SubscriptionValidationEvent".to_owned(),
        id: uuid::Uuid::new_v4().to_string(),
        metadata_version: Some("1".to_owned()),
        subject: String::new(),
        topic: Some(topic.to_owned()),
    };
    Value::Array(vec![serde_json::to_value(event).unwrap_or_default()])
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn event() -> Event {
        Event {
            id: "e1".to_owned(),
            event_type: "Microsoft.Communication.ChatMessageReceivedInThread",
            subject: "thread/19:a@thread.v2/sender/8:acs:x".to_owned(),
            time: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
            data: json!({"messageId": "1"}),
        }
    }

    #[test]
    fn event_grid_fields() {
        let value = event_grid(&event(), "/t");
        assert_eq!(
            value["eventType"],
            "Microsoft.Communication.ChatMessageReceivedInThread"
        );
        assert_eq!(value["topic"], "/t");
        assert_eq!(value["eventTime"], "2026-01-02T03:04:05Z");
        assert_eq!(value["dataVersion"], "1.0");
        assert_eq!(value["metadataVersion"], "1");
        assert_eq!(value["data"]["messageId"], "1");
    }

    #[test]
    fn cloud_events_single_and_batch() {
        let one = event();
        let (body1, type1) = body(EventSchema::CloudEvents, &[&one], "/t");
        assert!(type1.starts_with("application/cloudevents+json"));
        let value: Value = serde_json::from_slice(&body1).unwrap();
        assert_eq!(value["specversion"], "1.0");
        assert_eq!(value["source"], "/t");
        assert_eq!(value["type"], one.event_type);
        let (body2, type2) = body(EventSchema::CloudEvents, &[&one, &one], "/t");
        assert!(type2.starts_with("application/cloudevents-batch+json"));
        let value: Value = serde_json::from_slice(&body2).unwrap();
        assert_eq!(value.as_array().map(Vec::len), Some(2));
        let (body3, _) = body(EventSchema::EventGrid, &[&one], "/t");
        let value: Value = serde_json::from_slice(&body3).unwrap();
        assert_eq!(value.as_array().map(Vec::len), Some(1));
    }
}
