//! Helpers shared by the integration tests: JWT construction and a scripted, counting token
//! refresher.
#![allow(dead_code, reason = "each test crate uses a different subset")]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_auth::{BoxError, Clock, ManualClock};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use tokio::sync::Semaphore;

/// 2024-01-01T00:00:00Z, where every test clock starts.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

/// An unsigned JWT expiring at `exp`; `marker` makes tokens with equal expiry distinct.
pub fn jwt(exp: DateTime<Utc>, marker: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(format!(
        r#"{{"skypeid":"acs:{marker}","scp":1792,"exp":{}}}"#,
        exp.timestamp()
    ));
    format!("{header}.{payload}.c2lnbmF0dXJl")
}

/// Lets every other task run until all of them wait (needs a paused Tokio clock: the sleep
/// completes only once the runtime is otherwise idle).
pub async fn settle() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

/// What the fake refresher does on one call.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A JWT expiring this long after the clock's current time.
    Lifetime(TimeDelta),
    /// A JWT expiring at this time.
    ExpiresAt(DateTime<Utc>),
    /// An error with this message.
    Fail(&'static str),
    /// A string that is not a JWT.
    Garbage,
    /// A panic.
    Panic,
}

/// A token refresher that counts its calls and answers from a script (then with `fallback`).
#[derive(Clone)]
pub struct FakeRefresher {
    inner: Arc<Inner>,
}

struct Inner {
    clock: ManualClock,
    calls: AtomicUsize,
    script: Mutex<VecDeque<Reply>>,
    fallback: Reply,
    gate: Option<Semaphore>,
}

impl FakeRefresher {
    /// Answers every call with `fallback`.
    pub fn new(clock: &ManualClock, fallback: Reply) -> Self {
        Self::build(clock, fallback, Vec::new(), false)
    }

    /// Answers with `script` first, then with `fallback`.
    pub fn scripted(clock: &ManualClock, script: Vec<Reply>, fallback: Reply) -> Self {
        Self::build(clock, fallback, script, false)
    }

    /// Like `new`, but every call waits until `open_gate` lets it through.
    pub fn gated(clock: &ManualClock, fallback: Reply) -> Self {
        Self::build(clock, fallback, Vec::new(), true)
    }

    /// Like `scripted`, but every call waits until `open_gate` lets it through.
    pub fn gated_scripted(clock: &ManualClock, script: Vec<Reply>, fallback: Reply) -> Self {
        Self::build(clock, fallback, script, true)
    }

    fn build(clock: &ManualClock, fallback: Reply, script: Vec<Reply>, gated: bool) -> Self {
        Self {
            inner: Arc::new(Inner {
                clock: clock.clone(),
                calls: AtomicUsize::new(0),
                script: Mutex::new(script.into()),
                fallback,
                gate: gated.then(|| Semaphore::new(0)),
            }),
        }
    }

    /// How many times the refresher has been called.
    pub fn calls(&self) -> usize {
        self.inner.calls.load(Ordering::SeqCst)
    }

    /// Lets gated calls through.
    pub fn open_gate(&self) {
        if let Some(gate) = &self.inner.gate {
            gate.add_permits(Semaphore::MAX_PERMITS / 2);
        }
    }

    /// The refresher closure to hand to the credential options.
    pub fn refresher(
        &self,
    ) -> impl Fn() -> futures::future::BoxFuture<'static, Result<String, BoxError>> + Send + Sync + 'static
    {
        let this = self.clone();
        move || {
            let this = this.clone();
            Box::pin(async move { this.call().await })
        }
    }

    async fn call(&self) -> Result<String, BoxError> {
        let n = self.inner.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(gate) = &self.inner.gate {
            let _permit = gate.acquire().await.map_err(|e| Box::new(e) as BoxError)?;
        }
        let reply = {
            let mut script = self.inner.script.lock().expect("script lock");
            script
                .pop_front()
                .unwrap_or_else(|| self.inner.fallback.clone())
        };
        let now = self.inner.clock.now();
        match reply {
            Reply::Lifetime(lifetime) => Ok(jwt(now + lifetime, &format!("refresh-{n}"))),
            Reply::ExpiresAt(at) => Ok(jwt(at, &format!("refresh-{n}"))),
            Reply::Fail(message) => Err(message.into()),
            Reply::Garbage => Ok(String::from("not-a-jwt")),
            Reply::Panic => panic!("the fake refresher panics on purpose"),
        }
    }
}
