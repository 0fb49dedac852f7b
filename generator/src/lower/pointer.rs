//! Same-document `$ref`s to any JSON pointer: a reference is decoded into its
//! tokens (URI fragment percent escapes, then RFC 6901 `~1` and `~0`), and the
//! typed document is walked to the node they name, following the `$ref`s met
//! on the way.

use crate::diagnostics::join;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
    SchemaKind, Type,
};

/// How many `$ref`s one walk follows before it gives up (a cycle of references).
const MAX_HOPS: usize = 32;

/// The extension that marks a schema whose `allOf` holds its `prefixItems`
/// (see `normalize`): openapiv3 keeps no other list of schemas.
pub(crate) const PREFIX_ITEMS: &str = "x-prefix-items";

/// The extension that marks a schema whose `properties` (and their
/// `required`, `additionalProperties`) and `oneOf`/`anyOf` (with its
/// `discriminator`) stood side by side (see `normalize`): they moved to the
/// end of its `allOf`, after the number of members it had, which the mark holds.
pub(crate) const SIBLING_UNION: &str = "x-sibling-union";

/// How many of a schema's `allOf` members the spec wrote; those after them
/// are its own properties and union, moved there by `normalize`.
pub(crate) fn written_all_of(s: &Schema) -> Option<usize> {
    let n = s.schema_data.extensions.get(SIBLING_UNION)?.as_u64()?;
    usize::try_from(n).ok()
}

/// The reference tokens of a same-document `$ref` (`#/a/b~1c` → `[a, b/c]`);
/// `None` for a reference into another document or a malformed one.
pub(crate) fn tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = percent_decode(reference.strip_prefix('#')?)?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Decodes `%XX` escapes (RFC 3986); `None` when they do not make UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A node of the typed document that a JSON pointer can name.
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    /// The document itself (`#`).
    Root(&'a OpenAPI),
    /// `#/paths`.
    Paths(&'a openapiv3::Paths),
    /// A path item.
    PathItem(&'a PathItem),
    /// An operation of a path item.
    Operation(&'a Operation),
    /// A list of parameters.
    Parameters(&'a [ReferenceOr<Parameter>]),
    /// One parameter.
    Parameter(&'a Parameter),
    /// A request body.
    RequestBody(&'a RequestBody),
    /// An operation's responses.
    Responses(&'a Responses),
    /// One response.
    Response(&'a Response),
    /// A `content` map, by media type.
    Content(&'a IndexMap<String, MediaType>),
    /// One media type of a `content` map.
    MediaType(&'a MediaType),
    /// A map of headers.
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
    /// One header.
    Header(&'a Header),
    /// `#/components`.
    Components(&'a Components),
    /// `#/components/schemas`.
    SchemaMap(&'a IndexMap<String, ReferenceOr<Schema>>),
    /// `#/components/parameters`.
    ParameterMap(&'a IndexMap<String, ReferenceOr<Parameter>>),
    /// `#/components/responses`.
    ResponseMap(&'a IndexMap<String, ReferenceOr<Response>>),
    /// `#/components/requestBodies`.
    RequestBodyMap(&'a IndexMap<String, ReferenceOr<RequestBody>>),
    /// A schema.
    Schema(&'a Schema),
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    Schemas(&'a [ReferenceOr<Schema>]),
    /// A schema's `properties`.
    Properties(&'a IndexMap<String, ReferenceOr<Box<Schema>>>),
    /// A `$ref` the walk has not followed yet.
    Ref(&'a str),
}

impl Node<'_> {
    /// What the node is, for messages: "a response".
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Root(_) => "the whole document",
            Node::Paths(_) => "the paths",
            Node::PathItem(_) => "a path item",
            Node::Operation(_) => "an operation",
            Node::Parameters(_) => "a list of parameters",
            Node::Parameter(_) => "a parameter",
            Node::RequestBody(_) => "a request body",
            Node::Responses(_) => "the responses of an operation",
            Node::Response(_) => "a response",
            Node::Content(_) => "a content map",
            Node::MediaType(_) => "a media type",
            Node::Headers(_) => "a map of headers",
            Node::Header(_) => "a header",
            Node::Components(_) => "the components",
            Node::SchemaMap(_)
            | Node::ParameterMap(_)
            | Node::ResponseMap(_)
            | Node::RequestBodyMap(_) => "a section of the components",
            Node::Schema(_) => "a schema",
            Node::Schemas(_) => "a list of schemas",
            Node::Properties(_) => "a schema's properties",
            Node::Ref(_) => "a reference",
        }
    }
}

/// Where a pointer leads: the node, and its own pointer (which differs from
/// the reference when the walk followed a `$ref` on the way).
pub(crate) struct Found<'a> {
    pub node: Node<'a>,
    pub pointer: String,
}

/// The node `reference` names, with every `$ref` on the way and at the end
/// followed; `None` when there is none (or the references go round in a circle).
pub(crate) fn target<'a>(doc: &'a OpenAPI, reference: &'a str) -> Option<Found<'a>> {
    let mut hops = 0;
    let mut found = walk(doc, reference, &mut hops)?;
    while let Node::Ref(next) = found.node {
        found = hop(doc, next, &mut hops)?;
    }
    Some(found)
}

fn hop<'a>(doc: &'a OpenAPI, reference: &'a str, hops: &mut usize) -> Option<Found<'a>> {
    *hops += 1;
    if *hops > MAX_HOPS {
        return None;
    }
    walk(doc, reference, hops)
}

fn walk<'a>(doc: &'a OpenAPI, reference: &'a str, hops: &mut usize) -> Option<Found<'a>> {
    let mut found = Found {
        node: Node::Root(doc),
        pointer: "#".to_owned(),
    };
    for token in tokens(reference)? {
        while let Node::Ref(next) = found.node {
            found = hop(doc, next, hops)?;
        }
        found.node = step(found.node, &token)?;
        found.pointer = join(&found.pointer, &token);
    }
    Some(found)
}

/// The item, or the reference to follow.
fn item_or_ref<'a, T>(r: &'a ReferenceOr<T>, node: fn(&'a T) -> Node<'a>) -> Node<'a> {
    match r {
        ReferenceOr::Item(item) => node(item),
        ReferenceOr::Reference { reference } => Node::Ref(reference),
    }
}

fn index(token: &str) -> Option<usize> {
    token.parse().ok()
}

fn format_step<'a>(format: &'a ParameterSchemaOrContent, token: &str) -> Option<Node<'a>> {
    match (format, token) {
        (ParameterSchemaOrContent::Schema(s), "schema") => Some(item_or_ref(s, Node::Schema)),
        (ParameterSchemaOrContent::Content(c), "content") => Some(Node::Content(c)),
        _ => None,
    }
}

/// The child of `node` named by one token.
fn step<'a>(node: Node<'a>, token: &str) -> Option<Node<'a>> {
    Some(match node {
        Node::Root(doc) => match token {
            "paths" => Node::Paths(&doc.paths),
            "components" => Node::Components(doc.components.as_ref()?),
            _ => return None,
        },
        Node::Paths(paths) => item_or_ref(paths.paths.get(token)?, Node::PathItem),
        Node::PathItem(item) => match token {
            "parameters" => Node::Parameters(&item.parameters),
            method => Node::Operation(item.iter().find(|(m, _)| *m == method)?.1),
        },
        Node::Operation(op) => match token {
            "parameters" => Node::Parameters(&op.parameters),
            "requestBody" => item_or_ref(op.request_body.as_ref()?, Node::RequestBody),
            "responses" => Node::Responses(&op.responses),
            _ => return None,
        },
        Node::Parameters(list) => item_or_ref(list.get(index(token)?)?, Node::Parameter),
        Node::Parameter(p) => format_step(&p.parameter_data_ref().format, token)?,
        Node::RequestBody(rb) => match token {
            "content" => Node::Content(&rb.content),
            _ => return None,
        },
        Node::Responses(responses) => {
            let response = match token {
                "default" => responses.default.as_ref()?,
                code => {
                    let code = code.to_ascii_uppercase();
                    responses
                        .responses
                        .iter()
                        .find(|(c, _)| c.to_string() == code)?
                        .1
                }
            };
            item_or_ref(response, Node::Response)
        }
        Node::Response(r) => match token {
            "content" => Node::Content(&r.content),
            "headers" => Node::Headers(&r.headers),
            _ => return None,
        },
        Node::Content(content) => Node::MediaType(content.get(token)?),
        Node::MediaType(media) => match token {
            "schema" => item_or_ref(media.schema.as_ref()?, Node::Schema),
            _ => return None,
        },
        Node::Headers(headers) => item_or_ref(headers.get(token)?, Node::Header),
        Node::Header(h) => format_step(&h.format, token)?,
        Node::Components(c) => match token {
            "schemas" => Node::SchemaMap(&c.schemas),
            "parameters" => Node::ParameterMap(&c.parameters),
            "responses" => Node::ResponseMap(&c.responses),
            "requestBodies" => Node::RequestBodyMap(&c.request_bodies),
            "headers" => Node::Headers(&c.headers),
            _ => return None,
        },
        Node::SchemaMap(m) => item_or_ref(m.get(token)?, Node::Schema),
        Node::ParameterMap(m) => item_or_ref(m.get(token)?, Node::Parameter),
        Node::ResponseMap(m) => item_or_ref(m.get(token)?, Node::Response),
        Node::RequestBodyMap(m) => item_or_ref(m.get(token)?, Node::RequestBody),
        Node::Schema(s) => schema_step(s, token)?,
        Node::Schemas(list) => item_or_ref(list.get(index(token)?)?, Node::Schema),
        Node::Properties(props) => item_or_ref(props.get(token)?, |s| Node::Schema(s)),
        Node::Ref(_) => return None,
    })
}

/// The child of a schema named by one token.
fn schema_step<'a>(s: &'a Schema, token: &str) -> Option<Node<'a>> {
    let tuple = s.schema_data.extensions.contains_key(PREFIX_ITEMS);
    let boxed = |r: &'a ReferenceOr<Box<Schema>>| item_or_ref(r, |s| Node::Schema(s));
    if let (Some(written), SchemaKind::AllOf { all_of }) = (written_all_of(s), &s.schema_kind) {
        let moved = all_of.get(written..).unwrap_or_default();
        return match token {
            "allOf" => Some(Node::Schemas(&all_of[..written.min(all_of.len())])),
            _ => moved.iter().find_map(|part| match part {
                ReferenceOr::Item(part) => schema_step(part, token),
                ReferenceOr::Reference { .. } => None,
            }),
        };
    }
    Some(match (&s.schema_kind, token) {
        (SchemaKind::Type(Type::Object(o)), "properties") => Node::Properties(&o.properties),
        (SchemaKind::Any(a), "properties") => Node::Properties(&a.properties),
        (SchemaKind::Type(Type::Array(a)), "items") => boxed(a.items.as_ref()?),
        (SchemaKind::Any(a), "items") => boxed(a.items.as_ref()?),
        (SchemaKind::Type(Type::Object(o)), "additionalProperties") => {
            additional(o.additional_properties.as_ref()?)?
        }
        (SchemaKind::Any(a), "additionalProperties") => {
            additional(a.additional_properties.as_ref()?)?
        }
        (SchemaKind::Any(a), "prefixItems") if tuple => Node::Schemas(&a.all_of),
        (SchemaKind::Any(_), "allOf") if tuple => return None,
        (SchemaKind::AllOf { all_of: list }, "allOf")
        | (SchemaKind::OneOf { one_of: list }, "oneOf")
        | (SchemaKind::AnyOf { any_of: list }, "anyOf") => Node::Schemas(list),
        (SchemaKind::Any(a), "allOf") => Node::Schemas(&a.all_of),
        (SchemaKind::Any(a), "oneOf") => Node::Schemas(&a.one_of),
        (SchemaKind::Any(a), "anyOf") => Node::Schemas(&a.any_of),
        (SchemaKind::Not { not }, "not") => item_or_ref(not, Node::Schema),
        (SchemaKind::Any(a), "not") => item_or_ref(a.not.as_ref()?, Node::Schema),
        _ => return None,
    })
}

fn additional(a: &AdditionalProperties) -> Option<Node<'_>> {
    match a {
        AdditionalProperties::Schema(s) => Some(item_or_ref(s, Node::Schema)),
        AdditionalProperties::Any(_) => None,
    }
}

/// A name for the type of the schema at `pointer`, from its last tokens:
/// `#/components/schemas/License/allOf/0` → `License AllOf 0`,
/// `#/paths/~1pets/get/responses/200/content/application~1json/schema` →
/// `<operation> Response`.
pub(crate) fn type_hint(doc: &OpenAPI, pointer: &str) -> String {
    let tokens = tokens(pointer).unwrap_or_default();
    let mut words: Vec<String> = Vec::new();
    let mut rest = tokens.as_slice();
    match rest {
        [c, _, name, tail @ ..] if c == "components" => {
            words.push(name.clone());
            rest = tail;
        }
        [p, path, method, tail @ ..] if p == "paths" => {
            let id = doc
                .paths
                .paths
                .get(path)
                .and_then(ReferenceOr::as_item)
                .and_then(|item| item.iter().find(|(m, _)| *m == method.as_str()))
                .and_then(|(_, op)| op.operation_id.clone());
            words.push(id.unwrap_or_else(|| format!("{method} {path}")));
            rest = tail;
        }
        _ => {}
    }
    while let [first, tail @ ..] = rest {
        rest = tail;
        match first.as_str() {
            "properties" | "schema" | "headers" => {}
            // The media type and status code add nothing to the name.
            "content" => rest = rest.get(1..).unwrap_or_default(),
            "requestBody" => words.push("Request".to_owned()),
            "responses" => {
                words.push("Response".to_owned());
                rest = rest.get(1..).unwrap_or_default();
            }
            "items" => words.push("Item".to_owned()),
            "additionalProperties" => words.push("Value".to_owned()),
            other => words.push(other.to_owned()),
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_decode_percent_escapes_then_tildes() {
        assert_eq!(
            tokens("#/paths/~1pets~1%7Bid%7D/get").unwrap(),
            ["paths", "/pets/{id}", "get"]
        );
        assert_eq!(tokens("#/a~01/b%20c").unwrap(), ["a~1", "b c"]);
        assert_eq!(tokens("#").unwrap(), Vec::<String>::new());
        assert!(tokens("other.yaml#/a").is_none());
        assert!(tokens("#a").is_none());
    }

    #[test]
    fn type_hints_name_the_place() {
        let doc: OpenAPI = serde_yaml::from_str(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses: {}\n",
        )
        .unwrap();
        for (pointer, hint) in [
            ("#/components/schemas/License/allOf/0", "License allOf 0"),
            ("#/components/schemas/A/properties/b", "A b"),
            (
                "#/paths/~1pets/get/responses/200/content/application~1json/schema",
                "listPets Response",
            ),
            (
                "#/paths/~1pets/get/responses/200/content/application~1json/schema/items",
                "listPets Response Item",
            ),
            (
                "#/paths/~1pets/post/requestBody/content/application~1json/schema",
                "post /pets Request",
            ),
        ] {
            assert_eq!(type_hint(&doc, pointer), hint, "{pointer}");
        }
    }
}
