//! The emulator's state: identities, Teams Phone assignments, chat threads and the email
//! mailbox, in memory.
//!
//! Locks are `std::sync` locks held only for short, synchronous sections (handlers never await
//! while holding one): a map lock to find a thread, then that thread's own mutex, so senders on
//! different threads never wait for each other.

mod emails;
mod identifiers;
mod identities;
mod threads;

use std::sync::{Arc, PoisonError};

use acs_auth::{AccessKey, Clock};
use chrono::TimeDelta;

use crate::faults::FaultInjector;
use crate::tokens::TokenIssuer;

pub(crate) use emails::{BOUNCE_DOMAIN, Mailbox, STEP as EMAIL_STEP, StoredEmail};
pub(crate) use identifiers::{identifier_model, raw_id_of};
pub(crate) use identities::Identities;
pub(crate) use threads::{
    MessageView, NewParticipant, NewThread, Participant, Thread, ThreadCatalog, UserMessage,
    VersionView,
};

/// Everything a handler can reach.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) resource_id: String,
    pub(crate) access_key: AccessKey,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) max_clock_skew: TimeDelta,
    pub(crate) tokens: TokenIssuer,
    pub(crate) identities: Identities,
    pub(crate) threads: ThreadCatalog,
    pub(crate) faults: Option<FaultInjector>,
    /// The sender domains email may be sent from (lower case).
    pub(crate) email_domains: Vec<String>,
    pub(crate) mailbox: Mailbox,
    /// The recent requests the inspector shows.
    pub(crate) requests: crate::request_log::RequestLog,
    /// Persistence: where changes are saved; the server flushes it before answering.
    pub(crate) journal: crate::persist::Journal,
    /// The ARM resources (communication services, email services, domains, senders).
    pub(crate) arm: crate::arm::ArmStore,
    /// Event delivery to the subscribed webhooks.
    pub(crate) events: crate::events::EventHub,
}

/// Locks ignore poisoning: every critical section leaves the data consistent.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn read<T>(lock: &std::sync::RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn write<T>(lock: &std::sync::RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
