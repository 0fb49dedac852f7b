//! Parameter serialization as the OpenAPI Parameter Object defines it
//! (`style`, `explode`, `allowReserved`, `content`; OpenAPI 3.1.1 section
//! 4.8.12, "Style Values" and "Style Examples"), on top of RFC 6570 URI
//! template expansion and RFC 3986 percent-encoding.
//!
//! A value is first serialized to a [`Node`] (JSON's data model with object
//! properties kept in the order they were written), then expanded by its
//! style, so the expansion is written once for every parameter type.
//! A `null` (an absent optional value), an empty array and an empty object
//! are undefined in RFC 6570's sense (section 2.3): they expand to nothing.

use super::Error;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

/// RFC 3986 unreserved characters (`ALPHA / DIGIT / "-" / "." / "_" / "~"`)
/// are kept; every other byte is percent-encoded (RFC 6570 simple expansion).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// RFC 3986 unreserved and reserved characters are kept (RFC 6570 reserved
/// expansion, which `allowReserved` asks for), except `#`, which would end
/// the query and start the URL's fragment. `%` is handled by [`encode`].
const RESERVED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// The `style` values of OpenAPI (section 4.8.12.4, "Style Values"), plus
/// the two ways a parameter described by `content` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// RFC 6570 path-style expansion: `;color=blue` (path).
    Matrix,
    /// RFC 6570 label expansion: `.blue` (path).
    Label,
    /// RFC 6570 simple expansion: `blue,black` (path, header).
    Simple,
    /// RFC 6570 form expansion: `color=blue` (query, cookie).
    Form,
    /// Array items or object keys and values joined by `%20` (query).
    SpaceDelimited,
    /// Array items or object keys and values joined by `%7C`, the encoded
    /// `|` (query).
    PipeDelimited,
    /// Each property of an object as `color[R]=100` (query).
    DeepObject,
    /// `content: {application/json: ...}`: the value's JSON text.
    Json,
    /// `content` of another media type: a string value as it is, any other
    /// value as its JSON text.
    Text,
}

/// How one parameter is written: its style, `explode` and `allowReserved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamStyle {
    style: Style,
    explode: bool,
    allow_reserved: bool,
}

impl ParamStyle {
    /// `style: matrix`.
    pub const fn matrix(explode: bool) -> Self {
        Self::new(Style::Matrix, explode)
    }

    /// `style: label`.
    pub const fn label(explode: bool) -> Self {
        Self::new(Style::Label, explode)
    }

    /// `style: simple`, the default of path and header parameters (with
    /// `explode: false`).
    pub const fn simple(explode: bool) -> Self {
        Self::new(Style::Simple, explode)
    }

    /// `style: form`, the default of query and cookie parameters (with
    /// `explode: true`).
    pub const fn form(explode: bool) -> Self {
        Self::new(Style::Form, explode)
    }

    /// `style: spaceDelimited`. OpenAPI defines it without `explode` only;
    /// with `explode: true` the value is written as `form` with `explode: true`.
    pub const fn space_delimited(explode: bool) -> Self {
        Self::new(Style::SpaceDelimited, explode)
    }

    /// `style: pipeDelimited`. OpenAPI defines it without `explode` only;
    /// with `explode: true` the value is written as `form` with `explode: true`.
    pub const fn pipe_delimited(explode: bool) -> Self {
        Self::new(Style::PipeDelimited, explode)
    }

    /// `style: deepObject`. OpenAPI defines it with `explode: true` only;
    /// `explode: false` writes the same.
    pub const fn deep_object(explode: bool) -> Self {
        Self::new(Style::DeepObject, explode)
    }

    /// `content: {application/json: ...}`: the value's JSON text.
    pub const fn json() -> Self {
        Self::new(Style::Json, false)
    }

    /// `content` of a media type other than JSON: a string as it is, any
    /// other value as its JSON text.
    pub const fn text() -> Self {
        Self::new(Style::Text, false)
    }

    /// `allowReserved: true`: RFC 3986 reserved characters (`:/?[]@!$&'()*+,;=`)
    /// and percent-encoded triplets in query values are sent as they are
    /// (RFC 6570 reserved expansion); `#` is still encoded.
    pub const fn allow_reserved(mut self) -> Self {
        self.allow_reserved = true;
        self
    }

    const fn new(style: Style, explode: bool) -> Self {
        ParamStyle {
            style,
            explode,
            allow_reserved: false,
        }
    }
}

/// A query string being built: percent-encoded `name=value` pairs, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Adds `name=value` (a `form` parameter holding one value), each
    /// percent-encoded but for RFC 3986 unreserved characters.
    pub fn text(&mut self, name: &str, value: &str) {
        self.pairs.push((encode(name, false), encode(value, false)));
    }

    /// Adds the pairs of the query parameter `name` holding `value`, written
    /// as `style` says (see [`query_pairs`]).
    pub fn value<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: ParamStyle,
        value: &T,
    ) -> Result<(), Error> {
        let node = Node::of(name, value)?;
        self.pairs.extend(query_pairs(name, style, &node)?);
        Ok(())
    }

    /// Whether no pair was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// The query string, without the leading `?`: pairs joined by `&`.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, value)) in self.pairs.iter().enumerate() {
            if i > 0 {
                f.write_str("&")?;
            }
            write!(f, "{name}={value}")?;
        }
        Ok(())
    }
}

/// The percent-encoded `(name, value)` pairs of the query parameter `name`
/// holding `value` (Style Examples of OpenAPI 3.1.1 for `color`):
///
/// - `form`: `color=blue`, `color=` for the empty string; an array
///   `color=blue,black,brown` (`explode: false`) or
///   `color=blue&color=black&color=brown` (`explode: true`); an object
///   `color=R,100,G,200,B,150` or `R=100&G=200&B=150`.
/// - `spaceDelimited`, `pipeDelimited`: `color=blue%20black%20brown`,
///   `color=R%7C100%7CG%7C200%7CB%7C150`. A single value (n/a in OpenAPI) is
///   `color=blue`; with `explode: true` (n/a) the value is written as `form`
///   with `explode: true`.
/// - `deepObject`: `color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150`.
///   Nested objects continue the brackets (`color%5Ba%5D%5Bb%5D=1`), arrays
///   number their items (`color%5B0%5D=blue`), a single value is
///   `color=blue` (all n/a in OpenAPI, written as most servers read them).
/// - `content`: `color=` and the value's text, percent-encoded.
///
/// An item or property value that is itself an array or object (undefined
/// by OpenAPI but for `deepObject`) is written as its JSON text. With
/// `allowReserved`, reserved characters stay as they are (brackets of
/// `deepObject` too). `matrix`, `label` and `simple` are not query styles;
/// they are written as `form`.
fn query_pairs(
    name: &str,
    style: ParamStyle,
    value: &Node,
) -> Result<Vec<(String, String)>, Error> {
    let escape = if style.allow_reserved {
        Escape::KeepReserved
    } else {
        Escape::All
    };
    pairs(name, style, value, escape)
}

/// The `(name, value)` fields of the form body property `name` holding
/// `value`, written as its Encoding Object's `style` says (OpenAPI 3.1.1
/// section 4.8.15: the query styles, without the `?`): the pairs of
/// [`Query::value`] before percent-encoding, which the form's
/// `application/x-www-form-urlencoded` serializer does. So `deepObject`
/// gives `("card[number]", "4242")`, `spaceDelimited` joins by a space.
pub(crate) fn form_pairs(
    name: &str,
    style: ParamStyle,
    value: &Node,
) -> Result<Vec<(String, String)>, Error> {
    pairs(name, style, value, Escape::Later)
}

/// The pairs of [`query_pairs`] and [`form_pairs`], escaped as `escape` says.
fn pairs(
    name: &str,
    style: ParamStyle,
    value: &Node,
    escape: Escape,
) -> Result<Vec<(String, String)>, Error> {
    let enc = |text: &str| escape.apply(text);
    let mut out = Vec::new();
    if let Some(text) = content_text(name, style.style, value)? {
        let escape = escape.without_reserved();
        out.push((escape.apply(name), escape.apply(&text)));
        return Ok(out);
    }
    if style.style == Style::DeepObject {
        deep_pairs(&enc(name), value, escape, &mut out);
        return Ok(out);
    }
    let later = escape == Escape::Later;
    let delimiter = match style.style {
        Style::SpaceDelimited if !style.explode => {
            if later {
                " "
            } else {
                "%20"
            }
        }
        Style::PipeDelimited if !style.explode => {
            if later {
                "|"
            } else {
                "%7C"
            }
        }
        _ if style.explode => "",
        _ => ",",
    };
    match Shape::of(value) {
        Shape::Undefined => {}
        Shape::Scalar(text) => out.push((enc(name), enc(&text))),
        Shape::List(items) if delimiter.is_empty() => {
            out.extend(items.iter().map(|item| (enc(name), enc(item))));
        }
        Shape::List(items) => out.push((enc(name), join(&items, delimiter, &enc))),
        Shape::Pairs(pairs) if delimiter.is_empty() => {
            out.extend(pairs.iter().map(|(key, item)| (enc(key), enc(item))));
        }
        Shape::Pairs(pairs) => out.push((enc(name), join(&flatten(&pairs), delimiter, &enc))),
    }
    Ok(out)
}

/// How the pieces of a query string or form body are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// Everything but RFC 3986 unreserved characters is percent-encoded.
    All,
    /// Reserved characters stay too (`allowReserved`).
    KeepReserved,
    /// Nothing yet: a form body's serializer encodes the fields.
    Later,
}

impl Escape {
    fn apply(self, text: &str) -> String {
        match self {
            Escape::All => encode(text, false),
            Escape::KeepReserved => encode(text, true),
            Escape::Later => text.to_owned(),
        }
    }

    /// `KeepReserved` becomes `All`: `content` text is always fully encoded.
    fn without_reserved(self) -> Escape {
        match self {
            Escape::KeepReserved => Escape::All,
            other => other,
        }
    }
}

/// The expansion of the path parameter `name` holding `value`,
/// percent-encoded so it stays within its path segment (Style Examples of
/// OpenAPI 3.1.1 for `color`):
///
/// - `matrix`: `;color` for the empty string, `;color=blue`; an array
///   `;color=blue,black,brown` (`explode: false`) or
///   `;color=blue;color=black;color=brown` (`explode: true`); an object
///   `;color=R,100,G,200,B,150` or `;R=100;G=200;B=150`.
/// - `label`: `.` for the empty string, `.blue`; `.blue,black,brown` or
///   `.blue.black.brown`; `.R,100,G,200,B,150` or `.R=100.G=200.B=150`.
/// - `simple`: the empty string, `blue`; `blue,black,brown` either way;
///   `R,100,G,200,B,150` or `R=100,G=200,B=150`.
/// - `content`: the value's text, percent-encoded.
///
/// Query styles are not path styles; they are written as `simple`.
pub(crate) fn path_expansion(name: &str, style: ParamStyle, value: &Node) -> Result<String, Error> {
    if let Some(text) = content_text(name, style.style, value)? {
        return Ok(encode(&text, false));
    }
    let enc = |text: &str| encode(text, false);
    let explode = style.explode;
    let named = |key: &str, text: &str| match text {
        // RFC 6570 path-style expansion leaves `=` out of an empty value.
        "" => format!(";{}", enc(key)),
        text => format!(";{}={}", enc(key), enc(text)),
    };
    Ok(match (style.style, Shape::of(value)) {
        (_, Shape::Undefined) => String::new(),
        (Style::Matrix, Shape::Scalar(text)) => named(name, &text),
        (Style::Matrix, Shape::List(items)) if explode => {
            items.iter().map(|item| named(name, item)).collect()
        }
        (Style::Matrix, Shape::List(items)) => {
            format!(";{}={}", enc(name), join(&items, ",", &enc))
        }
        (Style::Matrix, Shape::Pairs(pairs)) if explode => {
            pairs.iter().map(|(key, item)| named(key, item)).collect()
        }
        (Style::Matrix, Shape::Pairs(pairs)) => {
            format!(";{}={}", enc(name), join(&flatten(&pairs), ",", &enc))
        }
        (Style::Label, shape) => format!(".{}", simple(shape, explode, ".", &enc)),
        (_, shape) => simple(shape, explode, ",", &enc),
    })
}

/// The text of a parameter sent as one value without percent-encoding: a
/// header (`simple`) or a cookie value (`form`). RFC 6570's percent-encoding
/// does not apply there (OpenAPI 3.1.1 appendix D); the transport checks
/// that the text can be sent and encodes cookie values as RFC 6265 requires.
///
/// `simple`: `blue`, `blue,black,brown`, `R,100,G,200,B,150` (`explode:
/// false`) or `R=100,G=200,B=150` (`explode: true`). `form`, for cookies, is
/// written as `simple` without `explode`: `color=blue&color=black` cannot be
/// one cookie. `content`: the value's text. An undefined value is the empty
/// string.
pub fn param_value<T: Serialize + ?Sized>(
    name: &str,
    style: ParamStyle,
    value: &T,
) -> Result<String, Error> {
    let value = Node::of(name, value)?;
    if let Some(text) = content_text(name, style.style, &value)? {
        return Ok(text);
    }
    let explode = style.explode && style.style == Style::Simple;
    Ok(simple(Shape::of(&value), explode, ",", &|text: &str| {
        text.to_owned()
    }))
}

/// The text of a `content` parameter, `None` for the other styles.
fn content_text(name: &str, style: Style, value: &Node) -> Result<Option<String>, Error> {
    let json = || {
        serde_json::to_string(value).map_err(|e| {
            Error::InvalidRequest(format!("parameter `{name}` cannot be encoded: {e}"))
        })
    };
    Ok(match (style, value) {
        (Style::Text, Node::String(text)) => Some(text.clone()),
        (Style::Json | Style::Text, _) => Some(json()?),
        _ => None,
    })
}

/// A value as RFC 6570 sees it.
enum Shape<'v> {
    /// `null`, an empty array or object, or one whose members are all `null`.
    Undefined,
    /// A string, number or boolean.
    Scalar(String),
    /// An array's defined items.
    List(Vec<String>),
    /// An object's properties with defined values, in order.
    Pairs(Vec<(&'v str, String)>),
}

impl<'v> Shape<'v> {
    fn of(value: &'v Node) -> Shape<'v> {
        match value {
            Node::Null => Shape::Undefined,
            Node::Array(items) => {
                let items: Vec<String> = items.iter().filter_map(scalar_text).collect();
                if items.is_empty() {
                    Shape::Undefined
                } else {
                    Shape::List(items)
                }
            }
            Node::Object(map) => {
                let pairs: Vec<(&str, String)> = map
                    .iter()
                    .filter_map(|(key, item)| Some((key.as_str(), scalar_text(item)?)))
                    .collect();
                if pairs.is_empty() {
                    Shape::Undefined
                } else {
                    Shape::Pairs(pairs)
                }
            }
            scalar => scalar_text(scalar).map_or(Shape::Undefined, Shape::Scalar),
        }
    }
}

/// The text of one value: a string as it is, a number as Rust writes it
/// (`100`, `2.5`), a boolean as `true`/`false`, a nested array or object as
/// its JSON text; `None` for `null`.
fn scalar_text(value: &Node) -> Option<String> {
    Some(match value {
        Node::Null => return None,
        Node::String(text) => text.clone(),
        Node::Bool(b) => b.to_string(),
        Node::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        // Serializing a `Node` cannot fail: its keys are strings and its
        // numbers finite.
        nested => serde_json::to_string(nested).unwrap_or_default(),
    })
}

/// RFC 6570 simple expansion of `shape` (label expansion too, with `.` as
/// the exploded delimiter), each piece passed through `enc`.
fn simple(shape: Shape<'_>, explode: bool, exploded: &str, enc: &dyn Fn(&str) -> String) -> String {
    match shape {
        Shape::Undefined => String::new(),
        Shape::Scalar(text) => enc(&text),
        Shape::List(items) => join(&items, if explode { exploded } else { "," }, enc),
        Shape::Pairs(pairs) if explode => {
            let items: Vec<String> = pairs
                .iter()
                .map(|(key, item)| format!("{}={}", enc(key), enc(item)))
                .collect();
            items.join(exploded)
        }
        Shape::Pairs(pairs) => join(&flatten(&pairs), ",", enc),
    }
}

/// Object properties as one list: `R, 100, G, 200`.
fn flatten(pairs: &[(&str, String)]) -> Vec<String> {
    pairs
        .iter()
        .flat_map(|(key, item)| [(*key).to_owned(), item.clone()])
        .collect()
}

/// `items`, each passed through `enc`, joined by `delimiter` (written as given).
fn join(items: &[String], delimiter: &str, enc: &dyn Fn(&str) -> String) -> String {
    let encoded: Vec<String> = items.iter().map(|item| enc(item)).collect();
    encoded.join(delimiter)
}

/// The `deepObject` pairs of `value` under the already encoded `prefix`.
fn deep_pairs(prefix: &str, value: &Node, escape: Escape, out: &mut Vec<(String, String)>) {
    let (open, close) = match escape {
        Escape::All => ("%5B", "%5D"),
        Escape::KeepReserved | Escape::Later => ("[", "]"),
    };
    match value {
        Node::Null => {}
        Node::Object(map) => {
            for (key, item) in map {
                let name = format!("{prefix}{open}{}{close}", escape.apply(key));
                deep_pairs(&name, item, escape, out);
            }
        }
        Node::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep_pairs(&format!("{prefix}{open}{i}{close}"), item, escape, out);
            }
        }
        scalar => {
            if let Some(text) = scalar_text(scalar) {
                out.push((prefix.to_owned(), escape.apply(&text)));
            }
        }
    }
}

/// Percent-encodes `text` as UTF-8: all but RFC 3986 unreserved characters,
/// or with `reserved` all but unreserved and reserved characters and the
/// percent-encoded triplets already in `text` (RFC 6570 section 3.2.3).
fn encode(text: &str, reserved: bool) -> String {
    if !reserved {
        return utf8_percent_encode(text, UNRESERVED).to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.extend(utf8_percent_encode(&rest[..at], RESERVED));
        let after = &rest[at + 1..];
        let triplet = after.len() >= 2 && after.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit);
        out.push_str(if triplet { "%" } else { "%25" });
        rest = after;
    }
    out.extend(utf8_percent_encode(rest, RESERVED));
    out
}

/// A serialized value: JSON's data model, with an object's properties in
/// the order they were written (a struct's in declaration order), which
/// `serde_json::Value` does not keep.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `null`, or an absent optional value.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object's properties, in order.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// `value` as a `Node`: written as JSON text (which keeps the order of
    /// properties) and read back.
    pub(crate) fn of<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Node, Error> {
        serde_json::to_string(value)
            .and_then(|text| serde_json::from_str(&text))
            .map_err(|e| {
                Error::InvalidRequest(format!("parameter `{name}` cannot be encoded: {e}"))
            })
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Number(n) => n.serialize(s),
            Node::String(text) => s.serialize_str(text),
            Node::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(pairs) => {
                let mut map = s.serialize_map(Some(pairs.len()))?;
                for (key, item) in pairs {
                    map.serialize_entry(key, item)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Node, E> {
        serde_json::Number::from_f64(n)
            .map(Node::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Node, E> {
        Ok(Node::String(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Node, E> {
        Ok(Node::String(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut pairs = Vec::new();
        while let Some((key, item)) = map.next_entry::<String, Node>()? {
            pairs.push((key, item));
        }
        Ok(Node::Object(pairs))
    }
}

#[cfg(test)]
mod tests {
    //! Every cell of the "Style Examples" table of OpenAPI 3.1.1 (section
    //! 4.8.12.4): the parameter `color` holding the empty string, `"blue"`,
    //! `["blue","black","brown"]` and `{"R":100,"G":200,"B":150}`. Cells the
    //! table marks n/a check the documented fallback.

    use super::*;

    /// `{"R":100,"G":200,"B":150}`, properties in that order.
    #[derive(Serialize)]
    struct Rgb {
        #[serde(rename = "R")]
        r: u8,
        #[serde(rename = "G")]
        g: u8,
        #[serde(rename = "B")]
        b: u8,
    }

    const RGB: Rgb = Rgb {
        r: 100,
        g: 200,
        b: 150,
    };
    const LIST: [&str; 3] = ["blue", "black", "brown"];

    /// The query string of `color` holding `value`.
    fn query<T: Serialize + ?Sized>(style: ParamStyle, value: &T) -> String {
        let mut query = Query::default();
        query.value("color", style, value).unwrap();
        query.to_string()
    }

    /// The path expansion of `color` holding `value`.
    fn path<T: Serialize + ?Sized>(style: ParamStyle, value: &T) -> String {
        path_expansion("color", style, &Node::of("color", value).unwrap()).unwrap()
    }

    /// One table row for a path style: empty, string, array, object.
    fn path_row(style: ParamStyle) -> [String; 4] {
        [
            path(style, ""),
            path(style, "blue"),
            path(style, &LIST),
            path(style, &RGB),
        ]
    }

    /// One table row for a query style: empty, string, array, object.
    fn query_row(style: ParamStyle) -> [String; 4] {
        [
            query(style, ""),
            query(style, "blue"),
            query(style, &LIST),
            query(style, &RGB),
        ]
    }

    #[test]
    fn matrix() {
        assert_eq!(
            path_row(ParamStyle::matrix(false)),
            [
                ";color",
                ";color=blue",
                ";color=blue,black,brown",
                ";color=R,100,G,200,B,150"
            ]
        );
        assert_eq!(
            path_row(ParamStyle::matrix(true)),
            [
                ";color",
                ";color=blue",
                ";color=blue;color=black;color=brown",
                ";R=100;G=200;B=150"
            ]
        );
    }

    #[test]
    fn label() {
        assert_eq!(
            path_row(ParamStyle::label(false)),
            [".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"]
        );
        assert_eq!(
            path_row(ParamStyle::label(true)),
            [".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"]
        );
    }

    #[test]
    fn simple_in_a_path() {
        assert_eq!(
            path_row(ParamStyle::simple(false)),
            ["", "blue", "blue,black,brown", "R,100,G,200,B,150"]
        );
        assert_eq!(
            path_row(ParamStyle::simple(true)),
            ["", "blue", "blue,black,brown", "R=100,G=200,B=150"]
        );
    }

    #[test]
    fn simple_in_a_header() {
        for (explode, object) in [(false, "R,100,G,200,B,150"), (true, "R=100,G=200,B=150")] {
            let style = ParamStyle::simple(explode);
            let row = [
                param_value("color", style, "").unwrap(),
                param_value("color", style, "blue").unwrap(),
                param_value("color", style, &LIST).unwrap(),
                param_value("color", style, &RGB).unwrap(),
            ];
            assert_eq!(row, ["", "blue", "blue,black,brown", object]);
        }
    }

    #[test]
    fn form() {
        assert_eq!(
            query_row(ParamStyle::form(false)),
            [
                "color=",
                "color=blue",
                "color=blue,black,brown",
                "color=R,100,G,200,B,150"
            ]
        );
        assert_eq!(
            query_row(ParamStyle::form(true)),
            [
                "color=",
                "color=blue",
                "color=blue&color=black&color=brown",
                "R=100&G=200&B=150"
            ]
        );
    }

    #[test]
    fn space_delimited() {
        let [empty, string, array, object] = query_row(ParamStyle::space_delimited(false));
        assert_eq!(array, "color=blue%20black%20brown");
        assert_eq!(object, "color=R%20100%20G%20200%20B%20150");
        // n/a: a single value has nothing to delimit; it is sent as `form`.
        assert_eq!([empty, string], ["color=", "color=blue"]);
        // n/a: with `explode: true`, every cell is sent as `form` with `explode: true`.
        assert_eq!(
            query_row(ParamStyle::space_delimited(true)),
            query_row(ParamStyle::form(true))
        );
    }

    #[test]
    fn pipe_delimited() {
        let [empty, string, array, object] = query_row(ParamStyle::pipe_delimited(false));
        assert_eq!(array, "color=blue%7Cblack%7Cbrown");
        assert_eq!(object, "color=R%7C100%7CG%7C200%7CB%7C150");
        // n/a: a single value has nothing to delimit; it is sent as `form`.
        assert_eq!([empty, string], ["color=", "color=blue"]);
        // n/a: with `explode: true`, every cell is sent as `form` with `explode: true`.
        assert_eq!(
            query_row(ParamStyle::pipe_delimited(true)),
            query_row(ParamStyle::form(true))
        );
    }

    #[test]
    fn deep_object() {
        let [empty, string, array, object] = query_row(ParamStyle::deep_object(true));
        assert_eq!(object, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150");
        // n/a: a single value is `name=value`; array items are numbered.
        assert_eq!([empty, string], ["color=", "color=blue"]);
        assert_eq!(
            array,
            "color%5B0%5D=blue&color%5B1%5D=black&color%5B2%5D=brown"
        );
        // n/a: `explode: false` writes the same as `explode: true`.
        assert_eq!(
            query_row(ParamStyle::deep_object(false)),
            query_row(ParamStyle::deep_object(true))
        );
    }

    #[test]
    fn deep_objects_nest_and_allow_reserved_keeps_brackets() {
        let page = serde_json::json!({"size": 20, "cursor": {"after": "a b"}, "gone": null});
        assert_eq!(
            query(ParamStyle::deep_object(true), &page),
            "page%5Bcursor%5D%5Bafter%5D=a%20b&page%5Bsize%5D=20".replace("page", "color")
        );
        assert_eq!(
            query(ParamStyle::deep_object(true).allow_reserved(), &page),
            "color[cursor][after]=a%20b&color[size]=20"
        );
    }

    #[test]
    fn values_are_percent_encoded_unless_reserved_characters_are_allowed() {
        let value = "a/b?c=d&e,f|g h#i%2Fj%zz";
        assert_eq!(
            query(ParamStyle::form(true), value),
            "color=a%2Fb%3Fc%3Dd%26e%2Cf%7Cg%20h%23i%252Fj%25zz"
        );
        assert_eq!(
            query(ParamStyle::form(true).allow_reserved(), value),
            "color=a/b?c=d&e,f%7Cg%20h%23i%2Fj%25zz"
        );
        // The delimiters of `form` stay; a comma inside an item is encoded.
        assert_eq!(
            query(ParamStyle::form(false), &["a,b", "c"]),
            "color=a%2Cb,c"
        );
    }

    #[test]
    fn content_parameters_are_the_text_of_their_media_type() {
        let coordinates = serde_json::json!({"lat": 1.5, "long": -2});
        assert_eq!(
            query(ParamStyle::json(), &coordinates),
            "color=%7B%22lat%22%3A1.5%2C%22long%22%3A-2%7D"
        );
        assert_eq!(query(ParamStyle::json(), "blue"), "color=%22blue%22");
        assert_eq!(query(ParamStyle::text(), "blue"), "color=blue");
        assert_eq!(
            param_value("color", ParamStyle::json(), &LIST).unwrap(),
            r#"["blue","black","brown"]"#
        );
        assert_eq!(path(ParamStyle::json(), &[1, 2]), "%5B1%2C2%5D");
    }

    #[test]
    fn undefined_values_expand_to_nothing() {
        let empty: [&str; 0] = [];
        let none: Option<u8> = None;
        for style in [ParamStyle::form(true), ParamStyle::deep_object(true)] {
            assert_eq!(query(style, &empty), "");
            assert_eq!(query(style, &none), "");
            assert_eq!(query(style, &serde_json::json!({})), "");
        }
        assert_eq!(path(ParamStyle::label(false), &empty), "");
        assert_eq!(
            query(ParamStyle::form(true), &[Some("a"), None, Some("b")]),
            "color=a&color=b"
        );
    }

    #[test]
    fn numbers_and_nested_values() {
        assert_eq!(query(ParamStyle::form(true), &2.5), "color=2.5");
        assert_eq!(query(ParamStyle::form(true), &3.0), "color=3");
        assert_eq!(query(ParamStyle::form(true), &true), "color=true");
        assert_eq!(
            query(
                ParamStyle::form(false),
                &serde_json::json!([[1, 2], {"a": 1}])
            ),
            "color=%5B1%2C2%5D,%7B%22a%22%3A1%7D"
        );
    }
}
