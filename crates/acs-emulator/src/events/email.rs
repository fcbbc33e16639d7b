//! The email events: one `EmailDeliveryReportReceived` per recipient of each message sent,
//! published when the send operation reaches its final status (on the emulator's clock).
//!
//! Engagement tracking reports (`EmailEngagementTrackingReportReceived`) need a person to
//! open the mail or click a link, which never happens in the emulator, so none is published.

use acs_events_model::types::{
    AcsEmailDeliveryReportReceivedEventData, AcsEmailDeliveryReportStatus,
    AcsEmailDeliveryReportStatusDetails,
};
use chrono::{DateTime, Utc};

use super::envelope::Event;
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
            let (status, status_message, host) = if bounces {
                (
                    AcsEmailDeliveryReportStatus::Bounced,
                    format!("The recipient domain {BOUNCE_DOMAIN} does not accept mail."),
                    None,
                )
            } else if email.bounces {
                (
                    AcsEmailDeliveryReportStatus::Failed,
                    "The message was dropped: another recipient does not accept mail.".to_owned(),
                    None,
                )
            } else {
                (
                    AcsEmailDeliveryReportStatus::Delivered,
                    "No error.".to_owned(),
                    Some("acs-emulator.local".to_owned()),
                )
            };
            let data = AcsEmailDeliveryReportReceivedEventData {
                delivery_attempt_timestamp: Some(delivered_at),
                delivery_status_details: Some(AcsEmailDeliveryReportStatusDetails {
                    recipient_mail_server_host_name: host,
                    status_message: Some(status_message),
                }),
                internet_message_id: Some(format!("<{}@acs-emulator.local>", email.operation_id)),
                message_id: Some(email.operation_id.clone()),
                recipient: recipient.address.clone(),
                sender: sender.to_owned(),
                status: Some(status),
            };
            Event::new(
                "Microsoft.Communication.EmailDeliveryReportReceived",
                format!("sender/{sender}/message/{}", email.operation_id),
                delivered_at,
                serde_json::to_value(&data).unwrap_or_default(),
            )
        })
        .collect()
}
