//! [`OperationPoller`]: follows an ARM long-running operation to its end.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use acs_core::{CallOptions, Error, ErrorKind, Result};
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use futures::Stream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use url::Url;

use crate::client::{ManagementClient, is_allowed_scheme};
use crate::models::OperationStatus;

/// Turns the final body of an operation into its result.
pub(crate) type Finish<T> = Arc<dyn Fn(&Bytes, StatusCode, &HeaderMap) -> Result<T> + Send + Sync>;

/// Where the status of the operation is read.
#[derive(Debug, Clone)]
enum Monitor {
    /// `Azure-AsyncOperation`: an operation status resource `{status, error}`.
    AsyncOperation(Url),
    /// `Location`: `202` while running, the result (or nothing) when done.
    Location(Url),
    /// No header: the resource itself, until its `provisioningState` is terminal.
    Resource(Url),
}

/// The operation status resource of `Azure-AsyncOperation`.
#[derive(Deserialize)]
struct StatusBody {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    error: Option<StatusError>,
}

#[derive(Deserialize, Default, Clone)]
struct StatusError {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// A resource body, read only for its provisioning state.
#[derive(Deserialize)]
struct StateBody {
    #[serde(default)]
    properties: Option<StateProperties>,
}

#[derive(Deserialize)]
struct StateProperties {
    #[serde(rename = "provisioningState", default)]
    provisioning_state: Option<String>,
}

/// Follows an Azure Resource Manager long-running operation (a creation, update, deletion or
/// domain verification that ARM runs in the background) until it ends.
///
/// ARM answers such a request with `201` or `202` and a URL to watch: `Azure-AsyncOperation`
/// (an operation status: `InProgress` ... `Succeeded`, `Failed` or `Canceled`, with the error),
/// or `Location` (answering `202` until the operation is over). With neither, a `201` resource
/// whose `provisioningState` is not terminal is watched through the resource itself. Each
/// [`poll`](Self::poll) waits as long as ARM asked (`Retry-After`, kept within the client's
/// minimum and maximum poll intervals) and then sends exactly one `GET` through the client's
/// pipeline, with the per-call options of the call that started the operation; tokens go only
/// to the endpoint's origin. When the operation succeeds, the final resource is read with one
/// more `GET` of its URL (for creations and updates).
///
/// Wait for the result with [`wait`](Self::wait) (or by `.await`ing the poller), or watch each
/// status with [`stream`](Self::stream). Nothing runs in the background: dropping the poller
/// stops watching (the operation itself goes on in Azure).
///
/// ```no_run
/// use acs_management::{EmailServiceCreate, ManagementClient};
///
/// # async fn example(client: ManagementClient) -> acs_management::Result<()> {
/// let mut poller = client
///     .email_services()
///     .begin_create_or_update("my-group", "contoso-email", &EmailServiceCreate::new("global", "United States"), None)
///     .await?;
/// while !poller.is_done() {
///     println!("{}", poller.poll().await?);
/// }
/// let service = poller.wait().await?;
/// println!("{}", service.name);
/// # Ok(()) }
/// ```
pub struct OperationPoller<T> {
    client: ManagementClient,
    call: CallOptions,
    /// The name of the operation, for logs and errors.
    operation: &'static str,
    /// Where the status is read; `None` when the operation was over at once.
    monitor: Option<Monitor>,
    /// The resource to read when the operation has succeeded (creations and updates).
    final_get: Option<Url>,
    finish: Finish<T>,
    status: OperationStatus,
    result: Option<T>,
    failure: Option<StatusError>,
    asked: Option<Duration>,
}

/// What the first response of a long-running operation said.
pub(crate) struct Started<T> {
    /// The name of the generated operation.
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// The result, when the first response already is the end (a `200` resource, a `204`).
    pub(crate) immediate: Option<T>,
    /// The provisioning state of the resource in the first response, if any.
    pub(crate) provisioning_state: Option<String>,
    /// The resource URL, for the final `GET` (creations and updates).
    pub(crate) resource: Option<Url>,
    pub(crate) finish: Finish<T>,
}

impl<T: Send + 'static> OperationPoller<T> {
    /// The poller of an operation from its first response.
    pub(crate) fn start(
        client: ManagementClient,
        call: CallOptions,
        started: Started<T>,
    ) -> Result<Self> {
        let Started {
            operation,
            status,
            headers,
            immediate,
            provisioning_state,
            resource,
            finish,
        } = started;
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|value| !value.is_empty())
        };
        let asked = retry_after(&headers, client.inner.clock.now());
        let monitor = if let Some(url) = header("azure-asyncoperation") {
            Some(Monitor::AsyncOperation(poll_url(
                url,
                "Azure-AsyncOperation",
            )?))
        } else if let Some(url) = header("location")
            && status == StatusCode::ACCEPTED
        {
            Some(Monitor::Location(poll_url(url, "Location")?))
        } else if status == StatusCode::ACCEPTED {
            return Err(Error::new(
                ErrorKind::UnexpectedResponse { status: 202 },
                format!(
                    "{operation}: ARM accepted the operation without Azure-AsyncOperation or Location to follow"
                ),
            ));
        } else if provisioning_state
            .as_deref()
            .is_some_and(|state| !OperationStatus::from(state).normalized().is_terminal())
        {
            resource.clone().map(Monitor::Resource)
        } else {
            None
        };
        let (status, result) = match (&monitor, immediate) {
            (None, Some(result)) => (OperationStatus::Succeeded, Some(result)),
            (None, None) => (OperationStatus::Succeeded, None),
            (Some(_), _) => (OperationStatus::InProgress, None),
        };
        let mut poller = Self {
            client,
            call,
            operation,
            final_get: resource,
            monitor,
            finish,
            status,
            result,
            failure: None,
            asked,
        };
        if poller.monitor.is_none() && poller.result.is_none() {
            // Over at once without a body (a deletion answered 200 or 204).
            poller.result = Some((poller.finish)(
                &Bytes::new(),
                StatusCode::NO_CONTENT,
                &HeaderMap::new(),
            )?);
        }
        Ok(poller)
    }

    /// The latest status: `InProgress` (or what ARM said) while running, then `Succeeded`,
    /// `Failed` or `Canceled`.
    ///
    /// ```no_run
    /// # fn f(poller: acs_management::OperationPoller<()>) { println!("{}", poller.status()); }
    /// ```
    #[must_use]
    pub fn status(&self) -> &OperationStatus {
        &self.status
    }

    /// Whether the operation has ended (in success or not).
    ///
    /// ```no_run
    /// # fn f(poller: acs_management::OperationPoller<()>) { if poller.is_done() { println!("over"); } }
    /// ```
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.status.is_terminal()
    }

    /// The same poller with `call` as the per-call options of every following poll.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use acs_management::CallOptions;
    ///
    /// # fn f(poller: acs_management::OperationPoller<()>) {
    /// let poller = poller.with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
    /// # let _ = poller;
    /// # }
    /// ```
    #[must_use]
    pub fn with_call(mut self, call: CallOptions) -> Self {
        self.call = call;
        self
    }

    /// How long the next [`poll`](Self::poll) waits before its request.
    ///
    /// ```no_run
    /// # fn f(poller: acs_management::OperationPoller<()>) { println!("{:?}", poller.next_interval()); }
    /// ```
    #[must_use]
    pub fn next_interval(&self) -> Duration {
        let inner = &self.client.inner;
        self.asked
            .unwrap_or(inner.default_poll_interval)
            .clamp(inner.min_poll_interval, inner.max_poll_interval)
    }

    /// Waits [`next_interval`](Self::next_interval), then reads the status once (and, when it
    /// has just succeeded, the final resource). When the operation is already over, returns
    /// its status without a request.
    ///
    /// ```no_run
    /// # async fn example(mut poller: acs_management::OperationPoller<()>) -> acs_management::Result<()> {
    /// while !poller.is_done() {
    ///     println!("{}", poller.poll().await?);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// A service error for the status request, a status body that does not decode
    /// ([`ErrorKind::Decode`]), or a transport, timeout or credential error. The poller stays
    /// usable: the next poll tries again.
    pub async fn poll(&mut self) -> Result<OperationStatus> {
        if self.is_done() {
            return Ok(self.status.clone());
        }
        let Some(monitor) = self.monitor.clone() else {
            return Ok(self.status.clone());
        };
        let interval = self.next_interval();
        let clock = &self.client.inner.clock;
        let deadline = clock
            .now()
            .checked_add_signed(TimeDelta::from_std(interval).unwrap_or(TimeDelta::MAX))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        clock.sleep_until(deadline).await;
        let pipeline = self
            .client
            .inner
            .pipeline_for(acs_core::method_span!("poll"), &self.call);
        let (url, kind) = match &monitor {
            Monitor::AsyncOperation(url) => (url.clone(), "async-operation"),
            Monitor::Location(url) => (url.clone(), "location"),
            Monitor::Resource(url) => (url.clone(), "resource"),
        };
        let page = pipeline.get_bytes(url, self.operation).await?;
        self.asked = retry_after(&page.headers, self.client.inner.clock.now());
        let decode_failed = |error| {
            acs_core::decode_error(self.operation, "", page.status, &page.headers, error, true)
                .with_client_request_id(pipeline.client_request_id())
        };
        let (status, failure) = match monitor {
            Monitor::AsyncOperation(_) => {
                let body =
                    acs_core::from_slice::<StatusBody>(&page.value).map_err(decode_failed)?;
                let status = body.status.map_or(OperationStatus::InProgress, |s| {
                    OperationStatus::from(s).normalized()
                });
                (status, body.error)
            }
            Monitor::Location(_) => {
                if page.status == StatusCode::ACCEPTED {
                    (OperationStatus::InProgress, None)
                } else {
                    (OperationStatus::Succeeded, None)
                }
            }
            Monitor::Resource(_) => {
                let body = acs_core::from_slice::<StateBody>(&page.value).map_err(decode_failed)?;
                let status = body
                    .properties
                    .and_then(|p| p.provisioning_state)
                    .map_or(OperationStatus::Succeeded, |s| {
                        OperationStatus::from(s).normalized()
                    });
                (status, None)
            }
        };
        tracing::debug!(operation = self.operation, monitor = kind, status = %status, retry_after = ?self.asked, "long-running operation status");
        if status == OperationStatus::Succeeded {
            let result = match (&self.final_get, &self.monitor) {
                (Some(resource), Some(Monitor::AsyncOperation(_) | Monitor::Location(_))) => {
                    let page = pipeline.get_bytes(resource.clone(), self.operation).await?;
                    (self.finish)(&page.value, page.status, &page.headers)?
                }
                _ => (self.finish)(&page.value, page.status, &page.headers)?,
            };
            self.result = Some(result);
        }
        self.failure = failure;
        self.status = status.clone();
        Ok(status)
    }

    /// Every status of the operation, one per poll, ending after the terminal one (or after an
    /// error).
    ///
    /// ```no_run
    /// use futures::StreamExt as _;
    ///
    /// # async fn example(poller: acs_management::OperationPoller<()>) -> acs_management::Result<()> {
    /// let statuses: Vec<_> = poller.stream().collect().await;
    /// for status in statuses {
    ///     println!("{}", status?);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<OperationStatus>> + Send
    where
        T: Send,
    {
        futures::stream::unfold((self, false), |(mut poller, finished)| async move {
            if finished {
                return None;
            }
            match poller.poll().await {
                Ok(status) => {
                    let done = status.is_terminal();
                    Some((Ok(status), (poller, done)))
                }
                Err(error) => Some((Err(error), (poller, true))),
            }
        })
    }

    /// Polls until the operation ends; its result (the resource for a creation or update,
    /// `()` for a deletion or a verification).
    ///
    /// ```no_run
    /// # async fn example(poller: acs_management::OperationPoller<()>) -> acs_management::Result<()> {
    /// poller.wait().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OperationFailed`] when the operation ends `Failed` or `Canceled`, with ARM's
    /// error code and message; otherwise the first error of a poll.
    pub async fn wait(mut self) -> Result<T> {
        loop {
            let status = self.poll().await?;
            match status {
                OperationStatus::Succeeded => {
                    return self.result.take().ok_or_else(|| {
                        Error::new(
                            ErrorKind::UnexpectedResponse { status: 200 },
                            format!(
                                "{}: the operation succeeded without a result",
                                self.operation
                            ),
                        )
                    });
                }
                status if status.is_terminal() => return Err(self.failed(&status)),
                _ => {}
            }
        }
    }

    /// The error of an operation that ended `Failed` or `Canceled`.
    fn failed(&self, status: &OperationStatus) -> Error {
        let failure = self.failure.clone().unwrap_or_default();
        let code = failure.code.unwrap_or_default();
        let message = failure.message.unwrap_or_default();
        let operation_id = match &self.monitor {
            Some(Monitor::AsyncOperation(url) | Monitor::Location(url)) => url
                .path_segments()
                .and_then(|mut segments| segments.next_back().map(str::to_owned))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let text = if message.is_empty() {
            format!("{}: the operation ended {status}", self.operation)
        } else {
            format!(
                "{}: the operation ended {status}: {message}",
                self.operation
            )
        };
        Error::new(
            ErrorKind::OperationFailed {
                operation_id,
                status: status.as_str().to_owned(),
                code,
                message,
            },
            text,
        )
    }
}

impl<T: Send + 'static> IntoFuture for OperationPoller<T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    /// `poller.await` is [`OperationPoller::wait`].
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.wait())
    }
}

impl<T> fmt::Debug for OperationPoller<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationPoller")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("monitor", &self.monitor)
            .finish_non_exhaustive()
    }
}

/// A URL to poll, as ARM answered it: absolute, `https` (or `http` on loopback).
fn poll_url(value: &str, header: &str) -> Result<Url> {
    let url = Url::parse(value).map_err(|error| {
        Error::invalid_input(format!(
            "ARM answered a {header} that is not an absolute URL"
        ))
        .with_source(error)
    })?;
    if !is_allowed_scheme(&url) {
        return Err(Error::invalid_input(format!(
            "ARM answered a {header} that is not https (http only on loopback)"
        )));
    }
    Ok(url)
}

/// The wait ARM asks for: `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After`
/// (seconds or an HTTP date, relative to `now`).
pub(crate) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(ms) = header(name).and_then(|value| value.trim().parse::<u64>().ok()) {
            return Some(Duration::from_millis(ms));
        }
    }
    let value = header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (date.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or_default(),
    )
}
