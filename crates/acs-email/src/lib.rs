#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod convert;
pub mod models;
pub mod options;
mod poller;
mod validate;

pub use acs_core::{Error, ErrorKind, Result, RetryOptions};
pub use client::EmailClient;
pub use models::{EmailMessage, MAX_RECIPIENTS, MAX_REQUEST_BYTES};
pub use options::EmailClientOptions;
pub use poller::EmailSendPoller;
/// The UUID type of [`options::EmailClientSendOptions::operation_id`].
pub use uuid::Uuid;
