//! [`Secret`]: a string that must not end up in logs or error messages.

use std::fmt;
use std::sync::Arc;

use subtle::ConstantTimeEq;

/// A secret string: an access key, a user access token or a connection string.
///
/// - It has no `Display`, and its `Debug` prints `Secret(<redacted>)`.
/// - Reading the value takes an explicit [`expose_secret`](Self::expose_secret) call.
/// - Equality compares in constant time (for equal lengths); clones compare equal at once.
/// - Cloning is cheap (the text is shared behind an `Arc`).
///
/// ```
/// use acs_auth::Secret;
///
/// let secret = Secret::new("s3cr3t");
/// assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
/// assert_eq!(secret.expose_secret(), "s3cr3t");
/// assert_eq!(secret, Secret::from("s3cr3t".to_owned()));
/// ```
#[derive(Clone)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value.
    ///
    /// ```
    /// use acs_auth::Secret;
    ///
    /// let secret = Secret::new("s3cr3t");
    /// assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    /// ```
    pub fn new(value: impl Into<Arc<str>>) -> Self {
        Self(value.into())
    }

    /// The secret value. Every call site is a place where the secret leaves its wrapper: keep
    /// it out of logs and error messages.
    ///
    /// ```
    /// use acs_auth::Secret;
    ///
    /// assert_eq!(Secret::new("s3cr3t").expose_secret(), "s3cr3t");
    /// ```
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        // Clones share their text: one pointer comparison (it tells nothing of the text)
        // instead of a constant-time walk over a ~600-byte token on every request.
        Arc::ptr_eq(&self.0, &other.0) || bool::from(self.0.as_bytes().ct_eq(other.0.as_bytes()))
    }
}

impl Eq for Secret {}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<Box<str>> for Secret {
    fn from(value: Box<str>) -> Self {
        Self::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new("hunter2");
        let text = format!("{secret:?} {secret:#?}");
        assert!(!text.contains("hunter2"));
    }

    #[test]
    fn equality() {
        assert_eq!(Secret::new("abc"), Secret::new("abc"));
        assert_ne!(Secret::new("abc"), Secret::new("abd"));
        assert_ne!(Secret::new("abc"), Secret::new("abcd"));
        assert_ne!(Secret::new(""), Secret::new("a"));
    }

    #[test]
    fn clone_shares_the_text() {
        let a = Secret::new("shared");
        let b = a.clone();
        assert!(std::ptr::eq(a.expose_secret(), b.expose_secret()));
        assert_eq!(a, b); // the shortcut for clones
        assert_eq!(a, Secret::new("shared")); // another copy of the same text
        assert_ne!(a, Secret::new("shareD"));
    }
}
