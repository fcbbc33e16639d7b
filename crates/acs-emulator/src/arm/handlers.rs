//! The shared part of the ARM handlers: dispatch, body decoding, long-running operation
//! answers, lists with `nextLink`, operation polling and deletion.

use chrono::{DateTime, Utc};
use http::{Method, StatusCode};
use serde_json::json;

use crate::request::{Reply, RequestContext};
use crate::state::State;

use super::auth::Caller;
use super::error::ArmError;
use super::path::{Action, Address, Kind, Target};
use super::store::{Inner, Operation, OperationKind, RETRY_AFTER_SECONDS, Resource, Stamp};
use super::{communication, email, wire};

/// Resources in a page of a list.
pub(crate) const PAGE_SIZE: usize = 20;

/// The data locations the service offers.
pub(crate) const DATA_LOCATIONS: &[&str] = &[
    "Africa",
    "Asia Pacific",
    "Australia",
    "Brazil",
    "Canada",
    "Europe",
    "France",
    "Germany",
    "India",
    "Japan",
    "Korea",
    "Norway",
    "Switzerland",
    "UAE",
    "UK",
    "United States",
];

/// One ARM request being answered.
pub(crate) struct Request<'a> {
    pub(crate) state: &'a State,
    pub(crate) ctx: &'a RequestContext,
    pub(crate) now: DateTime<Utc>,
    pub(crate) caller: Caller,
}

impl Request<'_> {
    pub(crate) fn answer(&self, target: Target) -> Result<Reply, ArmError> {
        let store = &self.state.arm;
        store.with(self.now, |inner| match target {
            Target::ProviderOperations => Ok(provider_operations()),
            Target::CheckNameAvailability { .. } => communication::check_name(self, inner),
            Target::VerifiedExchangeOnlineDomains { subscription } => Ok(
                email::verified_exchange_online_domains(inner, &subscription),
            ),
            Target::Operation {
                subscription,
                id,
                result,
                ..
            } => self.operation(inner, &subscription, &id, result),
            Target::Collection {
                subscription,
                group,
                parent,
                kind,
            } => self.list(
                inner,
                kind,
                &subscription,
                group.as_deref(),
                parent.as_ref(),
            ),
            Target::Resource(address) => match (self.ctx.method.clone(), address.kind()) {
                (Method::GET, _) => {
                    let resource = existing(inner, &address)?;
                    Ok(Reply::json(StatusCode::OK, self.render(resource)))
                }
                (Method::DELETE, _) => self.delete(inner, &address),
                (Method::PUT, Kind::CommunicationService) => {
                    communication::put(self, inner, &address)
                }
                (Method::PATCH, Kind::CommunicationService) => {
                    communication::patch(self, inner, &address)
                }
                (Method::PUT, _) => email::put(self, inner, &address),
                (_, _) => email::patch(self, inner, &address),
            },
            Target::Action(address, action) => match action {
                Action::ListKeys | Action::RegenerateKey | Action::LinkNotificationHub => {
                    communication::action(self, inner, &address, action)
                }
                Action::InitiateVerification | Action::CancelVerification => {
                    email::verification(self, inner, &address, action)
                }
            },
        })
    }

    /// The body as the generated wire type `T`; it must be present.
    pub(crate) fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T, ArmError> {
        if self.ctx.body.iter().all(u8::is_ascii_whitespace) {
            return Err(ArmError::bad_request(
                "InvalidRequestContent",
                "The request body is required.",
            ));
        }
        wire::decode(&self.ctx.body)
    }

    /// The PUT (`update` false) or PATCH body of a resource of `kind`.
    pub(crate) fn resource_body(
        &self,
        kind: Kind,
        update: bool,
    ) -> Result<wire::ResourceBody, ArmError> {
        wire::resource_body(kind, update, &self.ctx.body)
    }

    pub(crate) fn stamp(&self) -> Stamp {
        Stamp {
            by: self.caller.principal.clone(),
            at: self.now,
        }
    }

    pub(crate) fn render(&self, resource: &Resource) -> serde_json::Value {
        wire::resource(resource, &self.ctx.host)
    }

    fn operation_url(&self, operation: &Operation, result: bool) -> String {
        let kind = if result {
            "operationResults"
        } else {
            "operationStatuses"
        };
        format!(
            "{}/subscriptions/{}/providers/Microsoft.Communication/locations/{}/{kind}/{}?api-version={}",
            self.ctx.base_url(),
            operation.subscription,
            operation.location,
            operation.id,
            self.ctx.query_param("api-version").unwrap_or("2025-09-01"),
        )
    }

    /// The answer that starts a long-running operation: `Azure-AsyncOperation` always,
    /// `Location` for deletes and actions, `Retry-After`.
    pub(crate) fn started(
        &self,
        inner: &mut Inner,
        address: &Address,
        kind: OperationKind,
        status: StatusCode,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let operation = inner.start_operation(
            &address.subscription,
            "global",
            &address.id(),
            kind,
            self.now,
        );
        let mut reply = match body {
            Some(body) => Reply::json(status, body),
            None => Reply::empty(status),
        }
        .with_header(
            "azure-asyncoperation",
            self.operation_url(&operation, false),
        );
        if kind != OperationKind::Write {
            reply = reply.with_location(self.operation_url(&operation, true));
        }
        reply.retry_after = Some(RETRY_AFTER_SECONDS);
        reply
    }

    fn operation(
        &self,
        inner: &Inner,
        subscription: &str,
        id: &str,
        result: bool,
    ) -> Result<Reply, ArmError> {
        let operation = inner
            .operation(id)
            .filter(|operation| operation.subscription.eq_ignore_ascii_case(subscription))
            .ok_or_else(|| {
                ArmError::new(
                    StatusCode::NOT_FOUND,
                    "OperationNotFound",
                    format!("The operation '{id}' was not found."),
                )
            })?
            .clone();
        let done = operation.is_done(self.now);
        if result {
            if !done {
                let mut reply = Reply::empty(StatusCode::ACCEPTED)
                    .with_location(self.operation_url(&operation, true));
                reply.retry_after = Some(RETRY_AFTER_SECONDS);
                return Ok(reply);
            }
            return Ok(
                match (operation.kind, inner.get_id(&operation.resource_id)) {
                    (OperationKind::Write, Some(resource)) => {
                        Reply::json(StatusCode::OK, self.render(resource))
                    }
                    _ => Reply::empty(StatusCode::NO_CONTENT),
                },
            );
        }
        let mut body = json!({
            "id": format!(
                "/subscriptions/{}/providers/Microsoft.Communication/locations/{}/operationStatuses/{}",
                operation.subscription, operation.location, operation.id
            ),
            "name": operation.id,
            "resourceId": operation.resource_id,
            "status": operation.status(self.now),
            "startTime": operation.started.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "percentComplete": if done { 100 } else { 0 },
        });
        if done {
            body["endTime"] = json!(
                operation
                    .completes_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            );
        }
        let mut reply = Reply::json(StatusCode::OK, body);
        if !done {
            reply.retry_after = Some(RETRY_AFTER_SECONDS);
        }
        Ok(reply)
    }

    fn list(
        &self,
        inner: &Inner,
        kind: Kind,
        subscription: &str,
        group: Option<&str>,
        parent: Option<&Address>,
    ) -> Result<Reply, ArmError> {
        if let Some(parent) = parent {
            existing(inner, parent)?;
        }
        let after = self
            .ctx
            .query_param("$skipToken")
            .map(str::to_ascii_lowercase);
        let items = inner.list(kind, subscription, group, parent, after.as_deref());
        let page: Vec<serde_json::Value> = items
            .iter()
            .take(PAGE_SIZE)
            .map(|resource| self.render(resource))
            .collect();
        let mut body = json!({ "value": page });
        if items.len() > PAGE_SIZE
            && let Some(last) = items.get(PAGE_SIZE - 1)
        {
            let token = super::store::lower(&last.address.id());
            let path = self.ctx.raw_target.split('?').next().unwrap_or_default();
            body["nextLink"] = json!(crate::paging::next_link(
                self.ctx,
                path,
                &[("$skipToken", token)]
            ));
        }
        Ok(Reply::json(StatusCode::OK, body))
    }

    fn delete(&self, inner: &mut Inner, address: &Address) -> Result<Reply, ArmError> {
        let Some(resource) = inner.get(address) else {
            return Ok(Reply::empty(StatusCode::NO_CONTENT));
        };
        not_busy(resource)?;
        if address.kind() == Kind::SenderUsername {
            inner.start_delete(address, self.now);
            inner.settle(self.now);
            return Ok(Reply::empty(StatusCode::OK));
        }
        inner.start_delete(address, self.now + super::store::OPERATION_DURATION);
        Ok(self.started(
            inner,
            address,
            OperationKind::Delete,
            StatusCode::ACCEPTED,
            None,
        ))
    }
}

/// The resource at `address`, or the ARM 404 (a resource being deleted still shows).
pub(crate) fn existing<'a>(inner: &'a Inner, address: &Address) -> Result<&'a Resource, ArmError> {
    inner.get(address).ok_or_else(|| {
        let kind = address.kind();
        ArmError::not_found(kind.noun(), address.name()).with_target(kind.resource_type())
    })
}

/// A 409 while another operation runs on the resource.
pub(crate) fn not_busy(resource: &Resource) -> Result<(), ArmError> {
    if resource.is_busy() {
        return Err(ArmError::conflict(
            "AnotherOperationInProgress",
            format!(
                "The resource '{}' is {}: another operation is in progress. Retry when it has finished.",
                resource.address.name(),
                resource.provisioning_state()
            ),
        ));
    }
    Ok(())
}

/// A 409 when the store is full.
pub(crate) fn room(inner: &Inner) -> Result<(), ArmError> {
    if inner.len() >= super::store::MAX_RESOURCES {
        return Err(ArmError::conflict(
            "QuotaExceeded",
            format!(
                "The emulator holds at most {} resources. Delete some first.",
                super::store::MAX_RESOURCES
            ),
        ));
    }
    Ok(())
}

/// `location` must be `global` (the only location of these resources).
pub(crate) fn global_location(location: Option<&str>) -> Result<String, ArmError> {
    match location.map(str::trim) {
        None | Some("") => Err(ArmError::invalid("location", "The location is required.")),
        Some(location) if location.eq_ignore_ascii_case("global") => Ok("global".to_owned()),
        Some(location) => Err(ArmError::bad_request(
            "LocationNotAvailableForResourceType",
            format!("The provided location '{location}' is not available for this resource type. Supported: 'global'."),
        )
        .with_target("location")),
    }
}

/// A known data location, in the service's casing.
pub(crate) fn data_location(value: Option<&str>) -> Result<String, ArmError> {
    let target = "properties.dataLocation";
    let value = value
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| ArmError::invalid(target, "The data location is required."))?;
    DATA_LOCATIONS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(value))
        .map(|known| (*known).to_owned())
        .ok_or_else(|| {
            ArmError::invalid(
                target,
                format!(
                    "The data location '{value}' is not supported. Supported: {}.",
                    DATA_LOCATIONS.join(", ")
                ),
            )
        })
}

/// Tags: at most 50, names up to 512 characters, values up to 256.
pub(crate) fn tags(
    tags: Option<std::collections::BTreeMap<String, String>>,
) -> Result<Option<std::collections::BTreeMap<String, String>>, ArmError> {
    let Some(tags) = tags else { return Ok(None) };
    if tags.len() > 50 {
        return Err(
            ArmError::bad_request("InvalidTag", "At most 50 tags are allowed.").with_target("tags"),
        );
    }
    if let Some((name, _)) = tags
        .iter()
        .find(|(name, value)| name.is_empty() || name.len() > 512 || value.len() > 256)
    {
        return Err(ArmError::bad_request(
            "InvalidTag",
            format!(
                "The tag '{name}' is invalid: names have 1-512 characters, values at most 256."
            ),
        )
        .with_target("tags"));
    }
    Ok(Some(tags))
}

fn provider_operations() -> Reply {
    let operations = [
        ("communicationServices/read", "Read communication services"),
        (
            "communicationServices/write",
            "Create or update communication services",
        ),
        (
            "communicationServices/delete",
            "Delete communication services",
        ),
        (
            "communicationServices/listKeys/action",
            "List the keys of a communication service",
        ),
        (
            "communicationServices/regenerateKey/action",
            "Regenerate a key of a communication service",
        ),
        ("emailServices/read", "Read email services"),
        ("emailServices/write", "Create or update email services"),
        ("emailServices/delete", "Delete email services"),
        ("emailServices/domains/read", "Read domains"),
        ("emailServices/domains/write", "Create or update domains"),
        ("emailServices/domains/delete", "Delete domains"),
        (
            "emailServices/domains/senderUsernames/read",
            "Read sender usernames",
        ),
        (
            "emailServices/domains/senderUsernames/write",
            "Create or update sender usernames",
        ),
        (
            "emailServices/domains/senderUsernames/delete",
            "Delete sender usernames",
        ),
    ];
    Reply::json(StatusCode::OK, wire::provider_operations(&operations))
}
