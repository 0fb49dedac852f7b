//! The Conversations operations (create, get, update, delete, and the items:
//! add, list, get, delete) against recorded traffic: each test sends the
//! request recorded in its fixture (body decoded from the fixture, query built
//! by hand), checks that exactly that request arrived, and checks what the
//! reply decoded to. Auto-pagination walks two recorded pages, and every
//! recorded body decodes and re-encodes without loss.

mod api_support;

use api_support::{assert_round_trip, request_body, segment};
use futures::TryStreamExt;
use integration_tests::{
    assert_lossless, client_builder, fixture, fixtures_in, metadata, Fixture, Replay,
};
use portkey_assistants::models::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CONVERSATION: &str = "conv_689667905b048191b4740501625afd940c7533ace33a2dab";

/// The id of an item of the kinds these fixtures hold.
fn item_id(item: &ConversationItem) -> String {
    match item {
        ConversationItem::Message(m) => m.id.clone(),
        ConversationItem::Reasoning(r) => r.id.clone(),
        ConversationItem::FunctionCall(c) => c.id.clone(),
        ConversationItem::FunctionCallOutput(o) => o.id.clone(),
        ConversationItem::Unknown(v) => format!("?{}", v["id"].as_str().unwrap()),
        other => panic!("unexpected item {other:?}"),
    }
}

fn first_page_query() -> ListConversationItemsQuery {
    ListConversationItemsQuery {
        limit: Some(3),
        order: Some(ListConversationItemsOrder::Asc),
        ..Default::default()
    }
}

// ------------------------------------------------------------------ conversations

#[tokio::test]
async fn create_conversation_sends_metadata_and_initial_items() {
    let replay = Replay::start("conversations/create_conversation").await;
    let fx = &replay.fixture;
    let body: CreateConversationBody = request_body(fx);
    assert_eq!(body.metadata, Some(Some(metadata(&[("topic", "demo")]))));
    let Some(Some(items)) = &body.items else {
        panic!("expected items")
    };
    let [InputItem::EasyInputMessage(hello), InputItem::EasyInputMessage(how)] = &items[..] else {
        panic!("unexpected items {items:?}")
    };
    assert_eq!(
        hello.content,
        Some(EasyInputMessageContent::String("Hello!".to_owned()))
    );
    assert!(matches!(
        how.content,
        Some(EasyInputMessageContent::InputMessageContentList(_))
    ));
    let conversation = replay.client().create_conversation(&body).await.unwrap();
    replay.assert_request().await;

    assert_eq!(conversation.id, CONVERSATION);
    assert_eq!(
        conversation.object,
        ConversationResourceObject::Conversation
    );
    assert_eq!(conversation.created_at, Some(1754687376));
    assert_eq!(conversation.metadata, Some(json!({"topic": "demo"})));
    assert_round_trip(fx, &conversation);
}

#[tokio::test]
async fn get_conversation_reads_it() {
    let replay = Replay::start("conversations/get_conversation").await;
    let fx = &replay.fixture;
    let conversation = replay
        .client()
        .get_conversation(&segment(&fx.request.path, 1))
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(conversation.id, CONVERSATION);
    assert_eq!(conversation.metadata, Some(json!({"topic": "demo"})));
    assert_round_trip(fx, &conversation);
}

#[tokio::test]
async fn update_conversation_replaces_metadata_and_keeps_an_undeclared_field() {
    let replay = Replay::start("conversations/update_conversation").await;
    let fx = &replay.fixture;
    let body: UpdateConversationBody = request_body(fx);
    assert_eq!(body.metadata, Some(metadata(&[("topic", "project-x")])));
    let conversation = replay
        .client()
        .update_conversation(&segment(&fx.request.path, 1), &body)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(conversation.metadata, Some(json!({"topic": "project-x"})));
    assert_eq!(conversation.extra["updated_at"], json!(1754687390));
    assert_round_trip(fx, &conversation);
}

#[tokio::test]
async fn delete_conversation_reports_it_deleted() {
    let replay = Replay::start("conversations/delete_conversation").await;
    let fx = &replay.fixture;
    let deleted = replay
        .client()
        .delete_conversation(&segment(&fx.request.path, 1))
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(deleted.id, CONVERSATION);
    assert_eq!(
        deleted.object,
        DeletedConversationResourceObject::ConversationDeleted
    );
    assert_eq!(deleted.deleted, Some(true));
    assert_round_trip(fx, &deleted);
}

// ------------------------------------------------------------------ items

#[tokio::test]
async fn create_conversation_items_adds_a_user_and_an_assistant_message() {
    let replay = Replay::start("conversations/create_conversation_items").await;
    let fx = &replay.fixture;
    let body: CreateConversationItemsRequest = request_body(fx);
    assert_eq!(body.items.len(), 2);
    let list = replay
        .client()
        .create_conversation_items(
            &segment(&fx.request.path, 1),
            &body,
            &CreateConversationItemsQuery::default(),
        )
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(list.object, ConversationItemListObject::List);
    assert_eq!(list.has_more, Some(false));
    let [ConversationItem::Message(user), ConversationItem::Message(assistant)] = &list.data[..]
    else {
        panic!("unexpected items {:?}", list.data)
    };
    assert_eq!(
        (user.id.as_str(), user.role.clone()),
        ("msg_abc", Some(MessageRole::User))
    );
    let Some([MessageContentItem::InputText(hello)]) = user.content.as_deref() else {
        panic!("unexpected content {:?}", user.content)
    };
    assert_eq!(hello.text.as_deref(), Some("Hello!"));
    assert_eq!(assistant.role, Some(MessageRole::Assistant));
    let Some([MessageContentItem::OutputText(reply)]) = assistant.content.as_deref() else {
        panic!("unexpected content {:?}", assistant.content)
    };
    assert_eq!(reply.text, "Hi! How can I help?");
    assert_round_trip(fx, &list);
}

#[tokio::test]
async fn list_conversation_items_reads_one_page_with_its_cursor() {
    let replay = Replay::start("conversations/list_conversation_items_page_1").await;
    let fx = &replay.fixture;
    let page = replay
        .client()
        .list_conversation_items(&segment(&fx.request.path, 1), &first_page_query())
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(page.has_more, Some(true));
    assert_eq!(page.last_id.as_deref(), Some("fc_abe"));
    assert_eq!(
        page.data.iter().map(item_id).collect::<Vec<_>>(),
        ["msg_abc", "rs_abd", "fc_abe"]
    );
    let ConversationItem::Reasoning(reasoning) = &page.data[1] else {
        unreachable!()
    };
    let summary = reasoning.summary.as_deref().unwrap();
    assert_eq!(
        summary[0].text.as_deref(),
        Some("Call the weather function.")
    );
    let ConversationItem::FunctionCall(call) = &page.data[2] else {
        unreachable!()
    };
    assert_eq!(call.name.as_deref(), Some("get_current_weather"));
    let arguments: Value = serde_json::from_str(call.arguments.as_deref().unwrap()).unwrap();
    assert_eq!(
        arguments,
        json!({"location": "Boston, MA", "unit": "celsius"})
    );
    assert_round_trip(fx, &page);
}

/// Asserts `got` is the request recorded in `fx`: method, path, query, headers.
fn assert_recorded_request(fx: &Fixture, got: &wiremock::Request) {
    assert_eq!(
        got.method.as_str(),
        fx.request.method,
        "{}: method",
        fx.name
    );
    assert_eq!(got.url.path(), fx.request.path, "{}: path", fx.name);
    let query: BTreeMap<String, String> = got.url.query_pairs().into_owned().collect();
    assert_eq!(query, fx.request.query, "{}: query", fx.name);
    for (header, value) in &fx.request.headers {
        let sent = got
            .headers
            .get(header.as_str())
            .map(|v| v.to_str().unwrap());
        assert_eq!(sent, Some(value.as_str()), "{}: header {header}", fx.name);
    }
    assert!(got.body.is_empty(), "{}: no body", fx.name);
}

#[tokio::test]
async fn list_conversation_items_stream_walks_both_pages_following_last_id() {
    let pages = [
        fixture("conversations/list_conversation_items_page_1"),
        fixture("conversations/list_conversation_items_page_2"),
    ];
    let server = MockServer::start().await;
    for (fx, after) in pages.iter().zip([None, Some("fc_abe")]) {
        let mock = Mock::given(method("GET"))
            .and(path(fx.request.path.as_str()))
            .and(query_param("limit", "3"));
        let mock = match after {
            Some(cursor) => mock.and(query_param("after", cursor)),
            None => mock.and(query_param_is_missing("after")),
        };
        mock.respond_with(fx.response_template())
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(418))
        .with_priority(u8::MAX)
        .expect(0)
        .mount(&server)
        .await;
    let client = client_builder(&server.uri())
        .max_retries(0)
        .build()
        .unwrap();

    let items: Vec<ConversationItem> = client
        .list_conversation_items_stream(CONVERSATION, &first_page_query())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        items.iter().map(item_id).collect::<Vec<_>>(),
        ["msg_abc", "rs_abd", "fc_abe", "fco_abf", "?sfi_abg", "msg_abh"]
    );
    // An item kind the client does not know is kept whole.
    let ConversationItem::Unknown(future) = &items[4] else {
        unreachable!()
    };
    assert_eq!(future, &pages[1].response.body["data"][1]);

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "two requests");
    for (fx, got) in pages.iter().zip(&received) {
        assert_recorded_request(fx, got);
    }
    server.verify().await;
}

#[tokio::test]
async fn get_conversation_item_sends_include_and_reads_a_message() {
    let replay = Replay::start("conversations/get_conversation_item").await;
    let fx = &replay.fixture;
    let query = GetConversationItemQuery {
        include: Some(vec![IncludeEnum::MessageInputImageImageUrl]),
    };
    let item = replay
        .client()
        .get_conversation_item(
            &segment(&fx.request.path, 1),
            &segment(&fx.request.path, 3),
            &query,
        )
        .await
        .unwrap();
    replay.assert_request().await;
    let ConversationItem::Message(message) = &item else {
        panic!("expected a message, got {item:?}")
    };
    assert_eq!(message.id, "msg_abc");
    assert_eq!(message.status, Some(MessageStatus::Completed));
    assert_round_trip(fx, &item);
}

#[tokio::test]
async fn delete_conversation_item_returns_the_conversation() {
    let replay = Replay::start("conversations/delete_conversation_item").await;
    let fx = &replay.fixture;
    let conversation = replay
        .client()
        .delete_conversation_item(&segment(&fx.request.path, 1), &segment(&fx.request.path, 3))
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(conversation.id, CONVERSATION);
    assert_eq!(
        conversation.object,
        ConversationResourceObject::Conversation
    );
    assert_round_trip(fx, &conversation);
}

// ------------------------------------------------------------------ every fixture

/// The operation a recorded Conversations request belongs to.
fn operation(fx: &Fixture) -> &'static str {
    let segments: Vec<&str> = fx
        .request
        .path
        .trim_start_matches("/v1/")
        .split('/')
        .collect();
    match (fx.request.method.as_str(), &segments[..]) {
        ("POST", ["conversations"]) => "createConversation",
        ("GET", ["conversations", _]) => "getConversation",
        ("POST", ["conversations", _]) => "updateConversation",
        ("DELETE", ["conversations", _]) => "deleteConversation",
        ("POST", ["conversations", _, "items"]) => "createConversationItems",
        ("GET", ["conversations", _, "items"]) => "listConversationItems",
        ("GET", ["conversations", _, "items", _]) => "getConversationItem",
        ("DELETE", ["conversations", _, "items", _]) => "deleteConversationItem",
        _ => panic!(
            "{}: no Conversations operation is {} {}",
            fx.name, fx.request.method, fx.request.path
        ),
    }
}

#[test]
fn every_recorded_conversations_body_decodes_and_re_encodes_losslessly() {
    let mut seen = BTreeSet::new();
    for fx in &fixtures_in("conversations") {
        let op = operation(fx);
        seen.insert(op);
        let (request, response) = (&fx.request.body, &fx.response.body);
        match op {
            "createConversation" => {
                assert_lossless::<CreateConversationBody>(request);
                assert_lossless::<ConversationResource>(response);
            }
            "updateConversation" => {
                assert_lossless::<UpdateConversationBody>(request);
                assert_lossless::<ConversationResource>(response);
            }
            "createConversationItems" => {
                assert_lossless::<CreateConversationItemsRequest>(request);
                assert_lossless::<ConversationItemList>(response);
            }
            "getConversation" | "deleteConversationItem" => {
                assert_lossless::<ConversationResource>(response);
            }
            "deleteConversation" => {
                assert_lossless::<DeletedConversationResource>(response);
            }
            "listConversationItems" => {
                assert_lossless::<ConversationItemList>(response);
            }
            "getConversationItem" => {
                assert_lossless::<ConversationItem>(response);
            }
            _ => unreachable!(),
        }
        if !matches!(
            op,
            "createConversation" | "updateConversation" | "createConversationItems"
        ) {
            assert!(request.is_null(), "{}: no request body", fx.name);
        }
    }
    assert_eq!(seen.len(), 8, "every operation has a fixture: {seen:?}");
}
