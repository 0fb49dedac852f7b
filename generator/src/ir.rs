//! The generator's own model of an API, produced by `lower` and read by `emit`.
//! Nothing here refers to openapiv3; every name is final.

/// Names a [`TypeDef`]: its index in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

impl std::ops::Index<TypeId> for [TypeDef] {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        &self[id.0]
    }
}

impl std::ops::IndexMut<TypeId> for [TypeDef] {
    fn index_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self[id.0]
    }
}

impl std::ops::Index<TypeId> for Vec<TypeDef> {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        &self[id.0]
    }
}

impl std::ops::IndexMut<TypeId> for Vec<TypeDef> {
    fn index_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self[id.0]
    }
}

/// Names a [`Credential`]: its index in [`Api::credentials`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CredentialId(pub usize);

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The document's servers: the default base URL and the builder's
    /// server settings.
    pub servers: Servers,
    /// Credentials a client can be configured with (from `securitySchemes`).
    pub credentials: Vec<Credential>,
    /// Optional header parameters every operation accepts: options on the
    /// builder and on `RequestOptions` rather than method arguments.
    pub common_headers: Vec<Field>,
    /// Response headers the spec declares, read through methods of
    /// `ResponseMeta` and `ApiError`.
    pub response_headers: Vec<ResponseHeader>,
    /// All named types, in a stable order.
    pub types: Vec<TypeDef>,
    /// All operations, in spec order.
    pub operations: Vec<Operation>,
    /// How many operations the spec declares (`$ref` path items followed); those
    /// not in `operations` were skipped with a warning.
    pub declared_operations: usize,
    /// Cargo features that each compile a part of the crate; empty when the
    /// crate is not split.
    pub features: Vec<Feature>,
}

/// A response header declared in the spec (under any operation's responses).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header's name, as first declared.
    pub wire: String,
    /// The method that reads it.
    pub name: String,
    /// The header's description.
    pub doc: Option<String>,
    /// Its value type: `String`, an integer, `f64` or `bool`.
    pub ty: Ty,
    /// `x-upstream-retry-count: true`: the header counts the retries a server
    /// in between already made, so the client does not retry again.
    pub upstream_retry_count: bool,
}

/// A cargo feature of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The feature's name.
    pub name: String,
    /// What enabling it compiles, for the manifest's comment.
    pub doc: String,
}

/// One way of authenticating, from a security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// The scheme's name in the spec.
    pub scheme: String,
    /// The builder method that sets it.
    pub method: String,
    /// The constant that names it in the generated client.
    pub const_name: String,
    /// Where the value goes on the wire.
    pub location: CredentialLocation,
    /// The scheme's description.
    pub doc: Option<String>,
    /// How to obtain the value, one paragraph each: the OAuth 2.0 flows with
    /// their URLs and scopes, or the OpenID Connect discovery URL.
    pub obtain: Vec<String>,
}

/// The document's servers (OpenAPI Server Objects), as the client builder
/// offers them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Servers {
    /// The client's default base URL: the first server of the document that
    /// is an absolute `http(s)` URL, its variables at their defaults.
    pub default_url: Option<String>,
    /// That server's URL template (`https://{region}.api.example.com`), when
    /// it has variables.
    pub template: Option<String>,
    /// The template's variables: one builder setting each.
    pub variables: Vec<ServerVariable>,
    /// The other servers listed anywhere in the document that the client
    /// never picks by itself (`url`, description): other document servers,
    /// and entries that are not absolute URLs. The `base_url` setting names them.
    pub others: Vec<(String, Option<String>)>,
}

/// A variable of the default server's URL template (OpenAPI Server Variable Object).
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The placeholder's name.
    pub wire: String,
    /// The builder method that sets it (`server_region`).
    pub method: String,
    /// `default`.
    pub default: String,
    /// `enum`: the values allowed; any value when empty.
    pub allowed: Vec<String>,
    /// `description`.
    pub doc: Option<String>,
}

/// Where a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialLocation {
    /// A header carrying the value as is.
    Header(String),
    /// `Authorization: Bearer <value>`.
    Bearer,
    /// `Authorization: Basic base64(user:password)` (HTTP `basic`).
    Basic,
    /// A query parameter.
    Query(String),
    /// A cookie: one `name=value` pair of the `Cookie` header (RFC 6265).
    Cookie(String),
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Where it comes from in the spec (JSON pointer).
    pub origin: String,
    /// Documentation from the spec.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Whether values of this type are sent, received, or both.
    pub usage: Usage,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// The cargo features any of which compiles this type; `None` when it is
    /// always compiled.
    pub features: Option<Vec<String>>,
}

/// Whether a type appears in requests, responses, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a request body or parameter.
    pub input: bool,
    /// Reachable from a response, or from nothing at all.
    pub output: bool,
}

/// The shape of a [`TypeDef`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct(Struct),
    /// A string with a fixed set of values (plus any value a newer server sends).
    Enum(Vec<EnumVariant>),
    /// A union told apart by a tag property.
    Tagged(Tagged),
    /// A union told apart by trying each member in turn.
    Untagged(Vec<UntaggedVariant>),
    /// A named wrapper around another type (maps, arrays, scalars).
    Newtype(Ty),
    /// The query parameters and own header parameters of one operation.
    Params(Params),
    /// The responses of one operation, told apart by HTTP status rather than
    /// by their shape: its successes (when they have several bodies) or its
    /// declared errors.
    Outcomes(Outcomes),
}

/// The declared responses of one operation (OpenAPI Responses Object), as
/// one Rust enum with a variant per distinct body.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    /// The operation's `operationId`.
    pub operation: String,
    /// Error responses (4xx, 5xx, `default` beside a success), read from an
    /// `Error`; otherwise success responses, the method's result.
    pub errors: bool,
    /// One variant per distinct body, and one per status declared without
    /// content, in status order.
    pub variants: Vec<Outcome>,
}

/// A variant of [`Outcomes`]: the statuses that answer with one body.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Rust variant name.
    pub name: String,
    /// The statuses (codes, ranges, `default`) whose body this is.
    pub statuses: Vec<Status>,
    /// The body: `Json`, `Text`, `Bytes`, or `Empty` for a unit variant.
    pub body: Response,
    /// The first of these responses' `description`.
    pub doc: Option<String>,
}

/// The key of a response in an OpenAPI Responses Object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One status code, such as `404`.
    Code(u16),
    /// A range such as `4XX`: the first digit.
    Range(u16),
    /// `default`: every status not declared otherwise.
    Default,
}

impl Status {
    /// The key as the spec writes it: `404`, `4XX`, `default`.
    pub fn key(self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(digit) => format!("{digit}XX"),
            Status::Default => "default".to_owned(),
        }
    }
}

/// The parameters of one operation that travel outside the path and body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params {
    /// Query parameters, in spec order.
    pub query: Vec<Field>,
    /// Header parameters this operation alone accepts.
    pub headers: Vec<Field>,
    /// Cookie parameters, sent in the `Cookie` header (RFC 6265).
    pub cookies: Vec<Field>,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Declared properties, in spec order.
    pub fields: Vec<Field>,
    /// What happens to properties the spec does not declare (kept by the
    /// union's members instead when the struct has a `union`).
    pub extra: Extra,
    /// The union the object also is one member of (a `oneOf`/`anyOf` beside
    /// its properties, or among the members of its `allOf`), when it has one.
    /// The union's members read the properties the struct's fields do not
    /// take, undeclared ones included, so the struct has no `extra` of its own.
    pub union: Option<UnionField>,
    /// The string field that tells this struct apart in the tagged unions it
    /// is a member of, and the value it takes there (when they agree on one):
    /// `(Rust field name, value)`. Its constructor fills it in.
    pub tag: Option<(String, String)>,
}

/// The field of a [`Struct`] holding the union the object also is, read from
/// and written to the same object as the struct's fields (serde `flatten`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnionField {
    /// Rust field name.
    pub name: String,
    /// The union's type.
    pub ty: Ty,
}

/// The field that keeps undeclared properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Extra {
    /// Rust field name.
    pub name: String,
    /// Value type of the kept properties.
    pub value: Ty,
    /// `additionalProperties: false`: the spec promises no other properties.
    pub closed: bool,
}

/// A property of a struct, or a parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Value type (without the optional/nullable wrapping).
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// `null` is a meaningful value.
    pub nullable: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly`/`writeOnly`: the directions the property travels in.
    pub access: Access,
    /// How the Rust field holds the value; decided once, after lowering knows
    /// which types are sent.
    pub repr: FieldRepr,
    /// For a parameter, how its value is written (`style`, `explode`,
    /// `allowReserved` or `content`); `None` for a struct property.
    pub style: Option<ParamStyle>,
}

/// How a parameter's value is written: OpenAPI Parameter Object `style`,
/// `explode` and `allowReserved` (section 4.8.12), or its `content` media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamStyle {
    /// The style; a disallowed one was replaced by its location's default.
    pub style: Style,
    /// `explode`, or its default: `true` for `form`, `false` otherwise.
    pub explode: bool,
    /// `allowReserved` (query parameters): reserved characters are sent unencoded.
    pub allow_reserved: bool,
}

impl ParamStyle {
    /// The default of a location (`path`, `query`, `header`, `cookie`):
    /// `form` with `explode: true` for query and cookie parameters, `simple`
    /// with `explode: false` for path and header parameters.
    pub fn default_for(location: &str) -> ParamStyle {
        let form = matches!(location, "query" | "cookie");
        ParamStyle {
            style: if form { Style::Form } else { Style::Simple },
            explode: form,
            allow_reserved: false,
        }
    }
}

/// A parameter style (OpenAPI section 4.8.12.4, "Style Values"), or the
/// media type of a parameter described by `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    /// `matrix` (path): `;color=blue`.
    Matrix,
    /// `label` (path): `.blue`.
    Label,
    /// `simple` (path, header): `blue,black`.
    Simple,
    /// `form` (query, cookie): `color=blue`.
    Form,
    /// `spaceDelimited` (query): `color=blue%20black`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `color=blue%7Cblack`.
    PipeDelimited,
    /// `deepObject` (query): `color[R]=100`.
    DeepObject,
    /// `content`: the value as the text of this media type.
    Content(String),
}

/// Which directions a property travels in (OpenAPI 3.0 Schema Object
/// `readOnly`, `writeOnly`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Both ways.
    ReadWrite,
    /// `readOnly`: only in responses; a request does not send it.
    ReadOnly,
    /// `writeOnly`: only in requests; a response does not carry it.
    WriteOnly,
}

/// How a struct field or parameter holds its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRepr {
    /// `T`: required and never null.
    Plain,
    /// `Option<T>`: may be absent (a `null` received reads as absent); `None`
    /// is not sent.
    Optional,
    /// `Option<T>` in a type that is sent: required but nullable, so `None` is
    /// sent as `null`.
    Nullable,
    /// `Option<Option<T>>` in a type that is sent: optional and nullable, so
    /// omitted (`None`), cleared with `null` (`Some(None)`) and set are three
    /// different requests.
    Clearable,
}

impl Field {
    /// The representation of this field in a type sent (`input`), received
    /// (`output`) or both: a property is required only where it travels, so
    /// a `readOnly` one is optional in a type that is sent and a `writeOnly`
    /// one in a type that is received.
    pub fn repr_in(&self, input: bool, output: bool) -> FieldRepr {
        let travels = match self.access {
            Access::ReadWrite => true,
            Access::ReadOnly => !input,
            Access::WriteOnly => !output,
        };
        FieldRepr::of(self.required && travels, self.nullable, input)
    }
}

impl FieldRepr {
    /// The representation of a field `required` and `nullable` as the spec
    /// says, in a type that is sent (`input`) or only received.
    pub fn of(required: bool, nullable: bool, input: bool) -> FieldRepr {
        match (required, nullable) {
            (true, false) => FieldRepr::Plain,
            (true, true) if input => FieldRepr::Nullable,
            (false, true) if input => FieldRepr::Clearable,
            _ => FieldRepr::Optional,
        }
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The string on the wire.
    pub wire: String,
    /// Rust variant name.
    pub name: String,
}

/// A tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The tag property, e.g. `type`.
    pub tag: String,
    /// One variant per member.
    pub variants: Vec<TaggedVariant>,
}

/// A member of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The tag values that select this member, at least one: several when
    /// several discriminator `mapping` entries name its schema, when an
    /// unmapped member's tag property allows several values, or when the
    /// member is itself a union (told apart by the same property or by
    /// another). The first is the one constructors fill in.
    pub wires: Vec<String>,
    /// Rust variant name.
    pub name: String,
    /// The member's type.
    pub ty: Ty,
}

/// A member of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    /// Rust variant name.
    pub name: String,
    /// The member's type.
    pub ty: Ty,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// `String`.
    String,
    /// A Rust integer type.
    Int(IntKind),
    /// `f64`.
    Float,
    /// `bool`.
    Bool,
    /// Any JSON value.
    Json,
    /// Any JSON object.
    JsonObject,
    /// A named type.
    Named(TypeId),
    /// `Vec<T>`.
    Array(Box<Ty>),
    /// `(A, B, ..)`: an array of fixed length whose items each have their
    /// own type (`prefixItems`); serde reads and writes it as a JSON array.
    Tuple(Vec<Ty>),
    /// A map with string keys.
    Map(Box<Ty>),
    /// `Option<T>` inside a container (an array item or map value that may be null).
    Nullable(Box<Ty>),
    /// Binary content (`format: binary`): a file part in a multipart body.
    Bytes,
    /// Base64 text (`format: byte`): `runtime::Base64`, kept as received and
    /// decoded on demand.
    Base64,
    /// `Box<T>`: breaks a cycle of types that would otherwise hold each other inline.
    Boxed(Box<Ty>),
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntKind {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` (or one derived from the method and path).
    pub id: String,
    /// The Rust names of everything generated for it.
    pub names: OperationNames,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL.
    pub path: PathTemplate,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Path parameters, one per placeholder name, in template order.
    pub path_params: Vec<Field>,
    /// The parameter struct (query parameters and this operation's own header
    /// parameters), when it has any.
    pub params: Option<TypeId>,
    /// Headers with a single allowed value, sent on every call.
    pub fixed_headers: Vec<(String, String)>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful response holds.
    pub response: Response,
    /// The enum ([`TypeKind::Outcomes`]) of its declared error responses,
    /// when at least one of them has a body.
    pub errors: Option<TypeId>,
    /// The operation can answer with server-sent events.
    pub stream: Option<EventStream>,
    /// The operation lists items page by page.
    pub pagination: Option<Pagination>,
    /// The credentials it accepts: those of any of its security alternatives,
    /// in the order of [`Api::credentials`].
    pub credentials: Vec<CredentialId>,
    /// Its security alternatives (Security Requirement Objects, the
    /// document's when it declares none): each the credentials that together
    /// authenticate a call. An empty one (`{}`) makes authentication
    /// optional; none at all (`security: []`) means it takes no credentials.
    pub security: Vec<Vec<CredentialId>>,
    /// Its own base URL, from its or its path's `servers` when they differ
    /// from the document's (variables at their defaults). The client's base
    /// URL replaces it when set explicitly.
    pub server: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The part of the API it belongs to: its first tag, or else the first
    /// segment of its path.
    pub resource: String,
    /// The cargo feature that compiles it; `None` when it is always compiled.
    pub feature: Option<String>,
}

/// The Rust names generated for one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationNames {
    /// The method returning the decoded body.
    pub method: String,
    /// Its twin returning the body with the response's metadata.
    pub with_response: String,
    /// The method streaming server-sent events, when the operation has them.
    pub stream: Option<String>,
    /// The method streaming every item across pages, when it is paginated.
    pub paginate: Option<String>,
    /// The constant holding the operation's static facts.
    pub constant: String,
}

/// A path template such as `/threads/{thread_id}/messages`, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTemplate {
    /// The template as the spec writes it.
    pub text: String,
    /// Literal text and placeholders, in order.
    pub segments: Vec<PathSegment>,
}

/// A piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// Text sent as written.
    Literal(String),
    /// A `{placeholder}`: the path parameter of this wire name.
    Param(String),
}

impl PathTemplate {
    /// Splits `text` at its `{placeholders}` (RFC 6570 simple expansion, as
    /// OpenAPI path templating uses). An unclosed `{` is literal text.
    pub fn parse(text: &str) -> PathTemplate {
        let mut segments = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            if start > 0 {
                segments.push(PathSegment::Literal(rest[..start].to_owned()));
            }
            segments.push(PathSegment::Param(rest[start + 1..start + len].to_owned()));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        PathTemplate {
            text: text.to_owned(),
            segments,
        }
    }

    /// The placeholder names, in order (a name used twice appears twice).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }
}

/// A `text/event-stream` response.
#[derive(Debug, Clone, PartialEq)]
pub struct EventStream {
    /// The type of one event.
    pub event: Ty,
    /// Events are `{event, data}` objects (a union tagged by `event`); the
    /// stream ends at `done`. Otherwise each event's data is one item.
    pub named: bool,
    /// The body has a boolean `stream` property the method sets to `true`.
    pub sets_stream_flag: bool,
}

/// A cursor-paginated list: `after` in the query, `data`, `has_more` and
/// `last_id` in the page (Rust field names; their representations are those
/// of the page struct's fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The item type of `data`.
    pub item: Ty,
    /// The parameter struct's `after` field.
    pub after: String,
    /// The page type, a struct.
    pub page: TypeId,
    /// The page's `data` field.
    pub data: String,
    /// The page's `has_more` field.
    pub has_more: String,
    /// The page's `last_id` field.
    pub last_id: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: Ty,
    /// `required: true`.
    pub required: bool,
    /// How it is encoded.
    pub kind: BodyKind,
    /// The media type chosen from those the spec offers, as the spec spells it.
    pub media: String,
    /// The other media types the spec offers for it, in the spec's order
    /// (named in the method's docs; only `kind` is sent).
    pub other_media: Vec<String>,
    /// For an `application/x-www-form-urlencoded` body: the properties its
    /// Encoding Objects give a `style` (`encoding: {card: {style:
    /// deepObject, explode: true}}`), by wire name, in the spec's order.
    pub encoding: Vec<(String, ParamStyle)>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` (or `+json`).
    Json,
    /// `multipart/form-data`: one part per property, files as file parts
    /// (from the entries of a map when the schema names no properties).
    Multipart,
    /// `application/x-www-form-urlencoded`: one field per property (from the
    /// entries of a map when the schema names no properties).
    Form,
    /// A `text/*` media type, sent as given.
    Text(String),
    /// Any other media type, sent as raw bytes with that content type.
    Bytes(String),
}

/// What a successful response holds (and, inside [`Outcome`], what one
/// response of a status holds).
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// A JSON body of this type.
    Json(Ty),
    /// A text body of this media type.
    Text(String),
    /// A binary body (audio, files, ...) of this media type.
    Bytes(String),
    /// No body, or a body nobody needs to read.
    Empty,
    /// One body (`Json`, `Text` or `Bytes`) on some statuses and none on
    /// the `empty` ones (204, or any success declared without content): the
    /// result is `Option<T>`, `None` for those.
    Optional {
        /// The body of the statuses that have one.
        body: Box<Response>,
        /// The statuses declared with it.
        present: Vec<Status>,
        /// The statuses declared without content.
        empty: Vec<Status>,
    },
    /// Several different bodies: the operation's [`TypeKind::Outcomes`] enum.
    Choice(TypeId),
}

impl Response {
    /// The named types the result holds.
    pub fn types(&self) -> Vec<TypeId> {
        match self {
            Response::Json(ty) => {
                let mut out = Vec::new();
                ty.named(&mut out);
                out
            }
            Response::Optional { body, .. } => body.types(),
            Response::Choice(id) => vec![*id],
            Response::Text(_) | Response::Bytes(_) | Response::Empty => Vec::new(),
        }
    }
}

impl Ty {
    /// Pushes the named types this expression mentions, through any container.
    pub fn named(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) => out.push(*id),
            Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) | Ty::Boxed(inner) => {
                inner.named(out)
            }
            Ty::Tuple(elements) => elements.iter().for_each(|e| e.named(out)),
            _ => {}
        }
    }
}
