//! The email message ([`EmailMessage`], built and validated by [`EmailMessageBuilder`]) and the
//! status of a send operation ([`EmailSendResult`]).

use std::collections::BTreeMap;
use std::fmt;

use acs_core::{Error, Result};

use crate::validate;

/// The most recipients (To, Cc and Bcc together) of one message.
///
/// ```
/// assert_eq!(acs_email::MAX_RECIPIENTS, 50);
/// ```
pub const MAX_RECIPIENTS: usize = 50;

/// The largest request the service accepts, attachments (base64) included: 10 MB.
///
/// ```
/// assert_eq!(acs_email::MAX_REQUEST_BYTES, 10 * 1024 * 1024);
/// ```
pub const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;

/// An email address with an optional display name.
///
/// ```
/// use acs_email::models::EmailAddress;
///
/// let alice = EmailAddress::new("alice@example.com").with_display_name("Alice");
/// assert_eq!(alice.address(), "alice@example.com");
/// assert_eq!(alice.display_name(), Some("Alice"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress {
    address: String,
    display_name: Option<String>,
}

impl EmailAddress {
    /// The address `address` without a display name (validated when the message is built).
    ///
    /// ```
    /// let bob = acs_email::models::EmailAddress::new("bob@example.com");
    /// assert_eq!(bob.display_name(), None);
    /// ```
    #[must_use]
    pub fn new(address: impl Into<String>) -> Self {
        Self {
            address: address.into(),
            display_name: None,
        }
    }

    /// The same address shown as `display_name`.
    ///
    /// ```
    /// let bob = acs_email::models::EmailAddress::new("bob@example.com").with_display_name("Bob");
    /// assert_eq!(bob.display_name(), Some("Bob"));
    /// ```
    #[must_use]
    pub fn with_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.display_name = Some(display_name.into());
        self
    }

    /// The address.
    ///
    /// ```
    /// assert_eq!(acs_email::models::EmailAddress::new("a@b.example").address(), "a@b.example");
    /// ```
    #[must_use]
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The display name, if any.
    ///
    /// ```
    /// assert_eq!(acs_email::models::EmailAddress::new("a@b.example").display_name(), None);
    /// ```
    #[must_use]
    pub fn display_name(&self) -> Option<&str> {
        self.display_name.as_deref()
    }
}

/// A file attached to a message; an *inline* attachment also has a content id, which the HTML
/// body references as `cid:<content id>`.
///
/// ```
/// use acs_email::models::EmailAttachment;
///
/// let report = EmailAttachment::new("report.txt", "text/plain", b"hello".to_vec());
/// assert_eq!(report.content(), b"hello");
/// let logo = EmailAttachment::inline("logo.png", "image/png", "logo", vec![0x89, b'P']);
/// assert_eq!(logo.content_id(), Some("logo"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct EmailAttachment {
    name: String,
    content_type: String,
    content: Vec<u8>,
    content_id: Option<String>,
}

impl EmailAttachment {
    /// An attachment named `name` of MIME type `content_type` holding `content` (sent base64).
    ///
    /// ```
    /// let a = acs_email::models::EmailAttachment::new("a.csv", "text/csv", "x,y\n");
    /// assert_eq!(a.name(), "a.csv");
    /// ```
    #[must_use]
    pub fn new(
        name: impl Into<String>,
        content_type: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            name: name.into(),
            content_type: content_type.into(),
            content: content.into(),
            content_id: None,
        }
    }

    /// An inline attachment: as [`new`](Self::new), referenced from the HTML as
    /// `cid:<content_id>` (api-version 2025-09-01).
    ///
    /// ```
    /// let logo = acs_email::models::EmailAttachment::inline("logo.png", "image/png", "logo", vec![1]);
    /// assert_eq!(logo.content_type(), "image/png");
    /// ```
    #[must_use]
    pub fn inline(
        name: impl Into<String>,
        content_type: impl Into<String>,
        content_id: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            content_id: Some(content_id.into()),
            ..Self::new(name, content_type, content)
        }
    }

    /// The file name.
    ///
    /// ```
    /// assert_eq!(acs_email::models::EmailAttachment::new("a", "text/plain", "").name(), "a");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The MIME type.
    ///
    /// ```
    /// let a = acs_email::models::EmailAttachment::new("a", "text/plain", "");
    /// assert_eq!(a.content_type(), "text/plain");
    /// ```
    #[must_use]
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The bytes.
    ///
    /// ```
    /// assert_eq!(acs_email::models::EmailAttachment::new("a", "text/plain", "x").content(), b"x");
    /// ```
    #[must_use]
    pub fn content(&self) -> &[u8] {
        &self.content
    }

    /// The content id of an inline attachment.
    ///
    /// ```
    /// assert_eq!(acs_email::models::EmailAttachment::new("a", "text/plain", "").content_id(), None);
    /// ```
    #[must_use]
    pub fn content_id(&self) -> Option<&str> {
        self.content_id.as_deref()
    }
}

impl fmt::Debug for EmailAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailAttachment")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("bytes", &self.content.len())
            .field("content_id", &self.content_id)
            .finish()
    }
}

/// A validated email message, ready to send. Build one with [`EmailMessage::builder`].
///
/// ```
/// use acs_email::EmailMessage;
///
/// let message = EmailMessage::builder()
///     .sender("DoNotReply@contoso.azurecomm.net")
///     .to("alice@example.com", Some("Alice"))
///     .subject("Hello")
///     .text("Hi Alice")
///     .build()?;
/// assert_eq!(message.subject(), "Hello");
/// assert_eq!(message.to().len(), 1);
/// # Ok::<(), acs_email::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailMessage {
    pub(crate) sender: String,
    pub(crate) subject: String,
    pub(crate) text: Option<String>,
    pub(crate) html: Option<String>,
    pub(crate) to: Vec<EmailAddress>,
    pub(crate) cc: Vec<EmailAddress>,
    pub(crate) bcc: Vec<EmailAddress>,
    pub(crate) reply_to: Vec<EmailAddress>,
    pub(crate) headers: BTreeMap<String, String>,
    pub(crate) attachments: Vec<EmailAttachment>,
    pub(crate) user_engagement_tracking_disabled: Option<bool>,
}

impl EmailMessage {
    /// Starts building a message.
    ///
    /// ```
    /// let builder = acs_email::EmailMessage::builder();
    /// assert!(builder.build().is_err(), "a message needs a sender, a subject, a body and a recipient");
    /// ```
    pub fn builder() -> EmailMessageBuilder {
        EmailMessageBuilder::default()
    }

    /// The sender address.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.sender(), "s@d.example");
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn sender(&self) -> &str {
        &self.sender
    }

    /// The subject.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.subject(), "s");
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The plain-text body, if any.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.text(), Some("t"));
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The HTML body, if any.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.html(), None);
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn html(&self) -> Option<&str> {
        self.html.as_deref()
    }

    /// The To recipients.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.to()[0].address(), "a@b.example");
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn to(&self) -> &[EmailAddress] {
        &self.to
    }

    /// The Cc recipients.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").cc("a@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.cc().len(), 1);
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn cc(&self) -> &[EmailAddress] {
        &self.cc
    }

    /// The Bcc recipients.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").bcc("a@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.bcc().len(), 1);
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn bcc(&self) -> &[EmailAddress] {
        &self.bcc
    }

    /// The reply-to addresses.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).reply_to("r@b.example", None).subject("s").text("t").build()?;
    /// assert_eq!(m.reply_to()[0].address(), "r@b.example");
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn reply_to(&self) -> &[EmailAddress] {
        &self.reply_to
    }

    /// The custom headers, by name.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).header("X-Tag", "1").subject("s").text("t").build()?;
    /// assert_eq!(m.headers()["X-Tag"], "1");
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn headers(&self) -> &BTreeMap<String, String> {
        &self.headers
    }

    /// The attachments, inline ones included.
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).subject("s").text("t").build()?;
    /// assert!(m.attachments().is_empty());
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn attachments(&self) -> &[EmailAttachment] {
        &self.attachments
    }

    /// Whether open and click tracking is turned off for this message (`None`: the resource's
    /// setting applies).
    ///
    /// ```
    /// # let m = acs_email::EmailMessage::builder().sender("s@d.example").to("a@b.example", None).subject("s").text("t").user_engagement_tracking_disabled(true).build()?;
    /// assert_eq!(m.user_engagement_tracking_disabled(), Some(true));
    /// # Ok::<(), acs_email::Error>(())
    /// ```
    #[must_use]
    pub fn user_engagement_tracking_disabled(&self) -> Option<bool> {
        self.user_engagement_tracking_disabled
    }
}

/// Builds an [`EmailMessage`]; [`build`](Self::build) checks everything the service would
/// reject, so a bad message fails before any request.
///
/// ```
/// use acs_email::EmailMessage;
/// use acs_email::models::EmailAttachment;
///
/// let message = EmailMessage::builder()
///     .sender("DoNotReply@contoso.azurecomm.net")
///     .to("alice@example.com", Some("Alice"))
///     .cc("bob@example.com", None)
///     .bcc("audit@example.com", None)
///     .reply_to("support@contoso.com", Some("Support"))
///     .subject("Invoice")
///     .text("Your invoice is attached.")
///     .html("<p>Your invoice is attached.</p><img src=\"cid:logo\">")
///     .header("X-Invoice", "42")
///     .attachment(EmailAttachment::new("invoice.txt", "text/plain", "total: 42"))
///     .attachment(EmailAttachment::inline("logo.png", "image/png", "logo", vec![0x89, b'P']))
///     .user_engagement_tracking_disabled(true)
///     .build()?;
/// assert_eq!(message.attachments().len(), 2);
///
/// let error = EmailMessage::builder()
///     .sender("DoNotReply@contoso.azurecomm.net")
///     .to("not an address", None)
///     .subject("Hi")
///     .text("Hi")
///     .build()
///     .unwrap_err();
/// assert!(error.to_string().contains("`not an address`"));
/// # Ok::<(), acs_email::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct EmailMessageBuilder {
    sender: Option<String>,
    subject: Option<String>,
    text: Option<String>,
    html: Option<String>,
    to: Vec<EmailAddress>,
    cc: Vec<EmailAddress>,
    bcc: Vec<EmailAddress>,
    reply_to: Vec<EmailAddress>,
    headers: Vec<(String, String)>,
    attachments: Vec<EmailAttachment>,
    user_engagement_tracking_disabled: Option<bool>,
}

fn address(address: impl Into<String>, display_name: Option<&str>) -> EmailAddress {
    let address = EmailAddress::new(address);
    match display_name {
        Some(name) => address.with_display_name(name),
        None => address,
    }
}

impl EmailMessageBuilder {
    /// The sender: an address of a domain connected to the resource (required).
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().sender("DoNotReply@contoso.azurecomm.net");
    /// # let _ = b;
    /// ```
    pub fn sender(mut self, address: impl Into<String>) -> Self {
        self.sender = Some(address.into());
        self
    }

    /// The subject line (required).
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().subject("Hello");
    /// # let _ = b;
    /// ```
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The plain-text body (this and/or [`html`](Self::html) is required).
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().text("Hello");
    /// # let _ = b;
    /// ```
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// The HTML body (this and/or [`text`](Self::text) is required).
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().html("<b>Hello</b>");
    /// # let _ = b;
    /// ```
    pub fn html(mut self, html: impl Into<String>) -> Self {
        self.html = Some(html.into());
        self
    }

    /// Adds a To recipient.
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().to("alice@example.com", Some("Alice"));
    /// # let _ = b;
    /// ```
    pub fn to(mut self, address_: impl Into<String>, display_name: Option<&str>) -> Self {
        self.to.push(address(address_, display_name));
        self
    }

    /// Adds a Cc recipient.
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().cc("bob@example.com", None);
    /// # let _ = b;
    /// ```
    pub fn cc(mut self, address_: impl Into<String>, display_name: Option<&str>) -> Self {
        self.cc.push(address(address_, display_name));
        self
    }

    /// Adds a Bcc recipient.
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().bcc("audit@example.com", None);
    /// # let _ = b;
    /// ```
    pub fn bcc(mut self, address_: impl Into<String>, display_name: Option<&str>) -> Self {
        self.bcc.push(address(address_, display_name));
        self
    }

    /// Adds a recipient given as an [`EmailAddress`] to To.
    ///
    /// ```
    /// use acs_email::models::EmailAddress;
    /// let b = acs_email::EmailMessage::builder().to_address(EmailAddress::new("a@b.example"));
    /// # let _ = b;
    /// ```
    pub fn to_address(mut self, address: EmailAddress) -> Self {
        self.to.push(address);
        self
    }

    /// Adds a reply-to address.
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().reply_to("support@contoso.com", Some("Support"));
    /// # let _ = b;
    /// ```
    pub fn reply_to(mut self, address_: impl Into<String>, display_name: Option<&str>) -> Self {
        self.reply_to.push(address(address_, display_name));
        self
    }

    /// Adds a custom header (`name` must be a valid header field name; set once).
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().header("X-Campaign", "spring");
    /// # let _ = b;
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds an attachment (inline when it has a content id).
    ///
    /// ```
    /// use acs_email::models::EmailAttachment;
    /// let b = acs_email::EmailMessage::builder()
    ///     .attachment(EmailAttachment::new("a.txt", "text/plain", "hi"));
    /// # let _ = b;
    /// ```
    pub fn attachment(mut self, attachment: EmailAttachment) -> Self {
        self.attachments.push(attachment);
        self
    }

    /// Turns open and click tracking off (`true`) or on for this message.
    ///
    /// ```
    /// let b = acs_email::EmailMessage::builder().user_engagement_tracking_disabled(true);
    /// # let _ = b;
    /// ```
    pub fn user_engagement_tracking_disabled(mut self, disabled: bool) -> Self {
        self.user_engagement_tracking_disabled = Some(disabled);
        self
    }

    /// Checks the message and builds it.
    ///
    /// ```
    /// let error = acs_email::EmailMessage::builder()
    ///     .sender("s@d.example")
    ///     .to("a@b.example", None)
    ///     .subject("no body")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(error.to_string().contains("text or html"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), naming the first problem:
    /// no sender or subject, neither text nor HTML, no recipient or more than
    /// [`MAX_RECIPIENTS`], an address that is not `local@domain`, a display name with a line
    /// break, a header name that is not a valid field name or repeated, a header value with a
    /// line break, an attachment without a name or with a malformed content type or content
    /// id, or a request larger than [`MAX_REQUEST_BYTES`].
    pub fn build(self) -> Result<EmailMessage> {
        let sender = self
            .sender
            .ok_or_else(|| Error::invalid_input("the message needs a sender address"))?;
        validate::address("sender", &sender)?;
        let subject = self
            .subject
            .ok_or_else(|| Error::invalid_input("the message needs a subject"))?;
        if subject.trim().is_empty() {
            return Err(Error::invalid_input("the subject must not be empty"));
        }
        if subject.contains(['\r', '\n']) {
            return Err(Error::invalid_input(
                "the subject must not contain a line break",
            ));
        }
        if self.text.is_none() && self.html.is_none() {
            return Err(Error::invalid_input(
                "the message needs a body: text or html (or both)",
            ));
        }
        let total = self.to.len() + self.cc.len() + self.bcc.len();
        if total == 0 {
            return Err(Error::invalid_input(
                "the message needs at least one recipient (to, cc or bcc)",
            ));
        }
        if total > MAX_RECIPIENTS {
            return Err(Error::invalid_input(format!(
                "the message has {total} recipients; at most {MAX_RECIPIENTS} are allowed (to, cc and bcc together)"
            )));
        }
        for (role, list) in [
            ("to", &self.to),
            ("cc", &self.cc),
            ("bcc", &self.bcc),
            ("reply-to", &self.reply_to),
        ] {
            for entry in list {
                validate::recipient(role, entry)?;
            }
        }
        let mut headers = BTreeMap::new();
        for (name, value) in self.headers {
            validate::header(&name, &value)?;
            if headers
                .keys()
                .any(|known: &String| known.eq_ignore_ascii_case(&name))
            {
                return Err(Error::invalid_input(format!(
                    "the header `{name}` is set twice"
                )));
            }
            headers.insert(name, value);
        }
        for attachment in &self.attachments {
            validate::attachment(attachment)?;
        }
        let message = EmailMessage {
            sender,
            subject,
            text: self.text,
            html: self.html,
            to: self.to,
            cc: self.cc,
            bcc: self.bcc,
            reply_to: self.reply_to,
            headers,
            attachments: self.attachments,
            user_engagement_tracking_disabled: self.user_engagement_tracking_disabled,
        };
        let size = crate::convert::request_size(&message);
        if size > MAX_REQUEST_BYTES {
            return Err(Error::invalid_input(format!(
                "the request would be {size} bytes (attachments base64-encoded); at most {MAX_REQUEST_BYTES} are allowed"
            )));
        }
        Ok(message)
    }
}

/// The status of a send operation.
///
/// ```
/// use acs_email::models::EmailSendStatus;
///
/// assert!(EmailSendStatus::Succeeded.is_terminal());
/// assert!(!EmailSendStatus::Running.is_terminal());
/// assert_eq!(EmailSendStatus::from("Queued"), EmailSendStatus::Unknown("Queued".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EmailSendStatus {
    /// Queued; not started yet.
    NotStarted,
    /// Being processed.
    Running,
    /// Sent (terminal). Delivery to each mailbox is reported separately (Event Grid, Monitor).
    Succeeded,
    /// Not sent (terminal); the result carries the reason.
    Failed,
    /// Canceled (terminal).
    Canceled,
    /// A status this version does not know; treated as not terminal.
    Unknown(String),
}

impl EmailSendStatus {
    /// Whether the operation is over (`Succeeded`, `Failed` or `Canceled`).
    ///
    /// ```
    /// assert!(acs_email::models::EmailSendStatus::Failed.is_terminal());
    /// ```
    #[must_use]
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Canceled)
    }

    /// The status as the service spells it.
    ///
    /// ```
    /// assert_eq!(acs_email::models::EmailSendStatus::NotStarted.as_str(), "NotStarted");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::NotStarted => "NotStarted",
            Self::Running => "Running",
            Self::Succeeded => "Succeeded",
            Self::Failed => "Failed",
            Self::Canceled => "Canceled",
            Self::Unknown(other) => other,
        }
    }
}

impl From<&str> for EmailSendStatus {
    fn from(value: &str) -> Self {
        match value {
            "NotStarted" => Self::NotStarted,
            "Running" => Self::Running,
            "Succeeded" => Self::Succeeded,
            "Failed" => Self::Failed,
            "Canceled" => Self::Canceled,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl fmt::Display for EmailSendStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error the service reports for a send that failed or was canceled.
///
/// ```
/// use acs_email::models::EmailSendError;
///
/// let error = EmailSendError::default();
/// assert_eq!(error.code, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmailSendError {
    /// The error code, e.g. `EmailDropped`.
    pub code: Option<String>,
    /// The explanation.
    pub message: Option<String>,
    /// What the error is about.
    pub target: Option<String>,
    /// The errors that led to this one.
    pub details: Vec<EmailSendError>,
}

/// One status of a send operation: its id, its status and, for `Failed`/`Canceled`, the
/// service's error.
///
/// ```no_run
/// # async fn example(client: acs_email::EmailClient) -> acs_email::Result<()> {
/// let result = client
///     .send_status("8540c0de-899f-5cce-acb5-3ec493af3800", None)
///     .await?
///     .into_inner();
/// println!("{}: {}", result.id(), result.status());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailSendResult {
    pub(crate) id: String,
    pub(crate) status: EmailSendStatus,
    pub(crate) error: Option<EmailSendError>,
}

impl EmailSendResult {
    /// The id of the operation (the `Operation-Id` of the send).
    ///
    /// ```no_run
    /// # fn f(r: acs_email::models::EmailSendResult) { println!("{}", r.id()); }
    /// ```
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The status.
    ///
    /// ```no_run
    /// # fn f(r: acs_email::models::EmailSendResult) { assert!(r.status().is_terminal()); }
    /// ```
    #[must_use]
    pub fn status(&self) -> &EmailSendStatus {
        &self.status
    }

    /// The service's error, for `Failed` and `Canceled`.
    ///
    /// ```no_run
    /// # fn f(r: acs_email::models::EmailSendResult) { if let Some(e) = r.error() { println!("{:?}", e.code); } }
    /// ```
    #[must_use]
    pub fn error(&self) -> Option<&EmailSendError> {
        self.error.as_ref()
    }
}
