//! The operations: api-version checks, then each service's handlers.

mod chat;
mod chat_limits;
mod email;
mod identity;
mod validate;

use http::StatusCode;

use crate::api_error::ApiError;
use crate::request::{Reply, RequestContext};
use crate::router::{Route, Service};
use crate::state::State;
use crate::versions::{CHAT_API_VERSIONS, EMAIL_API_VERSIONS, IDENTITY_API_VERSIONS};

/// The api-versions of a service.
pub(crate) fn versions_of(service: Service) -> &'static [&'static str] {
    match service {
        Service::Identity => IDENTITY_API_VERSIONS,
        Service::Chat => CHAT_API_VERSIONS,
        Service::Email => EMAIL_API_VERSIONS,
        Service::Mailbox => &[],
    }
}

/// Answers one request for a matched operation. Synchronous: no lock is ever held across an
/// await because there is none.
pub(crate) fn dispatch(state: &State, ctx: &RequestContext, route: Route) -> Reply {
    let service = route.service();
    if route == Route::EmulatorReset {
        return crate::persist::admin::reset(state);
    }
    if service == Service::Mailbox {
        return email::mailbox(state, route);
    }
    let versions = versions_of(service);
    let version = match ctx.query_param("api-version") {
        None | Some("") => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            )
            .into();
        }
        Some(version) if !versions.contains(&version) => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "UnsupportedApiVersion",
                format!(
                    "The HTTP resource does not support api-version '{version}'. Supported versions: {}.",
                    versions.join(", ")
                ),
            )
            .into();
        }
        Some(version) => version.to_owned(),
    };
    match service {
        Service::Identity => identity::handle(state, ctx, route, &version),
        Service::Chat => chat::handle(state, ctx, route, &version),
        Service::Email => email::handle(state, ctx, route, &version),
        Service::Mailbox => email::mailbox(state, route),
    }
}
