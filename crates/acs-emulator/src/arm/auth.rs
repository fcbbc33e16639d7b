//! Bearer authentication of the ARM surface with the documented development issuer.
//!
//! The emulator accepts JWTs signed HS256 with [`SIGNING_KEY`] (public: this is a development
//! issuer, not a secret), whose `iss` is [`ISSUER`], whose `aud` is [`AUDIENCE`] (with or
//! without a trailing `/` or `/.default`) and whose `exp` is after the emulator's clock (and
//! `nbf`, when present, not after it). Anything else is a 401 with a challenge.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::request::RequestContext;

use super::error::ArmError;

/// The HS256 key of the development tokens the emulator's ARM surface accepts. It is public on
/// purpose: the development issuer is for local work, not a secret.
///
/// A token for the ARM surface, minted with `jsonwebtoken`:
///
/// ```
/// use acs_emulator::{ARM_TOKEN_AUDIENCE, ARM_TOKEN_ISSUER, ARM_TOKEN_SIGNING_KEY};
/// use jsonwebtoken::{EncodingKey, Header, encode};
///
/// let claims = serde_json::json!({
///     "iss": ARM_TOKEN_ISSUER,
///     "aud": ARM_TOKEN_AUDIENCE,
///     "exp": 4_102_444_800_i64, // 2100-01-01
///     "oid": "00000000-0000-0000-0000-000000000001",
/// });
/// let key = EncodingKey::from_secret(ARM_TOKEN_SIGNING_KEY.as_bytes());
/// let token = encode(&Header::default(), &claims, &key)?;
/// assert_eq!(token.split('.').count(), 3);
/// # Ok::<(), jsonwebtoken::errors::Error>(())
/// ```
pub const SIGNING_KEY: &str = "acs-emulator-development-key";

/// The `iss` of the development tokens the emulator's ARM surface accepts (with or without the
/// trailing `/`).
///
/// ```
/// assert_eq!(acs_emulator::ARM_TOKEN_ISSUER, "https://login.acs-emulator.local/");
/// ```
pub const ISSUER: &str = "https://login.acs-emulator.local/";

/// The `aud` of the development tokens the emulator's ARM surface accepts (also with a
/// trailing `/` or `/.default`, as Entra scopes have it).
///
/// ```
/// assert_eq!(acs_emulator::ARM_TOKEN_AUDIENCE, "https://management.azure.com");
/// ```
pub const AUDIENCE: &str = "https://management.azure.com";

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
struct Claims {
    iss: Option<String>,
    aud: Option<Audience>,
    exp: Option<i64>,
    nbf: Option<i64>,
    oid: Option<String>,
    sub: Option<String>,
}

/// Who made an ARM request (for `systemData`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    pub(crate) principal: String,
}

fn is_management_audience(aud: &str) -> bool {
    let aud = aud.strip_suffix("/.default").unwrap_or(aud);
    let aud = aud.strip_suffix('/').unwrap_or(aud);
    aud.eq_ignore_ascii_case(AUDIENCE)
}

/// Checks the `Authorization: Bearer` token of an ARM request.
pub(crate) fn authenticate(ctx: &RequestContext, now: DateTime<Utc>) -> Result<Caller, ArmError> {
    let Some(token) = ctx.bearer_token() else {
        return Err(ArmError::unauthorized(
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing or not a Bearer token.",
        ));
    };
    let mut validation = Validation::new(Algorithm::HS256);
    // exp and nbf are checked against the emulator's clock below, the audience by hand.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims = HashSet::new();
    let key = DecodingKey::from_secret(SIGNING_KEY.as_bytes());
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|_| {
            ArmError::unauthorized(
                "InvalidAuthenticationToken",
                "The access token is invalid: not an HS256 JWT signed by the emulator's development issuer.",
            )
        })?
        .claims;
    let issuer = claims.iss.as_deref().unwrap_or_default();
    if issuer.trim_end_matches('/') != ISSUER.trim_end_matches('/') {
        return Err(ArmError::unauthorized(
            "InvalidAuthenticationTokenIssuer",
            "The access token is from an unknown issuer: iss must be https://login.acs-emulator.local/.",
        ));
    }
    let audience_ok = match &claims.aud {
        Some(Audience::One(aud)) => is_management_audience(aud),
        Some(Audience::Many(auds)) => auds.iter().any(|aud| is_management_audience(aud)),
        None => false,
    };
    if !audience_ok {
        return Err(ArmError::unauthorized(
            "InvalidAuthenticationTokenAudience",
            "The access token has the wrong audience: aud must be https://management.azure.com.",
        ));
    }
    let now = now.timestamp();
    match claims.exp {
        Some(exp) if exp > now => {}
        _ => {
            return Err(ArmError::unauthorized(
                "ExpiredAuthenticationToken",
                "The access token has expired (or has no exp).",
            ));
        }
    }
    if claims.nbf.is_some_and(|nbf| nbf > now) {
        return Err(ArmError::unauthorized(
            "InvalidAuthenticationToken",
            "The access token is not valid yet (nbf).",
        ));
    }
    let principal = claims
        .oid
        .or(claims.sub)
        .unwrap_or_else(|| "acs-emulator-developer".to_owned());
    Ok(Caller { principal })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences() {
        for aud in [
            "https://management.azure.com",
            "https://management.azure.com/",
            "https://management.azure.com/.default",
            "HTTPS://management.azure.com",
        ] {
            assert!(is_management_audience(aud), "{aud}");
        }
        for aud in [
            "https://graph.microsoft.com",
            "",
            "https://management.azure.com.evil",
        ] {
            assert!(!is_management_audience(aud), "{aud}");
        }
    }
}
