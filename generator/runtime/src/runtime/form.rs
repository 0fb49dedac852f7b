//! Form bodies: `multipart/form-data` (with file parts) and
//! `application/x-www-form-urlencoded`, kept as plain data so that every
//! retry can encode them again.

use super::style::{form_pairs, Node, ParamStyle};
use super::Error;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A file to upload: its bytes, and optionally its name and media type.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The content.
    pub bytes: bytes::Bytes,
    /// The file name sent with the part (servers often use its extension).
    pub filename: Option<String>,
    /// The part's media type, e.g. `audio/mpeg`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file part holding `bytes`.
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            filename: None,
            content_type: None,
        }
    }

    /// Sets the file name.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the media type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<bytes::Bytes> for FilePart {
    fn from(bytes: bytes::Bytes) -> Self {
        FilePart::new(bytes)
    }
}

/// In JSON a binary string is text; it is kept as its UTF-8 bytes.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        String::from_utf8_lossy(&self.bytes).serialize(s)
    }
}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| FilePart::new(s.into_bytes()))
    }
}

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    File(FilePart),
}

/// The fields of a form body, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData {
    fields: Vec<(Cow<'static, str>, Value)>,
}

impl FormData {
    /// Adds a text field.
    pub fn text(&mut self, name: &'static str, value: String) {
        self.fields.push((Cow::Borrowed(name), Value::Text(value)));
    }

    /// Adds a structured field as its JSON text.
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let text = serde_json::to_string(value).map_err(|e| {
            Error::InvalidRequest(format!("form field `{name}` cannot be encoded: {e}"))
        })?;
        self.text(name, text);
        Ok(())
    }

    /// Adds the property `name` holding `value` as its Encoding Object's
    /// `style` writes it (`encoding: {card: {style: deepObject, explode:
    /// true}}` gives `card[number]=4242&card[cvc]=123`; see the `style`
    /// module). For `application/x-www-form-urlencoded` bodies;
    /// `allowReserved` has no effect, as the form's serializer encodes every
    /// reserved character.
    pub fn styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        style: ParamStyle,
        value: &T,
    ) -> Result<(), Error> {
        for (field, text) in form_pairs(name, style, &Node::of(name, value)?)? {
            self.fields.push((Cow::Owned(field), Value::Text(text)));
        }
        Ok(())
    }

    /// Adds a file part.
    pub fn file(&mut self, name: &'static str, file: &FilePart) {
        self.fields
            .push((Cow::Borrowed(name), Value::File(file.clone())));
    }

    /// Adds every entry of `value`, which must serialize to a JSON object,
    /// as fields, sorted by name: a string as itself, a number or
    /// boolean as its JSON text, each item of an array as a repeated field
    /// (an item that is an object or array as its JSON text), an object as
    /// its JSON text. A `null` entry is left out, as an absent field.
    ///
    /// For bodies whose schema names no properties (a map, or any object).
    pub fn fields_of<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let object = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(object)) => object,
            Ok(other) => {
                return Err(Error::InvalidRequest(format!(
                    "a form body must be a JSON object of fields; this one is {}",
                    kind_of(&other)
                )))
            }
            Err(e) => {
                return Err(Error::InvalidRequest(format!(
                    "the form body cannot be encoded: {e}"
                )))
            }
        };
        for (name, value) in object {
            let items = match value {
                serde_json::Value::Array(items) => items,
                value => vec![value],
            };
            for item in items {
                let text = match item {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                self.fields
                    .push((Cow::Owned(name.clone()), Value::Text(text)));
            }
        }
        Ok(())
    }

    pub(crate) fn to_multipart(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.fields {
            form = match value {
                Value::Text(text) => form.text(name.clone(), text.clone()),
                Value::File(file) => {
                    let mut part =
                        reqwest::multipart::Part::stream(reqwest::Body::from(file.bytes.clone()));
                    // A file part needs a name for most servers to treat it as a file.
                    part =
                        part.file_name(file.filename.clone().unwrap_or_else(|| name.to_string()));
                    if let Some(media) = &file.content_type {
                        part = part.mime_str(media).map_err(|_| {
                            Error::InvalidRequest(format!(
                                "`{media}` is not a valid media type for `{name}`"
                            ))
                        })?;
                    }
                    form.part(name.clone(), part)
                }
            };
        }
        Ok(form)
    }

    pub(crate) fn to_pairs(&self) -> Result<Vec<(&str, &str)>, Error> {
        self.fields
            .iter()
            .map(|(name, value)| match value {
                Value::Text(text) => Ok((name.as_ref(), text.as_str())),
                Value::File(_) => Err(Error::InvalidRequest(format!(
                    "`{name}` is a file, which a url-encoded form cannot carry"
                ))),
            })
            .collect()
    }
}

/// How a JSON value is described in an error.
fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(form: &FormData) -> Vec<(String, String)> {
        form.to_pairs()
            .unwrap()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn an_object_becomes_fields_sorted_by_name() {
        let mut form = FormData::default();
        form.text("first", "1".to_owned());
        let value = serde_json::json!({
            "b": "text",
            "a": 97,
            "flag": true,
            "gone": null,
            "list": ["x", 2],
            "nested": {"k": "v"}
        });
        form.fields_of(&value).unwrap();
        let pairs: Vec<(String, String)> = [
            ("first", "1"),
            ("a", "97"),
            ("b", "text"),
            ("flag", "true"),
            ("list", "x"),
            ("list", "2"),
            ("nested", r#"{"k":"v"}"#),
        ]
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(texts(&form), pairs);
    }

    #[test]
    fn a_value_that_is_not_an_object_is_refused() {
        let mut form = FormData::default();
        let err = form.fields_of(&vec![1, 2]).unwrap_err();
        assert!(err.to_string().contains("this one is an array"), "{err}");
    }

    #[test]
    fn styled_fields_are_written_before_form_encoding() {
        let mut form = FormData::default();
        let card = serde_json::json!({"number": "4242", "exp": {"month": 1}, "tags": ["a", "b"]});
        form.styled("card", ParamStyle::deep_object(true), &card)
            .unwrap();
        form.styled("ids", ParamStyle::pipe_delimited(false), &[1, 2])
            .unwrap();
        form.styled("words", ParamStyle::space_delimited(false), &["a b", "c"])
            .unwrap();
        let pairs: Vec<(String, String)> = [
            ("card[exp][month]", "1"),
            ("card[number]", "4242"),
            ("card[tags][0]", "a"),
            ("card[tags][1]", "b"),
            ("ids", "1|2"),
            ("words", "a b c"),
        ]
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(texts(&form), pairs);
    }
}
