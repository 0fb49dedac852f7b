//! Lowers paths and operations: parameters, bodies, responses, security.

use super::schema::SchemaRef;
use super::Lowerer;
use crate::diagnostics::join;
use crate::ir::{
    Body, BodyKind, Credential, CredentialLocation, EventStream, Field, Method, Operation,
    Pagination, Params, Response, Ty, TypeId, TypeKind,
};
use crate::naming::{self, Scope};
use openapiv3::{
    Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, StatusCode,
};

/// Client methods the emitted client defines itself.
const CLIENT_METHODS: &[&str] = &["builder", "new", "clone", "fmt", "with_options"];

/// An optional header parameter met on one operation; those every operation
/// declares become client-wide options, the rest are reported.
pub(super) struct PendingHeader {
    op: String,
    pointer: String,
    field: Field,
}

struct Param<'a> {
    name: String,
    location: &'static str,
    required: bool,
    doc: Option<String>,
    deprecated: bool,
    schema: Option<SchemaRef<'a>>,
    pointer: String,
}

impl<'a> Lowerer<'a> {
    /// Lowers every operation; also returns the header parameters that every
    /// operation accepts (they become builder and per-request options).
    pub(super) fn operations(
        &mut self,
        credentials: &[Credential],
    ) -> (Vec<Operation>, Vec<Field>) {
        let mut methods = Scope::with_reserved(CLIENT_METHODS);
        let mut seen_ids = std::collections::BTreeMap::new();
        let mut out = Vec::new();
        let doc = self.doc;
        for (path, item) in doc.paths.paths.iter() {
            let path_pointer = join("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                self.diags.warning(
                    &path_pointer,
                    "a `$ref` path item is not followed; its operations are skipped",
                    "define the path item inline",
                );
                continue;
            };
            for (method, op) in item.iter() {
                let pointer = join(&path_pointer, method);
                let Some(method) = http_method(method) else {
                    continue;
                };
                let id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| derived_id(method, path));
                let method_name = claim_method(&mut methods, &id);
                if let Some(first) = seen_ids.insert(id.clone(), pointer.clone()) {
                    self.diags.warning(
                        &pointer,
                        format!("operationId `{id}` is also used at {first}; this operation's method is `{method_name}`"),
                        "give every operation its own operationId",
                    );
                }
                let mut params = Vec::new();
                for (i, p) in item.parameters.iter().enumerate() {
                    self.collect_param(
                        p,
                        &join(&join(&path_pointer, "parameters"), &i.to_string()),
                        &mut params,
                    );
                }
                for (i, p) in op.parameters.iter().enumerate() {
                    self.collect_param(
                        p,
                        &join(&join(&pointer, "parameters"), &i.to_string()),
                        &mut params,
                    );
                }
                let type_hint = naming::type_name(&id);
                let Some(lowered) =
                    self.lower_operation(&id, method, path, &pointer, &type_hint, &params, op)
                else {
                    continue;
                };
                let security = op.security.as_ref().or(doc.security.as_ref());
                let security = security
                    .map(|alternatives| {
                        alternatives
                            .iter()
                            .map(|req| {
                                req.keys()
                                    .filter_map(|k| credentials.iter().position(|c| &c.scheme == k))
                                    .collect()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let twin = |methods: &mut Scope, applies: bool| {
                    applies
                        .then(|| methods.claim(format!("{}_stream", naming::unraw(&method_name))))
                };
                let stream_method = twin(&mut methods, lowered.stream.is_some());
                let paginate_method = twin(&mut methods, lowered.pagination.is_some());
                out.push(Operation {
                    stream_method,
                    paginate_method,
                    const_name: naming::const_name(&method_name),
                    method_name,
                    id,
                    method,
                    path: path.clone(),
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    security,
                    deprecated: op.deprecated,
                    resource: resource_of(op, path),
                    ..lowered
                });
            }
        }
        let common = self.common_headers(&mut out, credentials);
        (out, common)
    }

    /// Header parameters every operation accepts become client-wide options;
    /// the others join their operation's parameter struct. Headers a
    /// credential already sends are left to the credential.
    fn common_headers(&mut self, ops: &mut [Operation], credentials: &[Credential]) -> Vec<Field> {
        let pending = std::mem::take(&mut self.pending_headers);
        let is_credential = |wire: &str| {
            credentials.iter().any(|c| matches!(&c.location, CredentialLocation::Header(h) if h.eq_ignore_ascii_case(wire)))
                || wire.eq_ignore_ascii_case("authorization")
        };
        let mut common: Vec<Field> = Vec::new();
        for h in &pending {
            let wire = &h.field.wire;
            if is_credential(wire) {
                continue;
            }
            let everywhere = ops.iter().all(|op| {
                pending
                    .iter()
                    .any(|o| o.op == op.id && o.field.wire.eq_ignore_ascii_case(wire))
            });
            if everywhere {
                if !common.iter().any(|c| c.wire.eq_ignore_ascii_case(wire)) {
                    common.push(h.field.clone());
                }
                continue;
            }
            let Some(op) = ops.iter_mut().find(|op| op.id == h.op) else {
                continue;
            };
            let id = match op.query {
                Some(id) => id,
                None => {
                    let id = self.new_type(
                        &format!("{}Params", naming::type_name(&op.id)),
                        h.pointer.clone(),
                        None,
                    );
                    self.types[id].doc = Some(format!("Header parameters of `{}`.", op.id));
                    self.types[id].kind = TypeKind::Query(Params::default());
                    op.query = Some(id);
                    id
                }
            };
            if let TypeKind::Query(params) = &mut self.types[id].kind {
                if params
                    .headers
                    .iter()
                    .any(|f| f.wire.eq_ignore_ascii_case(wire))
                {
                    continue;
                }
                let mut field = h.field.clone();
                let mut scope = Scope::default();
                for f in params.query.iter().chain(&params.headers) {
                    scope.claim(f.name.clone());
                }
                field.name = scope.claim(field.name);
                params.headers.push(field);
            }
        }
        common
    }

    fn collect_param(
        &mut self,
        p: &'a ReferenceOr<Parameter>,
        pointer: &str,
        params: &mut Vec<Param<'a>>,
    ) {
        let (param, pointer) = match p {
            ReferenceOr::Item(param) => (param, pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/");
                let found = name.and_then(|n| self.doc.components.as_ref()?.parameters.get(n));
                match found {
                    Some(ReferenceOr::Item(param)) => (
                        param,
                        join("#/components/parameters", name.unwrap_or_default()),
                    ),
                    _ => {
                        self.dangling(reference, pointer);
                        return;
                    }
                }
            }
        };
        let (data, location) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, "path"),
            Parameter::Query { parameter_data, .. } => (parameter_data, "query"),
            Parameter::Header { parameter_data, .. } => (parameter_data, "header"),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, "cookie"),
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => Some(SchemaRef::of(s)),
            // `content: {application/json: {schema}}`: the value is sent as JSON text.
            ParameterSchemaOrContent::Content(content) => content
                .values()
                .next()
                .and_then(|media| media.schema.as_ref())
                .map(SchemaRef::of),
        };
        let new = Param {
            name: data.name.clone(),
            location,
            required: data.required,
            doc: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            schema,
            pointer,
        };
        // An operation-level parameter overrides a path-level one of the same name and place.
        params.retain(|old| !(old.name == new.name && old.location == new.location));
        params.push(new);
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        id: &str,
        method: Method,
        path: &str,
        pointer: &str,
        type_hint: &str,
        params: &[Param<'a>],
        op: &'a openapiv3::Operation,
    ) -> Option<Operation> {
        let mut path_params = Vec::new();
        let mut query_fields = Vec::new();
        let mut fixed_headers = Vec::new();
        let mut arg_names = Scope::with_reserved(&["self", "body", "query", "path"]);
        let mut query_names = Scope::default();
        let template_names = template_params(path);
        for p in params {
            match p.location {
                "path" => {
                    if !template_names.contains(&p.name) {
                        self.diags.warning(
                            &p.pointer,
                            format!("path parameter `{}` does not appear in the path `{path}`; it is ignored", p.name),
                            "rename the parameter to match a `{placeholder}` in the path, or remove it",
                        );
                        continue;
                    }
                    path_params.push(self.param_field(
                        p,
                        arg_names.claim(naming::value_name(&p.name)),
                        type_hint,
                    ));
                }
                "query" => query_fields.push(self.param_field(
                    p,
                    query_names.claim(naming::value_name(&p.name)),
                    type_hint,
                )),
                "header" => match self.fixed_value(p) {
                    Some(value) if p.required => fixed_headers.push((p.name.clone(), value)),
                    _ => {
                        let field = self.param_field(p, naming::value_name(&p.name), type_hint);
                        self.pending_headers.push(PendingHeader {
                            op: id.to_owned(),
                            pointer: p.pointer.clone(),
                            field,
                        });
                    }
                },
                _ => self.diags.warning(
                    &p.pointer,
                    format!(
                        "{} parameter `{}` is not supported; it is not sent",
                        p.location, p.name
                    ),
                    "send it as an extra header on the request",
                ),
            }
        }
        for name in &template_names {
            if !path_params.iter().any(|f| &f.wire == name) {
                // The placeholder says what the parameter is; take it as a string.
                self.diags.warning(
                    pointer,
                    format!("the path `{path}` has a `{{{name}}}` placeholder but the operation declares no path parameter `{name}`; it is taken as a string"),
                    format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to its parameters"),
                );
                path_params.push(Field {
                    wire: name.clone(),
                    name: arg_names.claim(naming::value_name(name)),
                    doc: Some(format!("The `{name}` path parameter.")),
                    ty: Ty::String,
                    required: true,
                    nullable: false,
                    deprecated: false,
                });
            }
        }
        path_params.sort_by_key(|f| template_names.iter().position(|n| n == &f.wire));

        let query = (!query_fields.is_empty()).then(|| {
            let qid = self.new_type(
                &format!("{type_hint}Query"),
                join(pointer, "parameters"),
                None,
            );
            self.types[qid].doc = Some(format!("Query parameters of `{id}`."));
            self.types[qid].kind = TypeKind::Query(Params {
                query: query_fields,
                headers: Vec::new(),
            });
            qid
        });

        let body = match &op.request_body {
            None => None,
            Some(rb) => {
                let rb_pointer = join(pointer, "requestBody");
                let rb = match rb {
                    ReferenceOr::Item(rb) => rb,
                    ReferenceOr::Reference { reference } => match self.request_body(reference) {
                        Some(rb) => rb,
                        None => {
                            self.dangling(reference, &rb_pointer);
                            return None;
                        }
                    },
                };
                match self.request_body_kind(rb, &rb_pointer, type_hint) {
                    Some((ty, kind)) => Some(Body {
                        ty,
                        required: rb.required,
                        kind,
                    }),
                    None => {
                        let media: Vec<&str> = rb.content.keys().map(String::as_str).collect();
                        self.diags.warning(
                            &rb_pointer,
                            format!("request bodies of type {media:?} are not supported; operation `{id}` is skipped"),
                            "describe the body as JSON, a form, multipart, text or bytes",
                        );
                        return None;
                    }
                }
            }
        };

        let (response, events) = self.success_response(op, pointer, type_hint);
        let stream = events.map(|event| self.event_stream(event, body.as_ref()));
        let pagination = self.pagination(method, query, &response);
        Some(Operation {
            id: String::new(),
            method_name: String::new(),
            const_name: String::new(),
            method,
            path: String::new(),
            summary: None,
            description: None,
            path_params,
            query,
            fixed_headers,
            body,
            response,
            stream,
            stream_method: None,
            pagination,
            paginate_method: None,
            security: Vec::new(),
            deprecated: false,
            resource: String::new(),
            feature: None,
        })
    }

    fn param_field(&mut self, p: &Param<'a>, name: String, type_hint: &str) -> Field {
        let lowered = match p.schema {
            Some(s) => self.lower_ty(
                s,
                &format!("{type_hint}{}", naming::type_name(&p.name)),
                &join(&p.pointer, "schema"),
            ),
            None => super::schema::Lowered {
                ty: Ty::String,
                nullable: false,
            },
        };
        Field {
            wire: p.name.clone(),
            name,
            doc: p.doc.clone(),
            ty: lowered.ty,
            required: p.required,
            nullable: false,
            deprecated: p.deprecated,
        }
    }

    /// The one value a header parameter may take (`enum: [assistants=v2]`).
    fn fixed_value(&self, p: &Param<'a>) -> Option<String> {
        let schema: &Schema = match p.schema? {
            SchemaRef::Inline(s) => s,
            SchemaRef::Ref(r) => self.resolve(r)?.1,
        };
        match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => {
                match s.enumeration.as_slice() {
                    [Some(only)] => Some(only.clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Picks the body's media type (JSON first, then multipart, form, text,
    /// bytes) and lowers its schema.
    fn request_body_kind(
        &mut self,
        rb: &'a RequestBody,
        pointer: &str,
        type_hint: &str,
    ) -> Option<(Ty, BodyKind)> {
        let pick = |want: fn(&str) -> bool| {
            rb.content
                .iter()
                .find(|(media, _)| want(media.split(';').next().unwrap_or("").trim()))
        };
        let (media, content, kind) = if let Some((m, c)) = pick(is_json) {
            (m, c, BodyKind::Json)
        } else if let Some((m, c)) = pick(|m| m == "multipart/form-data") {
            (m, c, BodyKind::Multipart)
        } else if let Some((m, c)) = pick(|m| m == "application/x-www-form-urlencoded") {
            (m, c, BodyKind::Form)
        } else if let Some((m, c)) = pick(|m| m.starts_with("text/")) {
            (m, c, BodyKind::Text(m.clone()))
        } else {
            let (m, c) = rb.content.iter().next()?;
            (m, c, BodyKind::Bytes(m.clone()))
        };
        let schema_pointer = join(&join(&join(pointer, "content"), media), "schema");
        let ty = match (&kind, &content.schema) {
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
            let is_struct =
                matches!(&ty, Ty::Named(id) if matches!(self.types[*id].kind, TypeKind::Struct(_)));
            if !is_struct {
                self.diags.warning(
                    &schema_pointer,
                    "a form body must be an object with properties; this one is not, so it cannot be sent as form fields",
                    "give the body schema `type: object` and `properties`",
                );
                return None;
            }
        }
        Some((ty, kind))
    }

    fn request_body(&self, reference: &str) -> Option<&'a RequestBody> {
        let name = reference.strip_prefix("#/components/requestBodies/")?;
        match self.doc.components.as_ref()?.request_bodies.get(name)? {
            ReferenceOr::Item(rb) => Some(rb),
            ReferenceOr::Reference { .. } => None,
        }
    }

    fn success_response(
        &mut self,
        op: &'a openapiv3::Operation,
        pointer: &str,
        type_hint: &str,
    ) -> (Response, Option<Ty>) {
        let mut success: Vec<(&StatusCode, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            })
            .collect();
        success.sort_by_key(|(code, _)| match code {
            StatusCode::Code(c) => *c,
            StatusCode::Range(_) => 299,
        });
        let Some((code, response)) = success.first() else {
            return (Response::Empty, None);
        };
        let response_pointer = join(&join(pointer, "responses"), &code.to_string());
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|n| self.doc.components.as_ref()?.responses.get(n));
                match found {
                    Some(ReferenceOr::Item(r)) => r,
                    _ => {
                        self.dangling(reference, &response_pointer);
                        return (Response::Empty, None);
                    }
                }
            }
        };
        let events = response
            .content
            .iter()
            .find(|(media, _)| media.starts_with("text/event-stream"))
            .and_then(|(media, content)| {
                let schema_pointer =
                    join(&join(&join(&response_pointer, "content"), media), "schema");
                let schema = content.schema.as_ref()?;
                Some(
                    self.lower_ty(
                        SchemaRef::of(schema),
                        &format!("{type_hint}Event"),
                        &schema_pointer,
                    )
                    .ty,
                )
            });
        let json = match response.content.iter().find(|(media, _)| is_json(media)) {
            Some((media, content)) => {
                let schema_pointer =
                    join(&join(&join(&response_pointer, "content"), media), "schema");
                match &content.schema {
                    Some(s) => Response::Json(
                        self.lower_ty(
                            SchemaRef::of(s),
                            &format!("{type_hint}Response"),
                            &schema_pointer,
                        )
                        .ty,
                    ),
                    None => Response::Json(Ty::Json),
                }
            }
            None if response.content.is_empty() || events.is_some() => Response::Empty,
            None => match response.content.keys().next() {
                Some(media) if media.starts_with("text/") => Response::Text(media.clone()),
                Some(media) => Response::Bytes(media.clone()),
                None => Response::Empty,
            },
        };
        (json, events)
    }

    /// How a streaming operation's events map onto its event type.
    fn event_stream(&self, event: Ty, body: Option<&Body>) -> EventStream {
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
    fn pagination(
        &self,
        method: Method,
        query: Option<TypeId>,
        response: &Response,
    ) -> Option<Pagination> {
        if method != Method::Get {
            return None;
        }
        let TypeKind::Query(Params { query: params, .. }) = &self.types[query?].kind else {
            return None;
        };
        let after = params
            .iter()
            .find(|f| f.wire == "after" && f.ty == Ty::String && !f.required)?;
        let Response::Json(Ty::Named(page)) = response else {
            return None;
        };
        let TypeKind::Struct(page) = &self.types[*page].kind else {
            return None;
        };
        let field = |wire: &str| page.fields.iter().find(|f| f.wire == wire);
        let data = field("data")?;
        let Ty::Array(item) = &data.ty else {
            return None;
        };
        let has_more = field("has_more").filter(|f| f.ty == Ty::Bool)?;
        let last_id = field("last_id").filter(|f| f.ty == Ty::String)?;
        let plain = |f: &Field| f.required && !f.nullable;
        Some(Pagination {
            item: (**item).clone(),
            after: after.name.clone(),
            data: data.name.clone(),
            data_plain: plain(data),
            has_more: has_more.name.clone(),
            has_more_plain: plain(has_more),
            last_id: last_id.name.clone(),
            last_id_plain: plain(last_id),
        })
    }
}

/// Claims an operation's method name together with its `_with_response` twin.
fn claim_method(methods: &mut Scope, id: &str) -> String {
    loop {
        let name = methods.claim(naming::value_name(id));
        let twin = format!("{}_with_response", naming::unraw(&name));
        if !methods.contains(&twin) {
            methods.claim(twin);
            return name;
        }
    }
}

fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

fn http_method(method: &str) -> Option<Method> {
    Some(match method {
        "get" => Method::Get,
        "post" => Method::Post,
        "put" => Method::Put,
        "patch" => Method::Patch,
        "delete" => Method::Delete,
        "head" => Method::Head,
        "options" => Method::Options,
        "trace" => Method::Trace,
        _ => return None,
    })
}

/// A stable name for an operation without an `operationId`: `GET /threads/{id}` → `get_threads_by_id`.
fn derived_id(method: Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("by_");
                id.push_str(param);
            }
            None => id.push_str(segment),
        }
    }
    id
}

/// The `{placeholders}` of a path template, in order.
pub(crate) fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}

/// The part of the API an operation belongs to: its first tag, or else the
/// first literal segment of its path.
fn resource_of(op: &openapiv3::Operation, path: &str) -> String {
    op.tags
        .first()
        .cloned()
        .or_else(|| {
            path.split('/')
                .find(|segment| !segment.is_empty() && !segment.starts_with('{'))
                .map(str::to_owned)
        })
        .unwrap_or_default()
}
