//! What the chat clients decode, against our own fixtures of shapes the service sends: `null`
//! for optional maps, arrays and objects on every get and list, invalid participants without a
//! message, other 2xx statuses than the documented ones, bodies that do not fit (errors naming
//! the operation, the field, the status and the request id; one bad item fails alone), and
//! phone identifiers with `isAnonymous`/`assertedId`.

use acs_chat::models::{ChatParticipant, CommunicationIdentifier, RetentionPolicy};
use acs_chat::options::ChatClientCreateChatThreadOptions;
use acs_chat::{ChatClient, ChatThreadClient, CommunicationTokenCredential, ErrorKind, Page};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures::{StreamExt as _, TryStreamExt as _};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const THREAD_ID: &str = "19:thread1@thread.v2";
const THREAD_PATH: &str = "/chat/threads/19%3Athread1%40thread.v2";
const CREATED_ON: &str = "2025-05-01T10:00:00Z";

fn jwt() -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(json!({"sub": "u", "exp": 4_102_444_800_i64}).to_string());
    format!("{header}.{payload}.c2ln")
}

fn client(server: &MockServer) -> ChatClient {
    let credential = CommunicationTokenCredential::from_token(jwt()).expect("a token");
    ChatClient::new(&server.uri(), credential, None).expect("a valid endpoint")
}

fn thread(server: &MockServer) -> ChatThreadClient {
    client(server)
        .chat_thread_client(THREAD_ID)
        .expect("a thread id")
}

fn answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(body.to_string(), "application/json")
        .insert_header("ms-cv", "cv-fixture.1")
}

async fn mock(server: &MockServer, verb: &str, at: String, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(server)
        .await;
}

fn user(id: &str) -> Value {
    json!({"rawId": id, "communicationUser": {"id": id}})
}

/// A message whose every optional collection and object is `null`.
fn message_with_nulls(id: &str) -> Value {
    json!({
        "id": id,
        "type": "text",
        "sequenceId": id,
        "version": id,
        "createdOn": CREATED_ON,
        "senderDisplayName": null,
        "senderCommunicationIdentifier": null,
        "deletedOn": null,
        "editedOn": null,
        "metadata": null,
        "content": {
            "message": "hi",
            "topic": null,
            "participants": null,
            "attachments": null,
            "initiatorCommunicationIdentifier": null,
        },
    })
}

fn participant_with_nulls(id: &str) -> Value {
    json!({
        "communicationIdentifier": user(id),
        "displayName": null,
        "shareHistoryTime": null,
        "metadata": null,
    })
}

fn thread_with_nulls() -> Value {
    json!({
        "id": THREAD_ID,
        "topic": "t",
        "createdOn": CREATED_ON,
        "createdByCommunicationIdentifier": user("8:acs:r_creator"),
        "deletedOn": null,
        "metadata": null,
        "retentionPolicy": null,
    })
}

#[tokio::test]
async fn nulls_for_optional_maps_arrays_and_objects_decode_as_empty_on_every_get() {
    let server = MockServer::start().await;
    mock(
        &server,
        "GET",
        THREAD_PATH.into(),
        answer(200, &thread_with_nulls()),
    )
    .await;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages/1"),
        answer(200, &message_with_nulls("1")),
    )
    .await;
    let mut no_content = message_with_nulls("2");
    no_content["content"] = Value::Null;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages/2"),
        answer(200, &no_content),
    )
    .await;
    let thread = thread(&server);

    let properties = thread.get_properties(None).await.expect("decodes");
    assert!(properties.metadata.is_empty());
    assert_eq!(properties.retention_policy, None);

    let message = thread.get_message("1", None).await.expect("decodes");
    assert!(message.metadata.is_empty());
    assert_eq!(message.sender, None);
    let content = message.into_inner().content.expect("content");
    assert_eq!(content.message.as_deref(), Some("hi"));
    assert!(content.participants.is_empty());
    assert!(content.attachments.is_empty());
    assert_eq!(content.initiator, None);

    let message = thread.get_message("2", None).await.expect("decodes");
    assert_eq!(message.content, None);
}

#[tokio::test]
async fn nulls_decode_as_empty_on_every_list() {
    let server = MockServer::start().await;
    mock(
        &server,
        "GET",
        "/chat/threads".into(),
        answer(
            200,
            &json!({"value": [{"id": THREAD_ID, "topic": "t", "deletedOn": null, "lastMessageReceivedOn": null}], "nextLink": null}),
        ),
    )
    .await;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages"),
        answer(
            200,
            &json!({"value": [message_with_nulls("1")], "nextLink": null}),
        ),
    )
    .await;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/participants"),
        answer(
            200,
            &json!({"value": [participant_with_nulls("8:acs:r_a")], "nextLink": null}),
        ),
    )
    .await;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/readReceipts"),
        answer(
            200,
            &json!({"value": [{"chatMessageId": "1", "readOn": CREATED_ON, "senderCommunicationIdentifier": user("8:acs:r_a")}], "nextLink": null}),
        ),
    )
    .await;
    let client = client(&server);
    let thread = thread(&server);

    let threads: Vec<_> = client
        .list_chat_threads(None)
        .try_collect()
        .await
        .expect("decodes");
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].deleted_on, None);

    let messages: Vec<_> = thread
        .list_messages(None)
        .try_collect()
        .await
        .expect("decodes");
    assert!(messages[0].metadata.is_empty());
    assert!(
        messages[0]
            .content
            .as_ref()
            .expect("content")
            .attachments
            .is_empty()
    );

    let participants: Vec<_> = thread
        .list_participants(None)
        .try_collect()
        .await
        .expect("decodes");
    assert!(participants[0].metadata.is_empty());
    assert_eq!(participants[0].display_name, None);

    let receipts: Vec<_> = thread
        .list_read_receipts(None)
        .try_collect()
        .await
        .expect("decodes");
    assert_eq!(receipts[0].chat_message_id, "1");
}

#[tokio::test]
async fn create_and_add_decode_null_and_message_less_invalid_participants() {
    let server = MockServer::start().await;
    let mut created = json!({"chatThread": thread_with_nulls(), "invalidParticipants": null});
    mock(
        &server,
        "POST",
        "/chat/threads".into(),
        answer(201, &created),
    )
    .await;
    let client = client(&server);
    let result = client.create_chat_thread("t", None).await.expect("decodes");
    assert!(result.invalid_participants.is_empty());
    assert!(result.thread.metadata.is_empty());

    // The service leaves `message` out of these errors.
    server.reset().await;
    created["invalidParticipants"] =
        json!([{"code": "403", "target": "8:acs:r_refused", "details": null}]);
    mock(
        &server,
        "POST",
        "/chat/threads".into(),
        answer(201, &created),
    )
    .await;
    let refused = ChatParticipant::new(CommunicationIdentifier::from_raw_id("8:acs:r_refused"));
    let options = {
        let mut options = ChatClientCreateChatThreadOptions::default();
        options.participants = vec![refused.clone()];
        options
    };
    let result = client
        .create_chat_thread("t", Some(options))
        .await
        .expect("the thread was created");
    assert_eq!(result.thread.id, THREAD_ID);
    let invalid = &result.invalid_participants[0];
    assert_eq!(invalid.identifier, refused.identifier);
    assert_eq!(invalid.code, "403");
    assert_eq!(invalid.message, "");

    for body in [
        json!({"invalidParticipants": null}),
        json!({"invalidParticipants": [{"code": "403", "target": "8:acs:r_refused"}]}),
    ] {
        server.reset().await;
        mock(
            &server,
            "POST",
            format!("{THREAD_PATH}/participants/:add"),
            answer(201, &body),
        )
        .await;
        let result = thread(&server)
            .add_participants([refused.clone()], None)
            .await
            .expect("decodes");
        assert_eq!(
            result.invalid_participants.len(),
            body["invalidParticipants"].as_array().map_or(0, Vec::len)
        );
    }
}

#[tokio::test]
async fn other_2xx_statuses_are_successes_when_the_body_fits() {
    let server = MockServer::start().await;
    // Documented 200, answered 204 (no body).
    mock(
        &server,
        "POST",
        format!("{THREAD_PATH}/typing"),
        ResponseTemplate::new(204),
    )
    .await;
    mock(
        &server,
        "POST",
        format!("{THREAD_PATH}/readReceipts"),
        ResponseTemplate::new(204),
    )
    .await;
    // Documented 201, answered 200 with the documented body.
    mock(
        &server,
        "POST",
        format!("{THREAD_PATH}/messages"),
        answer(200, &json!({"id": "42"})),
    )
    .await;
    mock(
        &server,
        "POST",
        "/chat/threads".into(),
        answer(200, &json!({"chatThread": thread_with_nulls()})),
    )
    .await;
    // Documented 204, answered 200 (with or without a body).
    mock(
        &server,
        "DELETE",
        format!("{THREAD_PATH}/messages/1"),
        answer(200, &json!({})),
    )
    .await;
    mock(
        &server,
        "DELETE",
        THREAD_PATH.into(),
        ResponseTemplate::new(200),
    )
    .await;
    mock(
        &server,
        "PATCH",
        THREAD_PATH.into(),
        ResponseTemplate::new(200),
    )
    .await;
    mock(
        &server,
        "POST",
        format!("{THREAD_PATH}/participants/:remove"),
        ResponseTemplate::new(202),
    )
    .await;
    // Documented 200, answered 203.
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages/1"),
        answer(203, &message_with_nulls("1")),
    )
    .await;
    let client = client(&server);
    let thread = thread(&server);

    thread
        .send_typing_notification(None)
        .await
        .expect("204 is a success");
    thread
        .send_read_receipt("1", None)
        .await
        .expect("204 is a success");
    let sent = thread
        .send_message("hi", None)
        .await
        .expect("200 is a success");
    assert_eq!(sent.id, "42");
    let created = client
        .create_chat_thread("t", None)
        .await
        .expect("200 is a success");
    assert_eq!(created.thread.id, THREAD_ID);
    thread
        .delete_message("1", None)
        .await
        .expect("200 is a success");
    client
        .delete_chat_thread(THREAD_ID, None)
        .await
        .expect("200 is a success");
    thread
        .update_topic("new", None)
        .await
        .expect("200 is a success");
    thread
        .remove_participant(&CommunicationIdentifier::from_raw_id("8:acs:r_a"), None)
        .await
        .expect("202 is a success");
    let message = thread
        .get_message("1", None)
        .await
        .expect("203 is a success");
    assert_eq!(message.id, "1");
}

#[tokio::test]
async fn another_2xx_whose_body_does_not_fit_is_an_unexpected_response() {
    let server = MockServer::start().await;
    // A message was posted, but the answer is not the documented one.
    mock(
        &server,
        "POST",
        format!("{THREAD_PATH}/messages"),
        answer(200, &json!({})),
    )
    .await;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages/1"),
        ResponseTemplate::new(204),
    )
    .await;
    let thread = thread(&server);

    let error = thread.send_message("hi", None).await.expect_err("no id");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedResponse { status: 200 });
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.request_id(), Some("cv-fixture.1"));
    let text = error.to_string();
    assert!(!text.contains("service error"), "{text}");
    assert!(text.contains("chat_thread_send_chat_message"), "{text}");
    assert!(text.contains("missing field `id`"), "{text}");

    let error = thread.get_message("1", None).await.expect_err("no body");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedResponse { status: 204 });
}

#[tokio::test]
async fn a_status_neither_success_nor_error_is_an_unexpected_response() {
    let server = MockServer::start().await;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages/1"),
        ResponseTemplate::new(304),
    )
    .await;
    let error = thread(&server)
        .get_message("1", None)
        .await
        .expect_err("not modified is not a message");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedResponse { status: 304 });
}

#[tokio::test]
async fn decode_errors_name_the_operation_the_field_the_status_and_the_request_id() {
    let server = MockServer::start().await;
    let mut message = message_with_nulls("1");
    message["content"]["attachments"] = json!([{"id": "a", "attachmentType": "image", "url": 7}]);
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages/1"),
        answer(200, &message),
    )
    .await;
    let error = thread(&server)
        .get_message("1", None)
        .await
        .expect_err("a number is not a URL");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert_eq!(error.request_id(), Some("cv-fixture.1"));
    let text = error.to_string();
    assert!(
        text.contains("chat_thread_get_chat_message: content.attachments[0].url: invalid type"),
        "{text}"
    );
    assert!(
        text.contains("status 200 OK, request id cv-fixture.1"),
        "{text}"
    );
    assert!(
        std::error::Error::source(&error).is_some(),
        "the serde error is kept"
    );
}

#[tokio::test]
async fn a_bad_item_fails_alone_and_the_list_goes_on() {
    let server = MockServer::start().await;
    let mut bad = message_with_nulls("2");
    bad["createdOn"] = Value::Null;
    let next = format!("{}{THREAD_PATH}/messages?page=2", server.uri());
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/messages"),
        answer(
            200,
            &json!({"value": [message_with_nulls("1"), bad, message_with_nulls("3")], "nextLink": next}),
        ),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("{THREAD_PATH}/messages")))
        .and(wiremock::matchers::query_param("page", "2"))
        .respond_with(answer(
            200,
            &json!({"value": [{"id": "4"}, message_with_nulls("5")]}),
        ))
        .with_priority(1)
        .mount(&server)
        .await;
    let thread = thread(&server);

    let items: Vec<_> = thread.list_messages(None).collect().await;
    assert_eq!(items.len(), 5);
    let ids: Vec<_> = items
        .iter()
        .map(|item| item.as_ref().map(|message| message.id.as_str()).ok())
        .collect();
    assert_eq!(ids, [Some("1"), None, Some("3"), None, Some("5")]);
    let first = items[1].as_ref().expect_err("bad item");
    assert_eq!(first.kind(), &ErrorKind::Decode);
    let text = first.to_string();
    assert!(
        text.contains("chat_thread_list_chat_messages: value[1].createdOn: invalid type: null"),
        "{text}"
    );
    assert_eq!(first.request_id(), Some("cv-fixture.1"));
    let second = items[3].as_ref().expect_err("bad item").to_string();
    assert!(second.contains("value[0]"), "{second}");

    // Page by page, the bad items are the page's errors.
    let pages: Vec<Page<_>> = thread
        .list_messages(None)
        .into_pages()
        .try_collect()
        .await
        .expect("both pages");
    assert_eq!(pages[0].items.len(), 2);
    assert_eq!(pages[0].errors.len(), 1);
    assert_eq!(pages[1].items.len(), 1);
    assert_eq!(pages[1].errors.len(), 1);
}

#[tokio::test]
async fn a_page_that_is_not_a_page_fails_naming_the_field() {
    let server = MockServer::start().await;
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/participants"),
        answer(200, &json!({"value": {"not": "a list"}})),
    )
    .await;
    let error = thread(&server)
        .list_participants(None)
        .try_collect::<Vec<_>>()
        .await
        .expect_err("not a page");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert!(
        error
            .to_string()
            .contains("chat_thread_list_chat_participants: value: invalid type"),
        "{error}"
    );
}

#[tokio::test]
async fn phone_identifiers_keep_is_anonymous_and_asserted_id() {
    let server = MockServer::start().await;
    let phone = json!({
        "communicationIdentifier": {
            "rawId": "4:+14255550123",
            "phoneNumber": {"value": "+14255550123", "isAnonymous": true, "assertedId": "a1b2"},
        },
    });
    mock(
        &server,
        "GET",
        format!("{THREAD_PATH}/participants"),
        answer(200, &json!({"value": [phone]})),
    )
    .await;
    let participants: Vec<_> = thread(&server)
        .list_participants(None)
        .try_collect()
        .await
        .expect("decodes");
    let CommunicationIdentifier::PhoneNumber(phone) = &participants[0].identifier else {
        panic!("not a phone number: {:?}", participants[0].identifier);
    };
    assert!(phone.is_anonymous());
    assert_eq!(phone.asserted_id(), Some("a1b2"));
    assert_eq!(phone.phone_number(), "+14255550123");
}

#[tokio::test]
async fn unknown_retention_policies_and_fields_still_decode() {
    let server = MockServer::start().await;
    let mut properties = thread_with_nulls();
    properties["retentionPolicy"] = json!({"kind": "somethingNew", "extra": 1});
    properties["aFieldFromTheFuture"] = json!({"x": [1, 2]});
    mock(&server, "GET", THREAD_PATH.into(), answer(200, &properties)).await;
    let properties = thread(&server).get_properties(None).await.expect("decodes");
    assert_eq!(
        properties.retention_policy,
        Some(RetentionPolicy::Unknown("somethingNew".into()))
    );
}
