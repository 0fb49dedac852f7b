//! Composition against a local server: objects that are also unions (an
//! `allOf` holding a `oneOf`, `properties` beside a `oneOf`), unions whose
//! members are `allOf`s or unions themselves, discriminators with several
//! values for one schema or an optional tag property, and `readOnly` /
//! `writeOnly` properties. Every body decodes to typed values and re-encodes
//! to the same JSON, undeclared properties included, exactly once.

use composition_client::models::*;
use composition_client::Client;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering `verb path` with `body`, and a client of it.
async fn serve(verb: &str, at: &str, status: u16, body: Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("a client");
    (server, client)
}

/// The JSON body of the one request `server` received.
async fn sent_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    serde_json::from_slice(&requests[0].body).expect("a JSON body")
}

/// `value` encodes to exactly `json`.
fn assert_encodes<T: serde::Serialize>(value: &T, json: &Value) {
    assert_eq!(&serde_json::to_value(value).expect("encodes"), json);
}

#[tokio::test]
async fn an_all_of_holding_a_one_of_types_both_parts_and_loses_nothing() {
    let body = json!({"id": "p1", "name": "Rex", "petType": "dog", "bark": true, "collar": "red"});
    let (_server, client) = serve("GET", "/pets/p1", 200, body.clone()).await;
    let pet = client.get_pet("p1").await.unwrap();
    assert_eq!(pet.id, "p1");
    assert_eq!(pet.name.as_deref(), Some("Rex"));
    let PetKind::Dog(dog) = &pet.kind else {
        panic!("a dog: {pet:?}");
    };
    assert!(dog.bark);
    assert_eq!(dog.pet_type, "dog");
    // The undeclared property is kept once, by the member.
    assert_eq!(dog.extra.get("collar"), Some(&json!("red")));
    assert_eq!(dog.extra.len(), 1);
    assert_encodes(&pet, &body);
}

#[tokio::test]
async fn several_mapping_values_lead_to_one_member_and_each_is_sent_back() {
    for tag in ["dog", "puppy"] {
        let body = json!({"id": "p2", "petType": tag, "bark": false});
        let (_server, client) = serve("GET", "/pets/p2", 200, body.clone()).await;
        let pet = client.get_pet("p2").await.unwrap();
        let PetKind::Dog(dog) = &pet.kind else {
            panic!("`{tag}` is a dog: {pet:?}");
        };
        assert_eq!(dog.pet_type, tag);
        assert_encodes(&pet, &body);
    }
    let body = json!({"id": "p3", "petType": "cat", "lives": 9});
    let (_server, client) = serve("GET", "/pets/p3", 200, body.clone()).await;
    let pet = client.get_pet("p3").await.unwrap();
    assert!(matches!(&pet.kind, PetKind::Cat(cat) if cat.lives == Some(9)));
    assert_encodes(&pet, &body);
}

#[tokio::test]
async fn an_unknown_member_keeps_everything_but_the_common_fields() {
    let body = json!({"id": "p4", "petType": "hamster", "wheel": true});
    let (_server, client) = serve("GET", "/pets/p4", 200, body.clone()).await;
    let pet = client.get_pet("p4").await.unwrap();
    assert_eq!(pet.id, "p4");
    assert_eq!(
        pet.kind,
        PetKind::Unknown(json!({"petType": "hamster", "wheel": true}))
    );
    assert_encodes(&pet, &body);
}

#[tokio::test]
async fn a_pet_built_by_hand_sends_its_common_fields_and_its_tag() {
    let (server, client) = serve(
        "PUT",
        "/pets/p5",
        200,
        json!({"id": "p5", "petType": "dog", "bark": true}),
    )
    .await;
    let pet = Pet::new("p5", PetKind::Dog(Dog::new(true)));
    client.replace_pet("p5", &pet).await.unwrap();
    assert_eq!(
        sent_body(&server).await,
        json!({"id": "p5", "petType": "dog", "bark": true})
    );
}

#[tokio::test]
async fn properties_beside_a_one_of_leave_the_tag_to_the_members() {
    let body = json!({"kind": "bird", "name": "Tweety", "wingspan": 0.2, "ring": "A1"});
    let (_server, client) = serve("GET", "/animals/a1", 200, body.clone()).await;
    let animal = client.get_animal("a1").await.unwrap();
    assert_eq!(animal.name, "Tweety");
    let AnimalKind::Bird(bird) = &animal.variant else {
        panic!("a bird: {animal:?}");
    };
    assert_eq!(bird.kind.as_deref(), Some("bird"));
    assert_eq!(bird.wingspan.map(f64::from), Some(0.2));
    assert_eq!(bird.extra.get("ring"), Some(&json!("A1")));
    assert_encodes(&animal, &body);
}

#[tokio::test]
async fn read_only_fields_are_required_when_received_and_never_sent() {
    let stored = json!({"id": "b1", "title": "Dune", "shelfMark": "F-12"});
    let (server, client) = serve("POST", "/books", 201, stored.clone()).await;
    let book = client
        .create_book(&BookRequest::new("Dune", "s3cret"))
        .await
        .unwrap();
    // No `id` in the request; `secret`, write-only, is sent.
    assert_eq!(
        sent_body(&server).await,
        json!({"title": "Dune", "secret": "s3cret"})
    );
    // `id` is read without unwrapping; the response carries no `secret`.
    let id: &str = &book.id;
    assert_eq!(id, "b1");
    assert_eq!(book.secret, None);
    assert_encodes(&book, &stored);
}

#[tokio::test]
async fn a_type_holding_read_only_fields_has_a_request_form_too() {
    let stored = json!({"label": "SF", "books": [{"id": "b1", "title": "Dune"}]});
    let (server, client) = serve("POST", "/shelves", 201, stored.clone()).await;
    let shelf = ShelfRequest::new("SF", vec![BookRequest::new("Dune", "s3cret")]);
    let shelf = client.create_shelf(&shelf).await.unwrap();
    assert_eq!(
        sent_body(&server).await,
        json!({"label": "SF", "books": [{"title": "Dune", "secret": "s3cret"}]})
    );
    assert_eq!(shelf.books[0].id, "b1");
    assert_encodes(&shelf, &stored);
}

#[tokio::test]
async fn a_member_whose_tag_property_is_optional_still_decodes() {
    let body = json!([
        {"type": "track", "title": "Intro"},
        {"title": "Pilot", "show": "Show", "type": "episode", "season": 1},
        {"type": "video", "url": "u"},
    ]);
    let (_server, client) = serve("GET", "/media", 200, body.clone()).await;
    let media = client.list_media().await.unwrap();
    assert!(
        matches!(&media[0], Media::Track(t) if t.r#type.as_deref() == Some("track") && t.title == "Intro")
    );
    let Media::Episode(episode) = &media[1] else {
        panic!("an episode: {:?}", media[1]);
    };
    assert_eq!(episode.show, "Show");
    assert_eq!(episode.extra.get("season"), Some(&json!(1)));
    assert_eq!(
        media[2],
        Media::Unknown(json!({"type": "video", "url": "u"}))
    );
    assert_encodes(&media, &body);
}

#[tokio::test]
async fn a_union_nested_in_a_union_takes_all_of_its_tags() {
    let body = json!([
        {"type": "episode", "title": "Pilot", "show": "Show"},
        {"type": "track", "title": "Intro"},
        {"type": "note", "text": "remember"},
    ]);
    let (_server, client) = serve("GET", "/items", 200, body.clone()).await;
    let items = client.list_items().await.unwrap();
    assert!(matches!(&items[0], Item::Media(Media::Episode(e)) if e.title == "Pilot"));
    assert!(matches!(&items[1], Item::Media(Media::Track(t)) if t.title == "Intro"));
    assert!(matches!(&items[2], Item::Note(n) if n.text == "remember"));
    assert_encodes(&items, &body);
}

#[tokio::test]
async fn members_that_are_all_ofs_merge_their_parts() {
    let body = json!([
        {"type": "circle", "id": "c1", "radius": 1.5, "fill": "red"},
        {"id": "s1", "type": "square", "side": 2.0},
    ]);
    let (_server, client) = serve("GET", "/shapes", 200, body.clone()).await;
    let shapes = client.list_shapes().await.unwrap();
    let Shape::Circle(circle) = &shapes[0] else {
        panic!("a circle: {:?}", shapes[0]);
    };
    assert_eq!((circle.id.as_str(), circle.radius.get()), ("c1", 1.5));
    assert_eq!(circle.extra.get("fill"), Some(&json!("red")));
    assert!(matches!(&shapes[1], Shape::Square(s) if s.id == "s1" && s.side == 2.0));
    assert_encodes(&shapes, &body);
}

#[tokio::test]
async fn unions_nested_in_an_untagged_union_each_take_their_own_values() {
    let body = json!([
        {"type": "track", "title": "Intro"},
        "https://example.com/a.png",
        {"card": "text", "text": "hi", "pinned": true},
        {"card": "video", "url": "u"},
    ]);
    let (_server, client) = serve("GET", "/attachments", 200, body.clone()).await;
    let attachments = client.list_attachments().await.unwrap();
    assert!(matches!(&attachments[0], Attachment::Media(Media::Track(t)) if t.title == "Intro"));
    assert_eq!(
        attachments[1],
        Attachment::String("https://example.com/a.png".into())
    );
    // An object whose common properties all belong to its members is its union.
    let Attachment::Card(Card::Text(card)) = &attachments[2] else {
        panic!("a text card: {:?}", attachments[2]);
    };
    assert_eq!(
        (card.text.as_str(), &card.extra["pinned"]),
        ("hi", &json!(true))
    );
    assert_eq!(
        attachments[3],
        Attachment::Card(Card::Unknown(json!({"card": "video", "url": "u"})))
    );
    assert_encodes(&attachments, &body);
}

#[tokio::test]
async fn a_form_body_sends_the_common_fields_and_the_members_properties() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/p6/form"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a client");
    let pet = Pet::new("p6", PetKind::Dog(Dog::new(true)));
    client.submit_pet_form("p6", &pet).await.unwrap();
    let requests = server.received_requests().await.expect("recording is on");
    let sent = String::from_utf8(requests[0].body.clone()).expect("text");
    let mut pairs: Vec<&str> = sent.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(pairs, ["bark=true", "id=p6", "petType=dog"]);
}

#[tokio::test]
async fn an_untagged_union_beside_common_properties_is_tried_on_the_rest() {
    let body = json!([
        {"id": "v1", "wheels": 4, "colour": "red"},
        {"pedals": true, "id": "v2"},
        {"id": "v3", "rails": 2},
    ]);
    let (_server, client) = serve("GET", "/vehicles", 200, body.clone()).await;
    let vehicles = client.list_vehicles().await.unwrap();
    assert_eq!(vehicles[0].id, "v1");
    let VehicleKind::Car(car) = &vehicles[0].kind else {
        panic!("a car: {:?}", vehicles[0]);
    };
    assert_eq!((car.wheels, &car.extra["colour"]), (4, &json!("red")));
    assert!(matches!(&vehicles[1].kind, VehicleKind::Bike(b) if b.pedals));
    assert_eq!(vehicles[2].kind, VehicleKind::Unknown(json!({"rails": 2})));
    assert_encodes(&vehicles, &body);
}

#[tokio::test]
async fn a_union_of_event_groups_goes_straight_to_the_group_its_tag_names() {
    let body = json!([
        {"event": "thread.created", "data": {"id": "thread_1"}},
        {"event": "run.failed", "data": {"id": "run_1", "reason": "quota", "at": 7}},
        {"event": "done", "data": "[DONE]"},
        {"event": "run.expired", "data": {"id": "run_2"}},
    ]);
    let (_server, client) = serve("GET", "/events", 200, body.clone()).await;
    let events = client.list_events().await.unwrap();
    assert!(matches!(
        &events[0],
        Event::ThreadEvent(ThreadEvent::ThreadCreated(e)) if e.data.id == "thread_1"
    ));
    let Event::RunEvent(RunEvent::RunFailed(failed)) = &events[1] else {
        panic!("a failed run: {:?}", events[1]);
    };
    assert_eq!(failed.data.reason.as_deref(), Some("quota"));
    assert_eq!(failed.data.extra["at"], json!(7));
    assert!(matches!(&events[2], Event::Done(_)));
    // A new event of a known group's resource is kept whole by the union.
    assert_eq!(events[3], Event::Unknown(body[3].clone()));
    assert_encodes(&events, &body);
}
