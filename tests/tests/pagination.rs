//! Auto-pagination (`list_assistants_stream`) against a server that answers
//! by cursor: every item in order, the right `after` on each request, and how
//! the walk ends (last page, empty page, error, missing or repeated cursor).

use futures::{StreamExt, TryStreamExt};
use integration_tests::{client_builder, fixture, recording_sleeper, Fixture, Waits};
use portkey_assistants::models::{AssistantObject, ListAssistantsQuery, ListAssistantsResponse};
use portkey_assistants::{Client, Error};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PAGES: [&str; 3] = [
    "list_assistants_page_1",
    "list_assistants_page_2",
    "list_assistants_page_3",
];

fn client(server: &MockServer) -> (Client, Waits) {
    let (sleeper, waits) = recording_sleeper();
    let client = client_builder(&server.uri())
        .sleeper(sleeper)
        .max_retries(0)
        .build()
        .unwrap();
    (client, waits)
}

fn first_query() -> ListAssistantsQuery {
    ListAssistantsQuery {
        limit: Some(2),
        ..Default::default()
    }
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(serde_json::to_vec(body).unwrap(), "application/json")
}

/// A mock for `GET /v1/assistants` with `limit=2` and the given cursor (or none).
fn page_mock(after: Option<&str>) -> wiremock::MockBuilder {
    let mock = Mock::given(method("GET"))
        .and(path("/v1/assistants"))
        .and(query_param("limit", "2"));
    match after {
        Some(cursor) => mock.and(query_param("after", cursor)),
        None => mock.and(query_param_is_missing("after")),
    }
}

/// Any other request is a test failure, answered loudly.
async fn refuse_everything_else(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(json_response(
            418,
            &json!({"error": {"message": "unexpected request", "type": "test", "param": null, "code": null}}),
        ))
        .with_priority(u8::MAX)
        .expect(0)
        .named("no other request")
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The `after` query parameter of each request, in order.
fn cursors(requests: &[Request]) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "after")
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

/// Checks one received request against a fixture's recorded request.
fn assert_matches_recording(got: &Request, fx: &Fixture) {
    let want = &fx.request;
    assert_eq!(got.method.as_str(), want.method, "{}: method", fx.name);
    assert_eq!(got.url.path(), want.path, "{}: path", fx.name);
    let query: BTreeMap<String, String> = got.url.query_pairs().into_owned().collect();
    assert_eq!(query, want.query, "{}: query", fx.name);
    for (header, value) in &want.headers {
        let sent = got
            .headers
            .get(header.as_str())
            .map(|v| v.to_str().unwrap());
        assert_eq!(sent, Some(value.as_str()), "{}: header {header}", fx.name);
    }
    assert!(got.body.is_empty(), "{}: a GET has no body", fx.name);
    assert!(got.headers.get("content-type").is_none(), "{}", fx.name);
}

fn decoded(fx: &Fixture) -> ListAssistantsResponse {
    serde_json::from_value(fx.response.body.clone()).unwrap()
}

#[tokio::test]
async fn walks_three_pages_in_order() {
    let fixtures: Vec<Fixture> = PAGES.iter().map(|n| fixture(n)).collect();
    let server = MockServer::start().await;
    let mut after: Option<String> = None;
    for fx in &fixtures {
        // Each page is served only for the cursor the previous page ended with.
        assert_eq!(fx.request.query.get("after"), after.as_ref(), "{}", fx.name);
        page_mock(after.as_deref())
            .respond_with(fx.response_template())
            .expect(1)
            .named(fx.name.clone())
            .mount(&server)
            .await;
        after = decoded(fx).last_id;
    }
    refuse_everything_else(&server).await;

    let (client, waits) = client(&server);
    let items: Vec<AssistantObject> = client
        .list_assistants_stream(&first_query())
        .try_collect()
        .await
        .unwrap();

    let want: Vec<AssistantObject> = fixtures.iter().flat_map(|fx| decoded(fx).data).collect();
    assert_eq!(want.len(), 5);
    assert_eq!(items, want, "every item of every page, in order");
    let ids: Vec<&str> = items.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "asst_pg0001",
            "asst_pg0002",
            "asst_pg0003",
            "asst_pg0004",
            "asst_pg0005"
        ]
    );

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "exactly one request per page");
    assert_eq!(
        cursors(&requests),
        [
            None,
            Some("asst_pg0002".to_owned()),
            Some("asst_pg0004".to_owned())
        ]
    );
    for (got, fx) in requests.iter().zip(&fixtures) {
        assert_matches_recording(got, fx);
    }
    assert!(waits.lock().unwrap().is_empty());
    server.verify().await;
}

#[tokio::test]
async fn the_stream_is_lazy() {
    let fixtures: Vec<Fixture> = PAGES.iter().map(|n| fixture(n)).collect();
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(fixtures[0].response_template())
        .mount(&server)
        .await;
    page_mock(Some("asst_pg0002"))
        .respond_with(fixtures[1].response_template())
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    // Nothing is fetched before the stream is polled.
    let stream = client.list_assistants_stream(&first_query());
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(received(&server).await.len(), 0);

    // Taking the first page's items does not fetch the second page.
    let two: Vec<_> = stream.take(2).try_collect().await.unwrap();
    assert_eq!(two.len(), 2);
    assert_eq!(received(&server).await.len(), 1);

    // The third item needs the second page, and only that.
    let three: Vec<AssistantObject> = client
        .list_assistants_stream(&first_query())
        .take(3)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(three[2].id, "asst_pg0003");
    assert_eq!(
        cursors(&received(&server).await),
        [None, None, Some("asst_pg0002".to_owned())]
    );
}

#[tokio::test]
async fn stops_on_an_empty_page() {
    let first = fixture("list_assistants_page_1");
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(first.response_template())
        .expect(1)
        .mount(&server)
        .await;
    // An empty page that still claims more: the walk must stop here anyway.
    page_mock(Some("asst_pg0002"))
        .respond_with(json_response(
            200,
            &json!({"object": "list", "data": [], "first_id": null, "last_id": null, "has_more": true}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    refuse_everything_else(&server).await;

    let (client, _) = client(&server);
    let items: Vec<AssistantObject> = client
        .list_assistants_stream(&first_query())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, decoded(&first).data);
    assert_eq!(received(&server).await.len(), 2);
    server.verify().await;
}

#[tokio::test]
async fn an_error_page_yields_an_error_and_ends_the_stream() {
    let first = fixture("list_assistants_page_1");
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(first.response_template())
        .expect(1)
        .mount(&server)
        .await;
    page_mock(Some("asst_pg0002"))
        .respond_with(json_response(
            500,
            &json!({"error": {"message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    refuse_everything_else(&server).await;

    let (client, waits) = client(&server);
    let items: Vec<Result<AssistantObject, Error>> = client
        .list_assistants_stream(&first_query())
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two items, then the error, then nothing");
    assert_eq!(items[0].as_ref().unwrap().id, "asst_pg0001");
    assert_eq!(items[1].as_ref().unwrap().id, "asst_pg0002");
    match &items[2] {
        Err(e @ Error::Server(api)) => {
            assert_eq!(e.status(), Some(500));
            assert_eq!(
                api.message(),
                Some("The server had an error while processing your request.")
            );
        }
        other => panic!("expected Err(Error::Server), got {other:?}"),
    }
    assert_eq!(
        received(&server).await.len(),
        2,
        "no retry with max_retries(0)"
    );
    assert!(waits.lock().unwrap().is_empty(), "nothing waited");
    server.verify().await;
}

#[tokio::test]
async fn an_error_on_the_first_page_is_the_only_item() {
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(json_response(
            401,
            &json!({"error": {"message": "Invalid API key provided.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    refuse_everything_else(&server).await;
    let (client, waits) = client(&server);
    let items: Vec<Result<AssistantObject, Error>> = client
        .list_assistants_stream(&first_query())
        .collect()
        .await;
    assert!(
        matches!(&items[..], [Err(Error::Authentication(e))] if e.status == 401),
        "{items:?}"
    );
    assert!(waits.lock().unwrap().is_empty());
    server.verify().await;
}

#[tokio::test]
async fn has_more_without_a_last_id_yields_the_items_then_an_error() {
    let first = fixture("list_assistants_page_1");
    let mut body = first.response.body.clone();
    body.as_object_mut().unwrap().remove("last_id");
    assert_eq!(body["has_more"], true);
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(json_response(200, &body))
        .expect(1)
        .mount(&server)
        .await;
    refuse_everything_else(&server).await;

    let (client, _) = client(&server);
    let items: Vec<Result<AssistantObject, Error>> = client
        .list_assistants_stream(&first_query())
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id, "asst_pg0001");
    assert_eq!(items[1].as_ref().unwrap().id, "asst_pg0002");
    assert!(
        matches!(&items[2], Err(Error::Protocol(m)) if m.contains("last_id")),
        "{:?}",
        items[2]
    );
    assert_eq!(received(&server).await.len(), 1);
    server.verify().await;
}

#[tokio::test]
async fn a_null_last_id_with_has_more_is_the_same_error() {
    let first = fixture("list_assistants_page_1");
    let mut body = first.response.body.clone();
    body["last_id"] = Value::Null;
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(json_response(200, &body))
        .expect(1)
        .mount(&server)
        .await;
    refuse_everything_else(&server).await;
    let (client, _) = client(&server);
    let items: Vec<Result<AssistantObject, Error>> = client
        .list_assistants_stream(&first_query())
        .collect()
        .await;
    assert_eq!(items.len(), 3);
    assert!(matches!(items.last(), Some(Err(Error::Protocol(_)))));
    server.verify().await;
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_walk_instead_of_looping() {
    let first = fixture("list_assistants_page_1");
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(first.response_template())
        .expect(1)
        .mount(&server)
        .await;
    // The server answers the second request with the first page again.
    page_mock(Some("asst_pg0002"))
        .respond_with(first.response_template())
        .expect(1)
        .mount(&server)
        .await;
    refuse_everything_else(&server).await;

    let (client, _) = client(&server);
    let items: Vec<Result<AssistantObject, Error>> = client
        .list_assistants_stream(&first_query())
        .collect()
        .await;
    assert_eq!(items.len(), 5, "{items:?}");
    assert!(items[..4].iter().all(Result::is_ok));
    assert!(
        matches!(&items[4], Err(Error::Protocol(m)) if m.contains("asst_pg0002")),
        "{:?}",
        items[4]
    );
    assert_eq!(received(&server).await.len(), 2);
    server.verify().await;
}

#[tokio::test]
async fn next_works_on_the_stream_without_pinning_it() {
    let fixtures: Vec<Fixture> = PAGES.iter().map(|n| fixture(n)).collect();
    let server = MockServer::start().await;
    let mut after: Option<String> = None;
    for fx in &fixtures {
        page_mock(after.as_deref())
            .respond_with(fx.response_template())
            .mount(&server)
            .await;
        after = decoded(fx).last_id;
    }
    refuse_everything_else(&server).await;
    let (client, _) = client(&server);

    // Neither `pin!` nor `Box::pin`: the stream is `Unpin` as returned.
    let mut items = client.list_assistants_stream(&first_query());
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().id);
    }
    assert_eq!(
        ids,
        [
            "asst_pg0001",
            "asst_pg0002",
            "asst_pg0003",
            "asst_pg0004",
            "asst_pg0005"
        ]
    );
    assert!(items.next().await.is_none(), "an ended stream stays ended");

    // It is `Send + 'static` as well: it can be moved into a task.
    fn unpin_send_static<S: futures::Stream + Unpin + Send + 'static>(stream: S) -> S {
        stream
    }
    let mut items = unpin_send_static(client.list_assistants_stream(&first_query()));
    let first = tokio::spawn(async move { items.next().await })
        .await
        .unwrap();
    assert_eq!(first.unwrap().unwrap().id, "asst_pg0001");
    server.verify().await;
}
