//! Every recorded body (response by operation, request by request type, and
//! every event of every recorded stream) decodes into the generated models
//! and re-encodes with nothing lost.

mod assistants_support;

use assistants_support::{operation, parse_sse, JSON_FIXTURES, STREAM_FIXTURES};
use integration_tests::{all_fixtures, assert_lossless, fixture, Fixture};
use portkey_assistants::models::*;
use serde_json::Value;

/// Decodes and re-encodes a success body as the reply type of `op`.
fn response_round_trips(op: &str, body: &Value) {
    match op {
        "listAssistants" => {
            assert_lossless::<ListAssistantsResponse>(body);
        }
        "createAssistant" | "getAssistant" | "modifyAssistant" => {
            assert_lossless::<AssistantObject>(body);
        }
        "deleteAssistant" => {
            assert_lossless::<DeleteAssistantResponse>(body);
        }
        "createThread" | "getThread" | "modifyThread" => {
            assert_lossless::<ThreadObject>(body);
        }
        "deleteThread" => {
            assert_lossless::<DeleteThreadResponse>(body);
        }
        "listMessages" => {
            assert_lossless::<ListMessagesResponse>(body);
        }
        "createMessage" | "getMessage" | "modifyMessage" => {
            assert_lossless::<MessageObject>(body);
        }
        "deleteMessage" => {
            assert_lossless::<DeleteMessageResponse>(body);
        }
        "listRuns" => {
            assert_lossless::<ListRunsResponse>(body);
        }
        "createThreadAndRun"
        | "createRun"
        | "getRun"
        | "modifyRun"
        | "submitToolOutputsToRun"
        | "cancelRun" => {
            assert_lossless::<RunObject>(body);
        }
        "listRunSteps" => {
            assert_lossless::<ListRunStepsResponse>(body);
        }
        "getRunStep" => {
            assert_lossless::<RunStepObject>(body);
        }
        other => panic!("no reply type for {other}"),
    }
}

/// Decodes and re-encodes a request body as the body type of `op` (or checks
/// there is none).
fn request_round_trips(op: &str, body: &Value) {
    if body.is_null() {
        assert!(
            matches!(
                op,
                "listAssistants"
                    | "getAssistant"
                    | "deleteAssistant"
                    | "createThread"
                    | "getThread"
                    | "deleteThread"
                    | "listMessages"
                    | "getMessage"
                    | "deleteMessage"
                    | "listRuns"
                    | "getRun"
                    | "cancelRun"
                    | "listRunSteps"
                    | "getRunStep"
            ),
            "{op} needs a body"
        );
        return;
    }
    match op {
        "createAssistant" => {
            assert_lossless::<CreateAssistantRequest>(body);
        }
        "modifyAssistant" => {
            assert_lossless::<ModifyAssistantRequest>(body);
        }
        "createThread" => {
            assert_lossless::<CreateThreadRequest>(body);
        }
        "modifyThread" => {
            assert_lossless::<ModifyThreadRequest>(body);
        }
        "createMessage" => {
            assert_lossless::<CreateMessageRequest>(body);
        }
        "modifyMessage" => {
            assert_lossless::<ModifyMessageRequest>(body);
        }
        "createThreadAndRun" => {
            assert_lossless::<CreateThreadAndRunRequest>(body);
        }
        "createRun" => {
            assert_lossless::<CreateRunRequest>(body);
        }
        "modifyRun" => {
            assert_lossless::<ModifyRunRequest>(body);
        }
        "submitToolOutputsToRun" => {
            assert_lossless::<SubmitToolOutputsRunRequest>(body);
        }
        other => panic!("{other} takes no body"),
    }
}

fn error_round_trips(body: &Value) {
    if body.get("error").is_some() {
        {
            assert_lossless::<ErrorResponse>(body);
        };
    } else {
        {
            assert_lossless::<GatewayErrorResponse>(body);
        };
    }
}

/// Every event of a recorded stream, `done` included, decodes as the event
/// union and re-encodes to `{"event": name, "data": data}`. `error` events are
/// checked on their own (`the_error_event_decodes_as_the_error_member`), so a
/// fault there shows up once rather than in every test that walks the fixtures.
fn stream_round_trips(fx: &Fixture) {
    let events = parse_sse(fx.sse_text().expect("a recorded event stream"));
    assert!(!events.is_empty(), "{}: no events", fx.name);
    for event in events.iter().filter(|e| e.name != "error") {
        let decoded: AssistantStreamEvent = assert_lossless(&event.as_union_json());
        let known = !matches!(decoded, AssistantStreamEvent::Unknown(_));
        assert_eq!(
            known,
            event.name != "thread.run.step.heartbeat",
            "{}: {} decoded as {}",
            fx.name,
            event.name,
            assistants_support::kind(&decoded)
        );
    }
}

fn check(fx: &Fixture) {
    let op = operation(&fx.request.method, &fx.request.path);
    if fx.sse_text().is_some() {
        stream_round_trips(fx);
    } else if fx.response.status >= 400 {
        error_round_trips(&fx.response.body);
    } else {
        response_round_trips(op, &fx.response.body);
    }
    request_round_trips(op, &fx.request.body);
}

#[test]
fn every_assistants_fixture_round_trips() {
    for name in JSON_FIXTURES {
        let fx = fixture(name);
        assert!(fx.sse_text().is_none(), "{name} is not a stream");
        check(&fx);
    }
}

#[test]
fn every_recorded_stream_event_round_trips() {
    for name in STREAM_FIXTURES {
        let fx = fixture(name);
        assert_eq!(
            fx.request.headers.get("accept").map(String::as_str),
            Some("text/event-stream"),
            "{name}"
        );
        assert_eq!(fx.request.body["stream"], true, "{name}");
        check(&fx);
    }
}

#[test]
fn the_error_event_decodes_as_the_error_member() {
    let fx = fixture("create_run_stream_error");
    let events = parse_sse(fx.sse_text().unwrap());
    let error = events
        .iter()
        .find(|e| e.name == "error")
        .expect("an error event");
    match assert_lossless::<AssistantStreamEvent>(&error.as_union_json()) {
        AssistantStreamEvent::Error(e) => {
            assert_eq!(e.data.message, "Sorry, something went wrong.");
            assert_eq!(e.data.code, Some(ErrorCode::Text("server_error".into())));
        }
        other => panic!("expected the error member, got {other:?}"),
    }
}

#[test]
fn every_recorded_fixture_round_trips_by_operation() {
    // The whole directory, message fixtures included, dispatched by operation
    // rather than by file name.
    let fixtures = all_fixtures();
    assert!(
        fixtures.len() >= JSON_FIXTURES.len() + STREAM_FIXTURES.len(),
        "fixtures went missing: {}",
        fixtures.len()
    );
    for fx in &fixtures {
        check(fx);
    }
}
