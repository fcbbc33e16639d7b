//! Email: the send operations and the mailbox of every accepted message, in memory.
//!
//! A message is stored once per operation id (the client's `Operation-Id`, or one the emulator
//! makes), so a send repeated with the same id is queued once. Its status is derived from the
//! emulator's clock: `NotStarted` for the first [`STEP`], `Running` for the next, then
//! `Succeeded`, or `Failed` when a recipient is at [`BOUNCE_DOMAIN`]. The mailbox keeps at most
//! [`MAX_MESSAGES`] messages and [`MAX_STORED_BYTES`] of them; beyond that the oldest are
//! dropped (their operations then answer 404).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use acs_email_rest::types::EmailSendStatus;
use acs_email_rest::types::{EmailMessage, EmailSendResult, ErrorDetail};
use chrono::{DateTime, TimeDelta, Utc};

use super::lock;
use crate::persist::{Journal, PersistError, Store};

/// Persistence: the record kind (see `crate::persist`).
const EMAIL: &str = "email";

mod inspect;

/// How long each non-terminal status lasts.
pub(crate) const STEP: TimeDelta = TimeDelta::seconds(1);
/// Recipients at this domain make the send fail (`EmailDropped`).
pub(crate) const BOUNCE_DOMAIN: &str = "bounce.example";
/// The most messages the mailbox keeps.
const MAX_MESSAGES: usize = 1000;
/// The most bytes (request bodies) the mailbox keeps.
const MAX_STORED_BYTES: usize = 256 * 1024 * 1024;

/// One accepted message.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct StoredEmail {
    pub(crate) operation_id: String,
    pub(crate) received_at: DateTime<Utc>,
    pub(crate) message: EmailMessage,
    /// The size of the request body.
    pub(crate) size: usize,
    /// Whether a recipient bounces.
    pub(crate) bounces: bool,
}

impl StoredEmail {
    /// The status of the operation at `now`.
    pub(crate) fn status(&self, now: DateTime<Utc>) -> EmailSendResult {
        let elapsed = now - self.received_at;
        let (status, error) = if elapsed < STEP {
            (EmailSendStatus::NotStarted, None)
        } else if elapsed < STEP * 2 {
            (EmailSendStatus::Running, None)
        } else if self.bounces {
            (
                EmailSendStatus::Failed,
                Some(ErrorDetail {
                    code: Some("EmailDropped".to_owned()),
                    message: Some(format!(
                        "The email has been dropped: a recipient at {BOUNCE_DOMAIN} does not accept mail."
                    )),
                    target: None,
                    details: Vec::new(),
                    additional_info: Vec::new(),
                }),
            )
        } else {
            (EmailSendStatus::Succeeded, None)
        };
        EmailSendResult {
            id: self.operation_id.clone(),
            status,
            error,
        }
    }
}

/// The mailbox: accepted messages by operation id, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Mailbox {
    inner: Mutex<Inner>,
    journal: Journal,
}

#[derive(Debug, Default)]
struct Inner {
    by_id: HashMap<String, StoredEmail>,
    order: VecDeque<String>,
    bytes: usize,
}

impl Mailbox {
    /// Persistence: the messages of `store` (oldest first), journaling changes to `journal`.
    pub(crate) fn restore(journal: Journal, store: Option<&Store>) -> Result<Self, PersistError> {
        let mut emails: Vec<StoredEmail> = match store {
            Some(store) => store
                .load::<StoredEmail>(EMAIL)?
                .into_iter()
                .map(|(_, e)| e)
                .collect(),
            None => Vec::new(),
        };
        emails.sort_by_key(|email| email.received_at);
        let mut inner = Inner::default();
        for email in emails {
            inner.bytes += email.size;
            inner.order.push_back(email.operation_id.clone());
            inner.by_id.insert(email.operation_id.clone(), email);
        }
        Ok(Self {
            inner: Mutex::new(inner),
            journal,
        })
    }

    /// Persistence: forgets every message (the admin reset).
    pub(crate) fn clear(&self) {
        let mut inner = lock(&self.inner);
        *inner = Inner::default();
        self.journal.delete_kind(EMAIL);
    }

    /// Stores `email` unless its operation id is known; returns the stored one either way.
    pub(crate) fn accept(&self, email: StoredEmail) -> StoredEmail {
        let mut inner = lock(&self.inner);
        if let Some(existing) = inner.by_id.get(&email.operation_id) {
            return existing.clone();
        }
        inner.bytes += email.size;
        inner.order.push_back(email.operation_id.clone());
        inner
            .by_id
            .insert(email.operation_id.clone(), email.clone());
        self.journal.put(EMAIL, &email.operation_id, &email);
        while inner.order.len() > MAX_MESSAGES
            || (inner.bytes > MAX_STORED_BYTES && inner.order.len() > 1)
        {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(dropped) = inner.by_id.remove(&oldest) {
                inner.bytes -= dropped.size;
                self.journal.delete(EMAIL, &oldest);
            }
        }
        email
    }

    /// The message of operation `id`.
    pub(crate) fn get(&self, id: &str) -> Option<StoredEmail> {
        lock(&self.inner).by_id.get(id).cloned()
    }

    /// Every message, oldest first.
    pub(crate) fn list(&self) -> Vec<StoredEmail> {
        let inner = lock(&self.inner);
        inner
            .order
            .iter()
            .filter_map(|id| inner.by_id.get(id).cloned())
            .collect()
    }
}
