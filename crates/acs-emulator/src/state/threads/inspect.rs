//! What the inspector sees of a thread: its properties, every participant, its newest
//! messages (system messages, edits and deletes included) and its read receipts, as JSON in the
//! service's wire shapes.

use serde_json::{Value, json};

use super::{MessageView, Thread, VersionView};

/// Everything is shown: metadata, retention policy, `attachments: []` on user messages.
const VIEW: VersionView = VersionView {
    metadata: true,
    attachments: true,
};

impl Thread {
    /// A short summary for a list of threads.
    pub(crate) fn inspect_summary(&self) -> Value {
        let mut summary = serde_json::to_value(self.properties(VIEW)).unwrap_or_default();
        if let Some(object) = summary.as_object_mut() {
            object.insert(
                "lastMessageReceivedOn".to_owned(),
                json!(self.last_message_received_on),
            );
            object.insert(
                "participantCount".to_owned(),
                json!(self.participants.len()),
            );
            object.insert("messageCount".to_owned(), json!(self.messages.len()));
            object.insert(
                "readReceiptCount".to_owned(),
                json!(self.read_receipts.len()),
            );
        }
        summary
    }

    /// The participants, in the order they joined.
    pub(crate) fn inspect_participants(&self) -> Vec<Value> {
        self.participants
            .iter()
            .map(|participant| serde_json::to_value(participant.to_wire(VIEW)).unwrap_or_default())
            .collect()
    }

    /// The newest `max` messages, oldest first; and whether older ones were left out.
    pub(crate) fn inspect_messages(&self, max: usize) -> (Vec<Value>, bool) {
        let skip = self.messages.len().saturating_sub(max);
        let messages = self.messages[skip..]
            .iter()
            .map(|message| MessageView::to_json(message, VIEW))
            .collect();
        (messages, skip > 0)
    }

    /// Every read receipt (one per participant at most).
    pub(crate) fn inspect_read_receipts(&self) -> Vec<Value> {
        let (receipts, _) = self.read_receipts_page(0, usize::MAX);
        receipts
            .iter()
            .map(|receipt| serde_json::to_value(receipt).unwrap_or_default())
            .collect()
    }

    /// The summary with participants, the newest `max_messages` messages and read receipts.
    pub(crate) fn inspect(&self, max_messages: usize) -> Value {
        let mut thread = self.inspect_summary();
        let (messages, more) = self.inspect_messages(max_messages);
        if let Some(object) = thread.as_object_mut() {
            object.insert(
                "participants".to_owned(),
                Value::Array(self.inspect_participants()),
            );
            object.insert("messages".to_owned(), Value::Array(messages));
            object.insert("olderMessagesOmitted".to_owned(), Value::Bool(more));
            object.insert(
                "readReceipts".to_owned(),
                Value::Array(self.inspect_read_receipts()),
            );
        }
        thread
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use acs_chat_rest::types::ChatMessageType;
    use chrono::{TimeZone, Utc};

    use super::super::{NewParticipant, NewThread, UserMessage};
    use super::*;

    #[test]
    fn a_thread_shows_system_messages_edits_deletes_and_receipts() {
        let now = Utc
            .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let mut thread = Thread::new(
            "19:t@thread.v2".to_owned(),
            NewThread {
                topic: "Topic".to_owned(),
                creator: "8:acs:r_a".to_owned(),
                metadata: HashMap::new(),
                retention_policy: None,
                participants: vec![NewParticipant {
                    raw_id: "8:acs:r_b".to_owned(),
                    display_name: Some("Bea".to_owned()),
                    share_history_time: None,
                    metadata: HashMap::new(),
                }],
            },
            now,
        );
        let text = |content: &str| UserMessage {
            kind: ChatMessageType::Text,
            content: content.to_owned(),
            sender_display_name: Some("Al".to_owned()),
            metadata: HashMap::new(),
        };
        let first = thread.send("8:acs:r_a", text("hello"), now);
        let second = thread.send("8:acs:r_a", text("oops"), now);
        assert!(thread.update_message(first, Some("hello!".to_owned()), HashMap::new(), now));
        assert!(thread.delete_message(second, now));
        thread.read_receipt("8:acs:r_b", first, now);

        let json = thread.inspect(10);
        assert_eq!(json["topic"], "Topic");
        assert_eq!(json["participantCount"], 2);
        assert_eq!(json["participants"][1]["displayName"], "Bea");
        let messages = json["messages"].as_array().cloned().unwrap_or_default();
        let types: Vec<_> = messages.iter().map(|m| m["type"].clone()).collect();
        assert_eq!(
            types,
            ["participantAdded", "topicUpdated", "text", "text"].map(Value::from)
        );
        assert_eq!(messages[2]["content"]["message"], "hello!");
        assert!(messages[2]["editedOn"].is_string());
        assert!(messages[3]["deletedOn"].is_string());
        assert_eq!(json["olderMessagesOmitted"], false);
        assert_eq!(json["readReceipts"][0]["chatMessageId"], first.to_string());

        let (newest, more) = thread.inspect_messages(1);
        assert!(more);
        assert_eq!(newest.len(), 1);
        assert_eq!(newest[0]["id"], second.to_string());
    }
}
