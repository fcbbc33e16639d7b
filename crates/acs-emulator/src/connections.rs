//! The open connections: a bounded number of slots, what each connection is doing (requests in
//! progress), and closing the oldest idle one to make room for a new one.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use crate::state::lock;

/// What one connection is doing, shared between its serving task and its requests.
///
/// Requests only count and stamp the time; only the first one wakes the serving task (its
/// timeout changes from the header read timeout to the idle timeout). It sleeps until the
/// connection could have been quiet for its timeout and then looks
/// ([`quiet_since`](Self::quiet_since)).
#[derive(Debug)]
pub(crate) struct Activity {
    /// Requests whose head arrived and whose response body is not yet sent (or dropped).
    in_flight: AtomicUsize,
    /// Requests whose head arrived, ever.
    started: AtomicU64,
    /// When a request last started or ended, in nanoseconds after `opened`.
    last_change: AtomicU64,
    /// When the connection was accepted (Tokio's clock, so paused-time tests see it move).
    opened: Instant,
    /// Woken when the first request starts.
    first_request: Notify,
}

impl Default for Activity {
    fn default() -> Self {
        Self {
            in_flight: AtomicUsize::new(0),
            started: AtomicU64::new(0),
            last_change: AtomicU64::new(0),
            opened: Instant::now(),
            first_request: Notify::new(),
        }
    }
}

impl Activity {
    /// Marks a request as in progress until the guard is dropped.
    pub(crate) fn begin(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let earlier = self.started.fetch_add(1, Ordering::SeqCst);
        self.stamp();
        if earlier == 0 {
            self.first_request.notify_one();
        }
        InFlight(self.clone())
    }

    /// Resolves once the first request has started (at once if it has).
    pub(crate) async fn first_request(&self) {
        if !self.has_started() {
            self.first_request.notified().await;
        }
    }

    /// Records that a request started or ended now.
    fn stamp(&self) {
        let since = u64::try_from(self.opened.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.last_change.store(since, Ordering::SeqCst);
    }

    /// Since when no request has been in progress; `None` while one is.
    pub(crate) fn quiet_since(&self) -> Option<Instant> {
        // Counter first: a request ending between the two reads has stamped the time already.
        if !self.is_idle() {
            return None;
        }
        let since = Duration::from_nanos(self.last_change.load(Ordering::SeqCst));
        Some(self.opened.checked_add(since).unwrap_or(self.opened))
    }

    /// Whether no request is in progress.
    pub(crate) fn is_idle(&self) -> bool {
        self.in_flight.load(Ordering::SeqCst) == 0
    }

    /// Whether a request head ever arrived on this connection.
    pub(crate) fn has_started(&self) -> bool {
        self.started.load(Ordering::SeqCst) > 0
    }
}

/// A request in progress; dropping it ends it.
#[derive(Debug)]
pub(crate) struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.0.stamp();
    }
}

#[derive(Debug)]
struct Live {
    activity: Arc<Activity>,
    abort: AbortHandle,
}

/// The open connections of one server.
#[derive(Debug)]
pub(crate) struct Connections {
    slots: Arc<Semaphore>,
    max: u32,
    next_id: AtomicU64,
    live: Mutex<BTreeMap<u64, Live>>,
}

impl Connections {
    pub(crate) fn new(max: usize) -> Arc<Self> {
        let max = u32::try_from(max.max(1)).unwrap_or(u32::MAX >> 3);
        Arc::new(Self {
            slots: Arc::new(Semaphore::new(max as usize)),
            max,
            next_id: AtomicU64::new(0),
            live: Mutex::new(BTreeMap::new()),
        })
    }

    /// A free slot, if there is one.
    pub(crate) fn try_slot(&self) -> Option<OwnedSemaphorePermit> {
        self.slots.clone().try_acquire_owned().ok()
    }

    /// Waits for a slot.
    pub(crate) async fn slot(&self) -> Option<OwnedSemaphorePermit> {
        self.slots.clone().acquire_owned().await.ok()
    }

    /// Closes the oldest connection without a request in progress; false when there is none.
    pub(crate) fn evict_oldest_idle(&self) -> bool {
        let evicted = {
            let mut live = lock(&self.live);
            let id = live
                .iter()
                .find(|(_, connection)| connection.activity.is_idle())
                .map(|(id, _)| *id);
            id.and_then(|id| live.remove(&id))
        };
        match evicted {
            Some(connection) => {
                connection.abort.abort();
                true
            }
            None => false,
        }
    }

    /// Runs `serve` for a new connection holding `slot`, as a task the server can close.
    pub(crate) fn spawn<F>(
        self: &Arc<Self>,
        slot: OwnedSemaphorePermit,
        serve: impl FnOnce(Arc<Activity>) -> F,
    ) where
        F: Future<Output = ()> + Send + 'static,
    {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let activity = Arc::new(Activity::default());
        let registration = Registration {
            id,
            connections: self.clone(),
        };
        let future = serve(activity.clone());
        // The lock is held across the spawn so that the task cannot deregister before it is
        // registered; spawning does not wait for the task.
        let mut live = lock(&self.live);
        let task = tokio::spawn(async move {
            let _slot = slot;
            let _registration = registration;
            future.await;
        });
        live.insert(
            id,
            Live {
                activity,
                abort: task.abort_handle(),
            },
        );
    }

    /// Waits until every connection closed; false when `within` passed first.
    pub(crate) async fn all_closed(&self, within: std::time::Duration) -> bool {
        tokio::time::timeout(within, self.slots.acquire_many(self.max))
            .await
            .is_ok()
    }

    /// Closes every connection still open.
    pub(crate) fn abort_all(&self) {
        let live = std::mem::take(&mut *lock(&self.live));
        for connection in live.into_values() {
            connection.abort.abort();
        }
    }
}

/// Removes a connection from the registry when its task ends.
struct Registration {
    id: u64,
    connections: Arc<Connections>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        lock(&self.connections.live).remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_oldest_idle_connection_is_evicted() {
        let connections = Connections::new(2);
        let (busy_tx, busy_rx) = tokio::sync::oneshot::channel::<InFlight>();
        let slot = connections.try_slot().unwrap_or_else(|| panic!("slot"));
        connections.spawn(slot, |activity| async move {
            let _ = busy_tx.send(activity.begin());
            std::future::pending::<()>().await;
        });
        let in_flight = busy_rx.await.unwrap_or_else(|_| panic!("in flight"));
        let slot = connections.try_slot().unwrap_or_else(|| panic!("slot"));
        connections.spawn(slot, |_| std::future::pending::<()>());
        assert!(connections.try_slot().is_none(), "both slots taken");
        // The first connection has a request in progress: only the second one can go.
        assert!(connections.evict_oldest_idle());
        assert!(connections.slot().await.is_some(), "its slot came back");
        assert!(!connections.evict_oldest_idle(), "no idle connection left");
        drop(in_flight);
        assert!(connections.evict_oldest_idle(), "now idle");
    }
}
