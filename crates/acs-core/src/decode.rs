//! Decoding success bodies so that a body that does not fit says where: the operation, the JSON
//! path of the field (with `serde_path_to_error`), the status and the request ids.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::rest_error::request_ids;
use crate::{Error, ErrorKind};

/// A decode failure with the JSON path of the field (`value[2].createdOn`).
///
/// ```
/// let error: acs_core::PathError = acs_core::from_slice::<Vec<u32>>(br#"[1, "two"]"#).unwrap_err();
/// assert_eq!(error.path().to_string(), "[1]");
/// ```
pub type PathError = serde_path_to_error::Error<serde_json::Error>;

/// A success body decoded by [`decode_response`], with the status and headers it came with.
///
/// ```
/// # async fn example(response: reqwest::Response) {
/// match acs_core::decode_response::<serde_json::Value>(response, "get_thing", true).await {
///     Ok(decoded) => println!("{} {}", decoded.status, decoded.value),
///     Err(failure) => println!("{failure:?}"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Decoded<T> {
    /// The decoded body.
    pub value: T,
    /// The status of the response.
    pub status: StatusCode,
    /// The headers of the response.
    pub headers: HeaderMap,
}

/// Why [`decode_response`] could not decode a body (exhaustive: the generated clients match
/// on it).
///
/// ```
/// use acs_core::{DecodeFailure, ErrorKind, decode_response, from_rest};
///
/// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let response = reqwest::Response::from(http::Response::new(r#"{"id":7}"#));
/// let failure = runtime
///     .block_on(decode_response::<Vec<u32>>(response, "list_things", true))
///     .unwrap_err();
/// let DecodeFailure::Mismatch(response) = failure else { panic!("the body was read") };
/// let error = from_rest::<()>(progenitor_client::Error::UnexpectedResponse(*response));
/// assert_eq!(error.kind(), &ErrorKind::Decode);
/// assert!(error.to_string().contains("list_things"));
/// ```
#[derive(Debug)]
pub enum DecodeFailure {
    /// The body could not be read.
    Body(reqwest::Error),
    /// The body does not fit the model. The response keeps its status, headers and body, and
    /// carries what did not fit for [`from_rest`](crate::from_rest), which turns it into an
    /// [`ErrorKind::Decode`] (a status the operation documents) or an
    /// [`ErrorKind::UnexpectedResponse`] (another 2xx).
    Mismatch(Box<reqwest::Response>),
}

/// What did not fit, attached to the response of a [`DecodeFailure::Mismatch`].
#[derive(Debug, Clone)]
pub(crate) struct Mismatch {
    operation: String,
    documented: bool,
    error: Arc<PathError>,
}

/// Decodes the JSON body of a success `response` of `operation_id` as `T`.
///
/// `documented` says whether the status is one the operation documents: a body that does not
/// fit is then a decode error, otherwise an unexpected response.
///
/// ```
/// use acs_core::decode_response;
///
/// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let response = reqwest::Response::from(http::Response::new(r#"{"id":"thread-1"}"#));
/// let decoded = runtime
///     .block_on(decode_response::<serde_json::Value>(response, "get_thread", true))
///     .expect("the body is JSON");
/// assert_eq!(decoded.status, reqwest::StatusCode::OK);
/// assert_eq!(decoded.value["id"], "thread-1");
/// ```
///
/// # Errors
///
/// [`DecodeFailure::Body`] when the body cannot be read, [`DecodeFailure::Mismatch`] when it
/// does not fit `T`.
pub async fn decode_response<T: DeserializeOwned>(
    mut response: reqwest::Response,
    operation_id: &str,
    documented: bool,
) -> Result<Decoded<T>, DecodeFailure> {
    let status = response.status();
    let version = response.version();
    // Reading the body needs no headers: they move instead of being copied.
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await.map_err(DecodeFailure::Body)?;
    match from_slice::<T>(&body) {
        Ok(value) => Ok(Decoded {
            value,
            status,
            headers,
        }),
        Err(error) => {
            let mut rebuilt = http::Response::new(body);
            *rebuilt.status_mut() = status;
            *rebuilt.version_mut() = version;
            *rebuilt.headers_mut() = headers;
            rebuilt.extensions_mut().insert(Mismatch {
                operation: operation_id.to_owned(),
                documented,
                error: Arc::new(error),
            });
            Err(DecodeFailure::Mismatch(Box::new(reqwest::Response::from(
                rebuilt,
            ))))
        }
    }
}

/// Decodes `body` as `T`, keeping the path of the field that does not fit.
///
/// ```
/// use std::collections::HashMap;
///
/// let ok: HashMap<String, Vec<u32>> = acs_core::from_slice(br#"{"ids":[1,2]}"#).unwrap();
/// assert_eq!(ok["ids"], [1, 2]);
///
/// let error = acs_core::from_slice::<HashMap<String, Vec<u32>>>(br#"{"ids":[1,null]}"#).unwrap_err();
/// assert_eq!(error.path().to_string(), "ids[1]");
/// assert!(acs_core::from_slice::<u32>(b"1 trailing").is_err());
/// ```
///
/// # Errors
///
/// The serde error with the path of the field.
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, PathError> {
    // Decoding with the path tracked costs more than the decoding itself: decode plainly, and
    // only a body that does not fit again, to find the path (the same error, deterministically).
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)?;
    deserializer
        .end()
        .map_err(|error| PathError::new(serde_path_to_error::Track::new().path(), error))?;
    Ok(value)
}

/// Decodes one JSON `value` (for example an item of a list page) as `T`, keeping the path of
/// the field that does not fit.
///
/// ```
/// use serde_json::json;
///
/// let ids: Vec<String> = acs_core::from_value(json!(["a", "b"])).unwrap();
/// assert_eq!(ids, ["a", "b"]);
/// let error = acs_core::from_value::<Vec<String>>(json!(["a", 2])).unwrap_err();
/// assert_eq!(error.path().to_string(), "[1]");
/// ```
///
/// # Errors
///
/// The serde error with the path of the field, relative to `value`.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, PathError> {
    serde_path_to_error::deserialize(value)
}

/// The error of a success body of `operation` that does not fit: [`ErrorKind::Decode`] when
/// the status is one the operation `documented`, [`ErrorKind::UnexpectedResponse`] otherwise.
/// The message names the operation, the JSON path of the field (`at` is prepended to it, for
/// an item of a list: `value[2]`), the serde error, the status and the request id; the request
/// ids come from `headers`; the serde error is the source.
///
/// ```
/// use acs_core::ErrorKind;
///
/// let error = acs_core::from_slice::<Vec<u32>>(br#"[1, "two"]"#).expect_err("does not fit");
/// let error = acs_core::decode_error(
///     "list_numbers",
///     "",
///     reqwest::StatusCode::OK,
///     &reqwest::header::HeaderMap::new(),
///     error,
///     true,
/// );
/// assert!(matches!(error.kind(), ErrorKind::Decode));
/// assert!(error.to_string().contains("list_numbers: [1]: invalid type"), "{error}");
/// ```
#[must_use]
pub fn decode_error(
    operation: &str,
    at: &str,
    status: StatusCode,
    headers: &HeaderMap,
    error: PathError,
    documented: bool,
) -> Error {
    mismatch_error(
        kind(status, documented),
        operation,
        at,
        status,
        headers,
        Arc::new(error),
    )
}

/// [`ErrorKind::Decode`] for a documented status, [`ErrorKind::UnexpectedResponse`] otherwise.
fn kind(status: StatusCode, documented: bool) -> ErrorKind {
    if documented {
        ErrorKind::Decode
    } else {
        ErrorKind::UnexpectedResponse {
            status: status.as_u16(),
        }
    }
}

/// The error of a [`DecodeFailure::Mismatch`] response, if `response` is one.
pub(crate) fn from_mismatch(response: &reqwest::Response) -> Option<Error> {
    let mismatch = response.extensions().get::<Mismatch>()?;
    let status = response.status();
    Some(mismatch_error(
        kind(status, mismatch.documented),
        &mismatch.operation,
        "",
        status,
        response.headers(),
        Arc::clone(&mismatch.error),
    ))
}

fn mismatch_error(
    kind: ErrorKind,
    operation: &str,
    at: &str,
    status: StatusCode,
    headers: &HeaderMap,
    error: Arc<PathError>,
) -> Error {
    let path = error.path().to_string();
    let path = match (at, path.as_str()) {
        ("", path) => path.to_owned(),
        (at, ".") => at.to_owned(),
        (at, path) if path.starts_with('[') => format!("{at}{path}"),
        (at, path) => format!("{at}.{path}"),
    };
    let (request_id, client_request_id) = request_ids(headers);
    let mut message = format!("{operation}: {path}: {} (status {status}", error.inner());
    if let Some(request_id) = &request_id {
        message.push_str(", request id ");
        message.push_str(request_id);
    }
    message.push(')');
    Error::new(kind, message)
        .with_source(error)
        .with_request_ids(request_id, client_request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "decoded only")]
    struct Page {
        value: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "decoded only")]
    struct Item {
        #[serde(rename = "createdOn")]
        created_on: String,
    }

    fn response(status: u16, body: &'static str) -> reqwest::Response {
        let mut response = http::Response::new(body);
        *response.status_mut() = StatusCode::from_u16(status).expect("status");
        response
            .headers_mut()
            .insert("ms-cv", "cv-1".parse().expect("header"));
        reqwest::Response::from(response)
    }

    #[tokio::test]
    async fn a_documented_status_that_does_not_fit_is_a_decode_error_naming_the_field() {
        let body = r#"{"value":[{"createdOn":"x"},{"createdOn":null}]}"#;
        let DecodeFailure::Mismatch(response) =
            decode_response::<Page>(response(200, body), "list_things", true)
                .await
                .expect_err("does not fit")
        else {
            panic!("not a mismatch");
        };
        let error = from_mismatch(&response).expect("a mismatch");
        assert!(matches!(error.kind(), ErrorKind::Decode));
        assert_eq!(error.request_id(), Some("cv-1"));
        let text = error.to_string();
        assert!(
            text.contains("list_things: value[1].createdOn: invalid type: null"),
            "{text}"
        );
        assert!(text.contains("status 200 OK, request id cv-1"), "{text}");
        assert!(std::error::Error::source(&error).is_some());
    }

    #[tokio::test]
    async fn another_2xx_that_does_not_fit_is_an_unexpected_response() {
        let DecodeFailure::Mismatch(response) =
            decode_response::<Page>(response(204, ""), "list_things", false)
                .await
                .expect_err("does not fit")
        else {
            panic!("not a mismatch");
        };
        let error = from_mismatch(&response).expect("a mismatch");
        assert_eq!(error.kind(), &ErrorKind::UnexpectedResponse { status: 204 });
        assert_eq!(error.status(), Some(204));
    }

    #[test]
    fn item_paths_are_prefixed() {
        let error = from_value::<Item>(serde_json::json!({"createdOn": 5})).expect_err("no");
        let error = decode_error(
            "list_things",
            "value[3]",
            StatusCode::OK,
            &HeaderMap::new(),
            error,
            true,
        );
        assert!(
            error
                .to_string()
                .contains("list_things: value[3].createdOn: invalid type: integer")
        );
    }
}
