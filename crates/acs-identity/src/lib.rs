#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
mod expires_in;
pub mod models;
pub mod options;

pub use acs_auth::Endpoint;
pub use acs_core::{CallOptions, Error, ErrorKind, Response, Result, RetryOptions, reqwest};
pub use client::CommunicationIdentityClient;
pub use expires_in::{MAX_TOKEN_EXPIRES_IN, MIN_TOKEN_EXPIRES_IN};
pub use options::CommunicationIdentityClientOptions;
