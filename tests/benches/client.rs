//! One call through the generated client beside the same request made with a
//! bare reqwest client and decoded with serde, on loopback (keep-alive).
//!
//! `cargo bench -p integration-tests --bench client`

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use integration_tests::raw_server::{Behavior, RawServer};
use portkey_assistants::Client;

const DELETED: &str = r#"{"id":"msg_1","object":"thread.message.deleted","deleted":true}"#;

#[derive(serde::Deserialize)]
#[allow(dead_code, reason = "decoded to match the client's work, not read")]
struct Deleted {
    id: String,
    object: String,
    deleted: bool,
}

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(RawServer::start(Behavior::Json(DELETED.into())));
    let client = Client::builder()
        .base_url(server.url.clone())
        .api_key("pk-bench")
        .build()
        .unwrap();
    let bare = reqwest::Client::new();
    let url = format!("{}/threads/thread_1/messages/msg_1", server.url);

    let mut group = c.benchmark_group("loopback_round_trip");
    group.bench_function("generated_client", |b| {
        b.to_async(&runtime)
            .iter(|| async { client.delete_message("thread_1", "msg_1").await.unwrap() })
    });
    group.bench_function("bare_reqwest", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = bare
                .delete(&url)
                .header("accept", "application/json")
                .header("openai-beta", "assistants=v2")
                .header("x-portkey-api-key", "pk-bench")
                .send()
                .await
                .unwrap();
            let body = response.bytes().await.unwrap();
            serde_json::from_slice::<Deleted>(&body).unwrap()
        })
    });
    group.finish();
    drop(server);
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
