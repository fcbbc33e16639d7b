//! [`EntraTokenCredential`]: Microsoft Entra ID bearer tokens for the identity client
//! (feature `entra`).

use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;
use chrono::DateTime;

use crate::access_token::AccessToken;
use crate::error::{Error, Result};

/// The scope of Communication Services data-plane tokens. The double slash is what the
/// service expects.
///
/// ```
/// assert_eq!(acs_auth::COMMUNICATION_SCOPE, "https://communication.azure.com//.default");
/// ```
pub const COMMUNICATION_SCOPE: &str = "https://communication.azure.com//.default";

/// The scope of Azure Resource Manager tokens: the management plane (creating Communication
/// Services resources, reading their keys), used by `acs-management`.
///
/// ```
/// assert_eq!(acs_auth::MANAGEMENT_SCOPE, "https://management.azure.com/.default");
/// ```
pub const MANAGEMENT_SCOPE: &str = "https://management.azure.com/.default";

/// Bearer tokens from Microsoft Entra ID, through any `azure_core` [`TokenCredential`] (e.g.
/// one from the `azure_identity` crate), for scope [`COMMUNICATION_SCOPE`]: the alternative to
/// an access key for the identity client.
///
/// Caching is left to the wrapped credential (the `azure_identity` credentials cache tokens).
///
/// ```
/// use std::sync::Arc;
///
/// use acs_auth::EntraTokenCredential;
/// use azure_core::credentials::TokenCredential;
/// # use azure_core::credentials::{AccessToken, Secret, TokenRequestOptions};
/// # #[derive(Debug)]
/// # struct Fake;
/// # #[async_trait::async_trait]
/// # impl TokenCredential for Fake {
/// #     async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
/// #         let expires_on = azure_core::time::OffsetDateTime::from_unix_timestamp(1_893_456_000).unwrap();
/// #         Ok(AccessToken::new(Secret::new("entra-bearer-token"), expires_on))
/// #     }
/// # }
///
/// # futures::executor::block_on(async {
/// // e.g. `let credential = azure_identity::DeveloperToolsCredential::new(None)?;`
/// # let credential: Arc<dyn TokenCredential> = Arc::new(Fake);
/// let entra = EntraTokenCredential::new(credential);
/// let token = entra.get_token().await?;
/// // send `Authorization: Bearer {token.token.expose_secret()}`
/// assert!(!token.token.expose_secret().is_empty());
/// # Ok::<(), acs_auth::Error>(()) })?;
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone)]
pub struct EntraTokenCredential {
    credential: Arc<dyn TokenCredential>,
    scope: &'static str,
}

impl EntraTokenCredential {
    /// Wraps an Entra ID credential.
    ///
    /// ```
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
    /// use acs_auth::EntraTokenCredential;
    ///
    /// let entra = EntraTokenCredential::new(Arc::new(Fake));
    /// assert!(format!("{entra:?}").contains("https://communication.azure.com//.default"));
    /// ```
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        Self {
            credential,
            scope: COMMUNICATION_SCOPE,
        }
    }

    /// The same credential asking for tokens of another scope, e.g. [`MANAGEMENT_SCOPE`] for
    /// Azure Resource Manager.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
    /// # #[derive(Debug)]
    /// # struct Fake;
    /// # #[async_trait::async_trait]
    /// # impl TokenCredential for Fake {
    /// #     async fn get_token(&self, scopes: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
    /// #         assert_eq!(scopes, [acs_auth::MANAGEMENT_SCOPE]);
    /// #         let expires_on = azure_core::time::OffsetDateTime::from_unix_timestamp(1_893_456_000).unwrap();
    /// #         Ok(AccessToken::new(Secret::new("arm-token"), expires_on))
    /// #     }
    /// # }
    /// use acs_auth::{EntraTokenCredential, MANAGEMENT_SCOPE};
    ///
    /// let entra = EntraTokenCredential::new(Arc::new(Fake)).with_scope(MANAGEMENT_SCOPE);
    /// assert_eq!(entra.scope(), MANAGEMENT_SCOPE);
    /// let token = futures::executor::block_on(entra.get_token())?;
    /// assert_eq!(token.token.expose_secret(), "arm-token");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    #[must_use]
    pub fn with_scope(mut self, scope: &'static str) -> Self {
        self.scope = scope;
        self
    }

    /// The scope the tokens are asked for ([`COMMUNICATION_SCOPE`] unless
    /// [`with_scope`](Self::with_scope) changed it).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
    /// # #[derive(Debug)]
    /// # struct Fake;
    /// # #[async_trait::async_trait]
    /// # impl TokenCredential for Fake {
    /// #     async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
    /// #         unreachable!()
    /// #     }
    /// # }
    /// let entra = acs_auth::EntraTokenCredential::new(Arc::new(Fake));
    /// assert_eq!(entra.scope(), acs_auth::COMMUNICATION_SCOPE);
    /// ```
    #[must_use]
    pub fn scope(&self) -> &'static str {
        self.scope
    }

    /// A bearer token for the credential's [`scope`](Self::scope) ([`COMMUNICATION_SCOPE`] by
    /// default).
    ///
    /// ```
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
    /// use acs_auth::EntraTokenCredential;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let entra = EntraTokenCredential::new(Arc::new(Fake));
    /// let token = futures::executor::block_on(entra.get_token())?;
    /// assert_eq!(token.token.expose_secret(), "entra-bearer-token");
    /// assert_eq!(token.expires_on, Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap());
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::EntraToken`] when the wrapped credential fails, with its error as `source()`.
    pub async fn get_token(&self) -> Result<AccessToken> {
        let token = self
            .credential
            .get_token(&[self.scope], None)
            .await
            .map_err(|error| Error::EntraToken {
                source: crate::error::SharedError::new(error),
            })?;
        let expires_on = DateTime::from_timestamp(
            token.expires_on.unix_timestamp(),
            token.expires_on.nanosecond(),
        )
        .ok_or_else(|| Error::EntraToken {
            source: crate::error::SharedError::new("the Entra ID token's expiry is out of range"),
        })?;
        Ok(AccessToken::new(token.token.secret(), expires_on))
    }
}

impl fmt::Debug for EntraTokenCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntraTokenCredential")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}
