//! The recent requests the inspector shows: a small ring buffer of method, path, operation,
//! status, latency and caller, filled by one call in the server per answered request.
//!
//! The caller is named without any secret: the user id of a valid user access token, the
//! object id of an Entra token, or "HMAC" for a request signed with the access key. Tokens,
//! signatures and query strings are never stored.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use http::{Method, StatusCode};
use serde::Serialize;

use crate::request::RequestContext;
use crate::router::{Matched, route};
use crate::state::{State, lock};

/// How many requests are kept; older ones are dropped.
pub(crate) const MAX_REQUESTS: usize = 500;

/// One answered request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequestRecord {
    /// Increases by one per recorded request (for clients polling for new ones).
    pub(crate) sequence: u64,
    pub(crate) at: DateTime<Utc>,
    pub(crate) method: String,
    /// The path, without the query string.
    pub(crate) path: String,
    /// The operation id the request matched (`ChatThread_SendChatMessage`), if any.
    pub(crate) operation: Option<&'static str>,
    pub(crate) status: u16,
    pub(crate) latency_ms: f64,
    /// Who sent it (see [`caller`]); `None` when it carried no credential.
    pub(crate) caller: Option<String>,
}

/// The ring buffer.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    next_sequence: u64,
    records: VecDeque<RequestRecord>,
}

impl RequestLog {
    /// Records an answered request, unless it is the inspector's own (the page and
    /// `/emulator/api/...`, which it polls). `path` is the request's path, without the query.
    pub(crate) fn record(
        &self,
        state: &State,
        method: &Method,
        path: &str,
        status: StatusCode,
        latency: Duration,
        routed: Option<Routed<'_>>,
    ) {
        let decoded: Vec<String>;
        let (segments, operation, caller) = match routed {
            Some(routed) => (routed.segments, routed.operation, routed.caller),
            None => {
                decoded = path
                    .split('/')
                    .filter(|segment| !segment.is_empty())
                    .map(|segment| {
                        percent_encoding::percent_decode_str(segment)
                            .decode_utf8_lossy()
                            .into_owned()
                    })
                    .collect();
                let operation = match route(method, &decoded) {
                    Matched::Route(route) => Some(route.operation_id()),
                    _ => None,
                };
                (&decoded[..], operation, None)
            }
        };
        if is_inspector_path(segments) {
            return;
        }
        let at = state.clock.now();
        let mut inner = lock(&self.inner);
        inner.next_sequence += 1;
        let record = RequestRecord {
            sequence: inner.next_sequence,
            at,
            method: method.to_string(),
            path: path.to_owned(),
            operation,
            status: status.as_u16(),
            latency_ms: (latency.as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            caller,
        };
        if inner.records.len() >= MAX_REQUESTS {
            inner.records.pop_front();
        }
        inner.records.push_back(record);
    }

    /// Forgets the recorded requests (the emulator's reset). Sequence numbers keep counting, so
    /// a page polling with `after` sees only what comes next.
    pub(crate) fn clear(&self) {
        lock(&self.inner).records.clear();
    }

    /// The recorded requests, newest first; only those after `after` when given.
    pub(crate) fn list(&self, after: Option<u64>) -> Vec<RequestRecord> {
        let inner = lock(&self.inner);
        inner
            .records
            .iter()
            .rev()
            .take_while(|record| after.is_none_or(|after| record.sequence > after))
            .cloned()
            .collect()
    }
}

/// Whether the path is the inspector page or the admin API.
fn is_inspector_path(segments: &[String]) -> bool {
    match segments {
        [first] => first == "emulator",
        [first, second, ..] => {
            first == "emulator" && (second == "api" || crate::inspector::is_asset(second))
        }
        [] => false,
    }
}

/// What the server already knows of a request it routed, so that recording it does not
/// decode and route its path again.
#[derive(Debug, Clone)]
pub(crate) struct Routed<'a> {
    /// The path segments, percent-decoded.
    pub(crate) segments: &'a [String],
    /// The operation the path and method matched, if any.
    pub(crate) operation: Option<&'static str>,
    /// Who sent it (see [`caller`]).
    pub(crate) caller: Option<String>,
}

/// Who sent a request, without any secret: `8:acs:...` for a valid user access token of this
/// emulator, `entra:<oid>` for an Entra-style token, `HMAC` for an access key signature,
/// `invalid bearer token` otherwise; `None` without an `Authorization` header.
pub(crate) fn caller(state: &State, ctx: &RequestContext) -> Option<String> {
    let authorization = ctx.header(http::header::AUTHORIZATION)?;
    if authorization
        .get(..12)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("HMAC-SHA256 "))
    {
        return Some("HMAC".to_owned());
    }
    let Some(token) = ctx.bearer_token() else {
        return Some("unknown authorization scheme".to_owned());
    };
    if let Some(Ok(claims)) = ctx.user_token(&state.tokens, state.clock.now()) {
        return Some(claims.sub.clone());
    }
    Some(entra_object_id(token).map_or_else(
        || "invalid bearer token".to_owned(),
        |oid| format!("entra:{oid}"),
    ))
}

/// The `oid` claim of an Entra-style JWT (read without checking a signature), when it is a
/// UUID (so nothing else of the token can leak through it).
fn entra_object_id(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let oid = claims.get("oid")?.as_str()?;
    uuid::Uuid::parse_str(oid).ok().map(|oid| oid.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entra_object_ids_are_read_only_when_they_are_uuids() {
        let encode = |claims: serde_json::Value| {
            let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            format!(
                "{}.{}.sig",
                engine.encode(br#"{"alg":"none"}"#),
                engine.encode(claims.to_string())
            )
        };
        let oid = "00000000-0000-0000-0000-0000000000a1";
        assert_eq!(
            entra_object_id(&encode(serde_json::json!({ "oid": oid }))).as_deref(),
            Some(oid)
        );
        assert_eq!(
            entra_object_id(&encode(serde_json::json!({ "oid": "secret-ish" }))),
            None
        );
        assert_eq!(entra_object_id("garbage"), None);
    }

    #[test]
    fn inspector_paths_are_recognised() {
        let segments = |path: &str| -> Vec<String> {
            path.split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        assert!(is_inspector_path(&segments("/emulator/")));
        assert!(is_inspector_path(&segments("/emulator/api/threads")));
        assert!(is_inspector_path(&segments("/emulator/inspector.js")));
        assert!(!is_inspector_path(&segments("/emulator/emails")));
        assert!(!is_inspector_path(&segments("/chat/threads")));
    }
}
