//! How a request gets its credentials: the [`AuthPolicy`] trait and its implementations.

use std::sync::{Arc, Mutex, PoisonError};

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::{Error, Result};

/// Adds authentication to an outgoing request, before every attempt.
///
/// The pipeline calls [`AuthPolicy::authorize`] before the first attempt (a failure there fails
/// the call before anything is sent) and again before each retry, so every attempt is signed
/// afresh: a new `x-ms-date` and signature, a current token.
///
/// ```
/// use acs_core::{AuthPolicy, Result};
///
/// #[derive(Debug)]
/// struct StaticHeader;
///
/// #[async_trait::async_trait]
/// impl AuthPolicy for StaticHeader {
///     async fn authorize(&self, request: &mut reqwest::Request) -> Result<()> {
///         request
///             .headers_mut()
///             .insert("x-example", reqwest::header::HeaderValue::from_static("yes"));
///         Ok(())
///     }
/// }
/// ```
#[async_trait::async_trait]
pub trait AuthPolicy: std::fmt::Debug + Send + Sync {
    /// Adds the authentication headers to `request`.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Credential`](crate::ErrorKind::Credential) error when no credential can
    /// be obtained (a token refresher failed, a static token has expired, ...).
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<()>;

    /// Called once when the service answers 401 to `request`. Returns whether a fresh
    /// credential was obtained, in which case the request is authorized again and retried once.
    async fn on_unauthorized(&self, _request: &reqwest::Request) -> bool {
        false
    }
}

/// Signs requests with an access key (HMAC-SHA256), as Identity expects.
///
/// ```
/// use acs_auth::{AccessKey, HmacCredential};
/// use acs_core::HmacAuthPolicy;
///
/// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
/// let policy = HmacAuthPolicy::new(HmacCredential::new(key));
/// assert!(!format!("{policy:?}").contains("AAECAwQF"));
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct HmacAuthPolicy {
    credential: acs_auth::HmacCredential,
}

impl HmacAuthPolicy {
    /// A policy signing with `credential` (its clock gives the `x-ms-date`).
    ///
    /// ```
    /// use acs_auth::{AccessKey, HmacCredential, ManualClock};
    /// use acs_core::{AuthPolicy, HmacAuthPolicy};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let policy = HmacAuthPolicy::new(HmacCredential::new(key).with_clock(clock));
    ///
    /// let url = reqwest::Url::parse("http://127.0.0.1:8443/identities?api-version=2023-10-01").unwrap();
    /// let mut request = reqwest::Request::new(reqwest::Method::POST, url);
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// runtime.block_on(policy.authorize(&mut request)).expect("signed");
    /// assert_eq!(request.headers()["x-ms-date"], "Mon, 01 Jan 2024 00:00:00 GMT");
    /// assert!(request.headers()["authorization"].is_sensitive());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn new(credential: acs_auth::HmacCredential) -> Self {
        Self { credential }
    }
}

#[async_trait::async_trait]
impl AuthPolicy for HmacAuthPolicy {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<()> {
        let body: &[u8] = match request.body() {
            None => &[],
            Some(body) => body
                .as_bytes()
                .ok_or_else(|| Error::invalid_input("a streamed request body cannot be signed"))?,
        };
        let signed = self
            .credential
            .sign(request.method().as_str(), request.url(), body)?;
        let headers = request.headers_mut();
        for (name, value) in signed.headers() {
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| Error::invalid_input(format!("the {name} header is not valid")))?;
            let name = HeaderName::from_static(name);
            if name == AUTHORIZATION {
                value.set_sensitive(true);
            }
            headers.insert(name, value);
        }
        Ok(())
    }
}

/// Sends a Communication Services user access token as `Authorization: Bearer`, as Chat
/// expects; on a 401 the credential refreshes once (when it can) and the request is retried.
///
/// ```
/// use acs_auth::CommunicationTokenCredential;
/// use acs_core::UserTokenAuthPolicy;
///
/// let credential = CommunicationTokenCredential::from_token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")?;
/// let policy = UserTokenAuthPolicy::new(credential);
/// assert!(!format!("{policy:?}").contains("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9."));
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone)]
pub struct UserTokenAuthPolicy {
    credential: acs_auth::CommunicationTokenCredential,
    /// The `Authorization` value made for the last token (a token is sent many times: making
    /// the value once saves a format, a copy and its validation per request).
    header: Arc<Mutex<Option<(acs_auth::Secret, HeaderValue)>>>,
}

impl std::fmt::Debug for UserTokenAuthPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserTokenAuthPolicy")
            .field("credential", &self.credential)
            .finish_non_exhaustive()
    }
}

impl UserTokenAuthPolicy {
    /// A policy taking its tokens from `credential`.
    ///
    /// ```
    /// use acs_auth::CommunicationTokenCredential;
    /// use acs_core::{AuthPolicy, UserTokenAuthPolicy};
    ///
    /// let policy = UserTokenAuthPolicy::new(CommunicationTokenCredential::from_token("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.")?);
    /// let url = reqwest::Url::parse("http://127.0.0.1:8443/chat/threads").unwrap();
    /// let mut request = reqwest::Request::new(reqwest::Method::GET, url);
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// runtime.block_on(policy.authorize(&mut request)).expect("a token");
    /// assert_eq!(request.headers()["authorization"], "Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn new(credential: acs_auth::CommunicationTokenCredential) -> Self {
        Self {
            credential,
            header: Arc::default(),
        }
    }

    /// `Bearer <token>` for `token`, made once per token.
    fn header_for(&self, token: &acs_auth::Secret) -> Result<HeaderValue> {
        let mut cached = self.header.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((for_token, value)) = cached.as_ref()
            && for_token == token
        {
            return Ok(value.clone());
        }
        let value = bearer_value(token.expose_secret())?;
        *cached = Some((token.clone(), value.clone()));
        Ok(value)
    }
}

#[async_trait::async_trait]
impl AuthPolicy for UserTokenAuthPolicy {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<()> {
        let token = self.credential.get_token().await?;
        let value = self.header_for(&token.token)?;
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }

    async fn on_unauthorized(&self, request: &reqwest::Request) -> bool {
        let Ok(current) = self.credential.get_token().await else {
            return false;
        };
        let rejected = bearer_of(request);
        if rejected.as_deref() != Some(current.token.expose_secret()) {
            // Another caller has already replaced the rejected token.
            return true;
        }
        match self.credential.refresh_after_unauthorized(&current).await {
            Ok(_) => true,
            Err(error) => {
                tracing::warn!(%error, "token refresh after a 401 failed");
                false
            }
        }
    }
}

/// Sends one fixed bearer token as `Authorization: Bearer`, for calls where the caller brings
/// the token itself: the Teams Phone extension token exchange authenticates with the caller's
/// Microsoft Entra ID token instead of the client's credential.
///
/// The token is not refreshed; `Debug` does not show it.
///
/// ```
/// use acs_core::StaticBearerAuthPolicy;
///
/// let policy = StaticBearerAuthPolicy::new("eyJ0eXAi.e30.signature");
/// assert!(!format!("{policy:?}").contains("eyJ0eXAi"));
/// ```
#[derive(Debug, Clone)]
pub struct StaticBearerAuthPolicy {
    token: acs_auth::Secret,
}

impl StaticBearerAuthPolicy {
    /// A policy sending `token` with every attempt.
    ///
    /// ```
    /// use acs_core::{AuthPolicy, StaticBearerAuthPolicy};
    ///
    /// let policy = StaticBearerAuthPolicy::new("entra-token");
    /// let url = reqwest::Url::parse("http://127.0.0.1:8443/access/teamsExtensionUser/:exchangeAccessToken").unwrap();
    /// let mut request = reqwest::Request::new(reqwest::Method::POST, url);
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// runtime.block_on(policy.authorize(&mut request)).expect("a valid header");
    /// assert_eq!(request.headers()["authorization"], "Bearer entra-token");
    /// assert!(request.headers()["authorization"].is_sensitive());
    /// ```
    #[must_use]
    pub fn new(token: impl Into<acs_auth::Secret>) -> Self {
        Self {
            token: token.into(),
        }
    }
}

#[async_trait::async_trait]
impl AuthPolicy for StaticBearerAuthPolicy {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<()> {
        set_bearer(request, self.token.expose_secret())
    }
}

/// Sends a Microsoft Entra ID token (scope `https://communication.azure.com//.default`) as
/// `Authorization: Bearer`, for the identity client.
///
/// ```
/// use acs_auth::EntraTokenCredential;
/// use acs_core::{AuthPolicy, EntraAuthPolicy};
/// # use std::sync::Arc;
/// # use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
/// # #[derive(Debug)]
/// # struct Fake;
/// # #[async_trait::async_trait]
/// # impl TokenCredential for Fake {
/// #     async fn get_token(&self, scopes: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
/// #         assert_eq!(scopes, [acs_auth::COMMUNICATION_SCOPE]);
/// #         let expires_on = azure_core::time::OffsetDateTime::from_unix_timestamp(1_893_456_000).unwrap();
/// #         Ok(AccessToken::new(Secret::new("entra-bearer-token"), expires_on))
/// #     }
/// # }
///
/// // e.g. `azure_identity::DeveloperToolsCredential::new(None)?` instead of `Fake`.
/// let credential: Arc<dyn TokenCredential> = Arc::new(Fake);
/// let policy = EntraAuthPolicy::new(EntraTokenCredential::new(credential));
/// let url = reqwest::Url::parse("https://contoso.communication.azure.com/identities").unwrap();
/// let mut request = reqwest::Request::new(reqwest::Method::POST, url);
/// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// runtime.block_on(policy.authorize(&mut request)).expect("a token");
/// assert_eq!(request.headers()["authorization"], "Bearer entra-bearer-token");
/// assert!(!format!("{policy:?}").contains("entra-bearer-token"));
/// ```
#[cfg(feature = "entra")]
#[derive(Debug, Clone)]
pub struct EntraAuthPolicy {
    credential: acs_auth::EntraTokenCredential,
}

#[cfg(feature = "entra")]
impl EntraAuthPolicy {
    /// A policy taking its tokens from `credential`.
    ///
    /// ```
    /// use acs_auth::EntraTokenCredential;
    /// use acs_core::EntraAuthPolicy;
    /// # use std::sync::Arc;
    /// # use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
    /// # #[derive(Debug)]
    /// # struct Fake;
    /// # #[async_trait::async_trait]
    /// # impl TokenCredential for Fake {
    /// #     async fn get_token(&self, scopes: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
    /// #         assert_eq!(scopes, [acs_auth::COMMUNICATION_SCOPE]);
    /// #         let expires_on = azure_core::time::OffsetDateTime::from_unix_timestamp(1_893_456_000).unwrap();
    /// #         Ok(AccessToken::new(Secret::new("entra-bearer-token"), expires_on))
    /// #     }
    /// # }
    ///
    /// let policy = EntraAuthPolicy::new(EntraTokenCredential::new(Arc::new(Fake)));
    /// # let _ = policy;
    /// ```
    #[must_use]
    pub fn new(credential: acs_auth::EntraTokenCredential) -> Self {
        Self { credential }
    }
}

#[cfg(feature = "entra")]
#[async_trait::async_trait]
impl AuthPolicy for EntraAuthPolicy {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<()> {
        let token = self.credential.get_token().await?;
        set_bearer(request, token.token.expose_secret())
    }
}

/// Sets `Authorization: Bearer <token>`, marked sensitive.
fn set_bearer(request: &mut reqwest::Request, token: &str) -> Result<()> {
    request
        .headers_mut()
        .insert(AUTHORIZATION, bearer_value(token)?);
    Ok(())
}

/// `Bearer <token>`, marked sensitive.
fn bearer_value(token: &str) -> Result<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
        Error::new(
            crate::ErrorKind::Credential,
            "the token is not a valid header value",
        )
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// The bearer token a request carries.
fn bearer_of(request: &reqwest::Request) -> Option<String> {
    request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_user_token_header_is_made_once_sensitive_and_follows_the_token() -> Result<()> {
        const TOKEN: &str = "eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.";
        let credential = acs_auth::CommunicationTokenCredential::from_token(TOKEN)
            .map_err(|_| Error::invalid_input("token"))?;
        let policy = UserTokenAuthPolicy::new(credential);
        let url =
            reqwest::Url::parse("https://h.example/x").map_err(|_| Error::invalid_input("url"))?;
        for _ in 0..2 {
            let mut request = reqwest::Request::new(reqwest::Method::GET, url.clone());
            policy.authorize(&mut request).await?;
            let value = request.headers().get(AUTHORIZATION);
            assert_eq!(
                value.and_then(|v| v.to_str().ok()),
                Some(format!("Bearer {TOKEN}").as_str())
            );
            assert!(value.is_some_and(HeaderValue::is_sensitive));
        }
        // Another token gets its own value, not the cached one.
        let other = acs_auth::Secret::new("other-token");
        let value = policy.header_for(&other)?;
        assert_eq!(value.to_str().ok(), Some("Bearer other-token"));
        assert!(value.is_sensitive());
        assert!(!format!("{policy:?}").contains(TOKEN));
        Ok(())
    }

    #[tokio::test]
    async fn static_bearer_sets_a_sensitive_authorization() -> Result<()> {
        let url =
            reqwest::Url::parse("https://h.example/x").map_err(|_| Error::invalid_input("url"))?;
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        let policy = StaticBearerAuthPolicy::new("the-token");
        policy.authorize(&mut request).await?;
        let value = request.headers().get(AUTHORIZATION);
        assert_eq!(
            value.and_then(|v| v.to_str().ok()),
            Some("Bearer the-token")
        );
        assert!(value.is_some_and(HeaderValue::is_sensitive));
        assert!(
            !policy.on_unauthorized(&request).await,
            "nothing to refresh"
        );
        assert!(!format!("{policy:?}").contains("the-token"));
        Ok(())
    }
}
