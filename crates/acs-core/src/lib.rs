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
//!     .retry(RetryOptions { max_retries: 2, ..Default::default() })
//!     .build();
//! # let _ = pipeline;
//! # Ok::<(), acs_auth::Error>(())
//! ```
#![forbid(unsafe_code)]

mod auth_policy;
mod error;
mod error_body;
mod error_chain;
mod path_encoding;
mod pipeline;
mod rest_error;
mod retry;
mod tls;
mod user_agent;

#[cfg(feature = "entra")]
pub use auth_policy::EntraAuthPolicy;
pub use auth_policy::{AuthPolicy, HmacAuthPolicy, StaticBearerAuthPolicy, UserTokenAuthPolicy};
pub use error::{Error, ErrorKind, Result};
pub use error_chain::error_chain;
pub use path_encoding::encode_path_parameters;
pub use pipeline::{Pipeline, PipelineBuilder};
pub use rest_error::from_rest;
pub use retry::RetryOptions;
pub use tls::http_client_builder;
pub use user_agent::user_agent;
