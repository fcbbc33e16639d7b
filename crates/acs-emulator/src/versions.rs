//! The api-versions the emulator answers, per service.

/// The Identity api-versions the emulator accepts, oldest first. `2023-10-01` is the default of
/// the official Python, JS and .NET SDKs; `2026-09-23` is the version acs-rs is generated from.
///
/// ```
/// assert!(acs_emulator::IDENTITY_API_VERSIONS.contains(&"2023-10-01"));
/// assert!(acs_emulator::IDENTITY_API_VERSIONS.contains(&acs_identity_rest::API_VERSION));
/// ```
pub const IDENTITY_API_VERSIONS: &[&str] = &[
    "2021-03-07",
    "2022-06-01",
    "2022-10-01",
    "2023-10-01",
    "2025-06-30",
    "2026-09-23",
];

/// The Chat api-versions the emulator accepts, oldest first. `2024-03-07` is the default of the
/// official Python SDK; `2025-03-15` is the version acs-rs is generated from.
///
/// ```
/// assert!(acs_emulator::CHAT_API_VERSIONS.contains(&"2024-03-07"));
/// assert!(acs_emulator::CHAT_API_VERSIONS.contains(&acs_chat_rest::API_VERSION));
/// ```
pub const CHAT_API_VERSIONS: &[&str] = &["2021-09-07", "2023-11-07", "2024-03-07", "2025-03-15"];

/// The Email api-versions the emulator accepts, oldest first. `2025-09-01` is the default of the
/// official Python and JS SDKs 1.1 and the version acs-rs is generated from; `2023-03-31` has
/// the same wire without inline attachments.
///
/// ```
/// assert!(acs_emulator::EMAIL_API_VERSIONS.contains(&acs_email_rest::API_VERSION));
/// ```
pub const EMAIL_API_VERSIONS: &[&str] = &["2023-03-31", "2025-09-01"];
/// The first Email version with inline attachments (`contentId`).
pub(crate) const EMAIL_INLINE_ATTACHMENTS_SINCE: &str = "2025-09-01";

/// The first Identity version with the Teams Phone extension operations.
pub(crate) const IDENTITY_TEAMS_EXTENSION_SINCE: &str = "2025-06-30";
/// The first Chat version with thread and participant metadata and retention policies.
pub(crate) const CHAT_METADATA_SINCE: &str = "2025-03-15";
/// The first Chat version whose text and HTML messages always carry `attachments: []`.
pub(crate) const CHAT_ATTACHMENTS_SINCE: &str = "2024-03-07";

/// `api-supported-versions` as the service writes it: a comma-and-space list.
pub(crate) fn supported_header(versions: &[&str]) -> String {
    versions.join(", ")
}

/// Whether `version` is at least `since` (the versions are ISO dates, so text order is date order).
pub(crate) fn at_least(version: &str, since: &str) -> bool {
    version >= since
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_dates() {
        assert!(at_least("2025-03-15", CHAT_METADATA_SINCE));
        assert!(!at_least("2024-03-07", CHAT_METADATA_SINCE));
        assert!(at_least("2024-03-07", CHAT_ATTACHMENTS_SINCE));
    }

    #[test]
    fn generated_versions_are_supported() {
        assert!(IDENTITY_API_VERSIONS.contains(&acs_identity_rest::API_VERSION));
        assert!(CHAT_API_VERSIONS.contains(&acs_chat_rest::API_VERSION));
        assert_eq!(supported_header(&["a", "b"]), "a, b");
    }
}
