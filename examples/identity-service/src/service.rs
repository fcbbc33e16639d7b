//! What the service does, apart from HTTP: [`AppState`] issues tokens and deletes identities.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_identity::models::{CommunicationTokenScope, CommunicationUserIdentifier, Secret};
use acs_identity::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientGetTokenOptions,
};
use acs_identity::{CommunicationIdentityClient, ErrorKind};
use chrono::{DateTime, Utc};

use crate::store::{IdentityStore, StoreError};
use crate::users::AppUsers;

/// The scopes a client may ask for, as the service names them.
pub const SCOPES: [&str; 5] = [
    "chat",
    "voip",
    "chat.join",
    "chat.join.limited",
    "voip.join",
];

/// The shortest token lifetime, in minutes (1 hour).
pub const MIN_EXPIRES_IN_MINUTES: i64 = 60;

/// The longest token lifetime, in minutes (24 hours; also what ACS issues when none is asked).
pub const MAX_EXPIRES_IN_MINUTES: i64 = 1440;

/// The shared state of the service: the identity client (holding the ACS credential), the
/// identity store, the app users and the per-user locks. Cloning is cheap.
///
/// # Concurrency
///
/// *Exactly one ACS identity per app user*, even when a user's first requests arrive at once:
///
/// 1. The common case takes no lock: the stored identity is read and a token issued for it
///    (`get_token`), so requests for a user that has an identity run in parallel.
/// 2. Without a stored identity, the request takes the **per-user async mutex** (one
///    [`tokio::sync::Mutex`] per app user, so other users are not held up), reads the mapping
///    again, and only if it is still missing creates the identity and its token in one ACS
///    request (`create_user_and_token`) and stores the mapping. Concurrent first requests
///    queue on the mutex; the first creates, the others find its identity on re-reading.
/// 3. The mutex only guards one process. Several processes or instances sharing the database
///    (an SQLite file, or PostgreSQL behind a load balancer) are guarded by the database: the
///    app user is the table's primary key, the mapping is written with
///    `INSERT ... ON CONFLICT DO NOTHING` and read back. A process that finds another identity
///    stored lost the race: it deletes the identity it just created (the surplus) and issues
///    a token for the stored one, so every caller still gets the same identity. (Deleting the
///    loser's identity, rather than reserving the app user in the database before calling
///    ACS, keeps database connections and locks out of the ACS round trip, and leaves no
///    reservation behind when an instance dies mid-creation; a surplus identity exists only
///    for the few milliseconds of a lost race.)
///
/// Creating and deleting run in a spawned task: a client that disconnects mid-request cannot
/// leave an ACS identity created but not stored (or deleted but still mapped).
///
/// An identity that ACS no longer knows (deleted out of band, or made by an emulator that has
/// since restarted) is replaced: when `get_token` answers 404 or `IdentityNotOwned`, the stale
/// mapping is removed under the per-user mutex and a new identity created.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    identity: CommunicationIdentityClient,
    store: IdentityStore,
    users: AppUsers,
    /// One mutex per app user, made on first use; there are as many as users that asked.
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    counters: Counters,
}

#[derive(Default)]
struct Counters {
    identities_created: AtomicU64,
    surplus_identities_deleted: AtomicU64,
    stale_identities_replaced: AtomicU64,
    identities_deleted: AtomicU64,
    tokens_issued: AtomicU64,
}

/// What the service has done since it started (for tests and monitoring).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// ACS identities created (`create_user_and_token` calls that succeeded).
    pub identities_created: u64,
    /// Identities created while another process stored one first, and deleted again.
    pub surplus_identities_deleted: u64,
    /// Stored identities ACS no longer knew, replaced by new ones.
    pub stale_identities_replaced: u64,
    /// Identities deleted for `DELETE /me`.
    pub identities_deleted: u64,
    /// Tokens handed out.
    pub tokens_issued: u64,
}

/// A validated token request: known scopes (at least one, duplicates removed) and an optional
/// lifetime of 60 to 1440 minutes.
///
/// ```
/// use acs_identity_service_example::TokenRequest;
///
/// let request = TokenRequest::new(&["chat", "voip", "chat"], Some(90))?;
/// assert_eq!(request.scopes().len(), 2);
/// assert!(TokenRequest::new(&["chat"], Some(30)).is_err());
/// assert!(TokenRequest::new(&["chat.admin"], None).is_err());
/// # Ok::<(), acs_identity_service_example::InvalidTokenRequest>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    scopes: Vec<CommunicationTokenScope>,
    expires_in_minutes: Option<u32>,
}

/// Why a token request was rejected (answered with 400, before ACS is called).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidTokenRequest {
    /// No scope was asked for.
    #[error(
        "`scopes` must list at least one of: chat, voip, chat.join, chat.join.limited, voip.join"
    )]
    NoScopes,
    /// A scope is not one ACS knows.
    #[error("scope `{0}` is unknown; use chat, voip, chat.join, chat.join.limited or voip.join")]
    UnknownScope(String),
    /// The lifetime is outside 60 to 1440 minutes.
    #[error("`expiresInMinutes` must be between 60 and 1440, got {0}")]
    ExpiresInMinutes(i64),
}

impl TokenRequest {
    /// Checks the scopes (by their service names, see [`SCOPES`]) and the lifetime.
    ///
    /// # Errors
    ///
    /// An [`InvalidTokenRequest`] saying what is wrong.
    pub fn new<S: AsRef<str>>(
        scopes: &[S],
        expires_in_minutes: Option<i64>,
    ) -> Result<Self, InvalidTokenRequest> {
        if scopes.is_empty() {
            return Err(InvalidTokenRequest::NoScopes);
        }
        let mut checked: Vec<CommunicationTokenScope> = Vec::new();
        for scope in scopes {
            let scope = scope.as_ref();
            if !SCOPES.contains(&scope) {
                let shown: String = scope.chars().take(64).collect();
                return Err(InvalidTokenRequest::UnknownScope(shown));
            }
            let scope = CommunicationTokenScope::from(scope);
            if !checked.contains(&scope) {
                checked.push(scope);
            }
        }
        let expires_in_minutes = expires_in_minutes
            .map(|minutes| {
                if (MIN_EXPIRES_IN_MINUTES..=MAX_EXPIRES_IN_MINUTES).contains(&minutes) {
                    u32::try_from(minutes)
                        .map_err(|_| InvalidTokenRequest::ExpiresInMinutes(minutes))
                } else {
                    Err(InvalidTokenRequest::ExpiresInMinutes(minutes))
                }
            })
            .transpose()?;
        Ok(Self {
            scopes: checked,
            expires_in_minutes,
        })
    }

    /// The scopes, without duplicates.
    #[must_use]
    pub fn scopes(&self) -> &[CommunicationTokenScope] {
        &self.scopes
    }

    /// The requested lifetime in minutes (`None`: ACS's default of 24 hours).
    #[must_use]
    pub fn expires_in_minutes(&self) -> Option<u32> {
        self.expires_in_minutes
    }

    fn expires_in(&self) -> Option<Duration> {
        self.expires_in_minutes
            .map(|minutes| Duration::from_secs(u64::from(minutes) * 60))
    }
}

/// A token handed out for an app user. `Debug` does not show the token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssuedToken {
    /// The ACS identity (raw id, `8:acs:...`).
    pub user_id: String,
    /// The access token.
    pub token: Secret,
    /// When the token expires.
    pub expires_on: DateTime<Utc>,
    /// Whether this request created the identity.
    pub created: bool,
}

/// A failed service operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// Azure Communication Services failed (answered with 502).
    #[error("Azure Communication Services request failed")]
    Acs(#[source] acs_identity::Error),
    /// The identity store failed (answered with 500).
    #[error("identity store failed")]
    Store(#[from] StoreError),
    /// The task running the operation panicked (answered with 500).
    #[error("the operation's task failed")]
    Task(#[from] tokio::task::JoinError),
}

impl From<acs_identity::Error> for ServiceError {
    fn from(error: acs_identity::Error) -> Self {
        Self::Acs(error)
    }
}

type Result<T, E = ServiceError> = std::result::Result<T, E>;

impl AppState {
    /// The state of a service issuing tokens with `identity` for `users`, storing their
    /// identities in `store`.
    #[must_use]
    pub fn new(
        identity: CommunicationIdentityClient,
        store: IdentityStore,
        users: AppUsers,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                identity,
                store,
                users,
                locks: Mutex::new(HashMap::new()),
                counters: Counters::default(),
            }),
        }
    }

    /// The app users and their API keys.
    #[must_use]
    pub fn users(&self) -> &AppUsers {
        &self.inner.users
    }

    /// The identity store.
    #[must_use]
    pub fn store(&self) -> &IdentityStore {
        &self.inner.store
    }

    /// The identity client.
    #[must_use]
    pub fn identity_client(&self) -> &CommunicationIdentityClient {
        &self.inner.identity
    }

    /// What the service has done since it started.
    #[must_use]
    pub fn stats(&self) -> Stats {
        let counters = &self.inner.counters;
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Stats {
            identities_created: read(&counters.identities_created),
            surplus_identities_deleted: read(&counters.surplus_identities_deleted),
            stale_identities_replaced: read(&counters.stale_identities_replaced),
            identities_deleted: read(&counters.identities_deleted),
            tokens_issued: read(&counters.tokens_issued),
        }
    }

    /// Issues a token for `app_user`, creating its ACS identity on the first call (see the
    /// type's documentation for how concurrent first calls are kept to one identity).
    ///
    /// # Errors
    ///
    /// [`ServiceError::Acs`] when ACS fails, [`ServiceError::Store`] when the database does.
    pub async fn issue_token(&self, app_user: &str, request: &TokenRequest) -> Result<IssuedToken> {
        let state = self.clone();
        let (app_user, request) = (app_user.to_owned(), request.clone());
        tokio::spawn(async move { state.issue_token_inner(&app_user, &request).await }).await?
    }

    /// Revokes the tokens of `app_user`'s ACS identity, deletes the identity and removes the
    /// mapping; the next [`issue_token`](Self::issue_token) creates a new identity. Returns
    /// the deleted identity, `None` when the user had none.
    ///
    /// # Errors
    ///
    /// [`ServiceError::Acs`] when ACS fails (the mapping is kept, so the call can be
    /// repeated), [`ServiceError::Store`] when the database does.
    pub async fn delete_identity(&self, app_user: &str) -> Result<Option<String>> {
        let state = self.clone();
        let app_user = app_user.to_owned();
        tokio::spawn(async move { state.delete_identity_inner(&app_user).await }).await?
    }

    async fn issue_token_inner(
        &self,
        app_user: &str,
        request: &TokenRequest,
    ) -> Result<IssuedToken> {
        let store = &self.inner.store;
        // 1. The common case, without a lock: the user has an identity.
        let mut stale = None;
        if let Some(acs_id) = store.acs_id(app_user).await? {
            match self.get_token(&acs_id, request).await {
                Ok(token) => return Ok(token),
                Err(ServiceError::Acs(error)) if identity_gone(&error) => stale = Some(acs_id),
                Err(error) => return Err(error),
            }
        }

        // 2. Create it, once: under the user's lock, after looking again.
        let lock = self.lock_for(app_user);
        let _guard = lock.lock().await;
        if let Some(acs_id) = store.acs_id(app_user).await? {
            if stale.as_ref() != Some(&acs_id) {
                // Created (or replaced) by a request that held the lock before us.
                return self.get_token(&acs_id, request).await;
            }
            tracing::warn!(
                app_user,
                acs_id,
                "ACS no longer knows the stored identity; replacing it"
            );
            store.remove(app_user, &acs_id).await?;
            self.inner
                .counters
                .stale_identities_replaced
                .fetch_add(1, Ordering::Relaxed);
        }
        self.create(app_user, request).await
    }

    /// Creates an identity and its token, and stores the mapping (the caller holds the user's
    /// lock). When another process stored an identity first, ours is deleted again.
    async fn create(&self, app_user: &str, request: &TokenRequest) -> Result<IssuedToken> {
        let created = self
            .inner
            .identity
            .create_user_and_token(
                request.scopes(),
                Some({
                    let mut options =
                        CommunicationIdentityClientCreateUserAndTokenOptions::default();
                    options.expires_in = request.expires_in();
                    options
                }),
            )
            .await?
            .into_inner();
        let counters = &self.inner.counters;
        counters.identities_created.fetch_add(1, Ordering::Relaxed);
        let acs_id = created.user.id().to_owned();
        tracing::info!(app_user, acs_id, "created an ACS identity");

        let stored = match self.inner.store.insert_if_absent(app_user, &acs_id).await {
            Ok(stored) => stored,
            Err(error) => {
                // Not stored: do not leave an identity nobody can find.
                self.delete_surplus(app_user, &created.user).await;
                return Err(error.into());
            }
        };
        if stored == acs_id {
            counters.tokens_issued.fetch_add(1, Ordering::Relaxed);
            return Ok(IssuedToken {
                user_id: acs_id,
                token: created.access_token.token,
                expires_on: created.access_token.expires_on,
                created: true,
            });
        }
        // Another process stored an identity for this user first: use that one.
        tracing::info!(
            app_user,
            acs_id,
            stored,
            "another process created the identity first"
        );
        if self.delete_surplus(app_user, &created.user).await {
            counters
                .surplus_identities_deleted
                .fetch_add(1, Ordering::Relaxed);
        }
        self.get_token(&stored, request).await
    }

    /// Deletes an identity that is not (or cannot be) stored; `false` when that failed (it
    /// is logged, and the identity stays orphaned in ACS).
    async fn delete_surplus(&self, app_user: &str, user: &CommunicationUserIdentifier) -> bool {
        match self.inner.identity.delete_user(user, None).await {
            Ok(_) => true,
            Err(error) => {
                tracing::error!(app_user, acs_id = user.id(), %error, "cannot delete a surplus ACS identity");
                false
            }
        }
    }

    async fn get_token(&self, acs_id: &str, request: &TokenRequest) -> Result<IssuedToken> {
        let token = self
            .inner
            .identity
            .get_token(
                &CommunicationUserIdentifier::new(acs_id),
                request.scopes(),
                Some({
                    let mut options = CommunicationIdentityClientGetTokenOptions::default();
                    options.expires_in = request.expires_in();
                    options
                }),
            )
            .await?
            .into_inner();
        self.inner
            .counters
            .tokens_issued
            .fetch_add(1, Ordering::Relaxed);
        Ok(IssuedToken {
            user_id: acs_id.to_owned(),
            token: token.token,
            expires_on: token.expires_on,
            created: false,
        })
    }

    async fn delete_identity_inner(&self, app_user: &str) -> Result<Option<String>> {
        let lock = self.lock_for(app_user);
        let _guard = lock.lock().await;
        let store = &self.inner.store;
        let Some(acs_id) = store.acs_id(app_user).await? else {
            return Ok(None);
        };
        let user = CommunicationUserIdentifier::new(acs_id.as_str());
        let identity = &self.inner.identity;
        // Deleting revokes too; revoking first makes sure earlier tokens stop working even if
        // the delete fails. An identity ACS no longer knows has nothing left to revoke.
        match identity.revoke_tokens(&user, None).await {
            Err(error) if !identity_gone(&error) => return Err(error.into()),
            _ => {}
        }
        match identity.delete_user(&user, None).await {
            Err(error) if !identity_gone(&error) => return Err(error.into()),
            _ => {}
        }
        store.remove(app_user, &acs_id).await?;
        self.inner
            .counters
            .identities_deleted
            .fetch_add(1, Ordering::Relaxed);
        tracing::info!(app_user, acs_id, "deleted the ACS identity");
        Ok(Some(acs_id))
    }

    fn lock_for(&self, app_user: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .inner
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(locks.entry(app_user.to_owned()).or_default())
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("identity", &self.inner.identity)
            .field("store", &self.inner.store)
            .field("users", &self.inner.users)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// Whether ACS says the identity does not exist (any more): 404, or 401 `IdentityNotOwned`
/// (what the service answers for a deleted identity or one of another resource).
fn identity_gone(error: &acs_identity::Error) -> bool {
    matches!(error.kind(), ErrorKind::Service { .. })
        && (error.status() == Some(404) || error.code() == Some("IdentityNotOwned"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_requests_are_validated() {
        let request = TokenRequest::new(&["voip", "chat", "voip"], None)
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            request.scopes(),
            [CommunicationTokenScope::Voip, CommunicationTokenScope::Chat]
        );
        assert_eq!(request.expires_in(), None);
        for scope in SCOPES {
            let request =
                TokenRequest::new(&[scope], Some(60)).unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(request.scopes()[0].as_str(), scope);
        }
        let request = TokenRequest::new(&["chat"], Some(1440)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(request.expires_in(), Some(Duration::from_secs(86_400)));

        let empty: [&str; 0] = [];
        assert_eq!(
            TokenRequest::new(&empty, None),
            Err(InvalidTokenRequest::NoScopes)
        );
        assert_eq!(
            TokenRequest::new(&["chat", "Chat"], None),
            Err(InvalidTokenRequest::UnknownScope("Chat".to_owned()))
        );
        for minutes in [-1, 0, 59, 1441, i64::MAX] {
            assert_eq!(
                TokenRequest::new(&["chat"], Some(minutes)),
                Err(InvalidTokenRequest::ExpiresInMinutes(minutes))
            );
        }
        let long = "x".repeat(1000);
        let error = TokenRequest::new(&[long.as_str()], None).expect_err("unknown");
        assert!(error.to_string().len() < 200, "{error}");
    }

    #[test]
    fn gone_means_404_or_identity_not_owned() {
        let service = |status: u16, code: &str| {
            acs_identity::Error::new(
                ErrorKind::Service {
                    status,
                    code: code.to_owned(),
                    message: String::new(),
                    target: None,
                },
                "",
            )
        };
        assert!(identity_gone(&service(404, "IdentityNotFound")));
        assert!(identity_gone(&service(401, "IdentityNotOwned")));
        assert!(!identity_gone(&service(401, "Denied")));
        assert!(!identity_gone(&service(500, "InternalError")));
        assert!(!identity_gone(&acs_identity::Error::invalid_input("x")));
    }
}
