//! Request paths: a path template filled with percent-encoded parameter values.

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

/// Fills the `{placeholders}` of a path `template` (RFC 6570 simple
/// expansion, as OpenAPI path templating uses) with `values`, in order, each
/// encoded by [`path_segment`]. Text outside placeholders is kept as written.
pub fn fill_template(template: &str, values: &[&str]) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        let Some(value) = values.next() else {
            return Err(Error::InvalidRequest(format!(
                "no value for the path parameter `{name}` of `{template}`"
            )));
        };
        out.push_str(&rest[..start]);
        out.push_str(&path_segment(name, value)?);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_in_order() {
        assert_eq!(
            fill_template(
                "/threads/{thread_id}/messages/{message_id}",
                &["t 1", "m/2"]
            )
            .unwrap(),
            "/threads/t%201/messages/m%2F2"
        );
        assert_eq!(fill_template("/a/{x}.{y}", &["1", "2"]).unwrap(), "/a/1.2");
        assert_eq!(fill_template("/plain", &[]).unwrap(), "/plain");
        let missing = fill_template("/a/{x}/{y}", &["1"]).unwrap_err().to_string();
        assert!(missing.contains("`y`"), "{missing}");
        let bad = fill_template("/a/{x}", &[".."]).unwrap_err().to_string();
        assert!(bad.contains("`x`"), "{bad}");
    }

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
