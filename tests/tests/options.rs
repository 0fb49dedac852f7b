//! Per-request options, typed Portkey options, response metadata, and one
//! client under heavy concurrency.

use futures::future::join_all;
use integration_tests::raw_server::{Behavior, RawServer};
use portkey_assistants::{Client, RequestOptions};
use std::collections::BTreeMap;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const DELETED: &str = r#"{"id":"msg_1","object":"thread.message.deleted","deleted":true}"#;
const SECRET: &str = "pk-live-7f3a9c1e5b";

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(200)
        .set_body_raw(DELETED, "application/json")
        .insert_header("x-request-id", "req_123")
        .insert_header("x-portkey-trace-id", "trace-abc")
        .insert_header("x-portkey-cache-status", "HIT")
        .insert_header("x-portkey-retry-attempt-count", "0");
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn typed_portkey_options_on_the_builder_and_per_request() {
    let server = ok_server().await;
    let metadata: BTreeMap<String, String> = [("team".to_owned(), "search".to_owned())].into();
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SECRET)
        .config("pc-config-1")
        .trace_id("trace-default")
        .metadata(&metadata)
        .cache_namespace("ns-1")
        .build()
        .unwrap();
    client.delete_message("t", "m").await.unwrap();
    client
        .with_options(
            RequestOptions::new()
                .trace_id("trace-override")
                .cache_force_refresh(true),
        )
        .delete_message("t", "m")
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let first = &received[0];
    assert_eq!(header(first, "x-portkey-api-key"), Some(SECRET));
    assert_eq!(header(first, "x-portkey-config"), Some("pc-config-1"));
    assert_eq!(header(first, "x-portkey-trace-id"), Some("trace-default"));
    assert_eq!(
        header(first, "x-portkey-metadata"),
        Some(r#"{"team":"search"}"#)
    );
    assert_eq!(header(first, "x-portkey-cache-namespace"), Some("ns-1"));
    assert_eq!(header(first, "x-portkey-cache-force-refresh"), None);
    let second = &received[1];
    assert_eq!(header(second, "x-portkey-trace-id"), Some("trace-override"));
    assert_eq!(
        header(second, "x-portkey-cache-force-refresh"),
        Some("true")
    );
    assert_eq!(header(second, "x-portkey-cache-namespace"), Some("ns-1"));
}

#[tokio::test]
async fn response_metadata_is_reachable() {
    let server = ok_server().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let response = client.delete_message_with_response("t", "m").await.unwrap();
    assert!(response.data.deleted);
    let meta = &response.meta;
    assert_eq!(meta.status, 200);
    assert_eq!(meta.request_id(), Some("req_123"));
    assert_eq!(meta.trace_id(), Some("trace-abc"));
    assert_eq!(meta.cache_status(), Some("HIT"));
    assert_eq!(meta.retry_attempt_count(), Some(0));
    assert_eq!(meta.retries, 0);
    assert_eq!(
        meta.headers.get("content-type").unwrap(),
        "application/json"
    );
}

#[tokio::test]
async fn bad_option_headers_fail_before_sending() {
    let server = ok_server().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let bad_value = client.with_options(RequestOptions::new().header("x-note", "line\nbreak"));
    let err = bad_value.delete_message("t", "m").await.unwrap_err();
    assert!(
        matches!(err, portkey_assistants::Error::InvalidRequest(_)),
        "{err:?}"
    );
    assert!(!err.to_string().contains("line\nbreak"));
    let bad_name = client.with_options(RequestOptions::new().header("bad header", "v"));
    assert!(bad_name.delete_message("t", "m").await.is_err());
    assert!(server.received_requests().await.unwrap().is_empty());
    let err = Client::builder().trace_id("a\u{7f}b").build().unwrap_err();
    assert!(
        matches!(err, portkey_assistants::Error::Config(_)),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_request_headers_do_not_leak_between_concurrent_calls() {
    let server = ok_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SECRET)
        .build()
        .unwrap();
    let calls = (0..64).map(|i| {
        let copy = client.with_options(
            RequestOptions::new()
                .header("x-call", i.to_string())
                .trace_id(format!("trace-{i}")),
        );
        async move { copy.delete_message(&format!("thread_{i}"), "m").await }
    });
    for result in join_all(calls).await {
        result.unwrap();
    }
    client.delete_message("thread_plain", "m").await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 65);
    for request in &received {
        let thread = request.url.path().split('/').nth(2).unwrap().to_owned();
        match thread
            .strip_prefix("thread_")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(i) => {
                assert_eq!(header(request, "x-call"), Some(i.to_string().as_str()));
                assert_eq!(
                    header(request, "x-portkey-trace-id"),
                    Some(format!("trace-{i}").as_str())
                );
            }
            None => {
                assert_eq!(thread, "thread_plain");
                assert_eq!(header(request, "x-call"), None);
                assert_eq!(header(request, "x-portkey-trace-id"), None);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_calls_share_connections() {
    let server = RawServer::start(Behavior::Json(DELETED.into())).await;
    let client = Client::builder()
        .base_url(server.url.clone())
        .build()
        .unwrap();
    let wave = || join_all((0..500).map(|_| client.delete_message("t", "m")));
    assert!(wave().await.iter().all(Result::is_ok));
    let after_first = server.connections();
    assert!(wave().await.iter().all(Result::is_ok));
    let after_second = server.connections();
    assert_eq!(server.requests(), 1000);
    assert!(
        after_first <= 500,
        "{after_first} connections for 500 calls"
    );
    // The second wave runs over the pooled connections of the first.
    assert!(
        after_second - after_first <= 50,
        "{after_first} then {after_second} connections"
    );
}

/// `name/version` of the generated crate, read from its manifest.
fn generated_crate_agent() -> String {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml");
    let text = std::fs::read_to_string(manifest).unwrap();
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.trim().strip_prefix('='))
            .map(|v| v.trim().trim_matches('"').to_owned())
            .unwrap()
    };
    format!("{}/{}", value("name"), value("version"))
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_can_be_replaced() {
    let server = ok_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SECRET)
        .build()
        .unwrap();
    client.delete_message("t", "m").await.unwrap();
    client
        .with_options(RequestOptions::new().header("User-Agent", "my-app/2.0"))
        .delete_message("t", "m")
        .await
        .unwrap();
    // A copy's option does not change the client it came from.
    client.delete_message("t", "m").await.unwrap();

    let received = server.received_requests().await.unwrap();
    let agents: Vec<Option<&str>> = received.iter().map(|r| header(r, "user-agent")).collect();
    let own = generated_crate_agent();
    assert_eq!(own, "portkey-assistants/0.1.0");
    assert_eq!(
        agents,
        [Some(own.as_str()), Some("my-app/2.0"), Some(own.as_str())]
    );
    for request in &received {
        assert_eq!(
            request.headers.get_all("user-agent").iter().count(),
            1,
            "one user agent"
        );
    }

    // A custom HTTP client's requests carry it too.
    let custom = Client::builder()
        .base_url(server.uri())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    custom.delete_message("t", "m").await.unwrap();
    let last = server.received_requests().await.unwrap().pop().unwrap();
    assert_eq!(header(&last, "user-agent"), Some(own.as_str()));
}
