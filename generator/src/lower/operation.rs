//! Lowers paths and operations: names, parameters and credentials (bodies
//! and responses are in `payload`). Each operation comes out complete; the decisions that need
//! every operation (which header parameters all of them share) are made first.

use super::schema::SchemaRef;
use super::{claim_reported, Lowerer};
use crate::diagnostics::{join, WarningKind};
use crate::ir::{
    Credential, CredentialId, CredentialLocation, Field, FieldRepr, Method, Operation,
    OperationNames, ParamStyle, Params, PathTemplate, Servers, Style, Ty, TypeId, TypeKind,
};
use crate::naming::{self, Scope};
use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle,
    ReferenceOr, Schema,
};

/// A parameter as declared, before lowering.
struct Param<'a> {
    name: String,
    location: &'static str,
    required: bool,
    doc: Option<String>,
    deprecated: bool,
    schema: Option<SchemaRef<'a>>,
    /// How its value is written.
    style: ParamStyle,
    pointer: String,
}

/// An operation of the document with its parameters collected (path-level
/// ones overridden by operation-level ones of the same name and place).
struct Source<'a> {
    id: String,
    method: Method,
    path: &'a str,
    pointer: String,
    op: &'a openapiv3::Operation,
    /// The path item's `servers`.
    path_servers: &'a [openapiv3::Server],
    params: Vec<Param<'a>>,
}

/// What an operation's parameters become.
#[derive(Default)]
struct Lowered {
    path_params: Vec<Field>,
    params: Option<TypeId>,
    fixed_headers: Vec<(String, String)>,
}

impl<'a> Lowerer<'a> {
    /// Lowers every operation; also returns the header parameters that every
    /// operation accepts (they become builder and per-request options rather
    /// than method arguments).
    pub(super) fn operations(
        &mut self,
        credentials: &[Credential],
        servers: &Servers,
    ) -> (Vec<Operation>, Vec<Field>, usize) {
        let sources = self.sources();
        let ops: Vec<&'a openapiv3::Operation> = sources.iter().map(|s| s.op).collect();
        self.count_error_schemas(&ops);
        let common = self.common_headers(&sources, credentials);
        let mut methods = Scope::with_reserved(naming::CLIENT_METHODS);
        let mut seen_ids = std::collections::BTreeMap::new();
        let mut out = Vec::new();
        for source in &sources {
            let first = seen_ids.insert(source.id.clone(), source.pointer.clone());
            let mut op = self.operation(source, &common, credentials, &mut methods);
            op.server =
                super::servers::of_operation(source.path_servers, &source.op.servers, servers);
            if let Some(first) = first {
                self.diags.renamed(
                    &source.pointer,
                    format!(
                        "operationId `{}` is also used at {first}; this operation's method is `{}`",
                        source.id, op.names.method
                    ),
                    "give every operation its own operationId",
                );
            }
            out.push(op);
        }
        let common = common.into_iter().map(|(_, field)| field).collect();
        (out, common, sources.len())
    }

    /// Every operation of the document, in spec order.
    fn sources(&mut self) -> Vec<Source<'a>> {
        let doc = self.doc;
        let mut out = Vec::new();
        for (path, item) in doc.paths.paths.iter() {
            let path_pointer = join("#/paths", path);
            // `normalize` copies `$ref` path items in; one left here was not understood.
            let ReferenceOr::Item(item) = item else {
                self.diags.skipped(
                    &path_pointer,
                    "this `$ref` path item could not be followed; its operations are skipped",
                    "define the path item inline",
                );
                continue;
            };
            for (method, op) in item.iter() {
                let Some(method) = http_method(method) else {
                    continue;
                };
                let pointer = join(&path_pointer, &method.as_str().to_ascii_lowercase());
                let params = self.parameters_of(item, &path_pointer, op, &pointer);
                out.push(Source {
                    id: op
                        .operation_id
                        .clone()
                        .unwrap_or_else(|| derived_id(method, path)),
                    method,
                    path,
                    pointer,
                    op,
                    path_servers: &item.servers,
                    params,
                });
            }
        }
        out
    }

    /// The parameters of `op`: the path item's, then the operation's own.
    fn parameters_of(
        &mut self,
        item: &'a PathItem,
        path_pointer: &str,
        op: &'a openapiv3::Operation,
        pointer: &str,
    ) -> Vec<Param<'a>> {
        let mut params = Vec::new();
        let levels = [(&item.parameters, path_pointer), (&op.parameters, pointer)];
        for (list, at) in levels {
            for (i, p) in list.iter().enumerate() {
                let p_pointer = join(&join(at, "parameters"), &i.to_string());
                if let Some(new) = self.param(p, &p_pointer) {
                    // An operation-level parameter overrides a path-level one
                    // of the same name and place.
                    params.retain(|old: &Param| {
                        !(old.name == new.name && old.location == new.location)
                    });
                    params.push(new);
                }
            }
        }
        params
    }

    /// Header parameters, other than fixed values and credentials, that every
    /// operation declares: `(wire name, field)`, lowered once from their first
    /// declaration.
    fn common_headers(
        &mut self,
        sources: &[Source<'a>],
        credentials: &[Credential],
    ) -> Vec<(String, Field)> {
        let mut common: Vec<(String, Field)> = Vec::new();
        for source in sources {
            for p in &source.params {
                let shared = self.is_option_header(p)
                    && !sent_by_credential(&p.name, credentials)
                    && !common.iter().any(|(w, _)| w.eq_ignore_ascii_case(&p.name))
                    && sources.iter().all(|s| {
                        s.params.iter().any(|o| {
                            self.is_option_header(o) && o.name.eq_ignore_ascii_case(&p.name)
                        })
                    });
                if shared {
                    let hint = naming::type_name(&source.id);
                    let field = self.param_field(p, naming::value_name(&p.name), &hint);
                    common.push((p.name.clone(), field));
                }
            }
        }
        common
    }

    /// A header parameter that is not a fixed value sent on every call.
    fn is_option_header(&self, p: &Param<'a>) -> bool {
        p.location == "header" && !(p.required && self.fixed_value(p).is_some())
    }

    /// Lowers one operation.
    fn operation(
        &mut self,
        source: &Source<'a>,
        common: &[(String, Field)],
        credentials: &[Credential],
        methods: &mut Scope,
    ) -> Operation {
        let Source {
            id,
            method,
            path,
            pointer,
            op,
            ..
        } = source;
        let type_hint = naming::type_name(id);
        let template = PathTemplate::parse(path);
        let lowered = self.split_parameters(source, &template, common, credentials, &type_hint);
        let body = self.request_body(op, pointer, &type_hint);
        let responses = self.responses(op, id, pointer, &type_hint);
        let response = responses.response;
        let stream = responses
            .events
            .map(|event| self.event_stream(event, body.as_ref()));
        let pagination = self.pagination(*method, lowered.params, &response);
        let names = operation_names(methods, id, stream.is_some(), pagination.is_some());
        Operation {
            id: id.clone(),
            names,
            method: *method,
            path: template,
            summary: op.summary.clone(),
            description: op.description.clone(),
            path_params: lowered.path_params,
            params: lowered.params,
            fixed_headers: lowered.fixed_headers,
            body,
            response,
            errors: responses.errors,
            stream,
            pagination,
            credentials: accepted_credentials(op, self.doc, credentials),
            security: security_alternatives(op, self.doc, credentials),
            server: None,
            deprecated: op.deprecated,
            resource: resource_of(op, path),
            feature: None,
        }
    }

    /// Sorts the parameters of an operation: path parameters become method
    /// arguments, query parameters and the operation's own headers its
    /// parameter struct, one-value headers are sent as they are. Headers that
    /// are client-wide options or credentials are left to those.
    fn split_parameters(
        &mut self,
        source: &Source<'a>,
        template: &PathTemplate,
        common: &[(String, Field)],
        credentials: &[Credential],
        type_hint: &str,
    ) -> Lowered {
        let Source {
            id, path, pointer, ..
        } = source;
        let mut out = Lowered::default();
        let mut arg_names = Scope::with_reserved(&["self", "body", "query", "path"]);
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut cookies = Vec::new();
        let placeholders: Vec<&str> = template.params().collect();
        // Path parameters whose name is not a placeholder of the path.
        let mut strays = Vec::new();
        for p in &source.params {
            match p.location {
                "path" if !placeholders.contains(&p.name.as_str()) => strays.push(p),
                "path" => {
                    let name = claim_reported(
                        &mut arg_names,
                        naming::value_name(&p.name),
                        self.diags,
                        &p.pointer,
                        &format!("path parameter `{}`", p.name),
                    );
                    out.path_params.push(self.param_field(p, name, type_hint));
                }
                "query" => query.push(p),
                "header" => match self.fixed_value(p) {
                    Some(value) if p.required => out.fixed_headers.push((p.name.clone(), value)),
                    _ => {
                        let is_common = common.iter().any(|(w, _)| w.eq_ignore_ascii_case(&p.name));
                        if !is_common && !sent_by_credential(&p.name, credentials) {
                            headers.push(p);
                        }
                    }
                },
                "cookie" if sent_as_cookie_by_credential(&p.name, credentials) => {}
                _ => cookies.push(p),
            }
        }
        let missing: Vec<&str> = placeholders
            .iter()
            .copied()
            .filter(|name| !out.path_params.iter().any(|f| f.wire == *name))
            .collect();
        if let ([stray], [name]) = (strays.as_slice(), missing.as_slice()) {
            // One misnamed parameter and one placeholder without one: the
            // same parameter under two names.
            self.diags.repaired(
                &stray.pointer,
                format!(
                    "path parameter `{}` is not in the path `{path}`, whose placeholder `{{{name}}}` has no parameter; it is taken as that placeholder",
                    stray.name
                ),
                format!("rename the parameter to `{name}`"),
            );
            let arg = claim_reported(
                &mut arg_names,
                naming::value_name(name),
                self.diags,
                &stray.pointer,
                &format!("path parameter `{name}`"),
            );
            let mut field = self.param_field(stray, arg, type_hint);
            field.wire = (*name).to_owned();
            out.path_params.push(field);
        } else {
            for p in strays {
                self.diags.skipped(
                    &p.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`; it is ignored",
                        p.name
                    ),
                    "rename the parameter to match a `{placeholder}` in the path, or remove it",
                );
            }
        }
        for name in &placeholders {
            if !out.path_params.iter().any(|f| f.wire == *name) {
                // The placeholder says what the parameter is; take it as a string.
                self.diags.repaired(
                    pointer,
                    format!("the path `{path}` has a `{{{name}}}` placeholder but the operation declares no path parameter `{name}`; it is taken as a string"),
                    format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to its parameters"),
                );
                out.path_params.push(Field {
                    wire: (*name).to_owned(),
                    name: arg_names.claim(naming::value_name(name)),
                    doc: Some(format!("The `{name}` path parameter.")),
                    ty: Ty::String,
                    required: true,
                    nullable: false,
                    deprecated: false,
                    access: crate::ir::Access::ReadWrite,
                    repr: FieldRepr::Plain,
                    style: Some(ParamStyle::default_for("path")),
                });
            }
        }
        out.path_params
            .sort_by_key(|f| placeholders.iter().position(|n| *n == f.wire));
        out.params = self.params_struct(id, pointer, type_hint, &query, &headers, &cookies);
        out
    }

    /// The struct of an operation's query parameters, own header parameters
    /// and cookie parameters, when it has any: `{Op}Query`, or `{Op}Params`
    /// without query parameters. Query names are claimed first.
    fn params_struct(
        &mut self,
        id: &str,
        pointer: &str,
        type_hint: &str,
        query: &[&Param<'a>],
        headers: &[&Param<'a>],
        cookies: &[&Param<'a>],
    ) -> Option<TypeId> {
        let (name, origin, doc) = if !query.is_empty() {
            (
                format!("{type_hint}Query"),
                join(pointer, "parameters"),
                format!("Query parameters of `{id}`."),
            )
        } else {
            let first = headers.first().or(cookies.first())?;
            let what = match (headers.is_empty(), cookies.is_empty()) {
                (false, false) => "Header and cookie",
                (false, true) => "Header",
                _ => "Cookie",
            };
            (
                format!("{type_hint}Params"),
                first.pointer.clone(),
                format!("{what} parameters of `{id}`."),
            )
        };
        let mut names = Scope::default();
        let mut lower = |this: &mut Self, list: &[&Param<'a>]| -> Vec<Field> {
            list.iter()
                .map(|p| {
                    let name = claim_reported(
                        &mut names,
                        naming::value_name(&p.name),
                        this.diags,
                        &p.pointer,
                        &format!("{} parameter `{}`", p.location, p.name),
                    );
                    this.param_field(p, name, type_hint)
                })
                .collect()
        };
        let query = lower(self, query);
        let mut header_fields: Vec<Field> = Vec::new();
        for field in lower(self, headers) {
            if !header_fields
                .iter()
                .any(|f| f.wire.eq_ignore_ascii_case(&field.wire))
            {
                header_fields.push(field);
            }
        }
        let mut cookie_fields: Vec<Field> = Vec::new();
        for field in lower(self, cookies) {
            // Cookie names are case-sensitive (RFC 6265); one field per name.
            if !cookie_fields.iter().any(|f| f.wire == field.wire) {
                cookie_fields.push(field);
            }
        }
        let id = self.new_type(&name, origin, None);
        self.types[id].doc = Some(doc);
        self.types[id].kind = TypeKind::Params(Params {
            query,
            headers: header_fields,
            cookies: cookie_fields,
        });
        Some(id)
    }

    /// A parameter, resolving a `$ref` into `#/components/parameters`.
    fn param(&mut self, p: &'a ReferenceOr<Parameter>, pointer: &str) -> Option<Param<'a>> {
        let (param, pointer) = match p {
            ReferenceOr::Item(param) => (param, pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                match super::pointer::target(self.doc, reference) {
                    Some(super::pointer::Found {
                        node: super::pointer::Node::Parameter(param),
                        pointer,
                    }) => (param, pointer),
                    _ => {
                        let name = super::pointer::tokens(reference)
                            .and_then(|t| t.last().cloned())
                            .unwrap_or_else(|| reference.clone());
                        self.dangling(
                        WarningKind::Skipped,
                        reference,
                        pointer,
                        &format!("parameter `{name}` is left out, and the operation is generated without it"),
                    );
                        return None;
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
            // `content: {application/json: {schema}}`: the value is sent as
            // the text of that media type.
            ParameterSchemaOrContent::Content(content) => content
                .values()
                .next()
                .and_then(|media| media.schema.as_ref())
                .map(SchemaRef::of),
        };
        let style = self.param_style(param, data, &pointer);
        Some(Param {
            name: data.name.clone(),
            location,
            required: data.required,
            doc: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            schema,
            style,
            pointer,
        })
    }

    /// How a parameter's value is written: its `content` media type, or its
    /// `style` with `explode` (defaulting to `true` for `form` only) and
    /// `allowReserved`. The combinations OpenAPI leaves undefined get a
    /// warning and are sent as the runtime documents (`spaceDelimited` and
    /// `pipeDelimited` with `explode: true` as `form`, `deepObject` with
    /// `explode: false` as with `true`). Styles a location does not allow
    /// were replaced by `normalize`.
    fn param_style(
        &mut self,
        param: &Parameter,
        data: &ParameterData,
        pointer: &str,
    ) -> ParamStyle {
        if let ParameterSchemaOrContent::Content(content) = &data.format {
            let media = content.keys().next().cloned().unwrap_or_default();
            if content.len() > 1 {
                self.diags.loosened(
                    join(pointer, "content"),
                    format!("a parameter's `content` must hold one media type; the value is sent as `{media}`, the first"),
                    "keep one entry in `content`",
                );
            }
            return ParamStyle {
                style: Style::Content(media),
                explode: false,
                allow_reserved: false,
            };
        }
        let (style, allow_reserved) = match param {
            Parameter::Path { style, .. } => (
                match style {
                    PathStyle::Matrix => Style::Matrix,
                    PathStyle::Label => Style::Label,
                    PathStyle::Simple => Style::Simple,
                },
                false,
            ),
            Parameter::Query {
                style,
                allow_reserved,
                ..
            } => (
                match style {
                    QueryStyle::Form => Style::Form,
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                },
                *allow_reserved,
            ),
            Parameter::Header { .. } => (Style::Simple, false),
            Parameter::Cookie { .. } => (Style::Form, false),
        };
        let explode = data.explode.unwrap_or(style == Style::Form);
        let at = join(pointer, "explode");
        match (&style, data.explode) {
            (Style::SpaceDelimited | Style::PipeDelimited, Some(true)) => self.diags.loosened(
                at,
                "OpenAPI defines `spaceDelimited` and `pipeDelimited` without `explode` only; the value is sent as `form` with `explode: true` (`name=a&name=b`)",
                "remove `explode: true`, or use `style: form`",
            ),
            (Style::DeepObject, Some(false)) => self.diags.loosened(
                at,
                "OpenAPI defines `deepObject` with `explode: true` only; the value is sent as `name[key]=value` pairs all the same",
                "write `explode: true`",
            ),
            _ => {}
        }
        ParamStyle {
            style,
            explode,
            allow_reserved,
        }
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
            access: crate::ir::Access::ReadWrite,
            // Parameters are never null: present or not.
            repr: FieldRepr::of(p.required, false, true),
            style: Some(p.style.clone()),
        }
    }

    /// The one value a header parameter may take (`enum: [assistants=v2]`).
    fn fixed_value(&self, p: &Param<'a>) -> Option<String> {
        let schema: &Schema = self.deref(p.schema?)?;
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
}

/// Claims the names of an operation's methods: the method and its
/// `_with_response` twin together, then the stream and pagination methods
/// it has.
fn operation_names(methods: &mut Scope, id: &str, stream: bool, paginate: bool) -> OperationNames {
    let method = loop {
        let name = methods.claim(naming::value_name(id));
        let twin = format!("{}_with_response", naming::unraw(&name));
        if !methods.contains(&twin) {
            break name;
        }
    };
    let base = naming::unraw(&method).to_owned();
    let with_response = methods.claim(format!("{base}_with_response"));
    let mut twin = |applies: bool| applies.then(|| methods.claim(format!("{base}_stream")));
    let stream = twin(stream);
    let paginate = twin(paginate);
    OperationNames {
        constant: naming::const_name(naming::unraw(&method)),
        method,
        with_response,
        stream,
        paginate,
    }
}

/// Whether a credential sends the header `wire` (any `Authorization`
/// included), so a header parameter of that name is left to it.
fn sent_by_credential(wire: &str, credentials: &[Credential]) -> bool {
    wire.eq_ignore_ascii_case("authorization")
        || credentials.iter().any(|c| {
            matches!(&c.location, CredentialLocation::Header(h) if h.eq_ignore_ascii_case(wire))
        })
}

/// Whether a cookie credential sends the cookie `name`, so a cookie
/// parameter of that name is left to it (cookie names are case-sensitive).
fn sent_as_cookie_by_credential(name: &str, credentials: &[Credential]) -> bool {
    credentials
        .iter()
        .any(|c| matches!(&c.location, CredentialLocation::Cookie(n) if n == name))
}

/// An operation's security alternatives (the document's when it declares
/// none), each as the credentials it names, without repeats. An empty
/// requirement (`{}`) stays, as optional security; one naming only schemes
/// the client cannot use (skipped with a warning) is left out.
fn security_alternatives(
    op: &openapiv3::Operation,
    doc: &openapiv3::OpenAPI,
    credentials: &[Credential],
) -> Vec<Vec<CredentialId>> {
    let requirements = op.security.as_ref().or(doc.security.as_ref());
    let mut out: Vec<Vec<CredentialId>> = Vec::new();
    for requirement in requirements.into_iter().flatten() {
        let ids: Vec<CredentialId> = requirement
            .keys()
            .filter_map(|scheme| credentials.iter().position(|c| &c.scheme == scheme))
            .map(CredentialId)
            .collect();
        if (ids.is_empty() && !requirement.is_empty()) || out.contains(&ids) {
            continue;
        }
        out.push(ids);
    }
    out
}

/// The credentials an operation accepts: those named by any of its security
/// alternatives (the document's when it declares none), in credential order.
fn accepted_credentials(
    op: &openapiv3::Operation,
    doc: &openapiv3::OpenAPI,
    credentials: &[Credential],
) -> Vec<CredentialId> {
    let requirements = op.security.as_ref().or(doc.security.as_ref());
    let mut ids: Vec<CredentialId> = requirements
        .into_iter()
        .flatten()
        .flat_map(|requirement| requirement.keys())
        .filter_map(|scheme| credentials.iter().position(|c| &c.scheme == scheme))
        .map(CredentialId)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
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

/// The part of the API an operation belongs to: its first tag, or else the
/// first literal segment of its path.
/// An operation's resource: its first tag, else the first path segment that
/// is neither a placeholder nor a version prefix (`/v1/charges` → `charges`).
fn resource_of(op: &openapiv3::Operation, path: &str) -> String {
    op.tags
        .first()
        .cloned()
        .or_else(|| {
            path.split('/')
                .find(|segment| {
                    !segment.is_empty() && !segment.starts_with('{') && !is_version(segment)
                })
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// A path segment that names an API version rather than a resource: `v1`,
/// `v2.1`, `v1beta2`, `api`, a date such as `2010-04-01`.
fn is_version(segment: &str) -> bool {
    let numbered = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    let pre_release = |s: &str| {
        let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
        digits.len() < s.len()
            && ["alpha", "beta"].iter().any(|stage| {
                digits
                    .strip_prefix(stage)
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
            })
    };
    segment.eq_ignore_ascii_case("api")
        || segment
            .strip_prefix(['v', 'V'])
            .is_some_and(|rest| numbered(rest) || pre_release(rest))
        || (segment.starts_with(|c: char| c.is_ascii_digit())
            && segment
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::is_version;

    #[test]
    fn version_segments_are_not_resources() {
        for segment in [
            "v1",
            "V2",
            "v2.1",
            "v1beta",
            "v2alpha1",
            "api",
            "2010-04-01",
            "1.0",
        ] {
            assert!(is_version(segment), "{segment}");
        }
        for segment in [
            "charges", "vectors", "v", "apis", "users2", "vbeta", "v1gamma",
        ] {
            assert!(!is_version(segment), "{segment}");
        }
    }
}
