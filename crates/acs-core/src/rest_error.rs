//! Turns the errors of the generated clients into [`Error`]s.

use reqwest::header::HeaderMap;

use crate::error_body;
use crate::{Error, ErrorKind};

/// Prefix of the hook error text that marks an invalid request (anything else a hook reports is
/// a credential failure).
pub(crate) const INVALID_INPUT_PREFIX: &str = "invalid input: ";

/// Converts an error of a generated client into an [`Error`].
///
/// Service errors keep the status, code, message, target and request ids; transport failures
/// become [`ErrorKind::Transport`] or [`ErrorKind::Timeout`]; a success response whose body
/// does not fit becomes [`ErrorKind::Decode`] for a documented status and
/// [`ErrorKind::UnexpectedResponse`] for another 2xx (naming the operation, the JSON path of the
/// field, the status and the request id; the body itself is not kept: it may hold a token);
/// a status that is neither a success nor an error becomes [`ErrorKind::UnexpectedResponse`].
///
/// ```
/// use acs_core::{ErrorKind, from_rest};
///
/// let rest = progenitor_client::Error::<()>::InvalidRequest("participants must not be empty".into());
/// let error = from_rest(rest);
/// assert_eq!(error.kind(), &ErrorKind::InvalidInput);
/// assert!(error.to_string().contains("participants must not be empty"));
///
/// let answer = reqwest::Response::from(http::Response::builder().status(503).body("").unwrap());
/// let error = from_rest::<()>(progenitor_client::Error::UnexpectedResponse(answer));
/// assert!(error.is_status(503));
/// ```
pub fn from_rest<E: serde::Serialize>(error: progenitor_client::Error<E>) -> Error {
    use progenitor_client::Error as Rest;
    match error {
        Rest::ErrorResponse(response) => {
            let status = response.status();
            let ids = request_ids(response.headers());
            let body = serde_json::to_vec(&response.into_inner()).unwrap_or_default();
            let parsed = error_body::parse(status, &body);
            service(status.as_u16(), parsed).with_request_ids(ids.0, ids.1)
        }
        Rest::UnexpectedResponse(response) => {
            if let Some(error) = crate::decode::from_mismatch(&response) {
                return error;
            }
            let status = response.status();
            let ids = request_ids(response.headers());
            if status.is_client_error() || status.is_server_error() {
                let parsed = error_body::parse(status, b"");
                return service(status.as_u16(), parsed).with_request_ids(ids.0, ids.1);
            }
            Error::new(
                ErrorKind::UnexpectedResponse {
                    status: status.as_u16(),
                },
                format!("status {status} is not one the operation answers with"),
            )
            .with_request_ids(ids.0, ids.1)
        }
        Rest::CommunicationError(error)
        | Rest::ResponseBodyError(error)
        | Rest::InvalidUpgrade(error) => transport(error),
        Rest::InvalidResponsePayload(_, error) => {
            Error::new(ErrorKind::Decode, error.to_string()).with_source(error)
        }
        Rest::InvalidRequest(message) => Error::invalid_input(message),
        Rest::Custom(message) => match message.strip_prefix(INVALID_INPUT_PREFIX) {
            Some(message) => Error::invalid_input(message),
            None => Error::new(
                ErrorKind::Credential,
                message
                    .strip_prefix("credential unavailable: ")
                    .unwrap_or(&message)
                    .to_owned(),
            ),
        },
    }
}

/// The error of a raw error answer (status, headers and body as received).
pub(crate) fn from_error_body(
    status: reqwest::StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Error {
    let ids = request_ids(headers);
    service(status.as_u16(), error_body::parse(status, body)).with_request_ids(ids.0, ids.1)
}

/// A transport error, telling timeouts apart. The message says what failed and where (host
/// and port, never the query); the root cause is added by [`Error`]'s `Display`.
pub(crate) fn transport(error: reqwest::Error) -> Error {
    let kind = if error.is_timeout() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Transport
    };
    let place = error
        .url()
        .and_then(|url| {
            let host = url.host_str()?;
            Some(match url.port_or_known_default() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            })
        })
        .unwrap_or_else(|| "the service".to_owned());
    let message = if error.is_timeout() {
        format!("no complete answer from {place} within the timeout")
    } else if error.is_connect() {
        format!("could not connect to {place}")
    } else if error.is_body() || error.is_decode() {
        format!("reading the answer from {place} failed")
    } else if error.is_builder() {
        "the request could not be built".to_owned()
    } else {
        format!("the request to {place} failed")
    };
    Error::new(kind, message).with_source(error)
}

fn service(status: u16, error: error_body::ServiceError) -> Error {
    Error::new(
        ErrorKind::Service {
            status,
            code: error.code,
            message: error.message,
            target: error.target,
        },
        String::new(),
    )
}

/// `(service request id, client request id)` from response headers.
pub(crate) fn request_ids(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    (
        header("ms-cv").or_else(|| header("x-ms-request-id")),
        header("x-ms-client-request-id"),
    )
}
