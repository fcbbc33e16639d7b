//! What the inspector sees of the mailbox: the newest messages, described in place (nothing
//! is copied but what the description keeps).

use super::super::lock;
use super::{Mailbox, StoredEmail};

impl Mailbox {
    /// `describe` applied to the newest `max` messages, newest first; and how many there are.
    pub(crate) fn newest<T>(
        &self,
        max: usize,
        describe: impl Fn(&StoredEmail) -> T,
    ) -> (Vec<T>, usize) {
        let inner = lock(&self.inner);
        let described = inner
            .order
            .iter()
            .rev()
            .filter_map(|id| inner.by_id.get(id))
            .take(max)
            .map(describe)
            .collect();
        (described, inner.order.len())
    }
}

#[cfg(test)]
mod tests {
    use acs_email_rest::types::EmailMessage;
    use chrono::{TimeZone, Utc};

    use super::*;

    #[test]
    fn the_newest_come_first() {
        let mailbox = Mailbox::default();
        let message: EmailMessage = serde_json::from_value(serde_json::json!({
            "senderAddress": "a@b.c",
            "content": { "subject": "s" },
            "recipients": { "to": [{ "address": "d@e.f" }] }
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        for id in ["1", "2", "3"] {
            mailbox.accept(StoredEmail {
                operation_id: id.to_owned(),
                received_at: Utc.timestamp_opt(0, 0).single().unwrap_or_default(),
                message: message.clone(),
                size: 10,
                bounces: false,
            });
        }
        let (ids, total) = mailbox.newest(2, |email| email.operation_id.clone());
        assert_eq!(ids, ["3", "2"]);
        assert_eq!(total, 3);
    }
}
