#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
pub mod models;
pub mod options;
mod poller;
mod validate;

pub use acs_auth::Endpoint;
pub use acs_core::{CallOptions, Error, ErrorKind, Response, Result, RetryOptions, reqwest};
pub use client::EmailClient;
pub use models::{EmailMessage, MAX_RECIPIENTS, MAX_REQUEST_BYTES};
pub use options::EmailClientOptions;
pub use poller::EmailSendPoller;
/// The UUID type of [`options::EmailClientSendOptions::operation_id`].
pub use uuid::Uuid;
