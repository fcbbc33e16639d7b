//! Checks that the embedded OpenAPI documents are valid, complete and consistently formatted.

use std::collections::BTreeSet;
use std::fmt;

use acs_specs::{
    CHAT_API_VERSION, CHAT_OPENAPI, DOCUMENTS, EMAIL_API_VERSION, EMAIL_OPENAPI,
    IDENTITY_API_VERSION, IDENTITY_OPENAPI, MANAGEMENT_API_VERSION, MANAGEMENT_OPENAPI,
    SpecDocument,
};
use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

const API_VERSION_REF: &str = "#/components/parameters/ApiVersion";
const ERROR_RESPONSE_REF: &str = "#/components/responses/Error";
const ERROR_SCHEMA_REF: &str = "#/components/schemas/CommunicationErrorResponse";
/// Email keeps the Azure common error model of its upstream Swagger.
const EMAIL_ERROR_SCHEMA_REF: &str = "#/components/schemas/ErrorResponse";

/// One expected operation: (operationId, method, path, success status codes).
type Row = (&'static str, &'static str, &'static str, &'static [u16]);

/// Every Identity operation.
const IDENTITY_OPERATIONS: &[Row] = &[
    ("IdentityOperations_Create", "POST", "/identities", &[201]),
    (
        "IdentityOperations_Delete",
        "DELETE",
        "/identities/{id}",
        &[204],
    ),
    (
        "IdentityOperations_IssueAccessToken",
        "POST",
        "/identities/{id}/:issueAccessToken",
        &[200],
    ),
    (
        "IdentityOperations_RevokeAccessTokens",
        "POST",
        "/identities/{id}/:revokeAccessTokens",
        &[204],
    ),
    (
        "TeamsUserOperations_ExchangeTeamsUserAccessToken",
        "POST",
        "/teamsUser/:exchangeAccessToken",
        &[200],
    ),
    (
        "TeamsExtensionOperations_ExchangeToken",
        "POST",
        "/access/teamsExtension/:exchangeAccessToken",
        &[200],
    ),
    (
        "TeamsExtensionOperations_GetAssignment",
        "GET",
        "/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}",
        &[200],
    ),
    (
        "TeamsExtensionOperations_UpsertAssignment",
        "PUT",
        "/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}",
        &[200, 201],
    ),
    (
        "TeamsExtensionOperations_DeleteAssignment",
        "DELETE",
        "/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}",
        &[204],
    ),
];

/// Every Chat operation.
const CHAT_OPERATIONS: &[Row] = &[
    ("Chat_CreateChatThread", "POST", "/chat/threads", &[201]),
    ("Chat_ListChatThreads", "GET", "/chat/threads", &[200]),
    (
        "Chat_DeleteChatThread",
        "DELETE",
        "/chat/threads/{chatThreadId}",
        &[204],
    ),
    (
        "ChatThread_GetChatThreadProperties",
        "GET",
        "/chat/threads/{chatThreadId}",
        &[200],
    ),
    (
        "ChatThread_UpdateChatThreadProperties",
        "PATCH",
        "/chat/threads/{chatThreadId}",
        &[204],
    ),
    (
        "ChatThread_SendChatMessage",
        "POST",
        "/chat/threads/{chatThreadId}/messages",
        &[201],
    ),
    (
        "ChatThread_ListChatMessages",
        "GET",
        "/chat/threads/{chatThreadId}/messages",
        &[200],
    ),
    (
        "ChatThread_GetChatMessage",
        "GET",
        "/chat/threads/{chatThreadId}/messages/{chatMessageId}",
        &[200],
    ),
    (
        "ChatThread_UpdateChatMessage",
        "PATCH",
        "/chat/threads/{chatThreadId}/messages/{chatMessageId}",
        &[204],
    ),
    (
        "ChatThread_DeleteChatMessage",
        "DELETE",
        "/chat/threads/{chatThreadId}/messages/{chatMessageId}",
        &[204],
    ),
    (
        "ChatThread_ListChatParticipants",
        "GET",
        "/chat/threads/{chatThreadId}/participants",
        &[200],
    ),
    (
        "ChatThread_AddChatParticipants",
        "POST",
        "/chat/threads/{chatThreadId}/participants/:add",
        &[201],
    ),
    (
        "ChatThread_RemoveChatParticipant",
        "POST",
        "/chat/threads/{chatThreadId}/participants/:remove",
        &[204],
    ),
    (
        "ChatThread_ListChatReadReceipts",
        "GET",
        "/chat/threads/{chatThreadId}/readReceipts",
        &[200],
    ),
    (
        "ChatThread_SendChatReadReceipt",
        "POST",
        "/chat/threads/{chatThreadId}/readReceipts",
        &[200],
    ),
    (
        "ChatThread_SendTypingNotification",
        "POST",
        "/chat/threads/{chatThreadId}/typing",
        &[200],
    ),
];

/// Every Email operation.
const EMAIL_OPERATIONS: &[Row] = &[
    ("Email_Send", "POST", "/emails:send", &[202]),
    (
        "Email_GetSendResult",
        "GET",
        "/emails/operations/{operationId}",
        &[200],
    ),
];

/// Every Management (ARM) operation.
const MANAGEMENT_OPERATIONS: &[Row] = &[
    (
        "Operations_List",
        "GET",
        "/providers/Microsoft.Communication/operations",
        &[200],
    ),
    (
        "CommunicationServices_CheckNameAvailability",
        "POST",
        "/subscriptions/{subscriptionId}/providers/Microsoft.Communication/checkNameAvailability",
        &[200],
    ),
    (
        "CommunicationServices_LinkNotificationHub",
        "POST",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}/linkNotificationHub",
        &[200],
    ),
    (
        "CommunicationServices_ListBySubscription",
        "GET",
        "/subscriptions/{subscriptionId}/providers/Microsoft.Communication/communicationServices",
        &[200],
    ),
    (
        "CommunicationServices_ListByResourceGroup",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices",
        &[200],
    ),
    (
        "CommunicationServices_Update",
        "PATCH",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}",
        &[200],
    ),
    (
        "CommunicationServices_Get",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}",
        &[200],
    ),
    (
        "CommunicationServices_CreateOrUpdate",
        "PUT",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}",
        &[200, 201],
    ),
    (
        "CommunicationServices_Delete",
        "DELETE",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}",
        &[200, 202, 204],
    ),
    (
        "CommunicationServices_ListKeys",
        "POST",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}/listKeys",
        &[200],
    ),
    (
        "CommunicationServices_RegenerateKey",
        "POST",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}/regenerateKey",
        &[200],
    ),
    (
        "EmailServices_Get",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}",
        &[200],
    ),
    (
        "EmailServices_CreateOrUpdate",
        "PUT",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}",
        &[200, 201],
    ),
    (
        "EmailServices_Delete",
        "DELETE",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}",
        &[200, 202, 204],
    ),
    (
        "EmailServices_Update",
        "PATCH",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}",
        &[200, 201],
    ),
    (
        "EmailServices_ListBySubscription",
        "GET",
        "/subscriptions/{subscriptionId}/providers/Microsoft.Communication/emailServices",
        &[200],
    ),
    (
        "EmailServices_ListByResourceGroup",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices",
        &[200],
    ),
    (
        "EmailServices_ListVerifiedExchangeOnlineDomains",
        "POST",
        "/subscriptions/{subscriptionId}/providers/Microsoft.Communication/listVerifiedExchangeOnlineDomains",
        &[200],
    ),
    (
        "Domains_Get",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}",
        &[200],
    ),
    (
        "Domains_CreateOrUpdate",
        "PUT",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}",
        &[200, 201],
    ),
    (
        "Domains_Delete",
        "DELETE",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}",
        &[200, 202, 204],
    ),
    (
        "Domains_Update",
        "PATCH",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}",
        &[200, 201],
    ),
    (
        "Domains_ListByEmailServiceResource",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains",
        &[200],
    ),
    (
        "Domains_InitiateVerification",
        "POST",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}/initiateVerification",
        &[202],
    ),
    (
        "Domains_CancelVerification",
        "POST",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}/cancelVerification",
        &[202],
    ),
    (
        "SenderUsernames_ListByDomains",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}/senderUsernames",
        &[200],
    ),
    (
        "SenderUsernames_Get",
        "GET",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}/senderUsernames/{senderUsername}",
        &[200],
    ),
    (
        "SenderUsernames_CreateOrUpdate",
        "PUT",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}/senderUsernames/{senderUsername}",
        &[200, 201],
    ),
    (
        "SenderUsernames_Delete",
        "DELETE",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}/senderUsernames/{senderUsername}",
        &[200, 204],
    ),
];

const PAGEABLE: &[&str] = &[
    "Operations_List",
    "CommunicationServices_ListBySubscription",
    "CommunicationServices_ListByResourceGroup",
    "EmailServices_ListBySubscription",
    "EmailServices_ListByResourceGroup",
    "Domains_ListByEmailServiceResource",
    "SenderUsernames_ListByDomains",
    "Chat_ListChatThreads",
    "ChatThread_ListChatMessages",
    "ChatThread_ListChatParticipants",
    "ChatThread_ListChatReadReceipts",
];

const MERGE_PATCH: &[&str] = &[
    "ChatThread_UpdateChatThreadProperties",
    "ChatThread_UpdateChatMessage",
];

const OPTIONAL_BODIES: &[&str] = &[
    "IdentityOperations_Create",
    "ChatThread_SendTypingNotification",
    "CommunicationServices_LinkNotificationHub",
];

fn parse(doc: &SpecDocument) -> OpenAPI {
    serde_json::from_str(doc.text)
        .unwrap_or_else(|e| panic!("{} is not an OpenAPI 3 document: {e}", doc.file_name))
}

fn value(doc: &SpecDocument) -> Value {
    serde_json::from_str(doc.text).expect("valid JSON")
}

fn operations(api: &OpenAPI) -> Vec<(&str, String, &str, &Operation)> {
    api.operations()
        .map(|(path, method, op)| {
            let id = op
                .operation_id
                .as_deref()
                .expect("every operation has an operationId");
            (id, method.to_uppercase(), path, op)
        })
        .collect()
}

fn expected_table(doc: &SpecDocument) -> &'static [Row] {
    match doc.service {
        "identity" => IDENTITY_OPERATIONS,
        "chat" => CHAT_OPERATIONS,
        "email" => EMAIL_OPERATIONS,
        "management" => MANAGEMENT_OPERATIONS,
        other => panic!("unknown service {other}"),
    }
}

#[test]
fn documents_are_listed_identity_then_chat_then_email() {
    assert_eq!(DOCUMENTS.len(), 4);
    assert_eq!(DOCUMENTS[0].service, "identity");
    assert_eq!(DOCUMENTS[0].text, IDENTITY_OPENAPI);
    assert_eq!(DOCUMENTS[0].api_version, IDENTITY_API_VERSION);
    assert_eq!(DOCUMENTS[1].service, "chat");
    assert_eq!(DOCUMENTS[1].text, CHAT_OPENAPI);
    assert_eq!(DOCUMENTS[1].api_version, CHAT_API_VERSION);
    assert_eq!(DOCUMENTS[2].service, "email");
    assert_eq!(DOCUMENTS[2].text, EMAIL_OPENAPI);
    assert_eq!(DOCUMENTS[2].api_version, EMAIL_API_VERSION);
    assert_eq!(DOCUMENTS[3].service, "management");
    assert_eq!(DOCUMENTS[3].text, MANAGEMENT_OPENAPI);
    assert_eq!(DOCUMENTS[3].api_version, MANAGEMENT_API_VERSION);
}

#[test]
fn documents_match_their_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi");
    for doc in DOCUMENTS {
        assert_eq!(
            doc.file_name,
            format!("{}-{}.json", doc.service, doc.api_version)
        );
        let on_disk = std::fs::read_to_string(dir.join(doc.file_name)).expect("file exists");
        assert_eq!(on_disk, doc.text, "{}", doc.file_name);
    }
}

#[test]
fn documents_parse_as_openapi_3_0_3_with_the_right_version() {
    for doc in DOCUMENTS {
        let api = parse(doc);
        assert_eq!(api.openapi, "3.0.3", "{}", doc.file_name);
        assert_eq!(api.info.version, doc.api_version, "{}", doc.file_name);
        assert!(api.info.title.starts_with("Azure Communication Services "));
        assert_eq!(api.servers.len(), 1);
        assert_eq!(api.servers[0].url, "{endpoint}");
        let endpoint = &api.servers[0].variables.as_ref().expect("server variables")["endpoint"];
        let default = if doc.service == "management" {
            "https://management.azure.com"
        } else {
            "https://contoso.communication.azure.com"
        };
        assert_eq!(endpoint.default, default, "{}", doc.file_name);
    }
}

#[test]
fn operations_match_the_expected_table() {
    for doc in DOCUMENTS {
        let api = parse(doc);
        let mut actual: Vec<_> = operations(&api)
            .into_iter()
            .map(|(id, method, path, op)| {
                let mut success: Vec<u16> = op
                    .responses
                    .responses
                    .keys()
                    .filter_map(|code| match code {
                        StatusCode::Code(c @ 200..=299) => Some(*c),
                        _ => None,
                    })
                    .collect();
                success.sort_unstable();
                (id.to_owned(), method, path.to_owned(), success)
            })
            .collect();
        actual.sort();
        let mut expected: Vec<_> = expected_table(doc)
            .iter()
            .map(|(id, method, path, success)| {
                (
                    (*id).to_owned(),
                    (*method).to_owned(),
                    (*path).to_owned(),
                    success.to_vec(),
                )
            })
            .collect();
        expected.sort();
        assert_eq!(actual, expected, "{}", doc.file_name);
    }
    assert_eq!(IDENTITY_OPERATIONS.len(), 9);
    assert_eq!(CHAT_OPERATIONS.len(), 16);
    assert_eq!(EMAIL_OPERATIONS.len(), 2);
    assert_eq!(MANAGEMENT_OPERATIONS.len(), 29);
}

#[test]
fn api_version_parameter_is_shared_and_used_everywhere() {
    for doc in DOCUMENTS {
        let api = parse(doc);
        let components = api.components.as_ref().expect("components");
        let param = components.parameters["ApiVersion"]
            .as_item()
            .expect("ApiVersion is defined inline");
        let data = param.parameter_data_ref();
        assert_eq!(data.name, "api-version");
        assert!(data.required);
        assert!(matches!(param, openapiv3::Parameter::Query { .. }));
        let json = value(doc);
        let schema = &json["components"]["parameters"]["ApiVersion"]["schema"];
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["minLength"], 1);

        for (id, _, _, op) in operations(&api) {
            let refs = op
                .parameters
                .iter()
                .filter(|p| matches!(p, ReferenceOr::Reference { reference } if reference == API_VERSION_REF))
                .count();
            assert_eq!(
                refs, 1,
                "{id} must reference the api-version parameter once"
            );
        }
    }
}

#[test]
fn request_body_media_types_and_requiredness() {
    for doc in DOCUMENTS {
        let api = parse(doc);
        for (id, _, _, op) in operations(&api) {
            let Some(body) = &op.request_body else {
                continue;
            };
            let body = body.as_item().expect("request bodies are inline");
            let media: Vec<&str> = body.content.keys().map(String::as_str).collect();
            if MERGE_PATCH.contains(&id) {
                assert_eq!(media, ["application/merge-patch+json"], "{id}");
            } else {
                assert_eq!(media, ["application/json"], "{id}");
            }
            assert_eq!(body.required, !OPTIONAL_BODIES.contains(&id), "{id}");
        }
    }
    let chat = parse(&DOCUMENTS[1]);
    for id in MERGE_PATCH {
        let (_, method, _, op) = operations(&chat)
            .into_iter()
            .find(|(i, ..)| i == id)
            .expect("operation exists");
        assert_eq!(method, "PATCH");
        assert!(op.request_body.is_some(), "{id} has a body");
    }
}

#[test]
fn every_operation_has_error_responses() {
    for doc in DOCUMENTS {
        let api = parse(doc);
        let json = value(doc);
        assert_eq!(
            json["components"]["responses"]["Error"]["content"]["application/json"]["schema"]["$ref"],
            if doc.service == "email" || doc.service == "management" {
                EMAIL_ERROR_SCHEMA_REF
            } else {
                ERROR_SCHEMA_REF
            }
        );
        for (id, _, _, op) in operations(&api) {
            let is_error_ref = |r: &ReferenceOr<openapiv3::Response>| matches!(r, ReferenceOr::Reference { reference } if reference == ERROR_RESPONSE_REF);
            let default = op.responses.default.as_ref();
            assert!(
                default.is_some_and(is_error_ref),
                "{id}: default error response"
            );
            let codes: BTreeSet<u16> = op
                .responses
                .responses
                .iter()
                .filter_map(|(code, response)| match code {
                    StatusCode::Code(c) if *c >= 400 => {
                        assert!(is_error_ref(response), "{id}: {c} must be the shared error");
                        Some(*c)
                    }
                    _ => None,
                })
                .collect();
            let expected: BTreeSet<u16> = match doc.service {
                "chat" => [401, 403, 429, 503].into(),
                _ => BTreeSet::new(),
            };
            assert_eq!(codes, expected, "{id}");
        }
    }
}

#[test]
fn exactly_the_list_operations_are_pageable() {
    for doc in DOCUMENTS {
        let api = parse(doc);
        for (id, method, _, op) in operations(&api) {
            match op.extensions.get("x-acs-pageable") {
                Some(ext) => {
                    assert!(PAGEABLE.contains(&id), "{id} should not be pageable");
                    assert_eq!(method, "GET");
                    assert_eq!(
                        *ext,
                        serde_json::json!({"itemName": "value", "nextLinkName": "nextLink"})
                    );
                }
                None => assert!(!PAGEABLE.contains(&id), "{id} should be pageable"),
            }
        }
    }
}

#[test]
fn every_operation_is_documented() {
    for doc in DOCUMENTS {
        let api = parse(doc);
        for (id, _, _, op) in operations(&api) {
            assert!(op.summary.as_deref().is_some_and(|s| !s.is_empty()), "{id}");
            assert!(
                op.description.as_deref().is_some_and(|s| !s.is_empty()),
                "{id}"
            );
            assert_eq!(op.tags.len(), 1, "{id}");
            for p in &op.parameters {
                if let ReferenceOr::Item(p) = p {
                    let data = p.parameter_data_ref();
                    assert!(data.description.is_some(), "{id}: parameter {}", data.name);
                }
            }
        }
    }
}

#[test]
fn create_chat_thread_accepts_a_repeatability_request_id() {
    let json = value(&DOCUMENTS[1]);
    let params = json["paths"]["/chat/threads"]["post"]["parameters"]
        .as_array()
        .expect("parameters");
    let header = params
        .iter()
        .find(|p| p["name"] == "repeatability-request-id")
        .expect("header declared");
    assert_eq!(header["in"], "header");
    assert_eq!(header["required"], false);
    assert_eq!(header["schema"]["type"], "string");
}

#[test]
fn email_send_is_a_long_running_operation_with_a_client_chosen_id() {
    let json = value(&DOCUMENTS[2]);
    let send = &json["paths"]["/emails:send"]["post"];
    let params = send["parameters"].as_array().expect("parameters");
    let header = params
        .iter()
        .find(|p| p["name"] == "Operation-Id")
        .expect("Operation-Id declared");
    assert_eq!(header["in"], "header");
    assert_eq!(header["required"], false);
    assert_eq!(header["schema"]["format"], "uuid");
    let accepted = &send["responses"]["202"]["headers"];
    assert_eq!(accepted["Operation-Location"]["schema"]["type"], "string");
    assert_eq!(accepted["retry-after"]["schema"]["type"], "integer");
    assert_eq!(
        send["x-acs-long-running-operation"],
        serde_json::json!({"finalStateVia": "operation-location"})
    );
    let status = &json["paths"]["/emails/operations/{operationId}"]["get"]["responses"]["200"];
    assert_eq!(
        status["headers"]["retry-after"]["schema"]["type"],
        "integer"
    );
    let attachment = &json["components"]["schemas"]["EmailAttachment"]["properties"];
    assert_eq!(attachment["contentInBase64"]["format"], "byte");
    assert_eq!(attachment["contentId"]["type"], "string");
    assert_eq!(
        json["components"]["schemas"]["EmailSendStatus"]["enum"],
        serde_json::json!(["NotStarted", "Running", "Succeeded", "Failed", "Canceled"])
    );
}

/// Calls `f` with every JSON object in `value`, depth first.
fn walk<'a>(value: &'a Value, f: &mut impl FnMut(&'a serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            f(map);
            map.values().for_each(|v| walk(v, f));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, f)),
        _ => {}
    }
}

#[test]
fn every_ref_resolves_inside_the_document() {
    for doc in DOCUMENTS {
        let json = value(doc);
        let mut refs = BTreeSet::new();
        walk(&json, &mut |map| {
            if let Some(Value::String(r)) = map.get("$ref") {
                refs.insert(r.clone());
            }
            if let Some(mapping) = map.get("discriminator").and_then(|d| d.get("mapping")) {
                for target in mapping.as_object().expect("mapping is an object").values() {
                    refs.insert(
                        target
                            .as_str()
                            .expect("mapping targets are strings")
                            .to_owned(),
                    );
                }
            }
        });
        assert!(!refs.is_empty());
        for r in refs {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{}: external reference {r}", doc.file_name));
            assert!(
                json.pointer(pointer).is_some(),
                "{}: dangling {r}",
                doc.file_name
            );
        }
    }
}

#[test]
fn extensible_enums_list_their_known_values() {
    for doc in DOCUMENTS {
        let json = value(doc);
        let mut extensible = 0;
        walk(&json, &mut |map| {
            if map.get("x-acs-extensible").is_some() {
                extensible += 1;
                assert_eq!(map.get("x-acs-extensible"), Some(&Value::Bool(true)));
                assert_eq!(map.get("type"), Some(&Value::from("string")));
                let values = map.get("enum").and_then(Value::as_array);
                assert!(values.is_some_and(|v| !v.is_empty()), "{map:?} has no enum");
                if let Some(names) = map.get("x-acs-enum-names") {
                    let names = names.as_array().expect("names are an array");
                    assert_eq!(names.len(), values.map_or(0, Vec::len));
                }
            }
            if map.contains_key("enum") {
                assert!(map.contains_key("x-acs-extensible"), "closed enum {map:?}");
            }
            assert!(!map.contains_key("nullable"), "nullable is not used");
        });
        assert!(extensible > 0);
    }
    let identity = value(&DOCUMENTS[0]);
    assert_eq!(
        identity["components"]["schemas"]["CommunicationIdentityTokenScope"]["x-acs-enum-names"],
        serde_json::json!(["chat", "voip", "chatJoin", "chatJoinLimited", "voipJoin"])
    );
}

#[test]
fn response_only_fields_are_read_only() {
    let read_only = |json: &Value, schema: &str, property: &str| {
        let p = &json["components"]["schemas"][schema]["properties"][property];
        assert_eq!(p["readOnly"], true, "{schema}.{property}");
    };
    for doc in DOCUMENTS {
        let json = value(doc);
        if doc.service == "email" || doc.service == "management" {
            for property in ["code", "message", "target", "details", "additionalInfo"] {
                read_only(&json, "ErrorDetail", property);
            }
            continue;
        }
        for property in ["target", "details", "innererror"] {
            read_only(&json, "CommunicationError", property);
        }
    }
    let chat = value(&DOCUMENTS[1]);
    for schema in [
        "ChatThreadsItemCollection",
        "ChatMessagesCollection",
        "ChatParticipantsCollection",
        "ChatMessageReadReceiptsCollection",
    ] {
        read_only(&chat, schema, "nextLink");
    }
    read_only(&chat, "CreateChatThreadResult", "invalidParticipants");
    read_only(&chat, "AddChatParticipantsResult", "invalidParticipants");
    read_only(&chat, "ChatThreadItem", "lastMessageReceivedOn");
}

/// A JSON value that keeps object keys in document order, so that re-serialising it reproduces the
/// file byte for byte when the file is formatted like `serde_json::to_string_pretty`.
enum Ordered {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;

        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Ordered;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Ordered, E> {
                serde_json::Number::from_f64(v)
                    .map(Ordered::Number)
                    .ok_or_else(|| E::custom("non-finite number"))
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Ordered, E> {
                Ok(Ordered::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries: Vec<(String, Ordered)> = Vec::new();
                while let Some((key, item)) = map.next_entry::<String, Ordered>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate key {key:?}")));
                    }
                    entries.push((key, item));
                }
                Ok(Ordered::Object(entries))
            }
        }

        deserializer.deserialize_any(OrderedVisitor)
    }
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Ordered::Null => serializer.serialize_unit(),
            Ordered::Bool(b) => serializer.serialize_bool(*b),
            Ordered::Number(n) => n.serialize(serializer),
            Ordered::String(s) => serializer.serialize_str(s),
            Ordered::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Ordered::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, item) in entries {
                    map.serialize_entry(key, item)?;
                }
                map.end()
            }
        }
    }
}

#[test]
fn files_are_pretty_printed_with_two_spaces_and_end_with_a_newline() {
    for doc in DOCUMENTS {
        let text = doc.text;
        assert!(text.ends_with("}\n"), "{}", doc.file_name);
        assert!(!text.ends_with("\n\n"), "{}", doc.file_name);
        assert!(
            !text.contains('\r') && !text.contains('\t'),
            "{}",
            doc.file_name
        );
        let ordered: Ordered =
            serde_json::from_str(text).expect("valid JSON without duplicate keys");
        let reprinted = serde_json::to_string_pretty(&ordered).expect("serialises");
        assert!(
            reprinted + "\n" == text,
            "{} is not formatted like serde_json::to_string_pretty (2-space indent)",
            doc.file_name
        );
    }
}
