#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
mod expires_in;
pub mod models;
pub mod options;

pub use acs_core::{Error, ErrorKind, Result, RetryOptions};
pub use client::CommunicationIdentityClient;
pub use expires_in::{MAX_TOKEN_EXPIRES_IN, MIN_TOKEN_EXPIRES_IN};
pub use options::CommunicationIdentityClientOptions;
