//! Server-sent events: an incremental parser, and the stream of typed events
//! a streaming operation returns.

use super::error::{Error, ErrorBody, Origin};
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
    /// The first bytes were read, and a byte order mark before them dropped.
    started: bool,
    line: Vec<u8>,
    last_was_cr: bool,
    event: Option<String>,
    data: Option<String>,
    ready: VecDeque<RawEvent>,
}

impl SseParser {
    /// Feeds bytes; complete events become available from [`Self::next_event`].
    pub fn push(&mut self, mut bytes: &[u8]) {
        if !self.started {
            // A stream may begin with a UTF-8 byte order mark, which is not
            // part of its first line (HTML Living Standard, §9.2.5); it may
            // arrive split across chunks.
            const BOM: &[u8] = b"\xEF\xBB\xBF";
            self.line.extend_from_slice(bytes);
            if self.line.len() < BOM.len() && BOM.starts_with(&self.line) {
                return;
            }
            self.started = true;
            let start = std::mem::take(&mut self.line);
            self.push(start.strip_prefix(BOM).unwrap_or(&start));
            return;
        }
        if std::mem::take(&mut self.last_was_cr) && bytes.first() == Some(&b'\n') {
            bytes = &bytes[1..]; // the second half of a CRLF split across chunks
        }
        while let Some(end) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&bytes[..end]);
            let line = std::mem::take(&mut self.line);
            self.line_done(&String::from_utf8_lossy(&line));
            self.line = line;
            self.line.clear();
            let was_cr = bytes[end] == b'\r';
            bytes = &bytes[end + 1..];
            if was_cr {
                match bytes.first() {
                    Some(b'\n') => bytes = &bytes[1..],
                    None => self.last_was_cr = true,
                    Some(_) => {}
                }
            }
        }
        self.line.extend_from_slice(bytes);
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
        self.data = None;
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
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            _ => {} // `id`, `retry` and unknown fields do not change the event
        }
    }

    fn dispatch(&mut self) {
        let event = self.event.take();
        let Some(data) = self.data.take() else {
            return;
        };
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

/// Reads events from the body as it arrives and decodes them one by one.
struct Events<B, T> {
    body: B,
    parser: SseParser,
    shape: EventShape,
    origin: Origin,
    finished: bool,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<B, T> Stream for Events<B, T>
where
    B: Stream<Item = Result<bytes::Bytes, reqwest::Error>> + Unpin,
    T: DeserializeOwned,
{
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(raw) = this.parser.next_event() {
                return match decode::<T>(raw, this.shape) {
                    Step::Item(item) => Poll::Ready(Some(item)),
                    Step::End => {
                        this.finished = true;
                        Poll::Ready(None)
                    }
                    Step::Fatal(error) => {
                        this.finished = true;
                        Poll::Ready(Some(Err(error)))
                    }
                };
            }
            match std::task::ready!(this.body.poll_next_unpin(cx)) {
                Some(Ok(chunk)) => this.parser.push(&chunk),
                Some(Err(e)) => {
                    this.finished = true;
                    let origin = &this.origin;
                    return Poll::Ready(Some(Err(Error::transport(
                        origin.operation,
                        1,
                        &origin.host,
                        origin.limit,
                        e,
                    ))));
                }
                None => {
                    this.parser.finish();
                    this.finished = true;
                    return Poll::Ready(match this.shape {
                        EventShape::Data => None,
                        EventShape::Named => Some(Err(Error::Protocol(format!(
                            "the event stream of `{}` ended before its `done` event",
                            this.origin.operation
                        )))),
                    });
                }
            }
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    /// Typed events from a byte stream (`reqwest::Response::bytes_stream`).
    pub fn new<B>(meta: ResponseMeta, body: B, shape: EventShape, operation: &'static str) -> Self
    where
        B: Stream<Item = Result<bytes::Bytes, reqwest::Error>> + Send + Unpin + 'static,
    {
        let origin = Origin {
            operation,
            ..Origin::default()
        };
        EventStream::open(meta, body, shape, origin)
    }

    /// Typed events from the body of a response from `origin`.
    pub(crate) fn open<B>(meta: ResponseMeta, body: B, shape: EventShape, origin: Origin) -> Self
    where
        B: Stream<Item = Result<bytes::Bytes, reqwest::Error>> + Send + Unpin + 'static,
    {
        let events = Events::<B, T> {
            body,
            parser: SseParser::default(),
            shape,
            origin,
            finished: false,
            item: std::marker::PhantomData,
        };
        EventStream {
            meta,
            inner: Box::pin(events),
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
    if raw.event == "error" {
        let data: serde_json::Value = serde_json::from_str(&raw.data)
            .unwrap_or_else(|_| serde_json::Value::String(raw.data.clone()));
        // The data is an error object itself (`{code, message}`), an error
        // body of a shape `ErrorBody` knows (fields nested under `error`,
        // `detail`, problem details, `errors`), or a bare message.
        let body = match data {
            serde_json::Value::Object(ref map)
                if map.contains_key("message") && !map.contains_key("error") =>
            {
                serde_json::json!({ "error": data })
            }
            serde_json::Value::Object(_) => data,
            other => serde_json::json!({ "error": other }),
        };
        return Step::Fatal(Error::Stream(Box::new(ErrorBody::from_value(body))));
    }
    // The data is decoded straight from its text; data that is not JSON at
    // all is offered as a string instead.
    let mut result = decode_event(&raw, shape, true);
    if let Err((_, e)) = &result {
        use serde_json::error::Category;
        if matches!(e.classify(), Category::Syntax | Category::Eof) {
            result = decode_event(&raw, shape, false);
        }
    }
    Step::Item(result.map_err(|(path, e)| Error::Decode {
        status: 200,
        path,
        message: e.to_string(),
        body_excerpt: super::error::one_line(&raw.data, 200),
    }))
}

/// Decodes one event, from its data as JSON text or (`json` false) as a
/// string. Errors carry the path of the failing field.
fn decode_event<T: DeserializeOwned>(
    raw: &RawEvent,
    shape: EventShape,
    json: bool,
) -> Result<T, (String, serde_json::Error)> {
    use super::serde_helpers::{from_json_located, path_at};
    use serde::de::IntoDeserializer;
    match shape {
        EventShape::Named => {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(NamedEvent {
                event: Some(&raw.event),
                data: Some(&raw.data),
                json,
            }))
            .map_err(|e| {
                // Positions are the data's: only it is read as JSON text.
                let path = match path_at(raw.data.as_bytes(), &e) {
                    inner if json && inner != "." => format!("data.{inner}"),
                    _ => String::from("data"),
                };
                (path, e)
            })
        }
        EventShape::Data if json => from_json_located(&raw.data),
        EventShape::Data => T::deserialize(raw.data.as_str().into_deserializer())
            .map_err(|e: serde_json::Error| (String::from("."), e)),
    }
}

/// A named event seen as the object `{"event": name, "data": data}`, with
/// the data read straight from its text.
struct NamedEvent<'a> {
    event: Option<&'a str>,
    data: Option<&'a str>,
    json: bool,
}

impl<'de> serde::de::MapAccess<'de> for NamedEvent<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, serde_json::Error> {
        use serde::de::IntoDeserializer;
        let key = if self.event.is_some() {
            "event"
        } else if self.data.is_some() {
            "data"
        } else {
            return Ok(None);
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, serde_json::Error> {
        use serde::de::IntoDeserializer;
        if let Some(event) = self.event.take() {
            return seed.deserialize(event.into_deserializer());
        }
        let data = self.data.take().unwrap_or_default();
        if self.json {
            let mut de = serde_json::Deserializer::from_str(data);
            let value = seed.deserialize(&mut de)?;
            de.end()?;
            Ok(value)
        } else {
            seed.deserialize(data.into_deserializer())
        }
    }
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
    fn a_byte_order_mark_before_the_first_event_is_dropped() {
        let text = "\u{feff}data: {\"a\":1}\n\ndata: 2\n\n";
        for size in 1..=text.len() {
            let events = parse_in_chunks(text, size);
            assert_eq!(events.len(), 2, "chunks of {size}");
            assert_eq!(events[0].data, "{\"a\":1}", "chunks of {size}");
            assert_eq!(events[0].event, "message", "chunks of {size}");
        }
        // Only at the very start.
        let events = parse_in_chunks("data: 1\n\n\u{feff}data: 2\n\n", 4);
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn error_events_of_every_shape_carry_the_servers_text() {
        for (data, expected) in [
            (
                r#"{"error":{"message":"overloaded","type":"server_error"}}"#,
                "overloaded",
            ),
            (
                r#"{"type":"error","code":"rate_limit","message":"slow down"}"#,
                "slow down",
            ),
            (
                r#"{"type":"error","error":{"type":"invalid","message":"bad input"}}"#,
                "bad input",
            ),
            (r#"{"error":"context too long"}"#, "context too long"),
            (r#"{"detail":"upstream closed"}"#, "upstream closed"),
            (r#"{"errors":[{"message":"one"},{"message":"two"}]}"#, "one"),
            ("plain text", "plain text"),
        ] {
            let raw = RawEvent {
                event: "error".into(),
                data: data.into(),
            };
            match decode::<serde_json::Value>(raw, EventShape::Data) {
                Step::Fatal(error @ Error::Stream(_)) => assert_eq!(
                    error.to_string(),
                    format!("the event stream reported an error: {expected}"),
                    "{data}"
                ),
                _ => panic!("{data}: not a stream error"),
            }
        }
    }

    #[test]
    fn events_without_data_are_dropped() {
        assert!(parse_in_chunks("event: ping\n\n: comment\n\n", 3).is_empty());
    }
}
