//! The token cache behind [`CommunicationTokenCredential`](super::CommunicationTokenCredential):
//! single-flight refreshes and the proactive background task.
//!
//! One mutex guards the cached token and the refresh in flight (a shared future). It is held
//! only to read or swap them, never across an `await` or a refresher call. Whoever finds the
//! token stale and no refresh in flight starts one; everyone else awaits the same shared
//! future, so any number of concurrent callers cause one refresher call and all see its result.
//!
//! A refresh never wedges the credential: the shared future gives up after the refresh timeout
//! (on the credential's clock), and a refresh nobody waits for any more (every waiter dropped
//! its future) is replaced by a new one instead of being joined.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, TimeDelta, Utc};
use futures::FutureExt as _;
use futures::future::{BoxFuture, Either, Shared};
use tokio::sync::watch;

use super::{
    MIN_PROACTIVE_REFRESH_DELAY, ON_DEMAND_REFRESH_WINDOW, PROACTIVE_REFRESH_WINDOW,
    PROACTIVE_RETRY_DELAY, RefreshFn,
};
use crate::access_token::AccessToken;
use crate::clock::Clock;
use crate::error::{Error, Result};

type InFlight = Shared<BoxFuture<'static, Result<AccessToken>>>;

/// What a caller needs from the cache.
pub(super) enum Want<'a> {
    /// A token with more than the on-demand window left.
    Fresh,
    /// A token other than this one, which the service rejected.
    Replacing(&'a AccessToken),
    /// A new token, unless the token of this generation has been replaced already.
    Proactive { generation: u64 },
}

enum Step {
    Ready(AccessToken),
    Wait(InFlight),
}

struct State {
    token: Option<AccessToken>,
    /// `token.expires_on - ON_DEMAND_REFRESH_WINDOW`, worked out when the token is stored so
    /// the cached path asks [`Clock::has_passed`] instead of building and subtracting times.
    fresh_until: Option<SystemTime>,
    /// Bumped every time `token` is replaced.
    generation: u64,
    in_flight: Option<InFlight>,
    /// Numbers the refreshes, so a refresh only clears the in-flight slot when it is its own.
    refreshes: u64,
    closed: bool,
}

pub(super) struct Core {
    state: Mutex<State>,
    refresher: Option<RefreshFn>,
    refresh_timeout: Duration,
    clock: Arc<dyn Clock>,
    /// Tells the background task that the token was replaced (its new generation).
    generations: watch::Sender<u64>,
}

impl Core {
    pub(super) fn new(
        token: Option<AccessToken>,
        refresher: Option<RefreshFn>,
        refresh_timeout: Duration,
        clock: Arc<dyn Clock>,
        generations: watch::Sender<u64>,
    ) -> Self {
        Self {
            state: Mutex::new(State {
                fresh_until: token.as_ref().and_then(fresh_until),
                token,
                generation: 0,
                in_flight: None,
                refreshes: 0,
                closed: false,
            }),
            refresher,
            refresh_timeout,
            clock,
            generations,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; if something ever did, the state is still
        // consistent (every update is a single assignment), so carry on.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached token when it is fresh: the whole of a cache hit, with no future in between
    /// (`get_token` answers most calls here).
    pub(super) fn fresh(&self) -> Option<AccessToken> {
        let state = self.lock();
        let token = state.token.as_ref().filter(|_| !state.closed)?;
        self.is_fresh(&state, token).then(|| token.clone())
    }

    /// Whether the cached `token` still has [`ON_DEMAND_REFRESH_WINDOW`] left.
    fn is_fresh(&self, state: &State, token: &AccessToken) -> bool {
        match state.fresh_until {
            Some(until) => !self.clock.has_passed(until),
            None => token.expires_on - self.clock.now() >= ON_DEMAND_REFRESH_WINDOW,
        }
    }

    pub(super) async fn token(self: &Arc<Self>, want: Want<'_>) -> Result<AccessToken> {
        match self.step(&want)? {
            Step::Ready(token) => Ok(token),
            Step::Wait(refresh) => refresh.await,
        }
    }

    /// Returns the cached token when it satisfies `want`; otherwise joins the refresh in
    /// flight, or starts one.
    fn step(self: &Arc<Self>, want: &Want<'_>) -> Result<Step> {
        let mut state = self.lock();
        if state.closed {
            return Err(Error::Closed);
        }
        if let Some(token) = &state.token {
            let fresh = self.is_fresh(&state, token);
            let keep = match want {
                Want::Fresh => fresh,
                Want::Replacing(rejected) => fresh && token.token != rejected.token,
                Want::Proactive { generation } => state.generation != *generation,
            };
            if keep {
                return Ok(Step::Ready(token.clone()));
            }
        }
        let now = self.clock.now();
        let Some(refresher) = &self.refresher else {
            return match (want, &state.token) {
                (Want::Replacing(_), _) => Err(Error::RefreshUnavailable),
                (_, Some(token)) if !token.is_expired_at(now) => Ok(Step::Ready(token.clone())),
                (_, Some(token)) => Err(Error::TokenExpired {
                    expires_on: token.expires_on,
                }),
                (_, None) => Err(Error::NoTokenSource),
            };
        };
        // Join the refresh in flight, unless every waiter has left it (only the slot's own
        // clone remains): then nobody drives it, and a new caller should not inherit its wait.
        if let Some(refresh) = &state.in_flight
            && refresh.strong_count().is_none_or(|count| count > 1)
        {
            return Ok(Step::Wait(refresh.clone()));
        }
        state.refreshes = state.refreshes.wrapping_add(1);
        let refresh = self.start_refresh(Arc::clone(refresher), state.refreshes, now);
        // Replacing an abandoned refresh drops it, and the refresher call with it.
        state.in_flight = Some(refresh.clone());
        Ok(Step::Wait(refresh))
    }

    /// The shared refresh future: calls the refresher once (giving up after the refresh
    /// timeout), checks the token, stores it.
    fn start_refresh(
        self: &Arc<Self>,
        refresher: RefreshFn,
        number: u64,
        now: DateTime<Utc>,
    ) -> InFlight {
        // Weak: the future is stored in the state it updates.
        let core = Arc::downgrade(self);
        let clock = Arc::clone(&self.clock);
        let timeout = self.refresh_timeout;
        let deadline = TimeDelta::from_std(timeout)
            .ok()
            .and_then(|timeout| now.checked_add_signed(timeout))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        async move {
            let call = AssertUnwindSafe(async move { refresher().await }).catch_unwind();
            let expired = clock.sleep_until(deadline);
            let outcome = match futures::future::select(Box::pin(call), expired).await {
                Either::Left((outcome, _)) => outcome.unwrap_or_else(|_| {
                    Err(Error::refresh_failed("the token refresher panicked".into()))
                }),
                Either::Right(((), _)) => {
                    tracing::warn!(?timeout, "the token refresher did not answer in time");
                    Err(Error::RefreshTimedOut { timeout })
                }
            };
            let result = outcome.and_then(|token| {
                if token.is_expired_at(clock.now()) {
                    Err(Error::RefreshedTokenExpired {
                        expires_on: token.expires_on,
                    })
                } else {
                    Ok(token)
                }
            });
            if let Some(core) = core.upgrade() {
                core.finish_refresh(number, &result);
            }
            result
        }
        .boxed()
        .shared()
    }

    fn finish_refresh(&self, number: u64, result: &Result<AccessToken>) {
        let mut state = self.lock();
        if state.refreshes == number {
            state.in_flight = None;
        }
        if state.closed {
            return;
        }
        if let Ok(token) = result {
            state.fresh_until = fresh_until(token);
            state.token = Some(token.clone());
            state.generation += 1;
            self.generations.send_replace(state.generation);
        }
    }

    pub(super) fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.token = None;
        state.fresh_until = None;
        state.in_flight = None;
    }

    pub(super) fn is_closed(&self) -> bool {
        self.lock().closed
    }

    pub(super) fn expires_on(&self) -> Option<DateTime<Utc>> {
        self.lock().token.as_ref().map(|token| token.expires_on)
    }

    pub(super) fn has_refresher(&self) -> bool {
        self.refresher.is_some()
    }
}

/// The last moment `token` still has [`ON_DEMAND_REFRESH_WINDOW`] left (`None` if out of range).
fn fresh_until(token: &AccessToken) -> Option<SystemTime> {
    token
        .expires_on
        .checked_sub_signed(ON_DEMAND_REFRESH_WINDOW)
        .and_then(crate::clock::system_time)
}

/// When to refresh proactively a token expiring at `expires_on`: [`PROACTIVE_REFRESH_WINDOW`]
/// before expiry, or, inside that window, after half the remaining lifetime (at least
/// [`MIN_PROACTIVE_REFRESH_DELAY`]); at once when it has expired.
pub(super) fn proactive_refresh_at(now: DateTime<Utc>, expires_on: DateTime<Utc>) -> DateTime<Utc> {
    let remaining = expires_on - now;
    if remaining > PROACTIVE_REFRESH_WINDOW {
        expires_on - PROACTIVE_REFRESH_WINDOW
    } else if remaining <= TimeDelta::zero() {
        now
    } else {
        now + (remaining / 2).max(MIN_PROACTIVE_REFRESH_DELAY)
    }
}

/// How long to wait after a failed proactive refresh.
fn retry_delay(now: DateTime<Utc>, expires_on: Option<DateTime<Utc>>) -> TimeDelta {
    match expires_on {
        Some(expires_on) if expires_on > now => {
            ((expires_on - now) / 2).clamp(MIN_PROACTIVE_REFRESH_DELAY, PROACTIVE_RETRY_DELAY)
        }
        _ => PROACTIVE_RETRY_DELAY,
    }
}

/// The proactive refresh loop. It sleeps on the credential's clock until the next refresh is
/// due (waking early when the token is replaced by an on-demand refresh), refreshes, and on
/// failure logs and retries later. It ends when the credential is closed or aborts it on drop.
pub(super) async fn run_background(core: Arc<Core>, mut generations: watch::Receiver<u64>) {
    let mut retry_at: Option<DateTime<Utc>> = None;
    loop {
        generations.borrow_and_update();
        let (generation, due) = {
            let state = core.lock();
            if state.closed {
                return;
            }
            let now = core.clock.now();
            let due = state
                .token
                .as_ref()
                .map_or(now, |token| proactive_refresh_at(now, token.expires_on));
            (state.generation, retry_at.unwrap_or(due))
        };
        tokio::select! {
            () = core.clock.sleep_until(due) => {}
            changed = generations.changed() => {
                if changed.is_err() {
                    return;
                }
                retry_at = None;
                continue;
            }
        }
        match core.token(Want::Proactive { generation }).await {
            Ok(token) => {
                retry_at = None;
                tracing::debug!(expires_on = %token.expires_on, "refreshed the user access token proactively");
            }
            Err(Error::Closed) => return,
            Err(error) => {
                let now = core.clock.now();
                let retry = now + retry_delay(now, core.expires_on());
                retry_at = Some(retry);
                let cause = std::error::Error::source(&error).map(ToString::to_string);
                tracing::warn!(
                    error = %error,
                    cause = cause.as_deref().unwrap_or(""),
                    retry_at = %retry,
                    "proactive refresh of the user access token failed; retrying later"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn proactive_schedule() {
        let m = TimeDelta::minutes;
        // More than 10 minutes left: 10 minutes before expiry.
        assert_eq!(proactive_refresh_at(t0(), t0() + m(60)), t0() + m(50));
        assert_eq!(proactive_refresh_at(t0(), t0() + m(11)), t0() + m(1));
        // Exactly 10 minutes or less: half the remaining lifetime.
        assert_eq!(proactive_refresh_at(t0(), t0() + m(10)), t0() + m(5));
        assert_eq!(proactive_refresh_at(t0(), t0() + m(8)), t0() + m(4));
        // Never sooner than the minimum delay, and at once when expired.
        assert_eq!(
            proactive_refresh_at(t0(), t0() + TimeDelta::milliseconds(500)),
            t0() + MIN_PROACTIVE_REFRESH_DELAY
        );
        assert_eq!(proactive_refresh_at(t0(), t0()), t0());
        assert_eq!(proactive_refresh_at(t0(), t0() - m(1)), t0());
    }

    #[test]
    fn retry_schedule() {
        assert_eq!(retry_delay(t0(), None), PROACTIVE_RETRY_DELAY);
        assert_eq!(
            retry_delay(t0(), Some(t0() - TimeDelta::minutes(1))),
            PROACTIVE_RETRY_DELAY
        );
        assert_eq!(
            retry_delay(t0(), Some(t0() + TimeDelta::hours(1))),
            PROACTIVE_RETRY_DELAY
        );
        assert_eq!(
            retry_delay(t0(), Some(t0() + TimeDelta::seconds(20))),
            TimeDelta::seconds(10)
        );
        assert_eq!(
            retry_delay(t0(), Some(t0() + TimeDelta::seconds(1))),
            MIN_PROACTIVE_REFRESH_DELAY
        );
    }
}
