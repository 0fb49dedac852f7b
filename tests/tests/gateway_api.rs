//! Portkey prompts, embeddings, feedback and models against recorded traffic
//! (`tests/fixtures/recorded/{prompts,embeddings,feedback,models}/`): each
//! operation sends exactly the recorded request with only the credentials it
//! takes (and no Assistants beta header) and decodes the recorded reply; a
//! streamed prompt yields the same chunks whole and in 1, 7 and 64-byte
//! pieces; base64 embeddings stay strings; every recorded body and stream
//! event decodes and re-encodes without loss.

#[macro_use]
mod api_support;

use api_support::{
    assert_header_absent, assert_names, recorded_events, replay_stream, request_body, round_trips,
    StreamCall,
};
use integration_tests::{fixture, fixtures_in, Replay};
use portkey_assistants::models::*;
use serde_json::{json, Value};

/// An operation that takes only the Portkey API key sends no virtual key,
/// although the client has one.
async fn assert_api_key_only(replay: &Replay) {
    assert_header_absent(replay, "x-portkey-virtual-key").await;
}

#[allow(
    deprecated,
    reason = "system_fingerprint is deprecated in the spec but still sent"
)]
fn system_fingerprint(reply: &CreateChatCompletionResponse) -> Option<&str> {
    reply.system_fingerprint.as_deref()
}

// ------------------------------------------------------------ prompts

#[tokio::test]
async fn a_prompt_completion_in_the_published_envelope_decodes_as_the_envelope() {
    let (replay, reply) = replayed!("prompts/completion", |client, fx| client
        .create_prompt_completion("pp-greeter-2f1e0a", &request_body(fx)));
    assert_api_key_only(&replay).await;
    let PromptCompletionResponse::PromptCompletionEnvelope(envelope) = reply else {
        panic!("not the envelope: {reply:?}");
    };
    assert_eq!(envelope.status.as_deref(), Some("success"));
    assert_eq!(
        envelope.headers.as_ref().unwrap()["x-portkey-trace-id"],
        "trace-prompt-01"
    );
    let body = &envelope.body;
    assert_eq!(body.id, "chatcmpl-prompt-01");
    assert_eq!(system_fingerprint(body), None);
    assert_eq!(
        body.choices[0].message.content.as_deref(),
        Some("Hello! Nice to meet you. How can I help today?")
    );
    assert_eq!(body.usage.as_ref().unwrap().total_tokens, Some(38));
}

#[tokio::test]
async fn a_prompt_completion_sends_variables_and_overrides_at_the_root() {
    let fx = fixture("prompts/completion");
    let request: PromptCompletionRequest = request_body(&fx);
    assert_eq!(request.variables.0["user_input"], "Hello world");
    assert_eq!(request.max_completion_tokens, Some(250));
    assert_eq!(request.presence_penalty.map(|n| n.get()), Some(0.2));
    assert_eq!(request.stream, None);
}

#[tokio::test]
async fn an_unwrapped_prompt_completion_decodes_as_a_chat_completion() {
    let fx = fixture("prompts/completion_plain");
    assert!(
        fx.response.body["created"].is_f64(),
        "the recording has 1741570011.0"
    );
    let (replay, reply) = replayed!("prompts/completion_plain", |client, fx| client
        .create_prompt_completion("pp-greeter-2f1e0a", &request_body(fx)));
    assert_api_key_only(&replay).await;
    let PromptCompletionResponse::CreateChatCompletionResponse(completion) = reply else {
        panic!("not a chat completion: {reply:?}");
    };
    assert_eq!(completion.created, 1_741_570_011);
    assert_eq!(system_fingerprint(&completion), None);
    assert_eq!(completion.extra["provider"], "openai");
    assert_eq!(
        completion.choices[0].message.content.as_deref(),
        Some("Bonjour ! Comment puis-je vous aider ?")
    );
}

#[tokio::test]
async fn a_streamed_prompt_version_adds_up_to_the_reply_whole_and_in_pieces() {
    let (fx, chunks) = replay_stream(
        "prompts/completion_stream",
        StreamCall::Prompt("pp-greeter-2f1e0a@12"),
    )
    .await;
    assert_eq!(
        fx.request.path,
        "/v1/prompts/pp-greeter-2f1e0a%4012/completions"
    );
    let text: String = chunks
        .iter()
        .flat_map(|c| c.choices.iter().flatten())
        .filter_map(|choice| choice.delta.as_ref()?.content.clone())
        .collect();
    assert_eq!(text, "Hello world! How can I help?");
    let finish: Vec<_> = chunks
        .iter()
        .flat_map(|c| c.choices.iter().flatten())
        .filter_map(|choice| choice.finish_reason.clone())
        .collect();
    assert_eq!(
        finish,
        [CreateChatCompletionStreamResponseChoicesItemFinishReason::Stop]
    );
    assert!(chunks.iter().all(|c| c.id == "chatcmpl-prompt-stream-01"));
    // The streamed prompt sends the API key only.
    let replay = Replay::start("prompts/completion_stream").await;
    api_support::collect_stream(
        StreamCall::Prompt("pp-greeter-2f1e0a@12"),
        &replay.fixture,
        &replay.client(),
    )
    .await;
    assert_api_key_only(&replay).await;
}

#[tokio::test]
async fn rendering_a_prompt_returns_the_chat_request_it_makes() {
    let (replay, reply) = replayed!("prompts/render", |client, fx| client
        .create_prompt_render("pp-greeter-2f1e0a", &request_body(fx)));
    assert_api_key_only(&replay).await;
    assert_eq!(reply.success, Some(true));
    let data = reply.data.as_ref().expect("the rendered request");
    assert_eq!(data.model, ModelIdsShared::from("gpt-4o"));
    assert_eq!(data.max_completion_tokens, Some(Some(250)));
    assert_eq!(data.temperature.flatten().map(|n| n.get()), Some(0.7));
    assert_eq!(data.messages.len(), 2);
    let ChatCompletionRequestMessage::User(user) = &data.messages[1] else {
        panic!("not a user message: {:?}", data.messages[1]);
    };
    assert_eq!(
        user.content,
        ChatCompletionRequestUserMessageContent::String("Hello world".into())
    );
    assert!(matches!(
        data.messages[0],
        ChatCompletionRequestMessage::System(_)
    ));
}

// ------------------------------------------------------------ embeddings

#[tokio::test]
async fn float_embeddings_arrive_as_vectors_one_per_input() {
    let fx = fixture("embeddings/float");
    let request: CreateEmbeddingRequest = request_body(&fx);
    assert!(
        matches!(&request.input, CreateEmbeddingRequestInput::Array(texts) if texts.len() == 2)
    );
    assert_eq!(request.dimensions, Some(8));
    assert_eq!(
        request.encoding_format,
        Some(CreateEmbeddingRequestEncodingFormat::Float)
    );

    let (_replay, reply) = replayed!("embeddings/float", |client, fx| client
        .create_embedding(&request_body(fx)));
    assert_eq!(reply.object, CreateEmbeddingResponseObject::List);
    assert_eq!(reply.data.len(), 2);
    for (i, item) in reply.data.iter().enumerate() {
        assert_eq!(item.index, i as i64);
        assert_eq!(item.object, EmbeddingObject::Embedding);
        let EmbeddingEmbedding::Array(vector) = &item.embedding else {
            panic!("embedding {i} is not an array: {:?}", item.embedding);
        };
        assert_eq!(vector.len(), 8);
    }
    let EmbeddingEmbedding::Array(first) = &reply.data[0].embedding else {
        unreachable!()
    };
    assert_eq!(first[0].get(), 0.0023064255);
    assert_eq!(first[1].get(), -0.009327292);
    assert_eq!(reply.usage.as_ref().unwrap().prompt_tokens, Some(17));
    assert_eq!(reply.extra["provider"], "openai");
}

#[tokio::test]
async fn base64_embeddings_of_token_arrays_arrive_as_strings() {
    let fx = fixture("embeddings/base64");
    let request: CreateEmbeddingRequest = request_body(&fx);
    assert_eq!(
        request.input,
        CreateEmbeddingRequestInput::Array3(vec![
            vec![791, 3691, 574, 18406],
            vec![791, 4062, 14198, 39935]
        ])
    );
    assert_eq!(
        request.encoding_format,
        Some(CreateEmbeddingRequestEncodingFormat::Base64)
    );

    let (_replay, reply) = replayed!("embeddings/base64", |client, fx| client
        .create_embedding(&request_body(fx)));
    assert_eq!(reply.data.len(), 2);
    for (i, item) in reply.data.iter().enumerate() {
        let EmbeddingEmbedding::String(text) = &item.embedding else {
            panic!(
                "embedding {i} is not the string variant: {:?}",
                item.embedding
            );
        };
        assert_eq!(
            Some(text.as_str()),
            fx.response.body["data"][i]["embedding"].as_str()
        );
        // 4 dimensions × 4 bytes = 16 bytes = 24 base64 characters.
        assert_eq!(text.as_str().len(), 24);
    }
}

// ------------------------------------------------------------ feedback

#[tokio::test]
async fn feedback_is_created_with_its_weight_and_metadata() {
    let body = FeedbackRequest {
        weight: Some(0.8.into()),
        metadata: Some(
            json!({"_user": "user-42", "channel": "web"})
                .as_object()
                .unwrap()
                .clone(),
        ),
        ..FeedbackRequest::new("trace-9f4c2a71", 5)
    };
    let (replay, reply) = replayed!("feedback/create", |client, _fx| client
        .create_feedback(&body));
    assert_api_key_only(&replay).await;
    assert_eq!(reply.status.as_deref(), Some("success"));
    assert_eq!(
        reply.feedback_ids.as_deref(),
        Some(&["b2a6c3e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e".to_owned()][..])
    );
}

#[tokio::test]
async fn feedback_is_updated_by_its_id() {
    let (replay, reply) = replayed!("feedback/update", |client, fx| client
        .update_feedback("b2a6c3e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e", &request_body(fx)));
    assert_api_key_only(&replay).await;
    assert_eq!(
        reply.message.as_deref(),
        Some("Feedback updated successfully")
    );
    let request: FeedbackUpdateRequest = request_body(&replay.fixture);
    assert_eq!(request.value, -2);
    assert_eq!(request.weight.map(|w| w.get()), Some(1.0));
    assert!(
        !request.weight.unwrap().is_integer(),
        "1.0 is kept as written"
    );
}

// ------------------------------------------------------------ models

#[tokio::test]
async fn the_model_listing_sends_its_filters_with_the_api_key_only() {
    let query = ListModelsQuery {
        provider: Some("openai".into()),
        limit: Some(2),
        order: Some(ListModelsOrder::Desc),
        ..ListModelsQuery::default()
    };
    let (replay, page) = replayed!("models/list", |client, _fx| client.list_models(&query));
    assert_api_key_only(&replay).await;
    assert_eq!(page.total, Some(2));
    assert_eq!(page.data[0].id, "@openai-prod/gpt-4o-mini");
    assert_eq!(page.data[0].created, None);
    assert_eq!(page.data[1].owned_by.as_deref(), Some("system"));
    assert_eq!(page.data[1].extra["context_window"], 128000);
}

#[tokio::test]
async fn a_model_id_with_colons_is_one_encoded_path_segment() {
    let (_replay, model) = replayed!("models/retrieve", |client, _fx| client
        .retrieve_model("ft:gpt-4o-mini:acemeco:suffix:abc123"));
    assert_eq!(model.id, "ft:gpt-4o-mini:acemeco:suffix:abc123");
    assert_eq!(model.created, Some(1_721_172_741));
    assert_eq!(model.owned_by.as_deref(), Some("acemeco"));
    assert_eq!(model.shutdown_date, None);
}

// ------------------------------------------------------------ every fixture

#[test]
fn every_recorded_prompt_body_and_stream_event_round_trips_without_loss() {
    let fixtures = fixtures_in("prompts");
    assert_names(
        &fixtures,
        "prompts",
        &[
            "completion",
            "completion_plain",
            "completion_stream",
            "render",
        ],
    );
    let mut events = 0;
    for fx in &fixtures {
        let res = &fx.response.body;
        if fx.request.path.ends_with("/render") {
            round_trips::<PromptRenderRequest>(fx, "request", &fx.request.body);
            round_trips::<PromptRenderResponse>(fx, "response", res);
        } else {
            assert!(fx.request.path.ends_with("/completions"), "{}", fx.name);
            round_trips::<PromptCompletionRequest>(fx, "request", &fx.request.body);
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
                let decoded = round_trips::<PromptCompletionResponse>(fx, "response", res);
                assert!(
                    !matches!(decoded, PromptCompletionResponse::Unknown(_)),
                    "{}: decoded as neither known shape",
                    fx.name
                );
            }
        }
    }
    assert_eq!(events, 10);
}

#[test]
fn every_recorded_embedding_body_round_trips_without_loss() {
    let fixtures = fixtures_in("embeddings");
    assert_names(&fixtures, "embeddings", &["base64", "float"]);
    for fx in &fixtures {
        let request = round_trips::<CreateEmbeddingRequest>(fx, "request", &fx.request.body);
        assert!(
            !matches!(request.input, CreateEmbeddingRequestInput::Unknown(_)),
            "{}",
            fx.name
        );
        let response = round_trips::<CreateEmbeddingResponse>(fx, "response", &fx.response.body);
        for item in &response.data {
            assert!(
                !matches!(item.embedding, EmbeddingEmbedding::Unknown(_)),
                "{}",
                fx.name
            );
        }
    }
}

#[test]
fn every_recorded_feedback_body_round_trips_without_loss() {
    let fixtures = fixtures_in("feedback");
    assert_names(&fixtures, "feedback", &["create", "update"]);
    for fx in &fixtures {
        match fx.request.method.as_str() {
            "POST" => {
                round_trips::<FeedbackRequest>(fx, "request", &fx.request.body);
            }
            "PUT" => {
                round_trips::<FeedbackUpdateRequest>(fx, "request", &fx.request.body);
            }
            other => panic!("{}: no feedback operation is {other}", fx.name),
        }
        round_trips::<FeedbackResponse>(fx, "response", &fx.response.body);
    }
}

#[test]
fn every_recorded_model_body_round_trips_without_loss() {
    let fixtures = fixtures_in("models");
    assert_names(&fixtures, "models", &["list", "retrieve"]);
    for fx in &fixtures {
        assert_eq!(fx.request.body, Value::Null, "{}", fx.name);
        if fx.request.path == "/v1/models" {
            round_trips::<ListModelsResponse>(fx, "response", &fx.response.body);
        } else {
            round_trips::<Model>(fx, "response", &fx.response.body);
        }
    }
}
