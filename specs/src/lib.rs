//! The OpenAPI 3.0.3 documents from which acs-rs generates its Azure Communication Services
//! REST clients.
//!
//! Three client documents live in `specs/openapi/` and are embedded in this crate as text:
//!
//! | service  | file                          | api-version    | operations |
//! |----------|-------------------------------|----------------|------------|
//! | Identity | `identity-2026-09-23.json`    | `2026-09-23`   | 9          |
//! | Chat     | `chat-2025-03-15.json`        | `2025-03-15`   | 16         |
//! | Email    | `email-2025-09-01.json`       | `2025-09-01`   | 2          |
//!
//! A fourth, `events-2018-01-01.json` ([`EVENTS_OPENAPI`], in [`MODEL_DOCUMENTS`]), has no
//! operations: it describes the events the service publishes through Event Grid, from which the
//! wire types of `acs-events-model` are generated.
//!
//! They are written for acs-rs (the descriptions are our own) and describe what travels on the
//! wire: the operation ids, methods, paths, parameters, status codes and model property names are
//! those of the public Azure REST API for that api-version, so the generated clients talk to the
//! real service unchanged.
//!
//! # Conventions
//!
//! - **Self-contained.** Every `$ref` points inside the same document; the identifier and error
//!   models that the Azure specs share between services are copied into each document that uses
//!   them. Model names are the Azure ones (`ChatMessage`, `CommunicationIdentifierModel`, ...).
//! - **Host.** A single server `{endpoint}`, whose variable holds the whole resource URL including
//!   the scheme (`https://contoso.communication.azure.com`); it is not URL-encoded.
//! - **api-version.** Every operation references the shared required query parameter
//!   `#/components/parameters/ApiVersion`.
//! - **Errors.** Error responses reference `#/components/responses/Error`, whose JSON body is
//!   `CommunicationErrorResponse` (`{"error": {"code", "message", ...}}`; the nested field is
//!   spelled `innererror` on the wire). Identity declares only `default`; Chat declares `401`,
//!   `403`, `429`, `503` and `default`. Email, like its upstream Swagger, uses the Azure common
//!   `ErrorResponse` (`{"error": ErrorDetail}`, with `details` and `additionalInfo` instead of
//!   `innererror`) and declares only `default`.
//! - **Path literals.** Action segments such as `/identities/{id}/:issueAccessToken` and
//!   `/chat/threads/{chatThreadId}/participants/:add` keep their colon.
//! - **Merge patch.** The two Chat `PATCH` operations accept only
//!   `application/merge-patch+json`; every other body is `application/json`.
//! - **`readOnly`.** Fields the service only ever sends (`nextLink`, `invalidParticipants`,
//!   `lastMessageReceivedOn`, the error's `target`, `details` and `innererror`) are `readOnly`.
//!   Where such a field, or any described field, points at a named schema, the reference is
//!   wrapped in a one-element `allOf` because OpenAPI 3.0 ignores the siblings of `$ref`.
//! - **Polymorphism.** `ChatRetentionPolicy` is the only discriminated type (`kind`:
//!   `threadCreationDate` or `none`). `CommunicationIdentifierModel` is a plain object in which
//!   at most one of the identifier properties is set; it is not a tagged union.
//!
//! # Extensions
//!
//! The documents use four vendor extensions of their own:
//!
//! - `x-acs-extensible: true` on a string schema with an `enum`: the enum is **open**. The listed
//!   values are the known ones, but the service may send others, and a client must deserialize
//!   unknown values (and let callers send them) instead of failing.
//! - `x-acs-enum-names: [...]` next to `enum`: identifier-friendly names for the values, in the
//!   same order (for example `chat.join.limited` is named `chatJoinLimited`).
//! - `x-acs-pageable: {"itemName": "value", "nextLinkName": "nextLink"}` on an operation: the
//!   response is one page. Its items are in `itemName`; when `nextLinkName` is present it is an
//!   absolute URL (possibly on another host, already carrying `api-version` and the continuation
//!   state) to fetch with a plain `GET` and the same credentials. The last page has no next link.
//! - `x-acs-long-running-operation: {"finalStateVia": "operation-location"}` on an operation
//!   (Email's `Email_Send`): the response starts an operation whose status is fetched with a plain
//!   `GET` of the absolute URL in the `Operation-Location` response header, waiting `retry-after`
//!   seconds between polls, until the status is terminal.
//!
//! The events document adds one more: `x-acs-upstream-differs: "<why>"` on a property whose
//! type knowingly differs from the upstream Swagger (the service sends something else than it
//! documents); `cargo xtask spec-diff` reports such a difference as a note, with the reason.
//!
//! # Example
//!
//! ```
//! for doc in acs_specs::DOCUMENTS {
//!     assert!(doc.text.contains("\"openapi\": \"3.0.3\""));
//!     assert!(doc.file_name.starts_with(doc.service));
//!     assert!(doc.file_name.contains(doc.api_version));
//! }
//! ```

#![forbid(unsafe_code)]

/// The Identity OpenAPI document (`openapi/identity-2026-09-23.json`) as JSON text.
///
/// It declares two security schemes: `hmac` (access-key HMAC-SHA256 request signing) and
/// `entra` (an Entra ID bearer token for `https://communication.azure.com//.default`).
///
/// ```
/// assert!(acs_specs::IDENTITY_OPENAPI.contains("\"operationId\": \"IdentityOperations_Create\""));
/// assert!(acs_specs::IDENTITY_OPENAPI.ends_with('\n'));
/// ```
pub const IDENTITY_OPENAPI: &str = include_str!("../openapi/identity-2026-09-23.json");

/// The api-version described by [`IDENTITY_OPENAPI`].
///
/// ```
/// assert!(acs_specs::IDENTITY_OPENAPI.contains(acs_specs::IDENTITY_API_VERSION));
/// ```
pub const IDENTITY_API_VERSION: &str = "2026-09-23";

/// The previous stable Identity api-version, still accepted by the service.
///
/// At this version only the five core operations exist (create and delete an identity, issue and
/// revoke access tokens, exchange a Teams user token), with the same paths, bodies and responses
/// as in [`IDENTITY_API_VERSION`]; the Teams Phone (`/access/teamsExtension/...`) operations do
/// not.
///
/// ```
/// assert!(acs_specs::IDENTITY_LEGACY_API_VERSION < acs_specs::IDENTITY_API_VERSION);
/// ```
pub const IDENTITY_LEGACY_API_VERSION: &str = "2023-10-01";

/// The Chat OpenAPI document (`openapi/chat-2025-03-15.json`) as JSON text.
///
/// Its only security scheme is `userToken`: `Authorization: Bearer <ACS user access token>`.
///
/// ```
/// assert!(acs_specs::CHAT_OPENAPI.contains("\"operationId\": \"Chat_CreateChatThread\""));
/// assert!(acs_specs::CHAT_OPENAPI.ends_with('\n'));
/// ```
pub const CHAT_OPENAPI: &str = include_str!("../openapi/chat-2025-03-15.json");

/// The api-version described by [`CHAT_OPENAPI`].
///
/// ```
/// assert!(acs_specs::CHAT_OPENAPI.contains(acs_specs::CHAT_API_VERSION));
/// ```
pub const CHAT_API_VERSION: &str = "2025-03-15";

/// The previous stable Chat api-version.
///
/// It has the same operations, paths and status codes as [`CHAT_API_VERSION`], but no thread or
/// participant metadata, no retention policy, and identifiers without the Teams Phone extension
/// user and the phone number anonymity fields.
///
/// ```
/// assert!(acs_specs::CHAT_LEGACY_API_VERSION < acs_specs::CHAT_API_VERSION);
/// ```
pub const CHAT_LEGACY_API_VERSION: &str = "2024-03-07";

/// The Email OpenAPI document (`openapi/email-2025-09-01.json`) as JSON text.
///
/// It declares the same two security schemes as Identity: `hmac` and `entra`.
///
/// ```
/// assert!(acs_specs::EMAIL_OPENAPI.contains("\"operationId\": \"Email_Send\""));
/// assert!(acs_specs::EMAIL_OPENAPI.ends_with('\n'));
/// ```
pub const EMAIL_OPENAPI: &str = include_str!("../openapi/email-2025-09-01.json");

/// The api-version described by [`EMAIL_OPENAPI`].
///
/// ```
/// assert!(acs_specs::EMAIL_OPENAPI.contains(acs_specs::EMAIL_API_VERSION));
/// ```
pub const EMAIL_API_VERSION: &str = "2025-09-01";

/// The previous stable Email api-version.
///
/// It has the same two operations, paths, headers and status codes as [`EMAIL_API_VERSION`]; its
/// attachments have no `contentId`, so it has no inline attachments.
///
/// ```
/// assert!(acs_specs::EMAIL_LEGACY_API_VERSION < acs_specs::EMAIL_API_VERSION);
/// ```
pub const EMAIL_LEGACY_API_VERSION: &str = "2023-03-31";

/// One embedded OpenAPI document and what it describes.
///
/// ```
/// let chat = acs_specs::DOCUMENTS.iter().find(|d| d.service == "chat").unwrap();
/// assert_eq!(chat.file_name, "chat-2025-03-15.json");
/// assert_eq!(chat.api_version, acs_specs::CHAT_API_VERSION);
/// assert_eq!(chat.text, acs_specs::CHAT_OPENAPI);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecDocument {
    /// The service the document describes: `"identity"`, `"chat"`, `"email"` or `"events"`.
    pub service: &'static str,
    /// The file name under `specs/openapi/`, for example `"identity-2026-09-23.json"`.
    pub file_name: &'static str,
    /// The api-version the document describes (its `info.version`).
    pub api_version: &'static str,
    /// The JSON text of the document.
    pub text: &'static str,
}

/// Every embedded document: Identity first, then Chat, then Email.
///
/// ```
/// let services: Vec<_> = acs_specs::DOCUMENTS.iter().map(|d| d.service).collect();
/// assert_eq!(services, ["identity", "chat", "email"]);
/// ```
pub const DOCUMENTS: &[SpecDocument] = &[
    SpecDocument {
        service: "identity",
        file_name: "identity-2026-09-23.json",
        api_version: IDENTITY_API_VERSION,
        text: IDENTITY_OPENAPI,
    },
    SpecDocument {
        service: "chat",
        file_name: "chat-2025-03-15.json",
        api_version: CHAT_API_VERSION,
        text: CHAT_OPENAPI,
    },
    SpecDocument {
        service: "email",
        file_name: "email-2025-09-01.json",
        api_version: EMAIL_API_VERSION,
        text: EMAIL_OPENAPI,
    },
];

/// The events OpenAPI document (`openapi/events-2018-01-01.json`) as JSON text.
///
/// A components-only document (no operations): the `data` of every Chat and Email event and of
/// `UserDisconnected` that Azure Communication Services publishes through Event Grid, the Event
/// Grid and CloudEvents envelopes, and the webhook subscription validation handshake. Schema
/// names are those of the Event Grid system events (`AcsChatMessageReceivedInThreadEventData`,
/// ...); each event schema lists its properties flat (the upstream base schemas are merged in).
///
/// ```
/// assert!(acs_specs::EVENTS_OPENAPI.contains("\"AcsChatMessageReceivedInThreadEventData\""));
/// assert!(acs_specs::EVENTS_OPENAPI.contains("\"paths\": {}"));
/// ```
pub const EVENTS_OPENAPI: &str = include_str!("../openapi/events-2018-01-01.json");

/// The version of the event schemas described by [`EVENTS_OPENAPI`] (the Event Grid
/// `Microsoft.Communication` system events).
///
/// ```
/// assert!(acs_specs::EVENTS_OPENAPI.contains(acs_specs::EVENTS_API_VERSION));
/// ```
pub const EVENTS_API_VERSION: &str = "2018-01-01";

/// Every embedded components-only document, from which only wire types are generated (no
/// client): the events.
///
/// ```
/// let events = &acs_specs::MODEL_DOCUMENTS[0];
/// assert_eq!(events.service, "events");
/// assert_eq!(events.text, acs_specs::EVENTS_OPENAPI);
/// assert!(events.file_name.contains(events.api_version));
/// ```
pub const MODEL_DOCUMENTS: &[SpecDocument] = &[SpecDocument {
    service: "events",
    file_name: "events-2018-01-01.json",
    api_version: EVENTS_API_VERSION,
    text: EVENTS_OPENAPI,
}];
