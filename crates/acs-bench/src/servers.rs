//! The servers under test, each in its own process: the emulator, and a bare hyper JSON server
//! answering the same two requests with canned data (the floor a Rust HTTP server can reach).

use std::convert::Infallible;
use std::io::{BufRead as _, Write as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Serialize;

type Failure = Box<dyn std::error::Error>;

/// Prints one JSON line describing the server, then serves until stdin closes.
fn announce(doc: &serde_json::Value) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{doc}")?;
    out.flush()?;
    Ok(())
}

/// Blocks until the parent closes our stdin.
async fn until_stdin_closes() {
    let _ = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        while std::io::stdin()
            .lock()
            .read_line(&mut line)
            .is_ok_and(|n| n > 0)
        {
            line.clear();
        }
    })
    .await;
}

/// The emulator on 127.0.0.1, with or without TLS.
pub async fn emulator(tls: bool) -> Result<(), Failure> {
    let ca_path = std::env::temp_dir().join(format!("acs-bench-ca-{}.pem", std::process::id()));
    let mut builder = acs_emulator::Emulator::builder().tls(tls);
    if tls {
        builder = builder.ca_pem_path(&ca_path);
    }
    let running = builder.start().await?;
    announce(&serde_json::json!({
        "pid": std::process::id(),
        "endpoint": running.endpoint(),
        "connection_string": running.connection_string(),
        "ca": running.ca_pem_path().map(|path| path.display().to_string()),
    }))?;
    until_stdin_closes().await;
    running.shutdown().await?;
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Identifier {
    raw_id: &'static str,
    communication_user: User,
}

#[derive(Serialize)]
struct User {
    id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThreadProperties {
    id: String,
    topic: &'static str,
    created_on: &'static str,
    created_by_communication_identifier: Identifier,
}

#[derive(Serialize)]
struct Created {
    id: String,
}

const USER: &str =
    "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001";

async fn bare_handle(
    request: Request<hyper::body::Incoming>,
    counter: Arc<AtomicU64>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let body = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let (status, json) = if method == hyper::Method::POST {
        let parsed: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let ok = parsed.get("content").is_some();
        let id = counter.fetch_add(1, Ordering::Relaxed).to_string();
        (
            if ok {
                StatusCode::CREATED
            } else {
                StatusCode::BAD_REQUEST
            },
            serde_json::to_vec(&Created { id }).unwrap_or_default(),
        )
    } else {
        let id = path.split('/').nth(3).unwrap_or_default().to_owned();
        let properties = ThreadProperties {
            id,
            topic: "bench",
            created_on: "2026-01-01T00:00:00Z",
            created_by_communication_identifier: Identifier {
                raw_id: USER,
                communication_user: User { id: USER },
            },
        };
        (
            StatusCode::OK,
            serde_json::to_vec(&properties).unwrap_or_default(),
        )
    };
    let mut response = Response::new(Full::new(Bytes::from(json)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    Ok(response)
}

/// A bare hyper HTTP/1.1 JSON server on 127.0.0.1.
pub async fn bare() -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    announce(&serde_json::json!({
        "pid": std::process::id(),
        "endpoint": format!("http://{address}"),
    }))?;
    let counter = Arc::new(AtomicU64::new(1));
    let serve = async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let counter = counter.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    bare_handle(request, counter.clone())
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    };
    tokio::select! {
        () = serve => {}
        () = until_stdin_closes() => {}
    }
    Ok(())
}
