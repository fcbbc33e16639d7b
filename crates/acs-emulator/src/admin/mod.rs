//! The admin JSON API under `/emulator/api/` and the inspector page at `/emulator/` (see
//! `ADMIN-API.md` in the crate for every route). Read-only views of the emulator's state, the
//! recent requests, and the minting of test tokens.
//!
//! Like the mailbox (`/emulator/emails`), these routes need no credential: they exist only on
//! the emulator's own listener, which binds to loopback unless told otherwise. No answer holds
//! the access key; the only tokens in answers are the ones a mint request asked for.
//!
//! Paths under `/emulator/api/` that are not matched here (`reset`, `event-deliveries`, ...)
//! are left to the router.

mod mint;
mod views;

use http::{Method, StatusCode};

use crate::api_error::ApiError;
use crate::inspector;
use crate::request::{Reply, RequestContext, into_reply};
use crate::state::State;

/// The most items a list answers with, whatever `max` asks.
const MAX_ITEMS: usize = 1000;

/// The answer for an inspector or admin API path, `None` for any other path.
pub(crate) fn handle(state: &State, ctx: &RequestContext) -> Option<Reply> {
    let segments: Vec<&str> = ctx.segments.iter().map(String::as_str).collect();
    let (allowed, reply): (&[Method], Option<Reply>) = match segments.as_slice() {
        ["emulator"] => (&[Method::GET], get(ctx).then(|| inspector::page(None))),
        ["emulator", asset] if inspector::is_asset(asset) => (
            &[Method::GET],
            get(ctx).then(|| inspector::page(Some(asset))),
        ),
        ["emulator", "api", "tokens"] => (
            &[Method::POST],
            (ctx.method == Method::POST).then(|| mint::user_token(state, ctx)),
        ),
        ["emulator", "api", "entra-tokens"] => (
            &[Method::POST],
            (ctx.method == Method::POST).then(|| mint::entra_token(state, ctx)),
        ),
        ["emulator", "api", rest @ ..] if is_view(rest) => {
            (&[Method::GET], get(ctx).then(|| view(state, ctx, rest)))
        }
        _ => return None,
    };
    let reply = reply.unwrap_or_else(|| {
        let mut reply: Reply = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("The method {} is not allowed on this resource.", ctx.method),
        )
        .into();
        let allow: Vec<&str> = allowed.iter().map(Method::as_str).collect();
        reply.headers.push(("allow", allow.join(", ")));
        reply
    });
    Some(reply.with_header("cache-control", "no-store".to_owned()))
}

/// Whether the method reads (GET or HEAD).
fn get(ctx: &RequestContext) -> bool {
    ctx.method == Method::GET || ctx.method == Method::HEAD
}

/// Whether the path (after `/emulator/api/`) is one of the read-only views.
fn is_view(rest: &[&str]) -> bool {
    matches!(
        rest,
        ["identities" | "threads" | "emails" | "requests"]
            | ["threads" | "emails", _]
            | ["threads", _, "messages" | "participants" | "readReceipts"]
            | ["emails", _, "attachments", _]
    )
}

/// The read-only views (paths that [`is_view`]).
fn view(state: &State, ctx: &RequestContext, rest: &[&str]) -> Reply {
    let reply = match rest {
        ["identities"] => Ok(views::identities(state)),
        ["threads"] => max_param(ctx)
            .and_then(|max| message_max(ctx).map(|messages| views::threads(state, max, messages))),
        ["threads", id] => message_max(ctx).and_then(|max| views::thread(state, id, max)),
        ["threads", id, "messages"] => {
            message_max(ctx).and_then(|max| views::messages(state, id, max))
        }
        ["threads", id, "participants"] => views::participants(state, id),
        ["threads", id, "readReceipts"] => views::read_receipts(state, id),
        ["emails"] => max_param(ctx).map(|max| views::emails(state, max)),
        ["emails", id] => views::email(state, id),
        ["emails", id, "attachments", index] => views::attachment(state, id, index),
        ["requests"] => after_param(ctx).map(|after| views::requests(state, after)),
        _ => Err(ApiError::not_found(
            "The requested resource does not exist.",
        )),
    };
    into_reply(reply)
}

/// `max`: how many threads or emails (newest first); default 100, at most [`MAX_ITEMS`].
fn max_param(ctx: &RequestContext) -> Result<usize, ApiError> {
    count_param(ctx, "max", 100)
}

/// `maxMessages`: how many of a thread's newest messages; default 100, at most [`MAX_ITEMS`].
fn message_max(ctx: &RequestContext) -> Result<usize, ApiError> {
    count_param(ctx, "maxMessages", 100)
}

fn count_param(ctx: &RequestContext, name: &str, default: usize) -> Result<usize, ApiError> {
    match ctx.query_param(name) {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(count) if count > 0 => Ok(count.min(MAX_ITEMS)),
            _ => Err(ApiError::validation(
                name,
                format!("{name} must be a positive integer, not '{text}'."),
            )),
        },
    }
}

/// `after`: only requests with a larger sequence number.
fn after_param(ctx: &RequestContext) -> Result<Option<u64>, ApiError> {
    ctx.query_param("after")
        .map(|text| {
            text.parse::<u64>().map_err(|_| {
                ApiError::validation(
                    "after",
                    format!("after must be a sequence number, not '{text}'."),
                )
            })
        })
        .transpose()
}
