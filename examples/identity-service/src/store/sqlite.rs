//! The SQLite backend of [`IdentityStore`](super::IdentityStore): one file, zero setup.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension as _, params};

use super::StoreError;

/// How long a statement waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema: one row per app user that has an ACS identity.
const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS identities (
    app_user   TEXT PRIMARY KEY,
    acs_id     TEXT NOT NULL,
    created_at TEXT NOT NULL
)";

/// The `app_user → ACS identity` mapping, in an SQLite file
/// (`identities(app_user TEXT PRIMARY KEY, acs_id TEXT NOT NULL, created_at TEXT NOT NULL)`).
///
/// It survives restarts, and several processes may share the file: it is opened in WAL mode
/// with a 5-second busy timeout. SQLite is synchronous, so every operation runs on Tokio's
/// blocking thread pool ([`tokio::task::spawn_blocking`]) over one connection. Cloning is
/// cheap and shares the connection.
#[derive(Clone)]
pub(crate) struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
    path: Arc<PathBuf>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and its `identities` table. This is
    /// a blocking call: make it at start-up, or inside `spawn_blocking`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Open`] when the file cannot be opened or is not an SQLite database.
    pub(crate) fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open_error = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        let connection = Connection::open(&path).map_err(open_error)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| {
                row.get::<_, String>(0)
            })
            .map_err(open_error)?;
        connection.execute(SCHEMA, []).map_err(open_error)?;
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
            path: Arc::new(path),
        })
    }

    /// The database file.
    #[must_use]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The ACS identity (raw id) stored for `app_user`, if any.
    ///
    /// # Errors
    ///
    /// [`StoreError::Sqlite`] or [`StoreError::Task`].
    pub(crate) async fn acs_id(&self, app_user: &str) -> Result<Option<String>, StoreError> {
        let app_user = app_user.to_owned();
        self.run(move |connection| {
            connection
                .query_row(
                    "SELECT acs_id FROM identities WHERE app_user = ?1",
                    params![app_user],
                    |row| row.get(0),
                )
                .optional()
        })
        .await
    }

    /// Stores `app_user → acs_id` unless `app_user` already has an identity, and returns the
    /// identity stored for `app_user` afterwards: `acs_id` when it was inserted, the earlier
    /// one when another writer (another process, say) got there first. Insert and re-read run
    /// in one transaction (`INSERT ... ON CONFLICT DO NOTHING`, then `SELECT`).
    ///
    /// # Errors
    ///
    /// [`StoreError::Sqlite`] or [`StoreError::Task`].
    pub(crate) async fn insert_if_absent(
        &self,
        app_user: &str,
        acs_id: &str,
    ) -> Result<String, StoreError> {
        let (app_user, acs_id) = (app_user.to_owned(), acs_id.to_owned());
        self.run(move |connection| {
            let transaction =
                connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            transaction.execute(
                "INSERT INTO identities (app_user, acs_id, created_at)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT (app_user) DO NOTHING",
                params![app_user, acs_id],
            )?;
            let stored: String = transaction.query_row(
                "SELECT acs_id FROM identities WHERE app_user = ?1",
                params![app_user],
                |row| row.get(0),
            )?;
            transaction.commit()?;
            Ok(stored)
        })
        .await
    }

    /// Removes the mapping of `app_user` if it still points at `acs_id`; `true` when a row
    /// was removed.
    ///
    /// # Errors
    ///
    /// [`StoreError::Sqlite`] or [`StoreError::Task`].
    pub(crate) async fn remove(&self, app_user: &str, acs_id: &str) -> Result<bool, StoreError> {
        let (app_user, acs_id) = (app_user.to_owned(), acs_id.to_owned());
        self.run(move |connection| {
            connection
                .execute(
                    "DELETE FROM identities WHERE app_user = ?1 AND acs_id = ?2",
                    params![app_user, acs_id],
                )
                .map(|removed| removed > 0)
        })
        .await
    }

    /// How many app users have an identity.
    ///
    /// # Errors
    ///
    /// [`StoreError::Sqlite`] or [`StoreError::Task`].
    pub(crate) async fn count(&self) -> Result<u64, StoreError> {
        let count: i64 = self
            .run(|connection| {
                connection.query_row("SELECT COUNT(*) FROM identities", [], |row| row.get(0))
            })
            .await?;
        // COUNT(*) is never negative.
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Whether the database answers (a trivial statement on the `identities` table).
    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        self.run(|connection| {
            connection
                .query_row("SELECT 1 FROM identities LIMIT 1", [], |_| Ok(()))
                .optional()
        })
        .await
        .map(|_| ())
    }

    /// Runs `operation` on the connection, on the blocking thread pool.
    async fn run<T, F>(&self, operation: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        let result = tokio::task::spawn_blocking(move || operation(&mut lock(&connection))).await?;
        Ok(result?)
    }
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Locks the connection. A panic while it was held cannot leave SQLite inconsistent (an open
/// transaction is rolled back when dropped), so a poisoned lock is taken over.
fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    connection
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn insert_keeps_the_first_identity_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("ids.sqlite3");
        let store = SqliteStore::open(&path).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(store.acs_id("alice").await.ok(), Some(None));
        let first = store.insert_if_absent("alice", "8:acs:r_1").await.ok();
        assert_eq!(first.as_deref(), Some("8:acs:r_1"));
        let second = store.insert_if_absent("alice", "8:acs:r_2").await.ok();
        assert_eq!(second.as_deref(), Some("8:acs:r_1"));

        // Another connection to the same file (another process, or a restart).
        let other = SqliteStore::open(&path).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            other.acs_id("alice").await.ok().flatten().as_deref(),
            Some("8:acs:r_1")
        );
        assert_eq!(other.count().await.ok(), Some(1));

        assert_eq!(store.remove("alice", "8:acs:r_2").await.ok(), Some(false));
        assert_eq!(store.remove("alice", "8:acs:r_1").await.ok(), Some(true));
        assert_eq!(other.acs_id("alice").await.ok(), Some(None));
    }

    #[test]
    fn open_fails_on_a_file_that_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("not-a-db");
        std::fs::write(&path, "x".repeat(4096)).unwrap_or_else(|error| panic!("{error}"));
        let error = SqliteStore::open(&path).expect_err("not a database");
        assert!(matches!(error, StoreError::Open { .. }), "{error:?}");
        assert!(error.to_string().contains("not-a-db"), "{error}");
    }
}
