//! Fixed headers and credentials are per-operation facts: `OpenAI-Beta` goes
//! only on the operations that declare it, credentials only where the
//! operation's security accepts them.

use integration_tests::codegen::generated_file;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Mixed, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
components:
  securitySchemes:
    Key: {type: apiKey, in: header, name: x-example-api-key}
    Upstream: {type: http, scheme: bearer}
  parameters:
    Beta:
      name: OpenAI-Beta
      in: header
      required: true
      schema: {type: string, enum: ["assistants=v2"]}
paths:
  /threads:
    post:
      operationId: createThread
      parameters: [{$ref: '#/components/parameters/Beta'}]
      security: [{Key: [], Upstream: []}]
      responses: {'200': {description: ok}}
  /models:
    get:
      operationId: listModels
      security: [{Key: []}]
      responses: {'200': {description: ok}}
"#;

fn client_rs() -> String {
    generated_file(SPEC, "src/client.rs")
}

/// The facts the generated client declares for one operation.
fn facts<'a>(client: &'a str, constant: &str) -> &'a str {
    let start = client
        .find(&format!("const {constant}: runtime::Operation"))
        .unwrap_or_else(|| panic!("no facts for {constant}"));
    let rest = &client[start..];
    &rest[..rest.find("};").expect("the facts end")]
}

#[test]
fn beta_header_only_where_declared() {
    let client = client_rs();
    let create = facts(&client, "CREATE_THREAD");
    let list = facts(&client, "LIST_MODELS");
    assert!(
        create.contains(r#"headers: &[("OpenAI-Beta", "assistants=v2")]"#),
        "{create}"
    );
    assert!(list.contains("headers: &[]"), "{list}");
    assert!(!list.contains("OpenAI-Beta"), "{list}");
    // The fixed header is not a method argument.
    assert!(
        client.contains("pub async fn create_thread(&self)"),
        "{client}"
    );
}

#[test]
fn credentials_follow_each_operation_security() {
    let client = client_rs();
    // Credentials are named after their builder methods.
    assert!(
        client.contains("const EXAMPLE_API_KEY: runtime::CredentialId = runtime::CredentialId(0);")
    );
    assert!(client.contains("const UPSTREAM: runtime::CredentialId = runtime::CredentialId(1);"));
    let create = facts(&client, "CREATE_THREAD");
    assert!(
        create.contains("credentials: &[EXAMPLE_API_KEY, UPSTREAM]"),
        "{create}"
    );
    let list = facts(&client, "LIST_MODELS");
    assert!(list.contains("credentials: &[EXAMPLE_API_KEY]"), "{list}");
}
