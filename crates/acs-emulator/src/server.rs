//! The HTTP(S) server: the accept loop, per-connection serving within the [`Limits`], and
//! turning a request into a response (faults, routing, the service's common headers).

use std::convert::Infallible;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{self, HeaderName};
use http::{HeaderValue, Response, StatusCode};
use http_body_util::Full;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use crate::api_error::ApiError;
use crate::connections::{Activity, Connections, InFlight};
use crate::faults::FaultKind;
use crate::limits::Limits;
use crate::request::{Reply, RequestContext};
use crate::request_body::BodyLimits;
use crate::router::{Matched, Service, allowed_methods, route};
use crate::routes::{dispatch, versions_of};
use crate::state::State;
use crate::versions::supported_header;

/// The body limit of `POST /emails:send`: the service's 10 MB request limit plus room for the
/// emulator to answer a too large message with the service's own error.
const MAX_EMAIL_BODY_BYTES: usize = 11 * 1024 * 1024;
/// How long a shutdown waits for open connections to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// How long the accept loop waits for the slot of a connection it closed to make room.
const EVICTION_WAIT: Duration = Duration::from_secs(1);
/// How long an idle connection being closed may take to finish writing.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The error a handler returns to have hyper drop the connection without an answer.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DropConnection {}

/// What every connection of one server shares.
struct Shared {
    state: Arc<State>,
    tls: Option<TlsAcceptor>,
    builder: Builder<TokioExecutor>,
    limits: Limits,
    body: BodyLimits,
    shutdown: watch::Receiver<()>,
}

/// Accepts connections until `shutdown` changes (or its sender is dropped), then waits for
/// the open connections to finish, at most [`SHUTDOWN_GRACE`], and closes the others.
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    tls: Option<TlsAcceptor>,
    limits: Limits,
    shutdown: watch::Receiver<()>,
) {
    let shared = Arc::new(Shared {
        state,
        tls,
        builder: http_builder(&limits),
        body: BodyLimits::new(
            limits.max_body_bytes(),
            limits.max_buffered_body_bytes(),
            limits.body_read_timeout(),
        ),
        limits,
        shutdown: shutdown.clone(),
    });
    let connections = Connections::new(shared.limits.max_connections());
    let mut stop = shutdown;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else {
                    // Out of file descriptors or similar: wait a little instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let slot = match connections.try_slot() {
                    Some(slot) => Some(slot),
                    // Full: make room by closing the oldest connection that has no request in
                    // progress; when every one has, shed the new connection.
                    None if connections.evict_oldest_idle() => {
                        tokio::time::timeout(EVICTION_WAIT, connections.slot())
                            .await
                            .ok()
                            .flatten()
                    }
                    None => None,
                };
                let Some(slot) = slot else {
                    drop(stream);
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                connections.spawn(slot, move |activity| run_connection(shared, stream, activity));
            }
            _ = stop.changed() => break,
        }
    }
    drop(listener);
    if !connections.all_closed(SHUTDOWN_GRACE).await {
        connections.abort_all();
    }
}

/// HTTP/1.1 and HTTP/2 (by prior knowledge or ALPN) within the limits.
fn http_builder(limits: &Limits) -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout())
        .max_buf_size(limits.max_header_bytes());
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(limits.http2_max_concurrent_streams())
        .initial_stream_window_size(limits.http2_stream_window())
        .initial_connection_window_size(limits.http2_connection_window())
        .adaptive_window(false)
        .max_header_list_size(u32::try_from(limits.max_header_bytes()).unwrap_or(u32::MAX));
    builder
}

/// The TLS handshake (when serving HTTPS), then HTTP.
async fn run_connection(shared: Arc<Shared>, stream: TcpStream, activity: Arc<Activity>) {
    match shared.tls.clone() {
        Some(acceptor) => {
            let handshake = acceptor.accept(stream);
            if let Ok(Ok(stream)) =
                tokio::time::timeout(shared.limits.tls_handshake_timeout(), handshake).await
            {
                serve_connection(&shared, stream, activity, "https").await;
            }
        }
        None => serve_connection(&shared, stream, activity, "http").await,
    }
}

/// Serves one connection until it ends, the server shuts down, or it stays without a request
/// in progress too long: past the header read timeout before its first request, past the idle
/// timeout after.
async fn serve_connection<S>(
    shared: &Arc<Shared>,
    stream: S,
    activity: Arc<Activity>,
    scheme: &'static str,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = {
        let (shared, activity) = (shared.clone(), activity.clone());
        service_fn(move |request| {
            let in_flight = activity.begin();
            handle(shared.clone(), request, scheme, in_flight)
        })
    };
    let mut connection = pin!(
        shared
            .builder
            .serve_connection(TokioIo::new(stream), service)
    );
    let mut shutdown = shared.shutdown.clone();
    let grace = loop {
        let started = activity.has_started();
        let wait = if started {
            shared.limits.idle_timeout()
        } else {
            shared.limits.header_read_timeout()
        };
        // Quiet for `wait` since the last request ended (or since it opened): close. Otherwise
        // look again when it could have been, or after `wait` while a request is in progress.
        let now = tokio::time::Instant::now();
        // A timeout too long to add (`Duration::MAX`) is a year: as good as never.
        let after = |start: tokio::time::Instant| {
            start
                .checked_add(wait)
                .unwrap_or_else(|| now + Duration::from_secs(365 * 86_400))
        };
        let deadline = match activity.quiet_since().map(after) {
            Some(deadline) if deadline <= now => break CLOSE_GRACE,
            Some(deadline) => deadline,
            None => after(now),
        };
        tokio::select! {
            // Connection errors (a client going away, a dropped connection) end only this
            // connection.
            _ = connection.as_mut() => return,
            _ = shutdown.changed() => break SHUTDOWN_GRACE,
            () = activity.first_request(), if !started => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
    };
    connection.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(grace, connection).await;
}

async fn handle(
    shared: Arc<Shared>,
    request: http::Request<Incoming>,
    scheme: &'static str,
    in_flight: InFlight,
) -> Result<Response<TrackedBody>, DropConnection> {
    let started = Instant::now();
    let (mut parts, body) = request.into_parts();
    // An email send may be larger than other requests (the service takes up to 10 MB).
    let route_limit = (parts.uri.path() == "/emails:send")
        .then(|| MAX_EMAIL_BODY_BYTES.max(shared.body.max_bytes));
    let (body, _held) = match shared.body.receive(&parts.headers, body, route_limit).await {
        Ok(received) => received,
        Err(refusal) => {
            let mut response = render(refusal.reply(), None, &parts.headers, started);
            // The rest of the body stays unread: an HTTP/1 connection cannot carry on.
            if parts.version < http::Version::HTTP_2 {
                response
                    .headers_mut()
                    .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
            }
            let (status, latency) = (response.status(), started.elapsed());
            let (state, path) = (&shared.state, parts.uri.path());
            (state.requests).record(state, &parts.method, path, status, latency, None);
            return Ok(track(response, in_flight));
        }
    };
    let state = &shared.state;
    let ctx = match RequestContext::new(&mut parts, body, scheme) {
        Ok(ctx) => ctx,
        Err(error) => {
            let response = render(error.into(), None, &parts.headers, started);
            return Ok(track(response, in_flight));
        }
    };
    // The inspector page and the admin API (`/emulator/...`, see `admin`).
    if let Some(reply) = crate::admin::handle(state, &ctx) {
        return Ok(track(render(reply, None, &ctx.headers, started), in_flight));
    }
    if crate::arm::is_arm(&ctx.segments) {
        let response = render(crate::arm::handle(state, &ctx), None, &ctx.headers, started);
        return Ok(track(response, in_flight));
    }
    let caller = crate::request_log::caller(state, &ctx);
    let mut allow = None;
    if let Some(reply) = crate::events::api::handle(state, &ctx) {
        return Ok(track(render(reply, None, &ctx.headers, started), in_flight));
    }
    let mut operation = None;
    let (reply, service) = match route(&ctx.method, &ctx.segments) {
        Matched::Route(route) => {
            operation = Some(route.operation_id());
            let service = route.service();
            let faults = state
                .faults
                .as_ref()
                .filter(|_| service != Service::Mailbox);
            let fault = faults.and_then(|faults| {
                faults
                    .decide(route.operation_id(), parts.uri.path())
                    .map(|kind| (kind, faults))
            });
            let reply = match fault {
                Some((FaultKind::DropConnection, _)) => return Err(DropConnection),
                Some((FaultKind::ServiceUnavailable, faults)) => fault_reply(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "ServiceUnavailable",
                    faults.retry_after_seconds(),
                ),
                Some((FaultKind::TooManyRequests, faults)) => fault_reply(
                    StatusCode::TOO_MANY_REQUESTS,
                    "TooManyRequests",
                    faults.retry_after_seconds(),
                ),
                None => dispatch(state, &ctx, route),
            };
            (reply, Some(service))
        }
        Matched::MethodNotAllowed(service) => {
            allow = Some(allowed_methods(&ctx.segments).join(", "));
            let error = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                format!("The method {} is not allowed on this resource.", ctx.method),
            );
            (error.into(), Some(service))
        }
        Matched::NotFound => (
            ApiError::not_found("The requested resource does not exist.").into(),
            None,
        ),
    };
    // Persistence: answered only once the request's changes are saved.
    let reply = match state.journal.flush().await {
        Ok(()) => reply,
        Err(error) => crate::persist::admin::unsaved(&error),
    };
    let mut response = render(reply, service, &ctx.headers, started);
    if let Some(allow) = allow.and_then(|allow| HeaderValue::from_str(&allow).ok()) {
        response.headers_mut().insert(http::header::ALLOW, allow);
    }
    let path = ctx.raw_target.split('?').next().unwrap_or_default();
    let (status, latency) = (response.status(), started.elapsed());
    let routed = crate::request_log::Routed {
        segments: &ctx.segments,
        operation,
        caller,
    };
    (state.requests).record(state, &ctx.method, path, status, latency, Some(routed));
    Ok(track(response, in_flight))
}

/// A response body that keeps its request counted as in progress until it is sent.
pub(crate) struct TrackedBody {
    inner: Full<Bytes>,
    _in_flight: InFlight,
}

fn track(response: Response<Full<Bytes>>, in_flight: InFlight) -> Response<TrackedBody> {
    response.map(|inner| TrackedBody {
        inner,
        _in_flight: in_flight,
    })
}

impl Body for TrackedBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

fn fault_reply(status: StatusCode, code: &'static str, retry_after: u64) -> Reply {
    let mut reply: Reply =
        ApiError::new(status, code, "Injected fault: retry the request later.").into();
    reply.retry_after = Some(retry_after);
    reply
}

/// The response, with the headers the service sends on every answer.
fn render(
    reply: Reply,
    service: Option<Service>,
    request_headers: &http::HeaderMap,
    started: Instant,
) -> Response<Full<Bytes>> {
    let has_body = reply.body.is_some();
    let raw_type = reply.raw.as_ref().map(|(content_type, _)| *content_type);
    let body = match reply.raw {
        Some((_, raw)) => raw,
        None => reply.body.unwrap_or_default(),
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    if let Some(content_type) = raw_type.and_then(|raw| HeaderValue::from_str(raw).ok()) {
        headers.insert(header::CONTENT_TYPE, content_type);
    } else if has_body {
        let content_type = if reply.is_error {
            "application/json"
        } else {
            "application/json; charset=utf-8"
        };
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    // Header names made once (parsing a name costs more than the rest of a header).
    let set = |headers: &mut http::HeaderMap, name: HeaderName, value: String| {
        if let Ok(value) = HeaderValue::from_maybe_shared(Bytes::from(value)) {
            headers.insert(name, value);
        }
    };
    set(headers, MS_CV, crate::ids::correlation_vector());
    set(headers, X_AZURE_REF, crate::ids::azure_ref());
    headers.insert(X_PROCESSING_TIME, processing_time(started.elapsed()));
    for (name, value) in reply.headers {
        set(headers, HeaderName::from_static(name), value);
    }
    if let Some(value) = service.and_then(supported_versions) {
        headers.insert(API_SUPPORTED_VERSIONS, value);
    }
    if let Some(location) = reply.location {
        set(headers, header::LOCATION, location);
    }
    if let Some(seconds) = reply.retry_after {
        set(headers, header::RETRY_AFTER, seconds.to_string());
    }
    // Echoed only when asked, as the service does (Python's SDK asks; JS's and ours do not).
    if let Some(id) = request_headers.get(&CLIENT_REQUEST_ID)
        && request_headers
            .get(&RETURN_CLIENT_REQUEST_ID)
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"true"))
    {
        headers.insert(CLIENT_REQUEST_ID, id.clone());
    }
    response
}

/// `x-processing-time`: `<n>ms`, without formatting for the usual few milliseconds.
fn processing_time(elapsed: Duration) -> HeaderValue {
    const FAST: [&str; 10] = [
        "0ms", "1ms", "2ms", "3ms", "4ms", "5ms", "6ms", "7ms", "8ms", "9ms",
    ];
    let millis = elapsed.as_millis();
    let fast = usize::try_from(millis)
        .ok()
        .and_then(|index| FAST.get(index));
    match fast {
        Some(text) => HeaderValue::from_static(text),
        None => HeaderValue::from_maybe_shared(Bytes::from(format!("{millis}ms")))
            .unwrap_or_else(|_| HeaderValue::from_static("0ms")),
    }
}

/// The `api-supported-versions` value of `service`, made once per service (none for the
/// emulator's own mailbox API).
fn supported_versions(service: Service) -> Option<HeaderValue> {
    static VALUES: std::sync::LazyLock<[Option<HeaderValue>; 3]> = std::sync::LazyLock::new(|| {
        [Service::Identity, Service::Chat, Service::Email]
            .map(|service| HeaderValue::from_str(&supported_header(versions_of(service))).ok())
    });
    let index = match service {
        Service::Identity => 0,
        Service::Chat => 1,
        Service::Email => 2,
        Service::Mailbox => return None,
    };
    VALUES.get(index).cloned().flatten()
}

const MS_CV: HeaderName = HeaderName::from_static("ms-cv");
const X_AZURE_REF: HeaderName = HeaderName::from_static("x-azure-ref");
const X_PROCESSING_TIME: HeaderName = HeaderName::from_static("x-processing-time");
const API_SUPPORTED_VERSIONS: HeaderName = HeaderName::from_static("api-supported-versions");
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");
const RETURN_CLIENT_REQUEST_ID: HeaderName =
    HeaderName::from_static("x-ms-return-client-request-id");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processing_time_is_milliseconds_with_the_unit() {
        for (elapsed, expected) in [
            (Duration::ZERO, "0ms"),
            (Duration::from_micros(9_999), "9ms"),
            (Duration::from_millis(10), "10ms"),
            (Duration::from_millis(1234), "1234ms"),
            (Duration::MAX, "18446744073709551615999ms"),
        ] {
            assert_eq!(processing_time(elapsed), expected, "{elapsed:?}");
        }
    }

    #[test]
    fn every_service_but_the_mailbox_has_supported_versions() {
        for service in [Service::Identity, Service::Chat, Service::Email] {
            let value = supported_versions(service);
            let expected = supported_header(versions_of(service));
            assert_eq!(
                value.as_ref().and_then(|v| v.to_str().ok()),
                Some(expected.as_str())
            );
        }
        assert!(supported_versions(Service::Mailbox).is_none());
    }
}
