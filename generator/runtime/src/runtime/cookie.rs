//! The `Cookie` request header: cookie credentials and cookie parameters as
//! RFC 6265 `name=value` pairs.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Bytes a cookie value may not hold as they are. RFC 6265 section 4.1.1
/// allows `cookie-octet` (printable ASCII but space, `"`, `,`, `;` and `\`);
/// `%` is encoded too, so an encoded value always decodes to the original.
/// Non-ASCII bytes are encoded as UTF-8 (`utf8_percent_encode` does that).
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Encodes a cookie value so that it is one RFC 6265 `cookie-octet` run:
/// `a b;c` becomes `a%20b%3Bc`. Values made of allowed characters are sent as
/// they are, so tokens and keys reach the server unchanged.
pub fn cookie_value(value: &str) -> String {
    utf8_percent_encode(value, COOKIE_VALUE).to_string()
}

/// The value of one `Cookie` header for `pairs`, in order: `name=value` pairs
/// joined by `; ` (RFC 6265 section 5.4), each value encoded by
/// [`cookie_value`]. A later pair with the name of an earlier one replaces
/// its value, so a request never sends the same cookie twice. `None` when
/// there are no pairs.
pub fn cookie_header<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let mut kept: Vec<(&str, &str)> = Vec::new();
    for (name, value) in pairs {
        match kept.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => kept.push((name, value)),
        }
    }
    if kept.is_empty() {
        return None;
    }
    let parts: Vec<String> = kept
        .iter()
        .map(|(name, value)| format!("{name}={}", cookie_value(value)))
        .collect();
    Some(parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cookie_octets() {
        assert_eq!(cookie_value("abc-123_XYZ.~"), "abc-123_XYZ.~");
        assert_eq!(cookie_value("a=b/c:d"), "a=b/c:d");
        assert_eq!(cookie_value("a b;c,d\"e\\f%g"), "a%20b%3Bc%2Cd%22e%5Cf%25g");
        assert_eq!(cookie_value("ü\r\n"), "%C3%BC%0D%0A");
    }

    #[test]
    fn pairs_are_joined_and_later_ones_win() {
        assert_eq!(cookie_header([]), None);
        assert_eq!(
            cookie_header([("session", "s 1"), ("theme", "dark")]).as_deref(),
            Some("session=s%201; theme=dark")
        );
        assert_eq!(
            cookie_header([("a", "1"), ("b", "2"), ("a", "3")]).as_deref(),
            Some("a=3; b=2")
        );
    }
}
