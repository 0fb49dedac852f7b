//! Response headers the spec declares become methods of `ResponseMeta` and
//! `ApiError` that read them, so vendor headers (a gateway's trace id, its
//! cache status) reach a client through its spec, never through the runtime.

use super::schema::SchemaRef;
use super::security::{common_prefix, without_prefix};
use super::Lowerer;
use crate::diagnostics::{join, WarningKind};
use crate::ir::{IntKind, ResponseHeader, Ty};
use crate::naming::{self, Scope};
use openapiv3::{Header, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

/// The extension that marks a header counting a server's own retries.
const UPSTREAM_RETRY_COUNT: &str = "x-upstream-retry-count";

/// Headers the runtime reads itself, or that describe the body.
const RUNTIME_HEADERS: &[&str] = &["content-type", "x-request-id"];

impl<'a> Lowerer<'a> {
    /// Every response header of every operation, once each (by
    /// case-insensitive name), in spec order.
    pub(super) fn response_headers(&mut self) -> Vec<ResponseHeader> {
        let doc = self.doc;
        let mut found: Vec<(&'a str, &'a Header)> = Vec::new();
        for (path, item) in doc.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in item.iter() {
                let pointer = join(&join(&join("#/paths", path), method), "responses");
                let codes = op
                    .responses
                    .responses
                    .iter()
                    .map(|(c, r)| (c.to_string(), r));
                let default = op
                    .responses
                    .default
                    .iter()
                    .map(|r| ("default".to_owned(), r));
                for (code, response) in codes.chain(default) {
                    self.collect(response, &join(&pointer, &code), &mut found);
                }
            }
        }
        let names: Vec<&str> = found.iter().map(|(name, _)| *name).collect();
        let prefix = common_prefix(&names);
        let mut reserved = crate::runtime::methods_of("ResponseMeta");
        reserved.extend(crate::runtime::methods_of("ApiError"));
        let mut scope = Scope::with_reserved(&reserved);
        found
            .into_iter()
            .map(|(wire, header)| {
                let short = without_prefix(wire, &prefix);
                ResponseHeader {
                    wire: wire.to_owned(),
                    name: scope.claim(naming::value_name(short)),
                    doc: header.description.clone(),
                    ty: self.header_ty(header),
                    upstream_retry_count: header
                        .extensions
                        .get(UPSTREAM_RETRY_COUNT)
                        .and_then(serde_json::Value::as_bool)
                        .unwrap_or(false),
                }
            })
            .collect()
    }

    /// Adds the headers of `response` not seen yet.
    fn collect(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
        found: &mut Vec<(&'a str, &'a Header)>,
    ) {
        let Some(response) = self.response_ref(response, pointer) else {
            return;
        };
        for (name, header) in &response.headers {
            let seen = found.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
            if seen || RUNTIME_HEADERS.iter().any(|r| r.eq_ignore_ascii_case(name)) {
                continue;
            }
            let header = match header {
                ReferenceOr::Item(header) => Some(header),
                ReferenceOr::Reference { reference } => {
                    self.header_ref(reference, &join(&join(pointer, "headers"), name))
                }
            };
            if let Some(header) = header {
                found.push((name.as_str(), header));
            }
        }
    }

    /// The header a `$ref` points at, wherever in the document it is (a
    /// dangling one is reported).
    fn header_ref(&mut self, reference: &'a str, pointer: &str) -> Option<&'a Header> {
        match super::pointer::target(self.doc, reference).map(|f| f.node) {
            Some(super::pointer::Node::Header(header)) => Some(header),
            _ => {
                self.dangling(
                    WarningKind::Skipped,
                    reference,
                    pointer,
                    "the header is not read",
                );
                None
            }
        }
    }

    /// The value type of a header: a scalar the schema names, else text.
    fn header_ty(&self, header: &'a Header) -> Ty {
        let ParameterSchemaOrContent::Schema(schema) = &header.format else {
            return Ty::String;
        };
        let Some(schema) = self.deref(SchemaRef::of(schema)) else {
            return Ty::String;
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(int)) if int.minimum.is_some_and(|m| m >= 0) => {
                Ty::Int(IntKind::U64)
            }
            SchemaKind::Type(Type::Integer(_)) => Ty::Int(IntKind::I64),
            SchemaKind::Type(Type::Number(_)) => Ty::Float,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            _ => Ty::String,
        }
    }
}
