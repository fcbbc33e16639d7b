//! The HTTP pipeline shared by the acs-rs service crates.
//!
//! The REST clients generated from `specs/` (crates `acs-identity-rest` and `acs-chat-rest`)
//! hand every request to a [`Pipeline`]: their generated `ClientHooks` call
//! [`Pipeline::prepare`] once per operation call and [`Pipeline::execute`] to put it on the
//! wire. Everything the services share lives here once:
//!
//! - authentication per attempt through an [`AuthPolicy`]: [`HmacAuthPolicy`] (access key),
//!   [`UserTokenAuthPolicy`] (user access token, refreshed once on a 401),
//!   [`StaticBearerAuthPolicy`] (a token the caller brings) and, with the `entra` feature,
//!   `EntraAuthPolicy`;
//! - credentials only for the endpoint's origin ([`PipelineBuilder::endpoint`]): a link
//!   elsewhere is refused, or followed without credentials when allowed;
//! - `x-ms-client-request-id`, the [`user_agent`], per-attempt timeouts;
//! - retries with backoff and jitter, honouring the service's retry-after headers
//!   ([`RetryOptions`]), without repeating a non-idempotent request the service may have acted on;
//! - one error model, [`Error`] with [`ErrorKind`], from whatever error body the service sends
//!   ([`from_rest`] converts the generated clients' errors);
//! - strict percent-encoding of ids in paths ([`encode_path_parameters`]).
//!
//! This crate is plumbing; application code uses the idiomatic clients (`acs-identity`,
//! `acs-chat`), which re-export [`Error`], [`ErrorKind`] and [`RetryOptions`].
//!
//! ```
//! use std::sync::Arc;
//! use acs_auth::{AccessKey, HmacCredential};
//! use acs_core::{HmacAuthPolicy, Pipeline, RetryOptions};
//!
//! let key = AccessKey::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
//! let pipeline = Pipeline::builder()
//!     .auth(Arc::new(HmacAuthPolicy::new(HmacCredential::new(key))))
//!     .retry(RetryOptions::default().with_max_retries(2))
//!     .build();
//! # let _ = pipeline;
//! # Ok::<(), acs_auth::Error>(())
//! ```
#![forbid(unsafe_code)]

mod auth_policy;
mod call_options;
mod credential_scope;
mod decode;
mod error;
mod error_body;
mod error_chain;
mod method_span;
mod open_enum;
mod path_encoding;
mod pipeline;
mod response;
mod rest_error;
mod retry;
mod tls;
mod user_agent;

#[cfg(feature = "entra")]
pub use auth_policy::EntraAuthPolicy;
pub use auth_policy::{AuthPolicy, HmacAuthPolicy, StaticBearerAuthPolicy, UserTokenAuthPolicy};
pub use call_options::CallOptions;
pub use decode::{
    DecodeFailure, Decoded, PathError, decode_error, decode_response, from_slice, from_value,
};
pub use error::{Error, ErrorKind, Result};
pub use error_chain::error_chain;
pub use path_encoding::{encode_path_parameters, encode_path_segment};
pub use pipeline::{Pipeline, PipelineBuilder};
pub use response::Response;
pub use rest_error::from_rest;
pub use retry::RetryOptions;
pub use tls::http_client_builder;
pub use user_agent::user_agent;

/// The `reqwest` this SDK sends with (0.13, rustls by default; see the crate features), for
/// [`PipelineBuilder::http_client`] and the clients' `http_client` options: build your
/// client with this one so the versions match.
pub use reqwest;

/// The default time one attempt may take, for every acs-rs client: 30 seconds (from getting
/// the credential through reading the whole answer; each retry gets its own).
///
/// ```
/// assert_eq!(acs_core::DEFAULT_TIMEOUT, std::time::Duration::from_secs(30));
/// ```
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The default time connecting may take, for every acs-rs client's built-in HTTP client:
/// 10 seconds.
///
/// ```
/// assert_eq!(acs_core::DEFAULT_CONNECT_TIMEOUT, std::time::Duration::from_secs(10));
/// assert!(acs_core::DEFAULT_CONNECT_TIMEOUT < acs_core::DEFAULT_TIMEOUT);
/// ```
pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The HTTP client an acs-rs client builds when the caller passes none: `connect_timeout`
/// for connecting, rustls TLS (the platform's TLS with the `native-tls` feature).
///
/// ```
/// let http = acs_core::default_http_client(Some(acs_core::DEFAULT_CONNECT_TIMEOUT))?;
/// # let _ = http;
/// # Ok::<(), acs_core::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::Transport`] when the TLS backend cannot be initialised.
pub fn default_http_client(
    connect_timeout: Option<std::time::Duration>,
) -> Result<reqwest::Client> {
    // rustls with the ring provider (see `http_client_builder`), or the platform's TLS.
    #[cfg(not(feature = "native-tls"))]
    let mut builder = http_client_builder(Vec::new())?;
    #[cfg(feature = "native-tls")]
    let mut builder = reqwest::Client::builder().tls_backend_native();
    if let Some(connect_timeout) = connect_timeout {
        builder = builder.connect_timeout(connect_timeout);
    }
    builder.build().map_err(|error| {
        Error::new(ErrorKind::Transport, "the HTTP client cannot be built").with_source(error)
    })
}

#[doc(hidden)]
pub mod __private {
    //! What the exported macros expand to; not a public API.
    pub use tracing;
}
