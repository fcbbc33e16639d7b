//! One webhook's worker: the handshake, then batches of queued events, each retried with
//! backoff (on the emulator's clock) a bounded number of times.

use std::sync::Arc;

use acs_events_model::types::SubscriptionValidationResponse;
use chrono::{DateTime, TimeDelta, Utc};
use http::StatusCode;
use tokio::sync::mpsc;

use super::envelope::{self, Event};
use super::log::Status;
use super::validation::{Validation, ValidationCell};
use super::webhook::{EventSchema, EventWebhook};
use super::{Queued, Shared};

/// The origin the CloudEvents abuse-protection handshake announces (as Event Grid does).
const REQUEST_ORIGIN: &str = "eventgrid.azure.net";
/// The request rate (per minute) the handshake asks for.
const REQUEST_RATE: &str = "120";

/// Why an attempt failed, and whether another may succeed.
#[derive(Debug)]
struct Failure {
    message: String,
    retry: bool,
}

impl Failure {
    fn retry(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            retry: true,
        }
    }
}

pub(super) struct Worker {
    pub(super) id: String,
    pub(super) webhook: EventWebhook,
    pub(super) validation: Arc<ValidationCell>,
    pub(super) code: String,
    pub(super) shared: Arc<Shared>,
    pub(super) queue: mpsc::Receiver<Queued>,
    /// Persistence: the record key of a saved subscription.
    pub(super) saved_as: Option<String>,
}

impl Worker {
    /// Delivers until the hub (and so the queue's sender) is gone and the queue is empty.
    pub(super) async fn run(mut self) {
        let max_batch = self.shared.options.max_batch();
        let mut batch = Vec::with_capacity(max_batch);
        while self.queue.recv_many(&mut batch, max_batch).await > 0 {
            if !self.validation.is_validated() {
                if let Err(error) = self.handshake().await
                    && self.validation.fail(Validation::Failed(error.clone()))
                {
                    let reason = format!("the validation handshake failed: {error}");
                    for queued in batch.drain(..) {
                        self.shared.drop_delivery(
                            queued.seq,
                            &queued.event,
                            &self.webhook,
                            &reason,
                        );
                    }
                    continue;
                }
                self.shared.mark_validated(
                    &self.validation,
                    self.saved_as.as_deref(),
                    &self.webhook,
                    &self.code,
                );
                tracing::info!(webhook = %self.webhook, "events webhook validated");
            }
            self.deliver(&batch).await;
            batch.clear();
        }
    }

    /// Whether the emulator is shutting down (no more retries).
    fn closing(&self) -> bool {
        *self.shared.closing.borrow()
    }

    /// Waits until `until` on the emulator's clock, or until the emulator starts shutting down.
    async fn wait_for_retry(&self, until: DateTime<Utc>) {
        let mut closing = self.shared.closing.subscribe();
        tokio::select! {
            () = self.shared.clock.sleep_until(until) => {}
            // Sees a shutdown that began before this wait too; the hub owns the sender.
            _ = closing.wait_for(|closing| *closing) => {}
        }
    }

    /// When a failed attempt that started at `started` may be followed by the next one.
    fn next_attempt_at(&self, started: DateTime<Utc>, attempt: u32) -> DateTime<Utc> {
        let wait = self.shared.options.backoff(attempt);
        started + TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX)
    }

    /// The handshake, retried like a delivery. A manual validation (a GET of the
    /// `validationUrl`) in the meantime counts too, and ends a wait for the next attempt.
    async fn handshake(&self) -> Result<(), String> {
        let attempts = self.shared.options.max_attempts();
        let mut last = String::new();
        for attempt in 1..=attempts {
            let started = self.shared.clock.now();
            match self.handshake_once(started).await {
                Ok(()) => return Ok(()),
                Err(failure) => last = failure.message,
            }
            if attempt == attempts || self.closing() {
                break;
            }
            if !self.validation.fail(Validation::Retrying(last.clone())) {
                return Ok(());
            }
            tracing::debug!(webhook = %self.webhook, attempt, error = %last, "the validation handshake failed; retrying");
            tokio::select! {
                () = self.wait_for_retry(self.next_attempt_at(started, attempt)) => {}
                () = self.validation.validated() => {}
            }
            if self.validation.is_validated() {
                return Ok(());
            }
        }
        Err(last)
    }

    async fn handshake_once(&self, now: DateTime<Utc>) -> Result<(), Failure> {
        match self.webhook.schema() {
            EventSchema::EventGrid => {
                let validation_url = format!(
                    "{}/emulator/api/event-subscriptions/{}/validate?code={}",
                    self.shared.endpoint, self.id, self.code
                );
                let body = envelope::validation_event(
                    &self.code,
                    &validation_url,
                    &self.shared.topic,
                    now,
                );
                let response = self
                    .shared
                    .http
                    .post(self.webhook.url().clone())
                    .header("aeg-event-type", "SubscriptionValidation")
                    .header("aeg-subscription-name", self.id.to_ascii_uppercase())
                    .header("aeg-delivery-count", "0")
                    .header("aeg-data-version", "2")
                    .header("aeg-metadata-version", "1")
                    .header(
                        http::header::CONTENT_TYPE,
                        "application/json; charset=utf-8",
                    )
                    .body(serde_json::to_vec(&body).unwrap_or_default())
                    .send()
                    .await
                    .map_err(|error| Failure::retry(acs_core::error_chain(&error.without_url())))?;
                let status = response.status();
                if !status.is_success() {
                    return Err(Failure::retry(format!("the webhook answered {status}")));
                }
                let answer: SubscriptionValidationResponse =
                    response.json().await.map_err(|_| {
                        Failure::retry("the webhook's answer is not JSON with a validationResponse")
                    })?;
                if answer.validation_response == self.code {
                    Ok(())
                } else {
                    Err(Failure::retry(
                        "the webhook's validationResponse is not the validationCode",
                    ))
                }
            }
            EventSchema::CloudEvents => {
                let response = self
                    .shared
                    .http
                    .request(http::Method::OPTIONS, self.webhook.url().clone())
                    .header("WebHook-Request-Origin", REQUEST_ORIGIN)
                    .header("WebHook-Request-Rate", REQUEST_RATE)
                    .send()
                    .await
                    .map_err(|error| Failure::retry(acs_core::error_chain(&error.without_url())))?;
                let status = response.status();
                if !status.is_success() {
                    return Err(Failure::retry(format!("the webhook answered {status}")));
                }
                let allowed = response
                    .headers()
                    .get_all("WebHook-Allowed-Origin")
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .flat_map(|value| value.split(','))
                    .any(|origin| {
                        let origin = origin.trim();
                        origin == "*" || origin.eq_ignore_ascii_case(REQUEST_ORIGIN)
                    });
                if allowed {
                    Ok(())
                } else {
                    Err(Failure::retry(format!(
                        "the webhook's answer has no WebHook-Allowed-Origin allowing {REQUEST_ORIGIN}"
                    )))
                }
            }
        }
    }

    /// Sends one batch, retrying; marks each record delivered or dropped.
    async fn deliver(&self, batch: &[Queued]) {
        let events: Vec<&Event> = batch.iter().map(|queued| queued.event.as_ref()).collect();
        let (body, content_type) =
            envelope::body(self.webhook.schema(), &events, &self.shared.topic);
        let attempts = self.shared.options.max_attempts();
        let mut failure = Failure::retry("no attempt was made");
        let mut made = 0;
        for attempt in 1..=attempts {
            made = attempt;
            for queued in batch {
                self.shared
                    .log
                    .update(queued.seq, |record| record.attempts = attempt);
            }
            let started = self.shared.clock.now();
            match self.send(&body, content_type, attempt).await {
                Ok(()) => {
                    let now = self.shared.clock.now();
                    for queued in batch {
                        self.shared.log.update(queued.seq, |record| {
                            record.status = Status::Delivered;
                            record.delivered_at = Some(now);
                        });
                    }
                    return;
                }
                Err(error) => failure = error,
            }
            for queued in batch {
                self.shared.log.update(queued.seq, |record| {
                    record.last_error = Some(failure.message.clone());
                });
            }
            if !failure.retry || attempt == attempts || self.closing() {
                break;
            }
            tracing::debug!(webhook = %self.webhook, attempt, error = %failure.message, "event delivery failed; retrying");
            self.wait_for_retry(self.next_attempt_at(started, attempt))
                .await;
        }
        let reason = format!("{} (after {made} attempt(s))", failure.message);
        for queued in batch {
            self.shared
                .drop_delivery(queued.seq, &queued.event, &self.webhook, &reason);
        }
    }

    async fn send(&self, body: &[u8], content_type: &str, attempt: u32) -> Result<(), Failure> {
        let response = self
            .shared
            .http
            .post(self.webhook.url().clone())
            .header("aeg-event-type", "Notification")
            .header("aeg-subscription-name", self.id.to_ascii_uppercase())
            .header("aeg-delivery-count", (attempt - 1).to_string())
            .header("aeg-data-version", "1.0")
            .header("aeg-metadata-version", "1")
            .header(http::header::CONTENT_TYPE, content_type)
            .body(body.to_vec())
            .send()
            .await
            .map_err(|error| {
                let message = if error.is_timeout() {
                    "the webhook did not answer in time".to_owned()
                } else {
                    acs_core::error_chain(&error.without_url())
                };
                Failure::retry(message)
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        // Event Grid does not retry these: the request itself is refused.
        let retry = !matches!(
            status,
            StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE
        );
        Err(Failure {
            message: format!("the webhook answered {status}"),
            retry,
        })
    }
}
