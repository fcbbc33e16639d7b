//! Conversions between the wire types of `acs-chat-rest` and the models of this crate.
//!
//! Identifiers are converted by `acs_chat_rest::identifier` (the one place that does it).

use acs_chat_rest::types as wire;
use acs_core::{Error, ErrorKind, Result};

use crate::models::{
    ChatAttachment, ChatAttachmentType, ChatMessage, ChatMessageContent, ChatMessageReadReceipt,
    ChatMessageType, ChatParticipant, ChatThreadItem, ChatThreadProperties,
    CommunicationIdentifier, CreateChatThreadResult, InvalidParticipant, RetentionPolicy,
};

// --- requests ---

pub(crate) fn message_type_to_wire(message_type: &ChatMessageType) -> wire::ChatMessageType {
    wire::ChatMessageType::from(message_type.as_str())
}

pub(crate) fn retention_policy_to_wire(policy: &RetentionPolicy) -> wire::ChatRetentionPolicy {
    match policy {
        RetentionPolicy::ThreadCreationDate {
            delete_thread_after_days,
        } => wire::ChatRetentionPolicy {
            kind: wire::RetentionPolicyKind::ThreadCreationDate,
            delete_thread_after_days: Some(*delete_thread_after_days),
        },
        RetentionPolicy::None => wire::ChatRetentionPolicy {
            kind: wire::RetentionPolicyKind::None,
            delete_thread_after_days: None,
        },
        RetentionPolicy::Unknown(kind) => wire::ChatRetentionPolicy {
            kind: wire::RetentionPolicyKind::from(kind.as_str()),
            delete_thread_after_days: None,
        },
    }
}

pub(crate) fn participant_to_wire(participant: &ChatParticipant) -> wire::ChatParticipant {
    wire::ChatParticipant {
        communication_identifier: (&participant.identifier).into(),
        display_name: participant.display_name.clone(),
        share_history_time: participant.share_history_time,
        metadata: participant.metadata.clone(),
    }
}

// --- responses ---

fn identifier(model: &wire::CommunicationIdentifierModel) -> CommunicationIdentifier {
    acs_chat_rest::identifier::to_identifier(model)
}

pub(crate) fn retention_policy(policy: wire::ChatRetentionPolicy) -> RetentionPolicy {
    match (policy.kind, policy.delete_thread_after_days) {
        (wire::RetentionPolicyKind::ThreadCreationDate, Some(days)) => {
            RetentionPolicy::ThreadCreationDate {
                delete_thread_after_days: days,
            }
        }
        (wire::RetentionPolicyKind::None, _) => RetentionPolicy::None,
        (kind, _) => RetentionPolicy::Unknown(kind.as_str().to_owned()),
    }
}

pub(crate) fn participant(participant: wire::ChatParticipant) -> ChatParticipant {
    ChatParticipant {
        identifier: identifier(&participant.communication_identifier),
        display_name: participant.display_name,
        share_history_time: participant.share_history_time,
        metadata: participant.metadata,
    }
}

pub(crate) fn thread_properties(thread: wire::ChatThreadProperties) -> ChatThreadProperties {
    ChatThreadProperties {
        created_by: identifier(&thread.created_by_communication_identifier),
        id: thread.id,
        topic: thread.topic,
        created_on: thread.created_on,
        deleted_on: thread.deleted_on,
        metadata: thread.metadata,
        retention_policy: thread.retention_policy.map(retention_policy),
    }
}

pub(crate) fn thread_item(item: wire::ChatThreadItem) -> ChatThreadItem {
    ChatThreadItem {
        id: item.id,
        topic: item.topic,
        deleted_on: item.deleted_on,
        last_message_received_on: item.last_message_received_on,
    }
}

fn message_type(message_type: &wire::ChatMessageType) -> ChatMessageType {
    ChatMessageType::from(message_type.as_str())
}

fn attachment_type(attachment_type: &wire::ChatAttachmentType) -> ChatAttachmentType {
    ChatAttachmentType::from(attachment_type.as_str())
}

fn attachment(attachment: wire::ChatAttachment) -> ChatAttachment {
    ChatAttachment {
        id: attachment.id,
        attachment_type: attachment_type(&attachment.attachment_type),
        name: attachment.name,
        url: attachment.url,
        preview_url: attachment.preview_url,
    }
}

fn message_content(content: wire::ChatMessageContent) -> ChatMessageContent {
    ChatMessageContent {
        message: content.message,
        topic: content.topic,
        participants: content.participants.into_iter().map(participant).collect(),
        attachments: content.attachments.into_iter().map(attachment).collect(),
        initiator: content
            .initiator_communication_identifier
            .as_ref()
            .map(identifier),
    }
}

pub(crate) fn message(message: wire::ChatMessage) -> ChatMessage {
    ChatMessage {
        id: message.id,
        message_type: message_type(&message.type_),
        sequence_id: message.sequence_id,
        version: message.version,
        content: message.content.map(message_content),
        sender_display_name: message.sender_display_name,
        sender: message
            .sender_communication_identifier
            .as_ref()
            .map(identifier),
        created_on: message.created_on,
        deleted_on: message.deleted_on,
        edited_on: message.edited_on,
        metadata: message.metadata,
    }
}

pub(crate) fn read_receipt(receipt: wire::ChatMessageReadReceipt) -> ChatMessageReadReceipt {
    ChatMessageReadReceipt {
        sender: identifier(&receipt.sender_communication_identifier),
        chat_message_id: receipt.chat_message_id,
        read_on: receipt.read_on,
    }
}

/// The participants the service refused, matched by raw id against those `requested`.
pub(crate) fn invalid_participants(
    errors: Vec<wire::CommunicationError>,
    requested: &[ChatParticipant],
) -> Vec<InvalidParticipant> {
    errors
        .into_iter()
        .map(|error| {
            let target = error.target.unwrap_or_default();
            let identifier = requested
                .iter()
                .find(|participant| participant.identifier.raw_id() == target)
                .map_or_else(
                    || CommunicationIdentifier::from_raw_id(&target),
                    |participant| participant.identifier.clone(),
                );
            InvalidParticipant {
                identifier,
                code: error.code,
                message: error.message.unwrap_or_default(),
            }
        })
        .collect()
}

pub(crate) fn create_thread_result(
    result: wire::CreateChatThreadResult,
    requested: &[ChatParticipant],
) -> Result<CreateChatThreadResult> {
    let thread = result.chat_thread.ok_or_else(|| {
        Error::new(
            ErrorKind::Decode,
            "the service created the thread but did not return it (no `chatThread`)",
        )
    })?;
    Ok(CreateChatThreadResult {
        thread: thread_properties(thread),
        invalid_participants: invalid_participants(result.invalid_participants, requested),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wire_policy(value: serde_json::Value) -> wire::ChatRetentionPolicy {
        serde_json::from_value(value).expect("a retention policy")
    }

    #[test]
    fn retention_policies_round_trip() {
        for policy in [
            RetentionPolicy::ThreadCreationDate {
                delete_thread_after_days: 40,
            },
            RetentionPolicy::None,
            RetentionPolicy::Unknown("messageCount".into()),
        ] {
            assert_eq!(retention_policy(retention_policy_to_wire(&policy)), policy);
        }
        assert_eq!(
            serde_json::to_value(retention_policy_to_wire(&RetentionPolicy::None))
                .expect("serializes"),
            json!({"kind": "none"})
        );
    }

    #[test]
    fn odd_retention_policies_are_kept_as_unknown() {
        assert_eq!(
            retention_policy(wire_policy(json!({"kind": "threadCreationDate"}))),
            RetentionPolicy::Unknown("threadCreationDate".into()),
            "no number of days"
        );
        assert_eq!(
            retention_policy(wire_policy(
                json!({"kind": "none", "deleteThreadAfterDays": 3})
            )),
            RetentionPolicy::None
        );
        assert_eq!(
            retention_policy(wire_policy(json!({"kind": "future", "x": 1}))),
            RetentionPolicy::Unknown("future".into())
        );
    }

    #[test]
    fn invalid_participants_keep_the_requested_identifier() {
        let phone = ChatParticipant::new(CommunicationIdentifier::from_raw_id("4:+1425"));
        let errors = vec![
            wire::CommunicationError {
                code: "403".into(),
                message: Some("Permissions check failed".into()),
                target: Some("4:+1425".into()),
                details: Vec::new(),
                innererror: None,
            },
            wire::CommunicationError {
                code: "404".into(),
                message: None,
                target: Some("8:orgid:someone".into()),
                details: Vec::new(),
                innererror: None,
            },
            wire::CommunicationError {
                code: "400".into(),
                message: Some("No target".into()),
                target: None,
                details: Vec::new(),
                innererror: None,
            },
        ];
        let invalid = invalid_participants(errors, std::slice::from_ref(&phone));
        assert_eq!(invalid[0].identifier, phone.identifier);
        assert_eq!(invalid[0].code, "403");
        assert_eq!(invalid[0].message, "Permissions check failed");
        assert_eq!(invalid[1].message, "", "a missing message is empty");
        assert!(matches!(
            invalid[1].identifier,
            CommunicationIdentifier::MicrosoftTeamsUser(_)
        ));
        assert_eq!(invalid[2].identifier.raw_id(), "");
    }

    #[test]
    fn a_create_result_without_a_thread_is_a_decode_error() {
        let error = create_thread_result(wire::CreateChatThreadResult::default(), &[])
            .expect_err("no thread");
        assert_eq!(error.kind(), &ErrorKind::Decode);
    }
}
