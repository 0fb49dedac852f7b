//! Streamed runs: every recorded event stream is replayed whole (wiremock) and
//! dribbled out a few bytes at a time (raw server), and both must give the
//! same typed events, each of which re-encodes to exactly what was sent.

mod assistants_support;

use assistants_support::{kind, parse_sse, segment, yielded, RecordedEvent};
use futures::StreamExt;
use integration_tests::raw_server::{Behavior, RawServer};
use integration_tests::{client_builder, fixture, same_meaning, Fixture, Replay};
use portkey_assistants::models::*;
use portkey_assistants::{Client, Error, ErrorBody};
use serde::de::DeserializeOwned;
use serde_json::Value;

const CHUNK_SIZES: [usize; 4] = [1, 3, 7, 64];

type Items = Vec<Result<AssistantStreamEvent, Error>>;

/// The recorded request body without `"stream": true`, as a caller would pass
/// it to a `*_stream` method (which adds the flag itself).
fn body_without_stream_flag<T: DeserializeOwned>(fx: &Fixture) -> T {
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
    serde_json::from_value(body).unwrap()
}

/// Calls the streaming method the fixture's request belongs to and collects
/// every item until the stream ends.
async fn run_stream(fx: &Fixture, client: &Client) -> Items {
    let path = &fx.request.path;
    let stream = match assistants_support::operation(&fx.request.method, path) {
        "createRun" => {
            client
                .create_run_stream(
                    &segment(path, 1),
                    &body_without_stream_flag(fx),
                    &CreateRunQuery::default(),
                )
                .await
        }
        "createThreadAndRun" => {
            client
                .create_thread_and_run_stream(&body_without_stream_flag(fx))
                .await
        }
        "submitToolOutputsToRun" => {
            client
                .submit_tool_outputs_to_run_stream(
                    &segment(path, 1),
                    &segment(path, 3),
                    &body_without_stream_flag(fx),
                )
                .await
        }
        other => panic!("{other} does not stream"),
    };
    let stream = stream.unwrap_or_else(|e| panic!("{}: the stream did not open: {e}", fx.name));
    assert_eq!(stream.meta().status, 200);
    stream.collect().await
}

fn raw_client(server: &RawServer) -> Client {
    client_builder(&server.url).max_retries(0).build().unwrap()
}

/// Serves `body` in `chunk`-byte writes and streams the fixture's operation from it.
async fn over_raw_server(fx: &Fixture, body: &str, chunk: usize) -> Items {
    let server = RawServer::start(Behavior::Chunked {
        body: body.to_owned(),
        chunk,
    })
    .await;
    let items = run_stream(fx, &raw_client(&server)).await;
    assert_eq!(server.requests(), 1, "{}: one request", fx.name);
    items
}

/// The whole-body replay, checked against the recorded request.
async fn over_replay(name: &str) -> (Fixture, Items) {
    let replay = Replay::start(name).await;
    let items = run_stream(&replay.fixture, &replay.client()).await;
    // Method, path, headers (accept: text/event-stream) and body with "stream": true.
    replay.assert_request().await;
    (replay.fixture, items)
}

fn oks(items: &Items) -> Vec<&AssistantStreamEvent> {
    items.iter().filter_map(|i| i.as_ref().ok()).collect()
}

fn kinds(items: &Items) -> Vec<&'static str> {
    items
        .iter()
        .map(|i| match i {
            Ok(event) => kind(event),
            Err(_) => "<error>",
        })
        .collect()
}

/// Every `Ok` event re-encodes to `{"event": name, "data": data}` as recorded.
fn assert_events_round_trip(fx: &Fixture, items: &Items) {
    let recorded = yielded(&parse_sse(fx.sse_text().unwrap()));
    let events = oks(items);
    assert_eq!(
        events.len(),
        recorded.len(),
        "{}: number of events",
        fx.name
    );
    for (i, (event, want)) in events.iter().zip(&recorded).enumerate() {
        let got = serde_json::to_value(event).unwrap();
        if let Err(at) = same_meaning(&want.as_union_json(), &got, "$") {
            panic!(
                "{}: event {i} ({}) re-encoded with {at}",
                fx.name, want.name
            );
        }
    }
}

/// The same sequence arrives whatever the network does to the bytes.
async fn assert_same_over_every_chunking(fx: &Fixture, whole: &Items) {
    let text = fx.sse_text().unwrap();
    let runs = futures::future::join_all(
        CHUNK_SIZES
            .iter()
            .map(|&chunk| async move { (chunk, over_raw_server(fx, text, chunk).await) }),
    )
    .await;
    for (chunk, items) in runs {
        assert_eq!(
            oks(&items),
            oks(whole),
            "{}: events differ with {chunk}-byte chunks",
            fx.name
        );
        assert_eq!(
            kinds(&items),
            kinds(whole),
            "{}: items differ with {chunk}-byte chunks",
            fx.name
        );
        assert_events_round_trip(fx, &items);
    }
}

fn all_ok(items: Items) -> Vec<AssistantStreamEvent> {
    items
        .into_iter()
        .map(|i| i.unwrap_or_else(|e| panic!("unexpected error item: {e}")))
        .collect()
}

// ------------------------------------------------------------------- (a)

fn check_requires_action(events: &[AssistantStreamEvent]) {
    use AssistantStreamEvent as E;
    assert_eq!(
        events.iter().map(kind).collect::<Vec<_>>(),
        [
            "thread.run.created",
            "thread.run.queued",
            "thread.run.in_progress",
            "thread.run.step.created",
            "thread.run.step.in_progress",
            "thread.run.step.delta",
            "thread.run.step.delta",
            "thread.run.step.delta",
            "thread.run.step.delta",
            "thread.run.requires_action",
        ]
    );
    // The event whose data came on two `data:` lines decoded whole.
    let E::ThreadRunInProgress(in_progress) = &events[2] else {
        unreachable!()
    };
    assert_eq!(in_progress.data.status, RunObjectStatus::InProgress);
    assert_eq!(in_progress.data.model, "gpt-4o");
    assert_eq!(in_progress.data.started_at, Some(1710351818));

    // Call id and name come in the first delta, the arguments in pieces.
    let mut call_id = None;
    let mut name = None;
    let mut arguments = String::new();
    for event in &events[5..9] {
        let E::ThreadRunStepDelta(delta) = event else {
            unreachable!()
        };
        assert_eq!(delta.data.id, "step_001");
        let Some(RunStepDeltaStepDetails::ToolCalls(details)) = &delta.data.delta.step_details
        else {
            panic!("expected a tool_calls delta")
        };
        for call in details.tool_calls.as_deref().unwrap_or_default() {
            let RunStepDeltaToolCall::Function(call) = call else {
                panic!("expected a function call delta, got {call:?}")
            };
            assert_eq!(call.index, 0);
            if let Some(id) = &call.id {
                call_id = Some(id.clone());
            }
            if let Some(function) = &call.function {
                if let Some(n) = &function.name {
                    name = Some(n.clone());
                }
                arguments.push_str(function.arguments.as_deref().unwrap_or_default());
                assert_eq!(function.output, None);
            }
        }
    }
    assert_eq!(call_id.as_deref(), Some("call_XXNp8YGaFrjrSjgqxtC8JJ1B"));
    assert_eq!(name.as_deref(), Some("get_current_weather"));

    let E::ThreadRunRequiresAction(requires) = &events[9] else {
        unreachable!()
    };
    let run = &requires.data;
    assert_eq!(run.status, RunObjectStatus::RequiresAction);
    let action = run.required_action.as_ref().expect("a required action");
    assert_eq!(
        action.r#type,
        RunObjectRequiredActionType::SubmitToolOutputs
    );
    let [call] = &action.submit_tool_outputs.tool_calls[..] else {
        panic!("expected one tool call")
    };
    assert_eq!(Some(call.id.as_str()), call_id.as_deref());
    assert_eq!(call.function.name, "get_current_weather");
    assert_eq!(
        call.function.arguments, arguments,
        "deltas add up to the call"
    );
    let parsed: Value = serde_json::from_str(&arguments).unwrap();
    assert_eq!(
        parsed,
        serde_json::json!({"location": "San Francisco, CA", "unit": "fahrenheit"})
    );
    assert_eq!(run.usage.as_ref().map(|u| u.total_tokens), Some(356));
}

#[tokio::test]
async fn create_run_stream_ending_in_requires_action() {
    let (fx, items) = over_replay("create_run_stream_requires_action").await;
    assert_events_round_trip(&fx, &items);
    assert_same_over_every_chunking(&fx, &items).await;
    check_requires_action(&all_ok(items));
}

// ------------------------------------------------------------------- (b)

#[tokio::test]
async fn create_thread_and_run_stream_builds_text_with_a_citation() {
    use AssistantStreamEvent as E;
    let (fx, items) = over_replay("create_thread_and_run_stream_message_deltas").await;
    assert_events_round_trip(&fx, &items);
    assert_same_over_every_chunking(&fx, &items).await;
    let events = all_ok(items);
    assert_eq!(
        events.iter().map(kind).collect::<Vec<_>>(),
        [
            "thread.created",
            "thread.run.created",
            "thread.run.queued",
            "thread.run.in_progress",
            "thread.run.step.created",
            "thread.run.step.in_progress",
            "thread.message.created",
            "thread.message.in_progress",
            "thread.message.delta",
            "thread.message.delta",
            "thread.message.delta",
            "thread.message.delta",
            "unknown",
            "thread.message.delta",
            "thread.message.completed",
            "thread.run.step.completed",
            "thread.run.completed",
        ]
    );
    let E::ThreadCreated(thread) = &events[0] else {
        unreachable!()
    };
    assert_eq!(thread.data.id, "thread_123");

    // An event name the client does not know is kept whole, not dropped.
    let E::Unknown(raw) = &events[12] else {
        unreachable!()
    };
    assert_eq!(raw["event"], "thread.run.step.heartbeat");
    assert_eq!(raw["data"]["elapsed_ms"], 850);

    let mut text = String::new();
    let mut citations = Vec::new();
    for event in &events {
        let E::ThreadMessageDelta(delta) = event else {
            continue;
        };
        assert_eq!(delta.data.id, "msg_001");
        for part in delta.data.delta.content.as_deref().unwrap_or_default() {
            let MessageDeltaContent::Text(part) = part else {
                panic!("expected a text delta, got {part:?}")
            };
            assert_eq!(part.index, 0);
            let piece = part.text.as_ref().expect("text in a text delta");
            text.push_str(piece.value.as_deref().unwrap_or_default());
            citations.extend(piece.annotations.iter().flatten().cloned());
        }
    }
    assert_eq!(
        text,
        "You get 20 vacation days per year【4:0†handbook.pdf】."
    );
    let [MessageDeltaContentTextAnnotation::FileCitation(citation)] = &citations[..] else {
        panic!("expected one file_citation delta, got {citations:?}")
    };
    assert_eq!(citation.text.as_deref(), Some("【4:0†handbook.pdf】"));
    assert_eq!(
        citation
            .file_citation
            .as_ref()
            .and_then(|c| c.file_id.as_deref()),
        Some("file-abc123")
    );
    let (start, end) = (citation.start_index.unwrap(), citation.end_index.unwrap());
    let chars: Vec<char> = text.chars().collect();
    let cited: String = chars[start as usize..end as usize].iter().collect();
    assert_eq!(Some(cited.as_str()), citation.text.as_deref());

    let E::ThreadMessageCompleted(done) = &events[14] else {
        unreachable!()
    };
    assert_eq!(done.data.status, Some(MessageObjectStatus::Completed));
    let [MessageContent::Text(full)] = &done.data.content[..] else {
        panic!("expected one text part")
    };
    assert_eq!(
        full.text.value, text,
        "deltas add up to the completed message"
    );
    match &full.text.annotations[..] {
        [MessageContentTextAnnotation::FileCitation(c)] => {
            assert_eq!((c.start_index, c.end_index), (start, end));
            assert_eq!(c.file_citation.file_id, "file-abc123");
        }
        other => panic!("expected the citation on the completed message, got {other:?}"),
    }

    let E::ThreadRunCompleted(completed) = &events[16] else {
        unreachable!()
    };
    assert_eq!(completed.data.status, RunObjectStatus::Completed);
    assert_eq!(completed.data.usage.as_ref().unwrap().total_tokens, 434);
}

// ------------------------------------------------------------------- (c)

fn check_error_items(name: &str, items: &Items) {
    assert_eq!(
        items.len(),
        2,
        "{name}: one event, then the error, then the end"
    );
    assert!(
        matches!(&items[0], Ok(AssistantStreamEvent::ThreadRunCreated(e)) if e.data.status == RunObjectStatus::Queued)
    );
    match &items[1] {
        Err(Error::Stream(body)) => {
            assert_eq!(body.message(), Some("Sorry, something went wrong."));
            match &**body {
                ErrorBody::ErrorObject { code, .. } => assert_eq!(
                    code,
                    &Some(portkey_assistants::ErrorCode::Text("server_error".into()))
                ),
                other => panic!("{name}: the error body lost its code: {other:?}"),
            }
        }
        other => panic!("{name}: expected Err(Error::Stream), got {other:?}"),
    }
    let message = items[1].as_ref().unwrap_err().to_string();
    assert!(
        message.contains("Sorry, something went wrong."),
        "{message}"
    );
}

#[tokio::test]
async fn an_error_event_ends_the_stream_with_its_message() {
    let (fx, items) = over_replay("create_run_stream_error").await;
    check_error_items(&fx.name, &items);
    assert_events_round_trip(&fx, &items);
    let text = fx.sse_text().unwrap();
    for chunk in CHUNK_SIZES {
        let chunked = over_raw_server(&fx, text, chunk).await;
        check_error_items(&format!("{} in {chunk}-byte chunks", fx.name), &chunked);
        assert_eq!(oks(&chunked), oks(&items));
    }
}

// ------------------------------------------------------------------- (d)

#[tokio::test]
async fn submit_tool_outputs_stream_finishes_the_run() {
    use AssistantStreamEvent as E;
    let (fx, items) = over_replay("submit_tool_outputs_stream").await;
    assert_events_round_trip(&fx, &items);
    assert_same_over_every_chunking(&fx, &items).await;
    let events = all_ok(items);
    let mut want = vec![
        "thread.run.step.completed",
        "thread.run.queued",
        "thread.run.in_progress",
        "thread.run.step.created",
        "thread.run.step.in_progress",
        "thread.message.created",
        "thread.message.in_progress",
    ];
    want.extend(["thread.message.delta"; 6]);
    want.extend([
        "thread.message.completed",
        "thread.run.step.completed",
        "thread.run.completed",
    ]);
    assert_eq!(events.iter().map(kind).collect::<Vec<_>>(), want);

    let E::ThreadRunStepCompleted(step) = &events[0] else {
        unreachable!()
    };
    let RunStepDetails::ToolCalls(details) = &step.data.step_details else {
        panic!("expected tool calls")
    };
    let [RunStepToolCall::Function(call)] = &details.tool_calls[..] else {
        panic!("expected one function call")
    };
    assert_eq!(call.id, "call_XXNp8YGaFrjrSjgqxtC8JJ1B");
    assert_eq!(
        call.function.output.as_deref(),
        Some("70 degrees and sunny.")
    );

    let text: String = events
        .iter()
        .filter_map(|e| match e {
            E::ThreadMessageDelta(d) => Some(d),
            _ => None,
        })
        .flat_map(|d| d.data.delta.content.clone().unwrap_or_default())
        .map(|part| match part {
            MessageDeltaContent::Text(t) => t.text.and_then(|t| t.value).unwrap_or_default(),
            other => panic!("expected text, got {other:?}"),
        })
        .collect();
    assert_eq!(
        text,
        "The current weather in San Francisco, CA is 70 degrees Fahrenheit and sunny."
    );
    let E::ThreadMessageCompleted(message) = &events[13] else {
        unreachable!()
    };
    assert!(matches!(&message.data.content[..], [MessageContent::Text(t)] if t.text.value == text));
    let E::ThreadRunCompleted(run) = &events[15] else {
        unreachable!()
    };
    assert_eq!(run.data.status, RunObjectStatus::Completed);
    assert_eq!(run.data.completed_at, Some(1710352477));
}

// -------------------------------------------------------- cut-off streams

#[tokio::test]
async fn a_stream_cut_before_done_is_a_protocol_error() {
    let fx = fixture("create_run_stream_requires_action");
    let text = fx.sse_text().unwrap();
    let cut = &text[..text.find("event: done").expect("a done event")];
    let complete: Vec<RecordedEvent> = yielded(&parse_sse(cut));
    for chunk in [7, 64] {
        let items = over_raw_server(&fx, cut, chunk).await;
        assert_eq!(items.len(), complete.len() + 1, "{chunk}-byte chunks");
        check_requires_action(
            &items[..complete.len()]
                .iter()
                .map(|i| i.as_ref().unwrap().clone())
                .collect::<Vec<_>>(),
        );
        match items.last() {
            Some(Err(Error::Protocol(message))) => {
                assert!(message.contains("done"), "{message}")
            }
            other => panic!("expected Err(Error::Protocol) last, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_stream_cut_inside_an_event_ends_with_a_protocol_error() {
    let fx = fixture("create_thread_and_run_stream_message_deltas");
    let text = fx.sse_text().unwrap();
    // Cut in the middle of the `thread.message.completed` data line.
    let at = text.find("event: thread.message.completed").unwrap() + 80;
    let cut = &text[..at];
    let complete = yielded(&parse_sse(cut));
    assert_eq!(complete.len(), 14);
    let items = over_raw_server(&fx, cut, 64).await;
    let (first, rest) = items.split_at(complete.len());
    assert_eq!(
        first.iter().map(|i| i.is_ok()).collect::<Vec<_>>(),
        vec![true; complete.len()],
        "every complete event arrives"
    );
    assert!(
        rest.iter().all(Result::is_err),
        "the half-sent event must not be yielded as an event: {rest:?}"
    );
    assert!(
        matches!(rest.last(), Some(Err(Error::Protocol(_)))),
        "the stream ends with a protocol error: {rest:?}"
    );
}

#[tokio::test]
async fn a_stream_starting_with_a_byte_order_mark_yields_its_first_event_typed() {
    let fx = fixture("create_run_stream_requires_action");
    let text = fx.sse_text().unwrap();
    let with_mark = format!("\u{feff}{text}");
    for chunk in [1, 2, 64] {
        let items = over_raw_server(&fx, &with_mark, chunk).await;
        check_requires_action(&all_ok(items));
    }
}
