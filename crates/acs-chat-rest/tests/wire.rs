//! The generated Chat client puts requests on the wire as the service expects them.

use acs_chat_rest::types::{
    ChatMessageType, ChatRetentionPolicy, CreateChatThreadRequest, RetentionPolicyKind,
    UpdateChatThreadRequest,
};
use acs_chat_rest::{API_VERSION, Client};
use acs_core::Pipeline;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let pipeline = Pipeline::builder().build();
    Client::new_with_client(&server.uri(), pipeline.http_client().clone(), pipeline)
}

#[tokio::test]
async fn update_thread_properties_is_a_merge_patch_with_an_encoded_thread_id() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/chat/threads/19%3Aabc%40thread.v2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat_thread_update_chat_thread_properties()
        .chat_thread_id("19:abc@thread.v2")
        .api_version(API_VERSION)
        .body(UpdateChatThreadRequest {
            topic: Some("Renamed".to_owned()),
            metadata: Default::default(),
            retention_policy: None,
        })
        .send()
        .await
        .expect("the call succeeds");

    let requests = server.received_requests().await.expect("recording is on");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/chat/threads/19%3Aabc%40thread.v2");
    assert_eq!(request.url.query(), Some("api-version=2025-03-15"));
    assert!(request.headers.get("api-version").is_none());
    assert_eq!(
        request.headers.get("content-type").map(|v| v.to_str().ok()),
        Some(Some("application/merge-patch+json"))
    );
    // merge-patch: fields that were not set are not sent.
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(body, serde_json::json!({"topic": "Renamed"}));
}

#[tokio::test]
async fn create_thread_sends_the_repeatability_header_and_reads_the_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/threads"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"chatThread":{"id":"19:abc@thread.v2","topic":"T","createdOn":"2025-06-10T22:20:18Z",
                "createdByCommunicationIdentifier":{"rawId":"8:acs:r_u","communicationUser":{"id":"8:acs:r_u"}},
                "retentionPolicy":{"kind":"futureKind","someDays":3}},
               "invalidParticipants":[{"code":"403","message":"Permissions check failed","target":"8:acs:r_x"}]}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .chat_create_chat_thread()
        .api_version(API_VERSION)
        .repeatability_request_id("4b8f0c1e-5a51-4f71-9a3b-0d5c2b3c8e11")
        .body(CreateChatThreadRequest {
            topic: "T".to_owned(),
            participants: Vec::new(),
            metadata: Default::default(),
            retention_policy: Some(ChatRetentionPolicy {
                kind: RetentionPolicyKind::ThreadCreationDate,
                delete_thread_after_days: Some(30),
            }),
        })
        .send()
        .await
        .expect("the call succeeds")
        .into_inner();

    let thread = result.chat_thread.expect("a thread");
    assert_eq!(thread.id, "19:abc@thread.v2");
    assert_eq!(
        thread.retention_policy.map(|policy| policy.kind),
        Some(RetentionPolicyKind::UnknownValue("futureKind".to_owned())),
        "an unknown retention kind still deserializes"
    );
    assert_eq!(
        result.invalid_participants[0].target.as_deref(),
        Some("8:acs:r_x")
    );

    let requests = server.received_requests().await.expect("recording is on");
    let request = &requests[0];
    assert_eq!(
        request
            .headers
            .get("repeatability-request-id")
            .map(|v| v.to_str().ok()),
        Some(Some("4b8f0c1e-5a51-4f71-9a3b-0d5c2b3c8e11"))
    );
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        body,
        serde_json::json!({"topic": "T", "retentionPolicy": {"kind": "threadCreationDate", "deleteThreadAfterDays": 30}})
    );
}

#[test]
fn message_types_are_open() {
    let known: ChatMessageType = serde_json::from_str("\"html\"").expect("known value");
    assert_eq!(known, ChatMessageType::Html);
    let unknown: ChatMessageType = serde_json::from_str("\"poll\"").expect("unknown value");
    assert_eq!(unknown.as_str(), "poll");
    assert_eq!(
        serde_json::to_string(&unknown).expect("serializes"),
        "\"poll\""
    );
}

#[test]
fn the_operation_table_lists_all_sixteen_operations() {
    assert_eq!(acs_chat_rest::OPERATIONS.len(), 16);
    let merge_patch: Vec<&str> = acs_chat_rest::OPERATIONS
        .iter()
        .filter(|operation| operation.request_content_type == Some("application/merge-patch+json"))
        .map(|operation| operation.operation_id)
        .collect();
    assert_eq!(
        merge_patch,
        [
            "ChatThread_UpdateChatThreadProperties",
            "ChatThread_UpdateChatMessage"
        ]
    );
}
