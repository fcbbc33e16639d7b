//! The request pipeline the generated REST clients delegate to.

use std::sync::Arc;

use crate::{AuthPolicy, PipelineError};

/// The shared HTTP pipeline: one per client, cheap to clone.
#[derive(Clone)]
pub struct Pipeline {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    auth: Option<Arc<dyn AuthPolicy>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Pipeline`].
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    http: Option<reqwest::Client>,
    auth: Option<Arc<dyn AuthPolicy>>,
}

impl PipelineBuilder {
    /// Uses `client` to send requests instead of a default one.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Authenticates every attempt with `auth`.
    #[must_use]
    pub fn auth(mut self, auth: Arc<dyn AuthPolicy>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Builds the pipeline.
    #[must_use]
    pub fn build(self) -> Pipeline {
        Pipeline {
            inner: Arc::new(Inner {
                http: self.http.unwrap_or_default(),
                auth: self.auth,
            }),
        }
    }
}

impl Pipeline {
    /// Starts building a pipeline.
    #[must_use]
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The HTTP client the pipeline sends with.
    #[must_use]
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Prepares a request built by a generated client, once per operation call.
    ///
    /// This authenticates the request for the first time, so a credential that cannot produce a
    /// token fails the call here, before anything is sent.
    ///
    /// # Errors
    ///
    /// Returns a [`PipelineError`] when the request cannot be sent at all (for example
    /// [`PipelineError::Credential`]).
    pub async fn prepare(
        &self,
        request: &mut reqwest::Request,
        _operation_id: &str,
    ) -> Result<(), PipelineError> {
        if let Some(auth) = &self.inner.auth {
            auth.authorize(request).await?;
        }
        Ok(())
    }

    /// Sends a request that [`Pipeline::prepare`] has prepared.
    ///
    /// # Errors
    ///
    /// Returns the transport error of the HTTP client.
    pub async fn execute(
        &self,
        request: reqwest::Request,
        _operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner.http.execute(request).await
    }
}
