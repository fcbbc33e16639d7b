//! The acs-rs provision-then-use walkthrough.
//!
//! `cargo run --locked -p acs-provision-example` starts from nothing: it creates an Email
//! Communication Services resource with an Azure-managed domain, creates a Communication
//! Services resource linked to that domain, reads the resource's connection string, and then
//! uses it: a user with a chat token (Identity), a chat thread with a message (Chat) and an
//! email from the domain's `DoNotReply` sender (Email). At the end it deletes what it created.
//!
//! By default everything runs on the embedded emulator (`acs-emulator`), whose ARM surface
//! accepts the development credential [`acs_management::EmulatorCredential`]: no Azure account
//! is needed. With `AZURE_SUBSCRIPTION_ID` and `AZURE_ACCESS_TOKEN` (an ARM token, e.g.
//! `az account get-access-token --query accessToken -o tsv`) it provisions in that subscription,
//! in the existing resource group `ACS_PROVISION_RESOURCE_GROUP` (default `acs-rs-provision`),
//! and mails `ACS_EMAIL_RECIPIENT` (the email step is skipped without it). Applications would
//! pass an `azure_identity` credential (Azure CLI, managed identity) to
//! [`acs_management::ManagementClient::new`] instead of a token.
//!
//! ```
//! # #[tokio::main(flavor = "multi_thread", worker_threads = 2)]
//! # async fn main() -> Result<(), acs_provision_example::BoxError> {
//! let mut out = Vec::new();
//! let summary = acs_provision_example::run(acs_provision_example::Target::Emulator, &mut out).await?;
//! assert!(summary.sender.starts_with("DoNotReply@") && summary.sender.ends_with(".azurecomm.net"));
//! assert_eq!(summary.email_status.as_deref(), Some("Succeeded"));
//! assert_eq!(summary.messages_listed, 1);
//! assert!(String::from_utf8(out)?.contains("Done: provisioned, used and deleted."));
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

use std::io::Write;
use std::sync::Arc;

use acs_auth::{Clock as _, ConnectionString, SystemClock};
use acs_chat::models::ChatParticipant;
use acs_chat::options::ChatClientCreateChatThreadOptions;
use acs_chat::{ChatClient, CommunicationTokenCredential};
use acs_email::{EmailClient, EmailMessage};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::CommunicationTokenScope;
use acs_management::{
    AZURE_MANAGED_DOMAIN, CommunicationServiceCreate, CommunicationServiceUpdate, DomainCreate,
    EmailServiceCreate, EmulatorCredential, ManagementClient, ManagementClientOptions,
};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use futures::TryStreamExt as _;

/// Any error of the walkthrough.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The subscription the emulator provisions in (any UUID works there).
const EMULATOR_SUBSCRIPTION: &str = "00000000-0000-0000-0000-0000000000ac";
/// The resource group on the emulator, and the default one on Azure.
const DEFAULT_GROUP: &str = "acs-rs-provision";
/// Where the resources keep their data.
const DATA_LOCATION: &str = "United States";

/// Where the walkthrough provisions.
#[derive(Debug)]
pub enum Target {
    /// The embedded emulator, started for the run.
    Emulator,
    /// An Azure subscription.
    Azure(AzureTarget),
}

/// What provisioning in Azure needs.
#[derive(Debug)]
pub struct AzureTarget {
    /// The subscription id.
    pub subscription_id: String,
    /// An existing resource group.
    pub resource_group: String,
    /// An ARM access token (never printed).
    pub token: Secret,
    /// Who gets the email; the email step is skipped without one.
    pub email_recipient: Option<String>,
}

impl Target {
    /// Azure when `AZURE_SUBSCRIPTION_ID` and `AZURE_ACCESS_TOKEN` are both set, else the
    /// embedded emulator.
    ///
    /// ```
    /// // Without AZURE_SUBSCRIPTION_ID and AZURE_ACCESS_TOKEN, the embedded emulator.
    /// # if std::env::var_os("AZURE_ACCESS_TOKEN").is_none() {
    /// assert!(matches!(acs_provision_example::Target::from_env(), acs_provision_example::Target::Emulator));
    /// # }
    /// ```
    #[must_use]
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        };
        match (var("AZURE_SUBSCRIPTION_ID"), var("AZURE_ACCESS_TOKEN")) {
            (Some(subscription_id), Some(token)) => Self::Azure(AzureTarget {
                subscription_id,
                resource_group: var("ACS_PROVISION_RESOURCE_GROUP")
                    .unwrap_or_else(|| DEFAULT_GROUP.to_owned()),
                token: Secret::new(token),
                email_recipient: var("ACS_EMAIL_RECIPIENT"),
            }),
            _ => Self::Emulator,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// The id of the Communication Services resource it created (and deleted).
    pub communication_service_id: String,
    /// The sender address of the linked Azure-managed domain.
    pub sender: String,
    /// How many messages the chat thread listed.
    pub messages_listed: usize,
    /// The final status of the email (`None` when skipped).
    pub email_status: Option<String>,
}

/// A static ARM token as a `TokenCredential` (for the walkthrough's Azure mode).
struct StaticToken(Secret);

impl std::fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

#[async_trait::async_trait]
impl TokenCredential for StaticToken {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        // The token's own expiry is unknown here; the service refuses it when it expires.
        let expires = SystemClock.now().timestamp() + 300;
        let expires_on =
            azure_core::time::OffsetDateTime::from_unix_timestamp(expires).map_err(|_| {
                azure_core::Error::with_message(
                    azure_core::error::ErrorKind::Credential,
                    "the token expiry is out of range",
                )
            })?;
        Ok(AccessToken::new(self.0.clone(), expires_on))
    }
}

/// Runs the walkthrough against `target`, printing each step to `out`.
///
/// # Errors
///
/// The first failing step's error (ARM, identity, chat, email, transport, ...).
pub async fn run(target: Target, out: &mut dyn Write) -> Result<Summary, BoxError> {
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    let suffix = &suffix[..8];
    match target {
        Target::Emulator => {
            let emulator = acs_emulator::Emulator::builder().start().await?;
            writeln!(
                out,
                "Using the embedded ACS emulator at {} (ARM included)",
                emulator.endpoint()
            )?;
            let client = ManagementClient::new(
                EMULATOR_SUBSCRIPTION,
                Arc::new(EmulatorCredential::new()),
                Some(ManagementClientOptions::default().with_endpoint(emulator.endpoint())),
            )?;
            let result = walkthrough(
                &client,
                DEFAULT_GROUP,
                suffix,
                Some("alice@example.com"),
                out,
            )
            .await;
            emulator.shutdown().await?;
            result
        }
        Target::Azure(azure) => {
            writeln!(
                out,
                "Using Azure subscription {}, resource group {}",
                azure.subscription_id, azure.resource_group
            )?;
            let client = ManagementClient::new(
                &azure.subscription_id,
                Arc::new(StaticToken(azure.token)),
                None,
            )?;
            walkthrough(
                &client,
                &azure.resource_group,
                suffix,
                azure.email_recipient.as_deref(),
                out,
            )
            .await
        }
    }
}

fn step(out: &mut dyn Write, title: &str) -> std::io::Result<()> {
    writeln!(out, "\n{title}")
}

async fn walkthrough(
    client: &ManagementClient,
    group: &str,
    suffix: &str,
    recipient: Option<&str>,
    out: &mut dyn Write,
) -> Result<Summary, BoxError> {
    let email_name = format!("acs-rs-email-{suffix}");
    let service_name = format!("acs-rs-{suffix}");

    step(out, "1. An email service with an Azure-managed domain")?;
    let email_service = client
        .email_services()
        .create_or_update(
            group,
            &email_name,
            &EmailServiceCreate::new("global", DATA_LOCATION),
            None,
        )
        .await?;
    writeln!(out, "   created email service {}", email_service.id)?;
    let domain = client
        .domains()
        .create_or_update(
            group,
            &email_name,
            AZURE_MANAGED_DOMAIN,
            &DomainCreate::azure_managed("global"),
            None,
        )
        .await?;
    let sender_domain = domain
        .from_sender_domain
        .clone()
        .ok_or("the Azure-managed domain has no sender domain")?;
    writeln!(out, "   created the Azure-managed domain {sender_domain}")?;

    step(
        out,
        "2. A Communication Services resource, linked to the domain",
    )?;
    let availability = client
        .communication_services()
        .check_name_availability(&service_name, None)
        .await?;
    writeln!(
        out,
        "   name {service_name} available: {}",
        availability.available
    )?;
    let service = client
        .communication_services()
        .create_or_update(
            group,
            &service_name,
            &CommunicationServiceCreate::new("global", DATA_LOCATION),
            None,
        )
        .await?;
    let state = service
        .provisioning_state
        .as_ref()
        .map_or_else(|| "unknown".to_owned(), ToString::to_string);
    writeln!(out, "   created {} ({state})", service.id)?;
    let linked = client
        .communication_services()
        .update(
            group,
            &service_name,
            &CommunicationServiceUpdate::default().with_linked_domains([domain.id.clone()]),
            None,
        )
        .await?;
    writeln!(out, "   linked domains: {}", linked.linked_domains.len())?;

    step(out, "3. The connection string")?;
    let keys = client
        .communication_services()
        .list_keys(group, &service_name, None)
        .await?;
    let connection_string: ConnectionString = keys
        .primary_connection_string
        .ok_or("listKeys returned no primary connection string")?;
    // The key stays secret: only the endpoint is printed.
    writeln!(
        out,
        "   endpoint {} (the key is never printed)",
        connection_string.endpoint()
    )?;

    let used = use_resource(
        &connection_string,
        &format!("DoNotReply@{sender_domain}"),
        recipient,
        out,
    )
    .await;

    step(out, "7. Clean up")?;
    client
        .communication_services()
        .delete(group, &service_name, None)
        .await?;
    client
        .email_services()
        .delete(group, &email_name, None)
        .await?;
    writeln!(
        out,
        "   deleted {service_name} and {email_name} (with its domain)"
    )?;
    let (messages_listed, email_status) = used?;
    writeln!(out, "\nDone: provisioned, used and deleted.")?;
    Ok(Summary {
        communication_service_id: service.id,
        sender: format!("DoNotReply@{sender_domain}"),
        messages_listed,
        email_status,
    })
}

/// Identity, chat and email with the provisioned resource's connection string.
async fn use_resource(
    connection_string: &ConnectionString,
    sender: &str,
    recipient: Option<&str>,
    out: &mut dyn Write,
) -> Result<(usize, Option<String>), BoxError> {
    step(out, "4. Identity: a user with a chat token")?;
    let identity = CommunicationIdentityClient::with_connection_string(connection_string, None)?;
    let user = identity
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await?
        .into_inner();
    writeln!(out, "   created {}", user.user.id())?;

    step(out, "5. Chat: a thread and a message")?;
    let chat = ChatClient::new(
        &connection_string.endpoint().to_string(),
        CommunicationTokenCredential::from_token(user.access_token.token.clone())?,
        None,
    )?;
    let created = chat
        .create_chat_thread(
            "provisioned with acs-rs",
            Some(
                ChatClientCreateChatThreadOptions::default().with_participants(vec![
                    ChatParticipant::new(user.user.clone()).with_display_name("Ada"),
                ]),
            ),
        )
        .await?;
    let thread = chat.chat_thread_client(created.thread.id.clone())?;
    thread
        .send_message("Hello from a freshly provisioned resource", None)
        .await?;
    let messages: Vec<_> = thread.list_messages(None).try_collect().await?;
    let texts = messages
        .iter()
        .filter(|message| message.message_type.as_str() == "text")
        .count();
    writeln!(
        out,
        "   thread {} lists {texts} text message(s)",
        created.thread.id
    )?;
    chat.delete_chat_thread(&created.thread.id, None).await?;

    step(out, "6. Email from the linked domain")?;
    let status = match recipient {
        None => {
            writeln!(out, "   skipped: set ACS_EMAIL_RECIPIENT")?;
            None
        }
        Some(recipient) => {
            let email = EmailClient::with_connection_string(connection_string, None)?;
            let message = EmailMessage::builder()
                .sender(sender)
                .to(recipient, None)
                .subject("Provisioned with acs-rs")
                .text("This resource did not exist a few seconds ago.")
                .build()?;
            let result = email.send(&message, None).await?;
            writeln!(
                out,
                "   sent from {sender}: operation {} {}",
                result.id(),
                result.status()
            )?;
            Some(result.status().to_string())
        }
    };
    Ok((texts, status))
}
