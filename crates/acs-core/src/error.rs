//! The error type of the acs-rs service clients.

use std::fmt;

/// The result of an acs-rs client call.
///
/// ```
/// fn check(hours: u32) -> acs_core::Result<u32> {
///     if hours == 0 {
///         return Err(acs_core::Error::invalid_input("hours must be positive"));
///     }
///     Ok(hours)
/// }
/// assert!(check(0).is_err());
/// assert_eq!(check(3).ok(), Some(3));
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// A failed client call: what went wrong ([`Error::kind`]) plus what the service said about it.
///
/// Errors never contain an access key, a token or a connection string.
///
/// ```
/// use acs_core::{Error, ErrorKind};
///
/// let error = Error::invalid_input("expires_in must be between 1 and 24 hours");
/// assert!(matches!(error.kind(), ErrorKind::InvalidInput));
/// assert_eq!(error.to_string(), "invalid input: expires_in must be between 1 and 24 hours");
/// ```
pub struct Error {
    inner: Box<Inner>,
}

/// The fields of an [`Error`], boxed to keep `Result`s small.
struct Inner {
    kind: ErrorKind,
    message: String,
    request_id: Option<String>,
    client_request_id: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// What kind of failure an [`Error`] is.
///
/// ```
/// use acs_core::{Error, ErrorKind};
///
/// let kind = ErrorKind::Service {
///     status: 404,
///     code: "NotFound".into(),
///     message: "the thread does not exist".into(),
///     target: None,
/// };
/// let error = Error::new(kind, "getting the thread failed");
/// match error.kind() {
///     ErrorKind::Service { status: 404, code, .. } => assert_eq!(code, "NotFound"),
///     other => panic!("unexpected kind {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The service answered with an error status.
    Service {
        /// The HTTP status code.
        status: u16,
        /// The service's error code (for example `Forbidden`, `ValidationError`); the status
        /// text when the body carried none.
        code: String,
        /// The service's error message.
        message: String,
        /// What the error is about, when the service said (for example a raw id).
        target: Option<String>,
    },
    /// No credential could be obtained (a refresher failed, a static token expired, ...).
    Credential,
    /// The request could not be sent or the response could not be read.
    Transport,
    /// The request (one attempt) took longer than the configured timeout.
    Timeout,
    /// A success response whose body does not match the expected model.
    Decode,
    /// A response the operation does not document: a 2xx other than the documented one whose
    /// body does not fit, or a status that is neither a success nor an error.
    UnexpectedResponse {
        /// The HTTP status code.
        status: u16,
    },
    /// An argument was rejected before anything was sent.
    InvalidInput,
    /// A request that is not safe to repeat (such as sending a message) reached the service,
    /// but its answer could not be read (the connection broke, the body was cut short or
    /// garbled, or it arrived too slowly): **the service may have acted on it**. It was not
    /// retried; reconcile (for example list the messages) before trying again.
    OutcomeUnknown,
    /// A long-running operation (an email send) ended in a terminal status other than success.
    OperationFailed {
        /// The id of the operation.
        operation_id: String,
        /// The terminal status the service reported (`Failed`, `Canceled`, ...).
        status: String,
        /// The service's error code; empty when it gave none.
        code: String,
        /// The service's error message; empty when it gave none.
        message: String,
    },
}

impl Error {
    /// An error of `kind` with `message`.
    ///
    /// ```
    /// use acs_core::{Error, ErrorKind};
    ///
    /// let error = Error::new(ErrorKind::Timeout, "the attempt took longer than 30 s");
    /// assert_eq!(error.kind(), &ErrorKind::Timeout);
    /// assert_eq!(error.status(), None);
    /// ```
    #[must_use]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                request_id: None,
                client_request_id: None,
                source: None,
            }),
        }
    }

    /// An argument rejected before anything was sent.
    ///
    /// ```
    /// let error = acs_core::Error::invalid_input("the topic is empty");
    /// assert_eq!(error.kind(), &acs_core::ErrorKind::InvalidInput);
    /// assert_eq!(error.to_string(), "invalid input: the topic is empty");
    /// ```
    #[must_use]
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, message)
    }

    /// A credential failure caused by `source` (kept as [`source()`](std::error::Error::source)).
    ///
    /// ```
    /// use std::error::Error as _;
    ///
    /// let error = acs_core::Error::credential(acs_auth::Error::NoTokenSource);
    /// assert_eq!(error.kind(), &acs_core::ErrorKind::Credential);
    /// assert!(error.source().unwrap().downcast_ref::<acs_auth::Error>().is_some());
    /// ```
    #[must_use]
    pub fn credential(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::new(ErrorKind::Credential, source.to_string()).with_source(source)
    }

    /// The underlying cause as the boxed error it is stored as, for callers that want to
    /// downcast it (`error.cause().and_then(|e| e.downcast_ref::<MyError>())`).
    ///
    /// ```
    /// use acs_core::{Error, ErrorKind};
    ///
    /// let error = Error::new(ErrorKind::Transport, "sending failed")
    ///     .with_source(std::io::Error::other("connection reset"));
    /// let io = error.cause().and_then(|e| e.downcast_ref::<std::io::Error>());
    /// assert_eq!(io.map(ToString::to_string).as_deref(), Some("connection reset"));
    /// assert!(Error::invalid_input("x").cause().is_none());
    /// ```
    #[must_use]
    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.inner.source.as_deref()
    }

    /// Attaches the underlying cause.
    ///
    /// ```
    /// use std::error::Error as _;
    /// use acs_core::{Error, ErrorKind};
    ///
    /// let error = Error::new(ErrorKind::Decode, "the body is not JSON")
    ///     .with_source(std::io::Error::other("unexpected end of input"));
    /// assert_eq!(error.source().unwrap().to_string(), "unexpected end of input");
    /// ```
    #[must_use]
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// Sets the `x-ms-client-request-id` this client sent, unless one is already known.
    ///
    /// ```
    /// use acs_core::{Error, ErrorKind};
    ///
    /// let error = Error::new(ErrorKind::Timeout, "timed out").with_client_request_id(Some("sent-1".into()));
    /// assert_eq!(error.client_request_id(), Some("sent-1"));
    /// let error = error.with_client_request_id(Some("sent-2".into()));
    /// assert_eq!(error.client_request_id(), Some("sent-1")); // the first one known stays
    /// ```
    #[must_use]
    pub fn with_client_request_id(mut self, client_request_id: Option<String>) -> Self {
        if self.inner.client_request_id.is_none() {
            self.inner.client_request_id = client_request_id;
        }
        self
    }

    /// Attaches the request ids the service returned (`MS-CV` / `x-ms-request-id`, and the
    /// echoed `x-ms-client-request-id`).
    ///
    /// ```
    /// # use acs_core::{Error, ErrorKind};
    /// # let kind = ErrorKind::Service { status: 403, code: "Forbidden".into(), message: "no access".into(), target: None };
    /// let error = Error::new(kind, "the service refused the call")
    ///     .with_request_ids(Some("ms-cv-1".into()), Some("client-1".into()));
    /// assert_eq!(error.request_id(), Some("ms-cv-1"));
    /// assert_eq!(error.client_request_id(), Some("client-1"));
    /// ```
    #[must_use]
    pub fn with_request_ids(
        mut self,
        request_id: Option<String>,
        client_request_id: Option<String>,
    ) -> Self {
        self.inner.request_id = request_id;
        self.inner.client_request_id = client_request_id;
        self
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// # use acs_core::{Error, ErrorKind};
    /// # let kind = ErrorKind::Service { status: 403, code: "Forbidden".into(), message: "no access".into(), target: None };
    /// let error = Error::new(kind, "the service refused the call")
    ///     .with_request_ids(Some("ms-cv-1".into()), Some("client-1".into()));
    /// assert!(matches!(error.kind(), ErrorKind::Service { status: 403, .. }));
    /// ```
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The HTTP status, for service errors and unexpected responses.
    ///
    /// ```
    /// # use acs_core::{Error, ErrorKind};
    /// # let kind = ErrorKind::Service { status: 403, code: "Forbidden".into(), message: "no access".into(), target: None };
    /// let error = Error::new(kind, "the service refused the call")
    ///     .with_request_ids(Some("ms-cv-1".into()), Some("client-1".into()));
    /// assert_eq!(error.status(), Some(403));
    /// let unexpected = Error::new(ErrorKind::UnexpectedResponse { status: 304 }, "not modified");
    /// assert_eq!(unexpected.status(), Some(304));
    /// assert_eq!(Error::invalid_input("x").status(), None);
    /// ```
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::Service { status, .. } | ErrorKind::UnexpectedResponse { status } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The service's error code, for service errors.
    ///
    /// ```
    /// # use acs_core::{Error, ErrorKind};
    /// # let kind = ErrorKind::Service { status: 403, code: "Forbidden".into(), message: "no access".into(), target: None };
    /// let error = Error::new(kind, "the service refused the call")
    ///     .with_request_ids(Some("ms-cv-1".into()), Some("client-1".into()));
    /// assert_eq!(error.code(), Some("Forbidden"));
    /// assert_eq!(Error::new(ErrorKind::Transport, "reset").code(), None);
    /// ```
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Service { code, .. } => Some(code),
            ErrorKind::OperationFailed { code, .. } if !code.is_empty() => Some(code),
            _ => None,
        }
    }

    /// The service's request id (`MS-CV`, or `x-ms-request-id`), when it sent one.
    ///
    /// ```
    /// # use acs_core::{Error, ErrorKind};
    /// # let kind = ErrorKind::Service { status: 403, code: "Forbidden".into(), message: "no access".into(), target: None };
    /// let error = Error::new(kind, "the service refused the call")
    ///     .with_request_ids(Some("ms-cv-1".into()), Some("client-1".into()));
    /// assert_eq!(error.request_id(), Some("ms-cv-1"));
    /// assert_eq!(Error::invalid_input("x").request_id(), None);
    /// ```
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The `x-ms-client-request-id` this client sent with the request (every request carries
    /// one, and asks the service to echo it with `x-ms-return-client-request-id: true`); known
    /// for every error of a call that got as far as preparing its request, whether or not the
    /// service echoed it.
    ///
    /// ```
    /// # use acs_core::{Error, ErrorKind};
    /// # let kind = ErrorKind::Service { status: 403, code: "Forbidden".into(), message: "no access".into(), target: None };
    /// let error = Error::new(kind, "the service refused the call")
    ///     .with_request_ids(Some("ms-cv-1".into()), Some("client-1".into()));
    /// assert_eq!(error.client_request_id(), Some("client-1"));
    /// ```
    #[must_use]
    pub fn client_request_id(&self) -> Option<&str> {
        self.inner.client_request_id.as_deref()
    }

    /// Whether this is a service error with `status`.
    ///
    /// ```
    /// # use acs_core::{Error, ErrorKind};
    /// # let kind = ErrorKind::Service { status: 403, code: "Forbidden".into(), message: "no access".into(), target: None };
    /// let error = Error::new(kind, "the service refused the call")
    ///     .with_request_ids(Some("ms-cv-1".into()), Some("client-1".into()));
    /// assert!(error.is_status(403));
    /// assert!(!error.is_status(404));
    /// ```
    #[must_use]
    pub fn is_status(&self, status: u16) -> bool {
        self.status() == Some(status)
    }
}

impl fmt::Display for Error {
    /// One line: what failed, then the root cause once (the innermost `source()` whose text
    /// the message does not already hold). [`error_chain`](crate::error_chain) shows the
    /// same line without repeating it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = &self.inner.message;
        match &self.inner.kind {
            ErrorKind::Service {
                status,
                code,
                message,
                target,
            } => {
                write!(f, "service error {status} {code}")?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
                if let Some(target) = target {
                    write!(f, " (target {target})")?;
                }
            }
            ErrorKind::Credential => write!(f, "credential unavailable: {message}")?,
            ErrorKind::Transport => write!(f, "transport error: {message}")?,
            ErrorKind::Timeout => write!(f, "request timed out: {message}")?,
            ErrorKind::Decode => write!(f, "unexpected response body: {message}")?,
            ErrorKind::InvalidInput => write!(f, "invalid input: {message}")?,
            ErrorKind::OutcomeUnknown => write!(
                f,
                "outcome unknown (the service may have acted on the request): {message}"
            )?,
            ErrorKind::UnexpectedResponse { status } => {
                write!(f, "unexpected response {status}")?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
            }
            ErrorKind::OperationFailed {
                operation_id,
                status,
                code,
                message,
            } => {
                write!(f, "operation {operation_id} ended {status}")?;
                if !code.is_empty() {
                    write!(f, ": {code}")?;
                }
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
            }
        }
        if let Some(root) = self.root_cause_text()
            && !message.contains(&root)
        {
            write!(f, ": {root}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The text of the innermost cause, when there is a cause and it has text.
    fn root_cause_text(&self) -> Option<String> {
        let mut cause: &(dyn std::error::Error + 'static) = self.inner.source.as_deref()?;
        while let Some(next) = cause.source() {
            cause = next;
        }
        let text = cause.to_string();
        (!text.trim().is_empty()).then_some(text)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message)
            .field("request_id", &self.inner.request_id)
            .field("client_request_id", &self.inner.client_request_id)
            .field("source", &self.inner.source)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

impl From<acs_auth::Error> for Error {
    fn from(error: acs_auth::Error) -> Self {
        Self::credential(error)
    }
}
