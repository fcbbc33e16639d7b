#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod config;
mod http;
mod service;
mod store;
mod users;

pub use config::{
    APP_USERS_ENV, AcsTarget, DATABASE_URL_ENV, DEFAULT_DB_PATH, DEFAULT_LISTEN, DEMO_APP_USERS,
    identity_client_options,
};
pub use http::{MAX_BODY_BYTES, router, serve};
pub use service::{
    AppState, InvalidTokenRequest, IssuedToken, MAX_EXPIRES_IN_MINUTES, MIN_EXPIRES_IN_MINUTES,
    SCOPES, ServiceError, Stats, TokenRequest,
};
pub use store::{IdentityStore, PostgresOptions, StoreError};
pub use users::{AppUsers, UsersError};
