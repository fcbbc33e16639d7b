//! Email services, their domains (Azure-managed or customer-managed, with verification) and the
//! domains' sender usernames.

use std::collections::BTreeMap;

use http::StatusCode;

use crate::request::Reply;

use super::error::ArmError;
use super::handlers::{Request, data_location, existing, global_location, not_busy, room, tags};
use super::path::{Action, Address, Kind};
use super::store::{
    Details, Domain, EmailService, Inner, OPERATION_DURATION, OperationKind, Pending, Resource,
    SenderUsername, VERIFICATION_KINDS, Verification,
};
use super::wire::ResourceBody;
use acs_management_rest::types as rest;

/// The name an Azure-managed domain must have.
const AZURE_MANAGED_NAME: &str = "AzureManagedDomain";
/// The sender username every new domain gets.
const DEFAULT_SENDER: &str = "DoNotReply";
const MANAGEMENT: [&str; 3] = [
    "AzureManaged",
    "CustomerManaged",
    "CustomerManagedInExchangeOnline",
];

fn pending(request: &Request<'_>, update: bool) -> Option<Pending> {
    Some(Pending {
        state: if update { "Updating" } else { "Accepted" },
        completes_at: request.now + OPERATION_DURATION,
        deleting: false,
    })
}

/// The parent at `address`, which must exist and not be going away.
fn parent<'a>(inner: &'a Inner, address: &Address) -> Result<&'a Resource, ArmError> {
    let parent_address = address
        .parent()
        .ok_or_else(|| ArmError::not_found("parent", ""))?;
    let parent = inner.get(&parent_address).ok_or_else(|| {
        ArmError::new(
            StatusCode::NOT_FOUND,
            "ParentResourceNotFound",
            format!(
                "The parent {} '{}' of '{}' was not found.",
                parent_address.kind().noun(),
                parent_address.name(),
                address.name()
            ),
        )
    })?;
    if parent
        .pending
        .as_ref()
        .is_some_and(|pending| pending.deleting)
    {
        return Err(ArmError::conflict(
            "ParentResourceBeingDeleted",
            format!("The parent '{}' is being deleted.", parent_address.name()),
        ));
    }
    Ok(parent)
}

fn is_dns_name(name: &str) -> bool {
    name.len() <= 253
        && name.contains('.')
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn engagement(value: Option<&str>) -> Result<Option<String>, ArmError> {
    match value {
        None => Ok(None),
        Some(value) if value.eq_ignore_ascii_case("Enabled") => Ok(Some("Enabled".to_owned())),
        Some(value) if value.eq_ignore_ascii_case("Disabled") => Ok(Some("Disabled".to_owned())),
        Some(value) => Err(ArmError::invalid(
            "properties.userEngagementTracking",
            format!("'{value}' is not Enabled or Disabled."),
        )),
    }
}

pub(super) fn put(
    request: &Request<'_>,
    inner: &mut Inner,
    address: &Address,
) -> Result<Reply, ArmError> {
    let body: ResourceBody = request.resource_body(address.kind(), false)?;
    let current = inner.get(address).cloned();
    if let Some(current) = &current {
        not_busy(current)?;
    } else {
        room(inner)?;
    }
    let kind = address.kind();
    if kind == Kind::SenderUsername {
        return sender(request, inner, address, body, current);
    }
    let properties = body.properties.unwrap_or_default();
    let (location, details) = match kind {
        Kind::EmailService => {
            let location = global_location(body.location.as_deref())?;
            let data_location = data_location(properties.data_location.as_deref())?;
            if let Some(Details::Email(service)) = current.as_ref().map(|c| &c.details)
                && service.data_location != data_location
            {
                return Err(ArmError::invalid(
                    "properties.dataLocation",
                    "The data location of an email service cannot be changed.",
                ));
            }
            (location, Details::Email(EmailService { data_location }))
        }
        Kind::Domain => {
            let location = global_location(body.location.as_deref())?;
            let parent = parent(inner, address)?;
            let Details::Email(service) = &parent.details else {
                return Err(ArmError::not_found("email service", ""));
            };
            let management = properties.domain_management.as_deref().ok_or_else(|| {
                ArmError::invalid(
                    "properties.domainManagement",
                    "The domainManagement is required.",
                )
            })?;
            let management = MANAGEMENT
                .iter()
                .find(|known| known.eq_ignore_ascii_case(management))
                .ok_or_else(|| {
                    ArmError::invalid(
                        "properties.domainManagement",
                        format!("'{management}' is not one of {}.", MANAGEMENT.join(", ")),
                    )
                })?;
            let name = address.name();
            let azure_managed = *management == "AzureManaged";
            if azure_managed != name.eq_ignore_ascii_case(AZURE_MANAGED_NAME) {
                return Err(ArmError::bad_request(
                    "InvalidDomainName",
                    format!(
                        "An Azure-managed domain is named '{AZURE_MANAGED_NAME}', and only it is."
                    ),
                ));
            }
            if !azure_managed && !is_dns_name(name) {
                return Err(ArmError::bad_request(
                    "InvalidDomainName",
                    format!("'{name}' is not a domain name."),
                ));
            }
            let tracking = engagement(properties.user_engagement_tracking.as_deref())?;
            let domain = match current.as_ref().map(|c| &c.details) {
                Some(Details::Domain(domain)) => {
                    if !domain.management.eq_ignore_ascii_case(management) {
                        return Err(ArmError::invalid(
                            "properties.domainManagement",
                            "The domainManagement of a domain cannot be changed.",
                        ));
                    }
                    let mut domain = domain.clone();
                    if let Some(tracking) = tracking {
                        domain.user_engagement_tracking = tracking;
                    }
                    domain
                }
                _ => {
                    let sender_domain = if azure_managed {
                        format!("{}.azurecomm.net", uuid::Uuid::new_v4())
                    } else {
                        name.to_ascii_lowercase()
                    };
                    // Exchange Online domains come verified (by Exchange), like Azure-managed ones.
                    let status = if *management == "CustomerManaged" {
                        "NotStarted"
                    } else {
                        "Verified"
                    };
                    Domain {
                        data_location: service.data_location.clone(),
                        management: (*management).to_owned(),
                        mail_from_sender_domain: sender_domain.clone(),
                        from_sender_domain: sender_domain,
                        user_engagement_tracking: tracking.unwrap_or_else(|| "Disabled".to_owned()),
                        verification_token: uuid::Uuid::new_v4().to_string(),
                        verifications: VERIFICATION_KINDS
                            .iter()
                            .map(|kind| (*kind, Verification { status, next: None }))
                            .collect(),
                    }
                }
            };
            (location, Details::Domain(domain))
        }
        _ => return Err(ArmError::not_found(kind.noun(), address.name())),
    };
    let update = current.is_some();
    let resource = Resource {
        address: address.clone(),
        location,
        tags: tags(body.tags)?.unwrap_or_default(),
        created: current
            .as_ref()
            .map_or_else(|| request.stamp(), |c| c.created.clone()),
        modified: request.stamp(),
        pending: pending(request, update),
        details,
    };
    let rendered = request.render(&resource);
    inner.insert(resource);
    if kind == Kind::Domain && !update && inner.len() < super::store::MAX_RESOURCES {
        let sender_address = Address {
            chain: [
                address.chain.clone(),
                vec![(Kind::SenderUsername, DEFAULT_SENDER.to_ascii_lowercase())],
            ]
            .concat(),
            ..address.clone()
        };
        let data_location = match &inner.get(address).map(|r| &r.details) {
            Some(Details::Domain(domain)) => domain.data_location.clone(),
            _ => String::new(),
        };
        inner.insert(Resource {
            address: sender_address,
            location: "global".to_owned(),
            tags: BTreeMap::new(),
            created: request.stamp(),
            modified: request.stamp(),
            pending: None,
            details: Details::Sender(SenderUsername {
                username: DEFAULT_SENDER.to_owned(),
                display_name: Some(DEFAULT_SENDER.to_owned()),
                data_location,
            }),
        });
    }
    let status = if update {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(request.started(inner, address, OperationKind::Write, status, Some(rendered)))
}

/// A sender username (synchronous): `properties.username` is required and is the path's name.
fn sender(
    request: &Request<'_>,
    inner: &mut Inner,
    address: &Address,
    body: ResourceBody,
    current: Option<Resource>,
) -> Result<Reply, ArmError> {
    let domain = parent(inner, address)?;
    let Details::Domain(domain) = &domain.details else {
        return Err(ArmError::not_found("domain", ""));
    };
    let properties = body.properties.unwrap_or_default();
    let username = properties
        .username
        .filter(|username| !username.trim().is_empty())
        .ok_or_else(|| ArmError::invalid("properties.username", "The username is required."))?;
    if !username.eq_ignore_ascii_case(address.name()) {
        return Err(ArmError::invalid(
            "properties.username",
            format!(
                "The username '{username}' must be the resource's name '{}'.",
                address.name()
            ),
        ));
    }
    if username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        || username.starts_with('.')
        || username.ends_with('.')
    {
        return Err(ArmError::invalid(
            "properties.username",
            format!(
                "'{username}' is not a valid sender username (letters, digits, '.', '-', '_'; at most 64)."
            ),
        ));
    }
    let resource = Resource {
        address: address.clone(),
        location: "global".to_owned(),
        tags: BTreeMap::new(),
        created: current
            .as_ref()
            .map_or_else(|| request.stamp(), |c| c.created.clone()),
        modified: request.stamp(),
        pending: None,
        details: Details::Sender(SenderUsername {
            username,
            display_name: properties.display_name.filter(|name| !name.is_empty()),
            data_location: domain.data_location.clone(),
        }),
    };
    let status = if current.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let body = request.render(&resource);
    inner.insert(resource);
    Ok(Reply::json(status, body))
}

/// PATCH of an email service or a domain: long-running, tags and (domains)
/// `userEngagementTracking`.
pub(super) fn patch(
    request: &Request<'_>,
    inner: &mut Inner,
    address: &Address,
) -> Result<Reply, ArmError> {
    let body: ResourceBody = request.resource_body(address.kind(), true)?;
    let mut resource = existing(inner, address)?.clone();
    not_busy(&resource)?;
    if let Some(tags) = tags(body.tags)? {
        resource.tags = tags;
    }
    if let Details::Domain(domain) = &mut resource.details {
        let tracking = engagement(
            body.properties
                .as_ref()
                .and_then(|properties| properties.user_engagement_tracking.as_deref()),
        )?;
        if let Some(tracking) = tracking {
            domain.user_engagement_tracking = tracking;
        }
    }
    resource.modified = request.stamp();
    resource.pending = pending(request, true);
    let rendered = request.render(&resource);
    inner.insert(resource);
    Ok(request.started(
        inner,
        address,
        OperationKind::Write,
        StatusCode::OK,
        Some(rendered),
    ))
}

/// Starts or cancels the verification of one record of a customer-managed domain. The
/// emulator looks up no DNS: a verification always succeeds when its operation completes.
pub(super) fn verification(
    request: &Request<'_>,
    inner: &mut Inner,
    address: &Address,
    action: Action,
) -> Result<Reply, ArmError> {
    let body: rest::VerificationParameter = request.body()?;
    let requested = body.verification_type.as_str().to_owned();
    let kind = VERIFICATION_KINDS
        .iter()
        .find(|kind| kind.eq_ignore_ascii_case(&requested))
        .copied()
        .ok_or_else(|| {
            ArmError::invalid(
                "verificationType",
                format!(
                    "'{requested}' is not one of {}.",
                    VERIFICATION_KINDS.join(", ")
                ),
            )
        })?;
    let mut resource = existing(inner, address)?.clone();
    not_busy(&resource)?;
    let Details::Domain(domain) = &mut resource.details else {
        return Err(ArmError::not_found("domain", address.name()));
    };
    if domain.is_azure_managed() {
        return Err(ArmError::bad_request(
            "DomainIsAzureManaged",
            "An Azure-managed domain is verified already.",
        ));
    }
    let completes_at = request.now + OPERATION_DURATION;
    let Some(verification) = domain.verifications.get_mut(kind) else {
        return Err(ArmError::invalid(
            "verificationType",
            "Unknown verification type.",
        ));
    };
    let in_progress = matches!(
        verification.status,
        "VerificationRequested" | "VerificationInProgress"
    );
    *verification = match action {
        Action::InitiateVerification if in_progress => {
            return Err(ArmError::conflict(
                "VerificationInProgress",
                format!(
                    "The {kind} verification of '{}' is in progress already.",
                    address.name()
                ),
            ));
        }
        Action::InitiateVerification => Verification {
            status: "VerificationRequested",
            next: Some((completes_at, "Verified")),
        },
        _ if !in_progress => {
            return Err(ArmError::conflict(
                "VerificationNotInProgress",
                format!(
                    "No {kind} verification of '{}' is in progress.",
                    address.name()
                ),
            ));
        }
        _ => Verification {
            status: "CancellationRequested",
            next: Some((completes_at, "NotStarted")),
        },
    };
    inner.insert(resource);
    Ok(request.started(
        inner,
        address,
        OperationKind::Action,
        StatusCode::ACCEPTED,
        None,
    ))
}

/// The names of the subscription's `CustomerManagedInExchangeOnline` domains: the emulator has
/// no Exchange Online, so the domains it verified that way are the ones it knows.
pub(super) fn verified_exchange_online_domains(inner: &Inner, subscription: &str) -> Reply {
    let mut names: Vec<String> = inner
        .list(Kind::Domain, subscription, None, None, None)
        .into_iter()
        .filter_map(|resource| match &resource.details {
            Details::Domain(domain)
                if domain.management == "CustomerManagedInExchangeOnline"
                    && domain.status("Domain") == "Verified" =>
            {
                Some(resource.address.name().to_ascii_lowercase())
            }
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    Reply::wire(
        StatusCode::OK,
        &rest::VerifiedExchangeOnlineDomainList(names),
    )
}
