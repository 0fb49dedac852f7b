//! What an operation sends and receives: its request body (media type and
//! schema), its event stream, and whether it pages (its responses are in
//! `responses`).

use super::pointer::{self, Node};
use super::schema::SchemaRef;
use super::Lowerer;
use crate::diagnostics::{join, WarningKind};
use crate::ir::{
    Body, BodyKind, EventStream, Method, Pagination, ParamStyle, Params, Response, Style, Ty,
    TypeId, TypeKind,
};
use openapiv3::{QueryStyle, ReferenceOr, RequestBody};

impl<'a> Lowerer<'a> {
    /// The request body, `None` when there is none. A `$ref` that points at
    /// nothing leaves an optional body of any JSON value.
    pub(super) fn request_body(
        &mut self,
        op: &'a openapiv3::Operation,
        pointer: &str,
        type_hint: &str,
    ) -> Option<Body> {
        let rb = op.request_body.as_ref()?;
        let rb_pointer = join(pointer, "requestBody");
        let rb = match rb {
            ReferenceOr::Item(rb) => rb,
            ReferenceOr::Reference { reference } => match self.request_body_ref(reference) {
                Some(rb) => rb,
                None => {
                    self.dangling(
                        WarningKind::Loosened,
                        reference,
                        &rb_pointer,
                        "the operation's body is any JSON value (`serde_json::Value`), and optional",
                    );
                    return Some(Body {
                        ty: Ty::Json,
                        required: false,
                        kind: BodyKind::Json,
                        media: "application/json".to_owned(),
                        other_media: Vec::new(),
                        encoding: Vec::new(),
                    });
                }
            },
        };
        self.request_body_kind(rb, &rb_pointer, type_hint)
    }

    /// Picks the body's media type (JSON first, then form, multipart, text,
    /// bytes) and lowers its schema. `None` when there is nothing to send: no
    /// media type at all, or an optional body whose schema allows no fields.
    fn request_body_kind(
        &mut self,
        rb: &'a RequestBody,
        pointer: &str,
        type_hint: &str,
    ) -> Option<Body> {
        let pick = |want: fn(&str) -> bool| {
            rb.content
                .iter()
                .find(|(media, _)| want(media.split(';').next().unwrap_or("").trim()))
        };
        let (media, content, kind) = if let Some((m, c)) = pick(is_json) {
            (m, c, BodyKind::Json)
        } else if let Some((m, c)) = pick(|m| m == "application/x-www-form-urlencoded") {
            (m, c, BodyKind::Form)
        } else if let Some((m, c)) = pick(|m| m == "multipart/form-data") {
            (m, c, BodyKind::Multipart)
        } else if let Some((m, c)) = pick(|m| m.starts_with("text/")) {
            (m, c, BodyKind::Text(m.clone()))
        } else {
            let Some((m, c)) = rb.content.iter().next() else {
                self.diags.skipped(
                    pointer,
                    "the request body lists no media type, so the operation sends none",
                    "list the body's media types under `content`",
                );
                return None;
            };
            (m, c, BodyKind::Bytes(m.clone()))
        };
        let other_media = rb.content.keys().filter(|m| *m != media).cloned().collect();
        let schema_pointer = join(&join(&join(pointer, "content"), media), "schema");
        if !rb.required
            && content
                .schema
                .as_ref()
                .and_then(|s| self.deref(SchemaRef::of(s)))
                .is_some_and(allows_no_fields)
        {
            return None;
        }
        let mut ty = match (&kind, &content.schema) {
            (BodyKind::Text(_), _) => Ty::String,
            (BodyKind::Bytes(_), _) => Ty::Bytes,
            (_, Some(s)) => {
                self.lower_ty(
                    SchemaRef::of(s),
                    &format!("{type_hint}Request"),
                    &schema_pointer,
                )
                .ty
            }
            (_, None) => Ty::Json,
        };
        if matches!(kind, BodyKind::Multipart | BodyKind::Form) {
            ty = self.form_body_ty(ty, &schema_pointer);
        }
        let encoding = if kind == BodyKind::Form {
            form_encoding(content)
        } else {
            Vec::new()
        };
        Some(Body {
            ty,
            required: rb.required,
            kind,
            media: media.clone(),
            other_media,
            encoding,
        })
    }

    /// The type of a form body: an object with properties is sent field by
    /// field; any other object (a map, a union of objects) from its entries;
    /// anything else is taken as an object of fields, with a warning.
    fn form_body_ty(&mut self, ty: Ty, schema_pointer: &str) -> Ty {
        match ty {
            Ty::Named(_) | Ty::Map(_) | Ty::JsonObject => ty,
            Ty::Json => Ty::JsonObject,
            _ => {
                self.diags.loosened(
                    schema_pointer,
                    "a form body is a set of named fields, but this schema is not an object; it is taken as an object whose entries are the fields",
                    "give the body schema `type: object`",
                );
                Ty::JsonObject
            }
        }
    }

    /// The request body a `$ref` points at, wherever in the document it is.
    fn request_body_ref(&self, reference: &'a str) -> Option<&'a RequestBody> {
        match pointer::target(self.doc, reference)?.node {
            Node::RequestBody(rb) => Some(rb),
            _ => None,
        }
    }

    /// A response, resolving a `$ref` to wherever in the document it points
    /// (a dangling one is reported and gives `None`).
    pub(super) fn response_ref(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Option<&'a openapiv3::Response> {
        match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                match pointer::target(self.doc, reference).map(|f| f.node) {
                    Some(Node::Response(r)) => Some(r),
                    _ => {
                        self.dangling(
                            WarningKind::Loosened,
                            reference,
                            pointer,
                            "the response body, if any, is returned as bytes, and its headers are not read",
                        );
                        None
                    }
                }
            }
        }
    }

    /// How a streaming operation's events map onto its event type.
    pub(super) fn event_stream(&self, event: Ty, body: Option<&Body>) -> EventStream {
        let named = match &event {
            Ty::Named(id) => {
                matches!(&self.types[*id].kind, TypeKind::Tagged(t) if t.tag == "event")
            }
            _ => false,
        };
        let sets_stream_flag = match body.map(|b| &b.ty) {
            Some(Ty::Named(id)) => match &self.types[*id].kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .any(|f| f.wire == "stream" && f.ty == Ty::Bool),
                _ => false,
            },
            _ => false,
        };
        EventStream {
            event,
            named,
            sets_stream_flag,
        }
    }

    /// A list operation in the `limit/after` + `data/has_more/last_id` style.
    pub(super) fn pagination(
        &self,
        method: Method,
        params: Option<TypeId>,
        response: &Response,
    ) -> Option<Pagination> {
        if method != Method::Get {
            return None;
        }
        let TypeKind::Params(Params { query, .. }) = &self.types[params?].kind else {
            return None;
        };
        let after = query
            .iter()
            .find(|f| f.wire == "after" && f.ty == Ty::String && !f.required)?;
        let Response::Json(Ty::Named(page)) = response else {
            return None;
        };
        let TypeKind::Struct(fields) = &self.types[*page].kind else {
            return None;
        };
        let field = |wire: &str, ty: Ty| {
            fields
                .fields
                .iter()
                .find(|f| f.wire == wire && f.ty == ty)
                .map(|f| f.name.clone())
        };
        let data = fields.fields.iter().find(|f| f.wire == "data")?;
        let Ty::Array(item) = &data.ty else {
            return None;
        };
        Some(Pagination {
            item: (**item).clone(),
            after: after.name.clone(),
            page: *page,
            data: data.name.clone(),
            has_more: field("has_more", Ty::Bool)?,
            last_id: field("last_id", Ty::String)?,
        })
    }
}

/// An object schema that allows no property at all
/// (`type: object`, no `properties`, `additionalProperties: false`): its only
/// value is `{}`, the same as no body for an optional one.
fn allows_no_fields(schema: &openapiv3::Schema) -> bool {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
            object.properties.is_empty()
                && matches!(
                    object.additional_properties,
                    Some(openapiv3::AdditionalProperties::Any(false))
                )
        }
        _ => false,
    }
}

/// `application/json` or a `+json` media type (parameters ignored).
pub(super) fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// The properties of a form body whose Encoding Objects give a `style`
/// (OpenAPI section 4.8.15), by wire name; `normalize` wrote `explode: true`
/// where a `form` style left it out, as openapiv3 reads an absent `explode`
/// as `false`.
fn form_encoding(content: &openapiv3::MediaType) -> Vec<(String, ParamStyle)> {
    content
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let style = match encoding.style.as_ref()? {
                QueryStyle::Form => Style::Form,
                QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                QueryStyle::PipeDelimited => Style::PipeDelimited,
                QueryStyle::DeepObject => Style::DeepObject,
            };
            Some((
                name.clone(),
                ParamStyle {
                    style,
                    explode: encoding.explode,
                    allow_reserved: encoding.allow_reserved,
                },
            ))
        })
        .collect()
}
