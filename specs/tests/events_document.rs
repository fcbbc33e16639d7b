//! Checks that the events document is a valid components-only OpenAPI 3.0.3 document whose
//! references all resolve, and that it covers every event type acs-rs supports.

use acs_specs::{EVENTS_API_VERSION, EVENTS_OPENAPI, MODEL_DOCUMENTS};
use openapiv3::OpenAPI;
use serde_json::Value;

fn document() -> Value {
    serde_json::from_str(EVENTS_OPENAPI).expect("the events document is JSON")
}

#[test]
fn the_events_document_is_listed_as_the_only_model_document() {
    assert_eq!(MODEL_DOCUMENTS.len(), 1);
    assert_eq!(MODEL_DOCUMENTS[0].service, "events");
    assert_eq!(MODEL_DOCUMENTS[0].text, EVENTS_OPENAPI);
    assert_eq!(
        MODEL_DOCUMENTS[0].text,
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/openapi/events-2018-01-01.json"
        ))
        .expect("the file exists")
    );
}

#[test]
fn the_events_document_is_openapi_3_0_3_without_operations() {
    let api: OpenAPI = serde_json::from_str(EVENTS_OPENAPI).expect("valid OpenAPI 3.0");
    assert_eq!(api.openapi, "3.0.3");
    assert_eq!(api.info.version, EVENTS_API_VERSION);
    assert!(api.paths.paths.is_empty());
    let schemas = api.components.expect("components").schemas;
    assert!(schemas.len() > 30, "{} schemas", schemas.len());
}

#[test]
fn every_reference_resolves_inside_the_document() {
    fn walk(value: &Value, doc: &Value, count: &mut usize) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let pointer = reference.strip_prefix('#').expect("a local reference");
                    assert!(
                        doc.pointer(pointer).is_some(),
                        "{reference} does not resolve"
                    );
                    *count += 1;
                }
                map.values().for_each(|child| walk(child, doc, count));
            }
            Value::Array(items) => items.iter().for_each(|child| walk(child, doc, count)),
            _ => {}
        }
    }
    let doc = document();
    let mut count = 0;
    walk(&doc, &doc, &mut count);
    assert!(count > 40, "{count} references");
}

#[test]
fn every_supported_event_type_has_a_data_schema_with_its_required_properties() {
    let doc = document();
    let schemas = doc.pointer("/components/schemas").expect("schemas");
    for (name, event_type) in [
        ("AcsChatMessageReceivedEventData", "ChatMessageReceived"),
        (
            "AcsChatMessageReceivedInThreadEventData",
            "ChatMessageReceivedInThread",
        ),
        ("AcsChatMessageEditedEventData", "ChatMessageEdited"),
        (
            "AcsChatMessageEditedInThreadEventData",
            "ChatMessageEditedInThread",
        ),
        ("AcsChatMessageDeletedEventData", "ChatMessageDeleted"),
        (
            "AcsChatMessageDeletedInThreadEventData",
            "ChatMessageDeletedInThread",
        ),
        (
            "AcsChatThreadCreatedWithUserEventData",
            "ChatThreadCreatedWithUser",
        ),
        ("AcsChatThreadCreatedEventData", "ChatThreadCreated"),
        (
            "AcsChatThreadWithUserDeletedEventData",
            "ChatThreadWithUserDeleted",
        ),
        ("AcsChatThreadDeletedEventData", "ChatThreadDeleted"),
        (
            "AcsChatThreadPropertiesUpdatedPerUserEventData",
            "ChatThreadPropertiesUpdatedPerUser",
        ),
        (
            "AcsChatThreadPropertiesUpdatedEventData",
            "ChatThreadPropertiesUpdated",
        ),
        (
            "AcsChatParticipantAddedToThreadWithUserEventData",
            "ChatParticipantAddedToThreadWithUser",
        ),
        (
            "AcsChatParticipantRemovedFromThreadWithUserEventData",
            "ChatParticipantRemovedFromThreadWithUser",
        ),
        (
            "AcsChatParticipantAddedToThreadEventData",
            "ChatThreadParticipantAdded",
        ),
        (
            "AcsChatParticipantRemovedFromThreadEventData",
            "ChatThreadParticipantRemoved",
        ),
        (
            "AcsChatTypingIndicatorReceivedInThreadEventData",
            "ChatTypingIndicatorReceivedInThread",
        ),
        (
            "AcsChatAzureBotCommandReceivedInThreadEventData",
            "ChatAzureBotCommandReceivedInThread",
        ),
        (
            "AcsEmailDeliveryReportReceivedEventData",
            "EmailDeliveryReportReceived",
        ),
        (
            "AcsEmailEngagementTrackingReportReceivedEventData",
            "EmailEngagementTrackingReportReceived",
        ),
        ("AcsUserDisconnectedEventData", "UserDisconnected"),
    ] {
        let schema = schemas.get(name).unwrap_or_else(|| panic!("no {name}"));
        let description = schema["description"].as_str().expect("a description");
        assert!(
            description.contains(&format!("`Microsoft.Communication.{event_type}`")),
            "{name}: {description}"
        );
        let properties = schema["properties"].as_object().expect("properties");
        for required in schema["required"].as_array().into_iter().flatten() {
            let required = required.as_str().expect("a name");
            assert!(properties.contains_key(required), "{name}.{required}");
        }
        for omitted in schema["x-acs-omitted-by-service"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(
                schema["required"]
                    .as_array()
                    .expect("required")
                    .contains(omitted),
                "{name}: {omitted} is omitted but not required"
            );
        }
    }
}
