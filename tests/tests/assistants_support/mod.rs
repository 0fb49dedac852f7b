//! Helpers shared by the Assistants test binaries (`assistants_api`,
//! `streaming`, `lossless_assistants`): an independent reading of the
//! recorded event streams, event names, and fixture-to-operation mapping.
//!
//! Each binary uses only part of this module.
#![allow(dead_code)]

use portkey_assistants::models::AssistantStreamEvent;
use serde_json::Value;

/// One event of a recorded stream: its `event:` name and its `data:` parsed as
/// JSON (or kept as a string when it is not JSON, as `[DONE]` is not).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedEvent {
    pub name: String,
    pub data: Value,
}

impl RecordedEvent {
    /// The event as the typed union sees it: `{"event": name, "data": data}`.
    pub fn as_union_json(&self) -> Value {
        serde_json::json!({ "event": self.name, "data": self.data })
    }
}

/// Reads a recorded `text/event-stream` body with its own small parser (kept
/// apart from the client's, so one checks the other). Only what the fixtures
/// use is supported: `\n` line ends, `event:` and `data:` fields, comment
/// lines, several `data:` lines joined with `\n`. An event without a closing
/// blank line at the end is dropped, as the SSE format says.
pub fn parse_sse(text: &str) -> Vec<RecordedEvent> {
    let mut events = Vec::new();
    let mut name: Option<String> = None;
    let mut data: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.is_empty() {
            if !data.is_empty() {
                let joined = data.join("\n");
                let value =
                    serde_json::from_str(&joined).unwrap_or_else(|_| Value::String(joined.clone()));
                events.push(RecordedEvent {
                    name: name.take().unwrap_or_else(|| "message".to_owned()),
                    data: value,
                });
            }
            name = None;
            data.clear();
        } else if line.starts_with(':') {
            // comment (keep-alive)
        } else if let Some(v) = line.strip_prefix("event:") {
            name = Some(v.trim_start_matches(' ').to_owned());
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push(v.strip_prefix(' ').unwrap_or(v));
        } else {
            panic!("the recorded stream has a line this reader does not expect: {line:?}");
        }
    }
    events
}

/// The events a typed stream yields as `Ok`: everything but `done` (which ends
/// the stream) and `error` (which becomes an `Err`).
pub fn yielded(events: &[RecordedEvent]) -> Vec<RecordedEvent> {
    events
        .iter()
        .filter(|e| e.name != "done" && e.name != "error")
        .cloned()
        .collect()
}

/// The wire name of a typed event (`unknown` for a name the client does not know).
pub fn kind(event: &AssistantStreamEvent) -> &'static str {
    use AssistantStreamEvent as E;
    match event {
        E::ThreadCreated(_) => "thread.created",
        E::ThreadRunCreated(_) => "thread.run.created",
        E::ThreadRunQueued(_) => "thread.run.queued",
        E::ThreadRunInProgress(_) => "thread.run.in_progress",
        E::ThreadRunRequiresAction(_) => "thread.run.requires_action",
        E::ThreadRunCompleted(_) => "thread.run.completed",
        E::ThreadRunIncomplete(_) => "thread.run.incomplete",
        E::ThreadRunFailed(_) => "thread.run.failed",
        E::ThreadRunCancelling(_) => "thread.run.cancelling",
        E::ThreadRunCancelled(_) => "thread.run.cancelled",
        E::ThreadRunExpired(_) => "thread.run.expired",
        E::ThreadRunStepCreated(_) => "thread.run.step.created",
        E::ThreadRunStepInProgress(_) => "thread.run.step.in_progress",
        E::ThreadRunStepDelta(_) => "thread.run.step.delta",
        E::ThreadRunStepCompleted(_) => "thread.run.step.completed",
        E::ThreadRunStepFailed(_) => "thread.run.step.failed",
        E::ThreadRunStepCancelled(_) => "thread.run.step.cancelled",
        E::ThreadRunStepExpired(_) => "thread.run.step.expired",
        E::ThreadMessageCreated(_) => "thread.message.created",
        E::ThreadMessageInProgress(_) => "thread.message.in_progress",
        E::ThreadMessageDelta(_) => "thread.message.delta",
        E::ThreadMessageCompleted(_) => "thread.message.completed",
        E::ThreadMessageIncomplete(_) => "thread.message.incomplete",
        E::Error(_) => "error",
        E::Done(_) => "done",
        E::Unknown(_) => "unknown",
    }
}

/// The Assistants operation a recorded request belongs to, from its method and
/// path (`/v1/...`). Panics on a request no operation matches.
pub fn operation(method: &str, path: &str) -> &'static str {
    let segments: Vec<&str> = path
        .strip_prefix("/v1/")
        .unwrap_or_else(|| panic!("{path} does not start with /v1/"))
        .split('/')
        .collect();
    match (method, &segments[..]) {
        ("GET", ["assistants"]) => "listAssistants",
        ("POST", ["assistants"]) => "createAssistant",
        ("GET", ["assistants", _]) => "getAssistant",
        ("POST", ["assistants", _]) => "modifyAssistant",
        ("DELETE", ["assistants", _]) => "deleteAssistant",
        ("POST", ["threads"]) => "createThread",
        ("POST", ["threads", "runs"]) => "createThreadAndRun",
        ("GET", ["threads", _]) => "getThread",
        ("POST", ["threads", _]) => "modifyThread",
        ("DELETE", ["threads", _]) => "deleteThread",
        ("GET", ["threads", _, "messages"]) => "listMessages",
        ("POST", ["threads", _, "messages"]) => "createMessage",
        ("GET", ["threads", _, "messages", _]) => "getMessage",
        ("POST", ["threads", _, "messages", _]) => "modifyMessage",
        ("DELETE", ["threads", _, "messages", _]) => "deleteMessage",
        ("GET", ["threads", _, "runs"]) => "listRuns",
        ("POST", ["threads", _, "runs"]) => "createRun",
        ("GET", ["threads", _, "runs", _]) => "getRun",
        ("POST", ["threads", _, "runs", _]) => "modifyRun",
        ("POST", ["threads", _, "runs", _, "submit_tool_outputs"]) => "submitToolOutputsToRun",
        ("POST", ["threads", _, "runs", _, "cancel"]) => "cancelRun",
        ("GET", ["threads", _, "runs", _, "steps"]) => "listRunSteps",
        ("GET", ["threads", _, "runs", _, "steps", _]) => "getRunStep",
        _ => panic!("no Assistants operation is {method} {path}"),
    }
}

/// The `n`-th path segment after `/v1/` (a path parameter of a fixture).
pub fn segment(path: &str, n: usize) -> String {
    path.trim_start_matches("/v1/")
        .split('/')
        .nth(n)
        .unwrap_or_else(|| panic!("{path} has no segment {n}"))
        .to_owned()
}

/// Every fixture this suite adds, by kind, so that a missing file fails loudly.
pub const JSON_FIXTURES: &[&str] = &[
    "create_assistant",
    "list_assistants",
    "get_assistant",
    "modify_assistant",
    "delete_assistant",
    "list_assistants_page_1",
    "list_assistants_page_2",
    "list_assistants_page_3",
    "create_thread",
    "create_thread_empty",
    "get_thread",
    "modify_thread",
    "delete_thread",
    "create_thread_and_run",
    "list_runs",
    "create_run",
    "get_run_requires_action",
    "get_run_future_values",
    "modify_run",
    "submit_tool_outputs_to_run",
    "cancel_run",
    "list_run_steps",
    "get_run_step",
    "get_run_step_future_values",
];

/// The recorded event streams this suite adds.
pub const STREAM_FIXTURES: &[&str] = &[
    "create_run_stream_requires_action",
    "create_thread_and_run_stream_message_deltas",
    "create_run_stream_error",
    "submit_tool_outputs_stream",
];
