//! Credentials and servers on the wire: each security scheme's exact header,
//! query parameter or cookie as a local server receives it, optional and
//! per-operation security, and which base URL an operation is sent to. The
//! runtime is driven directly, as generated clients drive it.

use client_runtime::runtime::{
    Core, CoreBuilder, CredentialId, CredentialSpec, Error, Operation, RequestOptions,
    RequestParts, ServerTemplate, ServerVariable,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Every kind of credential, in the order generated clients list them.
const SPECS: &[CredentialSpec] = &[
    CredentialSpec::Bearer,
    CredentialSpec::Basic,
    CredentialSpec::Header("x-api-key"),
    CredentialSpec::Query("key"),
    CredentialSpec::Cookie("SESSION"),
    CredentialSpec::Cookie("csrf"),
];
const NAMES: &[&str] = &[
    "bearer_auth",
    "basic_auth",
    "api_key",
    "key",
    "session",
    "csrf",
];
const BEARER: CredentialId = CredentialId(0);
const BASIC: CredentialId = CredentialId(1);
const API_KEY: CredentialId = CredentialId(2);
const QUERY_KEY: CredentialId = CredentialId(3);
const SESSION: CredentialId = CredentialId(4);
const CSRF: CredentialId = CredentialId(5);

/// An operation accepting `credentials`, sent to `server` when given.
fn operation(
    credentials: &'static [CredentialId],
    server: Option<&'static str>,
) -> &'static Operation {
    Box::leak(Box::new(Operation {
        id: "getItem",
        method: "GET",
        path: "/items",
        server,
        headers: &[],
        credentials,
        accept: "application/json",
    }))
}

/// A server answering every request with 204.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// A core sending to `base` with the credentials `set`, without retries.
fn core(base: &str, set: &[(CredentialId, &str)]) -> Core {
    let mut builder = CoreBuilder::new(base, SPECS);
    builder.max_retries(0);
    for (id, value) in set {
        builder.credential(*id, (*value).to_owned());
    }
    builder.build(NAMES).expect("valid settings")
}

/// Sends `op` through `core` with `cookies` as its cookie parameters and
/// returns the one request the server saw.
async fn send(
    core: &Core,
    server: &MockServer,
    op: &'static Operation,
    cookies: Vec<(&'static str, String)>,
) -> Request {
    let parts = RequestParts::new(op, &[]).unwrap().cookies(cookies);
    core.execute(parts)
        .await
        .expect("the call succeeds")
        .empty();
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn bearer_sends_the_token_in_authorization() {
    let server = server().await;
    let core = core(&server.uri(), &[(BEARER, "tok-123.abc")]);
    let request = send(&core, &server, operation(&[BEARER], None), Vec::new()).await;
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer tok-123.abc")
    );
}

#[tokio::test]
async fn basic_sends_rfc_7617_base64_of_user_and_password() {
    let server = server().await;
    // RFC 7617 section 2's example.
    let core = core(&server.uri(), &[(BASIC, "Aladdin:open sesame")]);
    let request = send(&core, &server, operation(&[BASIC], None), Vec::new()).await;
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn api_key_in_a_header_is_sent_as_it_is() {
    let server = server().await;
    let core = core(&server.uri(), &[(API_KEY, "pk-live-1")]);
    let request = send(&core, &server, operation(&[API_KEY], None), Vec::new()).await;
    assert_eq!(header(&request, "x-api-key"), Some("pk-live-1"));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn api_key_in_the_query_is_one_encoded_parameter() {
    let server = server().await;
    let core = core(&server.uri(), &[(QUERY_KEY, "k/1 &x=2")]);
    let request = send(&core, &server, operation(&[QUERY_KEY], None), Vec::new()).await;
    assert_eq!(request.url.path(), "/items");
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(pairs, [("key".to_owned(), "k/1 &x=2".to_owned())]);
}

#[tokio::test]
async fn api_key_in_a_cookie_is_one_cookie_pair() {
    let server = server().await;
    let core = core(&server.uri(), &[(SESSION, "s-42")]);
    let request = send(&core, &server, operation(&[SESSION], None), Vec::new()).await;
    assert_eq!(header(&request, "cookie"), Some("SESSION=s-42"));
}

#[tokio::test]
async fn cookie_credentials_and_parameters_share_one_header() {
    let server = server().await;
    let core = core(&server.uri(), &[(SESSION, "s;1"), (CSRF, "t 2")]);
    let cookies = vec![
        ("theme", "dark".to_owned()),
        // A parameter named like a credential's cookie gives way to it.
        ("csrf", "from-parameter".to_owned()),
    ];
    let op = operation(&[SESSION, CSRF], None);
    let request = send(&core, &server, op, cookies).await;
    let all: Vec<_> = request.headers.get_all("cookie").iter().collect();
    assert_eq!(all.len(), 1, "one Cookie header: {all:?}");
    assert_eq!(
        header(&request, "cookie"),
        Some("theme=dark; csrf=t%202; SESSION=s%3B1")
    );
}

#[tokio::test]
async fn a_cookie_header_option_is_kept_after_the_operations_cookies() {
    let server = server().await;
    let core = core(&server.uri(), &[(SESSION, "s1")])
        .with_options(RequestOptions::new().header("Cookie", "tracking=off"));
    let request = send(&core, &server, operation(&[SESSION], None), Vec::new()).await;
    assert_eq!(header(&request, "cookie"), Some("SESSION=s1; tracking=off"));
}

#[tokio::test]
async fn optional_security_without_a_credential_sends_none_and_still_calls() {
    let server = server().await;
    let core = core(&server.uri(), &[]);
    let op = operation(&[BEARER, API_KEY, QUERY_KEY, SESSION], None);
    let request = send(&core, &server, op, Vec::new()).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "x-api-key"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn an_operation_sends_only_the_credentials_its_security_names() {
    let server = server().await;
    let all = [
        (BEARER, "tok"),
        (API_KEY, "key"),
        (QUERY_KEY, "q"),
        (SESSION, "s"),
    ];
    let core = core(&server.uri(), &all);
    // `security: []`: nothing, even with every credential set.
    let request = send(&core, &server, operation(&[], None), Vec::new()).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "x-api-key"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(request.url.query(), None);

    // An operation requiring another scheme than the document: only that one.
    let server = self::server().await;
    let core = self::core(&server.uri(), &all);
    let request = send(&core, &server, operation(&[API_KEY], None), Vec::new()).await;
    assert_eq!(header(&request, "x-api-key"), Some("key"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "cookie"), None);
}

#[test]
fn cookie_secrets_stay_out_of_debug_and_errors() {
    let mut builder = CoreBuilder::new("http://127.0.0.1:9", SPECS);
    builder.credential(SESSION, "cookie-secret-value".to_owned());
    builder.credential(BEARER, "bearer-secret-value".to_owned());
    let debug = format!("{builder:?}");
    let core = builder.build(NAMES).unwrap();
    for text in [debug, format!("{core:?}")] {
        assert!(!text.contains("cookie-secret-value"), "{text}");
        assert!(!text.contains("bearer-secret-value"), "{text}");
    }
    let mut builder = CoreBuilder::new("http://127.0.0.1:9", SPECS);
    builder.credential(BEARER, "bad\nbearer-secret".to_owned());
    let err = builder.build(NAMES).unwrap_err().to_string();
    assert!(err.contains("bearer_auth"), "{err}");
    assert!(!err.contains("bearer-secret"), "{err}");
}

/// A base URL nothing listens on: a request sent there fails.
fn nowhere() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

#[tokio::test]
async fn an_operation_with_its_own_server_is_sent_there_by_default() {
    let server = server().await;
    let own: &'static str = Box::leak(format!("{}/files/", server.uri()).into_boxed_str());
    let core = core(&nowhere(), &[]);
    let request = send(&core, &server, operation(&[], Some(own)), Vec::new()).await;
    assert_eq!(request.url.path(), "/files/items");
}

#[tokio::test]
async fn a_base_url_set_explicitly_wins_over_operation_servers() {
    let server = server().await;
    let own: &'static str = Box::leak(nowhere().into_boxed_str());
    let mut builder = CoreBuilder::new(&nowhere(), SPECS);
    builder.base_url(format!("{}/gateway", server.uri()));
    let core = builder.build(NAMES).unwrap();
    let request = send(&core, &server, operation(&[], Some(own)), Vec::new()).await;
    assert_eq!(request.url.path(), "/gateway/items");
}

static TEMPLATE: ServerTemplate = ServerTemplate {
    url: "http://{host}/{version}",
    variables: &[
        ServerVariable {
            name: "host",
            setting: "server_host",
            default: "127.0.0.1:9",
            allowed: &[],
        },
        ServerVariable {
            name: "version",
            setting: "server_version",
            default: "v1",
            allowed: &["v1", "v2"],
        },
    ],
};

#[tokio::test]
async fn server_variables_build_the_base_url() {
    let server = server().await;
    let host = server.uri().trim_start_matches("http://").to_owned();
    let mut builder = CoreBuilder::new("http://127.0.0.1:9/v1", SPECS);
    builder.server(&TEMPLATE);
    builder.server_variable("host", host);
    builder.server_variable("version", "v2".to_owned());
    let core = builder.build(NAMES).unwrap();
    let request = send(&core, &server, operation(&[], None), Vec::new()).await;
    assert_eq!(request.url.path(), "/v2/items");

    let mut builder = CoreBuilder::new("http://127.0.0.1:9/v1", SPECS);
    builder.server(&TEMPLATE);
    builder.server_variable("version", "v3".to_owned());
    let err = builder.build(NAMES).unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("`server_version`")),
        "{err}"
    );
}
