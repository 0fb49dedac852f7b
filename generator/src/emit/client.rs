//! Emits `client.rs`: the builder, one method per credential, and one async
//! method per operation. Each method only states its operation's facts; the
//! runtime does the work.

use super::docs;
use super::models::ident;
use super::Emitter;
use crate::ir::{
    Body, BodyKind, Credential, CredentialLocation, FieldRepr, Operation, PathSegment, Response,
    Status, Ty, TypeKind,
};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    /// The whole client module.
    pub fn client(&self) -> TokenStream {
        let api = self.api;
        let base_url = self.default_base_url();
        let server = self.server_template();
        let credentials = self.credentials();
        let builder = self.builder();
        let (header_options, _) = self.header_options();
        let response_headers = self.response_headers();
        let client = self.client_struct();
        let operations = api.operations.iter().map(|op| self.operation(op));
        quote! {
            //! The API client: configuration and one method per operation.
            #![allow(deprecated, reason = "deprecated operations and types are still offered; callers get the warning")]

            use crate::runtime;
            use crate::Error;

            const DEFAULT_BASE_URL: &str = #base_url;

            #server

            #credentials

            #builder

            impl crate::RequestOptions {
                #(#header_options)*
            }

            #response_headers

            #client

            #(#operations)*
        }
    }

    /// `ClientBuilder`: base URL and server variables, one setter per
    /// credential and per client-wide header option, transport settings, `build`.
    fn builder(&self) -> TokenStream {
        let setters = self.api.credentials.iter().map(|c| {
            let method = ident(&c.method);
            let constant = ident(&c.const_name);
            let doc = docs::attrs(&format!("{} Never shown by `Debug`.", credential_text(c)));
            if c.location == CredentialLocation::Basic {
                return quote! {
                    #doc
                    pub fn #method(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                        let value = format!("{}:{}", user.into(), password.into());
                        self.inner.credential(#constant, value);
                        self
                    }
                };
            }
            quote! {
                #doc
                pub fn #method(mut self, value: impl Into<String>) -> Self {
                    self.inner.credential(#constant, value.into());
                    self
                }
            }
        });
        let (_, header_setters) = self.header_options();
        let base_url = self.base_url_setter();
        let variables = self.server_variable_setters();
        quote! {
            /// Configures and builds a [`Client`]. Credentials are never shown by `Debug`.
            #[derive(Debug, Clone)]
            pub struct ClientBuilder {
                inner: runtime::CoreBuilder,
            }

            impl ClientBuilder {
                #base_url

                #(#variables)*

                #(#setters)*

                #(#header_setters)*

                /// Limits how long each attempt may take, response body included (default 600 seconds).
                pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                    self.inner.timeout(timeout);
                    self
                }

                /// Limits how long connecting may take (default 5 seconds).
                pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
                    self.inner.connect_timeout(timeout);
                    self
                }

                /// How many times a failed attempt is retried (default 2). Connection errors,
                /// timeouts, 408, 409, 429 and 5xx are retried; other statuses are not.
                pub fn max_retries(mut self, max_retries: u32) -> Self {
                    self.inner.max_retries(max_retries);
                    self
                }

                /// The longest `Retry-After` the client will wait out (default 60 seconds); a
                /// longer demand fails at once with the response's error.
                pub fn max_retry_after(mut self, wait: std::time::Duration) -> Self {
                    self.inner.max_retry_after(wait);
                    self
                }

                /// Waits between attempts with this function instead of `tokio::time::sleep`.
                pub fn sleeper(mut self, sleeper: crate::Sleeper) -> Self {
                    self.inner.sleeper(sleeper);
                    self
                }

                /// Sends requests through this reqwest client (proxies, custom TLS, ...); its own
                /// connection settings replace `connect_timeout`. Requests still carry this
                /// crate's `User-Agent` header (see [`Client::builder`]).
                pub fn http_client(mut self, client: reqwest::Client) -> Self {
                    self.inner.http_client(client);
                    self
                }

                /// Checks the settings and builds the client. Fails on a malformed base URL, a
                /// server variable outside its allowed values or a credential that cannot be sent
                /// in a header.
                pub fn build(self) -> Result<Client, Error> {
                    Ok(Client { inner: self.inner.build(CREDENTIAL_NAMES)? })
                }
            }
        }
    }

    /// `Client` with its own methods (`builder`, `with_options`); the
    /// operations' methods follow in blocks of their own.
    fn client_struct(&self) -> TokenStream {
        let title = &self.api.title;
        let client_doc = docs::attrs(&format!(
            "Client for the {title}.\n\nCheap to clone: clones share one connection pool. Create one with [`Client::builder`]."
        ));
        let upstream: Vec<&str> = self
            .api
            .response_headers
            .iter()
            .filter(|h| h.upstream_retry_count)
            .map(|h| h.wire.as_str())
            .collect();
        let upstream = (!upstream.is_empty())
            .then(|| quote!(inner.upstream_retry_headers(&[#(#upstream),*]);));
        let register_server = self.register_server();
        let new_builder = quote! {
            let mut inner = runtime::CoreBuilder::new(DEFAULT_BASE_URL, CREDENTIALS);
            #register_server
            let user_agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
            inner.user_agent(user_agent);
            #upstream
            ClientBuilder { inner }
        };
        quote! {
            #client_doc
            #[derive(Debug, Clone)]
            pub struct Client {
                inner: runtime::Core,
            }

            impl Client {
                /// Starts configuring a client.
                ///
                /// Every request names this crate and its version in its `User-Agent`
                /// header (`name/version`); to send another, set it as an option:
                /// `client.with_options(RequestOptions::new().header("user-agent", "my-app/2.0"))`.
                pub fn builder() -> ClientBuilder {
                    #new_builder
                }

                /// A copy of this client whose calls use `options` (extra headers, timeout,
                /// retries) on top of this client's. The original is unchanged and the copy
                /// shares its connection pool, so this is cheap and safe to use per request.
                pub fn with_options(&self, options: crate::RequestOptions) -> Client {
                    Client { inner: self.inner.with_options(options) }
                }
            }
        }
    }

    /// Methods reading the response headers the spec declares, on
    /// `ResponseMeta` (success) and `ApiError` (failure) alike.
    fn response_headers(&self) -> Option<TokenStream> {
        let headers = &self.api.response_headers;
        if headers.is_empty() {
            return None;
        }
        let methods: Vec<TokenStream> = headers
            .iter()
            .map(|h| {
                let name = ident(&h.name);
                let wire = &h.wire;
                let text = match h.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                    Some(d) => format!("{d}\n\nThe `{wire}` response header, when sent."),
                    None => format!("The `{wire}` response header, when sent."),
                };
                let doc = docs::attrs(&text);
                match &h.ty {
                    Ty::String => quote! {
                        #doc
                        pub fn #name(&self) -> Option<&str> {
                            self.header(#wire)
                        }
                    },
                    ty => {
                        let ty = self.ty_path(ty);
                        quote! {
                            #doc
                            pub fn #name(&self) -> Option<#ty> {
                                self.header(#wire)?.trim().parse().ok()
                            }
                        }
                    }
                }
            })
            .collect();
        Some(quote! {
            impl crate::ResponseMeta {
                #(#methods)*
            }

            impl crate::ApiError {
                #(#methods)*
            }
        })
    }

    /// The credential table the runtime reads, its builder names, and one
    /// named id per credential.
    fn credentials(&self) -> TokenStream {
        let credentials = &self.api.credentials;
        let specs = credentials.iter().map(|c| match &c.location {
            CredentialLocation::Header(h) => quote!(runtime::CredentialSpec::Header(#h)),
            CredentialLocation::Bearer => quote!(runtime::CredentialSpec::Bearer),
            CredentialLocation::Basic => quote!(runtime::CredentialSpec::Basic),
            CredentialLocation::Query(q) => quote!(runtime::CredentialSpec::Query(#q)),
            CredentialLocation::Cookie(c) => quote!(runtime::CredentialSpec::Cookie(#c)),
        });
        let names = credentials.iter().map(|c| &c.method);
        let ids = credentials.iter().enumerate().map(|(i, c)| {
            let constant = ident(&c.const_name);
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            let doc = docs::attrs(&format!(
                "The `{}` security scheme ({}).",
                c.scheme,
                location_text(&c.location)
            ));
            quote! {
                #doc
                const #constant: runtime::CredentialId = runtime::CredentialId(#i);
            }
        });
        quote! {
            /// Where each credential is sent; a credential's id is its index here.
            const CREDENTIALS: &[runtime::CredentialSpec] = &[#(#specs),*];

            /// Builder method names of the credentials, for error messages.
            const CREDENTIAL_NAMES: &[&str] = &[#(#names),*];

            #(#ids)*
        }
    }

    /// Code that puts `body` into `parts` (both in scope) as its media type says.
    fn attach_body(&self, body: &Body) -> TokenStream {
        match &body.kind {
            BodyKind::Json if body.media == "application/json" => quote!(parts.json(body)?),
            BodyKind::Json => {
                let media = &body.media;
                quote!(parts.json_as(body, #media)?)
            }
            BodyKind::Text(media) => {
                quote!(parts.raw(bytes::Bytes::copy_from_slice(body.as_bytes()), #media))
            }
            BodyKind::Bytes(media) => {
                quote!(parts.raw(bytes::Bytes::copy_from_slice(body), #media))
            }
            BodyKind::Multipart | BodyKind::Form => {
                let fields = match &body.ty {
                    Ty::Named(id) => match &self.api.types[*id].kind {
                        TypeKind::Struct(s) => {
                            let mut fields = self.form_fields(&s.fields, &body.encoding);
                            // The union's member adds its own properties.
                            if let Some(union) = &s.union {
                                let name = ident(&union.name);
                                fields.push(quote!(form.fields_of(&body.#name)?;));
                            }
                            fields
                        }
                        _ => vec![quote!(form.fields_of(body)?;)],
                    },
                    _ => vec![quote!(form.fields_of(body)?;)],
                };
                let finish = if body.kind == BodyKind::Multipart {
                    quote!(parts.multipart(form))
                } else {
                    quote!(parts.form(form)?)
                };
                quote! {{
                    let mut form = runtime::FormData::default();
                    #(#fields)*
                    #finish
                }}
            }
        }
    }

    /// One statement per property, adding it to `form` from `body`; a
    /// property its Encoding Object gives a style is written in that style.
    fn form_fields(
        &self,
        fields: &[crate::ir::Field],
        encoding: &[(String, crate::ir::ParamStyle)],
    ) -> Vec<TokenStream> {
        fields
            .iter()
            .map(|f| {
                let name = ident(&f.name);
                let wire = &f.wire;
                let styled = encoding.iter().find(|(w, _)| w == wire).map(|(_, style)| {
                    let style = super::params::style_expr(style, &quote!(runtime));
                    quote!(form.styled(#wire, #style, value)?;)
                });
                let add_one = |value: TokenStream, ty: &Ty| match ty {
                    Ty::Bytes => quote!(form.file(#wire, #value);),
                    ty if self.is_display_ty(ty) => quote!(form.text(#wire, #value.to_string());),
                    _ => quote!(form.json(#wire, #value)?;),
                };
                let add = styled.unwrap_or_else(|| match &f.ty {
                    Ty::Array(item) if **item == Ty::Bytes || self.is_display_ty(item) => {
                        let one = add_one(quote!(item), item);
                        quote! { for item in value { #one } }
                    }
                    ty => add_one(quote!(value), ty),
                });
                match f.repr {
                    FieldRepr::Plain => quote! {{ let value = &body.#name; #add }},
                    FieldRepr::Optional | FieldRepr::Nullable => quote! {
                        if let Some(value) = &body.#name { #add }
                    },
                    FieldRepr::Clearable => quote! {
                        if let Some(Some(value)) = &body.#name { #add }
                    },
                }
            })
            .collect()
    }

    /// For each header every operation accepts: a `RequestOptions` method and a
    /// builder method that sets it for every call.
    fn header_options(&self) -> (Vec<TokenStream>, Vec<TokenStream>) {
        let mut options = Vec::new();
        let mut setters = Vec::new();
        for h in &self.api.common_headers {
            let method = ident(&h.name);
            let wire = &h.wire;
            let plain = self.written_as_text(h);
            let (arg, set) = match &h.ty {
                Ty::String if plain => (
                    quote!(value: impl Into<String>),
                    quote!(self.header(#wire, value)),
                ),
                Ty::Bool | Ty::Int(_) | Ty::Float if plain => {
                    let ty = self.ty_path(&h.ty);
                    (
                        quote!(value: #ty),
                        quote!(self.header(#wire, value.to_string())),
                    )
                }
                Ty::Named(id) if plain && matches!(self.api.types[*id].kind, TypeKind::Enum(_)) => {
                    let ty = self.ty_path(&h.ty);
                    (
                        quote!(value: #ty),
                        quote!(self.header(#wire, value.to_string())),
                    )
                }
                other => {
                    let ty = match other {
                        Ty::String => quote!(str),
                        other => self.ty_path(other),
                    };
                    let style = h
                        .style
                        .clone()
                        .unwrap_or_else(|| crate::ir::ParamStyle::default_for("header"));
                    let style = super::params::style_expr(&style, &quote!(crate::runtime));
                    (
                        quote!(value: &#ty),
                        quote!(self.styled_header(#wire, #style, value)),
                    )
                }
            };
            let described = h.doc.as_deref().map(str::trim).filter(|d| !d.is_empty());
            let text = match described {
                Some(d) => format!("{d}\n\nSent as the `{wire}` header."),
                None => format!("Sends the `{wire}` header."),
            };
            let doc = docs::attrs(&text);
            let builder_doc = docs::attrs(&format!("{text} Set here, it goes on every call; `RequestOptions::{}` overrides it per call.", crate::naming::unraw(&h.name)));
            options.push(quote! {
                #doc
                pub fn #method(self, #arg) -> Self {
                    #set
                }
            });
            setters.push(quote! {
                #builder_doc
                pub fn #method(mut self, #arg) -> Self {
                    self.inner.defaults(|options| options.#method(value));
                    self
                }
            });
        }
        (options, setters)
    }

    /// One operation: an `impl Client` block holding its static facts and
    /// its methods, compiled with its feature.
    fn operation(&self, op: &Operation) -> TokenStream {
        let cfg = Self::cfg(op.feature.as_ref().map(std::slice::from_ref));
        let facts = self.facts(op);
        let calls = self.call_methods(op);
        let stream = self.stream_method(op);
        let pages = self.paginate_method(op);
        quote! {
            #cfg
            impl Client {
                #facts
                #calls
                #stream
                #pages
            }
        }
    }

    /// The constant with what the runtime needs to know of an operation.
    fn facts(&self, op: &Operation) -> TokenStream {
        let constant = ident(&op.names.constant);
        let id = &op.id;
        let method = op.method.as_str();
        let path = &op.path.text;
        let headers = op.fixed_headers.iter().map(|(n, v)| quote!((#n, #v)));
        let credentials = op
            .credentials
            .iter()
            .map(|c| ident(&self.api.credentials[c.0].const_name));
        let accept = self.accept(&op.response);
        let doc = docs::attrs(&format!("How `{id}` is sent."));
        let server = match &op.server {
            Some(url) => quote!(Some(#url)),
            None => quote!(None),
        };
        quote! {
            #doc
            const #constant: runtime::Operation = runtime::Operation {
                id: #id,
                method: #method,
                path: #path,
                server: #server,
                headers: &[#(#headers),*],
                credentials: &[#(#credentials),*],
                accept: #accept,
            };
        }
    }

    /// The `Accept` header: the media types of the bodies the operation can
    /// answer with (`application/json` when it answers with none).
    fn accept(&self, response: &Response) -> String {
        let mut media: Vec<String> = Vec::new();
        let mut add = |body: &Response| {
            let m = match body {
                Response::Text(m) | Response::Bytes(m) => m.clone(),
                _ => "application/json".to_owned(),
            };
            if !media.contains(&m) {
                media.push(m);
            }
        };
        match response {
            Response::Optional { body, .. } => add(body),
            Response::Choice(id) => match &self.api.types[*id].kind {
                TypeKind::Outcomes(o) => o
                    .variants
                    .iter()
                    .filter(|v| v.body != Response::Empty)
                    .for_each(|v| add(&v.body)),
                _ => add(response),
            },
            other => add(other),
        }
        media.join(", ")
    }

    /// The method's result type, and the expression reading it from
    /// `response` (a `runtime::Response`) as a `Result<ApiResponse<_>, Error>`.
    fn result(&self, response: &Response) -> (TokenStream, TokenStream) {
        match response {
            Response::Json(ty) => (self.ty_path(ty), quote!(response.json())),
            Response::Text(_) => (quote!(String), quote!(response.text())),
            Response::Bytes(_) => (quote!(bytes::Bytes), quote!(Ok(response.bytes()))),
            Response::Empty => (quote!(()), quote!(Ok(response.empty()))),
            Response::Optional {
                body,
                present,
                empty,
            } => {
                let (ty, read) = self.result(body);
                let read = match body.as_ref() {
                    Response::Bytes(_) => quote!(Ok(response.bytes().map(Some))),
                    _ => quote!(#read.map(|r| r.map(Some))),
                };
                let none = quote!(Ok(response.empty().map(|()| None)));
                let mut entries = vec![(empty.as_slice(), none)];
                // A code with a body wins over a range declared without one.
                if empty.iter().any(|s| matches!(s, Status::Range(_))) {
                    entries.insert(0, (present.as_slice(), read.clone()));
                }
                let pick = super::status_match(quote!(response.status()), &entries, read);
                (quote!(Option<#ty>), pick)
            }
            Response::Choice(id) => {
                let def = &self.api.types[*id];
                let name = ident(&def.name);
                let TypeKind::Outcomes(outcomes) = &def.kind else {
                    return (quote!(serde_json::Value), quote!(response.json()));
                };
                let mut declared = Vec::new();
                let entries: Vec<(&[Status], TokenStream)> = outcomes
                    .variants
                    .iter()
                    .map(|v| {
                        declared.extend(v.statuses.iter().copied());
                        let variant = ident(&v.name);
                        let variant = quote!(crate::models::#name::#variant);
                        let read = match &v.body {
                            Response::Json(_) => quote!(response.json().map(|r| r.map(#variant))),
                            Response::Text(_) => quote!(response.text().map(|r| r.map(#variant))),
                            Response::Bytes(_) => quote!(Ok(response.bytes().map(#variant))),
                            _ => quote!(Ok(response.empty().map(|()| #variant))),
                        };
                        (v.statuses.as_slice(), read)
                    })
                    .collect();
                declared.sort();
                let list = super::status_list(&declared);
                let pick = super::status_match(
                    quote!(response.status()),
                    &entries,
                    quote!(Err(response.undeclared(#list))),
                );
                (quote!(crate::models::#name), pick)
            }
        }
    }

    /// An expression making the operation's `RequestParts` from its path
    /// parameters: given as text when each is written as text in `simple`
    /// style, else each expanded by its style first.
    fn request_parts(&self, op: &Operation) -> TokenStream {
        let constant = ident(&op.names.constant);
        let params: Vec<(&str, Option<&crate::ir::Field>)> = op
            .path
            .segments
            .iter()
            .filter_map(|segment| match segment {
                PathSegment::Param(wire) => Some((
                    wire.as_str(),
                    op.path_params.iter().find(|p| &p.wire == wire),
                )),
                PathSegment::Literal(_) => None,
            })
            .collect();
        let simple = |p: &crate::ir::Field| {
            self.written_as_text(p)
                && p.style
                    .as_ref()
                    .is_none_or(|s| s.style == crate::ir::Style::Simple)
        };
        if params.iter().all(|(_, p)| p.is_none_or(simple)) {
            let values = params
                .iter()
                .map(|(wire, p)| ident(p.map_or(*wire, |p| p.name.as_str())));
            return quote!(runtime::RequestParts::new(&Self::#constant, &[#(#values),*])?);
        }
        let values = params.iter().map(|(wire, p)| {
            let name = ident(p.map_or(*wire, |p| p.name.as_str()));
            match p {
                Some(p) if !simple(p) => {
                    let style = p
                        .style
                        .clone()
                        .unwrap_or_else(|| crate::ir::ParamStyle::default_for("path"));
                    let style = super::params::style_expr(&style, &quote!(runtime));
                    quote!(runtime::PathValue::styled(#wire, #style, #name)?)
                }
                _ => quote!(runtime::PathValue::simple(#wire, #name)?),
            }
        });
        quote!(runtime::RequestParts::with_path(&Self::#constant, &[#(#values),*])?)
    }

    /// The method's parameters (`name: type`) and the names they are passed on by.
    fn arguments(&self, op: &Operation) -> (Vec<TokenStream>, Vec<proc_macro2::Ident>) {
        let mut args = Vec::new();
        let mut names = Vec::new();
        for p in &op.path_params {
            let name = ident(&p.name);
            let ty = self.path_arg_ty(p);
            args.push(quote!(#name: #ty));
            names.push(name);
        }
        if let Some(body) = &op.body {
            let ty = match &body.kind {
                BodyKind::Text(_) => quote!(str),
                BodyKind::Bytes(_) => quote!([u8]),
                _ => self.ty_path(&body.ty),
            };
            args.push(if body.required {
                quote!(body: &#ty)
            } else {
                quote!(body: Option<&#ty>)
            });
            names.push(ident("body"));
        }
        if let Some(params) = op.params {
            let ty = ident(&self.api.types[params].name);
            args.push(quote!(query: &crate::models::#ty));
            names.push(ident("query"));
        }
        (args, names)
    }

    /// An expression building the operation's `RequestParts` from the
    /// method's arguments.
    fn request(&self, op: &Operation) -> TokenStream {
        let mut build = self.request_parts(op);
        if let Some(TypeKind::Params(params)) = op.params.map(|q| &self.api.types[q].kind) {
            if !params.query.is_empty() {
                build = quote!(#build.query(query.to_query()?));
            }
            if !params.headers.is_empty() {
                build = quote!(#build.headers(query.to_headers()?));
            }
            if !params.cookies.is_empty() {
                build = quote!(#build.cookies(query.to_cookies()?));
            }
        }
        let Some(body) = &op.body else {
            return build;
        };
        let attach = self.attach_body(body);
        if body.required {
            quote! {{
                let parts = #build;
                #attach
            }}
        } else {
            quote! {{
                let parts = #build;
                match body {
                    Some(body) => #attach,
                    None => parts,
                }
            }}
        }
    }

    /// The documentation of an operation's main method.
    fn operation_doc(&self, op: &Operation) -> String {
        let mut text = String::new();
        let summary = op
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if let Some(summary) = summary {
            text.push_str(summary);
            text.push_str("\n\n");
        }
        let description = op
            .description
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if let Some(desc) = description.filter(|d| Some(*d) != summary) {
            text.push_str(desc);
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "Sends `{} {}` (operation `{}`).",
            op.method.as_str(),
            op.path.text,
            op.id
        ));
        if let Some(body) = op.body.as_ref().filter(|b| !b.other_media.is_empty()) {
            let others: Vec<String> = body.other_media.iter().map(|m| format!("`{m}`")).collect();
            text.push_str(&format!(
                " The body is sent as `{}`; the spec also offers {}.",
                body.media,
                others.join(", ")
            ));
        }
        for (n, v) in &op.fixed_headers {
            text.push_str(&format!(" Adds the `{n}: {v}` header."));
        }
        if let Some(server) = &op.server {
            text.push_str(&format!(" Goes to this operation's own server, `{server}`, unless the client's base URL is set with [`ClientBuilder::base_url`]."));
        }
        if let Some(result) = self.result_text(op) {
            text.push_str("\n\n");
            text.push_str(&result);
        }
        if let Some(auth) = self.auth_text(op) {
            text.push_str("\n\n");
            text.push_str(&auth);
        }
        if !op.path_params.is_empty() {
            text.push_str("\n\nEach path parameter is percent-encoded as one path segment; an empty value, `.` or `..` is refused before sending.");
            for p in &op.path_params {
                let style = super::params::style_text(p, "path");
                if !style.is_empty() {
                    text.push_str(&format!(" `{}`:{style}", p.name));
                }
            }
        }
        text
    }

    /// What the result holds when the operation declares more than one
    /// kind of success, and where its declared error bodies are read.
    fn result_text(&self, op: &Operation) -> Option<String> {
        let mut text = Vec::new();
        match &op.response {
            Response::Optional { empty, .. } => {
                let keys: Vec<String> = empty.iter().map(|s| format!("`{}`", s.key())).collect();
                text.push(format!(
                    "Returns `None` when the server answers {} (declared without content).",
                    or_list(&keys)
                ));
            }
            Response::Choice(id) => text.push(format!(
                "The result tells the declared successes apart by status: [`{0}`](crate::models::{0}).",
                self.api.types[*id].name
            )),
            _ => {}
        }
        if let Some(id) = op.errors {
            text.push(format!(
                "A declared error body is read from the returned [`Error`] with [`{0}::from_error`](crate::models::{0}::from_error).",
                self.api.types[id].name
            ));
        }
        (!text.is_empty()).then(|| text.join(" "))
    }

    /// The operation's security alternatives in words; `None` when it takes
    /// no credentials.
    fn auth_text(&self, op: &Operation) -> Option<String> {
        let optional = op.security.iter().any(Vec::is_empty);
        let alternatives: Vec<String> = op
            .security
            .iter()
            .filter(|ids| !ids.is_empty())
            .map(|ids| {
                let names: Vec<String> = ids
                    .iter()
                    .map(|c| {
                        let method = naming::unraw(&self.api.credentials[c.0].method);
                        format!("[`ClientBuilder::{method}`]")
                    })
                    .collect();
                and_list(&names)
            })
            .collect();
        let head = if optional {
            "Authentication is optional: the call works without credentials, and accepts"
        } else {
            "Authenticates with"
        };
        let singles = op.security.iter().all(|ids| ids.len() <= 1);
        Some(match alternatives.as_slice() {
            [] => return None,
            [one] if optional => format!(
                "Authentication is optional: the call works without credentials, and sends {one} when it is set."
            ),
            [one] => format!("{head} {one}."),
            many if singles => format!(
                "{head} {} or {} (every one of them set on the builder is sent).",
                many[..many.len() - 1].join(", "),
                many[many.len() - 1]
            ),
            many => format!(
                "{head} one of these sets of credentials (every one of them set on the builder is sent):\n\n- {}",
                many.join("\n- ")
            ),
        })
    }

    /// The method returning the decoded body, and its `_with_response` twin.
    fn call_methods(&self, op: &Operation) -> TokenStream {
        let method = ident(&op.names.method);
        let with_response = ident(&op.names.with_response);
        let (args, arg_names) = self.arguments(op);
        let build = self.request(op);
        let (ret, finish) = self.result(&op.response);
        let doc = docs::attrs(&self.operation_doc(op));
        let with_doc = docs::attrs(&format!(
            "Like [`Self::{}`], and also returns the response's status and headers.",
            naming::unraw(&op.names.method)
        ));
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #doc
            #deprecated
            pub async fn #method(&self, #(#args),*) -> Result<#ret, Error> {
                self.#with_response(#(#arg_names),*).await.map(runtime::ApiResponse::into_data)
            }

            #with_doc
            #deprecated
            pub async fn #with_response(&self, #(#args),*) -> Result<runtime::ApiResponse<#ret>, Error> {
                let request = #build;
                let response = self.inner.execute(request).await?;
                #finish
            }
        }
    }

    /// The method streaming the operation's server-sent events, when it has them.
    fn stream_method(&self, op: &Operation) -> Option<TokenStream> {
        let events = op.stream.as_ref()?;
        let name = ident(op.names.stream.as_ref()?);
        let (args, _) = self.arguments(op);
        let build = self.request(op);
        let event = self.ty_path(&events.event);
        let shape = if events.named {
            quote!(Named)
        } else {
            quote!(Data)
        };
        let flag = events.sets_stream_flag;
        let text = format!(
            "Streams `{}` as server-sent events{}: yields each event as it arrives{}.\n\nSends `{} {}` with `Accept: text/event-stream`. An `error` event ends the stream with `Err(Error::Stream)`.",
            op.id,
            if flag { " (sends the body with `\"stream\": true`)" } else { "" },
            if events.named { " and ends at the `done` event" } else { "" },
            op.method.as_str(),
            op.path.text,
        );
        let doc = docs::attrs(&text);
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        Some(quote! {
            #doc
            #deprecated
            pub async fn #name(&self, #(#args),*) -> Result<runtime::EventStream<#event>, Error> {
                let request = #build.event_stream(#flag)?;
                let response = self.inner.execute(request).await?;
                Ok(response.events(runtime::EventShape::#shape))
            }
        })
    }

    /// The method streaming every item across pages, when the operation is paginated.
    fn paginate_method(&self, op: &Operation) -> Option<TokenStream> {
        let p = op.pagination.as_ref()?;
        let name = ident(op.names.paginate.as_ref()?);
        let method = ident(&op.names.method);
        let item = self.ty_path(&p.item);
        let after = ident(&p.after);
        let page_field = |name: &str| {
            let repr = match &self.api.types[p.page].kind {
                TypeKind::Struct(s) => s.fields.iter().find(|f| f.name == name).map(|f| f.repr),
                _ => None,
            };
            (ident(name), repr == Some(FieldRepr::Plain))
        };
        let data = match page_field(&p.data) {
            (data, true) => quote!(page.#data),
            (data, false) => quote!(page.#data.unwrap_or_default()),
        };
        let has_more = match page_field(&p.has_more) {
            (has_more, true) => quote!(page.#has_more),
            (has_more, false) => quote!(page.#has_more.unwrap_or(false)),
        };
        let last_id = match page_field(&p.last_id) {
            (last_id, true) => quote!(Some(page.#last_id)),
            (last_id, false) => quote!(page.#last_id),
        };
        let names: Vec<_> = op.path_params.iter().map(|p| ident(&p.name)).collect();
        let types: Vec<_> = op.path_params.iter().map(|p| self.path_arg_ty(p)).collect();
        let query_ty = op.params.map(|q| ident(&self.api.types[q].name));
        let text = format!(
            "Every item of `{}`, page after page: starts from `query`, then asks for `after = last_id` while the page says `has_more`, and stops at an empty page. An error is yielded as an item and ends the stream.\n\nEach page is one `{} {}` call, with retries as for [`Self::{}`]. The stream is `Unpin`: call `.next().await` (from `futures::StreamExt`) on it directly.",
            op.id,
            op.method.as_str(),
            op.path.text,
            naming::unraw(&op.names.method),
        );
        let doc = docs::attrs(&text);
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        Some(quote! {
            #doc
            #deprecated
            pub fn #name(&self, #(#names: #types,)* query: &crate::models::#query_ty) -> runtime::PageStream<#item> {
                let client = self.clone();
                #(let #names = #names.to_owned();)*
                runtime::paginate(
                    query.clone(),
                    move |query| {
                        let client = client.clone();
                        #(let #names = #names.clone();)*
                        async move {
                            let page = client.#method(#(&#names,)* &query).await?;
                            Ok(runtime::Page { items: #data, has_more: #has_more, last_id: #last_id })
                        }
                    },
                    |query, cursor| query.#after = Some(cursor),
                )
            }
        })
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Where a credential goes, in words.
fn location_text(location: &CredentialLocation) -> String {
    match location {
        CredentialLocation::Header(h) => format!("the `{h}` header"),
        CredentialLocation::Bearer => "`Authorization: Bearer <value>`".to_owned(),
        CredentialLocation::Basic => "`Authorization: Basic base64(user:password)`".to_owned(),
        CredentialLocation::Query(q) => format!("the `{q}` query parameter"),
        CredentialLocation::Cookie(c) => {
            format!("the `{c}` cookie (`Cookie: {c}=<value>`)")
        }
    }
}

/// The documentation of a credential's builder method.
fn credential_text(c: &Credential) -> String {
    let place = format!("Sent as {}", location_text(&c.location));
    let mut text = match c.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!(
            "{d}\n\n{place} on the operations that accept it (security scheme `{}`).",
            c.scheme
        ),
        None => format!(
            "Sets the `{}` credential.\n\n{place} on the operations that accept it.",
            c.scheme
        ),
    };
    for paragraph in &c.obtain {
        text.push_str("\n\n");
        text.push_str(paragraph);
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::ir::Api;
    use std::collections::BTreeSet;

    /// The names of the methods of `impl <type_name>` blocks in `file`.
    fn methods(file: &syn::File, type_name: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for item in &file.items {
            if let syn::Item::Impl(block) = item {
                let syn::Type::Path(path) = &*block.self_ty else {
                    continue;
                };
                if path.path.is_ident(type_name) {
                    for item in &block.items {
                        if let syn::ImplItem::Fn(f) = item {
                            out.insert(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
        out
    }

    /// The reserved lists that lowering names around are the emitter's own
    /// methods: every method the client and builder define is either one of
    /// them or a name lowering gave out.
    #[test]
    fn reserved_names_are_the_methods_emitted() {
        let spec = include_str!("../../../spec/portkey-assistants.yaml");
        let mut diags = crate::diagnostics::Diagnostics::default();
        let doc = crate::load::load(spec, &[], &mut diags)
            .expect("the spec loads")
            .doc;
        let api: Api = crate::lower::lower(&doc, &mut diags);
        let file: syn::File =
            syn::parse2(super::super::Emitter::new(&api).client()).expect("valid Rust");

        let mut given: BTreeSet<String> =
            api.credentials.iter().map(|c| c.method.clone()).collect();
        given.extend(api.common_headers.iter().map(|h| h.name.clone()));
        given.extend(api.servers.variables.iter().map(|v| v.method.clone()));
        for name in methods(&file, "ClientBuilder") {
            assert!(
                crate::naming::CLIENT_BUILDER_METHODS.contains(&name.as_str())
                    || given.contains(&name),
                "ClientBuilder::{name} is neither reserved nor given out"
            );
        }
        for name in crate::naming::CLIENT_BUILDER_METHODS {
            let derived = ["clone", "fmt"].contains(name);
            assert!(
                derived || methods(&file, "ClientBuilder").contains(*name),
                "{name} is reserved but not emitted"
            );
        }

        let mut operations: BTreeSet<String> = BTreeSet::new();
        for op in &api.operations {
            operations.insert(op.names.method.clone());
            operations.insert(op.names.with_response.clone());
            operations.extend(op.names.stream.clone());
            operations.extend(op.names.paginate.clone());
        }
        for name in methods(&file, "Client") {
            assert!(
                crate::naming::CLIENT_METHODS.contains(&name.as_str())
                    || operations.contains(&name),
                "Client::{name} is neither reserved nor an operation's"
            );
        }
    }
}
