//! Response headers reach a client through its spec: each declared header is
//! a method of `ResponseMeta` and `ApiError`, and only a header marked
//! `x-upstream-retry-count` stops retries. A spec without them gets neither.

use integration_tests::codegen::generated_file;

fn client_rs(spec: &str) -> String {
    generated_file(spec, "src/client.rs")
}

const WITH_HEADERS: &str = r#"
openapi: 3.0.3
info: {title: Gateway, version: "1"}
components:
  headers:
    Attempts:
      description: Retries the gateway made.
      x-upstream-retry-count: true
      schema: {type: integer, minimum: 0}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          headers:
            X-Gateway-Trace: {schema: {type: string}}
            x-gateway-attempts: {$ref: '#/components/headers/Attempts'}
            x-request-id: {schema: {type: string}}
        default:
          description: failure
          headers:
            x-gateway-trace: {schema: {type: string}}
            x-gateway-region: {schema: {type: string}}
"#;

#[test]
fn declared_headers_become_typed_accessors_on_both_sides() {
    let client = client_rs(WITH_HEADERS);
    let meta = client
        .find("impl crate::ResponseMeta {")
        .expect("accessors on ResponseMeta");
    let error = client
        .find("impl crate::ApiError {")
        .expect("accessors on ApiError");
    for block in [&client[meta..error], &client[error..]] {
        // The shared `x-gateway-` prefix is dropped; names are deduplicated
        // case-insensitively; headers the runtime reads itself are left out.
        assert!(
            block.contains("pub fn trace(&self) -> Option<&str>"),
            "{block}"
        );
        assert!(
            block.contains("self.header(\"X-Gateway-Trace\")"),
            "{block}"
        );
        assert!(
            block.contains("pub fn attempts(&self) -> Option<u64>"),
            "{block}"
        );
        assert!(
            block.contains("pub fn region(&self) -> Option<&str>"),
            "{block}"
        );
        assert!(!block.contains("request_id"), "{block}");
    }
    assert!(client.contains("inner.upstream_retry_headers(&[\"x-gateway-attempts\"]);"));
}

#[test]
fn a_spec_without_response_headers_gets_no_vendor_behaviour() {
    let client = client_rs(
        r#"
openapi: 3.0.3
info: {title: Plain, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses: {'200': {description: ok}}
"#,
    );
    assert!(!client.contains("impl crate::ResponseMeta"), "{client}");
    assert!(!client.contains("upstream_retry_headers"), "{client}");
}
