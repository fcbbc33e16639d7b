//! A chat bot on Azure Communication Services: it receives the ACS events on a webhook (Event
//! Grid schema or CloudEvents, read with `acs-events`) and answers every message sent to a thread it is in, acting as
//! its own ACS identity through `acs-chat`. `help` gets the help text, anything else is echoed.
//!
//! Run it with `cargo run -p acs-chat-bot-example`: without a connection string it starts the
//! embedded emulator (which delivers the events to the bot), has a demo user talk to it, prints
//! the conversation and exits. With `ACS_CONNECTION_STRING` it serves until Ctrl-C; subscribe
//! its `/api/events` URL to the resource's chat events in Event Grid.
//!
//! ```no_run
//! # async fn example(chat: acs_chat::ChatClient, bot_id: String) -> std::io::Result<()> {
//! use acs_chat_bot_example::Bot;
//!
//! let bot = Bot::new(bot_id, chat);
//! let webhook = acs_events::Webhook::new().with_query_secret("code", "s3cr3t");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, bot.router(webhook)).await
//! # }
//! ```
#![forbid(unsafe_code)]

mod answer;
mod incoming;

use std::sync::Arc;

use acs_chat::ChatClient;
use acs_chat::options::ChatThreadClientSendMessageOptions;
use acs_events::{Delivery, Webhook};
use tokio::sync::{Semaphore, broadcast};

pub use answer::{HELP, answer};
pub use incoming::{IncomingMessage, messages_for};

/// The display name of the bot's messages.
pub const BOT_NAME: &str = "Echo bot";
/// The path the bot receives events on.
pub const EVENTS_PATH: &str = "/api/events";
/// Answers being sent at once, at most (more wait their turn).
const MAX_SENDING: usize = 32;

/// An answer the bot sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The thread it was sent to.
    pub thread_id: String,
    /// The message it answers.
    pub in_reply_to: String,
    /// The id of the bot's message.
    pub message_id: String,
    /// What the bot said.
    pub text: String,
}

/// The bot: its identity, its chat client, and who is told about its answers.
#[derive(Debug)]
pub struct Bot {
    id: String,
    chat: ChatClient,
    sent: broadcast::Sender<Sent>,
    sending: Semaphore,
}

impl Bot {
    /// A bot acting as `id` (a raw ACS user id) through `chat` (a client with that user's token).
    pub fn new(id: impl Into<String>, chat: ChatClient) -> Arc<Self> {
        Arc::new(Self {
            id: id.into(),
            chat,
            sent: broadcast::channel(64).0,
            sending: Semaphore::new(MAX_SENDING),
        })
    }

    /// The bot's raw ACS user id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Tells the receiver about every answer sent from now on.
    pub fn answers(&self) -> broadcast::Receiver<Sent> {
        self.sent.subscribe()
    }

    /// The HTTP service: [`EVENTS_PATH`], the webhook (`acs_events::axum::handler`: both
    /// handshakes, and `webhook`'s secret check when it has one).
    pub fn router(self: &Arc<Self>, webhook: Webhook) -> axum::Router {
        let bot = self.clone();
        let on_delivery = move |delivery: Delivery| {
            bot.on_delivery(&delivery);
            std::future::ready(())
        };
        axum::Router::new().route(EVENTS_PATH, acs_events::axum::handler(webhook, on_delivery))
    }

    /// Answers one message (waits for its turn among the answers being sent).
    async fn answer(&self, message: IncomingMessage) {
        let Ok(_turn) = self.sending.acquire().await else {
            return;
        };
        let text = answer(&message.text);
        let thread = match self.chat.chat_thread_client(message.thread_id.clone()) {
            Ok(thread) => thread,
            Err(error) => {
                tracing::warn!(error = %acs_core::error_chain(&error), "cannot answer: bad thread id");
                return;
            }
        };
        let mut options = ChatThreadClientSendMessageOptions::default();
        options.sender_display_name = Some(BOT_NAME.to_owned());
        match thread.send_message(text.clone(), Some(options)).await {
            Ok(sent) => {
                tracing::info!(thread = %message.thread_id, message_id = %sent.id, "answered");
                let _ = self.sent.send(Sent {
                    thread_id: message.thread_id,
                    in_reply_to: message.message_id,
                    message_id: sent.id.clone(),
                    text,
                });
            }
            Err(error) => {
                tracing::warn!(thread = %message.thread_id, error = %acs_core::error_chain(&error), "cannot answer");
            }
        }
    }
}

impl Bot {
    /// Answers the messages of one delivery, in the background (the webhook acknowledges at
    /// once: Event Grid expects an answer within seconds).
    fn on_delivery(self: &Arc<Self>, delivery: &Delivery) {
        for error in delivery.errors() {
            tracing::warn!(%error, "an event could not be read");
        }
        for message in messages_for(&self.id, delivery) {
            let bot = self.clone();
            tokio::spawn(async move { bot.answer(message).await });
        }
    }
}
