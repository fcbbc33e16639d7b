//! The PostgreSQL backend of [`IdentityStore`](super::IdentityStore): one mapping shared by
//! every instance of the service, over a bounded connection pool.

use std::fmt;
use std::sync::Arc;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

use super::postgres_url::{self, PostgresUrl};
use super::{PostgresOptions, StoreError};

/// The key of the advisory lock held while migrating (`ACS_IDSV` in ASCII): instances that
/// start at once migrate one after the other, and the later ones find nothing left to do.
const MIGRATION_LOCK: i64 = 0x4143_535f_4944_5356;

/// The migrations table, created (if missing) under the migration lock.
const MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS identity_service_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)";

/// The schema, as numbered migrations applied in order, each at most once. Append new ones;
/// never change one that has shipped.
const MIGRATIONS: &[(i32, &str, &str)] = &[(
    1,
    "identities",
    "CREATE TABLE identities (
        app_user   TEXT PRIMARY KEY,
        acs_id     TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )",
)];

/// How often an insert is tried when the row it conflicted with is gone by the re-read.
const INSERT_ATTEMPTS: usize = 3;

const SELECT_ACS_ID: &str = "SELECT acs_id FROM identities WHERE app_user = $1";
const INSERT: &str = "INSERT INTO identities (app_user, acs_id) VALUES ($1, $2)
     ON CONFLICT (app_user) DO NOTHING RETURNING acs_id";
const DELETE: &str = "DELETE FROM identities WHERE app_user = $1 AND acs_id = $2";
const COUNT: &str = "SELECT COUNT(*) FROM identities";
const PING: &str = "SELECT 1 FROM identities LIMIT 1";

#[derive(Clone)]
pub(crate) struct PostgresStore {
    pool: Pool,
    /// The database without its password, for logs and errors.
    location: Arc<str>,
}

impl PostgresStore {
    /// Makes the pool, opens a first connection and migrates the schema.
    pub(crate) async fn connect(url: &str, options: PostgresOptions) -> Result<Self, StoreError> {
        if options.max_connections == 0 {
            return Err(StoreError::InvalidPool {
                reason: "max_connections must be at least 1".to_owned(),
            });
        }
        let PostgresUrl {
            mut config,
            location,
        } = postgres_url::parse(url)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(options.connect_timeout);
        }
        if config.get_application_name().is_none() {
            config.application_name("acs-identity-service-example");
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(options.max_connections)
            .wait_timeout(Some(options.wait_timeout))
            .create_timeout(Some(options.connect_timeout))
            .recycle_timeout(Some(options.connect_timeout))
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|error| StoreError::InvalidPool {
                reason: error.to_string(),
            })?;
        let store = Self {
            pool,
            location: location.into(),
        };
        store.migrate().await?;
        Ok(store)
    }

    pub(crate) fn location(&self) -> &str {
        &self.location
    }

    /// Applies the migrations this database lacks, in one transaction holding the migration
    /// lock (released at commit, or when the connection drops).
    async fn migrate(&self) -> Result<(), StoreError> {
        let migrate_error = |source| StoreError::Migrate {
            location: self.location.to_string(),
            source,
        };
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(migrate_error)?;
        transaction
            .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(migrate_error)?;
        transaction
            .batch_execute(MIGRATIONS_TABLE)
            .await
            .map_err(migrate_error)?;
        let applied: Vec<i32> = transaction
            .query("SELECT version FROM identity_service_migrations", &[])
            .await
            .map_err(migrate_error)?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()
            .map_err(migrate_error)?;
        let known = MIGRATIONS.last().map_or(0, |(version, _, _)| *version);
        if let Some(&found) = applied.iter().max().filter(|&&found| found > known) {
            return Err(StoreError::SchemaTooNew {
                location: self.location.to_string(),
                found,
                known,
            });
        }
        for (version, name, sql) in MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            transaction
                .batch_execute(sql)
                .await
                .map_err(migrate_error)?;
            transaction
                .execute(
                    "INSERT INTO identity_service_migrations (version, name) VALUES ($1, $2)",
                    &[version, name],
                )
                .await
                .map_err(migrate_error)?;
            tracing::info!(location = %self.location, version, name, "migrated the identity database");
        }
        transaction.commit().await.map_err(migrate_error)
    }

    pub(crate) async fn acs_id(&self, app_user: &str) -> Result<Option<String>, StoreError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(SELECT_ACS_ID).await?;
        let row = client.query_opt(&statement, &[&app_user]).await?;
        Ok(row.map(|row| row.try_get(0)).transpose()?)
    }

    /// The insert, then (when it conflicted) the re-read as a statement of its own: under
    /// `READ COMMITTED` a new statement sees the row of the writer the insert waited for,
    /// which a re-read inside the insert's statement (a CTE) would not.
    pub(crate) async fn insert_if_absent(
        &self,
        app_user: &str,
        acs_id: &str,
    ) -> Result<String, StoreError> {
        let client = self.client().await?;
        let insert = client.prepare_cached(INSERT).await?;
        let select = client.prepare_cached(SELECT_ACS_ID).await?;
        for _ in 0..INSERT_ATTEMPTS {
            if let Some(row) = client.query_opt(&insert, &[&app_user, &acs_id]).await? {
                return Ok(row.try_get(0)?);
            }
            if let Some(row) = client.query_opt(&select, &[&app_user]).await? {
                return Ok(row.try_get(0)?);
            }
            // The row the insert conflicted with was deleted before the re-read: again.
        }
        Err(StoreError::Contended {
            app_user: app_user.to_owned(),
        })
    }

    pub(crate) async fn remove(&self, app_user: &str, acs_id: &str) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(DELETE).await?;
        Ok(client.execute(&statement, &[&app_user, &acs_id]).await? > 0)
    }

    pub(crate) async fn count(&self) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(COUNT).await?;
        let count: i64 = client.query_one(&statement, &[]).await?.try_get(0)?;
        // COUNT(*) is never negative.
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Whether the database answers (a connection from the pool and a trivial statement on
    /// the `identities` table).
    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(PING).await?;
        client.query_opt(&statement, &[]).await?;
        Ok(())
    }

    /// A connection from the pool, waiting at most the wait timeout for one.
    async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(|source| StoreError::Connect {
            location: self.location.to_string(),
            source,
        })
    }
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.pool.status();
        f.debug_struct("PostgresStore")
            .field("location", &self.location)
            .field("max_connections", &status.max_size)
            .field("open_connections", &status.size)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const PASSWORD: &str = "Hunter2-s3cret";

    #[tokio::test]
    async fn an_unreachable_server_is_a_clear_error_without_the_password() {
        // A port nobody listens on: bound, then released.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .unwrap_or_else(|error| panic!("{error}"));
        let options = PostgresOptions {
            connect_timeout: Duration::from_secs(2),
            ..PostgresOptions::default()
        };
        let url = format!("postgres://acs:{PASSWORD}@127.0.0.1:{port}/ids");
        let error = PostgresStore::connect(&url, options)
            .await
            .expect_err("nobody listens");
        let shown = format!("{} | {error:?}", acs_core::error_chain(&error));
        assert!(matches!(error, StoreError::Connect { .. }), "{shown}");
        assert!(
            shown.starts_with(&format!(
                "cannot get a connection to the identity database postgres://acs@127.0.0.1:{port}/ids"
            )),
            "{shown}"
        );
        assert!(!shown.contains(PASSWORD), "{shown}");
    }

    #[tokio::test]
    async fn a_pool_without_connections_is_refused() {
        let options = PostgresOptions {
            max_connections: 0,
            ..PostgresOptions::default()
        };
        let error = PostgresStore::connect(&format!("postgres://acs:{PASSWORD}@db/ids"), options)
            .await
            .expect_err("no connections");
        assert!(matches!(error, StoreError::InvalidPool { .. }), "{error:?}");
    }

    #[test]
    fn migrations_are_numbered_in_order() {
        let versions: Vec<i32> = MIGRATIONS.iter().map(|(version, _, _)| *version).collect();
        let expected: Vec<i32> = (1..).take(versions.len()).collect();
        assert_eq!(versions, expected);
    }
}
