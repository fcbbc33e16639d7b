//! Configuration of the binary: where ACS is, where the database lives, who the app users are.

use acs_auth::ConnectionString;
use acs_identity::CommunicationIdentityClientOptions;

/// The database file used unless `--db` says otherwise: in `data/` (created when missing,
/// ignored by git), so a run from the repository leaves no SQLite files in the work tree.
pub const DEFAULT_DB_PATH: &str = "data/identity-service.sqlite3";

/// The environment variable selecting PostgreSQL instead of the SQLite file:
/// `DATABASE_URL=postgres://user:password@host:5432/db`. Unset (or blank): SQLite at `--db`.
/// It is read from the environment only, never from the command line, where other users of
/// the machine could read the password.
pub const DATABASE_URL_ENV: &str = "DATABASE_URL";

/// The address listened on unless `--listen` says otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The environment variable with the app users and their API keys, `user:key` entries
/// separated by commas: `APP_USERS="alice:key-a,bob:key-b"` (see
/// [`AppUsers::parse`](crate::AppUsers::parse)).
pub const APP_USERS_ENV: &str = "APP_USERS";

/// The app users of a run against the embedded emulator when none are configured. Their keys
/// are public: never use them against a real resource (the binary refuses to).
pub const DEMO_APP_USERS: &str = "alice:alice-dev-key,bob:bob-dev-key";

/// Which Azure Communication Services the service talks to.
#[derive(Debug, Clone)]
pub enum AcsTarget {
    /// A real resource (or anything else with a connection string), from
    /// `ACS_CONNECTION_STRING` or `COMMUNICATION_SERVICES_CONNECTION_STRING`.
    ConnectionString(ConnectionString),
    /// No connection string is set: the embedded emulator (`acs-emulator`), started in-process.
    Emulator,
}

impl AcsTarget {
    /// The target the environment asks for: a connection string when
    /// `ACS_CONNECTION_STRING` or `COMMUNICATION_SERVICES_CONNECTION_STRING` is set (and not
    /// blank), the emulator otherwise. `lookup` reads a variable (`|name| std::env::var(name).ok()`).
    ///
    /// ```
    /// use acs_identity_service_example::AcsTarget;
    ///
    /// assert!(matches!(AcsTarget::from_env_lookup(|_| None), Ok(AcsTarget::Emulator)));
    /// let target = AcsTarget::from_env_lookup(|name| {
    ///     (name == "ACS_CONNECTION_STRING").then(|| {
    ///         "endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQ=".to_owned()
    ///     })
    /// })?;
    /// assert!(matches!(target, AcsTarget::ConnectionString(_)));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The [`acs_auth::Error`] of a set but malformed connection string (it never contains
    /// the key).
    pub fn from_env_lookup(lookup: impl FnMut(&str) -> Option<String>) -> acs_auth::Result<Self> {
        match ConnectionString::from_env_lookup(lookup) {
            Ok(connection_string) => Ok(Self::ConnectionString(connection_string)),
            Err(acs_auth::Error::ConnectionStringNotInEnvironment) => Ok(Self::Emulator),
            Err(error) => Err(error),
        }
    }
}

/// The options of the service's identity client: the defaults, with this example's name in
/// the user agent.
#[must_use]
pub fn identity_client_options() -> CommunicationIdentityClientOptions {
    {
        let mut options = CommunicationIdentityClientOptions::default();
        options.user_agent_suffix =
            Some(concat!("acs-identity-service-example/", env!("CARGO_PKG_VERSION")).to_owned());
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AppUsers;

    #[test]
    fn a_blank_or_missing_connection_string_means_the_emulator() {
        let blank = AcsTarget::from_env_lookup(|_| Some("  ".to_owned()));
        assert!(matches!(blank, Ok(AcsTarget::Emulator)), "{blank:?}");
        let fallback = AcsTarget::from_env_lookup(|name| {
            (name == "COMMUNICATION_SERVICES_CONNECTION_STRING")
                .then(|| "endpoint=http://127.0.0.1:9/;accesskey=AAECAwQ=".to_owned())
        });
        assert!(
            matches!(&fallback, Ok(AcsTarget::ConnectionString(cs)) if cs.endpoint().authority() == "127.0.0.1:9"),
            "{fallback:?}"
        );
    }

    #[test]
    fn a_malformed_connection_string_is_an_error_without_the_key() {
        let error = AcsTarget::from_env_lookup(|_| {
            Some(
                "endpoint=https://contoso.communication.azure.com/;accesskey=not base64!"
                    .to_owned(),
            )
        })
        .expect_err("malformed");
        assert!(!error.to_string().contains("not base64"), "{error}");
    }

    #[test]
    fn demo_users_parse() {
        let users = AppUsers::parse(DEMO_APP_USERS).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(users.ids().collect::<Vec<_>>(), ["alice", "bob"]);
    }
}
