//! What the client logs through `tracing`: one span per request with its
//! facts, never a secret. Alone in its test binary: tracing caches which
//! call sites are enabled per process, and other tests running beside it
//! without a subscriber would disable the span here.

use portkey_assistants::{Client, RequestOptions};
use std::io::Write;
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const DELETED: &str = r#"{"id":"msg_1","object":"thread.message.deleted","deleted":true}"#;
const SECRET: &str = "pk-live-7f3a9c1e5b";

/// A `MakeWriter` collecting everything tracing prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn tracing_shows_requests_but_never_secrets() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_raw(r#"{"error":{"message":"busy"}}"#, "application/json"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(DELETED, "application/json"))
        .mount(&server)
        .await;
    let (sleeper, _) = integration_tests::recording_sleeper();
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SECRET)
        .virtual_key("vk-secret-9")
        .provider_auth("sk-upstream-secret")
        .sleeper(sleeper)
        .build()
        .unwrap();
    client.delete_message("t", "m").await.unwrap();
    let failing = client.with_options(
        RequestOptions::new()
            .header("authorization", "Bearer sk-per-call-secret")
            .max_retries(0),
    );
    let _ = failing.delete_message("t", "missing").await;

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("http_request"), "{text}");
    assert!(text.contains("deleteMessage"), "{text}");
    assert!(
        text.contains("/threads/{thread_id}/messages/{message_id}"),
        "{text}"
    );
    assert!(text.contains("retrying"), "{text}");
    assert!(
        text.contains("status=503") || text.contains("status=Some(503)"),
        "{text}"
    );
    for secret in [
        SECRET,
        "vk-secret-9",
        "sk-upstream-secret",
        "sk-per-call-secret",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into logs:\n{text}");
    }
    let debug = format!("{client:?} {failing:?}");
    for secret in [
        SECRET,
        "vk-secret-9",
        "sk-upstream-secret",
        "sk-per-call-secret",
    ] {
        assert!(
            !debug.contains(secret),
            "{secret} leaked into Debug: {debug}"
        );
    }
}
