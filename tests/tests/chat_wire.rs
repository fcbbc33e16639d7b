//! Wire snapshots of `acs-chat`: the exact request of every operation and every option, as the
//! service receives it (method, path and query, headers that matter, body).
//!
//! The token is a fixed JWT with a far-future expiry, so the `Authorization` header is pinned;
//! generated ids are shown as `<uuid-v4>` after their form is checked.

use std::collections::HashMap;

use acs_chat::models::{
    ChatMessageType, ChatMessageUpdate, ChatParticipant, ChatThreadPropertiesUpdate,
    CommunicationCloudEnvironment, CommunicationIdentifier, CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    RetentionPolicy, TeamsExtensionUserIdentifier, UnknownIdentifier,
};
use acs_chat::options::{
    ChatApiVersion, ChatClientCreateChatThreadOptions, ChatClientListChatThreadsOptions,
    ChatThreadClientListMessagesOptions, ChatThreadClientListParticipantsOptions,
    ChatThreadClientListReadReceiptsOptions, ChatThreadClientSendMessageOptions,
    ChatThreadClientSendTypingNotificationOptions,
};
use acs_chat::{ChatClient, ChatClientOptions, ChatThreadClient, CommunicationTokenCredential};
use acs_integration_tests::{FIXED_REPEATABILITY_ID, render_request};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeZone as _, Utc};
use futures::TryStreamExt as _;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The thread every thread operation uses: its id has a `:` and an `@`, which go on the wire
/// percent-encoded.
const THREAD_ID: &str = "19:acsV1_b8vVc3Q0Ukp5ZWdfN2Yx@thread.v2";
const USER_2: &str =
    "8:acs:1b5cc06b-f352-4571-b1e6-d9b259b7c776_00000025-2b47-4f3a-8d4b-6b3a0d1e0002";

/// A user token: an unsigned JWT that expires in 2100, made here so the snapshot pins it.
fn token() -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD
        .encode(br#"{"skypeid":"acs:1b5cc06b_00000025-0001","scp":1792,"exp":4102444800}"#);
    format!("{header}.{payload}.c2lnbmF0dXJl")
}

/// Answers every chat operation the way the service does, so each call succeeds.
struct ChatService;

const THREAD: &str = r#"{"id":"19:acsV1_b8vVc3Q0Ukp5ZWdfN2Yx@thread.v2","topic":"Launch review",
    "createdOn":"2025-06-10T22:20:18Z",
    "createdByCommunicationIdentifier":{"rawId":"8:acs:r_u1","communicationUser":{"id":"8:acs:r_u1"}},
    "retentionPolicy":{"kind":"none"}}"#;

impl Respond for ChatService {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let json = |status: u16, body: String| {
            ResponseTemplate::new(status).set_body_raw(body, "application/json")
        };
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("POST", ["chat", "threads"]) => json(201, format!(r#"{{"chatThread":{THREAD}}}"#)),
            ("GET", ["chat", "threads"])
            | ("GET", ["chat", "threads", _, "messages" | "participants" | "readReceipts"]) => {
                json(200, r#"{"value":[]}"#.to_owned())
            }
            ("GET", ["chat", "threads", _]) => json(200, THREAD.to_owned()),
            ("POST", ["chat", "threads", _, "messages"]) => json(201, r#"{"id":"1749594018000"}"#.to_owned()),
            ("GET", ["chat", "threads", _, "messages", _]) => json(
                200,
                r#"{"id":"1749594018000","type":"text","sequenceId":"3","version":"1749594018000",
                    "createdOn":"2025-06-10T22:20:18Z","content":{"message":"Hello","attachments":[]},
                    "senderDisplayName":"","senderCommunicationIdentifier":{"rawId":"8:acs:r_u1","communicationUser":{"id":"8:acs:r_u1"}}}"#
                    .to_owned(),
            ),
            ("POST", ["chat", "threads", _, "participants", ":add"]) => json(201, "{}".to_owned()),
            ("POST", ["chat", "threads", _, "readReceipts" | "typing"]) => ResponseTemplate::new(200),
            ("DELETE" | "PATCH", _) | ("POST", ["chat", "threads", _, "participants", ":remove"]) => {
                ResponseTemplate::new(204)
            }
            _ => ResponseTemplate::new(418).set_body_string(format!("no mock for {path}")),
        }
    }
}

async fn start_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ChatService)
        .mount(&server)
        .await;
    server
}

fn client_with(server: &MockServer, options: ChatClientOptions) -> ChatClient {
    let credential = CommunicationTokenCredential::from_token(token()).expect("a valid token");
    ChatClient::new(&server.uri(), credential, Some(options)).expect("a valid endpoint")
}

fn client(server: &MockServer) -> ChatClient {
    client_with(server, ChatClientOptions::default())
}

fn thread(server: &MockServer) -> ChatThreadClient {
    client(server)
        .chat_thread_client(THREAD_ID)
        .expect("a thread id")
}

/// The one request the server received, rendered.
async fn the_request(server: &MockServer) -> String {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    render_request(&requests[0])
}

fn user(raw_id: &str) -> CommunicationIdentifier {
    CommunicationUserIdentifier::new(raw_id).into()
}

fn metadata(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

/// One identifier of every kind, every cloud included.
fn every_kind() -> Vec<(&'static str, CommunicationIdentifier)> {
    use CommunicationCloudEnvironment::{Dod, Gcch, Public};
    vec![
        ("communication_user", user(USER_2)),
        (
            "phone_number",
            PhoneNumberIdentifier::new("+14255550123").into(),
        ),
        (
            "phone_number_anonymous",
            CommunicationIdentifier::from_raw_id("4:anonymous"),
        ),
        (
            "phone_number_asserted_id",
            PhoneNumberIdentifier::new("+14255550123")
                .with_raw_id("4:+14255550123_7f3a")
                .into(),
        ),
        (
            "teams_user_public",
            MicrosoftTeamsUserIdentifier::new(
                "a1b2c3d4-0000-4000-8000-000000000001",
                false,
                Public,
            )
            .into(),
        ),
        (
            "teams_user_dod",
            MicrosoftTeamsUserIdentifier::new("a1b2c3d4-0000-4000-8000-000000000002", false, Dod)
                .into(),
        ),
        (
            "teams_user_gcch",
            MicrosoftTeamsUserIdentifier::new("a1b2c3d4-0000-4000-8000-000000000003", false, Gcch)
                .into(),
        ),
        (
            "teams_user_anonymous",
            MicrosoftTeamsUserIdentifier::new("visitor-0001", true, Public).into(),
        ),
        (
            "teams_app_public",
            MicrosoftTeamsAppIdentifier::new("b0b0b0b0-0000-4000-8000-000000000001", Public).into(),
        ),
        (
            "teams_app_dod",
            MicrosoftTeamsAppIdentifier::new("b0b0b0b0-0000-4000-8000-000000000002", Dod).into(),
        ),
        (
            "teams_app_gcch",
            MicrosoftTeamsAppIdentifier::new("b0b0b0b0-0000-4000-8000-000000000003", Gcch).into(),
        ),
        (
            "teams_extension_user",
            TeamsExtensionUserIdentifier::new(
                "c0c0c0c0-0000-4000-8000-000000000001",
                "d0d0d0d0-0000-4000-8000-000000000001",
                "1b5cc06b-f352-4571-b1e6-d9b259b7c776",
                Public,
            )
            .into(),
        ),
        (
            "unknown",
            UnknownIdentifier::new("48:future:00000000-0000-0000-0000-000000000001").into(),
        ),
    ]
}

// ---------------------------------------------------------------- ChatClient

#[tokio::test]
async fn create_chat_thread_minimal() {
    let server = start_server().await;
    let result = client(&server)
        .create_chat_thread("Launch review", None)
        .await
        .expect("created");
    assert_eq!(result.thread.id, THREAD_ID);
    insta::assert_snapshot!("create_chat_thread_minimal", the_request(&server).await);
}

#[tokio::test]
async fn create_chat_thread_with_idempotency_token() {
    let server = start_server().await;
    client(&server)
        .create_chat_thread(
            "Launch review",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.idempotency_token = Some(FIXED_REPEATABILITY_ID.to_owned());
                options
            }),
        )
        .await
        .expect("created");
    insta::assert_snapshot!(
        "create_chat_thread_idempotency_token",
        the_request(&server).await
    );
}

#[tokio::test]
async fn create_chat_thread_with_participants_of_every_kind() {
    let server = start_server().await;
    let participants = every_kind()
        .into_iter()
        .map(|(_, identifier)| ChatParticipant::new(identifier))
        .collect();
    client(&server)
        .create_chat_thread(
            "Launch review",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants = participants;
                options.idempotency_token = Some(FIXED_REPEATABILITY_ID.to_owned());
                options
            }),
        )
        .await
        .expect("created");
    insta::assert_snapshot!(
        "create_chat_thread_participants_every_kind",
        the_request(&server).await
    );
}

#[tokio::test]
async fn create_chat_thread_with_participant_details() {
    let server = start_server().await;
    let participant = ChatParticipant::new(user(USER_2))
        .with_display_name("Grace")
        .with_share_history_time(Utc.with_ymd_and_hms(2025, 6, 1, 8, 30, 0).unwrap())
        .with_metadata([("role", "reviewer"), ("team", "launch")]);
    client(&server)
        .create_chat_thread(
            "Launch review",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants = vec![participant];
                options.idempotency_token = Some(FIXED_REPEATABILITY_ID.to_owned());
                options
            }),
        )
        .await
        .expect("created");
    insta::assert_snapshot!(
        "create_chat_thread_participant_details",
        the_request(&server).await
    );
}

#[tokio::test]
async fn create_chat_thread_with_metadata() {
    let server = start_server().await;
    client(&server)
        .create_chat_thread(
            "Launch review",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.metadata = metadata(&[("project", "apollo"), ("stage", "review")]);
                options.idempotency_token = Some(FIXED_REPEATABILITY_ID.to_owned());
                options
            }),
        )
        .await
        .expect("created");
    insta::assert_snapshot!("create_chat_thread_metadata", the_request(&server).await);
}

#[tokio::test]
async fn create_chat_thread_with_retention_policies() {
    for (name, policy) in [
        (
            "create_chat_thread_retention_thread_creation_date",
            RetentionPolicy::ThreadCreationDate {
                delete_thread_after_days: 90,
            },
        ),
        ("create_chat_thread_retention_none", RetentionPolicy::None),
    ] {
        let server = start_server().await;
        client(&server)
            .create_chat_thread(
                "Launch review",
                Some({
                    let mut options = ChatClientCreateChatThreadOptions::default();
                    options.retention_policy = Some(policy);
                    options.idempotency_token = Some(FIXED_REPEATABILITY_ID.to_owned());
                    options
                }),
            )
            .await
            .expect("created");
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn create_chat_thread_with_every_option() {
    let server = start_server().await;
    client(&server)
        .create_chat_thread(
            "Launch review",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants =
                    vec![ChatParticipant::new(user(USER_2)).with_display_name("Grace")];
                options.metadata = metadata(&[("project", "apollo")]);
                options.retention_policy = Some(RetentionPolicy::ThreadCreationDate {
                    delete_thread_after_days: 30,
                });
                options.idempotency_token = Some(FIXED_REPEATABILITY_ID.to_owned());
                options
            }),
        )
        .await
        .expect("created");
    insta::assert_snapshot!(
        "create_chat_thread_every_option",
        the_request(&server).await
    );
}

#[tokio::test]
async fn list_chat_threads_with_each_option() {
    let cases = [
        (
            "list_chat_threads",
            ChatClientListChatThreadsOptions::default(),
        ),
        ("list_chat_threads_max_page_size", {
            let mut options = ChatClientListChatThreadsOptions::default();
            options.max_page_size = Some(20);
            options
        }),
        ("list_chat_threads_start_time", {
            let mut options = ChatClientListChatThreadsOptions::default();
            options.start_time = Some(Utc.with_ymd_and_hms(2025, 6, 1, 8, 30, 0).unwrap());
            options
        }),
        ("list_chat_threads_max_page_size_and_start_time", {
            let mut options = ChatClientListChatThreadsOptions::default();
            options.max_page_size = Some(5);
            options.start_time = Some(Utc.with_ymd_and_hms(2025, 6, 1, 8, 30, 0).unwrap());
            options
        }),
    ];
    for (name, options) in cases {
        let server = start_server().await;
        let threads: Vec<_> = client(&server)
            .list_chat_threads(Some(options))
            .try_collect()
            .await
            .expect("listed");
        assert!(threads.is_empty());
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn delete_chat_thread() {
    let server = start_server().await;
    client(&server)
        .delete_chat_thread(THREAD_ID, None)
        .await
        .expect("deleted");
    insta::assert_snapshot!("delete_chat_thread", the_request(&server).await);
}

// ---------------------------------------------------------- ChatThreadClient

#[tokio::test]
async fn get_properties() {
    let server = start_server().await;
    let properties = thread(&server)
        .get_properties(None)
        .await
        .expect("properties");
    assert_eq!(properties.retention_policy, Some(RetentionPolicy::None));
    insta::assert_snapshot!("get_properties", the_request(&server).await);
}

#[tokio::test]
async fn update_properties_with_each_option() {
    let cases = [
        ("update_properties_topic", {
            let mut options = ChatThreadPropertiesUpdate::default();
            options.topic = Some("Launch review (final)".into());
            options
        }),
        ("update_properties_metadata", {
            let mut options = ChatThreadPropertiesUpdate::default();
            options.metadata = metadata(&[("stage", "final"), ("owner", "ada")]);
            options
        }),
        ("update_properties_retention_thread_creation_date", {
            let mut options = ChatThreadPropertiesUpdate::default();
            options.retention_policy = Some(RetentionPolicy::ThreadCreationDate {
                delete_thread_after_days: 60,
            });
            options
        }),
        ("update_properties_retention_none", {
            let mut options = ChatThreadPropertiesUpdate::default();
            options.retention_policy = Some(RetentionPolicy::None);
            options
        }),
        ("update_properties_every_option", {
            let mut options = ChatThreadPropertiesUpdate::default();
            options.topic = Some("Launch review (final)".into());
            options.metadata = metadata(&[("stage", "final")]);
            options.retention_policy = Some(RetentionPolicy::ThreadCreationDate {
                delete_thread_after_days: 60,
            });
            options
        }),
        (
            "update_properties_nothing",
            ChatThreadPropertiesUpdate::default(),
        ),
    ];
    for (name, update) in cases {
        let server = start_server().await;
        thread(&server)
            .update_properties(update, None)
            .await
            .expect("updated");
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn update_topic() {
    let server = start_server().await;
    thread(&server)
        .update_topic("Launch review (final)", None)
        .await
        .expect("updated");
    insta::assert_snapshot!("update_topic", the_request(&server).await);
}

#[tokio::test]
async fn send_message_with_each_option() {
    let cases = [
        (
            "send_message",
            ChatThreadClientSendMessageOptions::default(),
        ),
        ("send_message_type_text", {
            let mut options = ChatThreadClientSendMessageOptions::default();
            options.message_type = Some(ChatMessageType::Text);
            options
        }),
        ("send_message_type_html", {
            let mut options = ChatThreadClientSendMessageOptions::default();
            options.message_type = Some(ChatMessageType::Html);
            options
        }),
        ("send_message_sender_display_name", {
            let mut options = ChatThreadClientSendMessageOptions::default();
            options.sender_display_name = Some("Ada".into());
            options
        }),
        ("send_message_metadata", {
            let mut options = ChatThreadClientSendMessageOptions::default();
            options.metadata = metadata(&[("priority", "high"), ("tag", "launch")]);
            options
        }),
    ];
    for (name, options) in cases {
        let server = start_server().await;
        let sent = thread(&server)
            .send_message("Hello, <b>Grace</b>!", Some(options))
            .await
            .expect("sent");
        assert_eq!(sent.id, "1749594018000");
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn get_message() {
    let server = start_server().await;
    let message = thread(&server)
        .get_message("1749594018000", None)
        .await
        .expect("message");
    assert_eq!(message.message_type, ChatMessageType::Text);
    insta::assert_snapshot!("get_message", the_request(&server).await);
}

#[tokio::test]
async fn list_messages_with_each_option() {
    let cases = [
        (
            "list_messages",
            ChatThreadClientListMessagesOptions::default(),
        ),
        ("list_messages_max_page_size", {
            let mut options = ChatThreadClientListMessagesOptions::default();
            options.max_page_size = Some(3);
            options
        }),
        ("list_messages_start_time", {
            let mut options = ChatThreadClientListMessagesOptions::default();
            options.start_time = Some(Utc.with_ymd_and_hms(2025, 6, 1, 8, 30, 0).unwrap());
            options
        }),
    ];
    for (name, options) in cases {
        let server = start_server().await;
        let messages: Vec<_> = thread(&server)
            .list_messages(Some(options))
            .try_collect()
            .await
            .expect("listed");
        assert!(messages.is_empty());
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn list_messages_from_a_continuation_link() {
    let server = start_server().await;
    // As the service writes it: absolute, thread id unencoded, api-version included.
    let link = format!(
        "{}/chat/threads/{THREAD_ID}/messages?syncState=a1b2c3&startTime=1%2F1%2F1970%2012%3A00%3A00%20AM%20%2B00%3A00&maxPageSize=3&api-version=2025-03-15",
        server.uri()
    );
    let messages: Vec<_> = thread(&server)
        .list_messages(Some({
            let mut options = ChatThreadClientListMessagesOptions::default();
            options.continuation = Some(link);
            // ignored: the link carries the page size
            options.max_page_size = Some(99);
            options
        }))
        .try_collect()
        .await
        .expect("listed");
    assert!(messages.is_empty());
    insta::assert_snapshot!("list_messages_continuation", the_request(&server).await);
}

#[tokio::test]
async fn update_message_with_each_option() {
    let cases = [
        (
            "update_message_content",
            ChatMessageUpdate::default().with_content("Hello, Grace! (edited)"),
        ),
        (
            "update_message_metadata",
            // `""` removes the key.
            ChatMessageUpdate::default()
                .with_metadata(metadata(&[("priority", "low"), ("tag", "")])),
        ),
        (
            "update_message_content_and_metadata",
            ChatMessageUpdate::default()
                .with_content("Hello, Grace! (edited)")
                .with_metadata(metadata(&[("priority", "low")])),
        ),
    ];
    for (name, update) in cases {
        let server = start_server().await;
        thread(&server)
            .update_message("1749594018000", update, None)
            .await
            .expect("updated");
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn delete_message() {
    let server = start_server().await;
    thread(&server)
        .delete_message("1749594018000", None)
        .await
        .expect("deleted");
    insta::assert_snapshot!("delete_message", the_request(&server).await);
}

#[tokio::test]
async fn list_participants_with_each_option() {
    let cases = [
        (
            "list_participants",
            ChatThreadClientListParticipantsOptions::default(),
        ),
        ("list_participants_max_page_size", {
            let mut options = ChatThreadClientListParticipantsOptions::default();
            options.max_page_size = Some(2);
            options
        }),
        ("list_participants_skip", {
            let mut options = ChatThreadClientListParticipantsOptions::default();
            options.skip = Some(4);
            options
        }),
        ("list_participants_max_page_size_and_skip", {
            let mut options = ChatThreadClientListParticipantsOptions::default();
            options.max_page_size = Some(2);
            options.skip = Some(4);
            options
        }),
    ];
    for (name, options) in cases {
        let server = start_server().await;
        let participants: Vec<_> = thread(&server)
            .list_participants(Some(options))
            .try_collect()
            .await
            .expect("listed");
        assert!(participants.is_empty());
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn add_participants() {
    let server = start_server().await;
    let result = thread(&server)
        .add_participants(
            [
                ChatParticipant::new(user(USER_2))
                    .with_display_name("Grace")
                    .with_share_history_time(Utc.with_ymd_and_hms(2025, 6, 1, 8, 30, 0).unwrap()),
                ChatParticipant::new(PhoneNumberIdentifier::new("+14255550123"))
                    .with_metadata([("source", "pstn")]),
            ],
            None,
        )
        .await
        .expect("added");
    assert!(result.invalid_participants.is_empty());
    insta::assert_snapshot!("add_participants", the_request(&server).await);
}

#[tokio::test]
async fn remove_participant_of_every_kind() {
    for (kind, identifier) in every_kind() {
        let server = start_server().await;
        thread(&server)
            .remove_participant(&identifier, None)
            .await
            .expect("removed");
        insta::assert_snapshot!(
            format!("remove_participant_{kind}"),
            the_request(&server).await
        );
    }
}

#[tokio::test]
async fn send_typing_notification_with_each_option() {
    let cases = [
        (
            "send_typing_notification",
            ChatThreadClientSendTypingNotificationOptions::default(),
        ),
        ("send_typing_notification_sender_display_name", {
            let mut options = ChatThreadClientSendTypingNotificationOptions::default();
            options.sender_display_name = Some("Ada".into());
            options
        }),
    ];
    for (name, options) in cases {
        let server = start_server().await;
        thread(&server)
            .send_typing_notification(Some(options))
            .await
            .expect("sent");
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

#[tokio::test]
async fn send_read_receipt() {
    let server = start_server().await;
    thread(&server)
        .send_read_receipt("1749594018000", None)
        .await
        .expect("sent");
    insta::assert_snapshot!("send_read_receipt", the_request(&server).await);
}

#[tokio::test]
async fn list_read_receipts_with_each_option() {
    let cases = [
        (
            "list_read_receipts",
            ChatThreadClientListReadReceiptsOptions::default(),
        ),
        ("list_read_receipts_max_page_size", {
            let mut options = ChatThreadClientListReadReceiptsOptions::default();
            options.max_page_size = Some(2);
            options
        }),
        ("list_read_receipts_skip", {
            let mut options = ChatThreadClientListReadReceiptsOptions::default();
            options.skip = Some(4);
            options
        }),
    ];
    for (name, options) in cases {
        let server = start_server().await;
        let receipts: Vec<_> = thread(&server)
            .list_read_receipts(Some(options))
            .try_collect()
            .await
            .expect("listed");
        assert!(receipts.is_empty());
        insta::assert_snapshot!(name, the_request(&server).await);
    }
}

// ------------------------------------------------------------------- odd ids

#[tokio::test]
async fn ids_with_reserved_characters_are_percent_encoded() {
    let server = start_server().await;
    client(&server)
        .chat_thread_client("19:a b/c?d#e%f@thread.v2")
        .expect("a thread id")
        .get_message("12/34?x", None)
        .await
        .expect("message");
    insta::assert_snapshot!("ids_with_reserved_characters", the_request(&server).await);
}

// ------------------------------------------------------- legacy api-version

#[tokio::test]
async fn legacy_api_version() {
    let options = || {
        let mut options = ChatClientOptions::default();
        options.api_version = ChatApiVersion::V2024_03_07;
        options.user_agent_suffix = Some("legacy-app/1.0".into());
        options
    };
    let server = start_server().await;
    client_with(&server, options())
        .create_chat_thread(
            "Launch review",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants =
                    vec![ChatParticipant::new(user(USER_2)).with_display_name("Grace")];
                options.idempotency_token = Some(FIXED_REPEATABILITY_ID.to_owned());
                options
            }),
        )
        .await
        .expect("created");
    insta::assert_snapshot!(
        "legacy_api_version_create_chat_thread",
        the_request(&server).await
    );

    let server = start_server().await;
    client_with(&server, options())
        .chat_thread_client(THREAD_ID)
        .expect("a thread id")
        .send_message(
            "Hello",
            Some({
                let mut options = ChatThreadClientSendMessageOptions::default();
                options.metadata = metadata(&[("priority", "high")]);
                options
            }),
        )
        .await
        .expect("sent");
    insta::assert_snapshot!(
        "legacy_api_version_send_message",
        the_request(&server).await
    );

    // What 2024-03-07 does not have is refused before anything is sent.
    let server = start_server().await;
    let error = client_with(&server, options())
        .create_chat_thread(
            "Launch review",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.metadata = metadata(&[("project", "apollo")]);
                options
            }),
        )
        .await
        .expect_err("no thread metadata in 2024-03-07");
    assert_eq!(error.kind(), &acs_chat::ErrorKind::InvalidInput);
    assert!(
        server
            .received_requests()
            .await
            .expect("recording is on")
            .is_empty()
    );
}
