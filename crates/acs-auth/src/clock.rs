//! Time as an injected dependency: [`Clock`], [`SystemClock`] and the test clock [`ManualClock`].
//!
//! Signing dates and token expiry checks read the time from a [`Clock`], and the background
//! refresh of a [`CommunicationTokenCredential`](crate::CommunicationTokenCredential) waits with
//! [`Clock::sleep_until`], so a test can drive both with a [`ManualClock`] and never sleep.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::watch;

/// The future returned by [`Clock::sleep_until`].
///
/// ```
/// use acs_auth::{Clock, ManualClock, clock::Sleep};
/// use chrono::{TimeZone, Utc};
///
/// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
/// let sleep: Sleep = clock.sleep_until(clock.now());
/// futures::executor::block_on(sleep); // the deadline has been reached: completes at once
/// ```
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// A source of the current time that can also wait until a given time.
///
/// ```
/// use acs_auth::{Clock, ManualClock};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use futures::FutureExt as _;
///
/// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
/// let mut sleep = clock.sleep_until(clock.now() + TimeDelta::seconds(10));
/// assert!((&mut sleep).now_or_never().is_none());
/// clock.advance(TimeDelta::seconds(10));
/// assert!(sleep.now_or_never().is_some());
/// ```
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current time.
    ///
    /// ```
    /// use acs_auth::{Clock, ManualClock, SystemClock};
    /// use chrono::{TimeDelta, Utc};
    ///
    /// assert!(SystemClock.now() <= Utc::now());
    /// let start = Utc::now();
    /// let clock = ManualClock::new(start);
    /// clock.advance(TimeDelta::seconds(5));
    /// assert_eq!(clock.now(), start + TimeDelta::seconds(5));
    /// ```
    fn now(&self) -> DateTime<Utc>;

    /// A future that completes once [`now`](Self::now) has reached `deadline` (at once when it
    /// already has).
    ///
    /// ```
    /// use acs_auth::{Clock, ManualClock};
    /// use chrono::{TimeDelta, Utc};
    /// use futures::FutureExt;
    ///
    /// let clock = ManualClock::new(Utc::now());
    /// // A deadline in the past: ready at once.
    /// assert!(clock.sleep_until(clock.now() - TimeDelta::seconds(1)).now_or_never().is_some());
    /// let mut later = clock.sleep_until(clock.now() + TimeDelta::seconds(30));
    /// assert!((&mut later).now_or_never().is_none());
    /// clock.advance(TimeDelta::seconds(30));
    /// assert!(later.now_or_never().is_some());
    /// ```
    fn sleep_until(&self, deadline: DateTime<Utc>) -> Sleep;

    /// Whether [`now`](Self::now) is later than `deadline`: the check a cache makes on every
    /// hit, with the deadline converted to a [`SystemTime`] once, when the entry is stored.
    ///
    /// The default compares `now()`; [`SystemClock`] reads the coarse system clock without
    /// building a `DateTime` (see its implementation), a fraction of the cost.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use acs_auth::{Clock, ManualClock};
    /// use chrono::{TimeDelta, Utc};
    ///
    /// let clock = ManualClock::new(Utc::now());
    /// let deadline = SystemTime::from(clock.now() + TimeDelta::seconds(1));
    /// assert!(!clock.has_passed(deadline));
    /// clock.advance(TimeDelta::seconds(1));
    /// assert!(!clock.has_passed(deadline)); // reaching it is not passing it
    /// clock.advance(TimeDelta::milliseconds(1));
    /// assert!(clock.has_passed(deadline));
    /// ```
    fn has_passed(&self, deadline: SystemTime) -> bool {
        let now = self.now();
        match system_time(now) {
            Some(now) => now > deadline,
            // Outside what the platform's `SystemTime` holds: past every deadline, or before.
            None => now.timestamp() > 0,
        }
    }
}

/// `date` as a [`SystemTime`], or `None` outside the platform's range (chrono's conversion
/// panics there).
pub(crate) fn system_time(date: DateTime<Utc>) -> Option<SystemTime> {
    let seconds = date.timestamp();
    let magnitude = std::time::Duration::new(seconds.unsigned_abs(), 0);
    let whole = if seconds < 0 {
        SystemTime::UNIX_EPOCH.checked_sub(magnitude)?
    } else {
        SystemTime::UNIX_EPOCH.checked_add(magnitude)?
    };
    whole.checked_add(std::time::Duration::from_nanos(u64::from(
        date.timestamp_subsec_nanos(),
    )))
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }

    fn sleep_until(&self, deadline: DateTime<Utc>) -> Sleep {
        (**self).sleep_until(deadline)
    }

    fn has_passed(&self, deadline: SystemTime) -> bool {
        (**self).has_passed(deadline)
    }
}

/// The real clock: wall-clock time, and Tokio timers for sleeping.
///
/// The future returned by [`sleep_until`](Clock::sleep_until) must be awaited inside a Tokio
/// runtime (creating it anywhere is fine). It waits for the wall-clock distance to the deadline
/// measured when it is first polled.
///
/// ```
/// use acs_auth::{Clock, SystemClock};
///
/// let before = SystemClock.now();
/// assert!(SystemClock.now() >= before);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

#[allow(
    clippy::disallowed_methods,
    reason = "the one place that reads the wall clock (see clippy.toml)"
)]
impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep_until(&self, deadline: DateTime<Utc>) -> Sleep {
        Box::pin(async move {
            let wait = (deadline - Utc::now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
        })
    }

    /// Reads the coarse real-time clock where there is one (Linux `CLOCK_REALTIME_COARSE`,
    /// a few nanoseconds instead of some 40 on a virtual machine; it lags the precise clock by
    /// at most one kernel tick, 1–10 ms), so a deadline counts as passed up to a tick late.
    /// Caches ask this with margins of minutes, where a tick does not matter.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use acs_auth::{Clock, SystemClock};
    ///
    /// assert!(SystemClock.has_passed(SystemTime::now() - Duration::from_secs(1)));
    /// assert!(!SystemClock.has_passed(SystemTime::now() + Duration::from_secs(1)));
    /// ```
    fn has_passed(&self, deadline: SystemTime) -> bool {
        coarse_now() > deadline
    }
}

/// The real time from the coarse clock (Linux), read without a system call.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[allow(
    clippy::disallowed_methods,
    reason = "part of SystemClock, the one place that reads the wall clock"
)]
fn coarse_now() -> SystemTime {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::RealtimeCoarse);
    let since_epoch = match (u64::try_from(now.tv_sec), u32::try_from(now.tv_nsec)) {
        (Ok(seconds), Ok(nanos)) if nanos < 1_000_000_000 => {
            Some(std::time::Duration::new(seconds, nanos))
        }
        _ => None,
    };
    // Before 1970 or an impossible reading: the precise clock decides.
    since_epoch
        .and_then(|since| SystemTime::UNIX_EPOCH.checked_add(since))
        .unwrap_or_else(SystemTime::now)
}

/// The real time (no coarse clock on this platform).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
#[allow(
    clippy::disallowed_methods,
    reason = "part of SystemClock, the one place that reads the wall clock"
)]
fn coarse_now() -> SystemTime {
    SystemTime::now()
}

/// A clock that moves only when told to, for deterministic tests (in this crate and others).
///
/// Clones share the same time. Advancing it wakes every [`sleep_until`](Clock::sleep_until)
/// whose deadline has been reached.
///
/// ```
/// use acs_auth::{Clock, ManualClock};
/// use chrono::{TimeDelta, TimeZone, Utc};
///
/// let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
/// let clock = ManualClock::new(start);
/// clock.advance(TimeDelta::minutes(5));
/// assert_eq!(clock.now(), start + TimeDelta::minutes(5));
/// ```
#[derive(Clone)]
pub struct ManualClock {
    now: Arc<watch::Sender<DateTime<Utc>>>,
    /// The deadline of every live `sleep_until` future, by a number of its own.
    sleepers: Arc<Mutex<Sleepers>>,
}

#[derive(Default)]
struct Sleepers {
    next: u64,
    deadlines: BTreeMap<u64, DateTime<Utc>>,
}

/// Removes a sleeper's deadline when its future is dropped (done or not).
struct Registered {
    sleepers: Arc<Mutex<Sleepers>>,
    number: u64,
}

impl Drop for Registered {
    fn drop(&mut self) {
        lock(&self.sleepers).deadlines.remove(&self.number);
    }
}

fn lock(sleepers: &Mutex<Sleepers>) -> std::sync::MutexGuard<'_, Sleepers> {
    // Every update is a single insert or remove: a panic elsewhere leaves it consistent.
    sleepers
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl ManualClock {
    /// A clock standing at `start`.
    ///
    /// ```
    /// use acs_auth::{Clock, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    /// assert_eq!(ManualClock::new(start).now(), start);
    /// ```
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(watch::Sender::new(start)),
            sleepers: Arc::default(),
        }
    }

    /// Moves the clock forward by `by` (backward when `by` is negative).
    ///
    /// ```
    /// use acs_auth::{Clock, ManualClock};
    /// use chrono::{TimeDelta, TimeZone, Utc};
    ///
    /// let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    /// let clock = ManualClock::new(start);
    /// let shared = clock.clone();
    /// clock.advance(TimeDelta::hours(1));
    /// clock.advance(TimeDelta::minutes(-30));
    /// assert_eq!(shared.now(), start + TimeDelta::minutes(30));
    /// ```
    pub fn advance(&self, by: TimeDelta) {
        self.now.send_modify(|now| *now += by);
    }

    /// Sets the clock to `to`.
    ///
    /// ```
    /// use acs_auth::{Clock, ManualClock};
    /// use chrono::{TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// let later = Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap();
    /// clock.set(later);
    /// assert_eq!(clock.now(), later);
    /// ```
    pub fn set(&self, to: DateTime<Utc>) {
        self.now.send_replace(to);
    }

    /// How many [`sleep_until`](Clock::sleep_until) futures are waiting for a time this clock
    /// has not reached yet. A sleeper whose deadline has been reached no longer counts, even
    /// before its task has run: a test that advances the clock while this is non-zero never
    /// advances past a deadline just reached.
    ///
    /// Useful to check that a background task has gone to sleep, or has stopped.
    ///
    /// ```
    /// use acs_auth::{Clock, ManualClock};
    /// use chrono::{TimeDelta, TimeZone, Utc};
    ///
    /// let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
    /// assert_eq!(clock.pending_sleepers(), 0);
    /// let sleep = clock.sleep_until(clock.now() + TimeDelta::seconds(1));
    /// assert_eq!(clock.pending_sleepers(), 1);
    /// drop(sleep);
    /// assert_eq!(clock.pending_sleepers(), 0);
    ///
    /// let _reached = clock.sleep_until(clock.now() + TimeDelta::seconds(1));
    /// clock.advance(TimeDelta::seconds(1));
    /// assert_eq!(clock.pending_sleepers(), 0); // its deadline has come, though nobody polled it
    /// ```
    pub fn pending_sleepers(&self) -> usize {
        let now = self.now();
        lock(&self.sleepers)
            .deadlines
            .values()
            .filter(|deadline| **deadline > now)
            .count()
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field("now", &*self.now.borrow())
            .finish()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.borrow()
    }

    fn sleep_until(&self, deadline: DateTime<Utc>) -> Sleep {
        let mut now = self.now.subscribe();
        let registered = {
            let mut sleepers = lock(&self.sleepers);
            let number = sleepers.next;
            sleepers.next += 1;
            sleepers.deadlines.insert(number, deadline);
            Registered {
                sleepers: Arc::clone(&self.sleepers),
                number,
            }
        };
        Box::pin(async move {
            let _registered = registered;
            loop {
                if *now.borrow_and_update() >= deadline {
                    return;
                }
                if now.changed().await.is_err() {
                    // The clock is gone, so its time can no longer reach the deadline.
                    std::future::pending::<()>().await;
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use futures::FutureExt;

    #[test]
    fn system_time_matches_chrono_inside_the_range_and_never_panics_outside() {
        let dates = [
            Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).single(),
            Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single(),
        ];
        for date in dates.into_iter().flatten() {
            let date = date + TimeDelta::nanoseconds(123_456_789);
            assert_eq!(system_time(date), Some(SystemTime::from(date)), "{date:?}");
        }
        // Whatever the platform holds, the extremes give an answer, not a panic.
        let _ = system_time(DateTime::<Utc>::MIN_UTC);
        let _ = system_time(DateTime::<Utc>::MAX_UTC);
        let clock = ManualClock::new(DateTime::<Utc>::MAX_UTC);
        assert!(clock.has_passed(SystemTime::UNIX_EPOCH));
    }

    #[test]
    #[allow(
        clippy::disallowed_methods,
        reason = "compares the coarse clock with the precise one"
    )]
    fn the_coarse_clock_is_at_most_a_tick_behind() {
        let before = SystemTime::now();
        let coarse = coarse_now();
        let after = SystemTime::now();
        // Never ahead of the precise clock, and behind it by a kernel tick (1-10 ms), not more
        // than a second even on a loaded machine.
        assert!(coarse <= after, "{coarse:?} is after {after:?}");
        let lag = before.duration_since(coarse).unwrap_or_default();
        assert!(lag < std::time::Duration::from_secs(1), "{lag:?} behind");
    }

    #[test]
    fn the_system_clock_and_the_default_agree_on_deadlines() {
        let now = SystemClock.now();
        let past = system_time(now - TimeDelta::seconds(60)).expect("in range");
        let future = system_time(now + TimeDelta::seconds(60)).expect("in range");
        assert!(SystemClock.has_passed(past));
        assert!(!SystemClock.has_passed(future));
        let manual = ManualClock::new(now);
        assert!(manual.has_passed(past));
        assert!(!manual.has_passed(future));
        let shared: Arc<dyn Clock> = Arc::new(SystemClock);
        assert!(shared.has_passed(past) && !shared.has_passed(future));
    }

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(start());
        assert_eq!(clock.now(), start());
        clock.advance(TimeDelta::seconds(90));
        assert_eq!(clock.now(), start() + TimeDelta::seconds(90));
        clock.set(start());
        assert_eq!(clock.now(), start());
    }

    #[test]
    fn clones_share_time() {
        let a = ManualClock::new(start());
        let b = a.clone();
        a.advance(TimeDelta::hours(1));
        assert_eq!(b.now(), start() + TimeDelta::hours(1));
    }

    #[tokio::test]
    async fn sleep_until_wakes_when_the_deadline_is_reached() {
        let clock = ManualClock::new(start());
        let mut sleep = clock.sleep_until(start() + TimeDelta::seconds(10));
        assert!((&mut sleep).now_or_never().is_none());
        assert_eq!(clock.pending_sleepers(), 1);

        clock.advance(TimeDelta::seconds(9));
        assert!((&mut sleep).now_or_never().is_none());

        clock.advance(TimeDelta::seconds(1));
        assert!((&mut sleep).now_or_never().is_some());
        drop(sleep);
        assert_eq!(clock.pending_sleepers(), 0);
    }

    #[tokio::test]
    async fn sleep_until_a_past_deadline_is_ready() {
        let clock = ManualClock::new(start());
        assert!(clock.sleep_until(start()).now_or_never().is_some());
        assert!(
            clock
                .sleep_until(start() - TimeDelta::days(1))
                .now_or_never()
                .is_some()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn system_clock_sleeps_with_tokio_timers() {
        let clock = SystemClock;
        let before = tokio::time::Instant::now();
        clock
            .sleep_until(clock.now() + TimeDelta::milliseconds(1500))
            .await;
        assert!(before.elapsed() >= std::time::Duration::from_millis(1000));
        clock.sleep_until(clock.now() - TimeDelta::hours(1)).await;
    }

    #[test]
    fn system_clock_sleep_can_be_created_outside_a_runtime() {
        drop(SystemClock.sleep_until(SystemClock.now() + TimeDelta::seconds(1)));
    }
}
