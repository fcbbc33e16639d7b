//! Helpers shared by the resource clients: resource paths and the start of long-running
//! operations.

use std::sync::Arc;

use acs_core::{Response, Result};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::client::ManagementClient;
use crate::poller::{Finish, OperationPoller, Started};

/// The path of a resource: `/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Communication/`
/// followed by `segments` (type, name, type, name ...), each segment percent-encoded.
pub(crate) fn resource_path(client: &ManagementClient, group: &str, segments: &[&str]) -> String {
    let mut path = format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Communication",
        client.inner.subscription_id,
        acs_core::encode_path_segment(group)
    );
    for segment in segments {
        path.push('/');
        path.push_str(&acs_core::encode_path_segment(segment));
    }
    path
}

/// A [`Finish`] that decodes a JSON body as `W` and converts it.
pub(crate) fn finish_json<W, T>(operation: &'static str, convert: fn(W) -> T) -> Finish<T>
where
    W: DeserializeOwned + 'static,
    T: 'static,
{
    Arc::new(move |body, status, headers| {
        acs_core::from_slice::<W>(body)
            .map(convert)
            .map_err(|error| acs_core::decode_error(operation, "", status, headers, error, true))
    })
}

/// A [`Finish`] for operations without a result.
pub(crate) fn finish_unit() -> Finish<()> {
    Arc::new(|_, _, _| Ok(()))
}

/// The status of a response as a [`StatusCode`].
pub(crate) fn status_of<T>(response: &Response<T>) -> StatusCode {
    StatusCode::from_u16(response.status()).unwrap_or(StatusCode::OK)
}

/// Starts the poller of a creation or update whose first response is `response` (a resource
/// with a provisioning state), reading the final resource from `path`.
#[allow(clippy::too_many_arguments, reason = "one internal constructor")]
pub(crate) fn start_resource<W, T>(
    client: &ManagementClient,
    call: acs_core::CallOptions,
    operation: &'static str,
    response: Response<W>,
    provisioning_state: fn(&W) -> Option<String>,
    convert: fn(W) -> T,
    path: &str,
) -> Result<OperationPoller<T>>
where
    W: DeserializeOwned + 'static,
    T: Send + 'static,
{
    let status = status_of(&response);
    let headers = response.headers().clone();
    let wire = response.into_inner();
    let state = provisioning_state(&wire);
    OperationPoller::start(
        client.clone(),
        call,
        Started {
            operation,
            status,
            headers,
            immediate: Some(convert(wire)),
            provisioning_state: state,
            resource: Some(client.resource_url(path)?),
            finish: finish_json(operation, convert),
        },
    )
}

/// Starts the poller of a deletion or an action without a result.
pub(crate) fn start_unit(
    client: &ManagementClient,
    call: acs_core::CallOptions,
    operation: &'static str,
    response: &Response<()>,
) -> Result<OperationPoller<()>> {
    OperationPoller::start(
        client.clone(),
        call,
        Started {
            operation,
            status: status_of(response),
            headers: response.headers().clone(),
            immediate: Some(()),
            provisioning_state: None,
            resource: None,
            finish: finish_unit(),
        },
    )
}
