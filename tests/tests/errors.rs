//! Failures: API error bodies in both shapes, refused path parameters, bodies
//! that do not decode, and configuration mistakes. Secrets never appear in text.

use integration_tests::raw_server::{Behavior, RawServer};
use integration_tests::{Replay, API_KEY};
use portkey_assistants::models::ListMessagesQuery;
use portkey_assistants::{Client, Error, ErrorBody, ErrorCode};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn not_found_carries_status_and_openai_error() {
    let replay = Replay::start("get_message_not_found").await;
    let err = replay
        .client()
        .get_message("thread_abc123", "msg_missing")
        .await
        .unwrap_err();
    replay.assert_request().await;
    assert_eq!(err.status(), Some(404));
    let api = err.api_error().expect("an API error");
    assert_eq!(
        api.request_id.as_deref(),
        replay
            .fixture
            .response
            .headers
            .get("x-request-id")
            .map(String::as_str)
    );
    match &api.body {
        ErrorBody::ErrorObject {
            message,
            kind,
            param,
            code,
            ..
        } => {
            assert_eq!(
                message.as_deref(),
                Some("No message found with id 'msg_missing'.")
            );
            assert_eq!(kind.as_deref(), Some("invalid_request_error"));
            assert_eq!(*param, None);
            assert_eq!(*code, None);
        }
        other => panic!("expected the OpenAI shape, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.starts_with("HTTP 404 Not Found: No message found with id 'msg_missing'."),
        "{text}"
    );
    assert!(!text.contains('\n'));
}

#[tokio::test]
async fn gateway_error_shape_is_understood() {
    let replay = Replay::start("list_messages_gateway_error").await;
    let err = replay
        .client()
        .list_messages("thread_abc123", &ListMessagesQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    match &err.api_error().unwrap().body {
        ErrorBody::Message {
            status, message, ..
        } => {
            assert_eq!(status.as_deref(), Some("failure"));
            assert_eq!(
                message.as_deref(),
                Some("Either x-portkey-config or x-portkey-provider header is required")
            );
        }
        other => panic!("expected the gateway shape, got {other:?}"),
    }
    assert!(err
        .to_string()
        .contains("Either x-portkey-config or x-portkey-provider header is required"));
}

#[tokio::test]
async fn numeric_error_code_is_kept_as_a_number() {
    let replay = Replay::start("create_message_numeric_code").await;
    let body: portkey_assistants::models::CreateMessageRequest =
        serde_json::from_value(replay.fixture.request.body.clone()).unwrap();
    let err = replay
        .client()
        .create_message("thread_abc123", &body)
        .await
        .unwrap_err();
    // A 500 is retried (twice by default), each time with the same request.
    replay.assert_requests(3).await;
    assert_eq!(err.status(), Some(500));
    match &err.api_error().unwrap().body {
        ErrorBody::ErrorObject {
            code: Some(ErrorCode::Number(n)),
            ..
        } => assert_eq!(n.as_u64(), Some(500)),
        other => panic!("expected a numeric code, got {other:?}"),
    }
    assert!(err.to_string().contains("code: 500"), "{err}");
}

#[tokio::test]
async fn bad_path_parameters_are_refused_before_sending() {
    let replay = Replay::start("get_message_sparse").await;
    let client = replay.client();
    for (thread, message) in [
        ("", "msg_1"),
        ("thread_1", ""),
        (".", "msg_1"),
        ("thread_1", ".."),
    ] {
        let err = client.get_message(thread, message).await.unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest(_)),
            "{thread:?}/{message:?}: {err}"
        );
        assert_eq!(err.status(), None);
    }
    let received = replay.server.received_requests().await.unwrap();
    assert!(
        received.is_empty(),
        "nothing may be sent, got {} requests",
        received.len()
    );
}

#[tokio::test]
async fn a_body_that_does_not_match_names_the_field() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "t", "role": "user",
        "content": [{"type": "text", "text": {"value": 42, "annotations": []}}]
    });
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .build()
        .unwrap();
    let err = client.get_message("t", "msg_1").await.unwrap_err();
    match &err {
        Error::Decode { status, path, .. } => {
            assert_eq!(*status, 200);
            assert!(path.starts_with("content[0]"), "{path}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"id": "msg_1", "obj"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains(r#"{"id": "msg_1", "obj"#), "{err}");
}

#[tokio::test]
async fn html_error_page_is_kept_as_text() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad gateway</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let err = client.delete_message("t", "m").await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(
        matches!(&err.api_error().unwrap().body, ErrorBody::Text(t) if t.contains("Bad gateway"))
    );
}

#[test]
fn secrets_stay_out_of_debug_and_errors() {
    let secret = "pk-super-secret-value";
    let builder = Client::builder()
        .api_key(secret)
        .virtual_key("vk-secret-too")
        .provider_auth("sk-upstream-secret");
    let debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let debug_client = format!("{client:?}");
    for text in [&debug, &debug_client] {
        for s in [secret, "vk-secret-too", "sk-upstream-secret"] {
            assert!(!text.contains(s), "{text}");
        }
    }
    let err = Client::builder()
        .api_key("bad\nkey-secret")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(err.to_string().contains("api_key"), "{err}");
    assert!(!err.to_string().contains("key-secret"), "{err}");
}

#[test]
fn bad_base_url_is_a_config_error() {
    for url in ["not a url", "ftp://example.com"] {
        let err = Client::builder().base_url(url).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err}");
    }
}

/// A client for `base` (the API under `/v1`) that does not retry.
fn client_at(base: &str) -> Client {
    Client::builder()
        .base_url(format!("{base}/v1"))
        .api_key(API_KEY)
        .max_retries(0)
        .build()
        .unwrap()
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Checks what every connection failure's text shares: one line, no path or
/// query of the URL, no credential.
fn assert_one_safe_line(text: &str) {
    assert!(!text.contains('\n'), "{text}");
    for hidden in ["/v1", "thread_private", "msg_private", API_KEY] {
        assert!(!text.contains(hidden), "{hidden:?} shown in: {text}");
    }
}

#[tokio::test]
async fn a_refused_connection_names_the_host_and_the_cause() {
    let port = closed_port();
    let err = client_at(&format!("http://127.0.0.1:{port}"))
        .get_message("thread_private", "msg_private")
        .await
        .unwrap_err();
    let text = err.to_string();
    println!("refused: {text}");
    assert!(
        matches!(err, Error::Connection { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(
        text.contains(&format!("could not connect to 127.0.0.1:{port}")),
        "{text}"
    );
    assert!(text.contains("refused"), "{text}");
    assert!(!text.contains("error sending request"), "{text}");
    assert_one_safe_line(&text);
}

#[tokio::test]
async fn an_unresolvable_host_says_the_name_did_not_resolve() {
    // `.invalid` never resolves (RFC 6761): the resolver fails at once, without network.
    let err = client_at("http://does-not-exist.invalid")
        .get_message("thread_private", "msg_private")
        .await
        .unwrap_err();
    let text = err.to_string();
    println!("dns: {text}");
    match &err {
        Error::Connection { host, .. } => assert_eq!(host, "does-not-exist.invalid:80"),
        other => panic!("expected a connection error, got {other:?}"),
    }
    assert!(text.contains("does-not-exist.invalid:80"), "{text}");
    assert!(text.contains("host name could not be resolved"), "{text}");
    assert_one_safe_line(&text);
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout_naming_host_and_limit() {
    // Accepts connections and holds them open without a word.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = Client::builder()
        .base_url(format!("http://{addr}/v1"))
        .timeout(std::time::Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let err = client
        .get_message("thread_private", "msg_private")
        .await
        .unwrap_err();
    silent.abort();
    let text = err.to_string();
    println!("timeout: {text}");
    match &err {
        Error::Timeout { host, limit, .. } => {
            assert_eq!(*host, addr.to_string());
            assert_eq!(*limit, Some(std::time::Duration::from_millis(200)));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(text.contains("timed out"), "{text}");
    assert!(text.contains(&addr.to_string()), "{text}");
    assert!(text.contains("within 200ms"), "{text}");
    assert_one_safe_line(&text);
}

#[tokio::test]
async fn a_failed_tls_handshake_says_so() {
    // A plain HTTP server, asked for HTTPS: its answer is no TLS record.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let plain = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut hello = [0u8; 1024];
            let _ = socket.read(&mut hello).await;
            let answer =
                "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            let _ = socket.write_all(answer.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    let err = client_at(&format!("https://{addr}"))
        .get_message("thread_private", "msg_private")
        .await
        .unwrap_err();
    plain.abort();
    let text = err.to_string();
    println!("tls: {text}");
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert!(text.contains(&addr.to_string()), "{text}");
    assert!(text.contains("TLS handshake failed"), "{text}");
    assert_one_safe_line(&text);
}

#[tokio::test]
async fn a_connection_closed_mid_response_says_so() {
    let server = RawServer::start(Behavior::CloseMidBody(r#"{"id":"msg_1","obj"#.into())).await;
    let err = client_at(&server.url)
        .get_message("thread_private", "msg_private")
        .await
        .unwrap_err();
    let text = err.to_string();
    println!("closed: {text}");
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    let host = server.url.trim_start_matches("http://");
    assert!(
        text.contains(&format!("lost the connection to {host}")),
        "{text}"
    );
    assert!(
        text.contains("closed before the response was complete"),
        "{text}"
    );
    assert_one_safe_line(&text);
}
