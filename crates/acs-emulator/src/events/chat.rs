//! The chat events the service publishes for each operation: one "in thread" event, then one
//! per-user event for each recipient, in participant order.
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
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::envelope::{Event, time_text};
use crate::dates::epoch_millis;
use crate::state::{MessageView, Participant, Thread, VersionView, identifier_model};

/// Every field of participants and messages.
pub(crate) const FULL: VersionView = VersionView {
    metadata: true,
    attachments: false,
};

const PREFIX: &str = "Microsoft.Communication.";

fn identifier(raw_id: &str) -> Value {
    serde_json::to_value(identifier_model(raw_id)).unwrap_or_default()
}

/// A random transaction id (the service's are opaque strings).
fn transaction_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn participant_json(participant: &ChatParticipant) -> Value {
    let mut value = json!({
        "participantCommunicationIdentifier": serde_json::to_value(&participant.communication_identifier).unwrap_or_default(),
        "metadata": participant.metadata,
    });
    if let (Some(name), Some(object)) = (&participant.display_name, value.as_object_mut()) {
        object.insert("displayName".to_owned(), Value::String(name.clone()));
    }
    value
}

fn participants(thread: &Thread) -> Vec<ChatParticipant> {
    thread
        .participants_page(0, usize::MAX)
        .0
        .into_iter()
        .map(|participant: &Participant| participant.to_wire(FULL))
        .collect()
}

fn raw_id(participant: &ChatParticipant) -> String {
    participant
        .communication_identifier
        .raw_id
        .clone()
        .unwrap_or_default()
}

/// `data` with the recipient's fields added.
fn for_recipient(data: &Value, recipient: &str) -> Value {
    let mut data = data.clone();
    if let Some(object) = data.as_object_mut() {
        object.insert(
            "recipientId".to_owned(),
            Value::String(recipient.to_owned()),
        );
        object.insert(
            "recipientCommunicationIdentifier".to_owned(),
            identifier(recipient),
        );
    }
    data
}

fn with(data: &Value, key: &str, value: Value) -> Value {
    let mut data = data.clone();
    if let Some(object) = data.as_object_mut() {
        object.insert(key.to_owned(), value);
    }
    data
}

/// The in-thread event, then the per-user one for each recipient.
fn fan_out(
    now: DateTime<Utc>,
    in_thread: (&'static str, String),
    per_user: &'static str,
    data: &Value,
    recipients: impl IntoIterator<Item = String>,
) -> Vec<Event> {
    let (in_thread_type, subject) = in_thread;
    let mut events = vec![Event::new(
        in_thread_type,
        subject.clone(),
        now,
        data.clone(),
    )];
    for recipient in recipients {
        events.push(Event::new(
            per_user,
            format!("{subject}/recipient/{recipient}"),
            now,
            for_recipient(data, &recipient),
        ));
    }
    events
}

/// The base of thread events.
fn thread_data(thread: &Thread, now: DateTime<Utc>) -> Map<String, Value> {
    let properties = thread.properties(FULL);
    let mut data = Map::new();
    data.insert(
        "createTime".to_owned(),
        Value::String(time_text(properties.created_on)),
    );
    data.insert("version".to_owned(), json!(epoch_millis(now)));
    data.insert("threadId".to_owned(), Value::String(thread.id.clone()));
    data.insert("transactionId".to_owned(), Value::String(transaction_id()));
    data
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
    let mut data = thread_data(thread, now);
    data.insert(
        "createdByCommunicationIdentifier".to_owned(),
        identifier(&creator),
    );
    data.insert(
        "properties".to_owned(),
        json!({ "topic": properties.topic }),
    );
    data.insert("metadata".to_owned(), json!(properties.metadata));
    data.insert(
        "participants".to_owned(),
        Value::Array(members.iter().map(participant_json).collect()),
    );
    let data = Value::Object(data);
    let subject = format!("thread/{}/createdBy/{creator}", thread.id);
    let legacy_members: Vec<Value> = members
        .iter()
        .map(|p| json!({ "displayName": p.display_name, "memberId": raw_id(p) }))
        .collect();
    let mut events = vec![Event::new(
        "Microsoft.Communication.ChatThreadCreated",
        subject.clone(),
        now,
        data.clone(),
    )];
    let per_user = with(&data, "createdBy", Value::String(creator.clone()));
    let per_user = with(&per_user, "members", Value::Array(legacy_members));
    for member in &members {
        let recipient = raw_id(member);
        events.push(Event::new(
            "Microsoft.Communication.ChatThreadCreatedWithUser",
            format!("{subject}/recipient/{recipient}"),
            now,
            for_recipient(&per_user, &recipient),
        ));
    }
    events
}

/// After `editor` updated a thread's properties.
pub(crate) fn thread_updated(thread: &Thread, editor: &str, now: DateTime<Utc>) -> Vec<Event> {
    let properties = thread.properties(FULL);
    let mut data = thread_data(thread, now);
    data.insert(
        "editedByCommunicationIdentifier".to_owned(),
        identifier(editor),
    );
    data.insert("editTime".to_owned(), Value::String(time_text(now)));
    data.insert(
        "properties".to_owned(),
        json!({ "topic": properties.topic }),
    );
    data.insert("metadata".to_owned(), json!(properties.metadata));
    let data = Value::Object(data);
    let recipients = participants(thread).iter().map(raw_id).collect::<Vec<_>>();
    let mut events = fan_out(
        now,
        (
            "Microsoft.Communication.ChatThreadPropertiesUpdated",
            format!("thread/{}/editedBy/{editor}", thread.id),
        ),
        "Microsoft.Communication.ChatThreadPropertiesUpdatedPerUser",
        &data,
        recipients,
    );
    for event in events.iter_mut().skip(1) {
        event.data = with(&event.data, "editedBy", Value::String(editor.to_owned()));
    }
    events
}

/// After `deleter` deleted a thread.
pub(crate) fn thread_deleted(thread: &Thread, deleter: &str, now: DateTime<Utc>) -> Vec<Event> {
    let mut data = thread_data(thread, now);
    data.insert(
        "deletedByCommunicationIdentifier".to_owned(),
        identifier(deleter),
    );
    data.insert("deleteTime".to_owned(), Value::String(time_text(now)));
    let data = Value::Object(data);
    let recipients = participants(thread).iter().map(raw_id).collect::<Vec<_>>();
    let mut events = fan_out(
        now,
        (
            "Microsoft.Communication.ChatThreadDeleted",
            format!("thread/{}/deletedBy/{deleter}", thread.id),
        ),
        "Microsoft.Communication.ChatThreadWithUserDeleted",
        &data,
        recipients,
    );
    if let Some(first) = events.first_mut() {
        first.data = with(
            &first.data,
            "reason",
            Value::String("deleteByThread".to_owned()),
        );
    }
    for event in events.iter_mut().skip(1) {
        event.data = with(&event.data, "deletedBy", Value::String(deleter.to_owned()));
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

/// After a user message was sent, edited or deleted. Nothing for an unknown message.
pub(crate) fn message_event(
    thread: &Thread,
    message_id: u64,
    change: MessageChange,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let Some(message) = thread.message(message_id) else {
        return Vec::new();
    };
    let wire = MessageView::to_json(message, FULL);
    let sender = message.sender.as_deref().unwrap_or_default().to_owned();
    let kind = match wire["type"].as_str() {
        Some("html") => "Html",
        _ => "Text",
    };
    let version: u64 = wire["version"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    let mut data = Map::new();
    data.insert(
        "messageId".to_owned(),
        Value::String(message_id.to_string()),
    );
    data.insert(
        "senderCommunicationIdentifier".to_owned(),
        identifier(&sender),
    );
    data.insert(
        "senderDisplayName".to_owned(),
        wire["senderDisplayName"].clone(),
    );
    data.insert(
        "composeTime".to_owned(),
        Value::String(time_text(message.created_on)),
    );
    data.insert("type".to_owned(), Value::String(kind.to_owned()));
    data.insert("version".to_owned(), json!(version));
    data.insert("threadId".to_owned(), Value::String(thread.id.clone()));
    data.insert("transactionId".to_owned(), Value::String(transaction_id()));
    let body = wire["content"]["message"].clone();
    let metadata = if wire["metadata"].is_object() {
        wire["metadata"].clone()
    } else {
        json!({})
    };
    let (in_thread, per_user) = match change {
        MessageChange::Received => {
            data.insert("messageBody".to_owned(), body);
            data.insert("metadata".to_owned(), metadata);
            ("ChatMessageReceivedInThread", "ChatMessageReceived")
        }
        MessageChange::Edited => {
            data.insert("messageBody".to_owned(), body);
            data.insert("metadata".to_owned(), metadata);
            data.insert(
                "editTime".to_owned(),
                wire["editedOn"].as_str().map_or_else(
                    || Value::String(time_text(now)),
                    |edited| Value::String(edited.to_owned()),
                ),
            );
            ("ChatMessageEditedInThread", "ChatMessageEdited")
        }
        MessageChange::Deleted => {
            data.insert(
                "deleteTime".to_owned(),
                wire["deletedOn"].as_str().map_or_else(
                    || Value::String(time_text(now)),
                    |deleted| Value::String(deleted.to_owned()),
                ),
            );
            ("ChatMessageDeletedInThread", "ChatMessageDeleted")
        }
    };
    let data = Value::Object(data);
    let recipients: Vec<String> = participants(thread)
        .iter()
        .map(raw_id)
        .filter(|raw| *raw != sender)
        .collect();
    let mut events = fan_out(
        now,
        (
            event_type(in_thread),
            format!("thread/{}/sender/{sender}", thread.id),
        ),
        event_type(per_user),
        &data,
        recipients,
    );
    for event in events.iter_mut().skip(1) {
        event.data = with(&event.data, "senderId", Value::String(sender.clone()));
    }
    events
}

/// The full name of an event type (`'static`: from a fixed list).
fn event_type(short: &str) -> &'static str {
    const TYPES: &[&str] = &[
        "Microsoft.Communication.ChatMessageReceivedInThread",
        "Microsoft.Communication.ChatMessageReceived",
        "Microsoft.Communication.ChatMessageEditedInThread",
        "Microsoft.Communication.ChatMessageEdited",
        "Microsoft.Communication.ChatMessageDeletedInThread",
        "Microsoft.Communication.ChatMessageDeleted",
    ];
    TYPES
        .iter()
        .find(|full| full.strip_prefix(PREFIX) == Some(short))
        .copied()
        .unwrap_or("Microsoft.Communication.Unknown")
}

/// After `initiator` added participants: the last `added` of the thread's participants.
pub(crate) fn participants_added(
    thread: &Thread,
    initiator: &str,
    added: usize,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let all = participants(thread);
    let new = &all[all.len().saturating_sub(added)..];
    let mut events = Vec::new();
    for participant in new {
        let added_raw = raw_id(participant);
        let mut data = thread_data(thread, now);
        data.remove("createTime");
        data.insert("time".to_owned(), Value::String(time_text(now)));
        data.insert(
            "addedByCommunicationIdentifier".to_owned(),
            identifier(initiator),
        );
        data.insert("participantAdded".to_owned(), participant_json(participant));
        let in_thread = Value::Object(data);
        let subject = format!("thread/{}/participantAdded/{added_raw}", thread.id);
        events.push(Event::new(
            "Microsoft.Communication.ChatThreadParticipantAdded",
            subject.clone(),
            now,
            in_thread.clone(),
        ));
        let per_user = with(
            &in_thread,
            "createTime",
            Value::String(time_text(thread.properties(FULL).created_on)),
        );
        for recipient in all.iter().map(raw_id) {
            events.push(Event::new(
                "Microsoft.Communication.ChatParticipantAddedToThreadWithUser",
                format!("{subject}/recipient/{recipient}"),
                now,
                for_recipient(&per_user, &recipient),
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
    let mut data = thread_data(thread, now);
    data.remove("createTime");
    data.insert("time".to_owned(), Value::String(time_text(now)));
    data.insert(
        "removedByCommunicationIdentifier".to_owned(),
        identifier(initiator),
    );
    data.insert("participantRemoved".to_owned(), participant_json(removed));
    let in_thread = Value::Object(data);
    let subject = format!("thread/{}/participantRemoved/{removed_raw}", thread.id);
    let mut events = vec![Event::new(
        "Microsoft.Communication.ChatThreadParticipantRemoved",
        subject.clone(),
        now,
        in_thread.clone(),
    )];
    let per_user = with(
        &in_thread,
        "createTime",
        Value::String(time_text(thread.properties(FULL).created_on)),
    );
    let mut recipients: Vec<String> = participants(thread).iter().map(raw_id).collect();
    recipients.push(removed_raw);
    for recipient in recipients {
        events.push(Event::new(
            "Microsoft.Communication.ChatParticipantRemovedFromThreadWithUser",
            format!("{subject}/recipient/{recipient}"),
            now,
            for_recipient(&per_user, &recipient),
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
    let mut data = Map::new();
    data.insert(
        "senderCommunicationIdentifier".to_owned(),
        identifier(sender),
    );
    if let Some(name) = sender_display_name {
        data.insert(
            "senderDisplayName".to_owned(),
            Value::String(name.to_owned()),
        );
    }
    data.insert("composeTime".to_owned(), Value::String(time_text(now)));
    data.insert("threadId".to_owned(), Value::String(thread.id.clone()));
    data.insert("transactionId".to_owned(), Value::String(transaction_id()));
    vec![Event::new(
        "Microsoft.Communication.ChatTypingIndicatorReceivedInThread",
        format!("thread/{}/sender/{sender}", thread.id),
        now,
        Value::Object(data),
    )]
}
