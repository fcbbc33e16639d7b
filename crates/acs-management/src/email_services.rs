//! [`EmailServicesClient`]: Email Communication Services resources.

use std::fmt;

#[cfg(doc)]
use acs_core::ErrorKind;
use acs_core::Result;
use acs_management_rest::types as wire;

use crate::client::{API_VERSION, ManagementClient, require};
use crate::convert;
use crate::lro::{resource_path, start_resource, start_unit};
use crate::models::{EmailService, EmailServiceCreate, EmailServiceUpdate};
use crate::options::{
    ActionOptions, CreateOrUpdateOptions, DeleteOptions, GetOptions, ListOptions, UpdateOptions,
};
use crate::pager::{Pager, Start};
use crate::poller::OperationPoller;

/// Email Communication Services resources (`Microsoft.Communication/emailServices`) of the
/// client's subscription: the parents of email domains. From
/// [`ManagementClient::email_services`].
///
/// ```no_run
/// use acs_management::EmailServiceCreate;
///
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let service = client
///     .email_services()
///     .create_or_update("my-group", "contoso-email", &EmailServiceCreate::new("global", "Europe"), None)
///     .await?;
/// println!("{}", service.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct EmailServicesClient {
    client: ManagementClient,
}

fn state(resource: &wire::EmailServiceResource) -> Option<String> {
    resource
        .properties
        .as_ref()
        .and_then(|p| p.provisioning_state.as_ref())
        .map(|s| s.as_str().to_owned())
}

impl EmailServicesClient {
    pub(crate) fn new(client: ManagementClient) -> Self {
        Self { client }
    }

    fn path(&self, group: &str, name: &str) -> String {
        resource_path(&self.client, group, &["emailServices", name])
    }

    /// Starts creating (or replacing) the Email Communication Services resource `name` in
    /// resource group `group`; the poller yields the resource.
    ///
    /// ```no_run
    /// use acs_management::EmailServiceCreate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let poller = client
    ///     .email_services()
    ///     .begin_create_or_update("my-group", "contoso-email", &EmailServiceCreate::new("global", "Europe"), None)
    ///     .await?;
    /// let service = poller.await?;
    /// # let _ = service;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty group or name; a service error, or a transport,
    /// timeout or credential error.
    pub async fn begin_create_or_update(
        &self,
        group: &str,
        name: &str,
        resource: &EmailServiceCreate,
        options: Option<CreateOrUpdateOptions>,
    ) -> Result<OperationPoller<EmailService>> {
        let CreateOrUpdateOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self.client.inner.call(
            acs_core::method_span!("email_services_create_or_update"),
            &call,
        );
        let result = call
            .rest
            .email_services_create_or_update()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(name)
            .api_version(API_VERSION)
            .body(convert::email_service_create(resource))
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_resource(
            &self.client,
            call.options,
            "email_services_create_or_update",
            response,
            state,
            convert::email_service,
            &self.path(group, name),
        )
    }

    /// Creates (or replaces) the resource and waits for the end.
    ///
    /// ```no_run
    /// use acs_management::EmailServiceCreate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client
    ///     .email_services()
    ///     .create_or_update("my-group", "contoso-email", &EmailServiceCreate::new("global", "Europe"), None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_create_or_update`](Self::begin_create_or_update), and
    /// [`ErrorKind::OperationFailed`] when the operation fails.
    pub async fn create_or_update(
        &self,
        group: &str,
        name: &str,
        resource: &EmailServiceCreate,
        options: Option<CreateOrUpdateOptions>,
    ) -> Result<EmailService> {
        self.begin_create_or_update(group, name, resource, options)
            .await?
            .wait()
            .await
    }

    /// Reads the resource.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let service = client.email_services().get("my-group", "contoso-email", None).await?;
    /// println!("{}", service.data_location);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty group or name; a service error (404), or a
    /// transport, timeout or credential error.
    pub async fn get(
        &self,
        group: &str,
        name: &str,
        options: Option<GetOptions>,
    ) -> Result<EmailService> {
        let GetOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("email_services_get"), &call);
        let result = call
            .rest
            .email_services_get()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(name)
            .api_version(API_VERSION)
            .send()
            .await;
        Ok(convert::email_service(
            call.pipeline.finish(result)?.into_inner(),
        ))
    }

    /// Starts changing the resource's tags (`PATCH`, long-running); the poller yields the
    /// resource.
    ///
    /// ```no_run
    /// use acs_management::EmailServiceUpdate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let poller = client
    ///     .email_services()
    ///     .begin_update("my-group", "contoso-email", &EmailServiceUpdate::default().with_tag("env", "prod"), None)
    ///     .await?;
    /// poller.await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get).
    pub async fn begin_update(
        &self,
        group: &str,
        name: &str,
        update: &EmailServiceUpdate,
        options: Option<UpdateOptions>,
    ) -> Result<OperationPoller<EmailService>> {
        let UpdateOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("email_services_update"), &call);
        let result = call
            .rest
            .email_services_update()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(name)
            .api_version(API_VERSION)
            .body(convert::email_service_update(update))
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_resource(
            &self.client,
            call.options,
            "email_services_update",
            response,
            state,
            convert::email_service,
            &self.path(group, name),
        )
    }

    /// Changes the resource's tags and waits for the end.
    ///
    /// ```no_run
    /// use acs_management::EmailServiceUpdate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let service = client
    ///     .email_services()
    ///     .update("my-group", "contoso-email", &EmailServiceUpdate::default().with_tag("env", "prod"), None)
    ///     .await?;
    /// assert_eq!(service.tags["env"], "prod");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_update`](Self::begin_update), and [`ErrorKind::OperationFailed`].
    pub async fn update(
        &self,
        group: &str,
        name: &str,
        update: &EmailServiceUpdate,
        options: Option<UpdateOptions>,
    ) -> Result<EmailService> {
        self.begin_update(group, name, update, options)
            .await?
            .wait()
            .await
    }

    /// Starts deleting the resource (and its domains); the poller ends when it is gone.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client.email_services().begin_delete("my-group", "contoso-email", None).await?.await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get).
    pub async fn begin_delete(
        &self,
        group: &str,
        name: &str,
        options: Option<DeleteOptions>,
    ) -> Result<OperationPoller<()>> {
        let DeleteOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("email_services_delete"), &call);
        let result = call
            .rest
            .email_services_delete()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(name)
            .api_version(API_VERSION)
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_unit(
            &self.client,
            call.options,
            "email_services_delete",
            &response,
        )
    }

    /// Deletes the resource and waits until it is gone.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client.email_services().delete("my-group", "contoso-email", None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_delete`](Self::begin_delete), and [`ErrorKind::OperationFailed`].
    pub async fn delete(
        &self,
        group: &str,
        name: &str,
        options: Option<DeleteOptions>,
    ) -> Result<()> {
        self.begin_delete(group, name, options).await?.wait().await
    }

    /// Every Email Communication Services resource of resource group `group`.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let services: Vec<_> = client.email_services().list_by_resource_group("my-group", None).try_collect().await?;
    /// # let _ = services;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields an error (and ends) for an empty group or a malformed continuation
    /// link, and otherwise as for [`get`](Self::get).
    pub fn list_by_resource_group(
        &self,
        group: &str,
        options: Option<ListOptions>,
    ) -> Pager<EmailService> {
        let ListOptions { call, continuation } = options.unwrap_or_default();
        let call = self.client.inner.call(
            acs_core::method_span!("email_services_list_by_resource_group"),
            &call,
        );
        let pipeline = call.pipeline.clone();
        let subscription = self.client.inner.subscription_id;
        let group = group.to_owned();
        let start = match (continuation, require("resource group name", &group)) {
            (Some(link), _) => Start::Continuation(link),
            (None, Err(error)) => Start::Failed(error),
            (None, Ok(())) => Start::First(Box::pin(async move {
                call.rest
                    .email_services_list_by_resource_group()
                    .subscription_id(subscription)
                    .resource_group_name(group)
                    .api_version(API_VERSION)
                    .send()
                    .await
            })),
        };
        Pager::new(
            pipeline,
            "email_services_list_by_resource_group",
            start,
            convert::email_service,
        )
    }

    /// Every Email Communication Services resource of the subscription.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let services: Vec<_> = client.email_services().list_by_subscription(None).try_collect().await?;
    /// # let _ = services;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`list_by_resource_group`](Self::list_by_resource_group).
    pub fn list_by_subscription(&self, options: Option<ListOptions>) -> Pager<EmailService> {
        let ListOptions { call, continuation } = options.unwrap_or_default();
        let call = self.client.inner.call(
            acs_core::method_span!("email_services_list_by_subscription"),
            &call,
        );
        let pipeline = call.pipeline.clone();
        let subscription = self.client.inner.subscription_id;
        let start = match continuation {
            Some(link) => Start::Continuation(link),
            None => Start::First(Box::pin(async move {
                call.rest
                    .email_services_list_by_subscription()
                    .subscription_id(subscription)
                    .api_version(API_VERSION)
                    .send()
                    .await
            })),
        };
        Pager::new(
            pipeline,
            "email_services_list_by_subscription",
            start,
            convert::email_service,
        )
    }

    /// The domains verified in the tenant's Exchange Online, which can become
    /// `CustomerManagedInExchangeOnline` domains.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// for domain in client.email_services().list_verified_exchange_online_domains(None).await? {
    ///     println!("{domain}");
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// A service error, or a transport, timeout or credential error.
    pub async fn list_verified_exchange_online_domains(
        &self,
        options: Option<ActionOptions>,
    ) -> Result<Vec<String>> {
        let ActionOptions { call } = options.unwrap_or_default();
        let call = self.client.inner.call(
            acs_core::method_span!("email_services_list_verified_exchange_online_domains"),
            &call,
        );
        let result = call
            .rest
            .email_services_list_verified_exchange_online_domains()
            .subscription_id(self.client.inner.subscription_id)
            .api_version(API_VERSION)
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.into_inner().0)
    }
}

impl fmt::Debug for EmailServicesClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailServicesClient")
            .field("client", &self.client)
            .finish()
    }
}
