//! Times as the service writes them.

use chrono::{DateTime, SubsecRound, Timelike, Utc};

/// Chat timestamps are whole seconds (`2025-06-10T22:20:18Z`).
pub(crate) fn chat_time(time: DateTime<Utc>) -> DateTime<Utc> {
    time.trunc_subsecs(0)
}

/// `1970-01-01T00:00:00Z`: the `shareHistoryTime` of a participant added without one.
pub(crate) fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

/// Identity's `expiresOn`: an explicit `+00:00` offset and up to seven fraction digits with the
/// trailing zeros dropped (`2025-06-11T22:20:17.0404706+00:00`).
pub(crate) fn identity_expires_on(time: DateTime<Utc>) -> String {
    let ticks = time.nanosecond() % 1_000_000_000 / 100;
    let mut text = time.format("%Y-%m-%dT%H:%M:%S").to_string();
    if ticks != 0 {
        let fraction = format!("{ticks:07}");
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    text.push_str("+00:00");
    text
}

/// The epoch milliseconds of a time (message ids and versions are made from these).
pub(crate) fn epoch_millis(time: DateTime<Utc>) -> u64 {
    u64::try_from(time.timestamp_millis()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn at(nanos: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 11, 22, 20, 17)
            .single()
            .unwrap_or_default()
            + TimeDelta::nanoseconds(nanos)
    }

    #[test]
    fn expires_on_trims_the_fraction() {
        assert_eq!(
            identity_expires_on(at(40_470_600)),
            "2025-06-11T22:20:17.0404706+00:00"
        );
        assert_eq!(
            identity_expires_on(at(810_200_000)),
            "2025-06-11T22:20:17.8102+00:00"
        );
        assert_eq!(identity_expires_on(at(0)), "2025-06-11T22:20:17+00:00");
        assert_eq!(identity_expires_on(at(99)), "2025-06-11T22:20:17+00:00");
    }

    #[test]
    fn chat_times_are_whole_seconds() {
        let json = serde_json::to_string(&chat_time(at(123_456_789))).unwrap_or_default();
        assert_eq!(json, "\"2025-06-11T22:20:17Z\"");
        assert_eq!(
            serde_json::to_string(&epoch()).unwrap_or_default(),
            "\"1970-01-01T00:00:00Z\""
        );
    }
}
