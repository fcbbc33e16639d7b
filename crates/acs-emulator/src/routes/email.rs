//! Email (HMAC-authenticated): `POST /emails:send` validates a message like the service and
//! stores it in the mailbox once per operation id; `GET /emails/operations/{id}` reports its
//! status, which moves with the emulator's clock. The mailbox API (`GET /emulator/emails`,
//! `/emulator/emails/{id}`, `/emulator/emails/{id}.eml`) lets tests read what was sent.

use acs_email_rest::types::{EmailAddress, EmailAttachment, EmailMessage};
use base64::Engine as _;
use bytes::Bytes;
use http::StatusCode;
use serde_json::{Value, json};

use super::identity::authenticate;
use crate::api_error::ApiError;
use crate::request::{Reply, RequestContext, into_reply};
use crate::router::Route;
use crate::state::{BOUNCE_DOMAIN, State, StoredEmail};
use crate::versions::{EMAIL_INLINE_ATTACHMENTS_SINCE, at_least};

/// The service's limit on a send request, attachments included.
const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;
/// The most recipients of one message (to, cc and bcc together).
const MAX_RECIPIENTS: usize = 50;
/// What an operation id has encoded in `Operation-Location`: all but the unreserved
/// characters (which clients would otherwise normalise, breaking the HMAC signature).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// The seconds a client is asked to wait between polls.
const RETRY_AFTER_SECONDS: u64 = 1;
/// Attachment types the service refuses (executables and scripts).
const BLOCKED_CONTENT_TYPES: &[&str] = &[
    "application/x-msdownload",
    "application/x-msdos-program",
    "application/x-executable",
    "application/x-sh",
    "application/x-bat",
    "application/vnd.microsoft.portable-executable",
    "application/java-archive",
    "application/x-ms-installer",
];
/// File extensions the service refuses.
const BLOCKED_EXTENSIONS: &[&str] = &[
    "exe", "bat", "cmd", "com", "scr", "msi", "dll", "sh", "ps1", "vbs", "jar",
];

pub(super) fn handle(state: &State, ctx: &RequestContext, route: Route, version: &str) -> Reply {
    into_reply(handle_route(state, ctx, route, version))
}

fn handle_route(
    state: &State,
    ctx: &RequestContext,
    route: Route,
    version: &str,
) -> Result<Reply, ApiError> {
    authenticate(state, ctx)?;
    match route {
        Route::EmailSend => send(state, ctx, version),
        Route::EmailGetSendResult { operation_id } => {
            let email = state.mailbox.get(&operation_id).ok_or_else(|| {
                ApiError::not_found(format!("The operation '{operation_id}' was not found."))
            })?;
            Ok(status_reply(StatusCode::OK, &email, state))
        }
        _ => Err(ApiError::not_found(
            "The requested resource does not exist.",
        )),
    }
}

/// The status of `email` now, with `retry-after` while it is not terminal.
fn status_reply(status: StatusCode, email: &StoredEmail, state: &State) -> Reply {
    let result = email.status(state.clock.now());
    let terminal = matches!(result.status.as_str(), "Succeeded" | "Failed" | "Canceled");
    let mut reply = Reply::wire(status, &result);
    if !terminal {
        reply.retry_after = Some(RETRY_AFTER_SECONDS);
    }
    reply
}

fn send(state: &State, ctx: &RequestContext, version: &str) -> Result<Reply, ApiError> {
    if ctx.body.len() > MAX_REQUEST_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            format!(
                "The request is {} bytes; the limit is {MAX_REQUEST_BYTES} bytes, attachments included.",
                ctx.body.len()
            ),
        ));
    }
    let message: EmailMessage = ctx.required_json()?;
    validate(state, &message, version)?;
    let operation_id = match ctx.header("operation-id").map(str::trim) {
        Some("") => return Err(ApiError::bad_request("The Operation-Id header is empty.")),
        Some(id) => id.to_owned(),
        None => uuid::Uuid::new_v4().to_string(),
    };
    let bounces =
        all_recipients(&message).any(|r| domain_of(&r.address).eq_ignore_ascii_case(BOUNCE_DOMAIN));
    let known = state.mailbox.get(&operation_id).is_some();
    let email = state.mailbox.accept(StoredEmail {
        operation_id: operation_id.clone(),
        received_at: state.clock.now(),
        message,
        size: ctx.body.len(),
        bounces,
    });
    if !known && state.events.is_active() {
        // The delivery reports come when the operation reaches its final status.
        let done = email.received_at + crate::state::EMAIL_STEP * 2;
        let reports = crate::events::email::delivery_reports(&email, done);
        state.events.publish_at(done, reports);
    }
    let location = format!(
        "{}/emails/operations/{}?api-version={version}",
        ctx.base_url(),
        percent_encoding::utf8_percent_encode(&email.operation_id, PATH_SEGMENT)
    );
    let mut reply = status_reply(StatusCode::ACCEPTED, &email, state)
        .with_header("operation-location", location);
    reply.retry_after = Some(RETRY_AFTER_SECONDS);
    Ok(reply)
}

fn all_recipients(message: &EmailMessage) -> impl Iterator<Item = &EmailAddress> {
    message
        .recipients
        .to
        .iter()
        .chain(&message.recipients.cc)
        .chain(&message.recipients.bcc)
}

fn domain_of(address: &str) -> &str {
    address.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// A syntactically valid `local@domain.tld`.
fn is_address(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

fn validate(state: &State, message: &EmailMessage, version: &str) -> Result<(), ApiError> {
    let sender = &message.sender_address;
    if !is_address(sender) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "InvalidSenderAddress",
            format!("The sender address '{sender}' is not a valid email address."),
        )
        .with_target("senderAddress"));
    }
    let domain = domain_of(sender).to_ascii_lowercase();
    if !state.email_domains.contains(&domain)
        && !state.arm.accepts_sender(sender, state.clock.now())
    {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "DomainNotLinked",
            format!(
                "The sender domain '{domain}' has not been linked to this resource (linked: {}).",
                state.email_domains.join(", ")
            ),
        )
        .with_target("senderAddress"));
    }
    if message.content.subject.trim().is_empty() {
        return Err(ApiError::validation(
            "content.subject",
            "The subject is required.",
        ));
    }
    if message.content.plain_text.is_none() && message.content.html.is_none() {
        return Err(ApiError::validation(
            "content",
            "The content needs a plainText or an html body.",
        ));
    }
    let total = all_recipients(message).count();
    if total == 0 {
        return Err(ApiError::validation(
            "recipients",
            "At least one recipient (to, cc or bcc) is required.",
        ));
    }
    if total > MAX_RECIPIENTS {
        return Err(ApiError::validation(
            "recipients",
            format!("The message has {total} recipients; at most {MAX_RECIPIENTS} are allowed."),
        ));
    }
    for (target, address) in all_recipients(message)
        .map(|a| ("recipients", a))
        .chain(message.reply_to.iter().map(|a| ("replyTo", a)))
    {
        if !is_address(&address.address) {
            return Err(ApiError::validation(
                target,
                format!("'{}' is not a valid email address.", address.address),
            ));
        }
    }
    for name in message.headers.keys() {
        if name.is_empty() || !name.bytes().all(|b| (33..=126).contains(&b) && b != b':') {
            return Err(ApiError::validation(
                "headers",
                format!("'{name}' is not a valid header name."),
            ));
        }
    }
    for value in message.headers.values() {
        if value.contains(['\r', '\n']) {
            return Err(ApiError::validation(
                "headers",
                "A header value contains a line break.",
            ));
        }
    }
    for attachment in &message.attachments {
        validate_attachment(attachment, version)?;
    }
    Ok(())
}

fn validate_attachment(attachment: &EmailAttachment, version: &str) -> Result<(), ApiError> {
    let name = &attachment.name;
    if name.trim().is_empty() {
        return Err(ApiError::validation(
            "attachments",
            "An attachment has no name.",
        ));
    }
    let content_type = attachment.content_type.to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    if !essence.contains('/')
        || BLOCKED_CONTENT_TYPES.contains(&essence)
        || extension.is_some_and(|ext| BLOCKED_EXTENSIONS.contains(&ext.as_str()))
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "UnsupportedAttachmentType",
            format!(
                "The attachment '{name}' of type '{}' is not an allowed attachment type.",
                attachment.content_type
            ),
        )
        .with_target("attachments"));
    }
    if base64::engine::general_purpose::STANDARD
        .decode(&attachment.content_in_base64)
        .is_err()
    {
        return Err(ApiError::validation(
            "attachments",
            format!("The content of the attachment '{name}' is not valid base64."),
        ));
    }
    if attachment.content_id.is_some() && !at_least(version, EMAIL_INLINE_ATTACHMENTS_SINCE) {
        return Err(ApiError::validation(
            "attachments",
            format!(
                "Inline attachments (contentId) need api-version {EMAIL_INLINE_ATTACHMENTS_SINCE}."
            ),
        ));
    }
    Ok(())
}

/// The mailbox API.
pub(super) fn mailbox(state: &State, route: Route) -> Reply {
    let now = state.clock.now();
    match route {
        Route::MailboxList => {
            let value: Vec<Value> = state
                .mailbox
                .list()
                .iter()
                .map(|email| describe(email, now, false))
                .collect();
            Reply::json(StatusCode::OK, json!({ "value": value }))
        }
        Route::MailboxGet { id } => match state.mailbox.get(&id) {
            Some(email) => Reply::json(StatusCode::OK, describe(&email, now, true)),
            None => not_found(&id),
        },
        Route::MailboxRaw { id } => match state.mailbox.get(&id) {
            Some(email) => match mime(&email) {
                Ok(bytes) => {
                    let mut reply = Reply::empty(StatusCode::OK);
                    reply.raw = Some(("message/rfc822", Bytes::from(bytes)));
                    reply
                }
                Err(error) => ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "InternalError",
                    format!("The message cannot be written as MIME: {error}."),
                )
                .into(),
            },
            None => not_found(&id),
        },
        _ => not_found(""),
    }
}

fn not_found(id: &str) -> Reply {
    ApiError::not_found(format!("No email with the id '{id}' is in the mailbox.")).into()
}

/// A mailbox entry as JSON: what was sent (the wire message), plus its id, time and status.
fn describe(email: &StoredEmail, now: chrono::DateTime<chrono::Utc>, content: bool) -> Value {
    let mut message = serde_json::to_value(&email.message).unwrap_or_default();
    if let Some(attachments) = message.get_mut("attachments").and_then(Value::as_array_mut) {
        for (attachment, stored) in attachments.iter_mut().zip(&email.message.attachments) {
            let size = base64::engine::general_purpose::STANDARD
                .decode(&stored.content_in_base64)
                .map_or(0, |bytes| bytes.len());
            if let Some(object) = attachment.as_object_mut() {
                object.insert("size".to_owned(), json!(size));
                if !content {
                    object.remove("contentInBase64");
                }
            }
        }
    }
    json!({
        "id": email.operation_id,
        "receivedAt": email.received_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "status": email.status(now),
        "message": message,
    })
}

/// The message as the recipients would get it (RFC 5322 / MIME); Bcc is not written.
fn mime(email: &StoredEmail) -> std::io::Result<Vec<u8>> {
    use mail_builder::MessageBuilder;
    use mail_builder::headers::address::Address;
    use mail_builder::headers::raw::Raw;

    fn address(a: &EmailAddress) -> Address<'_> {
        match &a.display_name {
            Some(name) => Address::new_address(Some(name.as_str()), a.address.as_str()),
            None => Address::new_address(None::<&str>, a.address.as_str()),
        }
    }
    fn list(list: &[EmailAddress]) -> Vec<Address<'_>> {
        list.iter().map(address).collect()
    }
    let message = &email.message;
    let mut builder = MessageBuilder::new()
        .message_id(format!("{}@acs-emulator", email.operation_id))
        .date(email.received_at.timestamp())
        .from(Address::new_address(
            None::<&str>,
            message.sender_address.as_str(),
        ))
        .subject(message.content.subject.as_str());
    if !message.recipients.to.is_empty() {
        builder = builder.to(Address::new_list(list(&message.recipients.to)));
    }
    if !message.recipients.cc.is_empty() {
        builder = builder.cc(Address::new_list(list(&message.recipients.cc)));
    }
    if !message.reply_to.is_empty() {
        builder = builder.reply_to(Address::new_list(list(&message.reply_to)));
    }
    let mut headers: Vec<_> = message.headers.iter().collect();
    headers.sort();
    for (name, value) in headers {
        builder = builder.header(name.as_str(), Raw::new(value.as_str()));
    }
    if let Some(text) = &message.content.plain_text {
        builder = builder.text_body(text.as_str());
    }
    if let Some(html) = &message.content.html {
        builder = builder.html_body(html.as_str());
    }
    for attachment in &message.attachments {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&attachment.content_in_base64)
            .unwrap_or_default();
        builder = match &attachment.content_id {
            Some(cid) => builder.inline(attachment.content_type.clone(), cid.clone(), bytes),
            None => builder.attachment(
                attachment.content_type.clone(),
                attachment.name.clone(),
                bytes,
            ),
        };
    }
    builder.write_to_vec()
}
