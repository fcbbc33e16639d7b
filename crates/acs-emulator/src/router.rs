//! Maps a method and a decoded path to an operation. Written by hand rather than with a routing
//! library because the action segments are literal colons (`/identities/{id}/:issueAccessToken`,
//! `/participants/:add`) and ids arrive percent-encoded (`19%3A...%40thread.v2`) or raw.

use http::Method;

/// The service an operation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    Identity,
    Chat,
    Email,
    /// The emulator's own mailbox API (`/emulator/emails`), not a service of Azure.
    Mailbox,
}

/// One operation of the specs, with its decoded path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    IdentityCreate,
    IdentityDelete {
        id: String,
    },
    IdentityIssueAccessToken {
        id: String,
    },
    IdentityRevokeAccessTokens {
        id: String,
    },
    TeamsUserExchange,
    TeamsExtensionExchange,
    AssignmentGet {
        tenant_id: String,
        object_id: String,
    },
    AssignmentUpsert {
        tenant_id: String,
        object_id: String,
    },
    AssignmentDelete {
        tenant_id: String,
        object_id: String,
    },
    ThreadCreate,
    ThreadList,
    ThreadDelete {
        thread: String,
    },
    ThreadGet {
        thread: String,
    },
    ThreadUpdate {
        thread: String,
    },
    MessageSend {
        thread: String,
    },
    MessageList {
        thread: String,
    },
    MessageGet {
        thread: String,
        message: String,
    },
    MessageUpdate {
        thread: String,
        message: String,
    },
    MessageDelete {
        thread: String,
        message: String,
    },
    ParticipantList {
        thread: String,
    },
    ParticipantAdd {
        thread: String,
    },
    ParticipantRemove {
        thread: String,
    },
    ReadReceiptList {
        thread: String,
    },
    ReadReceiptSend {
        thread: String,
    },
    TypingSend {
        thread: String,
    },
    EmailSend,
    EmailGetSendResult {
        operation_id: String,
    },
    MailboxList,
    MailboxGet {
        id: String,
    },
    MailboxRaw {
        id: String,
    },
    /// `POST /emulator/api/reset` (persistence).
    EmulatorReset,
}

/// What a request matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Matched {
    Route(Route),
    /// The path is known but not with this method.
    MethodNotAllowed(Service),
    NotFound,
}

impl Route {
    /// The `operationId` of the operation in our specs (Identity 2026-09-23, Chat 2025-03-15).
    pub(crate) fn operation_id(&self) -> &'static str {
        match self {
            Self::IdentityCreate => "IdentityOperations_Create",
            Self::IdentityDelete { .. } => "IdentityOperations_Delete",
            Self::IdentityIssueAccessToken { .. } => "IdentityOperations_IssueAccessToken",
            Self::IdentityRevokeAccessTokens { .. } => "IdentityOperations_RevokeAccessTokens",
            Self::TeamsUserExchange => "TeamsUserOperations_ExchangeTeamsUserAccessToken",
            Self::TeamsExtensionExchange => "TeamsExtensionOperations_ExchangeToken",
            Self::AssignmentGet { .. } => "TeamsExtensionOperations_GetAssignment",
            Self::AssignmentUpsert { .. } => "TeamsExtensionOperations_UpsertAssignment",
            Self::AssignmentDelete { .. } => "TeamsExtensionOperations_DeleteAssignment",
            Self::ThreadCreate => "Chat_CreateChatThread",
            Self::ThreadList => "Chat_ListChatThreads",
            Self::ThreadDelete { .. } => "Chat_DeleteChatThread",
            Self::ThreadGet { .. } => "ChatThread_GetChatThreadProperties",
            Self::ThreadUpdate { .. } => "ChatThread_UpdateChatThreadProperties",
            Self::MessageSend { .. } => "ChatThread_SendChatMessage",
            Self::MessageList { .. } => "ChatThread_ListChatMessages",
            Self::MessageGet { .. } => "ChatThread_GetChatMessage",
            Self::MessageUpdate { .. } => "ChatThread_UpdateChatMessage",
            Self::MessageDelete { .. } => "ChatThread_DeleteChatMessage",
            Self::ParticipantList { .. } => "ChatThread_ListChatParticipants",
            Self::ParticipantAdd { .. } => "ChatThread_AddChatParticipants",
            Self::ParticipantRemove { .. } => "ChatThread_RemoveChatParticipant",
            Self::ReadReceiptList { .. } => "ChatThread_ListChatReadReceipts",
            Self::ReadReceiptSend { .. } => "ChatThread_SendChatReadReceipt",
            Self::TypingSend { .. } => "ChatThread_SendTypingNotification",
            Self::EmailSend => "Email_Send",
            Self::EmailGetSendResult { .. } => "Email_GetSendResult",
            Self::MailboxList => "Emulator_ListEmails",
            Self::MailboxGet { .. } => "Emulator_GetEmail",
            Self::MailboxRaw { .. } => "Emulator_GetEmailMime",
            Self::EmulatorReset => "Emulator_Reset",
        }
    }

    /// The service the operation belongs to.
    pub(crate) fn service(&self) -> Service {
        match self {
            Self::IdentityCreate
            | Self::IdentityDelete { .. }
            | Self::IdentityIssueAccessToken { .. }
            | Self::IdentityRevokeAccessTokens { .. }
            | Self::TeamsUserExchange
            | Self::TeamsExtensionExchange
            | Self::AssignmentGet { .. }
            | Self::AssignmentUpsert { .. }
            | Self::AssignmentDelete { .. } => Service::Identity,
            Self::EmailSend | Self::EmailGetSendResult { .. } => Service::Email,
            Self::MailboxList
            | Self::MailboxGet { .. }
            | Self::MailboxRaw { .. }
            | Self::EmulatorReset => Service::Mailbox,
            _ => Service::Chat,
        }
    }
}

/// Matches a method and decoded path segments.
pub(crate) fn route(method: &Method, segments: &[String]) -> Matched {
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let m = method.clone();
    let own = |s: &str| s.to_owned();
    let (service, found) = match segments.as_slice() {
        ["identities"] => (
            Service::Identity,
            (m == Method::POST).then_some(Route::IdentityCreate),
        ),
        ["identities", id] => (
            Service::Identity,
            (m == Method::DELETE).then(|| Route::IdentityDelete { id: own(id) }),
        ),
        ["identities", id, ":issueAccessToken"] => (
            Service::Identity,
            (m == Method::POST).then(|| Route::IdentityIssueAccessToken { id: own(id) }),
        ),
        ["identities", id, ":revokeAccessTokens"] => (
            Service::Identity,
            (m == Method::POST).then(|| Route::IdentityRevokeAccessTokens { id: own(id) }),
        ),
        ["teamsUser", ":exchangeAccessToken"] => (
            Service::Identity,
            (m == Method::POST).then_some(Route::TeamsUserExchange),
        ),
        ["access", "teamsExtension", ":exchangeAccessToken"] => (
            Service::Identity,
            (m == Method::POST).then_some(Route::TeamsExtensionExchange),
        ),
        [
            "access",
            "teamsExtension",
            "tenants",
            tenant,
            "assignments",
            object,
        ] => {
            let (tenant_id, object_id) = (own(tenant), own(object));
            let found = match m {
                Method::GET => Some(Route::AssignmentGet {
                    tenant_id,
                    object_id,
                }),
                Method::PUT => Some(Route::AssignmentUpsert {
                    tenant_id,
                    object_id,
                }),
                Method::DELETE => Some(Route::AssignmentDelete {
                    tenant_id,
                    object_id,
                }),
                _ => None,
            };
            (Service::Identity, found)
        }
        ["chat", "threads"] => {
            let found = match m {
                Method::POST => Some(Route::ThreadCreate),
                Method::GET => Some(Route::ThreadList),
                _ => None,
            };
            (Service::Chat, found)
        }
        ["chat", "threads", thread, rest @ ..] => (Service::Chat, thread_route(&m, thread, rest)),
        ["emails:send"] => (
            Service::Email,
            (m == Method::POST).then_some(Route::EmailSend),
        ),
        ["emails", "operations", id] => (
            Service::Email,
            (m == Method::GET).then(|| Route::EmailGetSendResult {
                operation_id: own(id),
            }),
        ),
        ["emulator", "emails"] => (
            Service::Mailbox,
            (m == Method::GET).then_some(Route::MailboxList),
        ),
        ["emulator", "emails", id] => (
            Service::Mailbox,
            (m == Method::GET).then(|| match id.strip_suffix(".eml") {
                Some(id) => Route::MailboxRaw { id: own(id) },
                None => Route::MailboxGet { id: own(id) },
            }),
        ),
        ["emulator", "api", "reset"] => (
            Service::Mailbox,
            (m == Method::POST).then_some(Route::EmulatorReset),
        ),
        _ => return Matched::NotFound,
    };
    match found {
        Some(route) => Matched::Route(route),
        None if is_known_thread_path(&segments) || service != Service::Chat => {
            Matched::MethodNotAllowed(service)
        }
        None => Matched::NotFound,
    }
}

/// The methods a path answers to, in a fixed order (for the `Allow` header of a 405).
pub(crate) fn allowed_methods(segments: &[String]) -> Vec<&'static str> {
    const CANDIDATES: [(Method, &str); 5] = [
        (Method::GET, "GET"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::PATCH, "PATCH"),
        (Method::DELETE, "DELETE"),
    ];
    CANDIDATES
        .iter()
        .filter(|(method, _)| matches!(route(method, segments), Matched::Route(_)))
        .map(|(_, name)| *name)
        .collect()
}

fn thread_route(m: &Method, thread: &str, rest: &[&str]) -> Option<Route> {
    let thread = thread.to_owned();
    match (rest, m) {
        ([], &Method::GET) => Some(Route::ThreadGet { thread }),
        ([], &Method::PATCH) => Some(Route::ThreadUpdate { thread }),
        ([], &Method::DELETE) => Some(Route::ThreadDelete { thread }),
        (["messages"], &Method::POST) => Some(Route::MessageSend { thread }),
        (["messages"], &Method::GET) => Some(Route::MessageList { thread }),
        (["messages", message], method) => {
            let message = (*message).to_owned();
            match *method {
                Method::GET => Some(Route::MessageGet { thread, message }),
                Method::PATCH => Some(Route::MessageUpdate { thread, message }),
                Method::DELETE => Some(Route::MessageDelete { thread, message }),
                _ => None,
            }
        }
        (["participants"], &Method::GET) => Some(Route::ParticipantList { thread }),
        (["participants", ":add"], &Method::POST) => Some(Route::ParticipantAdd { thread }),
        (["participants", ":remove"], &Method::POST) => Some(Route::ParticipantRemove { thread }),
        (["readReceipts"], &Method::GET) => Some(Route::ReadReceiptList { thread }),
        (["readReceipts"], &Method::POST) => Some(Route::ReadReceiptSend { thread }),
        (["typing"], &Method::POST) => Some(Route::TypingSend { thread }),
        _ => None,
    }
}

/// Whether the path (whatever the method) is one of the thread paths.
fn is_known_thread_path(segments: &[&str]) -> bool {
    matches!(
        segments,
        ["chat", "threads"]
            | ["chat", "threads", _]
            | [
                "chat",
                "threads",
                _,
                "messages" | "participants" | "readReceipts" | "typing"
            ]
            | ["chat", "threads", _, "messages", _]
            | ["chat", "threads", _, "participants", ":add" | ":remove"]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(path: &str) -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
    }

    /// Every operation of both generated specs is routed to the operation of the same id.
    #[test]
    fn every_generated_operation_is_routed() {
        let operations = acs_identity_rest::OPERATIONS
            .iter()
            .map(|op| (op.operation_id, op.http_method, op.path))
            .chain(
                acs_chat_rest::OPERATIONS
                    .iter()
                    .map(|op| (op.operation_id, op.http_method, op.path)),
            )
            .chain(
                acs_email_rest::OPERATIONS
                    .iter()
                    .map(|op| (op.operation_id, op.http_method, op.path)),
            );
        let mut count = 0;
        for (operation_id, method, template) in operations {
            let path = template
                .replace("{chatThreadId}", "19%3Aabc%40thread.v2")
                .replace("{chatMessageId}", "1749594020603")
                .replace("{id}", "8%3Aacs%3Ares_1")
                .replace("{tenantId}", "t")
                .replace("{objectId}", "o")
                .replace("{operationId}", "8540c0de-899f-5cce-acb5-3ec493af3800");
            let method: Method = method.parse().unwrap_or(Method::OPTIONS);
            match route(&method, &segments(&path)) {
                Matched::Route(route) => assert_eq!(route.operation_id(), operation_id, "{path}"),
                other => panic!("{method} {path} -> {other:?}"),
            }
            count += 1;
        }
        assert_eq!(count, 9 + 16 + 2);
    }

    #[test]
    fn ids_are_decoded() {
        let matched = route(
            &Method::POST,
            &segments("/chat/threads/19%3Aa%40thread.v2/participants/:add"),
        );
        assert_eq!(
            matched,
            Matched::Route(Route::ParticipantAdd {
                thread: "19:a@thread.v2".to_owned()
            })
        );
        let matched = route(
            &Method::GET,
            &segments("/chat/threads/19:a@thread.v2/messages/12"),
        );
        assert_eq!(
            matched,
            Matched::Route(Route::MessageGet {
                thread: "19:a@thread.v2".to_owned(),
                message: "12".to_owned()
            })
        );
    }

    #[test]
    fn unknown_paths_and_methods() {
        assert_eq!(route(&Method::GET, &segments("/nope")), Matched::NotFound);
        assert_eq!(
            route(&Method::PUT, &segments("/chat/threads/x/typing")),
            Matched::MethodNotAllowed(Service::Chat)
        );
        assert_eq!(
            route(&Method::GET, &segments("/identities")),
            Matched::MethodNotAllowed(Service::Identity)
        );
        assert_eq!(
            route(&Method::GET, &segments("/chat/threads/x/other")),
            Matched::NotFound
        );
    }

    #[test]
    fn allowed_methods_of_known_paths() {
        let allowed = |path: &str| allowed_methods(&segments(path));
        assert_eq!(allowed("/chat/threads"), ["GET", "POST"]);
        assert_eq!(allowed("/chat/threads/x"), ["GET", "PATCH", "DELETE"]);
        assert_eq!(
            allowed("/chat/threads/x/messages/1"),
            ["GET", "PATCH", "DELETE"]
        );
        assert_eq!(allowed("/chat/threads/x/typing"), ["POST"]);
        assert_eq!(allowed("/chat/threads/x/readReceipts"), ["GET", "POST"]);
        assert_eq!(allowed("/identities"), ["POST"]);
        assert_eq!(allowed("/identities/x"), ["DELETE"]);
        assert_eq!(
            allowed("/access/teamsExtension/tenants/t/assignments/o"),
            ["GET", "PUT", "DELETE"]
        );
        assert!(allowed("/nope").is_empty());
    }
}
