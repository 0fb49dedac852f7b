//! Request paths: a path template filled with percent-encoded parameter values.

use super::style::{path_expansion, Node, ParamStyle};
use super::Error;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

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

/// One path parameter's value, expanded by its style and percent-encoded,
/// ready to fill its placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathValue(String);

impl PathValue {
    /// A `simple` parameter given as text, encoded by [`path_segment`].
    pub fn simple(name: &str, value: &str) -> Result<PathValue, Error> {
        path_segment(name, value).map(PathValue)
    }

    /// The parameter `name` holding `value`, expanded as `style` says
    /// (`matrix`, `label`, `simple` or `content`; see the `style` module).
    /// An expansion that is empty, `.` or `..` (the empty string or a dot as
    /// `label`, say) is refused: the path would lose or change a segment.
    pub fn styled<T: Serialize + ?Sized>(
        name: &str,
        style: ParamStyle,
        value: &T,
    ) -> Result<PathValue, Error> {
        let text = path_expansion(name, style, &Node::of(name, value)?)?;
        match text.as_str() {
            "" => Err(Error::InvalidRequest(format!(
                "path parameter `{name}` is empty"
            ))),
            "." | ".." => Err(Error::InvalidRequest(format!(
                "path parameter `{name}` expands to `{text}`, which would change the request path"
            ))),
            _ => Ok(PathValue(text)),
        }
    }

    /// The encoded text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Fills the `{placeholders}` of a path `template` (RFC 6570 simple
/// expansion, as OpenAPI path templating uses) with `values`, in order, each
/// encoded by [`path_segment`]. Text outside placeholders is kept as written.
pub fn fill_template(template: &str, values: &[&str]) -> Result<String, Error> {
    let mut names = placeholders(template);
    let encoded = values
        .iter()
        .map(|value| PathValue::simple(names.next().unwrap_or_default(), value))
        .collect::<Result<Vec<_>, _>>()?;
    fill_expanded(template, &encoded)
}

/// The placeholder names of `template`, in order.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name)
}

/// Fills the `{placeholders}` of a path `template` with `values`, in order,
/// each already expanded and encoded. Text outside placeholders is kept as written.
pub fn fill_expanded(template: &str, values: &[PathValue]) -> Result<String, Error> {
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
        out.push_str(value.as_str());
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

    #[test]
    fn styled_values_fill_their_placeholders() {
        let values = [
            PathValue::styled("color", ParamStyle::label(true), &["blue", "black"]).unwrap(),
            PathValue::styled("shape", ParamStyle::matrix(false), "a/b").unwrap(),
            PathValue::simple("id", "7").unwrap(),
        ];
        assert_eq!(
            fill_expanded("/items{color}/{shape}/{id}", &values).unwrap(),
            "/items.blue.black/;shape=a%2Fb/7"
        );
        for (style, value) in [
            (ParamStyle::label(false), ""),
            (ParamStyle::label(false), "."),
            (ParamStyle::simple(false), ""),
        ] {
            let refused = PathValue::styled("color", style, value)
                .unwrap_err()
                .to_string();
            assert!(refused.contains("`color`"), "{refused}");
        }
    }
}
