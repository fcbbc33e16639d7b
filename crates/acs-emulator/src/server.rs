//! The HTTP(S) server: the accept loop, per-connection serving, and turning a request into a
//! response (faults, routing, the service's common headers).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use crate::api_error::ApiError;
use crate::faults::FaultKind;
use crate::request::{Reply, RequestContext};
use crate::router::{Matched, Service, route};
use crate::routes::{dispatch, versions_of};
use crate::state::State;
use crate::versions::supported_header;

/// Request bodies larger than this are refused with 413.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// How long a shutdown waits for open connections to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The error a handler returns to have hyper drop the connection without an answer.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DropConnection {}

/// Accepts connections until `shutdown` changes (or its sender is dropped), then waits for
/// the open connections to finish, at most [`SHUTDOWN_GRACE`].
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    tls: Option<TlsAcceptor>,
    mut shutdown: watch::Receiver<()>,
) {
    let graceful = GracefulShutdown::new();
    let builder = Builder::new(TokioExecutor::new());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else {
                    // Out of file descriptors or similar: wait a little instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let (state, builder, watcher, tls) =
                    (state.clone(), builder.clone(), graceful.watcher(), tls.clone());
                tokio::spawn(async move {
                    match tls {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve_connection(&builder, watcher, stream, state, "https").await;
                            }
                        }
                        None => serve_connection(&builder, watcher, stream, state, "http").await,
                    }
                });
            }
            _ = shutdown.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

async fn serve_connection<S>(
    builder: &Builder<TokioExecutor>,
    watcher: Watcher,
    stream: S,
    state: Arc<State>,
    scheme: &'static str,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request| handle(state.clone(), request, scheme));
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    // Connection errors (a client going away, a dropped connection) end only this connection.
    let _ = watcher.watch(connection.into_owned()).await;
}

async fn handle(
    state: Arc<State>,
    request: http::Request<Incoming>,
    scheme: &'static str,
) -> Result<Response<Full<Bytes>>, DropConnection> {
    let started = Instant::now();
    let (mut parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let error = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestEntityTooLarge",
                "The request body is too large or could not be read.",
            );
            return Ok(render(error.into(), None, &parts.headers, started));
        }
    };
    let ctx = match RequestContext::new(&mut parts, body, scheme) {
        Ok(ctx) => ctx,
        Err(error) => return Ok(render(error.into(), None, &parts.headers, started)),
    };
    let (reply, service) = match route(&ctx.method, &ctx.segments) {
        Matched::Route(route) => {
            let service = route.service();
            let fault = state.faults.as_ref().and_then(|faults| {
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
                None => dispatch(&state, &ctx, route),
            };
            (reply, Some(service))
        }
        Matched::MethodNotAllowed(service) => {
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
    Ok(render(reply, service, &ctx.headers, started))
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
    let mut response = Response::new(Full::new(reply.body.unwrap_or_default()));
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    if has_body {
        let content_type = if reply.is_error {
            "application/json"
        } else {
            "application/json; charset=utf-8"
        };
        set("content-type", content_type.to_owned());
    }
    set("ms-cv", crate::ids::correlation_vector());
    set("x-azure-ref", crate::ids::azure_ref());
    set(
        "x-processing-time",
        format!("{}ms", started.elapsed().as_millis()),
    );
    if let Some(service) = service {
        set(
            "api-supported-versions",
            supported_header(versions_of(service)),
        );
    }
    if let Some(location) = reply.location {
        set("location", location);
    }
    if let Some(seconds) = reply.retry_after {
        set("retry-after", seconds.to_string());
    }
    if let Some(id) = request_headers
        .get("x-ms-client-request-id")
        .and_then(|value| value.to_str().ok())
    {
        set("x-ms-client-request-id", id.to_owned());
    }
    response
}
