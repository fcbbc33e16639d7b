#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod access_key;
mod access_token;
pub mod clock;
mod connection_string;
mod endpoint;
#[cfg(feature = "entra")]
mod entra;
mod error;
pub mod hmac;
pub mod identifier;
mod jwt;
mod secret;
mod token_credential;

pub use access_key::AccessKey;
pub use access_token::{AccessToken, IntoAccessToken};
pub use clock::{Clock, ManualClock, SystemClock};
pub use connection_string::{CONNECTION_STRING_ENV_VARS, ConnectionString};
pub use endpoint::Endpoint;
#[cfg(feature = "entra")]
pub use entra::{COMMUNICATION_SCOPE, EntraTokenCredential, MANAGEMENT_SCOPE};
pub use error::{BoxError, Error, Result, SharedError};
pub use hmac::{HmacCredential, SignedHeaders};
pub use identifier::{
    CommunicationCloudEnvironment, CommunicationIdentifier, CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier, UnknownIdentifier,
};
pub use secret::Secret;
pub use token_credential::{
    CommunicationTokenCredential, CommunicationTokenCredentialOptions, DEFAULT_REFRESH_TIMEOUT,
    MIN_PROACTIVE_REFRESH_DELAY, ON_DEMAND_REFRESH_WINDOW, PROACTIVE_REFRESH_WINDOW,
    PROACTIVE_RETRY_DELAY,
};
