//! `acs-chat-bot-example`: an echo bot on Azure Communication Services chat.
//!
//! ```text
//! acs-chat-bot-example [--listen ADDRESS:PORT] [--serve]
//! ```
//!
//! - Without `ACS_CONNECTION_STRING` (or `COMMUNICATION_SERVICES_CONNECTION_STRING`): starts
//!   the embedded emulator with the bot's webhook subscribed to its events, has a demo user
//!   talk to the bot, prints the conversation and exits (with `--serve`, keeps serving).
//! - With one: acts as `ACS_BOT_USER_ID` (or a new identity, logged) and serves until Ctrl-C;
//!   subscribe `http(s)://<host>/api/events?code=<BOT_WEBHOOK_SECRET>` to the resource's chat
//!   events in Event Grid.
//! - `BOT_WEBHOOK_SECRET`: the shared secret deliveries must carry (`?code=`); on the emulator
//!   a random one is used when it is not set.
//!
//! Logs go to stderr and never contain a token or the connection string.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use acs_auth::{CONNECTION_STRING_ENV_VARS, ConnectionString};
use acs_chat::models::ChatParticipant;
use acs_chat::options::ChatClientCreateChatThreadOptions;
use acs_chat::{ChatClient, CommunicationTokenCredential, CommunicationTokenCredentialOptions};
use acs_chat_bot_example::{BOT_NAME, Bot, EVENTS_PATH};
use acs_emulator::{Emulator, EventSchema, EventWebhook};
use acs_events::Webhook;
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::{CommunicationTokenScope, CommunicationUserIdentifier};
use clap::Parser;
use futures::TryStreamExt as _;
use tokio::net::TcpListener;

/// An echo bot on Azure Communication Services chat: answers every message sent to a thread it
/// is in ("help" gets the help text).
#[derive(Debug, Parser)]
#[command(name = "acs-chat-bot-example", version, about)]
struct Args {
    /// The address the webhook listens on (default 127.0.0.1:8080, or a free port on the
    /// emulator).
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// On the emulator: keep serving after the demo conversation.
    #[arg(long)]
    serve: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!("cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    acs_core::error_chain(error)
}

/// The connection string from the environment, if one is set.
fn connection_string() -> Result<Option<ConnectionString>, String> {
    for name in CONNECTION_STRING_ENV_VARS {
        if let Ok(value) = std::env::var(name)
            && !value.trim().is_empty()
        {
            return ConnectionString::parse(&value)
                .map(Some)
                .map_err(|error| format!("{name} is unusable: {}", chain(&error)));
        }
    }
    Ok(None)
}

/// A chat client acting as `user`, its token refreshed through the identity client.
fn chat_client_for(
    endpoint: &str,
    identity: &CommunicationIdentityClient,
    user: &CommunicationUserIdentifier,
) -> Result<ChatClient, String> {
    let (identity, user) = (identity.clone(), user.clone());
    let options = CommunicationTokenCredentialOptions::with_refresher(move || {
        let (identity, user) = (identity.clone(), user.clone());
        async move {
            identity
                .get_token(&user, &[CommunicationTokenScope::Chat], None)
                .await
                .map(acs_chat::Response::into_inner)
        }
    });
    let credential = CommunicationTokenCredential::new(options).map_err(|error| chain(&error))?;
    ChatClient::new(endpoint, credential, None).map_err(|error| chain(&error))
}

async fn run(args: Args) -> Result<(), String> {
    let target = connection_string()?;
    let listen = args.listen.unwrap_or_else(|| {
        let port = if target.is_some() { 8080 } else { 0 };
        SocketAddr::from(([127, 0, 0, 1], port))
    });
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|error| format!("cannot listen on {listen}: {error}"))?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    // The webhook's shared secret, in its query string (as Event Grid webhooks are secured).
    let secret = match std::env::var("BOT_WEBHOOK_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(secret) => secret,
        None if target.is_none() => uuid::Uuid::new_v4().simple().to_string(),
        None => String::new(),
    };
    let webhook_url = format!("http://{address}{EVENTS_PATH}");
    let webhook = if secret.is_empty() {
        tracing::warn!(
            "BOT_WEBHOOK_SECRET is not set: the webhook accepts unauthenticated deliveries"
        );
        Webhook::new()
    } else {
        Webhook::new().with_query_secret("code", secret.clone())
    };

    let emulator = match &target {
        Some(_) => None,
        None => {
            let subscribed = format!("{webhook_url}?code={secret}");
            let webhook = EventWebhook::new(&subscribed, EventSchema::EventGrid)?;
            let running = Emulator::builder()
                .events_webhook(webhook)
                .start()
                .await
                .map_err(|error| format!("cannot start the emulator: {}", chain(&error)))?;
            tracing::info!(
                endpoint = running.endpoint(),
                "ACS_CONNECTION_STRING is not set: started the embedded ACS emulator, which \
                 delivers its events to the bot"
            );
            Some(running)
        }
    };
    let connection_string = match (&target, &emulator) {
        (Some(connection_string), _) => connection_string.clone(),
        (None, Some(running)) => running
            .parsed_connection_string()
            .map_err(|error| chain(&error))?,
        (None, None) => return Err("no ACS to talk to".to_owned()),
    };
    let endpoint = connection_string.endpoint().to_string();
    let endpoint = endpoint.trim_end_matches('/').to_owned();
    let identity = CommunicationIdentityClient::with_connection_string(&connection_string, None)
        .map_err(|error| chain(&error))?;
    let bot_user = match std::env::var("ACS_BOT_USER_ID")
        .ok()
        .filter(|id| !id.is_empty())
    {
        Some(id) => CommunicationUserIdentifier::new(id),
        None => {
            let user = identity
                .create_user(None)
                .await
                .map_err(|error| format!("cannot create the bot's identity: {}", chain(&error)))?
                .into_inner();
            tracing::info!(
                bot = user.id(),
                "created the bot's identity (set ACS_BOT_USER_ID to keep it)"
            );
            user
        }
    };
    let bot = Bot::new(
        bot_user.id(),
        chat_client_for(&endpoint, &identity, &bot_user)?,
    );

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn({
        let router = bot.router(webhook);
        async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        }
    });
    tracing::info!(webhook = %webhook_url, bot = bot.id(), "the bot is listening");

    if emulator.is_some() && !args.serve {
        demo(&endpoint, &identity, &bot).await?;
    } else {
        acs_emulator::shutdown_signal().await;
    }
    let _ = stop.send(());
    let _ = server.await;
    if let Some(emulator) = emulator {
        emulator.shutdown().await.map_err(|error| chain(&error))?;
    }
    Ok(())
}

/// A demo user starts a thread with the bot, says two things and reads the answers.
#[allow(clippy::print_stdout, reason = "the demo prints the conversation")]
async fn demo(
    endpoint: &str,
    identity: &CommunicationIdentityClient,
    bot: &Bot,
) -> Result<(), String> {
    let alice = identity
        .create_user(None)
        .await
        .map_err(|error| chain(&error))?
        .into_inner();
    let chat = chat_client_for(endpoint, identity, &alice)?;
    let mut options = ChatClientCreateChatThreadOptions::default();
    options.participants = vec![
        ChatParticipant::new(alice.clone()).with_display_name("Alice"),
        ChatParticipant::new(CommunicationUserIdentifier::new(bot.id()))
            .with_display_name(BOT_NAME),
    ];
    let created = chat
        .create_chat_thread("Talk to the echo bot", Some(options))
        .await
        .map_err(|error| chain(&error))?;
    let thread = chat
        .chat_thread_client(created.thread.id.clone())
        .map_err(|error| chain(&error))?;
    let mut answers = bot.answers();
    for text in ["help", "hello, bot"] {
        thread
            .send_message(text, None)
            .await
            .map_err(|error| chain(&error))?;
        tokio::time::timeout(Duration::from_secs(30), answers.recv())
            .await
            .map_err(|_| "the bot did not answer within 30 seconds".to_owned())?
            .map_err(|error| error.to_string())?;
    }
    let mut messages: Vec<_> = thread
        .list_messages(None)
        .try_collect()
        .await
        .map_err(|error| chain(&error))?;
    messages.reverse();
    println!("Thread {}:", created.thread.id);
    for message in messages
        .iter()
        .filter(|message| matches!(message.message_type.as_str(), "text" | "html"))
    {
        let who = if message
            .sender
            .as_ref()
            .is_some_and(|s| s.raw_id() == bot.id())
        {
            BOT_NAME
        } else {
            "Alice"
        };
        let text = message
            .content
            .as_ref()
            .and_then(|content| content.message.as_deref())
            .unwrap_or_default();
        println!("  {who}: {text}");
    }
    Ok(())
}
