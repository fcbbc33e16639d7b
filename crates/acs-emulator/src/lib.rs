#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod admin;
mod api_error;
mod arm;
mod builder;
mod connections;
mod dates;
mod error;
mod events;
mod faults;
mod ids;
mod inspector;
mod limits;
mod paging;
mod persist;
mod request;
mod request_body;
mod request_log;
mod router;
mod routes;
mod server;
mod signal;
mod state;
mod tls;
mod tokens;
mod versions;

pub use arm::auth::SIGNING_KEY as ARM_TOKEN_SIGNING_KEY;
pub use arm::auth::{AUDIENCE as ARM_TOKEN_AUDIENCE, ISSUER as ARM_TOKEN_ISSUER};
pub use builder::{DEFAULT_ACCESS_KEY, Emulator, EmulatorBuilder, RunningEmulator};
pub use builder::{DEFAULT_EMAIL_DOMAIN, DEFAULT_EMAIL_SENDER};
pub use error::{Error, Result};
pub use events::{EventDeliveryOptions, EventSchema, EventWebhook};
pub use faults::{FaultKind, FaultOptions};
pub use limits::Limits;
pub use signal::shutdown_signal;
pub use versions::{CHAT_API_VERSIONS, EMAIL_API_VERSIONS, IDENTITY_API_VERSIONS};
