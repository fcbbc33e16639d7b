//! Fault injection for resilience tests: a deterministic share of requests answers 503 or 429
//! with `Retry-After`, or has its connection dropped, before anything is processed.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::error::Error;

/// What an injected fault does.
///
/// ```
/// use acs_emulator::FaultKind;
///
/// assert_eq!("503".parse::<FaultKind>()?, FaultKind::ServiceUnavailable);
/// assert_eq!("drop".parse::<FaultKind>()?, FaultKind::DropConnection);
/// # Ok::<(), acs_emulator::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// `503 Service Unavailable` with `Retry-After` and a `ServiceUnavailable` error body.
    ServiceUnavailable,
    /// `429 Too Many Requests` with `Retry-After` and a `TooManyRequests` error body.
    TooManyRequests,
    /// The connection is closed without an answer.
    DropConnection,
}

impl FromStr for FaultKind {
    type Err = Error;

    /// `503`, `429` or `drop`.
    fn from_str(text: &str) -> Result<Self, Error> {
        match text.trim() {
            "503" => Ok(Self::ServiceUnavailable),
            "429" => Ok(Self::TooManyRequests),
            "drop" => Ok(Self::DropConnection),
            other => Err(invalid(format!(
                "unknown fault kind `{other}` (use 503, 429 or drop)"
            ))),
        }
    }
}

/// Which requests fail and how. The choice is a pure function of the seed and of the request's
/// position among the requests the settings apply to, so a run with the same seed and the same
/// sequence of requests fails the same requests.
///
/// ```
/// use std::time::Duration;
/// use acs_emulator::{FaultKind, FaultOptions};
///
/// let faults = FaultOptions::new(0.25)
///     .with_seed(7)
///     .with_kinds([FaultKind::ServiceUnavailable, FaultKind::DropConnection])
///     .with_routes(["/chat/threads", "IdentityOperations_Create"])
///     .with_retry_after(Duration::from_secs(0));
/// assert_eq!(faults, "share=0.25,seed=7,kinds=503+drop,routes=/chat/threads+IdentityOperations_Create,retry-after=0".parse()?);
/// # Ok::<(), acs_emulator::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FaultOptions {
    /// The share of the requests that fail, from 0.0 (none) to 1.0 (all).
    pub share: f64,
    /// The seed of the pseudo-random choice.
    pub seed: u64,
    /// The kinds of fault, picked among pseudo-randomly. Never empty.
    pub kinds: Vec<FaultKind>,
    /// The requests that may fail: each entry is an `operationId` of the specs
    /// (`ChatThread_SendChatMessage`) or a path prefix (`/chat/threads`). Empty: every request.
    pub routes: Vec<String>,
    /// The `Retry-After` of 503 and 429 answers (whole seconds).
    pub retry_after: Duration,
}

impl FaultOptions {
    /// Fails `share` of all requests with 503, seed 0, `Retry-After: 1`. `share` is clamped to
    /// `0.0..=1.0` (use [`parse`](Self::parse) to have it checked).
    pub fn new(share: f64) -> Self {
        Self {
            share: if share.is_nan() {
                0.0
            } else {
                share.clamp(0.0, 1.0)
            },
            seed: 0,
            kinds: vec![FaultKind::ServiceUnavailable],
            routes: Vec::new(),
            retry_after: Duration::from_secs(1),
        }
    }

    /// Sets the seed.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the kinds of fault (an empty list keeps the current ones).
    #[must_use]
    pub fn with_kinds(mut self, kinds: impl IntoIterator<Item = FaultKind>) -> Self {
        let kinds: Vec<_> = kinds.into_iter().collect();
        if !kinds.is_empty() {
            self.kinds = kinds;
        }
        self
    }

    /// Limits the faults to these operation ids or path prefixes.
    #[must_use]
    pub fn with_routes(mut self, routes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.routes = routes.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the `Retry-After` of 503 and 429 answers.
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: Duration) -> Self {
        self.retry_after = retry_after;
        self
    }

    /// Parses `key=value` pairs separated by commas: `share` (required, 0 to 1), `seed`,
    /// `kinds` (`503`, `429`, `drop`, joined with `+`), `routes` (operation ids or path
    /// prefixes joined with `+`) and `retry-after` (seconds).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidFaults`] naming what is wrong.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut share = None;
        let mut options = Self::new(0.0);
        for pair in text
            .split(',')
            .map(str::trim)
            .filter(|pair| !pair.is_empty())
        {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| invalid(format!("`{pair}` is not key=value")))?;
            let value = value.trim();
            match key.trim() {
                "share" => {
                    let parsed: f64 = value
                        .parse()
                        .map_err(|_| invalid(format!("share `{value}` is not a number")))?;
                    if !(0.0..=1.0).contains(&parsed) {
                        return Err(invalid(format!("share {parsed} is not between 0 and 1")));
                    }
                    share = Some(parsed);
                }
                "seed" => {
                    options.seed = value
                        .parse()
                        .map_err(|_| invalid(format!("seed `{value}` is not an integer")))?;
                }
                "kinds" => {
                    let kinds = value
                        .split('+')
                        .map(FaultKind::from_str)
                        .collect::<Result<Vec<_>, _>>()?;
                    if kinds.is_empty() {
                        return Err(invalid("kinds is empty".to_owned()));
                    }
                    options.kinds = kinds;
                }
                "routes" => {
                    options.routes = value
                        .split('+')
                        .map(str::trim)
                        .filter(|route| !route.is_empty())
                        .map(str::to_owned)
                        .collect();
                }
                "retry-after" => {
                    let seconds: u64 = value.parse().map_err(|_| {
                        invalid(format!("retry-after `{value}` is not whole seconds"))
                    })?;
                    options.retry_after = Duration::from_secs(seconds);
                }
                other => return Err(invalid(format!("unknown setting `{other}`"))),
            }
        }
        options.share = share.ok_or_else(|| invalid("share is required".to_owned()))?;
        Ok(options)
    }

    /// Whether these settings apply to a request for `operation_id` on `path`.
    fn applies_to(&self, operation_id: &str, path: &str) -> bool {
        self.routes.is_empty()
            || self.routes.iter().any(|route| {
                route == operation_id
                    || (route.starts_with('/') && path.starts_with(route.as_str()))
            })
    }

    /// The fault, if any, for the `n`th request the settings apply to (counting from 0).
    ///
    /// ```
    /// use acs_emulator::FaultOptions;
    ///
    /// let faults = FaultOptions::new(0.5).with_seed(42);
    /// let plan: Vec<_> = (0..100).map(|n| faults.fault_for(n)).collect();
    /// assert_eq!(plan, (0..100).map(|n| faults.fault_for(n)).collect::<Vec<_>>());
    /// let failed = plan.iter().filter(|fault| fault.is_some()).count();
    /// assert!((30..=70).contains(&failed), "{failed}");
    /// assert_eq!(FaultOptions::new(0.0).fault_for(3), None);
    /// assert!(FaultOptions::new(1.0).fault_for(3).is_some());
    /// ```
    pub fn fault_for(&self, n: u64) -> Option<FaultKind> {
        let x = splitmix64(self.seed ^ splitmix64(n));
        // 53 random bits as a number in [0, 1).
        let draw = (x >> 11) as f64 / (1u64 << 53) as f64;
        if draw >= self.share || self.kinds.is_empty() {
            return None;
        }
        let index = usize::try_from(splitmix64(x) % self.kinds.len() as u64).unwrap_or(0);
        self.kinds.get(index).copied()
    }
}

impl FromStr for FaultOptions {
    type Err = Error;

    /// Same as [`FaultOptions::parse`].
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

fn invalid(reason: String) -> Error {
    Error::InvalidFaults { reason }
}

/// SplitMix64: a small, well-mixed counter-based generator.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The running state of fault injection: the options and a request counter.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    options: FaultOptions,
    counter: AtomicU64,
}

impl FaultInjector {
    pub(crate) fn new(options: FaultOptions) -> Self {
        Self {
            options,
            counter: AtomicU64::new(0),
        }
    }

    /// Decides the fate of one request.
    pub(crate) fn decide(&self, operation_id: &str, path: &str) -> Option<FaultKind> {
        if !self.options.applies_to(operation_id, path) {
            return None;
        }
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        self.options.fault_for(n)
    }

    /// The `Retry-After` seconds.
    pub(crate) fn retry_after_seconds(&self) -> u64 {
        self.options.retry_after.as_secs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_the_problem() {
        for (text, needle) in [
            ("", "share is required"),
            ("share=1.5", "between 0 and 1"),
            ("share=x", "not a number"),
            ("share=0.1,kinds=500", "unknown fault kind"),
            ("share=0.1,colour=red", "unknown setting"),
            ("share=0.1,seed", "not key=value"),
        ] {
            let error = FaultOptions::parse(text)
                .map(|_| ())
                .unwrap_err()
                .to_string();
            assert!(error.contains(needle), "{text}: {error}");
        }
    }

    #[test]
    fn kinds_are_all_used() {
        let faults = FaultOptions::new(1.0).with_kinds([
            FaultKind::ServiceUnavailable,
            FaultKind::TooManyRequests,
            FaultKind::DropConnection,
        ]);
        let seen: std::collections::HashSet<_> =
            (0..64).filter_map(|n| faults.fault_for(n)).collect();
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn routes_filter_by_operation_or_prefix() {
        let injector = FaultInjector::new(
            FaultOptions::new(1.0).with_routes(["ChatThread_SendChatMessage", "/identities"]),
        );
        assert!(
            injector
                .decide("ChatThread_SendChatMessage", "/chat/threads/x/messages")
                .is_some()
        );
        assert!(
            injector
                .decide("IdentityOperations_Create", "/identities")
                .is_some()
        );
        assert!(
            injector
                .decide("Chat_CreateChatThread", "/chat/threads")
                .is_none()
        );
    }

    #[test]
    fn seeds_change_the_plan() {
        let a: Vec<_> = (0..64)
            .map(|n| FaultOptions::new(0.5).with_seed(1).fault_for(n))
            .collect();
        let b: Vec<_> = (0..64)
            .map(|n| FaultOptions::new(0.5).with_seed(2).fault_for(n))
            .collect();
        assert_ne!(a, b);
    }
}
