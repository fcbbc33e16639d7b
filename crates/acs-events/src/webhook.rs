//! A webhook endpoint: authentication, handshakes and events in one call over `http` types.

use acs_auth::Secret;
use http::{Method, Response, StatusCode};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::event::EventSchema;
use crate::handshake::{self, WEBHOOK_REQUEST_ORIGIN};
use crate::parse::{Delivery, parse_delivery};
use crate::{Error, ErrorKind};

/// The largest body the axum extractor reads by default: 2 MiB (Event Grid batches
/// are at most 1 MiB, and one event at most 1 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// How a webhook endpoint answers requests: which secret a delivery must carry, which
/// origins may deliver, which schema it accepts.
///
/// [`handle`](Self::handle) does everything a webhook has to: it refuses requests without the
/// secret (compared in constant time), answers both handshakes, and hands over the events.
///
/// ```
/// use acs_events::{Webhook, WebhookOutcome};
///
/// let webhook = Webhook::new().with_query_secret("code", "s3cr3t");
/// let request = http::Request::post("/events?code=s3cr3t").body(b"[]".to_vec())?;
/// let WebhookOutcome::Events(delivery) = webhook.handle(&request) else { panic!() };
/// assert!(delivery.is_empty());
///
/// let wrong = http::Request::post("/events?code=guess").body(b"[]".to_vec())?;
/// let WebhookOutcome::Rejected { response, error } = webhook.handle(&wrong) else { panic!() };
/// assert_eq!(response.status(), 401);
/// assert!(!error.to_string().contains("s3cr3t"));
/// assert!(!format!("{webhook:?}").contains("s3cr3t"));
/// # Ok::<(), http::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Webhook {
    query_secret: Option<(String, Secret)>,
    authorization: Option<Secret>,
    allowed_origins: Vec<String>,
    schema: Option<EventSchema>,
    max_body_bytes: usize,
}

impl Default for Webhook {
    fn default() -> Self {
        Self::new()
    }
}

/// What to do with one request to the webhook.
///
/// ```
/// use acs_events::{Webhook, WebhookOutcome};
///
/// let request = http::Request::options("/events")
///     .header("WebHook-Request-Origin", "eventgrid.azure.net")
///     .body(Vec::new())?;
/// match Webhook::new().handle(&request) {
///     WebhookOutcome::Handshake(response) => assert_eq!(response.status(), 200),
///     _ => panic!("a handshake"),
/// }
/// # Ok::<(), http::Error>(())
/// ```
#[derive(Debug)]
pub enum WebhookOutcome {
    /// A handshake: send this response; there are no events.
    Handshake(Response<Vec<u8>>),
    /// A refused request (no or a wrong secret, a body that is not a delivery, another
    /// schema, a method other than `POST` and `OPTIONS`): send this response.
    Rejected {
        /// The response to send (401, 400, 403 or 405).
        response: Response<Vec<u8>>,
        /// Why the request was refused.
        error: Error,
    },
    /// Events: process them, then answer with [`accepted_response`] (any 2xx tells Event Grid
    /// the delivery succeeded; anything else makes it retry).
    Events(Delivery),
}

/// The response that acknowledges a delivery: `200` with an empty body.
///
/// ```
/// assert_eq!(acs_events::accepted_response().status(), 200);
/// ```
pub fn accepted_response() -> Response<Vec<u8>> {
    Response::new(Vec::new())
}

impl Webhook {
    /// A webhook that accepts every request (no secret), every origin and both schemas.
    ///
    /// ```
    /// let webhook = acs_events::Webhook::new();
    /// assert_eq!(webhook.max_body_bytes(), acs_events::DEFAULT_MAX_BODY_BYTES);
    /// ```
    pub fn new() -> Self {
        Self {
            query_secret: None,
            authorization: None,
            allowed_origins: Vec::new(),
            schema: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Requires the query parameter `name` to hold `secret` (the endpoint URL given to Event
    /// Grid is then `https://host/path?name=secret`). With
    /// [`with_authorization`](Self::with_authorization) too, either one is enough.
    ///
    /// ```
    /// use acs_events::{Webhook, WebhookOutcome};
    ///
    /// let webhook = Webhook::new().with_query_secret("key", "k3y");
    /// let request = http::Request::post("/hook?x=1&key=k3y").body(b"[]".to_vec())?;
    /// assert!(matches!(webhook.handle(&request), WebhookOutcome::Events(_)));
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn with_query_secret(mut self, name: impl Into<String>, secret: impl Into<Secret>) -> Self {
        self.query_secret = Some((name.into(), secret.into()));
        self
    }

    /// Requires the `Authorization` header to be exactly `value` (for example
    /// `Bearer s3cr3t`, set as a delivery attribute of the Event Grid subscription).
    ///
    /// ```
    /// use acs_events::{Webhook, WebhookOutcome};
    ///
    /// let webhook = Webhook::new().with_authorization("Bearer s3cr3t");
    /// let request = http::Request::post("/hook")
    ///     .header("Authorization", "Bearer s3cr3t")
    ///     .body(b"[]".to_vec())?;
    /// assert!(matches!(webhook.handle(&request), WebhookOutcome::Events(_)));
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn with_authorization(mut self, value: impl Into<Secret>) -> Self {
        self.authorization = Some(value.into());
        self
    }

    /// Answers the CloudEvents abuse protection handshake only for `origin` (call it again
    /// to allow more); without it every origin is allowed.
    ///
    /// ```
    /// use acs_events::{Webhook, WebhookOutcome};
    ///
    /// let webhook = Webhook::new().with_allowed_origin("eventgrid.azure.net");
    /// let request = http::Request::options("/hook")
    ///     .header("WebHook-Request-Origin", "evil.example")
    ///     .body(Vec::new())?;
    /// let WebhookOutcome::Rejected { response, .. } = webhook.handle(&request) else { panic!() };
    /// assert_eq!(response.status(), 403);
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn with_allowed_origin(mut self, origin: impl Into<String>) -> Self {
        self.allowed_origins.push(origin.into());
        self
    }

    /// Accepts deliveries in `schema` only (others get `400`); without it both are accepted.
    ///
    /// ```
    /// use acs_events::{EventSchema, Webhook, WebhookOutcome};
    ///
    /// let webhook = Webhook::new().with_schema(EventSchema::CloudEvents);
    /// let event_grid = br#"[{"id": "1", "subject": "s", "eventType": "Contoso.A",
    ///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1", "data": {}}]"#;
    /// let request = http::Request::post("/hook").body(event_grid.to_vec())?;
    /// assert!(matches!(webhook.handle(&request), WebhookOutcome::Rejected { .. }));
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn with_schema(mut self, schema: EventSchema) -> Self {
        self.schema = Some(schema);
        self
    }

    /// The largest body the axum extractor reads (larger ones get `413`).
    ///
    /// ```
    /// let webhook = acs_events::Webhook::new().with_max_body_bytes(64 * 1024);
    /// assert_eq!(webhook.max_body_bytes(), 64 * 1024);
    /// ```
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The largest body the axum extractor reads.
    ///
    /// ```
    /// assert!(acs_events::Webhook::new().max_body_bytes() >= 1024 * 1024);
    /// ```
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Whether the request carries the secret (always true without one). Compares in
    /// constant time.
    ///
    /// ```
    /// let webhook = acs_events::Webhook::new().with_query_secret("code", "s3cr3t");
    /// let request = http::Request::post("/e?code=s3cr3t").body(())?;
    /// assert!(webhook.is_authorized(&request));
    /// assert!(!webhook.is_authorized(&http::Request::post("/e").body(())?));
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn is_authorized<B>(&self, request: &http::Request<B>) -> bool {
        if self.query_secret.is_none() && self.authorization.is_none() {
            return true;
        }
        let by_query = self.query_secret.as_ref().is_some_and(|(name, secret)| {
            request.uri().query().is_some_and(|query| {
                url::form_urlencoded::parse(query.as_bytes())
                    .filter(|(key, _)| key == name)
                    .fold(false, |found, (_, value)| {
                        found | equal(value.as_bytes(), secret.expose_secret().as_bytes())
                    })
            })
        });
        let by_header = self.authorization.as_ref().is_some_and(|secret| {
            request
                .headers()
                .get_all(http::header::AUTHORIZATION)
                .iter()
                .fold(false, |found, value| {
                    found | equal(value.as_bytes(), secret.expose_secret().as_bytes())
                })
        });
        by_query || by_header
    }

    /// Handles one request: refuses it without the secret (`401`), answers the CloudEvents
    /// abuse protection `OPTIONS` and the Event Grid subscription validation, and otherwise
    /// reads the events of the `POST` body.
    ///
    /// ```
    /// use acs_events::{Webhook, WebhookOutcome};
    ///
    /// let body = br#"[{"id": "1", "subject": "", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
    ///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "2", "data": {"validationCode": "abc"}}]"#;
    /// let request = http::Request::post("/events").body(body.to_vec())?;
    /// let WebhookOutcome::Handshake(response) = Webhook::new().handle(&request) else { panic!() };
    /// assert_eq!(response.body().as_slice(), br#"{"validationResponse":"abc"}"#);
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn handle<B: AsRef<[u8]>>(&self, request: &http::Request<B>) -> WebhookOutcome {
        if !self.is_authorized(request) {
            return rejected(
                StatusCode::UNAUTHORIZED,
                Error::new(
                    ErrorKind::Unauthorized,
                    "the delivery does not carry the webhook's secret",
                ),
            );
        }
        if request.method() == Method::OPTIONS {
            return self.abuse_protection(request);
        }
        if request.method() != Method::POST {
            let mut outcome = rejected(
                StatusCode::METHOD_NOT_ALLOWED,
                Error::new(
                    ErrorKind::InvalidBody,
                    format!(
                        "a webhook takes POST (and OPTIONS), not {}",
                        request.method()
                    ),
                ),
            );
            if let WebhookOutcome::Rejected { response, .. } = &mut outcome {
                response.headers_mut().insert(
                    http::header::ALLOW,
                    http::HeaderValue::from_static("POST, OPTIONS"),
                );
            }
            return outcome;
        }
        let delivery = match parse_delivery(request.body().as_ref()) {
            Ok(delivery) => delivery,
            Err(error) => return rejected(StatusCode::BAD_REQUEST, error),
        };
        if let Some(expected) = self.schema
            && delivery.schema() != expected
            && !delivery.is_empty()
        {
            return rejected(
                StatusCode::BAD_REQUEST,
                Error::new(
                    ErrorKind::UnexpectedSchema,
                    format!(
                        "the delivery is in the {} schema; this webhook accepts {expected} only",
                        delivery.schema()
                    ),
                ),
            );
        }
        match handshake::validation_response(&delivery) {
            Some(response) => WebhookOutcome::Handshake(response),
            None => WebhookOutcome::Events(delivery),
        }
    }

    /// The answer to an `OPTIONS` request.
    fn abuse_protection<B>(&self, request: &http::Request<B>) -> WebhookOutcome {
        let origin = request
            .headers()
            .get(WEBHOOK_REQUEST_ORIGIN)
            .map(|origin| String::from_utf8_lossy(origin.as_bytes()).into_owned());
        let Some(origin) = origin else {
            return rejected(
                StatusCode::BAD_REQUEST,
                Error::new(
                    ErrorKind::InvalidBody,
                    "an OPTIONS request to a webhook must carry WebHook-Request-Origin",
                ),
            );
        };
        if !self.allowed_origins.is_empty()
            && !self
                .allowed_origins
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(&origin))
        {
            return rejected(
                StatusCode::FORBIDDEN,
                Error::new(
                    ErrorKind::Unauthorized,
                    format!("the origin {origin:?} may not deliver to this webhook"),
                ),
            );
        }
        match handshake::abuse_protection_response(request) {
            Some(response) => WebhookOutcome::Handshake(response),
            None => rejected(
                StatusCode::BAD_REQUEST,
                Error::new(ErrorKind::InvalidBody, "not an abuse protection request"),
            ),
        }
    }
}

/// A refused request: the error as a small JSON body.
fn rejected(status: StatusCode, error: Error) -> WebhookOutcome {
    let body =
        serde_json::to_vec(&serde_json::json!({"error": error.to_string()})).unwrap_or_default();
    WebhookOutcome::Rejected {
        response: handshake::json_response(status, body),
        error,
    }
}

/// Whether `a` equals `b`, in time independent of where they differ and of their lengths
/// (both are hashed first).
fn equal(a: &[u8], b: &[u8]) -> bool {
    Sha256::digest(a)
        .as_slice()
        .ct_eq(Sha256::digest(b).as_slice())
        .into()
}
