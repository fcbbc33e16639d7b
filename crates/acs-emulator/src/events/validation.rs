//! Where a subscription's handshake stands, shared by its worker and the hub (which validates
//! it manually when its `validationUrl` is fetched). Validated is final: a failed handshake
//! attempt that ends after a manual validation does not undo it.

use tokio::sync::watch;

/// The handshake's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Validation {
    Pending,
    /// Not yet: the last attempt failed, another will follow.
    Retrying(String),
    Validated,
    Failed(String),
}

/// The state, watched by a worker waiting to retry its handshake.
#[derive(Debug)]
pub(super) struct ValidationCell {
    state: watch::Sender<Validation>,
}

impl ValidationCell {
    pub(super) fn new(validated: bool) -> Self {
        Self {
            state: watch::Sender::new(if validated {
                Validation::Validated
            } else {
                Validation::Pending
            }),
        }
    }

    pub(super) fn get(&self) -> Validation {
        self.state.borrow().clone()
    }

    pub(super) fn is_validated(&self) -> bool {
        *self.state.borrow() == Validation::Validated
    }

    /// Marks it validated; whether it was not yet (so the caller saves the new state).
    pub(super) fn validate(&self) -> bool {
        self.state.send_if_modified(|state| {
            let new = *state != Validation::Validated;
            *state = Validation::Validated;
            new
        })
    }

    /// Records a failed attempt (`Retrying` or `Failed`) unless it was validated meanwhile;
    /// whether it was recorded.
    pub(super) fn fail(&self, failed: Validation) -> bool {
        self.state.send_if_modified(|state| {
            if *state == Validation::Validated {
                return false;
            }
            *state = failed;
            true
        })
    }

    /// Waits until it is validated (manually): the worker races this with its retry backoff.
    pub(super) async fn validated(&self) {
        // The sender is `self`, alive while this waits: `wait_for` cannot fail.
        let _ = self
            .state
            .subscribe()
            .wait_for(|state| *state == Validation::Validated)
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_after_a_manual_validation_does_not_undo_it() {
        let cell = ValidationCell::new(false);
        assert!(cell.fail(Validation::Retrying("refused".into())));
        assert!(cell.validate());
        assert!(!cell.validate());
        assert!(!cell.fail(Validation::Retrying("late answer".into())));
        assert!(!cell.fail(Validation::Failed("gave up".into())));
        assert_eq!(cell.get(), Validation::Validated);
    }

    #[tokio::test]
    async fn a_waiting_worker_wakes_on_a_manual_validation() {
        let cell = std::sync::Arc::new(ValidationCell::new(false));
        let waiter = tokio::spawn({
            let cell = cell.clone();
            async move { cell.validated().await }
        });
        assert!(cell.validate());
        waiter.await.expect("the waiter ends");
        // Already validated: no wait at all.
        cell.validated().await;
    }
}
