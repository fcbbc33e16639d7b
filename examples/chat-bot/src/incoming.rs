//! One webhook request, taken apart: a handshake to answer, or the chat messages the bot
//! should answer (the `ChatMessageReceived` events whose recipient is the bot).

use acs_events_model::types::{
    AcsChatMessageReceivedEventData, CloudEvent, EventGridEvent, SubscriptionValidationEventData,
};
use http::{HeaderMap, Method, StatusCode};

const MESSAGE_RECEIVED: &str = "Microsoft.Communication.ChatMessageReceived";
const VALIDATION: &str = "Microsoft.EventGrid.SubscriptionValidationEvent";

/// A message sent to a thread the bot is in, by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMessage {
    /// The thread (`19:...@thread.v2`).
    pub thread_id: String,
    /// The id of the message.
    pub message_id: String,
    /// The raw id of the sender.
    pub sender: String,
    /// The text of the message.
    pub text: String,
}

/// What a webhook request asks of the bot.
#[derive(Debug)]
pub enum Delivery {
    /// Answer with this status, headers and body (a handshake), and do nothing else.
    Handshake(StatusCode, Vec<(&'static str, String)>, String),
    /// Acknowledge (200), then answer these messages.
    Messages(Vec<IncomingMessage>),
}

/// Why a request was refused.
#[derive(Debug)]
pub struct Refused(pub StatusCode, pub String);

/// Takes a webhook request apart (Event Grid schema or CloudEvents 1.0).
///
/// # Errors
///
/// [`Refused`] (400) when the body is not a delivery.
pub fn receive(
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
    bot: &str,
) -> Result<Delivery, Refused> {
    if method == Method::OPTIONS {
        let origin = headers
            .get("webhook-request-origin")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("*")
            .to_owned();
        return Ok(Delivery::Handshake(
            StatusCode::OK,
            vec![
                ("WebHook-Allowed-Origin", origin),
                ("WebHook-Allowed-Rate", "120".to_owned()),
            ],
            String::new(),
        ));
    }
    let bad = |error: serde_json::Error| Refused(StatusCode::BAD_REQUEST, error.to_string());
    let value: serde_json::Value = serde_json::from_slice(body).map_err(bad)?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    let mut messages = Vec::new();
    for item in items {
        let (event_type, data) = if item.get("specversion").is_some() {
            let event: CloudEvent = serde_json::from_value(item).map_err(bad)?;
            (event.type_, event.data.unwrap_or_default())
        } else {
            let event: EventGridEvent = serde_json::from_value(item).map_err(bad)?;
            (event.event_type, event.data)
        };
        if event_type == VALIDATION {
            let data: SubscriptionValidationEventData =
                serde_json::from_value(data).map_err(bad)?;
            let body = serde_json::json!({ "validationResponse": data.validation_code });
            return Ok(Delivery::Handshake(
                StatusCode::OK,
                Vec::new(),
                body.to_string(),
            ));
        }
        if event_type != MESSAGE_RECEIVED {
            continue;
        }
        let data: AcsChatMessageReceivedEventData = serde_json::from_value(data).map_err(bad)?;
        let recipient = data
            .recipient_communication_identifier
            .and_then(|id| id.raw_id)
            .unwrap_or_default();
        let sender = data
            .sender_communication_identifier
            .raw_id
            .unwrap_or_default();
        if recipient != bot || sender == bot {
            continue;
        }
        messages.push(IncomingMessage {
            thread_id: data.thread_id.unwrap_or_default(),
            message_id: data.message_id,
            sender,
            text: data.message_body.unwrap_or_default(),
        });
    }
    Ok(Delivery::Messages(messages))
}
