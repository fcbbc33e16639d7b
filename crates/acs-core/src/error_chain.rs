//! An error and its causes on one line, for logs and command-line messages.

/// Renders `error` followed by each of its sources, separated by `: `.
///
/// [`Error`](crate::Error)'s `Display` leaves the cause to `source()`; this puts the whole
/// story on one line where a program has only one line to show (a log field, a CLI message).
///
/// ```
/// use acs_core::{Error, ErrorKind, error_chain};
///
/// let io = std::io::Error::other("connection reset");
/// let error = Error::new(ErrorKind::Transport, "send failed").with_source(io);
/// assert_eq!(error_chain(&error), "transport error: send failed: connection reset");
/// ```
#[must_use]
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
