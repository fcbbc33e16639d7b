//! The platform's root certificates on Linux and the other Unix systems whose trust store is a
//! set of PEM files, loaded as `rustls-native-certs` loads them for `rustls-platform-verifier`,
//! only faster.
//!
//! `rustls-platform-verifier` builds, on these systems, a webpki verifier over the roots that
//! `rustls-native-certs` finds: the file and directories of `SSL_CERT_FILE` / `SSL_CERT_DIR`, or
//! else the locations `openssl-probe` finds; every file of a directory read once (symlinks
//! resolved, a file reached twice read once), every `CERTIFICATE` section of every file, sorted
//! and deduplicated. It decodes the PEM text with a constant-time base64 decoder (made for
//! private keys), ~4 ms of CPU for the ~440 KB of a Debian trust store, on the first TLS
//! connection of every process. Root certificates are public, so this module reads the same
//! files in the same way and decodes them with the `pem` crate's ordinary base64; a file the
//! `pem` crate refuses is read again with the `rustls-pki-types` parser, so the roots are the
//! same certificate for certificate. The verifier built over them is rustls's
//! `WebPkiServerVerifier`, the one `rustls-platform-verifier` wraps there.

use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;

/// Where the roots are, `(file, directories)`, as `rustls-native-certs` decides: from
/// `SSL_CERT_FILE` and `SSL_CERT_DIR` (a `:`-separated list) when either is set, otherwise
/// where `openssl-probe` finds them.
fn locations() -> (Option<PathBuf>, Vec<PathBuf>) {
    let file = std::env::var_os("SSL_CERT_FILE").map(PathBuf::from);
    let dirs: Vec<PathBuf> = std::env::var_os("SSL_CERT_DIR")
        .map(|dirs| {
            std::env::split_paths(&dirs)
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if file.is_some() || !dirs.is_empty() {
        return (file, dirs);
    }
    let probed = openssl_probe::probe();
    (probed.cert_file, probed.cert_dir)
}

/// The platform's root certificates, sorted and without duplicates.
pub(crate) fn load() -> Vec<CertificateDer<'static>> {
    let (file, dirs) = locations();
    load_from(file.as_deref(), &dirs)
}

/// The roots in `file` and in the files of `dirs`, as `rustls-native-certs` collects them.
fn load_from(file: Option<&Path>, dirs: &[PathBuf]) -> Vec<CertificateDer<'static>> {
    let mut certificates = Vec::new();
    let mut seen = HashSet::new();
    if let Some(file) = file {
        if let Ok(metadata) = fs::metadata(file) {
            seen.insert((metadata.dev(), metadata.ino()));
        }
        read_file(file, &mut certificates);
    }
    for dir in dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // Symlinks resolved, as `openssl rehash` makes them.
            let Ok(metadata) = fs::metadata(&path) else {
                continue;
            };
            if metadata.is_file() && seen.insert((metadata.dev(), metadata.ino())) {
                read_file(&path, &mut certificates);
            }
        }
    }
    certificates.sort_unstable_by(|a, b| a.as_ref().cmp(b.as_ref()));
    certificates.dedup();
    certificates
}

/// Appends every `CERTIFICATE` section of the PEM file at `path`.
fn read_file(path: &Path, out: &mut Vec<CertificateDer<'static>>) {
    let Ok(text) = fs::read(path) else {
        return;
    };
    match pem::parse_many(&text) {
        Ok(sections) => out.extend(
            sections
                .into_iter()
                .filter(|section| section.tag() == "CERTIFICATE")
                .map(|section| CertificateDer::from(section.into_contents())),
        ),
        // What the `pem` crate refuses, the parser `rustls-native-certs` uses decides.
        Err(_) => out.extend(CertificateDer::pem_slice_iter(&text).filter_map(Result::ok)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same roots as `rustls-native-certs` (what `rustls-platform-verifier` trusts).
    #[test]
    fn the_same_roots_as_rustls_native_certs() {
        let mut theirs = rustls_native_certs::load_native_certs().certs;
        theirs.sort_unstable_by(|a, b| a.as_ref().cmp(b.as_ref()));
        theirs.dedup();
        assert_eq!(load(), theirs);
    }

    #[test]
    fn reads_a_file_and_a_directory_once_each_and_skips_other_sections() {
        let dir = std::env::temp_dir().join(format!("acs-core-roots-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let one = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
        let two = "-----BEGIN CERTIFICATE-----\nBAUG\n-----END CERTIFICATE-----\n";
        let key = "-----BEGIN PRIVATE KEY-----\nBwgJ\n-----END PRIVATE KEY-----\n";
        let bundle = dir.join("bundle.pem");
        fs::write(&bundle, format!("# a comment\n{one}{key}")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.join("two.pem"), format!("{two}{one}")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.join("broken.pem"), "-----BEGIN CERTIFICATE-----\n!!\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let roots = load_from(Some(&bundle), std::slice::from_ref(&dir));
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(
            roots,
            [
                CertificateDer::from(vec![1, 2, 3]),
                CertificateDer::from(vec![4, 5, 6])
            ]
        );
    }
}
