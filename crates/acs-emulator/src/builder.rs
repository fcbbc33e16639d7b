//! Starting and stopping an emulator: [`Emulator::builder`], [`RunningEmulator`].

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use acs_auth::hmac::DEFAULT_MAX_CLOCK_SKEW;
use acs_auth::{AccessKey, Clock, ConnectionString, SystemClock};
use chrono::TimeDelta;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};
use crate::events::{EventDeliveryOptions, EventHub, EventWebhook};
use crate::faults::{FaultInjector, FaultOptions};
use crate::limits::Limits;
use crate::state::State;
use crate::tokens::TokenIssuer;

/// The access key an emulator uses unless given another: a fixed, public, development-only
/// key (like Azurite's well-known account key), so that connection strings stay the same from
/// one run to the next.
///
/// ```
/// assert!(acs_auth::AccessKey::new(acs_emulator::DEFAULT_ACCESS_KEY).is_ok());
/// ```
pub const DEFAULT_ACCESS_KEY: &str = "YWNzLWVtdWxhdG9yLWRldmVsb3BtZW50LWtleS0wMDE=";

/// The sender domain every emulator accepts email from (more with
/// [`EmulatorBuilder::email_domain`]).
///
/// ```
/// assert!(acs_emulator::DEFAULT_EMAIL_DOMAIN.ends_with(".azurecomm.net"));
/// ```
pub const DEFAULT_EMAIL_DOMAIN: &str = "acs-emulator.azurecomm.net";

/// The sender address to use with the emulator: `DoNotReply@` [`DEFAULT_EMAIL_DOMAIN`].
///
/// ```
/// assert_eq!(acs_emulator::DEFAULT_EMAIL_SENDER, "DoNotReply@acs-emulator.azurecomm.net");
/// ```
pub const DEFAULT_EMAIL_SENDER: &str = "DoNotReply@acs-emulator.azurecomm.net";

/// Entry point: `Emulator::builder()...start().await`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> acs_emulator::Result<()> {
/// let emulator = acs_emulator::Emulator::builder().start().await?;
/// assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
/// assert!(emulator.connection_string().starts_with("endpoint=http://127.0.0.1:"));
/// emulator.shutdown().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Emulator;

impl Emulator {
    /// A builder with the defaults: `127.0.0.1`, any free port, plain HTTP,
    /// [`DEFAULT_ACCESS_KEY`], a random resource id, the system clock, no faults and the
    /// default [`Limits`].
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

/// Settings of an emulator to start.
///
/// ```
/// use std::sync::Arc;
/// use acs_auth::ManualClock;
/// use acs_emulator::{Emulator, FaultOptions};
/// use chrono::{TimeZone, Utc};
///
/// let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()));
/// let builder = Emulator::builder()
///     .port(0)
///     .tls(true)
///     .resource_id("00000000-0000-0000-0000-000000000001")
///     .clock(clock)
///     .faults(FaultOptions::new(0.1).with_seed(7));
/// ```
#[derive(Clone)]
pub struct EmulatorBuilder {
    address: IpAddr,
    port: u16,
    tls: bool,
    ca_pem_path: Option<PathBuf>,
    access_key: Option<String>,
    resource_id: Option<String>,
    clock: Arc<dyn Clock>,
    faults: Option<FaultOptions>,
    max_clock_skew: TimeDelta,
    limits: Limits,
    email_domains: Vec<String>,
    data_dir: Option<PathBuf>,
    event_webhooks: Vec<EventWebhook>,
    event_delivery: EventDeliveryOptions,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            address: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            tls: false,
            ca_pem_path: None,
            access_key: None,
            resource_id: None,
            clock: Arc::new(SystemClock),
            faults: None,
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
            limits: Limits::default(),
            email_domains: vec![DEFAULT_EMAIL_DOMAIN.to_owned()],
            data_dir: None,
            event_webhooks: Vec::new(),
            event_delivery: EventDeliveryOptions::default(),
        }
    }
}

impl fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("address", &self.address)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("ca_pem_path", &self.ca_pem_path)
            .field("resource_id", &self.resource_id)
            .field("clock", &self.clock)
            .field("faults", &self.faults)
            .field("max_clock_skew", &self.max_clock_skew)
            .field("limits", &self.limits)
            .field("email_domains", &self.email_domains)
            .field("data_dir", &self.data_dir)
            .field("event_webhooks", &self.event_webhooks)
            .field("event_delivery", &self.event_delivery)
            .finish_non_exhaustive()
    }
}

impl EmulatorBuilder {
    /// The port to listen on; 0 (the default) picks a free one.
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The address to listen on (default `127.0.0.1`).
    #[must_use]
    pub fn address(mut self, address: IpAddr) -> Self {
        self.address = address;
        self
    }

    /// Serves HTTPS with a certificate made at start (see [`RunningEmulator::ca_pem_path`]).
    #[must_use]
    pub fn tls(mut self, tls: bool) -> Self {
        self.tls = tls;
        self
    }

    /// Where to write the PEM of the CA that signs the TLS certificate (default: a file in the
    /// temporary directory, removed at shutdown).
    #[must_use]
    pub fn ca_pem_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_pem_path = Some(path.into());
        self
    }

    /// The base64 access key that HMAC-signed requests must use (default [`DEFAULT_ACCESS_KEY`]).
    #[must_use]
    pub fn access_key(mut self, key: impl Into<String>) -> Self {
        self.access_key = Some(key.into());
        self
    }

    /// The resource id in identity ids (`8:acs:<resource id>_<uuid>`); default a random UUID.
    #[must_use]
    pub fn resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    /// The clock for token expiry, `x-ms-date` checks and timestamps (default the system clock;
    /// a [`ManualClock`](acs_auth::ManualClock) makes expiry tests deterministic).
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Injects faults (see [`FaultOptions`]).
    #[must_use]
    pub fn faults(mut self, faults: FaultOptions) -> Self {
        self.faults = Some(faults);
        self
    }

    /// How far `x-ms-date` may be from the emulator's clock (default 15 minutes).
    #[must_use]
    pub fn max_clock_skew(mut self, skew: TimeDelta) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// The limits on connections, timeouts and sizes that keep slow or greedy clients from
    /// exhausting the emulator (default [`Limits::default`]; see [`Limits`] for each one).
    ///
    /// ```
    /// use std::time::Duration;
    /// use acs_emulator::{Emulator, Limits};
    ///
    /// let builder = Emulator::builder().limits(
    ///     Limits::default()
    ///         .with_max_connections(128)
    ///         .with_body_read_timeout(Duration::from_secs(10)),
    /// );
    /// ```
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Also accepts email sent from `domain` (e.g. `contoso.com`), besides
    /// [`DEFAULT_EMAIL_DOMAIN`].
    ///
    /// ```
    /// let builder = acs_emulator::Emulator::builder().email_domain("contoso.com");
    /// # let _ = builder;
    /// ```
    #[must_use]
    pub fn email_domain(mut self, domain: impl Into<String>) -> Self {
        let domain = domain.into().trim().to_ascii_lowercase();
        if !domain.is_empty() && !self.email_domains.contains(&domain) {
            self.email_domains.push(domain);
        }
        self
    }

    /// Keeps the state in `dir` (a SQLite file, `emulator.sqlite3`, made on first use), so
    /// that identities, token revocations, Teams assignments, threads, messages, participants,
    /// read receipts, emails, the event subscriptions added over the admin API and the ARM
    /// resources survive a restart; without it state lives in memory only. The
    /// [`events_webhook`](Self::events_webhook)s are not saved (give them at each start), nor
    /// are the event delivery history and ARM long-running operations.
    ///
    /// A request is answered only once its changes are on disk, so a crash loses at most the
    /// requests in progress. The directory also keeps the resource id, the token-signing
    /// secret and the access key: tokens and connection strings issued before a restart keep
    /// working. A [`resource_id`](Self::resource_id) given with a directory made for another
    /// one is refused; an [`access_key`](Self::access_key) given replaces the stored one. One
    /// emulator at a time may use a directory.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> acs_emulator::Result<()> {
    /// let dir = std::env::temp_dir().join(format!("acs-emulator-doc-{}", std::process::id()));
    /// let emulator = acs_emulator::Emulator::builder().data_dir(&dir).start().await?;
    /// let resource_id = emulator.resource_id().to_owned();
    /// emulator.shutdown().await?;
    ///
    /// let emulator = acs_emulator::Emulator::builder().data_dir(&dir).start().await?;
    /// assert_eq!(emulator.resource_id(), resource_id);
    /// emulator.shutdown().await?;
    /// # std::fs::remove_dir_all(&dir).ok();
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// Delivers the chat and email events to `webhook` (repeatable), as an Event Grid
    /// subscription would: after the validation handshake, in batches, retried with backoff.
    ///
    /// ```
    /// let hook = "http://127.0.0.1:9000/events,schema=cloudevents".parse().unwrap();
    /// let builder = acs_emulator::Emulator::builder().events_webhook(hook);
    /// # let _ = builder;
    /// ```
    #[must_use]
    pub fn events_webhook(mut self, webhook: EventWebhook) -> Self {
        self.event_webhooks.push(webhook);
        self
    }

    /// How events are batched, retried and queued (default [`EventDeliveryOptions::default`]).
    ///
    /// ```
    /// use acs_emulator::EventDeliveryOptions;
    ///
    /// let builder = acs_emulator::Emulator::builder()
    ///     .event_delivery(EventDeliveryOptions::default().with_max_attempts(3));
    /// # let _ = builder;
    /// ```
    #[must_use]
    pub fn event_delivery(mut self, options: EventDeliveryOptions) -> Self {
        self.event_delivery = options;
        self
    }

    /// Binds the port and starts serving in the background (on the current Tokio runtime).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAccessKey`], [`Error::DataDir`], [`Error::Bind`], [`Error::Tls`] or
    /// [`Error::WriteCertificate`].
    pub async fn start(self) -> Result<RunningEmulator> {
        if let Some(key) = &self.access_key {
            AccessKey::new(key).map_err(|source| Error::InvalidAccessKey { source })?;
        }
        let restored = crate::persist::restore(
            self.data_dir.as_deref(),
            self.resource_id.clone(),
            self.access_key.clone(),
            DEFAULT_ACCESS_KEY,
        )
        .map_err(|source| Error::DataDir {
            path: self.data_dir.clone().unwrap_or_default(),
            source: Box::new(source),
        })?;
        let access_key = AccessKey::new(&restored.access_key)
            .map_err(|source| Error::InvalidAccessKey { source })?;
        let resource_id = restored.resource_id.clone();

        let requested = SocketAddr::new(self.address, self.port);
        let listener = TcpListener::bind(requested)
            .await
            .map_err(|source| Error::Bind {
                address: requested,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| Error::Bind {
            address: requested,
            source,
        })?;

        let host = match local_addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_owned(),
            IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_owned(),
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        let (acceptor, ca) = if self.tls {
            let mut names = vec![
                "localhost".to_owned(),
                "127.0.0.1".to_owned(),
                "::1".to_owned(),
            ];
            if !local_addr.ip().is_loopback() && !local_addr.ip().is_unspecified() {
                names.push(local_addr.ip().to_string());
            }
            let material = crate::tls::make(&names)?;
            let (path, remove_at_shutdown) = match &self.ca_pem_path {
                Some(path) => (path.clone(), false),
                None => (
                    std::env::temp_dir().join(format!(
                        "acs-emulator-{}-{}-ca.pem",
                        std::process::id(),
                        local_addr.port()
                    )),
                    true,
                ),
            };
            std::fs::write(&path, &material.ca_pem).map_err(|source| Error::WriteCertificate {
                path: path.clone(),
                source,
            })?;
            let acceptor = tokio_rustls::TlsAcceptor::from(material.config);
            (
                Some(acceptor),
                Some(CaFile {
                    pem: material.ca_pem,
                    path,
                    remove_at_shutdown,
                }),
            )
        } else {
            (None, None)
        };
        let scheme = if self.tls { "https" } else { "http" };
        let endpoint = format!("{scheme}://{host}:{}", local_addr.port());

        let events = EventHub::new(
            self.event_delivery,
            &resource_id,
            &endpoint,
            self.clock.clone(),
            restored.journal.clone(),
        );
        // Persistence: the saved subscriptions first, then the builder's (not saved, not twice).
        events.restore(restored.event_subscriptions);
        for webhook in self.event_webhooks {
            if !events.has(&webhook) {
                events.subscribe(webhook);
            }
        }
        let state = Arc::new(State {
            tokens: TokenIssuer::new(&restored.token_secret, &resource_id),
            resource_id: resource_id.clone(),
            access_key: access_key.clone(),
            clock: self.clock,
            max_clock_skew: self.max_clock_skew,
            identities: restored.identities,
            threads: restored.threads,
            faults: self.faults.map(FaultInjector::new),
            email_domains: self.email_domains,
            mailbox: restored.mailbox,
            journal: restored.journal,
            requests: crate::request_log::RequestLog::default(),
            arm: restored.arm,
            events: events.clone(),
        });
        let (shutdown, signal) = watch::channel(());
        let task = tokio::spawn(crate::server::serve(
            listener,
            state,
            acceptor,
            self.limits,
            signal,
        ));
        Ok(RunningEmulator {
            endpoint,
            local_addr,
            access_key,
            resource_id,
            ca,
            shutdown: Some(shutdown),
            task: Some(task),
            writer: restored.writer,
            events,
            shutdown_grace: self.event_delivery.shutdown_grace(),
        })
    }
}

#[derive(Debug)]
struct CaFile {
    pem: String,
    path: PathBuf,
    remove_at_shutdown: bool,
}

/// A started emulator. [`shutdown`](Self::shutdown) stops it cleanly; dropping it stops
/// accepting connections too, in the background.
///
/// Over HTTPS, a client trusts the CA the emulator made:
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let emulator = acs_emulator::Emulator::builder().tls(true).start().await?;
/// let ca = reqwest::Certificate::from_pem(emulator.ca_pem().unwrap_or_default().as_bytes())?;
/// let http = reqwest::Client::builder().add_root_certificate(ca).build()?;
///
/// // Chat without a user access token: 401, in the service's error shape.
/// let url = format!("{}/chat/threads?api-version=2025-03-15", emulator.endpoint());
/// let response = http.get(url).send().await?;
/// assert_eq!(response.status(), 401);
/// let body: serde_json::Value = response.json().await?;
/// assert_eq!(body["error"]["code"], "Unauthorized");
///
/// assert!(emulator.connection_string().starts_with("endpoint=https://127.0.0.1:"));
/// emulator.shutdown().await?;
/// # Ok(())
/// # }
/// ```
pub struct RunningEmulator {
    endpoint: String,
    local_addr: SocketAddr,
    access_key: AccessKey,
    resource_id: String,
    ca: Option<CaFile>,
    shutdown: Option<watch::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// Persistence: the store's writer, closed at shutdown.
    writer: Option<crate::persist::Writer>,
    /// The event publisher, drained at shutdown.
    events: EventHub,
    shutdown_grace: std::time::Duration,
}

impl fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("endpoint", &self.endpoint)
            .field("resource_id", &self.resource_id)
            .field("ca_pem_path", &self.ca_pem_path())
            .finish_non_exhaustive()
    }
}

impl RunningEmulator {
    /// The endpoint, without a trailing slash: `http://127.0.0.1:<port>` (or `https://`).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The address the emulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The connection string: `endpoint=<endpoint>/;accesskey=<key>`.
    pub fn connection_string(&self) -> String {
        format!(
            "endpoint={}/;accesskey={}",
            self.endpoint,
            self.access_key.secret().expose_secret()
        )
    }

    /// The connection string, parsed.
    ///
    /// # Errors
    ///
    /// None in practice: the endpoint and key were validated at start.
    pub fn parsed_connection_string(&self) -> acs_auth::Result<ConnectionString> {
        ConnectionString::parse(&self.connection_string())
    }

    /// The access key HMAC-signed requests must use.
    pub fn access_key(&self) -> &AccessKey {
        &self.access_key
    }

    /// The sender address email to this emulator should come from:
    /// [`DEFAULT_EMAIL_SENDER`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> acs_emulator::Result<()> {
    /// let emulator = acs_emulator::Emulator::builder().start().await?;
    /// assert_eq!(emulator.email_sender(), acs_emulator::DEFAULT_EMAIL_SENDER);
    /// # emulator.shutdown().await }
    /// ```
    pub fn email_sender(&self) -> &'static str {
        DEFAULT_EMAIL_SENDER
    }

    /// The resource id in identity ids.
    pub fn resource_id(&self) -> &str {
        &self.resource_id
    }

    /// With TLS: the PEM of the CA to trust (for example with `reqwest::Certificate::from_pem`).
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca.as_ref().map(|ca| ca.pem.as_str())
    }

    /// With TLS: the file holding [`ca_pem`](Self::ca_pem), for `REQUESTS_CA_BUNDLE` (Python) or
    /// `NODE_EXTRA_CA_CERTS` (Node).
    pub fn ca_pem_path(&self) -> Option<&Path> {
        self.ca.as_ref().map(|ca| ca.path.as_path())
    }

    /// Stops accepting connections, lets the open ones finish (at most 5 seconds), lets the
    /// event webhooks receive what is still queued for them (at most
    /// [`EventDeliveryOptions::with_shutdown_grace`], 10 seconds by default), closes the store
    /// of a [data directory](EmulatorBuilder::data_dir) and removes a CA file the emulator
    /// placed in the temporary directory.
    ///
    /// # Errors
    ///
    /// [`Error::Server`] when the server task panicked.
    pub async fn shutdown(mut self) -> Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let result = match self.task.take() {
            Some(task) => task.await.map_err(|source| Error::Server {
                source: Box::new(source),
            }),
            None => Ok(()),
        };
        // The API has stopped: the events of the calls it answered are delivered (within the
        // grace period) before the store closes (a handshake saves the validation state).
        self.events.close(self.shutdown_grace).await;
        if let Some(writer) = self.writer.take() {
            writer.close().await;
        }
        if let Some(ca) = &self.ca
            && ca.remove_at_shutdown
        {
            let _ = std::fs::remove_file(&ca.path);
        }
        result
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
