//! HMAC-SHA256 request signing, as the Communication Services data plane expects it, and the
//! matching [verifier](verify) for servers (the emulator).
//!
//! ```text
//! x-ms-content-sha256: base64(SHA-256(body))
//! x-ms-date:           RFC 1123 date in GMT, e.g. "Mon, 01 Jan 2024 00:00:00 GMT"
//! string-to-sign:      VERB "\n" path?query "\n" x-ms-date ";" host[:port] ";" x-ms-content-sha256
//! Authorization:       HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=
//!                      base64(HMAC-SHA256(base64decode(access key), string-to-sign))
//! ```
//!
//! Everything here is sans-IO: pure functions of the request as it goes on the wire, a time and
//! a key. The `path?query` is signed exactly as sent (percent-encoding included) and the port is
//! part of the host only when it is not the scheme's default.

mod verifier;

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use url::{Position, Url};

use crate::access_key::AccessKey;
use crate::clock::{Clock, SystemClock};
use crate::connection_string::ConnectionString;
use crate::error::{Error, Result};

pub use verifier::{DEFAULT_MAX_CLOCK_SKEW, ReceivedRequest, Rejection, verify};

/// Name of the header carrying the signing date.
///
/// ```
/// assert_eq!(acs_auth::hmac::X_MS_DATE, "x-ms-date");
/// ```
pub const X_MS_DATE: &str = "x-ms-date";
/// Name of the header carrying the base64 SHA-256 of the body.
///
/// ```
/// assert_eq!(acs_auth::hmac::X_MS_CONTENT_SHA256, "x-ms-content-sha256");
/// ```
pub const X_MS_CONTENT_SHA256: &str = "x-ms-content-sha256";
/// Name of the header carrying the signature.
///
/// ```
/// assert_eq!(acs_auth::hmac::AUTHORIZATION, "authorization");
/// ```
pub const AUTHORIZATION: &str = "authorization";
/// The headers covered by the signature, in order, as they appear in `Authorization`.
///
/// ```
/// use acs_auth::hmac::{SIGNED_HEADERS, X_MS_CONTENT_SHA256, X_MS_DATE};
///
/// assert_eq!(SIGNED_HEADERS, format!("{X_MS_DATE};host;{X_MS_CONTENT_SHA256}"));
/// ```
pub const SIGNED_HEADERS: &str = "x-ms-date;host;x-ms-content-sha256";
/// The `Authorization` scheme.
///
/// ```
/// assert_eq!(acs_auth::hmac::SCHEME, "HMAC-SHA256");
/// ```
pub const SCHEME: &str = "HMAC-SHA256";

/// The part of a request that is signed besides its method, body and date: the request target
/// (`path?query`) and the host (`host[:port]`), both exactly as they go on the wire.
///
/// ```
/// use acs_auth::hmac::RequestTarget;
///
/// let target = RequestTarget::parse(
///     "https://contoso.communication.azure.com:443/identities/8%3Aacs%3Aabc/:issueAccessToken?api-version=2023-10-01",
/// )?;
/// assert_eq!(target.path_and_query(), "/identities/8%3Aacs%3Aabc/:issueAccessToken?api-version=2023-10-01");
/// assert_eq!(target.host(), "contoso.communication.azure.com");
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTarget {
    path_and_query: String,
    host: String,
}

impl RequestTarget {
    /// A target from its parts, taken verbatim.
    ///
    /// ```
    /// use acs_auth::hmac::RequestTarget;
    ///
    /// let target = RequestTarget::new("/chat/threads?api-version=2024-03-07", "127.0.0.1:8443");
    /// assert_eq!(target, RequestTarget::parse("http://127.0.0.1:8443/chat/threads?api-version=2024-03-07")?);
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn new(path_and_query: impl Into<String>, host: impl Into<String>) -> Self {
        Self {
            path_and_query: path_and_query.into(),
            host: host.into(),
        }
    }

    /// The target of a request to `url`, as an HTTP client built on the `url` crate (reqwest,
    /// hyper) sends it: `url.path()` plus `?` and `url.query()` when there is a query, and the
    /// host with the port only when it is not the scheme's default. The fragment is not sent.
    ///
    /// ```
    /// use acs_auth::hmac::RequestTarget;
    ///
    /// let url = url::Url::parse("https://contoso.communication.azure.com/emails:send?api-version=2023-03-31#top").unwrap();
    /// let target = RequestTarget::from_url(&url)?;
    /// assert_eq!(target.path_and_query(), "/emails:send?api-version=2023-03-31");
    /// assert_eq!(target.host(), "contoso.communication.azure.com");
    ///
    /// let no_host = url::Url::parse("data:text/plain,hello").unwrap();
    /// assert!(RequestTarget::from_url(&no_host).is_err());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequestUrl`] when the URL has no host.
    pub fn from_url(url: &Url) -> Result<Self> {
        let (path_and_query, host) = target_of(url)?;
        Ok(Self::new(path_and_query, host))
    }

    /// Parses `url` with the `url` crate and takes its target as [`from_url`](Self::from_url)
    /// does.
    ///
    /// ```
    /// use acs_auth::hmac::RequestTarget;
    ///
    /// let target = RequestTarget::parse("http://localhost:8080/identities")?;
    /// assert_eq!(target.host(), "localhost:8080");
    /// assert!(RequestTarget::parse("not a url").is_err());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequestUrl`] when the URL does not parse or has no host.
    pub fn parse(url: &str) -> Result<Self> {
        let url = Url::parse(url).map_err(|_| Error::InvalidRequestUrl {
            reason: "it is not a valid absolute URL",
        })?;
        Self::from_url(&url)
    }

    /// The request target, `path?query`, as sent.
    ///
    /// ```
    /// let target = acs_auth::hmac::RequestTarget::parse("http://127.0.0.1/a%20b?x=1")?;
    /// assert_eq!(target.path_and_query(), "/a%20b?x=1");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// `host[:port]`, as in the `Host` header.
    ///
    /// ```
    /// let target = acs_auth::hmac::RequestTarget::parse("https://example.com:443/")?;
    /// assert_eq!(target.host(), "example.com");
    /// let target = acs_auth::hmac::RequestTarget::parse("https://example.com:8443/")?;
    /// assert_eq!(target.host(), "example.com:8443");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// The three headers that authenticate a request, plus the string they sign.
///
/// `Debug` shows the date, the content hash and the string-to-sign, but not the signature: a
/// valid `Authorization` value can be replayed within the server's clock-skew window.
///
/// ```
/// use acs_auth::AccessKey;
/// use acs_auth::hmac::{RequestTarget, sign};
/// use chrono::{TimeZone, Utc};
///
/// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
/// let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
/// let headers = sign("POST", &target, b"", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), &key);
///
/// let debug = format!("{headers:?}");
/// assert!(debug.contains("Mon, 01 Jan 2024 00:00:00 GMT"));
/// assert!(!debug.contains(headers.authorization()));
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    date: String,
    content_sha256: String,
    authorization: String,
    string_to_sign: String,
}

impl SignedHeaders {
    /// The `x-ms-date` value.
    ///
    /// ```
    /// # use acs_auth::{AccessKey, hmac::{RequestTarget, sign}};
    /// # use chrono::{TimeZone, Utc};
    /// # let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// # let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
    /// let headers = sign("POST", &target, b"", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), &key);
    /// assert_eq!(headers.x_ms_date(), "Mon, 01 Jan 2024 00:00:00 GMT");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn x_ms_date(&self) -> &str {
        &self.date
    }

    /// The `x-ms-content-sha256` value.
    ///
    /// ```
    /// # use acs_auth::{AccessKey, hmac::{RequestTarget, sign}};
    /// # use chrono::{TimeZone, Utc};
    /// # let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// # let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
    /// let headers = sign("POST", &target, b"", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), &key);
    /// assert_eq!(headers.x_ms_content_sha256(), acs_auth::hmac::content_sha256(b""));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn x_ms_content_sha256(&self) -> &str {
        &self.content_sha256
    }

    /// The `Authorization` value (mark the header sensitive when you set it).
    ///
    /// ```
    /// # use acs_auth::{AccessKey, hmac::{RequestTarget, sign}};
    /// # use chrono::{TimeZone, Utc};
    /// # let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// # let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
    /// let headers = sign("POST", &target, b"", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), &key);
    /// assert!(headers.authorization().starts_with("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature="));
    /// assert!(headers.authorization().ends_with("oWaPt2pZDc3YQ8R653tz3rQ0uTitV45pA35QijRXBls="));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The string that was signed (for tests and diagnostics; it contains no secret).
    ///
    /// ```
    /// # use acs_auth::{AccessKey, hmac::{RequestTarget, sign}};
    /// # use chrono::{TimeZone, Utc};
    /// # let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// # let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
    /// let headers = sign("POST", &target, b"", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), &key);
    /// assert_eq!(
    ///     headers.string_to_sign(),
    ///     "POST\n/identities?api-version=2023-10-01\nMon, 01 Jan 2024 00:00:00 GMT;127.0.0.1:8443;47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    /// );
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The three headers as `(lower-case name, value)` pairs, ready to insert into a request.
    ///
    /// ```
    /// # use acs_auth::{AccessKey, hmac::{RequestTarget, sign}};
    /// # use chrono::{TimeZone, Utc};
    /// # let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// # let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
    /// let headers = sign("POST", &target, b"", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), &key);
    /// let names: Vec<&str> = headers.headers().iter().map(|(name, _)| *name).collect();
    /// assert_eq!(names, ["x-ms-date", "x-ms-content-sha256", "authorization"]);
    /// assert_eq!(headers.headers()[2].1, headers.authorization());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn headers(&self) -> [(&'static str, &str); 3] {
        [
            (X_MS_DATE, &self.date),
            (X_MS_CONTENT_SHA256, &self.content_sha256),
            (AUTHORIZATION, &self.authorization),
        ]
    }
}

impl fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("x_ms_date", &self.date)
            .field("x_ms_content_sha256", &self.content_sha256)
            .field("authorization", &"<redacted>")
            .field("string_to_sign", &self.string_to_sign)
            .finish()
    }
}

/// Signs a request to `url` (see [`RequestTarget::from_url`] for what is taken from it).
///
/// ```
/// use acs_auth::AccessKey;
/// use acs_auth::hmac::sign_request;
/// use chrono::{TimeZone, Utc};
///
/// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
/// let url = url::Url::parse("http://127.0.0.1:8443/identities?api-version=2023-10-01").unwrap();
/// let date = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
///
/// let headers = sign_request("POST", &url, b"", date, &key)?;
/// assert_eq!(headers.x_ms_date(), "Mon, 01 Jan 2024 00:00:00 GMT");
/// assert_eq!(headers.x_ms_content_sha256(), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
/// assert_eq!(
///     headers.string_to_sign(),
///     "POST\n/identities?api-version=2023-10-01\nMon, 01 Jan 2024 00:00:00 GMT;127.0.0.1:8443;47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
/// );
/// assert_eq!(
///     headers.authorization(),
///     "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=oWaPt2pZDc3YQ8R653tz3rQ0uTitV45pA35QijRXBls="
/// );
/// # Ok::<(), acs_auth::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidRequestUrl`] when the URL has no host.
pub fn sign_request(
    method: &str,
    url: &Url,
    body: &[u8],
    date: DateTime<Utc>,
    key: &AccessKey,
) -> Result<SignedHeaders> {
    let (path_and_query, host) = target_of(url)?;
    Ok(sign_target(method, path_and_query, host, body, date, key))
}

/// `url`'s path and query, and its host with the port when it is not the scheme's default,
/// as slices of the URL (as [`RequestTarget::from_url`] takes them).
fn target_of(url: &Url) -> Result<(&str, &str)> {
    let host = crate::endpoint::host_and_port(url).ok_or(Error::InvalidRequestUrl {
        reason: "it has no host",
    })?;
    Ok((&url[Position::BeforePath..Position::AfterQuery], host))
}

/// Signs a request given its target: the pure core of [`sign_request`]. `method` is
/// upper-cased.
///
/// ```
/// use acs_auth::AccessKey;
/// use acs_auth::hmac::{RequestTarget, sign};
/// use chrono::{TimeZone, Utc};
///
/// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
/// let target = RequestTarget::new("/identities?api-version=2023-10-01", "127.0.0.1:8443");
/// let date = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
///
/// let headers = sign("post", &target, b"", date, &key);
/// assert!(headers.string_to_sign().starts_with("POST\n"));
/// assert!(headers.authorization().ends_with("Signature=oWaPt2pZDc3YQ8R653tz3rQ0uTitV45pA35QijRXBls="));
/// # Ok::<(), acs_auth::Error>(())
/// ```
pub fn sign(
    method: &str,
    target: &RequestTarget,
    body: &[u8],
    date: DateTime<Utc>,
    key: &AccessKey,
) -> SignedHeaders {
    sign_target(
        method,
        target.path_and_query(),
        target.host(),
        body,
        date,
        key,
    )
}

/// [`sign`] of a target given as its two parts.
fn sign_target(
    method: &str,
    path_and_query: &str,
    host: &str,
    body: &[u8],
    date: DateTime<Utc>,
    key: &AccessKey,
) -> SignedHeaders {
    let date = http_date(date);
    let content_sha256 = content_sha256(body);
    let string_to_sign = string_to_sign(method, path_and_query, &date, host, &content_sha256);
    let signature = STANDARD.encode(hmac_sha256(key, &string_to_sign).finalize().into_bytes());
    SignedHeaders {
        authorization: format!("{SCHEME} SignedHeaders={SIGNED_HEADERS}&Signature={signature}"),
        date,
        content_sha256,
        string_to_sign,
    }
}

/// `x-ms-content-sha256` of a body: base64 of its SHA-256.
///
/// ```
/// assert_eq!(acs_auth::hmac::content_sha256(b""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
/// ```
pub fn content_sha256(body: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(body))
}

/// `x-ms-date` of a time: RFC 1123, always in GMT.
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// let date = Utc.with_ymd_and_hms(2026, 11, 22, 5, 16, 2).unwrap();
/// assert_eq!(acs_auth::hmac::http_date(date), "Sun, 22 Nov 2026 05:16:02 GMT");
/// ```
pub fn http_date(date: DateTime<Utc>) -> String {
    // `httpdate` formats the years 1970 to 9999 (and would panic outside them); chrono's
    // general formatter, ten times slower, takes the rest.
    match u64::try_from(date.timestamp()) {
        Ok(seconds) if seconds < LAST_HTTPDATE_SECOND => {
            httpdate::fmt_http_date(std::time::SystemTime::from(date))
        }
        _ => date.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
    }
}

/// 10000-01-01T00:00:00Z as Unix seconds: `httpdate` formats the times before it.
const LAST_HTTPDATE_SECOND: u64 = 253_402_300_800;

/// The string-to-sign: `VERB\npath?query\ndate;host;content-hash`, with the verb upper-cased.
///
/// ```
/// let s = acs_auth::hmac::string_to_sign(
///     "get",
///     "/chat/threads?api-version=2024-03-07",
///     "Mon, 01 Jan 2024 00:00:00 GMT",
///     "127.0.0.1:8443",
///     "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
/// );
/// assert_eq!(
///     s,
///     "GET\n/chat/threads?api-version=2024-03-07\nMon, 01 Jan 2024 00:00:00 GMT;127.0.0.1:8443;47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
/// );
/// ```
pub fn string_to_sign(
    method: &str,
    path_and_query: &str,
    x_ms_date: &str,
    host: &str,
    x_ms_content_sha256: &str,
) -> String {
    let mut text = String::with_capacity(
        method.len() + path_and_query.len() + x_ms_date.len() + host.len() + 48,
    );
    text.push_str(method);
    text.make_ascii_uppercase();
    for part in ["\n", path_and_query, "\n", x_ms_date, ";", host, ";"] {
        text.push_str(part);
    }
    text.push_str(x_ms_content_sha256);
    text
}

/// An HMAC-SHA256 keyed with the access key, fed with the string-to-sign.
fn hmac_sha256(key: &AccessKey, string_to_sign: &str) -> Hmac<Sha256> {
    let mut mac = key.mac();
    mac.update(string_to_sign.as_bytes());
    mac
}

/// Signs requests with an access key, taking the date from a [`Clock`]: the credential behind
/// connection-string (HMAC) authentication.
///
/// ```
/// use acs_auth::{ConnectionString, HmacCredential, ManualClock};
/// use chrono::{TimeZone, Utc};
///
/// let cs: ConnectionString =
///     "endpoint=http://127.0.0.1:8443/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".parse()?;
/// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
/// let credential = HmacCredential::from_connection_string(&cs).with_clock(clock);
///
/// let url = cs.endpoint().url().join("identities?api-version=2023-10-01").unwrap();
/// let headers = credential.sign("POST", &url, b"")?;
/// assert!(headers.authorization().ends_with("Signature=oWaPt2pZDc3YQ8R653tz3rQ0uTitV45pA35QijRXBls="));
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone)]
pub struct HmacCredential {
    key: AccessKey,
    clock: Arc<dyn Clock>,
}

impl HmacCredential {
    /// A credential signing with `key` at the system time.
    ///
    /// ```
    /// use acs_auth::{AccessKey, HmacCredential};
    ///
    /// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// let credential = HmacCredential::new(key.clone());
    /// assert_eq!(credential.access_key(), &key);
    /// let url = url::Url::parse("http://127.0.0.1:8443/identities").unwrap();
    /// assert!(credential.sign("POST", &url, b"")?.x_ms_date().ends_with(" GMT"));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn new(key: AccessKey) -> Self {
        Self {
            key,
            clock: Arc::new(SystemClock),
        }
    }

    /// A credential signing with the connection string's access key.
    ///
    /// ```
    /// use acs_auth::{ConnectionString, HmacCredential};
    ///
    /// let cs: ConnectionString = "endpoint=http://127.0.0.1:8443/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".parse()?;
    /// let credential = HmacCredential::from_connection_string(&cs);
    /// assert_eq!(credential.access_key(), cs.access_key());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn from_connection_string(connection_string: &ConnectionString) -> Self {
        Self::new(connection_string.access_key().clone())
    }

    /// Takes the signing date from `clock` instead of the system time.
    ///
    /// ```
    /// use acs_auth::{AccessKey, HmacCredential, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let credential = HmacCredential::new(AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?).with_clock(clock.clone());
    /// let url = url::Url::parse("http://127.0.0.1:8443/identities").unwrap();
    /// assert_eq!(credential.sign("GET", &url, b"")?.x_ms_date(), "Mon, 01 Jan 2024 00:00:00 GMT");
    ///
    /// clock.advance(chrono::TimeDelta::seconds(61));
    /// assert_eq!(credential.sign("GET", &url, b"")?.x_ms_date(), "Mon, 01 Jan 2024 00:01:01 GMT");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The access key.
    ///
    /// ```
    /// use acs_auth::{AccessKey, HmacCredential};
    ///
    /// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// assert_eq!(HmacCredential::new(key.clone()).access_key(), &key);
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn access_key(&self) -> &AccessKey {
        &self.key
    }

    /// Signs a request to `url` at the clock's current time (see [`sign_request`]).
    ///
    /// ```
    /// use acs_auth::{AccessKey, HmacCredential, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let credential = HmacCredential::new(AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?).with_clock(clock);
    /// let url = url::Url::parse("http://127.0.0.1:8443/identities?api-version=2023-10-01").unwrap();
    ///
    /// let headers = credential.sign("POST", &url, b"")?;
    /// assert!(headers.authorization().ends_with("Signature=oWaPt2pZDc3YQ8R653tz3rQ0uTitV45pA35QijRXBls="));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequestUrl`] when the URL has no host.
    pub fn sign(&self, method: &str, url: &Url, body: &[u8]) -> Result<SignedHeaders> {
        sign_request(method, url, body, self.clock.now(), &self.key)
    }
}

impl fmt::Debug for HmacCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacCredential")
            .field("key", &self.key)
            .field("clock", &self.clock)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn date() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn http_date_is_rfc_1123_in_gmt_on_both_sides_of_the_fast_formatter() {
        let chrono_format = |d: DateTime<Utc>| d.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        let dates = [
            Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59),
            Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0),
            Utc.with_ymd_and_hms(2000, 2, 29, 12, 0, 0),
            Utc.with_ymd_and_hms(2024, 12, 31, 23, 59, 59),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0),
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0),
        ];
        for date in dates.into_iter().filter_map(|d| d.single()) {
            assert_eq!(http_date(date), chrono_format(date), "{date:?}");
        }
        // Fractions of a second are dropped, as the header has none.
        let fraction = date() + TimeDelta::milliseconds(999);
        assert_eq!(http_date(fraction), "Mon, 01 Jan 2024 00:00:00 GMT");
    }

    #[test]
    fn http_date_pads_the_day() {
        let d = Utc
            .with_ymd_and_hms(2024, 3, 5, 7, 8, 9)
            .single()
            .unwrap_or_default();
        assert_eq!(http_date(d), "Tue, 05 Mar 2024 07:08:09 GMT");
    }

    #[test]
    fn method_is_upper_cased() -> Result<()> {
        let key = AccessKey::new(KEY)?;
        let target = RequestTarget::new("/", "h");
        assert_eq!(
            sign("post", &target, b"", date(), &key),
            sign("POST", &target, b"", date(), &key)
        );
        Ok(())
    }

    #[test]
    fn target_keeps_an_empty_query_and_drops_the_fragment() -> Result<()> {
        let target = RequestTarget::parse("https://h.example/a/b?#frag")?;
        assert_eq!(target.path_and_query(), "/a/b?");
        let target = RequestTarget::parse("https://h.example/a/b#frag")?;
        assert_eq!(target.path_and_query(), "/a/b");
        Ok(())
    }

    #[test]
    fn target_needs_a_host() {
        for url in [
            "mailto:someone@example.com",
            "data:text/plain,hi",
            "/relative",
        ] {
            assert!(
                matches!(
                    RequestTarget::parse(url),
                    Err(Error::InvalidRequestUrl { .. })
                ),
                "{url}"
            );
        }
    }

    #[test]
    fn debug_hides_the_signature() -> Result<()> {
        let key = AccessKey::new(KEY)?;
        let headers = sign("GET", &RequestTarget::new("/", "h"), b"", date(), &key);
        let debug = format!("{headers:?}");
        let signature = headers
            .authorization()
            .split_once("Signature=")
            .map(|(_, signature)| signature.to_owned())
            .unwrap_or_default();
        assert!(!signature.is_empty());
        assert!(!debug.contains(&signature), "{debug}");
        assert!(debug.contains("string_to_sign"));
        Ok(())
    }

    #[test]
    fn headers_lists_three_pairs() -> Result<()> {
        let key = AccessKey::new(KEY)?;
        let headers = sign("GET", &RequestTarget::new("/", "h"), b"x", date(), &key);
        let names: Vec<_> = headers.headers().iter().map(|(name, _)| *name).collect();
        assert_eq!(names, [X_MS_DATE, X_MS_CONTENT_SHA256, AUTHORIZATION]);
        Ok(())
    }
}
