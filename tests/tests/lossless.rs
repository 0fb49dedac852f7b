//! Every recorded body decodes into the generated models and re-encodes with
//! nothing lost: unknown values, undeclared fields, absent and null fields.

use integration_tests::{all_fixtures, assert_lossless};
use portkey_assistants::models::*;

#[test]
fn every_fixture_body_round_trips() {
    let fixtures = all_fixtures();
    assert!(
        fixtures.len() >= 14,
        "fixtures went missing: {}",
        fixtures.len()
    );
    for fx in &fixtures {
        let body = &fx.response.body;
        if fx.response.status >= 400 {
            if body.get("error").is_some() {
                assert_lossless::<ErrorResponse>(body);
            } else {
                assert_lossless::<GatewayErrorResponse>(body);
            }
        } else if fx.name.starts_with("list_") {
            assert_lossless::<ListMessagesResponse>(body);
        } else if fx.name.starts_with("delete_") {
            assert_lossless::<DeleteMessageResponse>(body);
        } else {
            assert_lossless::<MessageObject>(body);
        }
        let request = &fx.request.body;
        if fx.name.starts_with("create_") {
            assert_lossless::<CreateMessageRequest>(request);
        } else if fx.name.starts_with("modify_") {
            assert_lossless::<ModifyMessageRequest>(request);
        } else {
            assert!(request.is_null(), "{}: unexpected request body", fx.name);
        }
    }
}

#[test]
fn error_code_decodes_as_string_or_number() {
    let text: ErrorResponse = assert_lossless(
        &serde_json::json!({"error": {"message": "m", "type": "t", "code": "rate_limit"}}),
    );
    assert_eq!(text.error.code, Some(ErrorCode::Text("rate_limit".into())));
    let number: ErrorResponse =
        assert_lossless(&serde_json::json!({"error": {"message": "m", "type": "t", "code": 429}}));
    assert_eq!(number.error.code, Some(ErrorCode::Number(429)));
}
