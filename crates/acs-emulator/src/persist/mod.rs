//! Persistence: the emulator's state in SQLite under `--data-dir` /
//! [`EmulatorBuilder::data_dir`](crate::EmulatorBuilder::data_dir).
//!
//! # Design
//!
//! One table holds every record: `records(kind, key, value)`, where `kind` names what the record
//! is (`identity`, `chat-thread`, `chat-message`, `email`, ...), `key` identifies it within its
//! kind and `value` is its JSON. Memory stays the source of truth while the emulator runs; the
//! store is a journal of it, read once at start.
//!
//! - **At start** [`Store::open`] opens (or creates) `DIR/emulator.sqlite3` in WAL mode with
//!   `synchronous=FULL` and an exclusive lock (a second emulator on the same directory is
//!   refused), checks it (`PRAGMA quick_check`), and each service module loads its records with
//!   [`Store::load`]. Then [`Store::start`] hands the connection to a dedicated writer thread
//!   and returns the [`Journal`] every module keeps a clone of.
//! - **On a change** the module calls [`Journal::put`] or [`Journal::delete`] *inside the
//!   critical section that changed memory* (so the journal sees changes to one record in the
//!   order memory saw them). That only serializes the record and queues it: nothing blocks, no
//!   lock is ever held across an await.
//! - **Before answering**, the server awaits [`Journal::flush`] (see `server.rs`): the writer
//!   thread commits everything queued so far in one transaction (group commit: all requests
//!   waiting at that moment share one `fsync`) and only then is the request answered. So a
//!   crash (`kill -9`, power loss) loses at most the requests in flight, never an acknowledged
//!   one, and SQLite's WAL keeps the file consistent. When a commit fails, the request gets a
//!   `500` and every later write fails too (the emulator must be restarted).
//! - Without a data directory the journal is [`Journal::default`], which does nothing.
//!
//! # Persisting a new module's records
//!
//! ```text
//! // 1. A kind name and a serde record type.
//! const SUBSCRIPTION: &str = "event-subscription";
//!
//! // 2. Load on start (builder.rs, where the State is made; `store` is `Option<&Store>`):
//! let records: Vec<(String, Subscription)> = match store {
//!     Some(store) => store.load(SUBSCRIPTION)?,
//!     None => Vec::new(),
//! };
//! let subscriptions = Subscriptions::restore(journal.clone(), records);
//!
//! // 3. Journal each change while holding the lock that guards it:
//! let mut map = write(&self.map);
//! map.insert(id.clone(), subscription.clone());
//! self.journal.put(SUBSCRIPTION, &id, &subscription);
//! // ... or self.journal.delete(SUBSCRIPTION, &id), self.journal.delete_kind(SUBSCRIPTION)
//!
//! // 4. Reset: add the module's `clear()` to `persist::admin::reset`.
//! ```
//!
//! Keys sort as text (`ORDER BY key`): pad numbers (`{id:020}`) where order matters.

pub(crate) mod admin;
mod journal;
mod restore;
mod store;

pub(crate) use journal::{Journal, Writer};
pub(crate) use restore::restore;
pub(crate) use store::{PersistError, Store};
