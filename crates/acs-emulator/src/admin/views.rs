//! The read-only views of the admin API: identities, threads, emails, recent requests.

use base64::Engine as _;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::{HeaderValue, StatusCode};
use serde_json::{Value, json};

use crate::api_error::ApiError;
use crate::request::Reply;
use crate::state::{State, StoredEmail, Thread, lock};

/// `GET /emulator/api/identities`.
pub(super) fn identities(state: &State) -> Reply {
    let value: Vec<Value> = state
        .identities
        .list()
        .into_iter()
        .map(|identity| {
            json!({
                "id": identity.id,
                "tokenGeneration": identity.token_generation,
                "deleted": identity.deleted,
            })
        })
        .collect();
    let assignments = state.identities.list_assignments();
    Reply::json(
        StatusCode::OK,
        json!({ "value": value, "teamsExtensionAssignments": assignments }),
    )
}

/// `GET /emulator/api/threads`: the `max` most recently active threads, newest first, each
/// with its participants, newest `max_messages` messages and read receipts.
pub(super) fn threads(state: &State, max: usize, max_messages: usize) -> Reply {
    // The catalog lock is released before any thread is locked, one thread at a time.
    let mut threads: Vec<_> = state
        .threads
        .all()
        .iter()
        .map(|thread| {
            let thread = lock(thread);
            (
                thread.last_message_received_on,
                thread.id.clone(),
                thread.inspect(max_messages),
            )
        })
        .collect();
    threads.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let total = threads.len();
    let value: Vec<Value> = threads
        .into_iter()
        .take(max)
        .map(|(_, _, json)| json)
        .collect();
    Reply::json(StatusCode::OK, json!({ "value": value, "total": total }))
}

fn with_thread<T>(state: &State, id: &str, f: impl FnOnce(&Thread) -> T) -> Result<T, ApiError> {
    let thread = state
        .threads
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("No thread with the id '{id}' exists.")))?;
    let thread = lock(&thread);
    Ok(f(&thread))
}

/// `GET /emulator/api/threads/{id}`.
pub(super) fn thread(state: &State, id: &str, max_messages: usize) -> Result<Reply, ApiError> {
    with_thread(state, id, |thread| {
        Reply::json(StatusCode::OK, thread.inspect(max_messages))
    })
}

/// `GET /emulator/api/threads/{id}/messages`: the newest messages, oldest first.
pub(super) fn messages(state: &State, id: &str, max: usize) -> Result<Reply, ApiError> {
    with_thread(state, id, |thread| {
        let (value, more) = thread.inspect_messages(max);
        Reply::json(
            StatusCode::OK,
            json!({ "value": value, "olderMessagesOmitted": more }),
        )
    })
}

/// `GET /emulator/api/threads/{id}/participants`.
pub(super) fn participants(state: &State, id: &str) -> Result<Reply, ApiError> {
    with_thread(state, id, |thread| {
        Reply::json(
            StatusCode::OK,
            json!({ "value": thread.inspect_participants() }),
        )
    })
}

/// `GET /emulator/api/threads/{id}/readReceipts`.
pub(super) fn read_receipts(state: &State, id: &str) -> Result<Reply, ApiError> {
    with_thread(state, id, |thread| {
        Reply::json(
            StatusCode::OK,
            json!({ "value": thread.inspect_read_receipts() }),
        )
    })
}

/// An email as the inspector shows it: what was sent, without the attachments' content
/// (which [`attachment`] serves), plus its id, time, size and status.
fn describe(now: DateTime<Utc>, email: &StoredEmail) -> Value {
    let message = &email.message;
    let attachments: Vec<Value> = message
        .attachments
        .iter()
        .enumerate()
        .map(|(index, attachment)| {
            json!({
                "index": index,
                "name": attachment.name,
                "contentType": attachment.content_type,
                "contentId": attachment.content_id,
                "size": decoded_len(&attachment.content_in_base64),
            })
        })
        .collect();
    let mut headers: Vec<(&String, &String)> = message.headers.iter().collect();
    headers.sort();
    json!({
        "id": email.operation_id,
        "receivedAt": email.received_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "status": email.status(now),
        "size": email.size,
        "senderAddress": message.sender_address,
        "recipients": message.recipients,
        "replyTo": message.reply_to,
        "subject": message.content.subject,
        "plainText": message.content.plain_text,
        "html": message.content.html,
        "headers": headers.into_iter().map(|(name, value)| json!({ "name": name, "value": value })).collect::<Vec<_>>(),
        "userEngagementTrackingDisabled": message.user_engagement_tracking_disabled,
        "attachments": attachments,
    })
}

/// The length of what base64 `text` decodes to, without decoding it (the send checked that it
/// is base64).
fn decoded_len(text: &str) -> usize {
    let text = text.trim_end();
    let padding = text.bytes().rev().take_while(|byte| *byte == b'=').count();
    (text.len() / 4 * 3 + (text.len() % 4 * 3 / 4)).saturating_sub(padding)
}

/// `GET /emulator/api/emails`: the newest `max` emails, newest first.
pub(super) fn emails(state: &State, max: usize) -> Reply {
    let now = state.clock.now();
    let (value, total) = state.mailbox.newest(max, |email| describe(now, email));
    Reply::json(StatusCode::OK, json!({ "value": value, "total": total }))
}

fn stored_email(state: &State, id: &str) -> Result<StoredEmail, ApiError> {
    state.mailbox.get(id).ok_or_else(|| {
        ApiError::not_found(format!("No email with the id '{id}' is in the mailbox."))
    })
}

/// `GET /emulator/api/emails/{id}`.
pub(super) fn email(state: &State, id: &str) -> Result<Reply, ApiError> {
    let email = stored_email(state, id)?;
    Ok(Reply::json(
        StatusCode::OK,
        describe(state.clock.now(), &email),
    ))
}

/// `GET /emulator/api/emails/{id}/attachments/{index}`: the attachment's bytes, as a
/// download (`Content-Disposition: attachment`) that a browser never renders in the page.
pub(super) fn attachment(state: &State, id: &str, index: &str) -> Result<Reply, ApiError> {
    let email = stored_email(state, id)?;
    let missing = || {
        ApiError::not_found(format!(
            "The email '{id}' has no attachment with the index '{index}'."
        ))
    };
    let attachment = index
        .parse::<usize>()
        .ok()
        .and_then(|index| email.message.attachments.get(index))
        .ok_or_else(missing)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&attachment.content_in_base64)
        .map_err(|error| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                format!("The attachment is not valid base64: {error}."),
            )
        })?;
    let mut reply = Reply::empty(StatusCode::OK);
    reply.raw = Some(("application/octet-stream", Bytes::from(bytes)));
    if HeaderValue::from_str(&attachment.content_type).is_ok() {
        reply = reply.with_header("content-type", attachment.content_type.clone());
    }
    Ok(reply
        .with_header("content-disposition", content_disposition(&attachment.name))
        .with_header("content-security-policy", "sandbox".to_owned())
        .with_header("x-content-type-options", "nosniff".to_owned()))
}

/// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>`.
fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded =
        percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC).to_string();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// `GET /emulator/api/requests`: the recent requests, newest first.
pub(super) fn requests(state: &State, after: Option<u64>) -> Reply {
    let value = state.requests.list(after);
    Reply::json(
        StatusCode::OK,
        json!({ "value": value, "capacity": crate::request_log::MAX_REQUESTS }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_lengths_match_decoding() {
        use base64::Engine as _;
        let engine = base64::engine::general_purpose::STANDARD;
        for length in 0..10 {
            let text = engine.encode(vec![7u8; length]);
            assert_eq!(decoded_len(&text), length, "{text}");
        }
    }

    #[test]
    fn attachment_names_are_quoted_safely() {
        assert_eq!(
            content_disposition("a \"b\".pdf"),
            "attachment; filename=\"a _b_.pdf\"; filename*=UTF-8''a%20%22b%22%2Epdf"
        );
        assert_eq!(
            content_disposition("é\r\n.txt"),
            "attachment; filename=\"___.txt\"; filename*=UTF-8''%C3%A9%0D%0A%2Etxt"
        );
    }
}
