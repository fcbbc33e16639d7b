//! Shared fixtures of the acs-rs cross-crate tests (the tests themselves are in `tests/tests/`).
//!
//! [`render_request`] turns a request as wiremock received it into a stable text for insta
//! snapshots: method, path and query exactly as on the wire, the headers that matter (sorted),
//! and the pretty-printed JSON body. Values that differ on every run (the client request id, a
//! generated repeatability id, the platform in the user agent) are checked for their form and
//! replaced by a placeholder; everything else, the HMAC signature included, is pinned.
#![forbid(unsafe_code)]

use std::fmt::Write as _;

/// The request headers a wire snapshot shows.
pub const SNAPSHOT_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "operation-id",
    "repeatability-request-id",
    "user-agent",
    "x-ms-client-request-id",
    "x-ms-content-sha256",
    "x-ms-correlation-request-id",
    "x-ms-date",
];

/// Headers whose values are random UUIDs; shown as `<uuid-v4>` once checked.
const RANDOM_UUID_HEADERS: &[&str] = &["x-ms-client-request-id"];

/// Renders `request` for a snapshot (see the crate docs).
///
/// ```
/// # let _ = acs_integration_tests::render_request;
/// ```
#[must_use]
pub fn render_request(request: &wiremock::Request) -> String {
    let mut out = String::new();
    let query = request
        .url
        .query()
        .map(|query| format!("?{query}"))
        .unwrap_or_default();
    let _ = writeln!(out, "{} {}{}", request.method, request.url.path(), query);
    let mut names: Vec<&str> = SNAPSHOT_HEADERS
        .iter()
        .copied()
        .filter(|name| request.headers.contains_key(*name))
        .collect();
    names.sort_unstable();
    for name in names {
        let value = request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("<not text>");
        let _ = writeln!(out, "{name}: {}", stable_header_value(name, value));
    }
    if request.body.is_empty() {
        out.push_str("\n<no body>\n");
    } else {
        match serde_json::from_slice::<serde_json::Value>(&request.body) {
            Ok(json) => {
                let pretty = serde_json::to_string_pretty(&json).unwrap_or_default();
                let _ = write!(out, "\n{pretty}\n");
            }
            Err(_) => {
                let _ = write!(out, "\n{}\n", String::from_utf8_lossy(&request.body));
            }
        }
    }
    out
}

/// Replaces run-dependent header values by placeholders, after checking their form.
fn stable_header_value(name: &str, value: &str) -> String {
    if RANDOM_UUID_HEADERS.contains(&name)
        || ((name == "repeatability-request-id" || name == "operation-id")
            && is_uuid_v4(value)
            && value != FIXED_REPEATABILITY_ID)
    {
        return if is_uuid_v4(value) {
            "<uuid-v4>".to_owned()
        } else {
            format!("<not a uuid v4: {value}>")
        };
    }
    if name == "user-agent"
        && let (Some(open), Some(close)) = (value.find(" ("), value.find(')'))
        && open < close
    {
        return format!("{} (<platform>){}", &value[..open], &value[close + 1..]);
    }
    value.to_owned()
}

/// A repeatability id that tests pass explicitly, shown as it is.
pub const FIXED_REPEATABILITY_ID: &str = "b5c1e0e2-4d0b-4c1a-9f7e-2f1a3c4d5e6f";

/// Whether `value` is a hyphenated UUID of version 4.
#[must_use]
pub fn is_uuid_v4(value: &str) -> bool {
    uuid::Uuid::parse_str(value).is_ok_and(|id| id.get_version_num() == 4)
}
