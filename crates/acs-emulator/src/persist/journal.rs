//! The journal of changes and the writer thread that commits it (group commit).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;
use serde::Serialize;
use tokio::sync::watch;

use super::store::{PersistError, Store, sqlite};
use crate::state::lock;

/// The most changes committed in one transaction.
const MAX_BATCH: usize = 4096;
/// How long closing waits for the writer thread.
const CLOSE_WAIT: Duration = Duration::from_secs(10);

/// One queued change.
#[derive(Debug)]
enum Op {
    Put {
        kind: &'static str,
        key: String,
        value: String,
    },
    Delete {
        kind: &'static str,
        key: String,
    },
    DeleteKind {
        kind: &'static str,
    },
    /// A record that could not be serialized: fails the batch it is in.
    Invalid(String),
    /// Commit what is queued and stop.
    Close,
}

/// What the writer thread has done: how many changes are committed, or why it stopped.
#[derive(Debug, Clone, Default)]
struct Progress {
    committed: u64,
    failed: Option<String>,
}

#[derive(Debug)]
struct Queue {
    sender: Option<mpsc::Sender<Op>>,
    /// Changes queued so far (the writer counts the same ones).
    queued: u64,
}

#[derive(Debug)]
struct Shared {
    queue: Mutex<Queue>,
    progress: watch::Receiver<Progress>,
}

/// Where state changes go to be saved; cheap to clone. The default one (no data directory)
/// saves nothing. See the [module docs](super).
///
/// The queue is unbounded, but what is in it belongs to requests in progress (each queues a few
/// records of its own body's size at most), which the connection and body limits bound.
#[derive(Debug, Clone, Default)]
pub(crate) struct Journal {
    shared: Option<Arc<Shared>>,
}

impl Journal {
    /// Whether changes are saved.
    pub(crate) fn is_enabled(&self) -> bool {
        self.shared.is_some()
    }

    fn send(&self, op: impl FnOnce() -> Op) {
        let Some(shared) = &self.shared else {
            return;
        };
        let mut queue = lock(&shared.queue);
        let op = op();
        // Once the writer is gone nothing is counted: `flush` then reports it.
        if let Some(sender) = &queue.sender
            && sender.send(op).is_ok()
        {
            queue.queued += 1;
        } else {
            queue.sender = None;
        }
    }

    /// Saves `value` as the record `key` of `kind` (replacing any).
    pub(crate) fn put<T: Serialize + ?Sized>(&self, kind: &'static str, key: &str, value: &T) {
        if self.shared.is_none() {
            return;
        }
        let op = match serde_json::to_string(value) {
            Ok(value) => Op::Put {
                kind,
                key: key.to_owned(),
                value,
            },
            Err(error) => Op::Invalid(format!(
                "the {kind} record `{key}` cannot be saved: {error}"
            )),
        };
        self.send(|| op);
    }

    /// Removes the record `key` of `kind`.
    pub(crate) fn delete(&self, kind: &'static str, key: &str) {
        self.send(|| Op::Delete {
            kind,
            key: key.to_owned(),
        });
    }

    /// Removes every record of `kind`.
    pub(crate) fn delete_kind(&self, kind: &'static str) {
        self.send(|| Op::DeleteKind { kind });
    }

    /// Waits until everything queued before this call is committed (at once when nothing is
    /// pending or there is no store).
    pub(crate) async fn flush(&self) -> Result<(), PersistError> {
        let Some(shared) = &self.shared else {
            return Ok(());
        };
        let (target, open) = {
            let queue = lock(&shared.queue);
            (queue.queued, queue.sender.is_some())
        };
        let mut progress = shared.progress.clone();
        {
            let now = progress.borrow();
            if let Some(reason) = &now.failed {
                return Err(PersistError::Unavailable(reason.clone()));
            }
            if now.committed >= target && open {
                return Ok(());
            }
        }
        let reached = progress
            .wait_for(|p| p.committed >= target || p.failed.is_some())
            .await
            .map_err(|_| PersistError::Unavailable("the writer thread has stopped".to_owned()))?;
        match &reached.failed {
            Some(reason) if reached.committed < target => {
                Err(PersistError::Unavailable(reason.clone()))
            }
            _ if !open => Err(PersistError::Unavailable("the store is closed".to_owned())),
            _ => Ok(()),
        }
    }
}

/// The writer thread; [`close`](Self::close) commits what is queued and closes the file.
#[derive(Debug)]
pub(crate) struct Writer {
    journal: Journal,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Commits what is queued, stops the thread and closes the file (so that another emulator
    /// can open it). Later changes are refused.
    pub(crate) async fn close(mut self) {
        self.journal.send(|| Op::Close);
        if let Some(thread) = self.thread.take() {
            let join = tokio::task::spawn_blocking(move || thread.join());
            let _ = tokio::time::timeout(CLOSE_WAIT, join).await;
        }
    }
}

/// A journal's writer before it runs: changes queue up until [`Store::start`].
#[derive(Debug)]
pub(crate) struct PendingWriter {
    journal: Journal,
    receiver: mpsc::Receiver<Op>,
    progress: watch::Sender<Progress>,
}

impl Journal {
    /// A journal that saves, and its writer (to start once the store is loaded).
    pub(crate) fn saving() -> (Self, PendingWriter) {
        let (sender, receiver) = mpsc::channel();
        let (progress_sender, progress) = watch::channel(Progress::default());
        let journal = Self {
            shared: Some(Arc::new(Shared {
                queue: Mutex::new(Queue {
                    sender: Some(sender),
                    queued: 0,
                }),
                progress,
            })),
        };
        let pending = PendingWriter {
            journal: journal.clone(),
            receiver,
            progress: progress_sender,
        };
        (journal, pending)
    }
}

impl Store {
    /// Hands the connection to the writer thread, which commits what `pending`'s journal
    /// queues.
    pub(crate) fn start(self, pending: PendingWriter) -> Result<Writer, PersistError> {
        let PendingWriter {
            journal,
            receiver,
            progress,
        } = pending;
        let connection = self.connection;
        let thread = std::thread::Builder::new()
            .name("acs-emulator-store".to_owned())
            .spawn(move || write_loop(connection, &receiver, &progress))
            .map_err(|error| PersistError::Unavailable(format!("no writer thread: {error}")))?;
        Ok(Writer {
            journal,
            thread: Some(thread),
        })
    }
}

/// Takes what is queued (at most [`MAX_BATCH`] changes), commits it in one transaction and
/// publishes the count; until the queue closes or a [`Op::Close`] arrives.
fn write_loop(
    mut connection: Connection,
    receiver: &mpsc::Receiver<Op>,
    progress: &watch::Sender<Progress>,
) {
    let mut committed = 0u64;
    let mut failed: Option<String> = None;
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        let close = batch.iter().any(|op| matches!(op, Op::Close));
        if failed.is_none() {
            match commit(&mut connection, &batch) {
                // Every queued op counts, `Close` included (the queue counts it too).
                Ok(()) => committed += batch.len() as u64,
                Err(reason) => failed = Some(reason),
            }
            progress.send_replace(Progress {
                committed,
                failed: failed.clone(),
            });
        }
        if close {
            break;
        }
    }
    // Dropping the connection checkpoints the WAL and releases the lock.
    drop(connection);
}

fn commit(connection: &mut Connection, batch: &[Op]) -> Result<(), String> {
    let describe = |error: PersistError| acs_core::error_chain(&error);
    let transaction = connection
        .transaction()
        .map_err(sqlite("starting a transaction"))
        .map_err(describe)?;
    {
        let prepare = |sql: &str| {
            transaction
                .prepare(sql)
                .map_err(sqlite("preparing a statement"))
                .map_err(describe)
        };
        let mut put =
            prepare("INSERT OR REPLACE INTO records (kind, key, value) VALUES (?1, ?2, ?3)")?;
        let mut delete = prepare("DELETE FROM records WHERE kind = ?1 AND key = ?2")?;
        let mut delete_kind = prepare("DELETE FROM records WHERE kind = ?1")?;
        for op in batch {
            let result = match op {
                Op::Put { kind, key, value } => put.execute([*kind, key.as_str(), value.as_str()]),
                Op::Delete { kind, key } => delete.execute([*kind, key.as_str()]),
                Op::DeleteKind { kind } => delete_kind.execute([*kind]),
                Op::Invalid(reason) => return Err(reason.clone()),
                Op::Close => Ok(0),
            };
            result
                .map_err(sqlite("writing a record"))
                .map_err(describe)?;
        }
    }
    transaction
        .commit()
        .map_err(sqlite("committing"))
        .map_err(describe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "acs-emulator-journal-{name}-{}",
            uuid::Uuid::new_v4()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[tokio::test]
    async fn flushed_changes_are_there_after_reopening() -> Result<(), PersistError> {
        let dir = temp_dir("reopen");
        let store = Store::open(&dir)?;
        let (journal, pending) = Journal::saving();
        let writer = store.start(pending)?;
        journal.put("thing", "b", &serde_json::json!({"n": 2}));
        journal.put("thing", "a", &serde_json::json!({"n": 1}));
        journal.put("thing", "c", &serde_json::json!({"n": 3}));
        journal.delete("thing", "c");
        journal.put("other", "x", &1);
        journal.delete_kind("other");
        journal.flush().await?;
        // A second emulator on the same directory is refused while the first has it.
        assert!(matches!(Store::open(&dir), Err(PersistError::InUse)));
        writer.close().await;
        journal.flush().await?;
        // Closed: a later change is refused, and said so.
        journal.put("thing", "d", &4);
        assert!(matches!(
            journal.flush().await,
            Err(PersistError::Unavailable(_))
        ));

        let store = Store::open(&dir)?;
        let things: Vec<(String, serde_json::Value)> = store.load("thing")?;
        assert_eq!(
            things,
            [
                ("a".to_owned(), serde_json::json!({"n": 1})),
                ("b".to_owned(), serde_json::json!({"n": 2}))
            ]
        );
        assert!(store.load::<u32>("other")?.is_empty());
        assert_eq!(
            store
                .get::<serde_json::Value>("thing", "b")?
                .map(|v| v["n"].clone()),
            Some(serde_json::json!(2))
        );
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[tokio::test]
    async fn a_failed_commit_fails_this_flush_and_every_later_one() -> Result<(), PersistError> {
        let dir = temp_dir("fail");
        let store = Store::open(&dir)?;
        let (journal, pending) = Journal::saving();
        let writer = store.start(pending)?;
        journal.put("thing", "a", &1);
        journal.flush().await?;
        // A map with non-string keys has no JSON form: its batch is not committed.
        let unsaveable = std::collections::HashMap::from([((1, 2), 3)]);
        journal.put("thing", "b", &unsaveable);
        journal.put("thing", "c", &3);
        let error = journal.flush().await.err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("`b` cannot be saved")),
            "{error:?}"
        );
        journal.put("thing", "d", &4);
        assert!(journal.flush().await.is_err());
        writer.close().await;
        let store = Store::open(&dir)?;
        let things: Vec<(String, u32)> = store.load("thing")?;
        assert_eq!(things, [("a".to_owned(), 1)]);
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[tokio::test]
    async fn the_default_journal_saves_nothing_and_flushes_at_once() -> Result<(), PersistError> {
        let journal = Journal::default();
        journal.put("thing", "a", &1);
        assert!(!journal.is_enabled());
        journal.flush().await
    }
}
