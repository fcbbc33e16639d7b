//! The tracing span of one SDK method call.

/// The span of one call of an SDK method named `$name` (for example `"send_message"`), with
/// the fields the pipeline fills in (OpenTelemetry HTTP names where they exist):
///
/// | field | value |
/// |---|---|
/// | `http.request.method` | `GET`, `POST`, ... |
/// | `server.address` | the host of the request |
/// | `url.path` | the path (ids, never the query or a credential) |
/// | `http.response.status_code` | the status of the last answer |
/// | `az.client_request_id` | the `x-ms-client-request-id` sent |
/// | `az.service_request_id` | the service's `MS-CV` (or `x-ms-request-id`) |
/// | `attempt` | the number of the last attempt (1 for the first) |
/// | `duration_ms` | from the start of the call to the last answer, on the pipeline's clock |
///
/// No field ever holds a key, a token or a connection string. Pass the span to
/// [`Pipeline::for_call`](crate::Pipeline::for_call).
///
/// ```
/// let span = acs_core::method_span!("send_message");
/// # let _ = span;
/// ```
#[macro_export]
macro_rules! method_span {
    ($name:literal) => {
        $crate::__private::tracing::info_span!(
            $name,
            http.request.method = $crate::__private::tracing::field::Empty,
            server.address = $crate::__private::tracing::field::Empty,
            url.path = $crate::__private::tracing::field::Empty,
            http.response.status_code = $crate::__private::tracing::field::Empty,
            az.client_request_id = $crate::__private::tracing::field::Empty,
            az.service_request_id = $crate::__private::tracing::field::Empty,
            attempt = $crate::__private::tracing::field::Empty,
            duration_ms = $crate::__private::tracing::field::Empty,
        )
    };
}
