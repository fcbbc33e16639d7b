//! The SQLite file: opening and checking it, loading records at start.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OptionalExtension as _};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The file under the data directory.
pub(crate) const FILE_NAME: &str = "emulator.sqlite3";
/// The schema this emulator writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum PersistError {
    /// The directory could not be created.
    #[error("cannot create the directory")]
    CreateDir(#[source] std::io::Error),
    /// Another emulator has the store open.
    #[error("{FILE_NAME} is in use by another emulator")]
    InUse,
    /// SQLite failed.
    #[error("SQLite failed while {doing}")]
    Sqlite {
        doing: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    /// `PRAGMA quick_check` found damage.
    #[error("{FILE_NAME} is damaged: {0}")]
    Damaged(String),
    /// A newer emulator made the store.
    #[error("{FILE_NAME} has schema version {0}; this emulator reads version {SCHEMA_VERSION}")]
    NewerSchema(i64),
    /// A record does not decode.
    #[error("the {kind} record `{key}` cannot be read")]
    Decode {
        kind: String,
        key: String,
        #[source]
        source: serde_json::Error,
    },
    /// The store was made with another resource id than the one asked for.
    #[error(
        "the store belongs to resource id `{stored}`, not `{given}` (leave the resource id out, or use another data directory)"
    )]
    ResourceMismatch { stored: String, given: String },
    /// The writer thread has stopped or a commit failed: nothing more can be saved.
    #[error("the store cannot save changes: {0}")]
    Unavailable(String),
}

pub(crate) fn sqlite(doing: &'static str) -> impl FnOnce(rusqlite::Error) -> PersistError {
    move |source| match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => PersistError::InUse,
        _ => PersistError::Sqlite { doing, source },
    }
}

/// An open store, before its writer thread starts. See the [module docs](super).
#[derive(Debug)]
pub(crate) struct Store {
    pub(super) connection: Connection,
}

impl Store {
    /// Opens or creates `dir/emulator.sqlite3`, takes its exclusive lock and checks it.
    pub(crate) fn open(dir: &Path) -> Result<Self, PersistError> {
        std::fs::create_dir_all(dir).map_err(PersistError::CreateDir)?;
        let path = dir.join(FILE_NAME);
        let connection = Connection::open(&path).map_err(sqlite("opening the file"))?;
        // No waiting for another emulator's lock: it holds it for as long as it runs.
        connection
            .busy_timeout(std::time::Duration::ZERO)
            .map_err(sqlite("setting the busy timeout"))?;
        // Exclusive before WAL: the lock is kept from the first access on and the WAL index
        // lives in memory. A second emulator gets SQLITE_BUSY at once.
        connection
            .pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(sqlite("setting the locking mode"))?;
        let mode: String = connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(sqlite("switching to WAL"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(PersistError::Damaged(format!(
                "the journal mode is {mode}, not WAL"
            )));
        }
        // FULL: a commit is on disk (WAL fsynced) before the request it belongs to is answered.
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite("setting synchronous"))?;
        let version: i64 = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(sqlite("reading the schema version"))?;
        if version > SCHEMA_VERSION {
            return Err(PersistError::NewerSchema(version));
        }
        let check: String = connection
            .pragma_query_value(None, "quick_check", |row| row.get(0))
            .map_err(sqlite("checking the file"))?;
        if check != "ok" {
            return Err(PersistError::Damaged(check));
        }
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS records (
                     kind TEXT NOT NULL,
                     key TEXT NOT NULL,
                     value TEXT NOT NULL,
                     PRIMARY KEY (kind, key)
                 ) WITHOUT ROWID;
                 PRAGMA user_version = 1;",
            )
            .map_err(sqlite("creating the table"))?;
        Ok(Self { connection })
    }

    /// Every record of `kind`, by key (as text).
    pub(crate) fn load<T: DeserializeOwned>(
        &self,
        kind: &str,
    ) -> Result<Vec<(String, T)>, PersistError> {
        let mut statement = self
            .connection
            .prepare("SELECT key, value FROM records WHERE kind = ?1 ORDER BY key")
            .map_err(sqlite("reading records"))?;
        let rows = statement
            .query_map([kind], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(sqlite("reading records"))?;
        let mut records = Vec::new();
        for row in rows {
            let (key, value) = row.map_err(sqlite("reading records"))?;
            let record = serde_json::from_str(&value).map_err(|source| PersistError::Decode {
                kind: kind.to_owned(),
                key: key.clone(),
                source,
            })?;
            records.push((key, record));
        }
        Ok(records)
    }

    /// One record, when present.
    pub(crate) fn get<T: DeserializeOwned>(
        &self,
        kind: &str,
        key: &str,
    ) -> Result<Option<T>, PersistError> {
        let value: Option<String> = self
            .connection
            .query_row(
                "SELECT value FROM records WHERE kind = ?1 AND key = ?2",
                [kind, key],
                |row| row.get(0),
            )
            .optional()
            .map_err(sqlite("reading a record"))?;
        value
            .map(|value| {
                serde_json::from_str(&value).map_err(|source| PersistError::Decode {
                    kind: kind.to_owned(),
                    key: key.to_owned(),
                    source,
                })
            })
            .transpose()
    }

    /// Writes one record at once (at start, before the writer thread runs).
    pub(crate) fn put<T: Serialize>(
        &self,
        kind: &str,
        key: &str,
        value: &T,
    ) -> Result<(), PersistError> {
        let value = serde_json::to_string(value).map_err(|source| PersistError::Decode {
            kind: kind.to_owned(),
            key: key.to_owned(),
            source,
        })?;
        self.connection
            .execute(
                "INSERT OR REPLACE INTO records (kind, key, value) VALUES (?1, ?2, ?3)",
                [kind, key, value.as_str()],
            )
            .map_err(sqlite("writing a record"))?;
        Ok(())
    }
}
