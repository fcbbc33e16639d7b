//! [`AccessToken`]: a bearer token and its expiry.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::jwt;
use crate::secret::Secret;

/// A bearer token (a Communication Services user access token, or a Microsoft Entra ID token)
/// with its expiry.
///
/// Cloning is cheap: the token text is shared. `Debug` does not show the token.
///
/// ```
/// use acs_auth::{AccessToken, Secret};
/// use chrono::{TimeZone, Utc};
///
/// // An opaque token whose expiry is known from elsewhere:
/// let expires_on = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
/// let token = AccessToken::new("opaque-token", expires_on);
/// assert_eq!(token.token.expose_secret(), "opaque-token");
/// assert!(!format!("{token:?}").contains("opaque-token"));
///
/// // A JWT: the expiry is its `exp` claim.
/// let jwt = "eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.";
/// assert_eq!(AccessToken::from_jwt(jwt)?.expires_on, expires_on);
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The token, sent as `Authorization: Bearer <token>`.
    pub token: Secret,
    /// When the token expires.
    pub expires_on: DateTime<Utc>,
}

impl AccessToken {
    /// A token with a known expiry (for tokens whose expiry cannot be read from the token).
    ///
    /// ```
    /// use acs_auth::AccessToken;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let expires_on = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    /// let token = AccessToken::new("opaque-token", expires_on);
    /// assert_eq!(token.expires_on, expires_on);
    /// assert_eq!(token.token.expose_secret(), "opaque-token");
    /// ```
    pub fn new(token: impl Into<Secret>, expires_on: DateTime<Utc>) -> Self {
        Self {
            token: token.into(),
            expires_on,
        }
    }

    /// A JWT user access token, its expiry read from the `exp` claim (base64url payload, with
    /// or without padding). The signature is not checked.
    ///
    /// # Errors
    ///
    /// [`Error::MalformedToken`](crate::Error::MalformedToken) when the token is not three
    /// dot-separated parts, its payload is not base64url JSON, or `exp` is missing or not a
    /// number. The message never contains the token.
    ///
    /// ```
    /// use acs_auth::AccessToken;
    /// use chrono::{TimeZone, Utc};
    ///
    /// // Payload {"exp":1893456000}, unpadded base64url.
    /// let token = AccessToken::from_jwt("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")?;
    /// assert_eq!(token.expires_on, Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap());
    ///
    /// let err = AccessToken::from_jwt("not-a-jwt").unwrap_err();
    /// assert!(!err.to_string().contains("not-a-jwt"));
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn from_jwt(token: impl Into<Secret>) -> Result<Self> {
        let token = token.into();
        let expires_on = jwt::expires_on(token.expose_secret())?;
        Ok(Self { token, expires_on })
    }

    /// Whether the token has expired at `now`.
    ///
    /// ```
    /// use acs_auth::AccessToken;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    ///
    /// let expires_on = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    /// let token = AccessToken::new("t", expires_on);
    /// assert!(!token.is_expired_at(expires_on - TimeDelta::seconds(1)));
    /// assert!(token.is_expired_at(expires_on));
    /// ```
    pub fn is_expired_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_on
    }
}

/// A token returned by a token refresher: a JWT as text (its expiry read from it), or an
/// [`AccessToken`] with an explicit expiry.
///
/// ```
/// use acs_auth::{AccessToken, IntoAccessToken};
/// use chrono::{TimeZone, Utc};
///
/// let expires_on = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
/// let jwt = "eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.".to_owned();
/// assert_eq!(jwt.into_access_token()?.expires_on, expires_on);
///
/// let explicit = AccessToken::new("opaque", expires_on);
/// assert_eq!(explicit.clone().into_access_token()?, explicit);
/// assert!("opaque".to_owned().into_access_token().is_err());
/// # Ok::<(), acs_auth::Error>(())
/// ```
pub trait IntoAccessToken {
    /// Converts the refresher's output.
    ///
    /// # Errors
    ///
    /// [`Error::MalformedToken`](crate::Error::MalformedToken) when a JWT's expiry cannot be
    /// read.
    fn into_access_token(self) -> Result<AccessToken>;
}

impl IntoAccessToken for AccessToken {
    fn into_access_token(self) -> Result<AccessToken> {
        Ok(self)
    }
}

impl IntoAccessToken for String {
    fn into_access_token(self) -> Result<AccessToken> {
        AccessToken::from_jwt(self)
    }
}

impl IntoAccessToken for Secret {
    fn into_access_token(self) -> Result<AccessToken> {
        AccessToken::from_jwt(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn expiry_boundary() {
        let at = Utc
            .with_ymd_and_hms(2030, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let token = AccessToken::new("t", at);
        assert!(!token.is_expired_at(at - chrono::TimeDelta::seconds(1)));
        assert!(token.is_expired_at(at));
    }

    #[test]
    fn malformed_jwt_is_an_error() {
        assert!(matches!(
            AccessToken::from_jwt("definitely-not-a-jwt"),
            Err(crate::Error::MalformedToken { .. })
        ));
        assert!("x".to_owned().into_access_token().is_err());
    }
}
