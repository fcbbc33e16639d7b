//! An error and its causes on one line, for logs and command-line messages.

/// Renders `error` followed by each of its sources, separated by `: `, leaving out a source
/// whose text is already on the line (so each cause appears once).
///
/// This puts the whole story on one line where a program has only one line to show (a log
/// field, a CLI message). [`Error`](crate::Error)'s own `Display` already ends with its root
/// cause, which is therefore not repeated.
///
/// ```
/// use acs_core::{Error, ErrorKind, error_chain};
///
/// let io = std::io::Error::other("connection reset");
/// let error = Error::new(ErrorKind::Transport, "send failed").with_source(io);
/// assert_eq!(error_chain(&error), "transport error: send failed: connection reset");
/// ```
#[must_use]
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    // An acs-rs `Error` already ends with its root cause: the causes between say nothing more.
    let mut source = if error.is::<crate::Error>() {
        None
    } else {
        error.source()
    };
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !cause_text.trim().is_empty() && !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        if cause.is::<crate::Error>() {
            break;
        }
        source = cause.source();
    }
    text
}
