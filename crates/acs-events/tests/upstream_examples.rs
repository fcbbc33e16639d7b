//! Every example event of the upstream Event Grid documentation for Chat, Email and
//! `UserDisconnected` (our own copies of them, one delivery per schema, in `tests/fixtures/`)
//! parses into the variant of its event type, with every field of the data.

use std::collections::HashMap;

use acs_events::{
    AcsEvent, ChatEventParticipant, ChatMessageEvent, ChatParticipantEvent, ChatThreadEvent,
    CommunicationIdentifier, EmailDeliveryStatus, EmailEngagement, Event, EventSchema,
    parse_delivery,
};
use chrono::{DateTime, Utc};
use serde_json::Value;

const EVENT_GRID: &str = include_str!("fixtures/eventgrid-delivery.json");
const CLOUD_EVENTS: &str = include_str!("fixtures/cloudevents-batch.json");

/// Event types of the examples that ACS no longer publishes (or never documented a schema
/// for): they are `Unknown`.
const LEGACY: &[&str] = &[
    "Microsoft.Communication.ChatMemberAddedToThreadWithUser",
    "Microsoft.Communication.ChatMemberRemovedFromThreadWithUser",
    "Microsoft.Communication.ChatAzureBotCommand",
];

fn time(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().map(|text| {
        DateTime::parse_from_rfc3339(text)
            .unwrap_or_else(|error| panic!("{text}: {error}"))
            .with_timezone(&Utc)
    })
}

/// An integer sent as a number or as a string of digits (the examples do both).
fn integer(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().map(|text| text.parse().expect("digits")))
}

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn string_map(value: &Value) -> HashMap<String, String> {
    value
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(k, v)| (k.clone(), v.as_str().expect("a string value").to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn check_identifier(identifier: &CommunicationIdentifier, wire: &Value) {
    assert!(
        wire.is_object(),
        "no identifier on the wire for {identifier:?}"
    );
    assert_eq!(identifier.raw_id(), wire["rawId"].as_str().expect("rawId"));
    if let Some(id) = wire["communicationUser"]["id"].as_str() {
        let CommunicationIdentifier::CommunicationUser(user) = identifier else {
            panic!("{identifier:?} is not a communication user");
        };
        assert_eq!(user.id(), id);
    }
}

fn check_optional_identifier(identifier: Option<&CommunicationIdentifier>, wire: &Value) {
    match identifier {
        Some(identifier) => check_identifier(identifier, wire),
        None => assert!(wire.is_null(), "{wire} was dropped"),
    }
}

fn check_participant(participant: &ChatEventParticipant, wire: &Value) {
    check_identifier(
        &participant.identifier,
        &wire["participantCommunicationIdentifier"],
    );
    assert_eq!(participant.display_name, string(&wire["displayName"]));
    assert_eq!(participant.metadata, string_map(&wire["metadata"]));
}

fn check_message(message: &ChatMessageEvent, data: &Value, per_user: bool) {
    assert_eq!(
        message.thread_id,
        data["threadId"].as_str().unwrap_or_default()
    );
    assert_eq!(message.transaction_id, string(&data["transactionId"]));
    if per_user {
        check_optional_identifier(
            message.recipient.as_ref(),
            &data["recipientCommunicationIdentifier"],
        );
    } else {
        assert!(message.recipient.is_none());
    }
    assert_eq!(
        message.message_id,
        data["messageId"].as_str().unwrap_or_default()
    );
    check_identifier(&message.sender, &data["senderCommunicationIdentifier"]);
    assert_eq!(
        message.sender_display_name,
        string(&data["senderDisplayName"])
    );
    assert_eq!(message.compose_time, time(&data["composeTime"]));
    assert_eq!(
        message.message_type,
        data["type"].as_str().unwrap_or_default()
    );
    assert_eq!(message.version, integer(&data["version"]));
    assert_eq!(message.body, string(&data["messageBody"]));
    assert_eq!(message.metadata, string_map(&data["metadata"]));
    assert_eq!(message.edit_time, time(&data["editTime"]));
    assert_eq!(message.delete_time, time(&data["deleteTime"]));
}

fn check_thread(thread: &ChatThreadEvent, data: &Value, per_user: bool, initiator: &str, at: &str) {
    assert_eq!(
        thread.thread_id,
        data["threadId"].as_str().unwrap_or_default()
    );
    assert_eq!(thread.transaction_id, string(&data["transactionId"]));
    if per_user {
        check_optional_identifier(
            thread.recipient.as_ref(),
            &data["recipientCommunicationIdentifier"],
        );
    } else {
        assert!(thread.recipient.is_none());
    }
    check_identifier(&thread.initiator, &data[initiator]);
    assert_eq!(thread.create_time, time(&data["createTime"]));
    assert_eq!(thread.version, integer(&data["version"]));
    assert_eq!(thread.time, time(&data[at]));
    let properties: HashMap<String, Value> = data["properties"]
        .as_object()
        .map(|map| map.clone().into_iter().collect())
        .unwrap_or_default();
    assert_eq!(thread.properties, properties);
    assert_eq!(thread.topic(), data["properties"]["topic"].as_str());
    assert_eq!(thread.metadata, string_map(&data["metadata"]));
    let participants = data["participants"].as_array().cloned().unwrap_or_default();
    assert_eq!(thread.participants.len(), participants.len());
    for (participant, wire) in thread.participants.iter().zip(&participants) {
        check_participant(participant, wire);
    }
}

fn check_participant_event(
    event: &ChatParticipantEvent,
    data: &Value,
    per_user: bool,
    initiator: &str,
    participant: &str,
) {
    assert_eq!(
        event.thread_id,
        data["threadId"].as_str().unwrap_or_default()
    );
    assert_eq!(event.transaction_id, string(&data["transactionId"]));
    if per_user {
        check_optional_identifier(
            event.recipient.as_ref(),
            &data["recipientCommunicationIdentifier"],
        );
        assert_eq!(event.create_time, time(&data["createTime"]));
    } else {
        assert!(event.recipient.is_none());
    }
    check_identifier(&event.initiator, &data[initiator]);
    check_participant(&event.participant, &data[participant]);
    assert_eq!(event.time, time(&data["time"]));
    assert_eq!(event.version, integer(&data["version"]));
}

/// Checks one event against the JSON it was read from; returns its event type.
fn check(event: &Event, wire: &Value, schema: EventSchema) -> String {
    assert_eq!(event.schema, schema);
    assert_eq!(event.id, wire["id"].as_str().expect("id"));
    assert_eq!(event.subject, string(&wire["subject"]));
    let data = &wire["data"];
    assert_eq!(event.raw_data(), data);
    match schema {
        EventSchema::EventGrid => {
            assert_eq!(
                event.event_type,
                wire["eventType"].as_str().expect("eventType")
            );
            assert_eq!(event.time, time(&wire["eventTime"]));
            assert_eq!(event.source, string(&wire["topic"]));
            assert_eq!(event.data_version, string(&wire["dataVersion"]));
        }
        _ => {
            assert_eq!(event.event_type, wire["type"].as_str().expect("type"));
            assert_eq!(event.time, time(&wire["time"]));
            assert_eq!(event.source, string(&wire["source"]));
            assert_eq!(event.data_version, None);
        }
    }
    if LEGACY.contains(&event.event_type.as_str()) {
        let AcsEvent::Unknown {
            event_type,
            data: unknown,
        } = &event.data
        else {
            panic!("{} is typed: {:?}", event.event_type, event.data);
        };
        assert_eq!(event_type, &event.event_type);
        assert_eq!(unknown, data);
        return event.event_type.clone();
    }
    assert_eq!(
        event.data.event_type(),
        event.event_type,
        "the variant of {}",
        event.id
    );
    match &event.data {
        AcsEvent::ChatMessageReceived(m)
        | AcsEvent::ChatMessageEdited(m)
        | AcsEvent::ChatMessageDeleted(m) => check_message(m, data, true),
        AcsEvent::ChatMessageReceivedInThread(m)
        | AcsEvent::ChatMessageEditedInThread(m)
        | AcsEvent::ChatMessageDeletedInThread(m)
        | AcsEvent::ChatTypingIndicatorReceivedInThread(m)
        | AcsEvent::ChatAzureBotCommandReceivedInThread(m) => check_message(m, data, false),
        AcsEvent::ChatThreadCreated(t) => {
            check_thread(t, data, false, "createdByCommunicationIdentifier", "-")
        }
        AcsEvent::ChatThreadCreatedWithUser(t) => {
            check_thread(t, data, true, "createdByCommunicationIdentifier", "-")
        }
        AcsEvent::ChatThreadDeleted(t) => check_thread(
            t,
            data,
            false,
            "deletedByCommunicationIdentifier",
            "deleteTime",
        ),
        AcsEvent::ChatThreadWithUserDeleted(t) => check_thread(
            t,
            data,
            true,
            "deletedByCommunicationIdentifier",
            "deleteTime",
        ),
        AcsEvent::ChatThreadPropertiesUpdated(t) => check_thread(
            t,
            data,
            false,
            "editedByCommunicationIdentifier",
            "editTime",
        ),
        AcsEvent::ChatThreadPropertiesUpdatedPerUser(t) => {
            check_thread(t, data, true, "editedByCommunicationIdentifier", "editTime")
        }
        AcsEvent::ChatThreadParticipantAdded(p) => check_participant_event(
            p,
            data,
            false,
            "addedByCommunicationIdentifier",
            "participantAdded",
        ),
        AcsEvent::ChatThreadParticipantRemoved(p) => check_participant_event(
            p,
            data,
            false,
            "removedByCommunicationIdentifier",
            "participantRemoved",
        ),
        AcsEvent::ChatParticipantAddedToThreadWithUser(p) => check_participant_event(
            p,
            data,
            true,
            "addedByCommunicationIdentifier",
            "participantAdded",
        ),
        AcsEvent::ChatParticipantRemovedFromThreadWithUser(p) => check_participant_event(
            p,
            data,
            true,
            "removedByCommunicationIdentifier",
            "participantRemoved",
        ),
        AcsEvent::EmailDeliveryReportReceived(report) => {
            assert_eq!(report.sender, data["sender"].as_str().expect("sender"));
            assert_eq!(
                report.recipient,
                data["recipient"].as_str().expect("recipient")
            );
            assert_eq!(
                report.internet_message_id,
                string(&data["internetMessageId"])
            );
            assert_eq!(report.message_id, string(&data["messageId"]));
            assert_eq!(
                report.status,
                data["status"].as_str().map(EmailDeliveryStatus::from)
            );
            let details = &data["deliveryStatusDetails"];
            assert_eq!(report.status_message, string(&details["statusMessage"]));
            assert_eq!(
                report.recipient_mail_server_host_name,
                string(&details["recipientMailServerHostName"])
            );
            assert_eq!(
                report.delivery_attempt_time,
                time(&data["deliveryAttemptTimestamp"])
            );
        }
        AcsEvent::EmailEngagementTrackingReportReceived(report) => {
            assert_eq!(report.sender, string(&data["sender"]));
            assert_eq!(report.recipient, string(&data["recipient"]));
            assert_eq!(report.message_id, string(&data["messageId"]));
            assert_eq!(report.user_action_time, time(&data["userActionTimestamp"]));
            assert_eq!(
                report.engagement_context,
                string(&data["engagementContext"])
            );
            assert_eq!(report.user_agent, string(&data["userAgent"]));
            assert_eq!(
                report.engagement,
                data["engagementType"].as_str().map(EmailEngagement::from)
            );
        }
        AcsEvent::UserDisconnected(disconnected) => check_optional_identifier(
            disconnected.user.as_ref(),
            &data["userCommunicationIdentifier"],
        ),
        other => panic!("unexpected variant {other:?}"),
    }
    event.event_type.clone()
}

fn check_fixture(text: &str, schema: EventSchema) -> Vec<String> {
    let wire: Vec<Value> = serde_json::from_str(text).expect("the fixture is JSON");
    let delivery = parse_delivery(text.as_bytes()).expect("the fixture is a delivery");
    assert_eq!(delivery.schema(), schema);
    assert_eq!(delivery.len(), wire.len());
    for item in delivery.items() {
        if let Err(error) = item {
            panic!("an example event does not parse: {error}");
        }
    }
    delivery
        .events()
        .zip(&wire)
        .map(|(event, wire)| check(event, wire, schema))
        .collect()
}

/// The event types every schema's examples must cover between them.
const COVERED: &[&str] = &[
    "Microsoft.Communication.ChatMessageReceived",
    "Microsoft.Communication.ChatMessageReceivedInThread",
    "Microsoft.Communication.ChatMessageEdited",
    "Microsoft.Communication.ChatMessageEditedInThread",
    "Microsoft.Communication.ChatMessageDeleted",
    "Microsoft.Communication.ChatMessageDeletedInThread",
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
];

#[test]
fn every_event_grid_example_parses_with_every_field() {
    let types = check_fixture(EVENT_GRID, EventSchema::EventGrid);
    assert_eq!(types.len(), 33);
    for covered in COVERED {
        assert!(
            types.iter().any(|t| t == covered),
            "no Event Grid example of {covered}"
        );
    }
}

#[test]
fn every_cloud_events_example_parses_with_every_field() {
    let types = check_fixture(CLOUD_EVENTS, EventSchema::CloudEvents);
    assert_eq!(types.len(), 24);
    for covered in COVERED.iter().chain(&[
        "Microsoft.Communication.ChatTypingIndicatorReceivedInThread",
        "Microsoft.Communication.ChatAzureBotCommandReceivedInThread",
    ]) {
        assert!(
            types.iter().any(|t| t == covered),
            "no CloudEvents example of {covered}"
        );
    }
}

#[test]
fn each_cloud_event_also_parses_alone_in_structured_mode() {
    let wire: Vec<Value> = serde_json::from_str(CLOUD_EVENTS).expect("JSON");
    for event in &wire {
        let body = serde_json::to_vec(event).expect("JSON");
        let delivery = parse_delivery(&body).expect("a structured CloudEvent");
        assert_eq!(delivery.len(), 1);
        check(
            delivery.events().next().expect("parsed"),
            event,
            EventSchema::CloudEvents,
        );
    }
}

#[test]
fn the_values_of_a_few_examples_are_the_documented_ones() {
    let delivery = parse_delivery(EVENT_GRID.as_bytes()).expect("a delivery");
    let received = delivery
        .events()
        .find_map(|event| match &event.data {
            AcsEvent::ChatMessageReceivedInThread(message) => Some(message),
            _ => None,
        })
        .expect("a ChatMessageReceivedInThread example");
    assert_eq!(
        received.body.as_deref(),
        Some("Talk about new Thread Events in commuication services")
    );
    assert_eq!(received.message_type, "Text");
    assert_eq!(
        received.thread_id,
        "19:5b3809e80e4a439d92c3316e273f4a2b@thread.v2"
    );

    let email = delivery
        .events()
        .find_map(|event| match &event.data {
            AcsEvent::EmailDeliveryReportReceived(report) => Some(report),
            _ => None,
        })
        .expect("an EmailDeliveryReportReceived example");
    assert_eq!(email.sender, "test2@contoso.org");
    assert_eq!(email.recipient, "test1@contoso.com");
    // The example spells the status in lower case; it is still the known value.
    assert_eq!(email.status, Some(EmailDeliveryStatus::Delivered));
    assert_eq!(
        email.status_message.as_deref(),
        Some("DestinationMailboxFull")
    );
}
