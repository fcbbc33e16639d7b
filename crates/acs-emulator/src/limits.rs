//! [`Limits`]: what the server allows one client, and all of them together, so that slow or
//! greedy clients can neither exhaust memory nor file descriptors nor lock others out.

use std::time::Duration;

/// Limits of the emulator's HTTP server, set with
/// [`EmulatorBuilder::limits`](crate::EmulatorBuilder::limits).
///
/// The defaults suit development and tests; every limit applies to all clients, authenticated
/// or not, because the server enforces them before it reads a request far enough to check
/// credentials.
///
/// | limit | default | when it is exceeded |
/// |---|---|---|
/// | [`max_connections`](Self::with_max_connections) | 512 | the oldest connection without a request in progress is closed to make room; when every connection has one, the new connection is closed at once |
/// | [`tls_handshake_timeout`](Self::with_tls_handshake_timeout) | 10 s | the connection is closed |
/// | [`header_read_timeout`](Self::with_header_read_timeout) | 30 s | a connection that has not sent a complete request head this long after it opened (or, over HTTP/1.1, after the previous response) is closed |
/// | [`idle_timeout`](Self::with_idle_timeout) | 60 s | a connection without a request in progress for this long is closed (HTTP/2: with a `GOAWAY`) |
/// | [`body_read_timeout`](Self::with_body_read_timeout) | 30 s | `408 RequestTimeout`, and the connection is closed |
/// | [`max_body_bytes`](Self::with_max_body_bytes) | 1 MiB | `413 RequestEntityTooLarge`, checked against `Content-Length` first and then while the body streams in |
/// | [`max_buffered_body_bytes`](Self::with_max_buffered_body_bytes) | 64 MiB | request bodies being received, all connections together; past it `503 ServerBusy` with `Retry-After` |
/// | [`max_header_bytes`](Self::with_max_header_bytes) | 64 KiB | HTTP/1.1: `431`; HTTP/2: the stream is refused |
/// | [`http2_max_concurrent_streams`](Self::with_http2_max_concurrent_streams) | 64 | HTTP/2 streams of one connection in progress at once; the client waits |
/// | [`http2_stream_window`](Self::with_http2_stream_window) | 256 KiB | HTTP/2 flow control: request body bytes one stream may send ahead of the server |
/// | [`http2_connection_window`](Self::with_http2_connection_window) | 1 MiB | HTTP/2 flow control: the same for all streams of a connection |
///
/// So memory stays bounded by about `max_buffered_body_bytes` plus, per connection, the
/// header and flow-control buffers: `max_connections × (max_header_bytes + http2_connection_window)`
/// at most.
///
/// ```
/// use std::time::Duration;
/// use acs_emulator::{Emulator, Limits};
///
/// let limits = Limits::default()
///     .with_max_connections(64)
///     .with_header_read_timeout(Duration::from_secs(2))
///     .with_body_read_timeout(Duration::from_secs(5))
///     .with_max_body_bytes(256 * 1024);
/// assert_eq!(limits.max_connections(), 64);
/// let builder = Emulator::builder().limits(limits);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    max_connections: usize,
    tls_handshake_timeout: Duration,
    header_read_timeout: Duration,
    idle_timeout: Duration,
    body_read_timeout: Duration,
    max_body_bytes: usize,
    max_buffered_body_bytes: usize,
    max_header_bytes: usize,
    http2_max_concurrent_streams: u32,
    http2_stream_window: u32,
    http2_connection_window: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 512,
            tls_handshake_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            body_read_timeout: Duration::from_secs(30),
            max_body_bytes: 1024 * 1024,
            max_buffered_body_bytes: 64 * 1024 * 1024,
            max_header_bytes: 64 * 1024,
            http2_max_concurrent_streams: 64,
            http2_stream_window: 256 * 1024,
            http2_connection_window: 1024 * 1024,
        }
    }
}

/// The smallest HTTP/1.1 read buffer hyper accepts.
const MIN_HEADER_BYTES: usize = 8 * 1024;
/// The smallest HTTP/2 flow-control window (the protocol's initial one).
const MIN_WINDOW: u32 = 65_535;
/// The largest HTTP/2 flow-control window (2^31 - 1).
const MAX_WINDOW: u32 = (1 << 31) - 1;

impl Limits {
    /// How many connections may be open at once (at least 1; default 512).
    ///
    /// When a new connection would exceed it, the oldest connection without a request in
    /// progress is closed to make room; if every connection has a request in progress, the
    /// new one is closed at once. Keep it well below the process's file-descriptor limit
    /// (`ulimit -n`).
    ///
    /// ```
    /// assert_eq!(acs_emulator::Limits::default().with_max_connections(0).max_connections(), 1);
    /// ```
    #[must_use]
    pub fn with_max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.clamp(1, u32::MAX as usize >> 3);
        self
    }

    /// How long a TLS handshake may take (default 10 s; at least 1 ms).
    ///
    /// ```
    /// use std::time::Duration;
    /// let limits = acs_emulator::Limits::default().with_tls_handshake_timeout(Duration::from_secs(3));
    /// assert_eq!(limits.tls_handshake_timeout(), Duration::from_secs(3));
    /// ```
    #[must_use]
    pub fn with_tls_handshake_timeout(mut self, timeout: Duration) -> Self {
        self.tls_handshake_timeout = at_least_a_millisecond(timeout);
        self
    }

    /// How long a client may take to send a complete request head, counted from the opening
    /// of the connection (after the TLS handshake) or, over HTTP/1.1, from the previous
    /// response (default 30 s; at least 1 ms).
    ///
    /// ```
    /// use std::time::Duration;
    /// let limits = acs_emulator::Limits::default().with_header_read_timeout(Duration::from_secs(2));
    /// assert_eq!(limits.header_read_timeout(), Duration::from_secs(2));
    /// ```
    #[must_use]
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = at_least_a_millisecond(timeout);
        self
    }

    /// How long a connection may stay open without a request in progress (default 60 s; at
    /// least 1 ms). Over HTTP/1.1 the [header read timeout](Self::with_header_read_timeout)
    /// already closes idle connections sooner.
    ///
    /// ```
    /// use std::time::Duration;
    /// let limits = acs_emulator::Limits::default().with_idle_timeout(Duration::from_secs(5));
    /// assert_eq!(limits.idle_timeout(), Duration::from_secs(5));
    /// ```
    #[must_use]
    pub fn with_idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = at_least_a_millisecond(timeout);
        self
    }

    /// How long a client may take to send a request body once its head arrived (default
    /// 30 s; at least 1 ms). Past it the answer is `408 RequestTimeout`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let limits = acs_emulator::Limits::default().with_body_read_timeout(Duration::from_secs(4));
    /// assert_eq!(limits.body_read_timeout(), Duration::from_secs(4));
    /// ```
    #[must_use]
    pub fn with_body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = at_least_a_millisecond(timeout);
        self
    }

    /// The largest request body, in bytes (default 1 MiB). Larger ones are answered
    /// `413 RequestEntityTooLarge` as soon as `Content-Length` or the streamed bytes show it.
    ///
    /// ```
    /// let limits = acs_emulator::Limits::default().with_max_body_bytes(64 * 1024);
    /// assert_eq!(limits.max_body_bytes(), 64 * 1024);
    /// ```
    #[must_use]
    pub fn with_max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// How many request-body bytes all requests in progress may hold together (default
    /// 64 MiB). A request whose body would exceed it is answered `503 ServerBusy` with
    /// `Retry-After: 1`; keep it at least [`max_body_bytes`](Self::max_body_bytes), or the
    /// largest bodies are always refused.
    ///
    /// ```
    /// let limits = acs_emulator::Limits::default().with_max_buffered_body_bytes(16 << 20);
    /// assert_eq!(limits.max_buffered_body_bytes(), 16 << 20);
    /// ```
    #[must_use]
    pub fn with_max_buffered_body_bytes(mut self, max: usize) -> Self {
        self.max_buffered_body_bytes = max.min(usize::MAX >> 3);
        self
    }

    /// The largest request head, in bytes (default 64 KiB; at least 8 KiB): the HTTP/1.1
    /// read buffer and the HTTP/2 header list size.
    ///
    /// ```
    /// let limits = acs_emulator::Limits::default().with_max_header_bytes(1);
    /// assert_eq!(limits.max_header_bytes(), 8 * 1024);
    /// ```
    #[must_use]
    pub fn with_max_header_bytes(mut self, max: usize) -> Self {
        self.max_header_bytes = max.clamp(MIN_HEADER_BYTES, u32::MAX as usize);
        self
    }

    /// How many HTTP/2 streams one connection may have in progress at once (default 64; at
    /// least 1).
    ///
    /// ```
    /// let limits = acs_emulator::Limits::default().with_http2_max_concurrent_streams(8);
    /// assert_eq!(limits.http2_max_concurrent_streams(), 8);
    /// ```
    #[must_use]
    pub fn with_http2_max_concurrent_streams(mut self, max: u32) -> Self {
        self.http2_max_concurrent_streams = max.max(1);
        self
    }

    /// The HTTP/2 flow-control window of one stream, in bytes (default 256 KiB; between
    /// 65 535 and 2^31 - 1).
    ///
    /// ```
    /// let limits = acs_emulator::Limits::default().with_http2_stream_window(1);
    /// assert_eq!(limits.http2_stream_window(), 65_535);
    /// ```
    #[must_use]
    pub fn with_http2_stream_window(mut self, bytes: u32) -> Self {
        self.http2_stream_window = bytes.clamp(MIN_WINDOW, MAX_WINDOW);
        self
    }

    /// The HTTP/2 flow-control window of a whole connection, in bytes (default 1 MiB; between
    /// 65 535 and 2^31 - 1).
    ///
    /// ```
    /// let limits = acs_emulator::Limits::default().with_http2_connection_window(512 * 1024);
    /// assert_eq!(limits.http2_connection_window(), 512 * 1024);
    /// ```
    #[must_use]
    pub fn with_http2_connection_window(mut self, bytes: u32) -> Self {
        self.http2_connection_window = bytes.clamp(MIN_WINDOW, MAX_WINDOW);
        self
    }

    /// See [`with_max_connections`](Self::with_max_connections).
    pub fn max_connections(&self) -> usize {
        self.max_connections
    }

    /// See [`with_tls_handshake_timeout`](Self::with_tls_handshake_timeout).
    pub fn tls_handshake_timeout(&self) -> Duration {
        self.tls_handshake_timeout
    }

    /// See [`with_header_read_timeout`](Self::with_header_read_timeout).
    pub fn header_read_timeout(&self) -> Duration {
        self.header_read_timeout
    }

    /// See [`with_idle_timeout`](Self::with_idle_timeout).
    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }

    /// See [`with_body_read_timeout`](Self::with_body_read_timeout).
    pub fn body_read_timeout(&self) -> Duration {
        self.body_read_timeout
    }

    /// See [`with_max_body_bytes`](Self::with_max_body_bytes).
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// See [`with_max_buffered_body_bytes`](Self::with_max_buffered_body_bytes).
    pub fn max_buffered_body_bytes(&self) -> usize {
        self.max_buffered_body_bytes
    }

    /// See [`with_max_header_bytes`](Self::with_max_header_bytes).
    pub fn max_header_bytes(&self) -> usize {
        self.max_header_bytes
    }

    /// See [`with_http2_max_concurrent_streams`](Self::with_http2_max_concurrent_streams).
    pub fn http2_max_concurrent_streams(&self) -> u32 {
        self.http2_max_concurrent_streams
    }

    /// See [`with_http2_stream_window`](Self::with_http2_stream_window).
    pub fn http2_stream_window(&self) -> u32 {
        self.http2_stream_window
    }

    /// See [`with_http2_connection_window`](Self::with_http2_connection_window).
    pub fn http2_connection_window(&self) -> u32 {
        self.http2_connection_window
    }
}

fn at_least_a_millisecond(duration: Duration) -> Duration {
    duration.max(Duration::from_millis(1))
}
