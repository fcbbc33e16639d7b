//! `POST /emulator/api/reset`: forgets every identity, assignment, thread, email and ARM resource, in memory
//! and in the store. The resource id, access key and token secret stay (so do connection
//! strings), but every issued token names an identity that no longer exists. The event
//! delivery history is cleared too; event subscriptions stay.

use http::StatusCode;

use super::PersistError;
use crate::api_error::ApiError;
use crate::request::Reply;
use crate::state::State;

/// Clears the state; the server answers once the store is cleared too (`204`).
///
/// Modules with state of their own add their `clear()` here.
pub(crate) fn reset(state: &State) -> Reply {
    state.identities.clear();
    state.threads.clear();
    state.mailbox.clear();
    state.requests.clear();
    state.events.clear_deliveries();
    state.arm.clear();
    Reply::empty(StatusCode::NO_CONTENT)
}

/// The answer to a request whose changes could not be saved.
pub(crate) fn unsaved(error: &PersistError) -> Reply {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalServerError",
        format!(
            "The emulator could not save the change: {}",
            acs_core::error_chain(error)
        ),
    )
    .into()
}
