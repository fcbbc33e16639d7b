//! Communication Services resources: the resource, what creates and updates it, its keys and
//! name availability.

use std::collections::BTreeMap;
use std::fmt;

use acs_auth::{ConnectionString, Secret};

use super::common::{ManagedIdentity, ProvisioningState, PublicNetworkAccess, SystemData};

/// A Communication Services resource (`Microsoft.Communication/communicationServices`): the
/// endpoint (`host_name`) and keys that identity, chat, SMS and email clients use.
///
/// ```no_run
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let resource = client.communication_services().get("my-group", "contoso-acs", None).await?;
/// println!("{} in {}: {:?}", resource.name, resource.data_location, resource.provisioning_state);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationService {
    /// The ARM resource id (`/subscriptions/.../communicationServices/<name>`).
    pub id: String,
    /// The resource name.
    pub name: String,
    /// The resource type, `Microsoft.Communication/CommunicationServices`.
    pub resource_type: String,
    /// The Azure location of the resource (`global`).
    pub location: String,
    /// The resource tags.
    pub tags: BTreeMap<String, String>,
    /// Where ARM is in provisioning the resource.
    pub provisioning_state: Option<ProvisioningState>,
    /// The host name of the resource's endpoint (`contoso.communication.azure.com`).
    pub host_name: Option<String>,
    /// Where the resource stores its data at rest (`United States`, `Europe`, ...).
    pub data_location: String,
    /// The resource id of the linked Azure Notification Hub.
    pub notification_hub_id: Option<String>,
    /// The version of the resource.
    pub version: Option<String>,
    /// The immutable resource id.
    pub immutable_resource_id: Option<String>,
    /// The resource ids of the email domains linked to the resource (the domains it can send
    /// email from).
    pub linked_domains: Vec<String>,
    /// Whether public networks may reach it.
    pub public_network_access: Option<PublicNetworkAccess>,
    /// Whether access keys (and so connection strings) are disabled.
    pub disable_local_auth: Option<bool>,
    /// The managed identity of the resource.
    pub identity: Option<ManagedIdentity>,
    /// Who created and modified it, and when.
    pub system_data: Option<SystemData>,
}

/// What creates (or replaces) a Communication Services resource.
///
/// ```
/// use acs_management::CommunicationServiceCreate;
/// use acs_management::models::PublicNetworkAccess;
///
/// let create = CommunicationServiceCreate::new("global", "United States")
///     .with_tag("env", "test")
///     .with_linked_domain("/subscriptions/.../domains/AzureManagedDomain")
///     .with_public_network_access(PublicNetworkAccess::Enabled)
///     .with_disable_local_auth(false);
/// assert_eq!(create.data_location, "United States");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationServiceCreate {
    /// The Azure location; Communication Services resources are `global`.
    pub location: String,
    /// Where the data is stored at rest; cannot change after creation.
    pub data_location: String,
    /// The resource tags.
    pub tags: BTreeMap<String, String>,
    /// Resource ids of email domains to link.
    pub linked_domains: Vec<String>,
    /// Whether public networks may reach the resource.
    pub public_network_access: Option<PublicNetworkAccess>,
    /// Whether to disable access keys.
    pub disable_local_auth: Option<bool>,
    /// A managed identity for the resource.
    pub identity: Option<ManagedIdentity>,
}

impl CommunicationServiceCreate {
    /// A resource in `location` (normally `global`) keeping its data in `data_location`.
    ///
    /// ```
    /// let create = acs_management::CommunicationServiceCreate::new("global", "Europe");
    /// assert!(create.tags.is_empty());
    /// ```
    #[must_use]
    pub fn new(location: impl Into<String>, data_location: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            data_location: data_location.into(),
            tags: BTreeMap::new(),
            linked_domains: Vec::new(),
            public_network_access: None,
            disable_local_auth: None,
            identity: None,
        }
    }

    /// Adds a tag.
    ///
    /// ```
    /// let create = acs_management::CommunicationServiceCreate::new("global", "Europe").with_tag("team", "mail");
    /// assert_eq!(create.tags["team"], "mail");
    /// ```
    #[must_use]
    pub fn with_tag(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(name.into(), value.into());
        self
    }

    /// Links an email domain (its resource id).
    ///
    /// ```
    /// let create = acs_management::CommunicationServiceCreate::new("global", "Europe").with_linked_domain("/d");
    /// assert_eq!(create.linked_domains, ["/d"]);
    /// ```
    #[must_use]
    pub fn with_linked_domain(mut self, domain_id: impl Into<String>) -> Self {
        self.linked_domains.push(domain_id.into());
        self
    }

    /// Sets [`public_network_access`](Self::public_network_access).
    ///
    /// ```
    /// use acs_management::models::PublicNetworkAccess;
    /// let create = acs_management::CommunicationServiceCreate::new("global", "Europe")
    ///     .with_public_network_access(PublicNetworkAccess::Disabled);
    /// assert_eq!(create.public_network_access, Some(PublicNetworkAccess::Disabled));
    /// ```
    #[must_use]
    pub fn with_public_network_access(mut self, access: PublicNetworkAccess) -> Self {
        self.public_network_access = Some(access);
        self
    }

    /// Sets [`disable_local_auth`](Self::disable_local_auth).
    ///
    /// ```
    /// let create = acs_management::CommunicationServiceCreate::new("global", "Europe").with_disable_local_auth(true);
    /// assert_eq!(create.disable_local_auth, Some(true));
    /// ```
    #[must_use]
    pub fn with_disable_local_auth(mut self, disable: bool) -> Self {
        self.disable_local_auth = Some(disable);
        self
    }

    /// Sets [`identity`](Self::identity).
    ///
    /// ```
    /// use acs_management::models::{ManagedIdentity, ManagedIdentityType};
    /// let create = acs_management::CommunicationServiceCreate::new("global", "Europe")
    ///     .with_identity(ManagedIdentity::new(ManagedIdentityType::SystemAssigned));
    /// assert!(create.identity.is_some());
    /// ```
    #[must_use]
    pub fn with_identity(mut self, identity: ManagedIdentity) -> Self {
        self.identity = Some(identity);
        self
    }
}

/// What changes on an existing Communication Services resource; fields left `None` keep their
/// value.
///
/// ```
/// use acs_management::CommunicationServiceUpdate;
///
/// let update = CommunicationServiceUpdate::default()
///     .with_tag("env", "prod")
///     .with_linked_domains(["/subscriptions/.../domains/AzureManagedDomain"]);
/// assert_eq!(update.linked_domains.as_ref().map(Vec::len), Some(1));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationServiceUpdate {
    /// The new tags (replacing all of them), if any.
    pub tags: Option<BTreeMap<String, String>>,
    /// The new list of linked email domains (replacing it), if any; an empty list unlinks
    /// every domain.
    pub linked_domains: Option<Vec<String>>,
    /// The new public network access, if any.
    pub public_network_access: Option<PublicNetworkAccess>,
    /// The new local authentication setting, if any.
    pub disable_local_auth: Option<bool>,
    /// The new managed identity, if any.
    pub identity: Option<ManagedIdentity>,
}

impl CommunicationServiceUpdate {
    /// Adds a tag to the new tags.
    ///
    /// ```
    /// let update = acs_management::CommunicationServiceUpdate::default().with_tag("a", "b");
    /// assert_eq!(update.tags.unwrap()["a"], "b");
    /// ```
    #[must_use]
    pub fn with_tag(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags
            .get_or_insert_with(BTreeMap::new)
            .insert(name.into(), value.into());
        self
    }

    /// Replaces the linked email domains.
    ///
    /// ```
    /// let update = acs_management::CommunicationServiceUpdate::default().with_linked_domains(Vec::<String>::new());
    /// assert_eq!(update.linked_domains, Some(vec![]));
    /// ```
    #[must_use]
    pub fn with_linked_domains<I, S>(mut self, domain_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.linked_domains = Some(domain_ids.into_iter().map(Into::into).collect());
        self
    }

    /// Sets [`public_network_access`](Self::public_network_access).
    ///
    /// ```
    /// use acs_management::models::PublicNetworkAccess;
    /// let update = acs_management::CommunicationServiceUpdate::default()
    ///     .with_public_network_access(PublicNetworkAccess::Enabled);
    /// assert!(update.public_network_access.is_some());
    /// ```
    #[must_use]
    pub fn with_public_network_access(mut self, access: PublicNetworkAccess) -> Self {
        self.public_network_access = Some(access);
        self
    }

    /// Sets [`disable_local_auth`](Self::disable_local_auth).
    ///
    /// ```
    /// let update = acs_management::CommunicationServiceUpdate::default().with_disable_local_auth(false);
    /// assert_eq!(update.disable_local_auth, Some(false));
    /// ```
    #[must_use]
    pub fn with_disable_local_auth(mut self, disable: bool) -> Self {
        self.disable_local_auth = Some(disable);
        self
    }

    /// Sets [`identity`](Self::identity).
    ///
    /// ```
    /// use acs_management::models::{ManagedIdentity, ManagedIdentityType};
    /// let update = acs_management::CommunicationServiceUpdate::default()
    ///     .with_identity(ManagedIdentity::new(ManagedIdentityType::None));
    /// assert!(update.identity.is_some());
    /// ```
    #[must_use]
    pub fn with_identity(mut self, identity: ManagedIdentity) -> Self {
        self.identity = Some(identity);
        self
    }
}

/// The access keys of a Communication Services resource and the connection strings made from
/// them: secrets. `Debug` shows which are present, never their values.
///
/// ```no_run
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let keys = client.communication_services().list_keys("my-group", "contoso-acs", None).await?;
/// if let Some(connection_string) = &keys.primary_connection_string {
///     // e.g. `acs_identity::IdentityClient::with_connection_string(connection_string, None)`
///     println!("{}", connection_string.endpoint());
/// }
/// println!("{keys:?}"); // CommunicationServiceKeys { primary_key: Some("<redacted>"), .. }
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationServiceKeys {
    /// The primary access key (base64).
    pub primary_key: Option<Secret>,
    /// The secondary access key (base64).
    pub secondary_key: Option<Secret>,
    /// The connection string of the primary key, parsed.
    pub primary_connection_string: Option<ConnectionString>,
    /// The connection string of the secondary key, parsed.
    pub secondary_connection_string: Option<ConnectionString>,
}

impl fmt::Debug for CommunicationServiceKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |present: bool| present.then_some("<redacted>");
        f.debug_struct("CommunicationServiceKeys")
            .field("primary_key", &redacted(self.primary_key.is_some()))
            .field("secondary_key", &redacted(self.secondary_key.is_some()))
            .field(
                "primary_connection_string",
                &redacted(self.primary_connection_string.is_some()),
            )
            .field(
                "secondary_connection_string",
                &redacted(self.secondary_connection_string.is_some()),
            )
            .finish()
    }
}

acs_core::open_enum! {
    /// Which access key of a Communication Services resource.
    ///
    /// ```
    /// use acs_management::models::KeyType;
    /// assert_eq!(KeyType::Secondary.as_str(), "Secondary");
    /// ```
    pub enum KeyType {
        /// `Primary`
        Primary => "Primary",
        /// `Secondary`
        Secondary => "Secondary",
    }
}

acs_core::open_enum! {
    /// Why a resource name is not available.
    ///
    /// ```
    /// use acs_management::models::NameUnavailableReason;
    /// assert_eq!(NameUnavailableReason::from("AlreadyExists"), NameUnavailableReason::AlreadyExists);
    /// ```
    pub enum NameUnavailableReason {
        /// `Invalid`: the name breaks the naming rules.
        Invalid => "Invalid",
        /// `AlreadyExists`: another resource has it.
        AlreadyExists => "AlreadyExists",
    }
}

/// Whether a Communication Services resource name is free.
///
/// ```no_run
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let availability = client.communication_services().check_name_availability("contoso-acs", None).await?;
/// if !availability.available {
///     println!("taken: {:?} {}", availability.reason, availability.message.unwrap_or_default());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NameAvailability {
    /// Whether the name can be used.
    pub available: bool,
    /// Why not, when it cannot.
    pub reason: Option<NameUnavailableReason>,
    /// ARM's explanation.
    pub message: Option<String>,
}
