//! The JSON bodies of the ARM surface: what requests carry (decoded leniently: unknown fields
//! are ignored, optional ones may be absent or null) and how resources are rendered.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::store::{Details, ManagedIdentity, Resource, VERIFICATION_KINDS};

/// The body of a PUT or PATCH, for every kind.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResourceBody {
    pub(crate) location: Option<String>,
    pub(crate) tags: Option<BTreeMap<String, String>>,
    pub(crate) identity: Option<IdentityBody>,
    pub(crate) properties: Option<PropertiesBody>,
}

/// The `properties` of every kind together (each kind reads its own).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PropertiesBody {
    pub(crate) data_location: Option<String>,
    pub(crate) linked_domains: Option<Vec<String>>,
    pub(crate) disable_local_auth: Option<bool>,
    pub(crate) public_network_access: Option<String>,
    pub(crate) domain_management: Option<String>,
    pub(crate) user_engagement_tracking: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) display_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IdentityBody {
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
    pub(crate) user_assigned_identities: Option<BTreeMap<String, Option<Value>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RegenerateKeyBody {
    pub(crate) key_type: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NameAvailabilityBody {
    pub(crate) name: Option<String>,
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LinkNotificationHubBody {
    pub(crate) resource_id: Option<String>,
    pub(crate) connection_string: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerificationBody {
    pub(crate) verification_type: Option<String>,
}

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn identity(identity: &ManagedIdentity) -> Value {
    let mut body = Map::new();
    body.insert("type".into(), json!(identity.kind));
    if let Some(principal) = &identity.principal_id {
        body.insert("principalId".into(), json!(principal));
    }
    if let Some(tenant) = &identity.tenant_id {
        body.insert("tenantId".into(), json!(tenant));
    }
    if !identity.user_assigned.is_empty() {
        let assigned: Map<String, Value> = identity
            .user_assigned
            .iter()
            .map(|(id, (principal, client))| {
                (
                    id.clone(),
                    json!({"principalId": principal, "clientId": client}),
                )
            })
            .collect();
        body.insert("userAssignedIdentities".into(), Value::Object(assigned));
    }
    Value::Object(body)
}

/// A resource as ARM renders it; `host` is the emulator's `host[:port]` as the client used it.
pub(crate) fn resource(resource: &Resource, host: &str) -> Value {
    let address = &resource.address;
    let mut properties = Map::new();
    properties.insert(
        "provisioningState".into(),
        json!(resource.provisioning_state()),
    );
    let mut identity_body = None;
    match &resource.details {
        Details::Communication(service) => {
            properties.insert("dataLocation".into(), json!(service.data_location));
            properties.insert("hostName".into(), json!(host));
            properties.insert("version".into(), json!("0.2.0"));
            properties.insert("immutableResourceId".into(), json!(service.immutable_id));
            properties.insert("linkedDomains".into(), json!(service.linked_domains));
            if let Some(hub) = &service.notification_hub_id {
                properties.insert("notificationHubId".into(), json!(hub));
            }
            if let Some(disable) = service.disable_local_auth {
                properties.insert("disableLocalAuth".into(), json!(disable));
            }
            if let Some(access) = &service.public_network_access {
                properties.insert("publicNetworkAccess".into(), json!(access));
            }
            identity_body = Some(
                service
                    .identity
                    .as_ref()
                    .map_or_else(|| json!({"type": "None"}), identity),
            );
        }
        Details::Email(service) => {
            properties.insert("dataLocation".into(), json!(service.data_location));
        }
        Details::Domain(domain) => {
            properties.insert("dataLocation".into(), json!(domain.data_location));
            properties.insert("domainManagement".into(), json!(domain.management));
            properties.insert("fromSenderDomain".into(), json!(domain.from_sender_domain));
            properties.insert(
                "mailFromSenderDomain".into(),
                json!(domain.mail_from_sender_domain),
            );
            properties.insert(
                "userEngagementTracking".into(),
                json!(domain.user_engagement_tracking),
            );
            let states: Map<String, Value> = VERIFICATION_KINDS
                .iter()
                .map(|kind| {
                    (
                        (*kind).to_owned(),
                        json!({"status": domain.status(kind), "errorCode": ""}),
                    )
                })
                .collect();
            properties.insert("verificationStates".into(), Value::Object(states));
            if !domain.is_azure_managed() {
                properties.insert(
                    "verificationRecords".into(),
                    records(address.name(), &domain.verification_token),
                );
            }
        }
        Details::Sender(sender) => {
            properties.insert("dataLocation".into(), json!(sender.data_location));
            properties.insert("username".into(), json!(sender.username));
            if let Some(display) = &sender.display_name {
                properties.insert("displayName".into(), json!(display));
            }
        }
    }
    let mut body = json!({
        "id": address.id(),
        "name": address.name(),
        "type": address.kind().resource_type(),
        "systemData": {
            "createdBy": resource.created.by,
            "createdByType": "User",
            "createdAt": time(resource.created.at),
            "lastModifiedBy": resource.modified.by,
            "lastModifiedByType": "User",
            "lastModifiedAt": time(resource.modified.at),
        },
        "properties": Value::Object(properties),
    });
    if !matches!(resource.details, Details::Sender(_)) {
        body["location"] = json!(resource.location);
        body["tags"] = json!(resource.tags);
    }
    if let Some(identity) = identity_body {
        body["identity"] = identity;
    }
    body
}

/// The DNS records a customer-managed domain asks for.
fn records(domain: &str, token: &str) -> Value {
    let dkim = |selector: &str| {
        json!({
            "type": "CNAME",
            "name": format!("{selector}-azurecomm-prod-net._domainkey"),
            "value": format!("{selector}-azurecomm-prod-net._domainkey.azurecomm.net"),
            "ttl": 3600,
        })
    };
    json!({
        "Domain": {"type": "TXT", "name": domain, "value": format!("ms-domain-verification={token}"), "ttl": 3600},
        "SPF": {"type": "TXT", "name": domain, "value": "v=spf1 include:spf.protection.outlook.com -all", "ttl": 3600},
        "DKIM": dkim("selector1"),
        "DKIM2": dkim("selector2"),
        "DMARC": {"type": "TXT", "name": format!("_dmarc.{domain}"), "value": "v=DMARC1; p=none;", "ttl": 3600},
    })
}
