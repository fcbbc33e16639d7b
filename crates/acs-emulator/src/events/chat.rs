//! The chat events the service publishes for each operation: one "in thread" event, then one
//! per-user event for each recipient, in participant order. The `data` of each is the
//! generated wire type of `acs-events-model`.
//!
//! | Operation | In thread | Per user (recipients) |
//! |---|---|---|
//! | create thread | `ChatThreadCreated` | `ChatThreadCreatedWithUser` (every participant) |
//! | update thread | `ChatThreadPropertiesUpdated` | `ChatThreadPropertiesUpdatedPerUser` (every participant) |
//! | delete thread | `ChatThreadDeleted` | `ChatThreadWithUserDeleted` (every participant) |
//! | send message | `ChatMessageReceivedInThread` | `ChatMessageReceived` (all but the sender) |
//! | edit message | `ChatMessageEditedInThread` | `ChatMessageEdited` (all but the sender) |
//! | delete message | `ChatMessageDeletedInThread` | `ChatMessageDeleted` (all but the sender) |
//! | add participants | `ChatThreadParticipantAdded` (each added) | `ChatParticipantAddedToThreadWithUser` (every participant, for each added) |
//! | remove participant | `ChatThreadParticipantRemoved` | `ChatParticipantRemovedFromThreadWithUser` (the remaining participants and the removed one) |
//! | typing notification | `ChatTypingIndicatorReceivedInThread` | — |

use acs_chat_rest::types::ChatParticipant;
use acs_events_model::types as wire;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::envelope::Event;
use crate::dates::epoch_millis;
use crate::state::{MessageView, Thread, VersionView, identifier_model};

/// Every field of participants and messages.
pub(crate) const FULL: VersionView = VersionView {
    metadata: true,
    attachments: false,
};

/// The events' form of an identifier (the same JSON as Chat's).
fn identifier(raw_id: &str) -> wire::CommunicationIdentifierModel {
    serde_json::to_value(identifier_model(raw_id))
        .ok()
        .and_then(|value| serde_json::from_value(value).ok())
        .unwrap_or_else(|| wire::CommunicationIdentifierModel {
            raw_id: Some(raw_id.to_owned()),
            ..Default::default()
        })
}

/// A random transaction id (the service's are opaque strings).
fn transaction_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn data<T: serde::Serialize>(data: &T) -> Value {
    serde_json::to_value(data).unwrap_or_default()
}

fn version(now: DateTime<Utc>) -> Option<i64> {
    i64::try_from(epoch_millis(now)).ok()
}

fn raw_id(participant: &ChatParticipant) -> String {
    participant
        .communication_identifier
        .raw_id
        .clone()
        .unwrap_or_default()
}

fn participant_properties(
    participant: &ChatParticipant,
) -> wire::AcsChatThreadParticipantProperties {
    wire::AcsChatThreadParticipantProperties {
        display_name: participant.display_name.clone(),
        metadata: participant.metadata.clone(),
        participant_communication_identifier: identifier(&raw_id(participant)),
    }
}

fn participants(thread: &Thread) -> Vec<ChatParticipant> {
    thread
        .participants_page(0, usize::MAX)
        .0
        .into_iter()
        .map(|participant| participant.to_wire(FULL))
        .collect()
}

fn topic_properties(topic: String) -> Map<String, Value> {
    let mut properties = Map::new();
    properties.insert("topic".to_owned(), Value::String(topic));
    properties
}

/// After a thread was created.
pub(crate) fn thread_created(thread: &Thread, now: DateTime<Utc>) -> Vec<Event> {
    let properties = thread.properties(FULL);
    let creator = properties
        .created_by_communication_identifier
        .raw_id
        .clone()
        .unwrap_or_default();
    let members = participants(thread);
    let in_thread = wire::AcsChatThreadCreatedEventData {
        create_time: Some(properties.created_on),
        created_by_communication_identifier: identifier(&creator),
        metadata: properties.metadata.clone(),
        participants: members.iter().map(participant_properties).collect(),
        properties: topic_properties(properties.topic.clone()),
        thread_id: thread.id.clone(),
        transaction_id: transaction_id(),
        version: version(now),
    };
    let subject = format!("thread/{}/createdBy/{creator}", thread.id);
    let mut events = vec![Event::new(
        "Microsoft.Communication.ChatThreadCreated",
        subject.clone(),
        now,
        data(&in_thread),
    )];
    for recipient in members.iter().map(raw_id) {
        let per_user = wire::AcsChatThreadCreatedWithUserEventData {
            create_time: in_thread.create_time,
            created_by_communication_identifier: in_thread
                .created_by_communication_identifier
                .clone(),
            metadata: in_thread.metadata.clone(),
            participants: in_thread.participants.clone(),
            properties: in_thread.properties.clone(),
            recipient_communication_identifier: Some(identifier(&recipient)),
            thread_id: Some(in_thread.thread_id.clone()),
            transaction_id: Some(in_thread.transaction_id.clone()),
            version: in_thread.version,
        };
        events.push(Event::new(
            "Microsoft.Communication.ChatThreadCreatedWithUser",
            format!("{subject}/recipient/{recipient}"),
            now,
            data(&per_user),
        ));
    }
    events
}

/// After `editor` updated a thread's properties.
pub(crate) fn thread_updated(thread: &Thread, editor: &str, now: DateTime<Utc>) -> Vec<Event> {
    let properties = thread.properties(FULL);
    let in_thread = wire::AcsChatThreadPropertiesUpdatedEventData {
        create_time: Some(properties.created_on),
        edit_time: Some(now),
        edited_by_communication_identifier: identifier(editor),
        metadata: properties.metadata.clone(),
        properties: topic_properties(properties.topic.clone()),
        thread_id: thread.id.clone(),
        transaction_id: transaction_id(),
        version: version(now),
    };
    let subject = format!("thread/{}/editedBy/{editor}", thread.id);
    let mut events = vec![Event::new(
        "Microsoft.Communication.ChatThreadPropertiesUpdated",
        subject.clone(),
        now,
        data(&in_thread),
    )];
    for recipient in participants(thread).iter().map(raw_id) {
        let per_user = wire::AcsChatThreadPropertiesUpdatedPerUserEventData {
            create_time: in_thread.create_time,
            edit_time: in_thread.edit_time,
            edited_by_communication_identifier: in_thread
                .edited_by_communication_identifier
                .clone(),
            metadata: in_thread.metadata.clone(),
            properties: in_thread.properties.clone(),
            recipient_communication_identifier: Some(identifier(&recipient)),
            thread_id: Some(in_thread.thread_id.clone()),
            transaction_id: Some(in_thread.transaction_id.clone()),
            version: in_thread.version,
        };
        events.push(Event::new(
            "Microsoft.Communication.ChatThreadPropertiesUpdatedPerUser",
            format!("{subject}/recipient/{recipient}"),
            now,
            data(&per_user),
        ));
    }
    events
}

/// Before `deleter` deletes a thread (its participants are still known).
pub(crate) fn thread_deleted(thread: &Thread, deleter: &str, now: DateTime<Utc>) -> Vec<Event> {
    let properties = thread.properties(FULL);
    let in_thread = wire::AcsChatThreadDeletedEventData {
        create_time: Some(properties.created_on),
        delete_time: Some(now),
        deleted_by_communication_identifier: identifier(deleter),
        thread_id: thread.id.clone(),
        transaction_id: transaction_id(),
        version: version(now),
    };
    let subject = format!("thread/{}/deletedBy/{deleter}", thread.id);
    let mut events = vec![Event::new(
        "Microsoft.Communication.ChatThreadDeleted",
        subject.clone(),
        now,
        data(&in_thread),
    )];
    for recipient in participants(thread).iter().map(raw_id) {
        let per_user = wire::AcsChatThreadWithUserDeletedEventData {
            create_time: in_thread.create_time,
            delete_time: in_thread.delete_time,
            deleted_by_communication_identifier: in_thread
                .deleted_by_communication_identifier
                .clone(),
            recipient_communication_identifier: Some(identifier(&recipient)),
            thread_id: Some(in_thread.thread_id.clone()),
            transaction_id: Some(in_thread.transaction_id.clone()),
            version: in_thread.version,
        };
        events.push(Event::new(
            "Microsoft.Communication.ChatThreadWithUserDeleted",
            format!("{subject}/recipient/{recipient}"),
            now,
            data(&per_user),
        ));
    }
    events
}

/// Which message event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MessageChange {
    Received,
    Edited,
    Deleted,
}

/// What every message event says about the message.
struct MessageFacts {
    id: String,
    sender: String,
    sender_display_name: Option<String>,
    compose_time: DateTime<Utc>,
    kind: String,
    version: Option<i64>,
    body: String,
    metadata: std::collections::HashMap<String, String>,
    edit_time: Option<DateTime<Utc>>,
    delete_time: Option<DateTime<Utc>>,
}

fn message_facts(thread: &Thread, message_id: u64, now: DateTime<Utc>) -> Option<MessageFacts> {
    let message = thread.message(message_id)?;
    let json = MessageView::to_json(message, FULL);
    let wire: acs_chat_rest::types::ChatMessage = serde_json::from_value(json).ok()?;
    let kind = match wire.type_.to_string().as_str() {
        "html" => "Html",
        _ => "Text",
    };
    Some(MessageFacts {
        id: wire.id,
        sender: message.sender.as_deref().unwrap_or_default().to_owned(),
        sender_display_name: wire.sender_display_name.filter(|name| !name.is_empty()),
        compose_time: wire.created_on,
        kind: kind.to_owned(),
        version: wire.version.parse().ok(),
        body: wire
            .content
            .and_then(|content| content.message)
            .unwrap_or_default(),
        metadata: wire.metadata,
        edit_time: wire.edited_on.or(Some(now)),
        delete_time: wire.deleted_on.or(Some(now)),
    })
}

/// After a user message was sent, edited or deleted. Nothing for an unknown message.
pub(crate) fn message_event(
    thread: &Thread,
    message_id: u64,
    change: MessageChange,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let Some(m) = message_facts(thread, message_id, now) else {
        return Vec::new();
    };
    let transaction = transaction_id();
    let sender = identifier(&m.sender);
    let in_thread = match change {
        MessageChange::Received => data(&wire::AcsChatMessageReceivedInThreadEventData {
            compose_time: Some(m.compose_time),
            message_body: m.body.clone(),
            message_id: m.id.clone(),
            metadata: m.metadata.clone(),
            sender_communication_identifier: sender.clone(),
            sender_display_name: m.sender_display_name.clone(),
            thread_id: thread.id.clone(),
            transaction_id: transaction.clone(),
            type_: m.kind.clone(),
            version: m.version,
        }),
        MessageChange::Edited => data(&wire::AcsChatMessageEditedInThreadEventData {
            compose_time: Some(m.compose_time),
            edit_time: m.edit_time,
            message_body: m.body.clone(),
            message_id: m.id.clone(),
            metadata: m.metadata.clone(),
            sender_communication_identifier: sender.clone(),
            sender_display_name: m.sender_display_name.clone(),
            thread_id: thread.id.clone(),
            transaction_id: transaction.clone(),
            type_: m.kind.clone(),
            version: m.version,
        }),
        MessageChange::Deleted => data(&wire::AcsChatMessageDeletedInThreadEventData {
            compose_time: Some(m.compose_time),
            delete_time: m.delete_time,
            message_id: m.id.clone(),
            sender_communication_identifier: sender.clone(),
            sender_display_name: m.sender_display_name.clone(),
            thread_id: thread.id.clone(),
            transaction_id: transaction.clone(),
            type_: m.kind.clone(),
            version: m.version,
        }),
    };
    let (in_thread_type, per_user_type) = match change {
        MessageChange::Received => (
            "Microsoft.Communication.ChatMessageReceivedInThread",
            "Microsoft.Communication.ChatMessageReceived",
        ),
        MessageChange::Edited => (
            "Microsoft.Communication.ChatMessageEditedInThread",
            "Microsoft.Communication.ChatMessageEdited",
        ),
        MessageChange::Deleted => (
            "Microsoft.Communication.ChatMessageDeletedInThread",
            "Microsoft.Communication.ChatMessageDeleted",
        ),
    };
    let subject = format!("thread/{}/sender/{}", thread.id, m.sender);
    let mut events = vec![Event::new(in_thread_type, subject.clone(), now, in_thread)];
    let recipients = participants(thread)
        .iter()
        .map(raw_id)
        .filter(|raw| *raw != m.sender)
        .collect::<Vec<_>>();
    for recipient in recipients {
        let to = Some(identifier(&recipient));
        let per_user = match change {
            MessageChange::Received => data(&wire::AcsChatMessageReceivedEventData {
                compose_time: Some(m.compose_time),
                message_body: Some(m.body.clone()),
                message_id: m.id.clone(),
                metadata: m.metadata.clone(),
                recipient_communication_identifier: to,
                sender_communication_identifier: sender.clone(),
                sender_display_name: m.sender_display_name.clone(),
                thread_id: Some(thread.id.clone()),
                transaction_id: Some(transaction.clone()),
                type_: m.kind.clone(),
                version: m.version,
            }),
            MessageChange::Edited => data(&wire::AcsChatMessageEditedEventData {
                compose_time: Some(m.compose_time),
                edit_time: m.edit_time,
                message_body: m.body.clone(),
                message_id: m.id.clone(),
                metadata: m.metadata.clone(),
                recipient_communication_identifier: to,
                sender_communication_identifier: sender.clone(),
                sender_display_name: m.sender_display_name.clone(),
                thread_id: Some(thread.id.clone()),
                transaction_id: Some(transaction.clone()),
                type_: m.kind.clone(),
                version: m.version,
            }),
            MessageChange::Deleted => data(&wire::AcsChatMessageDeletedEventData {
                compose_time: Some(m.compose_time),
                delete_time: m.delete_time,
                message_id: m.id.clone(),
                recipient_communication_identifier: to,
                sender_communication_identifier: sender.clone(),
                sender_display_name: m.sender_display_name.clone(),
                thread_id: Some(thread.id.clone()),
                transaction_id: Some(transaction.clone()),
                type_: m.kind.clone(),
                version: m.version,
            }),
        };
        events.push(Event::new(
            per_user_type,
            format!("{subject}/recipient/{recipient}"),
            now,
            per_user,
        ));
    }
    events
}

/// After `initiator` added participants: the last `added` of the thread's participants.
pub(crate) fn participants_added(
    thread: &Thread,
    initiator: &str,
    added: usize,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let all = participants(thread);
    let created_on = thread.properties(FULL).created_on;
    let new = &all[all.len().saturating_sub(added)..];
    let mut events = Vec::new();
    for participant in new {
        let added_raw = raw_id(participant);
        let in_thread = wire::AcsChatParticipantAddedToThreadEventData {
            added_by_communication_identifier: identifier(initiator),
            participant_added: participant_properties(participant),
            thread_id: thread.id.clone(),
            time: Some(now),
            transaction_id: transaction_id(),
            version: version(now),
        };
        let subject = format!("thread/{}/participantAdded/{added_raw}", thread.id);
        events.push(Event::new(
            "Microsoft.Communication.ChatThreadParticipantAdded",
            subject.clone(),
            now,
            data(&in_thread),
        ));
        for recipient in all.iter().map(raw_id) {
            let per_user = wire::AcsChatParticipantAddedToThreadWithUserEventData {
                added_by_communication_identifier: in_thread
                    .added_by_communication_identifier
                    .clone(),
                create_time: Some(created_on),
                participant_added: in_thread.participant_added.clone(),
                recipient_communication_identifier: Some(identifier(&recipient)),
                thread_id: Some(thread.id.clone()),
                time: Some(now),
                transaction_id: Some(in_thread.transaction_id.clone()),
                version: in_thread.version,
            };
            events.push(Event::new(
                "Microsoft.Communication.ChatParticipantAddedToThreadWithUser",
                format!("{subject}/recipient/{recipient}"),
                now,
                data(&per_user),
            ));
        }
    }
    events
}

/// After `initiator` removed `removed` (its wire form from before the removal).
pub(crate) fn participant_removed(
    thread: &Thread,
    initiator: &str,
    removed: &ChatParticipant,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let removed_raw = raw_id(removed);
    let in_thread = wire::AcsChatParticipantRemovedFromThreadEventData {
        participant_removed: participant_properties(removed),
        removed_by_communication_identifier: identifier(initiator),
        thread_id: thread.id.clone(),
        time: Some(now),
        transaction_id: transaction_id(),
        version: version(now),
    };
    let subject = format!("thread/{}/participantRemoved/{removed_raw}", thread.id);
    let mut events = vec![Event::new(
        "Microsoft.Communication.ChatThreadParticipantRemoved",
        subject.clone(),
        now,
        data(&in_thread),
    )];
    let created_on = thread.properties(FULL).created_on;
    let mut recipients: Vec<String> = participants(thread).iter().map(raw_id).collect();
    recipients.push(removed_raw);
    for recipient in recipients {
        let per_user = wire::AcsChatParticipantRemovedFromThreadWithUserEventData {
            create_time: Some(created_on),
            participant_removed: in_thread.participant_removed.clone(),
            recipient_communication_identifier: Some(identifier(&recipient)),
            removed_by_communication_identifier: in_thread
                .removed_by_communication_identifier
                .clone(),
            thread_id: Some(thread.id.clone()),
            time: Some(now),
            transaction_id: Some(in_thread.transaction_id.clone()),
            version: in_thread.version,
        };
        events.push(Event::new(
            "Microsoft.Communication.ChatParticipantRemovedFromThreadWithUser",
            format!("{subject}/recipient/{recipient}"),
            now,
            data(&per_user),
        ));
    }
    events
}

/// After `sender` sent a typing notification.
pub(crate) fn typing(
    thread: &Thread,
    sender: &str,
    sender_display_name: Option<&str>,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let typing = wire::AcsChatTypingIndicatorReceivedInThreadEventData {
        compose_time: Some(now),
        message_body: None,
        message_id: None,
        metadata: std::collections::HashMap::new(),
        sender_communication_identifier: identifier(sender),
        sender_display_name: sender_display_name.map(str::to_owned),
        thread_id: thread.id.clone(),
        transaction_id: transaction_id(),
        type_: None,
        version: version(now),
    };
    vec![Event::new(
        "Microsoft.Communication.ChatTypingIndicatorReceivedInThread",
        format!("thread/{}/sender/{sender}", thread.id),
        now,
        data(&typing),
    )]
}
