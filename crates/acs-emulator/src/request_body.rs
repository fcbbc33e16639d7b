//! Receiving a request body within the limits: its own size, the bytes all requests in progress
//! hold together, and the time it may take.

use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::StatusCode;
use http_body_util::BodyExt;
use hyper::body::{Body as _, Incoming};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::api_error::ApiError;
use crate::request::Reply;

/// Why a body was not received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyRefusal {
    /// Larger than the per-request limit.
    TooLarge,
    /// The shared budget of request-body bytes is spent.
    Busy,
    /// Not complete within the body read timeout.
    TimedOut,
    /// The client broke off or sent a malformed body.
    Unreadable,
}

impl BodyRefusal {
    /// The answer, in the service's error shape.
    pub(crate) fn reply(self) -> Reply {
        let (status, code, message) = match self {
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestEntityTooLarge",
                "The request body is too large.",
            ),
            Self::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "ServerBusy",
                "Too many request bodies are being received: retry the request later.",
            ),
            Self::TimedOut => (
                StatusCode::REQUEST_TIMEOUT,
                "RequestTimeout",
                "The request body did not arrive in time.",
            ),
            Self::Unreadable => (
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "The request body could not be read.",
            ),
        };
        let mut reply: Reply = ApiError::new(status, code, message).into();
        if self == Self::Busy {
            reply.retry_after = Some(1);
        }
        reply
    }
}

/// Request-body bytes held by a request in progress, returned to the budget when dropped.
#[derive(Debug)]
pub(crate) struct Held {
    _permit: Option<OwnedSemaphorePermit>,
}

/// The shared budget of request-body bytes and the per-request limits.
#[derive(Debug, Clone)]
pub(crate) struct BodyLimits {
    pub(crate) budget: Arc<Semaphore>,
    pub(crate) max_bytes: usize,
    pub(crate) timeout: Duration,
}

impl BodyLimits {
    pub(crate) fn new(max_bytes: usize, max_buffered: usize, timeout: Duration) -> Self {
        Self {
            budget: Arc::new(Semaphore::new(max_buffered.min(Semaphore::MAX_PERMITS))),
            max_bytes,
            timeout,
        }
    }

    /// Receives the whole body, refusing it as soon as a limit is passed: `max_bytes` when
    /// given (a route with a larger limit of its own, such as an email send), else the
    /// configured one.
    pub(crate) async fn receive(
        &self,
        headers: &http::HeaderMap,
        body: Incoming,
        max_bytes: Option<usize>,
    ) -> Result<(Bytes, Held), BodyRefusal> {
        let max_bytes = max_bytes.unwrap_or(self.max_bytes);
        let declared = headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > max_bytes as u64) {
            return Err(BodyRefusal::TooLarge);
        }
        // A request without a body (most GETs and DELETEs): nothing to wait for, so no timer.
        if body.is_end_stream() {
            return Ok((Bytes::new(), Held { _permit: None }));
        }
        tokio::time::timeout(self.timeout, self.collect(body, max_bytes))
            .await
            .unwrap_or(Err(BodyRefusal::TimedOut))
    }

    async fn collect(
        &self,
        mut body: Incoming,
        max_bytes: usize,
    ) -> Result<(Bytes, Held), BodyRefusal> {
        let mut received = BytesMut::new();
        let mut held: Option<OwnedSemaphorePermit> = None;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| BodyRefusal::Unreadable)?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            if data.is_empty() {
                continue;
            }
            if received.len().saturating_add(data.len()) > max_bytes {
                return Err(BodyRefusal::TooLarge);
            }
            let count = u32::try_from(data.len()).map_err(|_| BodyRefusal::TooLarge)?;
            let permit = self
                .budget
                .clone()
                .try_acquire_many_owned(count)
                .map_err(|_| BodyRefusal::Busy)?;
            match &mut held {
                Some(held) => held.merge(permit),
                None => held = Some(permit),
            }
            received.extend_from_slice(&data);
        }
        Ok((received.freeze(), Held { _permit: held }))
    }
}
