//! [`Response`]: the value of a successful call, with its status, headers and request ids.

use std::fmt;
use std::ops::{Deref, DerefMut};

use reqwest::header::HeaderMap;

/// What a successful call returned: the value, plus the HTTP status, the response headers and
/// the request ids, the same on every method of every acs-rs client (the azure_core
/// `Response<T>` idea).
///
/// It dereferences to the value, so `client.send_message(..).await?.id` works; take the
/// value out with [`into_inner`](Self::into_inner).
///
/// ```
/// use acs_core::Response;
/// use acs_core::reqwest::header::{HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("ms-cv", HeaderValue::from_static("abc.1"));
/// let response = Response::new("thread-id".to_owned(), 201, headers, Some("client-id".into()));
/// assert_eq!(response.len(), 9); // derefs to the String
/// assert_eq!(response.status(), 201);
/// assert_eq!(response.request_id(), Some("abc.1"));
/// assert_eq!(response.client_request_id(), Some("client-id"));
/// assert_eq!(response.into_inner(), "thread-id");
/// ```
#[derive(Clone)]
pub struct Response<T> {
    value: T,
    status: u16,
    headers: HeaderMap,
    client_request_id: Option<String>,
}

impl<T> Response<T> {
    /// A response of `value` answered with `status` and `headers`; `client_request_id` is the
    /// `x-ms-client-request-id` that was sent.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// assert_eq!(*response, 42);
    /// assert_eq!(response.status(), 200);
    /// ```
    #[must_use]
    pub fn new(
        value: T,
        status: u16,
        headers: HeaderMap,
        client_request_id: Option<String>,
    ) -> Self {
        Self {
            value,
            status,
            headers,
            client_request_id,
        }
    }

    /// The HTTP status of the answer.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// assert_eq!(response.status(), 200);
    /// ```
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers of the answer.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// assert_eq!(response.headers()["x-ms-request-id"], "req-1");
    /// ```
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The service's request id: `MS-CV`, or `x-ms-request-id`.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// assert_eq!(response.request_id(), Some("req-1"));
    /// assert_eq!(Response::new((), 204, HeaderMap::new(), None).request_id(), None);
    /// ```
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        ["ms-cv", "x-ms-request-id"]
            .iter()
            .find_map(|name| self.headers.get(*name).and_then(|v| v.to_str().ok()))
    }

    /// The `x-ms-client-request-id` of the request (the one sent, whether or not the service
    /// echoed it).
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// assert_eq!(response.client_request_id(), Some("client-1"));
    ///
    /// // Not known as sent: the echoed header.
    /// let mut echoed = HeaderMap::new();
    /// echoed.insert("x-ms-client-request-id", HeaderValue::from_static("echo-1"));
    /// assert_eq!(Response::new((), 204, echoed, None).client_request_id(), Some("echo-1"));
    /// ```
    #[must_use]
    pub fn client_request_id(&self) -> Option<&str> {
        self.client_request_id.as_deref().or_else(|| {
            self.headers
                .get("x-ms-client-request-id")
                .and_then(|v| v.to_str().ok())
        })
    }

    /// The value.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// assert_eq!(response.value(), &42);
    /// ```
    #[must_use]
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value, dropping status and headers.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// let value: u32 = response.into_inner();
    /// assert_eq!(value, 42);
    /// ```
    #[must_use]
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same response with its value converted by `f`.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// let doubled = response.map(|n| n * 2);
    /// assert_eq!(*doubled, 84);
    /// assert_eq!(doubled.request_id(), Some("req-1"));
    /// ```
    #[must_use]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            client_request_id: self.client_request_id,
        }
    }

    /// The same response with its value converted by the fallible `f`.
    ///
    /// ```
    /// # use acs_core::Response;
    /// # use acs_core::reqwest::header::{HeaderMap, HeaderValue};
    /// # let mut headers = HeaderMap::new();
    /// # headers.insert("x-ms-request-id", HeaderValue::from_static("req-1"));
    /// let response = Response::new(42_u32, 200, headers, Some("client-1".into()));
    /// let small = response.clone().try_map(u8::try_from).expect("42 fits in a u8");
    /// assert_eq!(*small, 42_u8);
    /// assert!(response.try_map(|n| if n > 10 { Err("too big") } else { Ok(n) }).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// `f`'s error.
    pub fn try_map<U, E>(self, f: impl FnOnce(T) -> Result<U, E>) -> Result<Response<U>, E> {
        Ok(Response {
            value: f(self.value)?,
            status: self.status,
            headers: self.headers,
            client_request_id: self.client_request_id,
        })
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    /// Shows the value, the status and the request ids; not the other headers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("value", &self.value)
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("client_request_id", &self.client_request_id())
            .finish()
    }
}
