#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod chat_client;
mod convert;
pub mod models;
pub mod options;
mod pager;
mod thread_client;
mod updates;

pub use acs_auth::Endpoint;
pub use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions};
pub use acs_core::{CallOptions, Error, ErrorKind, Response, Result, RetryOptions, reqwest};
pub use chat_client::ChatClient;
pub use options::ChatClientOptions;
pub use pager::{Page, Pager, Pages};
pub use thread_client::ChatThreadClient;
