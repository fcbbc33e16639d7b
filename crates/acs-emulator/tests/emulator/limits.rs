//! Each [`Limits`] entry on its own, against an embedded emulator with short limits. Timeouts are
//! asserted with generous margins (a connection is closed well within several times the
//! configured timeout), never as exact timings.

use std::time::Duration;

use acs_emulator::{Emulator, Limits, RunningEmulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{TestResult, http, identity, user};

/// How long a test waits for something the server does after a short timeout.
const MARGIN: Duration = Duration::from_secs(10);

async fn start_with(limits: Limits, tls: bool) -> RunningEmulator {
    Emulator::builder()
        .tls(tls)
        .limits(limits)
        .start()
        .await
        .unwrap_or_else(|e| panic!("start: {e}"))
}

/// Reads until the server closes the connection; what it sent, or `None` when it did not
/// close within [`MARGIN`].
async fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(MARGIN, async {
        let mut buffer = [0_u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

/// A legitimate request (create a user) is served.
async fn served(emulator: &RunningEmulator) {
    let ids = identity(emulator);
    let (id, _) = user(&ids, &[]).await;
    assert!(id.starts_with("8:acs:"));
}

#[tokio::test]
async fn a_silent_connection_is_closed_after_the_header_read_timeout() -> TestResult {
    let emulator = start_with(
        Limits::default().with_header_read_timeout(Duration::from_millis(300)),
        false,
    )
    .await;
    let mut silent = TcpStream::connect(emulator.local_addr()).await?;
    let mut partial = TcpStream::connect(emulator.local_addr()).await?;
    partial
        .write_all(b"POST /identities?api-version=2026-09-23 HTTP/1.1\r\nHost: x\r\n")
        .await?;
    assert_eq!(read_until_closed(&mut silent).await.as_deref(), Some(""));
    assert!(
        read_until_closed(&mut partial).await.is_some(),
        "partial head"
    );
    served(&emulator).await;
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn a_keep_alive_connection_is_closed_once_idle_for_the_idle_timeout() -> TestResult {
    // The header read timeout (before the first request) is far longer than the wait below:
    // only the idle timeout, which applies once a request has been answered, can close it.
    let emulator = start_with(
        Limits::default()
            .with_header_read_timeout(Duration::from_secs(600))
            .with_idle_timeout(Duration::from_millis(300)),
        false,
    )
    .await;
    let mut client = TcpStream::connect(emulator.local_addr()).await?;
    client
        .write_all(b"GET /emulator/api/requests HTTP/1.1\r\nHost: x\r\n\r\n")
        .await?;
    let answer = read_until_closed(&mut client).await.ok_or("not closed")?;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "answered, then closed: {answer}"
    );
    served(&emulator).await;
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn a_stalled_tls_handshake_is_closed() -> TestResult {
    let emulator = start_with(
        Limits::default().with_tls_handshake_timeout(Duration::from_millis(300)),
        true,
    )
    .await;
    let mut stalled = TcpStream::connect(emulator.local_addr()).await?;
    // A TLS record header announcing a ClientHello that never comes.
    stalled.write_all(&[0x16, 0x03, 0x01, 0x02, 0x00]).await?;
    assert!(read_until_closed(&mut stalled).await.is_some());
    served(&emulator).await;
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn a_slow_body_gets_408_and_its_connection_closes() -> TestResult {
    let emulator = start_with(
        Limits::default().with_body_read_timeout(Duration::from_millis(300)),
        false,
    )
    .await;
    let mut slow = TcpStream::connect(emulator.local_addr()).await?;
    slow.write_all(
        b"POST /identities?api-version=2026-09-23 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{",
    )
    .await?;
    let answer = read_until_closed(&mut slow).await.ok_or("not closed")?;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"RequestTimeout\""), "{answer}");
    served(&emulator).await;
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_by_length_and_while_streaming() -> TestResult {
    let emulator = start_with(Limits::default().with_max_body_bytes(4096), false).await;
    let url = format!(
        "{}/identities?api-version={}",
        emulator.endpoint(),
        acs_identity_rest::API_VERSION
    );
    let client = http(&emulator);
    // Declared too large: refused before the body is read.
    let response = client.post(&url).body(vec![b' '; 5000]).send().await?;
    assert_eq!(response.status().as_u16(), 413);
    let body: serde_json::Value = response.json().await?;
    assert_eq!(body["error"]["code"], "RequestEntityTooLarge");
    // Chunked, without a length: refused once the streamed bytes pass the limit.
    let chunks = futures::stream::iter(
        (0..10).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b' '; 1000]))),
    );
    let response = client
        .post(&url)
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 413);
    served(&emulator).await;
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn a_full_server_closes_idle_connections_to_serve_new_ones() -> TestResult {
    let emulator = start_with(Limits::default().with_max_connections(8), false).await;
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(emulator.local_addr()).await?);
    }
    // Every new client is served: an idle connection makes room each time.
    for _ in 0..3 {
        served(&emulator).await;
    }
    // At most 8 connections stayed open: the others were closed without an answer.
    let mut closed = 0;
    for stream in &mut idle {
        let mut buffer = [0_u8; 1];
        let read = tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buffer));
        if let Ok(Ok(0) | Err(_)) = read.await {
            closed += 1;
        }
    }
    assert!(closed >= 20 - 8, "{closed} of 20 idle connections closed");
    emulator.shutdown().await?;
    Ok(())
}
