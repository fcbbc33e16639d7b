//! The SDK's models as output documents, with the wire's camelCase field names.
//!
//! Every field is always present (`null` when the service sent none), so a script can rely
//! on the shape. Identifiers are `{"rawId", "kind"}` (the `rawId` and `kind` of the wire's
//! identifier model); times are RFC 3339 in UTC; metadata maps are sorted by key.

use acs_auth::{AccessToken, CommunicationIdentifier};
use acs_chat::models::{
    ChatAttachment, ChatMessage, ChatMessageContent, ChatMessageReadReceipt, ChatParticipant,
    ChatThreadItem, ChatThreadProperties, CreateChatThreadResult, InvalidParticipant,
    RetentionPolicy,
};
use acs_identity::models::TeamsExtensionAssignment;
use chrono::{DateTime, SecondsFormat, Utc};

use crate::output::table::{Fit, shorten};
use crate::output::{Column, Doc};
use crate::parse;

/// An RFC 3339 time in UTC (`2025-01-31T09:30:00Z`, with fractional seconds when there are).
pub(crate) fn time(time: DateTime<Utc>) -> Doc {
    Doc::Str(time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

fn opt_time(value: Option<DateTime<Utc>>) -> Doc {
    value.map_or(Doc::Null, time)
}

/// `{"rawId", "kind"}`.
pub(crate) fn identifier(identifier: &CommunicationIdentifier) -> Doc {
    Doc::object()
        .field("rawId", identifier.raw_id())
        .field("kind", parse::kind(identifier))
}

fn opt_identifier(value: Option<&CommunicationIdentifier>) -> Doc {
    value.map_or(Doc::Null, identifier)
}

/// `{"token", "expiresOn"}`: the token itself, as the explicit result of a token command.
pub(crate) fn access_token(token: &AccessToken) -> Doc {
    Doc::object()
        .field("token", token.token.expose_secret())
        .field("expiresOn", time(token.expires_on))
}

/// `{"identity": {"id"}, "accessToken": {…} | null}`.
pub(crate) fn identity(id: &str, token: Option<&AccessToken>) -> Doc {
    Doc::object()
        .field("identity", Doc::object().field("id", id))
        .field("accessToken", token.map_or(Doc::Null, access_token))
}

/// `{"objectId", "tenantId", "principalType", "clientIds"}`.
pub(crate) fn assignment(assignment: &TeamsExtensionAssignment) -> Doc {
    Doc::object()
        .field("objectId", assignment.object_id.as_str())
        .field("tenantId", assignment.tenant_id.as_str())
        .field("principalType", assignment.principal_type.as_str())
        .field("clientIds", assignment.client_ids.clone())
}

fn retention_policy(policy: Option<&RetentionPolicy>) -> Doc {
    match policy {
        None => Doc::Null,
        Some(RetentionPolicy::ThreadCreationDate {
            delete_thread_after_days,
        }) => Doc::object()
            .field("kind", "threadCreationDate")
            .field("deleteThreadAfterDays", *delete_thread_after_days),
        Some(other) => Doc::object().field("kind", other.kind()),
    }
}

/// A thread's properties.
pub(crate) fn thread(thread: &ChatThreadProperties) -> Doc {
    Doc::object()
        .field("id", thread.id.as_str())
        .field("topic", thread.topic.as_str())
        .field("createdOn", time(thread.created_on))
        .field(
            "createdByCommunicationIdentifier",
            identifier(&thread.created_by),
        )
        .field("deletedOn", opt_time(thread.deleted_on))
        .field("metadata", Doc::map(&thread.metadata))
        .field(
            "retentionPolicy",
            retention_policy(thread.retention_policy.as_ref()),
        )
}

fn invalid_participant(invalid: &InvalidParticipant) -> Doc {
    Doc::object()
        .field("code", invalid.code.as_str())
        .field("message", invalid.message.as_str())
        .field("target", invalid.identifier.raw_id())
}

/// The participants the service refused, as the wire's errors (`target` is the raw id).
pub(crate) fn invalid_participants(invalid: &[InvalidParticipant]) -> Doc {
    Doc::Arr(invalid.iter().map(invalid_participant).collect())
}

/// `{"chatThread": {…}, "invalidParticipants": […]}`.
pub(crate) fn create_thread_result(result: &CreateChatThreadResult) -> Doc {
    Doc::object()
        .field("chatThread", thread(&result.thread))
        .field(
            "invalidParticipants",
            invalid_participants(&result.invalid_participants),
        )
}

/// A thread in a list.
pub(crate) fn thread_item(item: &ChatThreadItem) -> Doc {
    Doc::object()
        .field("id", item.id.as_str())
        .field("topic", item.topic.as_str())
        .field("deletedOn", opt_time(item.deleted_on))
        .field(
            "lastMessageReceivedOn",
            opt_time(item.last_message_received_on),
        )
}

/// The table columns of a thread list.
pub(crate) const THREAD_COLUMNS: &[Column] = &[
    Column::new("ID", &["id"]).id(),
    Column::new("TOPIC", &["topic"]).cut(40),
    Column::new("LAST MESSAGE", &["lastMessageReceivedOn"]).time(),
    Column::new("DELETED", &["deletedOn"]).time(),
];

/// A participant.
pub(crate) fn participant(participant: &ChatParticipant) -> Doc {
    Doc::object()
        .field(
            "communicationIdentifier",
            identifier(&participant.identifier),
        )
        .field("displayName", participant.display_name.as_deref())
        .field("shareHistoryTime", opt_time(participant.share_history_time))
        .field("metadata", Doc::map(&participant.metadata))
}

/// The table columns of a participant list.
pub(crate) const PARTICIPANT_COLUMNS: &[Column] = &[
    Column::new("RAW ID", &["communicationIdentifier.rawId"]).id(),
    Column::new("KIND", &["communicationIdentifier.kind"]),
    Column::new("DISPLAY NAME", &["displayName"]).cut(30),
    Column::new("SHARE HISTORY TIME", &["shareHistoryTime"]).time(),
];

fn attachment(attachment: &ChatAttachment) -> Doc {
    Doc::object()
        .field("id", attachment.id.as_str())
        .field("attachmentType", attachment.attachment_type.as_str())
        .field("name", attachment.name.as_deref())
        .field("url", attachment.url.as_deref())
        .field("previewUrl", attachment.preview_url.as_deref())
}

fn content(content: &ChatMessageContent) -> Doc {
    Doc::object()
        .field("message", content.message.as_deref())
        .field("topic", content.topic.as_deref())
        .field(
            "participants",
            Doc::Arr(content.participants.iter().map(participant).collect()),
        )
        .field(
            "attachments",
            Doc::Arr(content.attachments.iter().map(attachment).collect()),
        )
        .field(
            "initiatorCommunicationIdentifier",
            opt_identifier(content.initiator.as_ref()),
        )
}

/// A message.
pub(crate) fn message(message: &ChatMessage) -> Doc {
    Doc::object()
        .field("id", message.id.as_str())
        .field("type", message.message_type.as_str())
        .field("sequenceId", message.sequence_id.as_str())
        .field("version", message.version.as_str())
        .field(
            "content",
            message.content.as_ref().map_or(Doc::Null, content),
        )
        .field("senderDisplayName", message.sender_display_name.as_deref())
        .field("createdOn", time(message.created_on))
        .field(
            "senderCommunicationIdentifier",
            opt_identifier(message.sender.as_ref()),
        )
        .field("deletedOn", opt_time(message.deleted_on))
        .field("editedOn", opt_time(message.edited_on))
        .field("metadata", Doc::map(&message.metadata))
}

/// The table columns of a message list.
pub(crate) const MESSAGE_COLUMNS: &[Column] = &[
    Column::new("ID", &["id"]),
    Column::new("TYPE", &["type"]),
    Column::new("CREATED", &["createdOn"]).time(),
    Column::computed("SENDER", message_sender).id(),
    Column::computed("CONTENT", message_summary).cut(80),
];

/// Who sent a message, for a table: the display name, else the raw id.
fn message_sender(message: &Doc) -> String {
    let text = |path: &str| match message.at(path) {
        Some(Doc::Str(text)) if !text.is_empty() => Some(text.clone()),
        _ => None,
    };
    text("senderDisplayName")
        .or_else(|| text("senderCommunicationIdentifier.rawId"))
        .unwrap_or_default()
}

/// What a message says, for a table: its text, or what a system message records (the
/// participants added or removed, the new topic).
fn message_summary(message: &Doc) -> String {
    let text = |path: &str| match message.at(path) {
        Some(Doc::Str(text)) => Some(text.clone()),
        _ => None,
    };
    let participants = || match message.at("content.participants") {
        Some(Doc::Arr(participants)) => participants
            .iter()
            .map(|participant| {
                let raw_id = match participant.at("communicationIdentifier.rawId") {
                    Some(Doc::Str(raw_id)) => raw_id.clone(),
                    _ => String::new(),
                };
                match participant.at("displayName") {
                    Some(Doc::Str(name)) if !name.is_empty() => {
                        format!("{name} ({})", shorten(&raw_id, 16, Fit::Middle))
                    }
                    _ => shorten(&raw_id, 16, Fit::Middle),
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let deleted = !matches!(message.at("deletedOn"), None | Some(Doc::Null));
    match text("type").as_deref() {
        Some("participantAdded") => format!("added {}", participants()),
        Some("participantRemoved") => format!("removed {}", participants()),
        Some("topicUpdated") => format!("topic: {}", text("content.topic").unwrap_or_default()),
        _ if deleted => "(deleted)".to_owned(),
        _ => text("content.message").unwrap_or_default(),
    }
}

/// A read receipt.
pub(crate) fn receipt(receipt: &ChatMessageReadReceipt) -> Doc {
    Doc::object()
        .field("senderCommunicationIdentifier", identifier(&receipt.sender))
        .field("chatMessageId", receipt.chat_message_id.as_str())
        .field("readOn", time(receipt.read_on))
}

/// The table columns of a read receipt list.
pub(crate) const RECEIPT_COLUMNS: &[Column] = &[
    Column::new("SENDER", &["senderCommunicationIdentifier.rawId"]).id(),
    Column::new("MESSAGE ID", &["chatMessageId"]),
    Column::new("READ ON", &["readOn"]).time(),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_rfc3339() {
        let at = DateTime::from_timestamp(1_738_315_800, 0).expect("valid");
        assert_eq!(time(at), Doc::Str("2025-01-31T09:30:00Z".into()));
        let fractional = DateTime::from_timestamp(1_738_315_800, 120_000_000).expect("valid");
        assert_eq!(
            time(fractional),
            Doc::Str("2025-01-31T09:30:00.120Z".into())
        );
    }

    #[test]
    fn identifiers_are_raw_id_and_kind() {
        let doc = identifier(&CommunicationIdentifier::from_raw_id("4:+14255550123"));
        assert_eq!(doc.at("rawId"), Some(&Doc::Str("4:+14255550123".into())));
        assert_eq!(doc.at("kind"), Some(&Doc::Str("phoneNumber".into())));
    }

    #[test]
    fn retention_policies() {
        let days = RetentionPolicy::ThreadCreationDate {
            delete_thread_after_days: 30,
        };
        let doc = retention_policy(Some(&days));
        assert_eq!(doc.at("deleteThreadAfterDays"), Some(&Doc::Int(30)));
        assert_eq!(
            retention_policy(Some(&RetentionPolicy::None)).at("kind"),
            Some(&Doc::Str("none".into()))
        );
        assert_eq!(retention_policy(None), Doc::Null);
    }
}
