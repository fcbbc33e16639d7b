//! The webhook handshakes, as plain functions over `http` types.
//!
//! - Event Grid schema: before delivering, Event Grid posts a
//!   `Microsoft.EventGrid.SubscriptionValidationEvent`; the webhook answers `200` with
//!   `{"validationResponse": "<validationCode>"}` ([`validation_response`]).
//! - CloudEvents schema (the CloudEvents webhook spec's abuse protection): Event Grid sends
//!   `OPTIONS` with `WebHook-Request-Origin: eventgrid.azure.net`; the webhook answers `200`
//!   with `WebHook-Allowed-Origin` (the origin) and `WebHook-Allowed-Rate`
//!   ([`abuse_protection_response`]).

use http::{HeaderValue, Method, Response, StatusCode, header};

use crate::event::AcsEvent;
use crate::parse::Delivery;

/// The request header naming who asks to deliver (CloudEvents abuse protection).
pub const WEBHOOK_REQUEST_ORIGIN: &str = "webhook-request-origin";
/// The request header with the delivery rate the sender asks for (requests per minute).
pub const WEBHOOK_REQUEST_RATE: &str = "webhook-request-rate";
/// The response header naming the origin allowed to deliver.
pub const WEBHOOK_ALLOWED_ORIGIN: &str = "webhook-allowed-origin";
/// The response header with the delivery rate allowed (`*`: any).
pub const WEBHOOK_ALLOWED_RATE: &str = "webhook-allowed-rate";

/// The answer to an Event Grid subscription validation, when the delivery is one: `200`, JSON
/// `{"validationResponse": "<validationCode>"}`. `None` for any other delivery.
///
/// ```
/// let body = br#"[{"id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "/subscriptions/s",
///   "subject": "", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
///   "eventTime": "2026-12-01T13:00:00Z", "metadataVersion": "1", "dataVersion": "2",
///   "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
///            "validationUrl": "https://rp-eastus2.eventgrid.azure.net/validate?code=x"}}]"#;
/// let delivery = acs_events::parse_delivery(body)?;
/// let response = acs_events::validation_response(&delivery).unwrap();
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_eq!(
///     response.body().as_slice(),
///     br#"{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}"#
/// );
/// # Ok::<(), acs_events::Error>(())
/// ```
pub fn validation_response(delivery: &Delivery) -> Option<Response<Vec<u8>>> {
    let code = delivery.events().find_map(|event| match &event.data {
        AcsEvent::SubscriptionValidation {
            validation_code, ..
        } => Some(validation_code.as_str()),
        _ => None,
    })?;
    let body = serde_json::to_vec(&acs_events_model::types::SubscriptionValidationResponse {
        validation_response: code.to_owned(),
    })
    .ok()?;
    Some(json_response(StatusCode::OK, body))
}

/// The answer to a CloudEvents abuse protection request (`OPTIONS` with
/// `WebHook-Request-Origin`): `200` with `WebHook-Allowed-Origin` set to the origin and
/// `WebHook-Allowed-Rate: *`, and `Allow: POST, OPTIONS`. `None` for any other request.
///
/// ```
/// let request = http::Request::options("/events")
///     .header("WebHook-Request-Origin", "eventgrid.azure.net")
///     .header("WebHook-Request-Rate", "120")
///     .body(())?;
/// let response = acs_events::abuse_protection_response(&request).unwrap();
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["webhook-allowed-origin"], "eventgrid.azure.net");
/// assert_eq!(response.headers()["webhook-allowed-rate"], "*");
///
/// let post = http::Request::post("/events").body(())?;
/// assert!(acs_events::abuse_protection_response(&post).is_none());
/// # Ok::<(), http::Error>(())
/// ```
pub fn abuse_protection_response<B>(request: &http::Request<B>) -> Option<Response<Vec<u8>>> {
    if request.method() != Method::OPTIONS {
        return None;
    }
    let origin = request.headers().get(WEBHOOK_REQUEST_ORIGIN)?;
    let mut response = Response::new(Vec::new());
    let headers = response.headers_mut();
    headers.insert(WEBHOOK_ALLOWED_ORIGIN, origin.clone());
    headers.insert(WEBHOOK_ALLOWED_RATE, HeaderValue::from_static("*"));
    headers.insert(header::ALLOW, HeaderValue::from_static("POST, OPTIONS"));
    Some(response)
}

/// A response with a JSON body.
pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response<Vec<u8>> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
