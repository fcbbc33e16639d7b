//! The webhook handshakes are answered exactly as Event Grid and the CloudEvents webhook spec
//! expect, deliveries are authenticated, and refused requests get a clear status.

use acs_events::{ErrorKind, EventSchema, Webhook, WebhookOutcome};
use http::Request;
use serde_json::{Value, json};

const VALIDATION_CODE: &str = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6";

fn validation_body() -> Vec<u8> {
    serde_json::to_vec(&json!([{
        "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
        "topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
        "subject": "",
        "data": {
            "validationCode": VALIDATION_CODE,
            "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/sub/validate?id=512d38b6&t=2026-12-01T13:00:00Z&apiVersion=2018-05-01-preview&token=abc"
        },
        "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
        "eventTime": "2026-12-01T13:00:00.000Z",
        "metadataVersion": "1",
        "dataVersion": "1"
    }]))
    .expect("JSON")
}

fn message_body() -> Vec<u8> {
    serde_json::to_vec(&json!([{
        "id": "e1", "subject": "thread/19:t@thread.v2/sender/8:acs:a",
        "eventType": "Microsoft.Communication.ChatMessageReceivedInThread",
        "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
        "data": {"messageId": "1", "messageBody": "hi", "type": "Text", "threadId": "19:t@thread.v2",
                 "transactionId": "tx", "senderCommunicationIdentifier": {"rawId": "8:acs:a"}}
    }]))
    .expect("JSON")
}

fn handle(webhook: &Webhook, request: Request<Vec<u8>>) -> WebhookOutcome {
    webhook.handle(&request)
}

#[test]
fn event_grid_validation_echoes_the_code_as_json() {
    let request = Request::post("/events")
        .header("aeg-event-type", "SubscriptionValidation")
        .header("content-type", "application/json")
        .body(validation_body())
        .expect("request");
    let WebhookOutcome::Handshake(response) = handle(&Webhook::new(), request) else {
        panic!("not a handshake");
    };
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_slice(response.body()).expect("JSON");
    assert_eq!(body, json!({"validationResponse": VALIDATION_CODE}));
}

#[test]
fn cloud_events_abuse_protection_allows_the_origin_and_any_rate() {
    let request = Request::options("/events")
        .header("WebHook-Request-Origin", "eventgrid.azure.net")
        .header("WebHook-Request-Rate", "120")
        .body(Vec::new())
        .expect("request");
    let WebhookOutcome::Handshake(response) = handle(&Webhook::new(), request) else {
        panic!("not a handshake");
    };
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["WebHook-Allowed-Origin"],
        "eventgrid.azure.net"
    );
    assert_eq!(response.headers()["WebHook-Allowed-Rate"], "*");
    assert!(response.body().is_empty());
}

#[test]
fn abuse_protection_refuses_other_origins_when_origins_are_listed() {
    let webhook = Webhook::new().with_allowed_origin("eventgrid.azure.net");
    let allowed = Request::options("/e")
        .header("WebHook-Request-Origin", "EventGrid.Azure.Net")
        .body(Vec::new())
        .expect("request");
    assert!(matches!(
        handle(&webhook, allowed),
        WebhookOutcome::Handshake(_)
    ));
    let other = Request::options("/e")
        .header("WebHook-Request-Origin", "example.org")
        .body(Vec::new())
        .expect("request");
    let WebhookOutcome::Rejected { response, error } = handle(&webhook, other) else {
        panic!("not refused");
    };
    assert_eq!(response.status(), 403);
    assert_eq!(error.kind(), &ErrorKind::Unauthorized);
    let without_origin = Request::options("/e").body(Vec::new()).expect("request");
    let WebhookOutcome::Rejected { response, .. } = handle(&webhook, without_origin) else {
        panic!("not refused");
    };
    assert_eq!(response.status(), 400);
}

#[test]
fn a_query_secret_is_required_for_handshakes_and_events() {
    let webhook = Webhook::new().with_query_secret("code", "s3cr3t-v@lue");
    for (uri, authorized) in [
        ("/events?code=s3cr3t-v%40lue", true),
        ("/events?other=1&code=s3cr3t-v@lue", true),
        ("/events?code=s3cr3t", false),
        ("/events?code=s3cr3t-v%40lue-and-more", false),
        ("/events?Code=s3cr3t-v%40lue", false),
        ("/events", false),
    ] {
        let events = Request::post(uri).body(message_body()).expect("request");
        let validation = Request::post(uri).body(validation_body()).expect("request");
        let options = Request::options(uri)
            .header("WebHook-Request-Origin", "eventgrid.azure.net")
            .body(Vec::new())
            .expect("request");
        for (request, name) in [
            (events, "events"),
            (validation, "validation"),
            (options, "options"),
        ] {
            match handle(&webhook, request) {
                WebhookOutcome::Rejected { response, error } => {
                    assert!(!authorized, "{uri} {name} refused: {error}");
                    assert_eq!(response.status(), 401);
                    assert_eq!(error.kind(), &ErrorKind::Unauthorized);
                    let body = String::from_utf8_lossy(response.body()).into_owned();
                    for text in [body, error.to_string(), format!("{error:?}")] {
                        assert!(!text.contains("s3cr3t"), "{text}");
                    }
                }
                _ => assert!(authorized, "{uri} {name} accepted"),
            }
        }
    }
    assert!(!format!("{webhook:?}").contains("s3cr3t"));
}

#[test]
fn an_authorization_header_or_the_query_secret_is_enough() {
    let webhook = Webhook::new()
        .with_query_secret("code", "q")
        .with_authorization("Bearer h3ader");
    let header = Request::post("/e")
        .header("Authorization", "Bearer h3ader")
        .body(message_body())
        .expect("request");
    assert!(matches!(
        handle(&webhook, header),
        WebhookOutcome::Events(_)
    ));
    let query = Request::post("/e?code=q")
        .body(message_body())
        .expect("request");
    assert!(matches!(handle(&webhook, query), WebhookOutcome::Events(_)));
    let wrong = Request::post("/e")
        .header("Authorization", "Bearer h3ade")
        .body(message_body())
        .expect("request");
    assert!(matches!(
        handle(&webhook, wrong),
        WebhookOutcome::Rejected { .. }
    ));
}

#[test]
fn refused_requests_get_a_status_and_a_message_naming_the_problem() {
    let webhook = Webhook::new();
    let get = Request::get("/e").body(Vec::new()).expect("request");
    let WebhookOutcome::Rejected { response, .. } = handle(&webhook, get) else {
        panic!("not refused");
    };
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST, OPTIONS");

    let not_json = Request::post("/e")
        .body(b"<xml/>".to_vec())
        .expect("request");
    let WebhookOutcome::Rejected { response, error } = handle(&webhook, not_json) else {
        panic!("not refused");
    };
    assert_eq!(response.status(), 400);
    assert_eq!(error.kind(), &ErrorKind::InvalidBody);
    let body: Value = serde_json::from_slice(response.body()).expect("JSON");
    assert!(
        body["error"]
            .as_str()
            .expect("a message")
            .contains("not JSON")
    );

    let cloud_events_only = Webhook::new().with_schema(EventSchema::CloudEvents);
    let event_grid = Request::post("/e").body(message_body()).expect("request");
    let WebhookOutcome::Rejected { error, .. } = handle(&cloud_events_only, event_grid) else {
        panic!("not refused");
    };
    assert_eq!(error.kind(), &ErrorKind::UnexpectedSchema);
}

#[test]
fn an_event_that_does_not_fit_fails_alone_naming_the_field() {
    let mut events: Vec<Value> = serde_json::from_slice(&message_body()).expect("JSON");
    let mut broken = events[0].clone();
    broken["id"] = json!("e2");
    broken["data"]["senderCommunicationIdentifier"] = json!("8:acs:a");
    events.push(broken);
    let request = Request::post("/e")
        .body(serde_json::to_vec(&events).expect("JSON"))
        .expect("request");
    let WebhookOutcome::Events(delivery) = handle(&Webhook::new(), request) else {
        panic!("no events");
    };
    assert_eq!(delivery.len(), 2);
    assert_eq!(delivery.events().count(), 1);
    let error = delivery.errors().next().expect("one error");
    assert_eq!(
        error.kind(),
        &ErrorKind::InvalidData {
            event_type: "Microsoft.Communication.ChatMessageReceivedInThread".into()
        }
    );
    assert!(
        error.to_string().contains("senderCommunicationIdentifier"),
        "{error}"
    );
}
