//! The public settings of event delivery: [`EventWebhook`] (where to, in which schema) and
//! [`EventDeliveryOptions`] (batching, retries, queue size).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// The schema events are delivered in.
///
/// ```
/// use acs_emulator::EventSchema;
///
/// assert_eq!("cloudevents".parse::<EventSchema>().unwrap(), EventSchema::CloudEvents);
/// assert_eq!(EventSchema::EventGrid.to_string(), "eventgrid");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum EventSchema {
    /// The Event Grid schema: a JSON array of events (`eventType`, `topic`, `eventTime`, ...),
    /// after the `SubscriptionValidationEvent` handshake.
    #[default]
    EventGrid,
    /// CloudEvents 1.0 in structured mode (`application/cloudevents+json`, or
    /// `application/cloudevents-batch+json` for several), after the `OPTIONS` abuse-protection
    /// handshake.
    CloudEvents,
}

impl EventSchema {
    /// The name used on the command line and in the emulator's JSON API.
    ///
    /// ```
    /// assert_eq!(acs_emulator::EventSchema::CloudEvents.as_str(), "cloudevents");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EventGrid => "eventgrid",
            Self::CloudEvents => "cloudevents",
        }
    }
}

impl fmt::Display for EventSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventSchema {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "eventgrid" | "event-grid" | "eventgridschema" => Ok(Self::EventGrid),
            "cloudevents" | "cloud-events" | "cloudeventschemav1_0" => Ok(Self::CloudEvents),
            other => Err(format!(
                "unknown event schema `{other}`: expected eventgrid or cloudevents"
            )),
        }
    }
}

/// A webhook the emulator delivers its events to, as an Event Grid subscription would.
///
/// Parsed from `URL[,schema=eventgrid|cloudevents]` (the `--events-webhook` option). Its
/// `Debug` and `Display` leave out the query string, which often holds a shared secret.
///
/// ```
/// use acs_emulator::{EventSchema, EventWebhook};
///
/// let hook: EventWebhook = "http://127.0.0.1:8080/events?code=s3cret,schema=cloudevents"
///     .parse()
///     .unwrap();
/// assert_eq!(hook.schema(), EventSchema::CloudEvents);
/// assert_eq!(hook.url().query(), Some("code=s3cret"));
/// assert_eq!(hook.to_string(), "http://127.0.0.1:8080/events (cloudevents)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct EventWebhook {
    url: url::Url,
    schema: EventSchema,
}

impl EventWebhook {
    /// A webhook at `url` (http or https) receiving `schema`.
    ///
    /// # Errors
    ///
    /// A message naming the problem when `url` is not an absolute http(s) URL.
    ///
    /// ```
    /// use acs_emulator::{EventSchema, EventWebhook};
    ///
    /// let hook = EventWebhook::new("http://127.0.0.1:9000/hook", EventSchema::EventGrid).unwrap();
    /// assert_eq!(hook.url().path(), "/hook");
    /// assert!(EventWebhook::new("ftp://x", EventSchema::EventGrid).is_err());
    /// ```
    pub fn new(url: &str, schema: EventSchema) -> Result<Self, String> {
        let url = url::Url::parse(url.trim())
            .map_err(|error| format!("the webhook URL is not valid: {error}"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err("the webhook URL must be an absolute http:// or https:// URL".to_owned());
        }
        Ok(Self { url, schema })
    }

    /// The URL events are posted to (with its query string).
    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// The schema of the deliveries.
    pub fn schema(&self) -> EventSchema {
        self.schema
    }

    /// The URL without its query string or user info: what logs and the JSON API show.
    pub(crate) fn redacted_url(&self) -> String {
        let mut url = self.url.clone();
        url.set_query(None);
        url.set_fragment(None);
        let _ = url.set_username("");
        let _ = url.set_password(None);
        url.to_string()
    }
}

impl fmt::Debug for EventWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventWebhook")
            .field("url", &self.redacted_url())
            .field("schema", &self.schema)
            .finish()
    }
}

impl fmt::Display for EventWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.redacted_url(), self.schema)
    }
}

impl FromStr for EventWebhook {
    type Err = String;

    /// `URL[,schema=eventgrid|cloudevents]`.
    fn from_str(text: &str) -> Result<Self, String> {
        let mut parts = text.split(',');
        let url = parts.next().unwrap_or_default();
        let mut schema = EventSchema::default();
        for option in parts {
            match option.split_once('=') {
                Some((key, value)) if key.trim().eq_ignore_ascii_case("schema") => {
                    schema = value.parse()?;
                }
                _ => {
                    return Err(format!(
                        "unknown webhook option `{option}`: expected schema=eventgrid|cloudevents"
                    ));
                }
            }
        }
        Self::new(url, schema)
    }
}

/// How events are queued, batched and retried.
///
/// The defaults: at most 10 events per delivery (the events already queued; Event Grid's own
/// default is 1, which `with_max_batch(1)` reproduces), 6 attempts with a backoff doubling from 1
/// second up to 1 minute (on the emulator's clock), 30 seconds per attempt, 10 000 events
/// queued per webhook (past that, new events are dropped and logged), the last 1000 deliveries
/// kept for `GET /emulator/api/event-deliveries`.
///
/// ```
/// use std::time::Duration;
/// use acs_emulator::EventDeliveryOptions;
///
/// let options = EventDeliveryOptions::default()
///     .with_max_batch(1)
///     .with_max_attempts(3)
///     .with_first_backoff(Duration::from_millis(10));
/// assert_eq!(options.max_attempts(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDeliveryOptions {
    max_batch: usize,
    max_attempts: u32,
    first_backoff: Duration,
    max_backoff: Duration,
    attempt_timeout: Duration,
    queue_capacity: usize,
    shutdown_grace: Duration,
    history: usize,
}

impl Default for EventDeliveryOptions {
    fn default() -> Self {
        Self {
            max_batch: 10,
            max_attempts: 6,
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            attempt_timeout: Duration::from_secs(30),
            queue_capacity: 10_000,
            shutdown_grace: Duration::from_secs(10),
            history: 1000,
        }
    }
}

impl EventDeliveryOptions {
    /// The most events sent in one request (at least 1).
    #[must_use]
    pub fn with_max_batch(mut self, max: usize) -> Self {
        self.max_batch = max.max(1);
        self
    }

    /// Attempts per delivery, the first included (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, max: u32) -> Self {
        self.max_attempts = max.max(1);
        self
    }

    /// The wait after the first failed attempt; each next one doubles, up to
    /// [`with_max_backoff`](Self::with_max_backoff).
    #[must_use]
    pub fn with_first_backoff(mut self, backoff: Duration) -> Self {
        self.first_backoff = backoff;
        self
    }

    /// The longest wait between attempts.
    #[must_use]
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How long one attempt may take before it counts as failed (a timeout).
    #[must_use]
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Events queued per webhook at most (at least 1).
    #[must_use]
    pub fn with_queue_capacity(mut self, capacity: usize) -> Self {
        self.queue_capacity = capacity.max(1);
        self
    }

    /// Deliveries kept for the JSON API (at least 1).
    #[must_use]
    pub fn with_history(mut self, history: usize) -> Self {
        self.history = history.max(1);
        self
    }

    /// See [`with_max_batch`](Self::with_max_batch).
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// See [`with_max_attempts`](Self::with_max_attempts).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// See [`with_first_backoff`](Self::with_first_backoff).
    pub fn first_backoff(&self) -> Duration {
        self.first_backoff
    }

    /// See [`with_max_backoff`](Self::with_max_backoff).
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// See [`with_attempt_timeout`](Self::with_attempt_timeout).
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// See [`with_queue_capacity`](Self::with_queue_capacity).
    pub fn queue_capacity(&self) -> usize {
        self.queue_capacity
    }

    /// At shutdown, how long (in real time, not on the emulator's clock) the workers may take
    /// to deliver the events still queued; what is left then is dropped and listed so.
    #[must_use]
    pub fn with_shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// See [`with_shutdown_grace`](Self::with_shutdown_grace).
    pub fn shutdown_grace(&self) -> Duration {
        self.shutdown_grace
    }

    /// See [`with_history`](Self::with_history).
    pub fn history(&self) -> usize {
        self.history
    }

    /// The wait after failed attempt number `attempt` (1-based).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.first_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_command_line_form() {
        let hook: EventWebhook = "https://example.test/hook".parse().unwrap();
        assert_eq!(hook.schema(), EventSchema::EventGrid);
        let hook: EventWebhook = "http://127.0.0.1:1/h,schema=CloudEvents".parse().unwrap();
        assert_eq!(hook.schema(), EventSchema::CloudEvents);
        assert!("http://x/h,schema=xml".parse::<EventWebhook>().is_err());
        assert!("http://x/h,retries=3".parse::<EventWebhook>().is_err());
        assert!("not a url".parse::<EventWebhook>().is_err());
        assert!("mailto:a@b".parse::<EventWebhook>().is_err());
    }

    #[test]
    fn the_query_string_never_shows() {
        let hook: EventWebhook = "http://user:pw@127.0.0.1:1/h?code=SECRET".parse().unwrap();
        for shown in [format!("{hook:?}"), hook.to_string(), hook.redacted_url()] {
            assert!(!shown.contains("SECRET"), "{shown}");
            assert!(!shown.contains("pw"), "{shown}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let options = EventDeliveryOptions::default()
            .with_first_backoff(Duration::from_secs(1))
            .with_max_backoff(Duration::from_secs(5));
        let waits: Vec<u64> = (1..=5).map(|n| options.backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 5, 5]);
        assert_eq!(options.backoff(100).as_secs(), 5);
    }
}
