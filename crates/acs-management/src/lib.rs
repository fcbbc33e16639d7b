#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod communication_services;
mod convert;
mod domains;
mod email_services;
mod emulator_credential;
mod lro;
pub mod models;
pub mod options;
mod pager;
mod poller;
mod sender_usernames;

pub use acs_auth::{ConnectionString, Secret};
pub use acs_core::{CallOptions, Error, ErrorKind, Result, RetryOptions, reqwest};
pub use client::ManagementClient;
pub use communication_services::CommunicationServicesClient;
pub use domains::{AZURE_MANAGED_DOMAIN, DomainsClient};
pub use email_services::EmailServicesClient;
pub use emulator_credential::{
    EMULATOR_AUDIENCE, EMULATOR_ISSUER, EMULATOR_SIGNING_KEY, EmulatorCredential,
};
pub use models::{
    CommunicationService, CommunicationServiceCreate, CommunicationServiceKeys,
    CommunicationServiceUpdate, Domain, DomainCreate, DomainUpdate, EmailService,
    EmailServiceCreate, EmailServiceUpdate, SenderUsername, SenderUsernameCreate,
};
pub use options::ManagementClientOptions;
pub use pager::{Page, Pager, Pages};
pub use poller::OperationPoller;
