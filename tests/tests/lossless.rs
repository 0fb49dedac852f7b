//! Error bodies decode with `code` as a string or a number and re-encode
//! unchanged. (Every recorded fixture is checked in `lossless_assistants.rs`.)

use integration_tests::assert_lossless;
use portkey_assistants::models::*;

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
