//! A received request, taken apart once, and the reply a handler gives.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

use crate::api_error::ApiError;
use crate::tokens::{Claims, TokenIssuer, TokenRejection};

/// What the handlers need to know about a request.
#[derive(Debug)]
pub(crate) struct RequestContext {
    pub(crate) method: Method,
    /// The request target (`path?query`) exactly as received: HMAC signs these bytes.
    pub(crate) raw_target: String,
    /// The path segments, percent-decoded.
    pub(crate) segments: Vec<String>,
    /// The query parameters, decoded, in order.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    /// `host[:port]` as received (the `Host` header, or the HTTP/2 authority).
    pub(crate) host: String,
    /// `http` or `https`.
    pub(crate) scheme: &'static str,
    pub(crate) body: Bytes,
    /// The bearer token's signature check, made once per request (the request log and the
    /// handler both ask).
    signed_claims: OnceLock<Option<Result<Arc<Claims>, TokenRejection>>>,
}

impl RequestContext {
    /// Takes a request apart. Fails when its path is not valid percent-encoded UTF-8.
    /// The headers are moved out of `parts` (not copied).
    pub(crate) fn new(
        parts: &mut http::request::Parts,
        body: Bytes,
        scheme: &'static str,
    ) -> Result<Self, ApiError> {
        let raw_target = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
        let segments = parts
            .uri
            .path()
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| {
                percent_encoding::percent_decode_str(segment)
                    .decode_utf8()
                    .map(|decoded| decoded.into_owned())
                    .map_err(|_| ApiError::bad_request("The request path is not valid UTF-8."))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let query = parts
            .uri
            .query()
            .map(|query| {
                url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let host = parts
            .headers
            .get(http::header::HOST)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
            .or_else(|| parts.uri.authority().map(|authority| authority.to_string()))
            .unwrap_or_default();
        Ok(Self {
            method: parts.method.clone(),
            raw_target,
            segments,
            query,
            headers: std::mem::take(&mut parts.headers),
            host,
            scheme,
            body,
            signed_claims: OnceLock::new(),
        })
    }

    /// The first value of a query parameter (names compare case-insensitively, as the service does).
    pub(crate) fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// A header's value as text (`name` a `&str`, or a `HeaderName` made once for hot paths).
    pub(crate) fn header(&self, name: impl http::header::AsHeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme matched case-insensitively).
    pub(crate) fn bearer_token(&self) -> Option<&str> {
        let value = self.header(http::header::AUTHORIZATION)?;
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim())
            .filter(|token| !token.is_empty())
    }

    /// The claims of the bearer token when this emulator signed it and it has not expired at
    /// `now`; `None` without a bearer token. The signature is checked once per request.
    pub(crate) fn user_token(
        &self,
        tokens: &TokenIssuer,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<Result<Arc<Claims>, TokenRejection>> {
        let signed = self
            .signed_claims
            .get_or_init(|| self.bearer_token().map(|token| tokens.signed_claims(token)));
        Some(match signed.as_ref()? {
            Ok(claims) => crate::tokens::unexpired(claims, now),
            Err(rejection) => Err(*rejection),
        })
    }

    /// The base URL the client used, for `Location` and `nextLink`.
    pub(crate) fn base_url(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }

    /// The body as JSON of type `T`; an absent body gives `T::default()` when `optional`.
    pub(crate) fn json<T>(&self, optional: bool) -> Result<T, ApiError>
    where
        T: serde::de::DeserializeOwned + Default,
    {
        if optional && self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(T::default());
        }
        self.required_json()
    }

    /// The body as JSON of type `T`; it must be present.
    pub(crate) fn required_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("The request body is required."));
        }
        serde_json::from_slice(&self.body).map_err(|error| {
            ApiError::bad_request(format!("The request body is invalid: {error}."))
        })
    }
}

/// A handler's answer, before the common headers are added.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    /// The JSON body, encoded once, when the handler made it.
    pub(crate) body: Option<Bytes>,
    pub(crate) location: Option<String>,
    pub(crate) retry_after: Option<u64>,
    /// Error bodies go out as `application/json`, successful ones with a charset.
    pub(crate) is_error: bool,
    /// Further response headers (e.g. Email's `Operation-Location`).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// A body that is not JSON, with its content type (the mailbox's `.eml`); replaces `body`.
    pub(crate) raw: Option<(&'static str, Bytes)>,
}

impl Reply {
    /// A JSON answer.
    pub(crate) fn json(status: StatusCode, body: serde_json::Value) -> Self {
        Self::wire(status, &body)
    }

    /// A JSON answer from a serializable wire type, encoded straight to bytes.
    pub(crate) fn wire<T: serde::Serialize>(status: StatusCode, body: &T) -> Self {
        // Room for a typical answer up front: growing from empty reallocates six times.
        let mut encoded = Vec::with_capacity(1024);
        // Serializing the generated types and JSON values does not fail.
        if serde_json::to_writer(&mut encoded, body).is_err() {
            encoded.clear();
        }
        Self {
            status,
            body: Some(Bytes::from(encoded)),
            location: None,
            retry_after: None,
            is_error: false,
            headers: Vec::new(),
            raw: None,
        }
    }

    /// An answer without a body (204, or 200 with `Content-Length: 0`).
    pub(crate) fn empty(status: StatusCode) -> Self {
        Self {
            status,
            body: None,
            location: None,
            retry_after: None,
            is_error: false,
            headers: Vec::new(),
            raw: None,
        }
    }

    /// An error answer.
    pub(crate) fn error(status: StatusCode, body: serde_json::Value) -> Self {
        Self {
            is_error: true,
            ..Self::json(status, body)
        }
    }

    /// Adds a response header.
    pub(crate) fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds a `Location` header.
    pub(crate) fn with_location(mut self, location: String) -> Self {
        self.location = Some(location);
        self
    }
}

/// `Ok` and `Err` both become a reply.
pub(crate) fn into_reply(result: Result<Reply, ApiError>) -> Reply {
    result.unwrap_or_else(Reply::from)
}
