//! Helpers shared by the `chat_api`, `gateway_api`, `responses_api` and
//! `conversations_api` test binaries: recorded
//! request bodies as typed values, an independent reading of recorded chat
//! streams, replaying a stream whole and in small network pieces, header
//! checks, and the lossless round trip of recorded bodies.
//!
//! Each binary uses only part of this module.
#![allow(dead_code, unused_macros)]

use futures::StreamExt;
use integration_tests::raw_server::{Behavior, RawServer};
use integration_tests::{assert_lossless, client_builder, same_meaning, Fixture, Replay};
use portkey_assistants::models::CreateChatCompletionStreamResponse;
use portkey_assistants::{Client, Error};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Replays `name`, runs `call` against its server, checks the exact request and
/// the absence of the beta header, and returns the decoded reply.
macro_rules! replayed {
    ($name:expr, |$client:ident, $fx:ident| $call:expr) => {{
        let replay = integration_tests::Replay::start($name).await;
        let $client = replay.client();
        let $fx = &replay.fixture;
        let reply = $call
            .await
            .unwrap_or_else(|e| panic!("{}: the call failed: {e}", $name));
        replay.assert_request().await;
        crate::api_support::assert_no_beta_header(&replay).await;
        (replay, reply)
    }};
}

/// Bytes per network write when a stream is replayed over the raw server.
pub const CHUNK_SIZES: [usize; 3] = [1, 7, 64];

/// The recorded request body decoded as the operation's body type.
pub fn request_body<T: DeserializeOwned>(fx: &Fixture) -> T {
    serde_json::from_value(fx.request.body.clone()).unwrap_or_else(|e| {
        panic!(
            "{}: the recorded request body does not decode: {e}",
            fx.name
        )
    })
}

/// The recorded request body without `"stream": true`, as a caller passes it
/// to a `*_stream` method (which adds the flag itself).
pub fn stream_request_body<T: DeserializeOwned>(fx: &Fixture) -> T {
    let mut body = fx.request.body.clone();
    let flag = body
        .as_object_mut()
        .expect("a JSON object body")
        .remove("stream");
    assert_eq!(
        flag,
        Some(Value::Bool(true)),
        "{}: the recorded request must carry stream: true",
        fx.name
    );
    serde_json::from_value(body).unwrap_or_else(|e| {
        panic!(
            "{}: the recorded request body does not decode: {e}",
            fx.name
        )
    })
}

/// The `data:` payloads of a recorded `text/event-stream` body, read with
/// this module's own small parser (kept apart from the client's, so one
/// checks the other): `\n` line ends, `data:` lines (several joined with
/// `\n`), comment lines; the stream ends at `data: [DONE]`.
pub fn recorded_events(fx: &Fixture) -> Vec<Value> {
    let text = fx
        .sse_text()
        .unwrap_or_else(|| panic!("{} is not a recorded stream", fx.name));
    let mut events = Vec::new();
    let mut data: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.is_empty() {
            if !data.is_empty() {
                let joined = data.join("\n");
                if joined == "[DONE]" {
                    return events;
                }
                events.push(
                    serde_json::from_str(&joined).unwrap_or_else(|e| {
                        panic!("{}: a recorded event is not JSON: {e}", fx.name)
                    }),
                );
            }
            data.clear();
        } else if line.starts_with(':') {
            // comment
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push(v.strip_prefix(' ').unwrap_or(v));
        } else {
            panic!(
                "{}: unexpected line in the recorded stream: {line:?}",
                fx.name
            );
        }
    }
    panic!("{}: the recorded stream has no data: [DONE]", fx.name)
}

/// Which streaming method a recorded stream belongs to.
#[derive(Debug, Clone, Copy)]
pub enum StreamCall {
    /// `create_chat_completion_stream`.
    Chat,
    /// `create_prompt_completion_stream` for this prompt id (unencoded).
    Prompt(&'static str),
}

/// Opens the stream with `client` and collects every item until it ends.
pub async fn collect_stream(
    call: StreamCall,
    fx: &Fixture,
    client: &Client,
) -> Vec<Result<CreateChatCompletionStreamResponse, Error>> {
    let stream = match call {
        StreamCall::Chat => {
            client
                .create_chat_completion_stream(&stream_request_body(fx))
                .await
        }
        StreamCall::Prompt(id) => {
            client
                .create_prompt_completion_stream(id, &stream_request_body(fx))
                .await
        }
    };
    let stream = stream.unwrap_or_else(|e| panic!("{}: the stream did not open: {e}", fx.name));
    assert_eq!(stream.meta().status, 200, "{}: status", fx.name);
    stream.collect().await
}

fn all_ok(
    fx: &Fixture,
    how: &str,
    items: Vec<Result<CreateChatCompletionStreamResponse, Error>>,
) -> Vec<CreateChatCompletionStreamResponse> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            item.unwrap_or_else(|e| panic!("{} ({how}): item {i} is an error: {e}", fx.name))
        })
        .collect()
}

/// Replays the recorded stream `name` whole (checking the exact request and
/// that no beta header went out), then over the raw server in writes of
/// every size in [`CHUNK_SIZES`]: every replay must yield the same chunks,
/// as many as the recording has events before `[DONE]`, each re-encoding to
/// what was recorded. Returns the fixture and the chunks.
pub async fn replay_stream(
    name: &str,
    call: StreamCall,
) -> (Fixture, Vec<CreateChatCompletionStreamResponse>) {
    let replay = Replay::start(name).await;
    let items = collect_stream(call, &replay.fixture, &replay.client()).await;
    replay.assert_request().await;
    assert_no_beta_header(&replay).await;
    let fx = replay.fixture;
    let whole = all_ok(&fx, "whole", items);

    let recorded = recorded_events(&fx);
    assert_eq!(whole.len(), recorded.len(), "{}: number of chunks", fx.name);
    for (i, (chunk, want)) in whole.iter().zip(&recorded).enumerate() {
        let got = serde_json::to_value(chunk).expect("a chunk encodes");
        if let Err(at) = same_meaning(want, &got, "$") {
            panic!("{}: chunk {i} re-encoded with {at}", fx.name);
        }
    }

    let text = fx.sse_text().expect("a recorded stream").to_owned();
    for chunk in CHUNK_SIZES {
        let server = RawServer::start(Behavior::Chunked {
            body: text.clone(),
            chunk,
        })
        .await;
        let client = client_builder(&server.url).max_retries(0).build().unwrap();
        let how = format!("{chunk}-byte writes");
        let items = all_ok(&fx, &how, collect_stream(call, &fx, &client).await);
        assert_eq!(server.requests(), 1, "{} ({how}): one request", fx.name);
        assert_eq!(items, whole, "{}: chunks differ with {how}", fx.name);
    }
    (fx, whole)
}

/// Asserts the replayed request did not carry the Assistants beta header.
pub async fn assert_no_beta_header(replay: &Replay) {
    assert_header_absent(replay, "openai-beta").await;
}

/// Asserts no request received by `replay` carried `header`.
pub async fn assert_header_absent(replay: &Replay, header: &str) {
    let received = replay.server.received_requests().await.expect("recording");
    assert!(!received.is_empty(), "{}: no request", replay.fixture.name);
    for request in &received {
        assert!(
            request.headers.get(header).is_none(),
            "{}: unexpected {header} header",
            replay.fixture.name
        );
    }
}

/// `value` with every `created` that is an integral float (`1738960610.0`)
/// written as an integer. The models decode such a value into their integer
/// `created` field and write it back as an integer by design (see
/// `tests/tests/numbers.rs`), so the lossless check compares against this form.
pub fn integral_created_as_integer(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v.as_f64() {
                        Some(f) if k == "created" && v.is_f64() && f.fract() == 0.0 => {
                            Value::from(f as i64)
                        }
                        _ => integral_created_as_integer(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(integral_created_as_integer).collect())
        }
        other => other.clone(),
    }
}

/// [`assert_lossless`] after [`integral_created_as_integer`], with the
/// fixture's name in the message.
pub fn round_trips<T: DeserializeOwned + Serialize>(fx: &Fixture, what: &str, json: &Value) -> T {
    let json = integral_created_as_integer(json);
    let result = std::panic::catch_unwind(|| assert_lossless::<T>(&json));
    match result {
        Ok(value) => value,
        Err(cause) => {
            let message = cause
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| cause.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!("{} ({what}): {message}", fx.name)
        }
    }
}

/// Asserts the fixture names found in a folder are exactly `expected`, so a
/// missing or stray file fails loudly.
pub fn assert_names(fixtures: &[Fixture], dir: &str, expected: &[&str]) {
    let mut got: Vec<String> = fixtures.iter().map(|f| f.name.clone()).collect();
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| format!("{dir}/{s}")).collect();
    want.sort();
    assert_eq!(got, want, "fixtures in {dir}/");
}

/// Re-encoding what was decoded gives back the recorded response body.
pub fn assert_round_trip<T: Serialize>(fx: &Fixture, decoded: &T) {
    let encoded = serde_json::to_value(decoded).unwrap();
    if let Err(at) = same_meaning(&fx.response.body, &encoded, "$") {
        panic!("{}: re-encoding changed {at}", fx.name);
    }
}

/// The `n`-th path segment after `/v1/`.
pub fn segment(path: &str, n: usize) -> String {
    path.trim_start_matches("/v1/")
        .split('/')
        .nth(n)
        .unwrap_or_else(|| panic!("{path} has no segment {n}"))
        .to_owned()
}
