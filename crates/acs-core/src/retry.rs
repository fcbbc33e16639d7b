//! When and how long to wait before trying a request again.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Retry settings of a client.
///
/// Retried: 408, 429, 500, 502, 503, 504 and connection failures, with exponential backoff and
/// jitter, or exactly as long as the service asks (`Retry-After`, `retry-after-ms`,
/// `x-ms-retry-after-ms`). A request that is not idempotent (a `POST` without a
/// `repeatability-request-id`) is retried only when the service cannot have acted on it: the
/// connection was refused, or the answer was 429 or 503 with a retry-after header.
///
/// ```
/// use std::time::Duration;
///
/// let options = acs_core::RetryOptions::default().with_max_retries(5);
/// assert_eq!(options.initial_delay, Duration::from_millis(800));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryOptions {
    /// How many times a request is tried again after the first attempt (0 disables retries).
    pub max_retries: u32,
    /// The backoff before the first retry; it doubles on each further retry.
    pub initial_delay: Duration,
    /// The longest wait between two attempts, whatever the backoff or the service asks.
    pub max_delay: Duration,
}

impl Default for RetryOptions {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_delay: Duration::from_millis(800),
            max_delay: Duration::from_secs(60),
        }
    }
}

crate::options_setters!(acs_core => RetryOptions {
    set_exact with_max_retries => max_retries: u32 = 5;
    set with_initial_delay => initial_delay: Duration = std::time::Duration::from_millis(200);
    set with_max_delay => max_delay: Duration = std::time::Duration::from_secs(30);
});

/// What happened to one attempt.
pub(crate) enum Attempt<'a> {
    /// The service answered.
    Answered(StatusCode, &'a HeaderMap),
    /// No answer: whether the connection was never made, and whether the failure is one a
    /// retry cannot cure (a certificate the client does not trust, a host name that does not
    /// resolve).
    Failed { connect: bool, permanent: bool },
}

/// Statuses worth another attempt.
fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait before the next attempt, or `None` when the request must not be tried again.
///
/// `retries_done` counts the retries already made; `idempotent` says whether sending the
/// request twice is harmless; `now` resolves an HTTP-date `Retry-After`.
pub(crate) fn next_delay(
    options: &RetryOptions,
    retries_done: u32,
    idempotent: bool,
    attempt: &Attempt<'_>,
    now: DateTime<Utc>,
    jitter: f64,
) -> Option<Duration> {
    if retries_done >= options.max_retries {
        return None;
    }
    let asked = match attempt {
        Attempt::Answered(status, headers) => {
            if !is_transient(*status) {
                return None;
            }
            let asked = retry_after(headers, now, options.max_delay);
            let service_did_not_act = matches!(status.as_u16(), 429 | 503) && asked.is_some();
            if !idempotent && !service_did_not_act {
                return None;
            }
            asked
        }
        Attempt::Failed { connect, permanent } => {
            if *permanent || (!idempotent && !connect) {
                return None;
            }
            None
        }
    };
    let delay = asked.unwrap_or_else(|| backoff(options, retries_done, jitter));
    Some(delay.min(options.max_delay))
}

/// Whether a transport failure is one a retry cannot cure: the server's certificate is not
/// trusted or not valid for the host (TLS), or the host name does not resolve (DNS).
///
/// reqwest exposes neither as a kind, so the causes are read: rustls's and native-tls's
/// certificate errors and hyper's `dns error` are recognised by their text.
pub(crate) fn is_permanent(error: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        let text = current.to_string().to_ascii_lowercase();
        if text.contains("certificate")
            || text.contains("dns error")
            || text.contains("failed to lookup address")
            || text.contains("no such host")
        {
            return true;
        }
        cause = current.source();
    }
    false
}

/// Exponential backoff with jitter: a uniform share in `[d/2, d]` of `initial * 2^retries`.
fn backoff(options: &RetryOptions, retries_done: u32, jitter: f64) -> Duration {
    let factor = 2u32.saturating_pow(retries_done.min(16));
    let full = options
        .initial_delay
        .saturating_mul(factor)
        .min(options.max_delay);
    full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// The wait the service asks for: `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After`
/// (seconds or an HTTP date), at most `cap`.
///
/// Every form is clamped before it becomes a [`Duration`], so no value a server or a proxy sends
/// (`1e400`, `2e22`, 30 digits of seconds, a date in the year 9999) can overflow or panic.
pub(crate) fn retry_after(
    headers: &HeaderMap,
    now: DateTime<Utc>,
    cap: Duration,
) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(ms) = header(name).and_then(|value| value.trim().parse::<f64>().ok())
            && ms.is_finite()
            && ms >= 0.0
        {
            let seconds = ms / 1000.0;
            if seconds >= cap.as_secs_f64() {
                return Some(cap);
            }
            return Some(Duration::try_from_secs_f64(seconds).map_or(cap, |asked| asked.min(cap)));
        }
    }
    let value = header("retry-after")?.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // Too many digits for a u64 is still "longer than the cap".
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds).min(cap));
    }
    let date = DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&Utc).signed_duration_since(now);
    let cap_delta = chrono::TimeDelta::from_std(cap).unwrap_or(chrono::TimeDelta::MAX);
    if wait >= cap_delta {
        return Some(cap);
    }
    Some(wait.to_std().unwrap_or_default().min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use reqwest::header::HeaderValue;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn delay(
        status: u16,
        pairs: &[(&'static str, &'static str)],
        idempotent: bool,
        done: u32,
    ) -> Option<Duration> {
        let headers = headers(pairs);
        let status = StatusCode::from_u16(status).expect("valid");
        next_delay(
            &RetryOptions::default(),
            done,
            idempotent,
            &Attempt::Answered(status, &headers),
            now(),
            1.0,
        )
    }

    #[test]
    fn transient_statuses_are_retried_with_doubling_backoff() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert_eq!(
                delay(status, &[], true, 0),
                Some(Duration::from_millis(800))
            );
        }
        assert_eq!(delay(503, &[], true, 1), Some(Duration::from_millis(1600)));
        assert_eq!(delay(503, &[], true, 2), Some(Duration::from_millis(3200)));
        assert_eq!(delay(503, &[], true, 3), None, "retries exhausted");
    }

    #[test]
    fn other_statuses_are_not_retried() {
        for status in [400, 401, 403, 404, 409, 501] {
            assert_eq!(delay(status, &[], true, 0), None);
        }
    }

    #[test]
    fn retry_after_forms_are_honoured() {
        assert_eq!(
            delay(429, &[("retry-after", "7")], true, 0),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            delay(429, &[("retry-after-ms", "250")], true, 0),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            delay(429, &[("x-ms-retry-after-ms", "1500")], true, 0),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            delay(
                503,
                &[("retry-after", "Thu, 01 Jan 2026 00:00:09 GMT")],
                true,
                0
            ),
            Some(Duration::from_secs(9))
        );
        assert_eq!(
            delay(503, &[("retry-after", "100000")], true, 0),
            Some(Duration::from_secs(60)),
            "capped at max_delay"
        );
    }

    #[test]
    fn non_idempotent_requests_retry_only_when_the_service_did_not_act() {
        assert_eq!(delay(503, &[], false, 0), None);
        assert_eq!(delay(500, &[("retry-after", "1")], false, 0), None);
        assert_eq!(
            delay(429, &[("retry-after", "1")], false, 0),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            delay(503, &[("retry-after", "2")], false, 0),
            Some(Duration::from_secs(2))
        );
        let options = RetryOptions::default();
        let refused = Attempt::Failed {
            connect: true,
            permanent: false,
        };
        let lost = Attempt::Failed {
            connect: false,
            permanent: false,
        };
        let untrusted = Attempt::Failed {
            connect: true,
            permanent: true,
        };
        assert!(next_delay(&options, 0, true, &untrusted, now(), 0.0).is_none());
        assert!(next_delay(&options, 0, false, &refused, now(), 0.0).is_some());
        assert!(next_delay(&options, 0, false, &lost, now(), 0.0).is_none());
        assert!(next_delay(&options, 0, true, &lost, now(), 0.0).is_some());
    }

    #[test]
    fn huge_retry_after_values_are_capped_without_panicking() {
        let cap = Some(Duration::from_secs(60));
        for (name, value) in [
            ("retry-after-ms", "2e22"),
            ("retry-after-ms", "1e308"),
            ("retry-after-ms", "18446744073709551616000"),
            ("x-ms-retry-after-ms", "2e22"),
            ("x-ms-retry-after-ms", "1.7976931348623157e308"),
            ("retry-after", "18446744073709551616"),
            ("retry-after", "99999999999999999999999999999999"),
            ("retry-after", "18446744073709551615"),
            ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"),
        ] {
            assert_eq!(
                delay(429, &[(name, value)], true, 0),
                cap,
                "{name}: {value}"
            );
        }
        assert_eq!(
            delay(
                429,
                &[("retry-after", "Mon, 01 Jan 1900 00:00:00 GMT")],
                true,
                0
            ),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        for value in ["-1", "NaN", "inf", "-inf", "1e-400"] {
            let asked = delay(429, &[("retry-after-ms", value)], true, 0);
            assert!(
                asked.is_some_and(|asked| asked <= Duration::from_secs(60)),
                "{value}"
            );
        }
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        /// Header values a hostile server could send: numbers of every size and shape, dates,
        /// and arbitrary visible ASCII.
        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<f64>().prop_map(|v| v.to_string()),
                any::<f64>().prop_map(|v| format!("{v:e}")),
                any::<u128>().prop_map(|v| v.to_string()),
                any::<i64>().prop_map(|v| v.to_string()),
                "[0-9]{0,40}",
                "[0-9eE.+-]{0,24}",
                (-60_000_000_000i64..200_000_000_000i64).prop_map(|offset| {
                    (now() + chrono::TimeDelta::seconds(offset)).to_rfc2822()
                }),
                (0i64..253_402_300_799).prop_map(|seconds| {
                    DateTime::from_timestamp(seconds, 0)
                        .unwrap_or_default()
                        .format("%a, %d %b %Y %H:%M:%S GMT")
                        .to_string()
                }),
                "[ -~]{0,48}",
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4096))]

            #[test]
            fn retry_after_never_panics_and_never_exceeds_the_cap(
                name in prop::sample::select(vec!["retry-after-ms", "x-ms-retry-after-ms", "retry-after"]),
                value in value(),
                other in value(),
                cap_ms in 0u64..=u64::MAX / 1_000_000,
            ) {
                let cap = Duration::from_millis(cap_ms);
                let mut map = HeaderMap::new();
                if let Ok(header) = HeaderValue::from_str(&value) {
                    map.insert(name, header);
                }
                if let Ok(header) = HeaderValue::from_str(&other) {
                    map.insert("retry-after", header);
                }
                if let Some(asked) = retry_after(&map, now(), cap) {
                    prop_assert!(asked <= cap, "{name}: {value} gave {asked:?} over {cap:?}");
                }
                let options = RetryOptions { max_delay: cap, ..RetryOptions::default() };
                let attempt = Attempt::Answered(StatusCode::TOO_MANY_REQUESTS, &map);
                let next = next_delay(&options, 0, true, &attempt, now(), 0.5);
                prop_assert!(next.is_some_and(|next| next <= cap));
            }
        }
    }

    #[test]
    fn jitter_stays_within_half_to_full_backoff() {
        let options = RetryOptions::default();
        let lost = Attempt::Failed {
            connect: true,
            permanent: false,
        };
        let low = next_delay(&options, 0, true, &lost, now(), 0.0);
        let high = next_delay(&options, 0, true, &lost, now(), 1.0);
        assert_eq!(low, Some(Duration::from_millis(400)));
        assert_eq!(high, Some(Duration::from_millis(800)));
    }
}
