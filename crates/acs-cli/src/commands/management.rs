//! `acs resource …`, `acs email-service …`, `acs email-domain …`, `acs sender-username …`:
//! the management plane (Azure Resource Manager) through `acs-management`.

use std::time::Duration;

use acs_management::models::{KeyType, PublicNetworkAccess, VerificationType};
use acs_management::{
    AZURE_MANAGED_DOMAIN, CommunicationService, CommunicationServiceCreate,
    CommunicationServiceKeys, CommunicationServiceUpdate, ConnectionString, Domain, DomainCreate,
    EmailService, EmailServiceCreate, ManagementClient, ManagementClientOptions, OperationPoller,
    Pager, RetryOptions, SenderUsername, SenderUsernameCreate,
};
use clap::{Args, Subcommand, ValueEnum};
use futures::TryStreamExt as _;

use super::Context;
use super::azure_credential::{CredentialKind, credential};
use crate::exit::Failure;
use crate::output::{Column, Doc};

/// What every management command needs: where ARM is, the subscription, the resource group and
/// the credential.
#[derive(Debug, Args)]
pub(crate) struct ManagementArgs {
    /// The Azure subscription id (a UUID).
    #[arg(long, global = true, value_name = "ID", env = "AZURE_SUBSCRIPTION_ID")]
    pub(crate) subscription: Option<String>,

    /// The resource group.
    #[arg(
        long,
        short = 'g',
        global = true,
        value_name = "NAME",
        env = "ACS_RESOURCE_GROUP"
    )]
    pub(crate) resource_group: Option<String>,

    /// The Azure Resource Manager endpoint: `https://management.azure.com` (default), another
    /// cloud's, or the emulator's (e.g. `https://127.0.0.1:8443`).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "ACS_MANAGEMENT_ENDPOINT"
    )]
    pub(crate) management_endpoint: Option<String>,

    /// How to authenticate: `auto` (default) uses the emulator's development credential for a
    /// loopback endpoint, else the service principal of AZURE_TENANT_ID, AZURE_CLIENT_ID and
    /// AZURE_CLIENT_SECRET when set, else the Azure CLI / Azure Developer CLI sign-in.
    #[arg(long, global = true, value_enum, default_value_t = CredentialKind::Auto, env = "ACS_CREDENTIAL")]
    pub(crate) credential: CredentialKind,

    /// Return as soon as ARM has accepted a long-running operation, without waiting for it.
    #[arg(long, global = true)]
    pub(crate) no_wait: bool,
}

/// `acs resource …`: Communication Services resources.
#[derive(Debug, Args)]
pub(crate) struct ResourceArgs {
    #[command(flatten)]
    pub(crate) common: ManagementArgs,
    #[command(subcommand)]
    pub(crate) command: ResourceCommand,
}

/// The resource commands.
#[derive(Debug, Subcommand)]
pub(crate) enum ResourceCommand {
    /// Create (or replace) a Communication Services resource and print it.
    Create {
        /// The resource name (globally unique: it makes the host name).
        name: String,
        /// Where the data is stored at rest, e.g. `United States`, `Europe`.
        #[arg(long, value_name = "LOCATION")]
        data_location: String,
        /// The Azure location.
        #[arg(long, default_value = "global")]
        location: String,
        /// A tag `KEY=VALUE` (repeatable).
        #[arg(long, value_name = "KEY=VALUE")]
        tag: Vec<String>,
        /// The resource id of an email domain to link (repeatable).
        #[arg(long, value_name = "DOMAIN_ID")]
        linked_domain: Vec<String>,
        /// Disable access keys (Entra ID only).
        #[arg(long)]
        disable_local_auth: bool,
        /// Public network access.
        #[arg(long, value_enum)]
        public_network_access: Option<NetworkAccess>,
    },
    /// Print a Communication Services resource.
    Show {
        /// The resource name.
        name: String,
    },
    /// List the Communication Services resources of the resource group (of the subscription
    /// without -g).
    List,
    /// Delete a Communication Services resource. Prints nothing.
    Delete {
        /// The resource name.
        name: String,
    },
    /// Print the access keys and connection strings (secrets: printing them is the command's
    /// purpose).
    Keys {
        /// The resource name.
        name: String,
    },
    /// Regenerate the primary or secondary key and print the keys.
    RegenerateKey {
        /// The resource name.
        name: String,
        /// Which key.
        #[arg(long, value_enum)]
        key: WhichKey,
    },
    /// Print whether a resource name is available.
    CheckName {
        /// The resource name.
        name: String,
    },
}

/// `--public-network-access`
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum NetworkAccess {
    /// Enabled
    Enabled,
    /// Disabled
    Disabled,
    /// SecuredByPerimeter
    SecuredByPerimeter,
}

/// `--key`
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum WhichKey {
    /// The primary key.
    Primary,
    /// The secondary key.
    Secondary,
}

/// `acs email-service …`: Email Communication Services resources.
#[derive(Debug, Args)]
pub(crate) struct EmailServiceArgs {
    #[command(flatten)]
    pub(crate) common: ManagementArgs,
    #[command(subcommand)]
    pub(crate) command: EmailServiceCommand,
}

/// The email-service commands.
#[derive(Debug, Subcommand)]
pub(crate) enum EmailServiceCommand {
    /// Create (or replace) an Email Communication Services resource and print it.
    Create {
        /// The resource name.
        name: String,
        /// Where the data is stored at rest.
        #[arg(long, value_name = "LOCATION")]
        data_location: String,
        /// The Azure location.
        #[arg(long, default_value = "global")]
        location: String,
        /// A tag `KEY=VALUE` (repeatable).
        #[arg(long, value_name = "KEY=VALUE")]
        tag: Vec<String>,
    },
    /// Print an Email Communication Services resource.
    Show {
        /// The resource name.
        name: String,
    },
    /// List the Email Communication Services resources of the resource group (of the
    /// subscription without -g).
    List,
    /// Delete an Email Communication Services resource and its domains. Prints nothing.
    Delete {
        /// The resource name.
        name: String,
    },
}

/// `acs email-domain …`: the domains of an Email Communication Services resource.
#[derive(Debug, Args)]
pub(crate) struct EmailDomainArgs {
    #[command(flatten)]
    pub(crate) common: ManagementArgs,
    /// The Email Communication Services resource.
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) email_service: Option<String>,
    #[command(subcommand)]
    pub(crate) command: EmailDomainCommand,
}

/// The email-domain commands.
#[derive(Debug, Subcommand)]
pub(crate) enum EmailDomainCommand {
    /// Create the Azure-managed domain (--azure-managed) or a customer-managed one (--custom
    /// DOMAIN) and print it, with the DNS records to publish for a custom one.
    Create {
        /// The Azure-managed `<id>.azurecomm.net` domain, ready at once.
        #[arg(long, conflicts_with = "custom", required_unless_present = "custom")]
        azure_managed: bool,
        /// Your domain, e.g. `mail.contoso.com`, to verify through DNS.
        #[arg(long, value_name = "DOMAIN")]
        custom: Option<String>,
        /// The Azure location.
        #[arg(long, default_value = "global")]
        location: String,
    },
    /// Print a domain (`AzureManagedDomain` for the Azure-managed one).
    Show {
        /// The domain name.
        domain: String,
    },
    /// List the domains of the Email Communication Services resource.
    List,
    /// Delete a domain. Prints nothing.
    Delete {
        /// The domain name.
        domain: String,
    },
    /// Link a domain to a Communication Services resource (so it can send email from it) and
    /// print the resource.
    Link {
        /// The domain name.
        domain: String,
        /// The Communication Services resource.
        #[arg(long, value_name = "NAME")]
        resource: String,
    },
    /// Start verifying one DNS record of a custom domain. Prints nothing.
    Verify {
        /// The domain name.
        domain: String,
        /// The record: domain, spf, dkim, dkim2 or dmarc.
        #[arg(long = "type", value_enum)]
        kind: RecordKind,
    },
}

/// `--type`
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum RecordKind {
    /// The ownership TXT record.
    Domain,
    /// SPF
    Spf,
    /// DKIM
    Dkim,
    /// DKIM2
    Dkim2,
    /// DMARC
    Dmarc,
}

/// `acs sender-username …`: the sender usernames of a domain.
#[derive(Debug, Args)]
pub(crate) struct SenderUsernameArgs {
    #[command(flatten)]
    pub(crate) common: ManagementArgs,
    /// The Email Communication Services resource.
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) email_service: Option<String>,
    /// The domain (`AzureManagedDomain` for the Azure-managed one).
    #[arg(long, global = true, value_name = "DOMAIN")]
    pub(crate) domain: Option<String>,
    #[command(subcommand)]
    pub(crate) command: SenderUsernameCommand,
}

/// The sender-username commands.
#[derive(Debug, Subcommand)]
pub(crate) enum SenderUsernameCommand {
    /// Create (or replace) a sender username and print it.
    Create {
        /// The username (local part of the sender address).
        username: String,
        /// The display name recipients see.
        #[arg(long, value_name = "NAME")]
        display_name: Option<String>,
    },
    /// Print a sender username.
    Show {
        /// The username.
        username: String,
    },
    /// List the sender usernames of the domain.
    List,
    /// Delete a sender username. Prints nothing.
    Delete {
        /// The username.
        username: String,
    },
}

/// The columns of a resource list.
const RESOURCE_COLUMNS: &[Column] = &[
    Column::new("NAME", &["name"]),
    Column::new("STATE", &["provisioningState"]),
    Column::new("HOST", &["hostName"]),
    Column::new("DATA LOCATION", &["dataLocation"]),
];

/// The columns of an email service list.
const EMAIL_SERVICE_COLUMNS: &[Column] = &[
    Column::new("NAME", &["name"]),
    Column::new("STATE", &["provisioningState"]),
    Column::new("DATA LOCATION", &["dataLocation"]),
];

/// The columns of a domain list.
const DOMAIN_COLUMNS: &[Column] = &[
    Column::new("NAME", &["name"]),
    Column::new("MANAGEMENT", &["domainManagement"]),
    Column::new("MAIL FROM", &["mailFromSenderDomain"]),
    Column::new("STATE", &["provisioningState"]),
];

/// The columns of a sender username list.
const SENDER_COLUMNS: &[Column] = &[
    Column::new("USERNAME", &["username"]),
    Column::new("DISPLAY NAME", &["displayName"]),
];

fn client(context: &Context, args: &ManagementArgs) -> Result<ManagementClient, Failure> {
    let subscription = args
        .subscription
        .clone()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            Failure::credential(
                "the management commands need a subscription: pass --subscription or set \
                 AZURE_SUBSCRIPTION_ID",
            )
        })?;
    let mut options = ManagementClientOptions::default()
        .with_retry(RetryOptions::default().with_max_retries(context.retries));
    if let Some(endpoint) = &args.management_endpoint {
        options.endpoint = endpoint.clone();
    }
    if context.timeout.is_some() {
        options.timeout = context.timeout;
    }
    let endpoint = url::Url::parse(options.endpoint.trim()).map_err(|error| {
        Failure::credential(format!("--management-endpoint is not a URL: {error}"))
    })?;
    let http = match &context.http_client {
        Some(http) => http.clone(),
        None => acs_core::default_http_client(Some(Duration::from_secs(10)))?,
    };
    options.http_client = Some(http.clone());
    let credential = credential(args.credential, &endpoint, http)?;
    Ok(ManagementClient::new(
        &subscription,
        credential,
        Some(options),
    )?)
}

fn group(args: &ManagementArgs) -> Result<String, Failure> {
    args.resource_group
        .clone()
        .filter(|g| !g.trim().is_empty())
        .ok_or_else(|| {
            Failure::usage("this command needs a resource group: pass -g or set ACS_RESOURCE_GROUP")
        })
}

fn tags(tags: &[String]) -> Result<Vec<(String, String)>, Failure> {
    tags.iter()
        .map(|tag| {
            tag.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| Failure::invalid_input(format!("--tag `{tag}` is not KEY=VALUE")))
        })
        .collect()
}

/// Waits for a long-running operation unless `--no-wait`; `None` when not waited for.
async fn finish<T: Send + 'static>(
    poller: OperationPoller<T>,
    no_wait: bool,
) -> Result<Option<T>, Failure> {
    if no_wait {
        return Ok(None);
    }
    Ok(Some(poller.wait().await?))
}

/// Prints every item of a pager as one list.
async fn print_all<T: Send + 'static>(
    context: &Context,
    pager: Pager<T>,
    columns: &'static [Column],
    render: fn(&T) -> Doc,
) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let mut list = context.printer.list(&mut out, columns);
    let mut pages = pager.into_pages();
    let mut unreadable = 0;
    while let Some(page) = pages.try_next().await? {
        unreadable += super::warn_unreadable(page.errors);
        let items: Vec<Doc> = page.items.iter().map(render).collect();
        list.page(items).map_err(|error| Failure::output(&error))?;
    }
    list.finish().map_err(Failure::print)?;
    match unreadable {
        0 => Ok(()),
        count => Err(Failure::unreadable_items(count)),
    }
}

/// Runs `acs resource …`.
pub(crate) async fn run_resource(context: &Context, args: ResourceArgs) -> Result<(), Failure> {
    let client = client(context, &args.common)?;
    let resources = client.communication_services();
    let no_wait = args.common.no_wait;
    match args.command {
        ResourceCommand::Create {
            name,
            data_location,
            location,
            tag,
            linked_domain,
            disable_local_auth,
            public_network_access,
        } => {
            let group = group(&args.common)?;
            let mut create = CommunicationServiceCreate::new(location, data_location);
            for (k, v) in tags(&tag)? {
                create = create.with_tag(k, v);
            }
            for domain in linked_domain {
                create = create.with_linked_domain(domain);
            }
            if disable_local_auth {
                create = create.with_disable_local_auth(true);
            }
            if let Some(access) = public_network_access {
                create = create.with_public_network_access(match access {
                    NetworkAccess::Enabled => PublicNetworkAccess::Enabled,
                    NetworkAccess::Disabled => PublicNetworkAccess::Disabled,
                    NetworkAccess::SecuredByPerimeter => PublicNetworkAccess::SecuredByPerimeter,
                });
            }
            let poller = resources
                .begin_create_or_update(&group, &name, &create, None)
                .await?;
            let status = poller.status().as_str().to_owned();
            match finish(poller, no_wait).await? {
                Some(resource) => context.print(&resource_doc(&resource)),
                None => context.print(&accepted(&name, &status)),
            }
        }
        ResourceCommand::Show { name } => {
            let resource = resources.get(&group(&args.common)?, &name, None).await?;
            context.print(&resource_doc(&resource))
        }
        ResourceCommand::List => {
            let pager = match &args.common.resource_group {
                Some(group) if !group.trim().is_empty() => {
                    resources.list_by_resource_group(group, None)
                }
                _ => resources.list_by_subscription(None),
            };
            print_all(context, pager, RESOURCE_COLUMNS, resource_doc).await
        }
        ResourceCommand::Delete { name } => {
            let poller = resources
                .begin_delete(&group(&args.common)?, &name, None)
                .await?;
            finish(poller, no_wait).await?;
            Ok(())
        }
        ResourceCommand::Keys { name } => {
            let keys = resources
                .list_keys(&group(&args.common)?, &name, None)
                .await?;
            context.print(&keys_doc(&keys))
        }
        ResourceCommand::RegenerateKey { name, key } => {
            let key = match key {
                WhichKey::Primary => KeyType::Primary,
                WhichKey::Secondary => KeyType::Secondary,
            };
            let keys = resources
                .regenerate_key(&group(&args.common)?, &name, key, None)
                .await?;
            context.print(&keys_doc(&keys))
        }
        ResourceCommand::CheckName { name } => {
            let availability = resources.check_name_availability(&name, None).await?;
            context.print(
                &Doc::object()
                    .field("nameAvailable", availability.available)
                    .field("reason", availability.reason.map(|r| r.as_str().to_owned()))
                    .field("message", availability.message),
            )
        }
    }
}

/// Runs `acs email-service …`.
pub(crate) async fn run_email_service(
    context: &Context,
    args: EmailServiceArgs,
) -> Result<(), Failure> {
    let client = client(context, &args.common)?;
    let services = client.email_services();
    let no_wait = args.common.no_wait;
    match args.command {
        EmailServiceCommand::Create {
            name,
            data_location,
            location,
            tag,
        } => {
            let group = group(&args.common)?;
            let mut create = EmailServiceCreate::new(location, data_location);
            for (k, v) in tags(&tag)? {
                create = create.with_tag(k, v);
            }
            let poller = services
                .begin_create_or_update(&group, &name, &create, None)
                .await?;
            let status = poller.status().as_str().to_owned();
            match finish(poller, no_wait).await? {
                Some(service) => context.print(&email_service_doc(&service)),
                None => context.print(&accepted(&name, &status)),
            }
        }
        EmailServiceCommand::Show { name } => {
            let service = services.get(&group(&args.common)?, &name, None).await?;
            context.print(&email_service_doc(&service))
        }
        EmailServiceCommand::List => {
            let pager = match &args.common.resource_group {
                Some(group) if !group.trim().is_empty() => {
                    services.list_by_resource_group(group, None)
                }
                _ => services.list_by_subscription(None),
            };
            print_all(context, pager, EMAIL_SERVICE_COLUMNS, email_service_doc).await
        }
        EmailServiceCommand::Delete { name } => {
            let poller = services
                .begin_delete(&group(&args.common)?, &name, None)
                .await?;
            finish(poller, no_wait).await?;
            Ok(())
        }
    }
}

fn email_service_name(name: Option<&String>) -> Result<String, Failure> {
    name.filter(|n| !n.trim().is_empty())
        .cloned()
        .ok_or_else(|| Failure::usage("this command needs --email-service NAME"))
}

/// Runs `acs email-domain …`.
pub(crate) async fn run_email_domain(
    context: &Context,
    args: EmailDomainArgs,
) -> Result<(), Failure> {
    let client = client(context, &args.common)?;
    let domains = client.domains();
    let no_wait = args.common.no_wait;
    let group = group(&args.common)?;
    let service = email_service_name(args.email_service.as_ref())?;
    match args.command {
        EmailDomainCommand::Create {
            azure_managed,
            custom,
            location,
        } => {
            let (name, create) = match (azure_managed, custom) {
                (_, Some(custom)) => (custom, DomainCreate::customer_managed(location)),
                _ => (
                    AZURE_MANAGED_DOMAIN.to_owned(),
                    DomainCreate::azure_managed(location),
                ),
            };
            let poller = domains
                .begin_create_or_update(&group, &service, &name, &create, None)
                .await?;
            let status = poller.status().as_str().to_owned();
            match finish(poller, no_wait).await? {
                Some(domain) => context.print(&domain_doc(&domain)),
                None => context.print(&accepted(&name, &status)),
            }
        }
        EmailDomainCommand::Show { domain } => {
            let domain = domains.get(&group, &service, &domain, None).await?;
            context.print(&domain_doc(&domain))
        }
        EmailDomainCommand::List => {
            print_all(
                context,
                domains.list(&group, &service, None),
                DOMAIN_COLUMNS,
                domain_doc,
            )
            .await
        }
        EmailDomainCommand::Delete { domain } => {
            let poller = domains
                .begin_delete(&group, &service, &domain, None)
                .await?;
            finish(poller, no_wait).await?;
            Ok(())
        }
        EmailDomainCommand::Link { domain, resource } => {
            let domain = domains.get(&group, &service, &domain, None).await?;
            let resources = client.communication_services();
            let current = resources.get(&group, &resource, None).await?;
            let mut linked = current.linked_domains;
            if !linked.iter().any(|id| id.eq_ignore_ascii_case(&domain.id)) {
                linked.push(domain.id.clone());
            }
            let updated = resources
                .update(
                    &group,
                    &resource,
                    &CommunicationServiceUpdate::default().with_linked_domains(linked),
                    None,
                )
                .await?;
            context.print(&resource_doc(&updated))
        }
        EmailDomainCommand::Verify { domain, kind } => {
            let kind = match kind {
                RecordKind::Domain => VerificationType::Domain,
                RecordKind::Spf => VerificationType::Spf,
                RecordKind::Dkim => VerificationType::Dkim,
                RecordKind::Dkim2 => VerificationType::Dkim2,
                RecordKind::Dmarc => VerificationType::Dmarc,
            };
            let poller = domains
                .begin_initiate_verification(&group, &service, &domain, kind, None)
                .await?;
            finish(poller, no_wait).await?;
            Ok(())
        }
    }
}

/// Runs `acs sender-username …`.
pub(crate) async fn run_sender_username(
    context: &Context,
    args: SenderUsernameArgs,
) -> Result<(), Failure> {
    let client = client(context, &args.common)?;
    let senders = client.sender_usernames();
    let group = group(&args.common)?;
    let service = email_service_name(args.email_service.as_ref())?;
    let domain = args
        .domain
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| Failure::usage("this command needs --domain DOMAIN"))?;
    match args.command {
        SenderUsernameCommand::Create {
            username,
            display_name,
        } => {
            let mut create = SenderUsernameCreate::new(username.clone());
            if let Some(display_name) = display_name {
                create = create.with_display_name(display_name);
            }
            let sender = senders
                .create_or_update(&group, &service, &domain, &username, &create, None)
                .await?;
            context.print(&sender_doc(&sender))
        }
        SenderUsernameCommand::Show { username } => {
            let sender = senders
                .get(&group, &service, &domain, &username, None)
                .await?;
            context.print(&sender_doc(&sender))
        }
        SenderUsernameCommand::List => {
            print_all(
                context,
                senders.list(&group, &service, &domain, None),
                SENDER_COLUMNS,
                sender_doc,
            )
            .await
        }
        SenderUsernameCommand::Delete { username } => {
            senders
                .delete(&group, &service, &domain, &username, None)
                .await?;
            Ok(())
        }
    }
}

fn accepted(name: &str, status: &str) -> Doc {
    Doc::object().field("name", name).field("status", status)
}

fn tags_doc(tags: &std::collections::BTreeMap<String, String>) -> Doc {
    Doc::map(tags.iter())
}

fn resource_doc(resource: &CommunicationService) -> Doc {
    Doc::object()
        .field("id", resource.id.as_str())
        .field("name", resource.name.as_str())
        .field("location", resource.location.as_str())
        .field("tags", tags_doc(&resource.tags))
        .field(
            "provisioningState",
            resource
                .provisioning_state
                .as_ref()
                .map(|s| s.as_str().to_owned()),
        )
        .field("hostName", resource.host_name.clone())
        .field("dataLocation", resource.data_location.as_str())
        .field("linkedDomains", resource.linked_domains.clone())
        .field("notificationHubId", resource.notification_hub_id.clone())
        .field(
            "publicNetworkAccess",
            resource
                .public_network_access
                .as_ref()
                .map(|a| a.as_str().to_owned()),
        )
        .field("disableLocalAuth", resource.disable_local_auth)
}

fn email_service_doc(service: &EmailService) -> Doc {
    Doc::object()
        .field("id", service.id.as_str())
        .field("name", service.name.as_str())
        .field("location", service.location.as_str())
        .field("tags", tags_doc(&service.tags))
        .field(
            "provisioningState",
            service
                .provisioning_state
                .as_ref()
                .map(|s| s.as_str().to_owned()),
        )
        .field("dataLocation", service.data_location.as_str())
}

fn domain_doc(domain: &Domain) -> Doc {
    let record = |record: &Option<acs_management::models::DnsRecord>| match record {
        Some(record) => Doc::object()
            .field("type", record.record_type.clone())
            .field("name", record.name.clone())
            .field("value", record.value.clone())
            .field("ttl", record.ttl),
        None => Doc::Null,
    };
    let state = |state: &Option<acs_management::models::VerificationState>| match state {
        Some(state) => Doc::object()
            .field(
                "status",
                state.status.as_ref().map(|s| s.as_str().to_owned()),
            )
            .field("errorCode", state.error_code.clone()),
        None => Doc::Null,
    };
    let records = &domain.verification_records;
    let states = &domain.verification_states;
    Doc::object()
        .field("id", domain.id.as_str())
        .field("name", domain.name.as_str())
        .field("domainManagement", domain.domain_management.as_str())
        .field("fromSenderDomain", domain.from_sender_domain.clone())
        .field(
            "mailFromSenderDomain",
            domain.mail_from_sender_domain.clone(),
        )
        .field(
            "provisioningState",
            domain
                .provisioning_state
                .as_ref()
                .map(|s| s.as_str().to_owned()),
        )
        .field(
            "userEngagementTracking",
            domain
                .user_engagement_tracking
                .as_ref()
                .map(|t| t.as_str().to_owned()),
        )
        .field(
            "verificationRecords",
            Doc::object()
                .field("Domain", record(&records.domain))
                .field("SPF", record(&records.spf))
                .field("DKIM", record(&records.dkim))
                .field("DKIM2", record(&records.dkim2))
                .field("DMARC", record(&records.dmarc)),
        )
        .field(
            "verificationStates",
            Doc::object()
                .field("Domain", state(&states.domain))
                .field("SPF", state(&states.spf))
                .field("DKIM", state(&states.dkim))
                .field("DKIM2", state(&states.dkim2))
                .field("DMARC", state(&states.dmarc)),
        )
}

fn sender_doc(sender: &SenderUsername) -> Doc {
    Doc::object()
        .field("id", sender.id.as_str())
        .field("name", sender.name.as_str())
        .field("username", sender.username.as_str())
        .field("displayName", sender.display_name.clone())
        .field(
            "provisioningState",
            sender
                .provisioning_state
                .as_ref()
                .map(|s| s.as_str().to_owned()),
        )
}

/// The text of a connection string, for `acs resource keys` (whose purpose is to print it).
fn connection_string_text(connection_string: &ConnectionString) -> String {
    format!(
        "endpoint={}/;accesskey={}",
        connection_string.endpoint(),
        connection_string.access_key().secret().expose_secret()
    )
}

fn keys_doc(keys: &CommunicationServiceKeys) -> Doc {
    Doc::object()
        .field(
            "primaryKey",
            keys.primary_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
        )
        .field(
            "secondaryKey",
            keys.secondary_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
        )
        .field(
            "primaryConnectionString",
            keys.primary_connection_string
                .as_ref()
                .map(connection_string_text),
        )
        .field(
            "secondaryConnectionString",
            keys.secondary_connection_string
                .as_ref()
                .map(connection_string_text),
        )
}
