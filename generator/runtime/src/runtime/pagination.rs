//! Auto-pagination: a stream of every item of a cursor-paginated list.

use super::error::Error;
use futures::stream::{FusedStream, Stream};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// What the paginator needs from one page.
#[derive(Debug)]
pub struct Page<T> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// Whether the server has more after this page.
    pub has_more: bool,
    /// The cursor for the next page (`last_id`).
    pub last_id: Option<String>,
}

/// Every item of a paginated list, page after page, as a [`Stream`] of
/// `Result<T, Error>`: an error is the last item.
///
/// It is `Unpin`, `Send` and `'static`: call `.next().await` (from
/// `futures::StreamExt`) on it directly, without pinning it first, keep it
/// in a struct, or move it into a spawned task. Nothing is fetched until it
/// is polled, and each page only when its first item is wanted. Once it has
/// ended it keeps answering `None`.
///
/// ```ignore
/// use futures::StreamExt;
///
/// let mut items = client.list_things_stream(&Default::default());
/// while let Some(item) = items.next().await {
///     println!("{}", item?.id);
/// }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
    ended: bool,
}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl<T> Stream for PageStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let next = std::task::ready!(self.inner.as_mut().poll_next(cx));
        self.ended = next.is_none();
        Poll::Ready(next)
    }
}

impl<T> FusedStream for PageStream<T> {
    fn is_terminated(&self) -> bool {
        self.ended
    }
}

struct State<Q, F, T> {
    query: Q,
    fetch: F,
    set_after: fn(&mut Q, String),
    queue: VecDeque<Result<T, Error>>,
    cursor: Option<String>,
    done: bool,
}

/// Every item across pages: fetches a page with `query`, yields its items,
/// then sets the `after` cursor to the page's `last_id` while the server says
/// `has_more`. Stops on an empty page. An error is yielded and ends the stream.
pub fn paginate<Q, T, F, Fut>(query: Q, fetch: F, set_after: fn(&mut Q, String)) -> PageStream<T>
where
    Q: Clone + Send + 'static,
    T: Send + 'static,
    F: FnMut(Q) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    let state = State {
        query,
        fetch,
        set_after,
        queue: VecDeque::new(),
        cursor: None,
        done: false,
    };
    let items = futures::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(next) = s.queue.pop_front() {
                return Some((next, s));
            }
            if s.done {
                return None;
            }
            let page = match (s.fetch)(s.query.clone()).await {
                Ok(page) => page,
                Err(error) => {
                    s.done = true;
                    return Some((Err(error), s));
                }
            };
            if page.items.is_empty() {
                return None;
            }
            s.queue.extend(page.items.into_iter().map(Ok));
            match (page.has_more, page.last_id) {
                (false, _) => s.done = true,
                (true, Some(cursor)) if s.cursor.as_ref() != Some(&cursor) => {
                    (s.set_after)(&mut s.query, cursor.clone());
                    s.cursor = Some(cursor);
                }
                (true, cursor) => {
                    s.done = true;
                    let why = match cursor {
                        Some(c) => {
                            format!("a list page says `has_more` but repeats the cursor `{c}`")
                        }
                        None => {
                            "a list page says `has_more` but gives no `last_id` to continue from"
                                .to_owned()
                        }
                    };
                    s.queue.push_back(Err(Error::Protocol(why)));
                }
            }
        }
    });
    PageStream {
        inner: Box::pin(items),
        ended: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_unpin_send_static<S: Stream + Unpin + Send + 'static>(_: &S) {}

    #[test]
    fn the_stream_is_unpin_send_static_and_fused() {
        let fetch = |_: u32| async {
            Ok(Page::<String> {
                items: Vec::new(),
                has_more: false,
                last_id: None,
            })
        };
        let mut stream = paginate(0u32, fetch, |query, _| *query += 1);
        assert_unpin_send_static(&stream);
        assert_eq!(format!("{stream:?}"), "PageStream { ended: false, .. }");

        // An empty first page ends it; polling again is allowed and still ends.
        let mut cx = Context::from_waker(futures::task::noop_waker_ref());
        for _ in 0..2 {
            assert!(matches!(
                Pin::new(&mut stream).poll_next(&mut cx),
                Poll::Ready(None)
            ));
            assert!(stream.is_terminated());
        }
    }
}
