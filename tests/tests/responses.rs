//! Every declared response is modelled: a client generated from
//! `tests/clients/responses.yaml` against a local server. Several success
//! bodies are told apart by status, a success without content is `None`,
//! `2XX` and a lone `default` keep their bodies typed, and declared error
//! bodies are read as the spec's types (others stay untyped).

use responses_client::models::{
    Book, CreateBookError, CreateBookResponse, DeleteBookError, GetBookError, GetCoverResponse,
    Job, NewBook, NotFound, Problem, ReplaceBookError,
};
use responses_client::{Client, Error, ErrorBody};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client of `server` that does not retry.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client")
}

/// A server answering `verb path` with `response`.
async fn answering(verb: &str, at: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn book() -> serde_json::Value {
    json!({"id": "b1", "title": "Dune", "author": "Herbert"})
}

fn new_book() -> NewBook {
    NewBook::new("Dune".to_owned())
}

#[tokio::test]
async fn each_success_status_gives_its_own_typed_body() {
    let server = answering(
        "POST",
        "/books",
        ResponseTemplate::new(200).set_body_json(book()),
    )
    .await;
    let made = client(&server).create_book(&new_book()).await.unwrap();
    let CreateBookResponse::Book(Book { id, title, .. }) = made else {
        panic!("a 200 is the book: {made:?}");
    };
    assert_eq!((id.as_str(), title.as_str()), ("b1", "Dune"));

    let job = json!({"job_id": "j1", "state": "queued"});
    let server = answering(
        "POST",
        "/books",
        ResponseTemplate::new(201).set_body_json(job),
    )
    .await;
    let made = client(&server)
        .create_book_with_response(&new_book())
        .await
        .unwrap();
    assert_eq!(made.meta.status, 201);
    let CreateBookResponse::Job(Job { job_id, .. }) = made.data else {
        panic!("a 201 is the job: {:?}", made.data);
    };
    assert_eq!(job_id, "j1");
}

#[tokio::test]
async fn an_undeclared_success_status_with_several_bodies_is_a_clear_error() {
    let server = answering(
        "POST",
        "/books",
        ResponseTemplate::new(203).set_body_json(book()),
    )
    .await;
    let err = client(&server).create_book(&new_book()).await.unwrap_err();
    let Error::Decode {
        status, message, ..
    } = &err
    else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(*status, 203);
    assert!(message.contains("200, 201"), "{message}");
}

#[tokio::test]
async fn no_content_beside_a_body_is_none() {
    let server = answering("DELETE", "/books/b1", ResponseTemplate::new(204)).await;
    let deleted = client(&server).delete_book("b1").await.unwrap();
    assert_eq!(deleted, None);

    let job = json!({"job_id": "j2", "state": "queued"});
    let server = answering(
        "DELETE",
        "/books/b1",
        ResponseTemplate::new(200).set_body_json(job),
    )
    .await;
    let deleted = client(&server).delete_book("b1").await.unwrap();
    assert_eq!(deleted.map(|j| j.job_id).as_deref(), Some("j2"));
}

#[tokio::test]
async fn a_code_with_a_body_wins_over_a_range_without_one() {
    let job = json!({"job_id": "j3", "state": "ordering"});
    let server = answering(
        "POST",
        "/books/b1/reservation",
        ResponseTemplate::new(200).set_body_json(job),
    )
    .await;
    let job = client(&server).reserve_book("b1").await.unwrap();
    assert_eq!(job.map(|j| j.state).as_deref(), Some("ordering"));

    let server = answering("POST", "/books/b1/reservation", ResponseTemplate::new(202)).await;
    assert_eq!(client(&server).reserve_book("b1").await.unwrap(), None);
}

#[tokio::test]
async fn an_empty_body_where_one_is_declared_is_a_clear_error() {
    let server = answering("DELETE", "/books/b1", ResponseTemplate::new(200)).await;
    let err = client(&server).delete_book("b1").await.unwrap_err();
    let Error::Decode {
        status, message, ..
    } = &err
    else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(*status, 200);
    assert!(message.contains("the body is empty"), "{message}");
    assert!(!message.contains("EOF"), "{message}");
}

#[tokio::test]
async fn bodies_of_other_media_types_are_told_apart_too() {
    let png = ResponseTemplate::new(200).set_body_raw(b"\x89PNG".to_vec(), "image/png");
    let server = answering("GET", "/books/b1/cover", png).await;
    let cover = client(&server).get_cover("b1").await.unwrap();
    assert_eq!(
        cover,
        GetCoverResponse::Ok(bytes::Bytes::from_static(b"\x89PNG"))
    );

    let note = ResponseTemplate::new(202).set_body_raw("drawing", "text/plain");
    let server = answering("GET", "/books/b1/cover", note).await;
    let cover = client(&server).get_cover("b1").await.unwrap();
    assert_eq!(cover, GetCoverResponse::Accepted("drawing".to_owned()));

    let server = answering("GET", "/books/b1/cover", ResponseTemplate::new(204)).await;
    let cover = client(&server).get_cover("b1").await.unwrap();
    assert_eq!(cover, GetCoverResponse::NoContent);
}

#[tokio::test]
async fn a_success_range_is_typed() {
    let server = answering(
        "PUT",
        "/books/b1",
        ResponseTemplate::new(202).set_body_json(book()),
    )
    .await;
    let stored = client(&server)
        .replace_book("b1", &new_book())
        .await
        .unwrap();
    assert_eq!(stored.id, "b1");
}

#[tokio::test]
async fn a_lone_default_keeps_its_body_typed() {
    let stock = json!({"b1": 3, "b2": 0});
    let server = answering(
        "GET",
        "/stock",
        ResponseTemplate::new(200).set_body_json(stock),
    )
    .await;
    let stock = client(&server).get_stock().await.unwrap();
    assert_eq!(stock.get("b1"), Some(&3));
    assert_eq!(stock.len(), 2);
}

#[tokio::test]
async fn declared_error_bodies_are_typed() {
    let missing = json!({"missing": "b9"});
    let server = answering(
        "GET",
        "/books/b9",
        ResponseTemplate::new(404).set_body_json(missing),
    )
    .await;
    let err = client(&server).get_book("b9").await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert_eq!(
        GetBookError::from_error(&err),
        Some(GetBookError::NotFound(NotFound {
            missing: "b9".to_owned(),
            extra: Default::default(),
        }))
    );

    // `default` types every other error status.
    let problem = json!({"title": "Down", "status": 503, "detail": "maintenance"});
    let server = answering(
        "GET",
        "/books/b1",
        ResponseTemplate::new(503).set_body_json(problem),
    )
    .await;
    let err = client(&server).get_book("b1").await.unwrap_err();
    let Some(GetBookError::Problem(Problem { detail, status, .. })) =
        GetBookError::from_error(&err)
    else {
        panic!("a 503 is a problem: {err:?}");
    };
    assert_eq!(
        (detail.as_deref(), status),
        (Some("maintenance"), Some(503))
    );

    let invalid = json!({"errors": [{"field": "title", "reason": "empty"}]});
    let server = answering(
        "POST",
        "/books",
        ResponseTemplate::new(422).set_body_json(invalid),
    )
    .await;
    let err = client(&server).create_book(&new_book()).await.unwrap_err();
    let Some(CreateBookError::ValidationProblem(problem)) = CreateBookError::from_error(&err)
    else {
        panic!("a 422 is a validation problem: {err:?}");
    };
    assert_eq!(problem.errors[0].field, "title");
}

#[tokio::test]
async fn a_code_beside_its_range_wins() {
    let missing = json!({"missing": "b9"});
    let server = answering(
        "PUT",
        "/books/b9",
        ResponseTemplate::new(404).set_body_json(missing),
    )
    .await;
    let err = client(&server)
        .replace_book("b9", &new_book())
        .await
        .unwrap_err();
    assert!(matches!(
        ReplaceBookError::from_error(&err),
        Some(ReplaceBookError::NotFound(_))
    ));

    let problem = json!({"title": "Gone"});
    let server = answering(
        "PUT",
        "/books/b9",
        ResponseTemplate::new(410).set_body_json(problem),
    )
    .await;
    let err = client(&server)
        .replace_book("b9", &new_book())
        .await
        .unwrap_err();
    assert!(matches!(
        ReplaceBookError::from_error(&err),
        Some(ReplaceBookError::Problem(Problem { title: Some(t), .. })) if t == "Gone"
    ));
}

#[tokio::test]
async fn undeclared_error_shapes_stay_untyped() {
    // 500 is not declared for `deleteBook`: nothing typed, the untyped body stays.
    let body = json!({"message": "boom"});
    let server = answering(
        "DELETE",
        "/books/b1",
        ResponseTemplate::new(500).set_body_json(body),
    )
    .await;
    let err = client(&server).delete_book("b1").await.unwrap_err();
    assert_eq!(DeleteBookError::from_error(&err), None);
    let api = err.api_error().expect("an API error");
    assert!(matches!(&api.body, ErrorBody::Message { message: Some(m), .. } if m == "boom"));
    assert_eq!(api.raw_body.as_ref(), br#"{"message":"boom"}"#);

    // A declared status whose body is not the declared type: not typed either.
    let page = ResponseTemplate::new(404).set_body_raw("<html>nope</html>", "text/html");
    let server = answering("DELETE", "/books/b1", page).await;
    let err = client(&server).delete_book("b1").await.unwrap_err();
    assert_eq!(DeleteBookError::from_error(&err), None);
    assert_eq!(
        err.api_error().map(|e| &e.body),
        Some(&ErrorBody::Text("<html>nope</html>".to_owned()))
    );
}
