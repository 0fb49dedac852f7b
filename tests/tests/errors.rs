//! Failures: API error bodies in both shapes, refused path parameters, bodies
//! that do not decode, and configuration mistakes. Secrets never appear in text.

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
