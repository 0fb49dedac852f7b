//! Parameter styles on the wire: the `styles-client` crate (generated from
//! `tests/clients/styles.yaml`) calls a local server, and each test reads the
//! raw path, query string and headers it received. Expected strings follow
//! the "Style Examples" of OpenAPI 3.1.1 (section 4.8.12.4) and RFC 6570.

use styles_client::models::{Card, ChargeRequest, Page, Point, SearchQuery, SendHeadersParams};
use styles_client::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server answering every request with 204, and a client sending to it.
async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds");
    (server, client)
}

/// The one request `server` received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "one request is sent");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("`{name}` is sent"))
        .to_str()
        .expect("ASCII header")
}

#[tokio::test]
async fn a_label_path_parameter_joins_its_items_after_a_dot() {
    let (server, client) = setup().await;
    let colors = ["blue".to_owned(), "black and".to_owned(), "b/c".to_owned()];
    client.get_labels(&colors).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/labels/items.blue,black%20and,b%2Fc");
}

#[tokio::test]
async fn matrix_path_parameters_name_their_values() {
    let (server, client) = setup().await;
    client
        .get_matrix(&Point::new(1, -2), "a/b")
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/matrix/items;x=1;y=-2/;name=a%2Fb");
}

#[tokio::test]
async fn a_path_parameter_that_would_leave_its_segment_empty_is_refused() {
    let (server, client) = setup().await;
    let error = client.get_labels(&[]).await.expect_err("refused");
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m.contains("`colors`")),
        "{error}"
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn every_query_style_is_written_as_openapi_defines_it() {
    let (server, client) = setup().await;
    let query = SearchQuery {
        tags: Some(vec!["a".into(), "b,c".into()]),
        page: Some(Page {
            size: Some(20),
            after: Some("x y".into()),
            ..Page::default()
        }),
        ids: Some(vec![1, 2, 3]),
        words: Some(vec!["hello".into(), "world".into()]),
        near: Some(Point::new(1, 2)),
        redirect: Some("https://a.example/cb?x=1&y=[2]".into()),
        q: Some("a/b c&d".into()),
        colors: Some(vec!["r".into(), "g".into()]),
    };
    client.search(&query).await.expect("sent");
    let request = only_request(&server).await;
    let expected = [
        "tags=a,b%2Cc",
        "page%5Bsize%5D=20&page%5Bafter%5D=x%20y",
        "ids=1%7C2%7C3",
        "words=hello%20world",
        "near=%7B%22x%22%3A1%2C%22y%22%3A2%7D",
        "redirect=https://a.example/cb?x=1&y=[2]",
        "q=a%2Fb%20c%26d",
        "colors=r&colors=g",
    ]
    .join("&");
    assert_eq!(request.url.query(), Some(expected.as_str()));
}

#[tokio::test]
async fn a_deep_object_is_one_pair_per_property() {
    let (server, client) = setup().await;
    let query = SearchQuery {
        page: Some(Page {
            size: Some(20),
            ..Page::default()
        }),
        ..SearchQuery::default()
    };
    client.search(&query).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("page%5Bsize%5D=20"));
}

#[tokio::test]
async fn absent_query_parameters_send_no_query_string() {
    let (server, client) = setup().await;
    client.search(&SearchQuery::default()).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn header_parameters_are_simple_style_and_content_is_json_text() {
    let (server, client) = setup().await;
    let params = SendHeadersParams {
        x_ids: Some(vec![1, 2, 3]),
        x_point: Some(Point::new(1, 2)),
        x_box: Some(Point::new(3, 4)),
        x_filter: Some(Point::new(5, 6)),
    };
    client.send_headers(&params).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-ids"), "1,2,3");
    assert_eq!(header(&request, "x-point"), "x=1,y=2");
    assert_eq!(header(&request, "x-box"), "x,3,y,4");
    assert_eq!(header(&request, "x-filter"), r#"{"x":5,"y":6}"#);
}

#[tokio::test]
async fn form_body_properties_follow_their_encoding_objects() {
    let (server, client) = setup().await;
    let mut charge = ChargeRequest::new(500);
    charge.card = Some(Card {
        number: Some("4242".into()),
        exp: Some(Point::new(1, 2)),
        ..Card::default()
    });
    charge.metadata = Some([("order".to_owned(), "a b".to_owned())].into());
    charge.expand = Some(vec!["customer".into(), "invoice".into()]);
    charge.codes = Some(vec!["a".into(), "b".into()]);
    charge.shipping = Some(Point::new(3, 4));
    client.create_charge(&charge).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    let expected = [
        "amount=500",
        "card%5Bnumber%5D=4242&card%5Bexp%5D%5Bx%5D=1&card%5Bexp%5D%5By%5D=2",
        "metadata%5Border%5D=a+b",
        "expand=customer&expand=invoice",
        "codes=a%7Cb",
        "shipping=%7B%22x%22%3A3%2C%22y%22%3A4%7D",
    ]
    .join("&");
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}
