//! The models of the management plane: resources as ARM returns them, what to send to create
//! or update them, and the open enums of their fields.
//!
//! Every enum is open: a value this version does not know is kept in `UnknownValue`. Outputs
//! are `#[non_exhaustive]` structs with public fields; inputs have a constructor with the
//! required fields and `with_*` setters for the others.

mod common;
mod communication_service;
mod email;

pub use common::{
    ManagedIdentity, ManagedIdentityType, OperationStatus, ProviderOperation, ProvisioningState,
    PublicNetworkAccess, SystemData, UserAssignedIdentity,
};
pub use communication_service::{
    CommunicationService, CommunicationServiceCreate, CommunicationServiceKeys,
    CommunicationServiceUpdate, KeyType, NameAvailability, NameUnavailableReason,
};
pub use email::{
    DnsRecord, Domain, DomainCreate, DomainManagement, DomainUpdate, DomainVerificationRecords,
    DomainVerificationStates, EmailService, EmailServiceCreate, EmailServiceUpdate, SenderUsername,
    SenderUsernameCreate, UserEngagementTracking, VerificationState, VerificationStatus,
    VerificationType,
};
