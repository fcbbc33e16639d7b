//! The emulator's JSON API for events:
//!
//! - `GET /emulator/api/event-deliveries`: the last deliveries, newest first.
//! - `GET /emulator/api/event-subscriptions`: the subscribed webhooks and their handshake.
//! - `POST /emulator/api/event-subscriptions` with `{"url": "...", "schema": "eventgrid"}`:
//!   subscribes a webhook (201 with the subscription); saved under `--data-dir`.
//! - `GET /emulator/api/event-subscriptions/{id}/validate?code=...`: Event Grid's manual
//!   validation (the `validationUrl` of the handshake event).

use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::webhook::{EventSchema, EventWebhook};
use crate::api_error::ApiError;
use crate::request::{Reply, RequestContext, into_reply};
use crate::state::State;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewSubscription {
    url: String,
    #[serde(default)]
    schema: Option<String>,
}

/// The reply when the request is one of the events API's, `None` otherwise.
pub(crate) fn handle(state: &State, ctx: &RequestContext) -> Option<Reply> {
    let segments: Vec<&str> = ctx.segments.iter().map(String::as_str).collect();
    let hub = &state.events;
    let method_not_allowed = || {
        Some(into_reply(Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("The method {} is not allowed on this resource.", ctx.method),
        ))))
    };
    match segments.as_slice() {
        ["emulator", "api", "event-deliveries"] => match ctx.method {
            Method::GET => Some(Reply::json(StatusCode::OK, hub.deliveries_json())),
            _ => method_not_allowed(),
        },
        ["emulator", "api", "event-subscriptions"] => match ctx.method {
            Method::GET => Some(Reply::json(StatusCode::OK, hub.subscriptions_json())),
            Method::POST => Some(into_reply(subscribe(state, ctx))),
            _ => method_not_allowed(),
        },
        ["emulator", "api", "event-subscriptions", id, "validate"] => match ctx.method {
            Method::GET => {
                let code = ctx.query_param("code").unwrap_or_default();
                Some(if hub.validate_manually(id, code) {
                    Reply::json(StatusCode::OK, json!({ "validated": true }))
                } else {
                    into_reply(Err(ApiError::not_found(
                        "No subscription has this id and validation code.",
                    )))
                })
            }
            _ => method_not_allowed(),
        },
        _ => None,
    }
}

fn subscribe(state: &State, ctx: &RequestContext) -> Result<Reply, ApiError> {
    let request: NewSubscription = ctx.required_json()?;
    let schema = match request.schema.as_deref() {
        None => EventSchema::default(),
        Some(schema) => schema
            .parse()
            .map_err(|message: String| ApiError::validation("schema", message))?,
    };
    let webhook =
        EventWebhook::new(&request.url, schema).map_err(|m| ApiError::validation("url", m))?;
    let shown = webhook.redacted_url();
    let id = state.events.subscribe_saved(webhook).ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "The webhook could not be subscribed: there are too many already.",
        )
    })?;
    Ok(Reply::json(
        StatusCode::CREATED,
        json!({ "id": id, "webhook": shown, "schema": schema.as_str(), "status": "validating" }),
    ))
}
