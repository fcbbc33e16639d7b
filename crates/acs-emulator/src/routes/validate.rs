//! Chat request checks the service makes beyond the JSON shape: retention policies and the size
//! of thread and participant metadata. Failures are `400 ValidationError` with a `target`, as
//! the service answers (`"ExpiresInMinutes value 1441 is invalid. Value must be within the
//! [60, 1440] interval."`).

use std::collections::HashMap;
use std::ops::RangeInclusive;

use acs_chat_rest::types::{ChatRetentionPolicy, RetentionPolicyKind};

use crate::api_error::ApiError;

/// `deleteThreadAfterDays` of a `threadCreationDate` policy: automatic deletion between 30 and
/// 90 days after creation, as the service documents.
pub(crate) const DELETE_THREAD_AFTER_DAYS: RangeInclusive<i32> = 30..=90;

/// The total size of a thread's or participant's metadata: "up to 1 KB" in the spec, counted
/// as the UTF-8 bytes of every key and value.
pub(crate) const MAX_METADATA_BYTES: usize = 1024;

/// Checks a retention policy and gives it as it is stored: `none` carries no days.
pub(crate) fn retention_policy(
    policy: Option<ChatRetentionPolicy>,
) -> Result<Option<ChatRetentionPolicy>, ApiError> {
    let Some(policy) = policy else {
        return Ok(None);
    };
    match &policy.kind {
        RetentionPolicyKind::ThreadCreationDate => {
            let target = "retentionPolicy.deleteThreadAfterDays";
            let days = policy.delete_thread_after_days.ok_or_else(|| {
                ApiError::validation(
                    target,
                    "DeleteThreadAfterDays is required for a threadCreationDate retention policy.",
                )
            })?;
            if !DELETE_THREAD_AFTER_DAYS.contains(&days) {
                return Err(ApiError::validation(
                    target,
                    format!(
                        "DeleteThreadAfterDays value {days} is invalid. Value must be within the [{}, {}] interval.",
                        DELETE_THREAD_AFTER_DAYS.start(),
                        DELETE_THREAD_AFTER_DAYS.end()
                    ),
                ));
            }
            Ok(Some(policy))
        }
        RetentionPolicyKind::None => Ok(Some(ChatRetentionPolicy {
            kind: RetentionPolicyKind::None,
            delete_thread_after_days: None,
        })),
        RetentionPolicyKind::UnknownValue(kind) => Err(ApiError::validation(
            "retentionPolicy.kind",
            format!(
                "Retention policy kind '{kind}' is invalid. Value must be one of: threadCreationDate, none."
            ),
        )),
    }
}

/// The size [`MAX_METADATA_BYTES`] limits.
pub(crate) fn metadata_bytes<'a>(
    pairs: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> usize {
    pairs
        .into_iter()
        .map(|(key, value)| key.len().saturating_add(value.len()))
        .fold(0, usize::saturating_add)
}

/// Checks that metadata stays within [`MAX_METADATA_BYTES`].
pub(crate) fn metadata(target: &str, metadata: &HashMap<String, String>) -> Result<(), ApiError> {
    metadata_size(target, metadata_bytes(metadata))
}

/// Checks a metadata size against [`MAX_METADATA_BYTES`].
pub(crate) fn metadata_size(target: &str, bytes: usize) -> Result<(), ApiError> {
    if bytes > MAX_METADATA_BYTES {
        return Err(ApiError::validation(
            target,
            format!(
                "Metadata size {bytes} bytes is invalid. The keys and values together must be at most {MAX_METADATA_BYTES} bytes."
            ),
        ));
    }
    Ok(())
}

/// The metadata a merge patch leaves: `current` with `patch`'s keys added or replaced.
pub(crate) fn merged_metadata_bytes(
    current: &HashMap<String, String>,
    patch: &HashMap<String, String>,
) -> usize {
    let kept = current.iter().filter(|(key, _)| !patch.contains_key(*key));
    metadata_bytes(kept.chain(patch.iter()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(kind: &str, days: Option<i32>) -> Option<ChatRetentionPolicy> {
        Some(ChatRetentionPolicy {
            kind: RetentionPolicyKind::from(kind),
            delete_thread_after_days: days,
        })
    }

    #[test]
    fn retention_policies() {
        assert_eq!(retention_policy(None), Ok(None));
        for days in [30, 60, 90] {
            assert_eq!(
                retention_policy(policy("threadCreationDate", Some(days))),
                Ok(policy("threadCreationDate", Some(days)))
            );
        }
        for days in [i32::MIN, -1, 0, 29, 91, i32::MAX] {
            let error = retention_policy(policy("threadCreationDate", Some(days)))
                .err()
                .unwrap_or_else(|| panic!("{days} accepted"));
            assert_eq!(error.code, "ValidationError");
            assert_eq!(
                error.target.as_deref(),
                Some("retentionPolicy.deleteThreadAfterDays")
            );
            assert!(error.message.contains("[30, 90]"), "{}", error.message);
        }
        let missing = retention_policy(policy("threadCreationDate", None)).err();
        assert!(missing.is_some_and(|e| e.message.contains("required")));
        assert_eq!(
            retention_policy(policy("none", Some(5))),
            Ok(policy("none", None))
        );
        let unknown = retention_policy(policy("lastMessageDate", Some(30))).err();
        assert_eq!(
            unknown.and_then(|e| e.target),
            Some("retentionPolicy.kind".to_owned())
        );
    }

    #[test]
    fn metadata_sizes() {
        let exactly = HashMap::from([("k".to_owned(), "v".repeat(MAX_METADATA_BYTES - 1))]);
        assert!(metadata("metadata", &exactly).is_ok());
        let over = HashMap::from([("kk".to_owned(), "v".repeat(MAX_METADATA_BYTES - 1))]);
        let error = metadata("metadata", &over).err();
        assert_eq!(error.and_then(|e| e.target), Some("metadata".to_owned()));
        // Multi-byte characters count as their UTF-8 bytes.
        let wide = HashMap::from([("k".to_owned(), "é".repeat(600))]);
        assert!(metadata("metadata", &wide).is_err());
        // A merge replaces keys rather than adding their sizes twice.
        let current = HashMap::from([("a".to_owned(), "x".repeat(600))]);
        let patch = HashMap::from([("a".to_owned(), "y".repeat(600))]);
        assert_eq!(merged_metadata_bytes(&current, &patch), 601);
        let patch = HashMap::from([("b".to_owned(), "y".repeat(600))]);
        assert_eq!(merged_metadata_bytes(&current, &patch), 1202);
    }
}
