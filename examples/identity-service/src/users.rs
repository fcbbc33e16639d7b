//! The app's users and their API keys: the example's own authentication scheme.
//!
//! A real app authenticates its users its own way (a session, an OpenID Connect token, ...).
//! This example keeps it minimal: every app user has an API key, sent as
//! `Authorization: Bearer <api key>`, and the service maps the key to the user's id.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The longest app user id accepted.
const MAX_USER_ID_LEN: usize = 128;

/// The app users the service knows, each with an API key.
///
/// Only the SHA-256 digest of each key is kept, and keys are compared in constant time.
/// `Debug` lists the user ids, never a key.
///
/// ```
/// use acs_identity_service_example::AppUsers;
///
/// let users = AppUsers::parse("alice:key-a, bob:key-b")?;
/// assert_eq!(users.authenticate("key-b"), Some("bob"));
/// assert_eq!(users.authenticate("key-c"), None);
/// assert_eq!(format!("{users:?}"), r#"AppUsers { users: ["alice", "bob"] }"#);
/// # Ok::<(), acs_identity_service_example::UsersError>(())
/// ```
#[derive(Clone)]
pub struct AppUsers {
    users: Vec<AppUser>,
}

#[derive(Clone)]
struct AppUser {
    id: String,
    key_digest: [u8; 32],
}

/// Why a list of app users was rejected. The message names the entry (by number and user id),
/// never its key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UsersError {
    /// The list has no user.
    #[error("no app users are configured")]
    Empty,
    /// An entry is not `user:key`, or one of its parts is unusable.
    #[error("app user entry {entry} is invalid: {reason}")]
    InvalidEntry {
        /// The 1-based number of the entry.
        entry: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// Two entries have the same user id.
    #[error("app user `{user}` is listed twice")]
    DuplicateUser {
        /// The user id.
        user: String,
    },
    /// Two entries have the same API key.
    #[error("app users `{first}` and `{second}` have the same API key")]
    DuplicateKey {
        /// The first user with the key.
        first: String,
        /// The second user with the key.
        second: String,
    },
    /// The users file cannot be read.
    #[error("cannot read the app users file {path}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl AppUsers {
    /// Parses `user:key` entries separated by commas or newlines, e.g.
    /// `alice:key-a,bob:key-b` (the `APP_USERS` variable) or a file with one entry per line.
    ///
    /// Whitespace around entries, ids and keys is ignored, as are blank entries and lines
    /// starting with `#`. A user id is 1 to 128 characters of `A-Z a-z 0-9 . _ @ -`; a key is
    /// everything after the first `:` and must not be empty or contain whitespace. User ids
    /// and keys must be unique.
    ///
    /// # Errors
    ///
    /// A [`UsersError`] naming the offending entry.
    pub fn parse(text: &str) -> Result<Self, UsersError> {
        let mut users: Vec<AppUser> = Vec::new();
        let mut ids = HashSet::new();
        let entries = text
            .split([',', '\n'])
            .map(str::trim)
            .filter(|entry| !entry.is_empty() && !entry.starts_with('#'));
        for (index, entry) in entries.enumerate() {
            let number = index + 1;
            let invalid = |reason: &str| UsersError::InvalidEntry {
                entry: number,
                reason: reason.to_owned(),
            };
            let (id, key) = entry
                .split_once(':')
                .ok_or_else(|| invalid("expected `user:key`"))?;
            let (id, key) = (id.trim(), key.trim());
            if id.is_empty() || id.len() > MAX_USER_ID_LEN {
                return Err(invalid("the user id must be 1 to 128 characters"));
            }
            if !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '-'))
            {
                return Err(invalid(
                    "the user id may contain only letters, digits, `.`, `_`, `@` and `-`",
                ));
            }
            if key.is_empty() || key.chars().any(char::is_whitespace) {
                return Err(invalid(
                    "the API key must not be empty or contain whitespace",
                ));
            }
            if !ids.insert(id.to_owned()) {
                return Err(UsersError::DuplicateUser {
                    user: id.to_owned(),
                });
            }
            let key_digest = digest(key);
            if let Some(other) = users.iter().find(|user| user.key_digest == key_digest) {
                return Err(UsersError::DuplicateKey {
                    first: other.id.clone(),
                    second: id.to_owned(),
                });
            }
            users.push(AppUser {
                id: id.to_owned(),
                key_digest,
            });
        }
        if users.is_empty() {
            return Err(UsersError::Empty);
        }
        Ok(Self { users })
    }

    /// Reads and [parses](Self::parse) a file of `user:key` lines.
    ///
    /// # Errors
    ///
    /// [`UsersError::Read`] when the file cannot be read, otherwise as for
    /// [`parse`](Self::parse).
    pub fn from_file(path: &Path) -> Result<Self, UsersError> {
        let text = std::fs::read_to_string(path).map_err(|source| UsersError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    /// The user whose API key is `api_key`, if any. Every configured key is compared (in
    /// constant time), so the time taken does not tell which keys exist.
    #[must_use]
    pub fn authenticate(&self, api_key: &str) -> Option<&str> {
        let candidate = digest(api_key);
        let mut found = None;
        for user in &self.users {
            if bool::from(user.key_digest.ct_eq(&candidate)) {
                found = Some(user.id.as_str());
            }
        }
        found
    }

    /// The ids of the users, in the order they were listed.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.users.iter().map(|user| user.id.as_str())
    }
}

impl fmt::Debug for AppUsers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppUsers")
            .field("users", &self.ids().collect::<Vec<_>>())
            .finish()
    }
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comma_and_line_separated_entries() {
        let users =
            AppUsers::parse("# demo users\nalice:key-a\n\n bob : key:b ,carol@example.com:k3\n")
                .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            users.ids().collect::<Vec<_>>(),
            ["alice", "bob", "carol@example.com"]
        );
        assert_eq!(users.authenticate("key-a"), Some("alice"));
        assert_eq!(users.authenticate("key:b"), Some("bob"));
        assert_eq!(users.authenticate("k3"), Some("carol@example.com"));
        assert_eq!(users.authenticate(""), None);
        assert_eq!(users.authenticate("key-a "), None);
    }

    #[test]
    fn rejects_bad_lists_without_echoing_keys() {
        let cases = [
            ("", "no app users"),
            (" , # nothing\n", "no app users"),
            ("alice", "entry 1 is invalid: expected `user:key`"),
            (
                "alice:secret-1,:secret-2",
                "entry 2 is invalid: the user id",
            ),
            (
                "al ice:secret-1",
                "entry 1 is invalid: the user id may contain",
            ),
            ("alice:", "entry 1 is invalid: the API key"),
            ("alice:sec ret", "entry 1 is invalid: the API key"),
            ("alice:secret-1,alice:secret-2", "`alice` is listed twice"),
            (
                "alice:secret-1,bob:secret-1",
                "`alice` and `bob` have the same API key",
            ),
        ];
        for (text, expected) in cases {
            let error = AppUsers::parse(text).expect_err(text).to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
            assert!(!error.contains("secret"), "{text:?}: {error}");
        }
        let long = format!("{}:key", "a".repeat(129));
        assert!(AppUsers::parse(&long).is_err());
    }

    #[test]
    fn debug_shows_no_key() {
        let users = AppUsers::parse("alice:secret-a").unwrap_or_else(|error| panic!("{error}"));
        let debug = format!("{users:?} {users:#?}");
        assert!(!debug.contains("secret"), "{debug}");
    }
}
