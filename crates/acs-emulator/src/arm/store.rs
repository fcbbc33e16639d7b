//! The ARM resources and long-running operations, in memory and bounded.
//!
//! Everything moves with the emulator's clock, lazily: an operation started at `t` is
//! `Accepted` until `t + OPERATION_DURATION` and `Succeeded` from then on; a resource being
//! created, updated or deleted shows its transient provisioning state until then, and a deleted
//! one disappears. [`Inner::settle`] applies what the clock says before every request, so no
//! timer or background task is involved and tests on a manual clock are deterministic.
//!
//! Under `--data-dir` the resources are saved (see [`super::persisted`]); operations are not.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Mutex;

use acs_auth::AccessKey;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, TimeDelta, Utc};

use super::path::{Address, Kind};
use super::persisted::{RESOURCE, ResourceRecord};
use crate::persist::{Journal, PersistError, Store};

/// How long every long-running operation takes, on the emulator's clock.
pub(crate) const OPERATION_DURATION: TimeDelta = TimeDelta::seconds(1);
/// The `Retry-After` of a running operation, in seconds.
pub(crate) const RETRY_AFTER_SECONDS: u64 = 1;
/// At most this many resources of all kinds (then `409 QuotaExceeded`).
pub(crate) const MAX_RESOURCES: usize = 1000;
/// The operations kept for polling; the oldest are forgotten first.
const MAX_OPERATIONS: usize = 1000;

/// The verification kinds of a domain, in the order the service lists them.
pub(crate) const VERIFICATION_KINDS: [&str; 5] = ["Domain", "SPF", "DKIM", "DKIM2", "DMARC"];

/// Who and when, for `systemData`.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    pub(crate) by: String,
    pub(crate) at: DateTime<Utc>,
}

/// A transient provisioning state, until `completes_at`.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub(crate) state: &'static str,
    pub(crate) completes_at: DateTime<Utc>,
    pub(crate) deleting: bool,
}

/// A managed identity (`identity` of a communication service).
#[derive(Debug, Clone)]
pub(crate) struct ManagedIdentity {
    pub(crate) kind: String,
    pub(crate) principal_id: Option<uuid::Uuid>,
    pub(crate) tenant_id: Option<uuid::Uuid>,
    /// User-assigned identity resource ids with their (principal, client) ids.
    pub(crate) user_assigned: BTreeMap<String, (uuid::Uuid, uuid::Uuid)>,
}

#[derive(Debug, Clone)]
pub(crate) struct CommunicationService {
    pub(crate) data_location: String,
    pub(crate) linked_domains: Vec<String>,
    pub(crate) primary: AccessKey,
    pub(crate) secondary: AccessKey,
    pub(crate) immutable_id: String,
    pub(crate) notification_hub_id: Option<String>,
    pub(crate) disable_local_auth: Option<bool>,
    pub(crate) public_network_access: Option<String>,
    pub(crate) identity: Option<ManagedIdentity>,
}

#[derive(Debug, Clone)]
pub(crate) struct EmailService {
    pub(crate) data_location: String,
}

/// A verification state, with where it is heading.
#[derive(Debug, Clone)]
pub(crate) struct Verification {
    pub(crate) status: &'static str,
    pub(crate) next: Option<(DateTime<Utc>, &'static str)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Domain {
    pub(crate) data_location: String,
    pub(crate) management: String,
    pub(crate) from_sender_domain: String,
    pub(crate) mail_from_sender_domain: String,
    pub(crate) user_engagement_tracking: String,
    pub(crate) verification_token: String,
    pub(crate) verifications: BTreeMap<&'static str, Verification>,
}

impl Domain {
    pub(crate) fn is_azure_managed(&self) -> bool {
        self.management.eq_ignore_ascii_case("AzureManaged")
    }

    pub(crate) fn status(&self, kind: &str) -> &'static str {
        self.verifications
            .get(kind)
            .map_or("NotStarted", |verification| verification.status)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SenderUsername {
    pub(crate) username: String,
    pub(crate) display_name: Option<String>,
    pub(crate) data_location: String,
}

#[derive(Debug, Clone)]
pub(crate) enum Details {
    Communication(CommunicationService),
    Email(EmailService),
    Domain(Domain),
    Sender(SenderUsername),
}

#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub(crate) address: Address,
    pub(crate) location: String,
    pub(crate) tags: BTreeMap<String, String>,
    pub(crate) created: Stamp,
    pub(crate) modified: Stamp,
    pub(crate) pending: Option<Pending>,
    pub(crate) details: Details,
}

impl Resource {
    pub(crate) fn provisioning_state(&self) -> &'static str {
        self.pending
            .as_ref()
            .map_or("Succeeded", |pending| pending.state)
    }

    pub(crate) fn is_busy(&self) -> bool {
        self.pending.is_some()
    }
}

/// What a long-running operation does (for its final answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OperationKind {
    Write,
    Delete,
    Action,
}

#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub(crate) id: String,
    pub(crate) subscription: String,
    pub(crate) location: String,
    pub(crate) resource_id: String,
    pub(crate) kind: OperationKind,
    pub(crate) started: DateTime<Utc>,
    pub(crate) completes_at: DateTime<Utc>,
}

impl Operation {
    pub(crate) fn is_done(&self, now: DateTime<Utc>) -> bool {
        now >= self.completes_at
    }

    pub(crate) fn status(&self, now: DateTime<Utc>) -> &'static str {
        if self.is_done(now) {
            "Succeeded"
        } else {
            "Accepted"
        }
    }
}

/// The store behind one lock (never held across an await: handlers are synchronous).
#[derive(Debug, Default)]
pub(crate) struct ArmStore {
    inner: Mutex<Inner>,
    /// Persistence: where resource changes are saved.
    journal: Journal,
}

#[derive(Debug, Default)]
pub(crate) struct Inner {
    /// By lower-case id: ARM ids compare case-insensitively. Ordered, for stable paging.
    resources: BTreeMap<String, Resource>,
    operations: HashMap<String, Operation>,
    operation_order: VecDeque<String>,
    /// Persistence: the lower-case ids changed by the current [`ArmStore::with`] call.
    dirty: Vec<String>,
}

/// A new random access key: 64 bytes, base64 (88 characters) like the service's.
pub(crate) fn new_access_key() -> acs_auth::Result<AccessKey> {
    let mut bytes = [0u8; 64];
    bytes[..32].copy_from_slice(&crate::ids::secret());
    bytes[32..].copy_from_slice(&crate::ids::secret());
    AccessKey::new(STANDARD.encode(bytes))
}

pub(crate) fn lower(id: &str) -> String {
    id.to_ascii_lowercase()
}

impl ArmStore {
    /// Runs `f` on the store after settling it at `now`.
    pub(crate) fn with<R>(&self, now: DateTime<Utc>, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut inner = crate::state::lock(&self.inner);
        inner.settle(now);
        let result = f(&mut inner);
        // Persistence: save what changed, in its final state, while the lock is held.
        for id in std::mem::take(&mut inner.dirty) {
            match inner.resources.get(&id) {
                Some(resource) if !resource.pending.as_ref().is_some_and(|p| p.deleting) => {
                    self.journal
                        .put(RESOURCE, &id, &ResourceRecord::of(resource));
                }
                _ => self.journal.delete(RESOURCE, &id),
            }
        }
        result
    }

    /// Persistence: the resources saved in `store`, saving changes to `journal`. A linked
    /// domain that no longer exists is unlinked.
    pub(crate) fn restore(journal: Journal, store: Option<&Store>) -> Result<Self, PersistError> {
        let mut inner = Inner::default();
        if let Some(store) = store {
            for (key, record) in store.load::<ResourceRecord>(RESOURCE)? {
                let resource = record.into_resource().map_err(|message| {
                    PersistError::Damaged(format!("{RESOURCE} `{key}`: {message}"))
                })?;
                inner
                    .resources
                    .insert(lower(&resource.address.id()), resource);
            }
            let ids: std::collections::HashSet<String> = inner.resources.keys().cloned().collect();
            for resource in inner.resources.values_mut() {
                if let Details::Communication(service) = &mut resource.details {
                    service
                        .linked_domains
                        .retain(|linked| ids.contains(&lower(linked)));
                }
            }
        }
        Ok(Self {
            inner: Mutex::new(inner),
            journal,
        })
    }

    /// Forgets every resource and operation (`POST /emulator/api/reset`), in the store too.
    pub(crate) fn clear(&self) {
        let mut inner = crate::state::lock(&self.inner);
        *inner = Inner::default();
        self.journal.delete_kind(RESOURCE);
    }

    /// The access keys the data plane accepts besides the emulator's own: both keys of every
    /// communication service that exists and allows local auth.
    pub(crate) fn data_plane_keys(&self, now: DateTime<Utc>) -> Vec<AccessKey> {
        self.with(now, |inner| {
            inner
                .resources
                .values()
                .filter(|resource| !resource.pending.as_ref().is_some_and(|p| p.deleting))
                .filter_map(|resource| match &resource.details {
                    Details::Communication(service) if service.disable_local_auth != Some(true) => {
                        Some([service.primary.clone(), service.secondary.clone()])
                    }
                    _ => None,
                })
                .flatten()
                .collect()
        })
    }

    /// Whether `sender` (`user@domain`) is a sender username of a domain linked to a
    /// communication service.
    pub(crate) fn accepts_sender(&self, sender: &str, now: DateTime<Utc>) -> bool {
        let Some((local, domain)) = sender.rsplit_once('@') else {
            return false;
        };
        self.with(now, |inner| inner.accepts_sender(local, domain))
    }
}

impl Inner {
    /// Applies the clock: finishes operations' effects that are due.
    pub(crate) fn settle(&mut self, now: DateTime<Utc>) {
        let finished: Vec<String> = self
            .resources
            .iter()
            .filter(|(_, resource)| {
                resource
                    .pending
                    .as_ref()
                    .is_some_and(|pending| pending.deleting && now >= pending.completes_at)
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in finished {
            self.remove_tree(&id);
        }
        for resource in self.resources.values_mut() {
            if resource
                .pending
                .as_ref()
                .is_some_and(|pending| now >= pending.completes_at)
            {
                resource.pending = None;
            }
            if let Details::Domain(domain) = &mut resource.details {
                for verification in domain.verifications.values_mut() {
                    if let Some((at, status)) = verification.next
                        && now >= at
                    {
                        verification.status = status;
                        verification.next = None;
                    }
                }
            }
        }
    }

    /// Removes a resource and everything under it; unlinks a removed domain.
    fn remove_tree(&mut self, lower_id: &str) {
        let prefix = format!("{lower_id}/");
        let doomed: Vec<String> = self
            .resources
            .range(lower_id.to_owned()..)
            .take_while(|(id, _)| id.as_str() == lower_id || id.starts_with(&prefix))
            .map(|(id, _)| id.clone())
            .collect();
        for id in &doomed {
            self.resources.remove(id);
        }
        for resource in self.resources.values_mut() {
            if let Details::Communication(service) = &mut resource.details {
                service
                    .linked_domains
                    .retain(|linked| !doomed.contains(&lower(linked)));
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.resources.len()
    }

    pub(crate) fn get(&self, address: &Address) -> Option<&Resource> {
        self.get_id(&address.id())
    }

    pub(crate) fn get_id(&self, id: &str) -> Option<&Resource> {
        self.resources.get(&lower(id))
    }

    pub(crate) fn insert(&mut self, resource: Resource) {
        let id = lower(&resource.address.id());
        self.dirty.push(id.clone());
        self.resources.insert(id, resource);
    }

    /// Marks a resource and its children as deleting until `completes_at`.
    pub(crate) fn start_delete(&mut self, address: &Address, completes_at: DateTime<Utc>) {
        let lower_id = lower(&address.id());
        let prefix = format!("{lower_id}/");
        for (id, resource) in self.resources.range_mut(lower_id.clone()..) {
            if id != &lower_id && !id.starts_with(&prefix) {
                break;
            }
            self.dirty.push(id.clone());
            resource.pending = Some(Pending {
                state: "Deleting",
                completes_at,
                deleting: true,
            });
        }
    }

    /// Resources of `kind`, in id order, within a subscription, a resource group, or under a
    /// parent (all compared case-insensitively), starting after `after` (a lower-case id).
    pub(crate) fn list(
        &self,
        kind: Kind,
        subscription: &str,
        group: Option<&str>,
        parent: Option<&Address>,
        after: Option<&str>,
    ) -> Vec<&Resource> {
        let parent_prefix = parent.map(|parent| format!("{}/", lower(&parent.id())));
        self.resources
            .iter()
            .filter(|(id, _)| after.is_none_or(|after| id.as_str() > after))
            .map(|(_, resource)| resource)
            .filter(|resource| resource.address.kind() == kind)
            .filter(|resource| {
                resource
                    .address
                    .subscription
                    .eq_ignore_ascii_case(subscription)
            })
            .filter(|resource| {
                group.is_none_or(|group| resource.address.group.eq_ignore_ascii_case(group))
            })
            .filter(|resource| {
                parent_prefix
                    .as_ref()
                    .is_none_or(|prefix| lower(&resource.address.id()).starts_with(prefix.as_str()))
            })
            .collect()
    }

    /// Any communication service named `name` (names are global: they make the host name).
    pub(crate) fn communication_service_named(&self, name: &str) -> Option<&Resource> {
        self.resources.values().find(|resource| {
            resource.address.kind() == Kind::CommunicationService
                && resource.address.name().eq_ignore_ascii_case(name)
        })
    }

    /// Records an operation and returns it; forgets the oldest beyond the bound.
    pub(crate) fn start_operation(
        &mut self,
        subscription: &str,
        location: &str,
        resource_id: &str,
        kind: OperationKind,
        now: DateTime<Utc>,
    ) -> Operation {
        let operation = Operation {
            id: uuid::Uuid::new_v4().to_string(),
            subscription: subscription.to_owned(),
            location: location.to_ascii_lowercase().replace(' ', ""),
            resource_id: resource_id.to_owned(),
            kind,
            started: now,
            completes_at: now + OPERATION_DURATION,
        };
        while self.operation_order.len() >= MAX_OPERATIONS {
            if let Some(oldest) = self.operation_order.pop_front() {
                self.operations.remove(&oldest);
            }
        }
        self.operation_order.push_back(operation.id.clone());
        self.operations
            .insert(operation.id.clone(), operation.clone());
        operation
    }

    pub(crate) fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.get(&id.to_ascii_lowercase())
    }

    fn accepts_sender(&self, local: &str, domain: &str) -> bool {
        self.resources.values().any(|resource| {
            let Details::Communication(service) = &resource.details else {
                return false;
            };
            service.linked_domains.iter().any(|linked| {
                let Some(linked_resource) = self.get_id(linked) else {
                    return false;
                };
                let Details::Domain(linked_domain) = &linked_resource.details else {
                    return false;
                };
                linked_domain
                    .from_sender_domain
                    .eq_ignore_ascii_case(domain)
                    && self
                        .list(
                            Kind::SenderUsername,
                            &linked_resource.address.subscription,
                            Some(&linked_resource.address.group),
                            Some(&linked_resource.address),
                            None,
                        )
                        .iter()
                        .any(|sender| match &sender.details {
                            Details::Sender(sender) => sender.username.eq_ignore_ascii_case(local),
                            _ => false,
                        })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(at: DateTime<Utc>) -> Resource {
        let key = new_access_key().unwrap_or_else(|e| panic!("key: {e}"));
        Resource {
            address: Address {
                subscription: "s".into(),
                group: "g".into(),
                chain: vec![(Kind::CommunicationService, "cs".into())],
            },
            location: "global".into(),
            tags: BTreeMap::new(),
            created: Stamp {
                by: "me".into(),
                at,
            },
            modified: Stamp {
                by: "me".into(),
                at,
            },
            pending: Some(Pending {
                state: "Accepted",
                completes_at: at + OPERATION_DURATION,
                deleting: false,
            }),
            details: Details::Communication(CommunicationService {
                data_location: "Europe".into(),
                linked_domains: Vec::new(),
                primary: key.clone(),
                secondary: key,
                immutable_id: "id".into(),
                notification_hub_id: None,
                disable_local_auth: None,
                public_network_access: None,
                identity: None,
            }),
        }
    }

    #[test]
    fn keys_are_88_base64_characters_and_never_in_debug() {
        let at = crate::dates::epoch();
        let store = ArmStore::default();
        let resource = service(at);
        let Details::Communication(details) = &resource.details else {
            panic!("not a service");
        };
        let key = details.primary.secret().expose_secret().to_owned();
        assert_eq!(key.len(), 88);
        store.with(at, |inner| inner.insert(resource));
        let debug = format!("{store:?}");
        assert!(!debug.contains(&key), "{debug}");
        assert_eq!(store.data_plane_keys(at).len(), 2);
    }

    #[test]
    fn settling_follows_the_clock() {
        let at = crate::dates::epoch();
        let store = ArmStore::default();
        let resource = service(at);
        let address = resource.address.clone();
        store.with(at, |inner| {
            inner.insert(resource);
            let operation =
                inner.start_operation("s", "Global", &address.id(), OperationKind::Write, at);
            assert_eq!(operation.status(at), "Accepted");
            assert_eq!(operation.status(at + OPERATION_DURATION), "Succeeded");
            assert_eq!(operation.location, "global");
        });
        let state = |now| {
            store.with(now, |inner| {
                inner.get(&address).map(|r| r.provisioning_state())
            })
        };
        assert_eq!(state(at), Some("Accepted"));
        assert_eq!(state(at + OPERATION_DURATION), Some("Succeeded"));
        store.with(at, |inner| {
            inner.start_delete(&address, at + TimeDelta::seconds(5))
        });
        assert_eq!(state(at + TimeDelta::seconds(4)), Some("Deleting"));
        assert_eq!(state(at + TimeDelta::seconds(5)), None);
    }

    #[test]
    fn operations_are_bounded() {
        let at = crate::dates::epoch();
        let store = ArmStore::default();
        store.with(at, |inner| {
            let first = inner.start_operation("s", "global", "/x", OperationKind::Delete, at);
            for _ in 0..MAX_OPERATIONS {
                inner.start_operation("s", "global", "/x", OperationKind::Delete, at);
            }
            assert!(inner.operation(&first.id).is_none());
            assert_eq!(inner.operations.len(), MAX_OPERATIONS);
        });
    }
}
