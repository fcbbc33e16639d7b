//! Persistence of the ARM resources (see `crate::persist`): one `arm-resource` record per
//! communication service, email service, domain and sender username, keyed by its lower-case
//! ARM id, with the access keys of a communication service (the store is as private as the
//! emulator's own access key it also holds).
//!
//! A record holds the resource as it is once its operation completes: a resource being
//! created or updated is saved in its final state, and one being deleted is removed from the
//! store at once. Long-running operation records are kept in memory only: after a restart an
//! operation that was in flight is forgotten (polling it answers `404`) and its resource shows
//! the outcome (`Succeeded`, or gone for a delete); a domain verification in flight shows its
//! final status.

use std::collections::BTreeMap;

use acs_auth::AccessKey;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::path::{Address, Kind};
use super::store::{
    CommunicationService, Details, Domain, EmailService, ManagedIdentity, Resource, SenderUsername,
    Stamp, VERIFICATION_KINDS, Verification,
};

/// The record kind.
pub(crate) const RESOURCE: &str = "arm-resource";

/// The verification statuses the emulator gives (others read back as `NotStarted`).
const STATUSES: [&str; 7] = [
    "NotStarted",
    "Verified",
    "VerificationRequested",
    "VerificationInProgress",
    "VerificationFailed",
    "CancellationRequested",
    "CancellationInProgress",
];

const KINDS: [Kind; 4] = [
    Kind::CommunicationService,
    Kind::EmailService,
    Kind::Domain,
    Kind::SenderUsername,
];

/// A saved resource. No `Debug`: it holds access keys.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResourceRecord {
    subscription: String,
    group: String,
    /// `(collection segment, name)` pairs.
    chain: Vec<(String, String)>,
    location: String,
    tags: BTreeMap<String, String>,
    created: (String, DateTime<Utc>),
    modified: (String, DateTime<Utc>),
    details: DetailsRecord,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum DetailsRecord {
    #[serde(rename_all = "camelCase")]
    Communication {
        data_location: String,
        linked_domains: Vec<String>,
        primary: String,
        secondary: String,
        immutable_id: String,
        notification_hub_id: Option<String>,
        disable_local_auth: Option<bool>,
        public_network_access: Option<String>,
        identity: Option<IdentityRecord>,
    },
    #[serde(rename_all = "camelCase")]
    Email { data_location: String },
    #[serde(rename_all = "camelCase")]
    Domain {
        data_location: String,
        management: String,
        from_sender_domain: String,
        mail_from_sender_domain: String,
        user_engagement_tracking: String,
        verification_token: String,
        /// Verification kind → final status.
        verifications: BTreeMap<String, String>,
    },
    #[serde(rename_all = "camelCase")]
    Sender {
        username: String,
        display_name: Option<String>,
        data_location: String,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdentityRecord {
    kind: String,
    principal_id: Option<uuid::Uuid>,
    tenant_id: Option<uuid::Uuid>,
    user_assigned: BTreeMap<String, (uuid::Uuid, uuid::Uuid)>,
}

impl ResourceRecord {
    /// The record of `resource` as it is once its pending operation completes.
    pub(crate) fn of(resource: &Resource) -> Self {
        let details = match &resource.details {
            Details::Communication(service) => DetailsRecord::Communication {
                data_location: service.data_location.clone(),
                linked_domains: service.linked_domains.clone(),
                primary: service.primary.secret().expose_secret().to_owned(),
                secondary: service.secondary.secret().expose_secret().to_owned(),
                immutable_id: service.immutable_id.clone(),
                notification_hub_id: service.notification_hub_id.clone(),
                disable_local_auth: service.disable_local_auth,
                public_network_access: service.public_network_access.clone(),
                identity: service.identity.as_ref().map(|identity| IdentityRecord {
                    kind: identity.kind.clone(),
                    principal_id: identity.principal_id,
                    tenant_id: identity.tenant_id,
                    user_assigned: identity.user_assigned.clone(),
                }),
            },
            Details::Email(service) => DetailsRecord::Email {
                data_location: service.data_location.clone(),
            },
            Details::Domain(domain) => DetailsRecord::Domain {
                data_location: domain.data_location.clone(),
                management: domain.management.clone(),
                from_sender_domain: domain.from_sender_domain.clone(),
                mail_from_sender_domain: domain.mail_from_sender_domain.clone(),
                user_engagement_tracking: domain.user_engagement_tracking.clone(),
                verification_token: domain.verification_token.clone(),
                verifications: domain
                    .verifications
                    .iter()
                    .map(|(kind, verification)| {
                        let status = verification
                            .next
                            .map_or(verification.status, |(_, status)| status);
                        ((*kind).to_owned(), status.to_owned())
                    })
                    .collect(),
            },
            Details::Sender(sender) => DetailsRecord::Sender {
                username: sender.username.clone(),
                display_name: sender.display_name.clone(),
                data_location: sender.data_location.clone(),
            },
        };
        Self {
            subscription: resource.address.subscription.clone(),
            group: resource.address.group.clone(),
            chain: resource
                .address
                .chain
                .iter()
                .map(|(kind, name)| (kind.segment().to_owned(), name.clone()))
                .collect(),
            location: resource.location.clone(),
            tags: resource.tags.clone(),
            created: (resource.created.by.clone(), resource.created.at),
            modified: (resource.modified.by.clone(), resource.modified.at),
            details,
        }
    }

    /// The resource again (with nothing pending), or what is wrong with the record.
    pub(crate) fn into_resource(self) -> Result<Resource, String> {
        let chain = self
            .chain
            .into_iter()
            .map(|(segment, name)| {
                KINDS
                    .into_iter()
                    .find(|kind| kind.segment() == segment)
                    .map(|kind| (kind, name))
                    .ok_or_else(|| format!("unknown resource kind `{segment}`"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let key = |key: String| AccessKey::new(key).map_err(|e| format!("an access key: {e}"));
        let details = match self.details {
            DetailsRecord::Communication {
                data_location,
                linked_domains,
                primary,
                secondary,
                immutable_id,
                notification_hub_id,
                disable_local_auth,
                public_network_access,
                identity,
            } => Details::Communication(CommunicationService {
                data_location,
                linked_domains,
                primary: key(primary)?,
                secondary: key(secondary)?,
                immutable_id,
                notification_hub_id,
                disable_local_auth,
                public_network_access,
                identity: identity.map(|identity| ManagedIdentity {
                    kind: identity.kind,
                    principal_id: identity.principal_id,
                    tenant_id: identity.tenant_id,
                    user_assigned: identity.user_assigned,
                }),
            }),
            DetailsRecord::Email { data_location } => {
                Details::Email(EmailService { data_location })
            }
            DetailsRecord::Domain {
                data_location,
                management,
                from_sender_domain,
                mail_from_sender_domain,
                user_engagement_tracking,
                verification_token,
                verifications,
            } => Details::Domain(Domain {
                data_location,
                management,
                from_sender_domain,
                mail_from_sender_domain,
                user_engagement_tracking,
                verification_token,
                verifications: verifications
                    .into_iter()
                    .filter_map(|(kind, status)| {
                        let kind = VERIFICATION_KINDS.into_iter().find(|k| *k == kind)?;
                        let status = STATUSES
                            .into_iter()
                            .find(|s| *s == status)
                            .unwrap_or("NotStarted");
                        Some((kind, Verification { status, next: None }))
                    })
                    .collect(),
            }),
            DetailsRecord::Sender {
                username,
                display_name,
                data_location,
            } => Details::Sender(SenderUsername {
                username,
                display_name,
                data_location,
            }),
        };
        Ok(Resource {
            address: Address {
                subscription: self.subscription,
                group: self.group,
                chain,
            },
            location: self.location,
            tags: self.tags,
            created: Stamp {
                by: self.created.0,
                at: self.created.1,
            },
            modified: Stamp {
                by: self.modified.0,
                at: self.modified.1,
            },
            pending: None,
            details,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::store::Pending;

    fn domain(at: DateTime<Utc>) -> Resource {
        let mut verifications = BTreeMap::new();
        verifications.insert(
            "Domain",
            Verification {
                status: "VerificationRequested",
                next: Some((at, "Verified")),
            },
        );
        verifications.insert(
            "SPF",
            Verification {
                status: "NotStarted",
                next: None,
            },
        );
        Resource {
            address: Address {
                subscription: "s".into(),
                group: "g".into(),
                chain: vec![
                    (Kind::EmailService, "mail".into()),
                    (Kind::Domain, "contoso.com".into()),
                ],
            },
            location: "global".into(),
            tags: BTreeMap::from([("env".to_owned(), "test".to_owned())]),
            created: Stamp {
                by: "me".into(),
                at,
            },
            modified: Stamp {
                by: "me".into(),
                at,
            },
            pending: Some(Pending {
                state: "Updating",
                completes_at: at,
                deleting: false,
            }),
            details: Details::Domain(Domain {
                data_location: "Europe".into(),
                management: "CustomerManaged".into(),
                from_sender_domain: "contoso.com".into(),
                mail_from_sender_domain: "contoso.com".into(),
                user_engagement_tracking: "Disabled".into(),
                verification_token: "token".into(),
                verifications,
            }),
        }
    }

    #[test]
    fn a_domain_is_saved_in_its_final_state() {
        let at = crate::dates::epoch();
        let json = serde_json::to_string(&ResourceRecord::of(&domain(at)))
            .unwrap_or_else(|e| panic!("{e}"));
        let record: ResourceRecord = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        let restored = record.into_resource().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(restored.provisioning_state(), "Succeeded");
        assert_eq!(restored.address, domain(at).address);
        assert_eq!(restored.tags.get("env").map(String::as_str), Some("test"));
        let Details::Domain(restored) = &restored.details else {
            panic!("not a domain");
        };
        assert_eq!(restored.status("Domain"), "Verified");
        assert_eq!(restored.status("SPF"), "NotStarted");
        assert!(restored.verifications.values().all(|v| v.next.is_none()));
    }

    #[test]
    fn a_service_keeps_its_keys() {
        let at = crate::dates::epoch();
        let primary = crate::arm::store::new_access_key().unwrap_or_else(|e| panic!("{e}"));
        let secondary = crate::arm::store::new_access_key().unwrap_or_else(|e| panic!("{e}"));
        let mut resource = domain(at);
        resource.address.chain = vec![(Kind::CommunicationService, "cs".into())];
        resource.details = Details::Communication(CommunicationService {
            data_location: "Europe".into(),
            linked_domains: vec!["/x".into()],
            primary: primary.clone(),
            secondary: secondary.clone(),
            immutable_id: "id".into(),
            notification_hub_id: None,
            disable_local_auth: Some(false),
            public_network_access: None,
            identity: None,
        });
        let json =
            serde_json::to_string(&ResourceRecord::of(&resource)).unwrap_or_else(|e| panic!("{e}"));
        let record: ResourceRecord = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        let restored = record.into_resource().unwrap_or_else(|e| panic!("{e}"));
        let Details::Communication(service) = &restored.details else {
            panic!("not a service");
        };
        assert_eq!(
            service.primary.secret().expose_secret(),
            primary.secret().expose_secret()
        );
        assert_eq!(
            service.secondary.secret().expose_secret(),
            secondary.secret().expose_secret()
        );
        assert_eq!(service.linked_domains, vec!["/x".to_owned()]);
        assert_eq!(service.disable_local_auth, Some(false));
    }
}
