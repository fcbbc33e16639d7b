//! The SDK's default HTTP client: rustls with the `ring` crypto provider.
//!
//! reqwest's `rustls` feature brings the `aws-lc-rs` provider, whose random-number generator
//! seeds itself from CPU jitter the first time a process uses it: ~30 ms of CPU on the first TLS
//! connection of every process (every `acs` command, every short-lived job). `ring` draws its
//! randomness from the operating system (`getrandom`) and sets up in well under a millisecond.
//! Certificate verification is unchanged: the same `rustls-platform-verifier` reqwest uses,
//! with the platform's roots (plus the extra roots given), hostname checks and the TLS 1.2 and
//! 1.3 cipher suites of the provider; only the implementation of the primitives differs.

use std::sync::Arc;

use rustls::pki_types::CertificateDer;

use crate::error::{Error, ErrorKind, Result};

/// A reqwest [`ClientBuilder`](reqwest::ClientBuilder) whose TLS uses rustls with the `ring`
/// provider and the platform's certificate verifier, trusting the platform's roots and `extra_roots`.
///
/// The idiomatic clients build their default HTTP client with it; use it when you bring your own
/// client (e.g. to trust a local emulator's CA) and want the same fast TLS start-up.
/// The builder's own TLS settings (`add_root_certificate`, `min_tls_version`...) do not apply
/// to it: pass extra roots here.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`] when the verifier cannot be built from the roots.
///
/// # Examples
///
/// ```
/// let client = acs_core::http_client_builder(Vec::new())?.build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn http_client_builder(
    extra_roots: Vec<CertificateDer<'static>>,
) -> Result<reqwest::ClientBuilder> {
    let config = client_config(extra_roots)?;
    Ok(reqwest::Client::builder().tls_backend_preconfigured(config))
}

/// The rustls configuration behind [`http_client_builder`].
fn client_config(extra_roots: Vec<CertificateDer<'static>>) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let invalid = |error: rustls::Error| {
        Error::new(
            ErrorKind::InvalidInput,
            "the TLS configuration cannot be built",
        )
        .with_source(error)
    };
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider.clone())
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider.clone())
    }
    .map_err(invalid)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(invalid)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // As reqwest sets it for a client that speaks both HTTP/2 and HTTP/1.1.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_uses_ring_and_offers_both_http_versions() {
        let config = client_config(Vec::new()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.alpn_protocols,
            [b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        assert!(config.enable_sni);
        let ring = rustls::crypto::ring::default_provider();
        assert_eq!(
            config.crypto_provider().cipher_suites.len(),
            ring.cipher_suites.len()
        );
    }

    #[test]
    fn a_garbage_extra_root_is_refused() {
        let result = client_config(vec![CertificateDer::from(vec![1, 2, 3])]);
        assert!(result.is_err());
    }
}
