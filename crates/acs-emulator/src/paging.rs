//! List paging: `maxPageSize`, `skip`, `startTime`, and absolute `nextLink`s.
//!
//! As the service does, a `nextLink` is an absolute URL on the host the client called, with
//! the thread id unencoded, carrying `maxPageSize`, the continuation and `api-version`; the
//! last page has none. Messages and threads continue with an opaque `syncState`, participants
//! and read receipts with `skip`.

use chrono::{DateTime, Utc};

use crate::api_error::ApiError;
use crate::request::RequestContext;

/// The page size of list messages when none is asked for (the service's, as recorded).
pub(crate) const DEFAULT_MESSAGES_PAGE_SIZE: usize = 10;
/// The page size of the other lists when none is asked for.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 100;
/// The largest page a list returns.
pub(crate) const MAX_PAGE_SIZE: usize = 200;

/// `maxPageSize`: from 1 to [`MAX_PAGE_SIZE`], or `default` when absent; anything else is a
/// `400 ValidationError`.
pub(crate) fn page_size(ctx: &RequestContext, default: usize) -> Result<usize, ApiError> {
    match ctx.query_param("maxPageSize") {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(size) if (1..=MAX_PAGE_SIZE).contains(&size) => Ok(size),
            Ok(_) => Err(ApiError::validation(
                "maxPageSize",
                format!(
                    "MaxPageSize value {text} is invalid. Value must be within the [1, {MAX_PAGE_SIZE}] interval."
                ),
            )),
            Err(_) => Err(ApiError::validation(
                "maxPageSize",
                format!(
                    "Value for MaxPageSize ({text}) is not valid. It must be an integer within the [1, {MAX_PAGE_SIZE}] interval."
                ),
            )),
        },
    }
}

/// `skip`: an int32 of 0 or more.
pub(crate) fn skip(ctx: &RequestContext) -> Result<usize, ApiError> {
    match ctx.query_param("skip") {
        None => Ok(0),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|skip| i32::try_from(*skip).is_ok())
            .map(|skip| skip as usize)
            .ok_or_else(|| {
                ApiError::validation("skip", format!("Value for Skip ({text}) is not valid."))
            }),
    }
}

/// `startTime`, an RFC 3339 time.
pub(crate) fn start_time(ctx: &RequestContext) -> Result<Option<DateTime<Utc>>, ApiError> {
    ctx.query_param("startTime")
        .map(|text| {
            DateTime::parse_from_rfc3339(text)
                .map(|time| time.with_timezone(&Utc))
                .map_err(|_| {
                    ApiError::validation(
                        "startTime",
                        format!("Value for StartTime ({text}) is not valid."),
                    )
                })
        })
        .transpose()
}

/// The continuation of a `syncState` link.
pub(crate) fn sync_state(ctx: &RequestContext) -> Result<Option<u64>, ApiError> {
    ctx.query_param("syncState")
        .map(|text| {
            u64::from_str_radix(text, 16).map_err(|_| {
                ApiError::validation("syncState", "The continuation state is not valid.")
            })
        })
        .transpose()
}

/// Encodes a `syncState` continuation.
pub(crate) fn encode_sync_state(value: u64) -> String {
    format!("{value:016x}")
}

/// An absolute `nextLink` for `path` (unencoded) with `params` and the request's api-version.
pub(crate) fn next_link(ctx: &RequestContext, path: &str, params: &[(&str, String)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    if let Some(version) = ctx.query_param("api-version") {
        query.append_pair("api-version", version);
    }
    format!("{}{path}?{}", ctx.base_url(), query.finish())
}
