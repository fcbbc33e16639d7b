//! Persistence of threads (see `crate::persist`): one `chat-thread` record per thread (its
//! properties, participants and read receipts) and one `chat-message` record per message, keyed
//! `<thread id>/<message id, 20 digits>` so that a thread's messages load in id order.
//!
//! A create with a `repeatability-request-id` leaves a `chat-repeatability` record, so that
//! the same request replayed after a restart still answers with the thread it made.
//!
//! What follows from the messages is not stored: the next sequence id, the last message time
//! and the id sequence are recomputed at load.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

use acs_chat_rest::types::{ChatMessageType, ChatRetentionPolicy, CommunicationError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    CreateOutcome, Message, Participant, ReadReceipt, SystemContent, Thread, ThreadCatalog,
};
use crate::ids::MillisSequence;
use crate::persist::{Journal, PersistError, Store};
use crate::state::{lock, write};

const THREAD: &str = "chat-thread";
const MESSAGE: &str = "chat-message";
const REPLAY: &str = "chat-repeatability";

/// A create request already answered: (creator, repeatability-request-id) → its outcome.
#[derive(Debug, Serialize, Deserialize)]
struct ReplayRecord {
    creator: String,
    request_id: String,
    thread_id: String,
    invalid_participants: Vec<CommunicationError>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ThreadRecord {
    id: String,
    topic: String,
    created_on: DateTime<Utc>,
    created_by: String,
    deleted_on: Option<DateTime<Utc>>,
    metadata: HashMap<String, String>,
    retention_policy: Option<ChatRetentionPolicy>,
    participants: Vec<Participant>,
    read_receipts: Vec<ReadReceipt>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SystemRecord {
    topic: Option<String>,
    participants: Vec<Participant>,
    initiator: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct MessageRecord {
    id: u64,
    version: u64,
    sequence_id: u64,
    kind: ChatMessageType,
    created_on: DateTime<Utc>,
    edited_on: Option<DateTime<Utc>>,
    deleted_on: Option<DateTime<Utc>>,
    sender: Option<String>,
    sender_display_name: Option<String>,
    text: Option<String>,
    system: Option<SystemRecord>,
    metadata: Option<HashMap<String, String>>,
}

fn message_key(thread_id: &str, message_id: u64) -> String {
    format!("{thread_id}/{message_id:020}")
}

impl Thread {
    /// Journals the thread's properties, participants and receipts.
    pub(super) fn journal_header(&self) {
        if !self.journal.is_enabled() {
            return;
        }
        let record = ThreadRecord {
            id: self.id.clone(),
            topic: self.topic.clone(),
            created_on: self.created_on,
            created_by: self.created_by.clone(),
            deleted_on: self.deleted_on,
            metadata: self.metadata.clone(),
            retention_policy: self.retention_policy.clone(),
            participants: self.participants.clone(),
            read_receipts: self.read_receipts.clone(),
        };
        self.journal.put(THREAD, &self.id, &record);
    }

    /// Journals message `id` as it is now.
    pub(super) fn journal_message(&self, id: u64) {
        if !self.journal.is_enabled() {
            return;
        }
        let Some(message) = self.message(id) else {
            return;
        };
        let record = MessageRecord {
            id: message.id,
            version: message.version,
            sequence_id: message.sequence_id,
            kind: message.kind.clone(),
            created_on: message.created_on,
            edited_on: message.edited_on,
            deleted_on: message.deleted_on,
            sender: message.sender.as_deref().map(str::to_owned),
            sender_display_name: message.sender_display_name.as_deref().map(str::to_owned),
            text: message.text.as_deref().map(str::to_owned),
            system: message.system.as_deref().map(|system| SystemRecord {
                topic: system.topic.clone(),
                participants: system.participants.clone(),
                initiator: system.initiator.clone(),
            }),
            metadata: message.metadata.as_deref().cloned(),
        };
        self.journal
            .put(MESSAGE, &message_key(&self.id, id), &record);
    }

    /// Journals the whole thread (a new one).
    fn journal_all(&self) {
        self.journal_header();
        for message in &self.messages {
            self.journal_message(message.id);
        }
    }

    fn from_records(header: ThreadRecord, records: Vec<MessageRecord>, journal: Journal) -> Self {
        let mut thread = Self {
            id: header.id,
            topic: header.topic,
            created_on: header.created_on,
            created_by: header.created_by,
            deleted_on: header.deleted_on,
            metadata: header.metadata,
            retention_policy: header.retention_policy,
            participants: header.participants,
            messages: Vec::with_capacity(records.len()),
            read_receipts: header.read_receipts,
            last_message_received_on: header.created_on,
            next_sequence: 1,
            millis: MillisSequence::default(),
            interned: HashSet::new(),
            journal,
        };
        let mut last_value = 0;
        for record in records {
            last_value = last_value.max(record.id).max(record.version);
            thread.next_sequence = thread.next_sequence.max(record.sequence_id + 1);
            thread.last_message_received_on = record.created_on;
            let sender = record.sender.as_deref().map(|s| thread.intern(s));
            let sender_display_name = record
                .sender_display_name
                .as_deref()
                .map(|s| thread.intern(s));
            thread.messages.push(Message {
                id: record.id,
                version: record.version,
                sequence_id: record.sequence_id,
                kind: record.kind,
                created_on: record.created_on,
                edited_on: record.edited_on,
                deleted_on: record.deleted_on,
                sender,
                sender_display_name,
                text: record.text.map(String::into_boxed_str),
                system: record.system.map(|system| {
                    Box::new(SystemContent {
                        topic: system.topic,
                        participants: system.participants,
                        initiator: system.initiator,
                    })
                }),
                metadata: record.metadata.map(Box::new),
            });
        }
        // Keys sort by id, but keep the invariant whatever the file holds.
        thread.messages.sort_by_key(|m| m.id);
        thread.millis.next(last_value);
        thread
    }
}

impl ThreadCatalog {
    /// The threads of `store`, journaling changes to `journal`.
    pub(crate) fn restore(journal: Journal, store: Option<&Store>) -> Result<Self, PersistError> {
        let mut threads = HashMap::new();
        if let Some(store) = store {
            let mut messages: HashMap<String, Vec<MessageRecord>> = HashMap::new();
            for (key, record) in store.load::<MessageRecord>(MESSAGE)? {
                let thread_id = key.rsplit_once('/').map_or(key.as_str(), |(t, _)| t);
                messages
                    .entry(thread_id.to_owned())
                    .or_default()
                    .push(record);
            }
            for (_, header) in store.load::<ThreadRecord>(THREAD)? {
                let records = messages.remove(&header.id).unwrap_or_default();
                let thread = Thread::from_records(header, records, journal.clone());
                threads.insert(thread.id.clone(), Arc::new(Mutex::new(thread)));
            }
        }
        let mut repeatability = HashMap::new();
        for (_, replay) in store.map_or(Ok(Vec::new()), |s| s.load::<ReplayRecord>(REPLAY))? {
            if let Some(thread) = threads.get(&replay.thread_id) {
                let outcome = CreateOutcome {
                    thread: thread.clone(),
                    invalid_participants: replay.invalid_participants,
                };
                repeatability.insert((replay.creator, replay.request_id), outcome);
            }
        }
        Ok(Self {
            threads: RwLock::new(threads),
            repeatability: Mutex::new(repeatability),
            journal,
        })
    }

    /// Journals the outcome of a create with a repeatability id (under the replay lock).
    pub(super) fn journal_replay(&self, key: &(String, String), outcome: &CreateOutcome) {
        if !self.journal.is_enabled() {
            return;
        }
        let record = ReplayRecord {
            creator: key.0.clone(),
            request_id: key.1.clone(),
            thread_id: lock(&outcome.thread).id.clone(),
            invalid_participants: outcome.invalid_participants.clone(),
        };
        // Raw ids hold no newline; the record holds both parts anyway.
        self.journal
            .put(REPLAY, &format!("{}\n{}", key.0, key.1), &record);
    }

    /// Journals a thread just made and starts journaling its changes.
    pub(super) fn adopt(&self, thread: &mut Thread) {
        thread.journal = self.journal.clone();
        thread.journal_all();
    }

    /// Forgets every thread (the admin reset). A request still holding one of them changes
    /// it in memory only.
    pub(crate) fn clear(&self) {
        // The order of `create`: repeatability, then the map, then a thread.
        let mut seen = lock(&self.repeatability);
        let mut threads = write(&self.threads);
        for thread in threads.values() {
            lock(thread).journal = Journal::default();
        }
        threads.clear();
        seen.clear();
        self.journal.delete_kind(THREAD);
        self.journal.delete_kind(MESSAGE);
        self.journal.delete_kind(REPLAY);
    }
}
