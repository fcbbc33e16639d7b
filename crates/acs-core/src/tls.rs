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
//! is rustls's webpki verifier over the roots `rustls-native-certs` loads; with extra roots, a
//! chain those alone verify is accepted without loading the system's (see `ExtraRootsFirst`).

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

/// On Linux and the Unix systems whose trust store is PEM files, `rustls-platform-verifier` is
/// rustls's webpki verifier over the extra roots and the system's: with extra roots, it is built
/// only when a server's chain does not verify against the extra roots alone (see
/// [`ExtraRootsFirst`]).
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
    if extra_roots.is_empty() {
        return Ok(Arc::new(rustls_platform_verifier::Verifier::new(provider)?));
    }
    let mut extra = rustls::RootCertStore::empty();
    // As rustls-platform-verifier: a bad extra root is an error.
    for root in &extra_roots {
        extra.add(root.clone())?;
    }
    let extra = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(extra),
        provider.clone(),
    )
    .build()
    .map_err(|error| rustls::Error::Other(rustls::OtherError(Arc::new(error))))?;
    Ok(Arc::new(ExtraRootsFirst {
        extra,
        extra_roots,
        provider,
        all: std::sync::OnceLock::new(),
    }))
}

/// The platform verifier over the extra roots and the system's (there: webpki over both), built
/// only when needed. Loading the system's roots costs ~4 ms of CPU (146 files behind 292 links
/// and a 220 KB bundle on Debian). A chain that verifies against the extra roots alone (a local
/// emulator's CA, a private CA) verifies against all of them, so it is accepted as it is; any
/// other chain (and any error) is decided by the platform verifier, built on first use. The
/// answers are the platform verifier's; a process that only talks to servers of its extra roots
/// never reads the system's trust store.
#[cfg(all(
    unix,
    not(target_os = "android"),
    not(target_vendor = "apple"),
    not(target_arch = "wasm32"),
))]
#[derive(Debug)]
struct ExtraRootsFirst {
    extra: Arc<rustls::client::WebPkiServerVerifier>,
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
    all:
        std::sync::OnceLock<std::result::Result<rustls_platform_verifier::Verifier, rustls::Error>>,
}

#[cfg(all(
    unix,
    not(target_os = "android"),
    not(target_vendor = "apple"),
    not(target_arch = "wasm32"),
))]
impl rustls::client::danger::ServerCertVerifier for ExtraRootsFirst {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        if let Ok(verified) = self.extra.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            return Ok(verified);
        }
        let all = self.all.get_or_init(|| {
            rustls_platform_verifier::Verifier::new_with_extra_roots(
                self.extra_roots.clone(),
                self.provider.clone(),
            )
        });
        match all {
            Ok(all) => {
                all.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            Err(error) => Err(error.clone()),
        }
    }

    // Signatures depend on the certificate and the provider's algorithms, not on the roots.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.extra.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.extra.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.extra.supported_verify_schemes()
    }
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

    /// A CA and a leaf for `localhost` signed by it.
    fn ca_and_leaf() -> (CertificateDer<'static>, CertificateDer<'static>) {
        use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
        let ca_key = KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap_or_else(|e| panic!("{e}"));
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca_cert = ca.self_signed(&ca_key).unwrap_or_else(|e| panic!("{e}"));
        let issuer = Issuer::new(ca, ca_key);
        let leaf_key = KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let leaf = CertificateParams::new(vec!["localhost".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"))
            .signed_by(&leaf_key, &issuer)
            .unwrap_or_else(|e| panic!("{e}"));
        (
            CertificateDer::from(ca_cert.der().to_vec()),
            CertificateDer::from(leaf.der().to_vec()),
        )
    }

    #[cfg(all(
        unix,
        not(target_os = "android"),
        not(target_vendor = "apple"),
        not(target_arch = "wasm32"),
    ))]
    #[test]
    fn extra_roots_first_accepts_only_what_all_the_roots_accept() {
        use rustls::pki_types::{ServerName, UnixTime};
        let (ca, leaf) = ca_and_leaf();
        let (_, stranger) = ca_and_leaf();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = verifier(vec![ca], provider).unwrap_or_else(|e| panic!("{e}"));
        // rcgen's certificates are valid from 1975 to 4096.
        let at = UnixTime::since_unix_epoch(std::time::Duration::from_secs(1_800_000_000));
        let verify = |cert: &CertificateDer<'_>, name: &'static str| {
            let name = ServerName::try_from(name).unwrap_or_else(|e| panic!("{e}"));
            verifier.verify_server_cert(cert, &[], &name, &[], at)
        };
        let accepted = verify(&leaf, "localhost");
        assert!(accepted.is_ok(), "{accepted:?}");
        // The wrong name, and a CA that is neither an extra nor a system root: refused.
        assert!(matches!(
            verify(&leaf, "example.com"),
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName
                    | rustls::CertificateError::NotValidForNameContext { .. }
            ))
        ));
        // (Signed by another key under the same CA name: the signature does not verify.)
        let refused = verify(&stranger, "localhost");
        assert!(
            matches!(
                refused,
                Err(rustls::Error::InvalidCertificate(
                    rustls::CertificateError::UnknownIssuer
                        | rustls::CertificateError::BadSignature
                ))
            ),
            "{refused:?}"
        );
    }
}
