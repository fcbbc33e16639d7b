//! Conversions from the wire types of `acs-events-model` to the models of this crate.

use acs_auth::CommunicationIdentifier;
use acs_events_model::types as wire;

use crate::models::{
    ChatEventParticipant, ChatMessageEvent, ChatParticipantEvent, ChatThreadEvent,
    EmailDeliveryReport, EmailDeliveryStatus, EmailEngagement, EmailEngagementReport,
    UserDisconnected,
};

/// The identifier a wire model stands for, decided by `acs_chat_rest::identifier` (the one
/// place that converts identifiers; the two wire models have the same JSON shape).
pub(crate) fn identifier(model: &wire::CommunicationIdentifierModel) -> CommunicationIdentifier {
    let chat_model = serde_json::to_value(model)
        .and_then(serde_json::from_value::<acs_chat_rest::types::CommunicationIdentifierModel>);
    match chat_model {
        Ok(chat_model) => acs_chat_rest::identifier::to_identifier(&chat_model),
        // Not reachable with the same schema; the raw id still says who it is.
        Err(_) => CommunicationIdentifier::from_raw_id(model.raw_id.as_deref().unwrap_or_default()),
    }
}

fn participant(model: wire::AcsChatThreadParticipantProperties) -> ChatEventParticipant {
    ChatEventParticipant {
        identifier: identifier(&model.participant_communication_identifier),
        display_name: model.display_name,
        metadata: model.metadata,
    }
}

fn properties(
    map: serde_json::Map<String, serde_json::Value>,
) -> std::collections::HashMap<String, serde_json::Value> {
    map.into_iter().collect()
}

/// Builds a [`ChatMessageEvent`] from any of the message event data types: the fields they
/// share have the same names; the others are given.
macro_rules! message_event {
    ($data:expr, recipient: $recipient:expr, thread_id: $thread:expr, transaction_id: $tx:expr,
     body: $body:expr, metadata: $metadata:expr, edit_time: $edit:expr, delete_time: $delete:expr) => {{
        let data = $data;
        ChatMessageEvent {
            thread_id: $thread,
            transaction_id: $tx,
            recipient: $recipient,
            message_id: data.message_id.clone(),
            sender: identifier(&data.sender_communication_identifier),
            sender_display_name: data.sender_display_name.clone(),
            compose_time: data.compose_time,
            message_type: data.type_.clone(),
            version: data.version,
            body: $body,
            metadata: $metadata,
            edit_time: $edit,
            delete_time: $delete,
        }
    }};
}

pub(crate) fn message_received(data: wire::AcsChatMessageReceivedEventData) -> ChatMessageEvent {
    message_event!(&data,
        recipient: data.recipient_communication_identifier.as_ref().map(identifier),
        thread_id: data.thread_id.clone().unwrap_or_default(), transaction_id: data.transaction_id.clone(),
        body: data.message_body.clone(), metadata: data.metadata.clone(), edit_time: None, delete_time: None)
}

pub(crate) fn message_received_in_thread(
    data: wire::AcsChatMessageReceivedInThreadEventData,
) -> ChatMessageEvent {
    message_event!(&data, recipient: None,
        thread_id: data.thread_id.clone(), transaction_id: Some(data.transaction_id.clone()),
        body: Some(data.message_body.clone()), metadata: data.metadata.clone(), edit_time: None, delete_time: None)
}

pub(crate) fn bot_command(
    data: wire::AcsChatAzureBotCommandReceivedInThreadEventData,
) -> ChatMessageEvent {
    message_event!(&data, recipient: None,
        thread_id: data.thread_id.clone(), transaction_id: Some(data.transaction_id.clone()),
        body: Some(data.message_body.clone()), metadata: data.metadata.clone(), edit_time: None, delete_time: None)
}

pub(crate) fn typing_indicator(
    data: wire::AcsChatTypingIndicatorReceivedInThreadEventData,
) -> ChatMessageEvent {
    ChatMessageEvent {
        thread_id: data.thread_id,
        transaction_id: Some(data.transaction_id),
        recipient: None,
        message_id: data.message_id.unwrap_or_default(),
        sender: identifier(&data.sender_communication_identifier),
        sender_display_name: data.sender_display_name,
        compose_time: data.compose_time,
        message_type: data.type_.unwrap_or_default(),
        version: data.version,
        body: data.message_body,
        metadata: data.metadata,
        edit_time: None,
        delete_time: None,
    }
}

pub(crate) fn message_edited(data: wire::AcsChatMessageEditedEventData) -> ChatMessageEvent {
    message_event!(&data,
        recipient: data.recipient_communication_identifier.as_ref().map(identifier),
        thread_id: data.thread_id.clone().unwrap_or_default(), transaction_id: data.transaction_id.clone(),
        body: Some(data.message_body.clone()), metadata: data.metadata.clone(), edit_time: data.edit_time, delete_time: None)
}

pub(crate) fn message_edited_in_thread(
    data: wire::AcsChatMessageEditedInThreadEventData,
) -> ChatMessageEvent {
    message_event!(&data, recipient: None,
        thread_id: data.thread_id.clone(), transaction_id: Some(data.transaction_id.clone()),
        body: Some(data.message_body.clone()), metadata: data.metadata.clone(), edit_time: data.edit_time, delete_time: None)
}

pub(crate) fn message_deleted(data: wire::AcsChatMessageDeletedEventData) -> ChatMessageEvent {
    message_event!(&data,
        recipient: data.recipient_communication_identifier.as_ref().map(identifier),
        thread_id: data.thread_id.clone().unwrap_or_default(), transaction_id: data.transaction_id.clone(),
        body: None, metadata: Default::default(), edit_time: None, delete_time: data.delete_time)
}

pub(crate) fn message_deleted_in_thread(
    data: wire::AcsChatMessageDeletedInThreadEventData,
) -> ChatMessageEvent {
    message_event!(&data, recipient: None,
        thread_id: data.thread_id.clone(), transaction_id: Some(data.transaction_id.clone()),
        body: None, metadata: Default::default(), edit_time: None, delete_time: data.delete_time)
}

pub(crate) fn thread_created(data: wire::AcsChatThreadCreatedEventData) -> ChatThreadEvent {
    ChatThreadEvent {
        thread_id: data.thread_id,
        transaction_id: Some(data.transaction_id),
        recipient: None,
        initiator: identifier(&data.created_by_communication_identifier),
        create_time: data.create_time,
        version: data.version,
        time: None,
        properties: properties(data.properties),
        metadata: data.metadata,
        participants: data.participants.into_iter().map(participant).collect(),
    }
}

pub(crate) fn thread_created_with_user(
    data: wire::AcsChatThreadCreatedWithUserEventData,
) -> ChatThreadEvent {
    ChatThreadEvent {
        thread_id: data.thread_id.unwrap_or_default(),
        transaction_id: data.transaction_id,
        recipient: data
            .recipient_communication_identifier
            .as_ref()
            .map(identifier),
        initiator: identifier(&data.created_by_communication_identifier),
        create_time: data.create_time,
        version: data.version,
        time: None,
        properties: properties(data.properties),
        metadata: data.metadata,
        participants: data.participants.into_iter().map(participant).collect(),
    }
}

pub(crate) fn thread_deleted(data: wire::AcsChatThreadDeletedEventData) -> ChatThreadEvent {
    ChatThreadEvent {
        thread_id: data.thread_id,
        transaction_id: Some(data.transaction_id),
        recipient: None,
        initiator: identifier(&data.deleted_by_communication_identifier),
        create_time: data.create_time,
        version: data.version,
        time: data.delete_time,
        properties: Default::default(),
        metadata: Default::default(),
        participants: Vec::new(),
    }
}

pub(crate) fn thread_with_user_deleted(
    data: wire::AcsChatThreadWithUserDeletedEventData,
) -> ChatThreadEvent {
    ChatThreadEvent {
        thread_id: data.thread_id.unwrap_or_default(),
        transaction_id: data.transaction_id,
        recipient: data
            .recipient_communication_identifier
            .as_ref()
            .map(identifier),
        initiator: identifier(&data.deleted_by_communication_identifier),
        create_time: data.create_time,
        version: data.version,
        time: data.delete_time,
        properties: Default::default(),
        metadata: Default::default(),
        participants: Vec::new(),
    }
}

pub(crate) fn thread_properties_updated(
    data: wire::AcsChatThreadPropertiesUpdatedEventData,
) -> ChatThreadEvent {
    ChatThreadEvent {
        thread_id: data.thread_id,
        transaction_id: Some(data.transaction_id),
        recipient: None,
        initiator: identifier(&data.edited_by_communication_identifier),
        create_time: data.create_time,
        version: data.version,
        time: data.edit_time,
        properties: properties(data.properties),
        metadata: data.metadata,
        participants: Vec::new(),
    }
}

pub(crate) fn thread_properties_updated_per_user(
    data: wire::AcsChatThreadPropertiesUpdatedPerUserEventData,
) -> ChatThreadEvent {
    ChatThreadEvent {
        thread_id: data.thread_id.unwrap_or_default(),
        transaction_id: data.transaction_id,
        recipient: data
            .recipient_communication_identifier
            .as_ref()
            .map(identifier),
        initiator: identifier(&data.edited_by_communication_identifier),
        create_time: data.create_time,
        version: data.version,
        time: data.edit_time,
        properties: properties(data.properties),
        metadata: data.metadata,
        participants: Vec::new(),
    }
}

pub(crate) fn participant_added(
    data: wire::AcsChatParticipantAddedToThreadEventData,
) -> ChatParticipantEvent {
    ChatParticipantEvent {
        thread_id: data.thread_id,
        transaction_id: Some(data.transaction_id),
        recipient: None,
        initiator: identifier(&data.added_by_communication_identifier),
        participant: participant(data.participant_added),
        time: data.time,
        create_time: None,
        version: data.version,
    }
}

pub(crate) fn participant_removed(
    data: wire::AcsChatParticipantRemovedFromThreadEventData,
) -> ChatParticipantEvent {
    ChatParticipantEvent {
        thread_id: data.thread_id,
        transaction_id: Some(data.transaction_id),
        recipient: None,
        initiator: identifier(&data.removed_by_communication_identifier),
        participant: participant(data.participant_removed),
        time: data.time,
        create_time: None,
        version: data.version,
    }
}

pub(crate) fn participant_added_with_user(
    data: wire::AcsChatParticipantAddedToThreadWithUserEventData,
) -> ChatParticipantEvent {
    ChatParticipantEvent {
        thread_id: data.thread_id.unwrap_or_default(),
        transaction_id: data.transaction_id,
        recipient: data
            .recipient_communication_identifier
            .as_ref()
            .map(identifier),
        initiator: identifier(&data.added_by_communication_identifier),
        participant: participant(data.participant_added),
        time: data.time,
        create_time: data.create_time,
        version: data.version,
    }
}

pub(crate) fn participant_removed_with_user(
    data: wire::AcsChatParticipantRemovedFromThreadWithUserEventData,
) -> ChatParticipantEvent {
    ChatParticipantEvent {
        thread_id: data.thread_id.unwrap_or_default(),
        transaction_id: data.transaction_id,
        recipient: data
            .recipient_communication_identifier
            .as_ref()
            .map(identifier),
        initiator: identifier(&data.removed_by_communication_identifier),
        participant: participant(data.participant_removed),
        time: data.time,
        create_time: data.create_time,
        version: data.version,
    }
}

pub(crate) fn email_delivery(
    data: wire::AcsEmailDeliveryReportReceivedEventData,
) -> EmailDeliveryReport {
    let details = data.delivery_status_details;
    EmailDeliveryReport {
        sender: data.sender,
        recipient: data.recipient,
        internet_message_id: data.internet_message_id,
        message_id: data.message_id,
        status: data
            .status
            .map(|status| EmailDeliveryStatus::from(status.as_str())),
        status_message: details.as_ref().and_then(|d| d.status_message.clone()),
        recipient_mail_server_host_name: details
            .as_ref()
            .and_then(|d| d.recipient_mail_server_host_name.clone()),
        delivery_attempt_time: data.delivery_attempt_timestamp,
    }
}

pub(crate) fn email_engagement(
    data: wire::AcsEmailEngagementTrackingReportReceivedEventData,
) -> EmailEngagementReport {
    EmailEngagementReport {
        sender: data.sender,
        recipient: data.recipient,
        message_id: data.message_id,
        user_action_time: data.user_action_timestamp,
        engagement_context: data.engagement_context,
        user_agent: data.user_agent,
        engagement: data
            .engagement_type
            .map(|engagement| EmailEngagement::from(engagement.as_str())),
    }
}

pub(crate) fn user_disconnected(data: wire::AcsUserDisconnectedEventData) -> UserDisconnected {
    UserDisconnected {
        user: data.user_communication_identifier.as_ref().map(identifier),
    }
}
