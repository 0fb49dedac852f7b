//! Chat Completions against recorded traffic (`tests/fixtures/recorded/chat/`):
//! each operation sends exactly the recorded request (and no Assistants beta
//! header) and decodes the recorded reply into typed fields; each recorded
//! stream yields the same chunks whole and dribbled out 1, 7 or 64 bytes at a
//! time, its deltas add up to the full text and tool arguments, and the usage
//! comes last; every recorded body and stream event decodes and re-encodes
//! without loss.

#[macro_use]
mod api_support;

use api_support::{
    assert_names, recorded_events, replay_stream, request_body, round_trips, StreamCall,
};
use integration_tests::{fixture, fixtures_in, metadata, Fixture, Replay};
use portkey_assistants::models::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

async fn create(name: &str) -> CreateChatCompletionResponse {
    replayed!(name, |client, fx| client
        .create_chat_completion(&request_body(fx)))
    .1
}

fn only_choice(reply: &CreateChatCompletionResponse) -> &CreateChatCompletionResponseChoicesItem {
    assert_eq!(reply.choices.len(), 1, "one choice");
    &reply.choices[0]
}

#[allow(
    deprecated,
    reason = "system_fingerprint is deprecated in the spec but still sent"
)]
fn system_fingerprint(reply: &CreateChatCompletionResponse) -> Option<&str> {
    reply.system_fingerprint.as_deref()
}

fn function_calls(calls: &ChatCompletionMessageToolCalls) -> Vec<&ChatCompletionMessageToolCall> {
    calls
        .0
        .iter()
        .map(|call| match call {
            ChatCompletionMessageToolCallsItem::Function(f) => f,
            other => panic!("not a function call: {other:?}"),
        })
        .collect()
}

// ------------------------------------------------------------ create (JSON)

#[tokio::test]
async fn a_plain_reply_decodes_with_usage_and_a_null_system_fingerprint() {
    let reply = create("chat/create_plain").await;
    assert_eq!(reply.id, "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    assert_eq!(
        reply.object,
        CreateChatCompletionResponseObject::ChatCompletion
    );
    assert_eq!(reply.created, 1_741_569_952);
    assert_eq!(reply.model, "gpt-4o-2024-08-06");
    assert_eq!(system_fingerprint(&reply), None);
    assert_eq!(reply.service_tier, Some(ServiceTier::Default));
    assert_eq!(
        reply.extra["provider"], "openai",
        "the undeclared field is kept"
    );
    let choice = only_choice(&reply);
    assert_eq!(
        choice.finish_reason,
        Some(CreateChatCompletionResponseChoicesItemFinishReason::Stop)
    );
    assert_eq!(
        choice.message.content.as_deref(),
        Some("Hello! How can I assist you today?")
    );
    assert_eq!(
        choice.message.role,
        ChatCompletionResponseMessageRole::Assistant
    );
    assert_eq!(choice.message.refusal, None);
    assert_eq!(choice.message.annotations.as_deref(), Some(&[][..]));
    let usage = reply.usage.as_ref().expect("usage");
    assert_eq!(
        (
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.total_tokens
        ),
        (Some(19), Some(10), Some(29))
    );
    let prompt_details = usage.prompt_tokens_details.as_ref().expect("details");
    assert_eq!(prompt_details.cached_tokens, Some(0));
    let completion_details = usage.completion_tokens_details.as_ref().expect("details");
    assert_eq!(completion_details.reasoning_tokens, Some(0));
}

#[tokio::test]
async fn the_gateways_response_headers_are_read_from_a_chat_reply() {
    let replay = Replay::start("chat/create_plain").await;
    let reply = replay
        .client()
        .create_chat_completion_with_response(&request_body(&replay.fixture))
        .await
        .expect("decodes");
    replay.assert_request().await;
    assert_eq!(reply.meta.status, 200);
    assert_eq!(reply.meta.trace_id(), Some("trace-plain-01"));
    assert_eq!(reply.meta.cache_status(), Some("MISS"));
}

#[tokio::test]
async fn parallel_tool_calls_decode_with_their_names_and_arguments() {
    let reply = create("chat/create_tool_calls").await;
    assert_eq!(system_fingerprint(&reply), None);
    let choice = only_choice(&reply);
    assert_eq!(
        choice.finish_reason,
        Some(CreateChatCompletionResponseChoicesItemFinishReason::ToolCalls)
    );
    assert_eq!(choice.message.content, None);
    let calls = function_calls(choice.message.tool_calls.as_ref().expect("tool calls"));
    let summary: Vec<(&str, &str, Value)> = calls
        .iter()
        .map(|call| {
            let function = &call.function;
            let arguments = function.arguments.as_str();
            (
                call.id.as_str(),
                function.name.as_str(),
                serde_json::from_str(arguments).expect("arguments are JSON"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "call_abc123",
                "get_current_weather",
                json!({"location": "Boston, MA"})
            ),
            (
                "call_def456",
                "get_current_weather",
                json!({"location": "San Francisco, CA", "unit": "fahrenheit"})
            ),
        ]
    );
    assert_eq!(calls[1].r#type, ChatCompletionMessageToolCallType::Function);
    assert_eq!(reply.usage.as_ref().unwrap().total_tokens, Some(130));
}

#[tokio::test]
async fn a_json_schema_response_format_is_sent_and_the_structured_reply_parses() {
    let fx = fixture("chat/create_json_schema");
    let request: CreateChatCompletionRequest = request_body(&fx);
    let Some(CreateChatCompletionRequestResponseFormat::JsonSchema(format)) =
        &request.response_format
    else {
        panic!(
            "not a json_schema response format: {:?}",
            request.response_format
        );
    };
    assert_eq!(format.json_schema.name, "math_reasoning");
    assert_eq!(format.json_schema.strict, Some(Some(true)));
    let schema = format.json_schema.schema.as_ref().expect("a schema");
    assert_eq!(schema.0["required"], json!(["steps", "final_answer"]));

    let reply = create("chat/create_json_schema").await;
    let content = only_choice(&reply)
        .message
        .content
        .as_deref()
        .expect("content");
    let answer: Value = serde_json::from_str(content).expect("the content is JSON");
    assert_eq!(answer["final_answer"], "x = -3.75");
    assert_eq!(answer["steps"].as_array().map(Vec::len), Some(2));
    assert_eq!(system_fingerprint(&reply), None);
}

#[tokio::test]
async fn two_choices_carry_their_own_log_probabilities() {
    let reply = create("chat/create_n2_logprobs").await;
    assert_eq!(reply.choices.len(), 2);
    for (i, choice) in reply.choices.iter().enumerate() {
        assert_eq!(choice.index, i as i64);
        let content = choice.message.content.as_deref().expect("content");
        let tokens = choice
            .logprobs
            .as_ref()
            .and_then(|l| l.content.as_ref())
            .expect("token log probabilities");
        let joined: String = tokens.iter().map(|t| t.token.as_deref().unwrap()).collect();
        assert_eq!(joined, content, "choice {i}: the tokens spell the content");
        for token in tokens {
            assert_eq!(token.top_logprobs.as_ref().map(Vec::len), Some(2));
            let text = token.token.as_deref().unwrap();
            assert_eq!(
                token.bytes.as_deref(),
                Some(&text.bytes().map(i64::from).collect::<Vec<_>>()[..])
            );
            assert!(token.logprob.unwrap().get() < 0.0);
        }
    }
    let first = &reply.choices[0]
        .logprobs
        .as_ref()
        .unwrap()
        .content
        .as_ref()
        .unwrap()[0];
    assert_eq!(first.logprob.unwrap().get(), -0.31725305);
    let alternatives = first.top_logprobs.as_ref().unwrap();
    assert_eq!(alternatives[1].token.as_deref(), Some("Hi"));
    assert_eq!(alternatives[1].logprob.unwrap().get(), -1.3190403);
    assert_eq!(
        reply.choices[1].message.content.as_deref(),
        Some("Hi there!")
    );
}

#[tokio::test]
async fn an_image_content_part_is_sent_and_the_reply_describes_it() {
    let fx = fixture("chat/create_image_input");
    let request: CreateChatCompletionRequest = request_body(&fx);
    let ChatCompletionRequestMessage::User(user) = &request.messages[0] else {
        panic!("not a user message");
    };
    let ChatCompletionRequestUserMessageContent::Array(parts) = &user.content else {
        panic!("not content parts");
    };
    let ChatCompletionRequestUserMessageContentPart::ImageUrl(image) = &parts[1] else {
        panic!("the second part is not an image: {:?}", parts[1]);
    };
    let url = image.image_url.as_ref().expect("an image_url");
    assert_eq!(
        url.detail,
        Some(ChatCompletionRequestMessageContentPartImageImageUrlDetail::Low)
    );
    assert!(url.url.as_deref().unwrap().ends_with(".jpg"));

    let reply = create("chat/create_image_input").await;
    let content = only_choice(&reply).message.content.as_deref().unwrap();
    assert!(content.contains("boardwalk"), "{content}");
    assert_eq!(reply.usage.as_ref().unwrap().prompt_tokens, Some(1117));
}

#[tokio::test]
async fn a_refusal_arrives_as_refusal_text_without_content() {
    let reply = create("chat/create_refusal").await;
    let choice = only_choice(&reply);
    assert_eq!(choice.message.content, None);
    assert_eq!(
        choice.message.refusal.as_deref(),
        Some("I'm sorry, I can't assist with that request.")
    );
    assert_eq!(
        choice.finish_reason,
        Some(CreateChatCompletionResponseChoicesItemFinishReason::Stop)
    );
    assert_eq!(system_fingerprint(&reply), None);
}

// ------------------------------------------------------------ stored completions

#[tokio::test]
async fn listing_stored_completions_sends_the_filters_and_decodes_the_page() {
    let query = ListChatCompletionsQuery {
        model: Some("gpt-4o-2024-08-06".into()),
        metadata: Some(metadata(&[("topic", "haiku")])),
        limit: Some(2),
        order: Some(ListChatCompletionsOrder::Desc),
        ..ListChatCompletionsQuery::default()
    };
    let page = replayed!("chat/list", |client, _fx| client
        .list_chat_completions(&query))
    .1;
    assert_eq!(page.object, ChatCompletionListObject::List);
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.has_more, Some(true));
    assert_eq!(
        page.last_id.as_deref(),
        Some("chatcmpl-AyPNKvd7sAFXCpzsvMmRL3Vwn2W5Q")
    );
    for item in &page.data {
        assert_eq!(system_fingerprint(item), None);
        assert_eq!(item.metadata, Some(metadata(&[("topic", "haiku")])));
        assert_eq!(item.extra["seed"], json!(4944116822809979520_u64));
        assert_eq!(
            item.extra["tool_choice"],
            Value::Null,
            "an undeclared null is kept"
        );
    }
    assert_eq!(page.data[1].created, 1_738_960_512);
}

#[tokio::test]
async fn a_stored_completion_decodes_with_a_float_created_time() {
    let fx = fixture("chat/get");
    assert!(
        fx.response.body["created"].is_f64(),
        "the recording has 1738960610.0"
    );
    let reply = replayed!("chat/get", |client, _fx| client
        .get_chat_completion("chatcmpl-abc123"))
    .1;
    assert_eq!(reply.created, 1_738_960_610);
    assert_eq!(reply.id, "chatcmpl-abc123");
    assert_eq!(system_fingerprint(&reply), None);
    assert_eq!(
        only_choice(&reply).message.content.as_deref(),
        Some("Mind of circuits hum,  \nLearning patterns in silence—  \nFuture's quiet spark.")
    );
    assert_eq!(
        reply.extra["request_id"],
        "req_ded8ab984ec4bf840f37566c1011c417"
    );
}

#[tokio::test]
async fn updating_a_stored_completion_sends_only_its_metadata() {
    let body = UpdateChatCompletionRequest {
        metadata: Some(metadata(&[("foo", "bar")])),
        extra: BTreeMap::new(),
    };
    let reply = replayed!("chat/update", |client, _fx| client
        .update_chat_completion("chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2", &body))
    .1;
    assert_eq!(reply.metadata, Some(metadata(&[("foo", "bar")])));
    assert_eq!(reply.usage.as_ref().unwrap().total_tokens, Some(31));
}

#[tokio::test]
async fn deleting_a_stored_completion_confirms_it() {
    let reply = replayed!("chat/delete", |client, _fx| client
        .delete_chat_completion("chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2"))
    .1;
    assert_eq!(
        reply.object,
        ChatCompletionDeletedObject::ChatCompletionDeleted
    );
    assert_eq!(reply.id, "chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2");
    assert_eq!(reply.deleted, Some(true));
}

#[tokio::test]
async fn the_messages_of_a_stored_completion_decode_with_their_content_parts() {
    let query = GetChatCompletionMessagesQuery {
        limit: Some(2),
        order: Some(GetChatCompletionMessagesOrder::Asc),
        ..GetChatCompletionMessagesQuery::default()
    };
    let page = replayed!("chat/get_messages", |client, _fx| client
        .get_chat_completion_messages(
            "chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2",
            &query
        ))
    .1;
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.has_more, Some(false));
    assert_eq!(page.data[0].id, "chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2-0");
    assert_eq!(
        page.data[0].content.as_deref(),
        Some("write a haiku about ai")
    );
    assert_eq!(page.data[0].content_parts, None);
    assert_eq!(page.data[0].extra["name"], Value::Null);
    let parts = page.data[1].content_parts.as_ref().expect("content parts");
    assert!(matches!(
        &parts[0],
        ChatCompletionMessageListDataItemContentPartsItem::Text(t) if t.text.as_deref() == Some("and one about this picture")
    ));
    let ChatCompletionMessageListDataItemContentPartsItem::ImageUrl(image) = &parts[1] else {
        panic!("not an image part: {:?}", parts[1]);
    };
    assert_eq!(
        image.image_url.as_ref().and_then(|u| u.url.as_deref()),
        Some("https://example.com/boardwalk.jpg")
    );
}

// ------------------------------------------------------------ streams

fn content_of(chunks: &[CreateChatCompletionStreamResponse]) -> String {
    chunks
        .iter()
        .flat_map(|c| c.choices.iter().flatten())
        .filter_map(|choice| choice.delta.as_ref()?.content.clone())
        .collect()
}

fn finish_reasons(
    chunks: &[CreateChatCompletionStreamResponse],
) -> Vec<CreateChatCompletionStreamResponseChoicesItemFinishReason> {
    chunks
        .iter()
        .flat_map(|c| c.choices.iter().flatten())
        .filter_map(|choice| choice.finish_reason.clone())
        .collect()
}

#[allow(
    deprecated,
    reason = "system_fingerprint is deprecated in the spec but still sent"
)]
fn chunk_fingerprint(chunk: &CreateChatCompletionStreamResponse) -> Option<&str> {
    chunk.system_fingerprint.as_deref()
}

/// With include_usage, every chunk but the last has usage null (absent once
/// decoded); the last has no choices and the usage.
fn assert_usage_only_last(
    fx: &Fixture,
    chunks: &[CreateChatCompletionStreamResponse],
) -> CompletionUsage {
    let recorded = recorded_events(fx);
    let (last, earlier) = chunks.split_last().expect("chunks");
    for (i, chunk) in earlier.iter().enumerate() {
        assert_eq!(chunk.usage, None, "{}: chunk {i} has no usage", fx.name);
        assert_eq!(
            recorded[i]["usage"],
            Value::Null,
            "{}: chunk {i} recorded usage null",
            fx.name
        );
    }
    assert_eq!(
        last.choices.as_deref(),
        Some(&[][..]),
        "{}: the usage chunk has choices []",
        fx.name
    );
    last.usage.clone().expect("usage on the last chunk")
}

#[tokio::test]
async fn a_text_stream_adds_up_to_the_reply_and_ends_with_the_usage() {
    let (fx, chunks) = replay_stream("chat/create_stream_text", StreamCall::Chat).await;
    assert_eq!(chunks.len(), 12);
    assert_eq!(content_of(&chunks), "Hello! How can I help you today?");
    assert_eq!(
        chunks[0].choices.as_ref().unwrap()[0]
            .delta
            .as_ref()
            .unwrap()
            .role,
        Some(ChatCompletionStreamResponseDeltaRole::Assistant)
    );
    assert_eq!(
        finish_reasons(&chunks),
        [CreateChatCompletionStreamResponseChoicesItemFinishReason::Stop]
    );
    for chunk in &chunks {
        assert_eq!(chunk.id, "chatcmpl-stream-text-01");
        assert_eq!(
            chunk.object,
            CreateChatCompletionStreamResponseObject::ChatCompletionChunk
        );
        assert_eq!(chunk_fingerprint(chunk), None);
    }
    let usage = assert_usage_only_last(&fx, &chunks);
    assert_eq!(
        (
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.total_tokens
        ),
        (Some(9), Some(9), Some(18))
    );
}

#[tokio::test]
async fn streamed_tool_call_deltas_add_up_to_each_calls_arguments() {
    let (fx, chunks) = replay_stream("chat/create_stream_tool_calls", StreamCall::Chat).await;
    // index → (id, name, arguments)
    let mut calls: BTreeMap<i64, (String, String, String)> = BTreeMap::new();
    for delta in chunks
        .iter()
        .flat_map(|c| c.choices.iter().flatten())
        .filter_map(|choice| choice.delta.as_ref())
    {
        for call in delta.tool_calls.iter().flatten() {
            let entry = calls.entry(call.index.expect("an index")).or_default();
            if let Some(id) = &call.id {
                assert!(entry.0.is_empty(), "the id comes once");
                entry.0 = id.clone();
            }
            let function = call.function.as_ref().expect("a function delta");
            if let Some(name) = &function.name {
                entry.1 = name.clone();
            }
            entry.2 += function.arguments.as_deref().unwrap_or("");
        }
    }
    let calls: Vec<(String, String, Value)> = calls
        .into_values()
        .map(|(id, name, args)| {
            (
                id,
                name,
                serde_json::from_str(&args).expect("arguments are JSON"),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            (
                "call_abc123".to_owned(),
                "get_current_weather".to_owned(),
                json!({"location": "Boston, MA"})
            ),
            (
                "call_def456".to_owned(),
                "get_current_weather".to_owned(),
                json!({"location": "San Francisco, CA", "unit": "fahrenheit"})
            ),
        ]
    );
    assert_eq!(content_of(&chunks), "", "no text, only calls");
    assert_eq!(
        finish_reasons(&chunks),
        [CreateChatCompletionStreamResponseChoicesItemFinishReason::ToolCalls]
    );
    let usage = assert_usage_only_last(&fx, &chunks);
    assert_eq!(usage.total_tokens, Some(130));
}

#[tokio::test]
async fn an_azure_stream_with_an_empty_first_chunk_decodes() {
    let (_fx, chunks) = replay_stream("chat/create_stream_azure", StreamCall::Chat).await;
    let first = &chunks[0];
    assert_eq!(first.id, "");
    assert_eq!(first.model.as_deref(), Some(""));
    assert_eq!(first.created, Some(0));
    assert_eq!(
        first.object,
        CreateChatCompletionStreamResponseObject::Unknown(String::new())
    );
    assert_eq!(first.choices.as_deref(), Some(&[][..]));
    let filters = first.extra["prompt_filter_results"]
        .as_array()
        .expect("kept");
    assert_eq!(
        filters[0]["content_filter_results"]["hate"]["severity"],
        "safe"
    );

    for chunk in &chunks[1..] {
        assert_eq!(chunk.id, "chatcmpl-A6ZUa3XbYcHR1GJkEwFq7rTVXZ5tm");
        assert_eq!(
            chunk.object,
            CreateChatCompletionStreamResponseObject::ChatCompletionChunk
        );
        let choice = &chunk.choices.as_ref().unwrap()[0];
        assert!(choice.extra.contains_key("content_filter_results"));
    }
    assert_eq!(content_of(&chunks), "The capital of France is Paris.");
    assert_eq!(
        finish_reasons(&chunks),
        [CreateChatCompletionStreamResponseChoicesItemFinishReason::Stop]
    );
}

#[tokio::test]
async fn audio_model_chunks_without_choices_decode_and_the_usage_comes_last() {
    let (fx, chunks) = replay_stream("chat/create_stream_audio", StreamCall::Chat).await;
    let recorded = recorded_events(&fx);
    let without_choices: Vec<usize> = (0..chunks.len())
        .filter(|&i| chunks[i].choices.is_none())
        .collect();
    let recorded_without: Vec<usize> = (0..recorded.len())
        .filter(|&i| recorded[i].get("choices").is_none())
        .collect();
    assert_eq!(without_choices, recorded_without);
    assert_eq!(
        without_choices.len(),
        4,
        "three audio chunks and the usage chunk"
    );

    let transcript: String = chunks
        .iter()
        .flat_map(|c| c.choices.iter().flatten())
        .filter_map(|choice| {
            choice
                .delta
                .as_ref()?
                .extra
                .get("audio")?
                .get("transcript")?
                .as_str()
        })
        .collect();
    assert_eq!(transcript, "Yes, golden retrievers are great family dogs.");
    let audio: Vec<&str> = chunks
        .iter()
        .filter(|c| c.choices.is_none())
        .filter_map(|c| c.extra.get("audio")?.get("data")?.as_str())
        .collect();
    assert_eq!(audio.len(), 3);
    assert!(audio.iter().all(|data| !data.is_empty()));

    let last = chunks.last().unwrap();
    assert!(last.choices.is_none());
    let usage = last.usage.as_ref().expect("usage on the last chunk");
    assert_eq!(usage.total_tokens, Some(168));
    assert_eq!(
        usage
            .completion_tokens_details
            .as_ref()
            .unwrap()
            .audio_tokens,
        Some(127)
    );
    assert!(chunks[..chunks.len() - 1].iter().all(|c| c.usage.is_none()));
    assert_eq!(
        finish_reasons(&chunks),
        [CreateChatCompletionStreamResponseChoicesItemFinishReason::Stop]
    );
}

// ------------------------------------------------------------ every fixture

const CHAT_FIXTURES: &[&str] = &[
    "create_plain",
    "create_tool_calls",
    "create_json_schema",
    "create_n2_logprobs",
    "create_image_input",
    "create_refusal",
    "create_stream_text",
    "create_stream_tool_calls",
    "create_stream_azure",
    "create_stream_audio",
    "list",
    "get",
    "update",
    "delete",
    "get_messages",
];

#[test]
fn every_recorded_chat_body_and_stream_event_round_trips_without_loss() {
    let fixtures = fixtures_in("chat");
    assert_names(&fixtures, "chat", CHAT_FIXTURES);
    let mut events = 0;
    for fx in &fixtures {
        let path: Vec<&str> = fx.request.path.split('/').collect();
        let req = &fx.request.body;
        let res = &fx.response.body;
        match (fx.request.method.as_str(), &path[..]) {
            ("POST", ["", "v1", "chat", "completions"]) => {
                round_trips::<CreateChatCompletionRequest>(fx, "request", req);
                if fx.sse_text().is_some() {
                    for (i, event) in recorded_events(fx).iter().enumerate() {
                        round_trips::<CreateChatCompletionStreamResponse>(
                            fx,
                            &format!("event {i}"),
                            event,
                        );
                        events += 1;
                    }
                } else {
                    round_trips::<CreateChatCompletionResponse>(fx, "response", res);
                }
            }
            ("GET", ["", "v1", "chat", "completions"]) => {
                assert!(req.is_null());
                round_trips::<ChatCompletionList>(fx, "response", res);
            }
            ("GET", ["", "v1", "chat", "completions", _]) => {
                assert!(req.is_null());
                round_trips::<CreateChatCompletionResponse>(fx, "response", res);
            }
            ("POST", ["", "v1", "chat", "completions", _]) => {
                round_trips::<UpdateChatCompletionRequest>(fx, "request", req);
                round_trips::<CreateChatCompletionResponse>(fx, "response", res);
            }
            ("DELETE", ["", "v1", "chat", "completions", _]) => {
                assert!(req.is_null());
                round_trips::<ChatCompletionDeleted>(fx, "response", res);
            }
            ("GET", ["", "v1", "chat", "completions", _, "messages"]) => {
                assert!(req.is_null());
                round_trips::<ChatCompletionMessageList>(fx, "response", res);
            }
            _ => panic!(
                "{}: no chat operation is {} {}",
                fx.name, fx.request.method, fx.request.path
            ),
        }
    }
    assert!(events >= 40, "the stream events were walked ({events})");
}
