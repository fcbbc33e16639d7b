//! [`DomainsClient`]: the email domains of Email Communication Services resources.

use std::fmt;

#[cfg(doc)]
use acs_core::ErrorKind;
use acs_core::Result;
use acs_management_rest::types as wire;

use crate::client::{API_VERSION, ManagementClient, require};
use crate::convert;
use crate::lro::{resource_path, start_resource, start_unit};
use crate::models::{Domain, DomainCreate, DomainUpdate, VerificationType};
use crate::options::{
    ActionOptions, CreateOrUpdateOptions, DeleteOptions, GetOptions, ListOptions, UpdateOptions,
};
use crate::pager::{Pager, Start};
use crate::poller::OperationPoller;

/// The resource name of the Azure-managed domain of an Email Communication Services resource.
///
/// ```
/// assert_eq!(acs_management::AZURE_MANAGED_DOMAIN, "AzureManagedDomain");
/// ```
pub const AZURE_MANAGED_DOMAIN: &str = "AzureManagedDomain";

/// The email domains (`Microsoft.Communication/emailServices/domains`) of the Email
/// Communication Services resources of the client's subscription. From
/// [`ManagementClient::domains`].
///
/// A domain is addressed by resource group, Email Communication Services resource and domain
/// name ([`AZURE_MANAGED_DOMAIN`] for the Azure-managed one, the DNS name for a
/// customer-managed one). Link it to a Communication Services resource with
/// [`CommunicationServicesClient::update`](crate::CommunicationServicesClient::update) to send
/// email from it.
///
/// ```no_run
/// use acs_management::{AZURE_MANAGED_DOMAIN, DomainCreate};
///
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let domain = client
///     .domains()
///     .create_or_update("my-group", "contoso-email", AZURE_MANAGED_DOMAIN, &DomainCreate::azure_managed("global"), None)
///     .await?;
/// println!("DoNotReply@{}", domain.mail_from_sender_domain.unwrap_or_default());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct DomainsClient {
    client: ManagementClient,
}

fn state(resource: &wire::DomainResource) -> Option<String> {
    resource
        .properties
        .as_ref()
        .and_then(|p| p.provisioning_state.as_ref())
        .map(|s| s.as_str().to_owned())
}

/// Rejects empty names before anything is sent.
fn require_all(group: &str, service: &str, domain: &str) -> Result<()> {
    require("resource group name", group)?;
    require("email service name", service)?;
    require("domain name", domain)
}

impl DomainsClient {
    pub(crate) fn new(client: ManagementClient) -> Self {
        Self { client }
    }

    fn path(&self, group: &str, service: &str, domain: &str) -> String {
        resource_path(
            &self.client,
            group,
            &["emailServices", service, "domains", domain],
        )
    }

    /// Starts creating (or replacing) the domain `domain` of Email Communication Services
    /// resource `service`; the poller yields the domain.
    ///
    /// ```no_run
    /// use acs_management::DomainCreate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let poller = client
    ///     .domains()
    ///     .begin_create_or_update("my-group", "contoso-email", "mail.contoso.com", &DomainCreate::customer_managed("global"), None)
    ///     .await?;
    /// let domain = poller.await?;
    /// println!("{:?}", domain.verification_records.domain);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty name; a service error, or a transport, timeout
    /// or credential error.
    pub async fn begin_create_or_update(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        resource: &DomainCreate,
        options: Option<CreateOrUpdateOptions>,
    ) -> Result<OperationPoller<Domain>> {
        let CreateOrUpdateOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("domains_create_or_update"), &call);
        let result = call
            .rest
            .domains_create_or_update()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .api_version(API_VERSION)
            .body(convert::domain_create(resource))
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_resource(
            &self.client,
            call.options,
            "domains_create_or_update",
            response,
            state,
            convert::domain,
            &self.path(group, service, domain),
        )
    }

    /// Creates (or replaces) the domain and waits for the end.
    ///
    /// ```no_run
    /// use acs_management::{AZURE_MANAGED_DOMAIN, DomainCreate};
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let domain = client
    ///     .domains()
    ///     .create_or_update("my-group", "contoso-email", AZURE_MANAGED_DOMAIN, &DomainCreate::azure_managed("global"), None)
    ///     .await?;
    /// # let _ = domain;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_create_or_update`](Self::begin_create_or_update), and
    /// [`ErrorKind::OperationFailed`].
    pub async fn create_or_update(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        resource: &DomainCreate,
        options: Option<CreateOrUpdateOptions>,
    ) -> Result<Domain> {
        self.begin_create_or_update(group, service, domain, resource, options)
            .await?
            .wait()
            .await
    }

    /// Reads the domain.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let domain = client.domains().get("my-group", "contoso-email", "AzureManagedDomain", None).await?;
    /// println!("{}", domain.domain_management);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty name; a service error (404), or a transport,
    /// timeout or credential error.
    pub async fn get(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        options: Option<GetOptions>,
    ) -> Result<Domain> {
        let GetOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("domains_get"), &call);
        let result = call
            .rest
            .domains_get()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .api_version(API_VERSION)
            .send()
            .await;
        Ok(convert::domain(call.pipeline.finish(result)?.into_inner()))
    }

    /// Starts changing the domain (`PATCH`, long-running): engagement tracking or tags.
    ///
    /// ```no_run
    /// use acs_management::DomainUpdate;
    /// use acs_management::models::UserEngagementTracking;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let update = DomainUpdate::default().with_user_engagement_tracking(UserEngagementTracking::Enabled);
    /// client.domains().begin_update("my-group", "contoso-email", "AzureManagedDomain", &update, None).await?.await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get).
    pub async fn begin_update(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        update: &DomainUpdate,
        options: Option<UpdateOptions>,
    ) -> Result<OperationPoller<Domain>> {
        let UpdateOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("domains_update"), &call);
        let result = call
            .rest
            .domains_update()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .api_version(API_VERSION)
            .body(convert::domain_update(update))
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_resource(
            &self.client,
            call.options,
            "domains_update",
            response,
            state,
            convert::domain,
            &self.path(group, service, domain),
        )
    }

    /// Changes the domain and waits for the end.
    ///
    /// ```no_run
    /// use acs_management::DomainUpdate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client
    ///     .domains()
    ///     .update("my-group", "contoso-email", "AzureManagedDomain", &DomainUpdate::default().with_tag("a", "b"), None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_update`](Self::begin_update), and [`ErrorKind::OperationFailed`].
    pub async fn update(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        update: &DomainUpdate,
        options: Option<UpdateOptions>,
    ) -> Result<Domain> {
        self.begin_update(group, service, domain, update, options)
            .await?
            .wait()
            .await
    }

    /// Starts deleting the domain; the poller ends when it is gone.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client.domains().begin_delete("my-group", "contoso-email", "mail.contoso.com", None).await?.await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get).
    pub async fn begin_delete(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        options: Option<DeleteOptions>,
    ) -> Result<OperationPoller<()>> {
        let DeleteOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("domains_delete"), &call);
        let result = call
            .rest
            .domains_delete()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .api_version(API_VERSION)
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_unit(&self.client, call.options, "domains_delete", &response)
    }

    /// Deletes the domain and waits until it is gone.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client.domains().delete("my-group", "contoso-email", "mail.contoso.com", None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_delete`](Self::begin_delete), and [`ErrorKind::OperationFailed`].
    pub async fn delete(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        options: Option<DeleteOptions>,
    ) -> Result<()> {
        self.begin_delete(group, service, domain, options)
            .await?
            .wait()
            .await
    }

    /// Every domain of Email Communication Services resource `service`.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let domains: Vec<_> = client.domains().list("my-group", "contoso-email", None).try_collect().await?;
    /// # let _ = domains;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields an error (and ends) for an empty name or a malformed continuation
    /// link, and otherwise as for [`get`](Self::get).
    pub fn list(&self, group: &str, service: &str, options: Option<ListOptions>) -> Pager<Domain> {
        let ListOptions { call, continuation } = options.unwrap_or_default();
        let call = self.client.inner.call(
            acs_core::method_span!("domains_list_by_email_service_resource"),
            &call,
        );
        let pipeline = call.pipeline.clone();
        let subscription = self.client.inner.subscription_id;
        let group = group.to_owned();
        let service = service.to_owned();
        let checked = require("resource group name", &group)
            .and_then(|()| require("email service name", &service));
        let start = match (continuation, checked) {
            (Some(link), _) => Start::Continuation(link),
            (None, Err(error)) => Start::Failed(error),
            (None, Ok(())) => Start::First(Box::pin(async move {
                call.rest
                    .domains_list_by_email_service_resource()
                    .subscription_id(subscription)
                    .resource_group_name(group)
                    .email_service_name(service)
                    .api_version(API_VERSION)
                    .send()
                    .await
            })),
        };
        Pager::new(
            pipeline,
            "domains_list_by_email_service_resource",
            start,
            convert::domain,
        )
    }

    /// Starts verifying one DNS record kind of a customer-managed domain; the poller ends when
    /// ARM has taken the request (read the domain's `verification_states` for the outcome).
    ///
    /// ```no_run
    /// use acs_management::models::VerificationType;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client
    ///     .domains()
    ///     .initiate_verification("my-group", "contoso-email", "mail.contoso.com", VerificationType::Domain, None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get), and [`ErrorKind::OperationFailed`].
    pub async fn begin_initiate_verification(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        kind: VerificationType,
        options: Option<ActionOptions>,
    ) -> Result<OperationPoller<()>> {
        let ActionOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain)?;
        let call = self.client.inner.call(
            acs_core::method_span!("domains_initiate_verification"),
            &call,
        );
        let result = call
            .rest
            .domains_initiate_verification()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .api_version(API_VERSION)
            .body(wire::VerificationParameter {
                verification_type: wire::VerificationType::from(kind.as_str()),
            })
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_unit(
            &self.client,
            call.options,
            "domains_initiate_verification",
            &response,
        )
    }

    /// [`begin_initiate_verification`](Self::begin_initiate_verification), waiting for the end.
    ///
    /// ```no_run
    /// use acs_management::models::VerificationType;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client
    ///     .domains()
    ///     .initiate_verification("my-group", "contoso-email", "mail.contoso.com", VerificationType::Spf, None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_initiate_verification`](Self::begin_initiate_verification).
    pub async fn initiate_verification(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        kind: VerificationType,
        options: Option<ActionOptions>,
    ) -> Result<()> {
        self.begin_initiate_verification(group, service, domain, kind, options)
            .await?
            .wait()
            .await
    }

    /// Starts cancelling a pending verification of one DNS record kind.
    ///
    /// ```no_run
    /// use acs_management::models::VerificationType;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client
    ///     .domains()
    ///     .begin_cancel_verification("my-group", "contoso-email", "mail.contoso.com", VerificationType::Dkim, None)
    ///     .await?
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get), and [`ErrorKind::OperationFailed`].
    pub async fn begin_cancel_verification(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        kind: VerificationType,
        options: Option<ActionOptions>,
    ) -> Result<OperationPoller<()>> {
        let ActionOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("domains_cancel_verification"), &call);
        let result = call
            .rest
            .domains_cancel_verification()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .api_version(API_VERSION)
            .body(wire::VerificationParameter {
                verification_type: wire::VerificationType::from(kind.as_str()),
            })
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_unit(
            &self.client,
            call.options,
            "domains_cancel_verification",
            &response,
        )
    }

    /// [`begin_cancel_verification`](Self::begin_cancel_verification), waiting for the end.
    ///
    /// ```no_run
    /// use acs_management::models::VerificationType;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client
    ///     .domains()
    ///     .cancel_verification("my-group", "contoso-email", "mail.contoso.com", VerificationType::Dmarc, None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_cancel_verification`](Self::begin_cancel_verification).
    pub async fn cancel_verification(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        kind: VerificationType,
        options: Option<ActionOptions>,
    ) -> Result<()> {
        self.begin_cancel_verification(group, service, domain, kind, options)
            .await?
            .wait()
            .await
    }
}

impl fmt::Debug for DomainsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DomainsClient")
            .field("client", &self.client)
            .finish()
    }
}
