//! Event delivery: the events the real service publishes through Event Grid for each chat and
//! email operation, delivered to the webhooks subscribed with `--events-webhook` or
//! [`EmulatorBuilder::events_webhook`](crate::EmulatorBuilder::events_webhook).
//!
//! A handler only enqueues (a non-blocking `try_send` into each webhook's bounded queue), so a
//! slow or failing webhook never slows the API. Each webhook has its own background worker: it
//! performs the validation handshake once (Event Grid's `SubscriptionValidationEvent`, or the
//! CloudEvents `OPTIONS` abuse protection), then sends the queued events in batches, retrying
//! with backoff on the emulator's clock, a bounded number of times. A full queue or an
//! exhausted delivery drops the events: logged with `tracing` and listed, with every other
//! delivery, at `GET /emulator/api/event-deliveries`.
//!
//! At shutdown, once the API has stopped, the workers deliver what is still queued (one more
//! attempt per batch, no waiting for retries), within
//! [`EventDeliveryOptions::with_shutdown_grace`]; a worker still busy after it is stopped.
//!
//! Persistence (under `--data-dir`, see [`persisted`]): the subscriptions added over
//! `POST /emulator/api/event-subscriptions` are saved with their validation state; the
//! webhooks of the builder or `--events-webhook` are not (they are given again at each start).
//! The delivery history and queued events are kept in memory only; `POST /emulator/api/reset`
//! clears the history and keeps the subscriptions.

pub(crate) mod api;
pub(crate) mod chat;
mod deliver;
pub(crate) mod email;
mod envelope;
mod log;
pub(crate) mod persisted;
mod validation;
mod webhook;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};

use acs_auth::Clock;
use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

pub(crate) use envelope::Event;
pub use webhook::{EventDeliveryOptions, EventSchema, EventWebhook};

use crate::state::{lock, read, write};
use log::{DeliveryLog, Record, Status};
use validation::{Validation, ValidationCell};

/// Webhooks subscribed at once, at most.
const MAX_SUBSCRIPTIONS: usize = 64;
/// Delayed events (email delivery reports) waiting for their time, at most.
const MAX_DELAYED: usize = 10_000;

/// Events waiting for their time (email delivery reports).
type Delayed = mpsc::Sender<(DateTime<Utc>, Vec<Event>)>;

/// An event queued for one webhook, with its delivery record.
#[derive(Debug)]
struct Queued {
    event: Arc<Event>,
    seq: u64,
}

/// A subscribed webhook, as the hub sees it.
#[derive(Debug)]
struct Subscription {
    id: String,
    webhook: EventWebhook,
    validation: Arc<ValidationCell>,
    /// The handshake's validation code (for the manual `validationUrl`).
    code: String,
    queue: mpsc::Sender<Queued>,
    /// Persistence: the record key, when the subscription is saved (added over the API).
    saved_as: Option<String>,
    /// Its worker, awaited at shutdown.
    worker: tokio::task::JoinHandle<()>,
}

/// What the workers share with the hub.
#[derive(Debug)]
struct Shared {
    options: EventDeliveryOptions,
    topic: String,
    /// The emulator's endpoint (for `validationUrl`).
    endpoint: String,
    clock: Arc<dyn Clock>,
    http: reqwest::Client,
    log: DeliveryLog,
    /// Persistence: where saved subscriptions' changes go.
    journal: crate::persist::Journal,
    /// `true` from shutdown on: the workers make no more retries (each batch left gets one
    /// attempt), and those waiting to retry stop waiting.
    closing: tokio::sync::watch::Sender<bool>,
}

#[derive(Debug)]
struct HubInner {
    shared: Arc<Shared>,
    subscriptions: RwLock<Vec<Subscription>>,
    next_id: AtomicU64,
    delayed: Mutex<Option<Delayed>>,
}

/// The emulator's event publisher (one per emulator, in its state).
#[derive(Debug, Clone)]
pub(crate) struct EventHub {
    inner: Arc<HubInner>,
}

impl EventHub {
    /// A hub without subscriptions; `resource_id` names the topic.
    pub(crate) fn new(
        options: EventDeliveryOptions,
        resource_id: &str,
        endpoint: &str,
        clock: Arc<dyn Clock>,
        journal: crate::persist::Journal,
    ) -> Self {
        let http = acs_core::http_client_builder(Vec::new())
            .ok()
            .and_then(|builder| builder.timeout(options.attempt_timeout()).build().ok())
            .unwrap_or_default();
        Self {
            inner: Arc::new(HubInner {
                shared: Arc::new(Shared {
                    options,
                    topic: envelope::topic(&format!("acs-emulator-{resource_id}")),
                    endpoint: endpoint.to_owned(),
                    clock,
                    http,
                    log: DeliveryLog::new(options.history()),
                    journal,
                    closing: tokio::sync::watch::Sender::new(false),
                }),
                subscriptions: RwLock::new(Vec::new()),
                next_id: AtomicU64::new(1),
                delayed: Mutex::new(None),
            }),
        }
    }

    /// Subscribes a webhook and starts its worker (on the current Tokio runtime); returns the
    /// subscription id. `None` outside a runtime or past [`MAX_SUBSCRIPTIONS`]. Not saved: the
    /// builder's webhooks are given again at each start.
    pub(crate) fn subscribe(&self, webhook: EventWebhook) -> Option<String> {
        self.add(webhook, None, false)
    }

    /// Like [`subscribe`](Self::subscribe), and saved under the data directory (the
    /// subscriptions added over the API).
    pub(crate) fn subscribe_saved(&self, webhook: EventWebhook) -> Option<String> {
        self.add(webhook, None, true)
    }

    /// Whether a webhook with this URL and schema is subscribed already.
    pub(crate) fn has(&self, webhook: &EventWebhook) -> bool {
        read(&self.inner.subscriptions)
            .iter()
            .any(|subscription| subscription.webhook == *webhook)
    }

    /// Subscribes `webhook`; `restored` is a saved subscription's number, validation code and
    /// whether it was validated.
    fn add(
        &self,
        webhook: EventWebhook,
        restored: Option<(u64, String, bool)>,
        saved: bool,
    ) -> Option<String> {
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        let mut subscriptions = write(&self.inner.subscriptions);
        if subscriptions.len() >= MAX_SUBSCRIPTIONS {
            tracing::warn!(webhook = %webhook, "not subscribed: too many webhooks");
            return None;
        }
        let (number, code, validated) = match restored {
            Some((number, code, validated)) => {
                self.inner.next_id.fetch_max(number + 1, Ordering::Relaxed);
                (number, code, validated)
            }
            None => (
                self.inner.next_id.fetch_add(1, Ordering::Relaxed),
                uuid::Uuid::new_v4().to_string(),
                false,
            ),
        };
        let id = format!("webhook-{number}");
        let (queue, receiver) = mpsc::channel(self.inner.shared.options.queue_capacity());
        let validation = Arc::new(ValidationCell::new(validated));
        let saved_as = saved.then(|| persisted::key(number));
        if let Some(key) = &saved_as {
            self.inner.shared.journal.put(
                persisted::SUBSCRIPTION,
                key,
                &persisted::record(&webhook, &code, validated),
            );
        }
        let worker = deliver::Worker {
            id: id.clone(),
            webhook: webhook.clone(),
            validation: validation.clone(),
            code: code.clone(),
            shared: self.inner.shared.clone(),
            queue: receiver,
            saved_as: saved_as.clone(),
        };
        let worker = runtime.spawn(worker.run());
        tracing::info!(webhook = %webhook, id = %id, "events webhook subscribed");
        subscriptions.push(Subscription {
            id: id.clone(),
            webhook,
            validation,
            code,
            queue,
            saved_as,
            worker,
        });
        Some(id)
    }

    /// Persistence: subscribes the saved subscriptions again (at start, before the builder's
    /// webhooks), with their ids, codes and validation state. A record that no longer parses
    /// is skipped with a warning.
    pub(crate) fn restore(&self, records: Vec<(String, persisted::SubscriptionRecord)>) {
        for (key, record) in records {
            match record.webhook() {
                Ok(webhook) => {
                    let number = persisted::number(&key);
                    self.add(webhook, Some((number, record.code, record.validated)), true);
                }
                Err(error) => {
                    tracing::warn!(key = %key, error = %error, "a saved event subscription is skipped");
                }
            }
        }
    }

    /// Forgets the delivery history (`POST /emulator/api/reset`); subscriptions stay.
    pub(crate) fn clear_deliveries(&self) {
        self.inner.shared.log.clear();
    }

    /// Whether any webhook is subscribed (when none is, building events is skipped).
    pub(crate) fn is_active(&self) -> bool {
        !read(&self.inner.subscriptions).is_empty()
    }

    /// Enqueues `events`, in order, for every webhook. Never waits: a full queue drops the
    /// event (logged, and listed as dropped).
    pub(crate) fn publish(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        let subscriptions = read(&self.inner.subscriptions);
        let shared = &self.inner.shared;
        let now = shared.clock.now();
        for event in events {
            let event = Arc::new(event);
            for subscription in subscriptions.iter() {
                let seq = shared.log.push(Record {
                    event_id: event.id.clone(),
                    event_type: event.event_type,
                    subject: event.subject.clone(),
                    webhook: subscription.webhook.redacted_url(),
                    schema: subscription.webhook.schema().as_str(),
                    status: Status::Pending,
                    attempts: 0,
                    last_error: None,
                    enqueued_at: now,
                    delivered_at: None,
                });
                let queued = Queued {
                    event: event.clone(),
                    seq,
                };
                if let Err(error) = subscription.queue.try_send(queued) {
                    let reason = match error {
                        mpsc::error::TrySendError::Full(_) => "the delivery queue is full",
                        mpsc::error::TrySendError::Closed(_) => "the delivery worker has stopped",
                    };
                    shared.drop_delivery(seq, &event, &subscription.webhook, reason);
                }
            }
        }
    }

    /// Publishes `events` once the emulator's clock reaches `due` (in the order given, after
    /// the events delayed before them).
    pub(crate) fn publish_at(&self, due: DateTime<Utc>, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        let mut delayed = lock(&self.inner.delayed);
        if delayed.is_none() {
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                return;
            };
            let (sender, receiver) = mpsc::channel(MAX_DELAYED);
            runtime.spawn(run_delayed(
                Arc::downgrade(&self.inner),
                self.inner.shared.clock.clone(),
                receiver,
            ));
            *delayed = Some(sender);
        }
        if let Some(sender) = delayed.as_ref()
            && sender.try_send((due, events)).is_err()
        {
            tracing::warn!("events dropped: too many delayed events are waiting");
        }
    }

    /// At shutdown, once the API has stopped: nothing more is published, and each worker
    /// delivers what is queued for its webhook (one more attempt per batch, no retries) for at
    /// most `grace` of real time. A worker still busy then is stopped, and its undelivered events are listed
    /// as dropped. Returns how many workers were stopped. Delayed events (email delivery
    /// reports not yet due) are not sent.
    pub(crate) async fn close(&self, grace: std::time::Duration) -> usize {
        self.inner.shared.closing.send_replace(true);
        lock(&self.inner.delayed).take();
        // Taking the subscriptions drops their queues' senders: a worker ends once its
        // queue is empty.
        let subscriptions = std::mem::take(&mut *write(&self.inner.subscriptions));
        let deadline = tokio::time::Instant::now() + grace;
        let mut stopped = 0;
        for subscription in subscriptions {
            let Subscription {
                webhook,
                queue,
                mut worker,
                ..
            } = subscription;
            drop(queue);
            if tokio::time::timeout_at(deadline, &mut worker)
                .await
                .is_err()
            {
                worker.abort();
                stopped += 1;
                tracing::warn!(webhook = %webhook, "events still queued at shutdown were dropped");
            }
        }
        if stopped > 0 {
            self.inner
                .shared
                .log
                .drop_pending("the emulator shut down before the event could be delivered");
        }
        stopped
    }

    /// Marks a subscription validated through its `validationUrl` (manual validation).
    pub(crate) fn validate_manually(&self, id: &str, code: &str) -> bool {
        let subscriptions = read(&self.inner.subscriptions);
        match subscriptions.iter().find(|s| s.id == id) {
            Some(subscription) if subscription.code == code => {
                self.inner.shared.mark_validated(
                    &subscription.validation,
                    subscription.saved_as.as_deref(),
                    &subscription.webhook,
                    &subscription.code,
                );
                true
            }
            _ => false,
        }
    }

    /// The JSON of `GET /emulator/api/event-deliveries`.
    pub(crate) fn deliveries_json(&self) -> serde_json::Value {
        self.inner.shared.log.to_json()
    }

    /// The JSON of `GET /emulator/api/event-subscriptions`.
    pub(crate) fn subscriptions_json(&self) -> serde_json::Value {
        let subscriptions = read(&self.inner.subscriptions);
        let value: Vec<serde_json::Value> = subscriptions
            .iter()
            .map(|subscription| {
                let (status, error) = match &subscription.validation.get() {
                    Validation::Pending => ("validating", None),
                    Validation::Retrying(error) => ("validating", Some(error.clone())),
                    Validation::Validated => ("validated", None),
                    Validation::Failed(error) => ("validationFailed", Some(error.clone())),
                };
                let capacity = self.inner.shared.options.queue_capacity();
                serde_json::json!({
                    "id": subscription.id,
                    "webhook": subscription.webhook.redacted_url(),
                    "schema": subscription.webhook.schema().as_str(),
                    "status": status,
                    "lastError": error,
                    "queued": capacity.saturating_sub(subscription.queue.capacity()),
                })
            })
            .collect();
        serde_json::json!({ "value": value })
    }
}

impl Shared {
    /// Marks a delivery dropped and logs why.
    /// Marks a subscription validated and, when it is saved and was not validated yet, saves
    /// that (by its worker's handshake or by its `validationUrl`).
    fn mark_validated(
        &self,
        validation: &ValidationCell,
        saved_as: Option<&str>,
        webhook: &EventWebhook,
        code: &str,
    ) {
        if validation.validate()
            && let Some(key) = saved_as
        {
            self.journal.put(
                persisted::SUBSCRIPTION,
                key,
                &persisted::record(webhook, code, true),
            );
        }
    }

    fn drop_delivery(&self, seq: u64, event: &Event, webhook: &EventWebhook, reason: &str) {
        tracing::warn!(
            webhook = %webhook,
            event_id = %event.id,
            event_type = event.event_type,
            reason,
            "event delivery dropped"
        );
        self.log.update(seq, |record| {
            record.status = Status::Dropped;
            record.last_error = Some(reason.to_owned());
        });
    }
}

/// Publishes delayed events when their time comes (ends with the hub).
async fn run_delayed(
    hub: Weak<HubInner>,
    clock: Arc<dyn Clock>,
    mut receiver: mpsc::Receiver<(DateTime<Utc>, Vec<Event>)>,
) {
    while let Some((due, events)) = receiver.recv().await {
        clock.sleep_until(due).await;
        let Some(inner) = hub.upgrade() else {
            return;
        };
        EventHub { inner }.publish(events);
    }
}
