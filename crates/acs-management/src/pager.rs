//! [`Pager`]: the lazy stream every `list_*` operation returns.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use acs_core::{Error, Pipeline, Result, from_rest};
use acs_management_rest::types as wire;
use bytes::Bytes;
use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, Stream, StreamExt as _};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// One page of a list: its items, the items that could not be decoded, and the link to the
/// page after it.
///
/// ```
/// use futures::TryStreamExt as _;
///
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// let mut pages = client.communication_services().list_by_subscription(None).into_pages();
/// while let Some(page) = pages.try_next().await? {
///     println!("{} resources", page.items.len());
///     if let Some(link) = &page.continuation {
///         // store `link` to resume later with `continuation: Some(link.clone())`
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page (possibly none).
    pub items: Vec<T>,
    /// One [`ErrorKind::Decode`](crate::ErrorKind::Decode) error per item of this page that
    /// does not fit the model, naming the item and the field (`value[2].createdOn`); the other
    /// items are in [`items`](Self::items).
    pub errors: Vec<Error>,
    /// The absolute URL of the next page (the service's `nextLink`); `None` on the last page.
    /// Pass it as the `continuation` option of the same `list_*` operation to resume there.
    pub continuation: Option<String>,
}

/// A lazy stream of the items of a list, page after page: a
/// [`Stream`]`<Item = `[`Result`]`<T>>`.
///
/// - Nothing is sent until the stream is first polled.
/// - The next page is fetched only when the caller has consumed the current one and asks for
///   more, so stopping early (dropping the pager, [`take`](futures::StreamExt::take)) fetches
///   nothing more.
/// - Pages are followed through ARM's `nextLink`, an absolute URL; it is requested as given,
///   with the same authentication, retries and error handling as every other call. The token
///   goes only to the endpoint's origin (scheme, host and port): a link elsewhere fails with
///   `InvalidInput`. A link that is not `https` (or `http` on a loopback host) is refused too.
/// - An item the service sent in a shape this SDK cannot decode is an `Err` of its own
///   ([`ErrorKind::Decode`](crate::ErrorKind::Decode), naming the operation, the item and the
///   field, the status and the request id); the items around it and the pages after it still
///   come.
/// - Otherwise the stream ends after the page without a `nextLink`, or after the first error.
///
/// Use [`into_pages`](Self::into_pages) to work page by page and to get the continuation
/// links.
///
/// ```no_run
/// use futures::{StreamExt as _, TryStreamExt as _};
///
/// # async fn example(client: acs_management::ManagementClient) -> acs_management::Result<()> {
/// // Every Communication Services resource of a resource group:
/// let resources: Vec<_> = client
///     .communication_services()
///     .list_by_resource_group("my-group", None)
///     .try_collect()
///     .await?;
///
/// // Only the first five of the subscription (fetches only the pages needed):
/// let mut first = client.communication_services().list_by_subscription(None).take(5);
/// while let Some(resource) = first.next().await {
///     println!("{}", resource?.name);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a pager does nothing until polled"]
pub struct Pager<T> {
    pages: Pages<T>,
    items: std::vec::IntoIter<Result<T>>,
    continuation: Option<String>,
}

/// A lazy stream of the pages of a list (see [`Pager::into_pages`]): a
/// [`Stream`]`<Item = `[`Result`]`<`[`Page`]`<T>>>`.
#[must_use = "pages do nothing until polled"]
pub struct Pages<T> {
    stream: BoxStream<'static, Result<Entries<T>>>,
}

/// A page as fetched: every item in order, each decoded or not.
struct Entries<T> {
    items: Vec<Result<T>>,
    continuation: Option<String>,
}

impl<T> Entries<T> {
    fn into_page(self) -> Page<T> {
        let mut items = Vec::with_capacity(self.items.len());
        let mut errors = Vec::new();
        for item in self.items {
            match item {
                Ok(item) => items.push(item),
                Err(error) => errors.push(error),
            }
        }
        Page {
            items,
            errors,
            continuation: self.continuation,
        }
    }
}

/// What the generated client answers for a first page.
pub(crate) type FirstPage<C> = std::result::Result<
    acs_management_rest::ResponseValue<C>,
    acs_management_rest::Error<wire::ErrorResponse>,
>;

/// Where a list starts.
pub(crate) enum Start<C> {
    /// The first page, through the generated client (not yet polled).
    First(BoxFuture<'static, FirstPage<C>>),
    /// A continuation link given by the caller.
    Continuation(String),
    /// The arguments were rejected: the stream yields this error and ends.
    Failed(Error),
}

/// A page of a list as the service sends it.
pub(crate) trait Collection: serde::de::DeserializeOwned + Send + 'static {
    /// The wire type of an item.
    type Item: serde::de::DeserializeOwned;
    /// The items and the `nextLink`.
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

macro_rules! collection {
    ($collection:ty, $item:ty) => {
        impl Collection for $collection {
            type Item = $item;
            fn into_parts(self) -> (Vec<$item>, Option<String>) {
                (self.value, self.next_link)
            }
        }
    };
}

collection!(
    wire::CommunicationServiceResourceList,
    wire::CommunicationServiceResource
);
collection!(wire::EmailServiceResourceList, wire::EmailServiceResource);
collection!(wire::DomainResourceList, wire::DomainResource);
collection!(
    wire::SenderUsernameResourceCollection,
    wire::SenderUsernameResource
);
collection!(wire::OperationListResult, wire::Operation);

enum State<C> {
    Start(Start<C>),
    Next(String),
    Done,
}

impl<T: Send + 'static> Pager<T> {
    /// A pager starting at `start`, following `nextLink`s through `pipeline` (`operation_id`
    /// names the list operation in logs), converting each item with `convert`.
    pub(crate) fn new<C: Collection>(
        pipeline: Pipeline,
        operation_id: &'static str,
        start: Start<C>,
        convert: fn(C::Item) -> T,
    ) -> Self {
        let stream = stream::unfold(State::Start(start), move |state| {
            let pipeline = pipeline.clone();
            async move {
                let fetched = match state {
                    State::Done => return None,
                    State::Start(Start::Failed(error)) => return Some((Err(error), State::Done)),
                    State::Start(Start::First(first)) => {
                        first_page(&pipeline, first.await, operation_id, convert).await
                    }
                    State::Start(Start::Continuation(link)) | State::Next(link) => {
                        match fetch(&pipeline, &link, operation_id).await {
                            Ok(page) => decode_page::<C, T>(
                                operation_id,
                                page.status,
                                &page.headers,
                                &page.value,
                                convert,
                            ),
                            Err(error) => Err(error),
                        }
                    }
                };
                match fetched {
                    Ok((items, next_link)) => {
                        let next_link = next_link.filter(|link| !link.trim().is_empty());
                        let next = next_link.clone().map_or(State::Done, State::Next);
                        let page = Entries {
                            items,
                            continuation: next_link,
                        };
                        Some((Ok(page), next))
                    }
                    Err(error) => Some((Err(error), State::Done)),
                }
            }
        });
        Self {
            pages: Pages {
                stream: stream.boxed(),
            },
            items: Vec::new().into_iter(),
            continuation: None,
        }
    }
}

impl<T: Send + 'static> Pager<T> {
    /// The same list page by page, each [`Page`] with its continuation link.
    ///
    /// Items of the current page that this pager has not yielded yet come first, as a page of
    /// their own.
    pub fn into_pages(self) -> Pages<T> {
        let rest = self.items.as_slice();
        if rest.is_empty() {
            return self.pages;
        }
        let leftover = Entries {
            items: self.items.collect(),
            continuation: self.continuation,
        };
        Pages {
            stream: stream::once(async move { Ok(leftover) })
                .chain(self.pages.stream)
                .boxed(),
        }
    }
}

/// The items (each decoded or not) and the `nextLink` of a page.
type Decoded<T> = (Vec<Result<T>>, Option<String>);

/// The items of the first page, from what the generated client answered. A success body that
/// does not fit as a whole comes back as an unexpected response; it is decoded item by item.
async fn first_page<C: Collection, T>(
    pipeline: &Pipeline,
    answer: FirstPage<C>,
    operation_id: &str,
    convert: fn(C::Item) -> T,
) -> Result<Decoded<T>> {
    match answer {
        Ok(page) => {
            let (items, next_link) = page.into_inner().into_parts();
            Ok((
                items.into_iter().map(|item| Ok(convert(item))).collect(),
                next_link,
            ))
        }
        Err(acs_management_rest::Error::UnexpectedResponse(response))
            if response.status().is_success() =>
        {
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(|error| {
                from_rest(acs_management_rest::Error::<()>::ResponseBodyError(error))
            })?;
            decode_page::<C, T>(operation_id, status, &headers, &body, convert)
        }
        Err(error) => Err(pipeline.take_error(error)),
    }
}

/// A page with its items undecoded, to decode them one by one.
#[derive(serde::Deserialize)]
struct RawCollection {
    value: Vec<serde_json::Value>,
    #[serde(rename = "nextLink", default)]
    next_link: Option<String>,
}

/// Decodes a page; when it does not fit as a whole, decodes its items one by one so that a bad
/// item fails alone, with an error naming it and its field.
fn decode_page<C: Collection, T>(
    operation_id: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    convert: fn(C::Item) -> T,
) -> Result<Decoded<T>> {
    // Every list operation documents 200; another 2xx whose page does not fit is unexpected.
    let documented = status == StatusCode::OK;
    let whole = match acs_core::from_slice::<C>(body) {
        Ok(page) => {
            let (items, next_link) = page.into_parts();
            return Ok((
                items.into_iter().map(|item| Ok(convert(item))).collect(),
                next_link,
            ));
        }
        Err(error) => error,
    };
    let Ok(raw) = acs_core::from_slice::<RawCollection>(body) else {
        return Err(acs_core::decode_error(
            operation_id,
            "",
            status,
            headers,
            whole,
            documented,
        ));
    };
    let items = raw
        .value
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            acs_core::from_value::<C::Item>(item)
                .map(convert)
                .map_err(|error| {
                    acs_core::decode_error(
                        operation_id,
                        &format!("value[{index}]"),
                        status,
                        headers,
                        error,
                        documented,
                    )
                })
        })
        .collect();
    Ok((items, raw.next_link))
}

/// GETs one page by its absolute link, undecoded.
async fn fetch(
    pipeline: &Pipeline,
    link: &str,
    operation_id: &str,
) -> Result<acs_core::Decoded<Bytes>> {
    let url = reqwest::Url::parse(link.trim())
        .map_err(|_| Error::invalid_input("the continuation link is not an absolute URL"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(Error::invalid_input(
                "the continuation link must be an https URL (http only for loopback hosts)",
            ));
        }
    }
    pipeline.get_bytes(url, operation_id).await
}

// The pager never pins its items in place.
impl<T> Unpin for Pager<T> {}

impl<T> Stream for Pager<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(item));
            }
            match ready!(this.pages.stream.poll_next_unpin(cx)) {
                Some(Ok(page)) => {
                    this.continuation = page.continuation;
                    this.items = page.items.into_iter();
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<T> Stream for Pages<T> {
    type Item = Result<Page<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream
            .poll_next_unpin(cx)
            .map(|page| page.map(|page| page.map(Entries::into_page)))
    }
}

impl<T> fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("buffered", &self.items.len())
            .field("continuation", &self.continuation)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}
