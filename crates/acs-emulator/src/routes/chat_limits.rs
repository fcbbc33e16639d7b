//! The service's size limits on chat (its "Service limits" page): a message's content of at
//! most 28 KB, at most 250 participants in a thread, at most 200 participants added by one
//! request. Past them the answer is `400 ValidationError` with the offending field as `target`,
//! like the emulator's other validation.
//!
//! The other limits are enforced elsewhere: request bodies (`413 RequestEntityTooLarge`,
//! [`Limits::with_max_body_bytes`](crate::Limits::with_max_body_bytes)), `maxPageSize` in
//! 1–200 (`paging`), metadata of at most 1 KB and email sizes (`validate`, `email`).

use std::collections::HashSet;

use crate::api_error::ApiError;
use crate::state::{NewParticipant, Thread};

/// The largest message content, in bytes (UTF-8).
pub(crate) const MAX_MESSAGE_BYTES: usize = 28 * 1024;
/// The most participants a thread may have.
pub(crate) const MAX_PARTICIPANTS: usize = 250;
/// The most participants one add request may carry.
pub(crate) const MAX_PARTICIPANTS_PER_ADD: usize = 200;

/// A message's content is at most [`MAX_MESSAGE_BYTES`].
pub(crate) fn message_content(content: &str) -> Result<(), ApiError> {
    if content.len() > MAX_MESSAGE_BYTES {
        return Err(ApiError::validation(
            "content",
            format!(
                "The message content is {} bytes long; the maximum message size is {MAX_MESSAGE_BYTES} bytes (28 KB).",
                content.len()
            ),
        ));
    }
    Ok(())
}

/// An add request carries at most [`MAX_PARTICIPANTS_PER_ADD`] participants.
pub(crate) fn participants_per_add(count: usize) -> Result<(), ApiError> {
    if count > MAX_PARTICIPANTS_PER_ADD {
        return Err(ApiError::validation(
            "participants",
            format!(
                "{count} participants cannot be added at once; at most {MAX_PARTICIPANTS_PER_ADD} can be added by one request."
            ),
        ));
    }
    Ok(())
}

/// A new thread (its creator and `participants`) has at most [`MAX_PARTICIPANTS`].
pub(crate) fn new_thread(creator: &str, participants: &[NewParticipant]) -> Result<(), ApiError> {
    let distinct: HashSet<&str> = participants
        .iter()
        .map(|p| p.raw_id.as_str())
        .chain([creator])
        .collect();
    within_thread_limit(distinct.len())
}

/// `thread` with `adding` has at most [`MAX_PARTICIPANTS`].
pub(crate) fn after_adding(thread: &Thread, adding: &[NewParticipant]) -> Result<(), ApiError> {
    let current = thread.participants_page(0, usize::MAX).0.len();
    let new: HashSet<&str> = adding
        .iter()
        .map(|p| p.raw_id.as_str())
        .filter(|raw_id| thread.participant(raw_id).is_none())
        .collect();
    within_thread_limit(current + new.len())
}

fn within_thread_limit(count: usize) -> Result<(), ApiError> {
    if count > MAX_PARTICIPANTS {
        return Err(ApiError::validation(
            "participants",
            format!(
                "The thread would have {count} participants; a thread can have at most {MAX_PARTICIPANTS}."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_content_up_to_28_kb() {
        assert!(message_content(&"a".repeat(MAX_MESSAGE_BYTES)).is_ok());
        // Bytes, not characters: 2-byte characters reach the limit at half the count.
        assert!(message_content(&"é".repeat(MAX_MESSAGE_BYTES / 2 + 1)).is_err());
    }

    #[test]
    fn participants_count_once_with_the_creator() {
        let people: Vec<NewParticipant> = (0..MAX_PARTICIPANTS)
            .map(|i| NewParticipant {
                raw_id: format!("8:acs:r_{i}"),
                display_name: None,
                share_history_time: None,
                metadata: Default::default(),
            })
            .collect();
        assert!(new_thread("8:acs:r_0", &people).is_ok());
        assert!(new_thread("8:acs:r_creator", &people).is_err());
        assert!(participants_per_add(MAX_PARTICIPANTS_PER_ADD).is_ok());
        assert!(participants_per_add(MAX_PARTICIPANTS_PER_ADD + 1).is_err());
    }
}
