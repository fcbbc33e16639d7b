//! [`AccessKey`]: a resource's base64-encoded access key, validated once.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// A Communication Services access key (the `accesskey` of a connection string).
///
/// The key is base64 text; it is decoded and strictly validated once, at construction
/// (standard alphabet, canonical padding), so signing can never fail on a bad key. `Debug`
/// prints `AccessKey(<redacted>)`.
///
/// ```
/// use acs_auth::AccessKey;
///
/// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
/// assert_eq!(format!("{key:?}"), "AccessKey(<redacted>)");
/// assert!(AccessKey::new("not base64!").is_err());
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone)]
pub struct AccessKey {
    encoded: Secret,
    /// HMAC-SHA256 keyed with this key, before any data: signing clones it instead of
    /// hashing the key again for every request.
    keyed: Arc<Hmac<Sha256>>,
}

impl AccessKey {
    /// Validates and decodes a base64 access key. Surrounding whitespace is ignored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAccessKey`] when the key is empty or is not valid standard base64. The
    /// message never contains the key or any byte of it.
    ///
    /// ```
    /// use acs_auth::AccessKey;
    ///
    /// let key = AccessKey::new("AAECAwQ=")?;
    /// assert_eq!(key.secret().expose_secret(), "AAECAwQ=");
    /// assert!(AccessKey::new("not base64!").is_err());
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn new(base64_key: impl AsRef<str>) -> Result<Self> {
        let text = base64_key.as_ref().trim();
        if text.is_empty() {
            return Err(Error::InvalidAccessKey {
                reason: "it is empty",
            });
        }
        let decoded = STANDARD.decode(text).map_err(|_| Error::InvalidAccessKey {
            reason: "it is not valid base64",
        })?;
        if decoded.is_empty() {
            return Err(Error::InvalidAccessKey {
                reason: "it decodes to no bytes",
            });
        }
        let keyed =
            Hmac::<Sha256>::new_from_slice(&decoded).map_err(|_| Error::InvalidAccessKey {
                reason: "it is not usable as an HMAC-SHA256 key",
            })?;
        Ok(Self {
            encoded: Secret::new(text),
            keyed: Arc::new(keyed),
        })
    }

    /// The key as given (base64 text).
    ///
    /// ```
    /// use acs_auth::AccessKey;
    ///
    /// let key = AccessKey::new(" AAECAwQ= ")?;
    /// assert_eq!(key.secret().expose_secret(), "AAECAwQ=");
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn secret(&self) -> &Secret {
        &self.encoded
    }

    /// A fresh HMAC-SHA256 keyed with this key, ready to take the string-to-sign.
    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        Hmac::clone(&self.keyed)
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessKey(<redacted>)")
    }
}

impl PartialEq for AccessKey {
    fn eq(&self, other: &Self) -> bool {
        self.encoded == other.encoded
    }
}

impl Eq for AccessKey {}

impl FromStr for AccessKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_valid_keys() -> Result<()> {
        let key = AccessKey::new(" AAECAwQ= ")?;
        // Keyed with the decoded bytes: the same MAC as a key made from them directly.
        let mut ours = key.mac();
        let mut direct = Hmac::<Sha256>::new_from_slice(&[0, 1, 2, 3, 4]).map_err(|_| {
            Error::InvalidAccessKey {
                reason: "not a key",
            }
        })?;
        ours.update(b"data");
        direct.update(b"data");
        assert_eq!(ours.finalize().into_bytes(), direct.finalize().into_bytes());
        assert_eq!(key.secret().expose_secret(), "AAECAwQ=");
        Ok(())
    }

    #[test]
    fn rejects_invalid_keys_without_echoing_them() {
        for bad in [
            "",
            "   ",
            "abc",
            "AAECAwQ",
            "AAECAwQ==",
            "AA-_AwQ=",
            "AAEC AwQ=",
            "key=with=equals",
            "%%%%",
            "====",
        ] {
            let error = AccessKey::new(bad)
                .err()
                .unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(matches!(error, Error::InvalidAccessKey { .. }), "{bad:?}");
            let text = format!("{error} {error:?}");
            if !bad.trim().is_empty() {
                assert!(!text.contains(bad.trim()), "{text}");
            }
        }
    }
}
