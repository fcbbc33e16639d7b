#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod api_error;
mod builder;
mod connections;
mod dates;
mod error;
mod events;
mod faults;
mod ids;
mod limits;
mod paging;
mod request;
mod request_body;
mod router;
mod routes;
mod server;
mod signal;
mod state;
mod tls;
mod tokens;
mod versions;

pub use builder::{DEFAULT_ACCESS_KEY, Emulator, EmulatorBuilder, RunningEmulator};
pub use builder::{DEFAULT_EMAIL_DOMAIN, DEFAULT_EMAIL_SENDER};
pub use error::{Error, Result};
pub use events::{EventDeliveryOptions, EventSchema, EventWebhook};
pub use faults::{FaultKind, FaultOptions};
pub use limits::Limits;
pub use signal::shutdown_signal;
pub use versions::{CHAT_API_VERSIONS, EMAIL_API_VERSIONS, IDENTITY_API_VERSIONS};
