//! HTTPS with a certificate made at start: a local CA, and a leaf for `localhost`, `127.0.0.1`
//! and `::1` signed by it. Clients trust the CA's PEM (rustls refuses a self-signed certificate
//! used both as CA and end entity, so the leaf is a separate non-CA certificate).

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::error::Error;

/// A TLS server configuration and the PEM of the CA that signed its certificate.
pub(crate) struct TlsMaterial {
    pub(crate) config: Arc<rustls::ServerConfig>,
    pub(crate) ca_pem: String,
}

/// Makes a CA and a leaf certificate for `names` (DNS names or IP addresses).
pub(crate) fn make(names: &[String]) -> Result<TlsMaterial, Error> {
    let ca_key = KeyPair::generate().map_err(|e| Error::tls("cannot make the CA key", e))?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())
        .map_err(|e| Error::tls("invalid CA parameters", e))?;
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "acs-emulator local CA");
    ca_params
        .distinguished_name
        .push(DnType::OrganizationName, "acs-rs");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params
        .self_signed(&ca_key)
        .map_err(|e| Error::tls("cannot sign the CA certificate", e))?;
    let issuer = Issuer::new(ca_params, ca_key);

    let leaf_key = KeyPair::generate().map_err(|e| Error::tls("cannot make the server key", e))?;
    let mut leaf_params = CertificateParams::new(names.to_vec())
        .map_err(|e| Error::tls("invalid server certificate names", e))?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "acs-emulator");
    leaf_params.is_ca = IsCa::ExplicitNoCa;
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_cert = leaf_params
        .signed_by(&leaf_key, &issuer)
        .map_err(|e| Error::tls("cannot sign the server certificate", e))?;

    let chain = vec![
        CertificateDer::from(leaf_cert.der().to_vec()),
        CertificateDer::from(ca_cert.der().to_vec()),
    ];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::tls("no usable TLS protocol version", e))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| Error::tls("the certificate is not usable", e))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsMaterial {
        config: Arc::new(config),
        ca_pem: ca_cert.pem(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_a_ca_and_a_server_config() {
        let material = make(&["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(material.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert_eq!(material.config.alpn_protocols.len(), 2);
    }
}
