//! Decoding and encoding through the generated models, beside the same JSON
//! through plain `#[derive(Deserialize)]` structs with the same fields (no
//! fallbacks, no unknown-field capture): the floor. Streams are decoded item
//! by item on both sides, each item dropped once read (as a caller printing
//! deltas does), so neither side pays for collecting them.
//!
//! `cargo bench -p integration-tests --bench decode`

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use futures::StreamExt;
use portkey_assistants::models::{
    AssistantStreamEvent, CreateChatCompletionStreamResponse, ListMessagesResponse,
};
// The runtime crate is the source of the generated crate's private copy: the
// same event stream and parser, reachable here without exposing internals.
use client_runtime::{EventShape, EventStream, ResponseMeta, SseParser};
use serde_json::Value;

/// The floor: the same fields, plainly derived.
mod plain {
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    #[derive(Serialize, Deserialize)]
    pub struct ListMessages {
        pub object: String,
        pub data: Vec<Message>,
        pub first_id: Option<String>,
        pub last_id: Option<String>,
        pub has_more: bool,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Message {
        pub id: String,
        pub object: String,
        pub created_at: i64,
        pub thread_id: String,
        pub status: Option<String>,
        pub incomplete_details: Option<IncompleteDetails>,
        pub completed_at: Option<i64>,
        pub incomplete_at: Option<i64>,
        pub role: String,
        pub content: Vec<Content>,
        pub assistant_id: Option<String>,
        pub run_id: Option<String>,
        pub attachments: Option<Vec<Attachment>>,
        pub metadata: Option<BTreeMap<String, String>>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct IncompleteDetails {
        pub reason: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    pub enum Content {
        ImageFile { image_file: ImageRef },
        ImageUrl { image_url: ImageUrl },
        Text { text: Text },
        Refusal { refusal: String },
    }

    #[derive(Serialize, Deserialize)]
    pub struct ImageRef {
        pub file_id: String,
        pub detail: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct ImageUrl {
        pub url: String,
        pub detail: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Text {
        pub value: String,
        pub annotations: Vec<Annotation>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    pub enum Annotation {
        FileCitation {
            text: String,
            file_citation: FileRef,
            start_index: i64,
            end_index: i64,
        },
        FilePath {
            text: String,
            file_path: FileRef,
            start_index: i64,
            end_index: i64,
        },
    }

    #[derive(Serialize, Deserialize)]
    pub struct FileRef {
        pub file_id: String,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Attachment {
        pub file_id: Option<String>,
        pub tools: Option<Vec<Tool>>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    pub enum Tool {
        CodeInterpreter,
        FileSearch,
    }

    #[derive(Serialize, Deserialize)]
    pub struct MessageDelta {
        pub id: String,
        pub object: String,
        pub delta: Delta,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Delta {
        pub role: Option<String>,
        pub content: Option<Vec<DeltaContent>>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    pub enum DeltaContent {
        Text { index: i64, text: Option<DeltaText> },
    }

    #[derive(Serialize, Deserialize)]
    pub struct DeltaText {
        pub value: Option<String>,
        pub annotations: Option<Vec<Value>>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct ChatChunk {
        pub id: String,
        pub object: String,
        pub created: i64,
        pub model: String,
        pub system_fingerprint: Option<String>,
        pub service_tier: Option<String>,
        pub obfuscation: Option<String>,
        pub choices: Vec<ChatChoice>,
        pub usage: Option<Value>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct ChatChoice {
        pub index: i64,
        pub delta: ChatDelta,
        pub logprobs: Option<Value>,
        pub finish_reason: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct ChatDelta {
        pub role: Option<String>,
        pub content: Option<String>,
        pub refusal: Option<String>,
        pub tool_calls: Option<Vec<Value>>,
    }

    use serde_json::Value;
}

fn fixture_body(name: &str) -> Value {
    let path = format!(
        "{}/fixtures/recorded/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    fixture["response"]["body"].clone()
}

/// One message with every content-part and annotation kind, in the key order
/// servers send (a union's tag first). Same content as the recorded fixture
/// `get_message_all_parts`.
const MESSAGE: &str = r#"{"id":"msg_0000","object":"thread.message","created_at":1699017650,"thread_id":"thread_abc123","status":"completed","incomplete_details":null,"completed_at":1699017655,"incomplete_at":null,"role":"assistant","content":[{"type":"image_file","image_file":{"file_id":"file-img789","detail":"auto"}},{"type":"image_url","image_url":{"url":"https://example.com/chart-preview.png","detail":"high"}},{"type":"text","text":{"value":"Revenue grew 12% year over year【4:0†source】. You can download the chart here: sandbox:/mnt/data/revenue_chart.png","annotations":[{"type":"file_citation","text":"【4:0†source】","file_citation":{"file_id":"file-report2023"},"start_index":31,"end_index":43},{"type":"file_path","text":"sandbox:/mnt/data/revenue_chart.png","file_path":{"file_id":"file-chart001"},"start_index":78,"end_index":113}]}},{"type":"refusal","refusal":"I can't help with that."}],"assistant_id":"asst_abc123","run_id":"run_abc123","attachments":[{"file_id":"file-report2023","tools":[{"type":"file_search"}]},{"file_id":"file-data456","tools":[{"type":"code_interpreter"},{"type":"file_search"}]}],"metadata":{}}"#;

/// A list page of 100 messages, in the servers' key order.
fn page_json() -> String {
    let data: Vec<String> = (0..100)
        .map(|i| MESSAGE.replacen("msg_0000", &format!("msg_{i:04}"), 1))
        .collect();
    format!(
        r#"{{"object":"list","data":[{}],"first_id":"msg_0000","last_id":"msg_0099","has_more":true}}"#,
        data.join(",")
    )
}

/// The same page with every object's keys in alphabetical order, so each
/// union's tag comes after the fields it selects: the slow path.
fn page_json_sorted_keys() -> String {
    serde_json::from_str::<Value>(&page_json())
        .unwrap()
        .to_string()
}

/// A run stream of 1,000 `thread.message.delta` events and `done`.
fn stream_text() -> String {
    let raw = fixture_body("create_thread_and_run_stream_message_deltas");
    let delta = raw
        .as_str()
        .unwrap()
        .split("\n\n")
        .find(|block| block.starts_with("event: thread.message.delta"))
        .unwrap()
        .to_owned();
    let mut text = String::new();
    for _ in 0..1000 {
        text.push_str(&delta);
        text.push_str("\n\n");
    }
    text.push_str("event: done\ndata: [DONE]\n\n");
    text
}

/// A chat completion stream of 1,000 content chunks and `[DONE]`, each chunk
/// as servers send it (the keys in their order, `system_fingerprint`,
/// `service_tier`, `obfuscation`).
fn chat_stream_text() -> String {
    let mut text = String::new();
    for i in 0..1000 {
        text.push_str(&format!(
            "data: {{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_f9f4fb6dbf\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\" word{i}\"}},\"logprobs\":null,\"finish_reason\":null}}],\"usage\":null,\"obfuscation\":\"q7Zr\"}}\n\n"
        ));
    }
    text.push_str("data: [DONE]\n\n");
    text
}

fn meta() -> ResponseMeta {
    ResponseMeta {
        status: 200,
        headers: Default::default(),
        retries: 0,
    }
}

fn decode(c: &mut Criterion) {
    let mut recorded = fixture_body("get_message_all_parts");
    recorded["id"] = Value::String("msg_0000".into());
    assert_eq!(serde_json::from_str::<Value>(MESSAGE).unwrap(), recorded);
    let page = page_json();
    let mut group = c.benchmark_group("list_page_100_messages");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("decode/generated", |b| {
        b.iter(|| serde_json::from_str::<ListMessagesResponse>(&page).unwrap())
    });
    group.bench_function("decode/plain_serde", |b| {
        b.iter(|| serde_json::from_str::<plain::ListMessages>(&page).unwrap())
    });
    let sorted = page_json_sorted_keys();
    group.bench_function("decode_sorted_keys/generated", |b| {
        b.iter(|| serde_json::from_str::<ListMessagesResponse>(&sorted).unwrap())
    });
    group.bench_function("decode_sorted_keys/plain_serde", |b| {
        b.iter(|| serde_json::from_str::<plain::ListMessages>(&sorted).unwrap())
    });
    let generated: ListMessagesResponse = serde_json::from_str(&page).unwrap();
    let floor: plain::ListMessages = serde_json::from_str(&page).unwrap();
    group.bench_function("encode/generated", |b| {
        b.iter(|| serde_json::to_string(&generated).unwrap())
    });
    group.bench_function("encode/plain_serde", |b| {
        b.iter(|| serde_json::to_string(&floor).unwrap())
    });
    group.finish();

    let text = stream_text();
    let bytes = bytes::Bytes::from(text.clone());
    let mut group = c.benchmark_group("run_stream_1000_events");
    group.throughput(Throughput::Elements(1000));
    group.bench_function("decode/generated", |b| {
        b.iter(|| {
            let body = futures::stream::iter([Ok::<_, reqwest::Error>(bytes.clone())]);
            let events =
                EventStream::<AssistantStreamEvent>::new(meta(), body, EventShape::Named, "bench");
            let count = futures::executor::block_on(events.fold(0, |n, event| {
                std::hint::black_box(event.unwrap());
                std::future::ready(n + 1)
            }));
            assert_eq!(count, 1000);
        })
    });
    group.bench_function("decode/plain_serde", |b| {
        b.iter(|| {
            let mut parser = SseParser::default();
            parser.push(text.as_bytes());
            let mut count = 0;
            while let Some(event) = parser.next_event() {
                if event.event == "thread.message.delta" {
                    std::hint::black_box(
                        serde_json::from_str::<plain::MessageDelta>(&event.data).unwrap(),
                    );
                    count += 1;
                }
            }
            assert_eq!(count, 1000);
        })
    });
    let body = futures::stream::iter([Ok::<_, reqwest::Error>(bytes.clone())]);
    let events: Vec<AssistantStreamEvent> = futures::executor::block_on(
        EventStream::<AssistantStreamEvent>::new(meta(), body, EventShape::Named, "bench")
            .map(Result::unwrap)
            .collect(),
    );
    let mut parser = SseParser::default();
    parser.push(text.as_bytes());
    let floor: Vec<plain::MessageDelta> = std::iter::from_fn(|| parser.next_event())
        .filter(|e| e.event == "thread.message.delta")
        .map(|e| serde_json::from_str(&e.data).unwrap())
        .collect();
    group.bench_function("encode/generated", |b| {
        b.iter(|| {
            events
                .iter()
                .map(|e| serde_json::to_string(e).unwrap().len())
                .sum::<usize>()
        })
    });
    group.bench_function("encode/plain_serde", |b| {
        b.iter(|| {
            floor
                .iter()
                .map(|e| serde_json::to_string(e).unwrap().len())
                .sum::<usize>()
        })
    });
    group.finish();

    let text = chat_stream_text();
    let bytes = bytes::Bytes::from(text.clone());
    let mut group = c.benchmark_group("chat_stream_1000_chunks");
    group.throughput(Throughput::Elements(1000));
    group.bench_function("decode/generated", |b| {
        b.iter(|| {
            let body = futures::stream::iter([Ok::<_, reqwest::Error>(bytes.clone())]);
            let chunks = EventStream::<CreateChatCompletionStreamResponse>::new(
                meta(),
                body,
                EventShape::Data,
                "bench",
            );
            let count = futures::executor::block_on(chunks.fold(0, |n, chunk| {
                std::hint::black_box(chunk.unwrap());
                std::future::ready(n + 1)
            }));
            assert_eq!(count, 1000);
        })
    });
    group.bench_function("decode/plain_serde", |b| {
        b.iter(|| {
            let mut parser = SseParser::default();
            parser.push(text.as_bytes());
            let mut count = 0;
            while let Some(event) = parser.next_event() {
                if event.data != "[DONE]" {
                    std::hint::black_box(
                        serde_json::from_str::<plain::ChatChunk>(&event.data).unwrap(),
                    );
                    count += 1;
                }
            }
            assert_eq!(count, 1000);
        })
    });
    let body = futures::stream::iter([Ok::<_, reqwest::Error>(bytes.clone())]);
    let chunks: Vec<CreateChatCompletionStreamResponse> = futures::executor::block_on(
        EventStream::<CreateChatCompletionStreamResponse>::new(
            meta(),
            body,
            EventShape::Data,
            "bench",
        )
        .map(Result::unwrap)
        .collect(),
    );
    let mut parser = SseParser::default();
    parser.push(text.as_bytes());
    let floor: Vec<plain::ChatChunk> = std::iter::from_fn(|| parser.next_event())
        .filter(|e| e.data != "[DONE]")
        .map(|e| serde_json::from_str(&e.data).unwrap())
        .collect();
    assert!(
        chunks.iter().all(|c| c.extra.is_empty()),
        "every key is declared"
    );
    group.bench_function("encode/generated", |b| {
        b.iter(|| {
            chunks
                .iter()
                .map(|c| serde_json::to_string(c).unwrap().len())
                .sum::<usize>()
        })
    });
    group.bench_function("encode/plain_serde", |b| {
        b.iter(|| {
            floor
                .iter()
                .map(|c| serde_json::to_string(c).unwrap().len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
