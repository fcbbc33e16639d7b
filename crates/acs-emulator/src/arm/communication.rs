//! Communication services: create or update (long-running), update, keys, name availability,
//! notification hub link.

use std::collections::BTreeMap;

use http::StatusCode;

use crate::request::Reply;

use super::error::ArmError;
use super::handlers::{Request, data_location, existing, global_location, not_busy, room, tags};
use super::path::{Action, Address, Kind};
use super::store::{
    CommunicationService, Details, Inner, ManagedIdentity, OPERATION_DURATION, OperationKind,
    Pending, Resource, new_access_key,
};
use super::wire::{self, IdentityBody, ResourceBody};
use acs_management_rest::types as rest;

/// Names make host names: 1-63 letters, digits and hyphens, not starting or ending with one.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 63 {
        return Some("The name must have 1 to 63 characters.");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Some("The name may hold only letters, digits and hyphens.");
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Some("The name may not start or end with a hyphen.");
    }
    None
}

fn key_failure(_: acs_auth::Error) -> ArmError {
    ArmError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalServerError",
        "The emulator could not make an access key.",
    )
}

fn managed_identity(
    body: IdentityBody,
    current: Option<&ManagedIdentity>,
) -> Result<Option<ManagedIdentity>, ArmError> {
    let kind = body.kind.unwrap_or_else(|| "None".to_owned());
    let normalized: String = kind.chars().filter(|c| !c.is_whitespace()).collect();
    let (system, user) = match normalized.to_ascii_lowercase().as_str() {
        "none" => return Ok(None),
        "systemassigned" => (true, false),
        "userassigned" => (false, true),
        "systemassigned,userassigned" => (true, true),
        _ => {
            return Err(ArmError::invalid(
                "identity.type",
                format!(
                    "The identity type '{kind}' is not one of None, SystemAssigned, UserAssigned, 'SystemAssigned,UserAssigned'."
                ),
            ));
        }
    };
    let new_id = uuid::Uuid::new_v4;
    let current_assigned = current
        .map(|current| current.user_assigned.clone())
        .unwrap_or_default();
    let mut user_assigned = BTreeMap::new();
    if user {
        for id in body.user_assigned_identities {
            let ids = current_assigned
                .get(&id)
                .copied()
                .unwrap_or_else(|| (new_id(), new_id()));
            user_assigned.insert(id, ids);
        }
        if user_assigned.is_empty() {
            return Err(ArmError::invalid(
                "identity.userAssignedIdentities",
                "A UserAssigned identity needs at least one user-assigned identity.",
            ));
        }
    }
    let kept = current.filter(|current| current.principal_id.is_some());
    Ok(Some(ManagedIdentity {
        kind: if system && user {
            "SystemAssigned,UserAssigned".to_owned()
        } else if system {
            "SystemAssigned".to_owned()
        } else {
            "UserAssigned".to_owned()
        },
        principal_id: system.then(|| kept.and_then(|c| c.principal_id).unwrap_or_else(new_id)),
        tenant_id: system.then(|| kept.and_then(|c| c.tenant_id).unwrap_or_else(new_id)),
        user_assigned,
    }))
}

/// Checks `linkedDomains`: each an existing domain, verified (Domain and SPF) when customer
/// managed, in the service's data location. Returns the ids as stored.
fn linked_domains(
    inner: &Inner,
    domains: Vec<String>,
    data_location: &str,
) -> Result<Vec<String>, ArmError> {
    let target = "properties.linkedDomains";
    let mut linked = Vec::new();
    for id in domains {
        let Some(resource) = inner
            .get_id(&id)
            .filter(|r| r.address.kind() == Kind::Domain)
        else {
            return Err(ArmError::invalid(
                target,
                format!("The linked domain '{id}' does not exist."),
            ));
        };
        let Details::Domain(domain) = &resource.details else {
            return Err(ArmError::invalid(
                target,
                format!("'{id}' is not a domain."),
            ));
        };
        if !domain.is_azure_managed()
            && (domain.status("Domain") != "Verified" || domain.status("SPF") != "Verified")
        {
            return Err(ArmError::bad_request(
                "DomainNotVerified",
                format!(
                    "The domain '{}' must be verified (Domain and SPF) before it is linked.",
                    resource.address.name()
                ),
            )
            .with_target(target));
        }
        if !domain.data_location.eq_ignore_ascii_case(data_location) {
            return Err(ArmError::bad_request(
                "DataLocationMismatch",
                format!(
                    "The domain '{}' is in data location '{}', the communication service in '{data_location}'.",
                    resource.address.name(),
                    domain.data_location
                ),
            )
            .with_target(target));
        }
        let id = resource.address.id();
        if !linked.contains(&id) {
            linked.push(id);
        }
    }
    Ok(linked)
}

pub(super) fn put(
    request: &Request<'_>,
    inner: &mut Inner,
    address: &Address,
) -> Result<Reply, ArmError> {
    let name = address.name();
    if let Some(problem) = name_problem(name) {
        return Err(ArmError::bad_request(
            "InvalidResourceName",
            format!("'{name}': {problem}"),
        ));
    }
    let body: ResourceBody = request.resource_body(Kind::CommunicationService, false)?;
    let location = global_location(body.location.as_deref())?;
    let properties = body.properties.unwrap_or_default();
    let data_location = data_location(properties.data_location.as_deref())?;
    let tags = tags(body.tags)?.unwrap_or_default();
    if let Some(other) = inner.communication_service_named(name)
        && !other.address.id().eq_ignore_ascii_case(&address.id())
    {
        return Err(ArmError::conflict(
            "NameUnavailable",
            format!("The name '{name}' is already taken by another communication service."),
        ));
    }
    let current = inner.get(address).cloned();
    if let Some(current) = &current {
        not_busy(current)?;
    }
    let current_service = current
        .as_ref()
        .and_then(|resource| match &resource.details {
            Details::Communication(service) => Some(service.clone()),
            _ => None,
        });
    if let Some(service) = &current_service
        && service.data_location != data_location
    {
        return Err(ArmError::invalid(
            "properties.dataLocation",
            "The data location of a communication service cannot be changed.",
        ));
    }
    let linked = linked_domains(
        inner,
        properties.linked_domains.unwrap_or_default(),
        &data_location,
    )?;
    let identity = match body.identity {
        Some(identity) => managed_identity(
            identity,
            current_service.as_ref().and_then(|s| s.identity.as_ref()),
        )?,
        None => None,
    };
    let service = CommunicationService {
        data_location,
        linked_domains: linked,
        primary: match &current_service {
            Some(service) => service.primary.clone(),
            None => new_access_key().map_err(key_failure)?,
        },
        secondary: match &current_service {
            Some(service) => service.secondary.clone(),
            None => new_access_key().map_err(key_failure)?,
        },
        immutable_id: current_service.as_ref().map_or_else(
            || uuid::Uuid::new_v4().to_string(),
            |service| service.immutable_id.clone(),
        ),
        notification_hub_id: current_service
            .as_ref()
            .and_then(|s| s.notification_hub_id.clone()),
        disable_local_auth: properties.disable_local_auth,
        public_network_access: properties.public_network_access,
        identity,
    };
    if current.is_none() {
        room(inner)?;
    }
    let created = current
        .as_ref()
        .map_or_else(|| request.stamp(), |c| c.created.clone());
    let status = if current.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let resource = Resource {
        address: address.clone(),
        location,
        tags,
        created,
        modified: request.stamp(),
        pending: Some(Pending {
            state: if current.is_some() {
                "Updating"
            } else {
                "Accepted"
            },
            completes_at: request.now + OPERATION_DURATION,
            deleting: false,
        }),
        details: Details::Communication(service),
    };
    let body = request.render(&resource);
    inner.insert(resource);
    Ok(request.started(inner, address, OperationKind::Write, status, Some(body)))
}

pub(super) fn patch(
    request: &Request<'_>,
    inner: &mut Inner,
    address: &Address,
) -> Result<Reply, ArmError> {
    let body: ResourceBody = request.resource_body(Kind::CommunicationService, true)?;
    let current = existing(inner, address)?.clone();
    not_busy(&current)?;
    let Details::Communication(mut service) = current.details.clone() else {
        return Err(ArmError::not_found("communication service", address.name()));
    };
    let properties = body.properties.unwrap_or_default();
    if let Some(domains) = properties.linked_domains {
        service.linked_domains = linked_domains(inner, domains, &service.data_location)?;
    }
    if let Some(disable) = properties.disable_local_auth {
        service.disable_local_auth = Some(disable);
    }
    if let Some(access) = properties.public_network_access {
        service.public_network_access = Some(access);
    }
    if let Some(identity) = body.identity {
        service.identity = managed_identity(identity, service.identity.as_ref())?;
    }
    let mut resource = current;
    if let Some(tags) = tags(body.tags)? {
        resource.tags = tags;
    }
    resource.details = Details::Communication(service);
    resource.modified = request.stamp();
    let body = request.render(&resource);
    inner.insert(resource);
    Ok(Reply::json(StatusCode::OK, body))
}

fn connection_string(request: &Request<'_>, key: &acs_auth::AccessKey) -> String {
    format!(
        "endpoint={}/;accesskey={}",
        request.ctx.base_url(),
        key.secret().expose_secret()
    )
}

pub(super) fn action(
    request: &Request<'_>,
    inner: &mut Inner,
    address: &Address,
    action: Action,
) -> Result<Reply, ArmError> {
    let current = existing(inner, address)?.clone();
    let Details::Communication(mut service) = current.details.clone() else {
        return Err(ArmError::not_found("communication service", address.name()));
    };
    match action {
        Action::ListKeys => Ok(Reply::json(
            StatusCode::OK,
            wire::keys(
                Some((
                    service.primary.secret().expose_secret(),
                    connection_string(request, &service.primary),
                )),
                Some((
                    service.secondary.secret().expose_secret(),
                    connection_string(request, &service.secondary),
                )),
            ),
        )),
        Action::RegenerateKey => {
            let body: rest::RegenerateKeyParameters = request.body()?;
            let key = new_access_key().map_err(key_failure)?;
            let entry = Some((
                key.secret().expose_secret(),
                connection_string(request, &key),
            ));
            let answer = match body
                .key_type
                .as_ref()
                .map(|kind| kind.as_str().to_ascii_lowercase())
                .as_deref()
            {
                Some("primary") => {
                    service.primary = key.clone();
                    wire::keys(entry, None)
                }
                Some("secondary") => {
                    service.secondary = key.clone();
                    wire::keys(None, entry)
                }
                _ => {
                    return Err(ArmError::invalid(
                        "keyType",
                        "The keyType must be 'Primary' or 'Secondary'.",
                    ));
                }
            };
            let mut resource = current;
            resource.details = Details::Communication(service);
            inner.insert(resource);
            Ok(Reply::json(StatusCode::OK, answer))
        }
        _ => {
            let body: rest::LinkNotificationHubParameters = request.body()?;
            let hub = body.resource_id;
            if hub.trim().is_empty() {
                return Err(ArmError::invalid(
                    "resourceId",
                    "The notification hub's resourceId is required.",
                ));
            }
            if body.connection_string.trim().is_empty() {
                return Err(ArmError::invalid(
                    "connectionString",
                    "The notification hub's connectionString is required.",
                ));
            }
            service.notification_hub_id = Some(hub.clone());
            let mut resource = current;
            resource.details = Details::Communication(service);
            inner.insert(resource);
            Ok(Reply::json(
                StatusCode::OK,
                wire::linked_notification_hub(hub),
            ))
        }
    }
}

pub(super) fn check_name(request: &Request<'_>, inner: &mut Inner) -> Result<Reply, ArmError> {
    let body: rest::NameAvailabilityParameters = request.body()?;
    let name = body.name;
    let kind = body.type_;
    let known = [Kind::CommunicationService, Kind::EmailService];
    let Some(kind) = known
        .into_iter()
        .find(|k| k.resource_type().eq_ignore_ascii_case(&kind))
    else {
        return Err(ArmError::invalid(
            "type",
            format!(
                "The type '{kind}' is not one of Microsoft.Communication/CommunicationServices, Microsoft.Communication/EmailServices."
            ),
        ));
    };
    let answer = if let Some(problem) = name_problem(&name) {
        wire::name_availability(false, Some("Invalid"), Some(problem))
    } else if kind == Kind::CommunicationService
        && inner.communication_service_named(&name).is_some()
    {
        wire::name_availability(
            false,
            Some("AlreadyExists"),
            Some("Requested name is unavailable for the requested type"),
        )
    } else {
        wire::name_availability(true, None, None)
    };
    Ok(Reply::json(StatusCode::OK, answer))
}
