//! Percent-encoding of path parameters.

use super::Error;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is encoded, so a value can
/// never leave its path segment (`/` becomes `%2F`, space `%20`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes `value` as exactly one path segment. Empty values and the dot
/// segments `.` and `..` (which a server would resolve away), also when
/// already percent-encoded (`%2e%2E`), are refused before anything is sent.
pub fn path_segment(name: &str, value: &str) -> Result<String, Error> {
    let decoded = percent_decode_str(value).decode_utf8_lossy();
    match decoded.as_ref() {
        "" => Err(Error::InvalidRequest(format!(
            "path parameter `{name}` is empty"
        ))),
        "." | ".." => Err(Error::InvalidRequest(format!(
            "path parameter `{name}` is `{value}`, which would change the request path"
        ))),
        _ => Ok(utf8_percent_encode(value, SEGMENT).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_in_one_segment() {
        assert_eq!(path_segment("id", "msg_abc123").unwrap(), "msg_abc123");
        assert_eq!(path_segment("id", "a/b c").unwrap(), "a%2Fb%20c");
        assert_eq!(path_segment("id", "%2f").unwrap(), "%252f");
        assert_eq!(path_segment("id", "..a").unwrap(), "..a");
        assert_eq!(path_segment("id", "ü?#").unwrap(), "%C3%BC%3F%23");
        for bad in ["", ".", "..", "%2e", "%2E%2e", ".%2e"] {
            assert!(
                matches!(path_segment("id", bad), Err(Error::InvalidRequest(_))),
                "{bad:?}"
            );
        }
    }
}
