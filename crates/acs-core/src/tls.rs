//! The SDK's default HTTP client: rustls with the `ring` crypto provider.
//!
//! reqwest's `rustls` feature brings the `aws-lc-rs` provider, whose random-number generator
//! seeds itself from CPU jitter the first time a process uses it: ~30 ms of CPU on the first TLS
//! connection of every process (every `acs` command, every short-lived job). `ring` draws its
//! randomness from the operating system (`getrandom`) and sets up in well under a millisecond.
//! Certificate verification is unchanged: what `rustls-platform-verifier` (the verifier reqwest
//! uses) does, with the platform's roots (plus the extra roots given), hostname checks and the
//! TLS 1.2 and 1.3 cipher suites of the provider; only the implementation of the primitives
//! differs. On Linux (and the other Unix systems whose trust store is PEM files) that verifier
//! is rustls's webpki verifier over the roots `rustls-native-certs` loads; acs-core builds the
//! same verifier over the same roots, read ~10× faster (see [`crate::system_roots`]). On macOS,
//! Windows and Android the platform verifier itself is used.

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
    let verifier = verifier(extra_roots, provider.clone()).map_err(invalid)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(invalid)?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    // As reqwest sets it for a client that speaks both HTTP/2 and HTTP/1.1.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// On Linux and the Unix systems whose trust store is PEM files: rustls's webpki verifier over
/// `extra_roots` and the system's roots, which is what `rustls-platform-verifier` builds there,
/// with the roots loaded by [`crate::system_roots`] (the same certificates, ~10× faster).
#[cfg(all(
    unix,
    not(target_os = "android"),
    not(target_vendor = "apple"),
    not(target_arch = "wasm32"),
))]
fn verifier(
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> std::result::Result<Arc<dyn rustls::client::danger::ServerCertVerifier>, rustls::Error> {
    let mut roots = rustls::RootCertStore::empty();
    // As rustls-platform-verifier: a bad extra root is an error, a bad system root is skipped.
    for root in extra_roots {
        roots.add(root)?;
    }
    roots.add_parsable_certificates(crate::system_roots::load());
    if roots.is_empty() {
        return Err(rustls::Error::General(
            "No CA certificates were loaded from the system".to_owned(),
        ));
    }
    let verifier =
        rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|error| rustls::Error::Other(rustls::OtherError(Arc::new(error))))?;
    Ok(verifier)
}

/// Elsewhere: the platform's own verifier (Security.framework, CryptoAPI, Android's).
#[cfg(not(all(
    unix,
    not(target_os = "android"),
    not(target_vendor = "apple"),
    not(target_arch = "wasm32"),
)))]
fn verifier(
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> std::result::Result<Arc<dyn rustls::client::danger::ServerCertVerifier>, rustls::Error> {
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider)
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider)
    }?;
    Ok(Arc::new(verifier))
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
