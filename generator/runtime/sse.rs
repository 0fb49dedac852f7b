//! Server-sent events: an incremental parser, and the stream of typed events
//! a streaming operation returns.

use super::error::{Error, ErrorBody};
use super::response::ResponseMeta;
use futures::stream::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One dispatched event: its name (`message` when none was given) and data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    /// The `event:` field.
    pub event: String,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

/// Splits a byte stream into events as the bytes arrive: events may be split
/// across chunks anywhere, even inside a multi-byte character.
#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
    last_was_cr: bool,
    event: Option<String>,
    data: Vec<String>,
    ready: VecDeque<RawEvent>,
}

impl SseParser {
    /// Feeds bytes; complete events become available from [`Self::next_event`].
    pub fn push(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\n' if self.last_was_cr => self.last_was_cr = false,
                b'\n' | b'\r' => {
                    self.last_was_cr = b == b'\r';
                    let line = std::mem::take(&mut self.line);
                    self.line_done(&String::from_utf8_lossy(&line));
                }
                _ => {
                    self.last_was_cr = false;
                    self.line.push(b);
                }
            }
        }
    }

    /// The next complete event, if any.
    pub fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    /// Ends the input. As the SSE standard says, an event not yet closed by
    /// its blank line is incomplete and is discarded.
    pub fn finish(&mut self) {
        self.line.clear();
        self.event = None;
        self.data.clear();
    }

    fn line_done(&mut self, line: &str) {
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(':') {
            return; // a comment, as keep-alives are
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => self.data.push(value.to_owned()),
            _ => {} // `id`, `retry` and unknown fields do not change the event
        }
    }

    fn dispatch(&mut self) {
        let event = self.event.take();
        if self.data.is_empty() {
            return;
        }
        let data = std::mem::take(&mut self.data).join("\n");
        self.ready.push_back(RawEvent {
            event: event.unwrap_or_else(|| "message".to_owned()),
            data,
        });
    }
}

/// How a stream's events map onto the item type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventShape {
    /// The item is `{"event": name, "data": data}` (a union tagged by `event`);
    /// the stream ends at a `done` event and must not end before it.
    Named,
    /// The item is the data itself; the stream ends at `data: [DONE]` or at
    /// the end of the body.
    Data,
}

/// A stream of typed events from a streaming operation. Items are `Ok` events
/// or the `Err` that ended the stream (an `error` event, a broken connection,
/// or an event that does not decode, which does not end it).
pub struct EventStream<T> {
    meta: ResponseMeta,
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    /// Status and headers of the response that carries the stream.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct State<B> {
    body: B,
    parser: SseParser,
    shape: EventShape,
    operation: &'static str,
    finished: bool,
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    /// Typed events from a byte stream (`reqwest::Response::bytes_stream`).
    pub fn new<B>(meta: ResponseMeta, body: B, shape: EventShape, operation: &'static str) -> Self
    where
        B: Stream<Item = Result<bytes::Bytes, reqwest::Error>> + Send + Unpin + 'static,
    {
        let state = State {
            body,
            parser: SseParser::default(),
            shape,
            operation,
            finished: false,
        };
        let inner = futures::stream::unfold(state, |mut state| async move {
            loop {
                if state.finished {
                    return None;
                }
                if let Some(raw) = state.parser.next_event() {
                    match decode::<T>(raw, state.shape) {
                        Step::Item(item) => return Some((item, state)),
                        Step::End => return None,
                        Step::Fatal(error) => {
                            state.finished = true;
                            return Some((Err(error), state));
                        }
                    }
                }
                match state.body.next().await {
                    Some(Ok(chunk)) => state.parser.push(&chunk),
                    Some(Err(e)) => {
                        state.finished = true;
                        let error = Error::Connection {
                            operation: state.operation,
                            attempts: 1,
                            source: e.without_url(),
                        };
                        return Some((Err(error), state));
                    }
                    None => {
                        // Events complete before the end were all yielded above.
                        state.parser.finish();
                        state.finished = true;
                        return match state.shape {
                            EventShape::Data => None,
                            EventShape::Named => Some((
                                Err(Error::Protocol(format!(
                                    "the event stream of `{}` ended before its `done` event",
                                    state.operation
                                ))),
                                state,
                            )),
                        };
                    }
                }
            }
        });
        EventStream {
            meta,
            inner: Box::pin(inner),
        }
    }
}

enum Step<T> {
    Item(Result<T, Error>),
    End,
    Fatal(Error),
}

fn decode<T: DeserializeOwned>(raw: RawEvent, shape: EventShape) -> Step<T> {
    if raw.data.trim() == "[DONE]" || (shape == EventShape::Named && raw.event == "done") {
        return Step::End;
    }
    let data: serde_json::Value = serde_json::from_str(&raw.data)
        .unwrap_or_else(|_| serde_json::Value::String(raw.data.clone()));
    if raw.event == "error" {
        let body = match data {
            serde_json::Value::Object(ref map) if map.contains_key("error") => data,
            other => serde_json::json!({ "error": other }),
        };
        return Step::Fatal(Error::Stream(Box::new(ErrorBody::from_value(body))));
    }
    let value = match shape {
        EventShape::Named => serde_json::json!({ "event": raw.event, "data": data }),
        EventShape::Data => data,
    };
    Step::Item(
        serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
            status: 200,
            path: e.path().to_string(),
            message: e.inner().to_string(),
            body_excerpt: super::error::one_line(&raw.data, 200),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_chunks(text: &str, size: usize) -> Vec<RawEvent> {
        let mut parser = SseParser::default();
        let mut out = Vec::new();
        for chunk in text.as_bytes().chunks(size) {
            parser.push(chunk);
            while let Some(e) = parser.next_event() {
                out.push(e);
            }
        }
        parser.finish();
        out.extend(std::iter::from_fn(|| parser.next_event()));
        out
    }

    #[test]
    fn events_survive_any_chunking() {
        let text = ": keep-alive\n\nevent: thread.created\ndata: {\"id\":\"thread_ü\"}\n\nevent: multi\r\ndata: a\r\ndata: b\r\n\r\ndata:plain\rid: 7\r\rdata: last\n\ndata: cut off";
        let want = vec![
            RawEvent {
                event: "thread.created".into(),
                data: "{\"id\":\"thread_ü\"}".into(),
            },
            RawEvent {
                event: "multi".into(),
                data: "a\nb".into(),
            },
            RawEvent {
                event: "message".into(),
                data: "plain".into(),
            },
            RawEvent {
                event: "message".into(),
                data: "last".into(),
            },
        ];
        for size in 1..=text.len() {
            assert_eq!(parse_in_chunks(text, size), want, "chunks of {size}");
        }
    }

    #[test]
    fn events_without_data_are_dropped() {
        assert!(parse_in_chunks("event: ping\n\n: comment\n\n", 3).is_empty());
    }
}
