//! The inspector page at `/emulator/`: plain HTML, CSS and JavaScript compiled into the binary
//! (no build step, nothing fetched from elsewhere). The page reads the admin API
//! (`/emulator/api/...`) and polls it for changes.
//!
//! It is served with a Content-Security-Policy that allows only its own script and style and
//! requests to the emulator itself: a sent email's HTML is shown in a sandboxed `<iframe srcdoc>`
//! (no scripts, no same origin, no network), never inserted into the page.

use bytes::Bytes;
use http::StatusCode;

use crate::api_error::ApiError;
use crate::request::Reply;

const INDEX_HTML: &str = include_str!("index.html");
const SCRIPT: &str = include_str!("inspector.js");
const STYLE: &str = include_str!("inspector.css");

/// The policy of the page: its own script and style only; inline styles are allowed because an
/// email's HTML (in the sandboxed frame, which inherits this policy) usually has them.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The file names of the page's assets under `/emulator/`.
const ASSETS: [&str; 2] = ["inspector.js", "inspector.css"];

/// Whether `name` is one of the page's assets.
pub(crate) fn is_asset(name: &str) -> bool {
    ASSETS.contains(&name)
}

/// The page (`None`) or one of its assets (404 for another name).
pub(crate) fn page(asset: Option<&str>) -> Reply {
    let (content_type, body) = match asset {
        None => ("text/html; charset=utf-8", INDEX_HTML),
        Some("inspector.js") => ("text/javascript; charset=utf-8", SCRIPT),
        Some("inspector.css") => ("text/css; charset=utf-8", STYLE),
        Some(_) => return ApiError::not_found("The requested resource does not exist.").into(),
    };
    let mut reply = Reply::empty(StatusCode::OK);
    reply.raw = Some((content_type, Bytes::from_static(body.as_bytes())));
    reply
        .with_header(
            "content-security-policy",
            CONTENT_SECURITY_POLICY.to_owned(),
        )
        .with_header("x-content-type-options", "nosniff".to_owned())
        .with_header("referrer-policy", "no-referrer".to_owned())
}
