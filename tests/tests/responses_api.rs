//! The Responses operations (create, streamed create, get, delete, cancel and
//! list input items) against recorded traffic: each test sends the request
//! recorded in its fixture (body decoded from the fixture, query built by
//! hand), checks that exactly that request arrived, and checks what the reply
//! decoded to. Streams are replayed whole and dribbled out over a raw server a
//! few bytes at a time, and must give the same items; every recorded body and
//! event decodes and re-encodes without loss.

mod api_support;

use api_support::{assert_round_trip, request_body, segment};
use futures::StreamExt;
use integration_tests::raw_server::{Behavior, RawServer};
use integration_tests::{
    assert_lossless, client_builder, fixtures_in, same_meaning, Fixture, Replay,
};
use portkey_assistants::models::*;
use portkey_assistants::{Client, Error, ErrorBody};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const CHUNK_SIZES: [usize; 3] = [1, 7, 64];

type Items = Vec<Result<ResponseStreamEvent, Error>>;

/// A recorded event stream read with a parser of its own (so that it checks
/// the client's): `(event name, data as JSON)` for each event.
fn recorded_events(fx: &Fixture) -> Vec<(String, Value)> {
    let text = fx.sse_text().expect("a recorded event stream");
    let mut events = Vec::new();
    for block in text.split("\n\n").filter(|b| !b.is_empty()) {
        let mut name = None;
        let mut data = Vec::new();
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event: ") {
                name = Some(v.to_owned());
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push(v);
            } else {
                panic!("{}: unexpected line {line:?}", fx.name);
            }
        }
        let data: Value = serde_json::from_str(&data.join("\n")).expect("JSON data");
        events.push((name.expect("an event: line"), data));
    }
    events
}

/// The wire name of an event (`?name` for one the client does not know).
fn kind(event: &ResponseStreamEvent) -> String {
    let value = serde_json::to_value(event).unwrap();
    let name = value["type"].as_str().expect("a type").to_owned();
    match event {
        ResponseStreamEvent::Unknown(_) => format!("?{name}"),
        _ => name,
    }
}

fn kinds(items: &Items) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Ok(event) => kind(event),
            Err(e) => format!("<error: {e}>"),
        })
        .collect()
}

fn oks(items: &Items) -> Vec<&ResponseStreamEvent> {
    items.iter().filter_map(|i| i.as_ref().ok()).collect()
}

async fn collect_stream(fx: &Fixture, client: &Client) -> Items {
    let stream = client
        .create_response_stream(&api_support::stream_request_body::<CreateResponse>(fx))
        .await
        .unwrap_or_else(|e| panic!("{}: the stream did not open: {e}", fx.name));
    assert_eq!(stream.meta().status, 200);
    stream.collect().await
}

/// The whole-body replay, checked against the recorded request.
async fn over_replay(name: &str) -> (Fixture, Items) {
    let replay = Replay::start(name).await;
    let items = collect_stream(&replay.fixture, &replay.client()).await;
    // Method, path, accept: text/event-stream and the body with "stream": true.
    replay.assert_request().await;
    (replay.fixture, items)
}

/// The same stream written `chunk` bytes at a time.
async fn over_raw_server(fx: &Fixture, chunk: usize) -> Items {
    let server = RawServer::start(Behavior::Chunked {
        body: fx.sse_text().unwrap().to_owned(),
        chunk,
    })
    .await;
    let client = client_builder(&server.url).max_retries(0).build().unwrap();
    let items = collect_stream(fx, &client).await;
    assert_eq!(server.requests(), 1, "{}: one request", fx.name);
    items
}

/// Every chunking gives the same events and the same error, and every `Ok`
/// event re-encodes to its recorded data.
async fn assert_same_over_every_chunking(fx: &Fixture, whole: &Items) {
    let recorded: Vec<Value> = recorded_events(fx)
        .into_iter()
        .filter(|(name, _)| name != "error")
        .map(|(_, data)| data)
        .collect();
    for chunk in CHUNK_SIZES {
        let items = over_raw_server(fx, chunk).await;
        assert_eq!(oks(&items), oks(whole), "{}: {chunk}-byte chunks", fx.name);
        assert_eq!(
            kinds(&items),
            kinds(whole),
            "{}: {chunk}-byte chunks",
            fx.name
        );
    }
    let events = oks(whole);
    assert_eq!(
        events.len(),
        recorded.len(),
        "{}: number of events",
        fx.name
    );
    for (i, (event, want)) in events.iter().zip(&recorded).enumerate() {
        let got = serde_json::to_value(event).unwrap();
        if let Err(at) = same_meaning(want, &got, "$") {
            panic!("{}: event {i} re-encoded with {at}", fx.name);
        }
    }
}

fn message_text(item: &OutputItem) -> &str {
    let OutputItem::Message(message) = item else {
        panic!("expected a message, got {item:?}")
    };
    let content = message.content.as_slice();
    let [OutputMessageContent::OutputText(text)] = content else {
        panic!("expected one output_text part, got {content:?}")
    };
    text.text.as_str()
}

// ------------------------------------------------------------------ create

#[tokio::test]
#[allow(
    deprecated,
    reason = "Response::user is deprecated in the spec but still sent"
)]
async fn create_response_from_a_string_reads_reasoning_summary_function_call_and_cited_text() {
    let replay = Replay::start("responses/create_response").await;
    let fx = &replay.fixture;
    let body: CreateResponse = request_body(fx);
    assert_eq!(
        body.input,
        Some(InputParam::String(
            "What is the weather like in Boston today?".to_owned()
        ))
    );
    let response = replay.client().create_response(&body).await.unwrap();
    replay.assert_request().await;

    assert_eq!(
        response.id,
        "resp_68af402f8ee48193ae7a6bd5e3b0b7a205438e46b5f69a3b"
    );
    assert_eq!(response.object, ResponseObject::Response);
    assert_eq!(response.status, Some(ResponseStatus::Completed));
    assert_eq!(fx.response.body["user"], Value::Null);
    assert_eq!(response.user, None);
    assert_eq!(response.completed_at.map(|n| n.get()), Some(1756315699.0));

    let output = response.output.as_slice();
    let [OutputItem::Reasoning(reasoning), OutputItem::FunctionCall(call), message] = output else {
        panic!("unexpected output {output:?}")
    };
    let summary = reasoning.summary.as_deref().expect("a summary");
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].r#type, SummaryTextContentType::SummaryText);
    assert!(summary[0]
        .text
        .as_deref()
        .unwrap()
        .starts_with("**Planning the answer**\n\nThe user wants today's weather in Boston"));

    assert_eq!(call.name.as_deref(), Some("get_current_weather"));
    assert_eq!(
        call.call_id.as_deref(),
        Some("call_Vz6fI2d1nbMYAsX1q7Wte5Q9")
    );
    assert_eq!(call.status, Some(FunctionToolCallStatus::Completed));
    let arguments: Value = serde_json::from_str(call.arguments.as_deref().unwrap()).unwrap();
    assert_eq!(
        arguments,
        json!({"location": "Boston, MA", "unit": "celsius"})
    );

    let text = message_text(message);
    assert!(text.starts_with("Boston is mostly sunny today"));
    let OutputItem::Message(message) = message else {
        unreachable!()
    };
    let [OutputMessageContent::OutputText(part)] = message.content.as_slice() else {
        unreachable!()
    };
    let Some([Annotation::UrlCitation(citation)]) = part.annotations.as_deref() else {
        panic!("expected one url_citation, got {:?}", part.annotations)
    };
    assert_eq!(
        citation.title.as_deref(),
        Some("National Weather Service: Boston, MA")
    );
    assert!(citation
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://forecast.weather.gov/"));
    // The indices count characters and point at the cited words.
    let (start, end) = (citation.start_index.unwrap(), citation.end_index.unwrap());
    let cited: String = text
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    assert_eq!(cited, "National Weather Service");

    let usage = response.usage.as_ref().expect("usage");
    assert_eq!(usage.total_tokens, Some(280));
    assert_eq!(
        usage
            .output_tokens_details
            .as_ref()
            .unwrap()
            .reasoning_tokens,
        Some(64)
    );
    // A field the spec does not declare is kept.
    assert_eq!(response.extra["billing"], json!({"payer": "developer"}));
    assert_round_trip(fx, &response);
}

#[tokio::test]
#[allow(
    deprecated,
    reason = "the search action's query is deprecated in the spec but still sent"
)]
async fn create_response_with_previous_response_and_six_tools_reads_every_built_in_call() {
    let replay = Replay::start("responses/create_response_tools").await;
    let fx = &replay.fixture;
    let body: CreateResponse = request_body(fx);
    assert_eq!(
        body.previous_response_id,
        Some(Some(
            "resp_68af402f8ee48193ae7a6bd5e3b0b7a205438e46b5f69a3b".to_owned()
        ))
    );
    assert_eq!(body.tools.as_ref().map(|t| t.0.len()), Some(6));
    let response = replay.client().create_response(&body).await.unwrap();
    replay.assert_request().await;

    assert_eq!(response.status, Some(ResponseStatus::Completed));
    assert_eq!(
        response.previous_response_id.as_deref(),
        Some("resp_68af402f8ee48193ae7a6bd5e3b0b7a205438e46b5f69a3b")
    );
    assert_eq!(response.tools.as_ref().map(|t| t.0.len()), Some(6));
    let output = response.output.as_slice();
    let [OutputItem::WebSearchCall(web), OutputItem::FileSearchCall(files), OutputItem::McpCall(mcp), OutputItem::CodeInterpreterCall(code), OutputItem::ImageGenerationCall(image), message] =
        output
    else {
        panic!("unexpected output {output:?}")
    };

    assert_eq!(web.status, Some(WebSearchToolCallStatus::Completed));
    let Some(WebSearchToolCallAction::Search(search)) = &web.action else {
        panic!("expected a search action, got {:?}", web.action)
    };
    assert_eq!(
        search.query.as_deref(),
        Some("dragon lore ancient brown dragon attributes")
    );

    assert_eq!(
        files.queries.as_deref(),
        Some(&["attributes of an ancient brown dragon".to_owned()][..])
    );
    assert_eq!(files.results, Some(None), "results: null is kept as null");

    assert_eq!(mcp.server_label.as_deref(), Some("deepwiki"));
    assert_eq!(mcp.name.as_deref(), Some("ask_question"));
    assert_eq!(mcp.status, Some(McpToolCallStatus::Completed));
    assert_eq!(
        mcp.output,
        Some(Some(
            "The 2025-03-26 version of the MCP spec supports stdio and Streamable HTTP.".to_owned()
        ))
    );
    assert_eq!(mcp.error, Some(None));

    assert_eq!(
        code.code,
        Some(Some("import math\nprint(math.sqrt(1764))".to_owned()))
    );
    let Some(Some(outputs)) = &code.outputs else {
        panic!("expected outputs")
    };
    let [CodeInterpreterToolCallOutputsItem::Logs(logs)] = &outputs[..] else {
        panic!("expected one logs output, got {outputs:?}")
    };
    assert_eq!(logs.logs.as_deref(), Some("42.0\n"));

    assert_eq!(image.status, Some(ImageGenToolCallStatus::Completed));
    assert!(matches!(&image.result, Some(Some(png)) if png.starts_with("iVBORw0KGgo")));
    assert_eq!(
        image.extra["revised_prompt"],
        "A small brown dragon curled around a mug of tea"
    );

    assert!(message_text(message).ends_with("here is your picture."));
    let OutputItem::Message(message) = message else {
        unreachable!()
    };
    let [OutputMessageContent::OutputText(part)] = message.content.as_slice() else {
        unreachable!()
    };
    let Some([Annotation::FileCitation(citation)]) = part.annotations.as_deref() else {
        panic!("expected one file_citation, got {:?}", part.annotations)
    };
    assert_eq!(citation.filename.as_deref(), Some("dragons.pdf"));
    assert_eq!(citation.index, Some(56));
    assert_round_trip(fx, &response);
}

/// The six tool kinds of the request, and their echo in the reply.
fn assert_six_tool_kinds(tools: &[Tool]) {
    let [Tool::Function(function), Tool::WebSearchTool(web), Tool::FileSearch(files), Tool::Mcp(mcp), Tool::CodeInterpreter(code), Tool::ImageGeneration(image)] =
        tools
    else {
        panic!("unexpected tools {tools:?}")
    };
    assert_eq!(function.name.as_deref(), Some("get_current_weather"));
    assert_eq!(web.r#type, WebSearchToolType::WebSearch);
    assert_eq!(
        web.search_context_size,
        Some(WebSearchToolSearchContextSize::Medium)
    );
    assert_eq!(
        files.vector_store_ids.as_deref(),
        Some(&["vs_1234567890".to_owned()][..])
    );
    assert_eq!(mcp.server_label.as_deref(), Some("deepwiki"));
    assert!(matches!(
        code.container,
        Some(CodeInterpreterToolContainer::AutoCodeInterpreterToolParam(
            _
        ))
    ));
    assert_eq!(image.r#type, ImageGenToolType::ImageGeneration);
}

#[tokio::test]
async fn create_response_tools_decode_as_their_own_kinds_including_web_search() {
    let replay = Replay::start("responses/create_response_tools").await;
    let body: CreateResponse = request_body(&replay.fixture);
    assert_six_tool_kinds(&body.tools.as_ref().expect("tools").0);
    let response = replay.client().create_response(&body).await.unwrap();
    replay.assert_request().await;
    assert_six_tool_kinds(&response.tools.as_ref().expect("tools").0);
}

#[tokio::test]
async fn create_response_in_a_conversation_names_it_and_is_appended_to_it() {
    let replay = Replay::start("responses/create_response_conversation").await;
    let fx = &replay.fixture;
    let body: CreateResponse = request_body(fx);
    let conversation = "conv_689667905b048191b4740501625afd940c7533ace33a2dab";
    assert_eq!(
        body.conversation,
        Some(Some(ConversationParam::String(conversation.to_owned())))
    );
    let Some(InputParam::Array(input)) = &body.input else {
        panic!("expected an input list, got {:?}", body.input)
    };
    assert!(matches!(&input[..], [InputItem::EasyInputMessage(_)]));
    let response = replay.client().create_response(&body).await.unwrap();
    replay.assert_request().await;

    assert_eq!(
        response.conversation.as_ref().map(|c| c.id.as_str()),
        Some(conversation)
    );
    let output = response.output.as_slice();
    assert_eq!(output.len(), 1);
    assert_eq!(message_text(&output[0]), "You first asked me to say hello.");
    assert_round_trip(fx, &response);
}

#[tokio::test]
#[allow(
    deprecated,
    reason = "Response::user is deprecated in the spec but still sent"
)]
async fn create_response_in_the_background_comes_back_queued_without_output_or_usage() {
    let replay = Replay::start("responses/create_response_background").await;
    let fx = &replay.fixture;
    let body: CreateResponse = request_body(fx);
    assert_eq!(body.background, Some(Some(true)));
    let response = replay.client().create_response(&body).await.unwrap();
    replay.assert_request().await;

    assert_eq!(response.status, Some(ResponseStatus::Queued));
    assert_eq!(response.background, Some(true));
    assert_eq!(response.output, vec![]);
    assert_eq!(fx.response.body["usage"], Value::Null);
    assert_eq!(response.usage, None);
    assert_eq!(response.user, None);
    assert_eq!(response.completed_at, None);
    assert_round_trip(fx, &response);
}

// ------------------------------------------------------------------ streams

#[tokio::test]
#[allow(
    deprecated,
    reason = "Response::user is deprecated in the spec but still sent"
)]
async fn create_response_stream_yields_every_event_and_the_deltas_add_up_to_the_final_text() {
    let (fx, items) = over_replay("responses/create_response_stream").await;
    assert_eq!(
        kinds(&items),
        [
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "?response.some_future_event",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed",
        ]
    );
    let events: Vec<&ResponseStreamEvent> = oks(&items);
    use ResponseStreamEvent as E;

    // The snapshots before any output: no usage, no output items, no user.
    for (i, event) in events[..2].iter().enumerate() {
        let response = match event {
            E::ResponseCreated(e) => e.response.as_ref(),
            E::ResponseInProgress(e) => e.response.as_ref(),
            other => panic!("unexpected {other:?}"),
        }
        .expect("a response snapshot");
        assert_eq!(response.status, Some(ResponseStatus::InProgress));
        assert_eq!(response.usage, None);
        assert_eq!(response.output, vec![]);
        assert_eq!(response.user, None);
        let data = &recorded_events(&fx)[i].1["response"];
        assert_eq!(
            (&data["usage"], &data["user"]),
            (&Value::Null, &Value::Null)
        );
    }

    // Sequence numbers count up from 0, unknown event included.
    let numbers: Vec<i64> = events
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["sequence_number"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(numbers, (0..events.len() as i64).collect::<Vec<_>>());

    let mut deltas = String::new();
    let mut done_text = None;
    for event in &events {
        match event {
            E::ResponseOutputTextDelta(d) => deltas.push_str(&d.delta),
            E::ResponseOutputTextDone(d) => done_text = d.text.clone(),
            _ => {}
        }
    }
    let E::ResponseOutputTextDelta(first) = events[4] else {
        unreachable!()
    };
    assert_eq!(
        first.extra["obfuscation"], "k3Xq",
        "an undeclared field is kept"
    );

    // The unknown event is kept whole.
    let E::Unknown(future) = events[9] else {
        panic!("expected the unknown member, got {:?}", events[9])
    };
    assert_eq!(future, &recorded_events(&fx)[9].1);
    assert_eq!(future["hint"], json!({"kind": "progress", "done": 0.5}));

    let E::ResponseCompleted(completed) = events[18] else {
        unreachable!()
    };
    let response = completed.response.as_ref().expect("the final response");
    assert_eq!(response.status, Some(ResponseStatus::Completed));
    assert_eq!(
        response.usage.as_ref().and_then(|u| u.total_tokens),
        Some(48)
    );
    let final_text = message_text(&response.output[0]);
    assert_eq!(final_text, "Hi there! How can I assist you today?");
    assert_eq!(deltas, final_text);
    assert_eq!(done_text.as_deref(), Some(final_text));

    // No [DONE]: the stream ends with the body, right after response.completed.
    assert!(fx.sse_text().unwrap().trim_end().ends_with('}'));
    assert_same_over_every_chunking(&fx, &items).await;
}

#[tokio::test]
async fn create_response_stream_error_event_ends_the_stream_with_the_servers_message() {
    let (fx, items) = over_replay("responses/create_response_stream_error").await;
    let message = "The server had an error while processing your request. Sorry about that!";
    assert_eq!(
        kinds(&items),
        [
            "response.created".to_owned(),
            "response.in_progress".to_owned(),
            "response.output_item.added".to_owned(),
            format!("<error: the event stream reported an error: {message}>"),
        ]
    );
    let Some(Err(Error::Stream(body))) = items.last() else {
        panic!("expected a stream error, got {:?}", items.last())
    };
    assert_eq!(body.message(), Some(message));
    let ErrorBody::ErrorObject { kind, code, .. } = body.as_ref() else {
        panic!("expected the nested error object, got {body:?}")
    };
    assert_eq!(kind.as_deref(), Some("server_error"));
    assert_eq!(
        code,
        &Some(portkey_assistants::ErrorCode::Text(
            "server_error".to_owned()
        ))
    );
    assert_same_over_every_chunking(&fx, &items).await;
}

// ------------------------------------------------------------------ by id

#[tokio::test]
async fn get_response_sends_include_and_reads_the_stored_response() {
    let replay = Replay::start("responses/get_response").await;
    let fx = &replay.fixture;
    let query = GetResponseQuery {
        include: Some(vec![IncludeEnum::MessageOutputTextLogprobs]),
        ..Default::default()
    };
    let response = replay
        .client()
        .get_response(&segment(&fx.request.path, 1), &query)
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(
        response.id,
        "resp_67cb71b351908190a308f3859487620d06981a8637e6bc44"
    );
    assert_eq!(response.status, Some(ResponseStatus::Completed));
    assert_eq!(response.completed_at.map(|n| n.get()), Some(1741386164.0));
    let output = response.output.as_slice();
    assert!(message_text(&output[0]).starts_with("Silent circuits hum"));
    assert_eq!(
        response.usage.as_ref().and_then(|u| u.total_tokens),
        Some(50)
    );
    assert_round_trip(fx, &response);
}

#[tokio::test]
async fn delete_response_reports_it_deleted() {
    let replay = Replay::start("responses/delete_response").await;
    let fx = &replay.fixture;
    let deleted = replay
        .client()
        .delete_response(&segment(&fx.request.path, 1))
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(deleted.id, "resp_6786a1bec27481909a17d673315b29f6");
    assert_eq!(deleted.object.as_deref(), Some("response"));
    assert_eq!(deleted.deleted, Some(true));
    assert_round_trip(fx, &deleted);
}

#[tokio::test]
async fn cancel_response_sends_no_body_and_reads_the_cancelled_response() {
    let replay = Replay::start("responses/cancel_response").await;
    let fx = &replay.fixture;
    let response = replay
        .client()
        .cancel_response(&segment(&fx.request.path, 1))
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(response.status, Some(ResponseStatus::Cancelled));
    assert_eq!(response.background, Some(true));
    assert_eq!(response.usage, None);
    let output = response.output.as_slice();
    let [OutputItem::Message(message)] = output else {
        panic!("unexpected output {output:?}")
    };
    assert_eq!(message.status, Some(OutputMessageStatus::InProgress));
    assert_round_trip(fx, &response);
}

#[tokio::test]
async fn list_input_items_sends_limit_and_order_and_reads_the_page_and_a_tool_output() {
    let replay = Replay::start("responses/list_input_items").await;
    let fx = &replay.fixture;
    let query = ListInputItemsQuery {
        limit: Some(10),
        order: Some(ListInputItemsOrder::Asc),
        ..Default::default()
    };
    let page = replay
        .client()
        .list_input_items(&segment(&fx.request.path, 1), &query)
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(page.has_more, Some(false));
    assert_eq!(page.first_id.as_deref(), Some("msg_abc123"));
    assert_eq!(page.last_id.as_deref(), Some("fco_abc124"));
    assert_eq!(page.data.len(), 2);
    let ItemResource::FunctionCallOutput(output) = &page.data[1] else {
        panic!("expected a function_call_output, got {:?}", page.data[1])
    };
    assert_eq!(output.id, "fco_abc124");
    assert_eq!(
        output.call_id.as_deref(),
        Some("call_Vz6fI2d1nbMYAsX1q7Wte5Q9")
    );
    assert_eq!(
        output.output,
        Some(FunctionToolCallOutputResourceOutput::String(
            "{\"temperature\":18,\"unit\":\"celsius\"}".to_owned()
        ))
    );
    assert_round_trip(fx, &page);
}

#[tokio::test]
async fn list_input_items_reads_a_stored_user_message_as_a_message_item() {
    let replay = Replay::start("responses/list_input_items").await;
    let fx = &replay.fixture;
    let query = ListInputItemsQuery {
        limit: Some(10),
        order: Some(ListInputItemsOrder::Asc),
        ..Default::default()
    };
    let page = replay
        .client()
        .list_input_items(&segment(&fx.request.path, 1), &query)
        .await
        .unwrap();
    replay.assert_request().await;
    let ItemResource::Message(MessageItemResource::InputMessageResource(message)) = &page.data[0]
    else {
        panic!("expected a user message, got {:?}", page.data[0])
    };
    assert_eq!(message.id, "msg_abc123");
    assert_eq!(message.role, Some(InputMessageResourceRole::User));
    let Some([InputContent::InputText(text)]) = message.content.as_ref().map(|c| &c.0[..]) else {
        panic!("unexpected content {:?}", message.content)
    };
    assert_eq!(
        text.text.as_deref(),
        Some("Tell me a three sentence bedtime story about a unicorn.")
    );
}

// ------------------------------------------------------------------ every fixture

/// The operation a recorded Responses request belongs to.
fn operation(fx: &Fixture) -> &'static str {
    let segments: Vec<&str> = fx
        .request
        .path
        .trim_start_matches("/v1/")
        .split('/')
        .collect();
    match (fx.request.method.as_str(), &segments[..]) {
        ("POST", ["responses"]) if fx.sse_text().is_some() => "createResponse (stream)",
        ("POST", ["responses"]) => "createResponse",
        ("GET", ["responses", _]) => "getResponse",
        ("DELETE", ["responses", _]) => "deleteResponse",
        ("POST", ["responses", _, "cancel"]) => "cancelResponse",
        ("GET", ["responses", _, "input_items"]) => "listInputItems",
        _ => panic!(
            "{}: no Responses operation is {} {}",
            fx.name, fx.request.method, fx.request.path
        ),
    }
}

#[test]
fn every_recorded_responses_body_and_event_decodes_and_re_encodes_losslessly() {
    let fixtures = fixtures_in("responses");
    let mut seen = BTreeSet::new();
    for fx in &fixtures {
        let op = operation(fx);
        seen.insert(op);
        if !fx.request.body.is_null() {
            assert_lossless::<CreateResponse>(&fx.request.body);
        }
        match op {
            "createResponse (stream)" => {
                for (name, data) in recorded_events(fx) {
                    assert_eq!(
                        data["type"],
                        name.as_str(),
                        "{}: event name and type",
                        fx.name
                    );
                    let event = assert_lossless::<ResponseStreamEvent>(&data);
                    let unknown = matches!(event, ResponseStreamEvent::Unknown(_));
                    assert_eq!(
                        unknown,
                        name == "response.some_future_event",
                        "{}: {name} decoded as {event:?}",
                        fx.name
                    );
                }
            }
            "createResponse" | "getResponse" | "cancelResponse" => {
                assert_lossless::<Response>(&fx.response.body);
            }
            "deleteResponse" => {
                assert_lossless::<DeletedResponse>(&fx.response.body);
            }
            "listInputItems" => {
                assert_lossless::<ResponseItemList>(&fx.response.body);
            }
            _ => unreachable!(),
        }
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        [
            "cancelResponse",
            "createResponse",
            "createResponse (stream)",
            "deleteResponse",
            "getResponse",
            "listInputItems",
        ],
        "every operation has a fixture"
    );
}
