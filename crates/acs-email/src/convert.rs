//! Conversions between the public models and the wire types of `acs-email-rest`.

use base64::Engine as _;

use acs_email_rest::types as wire;

use crate::models::{EmailAddress, EmailMessage, EmailSendError, EmailSendResult, EmailSendStatus};

fn address(address: &EmailAddress) -> wire::EmailAddress {
    wire::EmailAddress {
        address: address.address().to_owned(),
        display_name: address.display_name().map(str::to_owned),
    }
}

fn addresses(list: &[EmailAddress]) -> Vec<wire::EmailAddress> {
    list.iter().map(address).collect()
}

/// The wire body of `message`.
pub(crate) fn message(message: &EmailMessage) -> wire::EmailMessage {
    wire::EmailMessage {
        sender_address: message.sender.clone(),
        content: wire::EmailContent {
            subject: message.subject.clone(),
            plain_text: message.text.clone(),
            html: message.html.clone(),
        },
        recipients: wire::EmailRecipients {
            to: addresses(&message.to),
            cc: addresses(&message.cc),
            bcc: addresses(&message.bcc),
        },
        reply_to: addresses(&message.reply_to),
        headers: message
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
        attachments: message
            .attachments
            .iter()
            .map(|attachment| wire::EmailAttachment {
                name: attachment.name().to_owned(),
                content_type: attachment.content_type().to_owned(),
                content_in_base64: base64::engine::general_purpose::STANDARD
                    .encode(attachment.content()),
                content_id: attachment.content_id().map(str::to_owned),
            })
            .collect(),
        user_engagement_tracking_disabled: message.user_engagement_tracking_disabled,
    }
}

/// Counts bytes written, to size a request without building it.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The size in bytes of the JSON request body of `message`.
pub(crate) fn request_size(message_: &EmailMessage) -> usize {
    let mut counter = Counter(0);
    match serde_json::to_writer(&mut counter, &message(message_)) {
        Ok(()) => counter.0,
        Err(_) => usize::MAX,
    }
}

fn error(detail: wire::ErrorDetail) -> EmailSendError {
    let mut error = EmailSendError::default();
    error.code = detail.code;
    error.message = detail.message;
    error.target = detail.target;
    error.details = detail.details.into_iter().map(self::error).collect();
    error
}

/// The public form of a wire status.
pub(crate) fn result(result: wire::EmailSendResult) -> EmailSendResult {
    EmailSendResult {
        id: result.id,
        status: EmailSendStatus::from(result.status.as_str()),
        error: result.error.map(error),
    }
}
