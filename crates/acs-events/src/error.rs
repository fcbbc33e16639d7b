//! The error type of acs-events.

use std::fmt;

/// The result of an acs-events call.
///
/// ```
/// fn first_id(body: &[u8]) -> acs_events::Result<Option<String>> {
///     Ok(acs_events::parse_delivery(body)?.events().next().map(|event| event.id.clone()))
/// }
/// assert!(first_id(b"not json").is_err());
/// assert_eq!(first_id(b"[]").unwrap(), None);
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// A delivery or event that could not be read, or a request that was refused: what went wrong
/// ([`Error::kind`]) and a message naming the event and the field.
///
/// Errors never contain the webhook's secret.
///
/// ```
/// use acs_events::{ErrorKind, parse_delivery};
///
/// let error = parse_delivery(b"{oops").unwrap_err();
/// assert_eq!(error.kind(), &ErrorKind::InvalidBody);
/// assert!(error.to_string().starts_with("the delivery is not JSON"));
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// What kind of failure an [`Error`] is.
///
/// ```
/// use acs_events::{ErrorKind, parse_delivery};
///
/// let delivery = parse_delivery(br#"[{"id": "1"}]"#)?;
/// let error = delivery.errors().next().unwrap();
/// assert!(matches!(error.kind(), ErrorKind::InvalidEvent { index: 0 }));
/// # Ok::<(), acs_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The body is not JSON, or neither an event nor an array of events.
    InvalidBody,
    /// One event of the delivery is not a valid Event Grid or CloudEvents event (a missing or
    /// mistyped envelope field).
    InvalidEvent {
        /// The position of the event in the delivery (0 for a single CloudEvent).
        index: usize,
    },
    /// The `data` of an event does not fit its event type.
    InvalidData {
        /// The event type.
        event_type: String,
    },
    /// The delivery did not carry the expected secret (in the query string or the
    /// `Authorization` header).
    Unauthorized,
    /// The delivery is in another schema than the webhook accepts.
    UnexpectedSchema,
}

impl Error {
    /// An error of `kind` with `message`.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                source: None,
            }),
        }
    }

    /// The same error, caused by `source`.
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// use acs_events::{ErrorKind, parse_delivery};
    ///
    /// assert_eq!(parse_delivery(b"42").unwrap_err().kind(), &ErrorKind::InvalidBody);
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message)
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
