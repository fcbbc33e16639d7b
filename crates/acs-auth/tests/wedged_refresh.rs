//! A token refresher that never returns cannot wedge a `CommunicationTokenCredential`
//! (issue 17, item 3): the refresh gives up after the refresh timeout, measured on the
//! credential's `ManualClock`, and a refresh every waiter has left is not joined by the next
//! caller. Driven on a paused Tokio runtime with `settle()`, so nothing races a real timer.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use acs_auth::{
    BoxError, CommunicationTokenCredential, CommunicationTokenCredentialOptions,
    DEFAULT_REFRESH_TIMEOUT, Error, ManualClock,
};
use chrono::TimeDelta;
use common::{jwt, settle, t0};
use futures::FutureExt as _;

/// A refresher whose first `hangs` calls never return; later calls answer with a token valid
/// for an hour. Counts its calls.
fn hanging_refresher(
    clock: &ManualClock,
    hangs: usize,
) -> (
    Arc<AtomicUsize>,
    impl Fn() -> futures::future::BoxFuture<'static, Result<String, BoxError>> + Send + Sync + 'static,
) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let clock = clock.clone();
    let refresher = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let clock = clock.clone();
        async move {
            if n <= hangs {
                std::future::pending::<()>().await;
            }
            let expires = acs_auth::Clock::now(&clock) + TimeDelta::hours(1);
            Ok(jwt(expires, &format!("refresh-{n}")))
        }
        .boxed()
    };
    (calls, refresher)
}

fn seconds(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

#[test]
fn the_default_refresh_timeout_is_thirty_seconds() {
    assert_eq!(DEFAULT_REFRESH_TIMEOUT, Duration::from_secs(30));
}

#[tokio::test(start_paused = true)]
async fn a_hanging_refresh_times_out_and_the_next_call_recovers() {
    let clock = ManualClock::new(t0());
    let (calls, refresher) = hanging_refresher(&clock, 1);
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::with_refresher(refresher).clock(clock.clone()),
    )
    .expect("credential");

    // Two callers wait for the one hanging refresh.
    let first = tokio::spawn({
        let credential = credential.clone();
        async move { credential.get_token().await }
    });
    let second = tokio::spawn({
        let credential = credential.clone();
        async move { credential.get_token().await }
    });
    settle().await;
    assert_eq!(calls.load(Ordering::SeqCst), 1, "one shared refresh");

    // One second before the timeout, both still wait.
    clock.advance(seconds(29));
    settle().await;
    assert!(!first.is_finished() && !second.is_finished());

    // At the timeout both get RefreshTimedOut: 30 s (the default) to recover.
    clock.advance(seconds(1));
    settle().await;
    for waiter in [first, second] {
        let result = waiter.await.expect("no panic");
        assert!(
            matches!(result, Err(Error::RefreshTimedOut { timeout }) if timeout == DEFAULT_REFRESH_TIMEOUT),
            "{result:?}"
        );
    }
    // The next call starts a new refresh, which answers.
    let token = credential.get_token().await.expect("recovered");
    assert_eq!(token.expires_on, t0() + seconds(30) + TimeDelta::hours(1));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(clock.pending_sleepers(), 0, "no timer left behind");
}

#[tokio::test(start_paused = true)]
async fn the_refresh_timeout_is_an_option() {
    let clock = ManualClock::new(t0());
    let (calls, refresher) = hanging_refresher(&clock, 2);
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::with_refresher(refresher)
            .refresh_timeout(Duration::from_secs(5))
            .clock(clock.clone()),
    )
    .expect("credential");
    let waiter = tokio::spawn({
        let credential = credential.clone();
        async move { credential.get_token().await }
    });
    settle().await;
    clock.advance(seconds(4));
    settle().await;
    assert!(!waiter.is_finished());
    clock.advance(seconds(1));
    settle().await;
    let error = waiter.await.expect("no panic").expect_err("timed out");
    assert_eq!(error.to_string(), "token refresh did not finish within 5s");

    // Every refresh gets its own timeout: the second hangs too and also ends after 5 s.
    let waiter = tokio::spawn({
        let credential = credential.clone();
        async move { credential.get_token().await }
    });
    settle().await;
    clock.advance(seconds(5));
    settle().await;
    assert!(matches!(
        waiter.await.expect("no panic"),
        Err(Error::RefreshTimedOut { .. })
    ));
    assert!(credential.get_token().await.is_ok(), "third call answers");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn a_refresh_every_waiter_left_is_replaced_at_once() {
    let clock = ManualClock::new(t0());
    let (calls, refresher) = hanging_refresher(&clock, 1);
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::with_refresher(refresher).clock(clock.clone()),
    )
    .expect("credential");

    // A caller with its own (2 s) deadline gives up on the hanging refresh.
    let gave_up = tokio::time::timeout(Duration::from_secs(2), credential.get_token()).await;
    assert!(gave_up.is_err(), "still hanging after 2 s");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // Nobody waits for it any more, so the next caller does not inherit its wait: a new
    // refresh starts at once, without the clock moving (0 s to recover).
    let token = credential
        .get_token()
        .now_or_never()
        .expect("answered without waiting")
        .expect("a token");
    assert_eq!(token.expires_on, t0() + TimeDelta::hours(1));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(clock.pending_sleepers(), 0, "the abandoned refresh is gone");
}

#[tokio::test(start_paused = true)]
async fn a_hanging_proactive_refresh_does_not_block_callers_for_good() {
    let clock = ManualClock::new(t0());
    let (calls, refresher) = hanging_refresher(&clock, 1);
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::with_refresher(refresher)
            .token(jwt(t0() + TimeDelta::minutes(11), "initial"))
            .refresh_proactively(true)
            .clock(clock.clone()),
    )
    .expect("credential");
    settle().await;
    // The background refresh (due 10 minutes before expiry) hangs.
    clock.advance(TimeDelta::minutes(1));
    settle().await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Meanwhile the cached token is still handed out without waiting.
    assert!(credential.get_token().now_or_never().is_some());
    // After the timeout the background task retries (30 s later), and that refresh answers.
    clock.advance(seconds(30));
    settle().await;
    clock.advance(seconds(30));
    settle().await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let token = credential.get_token().await.expect("a token");
    assert_eq!(
        token.expires_on,
        t0() + TimeDelta::minutes(2) + TimeDelta::hours(1)
    );
}
