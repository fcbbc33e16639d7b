//! How a request gets its credentials.

use crate::PipelineError;

/// Adds authentication to an outgoing request, once per attempt.
///
/// The pipeline calls [`AuthPolicy::authorize`] right before every attempt goes on the wire, so a
/// retried request is signed afresh (a new `x-ms-date`, a new signature, a current token).
///
/// ```
/// use acs_core::{AuthPolicy, PipelineError};
///
/// #[derive(Debug)]
/// struct StaticHeader;
///
/// #[async_trait::async_trait]
/// impl AuthPolicy for StaticHeader {
///     async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), PipelineError> {
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
    /// Returns [`PipelineError::Credential`] when no credential can be obtained (for example a
    /// token refresher failed or a static token has expired).
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), PipelineError>;
}
