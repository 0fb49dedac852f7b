//! Assistants, threads, runs and run steps against recorded responses: each
//! test sends the request recorded in its fixture (body decoded from the
//! fixture, query built by hand), checks that exactly that request arrived,
//! and checks what the reply decoded to.

mod assistants_support;

use integration_tests::{metadata, same_meaning, Replay};
use portkey_assistants::models::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The fixture's request body as the client's request type.
fn request_body<T: DeserializeOwned>(replay: &Replay) -> T {
    serde_json::from_value(replay.fixture.request.body.clone()).unwrap_or_else(|e| {
        panic!(
            "{}: the recorded request body is not a {}: {e}",
            replay.fixture.name,
            std::any::type_name::<T>()
        )
    })
}

/// The fixture's query parameter `name`.
fn query_value<'a>(replay: &'a Replay, name: &str) -> &'a str {
    replay
        .fixture
        .request
        .query
        .get(name)
        .unwrap_or_else(|| panic!("{}: no query parameter {name}", replay.fixture.name))
}

/// Re-encoding what was decoded gives back the recorded body.
fn assert_round_trip<T: serde::Serialize>(replay: &Replay, decoded: &T) {
    let encoded = serde_json::to_value(decoded).unwrap();
    if let Err(at) = same_meaning(&replay.fixture.response.body, &encoded, "$") {
        panic!("{}: re-encoding changed {at}", replay.fixture.name);
    }
}

fn weather_parameters() -> Value {
    json!({
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
        },
        "required": ["location"]
    })
}

fn auto_format() -> Option<AssistantsApiResponseFormatOption> {
    Some(AssistantsApiResponseFormatOption::Auto(
        AssistantsApiResponseFormatOptionAuto::Auto,
    ))
}

fn auto_tool_choice() -> Option<AssistantsApiToolChoiceOption> {
    Some(AssistantsApiToolChoiceOption::Mode(
        AssistantsApiToolChoiceOptionMode::Auto,
    ))
}

// ------------------------------------------------------------------ assistants

#[tokio::test]
async fn create_assistant_with_every_tool_kind_and_a_json_schema_format() {
    let replay = Replay::start("create_assistant").await;
    let body: CreateAssistantRequest = request_body(&replay);
    // The body the test sends is the typed form of the recorded one.
    assert_eq!(body.model, "gpt-4o");
    assert!(matches!(
        body.response_format,
        Some(Some(AssistantsApiResponseFormatOption::ResponseFormat(
            ResponseFormat::JsonSchema(_)
        )))
    ));
    let assistant = replay.client().create_assistant(&body).await.unwrap();
    replay.assert_request().await;

    assert_eq!(assistant.id, "asst_abc123");
    assert_eq!(assistant.object, AssistantObjectObject::Assistant);
    assert_eq!(assistant.name.as_deref(), Some("Travel Helper"));
    assert_eq!(assistant.model, "gpt-4o");
    assert_eq!(assistant.temperature.map(f64::from), Some(0.2));
    assert_eq!(assistant.top_p.map(f64::from), Some(1.0));
    assert_eq!(
        assistant.metadata,
        Some(metadata(&[("env", "test"), ("team", "travel")]))
    );

    let [AssistantTool::CodeInterpreter(code), AssistantTool::FileSearch(search), AssistantTool::Function(function)] =
        &assistant.tools[..]
    else {
        panic!("unexpected tools {:?}", assistant.tools)
    };
    assert_eq!(code.r#type, AssistantToolsCodeType::CodeInterpreter);
    let search = search.file_search.as_ref().expect("file_search settings");
    assert_eq!(search.max_num_results, Some(8));
    let ranking = search.ranking_options.as_ref().expect("ranking options");
    assert_eq!(ranking.ranker, Some(FileSearchRanker::Default20240821));
    assert_eq!(ranking.score_threshold, 0.5);
    assert_eq!(function.function.name, "get_current_weather");
    assert_eq!(function.function.strict, Some(Some(false)));
    assert_eq!(
        Value::Object(function.function.parameters.clone().unwrap().0),
        weather_parameters()
    );

    let resources = assistant.tool_resources.as_ref().expect("tool resources");
    assert_eq!(
        resources.code_interpreter.as_ref().unwrap().file_ids,
        Some(vec!["file-abc123".to_owned()])
    );
    assert_eq!(
        resources.file_search.as_ref().unwrap().vector_store_ids,
        Some(vec!["vs_abc123".to_owned()])
    );

    match &assistant.response_format {
        Some(AssistantsApiResponseFormatOption::ResponseFormat(ResponseFormat::JsonSchema(f))) => {
            assert_eq!(f.r#type, ResponseFormatJsonSchemaType::JsonSchema);
            assert_eq!(f.json_schema.name, "travel_answer");
            assert_eq!(f.json_schema.strict, Some(Some(true)));
            let schema = &f.json_schema.schema.as_ref().expect("a schema").0;
            assert_eq!(schema["required"], json!(["answer", "sources"]));
            assert_eq!(schema["additionalProperties"], json!(false));
        }
        other => panic!("expected a json_schema response format, got {other:?}"),
    }
    assert!(assistant.extra.is_empty());
    assert_round_trip(&replay, &assistant);
}

#[tokio::test]
async fn list_assistants_sends_order_and_limit() {
    let replay = Replay::start("list_assistants").await;
    let query = ListAssistantsQuery {
        order: Some(ListAssistantsOrder::Desc),
        limit: Some(query_value(&replay, "limit").parse().unwrap()),
        ..Default::default()
    };
    let page = replay.client().list_assistants(&query).await.unwrap();
    replay.assert_request().await;

    assert_eq!(page.object, "list");
    let ids: Vec<&str> = page.data.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["asst_abc123", "asst_abc456", "asst_abc789"]);
    assert_eq!(page.first_id.as_deref(), Some("asst_abc123"));
    assert_eq!(page.last_id.as_deref(), Some("asst_abc789"));
    assert!(!page.has_more);
    for assistant in &page.data {
        assert!(assistant.tools.is_empty());
        assert_eq!(assistant.response_format, auto_format());
        assert_eq!(assistant.tool_resources, Some(ToolResources::default()));
    }
    assert_eq!(page.data[2].name, None);
    assert_eq!(page.data[2].instructions, None);
    assert_eq!(page.data[2].description, None);
    assert_round_trip(&replay, &page);
}

#[tokio::test]
async fn get_assistant_with_auto_format_and_an_unknown_tool() {
    let replay = Replay::start("get_assistant").await;
    let assistant = replay.client().get_assistant("asst_abc123").await.unwrap();
    replay.assert_request().await;

    assert_eq!(assistant.model, "o3-mini");
    // `"auto"` is the string member of the format union, not an object.
    assert_eq!(assistant.response_format, auto_format());
    assert_eq!(
        serde_json::to_value(&assistant.response_format).unwrap(),
        json!("auto")
    );
    assert_eq!(assistant.tool_resources, None);
    assert!(
        matches!(assistant.tools[0], AssistantTool::FileSearch(ref t) if t.file_search.is_none())
    );
    match &assistant.tools[1] {
        AssistantTool::Unknown(raw) => {
            assert_eq!(raw["type"], "web_search");
            assert_eq!(raw["web_search"]["search_context_size"], "low");
        }
        other => {
            panic!("a tool type the client does not know must be kept as Unknown, got {other:?}")
        }
    }
    assert_eq!(
        assistant.extra.get("reasoning_effort"),
        Some(&json!("medium"))
    );
    assert_round_trip(&replay, &assistant);
}

#[tokio::test]
async fn modify_assistant_sends_only_the_changed_fields() {
    let replay = Replay::start("modify_assistant").await;
    let body: ModifyAssistantRequest = request_body(&replay);
    assert_eq!(body.model.as_deref(), Some("gpt-4o"));
    assert_eq!(body.description, None, "absent stays absent");
    let assistant = replay
        .client()
        .modify_assistant("asst_abc123", &body)
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(assistant.id, "asst_abc123");
    assert!(assistant
        .instructions
        .as_deref()
        .unwrap()
        .ends_with("Always response with info from either of the files."));
    assert!(matches!(
        &assistant.tools[..],
        [AssistantTool::FileSearch(_)]
    ));
    let search = assistant
        .tool_resources
        .as_ref()
        .and_then(|r| r.file_search.as_ref())
        .expect("file_search resources");
    assert_eq!(search.vector_store_ids, Some(vec![]));
    assert_round_trip(&replay, &assistant);
}

#[tokio::test]
async fn delete_assistant() {
    let replay = Replay::start("delete_assistant").await;
    let deleted = replay
        .client()
        .delete_assistant("asst_abc123")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(deleted.id, "asst_abc123");
    assert!(deleted.deleted);
    assert_eq!(
        deleted.object,
        DeleteAssistantResponseObject::AssistantDeleted
    );
}

// --------------------------------------------------------------------- threads

#[tokio::test]
async fn create_thread_with_messages_and_tool_resources() {
    let replay = Replay::start("create_thread").await;
    let body: CreateThreadRequest = request_body(&replay);
    let messages = body.messages.as_ref().unwrap();
    assert!(matches!(
        messages[0].content,
        CreateMessageRequestContent::Text(_)
    ));
    assert!(matches!(
        &messages[1].content,
        CreateMessageRequestContent::Parts(parts)
            if matches!(parts[..], [MessageRequestContent::Text(_), MessageRequestContent::ImageUrl(_)])
    ));
    let new_store = &body
        .tool_resources
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap()
        .file_search
        .as_ref()
        .unwrap()
        .vector_stores
        .as_ref()
        .unwrap()[0];
    assert!(matches!(
        &new_store.chunking_strategy,
        Some(ChunkingStrategy::Static(s)) if s.r#static.max_chunk_size_tokens == 800 && s.r#static.chunk_overlap_tokens == 400
    ));

    let thread = replay.client().create_thread(Some(&body)).await.unwrap();
    replay.assert_request().await;

    assert_eq!(thread.id, "thread_abc123");
    assert_eq!(thread.object, ThreadObjectObject::Thread);
    assert_eq!(thread.metadata, Some(metadata(&[("user", "abc123")])));
    let resources = thread.tool_resources.as_ref().unwrap();
    assert_eq!(
        resources.code_interpreter.as_ref().unwrap().file_ids,
        Some(vec!["file-def456".to_owned()])
    );
    assert_eq!(
        resources.file_search.as_ref().unwrap().vector_store_ids,
        Some(vec!["vs_abc123".to_owned()])
    );
    assert_round_trip(&replay, &thread);
}

#[tokio::test]
async fn create_thread_without_a_body() {
    let replay = Replay::start("create_thread_empty").await;
    let thread = replay.client().create_thread(None).await.unwrap();
    // No body and no content-type went out.
    replay.assert_request().await;
    assert_eq!(thread.created_at, 1699012949);
    assert_eq!(thread.metadata, Some(Metadata::default()));
    assert_eq!(thread.tool_resources, Some(ToolResources::default()));
}

#[tokio::test]
async fn get_thread() {
    let replay = Replay::start("get_thread").await;
    let thread = replay.client().get_thread("thread_abc123").await.unwrap();
    replay.assert_request().await;
    assert_eq!(thread.id, "thread_abc123");
    let code = thread
        .tool_resources
        .as_ref()
        .and_then(|r| r.code_interpreter.as_ref())
        .unwrap();
    assert_eq!(code.file_ids, Some(vec![]));
    assert_eq!(thread.tool_resources.as_ref().unwrap().file_search, None);
    assert_round_trip(&replay, &thread);
}

#[tokio::test]
async fn modify_thread_metadata() {
    let replay = Replay::start("modify_thread").await;
    let body: ModifyThreadRequest = request_body(&replay);
    assert_eq!(body.tool_resources, None);
    let thread = replay
        .client()
        .modify_thread("thread_abc123", &body)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(
        thread.metadata,
        Some(metadata(&[("modified", "true"), ("user", "abc123")]))
    );
}

#[tokio::test]
async fn delete_thread() {
    let replay = Replay::start("delete_thread").await;
    let deleted = replay
        .client()
        .delete_thread("thread_abc123")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(deleted.id, "thread_abc123");
    assert!(deleted.deleted);
    assert_eq!(deleted.object, DeleteThreadResponseObject::ThreadDeleted);
}

// ------------------------------------------------------------------------ runs

#[tokio::test]
async fn create_thread_and_run_returns_a_queued_run() {
    let replay = Replay::start("create_thread_and_run").await;
    let body: CreateThreadAndRunRequest = request_body(&replay);
    assert_eq!(body.stream, None, "a plain call does not ask for a stream");
    let run = replay.client().create_thread_and_run(&body).await.unwrap();
    replay.assert_request().await;

    assert_eq!(run.id, "run_abc123");
    assert_eq!(run.object, RunObjectObject::ThreadRun);
    assert_eq!(run.status, RunObjectStatus::Queued);
    assert_eq!(run.started_at, None);
    assert_eq!(run.expires_at, Some(1699077392));
    assert_eq!(run.required_action, None);
    assert_eq!(run.usage, None);
    assert_eq!(
        run.truncation_strategy,
        Some(TruncationObject {
            r#type: TruncationObjectType::Auto,
            last_messages: Some(None),
            extra: Default::default(),
        })
    );
    assert_eq!(run.response_format, auto_format());
    assert_eq!(run.tool_choice, auto_tool_choice());
    assert_eq!(run.parallel_tool_calls, Some(true));
    assert_round_trip(&replay, &run);
}

#[tokio::test]
async fn list_runs_sends_limit_and_order() {
    let replay = Replay::start("list_runs").await;
    let query = ListRunsQuery {
        limit: Some(2),
        order: Some(ListRunsOrder::Desc),
        ..Default::default()
    };
    let page = replay
        .client()
        .list_runs("thread_abc123", &query)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.last_id.as_deref(), Some("run_abc456"));
    for run in &page.data {
        assert_eq!(run.status, RunObjectStatus::Completed);
        assert_eq!(
            run.usage,
            Some(RunCompletionUsage {
                prompt_tokens: 123,
                completion_tokens: 456,
                total_tokens: 579,
                extra: Default::default(),
            })
        );
        assert_eq!(run.max_prompt_tokens, Some(1000));
        assert!(matches!(run.tools[..], [AssistantTool::CodeInterpreter(_)]));
    }
    assert_round_trip(&replay, &page);
}

#[tokio::test]
async fn create_run_with_include_nulls_and_a_named_tool_choice() {
    let replay = Replay::start("create_run").await;
    let body: CreateRunRequest = request_body(&replay);
    // Explicit nulls survive decoding as "send null", distinct from absent.
    assert_eq!(body.model, Some(None));
    assert_eq!(body.instructions, Some(None));
    assert_eq!(body.metadata, Some(None));
    assert_eq!(body.top_p, Some(None));
    assert_eq!(body.max_completion_tokens, Some(None));
    assert_eq!(body.reasoning_effort, None);
    assert_eq!(body.stream, None);
    let query = CreateRunQuery {
        include: Some(vec![
            CreateRunIncludeItem::StepDetailsToolCallsFileSearchResultsContent,
        ]),
    };
    assert_eq!(
        CreateRunIncludeItem::StepDetailsToolCallsFileSearchResultsContent.as_str(),
        query_value(&replay, "include[]")
    );
    let run = replay
        .client()
        .create_run("thread_abc123", &body, &query)
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(run.status, RunObjectStatus::Queued);
    match &run.tool_choice {
        Some(AssistantsApiToolChoiceOption::AssistantsNamedToolChoice(choice)) => {
            assert_eq!(choice.r#type, AssistantsNamedToolChoiceType::Function);
            assert_eq!(
                choice.function.as_ref().map(|f| f.name.as_str()),
                Some("get_current_weather")
            );
        }
        other => panic!("expected a named tool choice, got {other:?}"),
    }
    assert_eq!(
        run.truncation_strategy,
        Some(TruncationObject {
            r#type: TruncationObjectType::LastMessages,
            last_messages: Some(Some(10)),
            extra: Default::default(),
        })
    );
    assert!(matches!(
        run.response_format,
        Some(AssistantsApiResponseFormatOption::ResponseFormat(
            ResponseFormat::Text(_)
        ))
    ));
    assert_eq!(run.parallel_tool_calls, Some(false));
    assert_eq!(run.temperature.map(f64::from), Some(0.7));
    assert_eq!(run.max_prompt_tokens, Some(2000));
    assert_eq!(run.max_completion_tokens, None);
    assert!(matches!(
        &run.tools[..],
        [AssistantTool::Function(f), AssistantTool::FileSearch(_)] if f.function.name == "get_current_weather"
    ));
    assert_eq!(run.extra.get("reasoning_effort"), Some(&Value::Null));
    assert_round_trip(&replay, &run);
}

#[tokio::test]
async fn get_run_waiting_on_tool_outputs() {
    let replay = Replay::start("get_run_requires_action").await;
    let run = replay
        .client()
        .get_run("thread_abc123", "run_abc123")
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(run.status, RunObjectStatus::RequiresAction);
    assert_eq!(run.usage, None);
    assert_eq!(run.last_error, None);
    assert_eq!(run.incomplete_details, None);
    // Left out by the server although the published schema requires them.
    assert_eq!(run.max_prompt_tokens, None);
    assert_eq!(run.max_completion_tokens, None);
    let action = run.required_action.as_ref().expect("a required action");
    assert_eq!(
        action.r#type,
        RunObjectRequiredActionType::SubmitToolOutputs
    );
    let calls: Vec<(&str, &str)> = action
        .submit_tool_outputs
        .tool_calls
        .iter()
        .map(|c| {
            assert_eq!(c.r#type, RunToolCallObjectType::Function);
            assert_eq!(c.function.name, "get_current_weather");
            (c.id.as_str(), c.function.arguments.as_str())
        })
        .collect();
    assert_eq!(
        calls,
        [
            (
                "call_abc123",
                r#"{"location":"Boston, MA","unit":"celsius"}"#
            ),
            ("call_def456", r#"{"location":"Tokyo, Japan"}"#),
        ]
    );
    let arguments: Value =
        serde_json::from_str(&action.submit_tool_outputs.tool_calls[0].function.arguments).unwrap();
    assert_eq!(arguments["unit"], "celsius");
    assert_round_trip(&replay, &run);
}

#[tokio::test]
async fn get_run_from_a_newer_server_keeps_unknown_values() {
    let replay = Replay::start("get_run_future_values").await;
    let run = replay
        .client()
        .get_run("thread_abc123", "run_future1")
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(run.status, RunObjectStatus::Unknown("paused".into()));
    let error = run.last_error.as_ref().unwrap();
    assert_eq!(
        error.code,
        RunObjectLastErrorCode::Unknown("invalid_image".into())
    );
    assert_eq!(error.message, "The attached image could not be read.");
    assert_eq!(
        run.incomplete_details.as_ref().unwrap().reason,
        Some(RunObjectIncompleteDetailsReason::Unknown(
            "content_filter".into()
        ))
    );
    let truncation = run.truncation_strategy.as_ref().unwrap();
    assert_eq!(
        truncation.r#type,
        TruncationObjectType::Unknown("token_budget".into())
    );
    assert_eq!(truncation.extra.get("max_tokens"), Some(&json!(4000)));
    assert!(matches!(&run.tools[1], AssistantTool::Unknown(raw) if raw["type"] == "web_search"));
    assert_eq!(
        run.tool_choice,
        Some(AssistantsApiToolChoiceOption::Mode(
            AssistantsApiToolChoiceOptionMode::Unknown("any".into())
        ))
    );
    match &run.response_format {
        Some(AssistantsApiResponseFormatOption::ResponseFormat(ResponseFormat::Unknown(raw))) => {
            assert_eq!(raw["type"], "grammar")
        }
        other => panic!("expected an unknown response format object, got {other:?}"),
    }
    assert_eq!(run.extra.get("paused_at"), Some(&json!(1767225630)));
    let usage = run.usage.as_ref().unwrap();
    assert_eq!(usage.total_tokens, 50);
    assert_eq!(
        usage.extra.get("prompt_tokens_details"),
        Some(&json!({"cached_tokens": 32}))
    );
    assert_round_trip(&replay, &run);
}

#[tokio::test]
async fn modify_run_metadata() {
    let replay = Replay::start("modify_run").await;
    let body: ModifyRunRequest = request_body(&replay);
    let run = replay
        .client()
        .modify_run("thread_abc123", "run_abc123", &body)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(run.metadata, Some(metadata(&[("user_id", "user_abc123")])));
    assert_eq!(run.status, RunObjectStatus::Completed);
    assert_eq!(run.completed_at, Some(1699075073));
    // This reply has no required_action key at all.
    assert_eq!(run.required_action, None);
    assert_round_trip(&replay, &run);
}

#[tokio::test]
async fn submit_tool_outputs_without_streaming() {
    let replay = Replay::start("submit_tool_outputs_to_run").await;
    let body: SubmitToolOutputsRunRequest = request_body(&replay);
    assert_eq!(body.stream, None);
    assert_eq!(body.tool_outputs.len(), 1);
    assert_eq!(
        body.tool_outputs[0].tool_call_id.as_deref(),
        Some("call_001")
    );
    let run = replay
        .client()
        .submit_tool_outputs_to_run("thread_123", "run_123", &body)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(run.id, "run_123");
    assert_eq!(run.status, RunObjectStatus::Queued);
    match &run.tools[..] {
        [AssistantTool::Function(f)] => {
            assert_eq!(f.function.name, "get_current_weather");
            assert_eq!(
                Value::Object(f.function.parameters.clone().unwrap().0),
                weather_parameters()
            );
        }
        other => panic!("unexpected tools {other:?}"),
    }
    assert_round_trip(&replay, &run);
}

#[tokio::test]
async fn cancel_run_sends_no_body() {
    let replay = Replay::start("cancel_run").await;
    let run = replay
        .client()
        .cancel_run("thread_abc123", "run_abc123")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(run.status, RunObjectStatus::Cancelling);
    assert_eq!(run.instructions.as_deref(), Some("You summarize books."));
    assert_eq!(run.truncation_strategy, None);
    assert_eq!(run.incomplete_details, None);
    assert_eq!(run.max_prompt_tokens, None);
    assert_eq!(
        run.tool_resources
            .as_ref()
            .and_then(|r| r.file_search.as_ref())
            .and_then(|f| f.vector_store_ids.clone()),
        Some(vec!["vs_123".to_owned()])
    );
    assert_round_trip(&replay, &run);
}

// ------------------------------------------------------------------- run steps

fn tool_calls(step: &RunStepObject) -> &[RunStepToolCall] {
    match &step.step_details {
        RunStepDetails::ToolCalls(details) => {
            assert_eq!(details.r#type, RunStepDetailsToolCallsObjectType::ToolCalls);
            &details.tool_calls
        }
        other => panic!("{}: expected tool calls, got {other:?}", step.id),
    }
}

fn check_file_search_step(step: &RunStepObject) {
    assert_eq!(step.r#type, RunStepObjectType::ToolCalls);
    let [RunStepToolCall::FileSearch(call)] = tool_calls(step) else {
        panic!("expected one file_search call")
    };
    assert_eq!(call.id, "call_fs001");
    let ranking = call.file_search.ranking_options.as_ref().unwrap();
    assert_eq!(ranking.ranker, FileSearchRanker::Default20240821);
    assert_eq!(ranking.score_threshold, 0.5);
    let results = call.file_search.results.as_ref().unwrap();
    let found: Vec<(&str, &str, f64)> = results
        .iter()
        .map(|r| (r.file_id.as_str(), r.file_name.as_str(), r.score.get()))
        .collect();
    assert_eq!(
        found,
        [
            ("file-abc123", "handbook.pdf", 0.87),
            ("file-def456", "faq.md", 0.61)
        ]
    );
    let content = &results[0].content.as_ref().expect("content was included")[0];
    assert_eq!(content.r#type, Some(FileSearchResultContentType::Text));
    assert_eq!(
        content.text.as_deref(),
        Some("Full-time employees accrue 20 vacation days per year.")
    );
    assert_eq!(step.expired_at, None);
    assert_eq!(step.usage.as_ref().map(|u| u.total_tokens), Some(228));
}

#[tokio::test]
async fn list_run_steps_with_every_step_and_tool_call_kind() {
    let replay = Replay::start("list_run_steps").await;
    let query = ListRunStepsQuery {
        limit: Some(10),
        order: Some(ListRunStepsOrder::Asc),
        include: Some(vec![
            ListRunStepsIncludeItem::StepDetailsToolCallsFileSearchResultsContent,
        ]),
        ..Default::default()
    };
    let page = replay
        .client()
        .list_run_steps("thread_abc123", "run_abc123", &query)
        .await
        .unwrap();
    replay.assert_request().await;

    let [search, code, function, message] = &page.data[..] else {
        panic!("expected four steps, got {}", page.data.len())
    };
    assert!(page
        .data
        .iter()
        .all(|s| s.status == RunStepObjectStatus::Completed
            && s.object == RunStepObjectObject::ThreadRunStep));

    check_file_search_step(search);

    let [RunStepToolCall::CodeInterpreter(call)] = tool_calls(code) else {
        panic!("expected one code_interpreter call")
    };
    assert!(call.code_interpreter.input.contains("days = 20 + 5"));
    match &call.code_interpreter.outputs[..] {
        [CodeInterpreterOutput::Logs(logs), CodeInterpreterOutput::Image(image)] => {
            assert_eq!(logs.logs, "25\n");
            assert_eq!(image.image.file_id, "file-img001");
        }
        other => panic!("expected logs then an image, got {other:?}"),
    }

    let [RunStepToolCall::Function(call)] = tool_calls(function) else {
        panic!("expected one function call")
    };
    assert_eq!(call.function.name, "get_current_weather");
    assert_eq!(call.function.arguments, r#"{"location":"Boston, MA"}"#);
    assert_eq!(
        call.function.output.as_deref(),
        Some(r#"{"temperature":22,"unit":"celsius"}"#)
    );

    assert_eq!(message.r#type, RunStepObjectType::MessageCreation);
    match &message.step_details {
        RunStepDetails::MessageCreation(m) => {
            assert_eq!(m.message_creation.message_id, "msg_abc123")
        }
        other => panic!("expected message_creation, got {other:?}"),
    }
    assert_eq!(message.expires_at, None);
    assert_eq!(page.first_id.as_deref(), Some("step_abc001"));
    assert_eq!(page.last_id.as_deref(), Some("step_abc004"));
    assert_round_trip(&replay, &page);
}

#[tokio::test]
async fn get_run_step_with_file_search_content() {
    let replay = Replay::start("get_run_step").await;
    let query = GetRunStepQuery {
        include: Some(vec![
            GetRunStepIncludeItem::StepDetailsToolCallsFileSearchResultsContent,
        ]),
    };
    let step = replay
        .client()
        .get_run_step("thread_abc123", "run_abc123", "step_abc001", &query)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(step.id, "step_abc001");
    check_file_search_step(&step);
    assert_round_trip(&replay, &step);
}

#[tokio::test]
async fn get_run_step_from_a_newer_server_keeps_unknown_values() {
    let replay = Replay::start("get_run_step_future_values").await;
    let step = replay
        .client()
        .get_run_step(
            "thread_abc123",
            "run_abc123",
            "step_future1",
            &GetRunStepQuery::default(),
        )
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(step.status, RunStepObjectStatus::InProgress);
    assert_eq!(step.expires_at, Some(1767226200));
    let calls = tool_calls(&step);
    assert!(matches!(&calls[0], RunStepToolCall::Unknown(raw) if raw["type"] == "web_search"));
    match &calls[1] {
        RunStepToolCall::FileSearch(call) => {
            assert_eq!(call.file_search.ranking_options, None);
            assert_eq!(call.file_search.results, None);
        }
        other => panic!("expected a file_search call, got {other:?}"),
    }
    match &calls[2] {
        RunStepToolCall::FileSearch(call) => {
            let ranking = call.file_search.ranking_options.as_ref().unwrap();
            assert_eq!(
                ranking.ranker,
                FileSearchRanker::Unknown("default_2025_06_01".into())
            );
            assert_eq!(call.file_search.results, Some(vec![]));
        }
        other => panic!("expected a file_search call, got {other:?}"),
    }
    assert_eq!(step.extra.get("incomplete_details"), Some(&Value::Null));
    assert_round_trip(&replay, &step);
}

#[test]
fn every_recorded_operation_of_this_suite_is_an_assistants_operation() {
    // The fixtures named in the support module exist, and each one is a request
    // to the operation its name says.
    for name in assistants_support::JSON_FIXTURES
        .iter()
        .chain(assistants_support::STREAM_FIXTURES)
    {
        let fx = integration_tests::fixture(name);
        let op = assistants_support::operation(&fx.request.method, &fx.request.path);
        let snake: String = op
            .chars()
            .flat_map(|c| {
                if c.is_ascii_uppercase() {
                    vec!['_', c.to_ascii_lowercase()]
                } else {
                    vec![c]
                }
            })
            .collect();
        assert!(
            name.starts_with(&snake)
                || (op == "submitToolOutputsToRun" && name.starts_with("submit_tool_outputs")),
            "{name} is a {op} request"
        );
        assert!(
            !fx.description.is_empty() && !fx.source.is_empty(),
            "{name}"
        );
    }
}
