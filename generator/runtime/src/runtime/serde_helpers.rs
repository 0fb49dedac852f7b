//! Serde helpers the generated models call.

use serde::de::{self, DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Decodes JSON text; on failure also gives the path of the failing field
/// (`data[0].created_at`, `.` for the whole value), found from where in the
/// text serde_json stopped. Errors are `(path, error)`.
///
/// The path is read from the text rather than by decoding it again through
/// a path-tracking deserializer, which would compile a second decoder for
/// every model.
pub(crate) fn from_json_located<T: DeserializeOwned>(
    text: &str,
) -> Result<T, (String, serde_json::Error)> {
    serde_json::from_str(text).map_err(|e| (path_at(text.as_bytes(), &e), e))
}

/// The path, in `text`, of the value being read where `error` arose:
/// object keys joined by `.`, array indexes as `[i]`; `.` for the top.
pub(crate) fn path_at(text: &[u8], error: &serde_json::Error) -> String {
    if error.line() == 0 {
        return String::from(".");
    }
    // serde_json counts lines from 1 and columns in bytes from the line start.
    let mut line = 1;
    let mut start = 0;
    for (i, b) in text.iter().enumerate() {
        if line == error.line() {
            break;
        }
        if *b == b'\n' {
            line += 1;
            start = i + 1;
        }
    }
    let end = (start + error.column()).min(text.len());
    path_before(&text[..end])
}

/// The path of the value being read at the end of `text`, a JSON prefix.
fn path_before(text: &[u8]) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            wants_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                wants_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { wants_key, .. }) => *wants_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { wants_key, .. }) = stack.last_mut() {
                    *wants_key = false;
                }
            }
            b'"' => {
                let open = i;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    wants_key: true,
                }) = stack.last_mut()
                {
                    let literal = &text[open..(i + 1).min(text.len())];
                    *key = serde_json::from_slice::<String>(literal)
                        .ok()
                        .or_else(|| Some(String::from_utf8_lossy(&literal[1..]).into_owned()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A string, borrowed from the input when the input allows.
pub(crate) struct WireStr<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for WireStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WireStr<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<WireStr<'de>, E> {
                Ok(WireStr(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<WireStr<'de>, E> {
                Ok(WireStr(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<WireStr<'de>, E> {
                Ok(WireStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads a string without copying it when the input allows; the
/// `Deserialize` of open string enums.
pub fn decode_str<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    WireStr::deserialize(d).map(|s| s.0)
}

/// The impls of an open string enum, from its variants and their wire
/// strings: `as_str`, `From<&str>` (a string it does not know becomes
/// `Unknown`), `Display`, and `Serialize`/`Deserialize` as that string.
#[allow(
    unused_macros,
    reason = "unused when the spec, or the features turned on, have no such type"
)]
macro_rules! wire_enum {
    ($name:ident; $($variant:ident = $wire:literal;)*) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::decode_str(deserializer).map(|value| Self::from(&*value))
            }
        }
    };
}
pub(crate) use wire_enum;

/// `with` module for `Option<Option<T>>` fields: absent is `None`, `null` is
/// `Some(None)`, a value is `Some(Some(v))`. Lets a request clear a field.
pub mod double_option {
    use super::*;

    /// Deserializes a present field (absent fields take the `default`).
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }

    /// Serializes `Some(None)` as `null` (`None` is skipped by the field's attributes).
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_ref().and_then(Option::as_ref).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::from_json_located;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only decoding is checked")]
    struct Page {
        data: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only decoding is checked")]
    struct Item {
        id: String,
        created: i64,
    }

    #[test]
    fn a_failure_is_located_by_where_the_text_stopped() {
        for (text, path) in [
            (
                r#"{"data":[{"id":"a","created":1},{"id":"b","created":"x"}]}"#,
                "data[1].created",
            ),
            (
                "{\n  \"data\": [\n    {\"id\": 7, \"created\": 1}\n  ]\n}",
                "data[0].id",
            ),
            (
                r#"{"data":[{"id":"a","created":1},{"created":2}]}"#,
                "data[1]",
            ),
            (
                r#"{"data":[{"i\u0064":"a","created":true}]}"#,
                "data[0].created",
            ),
            (r#"{"data":{}}"#, "data"),
            ("[]", "."),
        ] {
            let (got, _) = from_json_located::<Page>(text).unwrap_err();
            assert_eq!(got, path, "{text}");
        }
    }

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        metadata: Option<Option<u8>>,
    }

    #[test]
    fn absent_null_and_value_are_distinct() {
        for (json, value) in [
            ("{}", None),
            (r#"{"metadata":null}"#, Some(None)),
            (r#"{"metadata":1}"#, Some(Some(1))),
        ] {
            let decoded: Patch = serde_json::from_str(json).unwrap();
            assert_eq!(decoded.metadata, value);
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
        }
    }
}
