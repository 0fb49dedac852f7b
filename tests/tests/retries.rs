//! Retries and timeouts against a real server on 127.0.0.1: which responses
//! are retried, how long the client waits (recorded, not slept), and what a
//! caller gets when it gives up.

use integration_tests::raw_server::{Behavior, RawServer};
use integration_tests::{recording_sleeper, Waits};
use portkey_assistants::{Client, Error, ErrorBody, RequestOptions};
use std::time::{Duration, SystemTime};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const DELETED: &str = r#"{"id":"msg_1","object":"thread.message.deleted","deleted":true}"#;

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(DELETED, "application/json")
}

fn error(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        r#"{"error":{"message":"try later","type":"server_error","param":null,"code":"overloaded"}}"#,
        "application/json",
    )
}

/// Answers `first` to the first `times` requests and 200 afterwards.
async fn answering(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok())
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn make_client(
    url: &str,
    builder: impl FnOnce(portkey_assistants::ClientBuilder) -> portkey_assistants::ClientBuilder,
) -> (Client, Waits) {
    let (sleeper, waits) = recording_sleeper();
    let client = builder(
        Client::builder()
            .base_url(url)
            .api_key("pk-test")
            .sleeper(sleeper),
    )
    .build()
    .unwrap();
    (client, waits)
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn rate_limit_with_retry_after_then_success() {
    let server = answering(error(429).insert_header("retry-after", "1"), 1).await;
    let (client, waits) = make_client(&server.uri(), |b| b);
    let response = client.delete_message_with_response("t", "m").await.unwrap();
    assert!(response.data.deleted);
    assert_eq!(response.meta.retries, 1);
    assert_eq!(requests(&server).await, 2);
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1)]);
}

#[tokio::test]
async fn an_exhausted_quota_is_not_retried_but_a_rate_limit_is() {
    let quota = ResponseTemplate::new(429).set_body_raw(
        r#"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#,
        "application/json",
    );
    let server = answering(quota, 100).await;
    let (client, waits) = make_client(&server.uri(), |b| b.max_retries(3));
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert!(matches!(err, Error::RateLimit(_)), "{err:?}");
    assert_eq!(
        requests(&server).await,
        1,
        "waiting does not refill a quota"
    );
    assert!(waits.lock().unwrap().is_empty());
    assert!(
        err.to_string().contains("You exceeded your current quota"),
        "{err}"
    );

    let limited = ResponseTemplate::new(429).set_body_raw(
        r#"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
        "application/json",
    );
    let server = answering(limited, 1).await;
    let (client, _) = make_client(&server.uri(), |b| b.max_retries(3));
    client.delete_message("t", "m").await.expect("retried");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn server_errors_retry_until_retries_run_out() {
    let server = answering(error(503), 100).await;
    let (client, waits) = make_client(&server.uri(), |b| b.max_retries(3));
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await, 4, "1 attempt + 3 retries");
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 3);
    // Exponential: 0.5 s, 1 s, 2 s, each shortened by at most a quarter of jitter.
    for (wait, full) in waits.iter().zip([0.5, 1.0, 2.0]) {
        let secs = wait.as_secs_f64();
        assert!(secs <= full && secs >= full * 0.75, "{secs} for {full}");
    }
}

#[tokio::test]
async fn default_is_two_retries_and_per_request_override_wins() {
    let server = answering(error(500), 100).await;
    let (client, _) = make_client(&server.uri(), |b| b);
    client.delete_message("t", "m").await.unwrap_err();
    assert_eq!(requests(&server).await, 3);
    client
        .with_options(RequestOptions::new().max_retries(0))
        .delete_message("t", "m")
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 4);
    // The shared client kept its own setting.
    client.delete_message("t", "m").await.unwrap_err();
    assert_eq!(requests(&server).await, 7);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 401, 403, 404, 422] {
        let server = answering(error(status), 100).await;
        let (client, waits) = make_client(&server.uri(), |b| b);
        let err = client.delete_message("t", "m").await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(requests(&server).await, 1, "{status}");
        assert!(waits.lock().unwrap().is_empty());
    }
}

#[tokio::test]
async fn errors_are_sorted_by_status_family() {
    type IsFamily = fn(&Error) -> bool;
    let cases: [(u16, IsFamily); 8] = [
        (400, |e| matches!(e, Error::BadRequest(_))),
        (401, |e| matches!(e, Error::Authentication(_))),
        (403, |e| matches!(e, Error::PermissionDenied(_))),
        (404, |e| matches!(e, Error::NotFound(_))),
        (409, |e| matches!(e, Error::Conflict(_))),
        (422, |e| matches!(e, Error::UnprocessableEntity(_))),
        (429, |e| matches!(e, Error::RateLimit(_))),
        (418, |e| matches!(e, Error::Api(_))),
    ];
    for (status, is_family) in cases {
        let server = answering(error(status), 100).await;
        let (client, _) = make_client(&server.uri(), |b| b.max_retries(0));
        let err = client.delete_message("t", "m").await.unwrap_err();
        assert!(is_family(&err), "{status}: {err:?}");
        assert!(err.to_string().contains("try later"), "{err}");
    }
}

#[tokio::test]
async fn should_retry_header_is_honoured() {
    let server = answering(error(503).insert_header("x-should-retry", "false"), 100).await;
    let (client, _) = make_client(&server.uri(), |b| b);
    client.delete_message("t", "m").await.unwrap_err();
    assert_eq!(requests(&server).await, 1);

    let server = answering(error(400).insert_header("x-should-retry", "true"), 1).await;
    let (client, _) = make_client(&server.uri(), |b| b);
    client.delete_message("t", "m").await.unwrap();
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retry_after_above_the_cap_fails_at_once() {
    let server = answering(error(429).insert_header("retry-after", "120"), 100).await;
    let (client, waits) = make_client(&server.uri(), |b| b);
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert!(matches!(err, Error::RateLimit(_)), "{err:?}");
    assert_eq!(requests(&server).await, 1);
    assert!(waits.lock().unwrap().is_empty());

    // A raised cap waits it out.
    let server = answering(error(429).insert_header("retry-after", "120"), 1).await;
    let (client, waits) = make_client(&server.uri(), |b| {
        b.max_retry_after(Duration::from_secs(300))
    });
    client.delete_message("t", "m").await.unwrap();
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(120)]);
}

#[tokio::test]
async fn retry_after_ms_wins_over_retry_after() {
    let server = answering(
        error(429)
            .insert_header("retry-after-ms", "250")
            .insert_header("retry-after", "9"),
        1,
    )
    .await;
    let (client, waits) = make_client(&server.uri(), |b| b);
    client.delete_message("t", "m").await.unwrap();
    assert_eq!(*waits.lock().unwrap(), [Duration::from_millis(250)]);
}

#[tokio::test]
async fn retry_after_as_an_http_date() {
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
    let server = answering(error(503).insert_header("retry-after", at.as_str()), 1).await;
    let (client, waits) = make_client(&server.uri(), |b| b);
    client.delete_message("t", "m").await.unwrap();
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 1);
    // The date has whole seconds, so the wait is a little under 5 s.
    assert!(
        waits[0] > Duration::from_secs(3) && waits[0] <= Duration::from_secs(5),
        "{waits:?}"
    );
}

#[tokio::test]
async fn gateway_retries_are_not_multiplied() {
    let server = answering(
        error(503).insert_header("x-portkey-retry-attempt-count", "3"),
        100,
    )
    .await;
    let (client, _) = make_client(&server.uri(), |b| b);
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await, 1);
    // The spec declares the header, so the error reads it typed.
    assert_eq!(err.api_error().unwrap().retry_attempt_count(), Some(3));
}

#[tokio::test]
async fn html_from_a_proxy_is_retried_and_kept_as_text() {
    let page = ResponseTemplate::new(502)
        .set_body_raw("<html><h1>502 Bad Gateway</h1></html>", "text/html");
    let server = answering(page.clone(), 1).await;
    let (client, _) = make_client(&server.uri(), |b| b);
    client.delete_message("t", "m").await.unwrap();
    assert_eq!(
        requests(&server).await,
        2,
        "a non-JSON body does not stop the retry"
    );

    let server = answering(page, 100).await;
    let (client, _) = make_client(&server.uri(), |b| b);
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert!(
        matches!(&err.api_error().unwrap().body, ErrorBody::Text(t) if t.contains("502 Bad Gateway"))
    );
}

#[tokio::test]
async fn connection_closed_mid_response_is_retried_then_reported() {
    let server = RawServer::start(Behavior::CloseMidBody(r#"{"id":"msg_1","obj"#.into())).await;
    let (client, waits) = make_client(&server.url, |b| b);
    let err = client.delete_message("t", "m").await.unwrap_err();
    match &err {
        Error::Connection {
            attempts,
            operation,
            ..
        } => {
            assert_eq!(*attempts, 3);
            assert_eq!(*operation, "deleteMessage");
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
    assert_eq!(server.requests(), 3);
    assert_eq!(waits.lock().unwrap().len(), 2);
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn nothing_listening_is_a_connection_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let (client, _) = make_client(&format!("http://127.0.0.1:{port}"), |b| b.max_retries(1));
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert!(
        matches!(err, Error::Connection { attempts: 2, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_slower_than_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let (client, _) = make_client(&server.uri(), |b| {
        b.timeout(Duration::from_millis(200)).max_retries(1)
    });
    let started = std::time::Instant::now();
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2, .. }), "{err:?}");
    assert_eq!(requests(&server).await, 2);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout cut both attempts short"
    );

    // A per-request timeout replaces the client's, for that copy only.
    let slow = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok().set_delay(Duration::from_millis(400)))
        .mount(&slow)
        .await;
    let (quick, _) = make_client(&slow.uri(), |b| {
        b.timeout(Duration::from_millis(100)).max_retries(0)
    });
    let patient = quick.with_options(RequestOptions::new().timeout(Duration::from_secs(30)));
    assert!(patient.delete_message("t", "m").await.is_ok());
    assert!(matches!(
        quick.delete_message("t", "m").await,
        Err(Error::Timeout { .. })
    ));
}

#[tokio::test]
async fn malformed_json_on_success_is_a_decode_error_and_not_retried() {
    for body in [
        r#"{"id":"msg_1","object":"thread.message.deleted","deleted":tr"#,
        "<html>ok</html>",
        "",
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let (client, _) = make_client(&server.uri(), |b| b);
        let err = client.delete_message("t", "m").await.unwrap_err();
        assert!(
            matches!(err, Error::Decode { status: 200, .. }),
            "{body}: {err:?}"
        );
        assert_eq!(requests(&server).await, 1);
    }
}
