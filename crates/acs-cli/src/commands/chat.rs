//! `acs chat …`: threads, messages, participants, read receipts and typing notifications.

use acs_auth::{AccessToken, Clock as _, CommunicationTokenCredential, Endpoint, SystemClock};
use acs_chat::models::{ChatMessageType, ChatParticipant, RetentionPolicy};
use acs_chat::options::{
    ChatClientCreateChatThreadOptions, ChatClientListChatThreadsOptions,
    ChatThreadClientListMessagesOptions, ChatThreadClientListParticipantsOptions,
    ChatThreadClientListReadReceiptsOptions, ChatThreadClientSendMessageOptions,
    ChatThreadClientSendTypingNotificationOptions,
};
use acs_chat::{ChatClient, ChatClientOptions, ChatThreadClient, RetryOptions};

use super::{Context, warn};
use crate::cli::{
    ChatArgs, ChatCommand, MessageCommand, MessageType, ParticipantCommand, ReceiptCommand,
    ThreadCommand,
};
use crate::exit::Failure;
use crate::json;
use crate::output::Doc;
use crate::parse;

/// Runs a chat command.
pub(crate) async fn run(context: &Context, args: ChatArgs) -> Result<(), Failure> {
    let client = client(context, &args)?;
    match args.command {
        ChatCommand::Thread(command) => thread(context, &client, command).await,
        ChatCommand::Message(command) => message(context, &client, command).await,
        ChatCommand::Participant(command) => participant(context, &client, command).await,
        ChatCommand::Typing {
            thread,
            sender_display_name,
        } => {
            thread_client(&client, thread)?
                .send_typing_notification(Some({
                    let mut options = ChatThreadClientSendTypingNotificationOptions::default();
                    options.sender_display_name = sender_display_name;
                    options
                }))
                .await?;
            Ok(())
        }
        ChatCommand::Receipt(ReceiptCommand::Send { thread, message }) => {
            thread_client(&client, thread)?
                .send_read_receipt(&message, None)
                .await?;
            Ok(())
        }
        ChatCommand::Receipt(ReceiptCommand::List {
            thread,
            paging,
            skip,
        }) => {
            let pager = thread_client(&client, thread)?.list_read_receipts(Some({
                let mut options = ChatThreadClientListReadReceiptsOptions::default();
                options.max_page_size = paging.max_page_size;
                options.skip = skip;
                options
            }));
            context
                .print_list(pager, paging.limit, json::RECEIPT_COLUMNS, json::receipt)
                .await
        }
    }
}

async fn thread(
    context: &Context,
    client: &ChatClient,
    command: ThreadCommand,
) -> Result<(), Failure> {
    match command {
        ThreadCommand::Create {
            topic,
            participants,
            idempotency_token,
            metadata,
            retention_days,
        } => {
            let participants = participants
                .iter()
                .map(|text| {
                    let (identifier, name) =
                        parse::participant(text).map_err(Failure::invalid_input)?;
                    let participant = ChatParticipant::new(identifier);
                    Ok(match name {
                        Some(name) => participant.with_display_name(name),
                        None => participant,
                    })
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            let options = {
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants = participants;
                options.metadata = parse::metadata(metadata).map_err(Failure::invalid_input)?;
                options.retention_policy = retention_days.map(retention).transpose()?;
                options.idempotency_token = idempotency_token;
                options
            };
            let result = client.create_chat_thread(topic, Some(options)).await?;
            warn_invalid(result.invalid_participants.len());
            context.print(&json::create_thread_result(&result))
        }
        ThreadCommand::List { paging, start_time } => {
            let pager = client.list_chat_threads(Some({
                let mut options = ChatClientListChatThreadsOptions::default();
                options.max_page_size = paging.max_page_size;
                options.start_time = start_time;
                options
            }));
            context
                .print_list(pager, paging.limit, json::THREAD_COLUMNS, json::thread_item)
                .await
        }
        ThreadCommand::Show { thread } => {
            let properties = thread_client(client, thread)?.get_properties(None).await?;
            context.print(&json::thread(&properties))
        }
        ThreadCommand::Update {
            thread,
            topic,
            metadata,
            retention_days,
            no_retention,
        } => {
            if topic
                .as_deref()
                .is_some_and(|topic| topic.trim().is_empty())
            {
                return Err(Failure::invalid_input("the topic must not be empty"));
            }
            let retention_policy = match (retention_days, no_retention) {
                (Some(days), _) => Some(retention(days)?),
                (None, true) => Some(RetentionPolicy::None),
                (None, false) => None,
            };
            thread_client(client, thread)?
                .update_properties(
                    {
                        let mut update = acs_chat::models::ChatThreadPropertiesUpdate::default();
                        update.topic = topic;
                        update.metadata =
                            parse::metadata(metadata).map_err(Failure::invalid_input)?;
                        update.retention_policy = retention_policy;
                        update
                    },
                    None,
                )
                .await?;
            Ok(())
        }
        ThreadCommand::Delete { thread } => {
            client.delete_chat_thread(&thread, None).await?;
            Ok(())
        }
    }
}

async fn message(
    context: &Context,
    client: &ChatClient,
    command: MessageCommand,
) -> Result<(), Failure> {
    match command {
        MessageCommand::Send {
            thread,
            content,
            message_type,
            sender_display_name,
            metadata,
        } => {
            let options = {
                let mut options = ChatThreadClientSendMessageOptions::default();
                options.message_type = message_type.map(|kind| match kind {
                    MessageType::Text => ChatMessageType::Text,
                    MessageType::Html => ChatMessageType::Html,
                });
                options.sender_display_name = sender_display_name;
                options.metadata = parse::metadata(metadata).map_err(Failure::invalid_input)?;
                options
            };
            let sent = thread_client(client, thread)?
                .send_message(content, Some(options))
                .await?;
            context.print(&Doc::object().field("id", sent.into_inner().id))
        }
        MessageCommand::Show { thread, message } => {
            let message = thread_client(client, thread)?
                .get_message(&message, None)
                .await?;
            context.print(&json::message(&message))
        }
        MessageCommand::List {
            thread,
            paging,
            start_time,
        } => {
            let pager = thread_client(client, thread)?.list_messages(Some({
                let mut options = ChatThreadClientListMessagesOptions::default();
                options.max_page_size = paging.max_page_size;
                options.start_time = start_time;
                options
            }));
            context
                .print_list(pager, paging.limit, json::MESSAGE_COLUMNS, json::message)
                .await
        }
        MessageCommand::Update {
            thread,
            message,
            content,
            metadata,
        } => {
            thread_client(client, thread)?
                .update_message(
                    &message,
                    {
                        let mut update = acs_chat::models::ChatMessageUpdate::default();
                        update.content = content;
                        update.metadata =
                            parse::metadata(metadata).map_err(Failure::invalid_input)?;
                        update
                    },
                    None,
                )
                .await?;
            Ok(())
        }
        MessageCommand::Delete { thread, message } => {
            thread_client(client, thread)?
                .delete_message(&message, None)
                .await?;
            Ok(())
        }
    }
}

async fn participant(
    context: &Context,
    client: &ChatClient,
    command: ParticipantCommand,
) -> Result<(), Failure> {
    match command {
        ParticipantCommand::List {
            thread,
            paging,
            skip,
        } => {
            let pager = thread_client(client, thread)?.list_participants(Some({
                let mut options = ChatThreadClientListParticipantsOptions::default();
                options.max_page_size = paging.max_page_size;
                options.skip = skip;
                options
            }));
            context
                .print_list(
                    pager,
                    paging.limit,
                    json::PARTICIPANT_COLUMNS,
                    json::participant,
                )
                .await
        }
        ParticipantCommand::Add {
            thread,
            participants,
            share_history_time,
            metadata,
        } => {
            let metadata = parse::metadata(metadata).map_err(Failure::invalid_input)?;
            let participants = participants
                .iter()
                .map(|text| {
                    let (identifier, name) =
                        parse::participant(text).map_err(Failure::invalid_input)?;
                    let mut participant =
                        ChatParticipant::new(identifier).with_metadata(metadata.clone());
                    if let Some(name) = name {
                        participant = participant.with_display_name(name);
                    }
                    if let Some(time) = share_history_time {
                        participant = participant.with_share_history_time(time);
                    }
                    Ok(participant)
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            let result = thread_client(client, thread)?
                .add_participants(participants, None)
                .await?;
            warn_invalid(result.invalid_participants.len());
            context.print(&Doc::object().field(
                "invalidParticipants",
                json::invalid_participants(&result.invalid_participants),
            ))
        }
        ParticipantCommand::Remove {
            thread,
            participant,
        } => {
            let identifier =
                parse::raw_id("the participant", &participant).map_err(Failure::invalid_input)?;
            thread_client(client, thread)?
                .remove_participant(&identifier, None)
                .await?;
            Ok(())
        }
    }
}

fn retention(days: u32) -> Result<RetentionPolicy, Failure> {
    let delete_thread_after_days =
        i32::try_from(days).map_err(|_| Failure::invalid_input("--retention-days is too large"))?;
    Ok(RetentionPolicy::ThreadCreationDate {
        delete_thread_after_days,
    })
}

fn warn_invalid(count: usize) {
    if count > 0 {
        warn(&format!(
            "{count} participant(s) could not be added; see invalidParticipants"
        ));
    }
}

fn thread_client(client: &ChatClient, thread: String) -> Result<ChatThreadClient, Failure> {
    Ok(client.chat_thread_client(thread)?)
}

/// The chat client, from `--endpoint`/`ACS_ENDPOINT` and `--token`/`ACS_TOKEN`. The token
/// is checked before anything is sent: it must be a JWT that has not expired.
fn client(context: &Context, args: &ChatArgs) -> Result<ChatClient, Failure> {
    let endpoint = args
        .endpoint
        .clone()
        .filter(|value| !value.trim().is_empty())
        .or_else(|| super::first_variable(&["AZURE_COMMUNICATION_ENDPOINT"]))
        .ok_or_else(|| {
            Failure::credential(
                "the chat commands need an endpoint: pass --endpoint or set ACS_ENDPOINT \
                 (or AZURE_COMMUNICATION_ENDPOINT)",
            )
        })?;
    let endpoint =
        Endpoint::parse(&endpoint).map_err(|error| Failure::credential(error.to_string()))?;
    let token = args
        .token
        .clone()
        .filter(|value| !value.trim().is_empty())
        .or_else(|| super::first_variable(&["AZURE_COMMUNICATION_ACCESS_TOKEN"]))
        .ok_or_else(|| {
            Failure::credential(
                "the chat commands need a user access token: pass --token or set ACS_TOKEN \
                 (or AZURE_COMMUNICATION_ACCESS_TOKEN; e.g. from \
                 `acs identity token issue <user> --scopes chat`)",
            )
        })?;
    let token = token.trim();
    // The messages of acs-auth never repeat the token.
    let access_token = AccessToken::from_jwt(token)
        .map_err(|error| Failure::credential(format!("unusable access token: {error}")))?;
    if access_token.is_expired_at(SystemClock.now()) {
        return Err(Failure::credential(format!(
            "the access token expired at {}: issue a new one with `acs identity token issue`",
            access_token.expires_on.to_rfc3339()
        )));
    }
    let credential = CommunicationTokenCredential::from_token(token)
        .map_err(|error| Failure::credential(format!("unusable access token: {error}")))?;
    let mut options = {
        let mut options = ChatClientOptions::default();
        options.retry = {
            let mut options = RetryOptions::default();
            options.max_retries = context.retries;
            options
        };
        options.http_client = context.http_client.clone();
        options
    };
    if let Some(api_version) = args.api_version {
        options.api_version = api_version;
    }
    if context.timeout.is_some() {
        options.timeout = context.timeout;
    }
    Ok(ChatClient::new(
        &endpoint.to_string(),
        credential,
        Some(options),
    )?)
}
