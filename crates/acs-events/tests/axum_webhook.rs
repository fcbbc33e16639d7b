//! The axum extractor and handler, served on 127.0.0.1 and called over HTTP.
#![cfg(feature = "axum")]

use std::sync::{Arc, Mutex};

use acs_events::axum::{Events, handler};
use acs_events::{AcsEvent, Delivery, Webhook};
use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::{Value, json};

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

fn message(id: &str, body: &str) -> Value {
    json!({
        "specversion": "1.0", "id": id, "source": "/subscriptions/s", "type": "Microsoft.Communication.ChatMessageReceivedInThread",
        "time": "2026-12-01T13:00:00Z",
        "data": {"messageId": id, "messageBody": body, "type": "Text", "threadId": "19:t@thread.v2",
                 "transactionId": "tx", "senderCommunicationIdentifier": {"rawId": "8:acs:a"}}
    })
}

async fn bodies(Events(delivery): Events) -> String {
    delivery
        .events()
        .filter_map(|event| match &event.data {
            AcsEvent::ChatMessageReceivedInThread(message) => message.body.clone(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[tokio::test]
async fn the_extractor_answers_handshakes_and_hands_over_events() {
    let webhook = Webhook::new()
        .with_query_secret("code", "s3cr3t")
        .with_max_body_bytes(16 * 1024);
    let app = Router::new()
        .route("/events", post(bodies).options(bodies))
        .with_state(webhook);
    let base = serve(app).await;
    let client = reqwest::Client::new();

    let options = client
        .request(
            reqwest::Method::OPTIONS,
            format!("{base}/events?code=s3cr3t"),
        )
        .header("WebHook-Request-Origin", "eventgrid.azure.net")
        .send()
        .await
        .expect("OPTIONS");
    assert_eq!(options.status(), 200);
    assert_eq!(
        options.headers()["webhook-allowed-origin"],
        "eventgrid.azure.net"
    );
    assert_eq!(options.headers()["webhook-allowed-rate"], "*");

    let validation = client
        .post(format!("{base}/events?code=s3cr3t"))
        .json(&json!([{"id": "v", "subject": "", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
            "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1", "data": {"validationCode": "c0de"}}]))
        .send()
        .await
        .expect("validation");
    assert_eq!(validation.status(), 200);
    assert_eq!(
        validation.json::<Value>().await.expect("JSON"),
        json!({"validationResponse": "c0de"})
    );

    let batch = client
        .post(format!("{base}/events?code=s3cr3t"))
        .header(
            "content-type",
            "application/cloudevents-batch+json; charset=utf-8",
        )
        .body(serde_json::to_vec(&json!([message("1", "one"), message("2", "two")])).expect("JSON"))
        .send()
        .await
        .expect("batch");
    assert_eq!(batch.status(), 200);
    assert_eq!(batch.text().await.expect("text"), "one,two");

    let unauthorized = client
        .post(format!("{base}/events?code=wrong"))
        .json(&json!([]))
        .send()
        .await
        .expect("unauthorized");
    assert_eq!(unauthorized.status(), 401);

    let too_large = client
        .post(format!("{base}/events?code=s3cr3t"))
        .body(vec![b' '; 32 * 1024])
        .send()
        .await
        .expect("too large");
    assert_eq!(too_large.status(), 413);
}

#[tokio::test]
async fn the_handler_calls_back_with_each_delivery_then_answers_200() {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = {
        let seen = Arc::clone(&seen);
        move |delivery: Delivery| {
            let seen = Arc::clone(&seen);
            async move {
                let ids = delivery.events().map(|event| event.id.clone());
                seen.lock().expect("lock").extend(ids);
            }
        }
    };
    let app = Router::new().route("/hook", handler(Webhook::new(), record));
    let base = serve(app).await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{base}/hook"))
        .header("content-type", "application/cloudevents+json")
        .body(serde_json::to_vec(&message("m1", "hello")).expect("JSON"))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::OK.as_u16());
    assert_eq!(*seen.lock().expect("lock"), ["m1"]);

    let get = client
        .get(format!("{base}/hook"))
        .send()
        .await
        .expect("GET");
    assert_eq!(get.status(), 405);
}
