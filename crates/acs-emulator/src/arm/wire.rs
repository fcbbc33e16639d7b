//! The JSON bodies of the ARM surface, with the generated wire types of `acs-management-rest`:
//! request bodies are decoded into them (then into [`ResourceBody`], one shape for every kind)
//! and resources are rendered from them.

use std::collections::{BTreeMap, HashMap};

use acs_management_rest::types as wire;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use super::error::ArmError;
use super::path::Kind;
use super::store::{Details, ManagedIdentity, Resource, VERIFICATION_KINDS};

/// The body of a PUT or PATCH, for every kind, as the handlers read it.
#[derive(Debug, Default)]
pub(crate) struct ResourceBody {
    pub(crate) location: Option<String>,
    /// `None` when the body has no `tags` (a PATCH then keeps them).
    pub(crate) tags: Option<BTreeMap<String, String>>,
    pub(crate) identity: Option<IdentityBody>,
    pub(crate) properties: Option<PropertiesBody>,
}

/// The `properties` of every kind together (each kind reads its own).
#[derive(Debug, Default)]
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

#[derive(Debug, Default)]
pub(crate) struct IdentityBody {
    pub(crate) kind: Option<String>,
    pub(crate) user_assigned_identities: Vec<String>,
}

/// Whether a body has `tags` at all (the generated maps cannot tell absent from empty).
#[derive(Debug, Default, Deserialize)]
struct TagsPresence {
    tags: Option<IgnoredAny>,
}

/// Decodes `bytes` as `T`, naming the field at fault.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ArmError> {
    let mut decoder = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut decoder).map_err(|error| {
        let path = error.path().to_string();
        ArmError::invalid(
            &path,
            format!(
                "The request content is invalid at '{path}': {}.",
                error.inner()
            ),
        )
    })
}

fn tags_of(map: HashMap<String, String>, present: bool) -> Option<BTreeMap<String, String>> {
    present.then(|| map.into_iter().collect())
}

fn identity_of(identity: Option<wire::ManagedServiceIdentity>) -> Option<IdentityBody> {
    identity.map(|identity| IdentityBody {
        kind: Some(identity.type_.as_str().to_owned()),
        user_assigned_identities: identity.user_assigned_identities.into_keys().collect(),
    })
}

/// A PUT (`update` false) or PATCH body of `kind`, decoded with its generated type.
pub(crate) fn resource_body(
    kind: Kind,
    update: bool,
    bytes: &[u8],
) -> Result<ResourceBody, ArmError> {
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    if blank && update {
        return Ok(ResourceBody::default());
    }
    if blank {
        return Err(ArmError::bad_request(
            "InvalidRequestContent",
            "The request body is required.",
        ));
    }
    let present = decode::<TagsPresence>(bytes)?.tags.is_some();
    Ok(match (kind, update) {
        (Kind::CommunicationService, false) => {
            let body: wire::CommunicationServiceResource = decode(bytes)?;
            ResourceBody {
                location: Some(body.location),
                tags: tags_of(body.tags, present),
                identity: identity_of(body.identity),
                properties: body.properties.map(|p| PropertiesBody {
                    data_location: Some(p.data_location),
                    linked_domains: p.linked_domains.map(Vec::from),
                    disable_local_auth: p.disable_local_auth,
                    public_network_access: p.public_network_access.map(|v| v.as_str().to_owned()),
                    ..PropertiesBody::default()
                }),
            }
        }
        (Kind::CommunicationService, true) => {
            let body: wire::CommunicationServiceResourceUpdate = decode(bytes)?;
            ResourceBody {
                location: None,
                tags: tags_of(body.tags, present),
                identity: identity_of(body.identity),
                properties: body.properties.map(|p| PropertiesBody {
                    linked_domains: p.linked_domains.map(Vec::from),
                    disable_local_auth: p.disable_local_auth,
                    public_network_access: p.public_network_access.map(|v| v.as_str().to_owned()),
                    ..PropertiesBody::default()
                }),
            }
        }
        (Kind::EmailService, false) => {
            let body: wire::EmailServiceResource = decode(bytes)?;
            ResourceBody {
                location: Some(body.location),
                tags: tags_of(body.tags, present),
                identity: None,
                properties: body.properties.map(|p| PropertiesBody {
                    data_location: Some(p.data_location),
                    ..PropertiesBody::default()
                }),
            }
        }
        (Kind::EmailService, true) => {
            let body: wire::EmailServiceResourceUpdate = decode(bytes)?;
            ResourceBody {
                tags: tags_of(body.0.tags, present),
                ..ResourceBody::default()
            }
        }
        (Kind::Domain, false) => {
            let body: wire::DomainResource = decode(bytes)?;
            ResourceBody {
                location: Some(body.location),
                tags: tags_of(body.tags, present),
                identity: None,
                properties: body.properties.map(|p| PropertiesBody {
                    domain_management: Some(p.domain_management.as_str().to_owned()),
                    user_engagement_tracking: p
                        .user_engagement_tracking
                        .map(|v| v.as_str().to_owned()),
                    ..PropertiesBody::default()
                }),
            }
        }
        (Kind::Domain, true) => {
            let body: wire::UpdateDomainRequestParameters = decode(bytes)?;
            ResourceBody {
                tags: tags_of(body.tags, present),
                properties: body.properties.map(|p| PropertiesBody {
                    user_engagement_tracking: p
                        .user_engagement_tracking
                        .map(|v| v.as_str().to_owned()),
                    ..PropertiesBody::default()
                }),
                ..ResourceBody::default()
            }
        }
        (Kind::SenderUsername, _) => {
            let body: wire::SenderUsernameResource = decode(bytes)?;
            ResourceBody {
                properties: body.properties.map(|p| PropertiesBody {
                    username: Some(p.username),
                    display_name: p.display_name,
                    ..PropertiesBody::default()
                }),
                ..ResourceBody::default()
            }
        }
    })
}

fn system_data(resource: &Resource) -> wire::SystemData {
    wire::SystemData {
        created_at: Some(resource.created.at),
        created_by: Some(resource.created.by.clone()),
        created_by_type: Some(wire::CreatedByType::User),
        last_modified_at: Some(resource.modified.at),
        last_modified_by: Some(resource.modified.by.clone()),
        last_modified_by_type: Some(wire::CreatedByType::User),
    }
}

fn identity(identity: Option<&ManagedIdentity>) -> wire::ManagedServiceIdentity {
    let Some(identity) = identity else {
        return wire::ManagedServiceIdentity {
            principal_id: None,
            tenant_id: None,
            type_: wire::ManagedServiceIdentityType::None,
            user_assigned_identities: HashMap::new(),
        };
    };
    wire::ManagedServiceIdentity {
        principal_id: identity.principal_id,
        tenant_id: identity.tenant_id,
        type_: wire::ManagedServiceIdentityType::from(identity.kind.as_str()),
        user_assigned_identities: identity
            .user_assigned
            .iter()
            .map(|(id, (principal, client))| {
                (
                    id.clone(),
                    wire::UserAssignedIdentity {
                        principal_id: Some(*principal),
                        client_id: Some(*client),
                    },
                )
            })
            .collect(),
    }
}

fn dns(kind: &str, name: &str, value: &str) -> Option<wire::DnsRecord> {
    Some(wire::DnsRecord {
        name: Some(name.to_owned()),
        ttl: Some(3600),
        type_: Some(kind.to_owned()),
        value: Some(value.to_owned()),
    })
}

/// The DNS records a customer-managed domain asks for.
fn records(domain: &str, token: &str) -> wire::DomainPropertiesVerificationRecords {
    let dkim = |selector: &str| {
        dns(
            "CNAME",
            &format!("{selector}-azurecomm-prod-net._domainkey"),
            &format!("{selector}-azurecomm-prod-net._domainkey.azurecomm.net"),
        )
    };
    wire::DomainPropertiesVerificationRecords {
        domain: dns("TXT", domain, &format!("ms-domain-verification={token}")),
        spf: dns(
            "TXT",
            domain,
            "v=spf1 include:spf.protection.outlook.com -all",
        ),
        dkim: dkim("selector1"),
        dkim2: dkim("selector2"),
        dmarc: dns("TXT", &format!("_dmarc.{domain}"), "v=DMARC1; p=none;"),
    }
}

fn to_value<T: serde::Serialize>(body: &T) -> Value {
    // Serializing the generated types does not fail.
    serde_json::to_value(body).unwrap_or_default()
}

/// A resource as ARM renders it; `host` is the emulator's `host[:port]` as the client used it.
pub(crate) fn resource(resource: &Resource, host: &str) -> Value {
    let address = &resource.address;
    let id = Some(address.id());
    let name = Some(address.name().to_owned());
    let type_ = Some(address.kind().resource_type().to_owned());
    let tags: HashMap<String, String> = resource.tags.clone().into_iter().collect();
    let state = resource.provisioning_state();
    match &resource.details {
        Details::Communication(service) => to_value(&wire::CommunicationServiceResource {
            id,
            identity: Some(identity(service.identity.as_ref())),
            location: resource.location.clone(),
            name,
            properties: Some(wire::CommunicationServiceProperties {
                data_location: service.data_location.clone(),
                disable_local_auth: service.disable_local_auth,
                host_name: Some(host.to_owned()),
                immutable_resource_id: Some(service.immutable_id.clone()),
                linked_domains: Some(service.linked_domains.clone().into()),
                notification_hub_id: service.notification_hub_id.clone(),
                provisioning_state: Some(state.into()),
                public_network_access: service.public_network_access.as_deref().map(Into::into),
                version: Some("0.2.0".to_owned()),
            }),
            system_data: Some(system_data(resource)),
            tags,
            type_,
        }),
        Details::Email(service) => to_value(&wire::EmailServiceResource {
            id,
            location: resource.location.clone(),
            name,
            properties: Some(wire::EmailServiceProperties {
                data_location: service.data_location.clone(),
                provisioning_state: Some(state.into()),
            }),
            system_data: Some(system_data(resource)),
            tags,
            type_,
        }),
        Details::Domain(domain) => {
            let status = |kind: &str| {
                Some(wire::VerificationStatusRecord {
                    error_code: None,
                    status: Some(domain.status(kind).into()),
                })
            };
            let [d, spf, dkim, dkim2, dmarc] = VERIFICATION_KINDS;
            to_value(&wire::DomainResource {
                id,
                location: resource.location.clone(),
                name,
                properties: Some(wire::DomainProperties {
                    data_location: Some(domain.data_location.clone()),
                    domain_management: domain.management.as_str().into(),
                    from_sender_domain: Some(domain.from_sender_domain.clone()),
                    mail_from_sender_domain: Some(domain.mail_from_sender_domain.clone()),
                    provisioning_state: Some(state.into()),
                    user_engagement_tracking: Some(domain.user_engagement_tracking.as_str().into()),
                    verification_records: (!domain.is_azure_managed())
                        .then(|| records(address.name(), &domain.verification_token)),
                    verification_states: Some(wire::DomainPropertiesVerificationStates {
                        domain: status(d),
                        spf: status(spf),
                        dkim: status(dkim),
                        dkim2: status(dkim2),
                        dmarc: status(dmarc),
                    }),
                }),
                system_data: Some(system_data(resource)),
                tags,
                type_,
            })
        }
        Details::Sender(sender) => to_value(&wire::SenderUsernameResource {
            id,
            name,
            properties: Some(wire::SenderUsernameProperties {
                data_location: Some(sender.data_location.clone()),
                display_name: sender.display_name.clone(),
                provisioning_state: Some(state.into()),
                username: sender.username.clone(),
            }),
            system_data: Some(system_data(resource)),
            type_,
        }),
    }
}

/// The body of `listKeys` and `regenerateKey` (absent keys are left out).
pub(crate) fn keys(primary: Option<(&str, String)>, secondary: Option<(&str, String)>) -> Value {
    let (primary_key, primary_connection_string) = primary.map(|(k, c)| (k.to_owned(), c)).unzip();
    let (secondary_key, secondary_connection_string) =
        secondary.map(|(k, c)| (k.to_owned(), c)).unzip();
    to_value(&wire::CommunicationServiceKeys {
        primary_connection_string,
        primary_key,
        secondary_connection_string,
        secondary_key,
    })
}

pub(crate) fn name_availability(
    available: bool,
    reason: Option<&str>,
    message: Option<&str>,
) -> Value {
    to_value(&wire::CheckNameAvailabilityResponse {
        message: message.map(str::to_owned),
        name_available: Some(available),
        reason: reason.map(Into::into),
    })
}

pub(crate) fn linked_notification_hub(resource_id: String) -> Value {
    to_value(&wire::LinkedNotificationHub {
        resource_id: Some(resource_id),
    })
}

/// The error body (`{"error":{...}}`).
pub(crate) fn error(code: &str, message: &str, target: Option<&str>) -> Value {
    to_value(&wire::ErrorResponse {
        error: Some(wire::ErrorDetail {
            additional_info: Vec::new(),
            code: Some(code.to_owned()),
            details: Vec::new(),
            message: Some(message.to_owned()),
            target: target.map(str::to_owned),
        }),
    })
}

/// `GET /providers/Microsoft.Communication/operations`.
pub(crate) fn provider_operations(operations: &[(&str, &str)]) -> Value {
    to_value(&wire::OperationListResult {
        next_link: None,
        value: operations
            .iter()
            .map(|(name, description)| wire::Operation {
                action_type: None,
                display: Some(wire::OperationDisplay {
                    description: Some((*description).to_owned()),
                    operation: Some((*description).to_owned()),
                    provider: Some("Microsoft Communication".to_owned()),
                    resource: name.split('/').next().map(str::to_owned),
                }),
                is_data_action: Some(false),
                name: Some(format!("Microsoft.Communication/{name}")),
                origin: Some(wire::Origin::UserSystem),
            })
            .collect(),
    })
}
