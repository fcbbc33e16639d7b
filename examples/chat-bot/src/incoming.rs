//! The messages of a delivery the bot should answer: the `ChatMessageReceived` events whose
//! recipient is the bot (so it never answers itself, and only in threads it is in).

use acs_events::{AcsEvent, Delivery};

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

/// The messages of `delivery` sent to `bot` (a raw id) by someone else.
///
/// ```
/// let body = br#"[{"id": "e1", "subject": "s", "eventType": "Microsoft.Communication.ChatMessageReceived",
///   "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
///   "data": {"messageId": "1", "messageBody": "help", "type": "Text", "threadId": "19:t@thread.v2",
///     "senderCommunicationIdentifier": {"rawId": "8:acs:alice"},
///     "recipientCommunicationIdentifier": {"rawId": "8:acs:bot"}}}]"#;
/// let delivery = acs_events::parse_delivery(body)?;
/// let messages = acs_chat_bot_example::messages_for("8:acs:bot", &delivery);
/// assert_eq!(messages[0].text, "help");
/// assert!(acs_chat_bot_example::messages_for("8:acs:carol", &delivery).is_empty());
/// # Ok::<(), acs_events::Error>(())
/// ```
pub fn messages_for(bot: &str, delivery: &Delivery) -> Vec<IncomingMessage> {
    delivery
        .events()
        .filter_map(|event| match &event.data {
            AcsEvent::ChatMessageReceived(message) => Some(message),
            _ => None,
        })
        .filter(|message| {
            message
                .recipient
                .as_ref()
                .is_some_and(|recipient| recipient.raw_id() == bot)
                && message.sender.raw_id() != bot
        })
        .map(|message| IncomingMessage {
            thread_id: message.thread_id.clone(),
            message_id: message.message_id.clone(),
            sender: message.sender.raw_id().to_owned(),
            text: message.body.clone().unwrap_or_default(),
        })
        .collect()
}
