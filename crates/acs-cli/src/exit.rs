//! Exit codes, and the failure a command ends with.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | anything else: the emulator cannot start, output cannot be written |
//! | 2 | usage: unknown command or option, a missing argument, a value of the wrong syntax (clap) |
//! | 3 | invalid input caught before anything is sent: a bad raw id, a lifetime out of range, an empty topic |
//! | 4 | connection settings or credentials, caught locally: no or a malformed connection string, endpoint or token, an expired token |
//! | 5 | the service answered with an error (including 401/403) or an unreadable response |
//! | 6 | transport: the service could not be reached, or did not answer in time |

use std::fmt::Write as _;

use acs_core::ErrorKind;

/// Success.
pub(crate) const OK: u8 = 0;
/// Anything not covered by another code.
pub(crate) const OTHER: u8 = 1;
/// A usage error (clap's code; also a `--query` that is not JMESPath or fails).
pub(crate) const USAGE: u8 = 2;
/// Invalid input caught locally, before anything is sent.
pub(crate) const INVALID_INPUT: u8 = 3;
/// Missing or unusable connection settings or credentials.
pub(crate) const CREDENTIAL: u8 = 4;
/// An error answer of the service.
pub(crate) const SERVICE: u8 = 5;
/// The service could not be reached or did not answer in time.
pub(crate) const TRANSPORT: u8 = 6;

/// How a command failed: the exit code, and the message for stderr (none for a quiet exit,
/// e.g. when the reader of stdout went away).
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: Option<String>,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: Some(message.into()),
        }
    }

    /// Exit 3: an argument is not acceptable.
    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(INVALID_INPUT, message)
    }

    /// Exit 4: the connection settings or credentials are missing or unusable.
    pub(crate) fn credential(message: impl Into<String>) -> Self {
        Self::new(CREDENTIAL, message)
    }

    /// Exit 2: a usage error found after parsing (a bad `--query`).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(USAGE, message)
    }

    /// A result could not be printed: a failed `--query` (exit 2) or a failed write.
    pub(crate) fn print(error: crate::output::PrintError) -> Self {
        match error {
            crate::output::PrintError::Query(message) => Self::usage(message),
            crate::output::PrintError::Io(error) => Self::output(&error),
        }
    }

    /// Exit 5: some items of a list could not be read; each was reported as a warning, the
    /// rest were printed.
    pub(crate) fn unreadable_items(count: usize) -> Self {
        Self::new(
            SERVICE,
            format!("{count} item(s) of the list could not be read (see the warnings above)"),
        )
    }

    /// Exit 1.
    pub(crate) fn other(message: impl Into<String>) -> Self {
        Self::new(OTHER, message)
    }

    /// Writing to stdout failed: quietly stop (exit 0) when the reader went away (`acs … |
    /// head`), exit 1 otherwise.
    pub(crate) fn output(error: &std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            Self {
                code: OK,
                message: None,
            }
        } else {
            Self::other(format!("cannot write the output: {error}"))
        }
    }
}

impl From<acs_core::Error> for Failure {
    fn from(error: acs_core::Error) -> Self {
        let code = match error.kind() {
            ErrorKind::Credential => CREDENTIAL,
            ErrorKind::Service { .. }
            | ErrorKind::Decode
            | ErrorKind::UnexpectedResponse { .. }
            | ErrorKind::OperationFailed { .. } => SERVICE,
            ErrorKind::InvalidInput => INVALID_INPUT,
            ErrorKind::Transport | ErrorKind::Timeout => TRANSPORT,
            _ => OTHER,
        };
        let message = describe(&error);
        let message = if code == INVALID_INPUT {
            flag_names(&message)
        } else {
            message
        };
        Self::new(code, message)
    }
}

/// The SDK's names of options, as the CLI flags that set them.
const FLAG_NAMES: &[(&str, &str)] = &[
    ("expires_in", "--expires-in"),
    ("api_version", "--api-version"),
    ("api-version", "--api-version"),
    ("max_page_size", "--max-page-size"),
    ("the idempotency token", "--idempotency-token"),
    ("the topic", "--topic"),
    (
        "thread metadata, retention policies and participant metadata need",
        "--metadata and --retention-days need",
    ),
];

/// An invalid-input message of the SDK in the CLI's words: the flags, not the Rust fields.
fn flag_names(message: &str) -> String {
    FLAG_NAMES
        .iter()
        .fold(message.to_owned(), |text, (field, flag)| {
            if text.contains(flag) {
                text
            } else {
                text.replace(field, flag)
            }
        })
}

/// The message of a client error: `<code>: <message> (status N, request id …)` for a service
/// error, otherwise the error and its causes on one line. The SDK's errors never contain a
/// key or a token.
pub(crate) fn describe(error: &acs_core::Error) -> String {
    let mut text = match error.kind() {
        ErrorKind::Service {
            status,
            code,
            message,
            target,
        } => {
            let mut text = if message.is_empty() {
                code.clone()
            } else {
                format!("{code}: {message}")
            };
            if let Some(target) = target {
                let _ = write!(text, " [target {target}]");
            }
            let _ = write!(text, " (status {status}");
            if let Some(id) = error.request_id() {
                let _ = write!(text, ", request id {id}");
            }
            if let Some(id) = error.client_request_id() {
                let _ = write!(text, ", client request id {id}");
            }
            text.push(')');
            return text;
        }
        _ => error.to_string(),
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    if let Some(id) = error.client_request_id() {
        let _ = write!(text, " (client request id {id})");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16) -> acs_core::Error {
        acs_core::Error::new(
            ErrorKind::Service {
                status,
                code: "NotFound".into(),
                message: "The thread was not found.".into(),
                target: None,
            },
            "",
        )
        .with_request_ids(Some("cv.0".into()), Some("client-1".into()))
    }

    #[test]
    fn service_errors_name_code_status_and_request_ids() {
        let failure = Failure::from(service(404));
        assert_eq!(failure.code, SERVICE);
        assert_eq!(
            failure.message.as_deref(),
            Some(
                "NotFound: The thread was not found. (status 404, request id cv.0, client request id client-1)"
            )
        );
    }

    #[test]
    fn codes_by_kind() {
        let code = |kind| Failure::from(acs_core::Error::new(kind, "m")).code;
        assert_eq!(Failure::from(service(401)).code, SERVICE);
        assert_eq!(Failure::from(service(503)).code, SERVICE);
        assert_eq!(code(ErrorKind::Credential), CREDENTIAL);
        assert_eq!(code(ErrorKind::InvalidInput), INVALID_INPUT);
        assert_eq!(code(ErrorKind::Transport), TRANSPORT);
        assert_eq!(code(ErrorKind::Timeout), TRANSPORT);
        assert_eq!(code(ErrorKind::Decode), SERVICE);
    }

    #[test]
    fn invalid_input_names_the_flags() {
        let error = acs_core::Error::new(
            ErrorKind::InvalidInput,
            "expires_in must be between 1 hour and 24 hours (60 to 1440 minutes), got 30",
        );
        let failure = Failure::from(error);
        assert_eq!(failure.code, INVALID_INPUT);
        let message = failure.message.unwrap_or_default();
        assert!(message.contains("--expires-in must be"), "{message}");
        assert!(!message.contains("expires_in"), "{message}");
    }

    #[test]
    fn causes_are_appended_once() {
        let error = acs_core::Error::credential(acs_auth::Error::TokenExpired {
            expires_on: chrono::DateTime::UNIX_EPOCH,
        });
        let text = describe(&error);
        assert_eq!(text.matches("expired").count(), 1, "{text}");
    }

    #[test]
    fn a_closed_pipe_is_a_quiet_success() {
        let failure = Failure::output(&std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!((failure.code, failure.message), (OK, None));
        assert_eq!(
            Failure::output(&std::io::Error::other("disk full")).code,
            OTHER
        );
    }
}
