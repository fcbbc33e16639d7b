//! [`EmailSendPoller`]: follows a send operation to its terminal status.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use acs_core::{CallOptions, Error, ErrorKind, Result};
use acs_email_rest::types as wire;
use chrono::{DateTime, TimeDelta, Utc};
use futures::Stream;
use reqwest::header::HeaderMap;
use url::Url;

use crate::client::EmailClient;
use crate::convert;
use crate::models::{EmailSendResult, EmailSendStatus};

/// The generated method name of the status operation, for the pipeline's logs and retries.
const STATUS_OPERATION: &str = "email_get_send_result";

/// Follows a send operation: each [`poll`](Self::poll) waits as long as the service asked
/// (`retry-after`, kept within the client's minimum and maximum poll intervals) and then sends
/// exactly one `GET` of the operation's status URL (the `Operation-Location` as answered),
/// through the client's pipeline with the per-call options of the send (or of
/// [`with_call`](Self::with_call)). Credentials go only to the endpoint's origin.
///
/// Watch every status with [`stream`](Self::stream), or wait for the end with
/// [`wait`](Self::wait) (or by `.await`ing the poller). Nothing runs in the background: dropping
/// the poller (or a future of it) cancels it, and the operation can be resumed later from its
/// id with [`from_operation_id`](Self::from_operation_id).
///
/// ```no_run
/// # async fn example(client: acs_email::EmailClient, message: acs_email::EmailMessage) -> acs_email::Result<()> {
/// let poller = client.begin_send(&message, None).await?;
/// let id = poller.operation_id().to_owned();
/// drop(poller); // e.g. the process restarts
///
/// let result = acs_email::EmailSendPoller::from_operation_id(&client, &id)?.await?;
/// assert_eq!(result.id(), id);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct EmailSendPoller {
    client: EmailClient,
    /// The per-call options of every poll.
    call: CallOptions,
    /// The status URL.
    target: Url,
    operation_id: String,
    latest: Option<EmailSendResult>,
    /// What the service asked to wait before the next poll; `None` when it did not say.
    asked: Option<Duration>,
}

impl EmailSendPoller {
    /// The poller of a send just accepted.
    pub(crate) fn started(
        client: EmailClient,
        call: CallOptions,
        target: Url,
        result: EmailSendResult,
        asked: Option<Duration>,
    ) -> Self {
        Self {
            client,
            call,
            target,
            operation_id: result.id().to_owned(),
            latest: Some(result),
            asked,
        }
    }

    /// A poller for an existing send operation, from its id (the `Operation-Id` of the send,
    /// or [`operation_id`](Self::operation_id) of an earlier poller). Its first
    /// [`poll`](Self::poll) asks at once.
    ///
    /// ```no_run
    /// # async fn example(client: acs_email::EmailClient) -> acs_email::Result<()> {
    /// let poller = acs_email::EmailSendPoller::from_operation_id(
    ///     &client,
    ///     "8540c0de-899f-5cce-acb5-3ec493af3800",
    /// )?;
    /// let result = poller.wait().await?;
    /// println!("{}", result.status());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty id.
    pub fn from_operation_id(client: &EmailClient, operation_id: &str) -> Result<Self> {
        let target = client.status_target(operation_id)?;
        Ok(Self {
            client: client.clone(),
            call: CallOptions::default(),
            target,
            operation_id: operation_id.to_owned(),
            latest: None,
            asked: None,
        })
    }

    /// The same poller with `call` as the per-call options (a timeout and extra headers) of
    /// every following poll, e.g. for a poller resumed with
    /// [`from_operation_id`](Self::from_operation_id).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use acs_email::CallOptions;
    ///
    /// # async fn example(client: acs_email::EmailClient) -> acs_email::Result<()> {
    /// let poller = acs_email::EmailSendPoller::from_operation_id(
    ///     &client,
    ///     "8540c0de-899f-5cce-acb5-3ec493af3800",
    /// )?
    /// .with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
    /// let result = poller.wait().await?;
    /// println!("{}", result.status());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_call(mut self, call: CallOptions) -> Self {
        self.call = call;
        self
    }

    /// The id of the send operation.
    ///
    /// ```no_run
    /// # fn f(poller: acs_email::EmailSendPoller) { println!("{}", poller.operation_id()); }
    /// ```
    #[must_use]
    pub fn operation_id(&self) -> &str {
        &self.operation_id
    }

    /// The last status received (from the send or the latest poll); `None` before the first
    /// poll of a resumed poller.
    ///
    /// ```no_run
    /// # fn f(poller: acs_email::EmailSendPoller) {
    /// if let Some(latest) = poller.latest() {
    ///     println!("{}", latest.status());
    /// }
    /// # }
    /// ```
    #[must_use]
    pub fn latest(&self) -> Option<&EmailSendResult> {
        self.latest.as_ref()
    }

    /// Whether the operation has reached a terminal status.
    ///
    /// ```no_run
    /// # fn f(poller: acs_email::EmailSendPoller) { if poller.is_done() { println!("done"); } }
    /// ```
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|latest| latest.status().is_terminal())
    }

    /// How long the next [`poll`](Self::poll) waits before its request.
    ///
    /// ```no_run
    /// # fn f(poller: acs_email::EmailSendPoller) { println!("{:?}", poller.next_interval()); }
    /// ```
    #[must_use]
    pub fn next_interval(&self) -> Duration {
        if self.latest.is_none() {
            return Duration::ZERO;
        }
        let inner = &self.client.inner;
        self.asked
            .unwrap_or(inner.default_poll_interval)
            .clamp(inner.min_poll_interval, inner.max_poll_interval)
    }

    /// Waits [`next_interval`](Self::next_interval), then asks for the status once. When the
    /// operation is already over, returns its terminal status without a request.
    ///
    /// ```no_run
    /// # async fn example(mut poller: acs_email::EmailSendPoller) -> acs_email::Result<()> {
    /// while !poller.is_done() {
    ///     let status = poller.poll().await?;
    ///     println!("{}", status.status());
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// A service error for the status request (e.g. 404 for an unknown operation), a body that
    /// is not a status ([`ErrorKind::Decode`], naming the field), or a transport, timeout or
    /// credential error. The poller stays usable: the next poll tries again.
    pub async fn poll(&mut self) -> Result<EmailSendResult> {
        if let Some(latest) = &self.latest
            && latest.status().is_terminal()
        {
            return Ok(latest.clone());
        }
        let interval = self.next_interval();
        if !interval.is_zero() {
            let clock = &self.client.inner.clock;
            let deadline = clock
                .now()
                .checked_add_signed(TimeDelta::from_std(interval).unwrap_or(TimeDelta::MAX))
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            clock.sleep_until(deadline).await;
        }
        let (result, asked) = self.fetch().await?;
        tracing::debug!(
            operation_id = %self.operation_id,
            status = %result.status(),
            retry_after = ?asked,
            "email send status"
        );
        self.asked = asked;
        self.latest = Some(result.clone());
        Ok(result)
    }

    /// One `GET` of the status URL, through a per-call pipeline (with credentials only on the
    /// endpoint's origin).
    async fn fetch(&self) -> Result<(EmailSendResult, Option<Duration>)> {
        let pipeline = self.client.poll_pipeline(&self.call);
        let page = pipeline
            .get_bytes(self.target.clone(), STATUS_OPERATION)
            .await?;
        let asked = retry_after(&page.headers, self.client.inner.clock.now());
        let result =
            acs_core::from_slice::<wire::EmailSendResult>(&page.value).map_err(|error| {
                acs_core::decode_error(
                    STATUS_OPERATION,
                    "",
                    page.status,
                    &page.headers,
                    error,
                    true,
                )
                .with_client_request_id(pipeline.client_request_id())
            })?;
        Ok((convert::result(result), asked))
    }

    /// Every status of the operation: the one already known (from the send), then one per
    /// poll, ending after the terminal one (or after an error).
    ///
    /// ```no_run
    /// use futures::StreamExt as _;
    ///
    /// # async fn example(poller: acs_email::EmailSendPoller) -> acs_email::Result<()> {
    /// let statuses: Vec<_> = poller.stream().collect().await;
    /// for status in statuses {
    ///     println!("{}", status?.status());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<EmailSendResult>> + Send {
        let first = self.latest.clone();
        futures::stream::unfold(
            (self, first, false),
            |(mut poller, first, finished)| async move {
                if finished {
                    return None;
                }
                if let Some(first) = first {
                    let done = first.status().is_terminal();
                    return Some((Ok(first), (poller, None, done)));
                }
                match poller.poll().await {
                    Ok(result) => {
                        let done = result.status().is_terminal();
                        Some((Ok(result), (poller, None, done)))
                    }
                    Err(error) => Some((Err(error), (poller, None, true))),
                }
            },
        )
    }

    /// Polls until the operation ends; its `Succeeded` status.
    ///
    /// ```no_run
    /// # async fn example(poller: acs_email::EmailSendPoller) -> acs_email::Result<()> {
    /// let result = poller.wait().await?;
    /// println!("sent {}", result.id());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OperationFailed`] when the operation ends `Failed` or `Canceled`, with the
    /// service's error code and message; otherwise the first error of a poll.
    pub async fn wait(mut self) -> Result<EmailSendResult> {
        loop {
            let result = self.poll().await?;
            match result.status() {
                EmailSendStatus::Succeeded => return Ok(result),
                EmailSendStatus::Failed | EmailSendStatus::Canceled => {
                    return Err(operation_failed(&result));
                }
                _ => {}
            }
        }
    }
}

impl IntoFuture for EmailSendPoller {
    type Output = Result<EmailSendResult>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    /// `poller.await` is [`EmailSendPoller::wait`].
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.wait())
    }
}

/// The error of an operation that ended `Failed` or `Canceled`.
fn operation_failed(result: &EmailSendResult) -> Error {
    let (code, message) = result.error().map_or_else(Default::default, |error| {
        (
            error.code.clone().unwrap_or_default(),
            error.message.clone().unwrap_or_default(),
        )
    });
    Error::new(
        ErrorKind::OperationFailed {
            operation_id: result.id().to_owned(),
            status: result.status().as_str().to_owned(),
            code,
            message: message.clone(),
        },
        message,
    )
}

/// The wait the service asks for: `retry-after-ms`, `x-ms-retry-after-ms`, then `retry-after`
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
