//! A short tour of the client, also shown in README.md: create an assistant,
//! a thread and a message, then stream a run and print the text as it comes.
//! Built (not run) by `cargo test`; run it with real keys:
//! `PORTKEY_API_KEY=... PORTKEY_VIRTUAL_KEY=... cargo run -p integration-tests --example tour`.

use futures::StreamExt;
use portkey_assistants::models::{
    AssistantStreamEvent, CreateAssistantRequest, CreateMessageRequest,
    CreateMessageRequestContent, CreateMessageRequestRole, CreateRunRequest, CreateThreadRequest,
    MessageDeltaContent,
};
use portkey_assistants::Client;

#[tokio::main]
async fn main() -> Result<(), portkey_assistants::Error> {
    let client = Client::builder()
        .api_key(std::env::var("PORTKEY_API_KEY").unwrap_or_default())
        .virtual_key(std::env::var("PORTKEY_VIRTUAL_KEY").unwrap_or_default())
        .build()?;

    let assistant = client
        .create_assistant(&CreateAssistantRequest {
            name: Some(Some("Math tutor".into())),
            instructions: Some(Some("Answer maths questions briefly.".into())),
            ..CreateAssistantRequest::new("gpt-4o")
        })
        .await?;

    let thread = client
        .create_thread(Some(&CreateThreadRequest::default()))
        .await?;
    client
        .create_message(
            &thread.id,
            &CreateMessageRequest::new(
                CreateMessageRequestRole::User,
                CreateMessageRequestContent::Text("What is 12 × 7?".into()),
            ),
        )
        .await?;

    let mut events = client
        .create_run_stream(
            &thread.id,
            &CreateRunRequest::new(assistant.id.clone()),
            &Default::default(),
        )
        .await?;
    while let Some(event) = events.next().await {
        match event? {
            AssistantStreamEvent::ThreadMessageDelta(delta) => {
                for part in delta.data.delta.content.unwrap_or_default() {
                    if let MessageDeltaContent::Text(text) = part {
                        print!("{}", text.text.and_then(|t| t.value).unwrap_or_default());
                    }
                }
            }
            AssistantStreamEvent::ThreadRunCompleted(run) => {
                println!("\n(run {} completed)", run.data.id)
            }
            _ => {}
        }
    }
    Ok(())
}
