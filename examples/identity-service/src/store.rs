//! The persisted mapping from app users to ACS identities: SQLite (one file, the zero-setup
//! default) or PostgreSQL (shared by several instances behind a load balancer).

mod postgres;
mod postgres_url;
mod sqlite;

use std::fmt;
use std::path::Path;
use std::time::Duration;

use postgres::PostgresStore;
use sqlite::SqliteStore;

/// The `app_user → ACS identity` mapping, one row per app user that has an ACS identity, the
/// app user being the key (`PRIMARY KEY`, so the database itself refuses a second identity).
///
/// Two backends, one behaviour:
///
/// - **SQLite** ([`open`](Self::open)): a file, opened in WAL mode with a 5-second busy
///   timeout; several processes on one machine may share it. Statements run on Tokio's
///   blocking pool over one connection.
/// - **PostgreSQL** ([`connect_postgres`](Self::connect_postgres)): a bounded connection pool;
///   any number of instances, on any machines, share the mapping. The schema is migrated at
///   connect time, under an advisory lock, so instances starting at once do not collide.
///
/// Cloning is cheap and shares the connection (or pool). `Debug` and
/// [`location`](Self::location) never show a database password.
#[derive(Clone)]
pub struct IdentityStore {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// A failed store operation. Its messages and `Debug` never contain a database password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The SQLite file cannot be opened or its schema created.
    #[error("cannot open the identity database {path}")]
    Open {
        /// The file.
        path: String,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// An SQLite statement failed.
    #[error("identity database error")]
    Sqlite(#[from] rusqlite::Error),
    /// The blocking task running an SQLite statement panicked or was cancelled.
    #[error("identity database task failed")]
    Task(#[from] tokio::task::JoinError),
    /// The PostgreSQL URL is not one: not `postgres://` or `postgresql://`, or a part of it
    /// is malformed (the message names the part, never its value).
    #[error("the PostgreSQL URL is invalid: {reason}")]
    InvalidUrl {
        /// What is wrong with it.
        reason: String,
        /// What the PostgreSQL client said, if it was the one to refuse the URL.
        #[source]
        source: Option<tokio_postgres::Error>,
    },
    /// The pool settings are unusable (no connection allowed, say).
    #[error("invalid PostgreSQL pool settings: {reason}")]
    InvalidPool {
        /// What is wrong with them.
        reason: String,
    },
    /// No PostgreSQL connection could be had: the server refused or did not answer, or every
    /// connection of the pool stayed busy for the whole wait timeout.
    #[error("cannot get a connection to the identity database {location}")]
    Connect {
        /// The database, without its password (`postgres://user@host:port/db`).
        location: String,
        /// Why.
        #[source]
        source: deadpool_postgres::PoolError,
    },
    /// Migrating the PostgreSQL schema failed.
    #[error("cannot migrate the identity database {location}")]
    Migrate {
        /// The database, without its password.
        location: String,
        /// What PostgreSQL said.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The PostgreSQL schema is newer than this build: a newer version of the service migrated
    /// it. Upgrade this instance instead of running old and new code on one schema.
    #[error(
        "the identity database {location} has schema version {found}, newer than this build's {known}"
    )]
    SchemaTooNew {
        /// The database, without its password.
        location: String,
        /// The version found.
        found: i32,
        /// The newest version this build knows.
        known: i32,
    },
    /// A PostgreSQL statement failed.
    #[error("identity database error")]
    Postgres(#[from] tokio_postgres::Error),
    /// The mapping of the app user kept changing under the insert (it was inserted and then
    /// deleted by other instances, again and again); the request can be repeated.
    #[error("the identity of app user {app_user} kept changing while it was being stored")]
    Contended {
        /// The app user.
        app_user: String,
    },
}

/// How the PostgreSQL store connects: a bounded pool and how long to wait for it.
///
/// ```
/// use std::time::Duration;
/// use acs_identity_service_example::PostgresOptions;
///
/// let mut options = PostgresOptions::default();
/// assert_eq!(options.max_connections, 16);
/// options.max_connections = 4;
/// options.wait_timeout = Duration::from_secs(2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PostgresOptions {
    /// The most connections the pool opens (at least 1). Requests beyond it wait for a free
    /// connection. Default: 16.
    pub max_connections: usize,
    /// How long a request waits for a free connection before failing
    /// ([`StoreError::Connect`], answered with 500). Default: 5 seconds.
    pub wait_timeout: Duration,
    /// How long opening one connection (TCP, TLS-less startup, authentication) may take.
    /// Default: 5 seconds.
    pub connect_timeout: Duration,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            wait_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

impl IdentityStore {
    /// Opens (creating if needed) the SQLite database at `path` and its `identities` table.
    /// This is a blocking call: make it at start-up, or inside `spawn_blocking`.
    ///
    /// ```
    /// use acs_identity_service_example::IdentityStore;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let store = IdentityStore::open(dir.path().join("ids.sqlite3"))?;
    /// assert!(store.path().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`StoreError::Open`] when the file cannot be opened or is not an SQLite database.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Ok(Self {
            backend: Backend::Sqlite(SqliteStore::open(path)?),
        })
    }

    /// Connects to the PostgreSQL database of `url` (`postgres://user:password@host:port/db`,
    /// or `postgresql://`; query parameters as libpq knows them, e.g. `?connect_timeout=10`)
    /// with a pool bounded by `options`, and migrates its schema (tables `identities` and
    /// `identity_service_migrations`), holding a PostgreSQL advisory lock so that instances
    /// starting at once migrate one after the other. Connections are plain TCP (no TLS): keep
    /// the database on a private network or loopback.
    ///
    /// ```no_run
    /// use acs_identity_service_example::{IdentityStore, PostgresOptions};
    ///
    /// # async fn example() -> Result<(), acs_identity_service_example::StoreError> {
    /// let url = std::env::var("DATABASE_URL").unwrap_or_default();
    /// let store = IdentityStore::connect_postgres(&url, PostgresOptions::default()).await?;
    /// println!("mapping in {}", store.location()); // no password in it
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`StoreError::InvalidUrl`], [`StoreError::InvalidPool`], [`StoreError::Connect`],
    /// [`StoreError::Migrate`] or [`StoreError::SchemaTooNew`]; none shows the password.
    pub async fn connect_postgres(url: &str, options: PostgresOptions) -> Result<Self, StoreError> {
        Ok(Self {
            backend: Backend::Postgres(PostgresStore::connect(url, options).await?),
        })
    }

    /// The SQLite file; `None` for PostgreSQL.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Sqlite(store) => Some(store.path()),
            Backend::Postgres(_) => None,
        }
    }

    /// Where the mapping lives, for logs: the SQLite file, or `postgres://user@host:port/db`
    /// (never the password).
    #[must_use]
    pub fn location(&self) -> String {
        match &self.backend {
            Backend::Sqlite(store) => store.path().display().to_string(),
            Backend::Postgres(store) => store.location().to_owned(),
        }
    }

    /// The ACS identity (raw id) stored for `app_user`, if any.
    ///
    /// # Errors
    ///
    /// A [`StoreError`] when the database fails.
    pub async fn acs_id(&self, app_user: &str) -> Result<Option<String>, StoreError> {
        match &self.backend {
            Backend::Sqlite(store) => store.acs_id(app_user).await,
            Backend::Postgres(store) => store.acs_id(app_user).await,
        }
    }

    /// Stores `app_user → acs_id` unless `app_user` already has an identity, and returns the
    /// identity stored for `app_user` afterwards: `acs_id` when it was inserted, the earlier
    /// one when another writer (another process or instance) got there first. SQLite: `INSERT
    /// ... ON CONFLICT DO NOTHING` and the re-read in one transaction; PostgreSQL: the insert,
    /// then (when it inserted nothing) the re-read as a statement of its own, so that it sees
    /// the row of the concurrent writer it conflicted with.
    ///
    /// # Errors
    ///
    /// A [`StoreError`] when the database fails.
    pub async fn insert_if_absent(
        &self,
        app_user: &str,
        acs_id: &str,
    ) -> Result<String, StoreError> {
        match &self.backend {
            Backend::Sqlite(store) => store.insert_if_absent(app_user, acs_id).await,
            Backend::Postgres(store) => store.insert_if_absent(app_user, acs_id).await,
        }
    }

    /// Removes the mapping of `app_user` if it still points at `acs_id`; `true` when a row
    /// was removed.
    ///
    /// # Errors
    ///
    /// A [`StoreError`] when the database fails.
    pub async fn remove(&self, app_user: &str, acs_id: &str) -> Result<bool, StoreError> {
        match &self.backend {
            Backend::Sqlite(store) => store.remove(app_user, acs_id).await,
            Backend::Postgres(store) => store.remove(app_user, acs_id).await,
        }
    }

    /// Whether the database answers: a trivial statement on the mapping table, whatever its
    /// size (what `GET /healthz` asks).
    ///
    /// # Errors
    ///
    /// A [`StoreError`] when the database fails (or, for PostgreSQL, no connection can be had).
    pub async fn ping(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(store) => store.ping().await,
            Backend::Postgres(store) => store.ping().await,
        }
    }

    /// How many app users have an identity (it reads the whole table: for tests and
    /// occasional reports, not for health checks).
    ///
    /// # Errors
    ///
    /// A [`StoreError`] when the database fails.
    pub async fn count(&self) -> Result<u64, StoreError> {
        match &self.backend {
            Backend::Sqlite(store) => store.count().await,
            Backend::Postgres(store) => store.count().await,
        }
    }
}

impl fmt::Debug for IdentityStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.backend {
            Backend::Sqlite(store) => store.fmt(f),
            Backend::Postgres(store) => store.fmt(f),
        }
    }
}
