//! The five Messages operations against recorded responses: the request the
//! client sends (method, encoded path, query, headers, body) and what it decodes.

use integration_tests::{metadata, Replay};
use portkey_assistants::models::*;
use std::collections::BTreeMap;

#[tokio::test]
async fn modify_message_sends_metadata_and_keeps_undeclared_fields() {
    let replay = Replay::start("modify_message").await;
    let body = ModifyMessageRequest {
        metadata: Some(Some(metadata(&[("modified", "true"), ("user", "abc123")]))),
    };
    let message = replay
        .client()
        .modify_message("thread_abc123", "msg_abc123", &body)
        .await
        .unwrap();
    replay.assert_request().await;

    assert_eq!(message.id, "msg_abc123");
    assert_eq!(message.object, MessageObjectObject::ThreadMessage);
    assert_eq!(message.created_at, 1699017614);
    assert_eq!(message.role, MessageObjectRole::User);
    assert_eq!(
        message.metadata,
        Some(metadata(&[("modified", "true"), ("user", "abc123")]))
    );
    // The published example leaves these out; nothing is invented for them.
    assert_eq!(message.status, None);
    assert_eq!(message.incomplete_details, None);
    assert_eq!(message.completed_at, None);
    assert_eq!(message.incomplete_at, None);
    assert_eq!(message.assistant_id, None);
    assert_eq!(message.extra.get("file_ids"), Some(&serde_json::json!([])));
    match &message.content[..] {
        [MessageContent::Text(text)] => {
            assert_eq!(
                text.text.value,
                "How does AI work? Explain it in simple terms."
            );
            assert!(text.text.annotations.is_empty());
        }
        other => panic!("unexpected content {other:?}"),
    }
}

#[tokio::test]
async fn modify_message_can_clear_metadata_with_null() {
    let replay = Replay::start("modify_message_clear_metadata").await;
    let body = ModifyMessageRequest {
        metadata: Some(None),
    };
    let message = replay
        .client()
        .modify_message("thread_abc123", "msg_abc123", &body)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(message.metadata, None);
}

#[test]
fn modify_message_request_has_three_states() {
    let omit = ModifyMessageRequest::default();
    let clear = ModifyMessageRequest {
        metadata: Some(None),
    };
    let set = ModifyMessageRequest {
        metadata: Some(Some(metadata(&[("k", "v")]))),
    };
    assert_eq!(serde_json::to_string(&omit).unwrap(), "{}");
    assert_eq!(
        serde_json::to_string(&clear).unwrap(),
        r#"{"metadata":null}"#
    );
    assert_eq!(
        serde_json::to_string(&set).unwrap(),
        r#"{"metadata":{"k":"v"}}"#
    );
    for (json, want) in [
        ("{}", &omit),
        (r#"{"metadata":null}"#, &clear),
        (r#"{"metadata":{"k":"v"}}"#, &set),
    ] {
        assert_eq!(
            &serde_json::from_str::<ModifyMessageRequest>(json).unwrap(),
            want
        );
    }
}

#[tokio::test]
async fn create_message_with_text_content() {
    let replay = Replay::start("create_message_text").await;
    let body = CreateMessageRequest {
        role: CreateMessageRequestRole::User,
        content: CreateMessageRequestContent::Text(
            "How does AI work? Explain it in simple terms.".into(),
        ),
        attachments: None,
        metadata: None,
    };
    let message = replay
        .client()
        .create_message("thread_abc123", &body)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(message.thread_id, "thread_abc123");
    assert_eq!(message.attachments, Some(vec![]));
    assert_eq!(message.metadata, Some(Metadata::default()));
}

#[tokio::test]
async fn create_message_with_parts_and_attachments() {
    let replay = Replay::start("create_message_parts").await;
    let body = CreateMessageRequest {
        role: CreateMessageRequestRole::User,
        content: CreateMessageRequestContent::Parts(vec![
            MessageRequestContent::ImageFile(MessageContentImageFileObject {
                r#type: MessageContentImageFileObjectType::ImageFile,
                image_file: MessageContentImageFileObjectImageFile {
                    file_id: "file-abc123".into(),
                    detail: Some(MessageContentImageFileObjectImageFileDetail::High),
                    extra: BTreeMap::new(),
                },
                extra: BTreeMap::new(),
            }),
            MessageRequestContent::ImageUrl(MessageContentImageUrlObject {
                r#type: MessageContentImageUrlObjectType::ImageUrl,
                image_url: MessageContentImageUrlObjectImageUrl {
                    url: "https://example.com/cat.png".into(),
                    detail: Some(MessageContentImageUrlObjectImageUrlDetail::Low),
                    extra: BTreeMap::new(),
                },
                extra: BTreeMap::new(),
            }),
            MessageRequestContent::Text(MessageRequestContentTextObject {
                r#type: MessageRequestContentTextObjectType::Text,
                text: "What is in these images?".into(),
            }),
        ]),
        attachments: Some(Some(vec![MessageAttachment {
            file_id: Some("file-def456".into()),
            tools: Some(vec![
                AttachmentTool::CodeInterpreter(AssistantToolsCode {
                    r#type: AssistantToolsCodeType::CodeInterpreter,
                    extra: BTreeMap::new(),
                }),
                AttachmentTool::FileSearch(AssistantToolsFileSearchTypeOnly {
                    r#type: AssistantToolsFileSearchTypeOnlyType::FileSearch,
                    extra: BTreeMap::new(),
                }),
            ]),
            extra: BTreeMap::new(),
        }])),
        metadata: Some(Some(metadata(&[("source", "test")]))),
    };
    let message = replay
        .client()
        .create_message("thread_abc123", &body)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(message.content.len(), 3);
    assert!(
        matches!(&message.content[0], MessageContent::ImageFile(p) if p.image_file.file_id == "file-abc123")
    );
    assert!(
        matches!(&message.content[1], MessageContent::ImageUrl(p) if p.image_url.url == "https://example.com/cat.png")
    );
    assert!(
        matches!(&message.content[2], MessageContent::Text(p) if p.text.value == "What is in these images?")
    );
    let tools = message.attachments.as_ref().unwrap()[0]
        .tools
        .as_ref()
        .unwrap();
    assert!(matches!(
        tools[..],
        [
            AttachmentTool::CodeInterpreter(_),
            AttachmentTool::FileSearch(_)
        ]
    ));
}

#[tokio::test]
async fn get_message_with_every_content_part_and_annotation_kind() {
    let replay = Replay::start("get_message_all_parts").await;
    let message = replay
        .client()
        .get_message("thread_abc123", "msg_abc123")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(message.status, Some(MessageObjectStatus::Completed));
    assert_eq!(message.role, MessageObjectRole::Assistant);
    assert!(message.completed_at.is_some());
    assert_eq!(message.incomplete_at, None);
    let kinds: Vec<&str> = message
        .content
        .iter()
        .map(|c| match c {
            MessageContent::ImageFile(_) => "image_file",
            MessageContent::ImageUrl(_) => "image_url",
            MessageContent::Text(_) => "text",
            MessageContent::Refusal(_) => "refusal",
            MessageContent::Unknown(_) => "unknown",
        })
        .collect();
    assert_eq!(kinds, ["image_file", "image_url", "text", "refusal"]);
    let MessageContent::Text(text) = &message.content[2] else {
        unreachable!()
    };
    let annotations = &text.text.annotations;
    assert!(matches!(
        &annotations[..],
        [
            MessageContentTextAnnotation::FileCitation(_),
            MessageContentTextAnnotation::FilePath(_)
        ]
    ));
    if let MessageContentTextAnnotation::FileCitation(c) = &annotations[0] {
        let value: Vec<char> = text.text.value.chars().collect();
        let cited: String = value[c.start_index as usize..c.end_index as usize]
            .iter()
            .collect();
        assert_eq!(cited, c.text);
    }
    let MessageContent::Refusal(refusal) = &message.content[3] else {
        unreachable!()
    };
    assert_eq!(refusal.refusal, "I can't help with that.");
}

#[tokio::test]
async fn get_message_from_a_newer_server_keeps_unknown_values() {
    let replay = Replay::start("get_message_future_values").await;
    let message = replay
        .client()
        .get_message("thread_abc123", "msg_future1")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(
        message.status,
        Some(MessageObjectStatus::Unknown("archived".into()))
    );
    match &message.content[0] {
        MessageContent::Unknown(raw) => assert_eq!(raw["type"], "audio_transcript"),
        other => panic!("expected an unknown part, got {other:?}"),
    }
    match &message.content[1] {
        MessageContent::ImageFile(p) => assert_eq!(
            p.image_file.detail,
            Some(MessageContentImageFileObjectImageFileDetail::Unknown(
                "original".into()
            ))
        ),
        other => panic!("expected an image_file part, got {other:?}"),
    }
    let MessageContent::Text(text) = &message.content[2] else {
        panic!("expected text")
    };
    assert!(
        matches!(&text.text.annotations[0], MessageContentTextAnnotation::Unknown(raw) if raw["type"] == "url_citation")
    );
    assert_eq!(
        text.text.extra.get("language"),
        Some(&serde_json::json!("en"))
    );
    let tools = message.attachments.as_ref().unwrap()[0]
        .tools
        .as_ref()
        .unwrap();
    assert!(matches!(&tools[0], AttachmentTool::Unknown(raw) if raw["type"] == "web_search"));
    assert_eq!(
        message.extra.get("file_ids"),
        Some(&serde_json::json!(["file-abc"]))
    );
    // Everything unknown is written back as it came.
    let encoded = serde_json::to_value(&message).unwrap();
    integration_tests::same_meaning(&replay.fixture.response.body, &encoded, "$").unwrap();
}

#[tokio::test]
async fn get_message_with_absent_and_null_fields() {
    let replay = Replay::start("get_message_sparse").await;
    let message = replay
        .client()
        .get_message("thread_abc123", "msg_sparse1")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(message.status, None);
    assert_eq!(message.assistant_id, None);
    assert_eq!(message.run_id, None);
    assert_eq!(message.attachments, None);
    assert_eq!(message.metadata, None);
    assert_eq!(message.completed_at, None);
}

#[tokio::test]
async fn path_parameters_are_encoded_as_one_segment() {
    let replay = Replay::start("get_message_encoded_path").await;
    let message = replay
        .client()
        .get_message("thread/with space", "msg 1")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(message.thread_id, "thread/with space");
}

#[tokio::test]
async fn list_messages_sends_the_query() {
    let replay = Replay::start("list_messages").await;
    let query = ListMessagesQuery {
        limit: Some(2),
        order: Some(ListMessagesOrder::Desc),
        ..Default::default()
    };
    let page = replay
        .client()
        .list_messages("thread_abc123", &query)
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(page.object, "list");
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.first_id.as_deref(), Some(page.data[0].id.as_str()));
    assert_eq!(page.last_id.as_deref(), Some(page.data[1].id.as_str()));
    assert!(!page.has_more);
}

#[tokio::test]
async fn list_messages_empty_page_has_null_ids() {
    let replay = Replay::start("list_messages_empty").await;
    let query = ListMessagesQuery {
        order: Some(ListMessagesOrder::Asc),
        after: Some("msg_abc123".into()),
        before: Some("msg_xyz789".into()),
        run_id: Some("run_abc123".into()),
        limit: None,
    };
    let page = replay
        .client()
        .list_messages("thread_abc123", &query)
        .await
        .unwrap();
    replay.assert_request().await;
    assert!(page.data.is_empty());
    assert_eq!(page.first_id, None);
    assert_eq!(page.last_id, None);
}

#[tokio::test]
async fn delete_message() {
    let replay = Replay::start("delete_message").await;
    let deleted = replay
        .client()
        .delete_message("thread_abc123", "msg_abc123")
        .await
        .unwrap();
    replay.assert_request().await;
    assert_eq!(deleted.id, "msg_abc123");
    assert!(deleted.deleted);
    assert_eq!(
        deleted.object,
        DeleteMessageResponseObject::ThreadMessageDeleted
    );
}
