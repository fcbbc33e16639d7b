//! Identities, their token generations, and Teams Phone extension assignments.

use std::collections::HashMap;
use std::sync::RwLock;

use acs_identity_rest::types::TeamsExtensionAssignmentResponse;

use super::{read, write};
use crate::persist::{Journal, PersistError, Store};

mod inspect;

/// Persistence: the record kinds (see `crate::persist`).
const IDENTITY: &str = "identity";
const ASSIGNMENT: &str = "teams-assignment";

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Identity {
    /// Bumped by a revocation: tokens carry the generation they were issued at.
    generation: u64,
    deleted: bool,
}

/// Identities and assignments.
#[derive(Debug, Default)]
pub(crate) struct Identities {
    users: RwLock<HashMap<String, Identity>>,
    assignments: RwLock<HashMap<(String, String), TeamsExtensionAssignmentResponse>>,
    journal: Journal,
}

impl Identities {
    /// Persistence: the identities and assignments of `store`, journaling changes to `journal`.
    pub(crate) fn restore(journal: Journal, store: Option<&Store>) -> Result<Self, PersistError> {
        let Some(store) = store else {
            return Ok(Self::default());
        };
        let users = store.load::<Identity>(IDENTITY)?.into_iter().collect();
        let assignments = store
            .load::<TeamsExtensionAssignmentResponse>(ASSIGNMENT)?
            .into_iter()
            .map(|(_, a)| ((a.tenant_id.clone(), a.object_id.clone()), a))
            .collect();
        Ok(Self {
            users: RwLock::new(users),
            assignments: RwLock::new(assignments),
            journal,
        })
    }

    /// Persistence: forgets everything (the admin reset).
    pub(crate) fn clear(&self) {
        let mut users = write(&self.users);
        let mut assignments = write(&self.assignments);
        users.clear();
        assignments.clear();
        self.journal.delete_kind(IDENTITY);
        self.journal.delete_kind(ASSIGNMENT);
    }

    /// Stores a new identity.
    pub(crate) fn create(&self, id: &str) {
        let identity = Identity {
            generation: 0,
            deleted: false,
        };
        let mut users = write(&self.users);
        users.insert(id.to_owned(), identity);
        self.journal.put(IDENTITY, id, &identity);
    }

    /// The current token generation of a live identity; `None` when unknown or deleted.
    pub(crate) fn generation(&self, id: &str) -> Option<u64> {
        read(&self.users)
            .get(id)
            .filter(|identity| !identity.deleted)
            .map(|identity| identity.generation)
    }

    /// Whether a live identity has this id.
    pub(crate) fn exists(&self, id: &str) -> bool {
        self.generation(id).is_some()
    }

    /// Invalidates every token issued so far. `false` when the identity is unknown or deleted.
    pub(crate) fn revoke(&self, id: &str) -> bool {
        match write(&self.users).get_mut(id) {
            Some(identity) if !identity.deleted => {
                identity.generation += 1;
                self.journal.put(IDENTITY, id, identity);
                true
            }
            _ => false,
        }
    }

    /// Deletes an identity, which revokes its tokens and forbids new ones.
    pub(crate) fn delete(&self, id: &str) -> bool {
        match write(&self.users).get_mut(id) {
            Some(identity) if !identity.deleted => {
                identity.generation += 1;
                identity.deleted = true;
                self.journal.put(IDENTITY, id, identity);
                true
            }
            _ => false,
        }
    }

    /// A stored assignment.
    pub(crate) fn assignment(
        &self,
        tenant_id: &str,
        object_id: &str,
    ) -> Option<TeamsExtensionAssignmentResponse> {
        read(&self.assignments)
            .get(&(tenant_id.to_owned(), object_id.to_owned()))
            .cloned()
    }

    /// Stores an assignment; `true` when it is new.
    pub(crate) fn upsert_assignment(&self, assignment: TeamsExtensionAssignmentResponse) -> bool {
        let key = (assignment.tenant_id.clone(), assignment.object_id.clone());
        let mut assignments = write(&self.assignments);
        self.journal
            .put(ASSIGNMENT, &assignment_key(&key.0, &key.1), &assignment);
        assignments.insert(key, assignment).is_none()
    }

    /// Removes an assignment; `true` when there was one.
    pub(crate) fn delete_assignment(&self, tenant_id: &str, object_id: &str) -> bool {
        let mut assignments = write(&self.assignments);
        let removed = assignments
            .remove(&(tenant_id.to_owned(), object_id.to_owned()))
            .is_some();
        if removed {
            self.journal
                .delete(ASSIGNMENT, &assignment_key(tenant_id, object_id));
        }
        removed
    }
}

/// Persistence: the key of an assignment record.
fn assignment_key(tenant_id: &str, object_id: &str) -> String {
    format!("{tenant_id}/{object_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoke_and_delete_bump_the_generation() {
        let ids = Identities::default();
        ids.create("a");
        assert_eq!(ids.generation("a"), Some(0));
        assert!(ids.revoke("a"));
        assert_eq!(ids.generation("a"), Some(1));
        assert!(ids.delete("a"));
        assert_eq!(ids.generation("a"), None);
        assert!(!ids.revoke("a"));
        assert!(!ids.delete("a"));
        assert!(!ids.exists("b"));
    }
}
