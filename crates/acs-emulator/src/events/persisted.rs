//! Persistence of event subscriptions (see `crate::persist`): one `event-subscription` record
//! per subscription added over `POST /emulator/api/event-subscriptions`, keyed by its number
//! (`webhook-7` is key `00000000000000000007`), holding its URL (with its query string: the
//! store is as private as the access key it also holds), schema, validation code and whether
//! the handshake succeeded. A validated subscription is not validated again after a restart.
//!
//! The webhooks given to the builder or with `--events-webhook` are not saved: they are given
//! again at each start, and one whose URL and schema equal a saved subscription's is not
//! subscribed twice. Deliveries (history and queued events) are kept in memory only.

use serde::{Deserialize, Serialize};

use super::webhook::EventWebhook;

/// The record kind.
pub(crate) const SUBSCRIPTION: &str = "event-subscription";

/// A saved subscription.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionRecord {
    url: String,
    schema: String,
    pub(crate) code: String,
    pub(crate) validated: bool,
}

impl SubscriptionRecord {
    /// The webhook again.
    pub(crate) fn webhook(&self) -> Result<EventWebhook, String> {
        EventWebhook::new(&self.url, self.schema.parse()?)
    }
}

pub(crate) fn record(webhook: &EventWebhook, code: &str, validated: bool) -> SubscriptionRecord {
    SubscriptionRecord {
        url: webhook.url().to_string(),
        schema: webhook.schema().as_str().to_owned(),
        code: code.to_owned(),
        validated,
    }
}

/// The record key of subscription number `number` (padded: keys sort as text).
pub(crate) fn key(number: u64) -> String {
    format!("{number:020}")
}

/// The number of a record key (0, never used by the hub, for a key that is not a number).
pub(crate) fn number(key: &str) -> u64 {
    key.parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_gives_the_webhook_back() {
        let hook: EventWebhook = "http://127.0.0.1:9/h?code=s,schema=cloudevents"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let record = record(&hook, "c", true);
        assert_eq!(record.webhook().ok(), Some(hook));
        assert_eq!(number(&key(42)), 42);
    }
}
