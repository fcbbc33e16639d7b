//! The email events: one `EmailDeliveryReportReceived` per recipient of each message sent,
//! published when the send operation reaches its final status (on the emulator's clock).
//!
//! Engagement tracking reports (`EmailEngagementTrackingReportReceived`) need a person to
//! open the mail or click a link, which never happens in the emulator, so none is published.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::envelope::{Event, time_text};
use crate::state::{BOUNCE_DOMAIN, StoredEmail};

/// The delivery reports of `email`, at `delivered_at` (when its status becomes final).
pub(crate) fn delivery_reports(email: &StoredEmail, delivered_at: DateTime<Utc>) -> Vec<Event> {
    let message = &email.message;
    let sender = message.sender_address.as_str();
    let recipients = message
        .recipients
        .to
        .iter()
        .chain(&message.recipients.cc)
        .chain(&message.recipients.bcc);
    recipients
        .map(|recipient| {
            let bounces = recipient
                .address
                .rsplit_once('@')
                .is_some_and(|(_, domain)| domain.eq_ignore_ascii_case(BOUNCE_DOMAIN));
            let (status, details) = if bounces {
                (
                    "Bounced",
                    json!({ "statusMessage": format!("The recipient domain {BOUNCE_DOMAIN} does not accept mail.") }),
                )
            } else if email.bounces {
                (
                    "Failed",
                    json!({ "statusMessage": "The message was dropped: another recipient does not accept mail." }),
                )
            } else {
                (
                    "Delivered",
                    json!({ "statusMessage": "No error.", "recipientMailServerHostName": "acs-emulator.local" }),
                )
            };
            Event::new(
                "Microsoft.Communication.EmailDeliveryReportReceived",
                format!("sender/{sender}/message/{}", email.operation_id),
                delivered_at,
                json!({
                    "sender": sender,
                    "recipient": recipient.address,
                    "messageId": email.operation_id,
                    "internetMessageId": format!("<{}@acs-emulator.local>", email.operation_id),
                    "status": status,
                    "deliveryStatusDetails": details,
                    "deliveryAttemptTimestamp": time_text(delivered_at),
                }),
            )
        })
        .collect()
}
