//! The Azure Resource Manager surface of `Microsoft.Communication` (api-version 2025-09-01),
//! on the same server as the data plane, under the ARM paths (`/subscriptions/...`,
//! `/providers/...`): communication services, email services, their domains and sender
//! usernames.
//!
//! - **Auth**: `Authorization: Bearer` JWTs of the documented development issuer
//!   ([`auth`]); anything else is a 401 in the ARM error shape with a `WWW-Authenticate`
//!   challenge.
//! - **Long-running operations** (create or update, delete, the email kinds' update, domain
//!   verification) answer `201`/`200`/`202` with `Azure-AsyncOperation`, `Location` (delete and
//!   actions) and `Retry-After: 1`, and go `Accepted → Succeeded` after
//!   [`store::OPERATION_DURATION`] on the emulator's clock; resources show `Accepted`,
//!   `Updating` or `Deleting` until then.
//! - **Keys are real**: a communication service gets two random access keys that the data plane
//!   (Identity, Chat through its tokens, Email) accepts while it exists and allows local auth;
//!   `regenerateKey` replaces one, and the old key stops working at once. `listKeys` gives
//!   connection strings whose endpoint is the emulator.
//! - **Email domains**: an Azure-managed domain (`AzureManagedDomain`) gets a
//!   `<random>.azurecomm.net` sender domain and the `DoNotReply` sender username; once linked
//!   to a communication service (`linkedDomains`), its sender addresses are accepted by
//!   `POST /emails:send`. A customer-managed domain must be verified (`initiateVerification`,
//!   which the emulator always lets succeed) before it can be linked.
//! - Lists page with `nextLink` (`$skipToken`), 20 resources a page.
//! - **Persistence**: under `--data-dir` the resources (with their keys) survive a restart;
//!   long-running operations do not (see [`persisted`]). `POST /emulator/api/reset` clears
//!   them.

pub(crate) mod auth;
mod communication;
mod email;
mod error;
mod handlers;
mod path;
mod persisted;
pub(crate) mod store;
mod wire;

use http::StatusCode;

use crate::request::{Reply, RequestContext};
use crate::state::State;

pub(crate) use path::is_arm;
pub(crate) use store::ArmStore;

use error::ArmError;

/// The api-versions the ARM surface accepts: ours (2025-09-01) and the ones the official
/// management SDKs have defaulted to.
pub(crate) const ARM_API_VERSIONS: &[&str] =
    &["2025-09-01", "2025-05-01", "2023-04-01", "2023-03-31"];

/// Answers one ARM request.
pub(crate) fn handle(state: &State, ctx: &RequestContext) -> Reply {
    let now = state.clock.now();
    let reply = match answer(state, ctx, now) {
        Ok(reply) => reply,
        Err(error) => error.into(),
    };
    let correlation = ctx
        .header("x-ms-correlation-request-id")
        .filter(|value| uuid::Uuid::parse_str(value).is_ok())
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    reply
        .with_header("x-ms-request-id", uuid::Uuid::new_v4().to_string())
        .with_header("x-ms-correlation-request-id", correlation)
}

fn answer(
    state: &State,
    ctx: &RequestContext,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Reply, ArmError> {
    let caller = auth::authenticate(ctx, now)?;
    let Some(target) = path::parse(&ctx.segments) else {
        return Err(ArmError::new(
            StatusCode::NOT_FOUND,
            "InvalidResourceType",
            "The resource type could not be found in the namespace 'Microsoft.Communication' for api-version 2025-09-01.",
        ));
    };
    if !target.methods().contains(&ctx.method) {
        return Err(ArmError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("The method {} is not allowed on this resource.", ctx.method),
        ));
    }
    match ctx.query_param("api-version") {
        None | Some("") => {
            return Err(ArmError::bad_request(
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            ));
        }
        Some(version) if !ARM_API_VERSIONS.contains(&version) => {
            return Err(ArmError::bad_request(
                "InvalidApiVersionParameter",
                format!(
                    "The api-version '{version}' is invalid. The supported versions are '{}'.",
                    ARM_API_VERSIONS.join(",")
                ),
            ));
        }
        Some(_) => {}
    }
    handlers::Request {
        state,
        ctx,
        now,
        caller,
    }
    .answer(target)
}
