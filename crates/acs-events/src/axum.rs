//! The webhook in axum (feature `axum`): an extractor that answers the handshakes by itself,
//! and a ready-made handler.
//!
//! ```no_run
//! use acs_events::axum::Events;
//! use acs_events::{AcsEvent, Webhook};
//! use axum::{Router, http::StatusCode, routing::post};
//!
//! async fn on_events(Events(delivery): Events) -> StatusCode {
//!     for event in delivery.events() {
//!         if let AcsEvent::ChatMessageReceivedInThread(message) = &event.data {
//!             println!("{}: {:?}", message.sender.raw_id(), message.body);
//!         }
//!     }
//!     StatusCode::OK
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! let webhook = Webhook::new().with_query_secret("code", "s3cr3t");
//! let app = Router::new()
//!     .route("/events", post(on_events).options(on_events))
//!     .with_state(webhook);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```

use std::future::Future;

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

use crate::parse::Delivery;
use crate::webhook::{Webhook, WebhookOutcome};

/// Extracts the events of a delivery. The [`Webhook`] comes from the router state
/// (`Webhook: FromRef<S>`); a handshake or a refused request never reaches the handler: the
/// extractor answers it (as its rejection).
///
/// ```
/// use acs_events::axum::Events;
///
/// async fn handler(Events(delivery): Events) -> &'static str {
///     if delivery.errors().next().is_some() { "some events could not be read" } else { "ok" }
/// }
/// let _app: axum::Router = axum::Router::new()
///     .route("/events", axum::routing::post(handler).options(handler))
///     .with_state(acs_events::Webhook::new());
/// ```
#[derive(Debug)]
pub struct Events(pub Delivery);

impl<S> FromRequest<S> for Events
where
    Webhook: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let webhook = Webhook::from_ref(state);
        match outcome(&webhook, request).await {
            Ok(delivery) => Ok(Self(delivery)),
            Err(response) => Err(response),
        }
    }
}

/// A handler for every method: answers the handshakes and refusals, calls `on_delivery`
/// with each delivery's events, then answers `200`.
///
/// ```
/// use acs_events::{Delivery, Webhook};
///
/// async fn log(delivery: Delivery) {
///     for event in delivery.events() {
///         println!("{}", event.event_type);
///     }
/// }
/// let _app: axum::Router = axum::Router::new()
///     .route("/events", acs_events::axum::handler(Webhook::new(), log));
/// ```
pub fn handler<S, F, Fut>(webhook: Webhook, on_delivery: F) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
    F: Fn(Delivery) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    axum::routing::any(move |request: Request| {
        let webhook = webhook.clone();
        let on_delivery = on_delivery.clone();
        async move {
            match outcome(&webhook, request).await {
                Ok(delivery) => {
                    on_delivery(delivery).await;
                    axum::http::StatusCode::OK.into_response()
                }
                Err(response) => response,
            }
        }
    })
}

/// Reads the body (bounded) and handles the request.
async fn outcome(webhook: &Webhook, request: Request) -> Result<Delivery, Response> {
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, webhook.max_body_bytes()).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err((
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the body is larger than {} bytes, or could not be read",
                    webhook.max_body_bytes()
                ),
            )
                .into_response());
        }
    };
    let request = http::Request::from_parts(parts, bytes);
    match webhook.handle(&request) {
        WebhookOutcome::Events(delivery) => Ok(delivery),
        WebhookOutcome::Handshake(response) | WebhookOutcome::Rejected { response, .. } => {
            Err(response.map(Body::from).into_response())
        }
    }
}
