#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod chat_client;
mod convert;
pub mod models;
pub mod options;
mod pager;
mod thread_client;

pub use acs_auth::{CommunicationTokenCredential, CommunicationTokenCredentialOptions};
pub use acs_core::{Error, ErrorKind, Result, RetryOptions};
pub use chat_client::ChatClient;
pub use options::ChatClientOptions;
pub use pager::{Page, Pager, Pages};
pub use thread_client::ChatThreadClient;
