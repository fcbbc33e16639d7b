//! The same requests through acs-rs.

use acs_chat::options::{ChatClientOptions, ChatThreadClientListMessagesOptions};
use acs_chat::{ChatClient, ChatThreadClient, CommunicationTokenCredential};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::CommunicationTokenScope;
use acs_identity::options::CommunicationIdentityClientOptions;
use futures::StreamExt as _;

use crate::Setup;

type Failure = Box<dyn std::error::Error>;

/// The SDK's clients, sending with `http`.
pub struct Sdk {
    identity: CommunicationIdentityClient,
    thread: ChatThreadClient,
}

impl Sdk {
    pub fn new(http: reqwest::Client, setup: &Setup) -> Result<Self, Failure> {
        let identity = CommunicationIdentityClient::from_connection_string(
            &setup.connection_string,
            Some({
                let mut options = CommunicationIdentityClientOptions::default();
                options.http_client = Some(http.clone());
                options
            }),
        )?;
        let chat = ChatClient::new(
            &setup.endpoint,
            CommunicationTokenCredential::from_token(setup.token.clone())?,
            Some({
                let mut options = ChatClientOptions::default();
                options.http_client = Some(http);
                options
            }),
        )?;
        let thread = chat.chat_thread_client(setup.thread.clone())?;
        Ok(Self { identity, thread })
    }

    pub async fn create_user_and_token(&self) -> Result<(), Failure> {
        self.identity
            .create_user_and_token(&[CommunicationTokenScope::Chat], None)
            .await?;
        Ok(())
    }

    pub async fn send_message(&self) -> Result<(), Failure> {
        self.thread.send_message("hello", None).await?;
        Ok(())
    }

    pub async fn list_messages(&self) -> Result<usize, Failure> {
        let mut messages = self.thread.list_messages(Some({
            let mut options = ChatThreadClientListMessagesOptions::default();
            options.max_page_size = Some(100);
            options
        }));
        let mut count = 0;
        while let Some(message) = messages.next().await {
            message?;
            count += 1;
        }
        Ok(count)
    }
}
