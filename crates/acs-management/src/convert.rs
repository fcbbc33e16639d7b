//! Conversions between the wire types of `acs-management-rest` and the models of this crate.

use std::collections::{BTreeMap, HashMap};

use acs_auth::{ConnectionString, Secret};
use acs_core::{Error, Result};
use acs_management_rest::types as wire;

use crate::models::{
    CommunicationService, CommunicationServiceCreate, CommunicationServiceKeys,
    CommunicationServiceUpdate, DnsRecord, Domain, DomainCreate, DomainManagement, DomainUpdate,
    DomainVerificationRecords, DomainVerificationStates, EmailService, EmailServiceCreate,
    EmailServiceUpdate, ManagedIdentity, ManagedIdentityType, NameAvailability,
    NameUnavailableReason, ProviderOperation, ProvisioningState, PublicNetworkAccess,
    SenderUsername, SenderUsernameCreate, SystemData, UserAssignedIdentity, UserEngagementTracking,
    VerificationState, VerificationStatus,
};

/// Converts an open enum to another by its wire string.
macro_rules! enum_to {
    ($value:expr, $target:ty) => {
        <$target>::from($value.as_str())
    };
}

fn tags(tags: HashMap<String, String>) -> BTreeMap<String, String> {
    tags.into_iter().collect()
}

fn wire_tags(tags: &BTreeMap<String, String>) -> HashMap<String, String> {
    tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

pub(crate) fn system_data(data: wire::SystemData) -> SystemData {
    SystemData {
        created_by: data.created_by,
        created_by_type: data.created_by_type.map(|t| t.as_str().to_owned()),
        created_at: data.created_at,
        last_modified_by: data.last_modified_by,
        last_modified_by_type: data.last_modified_by_type.map(|t| t.as_str().to_owned()),
        last_modified_at: data.last_modified_at,
    }
}

fn identity(identity: wire::ManagedServiceIdentity) -> ManagedIdentity {
    ManagedIdentity {
        kind: enum_to!(identity.type_, ManagedIdentityType),
        principal_id: identity.principal_id.map(|id| id.to_string()),
        tenant_id: identity.tenant_id.map(|id| id.to_string()),
        user_assigned: identity
            .user_assigned_identities
            .into_iter()
            .map(|(id, user)| {
                (
                    id,
                    UserAssignedIdentity {
                        principal_id: user.principal_id.map(|id| id.to_string()),
                        client_id: user.client_id.map(|id| id.to_string()),
                    },
                )
            })
            .collect(),
    }
}

fn wire_identity(identity: &ManagedIdentity) -> wire::ManagedServiceIdentity {
    wire::ManagedServiceIdentity {
        principal_id: None,
        tenant_id: None,
        type_: enum_to!(identity.kind, wire::ManagedServiceIdentityType),
        user_assigned_identities: identity
            .user_assigned
            .keys()
            .map(|id| (id.clone(), wire::UserAssignedIdentity::default()))
            .collect(),
    }
}

pub(crate) fn communication_service(
    resource: wire::CommunicationServiceResource,
) -> CommunicationService {
    let properties = resource.properties;
    CommunicationService {
        id: resource.id.unwrap_or_default(),
        name: resource.name.unwrap_or_default(),
        resource_type: resource.type_.unwrap_or_default(),
        location: resource.location,
        tags: tags(resource.tags),
        provisioning_state: properties
            .as_ref()
            .and_then(|p| p.provisioning_state.as_ref())
            .map(|s| enum_to!(s, ProvisioningState)),
        host_name: properties.as_ref().and_then(|p| p.host_name.clone()),
        data_location: properties
            .as_ref()
            .map(|p| p.data_location.clone())
            .unwrap_or_default(),
        notification_hub_id: properties
            .as_ref()
            .and_then(|p| p.notification_hub_id.clone()),
        version: properties.as_ref().and_then(|p| p.version.clone()),
        immutable_resource_id: properties
            .as_ref()
            .and_then(|p| p.immutable_resource_id.clone()),
        linked_domains: properties
            .as_ref()
            .and_then(|p| p.linked_domains.clone())
            .map(|d| d.0)
            .unwrap_or_default(),
        public_network_access: properties
            .as_ref()
            .and_then(|p| p.public_network_access.as_ref())
            .map(|a| enum_to!(a, PublicNetworkAccess)),
        disable_local_auth: properties.as_ref().and_then(|p| p.disable_local_auth),
        identity: resource.identity.map(identity),
        system_data: resource.system_data.map(system_data),
    }
}

pub(crate) fn communication_service_create(
    create: &CommunicationServiceCreate,
) -> wire::CommunicationServiceResource {
    wire::CommunicationServiceResource {
        id: None,
        identity: create.identity.as_ref().map(wire_identity),
        location: create.location.clone(),
        name: None,
        properties: Some(wire::CommunicationServiceProperties {
            data_location: create.data_location.clone(),
            disable_local_auth: create.disable_local_auth,
            host_name: None,
            immutable_resource_id: None,
            linked_domains: (!create.linked_domains.is_empty())
                .then(|| wire::DomainsResourceList(create.linked_domains.clone())),
            notification_hub_id: None,
            provisioning_state: None,
            public_network_access: create
                .public_network_access
                .as_ref()
                .map(|a| enum_to!(a, wire::PublicNetworkAccess)),
            version: None,
        }),
        system_data: None,
        tags: wire_tags(&create.tags),
        type_: None,
    }
}

pub(crate) fn communication_service_update(
    update: &CommunicationServiceUpdate,
) -> wire::CommunicationServiceResourceUpdate {
    let has_properties = update.linked_domains.is_some()
        || update.public_network_access.is_some()
        || update.disable_local_auth.is_some();
    wire::CommunicationServiceResourceUpdate {
        identity: update.identity.as_ref().map(wire_identity),
        properties: has_properties.then(|| wire::CommunicationServiceUpdateProperties {
            disable_local_auth: update.disable_local_auth,
            linked_domains: update.linked_domains.clone().map(wire::DomainsResourceList),
            public_network_access: update
                .public_network_access
                .as_ref()
                .map(|a| enum_to!(a, wire::PublicNetworkAccess)),
        }),
        tags: update.tags.as_ref().map(wire_tags).unwrap_or_default(),
    }
}

/// The keys, with each connection string parsed; a connection string that does not parse fails
/// the call with an error naming the field (never its value).
pub(crate) fn keys(keys: wire::CommunicationServiceKeys) -> Result<CommunicationServiceKeys> {
    let parse = |field: &str, value: Option<String>| -> Result<Option<ConnectionString>> {
        value
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                ConnectionString::parse(&v).map_err(|error| {
                    Error::new(
                        acs_core::ErrorKind::Decode,
                        format!("communication_services_list_keys: `{field}` is not a connection string: {error}"),
                    )
                    .with_source(error)
                })
            })
            .transpose()
    };
    Ok(CommunicationServiceKeys {
        primary_key: keys.primary_key.map(Secret::new),
        secondary_key: keys.secondary_key.map(Secret::new),
        primary_connection_string: parse(
            "primaryConnectionString",
            keys.primary_connection_string,
        )?,
        secondary_connection_string: parse(
            "secondaryConnectionString",
            keys.secondary_connection_string,
        )?,
    })
}

pub(crate) fn name_availability(response: wire::CheckNameAvailabilityResponse) -> NameAvailability {
    NameAvailability {
        available: response.name_available.unwrap_or(false),
        reason: response.reason.map(|r| enum_to!(r, NameUnavailableReason)),
        message: response.message,
    }
}

pub(crate) fn email_service(resource: wire::EmailServiceResource) -> EmailService {
    let properties = resource.properties;
    EmailService {
        id: resource.id.unwrap_or_default(),
        name: resource.name.unwrap_or_default(),
        resource_type: resource.type_.unwrap_or_default(),
        location: resource.location,
        tags: tags(resource.tags),
        provisioning_state: properties
            .as_ref()
            .and_then(|p| p.provisioning_state.as_ref())
            .map(|s| enum_to!(s, ProvisioningState)),
        data_location: properties.map(|p| p.data_location).unwrap_or_default(),
        system_data: resource.system_data.map(system_data),
    }
}

pub(crate) fn email_service_create(create: &EmailServiceCreate) -> wire::EmailServiceResource {
    wire::EmailServiceResource {
        id: None,
        location: create.location.clone(),
        name: None,
        properties: Some(wire::EmailServiceProperties {
            data_location: create.data_location.clone(),
            provisioning_state: None,
        }),
        system_data: None,
        tags: wire_tags(&create.tags),
        type_: None,
    }
}

pub(crate) fn email_service_update(
    update: &EmailServiceUpdate,
) -> wire::EmailServiceResourceUpdate {
    wire::EmailServiceResourceUpdate(wire::TaggedResource {
        tags: wire_tags(&update.tags),
    })
}

fn dns_record(record: wire::DnsRecord) -> DnsRecord {
    DnsRecord {
        record_type: record.type_,
        name: record.name,
        value: record.value,
        ttl: record.ttl,
    }
}

fn verification_state(state: wire::VerificationStatusRecord) -> VerificationState {
    VerificationState {
        status: state.status.map(|s| enum_to!(s, VerificationStatus)),
        error_code: state.error_code,
    }
}

pub(crate) fn domain(resource: wire::DomainResource) -> Domain {
    let properties = resource.properties;
    let (records, states) = properties
        .as_ref()
        .map(|p| {
            (
                p.verification_records.clone(),
                p.verification_states.clone(),
            )
        })
        .unwrap_or_default();
    Domain {
        id: resource.id.unwrap_or_default(),
        name: resource.name.unwrap_or_default(),
        resource_type: resource.type_.unwrap_or_default(),
        location: resource.location,
        tags: tags(resource.tags),
        provisioning_state: properties
            .as_ref()
            .and_then(|p| p.provisioning_state.as_ref())
            .map(|s| enum_to!(s, ProvisioningState)),
        data_location: properties.as_ref().and_then(|p| p.data_location.clone()),
        from_sender_domain: properties
            .as_ref()
            .and_then(|p| p.from_sender_domain.clone()),
        mail_from_sender_domain: properties
            .as_ref()
            .and_then(|p| p.mail_from_sender_domain.clone()),
        domain_management: properties
            .as_ref()
            .map(|p| enum_to!(p.domain_management, DomainManagement))
            .unwrap_or_else(|| DomainManagement::UnknownValue(String::new())),
        user_engagement_tracking: properties
            .as_ref()
            .and_then(|p| p.user_engagement_tracking.as_ref())
            .map(|t| enum_to!(t, UserEngagementTracking)),
        verification_records: records
            .map(|r| DomainVerificationRecords {
                domain: r.domain.map(dns_record),
                spf: r.spf.map(dns_record),
                dkim: r.dkim.map(dns_record),
                dkim2: r.dkim2.map(dns_record),
                dmarc: r.dmarc.map(dns_record),
            })
            .unwrap_or_default(),
        verification_states: states
            .map(|s| DomainVerificationStates {
                domain: s.domain.map(verification_state),
                spf: s.spf.map(verification_state),
                dkim: s.dkim.map(verification_state),
                dkim2: s.dkim2.map(verification_state),
                dmarc: s.dmarc.map(verification_state),
            })
            .unwrap_or_default(),
        system_data: resource.system_data.map(system_data),
    }
}

pub(crate) fn domain_create(create: &DomainCreate) -> wire::DomainResource {
    wire::DomainResource {
        id: None,
        location: create.location.clone(),
        name: None,
        properties: Some(wire::DomainProperties {
            data_location: None,
            domain_management: enum_to!(create.domain_management, wire::DomainManagement),
            from_sender_domain: None,
            mail_from_sender_domain: None,
            provisioning_state: None,
            user_engagement_tracking: create
                .user_engagement_tracking
                .as_ref()
                .map(|t| enum_to!(t, wire::UserEngagementTracking)),
            verification_records: None,
            verification_states: None,
        }),
        system_data: None,
        tags: wire_tags(&create.tags),
        type_: None,
    }
}

pub(crate) fn domain_update(update: &DomainUpdate) -> wire::UpdateDomainRequestParameters {
    wire::UpdateDomainRequestParameters {
        properties: update.user_engagement_tracking.as_ref().map(|t| {
            wire::UpdateDomainProperties {
                user_engagement_tracking: Some(enum_to!(t, wire::UserEngagementTracking)),
            }
        }),
        tags: wire_tags(&update.tags),
    }
}

pub(crate) fn sender_username(resource: wire::SenderUsernameResource) -> SenderUsername {
    let properties = resource.properties;
    SenderUsername {
        id: resource.id.unwrap_or_default(),
        name: resource.name.unwrap_or_default(),
        resource_type: resource.type_.unwrap_or_default(),
        username: properties
            .as_ref()
            .map(|p| p.username.clone())
            .unwrap_or_default(),
        display_name: properties.as_ref().and_then(|p| p.display_name.clone()),
        data_location: properties.as_ref().and_then(|p| p.data_location.clone()),
        provisioning_state: properties
            .as_ref()
            .and_then(|p| p.provisioning_state.as_ref())
            .map(|s| enum_to!(s, ProvisioningState)),
        system_data: resource.system_data.map(system_data),
    }
}

pub(crate) fn sender_username_create(
    create: &SenderUsernameCreate,
) -> wire::SenderUsernameResource {
    wire::SenderUsernameResource {
        id: None,
        name: None,
        properties: Some(wire::SenderUsernameProperties {
            data_location: None,
            display_name: create.display_name.clone(),
            provisioning_state: None,
            username: create.username.clone(),
        }),
        system_data: None,
        type_: None,
    }
}

pub(crate) fn provider_operation(operation: wire::Operation) -> ProviderOperation {
    let display = operation.display.unwrap_or_default();
    ProviderOperation {
        name: operation.name.unwrap_or_default(),
        is_data_action: operation.is_data_action,
        provider: display.provider,
        resource: display.resource,
        operation: display.operation,
        description: display.description,
        origin: operation.origin.map(|o| o.as_str().to_owned()),
    }
}
