//! User access tokens: JWTs (HS256) signed with a secret made when the emulator starts.
//!
//! The claims follow the service's tokens: `skypeid` is the raw id without its `8:` prefix,
//! `acsScope` the comma-separated scopes and `resourceId` the resource; `sub` carries the whole
//! raw id and `scp` the scopes space-separated. `gen` is the identity's token generation:
//! revoking an identity's tokens bumps it, which invalidates every earlier token.
//!
//! Verifying a JWT (base64, HMAC, JSON) is the largest cost of an authenticated request, and a
//! client sends the same token on every request: [`TokenIssuer::verify`] keeps the claims of
//! tokens whose signature it has checked, keyed by the whole token (so by its exact signed
//! bytes), and checks the expiry against the clock on every use. Revocation and deletion are
//! not cached: callers compare `gen` with the identity's current generation on every request.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// The claims of an emulator token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Claims {
    pub(crate) sub: String,
    pub(crate) skypeid: String,
    pub(crate) scp: String,
    #[serde(rename = "acsScope")]
    pub(crate) acs_scope: String,
    #[serde(rename = "resourceId")]
    pub(crate) resource_id: String,
    pub(crate) iat: i64,
    pub(crate) exp: i64,
    pub(crate) jti: String,
    pub(crate) r#gen: u64,
}

impl Claims {
    /// The scopes, as sent when the token was issued.
    pub(crate) fn scopes(&self) -> impl Iterator<Item = &str> {
        self.acs_scope.split(',').filter(|scope| !scope.is_empty())
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRejection {
    Malformed,
    BadSignature,
    Expired,
}

/// How many verified tokens [`TokenIssuer`] remembers; when full it starts over (bounded memory).
const MAX_VERIFIED: usize = 4096;

/// Issues and verifies tokens.
pub(crate) struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    resource_id: String,
    /// Tokens whose signature verified, with their claims (never held across an await): keyed
    /// by the signature, so a lookup hashes 43 characters, not the whole token; a hit still
    /// compares the whole token.
    verified: Mutex<HashMap<Box<str>, Verified>>,
}

/// A remembered token: the whole token and its claims.
type Verified = (Box<str>, Arc<Claims>);

impl std::fmt::Debug for TokenIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenIssuer")
            .field("resource_id", &self.resource_id)
            .finish_non_exhaustive()
    }
}

impl TokenIssuer {
    pub(crate) fn new(secret: &[u8], resource_id: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against the emulator's (injectable) clock, not the system time.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims = HashSet::new();
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            resource_id: resource_id.to_owned(),
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// A token for `raw_id` with `scopes`, issued at `now` and expiring at `expires_on`.
    pub(crate) fn issue(
        &self,
        raw_id: &str,
        scopes: &[&str],
        generation: u64,
        now: DateTime<Utc>,
        expires_on: DateTime<Utc>,
    ) -> String {
        let claims = Claims {
            sub: raw_id.to_owned(),
            skypeid: raw_id.strip_prefix("8:").unwrap_or(raw_id).to_owned(),
            scp: scopes.join(" "),
            acs_scope: scopes.join(","),
            resource_id: self.resource_id.clone(),
            iat: now.timestamp(),
            exp: expires_on.timestamp(),
            jti: uuid::Uuid::new_v4().to_string(),
            r#gen: generation,
        };
        // HS256 signing of serializable claims does not fail.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .unwrap_or_default()
    }

    /// The claims of a token this issuer signed, when it has not expired at `now` (requests
    /// ask through `RequestContext::user_token`, which checks the signature once per request).
    #[cfg(test)]
    pub(crate) fn verify(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Arc<Claims>, TokenRejection> {
        unexpired(&self.signed_claims(token)?, now)
    }

    /// The claims of a token this issuer signed, whatever its expiry (see [`verify`](Self::verify)).
    pub(crate) fn signed_claims(&self, token: &str) -> Result<Arc<Claims>, TokenRejection> {
        let signature = token.rsplit('.').next().unwrap_or(token);
        let cached = self
            .verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(signature)
            .filter(|(whole, _)| **whole == *token)
            .map(|(_, claims)| Arc::clone(claims));
        let claims = match cached {
            Some(claims) => claims,
            None => {
                let claims =
                    jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
                        .map_err(|error| match error.kind() {
                            jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                                TokenRejection::BadSignature
                            }
                            _ => TokenRejection::Malformed,
                        })?
                        .claims;
                let claims = Arc::new(claims);
                let mut verified = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
                if verified.len() >= MAX_VERIFIED {
                    verified.clear();
                }
                verified.insert(signature.into(), (token.into(), Arc::clone(&claims)));
                claims
            }
        };
        Ok(claims)
    }

    /// How many verified tokens are remembered (for tests).
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// `claims`, unless they have expired at `now`.
pub(crate) fn unexpired(
    claims: &Arc<Claims>,
    now: DateTime<Utc>,
) -> Result<Arc<Claims>, TokenRejection> {
    if claims.exp <= now.timestamp() {
        return Err(TokenRejection::Expired);
    }
    Ok(Arc::clone(claims))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn round_trip_and_expiry() {
        let issuer = TokenIssuer::new(b"secret-secret-secret-secret-0123", "res");
        let token = issuer.issue(
            "8:acs:res_u",
            &["chat", "voip"],
            3,
            now(),
            now() + TimeDelta::hours(1),
        );
        let claims = issuer
            .verify(&token, now())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(claims.sub, "8:acs:res_u");
        assert_eq!(claims.skypeid, "acs:res_u");
        assert_eq!(claims.acs_scope, "chat,voip");
        assert_eq!(claims.scopes().collect::<Vec<_>>(), ["chat", "voip"]);
        assert_eq!(claims.r#gen, 3);
        assert_eq!(claims.exp - claims.iat, 3600);
        assert_eq!(
            issuer.verify(&token, now() + TimeDelta::hours(1)),
            Err(TokenRejection::Expired)
        );

        // acs-auth reads the expiry from the token the way a client does.
        let access = acs_auth::AccessToken::from_jwt(token).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(access.expires_on, now() + TimeDelta::hours(1));
    }

    #[test]
    fn foreign_and_garbage_tokens_are_refused() {
        let issuer = TokenIssuer::new(b"secret-secret-secret-secret-0123", "res");
        let other = TokenIssuer::new(b"another-secret-another-secret-01", "res");
        let token = other.issue(
            "8:acs:res_u",
            &["chat"],
            0,
            now(),
            now() + TimeDelta::hours(1),
        );
        assert_eq!(
            issuer.verify(&token, now()),
            Err(TokenRejection::BadSignature)
        );
        assert_eq!(
            issuer.verify("not a token", now()),
            Err(TokenRejection::Malformed)
        );
    }

    #[test]
    fn a_remembered_token_still_expires_and_a_tampered_one_is_checked_again() {
        let issuer = TokenIssuer::new(b"secret-secret-secret-secret-0123", "res");
        let token = issuer.issue(
            "8:acs:res_u",
            &["chat"],
            0,
            now(),
            now() + TimeDelta::hours(1),
        );
        for _ in 0..3 {
            assert!(issuer.verify(&token, now()).is_ok());
        }
        assert_eq!(issuer.remembered(), 1);
        assert_eq!(
            issuer.verify(&token, now() + TimeDelta::hours(2)),
            Err(TokenRejection::Expired)
        );
        // A token differing in one signature character is not the remembered one.
        let position = token.len() - 5;
        let replacement = if token[position..].starts_with('A') {
            "B"
        } else {
            "A"
        };
        let mut tampered = token.clone();
        tampered.replace_range(position..=position, replacement);
        assert!(matches!(
            issuer.verify(&tampered, now()),
            Err(TokenRejection::BadSignature | TokenRejection::Malformed)
        ));
        // Nor is one with the remembered signature over other claims (the cache is keyed by
        // the signature, but a hit must be the whole token).
        let (header_and_payload, signature) = token.rsplit_once('.').unwrap_or_default();
        let other_claims = issuer.issue(
            "8:acs:res_admin",
            &["chat"],
            0,
            now(),
            now() + TimeDelta::hours(1),
        );
        let (other, _) = other_claims.rsplit_once('.').unwrap_or_default();
        assert_ne!(other, header_and_payload);
        assert!(matches!(
            issuer.verify(&format!("{other}.{signature}"), now()),
            Err(TokenRejection::BadSignature)
        ));
        // Refused tokens are not remembered.
        assert_eq!(issuer.remembered(), 1);
    }

    #[test]
    fn the_memory_of_verified_tokens_is_bounded() {
        let issuer = TokenIssuer::new(b"secret-secret-secret-secret-0123", "res");
        for index in 0..MAX_VERIFIED + 10 {
            let token = issuer.issue(
                &format!("8:acs:res_{index}"),
                &["chat"],
                0,
                now(),
                now() + TimeDelta::hours(1),
            );
            assert!(issuer.verify(&token, now()).is_ok());
        }
        assert!(issuer.remembered() <= MAX_VERIFIED);
    }
}
