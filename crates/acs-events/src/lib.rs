#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[macro_use]
mod open_enum;

mod convert;
mod error;
mod event;
mod handshake;
mod models;
mod parse;
mod webhook;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;

pub use acs_auth::{CommunicationIdentifier, Secret};
pub use error::{Error, ErrorKind, Result};
pub use event::{AcsEvent, EVENT_TYPES, Event, EventSchema};
pub use handshake::{
    WEBHOOK_ALLOWED_ORIGIN, WEBHOOK_ALLOWED_RATE, WEBHOOK_REQUEST_ORIGIN, WEBHOOK_REQUEST_RATE,
    abuse_protection_response, validation_response,
};
pub use models::{
    ChatEventParticipant, ChatMessageEvent, ChatParticipantEvent, ChatThreadEvent,
    EmailDeliveryReport, EmailDeliveryStatus, EmailEngagement, EmailEngagementReport,
    UserDisconnected,
};
pub use parse::{Delivery, parse_delivery};
pub use webhook::{DEFAULT_MAX_BODY_BYTES, Webhook, WebhookOutcome, accepted_response};
