//! The `User-Agent` of acs-rs clients.

/// `azsdk-rust-<component>/<version> (<os>; <arch>)`, followed by the caller's suffix.
///
/// ```
/// let agent = acs_core::user_agent("communication-identity", "0.1.0", Some("my-app/2.0"));
/// assert!(agent.starts_with("azsdk-rust-communication-identity/0.1.0 ("));
/// assert!(agent.ends_with(") my-app/2.0"));
/// ```
#[must_use]
pub fn user_agent(component: &str, version: &str, suffix: Option<&str>) -> String {
    let base = format!(
        "azsdk-rust-{component}/{version} ({}; {})",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    match suffix.map(str::trim).filter(|suffix| !suffix.is_empty()) {
        Some(suffix) => format!("{base} {suffix}"),
        None => base,
    }
}
