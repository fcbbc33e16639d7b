//! The server side of HMAC-SHA256 authentication: checks a received request's headers.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::Mac;
use subtle::ConstantTimeEq;

use super::{
    AUTHORIZATION, SCHEME, SIGNED_HEADERS, X_MS_CONTENT_SHA256, X_MS_DATE, content_sha256,
    hmac_sha256, string_to_sign,
};
use crate::access_key::AccessKey;

/// The clock skew [`verify`] callers may use when they have no other requirement: 15 minutes.
///
/// ```
/// assert_eq!(acs_auth::hmac::DEFAULT_MAX_CLOCK_SKEW, chrono::TimeDelta::minutes(15));
/// ```
pub const DEFAULT_MAX_CLOCK_SKEW: TimeDelta = TimeDelta::minutes(15);

/// A request as a server received it: what [`verify`] needs to check its signature.
///
/// `Debug` leaves out the `Authorization` value and shows only the body's length.
///
/// ```
/// use acs_auth::hmac::ReceivedRequest;
///
/// let request = ReceivedRequest {
///     method: "GET",
///     path_and_query: "/chat/threads?api-version=2024-03-07",
///     host: "127.0.0.1:8443",
///     x_ms_date: Some("Mon, 01 Jan 2024 00:00:00 GMT"),
///     x_ms_content_sha256: Some("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
///     authorization: Some("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=c2VjcmV0"),
///     body: b"hello",
/// };
/// let debug = format!("{request:?}");
/// assert!(!debug.contains("c2VjcmV0"));
/// assert!(debug.contains("body_len: 5"));
/// ```
#[derive(Clone, Copy)]
pub struct ReceivedRequest<'a> {
    /// The request method.
    pub method: &'a str,
    /// The request target, `path?query`, exactly as received.
    pub path_and_query: &'a str,
    /// The `Host` header (`host[:port]`).
    pub host: &'a str,
    /// The `x-ms-date` header, when present.
    pub x_ms_date: Option<&'a str>,
    /// The `x-ms-content-sha256` header, when present.
    pub x_ms_content_sha256: Option<&'a str>,
    /// The `Authorization` header, when present.
    pub authorization: Option<&'a str>,
    /// The request body.
    pub body: &'a [u8],
}

impl fmt::Debug for ReceivedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("host", &self.host)
            .field("x_ms_date", &self.x_ms_date)
            .field("x_ms_content_sha256", &self.x_ms_content_sha256)
            .field("authorization", &self.authorization.map(|_| "<redacted>"))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Why [`verify`] rejected a request.
///
/// ```
/// use acs_auth::AccessKey;
/// use acs_auth::hmac::{DEFAULT_MAX_CLOCK_SKEW, ReceivedRequest, Rejection, verify};
/// use chrono::{TimeZone, Utc};
///
/// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
/// let request = ReceivedRequest {
///     method: "GET",
///     path_and_query: "/",
///     host: "127.0.0.1",
///     x_ms_date: None,
///     x_ms_content_sha256: None,
///     authorization: None,
///     body: b"",
/// };
/// let now = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
/// let rejection = verify(&request, &key, now, DEFAULT_MAX_CLOCK_SKEW).unwrap_err();
/// assert_eq!(rejection, Rejection::MissingHeader { name: "x-ms-date" });
/// assert_eq!(rejection.to_string(), "missing `x-ms-date` header");
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// A required header is absent.
    #[error("missing `{name}` header")]
    MissingHeader {
        /// The header's lower-case name.
        name: &'static str,
    },
    /// `Authorization` is not `HMAC-SHA256 SignedHeaders=...&Signature=...`.
    #[error("`authorization` is not an HMAC-SHA256 authorization")]
    MalformedAuthorization,
    /// `SignedHeaders` lists other headers than `x-ms-date;host;x-ms-content-sha256`.
    #[error("signed headers must be `x-ms-date;host;x-ms-content-sha256`")]
    UnsupportedSignedHeaders,
    /// `x-ms-date` is not an RFC 1123 date.
    #[error("`x-ms-date` is not an RFC 1123 date")]
    MalformedDate,
    /// `x-ms-date` is further from the server's time than the allowed skew.
    #[error("`x-ms-date` is {skew_seconds} s away from the server time")]
    ClockSkew {
        /// How far the date is from the server time (positive: in the future).
        skew_seconds: i64,
    },
    /// `x-ms-content-sha256` does not match the body.
    #[error("`x-ms-content-sha256` does not match the body")]
    ContentHashMismatch,
    /// The signature does not match the request.
    #[error("signature does not match")]
    BadSignature,
}

/// Verifies the HMAC-SHA256 signature of a received request, as the service does: the headers
/// are present and well-formed, `x-ms-date` is within `max_skew` of `now`, the content hash
/// matches the body, and the signature matches the same string-to-sign the signer builds (the
/// comparison takes constant time).
///
/// ```
/// use acs_auth::AccessKey;
/// use acs_auth::hmac::{DEFAULT_MAX_CLOCK_SKEW, ReceivedRequest, Rejection, RequestTarget, sign, verify};
/// use chrono::{TimeDelta, TimeZone, Utc};
///
/// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
/// let now = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
/// let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
/// let signed = sign("POST", &target, b"{}", now, &key);
///
/// let request = ReceivedRequest {
///     method: "POST",
///     path_and_query: target.path_and_query(),
///     host: target.host(),
///     x_ms_date: Some(signed.x_ms_date()),
///     x_ms_content_sha256: Some(signed.x_ms_content_sha256()),
///     authorization: Some(signed.authorization()),
///     body: b"{}",
/// };
/// assert_eq!(verify(&request, &key, now + TimeDelta::minutes(1), DEFAULT_MAX_CLOCK_SKEW), Ok(()));
///
/// let tampered = ReceivedRequest { body: b"{\"a\":1}", ..request };
/// assert_eq!(verify(&tampered, &key, now, DEFAULT_MAX_CLOCK_SKEW), Err(Rejection::ContentHashMismatch));
/// # Ok::<(), acs_auth::Error>(())
/// ```
///
/// # Errors
///
/// The first [`Rejection`] found, checked in this order: missing headers, a malformed
/// `Authorization`, unsupported signed headers, a malformed date, clock skew, a content hash
/// mismatch, a bad signature.
pub fn verify(
    request: &ReceivedRequest<'_>,
    key: &AccessKey,
    now: DateTime<Utc>,
    max_skew: TimeDelta,
) -> Result<(), Rejection> {
    let date = request
        .x_ms_date
        .ok_or(Rejection::MissingHeader { name: X_MS_DATE })?;
    let content_hash = request
        .x_ms_content_sha256
        .ok_or(Rejection::MissingHeader {
            name: X_MS_CONTENT_SHA256,
        })?;
    let authorization = request.authorization.ok_or(Rejection::MissingHeader {
        name: AUTHORIZATION,
    })?;

    let (signed_headers, signature) = parse_authorization(authorization)?;
    if !signed_headers.eq_ignore_ascii_case(SIGNED_HEADERS) {
        return Err(Rejection::UnsupportedSignedHeaders);
    }

    let sent_at =
        DateTime::parse_from_rfc2822(date.trim()).map_err(|_| Rejection::MalformedDate)?;
    let skew = sent_at.with_timezone(&Utc) - now;
    if skew.abs() > max_skew {
        return Err(Rejection::ClockSkew {
            skew_seconds: skew.num_seconds(),
        });
    }

    let expected_hash = content_sha256(request.body);
    if !bool::from(expected_hash.as_bytes().ct_eq(content_hash.as_bytes())) {
        return Err(Rejection::ContentHashMismatch);
    }

    let signature = STANDARD
        .decode(signature)
        .map_err(|_| Rejection::BadSignature)?;
    let to_sign = string_to_sign(
        request.method,
        request.path_and_query,
        date,
        request.host,
        content_hash,
    );
    hmac_sha256(key, &to_sign)
        .verify_slice(&signature)
        .map_err(|_| Rejection::BadSignature)
}

/// Splits `HMAC-SHA256 SignedHeaders=<list>&Signature=<base64>` into the list and signature.
fn parse_authorization(value: &str) -> Result<(&str, &str), Rejection> {
    let (scheme, parameters) = value
        .trim()
        .split_once(' ')
        .ok_or(Rejection::MalformedAuthorization)?;
    if !scheme.eq_ignore_ascii_case(SCHEME) {
        return Err(Rejection::MalformedAuthorization);
    }
    let (signed_headers, signature) = parameters
        .trim_start()
        .split_once('&')
        .ok_or(Rejection::MalformedAuthorization)?;
    let signed_headers = strip_prefix_ignore_case(signed_headers, "SignedHeaders=")
        .ok_or(Rejection::MalformedAuthorization)?;
    let signature = strip_prefix_ignore_case(signature, "Signature=")
        .ok_or(Rejection::MalformedAuthorization)?;
    Ok((signed_headers, signature))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::super::{RequestTarget, sign};
    use super::*;
    use chrono::TimeZone;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    struct Fixture {
        key: AccessKey,
        date: String,
        hash: String,
        authorization: String,
    }

    fn fixture(body: &[u8]) -> Fixture {
        let key = AccessKey::new(KEY).unwrap_or_else(|e| panic!("{e}"));
        let target = RequestTarget::new("/chat/threads?api-version=2025-03-15", "h.example:8443");
        let signed = sign("POST", &target, body, now(), &key);
        Fixture {
            key,
            date: signed.x_ms_date().to_owned(),
            hash: signed.x_ms_content_sha256().to_owned(),
            authorization: signed.authorization().to_owned(),
        }
    }

    fn request<'a>(f: &'a Fixture, body: &'a [u8]) -> ReceivedRequest<'a> {
        ReceivedRequest {
            method: "POST",
            path_and_query: "/chat/threads?api-version=2025-03-15",
            host: "h.example:8443",
            x_ms_date: Some(&f.date),
            x_ms_content_sha256: Some(&f.hash),
            authorization: Some(&f.authorization),
            body,
        }
    }

    #[test]
    fn accepts_a_signed_request() {
        let f = fixture(b"{}");
        let skew = TimeDelta::minutes(5);
        assert_eq!(verify(&request(&f, b"{}"), &f.key, now(), skew), Ok(()));
        assert_eq!(
            verify(&request(&f, b"{}"), &f.key, now() + skew, skew),
            Ok(())
        );
        assert_eq!(
            verify(&request(&f, b"{}"), &f.key, now() - skew, skew),
            Ok(())
        );
    }

    #[test]
    fn rejects_missing_headers() {
        let f = fixture(b"");
        let skew = DEFAULT_MAX_CLOCK_SKEW;
        let cases = [
            (
                ReceivedRequest {
                    x_ms_date: None,
                    ..request(&f, b"")
                },
                X_MS_DATE,
            ),
            (
                ReceivedRequest {
                    x_ms_content_sha256: None,
                    ..request(&f, b"")
                },
                X_MS_CONTENT_SHA256,
            ),
            (
                ReceivedRequest {
                    authorization: None,
                    ..request(&f, b"")
                },
                AUTHORIZATION,
            ),
        ];
        for (req, name) in cases {
            assert_eq!(
                verify(&req, &f.key, now(), skew),
                Err(Rejection::MissingHeader { name })
            );
        }
    }

    #[test]
    fn rejects_skewed_dates() {
        let f = fixture(b"");
        let skew = TimeDelta::minutes(5);
        let late = now() + skew + TimeDelta::seconds(1);
        assert_eq!(
            verify(&request(&f, b""), &f.key, late, skew),
            Err(Rejection::ClockSkew { skew_seconds: -301 })
        );
        let early = now() - skew - TimeDelta::seconds(1);
        assert_eq!(
            verify(&request(&f, b""), &f.key, early, skew),
            Err(Rejection::ClockSkew { skew_seconds: 301 })
        );
    }

    #[test]
    fn rejects_tampering() {
        let f = fixture(b"{}");
        let skew = DEFAULT_MAX_CLOCK_SKEW;
        let other_key = AccessKey::new("AAAA").unwrap_or_else(|e| panic!("{e}"));
        let base = request(&f, b"{}");
        let cases = [
            (
                ReceivedRequest {
                    body: b"{ }",
                    ..base
                },
                Rejection::ContentHashMismatch,
            ),
            (
                ReceivedRequest {
                    method: "PUT",
                    ..base
                },
                Rejection::BadSignature,
            ),
            (
                ReceivedRequest {
                    host: "h.example",
                    ..base
                },
                Rejection::BadSignature,
            ),
            (
                ReceivedRequest {
                    path_and_query: "/chat/threads?api-version=2024-03-07",
                    ..base
                },
                Rejection::BadSignature,
            ),
            (
                ReceivedRequest {
                    x_ms_date: Some("Mon, 01 Jan 2024 00:00:01 GMT"),
                    ..base
                },
                Rejection::BadSignature,
            ),
        ];
        for (req, rejection) in cases {
            assert_eq!(verify(&req, &f.key, now(), skew), Err(rejection), "{req:?}");
        }
        assert_eq!(
            verify(&base, &other_key, now(), skew),
            Err(Rejection::BadSignature)
        );
    }

    #[test]
    fn lower_case_method_verifies() {
        let f = fixture(b"");
        let req = ReceivedRequest {
            method: "post",
            ..request(&f, b"")
        };
        assert_eq!(verify(&req, &f.key, now(), DEFAULT_MAX_CLOCK_SKEW), Ok(()));
    }

    #[test]
    fn rejects_malformed_headers() {
        let f = fixture(b"");
        let skew = DEFAULT_MAX_CLOCK_SKEW;
        let base = request(&f, b"");
        let signature = f
            .authorization
            .split_once("&")
            .map(|(_, s)| s)
            .unwrap_or_default();
        let wrong_list = format!("HMAC-SHA256 SignedHeaders=x-ms-date;host&{signature}");
        let cases = [
            ("Bearer abc", Rejection::MalformedAuthorization),
            ("HMAC-SHA256", Rejection::MalformedAuthorization),
            (
                "HMAC-SHA256 Signature=abc",
                Rejection::MalformedAuthorization,
            ),
            (
                "HMAC-SHA256 SignedHeaders=x&Sig=abc",
                Rejection::MalformedAuthorization,
            ),
            (&wrong_list as &str, Rejection::UnsupportedSignedHeaders),
            (
                "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=!!!",
                Rejection::BadSignature,
            ),
            (
                "HMAC-SHA256 SignedHeaders=é&Signature=",
                Rejection::UnsupportedSignedHeaders,
            ),
        ];
        for (authorization, rejection) in cases {
            let req = ReceivedRequest {
                authorization: Some(authorization),
                ..base
            };
            assert_eq!(
                verify(&req, &f.key, now(), skew),
                Err(rejection),
                "{authorization}"
            );
        }
        let req = ReceivedRequest {
            x_ms_date: Some("yesterday"),
            ..base
        };
        assert_eq!(
            verify(&req, &f.key, now(), skew),
            Err(Rejection::MalformedDate)
        );
    }

    #[test]
    fn scheme_and_parameter_names_are_case_insensitive() {
        let f = fixture(b"");
        let lower = f
            .authorization
            .replace("HMAC-SHA256", "hmac-sha256")
            .replace("SignedHeaders=", "signedheaders=")
            .replace("Signature=", "signature=");
        let req = ReceivedRequest {
            authorization: Some(&lower),
            ..request(&f, b"")
        };
        assert_eq!(verify(&req, &f.key, now(), DEFAULT_MAX_CLOCK_SKEW), Ok(()));
    }
}
