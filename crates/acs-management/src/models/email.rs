//! Email Communication Services resources, their domains and sender usernames.

use std::collections::BTreeMap;

use super::common::{ProvisioningState, SystemData};

/// An Email Communication Services resource (`Microsoft.Communication/emailServices`): the
/// parent of email domains.
///
/// ```no_run
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let service = client.email_services().get("my-group", "contoso-email", None).await?;
/// println!("{} {:?}", service.name, service.provisioning_state);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmailService {
    /// The ARM resource id.
    pub id: String,
    /// The resource name.
    pub name: String,
    /// The resource type, `Microsoft.Communication/EmailServices`.
    pub resource_type: String,
    /// The Azure location (`global`).
    pub location: String,
    /// The resource tags.
    pub tags: BTreeMap<String, String>,
    /// Where ARM is in provisioning the resource.
    pub provisioning_state: Option<ProvisioningState>,
    /// Where the data is stored at rest.
    pub data_location: String,
    /// Who created and modified it, and when.
    pub system_data: Option<SystemData>,
}

/// What creates (or replaces) an Email Communication Services resource.
///
/// ```
/// let create = acs_management::EmailServiceCreate::new("global", "United States").with_tag("env", "test");
/// assert_eq!(create.tags["env"], "test");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmailServiceCreate {
    /// The Azure location; `global`.
    pub location: String,
    /// Where the data is stored at rest.
    pub data_location: String,
    /// The resource tags.
    pub tags: BTreeMap<String, String>,
}

impl EmailServiceCreate {
    /// A resource in `location` keeping its data in `data_location`.
    ///
    /// ```
    /// let create = acs_management::EmailServiceCreate::new("global", "Europe");
    /// assert_eq!(create.location, "global");
    /// ```
    #[must_use]
    pub fn new(location: impl Into<String>, data_location: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            data_location: data_location.into(),
            tags: BTreeMap::new(),
        }
    }

    /// Adds a tag.
    ///
    /// ```
    /// let create = acs_management::EmailServiceCreate::new("global", "Europe").with_tag("a", "b");
    /// assert_eq!(create.tags.len(), 1);
    /// ```
    #[must_use]
    pub fn with_tag(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(name.into(), value.into());
        self
    }
}

/// What changes on an Email Communication Services resource: its tags.
///
/// ```
/// let update = acs_management::EmailServiceUpdate::default().with_tag("env", "prod");
/// assert_eq!(update.tags["env"], "prod");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmailServiceUpdate {
    /// The new tags, replacing the old ones.
    pub tags: BTreeMap<String, String>,
}

impl EmailServiceUpdate {
    /// Adds a tag.
    ///
    /// ```
    /// let update = acs_management::EmailServiceUpdate::default().with_tag("a", "b");
    /// assert!(update.tags.contains_key("a"));
    /// ```
    #[must_use]
    pub fn with_tag(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(name.into(), value.into());
        self
    }
}

acs_core::open_enum! {
    /// Who manages an email domain.
    ///
    /// ```
    /// use acs_management::models::DomainManagement;
    /// assert_eq!(DomainManagement::AzureManaged.as_str(), "AzureManaged");
    /// ```
    pub enum DomainManagement {
        /// `AzureManaged`: the Azure-provided `<guid>.azurecomm.net` domain, ready at once.
        AzureManaged => "AzureManaged",
        /// `CustomerManaged`: your domain, verified through DNS records.
        CustomerManaged => "CustomerManaged",
        /// `CustomerManagedInExchangeOnline`: your domain, verified in Exchange Online.
        CustomerManagedInExchangeOnline => "CustomerManagedInExchangeOnline",
    }
}

acs_core::open_enum! {
    /// Whether opens and clicks of the email sent from a domain are tracked.
    ///
    /// ```
    /// use acs_management::models::UserEngagementTracking;
    /// assert_eq!(UserEngagementTracking::from("Enabled"), UserEngagementTracking::Enabled);
    /// ```
    pub enum UserEngagementTracking {
        /// `Disabled`
        Disabled => "Disabled",
        /// `Enabled`
        Enabled => "Enabled",
    }
}

acs_core::open_enum! {
    /// A DNS record kind of a customer-managed domain to verify.
    ///
    /// ```
    /// use acs_management::models::VerificationType;
    /// assert_eq!(VerificationType::Dkim2.as_str(), "DKIM2");
    /// ```
    pub enum VerificationType {
        /// `Domain`: the ownership TXT record.
        Domain => "Domain",
        /// `SPF`
        Spf => "SPF",
        /// `DKIM`
        Dkim => "DKIM",
        /// `DKIM2`
        Dkim2 => "DKIM2",
        /// `DMARC`
        Dmarc => "DMARC",
    }
}

acs_core::open_enum! {
    /// Where the verification of one DNS record stands.
    ///
    /// ```
    /// use acs_management::models::VerificationStatus;
    /// assert_eq!(VerificationStatus::from("Verified"), VerificationStatus::Verified);
    /// ```
    pub enum VerificationStatus {
        /// `NotStarted`
        NotStarted => "NotStarted",
        /// `VerificationRequested`
        VerificationRequested => "VerificationRequested",
        /// `VerificationInProgress`
        VerificationInProgress => "VerificationInProgress",
        /// `VerificationFailed`
        VerificationFailed => "VerificationFailed",
        /// `Verified`
        Verified => "Verified",
        /// `CancellationRequested`
        CancellationRequested => "CancellationRequested",
    }
}

/// A DNS record to publish for a customer-managed domain.
///
/// ```
/// let record = acs_management::models::DnsRecord::default();
/// assert!(record.value.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DnsRecord {
    /// The record type (`TXT`, `CNAME`).
    pub record_type: Option<String>,
    /// The record name.
    pub name: Option<String>,
    /// The record value.
    pub value: Option<String>,
    /// How long resolvers may cache it, in seconds.
    pub ttl: Option<i32>,
}

/// The verification state of one DNS record.
///
/// ```
/// let state = acs_management::models::VerificationState::default();
/// assert!(state.status.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerificationState {
    /// Where the verification stands.
    pub status: Option<VerificationStatus>,
    /// Why it failed, when it did.
    pub error_code: Option<String>,
}

/// The DNS records of a domain, by kind.
///
/// ```
/// let records = acs_management::models::DomainVerificationRecords::default();
/// assert!(records.spf.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DomainVerificationRecords {
    /// The ownership record.
    pub domain: Option<DnsRecord>,
    /// The SPF record.
    pub spf: Option<DnsRecord>,
    /// The first DKIM record.
    pub dkim: Option<DnsRecord>,
    /// The second DKIM record.
    pub dkim2: Option<DnsRecord>,
    /// The DMARC record.
    pub dmarc: Option<DnsRecord>,
}

/// The verification states of a domain's records, by kind.
///
/// ```
/// let states = acs_management::models::DomainVerificationStates::default();
/// assert!(states.domain.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DomainVerificationStates {
    /// The ownership record.
    pub domain: Option<VerificationState>,
    /// The SPF record.
    pub spf: Option<VerificationState>,
    /// The first DKIM record.
    pub dkim: Option<VerificationState>,
    /// The second DKIM record.
    pub dkim2: Option<VerificationState>,
    /// The DMARC record.
    pub dmarc: Option<VerificationState>,
}

/// An email domain of an Email Communication Services resource.
///
/// ```no_run
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let domain = client.domains().get("my-group", "contoso-email", "AzureManagedDomain", None).await?;
/// println!("send from DoNotReply@{}", domain.mail_from_sender_domain.unwrap_or_default());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Domain {
    /// The ARM resource id: what a Communication Services resource links.
    pub id: String,
    /// The domain resource name (`AzureManagedDomain`, or the DNS name).
    pub name: String,
    /// The resource type, `Microsoft.Communication/EmailServices/Domains`.
    pub resource_type: String,
    /// The Azure location (`global`).
    pub location: String,
    /// The resource tags.
    pub tags: BTreeMap<String, String>,
    /// Where ARM is in provisioning the domain.
    pub provisioning_state: Option<ProvisioningState>,
    /// Where the data is stored at rest.
    pub data_location: Option<String>,
    /// The domain shown to recipients (RFC 5322 `From`).
    pub from_sender_domain: Option<String>,
    /// The envelope domain (RFC 5321 `MAIL FROM`).
    pub mail_from_sender_domain: Option<String>,
    /// Who manages the domain.
    pub domain_management: DomainManagement,
    /// Whether engagement is tracked.
    pub user_engagement_tracking: Option<UserEngagementTracking>,
    /// The DNS records to publish (customer-managed domains).
    pub verification_records: DomainVerificationRecords,
    /// The verification state of each record.
    pub verification_states: DomainVerificationStates,
    /// Who created and modified it, and when.
    pub system_data: Option<SystemData>,
}

/// What creates (or replaces) an email domain.
///
/// ```
/// use acs_management::DomainCreate;
/// use acs_management::models::{DomainManagement, UserEngagementTracking};
///
/// let azure = DomainCreate::azure_managed("global");
/// assert_eq!(azure.domain_management, DomainManagement::AzureManaged);
/// let custom = DomainCreate::customer_managed("global")
///     .with_user_engagement_tracking(UserEngagementTracking::Enabled);
/// assert_eq!(custom.domain_management, DomainManagement::CustomerManaged);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DomainCreate {
    /// The Azure location; `global`.
    pub location: String,
    /// Who manages the domain.
    pub domain_management: DomainManagement,
    /// Whether engagement is tracked.
    pub user_engagement_tracking: Option<UserEngagementTracking>,
    /// The resource tags.
    pub tags: BTreeMap<String, String>,
}

impl DomainCreate {
    /// The Azure-managed domain; create it under the name
    /// [`AZURE_MANAGED_DOMAIN`](crate::AZURE_MANAGED_DOMAIN).
    ///
    /// ```
    /// let create = acs_management::DomainCreate::azure_managed("global");
    /// assert!(create.tags.is_empty());
    /// ```
    #[must_use]
    pub fn azure_managed(location: impl Into<String>) -> Self {
        Self::new(location, DomainManagement::AzureManaged)
    }

    /// A customer-managed domain; create it under its DNS name (`mail.contoso.com`).
    ///
    /// ```
    /// let create = acs_management::DomainCreate::customer_managed("global");
    /// assert!(create.user_engagement_tracking.is_none());
    /// ```
    #[must_use]
    pub fn customer_managed(location: impl Into<String>) -> Self {
        Self::new(location, DomainManagement::CustomerManaged)
    }

    /// A domain managed by `management`.
    ///
    /// ```
    /// use acs_management::models::DomainManagement;
    /// let create = acs_management::DomainCreate::new("global", DomainManagement::CustomerManagedInExchangeOnline);
    /// # let _ = create;
    /// ```
    #[must_use]
    pub fn new(location: impl Into<String>, management: DomainManagement) -> Self {
        Self {
            location: location.into(),
            domain_management: management,
            user_engagement_tracking: None,
            tags: BTreeMap::new(),
        }
    }

    /// Sets [`user_engagement_tracking`](Self::user_engagement_tracking).
    ///
    /// ```
    /// use acs_management::models::UserEngagementTracking;
    /// let create = acs_management::DomainCreate::azure_managed("global")
    ///     .with_user_engagement_tracking(UserEngagementTracking::Disabled);
    /// assert!(create.user_engagement_tracking.is_some());
    /// ```
    #[must_use]
    pub fn with_user_engagement_tracking(mut self, tracking: UserEngagementTracking) -> Self {
        self.user_engagement_tracking = Some(tracking);
        self
    }

    /// Adds a tag.
    ///
    /// ```
    /// let create = acs_management::DomainCreate::azure_managed("global").with_tag("a", "b");
    /// assert_eq!(create.tags["a"], "b");
    /// ```
    #[must_use]
    pub fn with_tag(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(name.into(), value.into());
        self
    }
}

/// What changes on an email domain; fields left `None` (or empty tags) keep their value.
///
/// ```
/// use acs_management::models::UserEngagementTracking;
/// let update = acs_management::DomainUpdate::default()
///     .with_user_engagement_tracking(UserEngagementTracking::Enabled);
/// assert!(update.tags.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DomainUpdate {
    /// The new tracking setting, if any.
    pub user_engagement_tracking: Option<UserEngagementTracking>,
    /// The new tags (when not empty), replacing the old ones.
    pub tags: BTreeMap<String, String>,
}

impl DomainUpdate {
    /// Sets [`user_engagement_tracking`](Self::user_engagement_tracking).
    ///
    /// ```
    /// use acs_management::models::UserEngagementTracking;
    /// let update = acs_management::DomainUpdate::default()
    ///     .with_user_engagement_tracking(UserEngagementTracking::Disabled);
    /// assert!(update.user_engagement_tracking.is_some());
    /// ```
    #[must_use]
    pub fn with_user_engagement_tracking(mut self, tracking: UserEngagementTracking) -> Self {
        self.user_engagement_tracking = Some(tracking);
        self
    }

    /// Adds a tag.
    ///
    /// ```
    /// let update = acs_management::DomainUpdate::default().with_tag("a", "b");
    /// assert_eq!(update.tags.len(), 1);
    /// ```
    #[must_use]
    pub fn with_tag(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(name.into(), value.into());
        self
    }
}

/// A sender username of an email domain: the local part of a `From` address
/// (`donotreply` for `donotreply@contoso.com`) with a display name.
///
/// ```no_run
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let sender = client
///     .sender_usernames()
///     .get("my-group", "contoso-email", "contoso.com", "donotreply", None)
///     .await?;
/// println!("{} <{}@contoso.com>", sender.display_name.unwrap_or_default(), sender.username);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SenderUsername {
    /// The ARM resource id.
    pub id: String,
    /// The resource name.
    pub name: String,
    /// The resource type.
    pub resource_type: String,
    /// The username (local part).
    pub username: String,
    /// The display name shown to recipients.
    pub display_name: Option<String>,
    /// Where the data is stored at rest.
    pub data_location: Option<String>,
    /// Where ARM is in provisioning it.
    pub provisioning_state: Option<ProvisioningState>,
    /// Who created and modified it, and when.
    pub system_data: Option<SystemData>,
}

/// What creates (or replaces) a sender username.
///
/// ```
/// let create = acs_management::SenderUsernameCreate::new("donotreply").with_display_name("Contoso");
/// assert_eq!(create.display_name.as_deref(), Some("Contoso"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SenderUsernameCreate {
    /// The username (local part); normally the same as the resource name.
    pub username: String,
    /// The display name shown to recipients.
    pub display_name: Option<String>,
}

impl SenderUsernameCreate {
    /// A sender username `username` without a display name.
    ///
    /// ```
    /// let create = acs_management::SenderUsernameCreate::new("support");
    /// assert_eq!(create.username, "support");
    /// ```
    #[must_use]
    pub fn new(username: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            display_name: None,
        }
    }

    /// Sets [`display_name`](Self::display_name).
    ///
    /// ```
    /// let create = acs_management::SenderUsernameCreate::new("support").with_display_name("Support");
    /// assert!(create.display_name.is_some());
    /// ```
    #[must_use]
    pub fn with_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.display_name = Some(display_name.into());
        self
    }
}
