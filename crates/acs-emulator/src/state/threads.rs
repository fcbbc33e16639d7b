//! Chat threads: participants, messages (with system messages), read receipts.

mod persisted;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

use acs_chat_rest::types::{
    ChatMessage, ChatMessageContent, ChatMessageReadReceipt, ChatMessageType, ChatParticipant,
    ChatRetentionPolicy, ChatThreadItem, ChatThreadProperties, CommunicationError,
    RetentionPolicyKind,
};
use chrono::{DateTime, Utc};

use super::{identifier_model, lock, read, write};
use crate::dates::{chat_time, epoch, epoch_millis};
use crate::ids::MillisSequence;
use crate::persist::Journal;

mod inspect;

/// How a response is shaped for the caller's api-version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VersionView {
    /// Thread and participant `metadata` and `retentionPolicy` (2025-03-15 on).
    pub(crate) metadata: bool,
    /// `content.attachments: []` on text and HTML messages (2024-03-07 on).
    pub(crate) attachments: bool,
}

/// A participant to add, already checked.
#[derive(Debug, Clone)]
pub(crate) struct NewParticipant {
    pub(crate) raw_id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) share_history_time: Option<DateTime<Utc>>,
    pub(crate) metadata: HashMap<String, String>,
}

/// A participant of a thread.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Participant {
    pub(crate) raw_id: String,
    display_name: Option<String>,
    pub(crate) share_history_time: DateTime<Utc>,
    metadata: HashMap<String, String>,
}

impl Participant {
    fn from_new(new: NewParticipant) -> Self {
        Self {
            raw_id: new.raw_id,
            display_name: new.display_name,
            share_history_time: new.share_history_time.map_or_else(epoch, chat_time),
            metadata: new.metadata,
        }
    }

    /// The wire form.
    pub(crate) fn to_wire(&self, view: VersionView) -> ChatParticipant {
        ChatParticipant {
            communication_identifier: identifier_model(&self.raw_id),
            display_name: self.display_name.clone(),
            share_history_time: Some(self.share_history_time),
            metadata: if view.metadata {
                self.metadata.clone()
            } else {
                HashMap::new()
            },
        }
    }
}

/// A message, user-sent or system. Laid out for a long thread of user messages (≤ 200 bytes
/// each with a short text): the sender and display name are shared (interned per thread), what
/// only system messages carry and the (usually empty) metadata are boxed.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub(crate) id: u64,
    version: u64,
    sequence_id: u64,
    kind: ChatMessageType,
    pub(crate) created_on: DateTime<Utc>,
    edited_on: Option<DateTime<Utc>>,
    pub(crate) deleted_on: Option<DateTime<Utc>>,
    pub(crate) sender: Option<Arc<str>>,
    sender_display_name: Option<Arc<str>>,
    text: Option<Box<str>>,
    system: Option<Box<SystemContent>>,
    #[allow(
        clippy::box_collection,
        reason = "8 bytes in every message instead of an empty map's 48; most messages have none"
    )]
    metadata: Option<Box<HashMap<String, String>>>,
}

/// What only system messages carry.
#[derive(Debug, Clone)]
struct SystemContent {
    topic: Option<String>,
    participants: Vec<Participant>,
    initiator: String,
}

/// A message in its wire form, as JSON (the generated type leaves out an empty `attachments`,
/// which the service always sends on text and HTML messages).
#[derive(Debug)]
pub(crate) struct MessageView;

impl MessageView {
    pub(crate) fn to_json(message: &Message, view: VersionView) -> serde_json::Value {
        let user_message = matches!(message.kind, ChatMessageType::Text | ChatMessageType::Html);
        let content = ChatMessageContent {
            message: if user_message {
                Some(if message.deleted_on.is_some() {
                    String::new()
                } else {
                    message.text.as_deref().unwrap_or_default().to_owned()
                })
            } else {
                None
            },
            topic: message
                .system
                .as_ref()
                .and_then(|system| system.topic.clone()),
            participants: message
                .system
                .iter()
                .flat_map(|system| &system.participants)
                .map(|participant| participant.to_wire(view))
                .collect(),
            initiator_communication_identifier: message
                .system
                .as_ref()
                .map(|system| identifier_model(&system.initiator)),
            attachments: Vec::new(),
        };
        let wire = ChatMessage {
            id: message.id.to_string(),
            type_: message.kind.clone(),
            sequence_id: message.sequence_id.to_string(),
            version: message.version.to_string(),
            content: Some(content),
            sender_display_name: message.sender_display_name.as_deref().map(str::to_owned),
            created_on: message.created_on,
            sender_communication_identifier: message.sender.as_deref().map(identifier_model),
            deleted_on: message.deleted_on,
            edited_on: message.edited_on,
            metadata: message.metadata.as_deref().cloned().unwrap_or_default(),
        };
        let mut json = serde_json::to_value(wire).unwrap_or_default();
        if user_message
            && view.attachments
            && let Some(content) = json.get_mut("content").and_then(|c| c.as_object_mut())
        {
            content.insert(
                "attachments".to_owned(),
                serde_json::Value::Array(Vec::new()),
            );
        }
        json
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ReadReceipt {
    sender: String,
    message_id: u64,
    read_on: DateTime<Utc>,
}

/// One chat thread. Always used under its own mutex.
#[derive(Debug)]
pub(crate) struct Thread {
    pub(crate) id: String,
    topic: String,
    created_on: DateTime<Utc>,
    created_by: String,
    pub(crate) deleted_on: Option<DateTime<Utc>>,
    metadata: HashMap<String, String>,
    retention_policy: Option<ChatRetentionPolicy>,
    participants: Vec<Participant>,
    /// Ascending by id (ids only grow, and are appended under the lock).
    messages: Vec<Message>,
    read_receipts: Vec<ReadReceipt>,
    pub(crate) last_message_received_on: DateTime<Utc>,
    next_sequence: u64,
    millis: MillisSequence,
    /// Senders and display names, shared by the messages that carry them.
    interned: HashSet<Arc<str>>,
    /// Persistence: where changes are saved (set by the catalog; see `persisted`).
    journal: Journal,
}

/// What the user sends in a message.
#[derive(Debug, Clone)]
pub(crate) struct UserMessage {
    pub(crate) kind: ChatMessageType,
    pub(crate) content: String,
    pub(crate) sender_display_name: Option<String>,
    pub(crate) metadata: HashMap<String, String>,
}

/// Settings of a new thread.
#[derive(Debug, Clone)]
pub(crate) struct NewThread {
    pub(crate) topic: String,
    pub(crate) creator: String,
    pub(crate) metadata: HashMap<String, String>,
    pub(crate) retention_policy: Option<ChatRetentionPolicy>,
    pub(crate) participants: Vec<NewParticipant>,
}

impl Thread {
    /// A new thread; the creator is always a participant. Writes the `participantAdded` and
    /// `topicUpdated` system messages, as the service does.
    pub(crate) fn new(id: String, new: NewThread, now: DateTime<Utc>) -> Self {
        let created_on = chat_time(now);
        let mut thread = Self {
            id,
            topic: new.topic.clone(),
            created_on,
            created_by: new.creator.clone(),
            deleted_on: None,
            metadata: new.metadata,
            retention_policy: new.retention_policy,
            participants: Vec::new(),
            messages: Vec::new(),
            read_receipts: Vec::new(),
            last_message_received_on: created_on,
            next_sequence: 1,
            millis: MillisSequence::default(),
            interned: HashSet::new(),
            journal: Journal::default(),
        };
        let mut participants = new.participants;
        if !participants.iter().any(|p| p.raw_id == new.creator) {
            participants.insert(
                0,
                NewParticipant {
                    raw_id: new.creator.clone(),
                    display_name: None,
                    share_history_time: None,
                    metadata: HashMap::new(),
                },
            );
        }
        thread.add_participants(&new.creator, participants, now);
        thread.push_system(
            ChatMessageType::TopicUpdated,
            &new.creator,
            Some(new.topic),
            Vec::new(),
            now,
        );
        thread
    }

    /// The participant with this raw id.
    pub(crate) fn participant(&self, raw_id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.raw_id == raw_id)
    }

    /// The thread's properties.
    pub(crate) fn properties(&self, view: VersionView) -> ChatThreadProperties {
        ChatThreadProperties {
            id: self.id.clone(),
            topic: self.topic.clone(),
            created_on: self.created_on,
            created_by_communication_identifier: identifier_model(&self.created_by),
            deleted_on: self.deleted_on,
            metadata: if view.metadata {
                self.metadata.clone()
            } else {
                HashMap::new()
            },
            retention_policy: view.metadata.then(|| {
                self.retention_policy
                    .clone()
                    .unwrap_or(ChatRetentionPolicy {
                        kind: RetentionPolicyKind::None,
                        delete_thread_after_days: None,
                    })
            }),
        }
    }

    /// The thread as a list item.
    pub(crate) fn item(&self) -> ChatThreadItem {
        ChatThreadItem {
            id: self.id.clone(),
            topic: self.topic.clone(),
            deleted_on: self.deleted_on,
            last_message_received_on: Some(self.last_message_received_on),
        }
    }

    fn push(&mut self, mut message: Message, now: DateTime<Utc>) -> u64 {
        let id = self.millis.next(epoch_millis(now));
        message.id = id;
        message.version = id;
        message.sequence_id = self.next_sequence;
        self.next_sequence += 1;
        self.last_message_received_on = message.created_on;
        self.messages.push(message);
        self.journal_message(id); // persistence
        id
    }

    fn push_system(
        &mut self,
        kind: ChatMessageType,
        initiator: &str,
        topic: Option<String>,
        participants: Vec<Participant>,
        now: DateTime<Utc>,
    ) {
        let message = Message {
            id: 0,
            version: 0,
            sequence_id: 0,
            kind,
            created_on: chat_time(now),
            edited_on: None,
            deleted_on: None,
            sender: None,
            sender_display_name: None,
            text: None,
            system: Some(Box::new(SystemContent {
                topic,
                participants,
                initiator: initiator.to_owned(),
            })),
            metadata: None,
        };
        self.push(message, now);
    }

    /// Sends a user message; returns its id.
    pub(crate) fn send(&mut self, sender: &str, message: UserMessage, now: DateTime<Utc>) -> u64 {
        let message = Message {
            id: 0,
            version: 0,
            sequence_id: 0,
            kind: message.kind,
            created_on: chat_time(now),
            edited_on: None,
            deleted_on: None,
            sender: Some(self.intern(sender)),
            sender_display_name: Some(
                self.intern(message.sender_display_name.as_deref().unwrap_or_default()),
            ),
            text: Some(message.content.into_boxed_str()),
            system: None,
            metadata: (!message.metadata.is_empty()).then(|| Box::new(message.metadata)),
        };
        self.push(message, now)
    }

    /// The shared copy of `text` (bounded by the thread's distinct senders and display names).
    fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.interned.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.interned.insert(shared.clone());
        shared
    }

    /// A message by id.
    pub(crate) fn message(&self, id: u64) -> Option<&Message> {
        self.messages
            .binary_search_by_key(&id, |m| m.id)
            .ok()
            .and_then(|index| self.messages.get(index))
    }

    fn message_mut(&mut self, id: u64) -> Option<&mut Message> {
        self.messages
            .binary_search_by_key(&id, |m| m.id)
            .ok()
            .and_then(|index| self.messages.get_mut(index))
    }

    /// Edits a message: new content and merged metadata (a key set to `""` is removed), a new
    /// version and `editedOn`. `false` when there is no such message.
    pub(crate) fn update_message(
        &mut self,
        id: u64,
        content: Option<String>,
        metadata: HashMap<String, String>,
        now: DateTime<Utc>,
    ) -> bool {
        let version = self.millis.next(epoch_millis(now));
        let Some(message) = self.message_mut(id) else {
            return false;
        };
        if let Some(content) = content {
            message.text = Some(content.into_boxed_str());
        }
        for (key, value) in metadata {
            if value.is_empty() {
                if let Some(stored) = &mut message.metadata {
                    stored.remove(&key);
                }
            } else {
                message
                    .metadata
                    .get_or_insert_with(Box::default)
                    .insert(key, value);
            }
        }
        if message
            .metadata
            .as_ref()
            .is_some_and(|stored| stored.is_empty())
        {
            message.metadata = None;
        }
        message.version = version;
        message.edited_on = Some(chat_time(now));
        self.journal_message(id); // persistence
        true
    }

    /// Deletes a message: it stays, emptied, with `deletedOn` and a new version.
    pub(crate) fn delete_message(&mut self, id: u64, now: DateTime<Utc>) -> bool {
        let version = self.millis.next(epoch_millis(now));
        let Some(message) = self.message_mut(id) else {
            return false;
        };
        if message.deleted_on.is_none() {
            message.deleted_on = Some(chat_time(now));
            message.version = version;
            self.journal_message(id); // persistence
        }
        true
    }

    /// Messages visible from `visible_from` on, newest first, older than `before`, created at
    /// or after `start_time`; at most `max`. Also says whether more remain.
    pub(crate) fn messages_page(
        &self,
        before: Option<u64>,
        start_time: Option<DateTime<Utc>>,
        visible_from: DateTime<Utc>,
        max: usize,
    ) -> (Vec<&Message>, bool) {
        let end = before.map_or(self.messages.len(), |before| {
            self.messages.partition_point(|m| m.id < before)
        });
        let lower = start_time.map_or(visible_from, |start| start.max(visible_from));
        let mut page: Vec<&Message> = self.messages[..end]
            .iter()
            .rev()
            .take_while(|m| m.created_on >= lower)
            .take(max + 1)
            .collect();
        let more = page.len() > max;
        page.truncate(max);
        (page, more)
    }

    /// Adds participants; returns the ones that were new (and writes a `participantAdded`
    /// message for them).
    pub(crate) fn add_participants(
        &mut self,
        initiator: &str,
        participants: Vec<NewParticipant>,
        now: DateTime<Utc>,
    ) -> usize {
        let mut added = Vec::new();
        for new in participants {
            if self.participant(&new.raw_id).is_none()
                && !added.iter().any(|p: &Participant| p.raw_id == new.raw_id)
            {
                added.push(Participant::from_new(new));
            }
        }
        let count = added.len();
        if count > 0 {
            self.participants.extend(added.iter().cloned());
            self.journal_header(); // persistence
            self.push_system(
                ChatMessageType::ParticipantAdded,
                initiator,
                None,
                added,
                now,
            );
        }
        count
    }

    /// Removes a participant (and writes a `participantRemoved` message). `false` when it was
    /// not one.
    pub(crate) fn remove_participant(
        &mut self,
        initiator: &str,
        raw_id: &str,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(index) = self.participants.iter().position(|p| p.raw_id == raw_id) else {
            return false;
        };
        let removed = self.participants.remove(index);
        self.read_receipts
            .retain(|receipt| receipt.sender != raw_id);
        self.journal_header(); // persistence
        self.push_system(
            ChatMessageType::ParticipantRemoved,
            initiator,
            None,
            vec![removed],
            now,
        );
        true
    }

    /// The participants from `skip` on, at most `max`; and whether more remain.
    pub(crate) fn participants_page(&self, skip: usize, max: usize) -> (Vec<&Participant>, bool) {
        let page: Vec<_> = self.participants.iter().skip(skip).take(max).collect();
        (page, self.participants.len() > skip.saturating_add(max))
    }

    /// Updates the topic (writing a `topicUpdated` message when it changes), merges metadata
    /// and replaces the retention policy.
    pub(crate) fn update(
        &mut self,
        initiator: &str,
        topic: Option<String>,
        metadata: HashMap<String, String>,
        retention_policy: Option<ChatRetentionPolicy>,
        now: DateTime<Utc>,
    ) {
        if let Some(topic) = topic
            && topic != self.topic
        {
            self.topic = topic.clone();
            self.push_system(
                ChatMessageType::TopicUpdated,
                initiator,
                Some(topic),
                Vec::new(),
                now,
            );
        }
        self.metadata.extend(metadata);
        if retention_policy.is_some() {
            self.retention_policy = retention_policy;
        }
        self.journal_header(); // persistence
    }

    /// Records that `sender` read up to `message_id` (the latest receipt per participant is kept).
    pub(crate) fn read_receipt(&mut self, sender: &str, message_id: u64, now: DateTime<Utc>) {
        let read_on = chat_time(now);
        match self.read_receipts.iter_mut().find(|r| r.sender == sender) {
            Some(receipt) if receipt.message_id <= message_id => {
                receipt.message_id = message_id;
                receipt.read_on = read_on;
            }
            Some(_) => {}
            None => self.read_receipts.push(ReadReceipt {
                sender: sender.to_owned(),
                message_id,
                read_on,
            }),
        }
        self.journal_header(); // persistence
    }

    /// Read receipts from `skip` on, at most `max`; and whether more remain.
    pub(crate) fn read_receipts_page(
        &self,
        skip: usize,
        max: usize,
    ) -> (Vec<ChatMessageReadReceipt>, bool) {
        let page = self
            .read_receipts
            .iter()
            .skip(skip)
            .take(max)
            .map(|receipt| ChatMessageReadReceipt {
                sender_communication_identifier: identifier_model(&receipt.sender),
                chat_message_id: receipt.message_id.to_string(),
                read_on: receipt.read_on,
            })
            .collect();
        (page, self.read_receipts.len() > skip.saturating_add(max))
    }

    /// Marks the thread deleted.
    pub(crate) fn delete(&mut self, now: DateTime<Utc>) {
        if self.deleted_on.is_none() {
            self.deleted_on = Some(chat_time(now));
            self.journal_header(); // persistence
        }
    }
}

/// The result of creating a thread, kept for `repeatability-request-id` replays.
#[derive(Debug, Clone)]
pub(crate) struct CreateOutcome {
    pub(crate) thread: Arc<Mutex<Thread>>,
    pub(crate) invalid_participants: Vec<CommunicationError>,
}

/// All threads, and the create requests already seen.
#[derive(Debug, Default)]
pub(crate) struct ThreadCatalog {
    threads: RwLock<HashMap<String, Arc<Mutex<Thread>>>>,
    /// (creator, repeatability-request-id) → outcome.
    repeatability: Mutex<HashMap<(String, String), CreateOutcome>>,
    /// Persistence: where changes are saved (see `persisted`).
    journal: Journal,
}

impl ThreadCatalog {
    /// Creates a thread, or returns the one created earlier by the same creator with the same
    /// `repeatability-request-id`. The boolean says whether it is new.
    pub(crate) fn create(
        &self,
        repeatability_id: Option<&str>,
        new: NewThread,
        invalid_participants: Vec<CommunicationError>,
        now: DateTime<Utc>,
    ) -> (CreateOutcome, bool) {
        let Some(request_id) = repeatability_id else {
            return (self.insert(new, invalid_participants, now), true);
        };
        let key = (new.creator.clone(), request_id.to_owned());
        // Held across the insertion so that two concurrent replays create one thread.
        let mut seen = lock(&self.repeatability);
        if let Some(outcome) = seen.get(&key) {
            return (outcome.clone(), false);
        }
        let outcome = self.insert(new, invalid_participants, now);
        self.journal_replay(&key, &outcome); // persistence
        seen.insert(key, outcome.clone());
        (outcome, true)
    }

    fn insert(
        &self,
        new: NewThread,
        invalid_participants: Vec<CommunicationError>,
        now: DateTime<Utc>,
    ) -> CreateOutcome {
        let id = crate::ids::thread_id();
        let mut thread = Thread::new(id.clone(), new, now);
        self.adopt(&mut thread); // persistence
        let thread = Arc::new(Mutex::new(thread));
        write(&self.threads).insert(id, thread.clone());
        CreateOutcome {
            thread,
            invalid_participants,
        }
    }

    /// A thread by id.
    pub(crate) fn get(&self, id: &str) -> Option<Arc<Mutex<Thread>>> {
        read(&self.threads).get(id).cloned()
    }

    /// Every thread (the map lock is released before any thread is locked).
    pub(crate) fn all(&self) -> Vec<Arc<Mutex<Thread>>> {
        read(&self.threads).values().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    const VIEW: VersionView = VersionView {
        metadata: true,
        attachments: true,
    };

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 10, 22, 20, 18)
            .single()
            .unwrap_or_default()
    }

    fn participant(raw_id: &str) -> NewParticipant {
        NewParticipant {
            raw_id: raw_id.to_owned(),
            display_name: None,
            share_history_time: None,
            metadata: HashMap::new(),
        }
    }

    fn thread() -> Thread {
        Thread::new(
            "19:t@thread.v2".to_owned(),
            NewThread {
                topic: "T".to_owned(),
                creator: "8:acs:r_a".to_owned(),
                metadata: HashMap::new(),
                retention_policy: None,
                participants: vec![participant("8:acs:r_b")],
            },
            now(),
        )
    }

    fn text(content: &str) -> UserMessage {
        UserMessage {
            kind: ChatMessageType::Text,
            content: content.to_owned(),
            sender_display_name: None,
            metadata: HashMap::new(),
        }
    }

    #[test]
    fn creation_writes_system_messages_and_adds_the_creator() {
        let thread = thread();
        assert!(thread.participant("8:acs:r_a").is_some());
        let (page, more) = thread.messages_page(None, None, epoch(), 10);
        assert!(!more);
        let kinds: Vec<_> = page
            .iter()
            .map(|m| (m.kind.clone(), m.sequence_id))
            .collect();
        assert_eq!(
            kinds,
            [
                (ChatMessageType::TopicUpdated, 2),
                (ChatMessageType::ParticipantAdded, 1)
            ]
        );
        let json = MessageView::to_json(page[1], VIEW);
        assert_eq!(
            json["content"]["participants"].as_array().map(Vec::len),
            Some(2)
        );
        assert_eq!(
            json["content"]["initiatorCommunicationIdentifier"]["rawId"],
            "8:acs:r_a"
        );
        assert!(json.get("senderCommunicationIdentifier").is_none());
    }

    #[test]
    fn ids_increase_within_one_millisecond() {
        let mut thread = thread();
        let a = thread.send("8:acs:r_a", text("1"), now());
        let b = thread.send("8:acs:r_a", text("2"), now());
        assert!(b > a);
        assert!(thread.update_message(a, Some("1b".to_owned()), HashMap::new(), now()));
        let json = MessageView::to_json(thread.message(a).unwrap_or_else(|| panic!()), VIEW);
        assert_eq!(json["content"]["message"], "1b");
        assert_eq!(json["content"]["attachments"], serde_json::json!([]));
        assert_eq!(json["senderDisplayName"], "");
        assert!(
            json["version"].as_str().unwrap_or_default() > json["id"].as_str().unwrap_or_default()
        );
        assert_eq!(json["editedOn"], "2025-06-10T22:20:18Z");
    }

    #[test]
    fn delete_keeps_an_empty_message() {
        let mut thread = thread();
        let id = thread.send("8:acs:r_a", text("bye"), now());
        assert!(thread.delete_message(id, now() + TimeDelta::seconds(1)));
        let json = MessageView::to_json(thread.message(id).unwrap_or_else(|| panic!()), VIEW);
        assert_eq!(json["content"]["message"], "");
        assert_eq!(json["deletedOn"], "2025-06-10T22:20:19Z");
        assert!(!thread.delete_message(12, now()));
    }

    #[test]
    fn message_metadata_merges_and_empty_values_remove() {
        let mut thread = thread();
        let mut metadata = HashMap::from([
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
        ]);
        let id = thread.send(
            "8:acs:r_a",
            UserMessage {
                metadata: metadata.clone(),
                ..text("x")
            },
            now(),
        );
        metadata = HashMap::from([
            ("a".to_owned(), String::new()),
            ("c".to_owned(), "3".to_owned()),
        ]);
        thread.update_message(id, None, metadata, now());
        let json = MessageView::to_json(thread.message(id).unwrap_or_else(|| panic!()), VIEW);
        assert_eq!(json["metadata"], serde_json::json!({"b": "2", "c": "3"}));
    }

    #[test]
    fn paging_goes_backwards_and_respects_history() {
        let mut thread = thread();
        let ids: Vec<u64> = (0..5)
            .map(|i| {
                thread.send(
                    "8:acs:r_a",
                    text(&i.to_string()),
                    now() + TimeDelta::seconds(i),
                )
            })
            .collect();
        let (page, more) = thread.messages_page(None, None, epoch(), 2);
        assert!(more);
        assert_eq!(
            page.iter().map(|m| m.id).collect::<Vec<_>>(),
            [ids[4], ids[3]]
        );
        let (page, _) = thread.messages_page(Some(ids[3]), None, epoch(), 2);
        assert_eq!(
            page.iter().map(|m| m.id).collect::<Vec<_>>(),
            [ids[2], ids[1]]
        );
        let (page, more) = thread.messages_page(None, None, now() + TimeDelta::seconds(3), 10);
        assert!(!more);
        assert_eq!(page.len(), 2);
    }

    #[test]
    fn participants_and_receipts() {
        let mut thread = thread();
        assert_eq!(
            thread.add_participants(
                "8:acs:r_a",
                vec![participant("8:acs:r_b"), participant("8:acs:r_c")],
                now()
            ),
            1
        );
        let (page, more) = thread.participants_page(1, 1);
        assert!(more);
        assert_eq!(page[0].raw_id, "8:acs:r_b");
        assert!(thread.remove_participant("8:acs:r_a", "8:acs:r_c", now()));
        assert!(!thread.remove_participant("8:acs:r_a", "8:acs:r_c", now()));
        thread.read_receipt("8:acs:r_b", 5, now());
        thread.read_receipt("8:acs:r_b", 3, now());
        let (receipts, more) = thread.read_receipts_page(0, 10);
        assert!(!more);
        assert_eq!(receipts[0].chat_message_id, "5");
    }

    #[test]
    fn properties_follow_the_version() {
        let thread = thread();
        let json = serde_json::to_value(thread.properties(VIEW)).unwrap_or_default();
        assert_eq!(json["retentionPolicy"], serde_json::json!({"kind": "none"}));
        let old = VersionView {
            metadata: false,
            attachments: true,
        };
        let json = serde_json::to_value(thread.properties(old)).unwrap_or_default();
        assert!(json.get("retentionPolicy").is_none());
        assert_eq!(json["createdOn"], "2025-06-10T22:20:18Z");
    }

    #[test]
    fn a_stored_message_is_small() {
        // 160 bytes inline; a short text adds one small allocation.
        assert!(
            std::mem::size_of::<Message>() <= 160,
            "{}",
            std::mem::size_of::<Message>()
        );
    }
}
