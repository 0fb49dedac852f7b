//! Auto-pagination: a stream of every item of a cursor-paginated list.

use super::error::Error;
use futures::stream::Stream;
use std::collections::VecDeque;
use std::future::Future;

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
pub fn paginate<Q, T, F, Fut>(
    query: Q,
    fetch: F,
    set_after: fn(&mut Q, String),
) -> impl Stream<Item = Result<T, Error>>
where
    Q: Clone,
    F: FnMut(Q) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = State {
        query,
        fetch,
        set_after,
        queue: VecDeque::new(),
        cursor: None,
        done: false,
    };
    futures::stream::unfold(state, |mut s| async move {
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
    })
}
