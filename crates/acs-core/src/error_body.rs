//! Error bodies in every shape the service has been seen to send, read into one model.
//!
//! Seen on the wire: the documented `{"error":{"code","message","target",...}}`; an older
//! PascalCase `{"CommunicationError":{"Code","Message","Details":[]}}` (the message sometimes
//! missing); a bare `{"Code","Message"}`; an empty body; and plain text. The pipeline rewrites
//! each of them into the documented shape before the generated client decodes it, so every
//! failure becomes a typed service error with a code and a message.

use reqwest::StatusCode;
use serde_json::{Value, json};

/// The longest text body kept as an error message.
const MAX_TEXT_MESSAGE: usize = 1024;

/// What an error body says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceError {
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) target: Option<String>,
}

/// Reads an error body of any known shape; falls back to the status for what it lacks.
pub(crate) fn parse(status: StatusCode, body: &[u8]) -> ServiceError {
    let fallback_code = status_code_name(status);
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let object = parsed.as_ref().and_then(|value| {
        ["error", "CommunicationError", "Error"]
            .iter()
            .find_map(|key| value.get(key).filter(|inner| inner.is_object()))
            .or(Some(value))
            .filter(|value| value.is_object())
    });
    match object {
        Some(object) => {
            let field = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|name| object.get(name).and_then(Value::as_str))
                    .map(str::to_owned)
            };
            let message = field(&["message", "Message"])
                .or_else(|| {
                    parsed
                        .as_ref()
                        .and_then(|v| v.get("error"))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            ServiceError {
                code: field(&["code", "Code"]).unwrap_or(fallback_code),
                message,
                target: field(&["target", "Target"]),
            }
        }
        None => ServiceError {
            code: fallback_code,
            message: text_message(body),
            target: None,
        },
    }
}

/// The documented error body for `status` and `body`, as JSON bytes.
pub(crate) fn normalize(status: StatusCode, body: &[u8]) -> Vec<u8> {
    let error = parse(status, body);
    let mut inner = json!({"code": error.code, "message": error.message});
    if let (Some(target), Some(map)) = (error.target, inner.as_object_mut()) {
        map.insert("target".to_owned(), Value::String(target));
    }
    json!({ "error": inner }).to_string().into_bytes()
}

/// A status as an error code: `404` → `NotFound`.
fn status_code_name(status: StatusCode) -> String {
    status
        .canonical_reason()
        .map(|reason| reason.split([' ', '-']).collect::<String>())
        .unwrap_or_else(|| format!("Status{}", status.as_u16()))
}

/// A non-JSON body as a message: valid UTF-8 text, trimmed and cut to a readable length.
fn text_message(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(MAX_TEXT_MESSAGE) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(status: u16, body: &str) -> ServiceError {
        parse(
            StatusCode::from_u16(status).expect("valid status"),
            body.as_bytes(),
        )
    }

    #[test]
    fn documented_shape() {
        let error = parsed(
            403,
            r#"{"error":{"code":"Forbidden","message":"Permissions check failed","target":"8:acs:x","details":[]}}"#,
        );
        assert_eq!(error.code, "Forbidden");
        assert_eq!(error.message, "Permissions check failed");
        assert_eq!(error.target.as_deref(), Some("8:acs:x"));
    }

    #[test]
    fn pascal_case_shape_with_and_without_message() {
        let error = parsed(
            404,
            r#"{"CommunicationError":{"Code":"NotFound","Message":"Thread not found","Details":[]}}"#,
        );
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("NotFound", "Thread not found")
        );
        let error = parsed(
            400,
            r#"{"CommunicationError":{"Code":"BadRequest","Details":[]}}"#,
        );
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("BadRequest", "")
        );
    }

    #[test]
    fn bare_shape() {
        let error = parsed(403, r#"{"Code":"IdentityNotOwned","Message":"Not yours"}"#);
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("IdentityNotOwned", "Not yours")
        );
    }

    #[test]
    fn empty_body_uses_the_status() {
        let error = parsed(503, "");
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("ServiceUnavailable", "")
        );
    }

    #[test]
    fn text_and_odd_json_bodies() {
        let error = parsed(502, "<html>Bad Gateway</html>");
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("BadGateway", "<html>Bad Gateway</html>")
        );
        let error = parsed(500, r#"{"error":"boom"}"#);
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("InternalServerError", "boom")
        );
        let error = parsed(500, "[1,2]");
        assert_eq!(error.code, "InternalServerError");
        let error = parsed(599, &"x".repeat(5000));
        assert_eq!(error.code, "Status599");
        assert!(error.message.chars().count() <= MAX_TEXT_MESSAGE + 1);
    }

    #[test]
    fn non_utf8_bodies_do_not_fail() {
        let error = parse(StatusCode::BAD_REQUEST, &[0xff, 0xfe, b'x']);
        assert_eq!(error.code, "BadRequest");
        assert!(error.message.ends_with('x'));
    }

    #[test]
    fn normalized_bodies_have_the_documented_shape() {
        let body = normalize(
            StatusCode::NOT_FOUND,
            br#"{"Code":"NotFound","Message":"gone"}"#,
        );
        let value: Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(
            value,
            json!({"error": {"code": "NotFound", "message": "gone"}})
        );
    }
}
