//! `CommunicationTokenCredential` behaviour, driven by a `ManualClock` and a counting
//! refresher. Background scheduling is deterministic: the credential sleeps on the manual
//! clock, and `settle()` runs the (paused) Tokio runtime until every task waits.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use acs_auth::{
    AccessToken, CommunicationTokenCredential, CommunicationTokenCredentialOptions, Error,
    ManualClock, ON_DEMAND_REFRESH_WINDOW,
};
use chrono::TimeDelta;
use common::{FakeRefresher, Reply, jwt, settle, t0};

fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

fn seconds(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

fn options(refresher: &FakeRefresher, clock: &ManualClock) -> CommunicationTokenCredentialOptions {
    CommunicationTokenCredentialOptions::with_refresher(refresher.refresher()).clock(clock.clone())
}

// ---------------------------------------------------------------------------------------------
// Construction

#[test]
fn malformed_tokens_fail_at_construction() {
    for bad in ["", "abc", "a.b", "a.!!!.c"] {
        assert!(
            matches!(
                CommunicationTokenCredential::from_token(bad),
                Err(Error::MalformedToken { .. })
            ),
            "{bad:?}"
        );
    }
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let result = CommunicationTokenCredential::new(options(&refresher, &clock).token("nope"));
    assert!(matches!(result, Err(Error::MalformedToken { .. })));
}

#[test]
fn needs_a_token_or_a_refresher() {
    let result = CommunicationTokenCredential::new(CommunicationTokenCredentialOptions::default());
    assert!(matches!(result, Err(Error::NoTokenSource)));
}

#[test]
fn proactive_refresh_outside_a_runtime_is_an_error() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let result =
        CommunicationTokenCredential::new(options(&refresher, &clock).refresh_proactively(true));
    assert!(matches!(result, Err(Error::NoRuntime)));
}

#[test]
fn credential_is_send_sync_clone_debug() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug + 'static>() {}
    check::<CommunicationTokenCredential>();
}

// ---------------------------------------------------------------------------------------------
// Static tokens

#[tokio::test]
async fn static_token_until_expiry_then_a_local_error() {
    let clock = ManualClock::new(t0());
    let token = jwt(t0() + minutes(60), "static");
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::default()
            .token(token.clone())
            .clock(clock.clone()),
    )
    .expect("credential");

    let got = credential.get_token().await.expect("token");
    assert_eq!(got.token.expose_secret(), token);
    assert_eq!(got.expires_on, t0() + minutes(60));

    // Inside the on-demand window there is nothing to refresh with: the token is still valid.
    clock.set(t0() + minutes(59) + seconds(59));
    assert!(credential.get_token().await.is_ok());

    clock.set(t0() + minutes(60));
    let error = credential.get_token().await.expect_err("expired");
    assert!(
        matches!(error, Error::TokenExpired { expires_on } if expires_on == t0() + minutes(60))
    );

    let rejected = AccessToken::from_jwt(token).expect("token");
    assert!(matches!(
        credential.refresh_after_unauthorized(&rejected).await,
        Err(Error::RefreshUnavailable)
    ));
}

#[tokio::test]
async fn opaque_token_with_explicit_expiry() {
    let clock = ManualClock::new(t0());
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::default()
            .access_token(AccessToken::new("opaque", t0() + minutes(5)))
            .clock(clock.clone()),
    )
    .expect("credential");
    assert_eq!(
        credential
            .get_token()
            .await
            .expect("token")
            .token
            .expose_secret(),
        "opaque"
    );
}

#[tokio::test]
async fn cached_tokens_share_their_text() {
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::default()
            .token(jwt(t0() + minutes(60), "shared"))
            .clock(ManualClock::new(t0())),
    )
    .expect("credential");
    let a = credential.get_token().await.expect("token");
    let b = credential.get_token().await.expect("token");
    // No new string per call: both point at the same allocation.
    assert!(std::ptr::eq(
        a.token.expose_secret(),
        b.token.expose_secret()
    ));
}

// ---------------------------------------------------------------------------------------------
// On-demand refresh

#[tokio::test]
async fn first_call_without_initial_token_refreshes_once() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");
    assert_eq!(refresher.calls(), 0, "construction calls nothing");

    let first = credential.get_token().await.expect("token");
    let second = credential.get_token().await.expect("token");
    assert_eq!(refresher.calls(), 1);
    assert_eq!(first, second);
    assert_eq!(first.expires_on, t0() + minutes(60));
}

#[tokio::test]
async fn on_demand_threshold_is_two_minutes() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let initial = jwt(t0() + minutes(10), "initial");
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock).token(initial.clone()))
            .expect("credential");

    assert_eq!(
        credential
            .get_token()
            .await
            .expect("token")
            .token
            .expose_secret(),
        initial
    );

    // Exactly two minutes left: still good.
    clock.set(t0() + minutes(10) - ON_DEMAND_REFRESH_WINDOW);
    assert_eq!(
        credential
            .get_token()
            .await
            .expect("token")
            .token
            .expose_secret(),
        initial
    );
    assert_eq!(refresher.calls(), 0);

    // Less than two minutes left: refreshed.
    clock.advance(seconds(1));
    let refreshed = credential.get_token().await.expect("token");
    assert_ne!(refreshed.token.expose_secret(), initial);
    assert_eq!(refreshed.expires_on, clock_now(&clock) + minutes(60));
    assert_eq!(refresher.calls(), 1);

    // And cached again.
    credential.get_token().await.expect("token");
    assert_eq!(refresher.calls(), 1);
}

fn clock_now(clock: &ManualClock) -> chrono::DateTime<chrono::Utc> {
    use acs_auth::Clock as _;
    clock.now()
}

#[tokio::test(start_paused = true)]
async fn ten_thousand_concurrent_callers_cause_one_refresh() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::gated(&clock, Reply::Lifetime(minutes(60)));
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");

    let callers = futures::future::join_all((0..10_000).map(|_| credential.get_token()));
    let open = async {
        // Runs once every caller is parked on the refresh in flight.
        settle().await;
        assert_eq!(refresher.calls(), 1);
        refresher.open_gate();
    };
    let (results, ()) = tokio::join!(callers, open);

    assert_eq!(refresher.calls(), 1);
    let first = results[0].as_ref().expect("token").clone();
    assert!(results.iter().all(|r| r.as_ref().ok() == Some(&first)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_concurrent_tasks_cause_one_refresh() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::gated(&clock, Reply::Lifetime(minutes(60)));
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");
    let started = Arc::new(AtomicUsize::new(0));

    let tasks: Vec<_> = (0..10_000)
        .map(|_| {
            let credential = credential.clone();
            let started = Arc::clone(&started);
            tokio::spawn(async move {
                started.fetch_add(1, Ordering::SeqCst);
                credential.get_token().await
            })
        })
        .collect();
    while started.load(Ordering::SeqCst) < 10_000 {
        tokio::task::yield_now().await;
    }
    refresher.open_gate();

    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.expect("task").expect("token"));
    }
    assert_eq!(refresher.calls(), 1);
    assert!(tokens.iter().all(|t| t == &tokens[0]));
}

#[tokio::test(start_paused = true)]
async fn failure_is_reported_to_every_waiter_then_recovers() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::gated_scripted(
        &clock,
        vec![Reply::Fail("identity backend unavailable")],
        Reply::Lifetime(minutes(60)),
    );
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");

    let callers = futures::future::join_all((0..100).map(|_| credential.get_token()));
    let open = async {
        settle().await;
        refresher.open_gate();
    };
    let (results, ()) = tokio::join!(callers, open);
    assert_eq!(refresher.calls(), 1);
    for result in &results {
        let error = result.as_ref().expect_err("refresh failed");
        assert!(matches!(error, Error::RefreshFailed { .. }));
        let source = std::error::Error::source(error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("identity backend unavailable"));
    }

    let token = credential.get_token().await.expect("recovered");
    assert_eq!(token.expires_on, t0() + minutes(60));
    assert_eq!(refresher.calls(), 2);
}

#[tokio::test]
async fn refresher_returning_an_expired_token_is_an_error() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::scripted(
        &clock,
        vec![Reply::ExpiresAt(t0() - seconds(1)), Reply::ExpiresAt(t0())],
        Reply::Lifetime(minutes(60)),
    );
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");
    for _ in 0..2 {
        let error = credential.get_token().await.expect_err("expired");
        assert!(
            matches!(error, Error::RefreshedTokenExpired { .. }),
            "{error:?}"
        );
    }
    assert!(credential.get_token().await.is_ok());
    assert_eq!(refresher.calls(), 3);
}

#[tokio::test]
async fn refresher_returning_garbage_is_a_malformed_token() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Garbage);
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");
    let error = credential.get_token().await.expect_err("garbage");
    assert!(matches!(error, Error::MalformedToken { .. }));
    assert!(!error.to_string().contains("not-a-jwt"));
}

#[tokio::test]
async fn a_panicking_refresher_is_an_error_not_a_crash() {
    let clock = ManualClock::new(t0());
    let refresher =
        FakeRefresher::scripted(&clock, vec![Reply::Panic], Reply::Lifetime(minutes(60)));
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");
    let error = credential.get_token().await.expect_err("panicked");
    assert!(matches!(error, Error::RefreshFailed { .. }));
    assert!(credential.get_token().await.is_ok());
}

#[tokio::test]
async fn refresh_after_unauthorized_replaces_the_rejected_token_once() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let credential = CommunicationTokenCredential::new(
        options(&refresher, &clock).token(jwt(t0() + minutes(60), "initial")),
    )
    .expect("credential");
    let rejected = credential.get_token().await.expect("token");

    // Many requests got a 401 with the same token: one refresh.
    let replacements = futures::future::join_all(
        (0..100).map(|_| credential.refresh_after_unauthorized(&rejected)),
    )
    .await;
    assert_eq!(refresher.calls(), 1);
    let replacement = replacements[0].as_ref().expect("token").clone();
    assert_ne!(replacement, rejected);
    assert!(
        replacements
            .iter()
            .all(|r| r.as_ref().ok() == Some(&replacement))
    );

    // A late 401 for the old token: the replacement is returned, no new refresh.
    let again = credential
        .refresh_after_unauthorized(&rejected)
        .await
        .expect("token");
    assert_eq!(again, replacement);
    assert_eq!(refresher.calls(), 1);

    // A 401 for the current token refreshes again.
    let third = credential
        .refresh_after_unauthorized(&replacement)
        .await
        .expect("token");
    assert_ne!(third, replacement);
    assert_eq!(refresher.calls(), 2);
}

// ---------------------------------------------------------------------------------------------
// Proactive refresh

#[tokio::test(start_paused = true)]
async fn proactive_refresh_ten_minutes_before_expiry() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let credential = CommunicationTokenCredential::new(
        options(&refresher, &clock)
            .token(jwt(t0() + minutes(60), "initial"))
            .refresh_proactively(true),
    )
    .expect("credential");
    assert!(credential.refreshes_proactively());
    settle().await;
    assert_eq!(refresher.calls(), 0);
    assert_eq!(
        clock.pending_sleepers(),
        1,
        "the background task waits on the clock"
    );

    clock.set(t0() + minutes(50) - seconds(1));
    settle().await;
    assert_eq!(refresher.calls(), 0);

    clock.set(t0() + minutes(50));
    settle().await;
    assert_eq!(refresher.calls(), 1);
    let token = credential.get_token().await.expect("token");
    assert_eq!(token.expires_on, t0() + minutes(110));
    assert_eq!(
        refresher.calls(),
        1,
        "get_token used the proactively refreshed token"
    );

    // The next refresh is scheduled from the new token.
    clock.set(t0() + minutes(100) - seconds(1));
    settle().await;
    assert_eq!(refresher.calls(), 1);
    clock.set(t0() + minutes(100));
    settle().await;
    assert_eq!(refresher.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn proactive_without_initial_token_fetches_at_once() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock).refresh_proactively(true))
            .expect("credential");
    settle().await;
    assert_eq!(refresher.calls(), 1);
    credential.get_token().await.expect("token");
    assert_eq!(refresher.calls(), 1);
}

#[tokio::test(start_paused = true)]
async fn half_life_rescheduling_inside_the_window() {
    // Fresh 8-minute tokens: each is refreshed after half its lifetime.
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(8)));
    let _credential = CommunicationTokenCredential::new(
        options(&refresher, &clock)
            .token(jwt(t0() + minutes(8), "initial"))
            .refresh_proactively(true),
    )
    .expect("credential");
    settle().await;
    for n in 1..=3 {
        clock.advance(minutes(4) - seconds(1));
        settle().await;
        assert_eq!(refresher.calls(), n - 1);
        clock.advance(seconds(1));
        settle().await;
        assert_eq!(refresher.calls(), n);
    }
}

#[tokio::test(start_paused = true)]
async fn half_life_backoff_when_the_refresher_returns_the_same_expiry() {
    // A refresher that keeps returning tokens expiring at the same instant: refreshes at
    // half of each remaining lifetime (4, 6, 7, 7.5 minutes), never sooner than one second
    // apart, and then errors once the returned token has expired.
    let expiry = t0() + minutes(8);
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::ExpiresAt(expiry));
    let _credential = CommunicationTokenCredential::new(
        options(&refresher, &clock)
            .token(jwt(expiry, "initial"))
            .refresh_proactively(true),
    )
    .expect("credential");
    settle().await;
    for (n, at) in [
        (1, minutes(4)),
        (2, minutes(6)),
        (3, minutes(7)),
        (4, seconds(450)),
    ] {
        clock.set(t0() + at - seconds(1));
        settle().await;
        assert_eq!(refresher.calls(), n - 1, "before {at}");
        clock.set(t0() + at);
        settle().await;
        assert_eq!(refresher.calls(), n, "at {at}");
    }
}

#[tokio::test(start_paused = true)]
async fn background_failure_is_retried_later() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::scripted(
        &clock,
        vec![Reply::Fail("backend down"), Reply::Panic],
        Reply::Lifetime(minutes(60)),
    );
    let credential = CommunicationTokenCredential::new(
        options(&refresher, &clock)
            .token(jwt(t0() + minutes(60), "initial"))
            .refresh_proactively(true),
    )
    .expect("credential");
    settle().await;

    clock.set(t0() + minutes(50));
    settle().await;
    assert_eq!(refresher.calls(), 1, "first attempt failed");
    // Callers still get the valid old token meanwhile.
    assert_eq!(
        credential.get_token().await.expect("token").expires_on,
        t0() + minutes(60)
    );

    // Retried 30 s later; that attempt panics, and the task carries on.
    clock.advance(seconds(29));
    settle().await;
    assert_eq!(refresher.calls(), 1);
    clock.advance(seconds(1));
    settle().await;
    assert_eq!(refresher.calls(), 2);

    clock.advance(seconds(30));
    settle().await;
    assert_eq!(refresher.calls(), 3, "recovered");
    assert_eq!(
        credential.get_token().await.expect("token").expires_on,
        t0() + minutes(51 + 60)
    );
    assert_eq!(clock.pending_sleepers(), 1, "still scheduled");
}

#[tokio::test(start_paused = true)]
async fn an_on_demand_refresh_reschedules_the_background_task() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let credential = CommunicationTokenCredential::new(
        options(&refresher, &clock)
            .token(jwt(t0() + minutes(60), "initial"))
            .refresh_proactively(true),
    )
    .expect("credential");
    settle().await;

    clock.set(t0() + minutes(1));
    let rejected = credential.get_token().await.expect("token");
    credential
        .refresh_after_unauthorized(&rejected)
        .await
        .expect("token");
    assert_eq!(refresher.calls(), 1);
    settle().await;

    // The old schedule (50 min) is gone; the new token expires at 61 min, so 51 min.
    clock.set(t0() + minutes(50));
    settle().await;
    assert_eq!(refresher.calls(), 1);
    clock.set(t0() + minutes(51));
    settle().await;
    assert_eq!(refresher.calls(), 2);
}

// ---------------------------------------------------------------------------------------------
// Shutdown

#[tokio::test(start_paused = true)]
async fn dropping_the_last_clone_stops_the_background_task() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let tasks_before = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    let credential = CommunicationTokenCredential::new(
        options(&refresher, &clock)
            .token(jwt(t0() + minutes(60), "initial"))
            .refresh_proactively(true),
    )
    .expect("credential");
    let clone = credential.clone();
    settle().await;
    assert_eq!(clock.pending_sleepers(), 1);
    assert_eq!(
        tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks(),
        tasks_before + 1
    );

    drop(credential);
    settle().await;
    assert_eq!(clock.pending_sleepers(), 1, "a clone is still alive");

    drop(clone);
    settle().await;
    assert_eq!(clock.pending_sleepers(), 0);
    assert_eq!(
        tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks(),
        tasks_before
    );
    clock.set(t0() + minutes(500));
    settle().await;
    assert_eq!(refresher.calls(), 0);
}

#[tokio::test(start_paused = true)]
async fn close_stops_the_task_and_further_use() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::new(&clock, Reply::Lifetime(minutes(60)));
    let credential = CommunicationTokenCredential::new(
        options(&refresher, &clock)
            .token(jwt(t0() + minutes(60), "initial"))
            .refresh_proactively(true),
    )
    .expect("credential");
    let clone = credential.clone();
    settle().await;

    credential.close();
    credential.close();
    settle().await;
    assert!(clone.is_closed());
    assert_eq!(clock.pending_sleepers(), 0);
    assert!(matches!(clone.get_token().await, Err(Error::Closed)));
    clock.set(t0() + minutes(500));
    settle().await;
    assert_eq!(refresher.calls(), 0);
}

#[tokio::test]
async fn close_while_a_refresh_is_in_flight() {
    let clock = ManualClock::new(t0());
    let refresher = FakeRefresher::gated(&clock, Reply::Lifetime(minutes(60)));
    let credential =
        CommunicationTokenCredential::new(options(&refresher, &clock)).expect("credential");
    let waiter = credential.get_token();
    let close = async {
        tokio::task::yield_now().await;
        credential.close();
        refresher.open_gate();
    };
    let (result, ()) = tokio::join!(waiter, close);
    // The caller that was already waiting gets the token it waited for; nothing is cached.
    assert!(result.is_ok());
    assert!(matches!(credential.get_token().await, Err(Error::Closed)));
}

#[tokio::test]
async fn debug_never_shows_the_token() {
    let token = jwt(t0() + minutes(60), "debug-check");
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::default()
            .token(token.clone())
            .clock(ManualClock::new(t0())),
    )
    .expect("credential");
    let got = credential.get_token().await.expect("token");
    for text in [
        format!("{credential:?}"),
        format!("{got:?}"),
        format!("{credential:#?}"),
    ] {
        assert!(!text.contains(&token), "{text}");
        assert!(!text.contains("debug-check"), "{text}");
    }
    assert!(format!("{credential:?}").contains("expires_on"));
}
