//! What every kind of resource shares: provisioning and operation states, managed identities,
//! ARM's system metadata.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

acs_core::open_enum! {
    /// The provisioning state of a resource: where ARM is in creating, updating or deleting
    /// it. `Succeeded`, `Failed` and `Canceled` are terminal.
    ///
    /// ```
    /// use acs_management::models::ProvisioningState;
    ///
    /// assert_eq!(ProvisioningState::from("Creating"), ProvisioningState::Creating);
    /// assert!(ProvisioningState::Succeeded.is_terminal());
    /// assert!(!ProvisioningState::from("Migrating").is_terminal());
    /// ```
    pub enum ProvisioningState {
        /// `Unknown`
        Unknown => "Unknown",
        /// `Succeeded`: the resource is ready.
        Succeeded => "Succeeded",
        /// `Failed`
        Failed => "Failed",
        /// `Canceled`
        Canceled => "Canceled",
        /// `Running`
        Running => "Running",
        /// `Creating`
        Creating => "Creating",
        /// `Updating`
        Updating => "Updating",
        /// `Deleting`
        Deleting => "Deleting",
        /// `Moving`
        Moving => "Moving",
    }
}

impl ProvisioningState {
    /// Whether the state is final: `Succeeded`, `Failed` or `Canceled`.
    ///
    /// ```
    /// assert!(acs_management::models::ProvisioningState::Failed.is_terminal());
    /// ```
    #[must_use]
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Canceled)
    }
}

acs_core::open_enum! {
    /// The status of a long-running operation (see
    /// [`OperationPoller`](crate::OperationPoller)), as ARM reports it. `Succeeded`, `Failed`
    /// and `Canceled` are terminal; anything else (`InProgress`, `Accepted`, a provisioning
    /// state such as `Creating`) means it is still running. Compared without regard to case.
    ///
    /// ```
    /// use acs_management::models::OperationStatus;
    ///
    /// assert_eq!(OperationStatus::from("Succeeded"), OperationStatus::Succeeded);
    /// assert!(OperationStatus::from("succeeded").is_terminal());
    /// assert!(!OperationStatus::InProgress.is_terminal());
    /// ```
    pub enum OperationStatus {
        /// `NotStarted`
        NotStarted => "NotStarted",
        /// `Accepted`
        Accepted => "Accepted",
        /// `InProgress`
        InProgress => "InProgress",
        /// `Running`
        Running => "Running",
        /// `Succeeded`
        Succeeded => "Succeeded",
        /// `Failed`
        Failed => "Failed",
        /// `Canceled`
        Canceled => "Canceled",
    }
}

impl OperationStatus {
    /// Whether the operation is over.
    ///
    /// ```
    /// assert!(acs_management::models::OperationStatus::Canceled.is_terminal());
    /// ```
    #[must_use]
    pub fn is_terminal(&self) -> bool {
        match self {
            Self::Succeeded | Self::Failed | Self::Canceled => true,
            Self::UnknownValue(value) => ["succeeded", "failed", "canceled", "cancelled"]
                .iter()
                .any(|terminal| value.eq_ignore_ascii_case(terminal)),
            _ => false,
        }
    }

    /// The status with ARM's spelling whatever the case it was sent in (`succeeded` →
    /// `Succeeded`).
    pub(crate) fn normalized(self) -> Self {
        match self {
            Self::UnknownValue(value) => {
                for known in [
                    Self::NotStarted,
                    Self::Accepted,
                    Self::InProgress,
                    Self::Running,
                    Self::Succeeded,
                    Self::Failed,
                    Self::Canceled,
                ] {
                    if value.eq_ignore_ascii_case(known.as_str()) {
                        return known;
                    }
                }
                if value.eq_ignore_ascii_case("cancelled") {
                    return Self::Canceled;
                }
                Self::UnknownValue(value)
            }
            known => known,
        }
    }
}

acs_core::open_enum! {
    /// Whether a Communication Services resource accepts traffic from public networks.
    ///
    /// ```
    /// use acs_management::models::PublicNetworkAccess;
    /// assert_eq!(PublicNetworkAccess::Disabled.as_str(), "Disabled");
    /// ```
    pub enum PublicNetworkAccess {
        /// `Enabled`
        Enabled => "Enabled",
        /// `Disabled`
        Disabled => "Disabled",
        /// `SecuredByPerimeter`: only through a network security perimeter.
        SecuredByPerimeter => "SecuredByPerimeter",
    }
}

acs_core::open_enum! {
    /// The kind of managed identity of a resource.
    ///
    /// ```
    /// use acs_management::models::ManagedIdentityType;
    /// assert_eq!(
    ///     ManagedIdentityType::from("SystemAssigned,UserAssigned"),
    ///     ManagedIdentityType::SystemAndUserAssigned
    /// );
    /// ```
    pub enum ManagedIdentityType {
        /// `None`: no managed identity.
        None => "None",
        /// `SystemAssigned`
        SystemAssigned => "SystemAssigned",
        /// `UserAssigned`
        UserAssigned => "UserAssigned",
        /// `SystemAssigned,UserAssigned`
        SystemAndUserAssigned => "SystemAssigned,UserAssigned",
    }
}

/// The managed identity of a resource: a system-assigned one, user-assigned ones, or both.
///
/// ```
/// use acs_management::models::{ManagedIdentity, ManagedIdentityType};
///
/// let identity = ManagedIdentity::new(ManagedIdentityType::UserAssigned)
///     .with_user_assigned("/subscriptions/.../userAssignedIdentities/provisioner");
/// assert_eq!(identity.user_assigned.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ManagedIdentity {
    /// The kind of identity.
    pub kind: ManagedIdentityType,
    /// The principal id of the system-assigned identity (set by ARM).
    pub principal_id: Option<String>,
    /// The tenant of the system-assigned identity (set by ARM).
    pub tenant_id: Option<String>,
    /// The user-assigned identities, by resource id.
    pub user_assigned: BTreeMap<String, UserAssignedIdentity>,
}

impl ManagedIdentity {
    /// An identity of `kind` without user-assigned identities.
    ///
    /// ```
    /// use acs_management::models::{ManagedIdentity, ManagedIdentityType};
    /// let identity = ManagedIdentity::new(ManagedIdentityType::SystemAssigned);
    /// assert!(identity.principal_id.is_none());
    /// ```
    #[must_use]
    pub fn new(kind: ManagedIdentityType) -> Self {
        Self {
            kind,
            principal_id: None,
            tenant_id: None,
            user_assigned: BTreeMap::new(),
        }
    }

    /// Adds the user-assigned identity with this resource id.
    ///
    /// ```
    /// use acs_management::models::{ManagedIdentity, ManagedIdentityType};
    /// let identity = ManagedIdentity::new(ManagedIdentityType::UserAssigned).with_user_assigned("/id");
    /// assert!(identity.user_assigned.contains_key("/id"));
    /// ```
    #[must_use]
    pub fn with_user_assigned(mut self, resource_id: impl Into<String>) -> Self {
        self.user_assigned
            .insert(resource_id.into(), UserAssignedIdentity::default());
        self
    }
}

/// A user-assigned identity of a resource (its ids are set by ARM).
///
/// ```
/// let identity = acs_management::models::UserAssignedIdentity::default();
/// assert!(identity.client_id.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserAssignedIdentity {
    /// The principal id.
    pub principal_id: Option<String>,
    /// The client (application) id.
    pub client_id: Option<String>,
}

/// Who created and last modified a resource, and when (ARM's `systemData`).
///
/// ```
/// let data = acs_management::models::SystemData::default();
/// assert!(data.created_at.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SystemData {
    /// Who created the resource.
    pub created_by: Option<String>,
    /// The kind of that identity (`User`, `Application`, `ManagedIdentity`, `Key`).
    pub created_by_type: Option<String>,
    /// When the resource was created.
    pub created_at: Option<DateTime<Utc>>,
    /// Who last modified the resource.
    pub last_modified_by: Option<String>,
    /// The kind of that identity.
    pub last_modified_by_type: Option<String>,
    /// When the resource was last modified.
    pub last_modified_at: Option<DateTime<Utc>>,
}

/// One operation of the `Microsoft.Communication` resource provider (from
/// [`ManagementClient::list_operations`](crate::ManagementClient::list_operations)).
///
/// ```
/// let operation = acs_management::models::ProviderOperation::default();
/// assert!(operation.name.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderOperation {
    /// The RBAC name, e.g. `Microsoft.Communication/communicationServices/write`.
    pub name: String,
    /// Whether it is a data-plane action.
    pub is_data_action: Option<bool>,
    /// The provider's display name.
    pub provider: Option<String>,
    /// The resource type's display name.
    pub resource: Option<String>,
    /// The operation's display name.
    pub operation: Option<String>,
    /// The operation's description.
    pub description: Option<String>,
    /// Who runs it (`user`, `system`, `user,system`).
    pub origin: Option<String>,
}
