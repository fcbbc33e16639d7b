//! The platform's root certificates on Linux and the other Unix systems whose trust store is a
//! set of PEM files, loaded as `rustls-native-certs` loads them for `rustls-platform-verifier`,
//! only faster.
//!
//! `rustls-platform-verifier` builds, on these systems, a webpki verifier over the roots that
//! `rustls-native-certs` finds: the file and directories of `SSL_CERT_FILE` / `SSL_CERT_DIR`, or
//! else the locations `openssl-probe` finds; every file of a directory read once (symlinks
//! resolved, a file reached twice read once), every `CERTIFICATE` section of every file, sorted
//! and deduplicated. It decodes the PEM text with a constant-time base64 decoder (made for
//! private keys), and follows every symlink of the directory to its file to find the files it
//! has read already: ~4 ms of CPU for a Debian trust store (a 220 KB bundle and 146 files
//! behind 292 links), on the first TLS connection of every process. Root certificates are
//! public, so this module decodes the usual PEM text with the `base64` crate's ordinary
//! decoder, falling back to the `rustls-pki-types` parser for any file that is not plain
//! `CERTIFICATE` sections, and skips without a `stat` the links to another entry of the same
//! directory (that entry reaches the same file), so the roots are the same certificate for
//! certificate. The verifier built over them is rustls's
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
        let entries: Vec<fs::DirEntry> = entries.flatten().collect();
        let names: HashSet<std::ffi::OsString> =
            entries.iter().map(fs::DirEntry::file_name).collect();
        for entry in &entries {
            // A symlink to another entry of this directory (`openssl rehash`'s `<hash>.0` links)
            // reaches the file that entry reaches: that file is read (once) through the entry.
            if entry.file_type().is_ok_and(|kind| kind.is_symlink())
                && fs::read_link(entry.path()).is_ok_and(|target| {
                    target.parent() == Some(Path::new("")) && names.contains(target.as_os_str())
                })
            {
                continue;
            }
            let path = entry.path();
            // Symlinks resolved; a file reached twice is read once.
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

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// Appends every `CERTIFICATE` section of the PEM file at `path`.
fn read_file(path: &Path, out: &mut Vec<CertificateDer<'static>>) {
    let Ok(text) = fs::read(path) else {
        return;
    };
    match certificate_sections(&text) {
        Some(certificates) => out.extend(certificates),
        // Anything unusual: the parser `rustls-native-certs` uses decides.
        None => out.extend(CertificateDer::pem_slice_iter(&text).filter_map(Result::ok)),
    }
}

/// The `CERTIFICATE` sections of a well-formed PEM text (only base64 and whitespace between
/// the lines `-----BEGIN CERTIFICATE-----` and `-----END CERTIFICATE-----`), decoded; `None`
/// for anything else: other sections (`-----BEGIN` without this label), headers, bad base64.
fn certificate_sections(text: &[u8]) -> Option<Vec<CertificateDer<'static>>> {
    use base64::Engine as _;
    let text = std::str::from_utf8(text).ok()?;
    if text.matches("-----BEGIN").count() != text.matches(BEGIN).count() {
        return None;
    }
    let mut certificates = Vec::new();
    let mut body = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after = &rest[start + BEGIN.len()..];
        let end = after.find(END)?;
        body.clear();
        body.extend(after[..end].bytes().filter(|b| !b.is_ascii_whitespace()));
        let der = base64::engine::general_purpose::STANDARD
            .decode(&body)
            .ok()?;
        certificates.push(CertificateDer::from(der));
        rest = &after[end + END.len()..];
    }
    Some(certificates)
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
        std::os::unix::fs::symlink("two.pem", dir.join("0a1b2c3d.0"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("missing.pem", dir.join("0a1b2c3d.1"))
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
