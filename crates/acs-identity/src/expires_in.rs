//! Token lifetimes: a [`Duration`] checked and turned into the service's `expiresInMinutes`.

use std::time::Duration;

use crate::Error;

/// The shortest token lifetime the service issues: 1 hour.
///
/// ```
/// assert_eq!(acs_identity::MIN_TOKEN_EXPIRES_IN.as_secs(), 60 * 60);
/// ```
pub const MIN_TOKEN_EXPIRES_IN: Duration = Duration::from_secs(60 * 60);

/// The longest token lifetime the service issues: 24 hours (also its default).
///
/// ```
/// assert_eq!(acs_identity::MAX_TOKEN_EXPIRES_IN.as_secs(), 24 * 60 * 60);
/// ```
pub const MAX_TOKEN_EXPIRES_IN: Duration = Duration::from_secs(24 * 60 * 60);

/// `expiresInMinutes` for a requested lifetime.
///
/// The lifetime must lie within [`MIN_TOKEN_EXPIRES_IN`]`..=`[`MAX_TOKEN_EXPIRES_IN`]
/// (1 to 24 hours, both included). The service takes whole minutes, so a sub-minute remainder
/// is rounded **up** (the token lives at least as long as asked); inside the accepted range the
/// result is always between 60 and 1440. `None` stays `None`: no `expiresInMinutes` is sent and
/// the service uses its default of 24 hours.
pub(crate) fn to_minutes(expires_in: Option<Duration>) -> Result<Option<i32>, Error> {
    let Some(expires_in) = expires_in else {
        return Ok(None);
    };
    if !(MIN_TOKEN_EXPIRES_IN..=MAX_TOKEN_EXPIRES_IN).contains(&expires_in) {
        return Err(Error::invalid_input(format!(
            "expires_in must be between 1 hour and 24 hours (60 to 1440 minutes), got {}",
            describe(expires_in)
        )));
    }
    let seconds = expires_in.as_secs() + u64::from(expires_in.subsec_nanos() > 0);
    let minutes = seconds.div_ceil(60);
    // 60..=1440 by the range check above.
    i32::try_from(minutes)
        .map(Some)
        .map_err(|_| Error::invalid_input("expires_in is out of range"))
}

/// A short human form of a duration: `30m`, `25h`, `1h 0m 30s`, `59.5s`.
fn describe(duration: Duration) -> String {
    let total = duration.as_secs();
    if duration.subsec_nanos() != 0 || total < 60 {
        return format!("{duration:?}");
    }
    let (hours, minutes, seconds) = (total / 3600, total % 3600 / 60, total % 60);
    let mut parts = Vec::new();
    if hours > 0 {
        parts.push(format!("{hours}h"));
    }
    if minutes > 0 || (hours > 0 && seconds > 0) {
        parts.push(format!("{minutes}m"));
    }
    if seconds > 0 {
        parts.push(format!("{seconds}s"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(seconds: u64) -> Result<Option<i32>, Error> {
        to_minutes(Some(Duration::from_secs(seconds)))
    }

    #[test]
    fn none_sends_nothing() {
        assert_eq!(to_minutes(None).ok(), Some(None));
    }

    #[test]
    fn bounds_are_inclusive() {
        assert_eq!(minutes(3600).ok(), Some(Some(60)));
        assert_eq!(minutes(86_400).ok(), Some(Some(1440)));
        assert_eq!(minutes(90 * 60).ok(), Some(Some(90)));
    }

    #[test]
    fn sub_minute_remainders_round_up() {
        assert_eq!(minutes(90 * 60 + 1).ok(), Some(Some(91)));
        assert_eq!(minutes(90 * 60 + 59).ok(), Some(Some(91)));
        assert_eq!(
            to_minutes(Some(Duration::from_secs(3600) + Duration::from_nanos(1))).ok(),
            Some(Some(61))
        );
        assert_eq!(
            to_minutes(Some(
                Duration::from_secs(86_400 - 60) + Duration::from_millis(1)
            ))
            .ok(),
            Some(Some(1440))
        );
    }

    #[test]
    fn out_of_range_is_invalid_input() {
        for (seconds, shown) in [
            (0, "0ns"),
            (30 * 60, "30m"),
            (3599, "59m 59s"),
            (86_401, "24h 0m 1s"),
            (25 * 3600, "25h"),
        ] {
            let error = minutes(seconds).expect_err("rejected");
            assert!(
                matches!(error.kind(), acs_core::ErrorKind::InvalidInput),
                "{error:?}"
            );
            let text = error.to_string();
            assert!(text.contains("between 1 hour and 24 hours"), "{text}");
            assert!(text.ends_with(&format!("got {shown}")), "{text}");
        }
        assert!(to_minutes(Some(Duration::from_secs(86_400) + Duration::from_nanos(1))).is_err());
        assert!(to_minutes(Some(Duration::MAX)).is_err());
    }
}
