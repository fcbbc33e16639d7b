//! [`SenderUsernamesClient`]: the sender usernames of email domains.

use std::fmt;

#[cfg(doc)]
use acs_core::ErrorKind;
use acs_core::Result;

use crate::client::{API_VERSION, ManagementClient, require};
use crate::convert;
use crate::models::{SenderUsername, SenderUsernameCreate};
use crate::options::{CreateOrUpdateOptions, DeleteOptions, GetOptions, ListOptions};
use crate::pager::{Pager, Start};

/// The sender usernames (`.../domains/{domain}/senderUsernames`) of email domains: the local
/// parts that email may be sent from, with display names. These operations are not
/// long-running. From [`ManagementClient::sender_usernames`].
///
/// ```no_run
/// use acs_management::SenderUsernameCreate;
///
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// client
///     .sender_usernames()
///     .create_or_update(
///         "my-group",
///         "contoso-email",
///         "contoso.com",
///         "support",
///         &SenderUsernameCreate::new("support").with_display_name("Contoso Support"),
///         None,
///     )
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SenderUsernamesClient {
    client: ManagementClient,
}

/// Rejects empty names before anything is sent.
fn require_all(group: &str, service: &str, domain: &str, username: &str) -> Result<()> {
    require("resource group name", group)?;
    require("email service name", service)?;
    require("domain name", domain)?;
    require("sender username", username)
}

impl SenderUsernamesClient {
    pub(crate) fn new(client: ManagementClient) -> Self {
        Self { client }
    }

    /// Creates (or replaces) the sender username `username` of domain `domain`.
    ///
    /// ```no_run
    /// use acs_management::SenderUsernameCreate;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let sender = client
    ///     .sender_usernames()
    ///     .create_or_update("my-group", "contoso-email", "contoso.com", "news", &SenderUsernameCreate::new("news"), None)
    ///     .await?;
    /// println!("{}", sender.id);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty name or username; a service error, or a
    /// transport, timeout or credential error.
    pub async fn create_or_update(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        username: &str,
        sender: &SenderUsernameCreate,
        options: Option<CreateOrUpdateOptions>,
    ) -> Result<SenderUsername> {
        let CreateOrUpdateOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain, username)?;
        require("username of the sender", &sender.username)?;
        let call = self.client.inner.call(
            acs_core::method_span!("sender_usernames_create_or_update"),
            &call,
        );
        let result = call
            .rest
            .sender_usernames_create_or_update()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .sender_username(username)
            .api_version(API_VERSION)
            .body(convert::sender_username_create(sender))
            .send()
            .await;
        Ok(convert::sender_username(
            call.pipeline.finish(result)?.into_inner(),
        ))
    }

    /// Reads a sender username.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let sender = client
    ///     .sender_usernames()
    ///     .get("my-group", "contoso-email", "contoso.com", "news", None)
    ///     .await?;
    /// println!("{:?}", sender.display_name);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`create_or_update`](Self::create_or_update) (404 for an unknown username).
    pub async fn get(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        username: &str,
        options: Option<GetOptions>,
    ) -> Result<SenderUsername> {
        let GetOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain, username)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("sender_usernames_get"), &call);
        let result = call
            .rest
            .sender_usernames_get()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .sender_username(username)
            .api_version(API_VERSION)
            .send()
            .await;
        Ok(convert::sender_username(
            call.pipeline.finish(result)?.into_inner(),
        ))
    }

    /// Deletes a sender username; deleting one that does not exist succeeds.
    ///
    /// ```no_run
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// client
    ///     .sender_usernames()
    ///     .delete("my-group", "contoso-email", "contoso.com", "news", None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`get`](Self::get).
    pub async fn delete(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        username: &str,
        options: Option<DeleteOptions>,
    ) -> Result<()> {
        let DeleteOptions { call } = options.unwrap_or_default();
        require_all(group, service, domain, username)?;
        let call = self
            .client
            .inner
            .call(acs_core::method_span!("sender_usernames_delete"), &call);
        let result = call
            .rest
            .sender_usernames_delete()
            .subscription_id(self.client.inner.subscription_id)
            .resource_group_name(group)
            .email_service_name(service)
            .domain_name(domain)
            .sender_username(username)
            .api_version(API_VERSION)
            .send()
            .await;
        call.pipeline.finish(result)?;
        Ok(())
    }

    /// Every sender username of domain `domain`.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
    /// let senders: Vec<_> = client
    ///     .sender_usernames()
    ///     .list("my-group", "contoso-email", "contoso.com", None)
    ///     .try_collect()
    ///     .await?;
    /// # let _ = senders;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields an error (and ends) for an empty name or a malformed continuation
    /// link, and otherwise as for [`get`](Self::get).
    pub fn list(
        &self,
        group: &str,
        service: &str,
        domain: &str,
        options: Option<ListOptions>,
    ) -> Pager<SenderUsername> {
        let ListOptions { call, continuation } = options.unwrap_or_default();
        let call = self.client.inner.call(
            acs_core::method_span!("sender_usernames_list_by_domains"),
            &call,
        );
        let pipeline = call.pipeline.clone();
        let subscription = self.client.inner.subscription_id;
        let (group, service, domain) = (group.to_owned(), service.to_owned(), domain.to_owned());
        let checked = require("resource group name", &group)
            .and_then(|()| require("email service name", &service))
            .and_then(|()| require("domain name", &domain));
        let start = match (continuation, checked) {
            (Some(link), _) => Start::Continuation(link),
            (None, Err(error)) => Start::Failed(error),
            (None, Ok(())) => Start::First(Box::pin(async move {
                call.rest
                    .sender_usernames_list_by_domains()
                    .subscription_id(subscription)
                    .resource_group_name(group)
                    .email_service_name(service)
                    .domain_name(domain)
                    .api_version(API_VERSION)
                    .send()
                    .await
            })),
        };
        Pager::new(
            pipeline,
            "sender_usernames_list_by_domains",
            start,
            convert::sender_username,
        )
    }
}

impl fmt::Debug for SenderUsernamesClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SenderUsernamesClient")
            .field("client", &self.client)
            .finish()
    }
}
