//! [`Endpoint`]: the validated base URL of a Communication Services resource.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use url::{Host, Url};

use crate::error::{Error, Result};

/// The base URL of a Communication Services resource, e.g.
/// `https://contoso.communication.azure.com`.
///
/// Parsing normalises it:
/// - a scheme is required, and it must be `https`; `http` is accepted only for loopback hosts
///   (`localhost`, `127.0.0.0/8`, `[::1]`) so that local servers and the emulator work;
/// - a trailing `/` is accepted and dropped; any other path, a query, a fragment or user
///   credentials are rejected;
/// - the host is lower-cased and a port equal to the scheme's default is dropped.
///
/// [`Display`](fmt::Display) prints the normalised form, without a trailing `/`.
///
/// ```
/// use acs_auth::Endpoint;
///
/// let endpoint: Endpoint = "https://Contoso.communication.azure.com/".parse()?;
/// assert_eq!(endpoint.to_string(), "https://contoso.communication.azure.com");
/// assert_eq!(endpoint.authority(), "contoso.communication.azure.com");
///
/// let local: Endpoint = "http://127.0.0.1:8443".parse()?;
/// assert_eq!(local.authority(), "127.0.0.1:8443");
///
/// assert!("http://contoso.communication.azure.com".parse::<Endpoint>().is_err());
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    url: Url,
}

impl Endpoint {
    /// Parses and normalises an endpoint.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEndpoint`] naming what is wrong: no scheme, a scheme other than `https`
    /// (or `http` on a non-loopback host), no host, a path, a query, a fragment or credentials.
    /// The message never repeats the input.
    ///
    /// ```
    /// use acs_auth::Endpoint;
    ///
    /// let endpoint = Endpoint::parse("https://contoso.communication.azure.com")?;
    /// assert_eq!(endpoint.to_string(), "https://contoso.communication.azure.com");
    /// assert!(Endpoint::parse("http://contoso.communication.azure.com").is_err(), "plain http off loopback");
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn parse(endpoint: &str) -> Result<Self> {
        let text = endpoint.trim();
        if text.is_empty() {
            return Err(invalid("it is empty"));
        }
        if !text.contains("://") {
            return Err(invalid(
                "it has no scheme (expected `https://<resource host>`)",
            ));
        }
        let url = Url::parse(text).map_err(|_| invalid("it is not a valid URL"))?;
        Self::from_url(url)
    }

    /// Validates an already parsed URL as an endpoint (same rules as [`parse`](Self::parse)).
    ///
    /// # Errors
    ///
    /// As for [`parse`](Self::parse).
    ///
    /// ```
    /// use acs_auth::Endpoint;
    ///
    /// let url = url::Url::parse("http://127.0.0.1:8080").expect("a URL");
    /// assert!(Endpoint::from_url(url)?.is_loopback());
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn from_url(url: Url) -> Result<Self> {
        let loopback = match url.host() {
            None => return Err(invalid("it has no host")),
            Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(invalid(
                    "plain http is allowed only for loopback hosts; use https",
                ));
            }
            _ => return Err(invalid("the scheme must be https")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("it must not contain user credentials"));
        }
        if url.path() != "/" {
            return Err(invalid("it must not have a path"));
        }
        if url.query().is_some() {
            return Err(invalid("it must not have a query"));
        }
        if url.fragment().is_some() {
            return Err(invalid("it must not have a fragment"));
        }
        Ok(Self { url })
    }

    /// The endpoint as a URL, with path `/`; [`Url::join`] a relative path onto it to build a
    /// request URL.
    ///
    /// ```
    /// use acs_auth::Endpoint;
    ///
    /// let endpoint = Endpoint::parse("https://contoso.communication.azure.com")?;
    /// assert_eq!(endpoint.url().host_str(), Some("contoso.communication.azure.com"));
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The scheme: `https`, or `http` for a loopback host.
    ///
    /// ```
    /// use acs_auth::Endpoint;
    ///
    /// assert_eq!(Endpoint::parse("http://localhost:8080")?.scheme(), "http");
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn scheme(&self) -> &str {
        self.url.scheme()
    }

    /// The host, as it goes into the `Host` header and the string-to-sign: `host`, or
    /// `host:port` when the port is not the scheme's default.
    ///
    /// ```
    /// use acs_auth::Endpoint;
    ///
    /// assert_eq!(Endpoint::parse("http://127.0.0.1:8080")?.authority(), "127.0.0.1:8080");
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn authority(&self) -> String {
        authority(&self.url).unwrap_or_default()
    }

    /// Whether the host is a loopback address or `localhost`.
    ///
    /// ```
    /// use acs_auth::Endpoint;
    ///
    /// assert!(Endpoint::parse("http://[::1]:8080")?.is_loopback());
    /// assert!(!Endpoint::parse("https://contoso.communication.azure.com")?.is_loopback());
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn is_loopback(&self) -> bool {
        match self.url.host() {
            Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
    }
}

/// `host[:port]` of a URL, the port only when it is not the scheme's default (the `url` crate
/// already drops a default port of the special schemes).
pub(crate) fn authority(url: &Url) -> Option<String> {
    host_and_port(url).map(str::to_owned)
}

/// `host`, or `host:port` when the port is not the scheme's default (the URL keeps only such a
/// port), as a slice of `url`; `None` when it has no host.
pub(crate) fn host_and_port(url: &Url) -> Option<&str> {
    url.host_str()?;
    Some(&url[url::Position::BeforeHost..url::Position::AfterPort])
}

fn invalid(reason: &'static str) -> Error {
    Error::InvalidEndpoint { reason }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.url.as_str();
        f.write_str(text.strip_suffix('/').unwrap_or(text))
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Endpoint").field(&self.to_string()).finish()
    }
}

impl FromStr for Endpoint {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl TryFrom<Url> for Endpoint {
    type Error = Error;

    fn try_from(url: Url) -> Result<Self> {
        Self::from_url(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_endpoints() {
        let cases = [
            (
                "https://a.communication.azure.com",
                "https://a.communication.azure.com",
                "a.communication.azure.com",
            ),
            (
                "https://a.communication.azure.com/",
                "https://a.communication.azure.com",
                "a.communication.azure.com",
            ),
            (
                "  https://A.Communication.Azure.com/ ",
                "https://a.communication.azure.com",
                "a.communication.azure.com",
            ),
            (
                "https://a.communication.azure.com:443/",
                "https://a.communication.azure.com",
                "a.communication.azure.com",
            ),
            (
                "https://a.communication.azure.com:8443",
                "https://a.communication.azure.com:8443",
                "a.communication.azure.com:8443",
            ),
            (
                "http://localhost:8080/",
                "http://localhost:8080",
                "localhost:8080",
            ),
            ("http://LOCALHOST", "http://localhost", "localhost"),
            ("http://127.0.0.1:80", "http://127.0.0.1", "127.0.0.1"),
            (
                "http://127.5.6.7:9000",
                "http://127.5.6.7:9000",
                "127.5.6.7:9000",
            ),
            ("http://[::1]:8443/", "http://[::1]:8443", "[::1]:8443"),
            ("https://[::1]:443", "https://[::1]", "[::1]"),
        ];
        for (input, display, authority) in cases {
            let endpoint = Endpoint::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(endpoint.to_string(), display, "{input}");
            assert_eq!(endpoint.authority(), authority, "{input}");
            assert_eq!(endpoint.url().path(), "/", "{input}");
        }
    }

    #[test]
    fn bad_endpoints() {
        let cases = [
            ("", "empty"),
            ("   ", "empty"),
            ("contoso.communication.azure.com", "no scheme"),
            ("localhost:8080", "no scheme"),
            ("http://contoso.communication.azure.com", "loopback"),
            ("http://10.0.0.1", "loopback"),
            (
                "ftp://contoso.communication.azure.com",
                "scheme must be https",
            ),
            ("https://", "not a valid URL"),
            (
                "https://user:pw@contoso.communication.azure.com",
                "credentials",
            ),
            ("https://contoso.communication.azure.com/api", "path"),
            ("https://contoso.communication.azure.com//", "path"),
            ("https://contoso.communication.azure.com/?a=b", "query"),
            ("https://contoso.communication.azure.com/#x", "fragment"),
        ];
        for (input, expected) in cases {
            let error = Endpoint::parse(input)
                .err()
                .unwrap_or_else(|| panic!("{input} parsed"));
            let text = error.to_string();
            assert!(text.contains(expected), "{input}: {text}");
            assert!(matches!(error, Error::InvalidEndpoint { .. }));
        }
    }

    #[test]
    fn loopback_detection() {
        assert!(
            Endpoint::parse("http://localhost")
                .map(|e| e.is_loopback())
                .unwrap_or(false)
        );
        assert!(
            !Endpoint::parse("https://contoso.communication.azure.com")
                .map(|e| e.is_loopback())
                .unwrap_or(true)
        );
    }

    #[test]
    fn join_builds_request_urls() -> Result<()> {
        let endpoint = Endpoint::parse("https://contoso.communication.azure.com/")?;
        let url = endpoint
            .url()
            .join("identities?api-version=2023-10-01")
            .map_err(|_| invalid("join"))?;
        assert_eq!(
            url.as_str(),
            "https://contoso.communication.azure.com/identities?api-version=2023-10-01"
        );
        Ok(())
    }
}
