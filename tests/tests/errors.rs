//! Failures: API error bodies in both shapes, refused path parameters, bodies
//! that do not decode, and configuration mistakes. Secrets never appear in text.

use integration_tests::raw_server::{Behavior, RawServer};
use integration_tests::{Replay, API_KEY};
use portkey_assistants::models::{
    DefaultError, GetMessageError, ListMessagesError, ListMessagesQuery,
};
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
    // The spec declares this shape for `default`: it reads typed too.
    let Some(ListMessagesError::DefaultError(DefaultError::GatewayErrorResponse(typed))) =
        ListMessagesError::from_error(&err)
    else {
        panic!("the declared error body is typed: {err:?}");
    };
    assert_eq!(typed.status, "failure");
}

#[tokio::test]
async fn the_declared_error_body_is_typed() {
    let replay = Replay::start("get_message_not_found").await;
    let err = replay
        .client()
        .get_message("thread_abc123", "msg_missing")
        .await
        .unwrap_err();
    let Some(GetMessageError::DefaultError(DefaultError::ErrorResponse(typed))) =
        GetMessageError::from_error(&err)
    else {
        panic!("the declared error body is typed: {err:?}");
    };
    assert_eq!(
        typed.error.message,
        "No message found with id 'msg_missing'."
    );
    assert_eq!(typed.error.r#type.as_deref(), Some("invalid_request_error"));
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

#[tokio::test]
async fn the_servers_text_is_shown_for_every_common_error_shape() {
    for (status, body, media, shown) in [
        (400, r#"{"error":"model not found"}"#, "application/json", "HTTP 400 Bad Request: model not found"),
        (401, r#"{"detail":"Not authenticated"}"#, "application/json", "HTTP 401 Unauthorized: Not authenticated"),
        (
            422,
            r#"{"detail":[{"loc":["body","role"],"msg":"field required","type":"missing"}]}"#,
            "application/json",
            "HTTP 422 Unprocessable Entity: body.role: field required",
        ),
        (
            403,
            r#"{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50."}"#,
            "application/problem+json",
            "HTTP 403 Forbidden: You do not have enough credit.: Your current balance is 30, but that costs 50.",
        ),
        (
            409,
            r#"{"errors":[{"message":"thread is locked"},{"message":"run in progress"}]}"#,
            "application/json",
            "HTTP 409 Conflict: thread is locked; run in progress",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, media))
            .mount(&server)
            .await;
        let err = client_at(&server.uri()).delete_message("t", "m").await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        let text = err.api_error().expect("an API error").to_string();
        assert!(text.starts_with(shown), "{body}: {text}");
    }
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

/// The error page nginx serves when the server behind it fails.
const NGINX_502: &str = "<html>\r
<head><title>502 Bad Gateway</title></head>\r
<body>\r
<center><h1>502 Bad Gateway</h1></center>\r
<hr><center>nginx/1.25.3</center>\r
</body>\r
</html>\r
<!-- a padding to disable MSIE and Chrome friendly error page -->\r
<!-- a padding to disable MSIE and Chrome friendly error page -->\r
";

/// An error page in the style a CDN serves when the origin fails: conditional
/// comments, a long head with styles and scripts, the status deep in the body.
const CDN_502: &str = r#"<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<!--[if IE 7]>    <html class="no-js ie7 oldie" lang="en-US"> <![endif]-->
<!--[if IE 8]>    <html class="no-js ie8 oldie" lang="en-US"> <![endif]-->
<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
<head>
<title>api.example.com | 502: Bad gateway</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta http-equiv="X-UA-Compatible" content="IE=Edge" />
<meta name="robots" content="noindex, nofollow" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/main.css" />
<style>body{margin:0;padding:0}.error-code{font-weight:600}</style>
<script>(function(){window._cf_translation = {};})();</script>
</head>
<body>
<div id="cf-wrapper">
    <div id="cf-error-details" class="p-0">
        <header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">
            <h1 class="inline-block sm:block sm:mb-2 font-light text-60 leading-tight mr-2">
              <span class="inline-block">Bad gateway</span>
              <span class="code-label">Error code 502</span>
            </h1>
            <div>
               Visit <a href="https://www.example.net/5xx-error-landing" target="_blank" rel="noopener noreferrer">example.net</a> for more information.
            </div>
            <div class="mt-3">2026-05-02 10:15:07 UTC</div>
        </header>
        <div class="my-8 bg-gradient-gray">
            <div class="w-240 lg:w-full mx-auto">
                <div class="clearfix md:px-8">
                    <div id="cf-browser-status" class="relative w-1/3 md:w-full py-15 md:p-0 md:py-8 md:text-left md:border-solid md:border-0 md:border-b md:border-gray-400 overflow-hidden float-left md:float-none text-center">
                        <span class="md:block w-full truncate">You</span>
                        <h3 class="md:inline-block mt-3 md:mt-0 text-2xl text-gray-600 font-light leading-1.3">Browser</h3>
                        <span class="leading-1.3 text-2xl text-green-success">Working</span>
                    </div>
                    <div id="cf-error-host" class="relative w-1/3 md:w-full py-15 md:p-0 md:py-8 float-left md:float-none text-center">
                        <span class="md:block w-full truncate">api.example.com</span>
                        <h3 class="md:inline-block mt-3 md:mt-0 text-2xl text-gray-600 font-light leading-1.3">Host</h3>
                        <span class="leading-1.3 text-2xl text-red-error">Error</span>
                    </div>
                </div>
            </div>
        </div>
        <div class="w-240 lg:w-full mx-auto mb-8 lg:px-8">
            <div class="clearfix">
                <div class="w-1/2 md:w-full float-left pr-6 md:pb-10 md:pr-0 leading-relaxed">
                    <h2 class="text-3xl font-normal leading-1.3 mb-4">What happened?</h2>
                    <p>The web server reported a bad gateway error.</p>
                </div>
                <div class="w-1/2 md:w-full float-left leading-relaxed">
                    <h2 class="text-3xl font-normal leading-1.3 mb-4">What can I do?</h2>
                    <p class="mb-6">Please try again in a few minutes.</p>
                </div>
            </div>
        </div>
        <div class="cf-error-footer cf-wrapper w-240 lg:w-full py-10 sm:py-4 sm:px-8 mx-auto text-center sm:text-left border-solid border-0 border-t border-gray-300">
            <p class="text-13">
                <span class="cf-footer-item sm:block sm:mb-1">Ray ID: <strong class="font-semibold">8f2a61c0d9e3b4a7</strong></span>
                <span class="cf-footer-separator sm:hidden">&bull;</span>
            </p>
        </div>
    </div>
</div>
</body>
</html>
"#;

#[tokio::test]
async fn a_proxy_error_page_is_summed_up_and_kept_whole() {
    for (page, shown) in [
        (
            NGINX_502,
            r#"HTTP 502 Bad Gateway: HTML page "502 Bad Gateway""#,
        ),
        (
            CDN_502,
            r#"HTTP 502 Bad Gateway: HTML page "api.example.com | 502: Bad gateway""#,
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html; charset=UTF-8"))
            .mount(&server)
            .await;
        let err = client_at(&server.uri())
            .delete_message("t", "m")
            .await
            .unwrap_err();
        let text = err.to_string();
        println!("html: {text}");
        assert_eq!(text, shown);
        assert!(matches!(err, Error::Server(_)), "{err:?}");
        assert_eq!(
            err.api_error().unwrap().body,
            ErrorBody::Text(page.to_owned()),
            "the whole page stays available"
        );
    }
}
