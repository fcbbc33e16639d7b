//! The HTTP pipeline shared by the acs-rs service crates.
//!
//! The REST clients generated from `specs/` (crates `acs-identity-rest` and `acs-chat-rest`)
//! delegate every request to a [`Pipeline`]: the generated `ClientHooks` implementation calls
//! [`Pipeline::prepare`] once per operation and [`Pipeline::execute`] to put the request on the
//! wire. The pipeline is where authentication (HMAC or bearer, via an [`AuthPolicy`]) and the
//! request plumbing that every service shares live, so that the service crates never duplicate it.
//!
//! This crate is plumbing for the acs-rs service crates. Application code uses the idiomatic
//! clients (`acs-identity`, `acs-chat`) instead.
//!
//! ```
//! use acs_core::Pipeline;
//!
//! let pipeline = Pipeline::builder().build();
//! assert!(format!("{pipeline:?}").starts_with("Pipeline"));
//! ```
#![forbid(unsafe_code)]

mod auth_policy;
mod error;
mod path_encoding;
mod pipeline;

pub use auth_policy::AuthPolicy;
pub use error::PipelineError;
pub use path_encoding::encode_path_parameters;
pub use pipeline::{Pipeline, PipelineBuilder};
