//! The delivery log: the last deliveries (one per event and webhook), newest first on the JSON
//! API, bounded.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::envelope::time_text;
use crate::state::lock;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Pending,
    Delivered,
    Dropped,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Dropped => "dropped",
        }
    }
}

/// One delivery of one event to one webhook.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) event_id: String,
    pub(crate) event_type: &'static str,
    pub(crate) subject: String,
    pub(crate) webhook: String,
    pub(crate) schema: &'static str,
    pub(crate) status: Status,
    pub(crate) attempts: u32,
    pub(crate) last_error: Option<String>,
    pub(crate) enqueued_at: DateTime<Utc>,
    pub(crate) delivered_at: Option<DateTime<Utc>>,
}

/// The last `capacity` records, addressed by a sequence number.
#[derive(Debug)]
pub(crate) struct DeliveryLog {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    records: VecDeque<Record>,
    /// The sequence number of `records[0]`.
    first: u64,
    capacity: usize,
}

impl DeliveryLog {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                records: VecDeque::new(),
                first: 0,
                capacity: capacity.max(1),
            }),
        }
    }

    /// Adds a record; returns its sequence number.
    pub(crate) fn push(&self, record: Record) -> u64 {
        let mut inner = lock(&self.inner);
        let seq = inner.first + inner.records.len() as u64;
        inner.records.push_back(record);
        while inner.records.len() > inner.capacity {
            inner.records.pop_front();
            inner.first += 1;
        }
        seq
    }

    /// Forgets every record (`POST /emulator/api/reset`); deliveries still in flight update
    /// nothing once their record is gone.
    pub(crate) fn clear(&self) {
        let mut inner = lock(&self.inner);
        inner.first += inner.records.len() as u64;
        inner.records.clear();
    }

    /// Changes a record that is still kept.
    pub(crate) fn update(&self, seq: u64, f: impl FnOnce(&mut Record)) {
        let mut inner = lock(&self.inner);
        let Some(index) = seq.checked_sub(inner.first) else {
            return;
        };
        if let Some(record) = usize::try_from(index)
            .ok()
            .and_then(|index| inner.records.get_mut(index))
        {
            f(record);
        }
    }

    /// Marks every record still pending as dropped, for `reason` (at shutdown).
    pub(crate) fn drop_pending(&self, reason: &str) {
        let mut inner = lock(&self.inner);
        for record in &mut inner.records {
            if record.status == Status::Pending {
                record.status = Status::Dropped;
                record.last_error = Some(reason.to_owned());
            }
        }
    }

    /// The JSON of `GET /emulator/api/event-deliveries`: newest first.
    pub(crate) fn to_json(&self) -> Value {
        let inner = lock(&self.inner);
        let value: Vec<Value> = inner
            .records
            .iter()
            .enumerate()
            .rev()
            .map(|(index, record)| {
                json!({
                    "id": (inner.first + index as u64).to_string(),
                    "eventId": record.event_id,
                    "eventType": record.event_type,
                    "subject": record.subject,
                    "webhook": record.webhook,
                    "schema": record.schema,
                    "status": record.status.as_str(),
                    "attempts": record.attempts,
                    "lastError": record.last_error,
                    "enqueuedAt": time_text(record.enqueued_at),
                    "deliveredAt": record.delivered_at.map(time_text),
                })
            })
            .collect();
        json!({ "value": value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: u32) -> Record {
        Record {
            event_id: format!("e{n}"),
            event_type: "T",
            subject: String::new(),
            webhook: "http://h/".to_owned(),
            schema: "eventgrid",
            status: Status::Pending,
            attempts: 0,
            last_error: None,
            enqueued_at: DateTime::<Utc>::UNIX_EPOCH,
            delivered_at: None,
        }
    }

    #[test]
    fn keeps_the_newest_and_lists_them_first() {
        let log = DeliveryLog::new(2);
        let a = log.push(record(1));
        let b = log.push(record(2));
        let c = log.push(record(3));
        log.update(a, |r| r.attempts = 9);
        log.update(c, |r| {
            r.status = Status::Delivered;
            r.attempts = 1;
        });
        let json = log.to_json();
        let value = json["value"].as_array().unwrap();
        assert_eq!(value.len(), 2);
        assert_eq!(value[0]["id"], c.to_string());
        assert_eq!(value[0]["status"], "delivered");
        assert_eq!(value[0]["attempts"], 1);
        assert_eq!(value[1]["id"], b.to_string());
        assert_eq!(value[1]["deliveredAt"], Value::Null);
    }
}
