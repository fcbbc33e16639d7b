//! What the inspector sees of identities: ids, token generations, deletion; and the Teams
//! Phone extension assignments.

use acs_identity_rest::types::TeamsExtensionAssignmentResponse;

use super::super::read;
use super::Identities;

/// One identity, as the inspector lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdentitySummary {
    pub(crate) id: String,
    /// How many times its tokens were revoked (or the identity deleted).
    pub(crate) token_generation: u64,
    pub(crate) deleted: bool,
}

impl Identities {
    /// Every identity ever created here (deleted ones too), sorted by id.
    pub(crate) fn list(&self) -> Vec<IdentitySummary> {
        let mut list: Vec<IdentitySummary> = read(&self.users)
            .iter()
            .map(|(id, identity)| IdentitySummary {
                id: id.clone(),
                token_generation: identity.generation,
                deleted: identity.deleted,
            })
            .collect();
        list.sort_by(|a, b| a.id.cmp(&b.id));
        list
    }

    /// Every Teams Phone extension assignment, sorted by tenant and object id.
    pub(crate) fn list_assignments(&self) -> Vec<TeamsExtensionAssignmentResponse> {
        let mut list: Vec<_> = read(&self.assignments).values().cloned().collect();
        list.sort_by(|a, b| (&a.tenant_id, &a.object_id).cmp(&(&b.tenant_id, &b.object_id)));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_live_and_deleted_identities() {
        let ids = Identities::default();
        ids.create("b");
        ids.create("a");
        assert!(ids.delete("b"));
        assert_eq!(
            ids.list(),
            [
                IdentitySummary {
                    id: "a".to_owned(),
                    token_generation: 0,
                    deleted: false
                },
                IdentitySummary {
                    id: "b".to_owned(),
                    token_generation: 1,
                    deleted: true
                }
            ]
        );
        assert!(ids.list_assignments().is_empty());
    }
}
