//! [`CommunicationServicesClient`]: Communication Services resources.

use std::fmt;

use acs_auth::Secret;
#[cfg(doc)]
use acs_core::ErrorKind;
use acs_core::Result;
use acs_management_rest::types as wire;

use crate::client::{API_VERSION, ManagementClient, require};
use crate::convert;
use crate::lro::{resource_path, start_resource, start_unit};
use crate::models::{
    CommunicationService, CommunicationServiceCreate, CommunicationServiceKeys,
    CommunicationServiceUpdate, KeyType, NameAvailability,
};
use crate::options::{
    ActionOptions, CreateOrUpdateOptions, DeleteOptions, GetOptions, ListOptions, UpdateOptions,
};
use crate::pager::{Pager, Start};
use crate::poller::OperationPoller;

/// The ARM resource type of Communication Services resources, as name availability checks it.
const RESOURCE_TYPE: &str = "Microsoft.Communication/CommunicationServices";

/// Communication Services resources (`Microsoft.Communication/communicationServices`) of the
/// client's subscription: create, read, update, delete, list, check names, read and
/// regenerate keys, link a notification hub. From
/// [`ManagementClient::communication_services`].
///
/// ```no_run
/// use acs_management::CommunicationServiceCreate;
///
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let resources = client.communication_services();
/// if resources.check_name_availability("contoso-acs", None).await?.available {
///     resources
///         .create_or_update("my-group", "contoso-acs", &CommunicationServiceCreate::new("global", "Europe"), None)
///         .await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CommunicationServicesClient {
    client: ManagementClient,
}

fn state(resource: &wire::CommunicationServiceResource) -> Option<String> {
    resource
        .properties
        .as_ref()
        .and_then(|p| p.provisioning_state.as_ref())
        .map(|s| s.as_str().to_owned())
}

impl CommunicationServicesClient {
    pub(crate) fn new(client: ManagementClient) -> Self {
        Self { client }
    }

    fn path(&self, group: &str, name: &str) -> String {
        resource_path(&self.client, group, &["communicationServices", name])
    }

    /// Starts creating (or replacing) the resource `name` in resource group `group` (`PUT`);
    /// the poller follows ARM's long-running operation and yields the resource.
    ///
    /// ```no_run
    /// use acs_management::CommunicationServiceCreate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let poller = client
    ///     .communication_services()
    ///     .begin_create_or_update("my-group", "contoso-acs", &CommunicationServiceCreate::new("global", "Europe"), None)
    ///     .await?;
    /// let resource = poller.await?;
    /// println!("{}", resource.host_name.unwrap_or_default());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty group or name, before anything is sent; a
    /// service error ([`ErrorKind::Service`] with ARM's code, e.g. `NameUnavailable`,
    /// `AuthorizationFailed`, `ResourceGroupNotFound`), or a transport, timeout or credential
    /// error.
    pub async fn begin_create_or_update(
        &self,
        group: &str,
        name: &str,
        resource: &CommunicationServiceCreate,
        options: Option<CreateOrUpdateOptions>,
    ) -> Result<OperationPoller<CommunicationService>> {
        let CreateOrUpdateOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_create_or_update"),
            &call,
        );
        let result = call
            .rest
            .communication_services_create_or_update()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .communication_service_name(name)
            .api_version(API_VERSION)
            .body(convert::communication_service_create(resource))
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_resource(
            &self.client,
            call.options,
            "communication_services_create_or_update",
            response,
            state,
            convert::communication_service,
            &self.path(group, name),
        )
    }

    /// Creates (or replaces) the resource and waits until ARM has provisioned it:
    /// [`begin_create_or_update`](Self::begin_create_or_update) then
    /// [`OperationPoller::wait`].
    ///
    /// ```no_run
    /// use acs_management::CommunicationServiceCreate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let resource = client
    ///     .communication_services()
    ///     .create_or_update("my-group", "contoso-acs", &CommunicationServiceCreate::new("global", "Europe"), None)
    ///     .await?;
    /// assert!(resource.provisioning_state.is_some_and(|s| s.is_terminal()));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_create_or_update`](Self::begin_create_or_update), and
    /// [`ErrorKind::OperationFailed`] when the operation ends `Failed` or `Canceled`.
    pub async fn create_or_update(
        &self,
        group: &str,
        name: &str,
        resource: &CommunicationServiceCreate,
        options: Option<CreateOrUpdateOptions>,
    ) -> Result<CommunicationService> {
        self.begin_create_or_update(group, name, resource, options)
            .await?
            .wait()
            .await
    }

    /// Reads the resource `name` of resource group `group`.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// match client.communication_services().get("my-group", "contoso-acs", None).await {
    ///     Ok(resource) => println!("{}", resource.id),
    ///     Err(error) if error.is_status(404) => println!("no such resource"),
    ///     Err(error) => return Err(error),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty group or name; a service error (404
    /// `ResourceNotFound`), or a transport, timeout or credential error.
    pub async fn get(
        &self,
        group: &str,
        name: &str,
        options: Option<GetOptions>,
    ) -> Result<CommunicationService> {
        let GetOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("communication_services_get"), &call);
        let result = call
            .rest
            .communication_services_get()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .communication_service_name(name)
            .api_version(API_VERSION)
            .send()
            .await;
        Ok(convert::communication_service(
            call.pipeline.finish(result)?.into_inner(),
        ))
    }

    /// Changes the resource (`PATCH`): tags, linked email domains, network access, local
    /// authentication or identity; what `update` leaves `None` keeps its value.
    ///
    /// ```no_run
    /// use acs_management::CommunicationServiceUpdate;
    ///
    /// # async fn example(client: acs_management::ManagementClient, domain_id: String) -> acs_management::Result<()> {
    /// let resource = client
    ///     .communication_services()
    ///     .update("my-group", "contoso-acs", &CommunicationServiceUpdate::default().with_linked_domains([domain_id]), None)
    ///     .await?;
    /// println!("{:?}", resource.linked_domains);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get); a domain that cannot be linked is a service error.
    pub async fn update(
        &self,
        group: &str,
        name: &str,
        update: &CommunicationServiceUpdate,
        options: Option<UpdateOptions>,
    ) -> Result<CommunicationService> {
        let UpdateOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_update"),
            &call,
        );
        let result = call
            .rest
            .communication_services_update()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .communication_service_name(name)
            .api_version(API_VERSION)
            .body(convert::communication_service_update(update))
            .send()
            .await;
        Ok(convert::communication_service(
            call.pipeline.finish(result)?.into_inner(),
        ))
    }

    /// Starts deleting the resource; the poller ends when it is gone. Deleting a resource that
    /// does not exist succeeds (ARM answers `204`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client.communication_services().begin_delete("my-group", "contoso-acs", None).await?.await?;
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
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_delete"),
            &call,
        );
        let result = call
            .rest
            .communication_services_delete()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .communication_service_name(name)
            .api_version(API_VERSION)
            .send()
            .await;
        let response = call.pipeline.finish(result)?;
        start_unit(
            &self.client,
            call.options,
            "communication_services_delete",
            &response,
        )
    }

    /// Deletes the resource and waits until it is gone.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client.communication_services().delete("my-group", "contoso-acs", None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`begin_delete`](Self::begin_delete), and [`ErrorKind::OperationFailed`] when
    /// the deletion fails.
    pub async fn delete(
        &self,
        group: &str,
        name: &str,
        options: Option<DeleteOptions>,
    ) -> Result<()> {
        self.begin_delete(group, name, options).await?.wait().await
    }

    /// Every Communication Services resource of resource group `group`, page after page.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let mut resources = client.communication_services().list_by_resource_group("my-group", None);
    /// while let Some(resource) = resources.try_next().await? {
    ///     println!("{}", resource.name);
    /// }
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
    ) -> Pager<CommunicationService> {
        let ListOptions { call, continuation } = options.unwrap_or_default();
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_list_by_resource_group"),
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
                    .communication_services_list_by_resource_group()
                    .subscription_id(subscription)
                    .resource_group_name(group)
                    .api_version(API_VERSION)
                    .send()
                    .await
            })),
        };
        Pager::new(
            pipeline,
            "communication_services_list_by_resource_group",
            start,
            convert::communication_service,
        )
    }

    /// Every Communication Services resource of the subscription, page after page.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let all: Vec<_> = client.communication_services().list_by_subscription(None).try_collect().await?;
    /// println!("{} resources", all.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`list_by_resource_group`](Self::list_by_resource_group).
    pub fn list_by_subscription(
        &self,
        options: Option<ListOptions>,
    ) -> Pager<CommunicationService> {
        let ListOptions { call, continuation } = options.unwrap_or_default();
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_list_by_subscription"),
            &call,
        );
        let pipeline = call.pipeline.clone();
        let subscription = self.client.inner.subscription_id;
        let start = match continuation {
            Some(link) => Start::Continuation(link),
            None => Start::First(Box::pin(async move {
                call.rest
                    .communication_services_list_by_subscription()
                    .subscription_id(subscription)
                    .api_version(API_VERSION)
                    .send()
                    .await
            })),
        };
        Pager::new(
            pipeline,
            "communication_services_list_by_subscription",
            start,
            convert::communication_service,
        )
    }

    /// Whether `name` is free for a new Communication Services resource (names are global:
    /// they make the resource's host name).
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let availability = client.communication_services().check_name_availability("contoso-acs", None).await?;
    /// println!("{}", availability.available);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty name; a service error, or a transport, timeout
    /// or credential error.
    pub async fn check_name_availability(
        &self,
        name: &str,
        options: Option<ActionOptions>,
    ) -> Result<NameAvailability> {
        let ActionOptions { call } = options.unwrap_or_default();
        require("resource name", name)?;
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_check_name_availability"),
            &call,
        );
        let result = call
            .rest
            .communication_services_check_name_availability()
            .subscription_id(self.client.inner.subscription_id)
            .api_version(API_VERSION)
            .body(wire::NameAvailabilityParameters {
                name: name.to_owned(),
                type_: RESOURCE_TYPE.to_owned(),
            })
            .send()
            .await;
        Ok(convert::name_availability(
            call.pipeline.finish(result)?.into_inner(),
        ))
    }

    /// The access keys and connection strings of the resource, as secrets (`POST .../listKeys`).
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let keys = client.communication_services().list_keys("my-group", "contoso-acs", None).await?;
    /// let connection_string = keys.primary_connection_string.expect("a connection string");
    /// println!("endpoint {}", connection_string.endpoint()); // never the key
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get); [`ErrorKind::Decode`] when a connection string ARM sent does
    /// not parse (the error names the field, never the value).
    pub async fn list_keys(
        &self,
        group: &str,
        name: &str,
        options: Option<ActionOptions>,
    ) -> Result<CommunicationServiceKeys> {
        let ActionOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_list_keys"),
            &call,
        );
        let result = call
            .rest
            .communication_services_list_keys()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .communication_service_name(name)
            .api_version(API_VERSION)
            .send()
            .await;
        convert::keys(call.pipeline.finish(result)?.into_inner())
    }

    /// Replaces the primary or secondary key with a new one and returns the keys. Clients using
    /// the old key fail from then on. Not retried (a retry would replace the key again).
    ///
    /// ```no_run
    /// use acs_management::models::KeyType;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let keys = client
    ///     .communication_services()
    ///     .regenerate_key("my-group", "contoso-acs", KeyType::Secondary, None)
    ///     .await?;
    /// assert!(keys.secondary_key.is_some());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`list_keys`](Self::list_keys).
    pub async fn regenerate_key(
        &self,
        group: &str,
        name: &str,
        key: KeyType,
        options: Option<ActionOptions>,
    ) -> Result<CommunicationServiceKeys> {
        let ActionOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_regenerate_key"),
            &call,
        );
        let result = call
            .rest
            .communication_services_regenerate_key()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .communication_service_name(name)
            .api_version(API_VERSION)
            .body(wire::RegenerateKeyParameters {
                key_type: Some(wire::KeyType::from(key.as_str())),
            })
            .send()
            .await;
        convert::keys(call.pipeline.finish(result)?.into_inner())
    }

    /// Links the Azure Notification Hub `hub_resource_id` (with its connection string, a
    /// secret) to the resource, for chat push notifications; returns the linked hub's id.
    ///
    /// ```no_run
    /// use acs_auth::Secret;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let hub = client
    ///     .communication_services()
    ///     .link_notification_hub(
    ///         "my-group",
    ///         "contoso-acs",
    ///         "/subscriptions/.../namespaces/contoso/notificationHubs/chat",
    ///         Secret::new("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=..."),
    ///         None,
    ///     )
    ///     .await?;
    /// println!("{hub}");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get); an empty hub id is [`ErrorKind::InvalidInput`].
    pub async fn link_notification_hub(
        &self,
        group: &str,
        name: &str,
        hub_resource_id: &str,
        hub_connection_string: Secret,
        options: Option<ActionOptions>,
    ) -> Result<String> {
        let ActionOptions { call } = options.unwrap_or_default();
        require("resource group name", group)?;
        require("resource name", name)?;
        require("notification hub resource id", hub_resource_id)?;
        let call = self.client.inner.call(
            acs_core::method_span!("communication_services_link_notification_hub"),
            &call,
        );
        let result = call
            .rest
            .communication_services_link_notification_hub()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .communication_service_name(name)
            .api_version(API_VERSION)
            .body(wire::LinkNotificationHubParameters {
                connection_string: hub_connection_string.expose_secret().to_owned(),
                resource_id: hub_resource_id.to_owned(),
            })
            .send()
            .await;
        Ok(call
            .pipeline
            .finish(result)?
            .into_inner()
            .resource_id
            .unwrap_or_default())
    }
}

impl fmt::Debug for CommunicationServicesClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommunicationServicesClient")
            .field("client", &self.client)
            .finish()
    }
}
