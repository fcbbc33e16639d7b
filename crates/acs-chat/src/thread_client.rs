//! [`ChatThreadClient`]: everything done inside one thread.

use std::fmt;
use std::sync::Arc;

use acs_chat_rest::types as wire;
use acs_core::{Error, Response, Result};

use crate::chat_client::{Call, ClientInner, require_non_empty, to_i32};
use crate::convert;
use crate::models::{
    AddChatParticipantsResult, ChatMessage, ChatMessageReadReceipt, ChatMessageUpdate,
    ChatParticipant, ChatThreadProperties, ChatThreadPropertiesUpdate, CommunicationIdentifier,
    SendChatMessageResult,
};
use crate::options::{
    ChatThreadClientAddParticipantsOptions, ChatThreadClientDeleteMessageOptions,
    ChatThreadClientGetMessageOptions, ChatThreadClientGetPropertiesOptions,
    ChatThreadClientListMessagesOptions, ChatThreadClientListParticipantsOptions,
    ChatThreadClientListReadReceiptsOptions, ChatThreadClientRemoveParticipantOptions,
    ChatThreadClientSendMessageOptions, ChatThreadClientSendReadReceiptOptions,
    ChatThreadClientSendTypingNotificationOptions, ChatThreadClientUpdateMessageOptions,
    ChatThreadClientUpdatePropertiesOptions,
};
use crate::pager::{Pager, Start};

/// The client for one chat thread: its properties, messages, participants, read receipts and
/// typing notifications. Made by [`ChatClient::chat_thread_client`](crate::ChatClient::chat_thread_client);
/// it shares the [`ChatClient`](crate::ChatClient)'s credential, connections and options.
///
/// Cheap to clone, `Send + Sync`.
///
/// ```no_run
/// use futures::TryStreamExt as _;
///
/// # async fn example(client: acs_chat::ChatClient, thread_id: &str) -> acs_chat::Result<()> {
/// let thread = client.chat_thread_client(thread_id)?;
/// let sent = thread.send_message("Hello!", None).await?;
/// thread.send_read_receipt(&sent.id, None).await?;
/// let messages: Vec<_> = thread.list_messages(None).try_collect().await?;
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// Every operation fails with:
///
/// - [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when an argument is rejected
///   before anything is sent (an empty message id, metadata with api-version 2024-03-07, ...);
/// - [`ErrorKind::Service`](crate::ErrorKind::Service) when the service answers with an error
///   status (its code and message, whatever the shape of the error body);
/// - [`ErrorKind::Credential`](crate::ErrorKind::Credential) when no token could be obtained
///   (nothing was sent);
/// - [`ErrorKind::Transport`](crate::ErrorKind::Transport) or
///   [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) when no answer came;
/// - [`ErrorKind::Decode`](crate::ErrorKind::Decode) when a success answer is not what the
///   service documents (the message names the operation, the field, the status and the
///   request id);
/// - [`ErrorKind::UnexpectedResponse`](crate::ErrorKind::UnexpectedResponse) when the service
///   answers with a status it does not document and a body that does not fit (another 2xx
///   whose body fits is a success).
#[derive(Clone)]
pub struct ChatThreadClient {
    inner: Arc<ClientInner>,
    thread_id: Arc<str>,
}

impl ChatThreadClient {
    pub(crate) fn new(inner: Arc<ClientInner>, thread_id: String) -> Self {
        Self {
            inner,
            thread_id: thread_id.into(),
        }
    }

    /// The id of the thread.
    ///
    /// ```no_run
    /// # fn example(client: acs_chat::ChatClient) -> acs_chat::Result<()> {
    /// let thread = client.chat_thread_client("19:example@thread.v2")?;
    /// assert_eq!(thread.thread_id(), "19:example@thread.v2");
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn thread_id(&self) -> &str {
        &self.thread_id
    }

    fn api_version(&self) -> &'static str {
        self.inner.api_version.as_str()
    }

    /// The per-call pipeline and generated client of one call.
    fn call(&self, span: tracing::Span, options: &acs_core::CallOptions) -> Call {
        self.inner.call(span, options)
    }

    /// The properties of the thread: topic, creator, metadata, retention policy.
    ///
    /// ```no_run
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let properties = thread.get_properties(None).await?;
    /// println!("topic: {}, metadata: {:?}", properties.topic, properties.metadata);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn get_properties(
        &self,
        options: Option<ChatThreadClientGetPropertiesOptions>,
    ) -> Result<Response<ChatThreadProperties>> {
        let ChatThreadClientGetPropertiesOptions { call } = options.unwrap_or_default();
        let call = self.call(acs_core::method_span!("get_properties"), &call);
        let result = call
            .rest
            .chat_thread_get_chat_thread_properties()
            .chat_thread_id(&*self.thread_id)
            .api_version(self.api_version())
            .send()
            .await;
        Ok(call
            .pipeline
            .finish(result)?
            .map(convert::thread_properties))
    }

    /// Changes the topic, metadata and/or retention policy of the thread, as a JSON merge
    /// patch: only the fields that are set are sent, the others stay as they are. Metadata
    /// keys are merged into the thread's metadata.
    ///
    /// ```no_run
    /// use acs_chat::models::{ChatThreadPropertiesUpdate, RetentionPolicy};
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let update = ChatThreadPropertiesUpdate::default()
    ///     .with_metadata([("stage".to_owned(), "review".to_owned())])
    ///     .with_retention_policy(RetentionPolicy::ThreadCreationDate { delete_thread_after_days: 30 });
    /// thread.update_properties(update, None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors); metadata and retention policies need
    /// api-version 2025-03-15.
    pub async fn update_properties(
        &self,
        update: ChatThreadPropertiesUpdate,
        options: Option<ChatThreadClientUpdatePropertiesOptions>,
    ) -> Result<Response<()>> {
        let ChatThreadClientUpdatePropertiesOptions { call } = options.unwrap_or_default();
        self.inner.require_metadata_support(
            !update.metadata.is_empty() || update.retention_policy.is_some(),
        )?;
        let body = wire::UpdateChatThreadRequest {
            topic: update.topic,
            metadata: update.metadata,
            retention_policy: update
                .retention_policy
                .as_ref()
                .map(convert::retention_policy_to_wire),
        };
        let call = self.call(acs_core::method_span!("update_properties"), &call);
        let result = call
            .rest
            .chat_thread_update_chat_thread_properties()
            .chat_thread_id(&*self.thread_id)
            .api_version(self.api_version())
            .body(body)
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// Changes the topic of the thread: a shorthand for
    /// [`update_properties`](Self::update_properties) with only the topic set.
    ///
    /// ```no_run
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// thread.update_topic("Release planning", None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors); the topic must not be empty.
    pub async fn update_topic(
        &self,
        topic: impl Into<String>,
        options: Option<ChatThreadClientUpdatePropertiesOptions>,
    ) -> Result<Response<()>> {
        let topic = topic.into();
        require_non_empty("the topic", &topic)?;
        self.update_properties(
            ChatThreadPropertiesUpdate::default().with_topic(topic),
            options,
        )
        .await
    }

    /// Sends a message with `content` (text, or HTML with
    /// [`ChatMessageType::Html`](crate::models::ChatMessageType::Html)); returns its id.
    ///
    /// Sending is not retried once the service may have received the message, so a message is
    /// never posted twice.
    ///
    /// ```no_run
    /// use acs_chat::models::ChatMessageType;
    /// use acs_chat::options::ChatThreadClientSendMessageOptions;
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let sent = thread
    ///     .send_message(
    ///         "<b>Hello</b>",
    ///         Some(
    ///             ChatThreadClientSendMessageOptions::default()
    ///                 .with_message_type(ChatMessageType::Html)
    ///                 .with_sender_display_name("Ada")
    ///                 .with_metadata([("priority".to_owned(), "high".to_owned())]),
    ///         ),
    ///     )
    ///     .await?;
    /// println!("sent {}", sent.id);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn send_message(
        &self,
        content: impl Into<String>,
        options: Option<ChatThreadClientSendMessageOptions>,
    ) -> Result<Response<SendChatMessageResult>> {
        let options = options.unwrap_or_default();
        let call = self.call(acs_core::method_span!("send_message"), &options.call);
        let body = wire::SendChatMessageRequest {
            content: content.into(),
            sender_display_name: options.sender_display_name,
            type_: options
                .message_type
                .as_ref()
                .map(convert::message_type_to_wire),
            metadata: options.metadata,
        };
        let result = call
            .rest
            .chat_thread_send_chat_message()
            .chat_thread_id(&*self.thread_id)
            .api_version(self.api_version())
            .body(body)
            .send()
            .await;
        Ok(call
            .pipeline
            .finish(result)?
            .map(|sent| SendChatMessageResult { id: sent.id }))
    }

    /// The message `message_id` (also when it has been deleted: then
    /// [`deleted_on`](ChatMessage::deleted_on) is set).
    ///
    /// ```no_run
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let sent = thread.send_message("Hello!", None).await?;
    /// let message = thread.get_message(&sent.id, None).await?;
    /// assert_eq!(message.content.as_ref().and_then(|c| c.message.as_deref()), Some("Hello!"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn get_message(
        &self,
        message_id: &str,
        options: Option<ChatThreadClientGetMessageOptions>,
    ) -> Result<Response<ChatMessage>> {
        let ChatThreadClientGetMessageOptions { call } = options.unwrap_or_default();
        require_non_empty("the message id", message_id)?;
        let call = self.call(acs_core::method_span!("get_message"), &call);
        let result = call
            .rest
            .chat_thread_get_chat_message()
            .chat_thread_id(&*self.thread_id)
            .chat_message_id(message_id)
            .api_version(self.api_version())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(convert::message))
    }

    /// The messages of the thread, newest first, as a lazy [`Pager`]: user messages, the
    /// messages the service adds (topic and participant changes), and deleted messages (with
    /// [`deleted_on`](ChatMessage::deleted_on) set).
    ///
    /// ```no_run
    /// use acs_chat::options::ChatThreadClientListMessagesOptions;
    /// use futures::{StreamExt as _, TryStreamExt as _};
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let recent: Vec<_> = thread
    ///     .list_messages(Some(ChatThreadClientListMessagesOptions::default().with_max_page_size(50)))
    ///     .take(10)
    ///     .try_collect()
    ///     .await?;
    /// println!("{} recent messages", recent.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields an error (and ends) as described in
    /// [the type's documentation](Self#errors).
    pub fn list_messages(
        &self,
        options: Option<ChatThreadClientListMessagesOptions>,
    ) -> Pager<ChatMessage> {
        let options = options.unwrap_or_default();
        let this = self.clone();
        let call = self.call(acs_core::method_span!("list_messages"), &options.call);
        let pipeline = call.pipeline.clone();
        let start = match (
            options.continuation,
            to_i32("max_page_size", options.max_page_size),
        ) {
            (Some(link), _) => Start::Continuation(link),
            (None, Err(error)) => Start::Failed(error),
            (None, Ok(max_page_size)) => Start::First(Box::pin(async move {
                let mut request = call
                    .rest
                    .chat_thread_list_chat_messages()
                    .chat_thread_id(&*this.thread_id)
                    .api_version(this.api_version());
                if let Some(max_page_size) = max_page_size {
                    request = request.max_page_size(max_page_size);
                }
                if let Some(start_time) = options.start_time {
                    request = request.start_time(start_time);
                }
                request.send().await
            })),
        };
        Pager::new(
            pipeline,
            "chat_thread_list_chat_messages",
            start,
            convert::message,
        )
    }

    /// Changes the content and/or metadata of the message `message_id` as `update` says, as a
    /// JSON merge patch: only what is set is sent. Metadata keys are merged; a key set to `""`
    /// is removed.
    ///
    /// ```no_run
    /// use acs_chat::models::ChatMessageUpdate;
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient, message_id: &str) -> acs_chat::Result<()> {
    /// let update = ChatMessageUpdate::default()
    ///     .with_content("Hello again!")
    ///     .with_metadata([("edited".to_owned(), "yes".to_owned())]);
    /// thread.update_message(message_id, update, None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn update_message(
        &self,
        message_id: &str,
        update: ChatMessageUpdate,
        options: Option<ChatThreadClientUpdateMessageOptions>,
    ) -> Result<Response<()>> {
        let ChatThreadClientUpdateMessageOptions { call } = options.unwrap_or_default();
        require_non_empty("the message id", message_id)?;
        let body = wire::UpdateChatMessageRequest {
            content: update.content,
            metadata: update.metadata,
        };
        let call = self.call(acs_core::method_span!("update_message"), &call);
        let result = call
            .rest
            .chat_thread_update_chat_message()
            .chat_thread_id(&*self.thread_id)
            .chat_message_id(message_id)
            .api_version(self.api_version())
            .body(body)
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// Deletes the message `message_id` (it stays in the list, empty, with
    /// [`deleted_on`](ChatMessage::deleted_on) set).
    ///
    /// ```no_run
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let sent = thread.send_message("Oops", None).await?;
    /// thread.delete_message(&sent.id, None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn delete_message(
        &self,
        message_id: &str,
        options: Option<ChatThreadClientDeleteMessageOptions>,
    ) -> Result<Response<()>> {
        let ChatThreadClientDeleteMessageOptions { call } = options.unwrap_or_default();
        require_non_empty("the message id", message_id)?;
        let call = self.call(acs_core::method_span!("delete_message"), &call);
        let result = call
            .rest
            .chat_thread_delete_chat_message()
            .chat_thread_id(&*self.thread_id)
            .chat_message_id(message_id)
            .api_version(self.api_version())
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// The participants of the thread, as a lazy [`Pager`].
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let participants: Vec<_> = thread.list_participants(None).try_collect().await?;
    /// for participant in participants {
    ///     println!("{} ({:?})", participant.identifier.raw_id(), participant.display_name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields an error (and ends) as described in
    /// [the type's documentation](Self#errors).
    pub fn list_participants(
        &self,
        options: Option<ChatThreadClientListParticipantsOptions>,
    ) -> Pager<ChatParticipant> {
        let options = options.unwrap_or_default();
        let this = self.clone();
        let call = self.call(acs_core::method_span!("list_participants"), &options.call);
        let pipeline = call.pipeline.clone();
        let start = match (
            options.continuation,
            to_i32("max_page_size", options.max_page_size),
            to_i32("skip", options.skip),
        ) {
            (Some(link), _, _) => Start::Continuation(link),
            (None, Err(error), _) | (None, _, Err(error)) => Start::Failed(error),
            (None, Ok(max_page_size), Ok(skip)) => Start::First(Box::pin(async move {
                let mut request = call
                    .rest
                    .chat_thread_list_chat_participants()
                    .chat_thread_id(&*this.thread_id)
                    .api_version(this.api_version());
                if let Some(max_page_size) = max_page_size {
                    request = request.max_page_size(max_page_size);
                }
                if let Some(skip) = skip {
                    request = request.skip(skip);
                }
                request.send().await
            })),
        };
        Pager::new(
            pipeline,
            "chat_thread_list_chat_participants",
            start,
            convert::participant,
        )
    }

    /// Adds `participants` to the thread (adding one who is already there is harmless).
    ///
    /// The call succeeds even when the service refuses some of them: they come back in
    /// [`AddChatParticipantsResult::invalid_participants`], each with its reason.
    ///
    /// ```no_run
    /// use acs_chat::models::{ChatParticipant, CommunicationIdentifier};
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let result = thread
    ///     .add_participants(
    ///         [ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:resource_user"))
    ///             .with_display_name("Grace")],
    ///         None,
    ///     )
    ///     .await?;
    /// assert!(result.invalid_participants.is_empty());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors); the list must not be empty, and
    /// participant metadata needs api-version 2025-03-15.
    pub async fn add_participants(
        &self,
        participants: impl IntoIterator<Item = ChatParticipant>,
        options: Option<ChatThreadClientAddParticipantsOptions>,
    ) -> Result<Response<AddChatParticipantsResult>> {
        let ChatThreadClientAddParticipantsOptions { call } = options.unwrap_or_default();
        let participants: Vec<ChatParticipant> = participants.into_iter().collect();
        if participants.is_empty() {
            return Err(Error::invalid_input("no participants to add"));
        }
        self.inner.require_metadata_support(
            participants
                .iter()
                .any(|participant| !participant.metadata.is_empty()),
        )?;
        let body = wire::AddChatParticipantsRequest {
            participants: participants
                .iter()
                .map(convert::participant_to_wire)
                .collect(),
        };
        let call = self.call(acs_core::method_span!("add_participants"), &call);
        let result = call
            .rest
            .chat_thread_add_chat_participants()
            .chat_thread_id(&*self.thread_id)
            .api_version(self.api_version())
            .body(body)
            .send()
            .await;
        Ok(call
            .pipeline
            .finish(result)?
            .map(|result| AddChatParticipantsResult {
                invalid_participants: convert::invalid_participants(
                    result.invalid_participants,
                    &participants,
                ),
            }))
    }

    /// Removes the participant `identifier` (of any kind) from the thread.
    ///
    /// ```no_run
    /// use acs_auth::CommunicationIdentifier;
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// thread
    ///     .remove_participant(CommunicationIdentifier::from_raw_id("8:acs:resource_user"), None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors); the identifier's raw id must not be
    /// empty.
    pub async fn remove_participant(
        &self,
        identifier: impl Into<CommunicationIdentifier>,
        options: Option<ChatThreadClientRemoveParticipantOptions>,
    ) -> Result<Response<()>> {
        let ChatThreadClientRemoveParticipantOptions { call } = options.unwrap_or_default();
        let identifier = identifier.into();
        require_non_empty("the participant's raw id", identifier.raw_id())?;
        let call = self.call(acs_core::method_span!("remove_participant"), &call);
        let result = call
            .rest
            .chat_thread_remove_chat_participant()
            .chat_thread_id(&*self.thread_id)
            .api_version(self.api_version())
            .body(wire::CommunicationIdentifierModel::from(&identifier))
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// Tells the other participants that the user is typing.
    ///
    /// ```no_run
    /// use acs_chat::options::ChatThreadClientSendTypingNotificationOptions;
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let options = ChatThreadClientSendTypingNotificationOptions::default().with_sender_display_name("Ada");
    /// thread.send_typing_notification(Some(options)).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn send_typing_notification(
        &self,
        options: Option<ChatThreadClientSendTypingNotificationOptions>,
    ) -> Result<Response<()>> {
        let options = options.unwrap_or_default();
        let call = self.call(
            acs_core::method_span!("send_typing_notification"),
            &options.call,
        );
        let result = call
            .rest
            .chat_thread_send_typing_notification()
            .chat_thread_id(&*self.thread_id)
            .api_version(self.api_version())
            .body(wire::SendTypingNotificationRequest {
                sender_display_name: options.sender_display_name,
            })
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// Marks the message `message_id` (and the ones before it) as read by the user.
    ///
    /// ```no_run
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let sent = thread.send_message("Read me", None).await?;
    /// thread.send_read_receipt(&sent.id, None).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn send_read_receipt(
        &self,
        message_id: &str,
        options: Option<ChatThreadClientSendReadReceiptOptions>,
    ) -> Result<Response<()>> {
        let ChatThreadClientSendReadReceiptOptions { call } = options.unwrap_or_default();
        require_non_empty("the message id", message_id)?;
        let call = self.call(acs_core::method_span!("send_read_receipt"), &call);
        let result = call
            .rest
            .chat_thread_send_chat_read_receipt()
            .chat_thread_id(&*self.thread_id)
            .api_version(self.api_version())
            .body(wire::SendReadReceiptRequest {
                chat_message_id: message_id.to_owned(),
            })
            .send()
            .await;
        Ok(call.pipeline.finish(result)?.map(drop))
    }

    /// The read receipts of the thread (the newest message each participant has read), as a
    /// lazy [`Pager`].
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    ///
    /// # async fn example(thread: acs_chat::ChatThreadClient) -> acs_chat::Result<()> {
    /// let mut receipts = thread.list_read_receipts(None);
    /// while let Some(receipt) = receipts.try_next().await? {
    ///     println!("{} read {}", receipt.sender.raw_id(), receipt.chat_message_id);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The pager yields an error (and ends) as described in
    /// [the type's documentation](Self#errors).
    pub fn list_read_receipts(
        &self,
        options: Option<ChatThreadClientListReadReceiptsOptions>,
    ) -> Pager<ChatMessageReadReceipt> {
        let options = options.unwrap_or_default();
        let this = self.clone();
        let call = self.call(acs_core::method_span!("list_read_receipts"), &options.call);
        let pipeline = call.pipeline.clone();
        let start = match (
            options.continuation,
            to_i32("max_page_size", options.max_page_size),
            to_i32("skip", options.skip),
        ) {
            (Some(link), _, _) => Start::Continuation(link),
            (None, Err(error), _) | (None, _, Err(error)) => Start::Failed(error),
            (None, Ok(max_page_size), Ok(skip)) => Start::First(Box::pin(async move {
                let mut request = call
                    .rest
                    .chat_thread_list_chat_read_receipts()
                    .chat_thread_id(&*this.thread_id)
                    .api_version(this.api_version());
                if let Some(max_page_size) = max_page_size {
                    request = request.max_page_size(max_page_size);
                }
                if let Some(skip) = skip {
                    request = request.skip(skip);
                }
                request.send().await
            })),
        };
        Pager::new(
            pipeline,
            "chat_thread_list_chat_read_receipts",
            start,
            convert::read_receipt,
        )
    }
}

impl fmt::Debug for ChatThreadClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatThreadClient")
            .field("endpoint", &self.inner.endpoint)
            .field("thread_id", &self.thread_id)
            .field("api_version", &self.inner.api_version)
            .finish_non_exhaustive()
    }
}
