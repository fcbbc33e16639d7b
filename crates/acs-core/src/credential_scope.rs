//! Where a pipeline's credentials may go: only to the origin (scheme, host and port) of the
//! endpoint the client was built for.
//!
//! Links the service hands out (`nextLink`, continuation links, `Operation-Location`) are
//! absolute URLs; one on another host or port must never receive the bearer token or the HMAC
//! signature. Such a link is refused with a clear error, or, when the client opted in, followed
//! without any credentials.
//!
//! One exception keeps real paging working: the service writes `nextLink`s on regional hosts of
//! its own DNS zone (endpoint `contoso.ppe.communication.azure.net`, link
//! `acs-chat-ppe.unitedstates.ppe.communication.azure.net`). When the endpoint is a host in one
//! of the Communication Services zones (`SERVICE_ZONES`), an `https` URL on the default port
//! on another host of the same zone is the service's too and gets the credentials. Nobody but
//! Microsoft can serve a host in those zones; any other host, scheme or port is "elsewhere".

use reqwest::Url;

use crate::{Error, Result};

/// The DNS zones of the Communication Services data plane (public, government and China
/// clouds, and the test rings).
const SERVICE_ZONES: &[&str] = &[
    "communication.azure.com",
    "communication.azure.net",
    "communication.azure.us",
    "communication.azure.cn",
    "communication.microsoft.com",
];

/// What the pipeline does with a request URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Credentials {
    /// The URL is on the endpoint's origin: authenticate it.
    Send,
    /// The URL is elsewhere and the pipeline follows such links: send it without credentials.
    Withhold,
}

/// The origin credentials are confined to, and what to do with URLs elsewhere.
#[derive(Debug, Clone, Default)]
pub(crate) struct CredentialScope {
    /// `None`: no endpoint was configured, so every URL is the client's own.
    origin: Option<url::Origin>,
    /// The service zone the endpoint's host is in (`https` endpoints only).
    zone: Option<&'static str>,
    /// Follow URLs on other origins (without credentials) instead of refusing them.
    follow_other_origins: bool,
}

impl CredentialScope {
    pub(crate) fn new(endpoint: Option<&Url>, follow_other_origins: bool) -> Self {
        Self {
            origin: endpoint.map(Url::origin),
            zone: endpoint.and_then(service_zone),
            follow_other_origins,
        }
    }

    /// Whether `url` may carry the credentials.
    pub(crate) fn admits(&self, url: &Url) -> bool {
        let Some(origin) = &self.origin else {
            return true;
        };
        same_origin(origin, url)
            || self
                .zone
                .is_some_and(|zone| service_zone(url) == Some(zone))
    }

    /// What to do with a request to `url`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a URL on another origin
    /// when the pipeline does not follow those; the message names both origins, never a
    /// credential.
    pub(crate) fn credentials_for(&self, url: &Url) -> Result<Credentials> {
        if self.admits(url) {
            return Ok(Credentials::Send);
        }
        if self.follow_other_origins {
            tracing::debug!(
                origin = %url.origin().ascii_serialization(),
                "following a link to another origin without credentials"
            );
            return Ok(Credentials::Withhold);
        }
        let endpoint = self
            .origin
            .as_ref()
            .map(url::Origin::ascii_serialization)
            .unwrap_or_default();
        Err(Error::invalid_input(format!(
            "refusing to send credentials to {}, which is not the endpoint's origin ({endpoint}); \
             links to other origins are followed (without credentials) only when the client's \
             options allow it",
            url.origin().ascii_serialization()
        )))
    }
}

/// The service zone of an `https` URL on the default port whose host is in one.
fn service_zone(url: &Url) -> Option<&'static str> {
    if url.scheme() != "https" || url.port().is_some() {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    SERVICE_ZONES.iter().copied().find(|zone| {
        host.strip_suffix(zone)
            .is_some_and(|label| label.len() > 1 && label.ends_with('.'))
    })
}

/// Whether `url` is on `origin` (a tuple origin: scheme, host and port), compared without
/// building `url`'s origin (which copies its host).
fn same_origin(origin: &url::Origin, url: &Url) -> bool {
    let url::Origin::Tuple(scheme, host, port) = origin else {
        return false;
    };
    let same_host = match (host, url.host()) {
        (url::Host::Domain(expected), Some(url::Host::Domain(actual))) => expected == actual,
        (url::Host::Ipv4(expected), Some(url::Host::Ipv4(actual))) => *expected == actual,
        (url::Host::Ipv6(expected), Some(url::Host::Ipv6(actual))) => *expected == actual,
        _ => false,
    };
    // The endpoint's scheme is one with tuple origins, so an equal scheme is one too.
    same_host && scheme == url.scheme() && Some(*port) == url.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|_| Url::parse("https://invalid.example").expect("valid"))
    }

    #[test]
    fn only_the_same_scheme_host_and_port_get_credentials() {
        let scope = CredentialScope::new(Some(&url("https://r.communication.azure.com")), false);
        for same in [
            "https://r.communication.azure.com/chat/threads?skip=1",
            "https://R.Communication.Azure.com:443/x",
        ] {
            assert_eq!(
                scope.credentials_for(&url(same)).ok(),
                Some(Credentials::Send),
                "{same}"
            );
        }
        for other in [
            "https://evil.example/chat/threads",
            "https://r.communication.azure.com:8443/x",
            "http://r.communication.azure.com/x",
            "https://r.communication.azure.com.evil.example/x",
            "https://user@evil.example/x",
        ] {
            let error = scope.credentials_for(&url(other)).err();
            assert!(
                error
                    .as_ref()
                    .is_some_and(|e| *e.kind() == crate::ErrorKind::InvalidInput),
                "{other}"
            );
            assert!(
                error.is_some_and(|e| e.to_string().contains("https://r.communication.azure.com")),
                "the message names the endpoint"
            );
        }
    }

    #[test]
    fn ip_endpoints_compare_address_and_port() {
        let scope = CredentialScope::new(Some(&url("https://127.0.0.1:8443")), false);
        assert!(scope.admits(&url("https://127.0.0.1:8443/chat/threads")));
        for other in [
            "https://127.0.0.2:8443/x",
            "https://[::1]:8443/x",
            "https://localhost:8443/x",
            "https://127.0.0.1/x",
            "blob:https://127.0.0.1:8443/x",
        ] {
            assert!(!scope.admits(&url(other)), "{other}");
        }
        let scope = CredentialScope::new(Some(&url("http://[::1]:9000")), false);
        assert!(scope.admits(&url("http://[0:0:0:0:0:0:0:1]:9000/x")));
        assert!(!scope.admits(&url("http://127.0.0.1:9000/x")));
    }

    #[test]
    fn other_origins_are_followed_without_credentials_only_when_allowed() {
        let scope = CredentialScope::new(Some(&url("http://127.0.0.1:8080")), true);
        assert_eq!(
            scope.credentials_for(&url("http://127.0.0.1:8080/a")).ok(),
            Some(Credentials::Send)
        );
        assert_eq!(
            scope.credentials_for(&url("http://127.0.0.1:8081/a")).ok(),
            Some(Credentials::Withhold)
        );
        assert!(
            !scope.admits(&url("http://localhost:8080/a")),
            "another host name"
        );
    }

    #[test]
    fn regional_hosts_of_the_endpoint_zone_get_credentials() {
        let scope = CredentialScope::new(
            Some(&url("https://contoso.ppe.communication.azure.net")),
            false,
        );
        assert!(scope.admits(&url(
            "https://acs-chat-ppe.unitedstates.ppe.communication.azure.net/chat/threads/x/messages"
        )));
        for other in [
            "https://evil.example/communication.azure.net",
            "https://communication.azure.net.evil.example/x",
            "https://evilcommunication.azure.net/x",
            "https://x.communication.azure.net:8443/x",
            "http://x.communication.azure.net/x",
            "https://x.communication.azure.com/x",
        ] {
            assert!(!scope.admits(&url(other)), "{other}");
        }
        let public =
            CredentialScope::new(Some(&url("https://contoso.communication.azure.com")), false);
        assert!(public.admits(&url("https://westus.chat.communication.azure.com/x")));
        let local = CredentialScope::new(Some(&url("http://127.0.0.1:1")), false);
        assert!(!local.admits(&url("https://x.communication.azure.com/x")));
    }

    #[test]
    fn without_an_endpoint_every_url_is_admitted() {
        let scope = CredentialScope::default();
        assert!(scope.admits(&url("https://anything.example")));
    }
}
