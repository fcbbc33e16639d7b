//! [`EmulatorCredential`]: development tokens for the acs-rs emulator's ARM surface.

use std::fmt;
use std::sync::Arc;

use acs_auth::{Clock, SystemClock};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The HS256 key the emulator verifies development tokens with. It is documented and not a
/// secret: tokens signed with it are accepted by the local emulator only, never by Azure.
///
/// ```
/// assert_eq!(acs_management::EMULATOR_SIGNING_KEY, "acs-emulator-development-key");
/// ```
pub const EMULATOR_SIGNING_KEY: &str = "acs-emulator-development-key";

/// The `iss` of development tokens.
///
/// ```
/// assert_eq!(acs_management::EMULATOR_ISSUER, "https://login.acs-emulator.local/");
/// ```
pub const EMULATOR_ISSUER: &str = "https://login.acs-emulator.local/";

/// The `aud` of development tokens: Azure Resource Manager.
///
/// ```
/// assert_eq!(acs_management::EMULATOR_AUDIENCE, "https://management.azure.com");
/// ```
pub const EMULATOR_AUDIENCE: &str = "https://management.azure.com";

/// How long a development token lives, in seconds.
const LIFETIME_SECONDS: i64 = 3600;

/// A [`TokenCredential`] for the acs-rs emulator: it mints, locally and without any network,
/// `Authorization: Bearer` JWTs signed HS256 with [`EMULATOR_SIGNING_KEY`], with
/// `iss` = [`EMULATOR_ISSUER`], `aud` = [`EMULATOR_AUDIENCE`], `sub` = the principal name,
/// and an `exp` one hour ahead (on the credential's clock).
///
/// The emulator's ARM surface accepts exactly these tokens; Azure rejects them. Use it for
/// local development and tests, and `azure_identity`'s credentials for real Azure.
///
/// ```
/// use acs_management::EmulatorCredential;
/// use azure_core::credentials::TokenCredential;
///
/// # futures::executor::block_on(async {
/// let credential = EmulatorCredential::new();
/// let token = credential.get_token(&["https://management.azure.com/.default"], None).await?;
/// assert_eq!(token.token.secret().split('.').count(), 3);
/// assert!(!format!("{credential:?}").contains(token.token.secret()));
/// # Ok::<(), azure_core::Error>(()) }).unwrap();
/// ```
#[derive(Clone)]
pub struct EmulatorCredential {
    principal: String,
    clock: Arc<dyn Clock>,
}

impl EmulatorCredential {
    /// A credential for the principal `developer`, on the system clock.
    ///
    /// ```
    /// let credential = acs_management::EmulatorCredential::new();
    /// assert_eq!(credential.principal(), "developer");
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            principal: "developer".to_owned(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same credential for another principal (the token's `sub`, e.g. a test's name).
    ///
    /// ```
    /// let credential = acs_management::EmulatorCredential::new().with_principal("ci");
    /// assert_eq!(credential.principal(), "ci");
    /// ```
    #[must_use]
    pub fn with_principal(mut self, principal: impl Into<String>) -> Self {
        self.principal = principal.into();
        self
    }

    /// The same credential on another clock (tests pass an [`acs_auth::ManualClock`]).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use acs_auth::ManualClock;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap()));
    /// let credential = acs_management::EmulatorCredential::new().with_clock(clock);
    /// # let _ = credential;
    /// ```
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The principal of the tokens (their `sub`).
    ///
    /// ```
    /// assert_eq!(acs_management::EmulatorCredential::new().principal(), "developer");
    /// ```
    #[must_use]
    pub fn principal(&self) -> &str {
        &self.principal
    }

    /// A signed token and its expiry (Unix seconds).
    fn mint(&self) -> Result<(String, i64), String> {
        let now = self.clock.now().timestamp();
        let expires = now + LIFETIME_SECONDS;
        let header = serde_json::json!({"alg": "HS256", "typ": "JWT"});
        let claims = serde_json::json!({
            "iss": EMULATOR_ISSUER,
            "aud": EMULATOR_AUDIENCE,
            "sub": self.principal,
            "oid": self.principal,
            "iat": now,
            "nbf": now,
            "exp": expires,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(EMULATOR_SIGNING_KEY.as_bytes())
            .map_err(|_| "the emulator key is not a valid HMAC key".to_owned())?;
        mac.update(signing_input.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        Ok((format!("{signing_input}.{signature}"), expires))
    }
}

impl Default for EmulatorCredential {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for EmulatorCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorCredential")
            .field("issuer", &EMULATOR_ISSUER)
            .field("principal", &self.principal)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl TokenCredential for EmulatorCredential {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let (token, expires) = self.mint().map_err(|message| {
            azure_core::Error::with_message(azure_core::error::ErrorKind::Credential, message)
        })?;
        let expires_on =
            azure_core::time::OffsetDateTime::from_unix_timestamp(expires).map_err(|_| {
                azure_core::Error::with_message(
                    azure_core::error::ErrorKind::Credential,
                    "the token expiry is out of range",
                )
            })?;
        Ok(AccessToken::new(Secret::new(token), expires_on))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_auth::ManualClock;
    use chrono::{TimeZone as _, Utc};

    #[test]
    fn tokens_are_hs256_with_the_agreed_claims() -> Result<(), String> {
        let start = Utc
            .with_ymd_and_hms(2030, 1, 1, 0, 0, 0)
            .single()
            .ok_or("date")?;
        let credential = EmulatorCredential::new()
            .with_principal("tester")
            .with_clock(Arc::new(ManualClock::new(start)));
        let (token, expires) = credential.mint()?;
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let decode = |part: &str| -> Result<serde_json::Value, String> {
            let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|e| e.to_string())?;
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())
        };
        assert_eq!(decode(parts[0])?["alg"], "HS256");
        let claims = decode(parts[1])?;
        assert_eq!(claims["iss"], EMULATOR_ISSUER);
        assert_eq!(claims["aud"], EMULATOR_AUDIENCE);
        assert_eq!(claims["sub"], "tester");
        assert_eq!(claims["exp"], start.timestamp() + 3600);
        assert_eq!(expires, start.timestamp() + 3600);
        let mut mac = Hmac::<Sha256>::new_from_slice(EMULATOR_SIGNING_KEY.as_bytes())
            .map_err(|e| e.to_string())?;
        mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
        let expected = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        assert_eq!(parts[2], expected);
        Ok(())
    }
}
