//! Making the state at start: from the store under the data directory, or new.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use super::{Journal, PersistError, Store, Writer};
use crate::state::{Identities, Mailbox, ThreadCatalog};

/// The record of the emulator's own settings.
const SETTINGS_KIND: &str = "emulator";
const SETTINGS_KEY: &str = "settings";

/// What makes issued tokens and connection strings work again after a restart.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    resource_id: String,
    access_key: String,
    /// The secret tokens are signed with (base64).
    token_secret: String,
}

/// The state to serve, and where its changes are saved. No `Debug`: it holds the access key
/// and the token secret.
pub(crate) struct Restored {
    pub(crate) resource_id: String,
    /// The base64 access key (not yet validated).
    pub(crate) access_key: String,
    pub(crate) token_secret: Vec<u8>,
    pub(crate) identities: Identities,
    pub(crate) threads: ThreadCatalog,
    pub(crate) mailbox: Mailbox,
    /// The event subscriptions saved (added over the API).
    /// The ARM resources.
    pub(crate) arm: crate::arm::ArmStore,
    pub(crate) event_subscriptions: Vec<(String, crate::events::persisted::SubscriptionRecord)>,
    pub(crate) journal: Journal,
    pub(crate) writer: Option<Writer>,
}

/// Loads the state from `data_dir` (creating the store there the first time), or makes a new
/// one in memory without it.
///
/// A store keeps its resource id and token-signing secret; `resource_id`, when given, must be
/// the stored one. `access_key`, when given, replaces the stored key (a key rotation);
/// otherwise the stored one is used, so that old connection strings keep working.
pub(crate) fn restore(
    data_dir: Option<&Path>,
    resource_id: Option<String>,
    access_key: Option<String>,
    default_access_key: &str,
) -> Result<Restored, PersistError> {
    let Some(dir) = data_dir else {
        return Ok(Restored {
            resource_id: resource_id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            access_key: access_key.unwrap_or_else(|| default_access_key.to_owned()),
            token_secret: crate::ids::secret().to_vec(),
            identities: Identities::default(),
            threads: ThreadCatalog::default(),
            mailbox: Mailbox::default(),
            event_subscriptions: Vec::new(),
            arm: crate::arm::ArmStore::default(),
            journal: Journal::default(),
            writer: None,
        });
    };
    let store = Store::open(dir)?;
    let settings = match store.get::<Settings>(SETTINGS_KIND, SETTINGS_KEY)? {
        Some(stored) => {
            if let Some(given) = resource_id
                && given != stored.resource_id
            {
                return Err(PersistError::ResourceMismatch {
                    stored: stored.resource_id,
                    given,
                });
            }
            Settings {
                access_key: access_key.unwrap_or(stored.access_key),
                ..stored
            }
        }
        None => Settings {
            resource_id: resource_id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            access_key: access_key.unwrap_or_else(|| default_access_key.to_owned()),
            token_secret: STANDARD.encode(crate::ids::secret()),
        },
    };
    let token_secret = STANDARD
        .decode(&settings.token_secret)
        .ok()
        .filter(|secret| secret.len() >= 32)
        .ok_or_else(|| PersistError::Damaged("the token secret is not valid".to_owned()))?;
    store.put(SETTINGS_KIND, SETTINGS_KEY, &settings)?;
    // Changes queue up while the records load, and are written once the writer runs.
    let (journal, pending) = Journal::saving();
    let identities = Identities::restore(journal.clone(), Some(&store))?;
    let threads = ThreadCatalog::restore(journal.clone(), Some(&store))?;
    let mailbox = Mailbox::restore(journal.clone(), Some(&store))?;
    let arm = crate::arm::ArmStore::restore(journal.clone(), Some(&store))?;
    let event_subscriptions = store.load(crate::events::persisted::SUBSCRIPTION)?;
    let writer = store.start(pending)?;
    Ok(Restored {
        resource_id: settings.resource_id,
        access_key: settings.access_key,
        token_secret,
        identities,
        threads,
        mailbox,
        event_subscriptions,
        arm,
        journal,
        writer: Some(writer),
    })
}
