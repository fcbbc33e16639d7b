//! [`AccessKey`]: a resource's base64-encoded access key, validated once.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

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
    decoded: Arc<[u8]>,
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
        Ok(Self {
            encoded: Secret::new(text),
            decoded: decoded.into(),
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

    /// The decoded key bytes, the HMAC key.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.decoded
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
        assert_eq!(key.bytes(), [0, 1, 2, 3, 4]);
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
