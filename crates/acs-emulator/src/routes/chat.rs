//! Chat: threads, messages, participants, read receipts and typing, bearer-authenticated with
//! the emulator's user access tokens.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use acs_auth::CommunicationIdentifier;
use acs_chat_rest::types::{
    AddChatParticipantsRequest, AddChatParticipantsResult, ChatMessageReadReceiptsCollection,
    ChatMessageType, ChatParticipant, ChatParticipantsCollection, ChatThreadItem,
    ChatThreadsItemCollection, CommunicationError, CommunicationIdentifierModel,
    CreateChatThreadRequest, CreateChatThreadResult, SendChatMessageRequest, SendChatMessageResult,
    SendReadReceiptRequest, SendTypingNotificationRequest, UpdateChatMessageRequest,
    UpdateChatThreadRequest,
};
use chrono::{DateTime, Utc};
use http::StatusCode;
use serde_json::Value;

use super::{chat_limits, validate};
use crate::api_error::ApiError;
use crate::events::Event;
use crate::events::chat::{self as chat_events, MessageChange};
use crate::paging::{
    DEFAULT_MESSAGES_PAGE_SIZE, DEFAULT_PAGE_SIZE, encode_sync_state, next_link, page_size, skip,
    start_time, sync_state,
};
use crate::request::{Reply, RequestContext, into_reply};
use crate::router::Route;
use crate::state::{
    MessageView, NewParticipant, NewThread, State, Thread, UserMessage, VersionView, lock,
    raw_id_of,
};
use crate::tokens::TokenRejection;
use crate::versions::{CHAT_ATTACHMENTS_SINCE, CHAT_METADATA_SINCE, at_least};

/// What a token allows in Chat, from most to least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Access {
    /// `chat.join.limited`: no thread creation, deletion or update; no participant changes.
    JoinLimited,
    /// `chat.join`: no thread creation, deletion or update.
    Join,
    /// `chat`: everything.
    Full,
}

/// The authenticated caller.
#[derive(Debug)]
struct Caller {
    raw_id: String,
    access: Access,
}

pub(super) fn handle(state: &State, ctx: &RequestContext, route: Route, version: &str) -> Reply {
    let view = VersionView {
        metadata: at_least(version, CHAT_METADATA_SINCE),
        attachments: at_least(version, CHAT_ATTACHMENTS_SINCE),
    };
    into_reply(authenticate(state, ctx).and_then(|caller| {
        let chat = Chat {
            state,
            ctx,
            caller,
            view,
            now: state.clock.now(),
        };
        chat.route(route)
    }))
}

/// Checks the bearer token: signed by this emulator, not expired, not revoked, and its identity
/// not deleted.
fn authenticate(state: &State, ctx: &RequestContext) -> Result<Caller, ApiError> {
    let claims = ctx
        .user_token(&state.tokens, state.clock.now())
        .ok_or_else(|| ApiError::unauthorized("A bearer user access token is required."))?
        .map_err(|rejection| {
            ApiError::unauthorized(match rejection {
                TokenRejection::Expired => "The access token has expired.",
                TokenRejection::BadSignature | TokenRejection::Malformed => {
                    "The access token is not valid."
                }
            })
        })?;
    let is_acs_user = matches!(
        CommunicationIdentifier::from_raw_id(&claims.sub),
        CommunicationIdentifier::CommunicationUser(_)
    );
    if is_acs_user {
        match state.identities.generation(&claims.sub) {
            Some(generation) if generation == claims.r#gen => {}
            Some(_) => return Err(ApiError::unauthorized("The access token has been revoked.")),
            None => {
                return Err(ApiError::unauthorized(
                    "The identity of the access token does not exist.",
                ));
            }
        }
    }
    let access = claims
        .scopes()
        .filter_map(|scope| match scope {
            "chat" => Some(Access::Full),
            "chat.join" => Some(Access::Join),
            "chat.join.limited" => Some(Access::JoinLimited),
            _ => None,
        })
        .max()
        .ok_or_else(|| ApiError::forbidden("The access token does not grant access to chat."))?;
    Ok(Caller {
        raw_id: claims.sub.clone(),
        access,
    })
}

/// `Location` values encode `:` as `%3A` and keep `@`.
fn location_id(id: &str) -> String {
    id.replace(':', "%3A")
}

fn not_participant() -> ApiError {
    ApiError::forbidden("The initiator is not a participant of the specified thread.")
}

fn parse_message_id(id: &str) -> Result<u64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::bad_request(format!("Value for MessageId ({id}) is not valid.")))
}

struct Chat<'a> {
    state: &'a State,
    ctx: &'a RequestContext,
    caller: Caller,
    view: VersionView,
    now: DateTime<Utc>,
}

impl Chat<'_> {
    fn route(&self, route: Route) -> Result<Reply, ApiError> {
        match route {
            Route::ThreadCreate => self.create_thread(),
            Route::ThreadList => self.list_threads(),
            Route::ThreadDelete { thread } => {
                self.require(Access::Full, "delete threads")?;
                self.member(&thread, |thread, _| {
                    let events = self.events(|| {
                        chat_events::thread_deleted(thread, &self.caller.raw_id, self.now)
                    });
                    thread.delete(self.now);
                    self.publish(events);
                    Ok(Reply::empty(StatusCode::NO_CONTENT))
                })
            }
            Route::ThreadGet { thread } => self.member(&thread, |thread, _| {
                Ok(Reply::wire(StatusCode::OK, &thread.properties(self.view)))
            }),
            Route::ThreadUpdate { thread } => self.update_thread(&thread),
            Route::MessageSend { thread } => self.send_message(&thread),
            Route::MessageList { thread } => self.list_messages(&thread),
            Route::MessageGet { thread, message } => {
                let id = parse_message_id(&message)?;
                self.member(&thread, |thread, caller| {
                    let message = thread
                        .message(id)
                        .filter(|message| message.created_on >= caller.share_history_time)
                        .ok_or_else(message_not_found)?;
                    Ok(Reply::json(
                        StatusCode::OK,
                        MessageView::to_json(message, self.view),
                    ))
                })
            }
            Route::MessageUpdate { thread, message } => self.update_message(&thread, &message),
            Route::MessageDelete { thread, message } => {
                let id = parse_message_id(&message)?;
                self.member(&thread, |thread, _| {
                    self.own_message(thread, id)?;
                    let was_deleted = thread.message(id).is_some_and(|m| m.deleted_on.is_some());
                    thread.delete_message(id, self.now);
                    if !was_deleted {
                        self.publish(self.events(|| {
                            chat_events::message_event(thread, id, MessageChange::Deleted, self.now)
                        }));
                    }
                    Ok(Reply::empty(StatusCode::NO_CONTENT))
                })
            }
            Route::ParticipantList { thread } => self.list_participants(&thread),
            Route::ParticipantAdd { thread } => self.add_participants(&thread),
            Route::ParticipantRemove { thread } => {
                self.require(Access::Join, "remove participants")?;
                let identifier: CommunicationIdentifierModel = self.ctx.required_json()?;
                let raw_id = raw_id_of(&identifier)
                    .ok_or_else(|| ApiError::bad_request("Identifier format is invalid."))?;
                self.member(&thread, |thread, _| {
                    let removed = thread
                        .participant(&raw_id)
                        .map(|p| p.to_wire(chat_events::FULL));
                    thread.remove_participant(&self.caller.raw_id, &raw_id, self.now);
                    if let Some(removed) = removed {
                        self.publish(self.events(|| {
                            chat_events::participant_removed(
                                thread,
                                &self.caller.raw_id,
                                &removed,
                                self.now,
                            )
                        }));
                    }
                    Ok(Reply::empty(StatusCode::NO_CONTENT))
                })
            }
            Route::ReadReceiptList { thread } => self.list_read_receipts(&thread),
            Route::ReadReceiptSend { thread } => {
                let request: SendReadReceiptRequest = self.ctx.required_json()?;
                let id = parse_message_id(&request.chat_message_id)?;
                self.member(&thread, |thread, _| {
                    thread.message(id).ok_or_else(message_not_found)?;
                    thread.read_receipt(&self.caller.raw_id, id, self.now);
                    Ok(Reply::empty(StatusCode::OK))
                })
            }
            Route::TypingSend { thread } => {
                let request: SendTypingNotificationRequest = self.ctx.json(true)?;
                self.member(&thread, |thread, _| {
                    let name = request.sender_display_name.as_deref();
                    self.publish(self.events(|| {
                        chat_events::typing(thread, &self.caller.raw_id, name, self.now)
                    }));
                    Ok(Reply::empty(StatusCode::OK))
                })
            }
            _ => Err(ApiError::not_found("Unknown operation.")),
        }
    }

    /// The events of an operation, built only when a webhook is subscribed.
    fn events(&self, build: impl FnOnce() -> Vec<Event>) -> Vec<Event> {
        if self.state.events.is_active() {
            build()
        } else {
            Vec::new()
        }
    }

    /// Enqueues events for delivery (never waits).
    fn publish(&self, events: Vec<Event>) {
        self.state.events.publish(events);
    }

    fn require(&self, least: Access, what: &str) -> Result<(), ApiError> {
        if self.caller.access >= least {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "The access token's scope does not allow the caller to {what}."
            )))
        }
    }

    fn thread(&self, id: &str) -> Result<Arc<Mutex<Thread>>, ApiError> {
        if !id.starts_with("19:") || !id.contains('@') {
            return Err(ApiError::bad_request(format!(
                "Value for ThreadId ({id}) is not valid."
            )));
        }
        self.state
            .threads
            .get(id)
            .ok_or_else(|| ApiError::not_found("The specified thread id was not found."))
    }

    /// Runs `f` on a live thread the caller is a participant of, under the thread's lock.
    fn member<R>(
        &self,
        id: &str,
        f: impl FnOnce(&mut Thread, &crate::state::Participant) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let thread = self.thread(id)?;
        let mut thread = lock(&thread);
        if thread.deleted_on.is_some() {
            return Err(ApiError::not_found(
                "The specified thread id was not found.",
            ));
        }
        let caller = thread
            .participant(&self.caller.raw_id)
            .cloned()
            .ok_or_else(not_participant)?;
        f(&mut thread, &caller)
    }

    /// The message exists, is not deleted, and the caller sent it.
    fn own_message(&self, thread: &Thread, id: u64) -> Result<(), ApiError> {
        let message = thread.message(id).ok_or_else(message_not_found)?;
        if message.sender.as_deref() != Some(self.caller.raw_id.as_str()) {
            return Err(ApiError::forbidden(
                "Only the sender of a message can change or delete it.",
            ));
        }
        Ok(())
    }

    /// Each participant's metadata stays within the size limit.
    fn check_participant_metadata(&self, participants: &[ChatParticipant]) -> Result<(), ApiError> {
        for (index, participant) in participants.iter().enumerate() {
            validate::metadata(
                &format!("participants[{index}].metadata"),
                &participant.metadata,
            )?;
        }
        Ok(())
    }

    /// Splits requested participants into valid ones and the service's per-participant errors.
    fn check_participants(
        &self,
        participants: Vec<ChatParticipant>,
    ) -> (Vec<NewParticipant>, Vec<CommunicationError>) {
        let mut valid = Vec::new();
        let mut invalid = Vec::new();
        for participant in participants {
            let Some(raw_id) = raw_id_of(&participant.communication_identifier) else {
                invalid.push(CommunicationError {
                    code: "400".to_owned(),
                    message: Some("Identifier format is invalid.".to_owned()),
                    target: None,
                    details: Vec::new(),
                    innererror: None,
                });
                continue;
            };
            let allowed = match CommunicationIdentifier::from_raw_id(&raw_id) {
                CommunicationIdentifier::CommunicationUser(_) => {
                    self.state.identities.exists(&raw_id)
                }
                CommunicationIdentifier::MicrosoftTeamsUser(_)
                | CommunicationIdentifier::TeamsExtensionUser(_) => true,
                _ => false,
            };
            if allowed {
                valid.push(NewParticipant {
                    raw_id,
                    display_name: participant.display_name,
                    share_history_time: participant.share_history_time,
                    metadata: if self.view.metadata {
                        participant.metadata
                    } else {
                        HashMap::new()
                    },
                });
            } else {
                invalid.push(CommunicationError {
                    code: "403".to_owned(),
                    message: Some("Permissions check failed".to_owned()),
                    target: Some(raw_id),
                    details: Vec::new(),
                    innererror: None,
                });
            }
        }
        (valid, invalid)
    }

    fn create_thread(&self) -> Result<Reply, ApiError> {
        self.require(Access::Full, "create threads")?;
        let request: CreateChatThreadRequest = self.ctx.required_json()?;
        let retention_policy = if self.view.metadata {
            validate::metadata("metadata", &request.metadata)?;
            self.check_participant_metadata(&request.participants)?;
            validate::retention_policy(request.retention_policy)?
        } else {
            None
        };
        let (participants, invalid) = self.check_participants(request.participants);
        chat_limits::new_thread(&self.caller.raw_id, &participants)?;
        let new = NewThread {
            topic: request.topic,
            creator: self.caller.raw_id.clone(),
            metadata: if self.view.metadata {
                request.metadata
            } else {
                HashMap::new()
            },
            retention_policy,
            participants,
        };
        let repeatability_id = self
            .ctx
            .header("repeatability-request-id")
            .filter(|id| !id.is_empty());
        let (outcome, new) = self
            .state
            .threads
            .create(repeatability_id, new, invalid, self.now);
        let thread = lock(&outcome.thread);
        if new {
            self.publish(self.events(|| chat_events::thread_created(&thread, self.now)));
        }
        let result = CreateChatThreadResult {
            chat_thread: Some(thread.properties(self.view)),
            invalid_participants: outcome.invalid_participants.clone(),
        };
        let location = format!(
            "{}/chat/threads/{}",
            self.ctx.base_url(),
            location_id(&thread.id)
        );
        Ok(Reply::wire(StatusCode::CREATED, &result).with_location(location))
    }

    fn list_threads(&self) -> Result<Reply, ApiError> {
        let max = page_size(self.ctx, DEFAULT_PAGE_SIZE)?;
        let start = start_time(self.ctx)?;
        let offset = usize::try_from(sync_state(self.ctx)?.unwrap_or(0)).unwrap_or(usize::MAX);
        let mut items: Vec<ChatThreadItem> = self
            .state
            .threads
            .all()
            .iter()
            .filter_map(|thread| {
                let thread = lock(thread);
                thread
                    .participant(&self.caller.raw_id)
                    .is_some()
                    .then(|| thread.item())
            })
            .filter(|item| {
                start.is_none_or(|start| {
                    item.last_message_received_on
                        .is_some_and(|last| last >= start)
                })
            })
            .collect();
        items.sort_by(|a, b| {
            b.last_message_received_on
                .cmp(&a.last_message_received_on)
                .then_with(|| a.id.cmp(&b.id))
        });
        let more = items.len() > offset.saturating_add(max);
        let value: Vec<_> = items.into_iter().skip(offset).take(max).collect();
        let next_link = more.then(|| {
            let mut params = vec![("syncState", encode_sync_state((offset + max) as u64))];
            if let Some(start) = self.ctx.query_param("startTime") {
                params.push(("startTime", start.to_owned()));
            }
            params.push(("maxPageSize", max.to_string()));
            next_link(self.ctx, "/chat/threads", &params)
        });
        Ok(Reply::wire(
            StatusCode::OK,
            &ChatThreadsItemCollection { value, next_link },
        ))
    }

    fn update_thread(&self, id: &str) -> Result<Reply, ApiError> {
        self.require(Access::Full, "update threads")?;
        let request: UpdateChatThreadRequest = self.ctx.required_json()?;
        let retention = if self.view.metadata {
            validate::retention_policy(request.retention_policy)?
        } else {
            None
        };
        self.member(id, |thread, _| {
            let metadata = if self.view.metadata {
                let current = thread.properties(self.view).metadata;
                let merged = validate::merged_metadata_bytes(&current, &request.metadata);
                validate::metadata_size("metadata", merged)?;
                request.metadata
            } else {
                HashMap::new()
            };
            thread.update(
                &self.caller.raw_id,
                request.topic,
                metadata,
                retention,
                self.now,
            );
            self.publish(
                self.events(|| chat_events::thread_updated(thread, &self.caller.raw_id, self.now)),
            );
            Ok(Reply::empty(StatusCode::NO_CONTENT))
        })
    }

    fn send_message(&self, id: &str) -> Result<Reply, ApiError> {
        let request: SendChatMessageRequest = self.ctx.required_json()?;
        chat_limits::message_content(&request.content)?;
        let kind = match request.type_ {
            None => ChatMessageType::Text,
            Some(kind @ (ChatMessageType::Text | ChatMessageType::Html)) => kind,
            Some(other) => {
                return Err(ApiError::validation(
                    "type",
                    format!("Message type '{other}' cannot be sent."),
                ));
            }
        };
        let message = UserMessage {
            kind,
            content: request.content,
            sender_display_name: request.sender_display_name,
            metadata: request.metadata,
        };
        self.member(id, |thread, _| {
            let message_id = thread.send(&self.caller.raw_id, message, self.now);
            self.publish(self.events(|| {
                chat_events::message_event(thread, message_id, MessageChange::Received, self.now)
            }));
            let location = format!(
                "{}/chat/threads/{}/messages/{message_id}",
                self.ctx.base_url(),
                location_id(&thread.id)
            );
            let result = SendChatMessageResult {
                id: message_id.to_string(),
            };
            Ok(Reply::wire(StatusCode::CREATED, &result).with_location(location))
        })
    }

    fn list_messages(&self, id: &str) -> Result<Reply, ApiError> {
        let max = page_size(self.ctx, DEFAULT_MESSAGES_PAGE_SIZE)?;
        let start = start_time(self.ctx)?;
        let before = sync_state(self.ctx)?;
        self.member(id, |thread, caller| {
            let (page, more) = thread.messages_page(before, start, caller.share_history_time, max);
            let value: Vec<Value> = page
                .iter()
                .map(|message| MessageView::to_json(message, self.view))
                .collect();
            let mut body = serde_json::Map::new();
            body.insert("value".to_owned(), Value::Array(value));
            if more && let Some(last) = page.last() {
                let mut params = vec![("syncState", encode_sync_state(last.id))];
                if let Some(start) = self.ctx.query_param("startTime") {
                    params.push(("startTime", start.to_owned()));
                }
                params.push(("maxPageSize", max.to_string()));
                let path = format!("/chat/threads/{}/messages", thread.id);
                body.insert(
                    "nextLink".to_owned(),
                    Value::String(next_link(self.ctx, &path, &params)),
                );
            }
            Ok(Reply::json(StatusCode::OK, Value::Object(body)))
        })
    }

    fn update_message(&self, id: &str, message: &str) -> Result<Reply, ApiError> {
        let message_id = parse_message_id(message)?;
        let request: UpdateChatMessageRequest = self.ctx.required_json()?;
        if let Some(content) = &request.content {
            chat_limits::message_content(content)?;
        }
        self.member(id, |thread, _| {
            self.own_message(thread, message_id)?;
            if thread
                .message(message_id)
                .is_some_and(|m| m.deleted_on.is_some())
            {
                return Err(message_not_found());
            }
            thread.update_message(message_id, request.content, request.metadata, self.now);
            self.publish(self.events(|| {
                chat_events::message_event(thread, message_id, MessageChange::Edited, self.now)
            }));
            Ok(Reply::empty(StatusCode::NO_CONTENT))
        })
    }

    fn list_participants(&self, id: &str) -> Result<Reply, ApiError> {
        let max = page_size(self.ctx, DEFAULT_PAGE_SIZE)?;
        let skip = skip(self.ctx)?;
        self.member(id, |thread, _| {
            let (page, more) = thread.participants_page(skip, max);
            let value = page.iter().map(|p| p.to_wire(self.view)).collect();
            let next_link = more.then(|| {
                let params = [
                    ("skip", (skip + max).to_string()),
                    ("maxPageSize", max.to_string()),
                ];
                next_link(
                    self.ctx,
                    &format!("/chat/threads/{}/participants", thread.id),
                    &params,
                )
            });
            Ok(Reply::wire(
                StatusCode::OK,
                &ChatParticipantsCollection { value, next_link },
            ))
        })
    }

    fn add_participants(&self, id: &str) -> Result<Reply, ApiError> {
        self.require(Access::Join, "add participants")?;
        let request: AddChatParticipantsRequest = self.ctx.required_json()?;
        if self.view.metadata {
            self.check_participant_metadata(&request.participants)?;
        }
        chat_limits::participants_per_add(request.participants.len())?;
        let (valid, invalid) = self.check_participants(request.participants);
        self.member(id, |thread, _| {
            chat_limits::after_adding(thread, &valid)?;
            let added = thread.add_participants(&self.caller.raw_id, valid, self.now);
            self.publish(self.events(|| {
                chat_events::participants_added(thread, &self.caller.raw_id, added, self.now)
            }));
            let result = AddChatParticipantsResult {
                invalid_participants: invalid,
            };
            Ok(Reply::wire(StatusCode::CREATED, &result))
        })
    }

    fn list_read_receipts(&self, id: &str) -> Result<Reply, ApiError> {
        let max = page_size(self.ctx, DEFAULT_PAGE_SIZE)?;
        let skip = skip(self.ctx)?;
        self.member(id, |thread, _| {
            let (value, more) = thread.read_receipts_page(skip, max);
            let next_link = more.then(|| {
                let params = [
                    ("skip", (skip + max).to_string()),
                    ("maxPageSize", max.to_string()),
                ];
                next_link(
                    self.ctx,
                    &format!("/chat/threads/{}/readReceipts", thread.id),
                    &params,
                )
            });
            Ok(Reply::wire(
                StatusCode::OK,
                &ChatMessageReadReceiptsCollection { value, next_link },
            ))
        })
    }
}

fn message_not_found() -> ApiError {
    ApiError::not_found("The specified message was not found.")
}
