//! Errors raised by the pipeline itself (before or around the HTTP exchange).

/// A failure of the pipeline that is not an HTTP response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// No credential could be obtained for the request.
    #[error("credential unavailable: {0}")]
    Credential(String),
    /// The request could not be prepared (for example a body that cannot be read).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}
