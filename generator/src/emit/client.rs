//! Emits `client.rs`: the builder, one method per credential, and one async
//! method per operation. Each method only states its operation's facts; the
//! runtime does the work.

use super::docs;
use super::models::ident;
use super::Emitter;
use super::FieldRepr;
use crate::ir::{Body, BodyKind, CredentialLocation, Method, Operation, Response, Ty, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    /// The whole client module.
    pub fn client(&self) -> TokenStream {
        let api = self.api;
        let base_url = api
            .default_base_url
            .clone()
            .unwrap_or_else(|| "http://localhost".to_owned());
        let specs = api.credentials.iter().map(|c| match &c.location {
            CredentialLocation::Header(h) => quote!(runtime::CredentialSpec::Header(#h)),
            CredentialLocation::Bearer => quote!(runtime::CredentialSpec::Bearer),
            CredentialLocation::Query(q) => quote!(runtime::CredentialSpec::Query(#q)),
        });
        let names = api.credentials.iter().map(|c| &c.method);
        let setters = api.credentials.iter().enumerate().map(|(i, c)| {
            let method = ident(&c.method);
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            let place = match &c.location {
                CredentialLocation::Header(h) => format!("Sent as the `{h}` header"),
                CredentialLocation::Bearer => "Sent as `Authorization: Bearer <value>`".to_owned(),
                CredentialLocation::Query(q) => format!("Sent as the `{q}` query parameter"),
            };
            let text = match c.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                Some(d) => format!(
                    "{d}\n\n{place} on the operations that accept it (security scheme `{}`).",
                    c.scheme
                ),
                None => format!(
                    "Sets the `{}` credential.\n\n{place} on the operations that accept it.",
                    c.scheme
                ),
            };
            let doc = docs::attrs(&format!("{text} Never shown by `Debug`."));
            quote! {
                #doc
                pub fn #method(mut self, value: impl Into<String>) -> Self {
                    self.inner.credential(#i, value.into());
                    self
                }
            }
        });
        let title = &api.title;
        let client_doc = docs::attrs(&format!(
            "Client for the {title}.\n\nCheap to clone: clones share one connection pool. Create one with [`Client::builder`]."
        ));
        let base_doc = docs::attrs(&format!(
            "Sets the base URL every path is appended to (default `{base_url}`)."
        ));
        let (methods, facts): (Vec<_>, Vec<_>) = self
            .api
            .operations
            .iter()
            .map(|op| self.operation(op))
            .unzip();
        let (header_options, header_setters) = self.header_options();
        quote! {
            //! The API client: configuration and one method per operation.
            #![allow(deprecated, reason = "deprecated operations and types are still offered; callers get the warning")]

            use crate::runtime;
            use crate::Error;

            const DEFAULT_BASE_URL: &str = #base_url;

            /// Credential slots, in the order the builder methods below use.
            const CREDENTIALS: &[runtime::CredentialSpec] = &[#(#specs),*];

            /// Builder method names of the credentials, for error messages.
            const CREDENTIAL_NAMES: &[&str] = &[#(#names),*];

            /// Configures and builds a [`Client`]. Credentials are never shown by `Debug`.
            #[derive(Debug, Clone)]
            pub struct ClientBuilder {
                inner: runtime::CoreBuilder,
            }

            impl ClientBuilder {
                #base_doc
                pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                    self.inner.base_url(base_url.into());
                    self
                }

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
                /// connection settings replace `connect_timeout`.
                pub fn http_client(mut self, client: reqwest::Client) -> Self {
                    self.inner.http_client(client);
                    self
                }

                /// Checks the settings and builds the client. Fails on a malformed base URL or a
                /// credential that cannot be sent in a header.
                pub fn build(self) -> Result<Client, Error> {
                    Ok(Client { inner: self.inner.build(CREDENTIAL_NAMES)? })
                }
            }

            impl crate::RequestOptions {
                #(#header_options)*
            }

            #(#facts)*

            #client_doc
            #[derive(Debug, Clone)]
            pub struct Client {
                inner: runtime::Core,
            }

            impl Client {
                /// Starts configuring a client.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder { inner: runtime::CoreBuilder::new(DEFAULT_BASE_URL, CREDENTIALS) }
                }

                /// A copy of this client whose calls use `options` (extra headers, timeout,
                /// retries) on top of this client's. The original is unchanged and the copy
                /// shares its connection pool, so this is cheap and safe to use per request.
                pub fn with_options(&self, options: crate::RequestOptions) -> Client {
                    Client { inner: self.inner.with_options(options) }
                }

                #(#methods)*
            }
        }
    }

    /// Code that puts `body` into `parts` (both in scope) as its media type says.
    fn attach_body(&self, body: &Body) -> TokenStream {
        match &body.kind {
            BodyKind::Json => quote!(parts.json(body)?),
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
                            self.form_fields(&s.fields, self.api.types[*id].usage)
                        }
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
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

    /// One statement per property, adding it to `form` from `body`.
    fn form_fields(
        &self,
        fields: &[crate::ir::Field],
        usage: crate::ir::Usage,
    ) -> Vec<TokenStream> {
        fields
            .iter()
            .map(|f| {
                let name = ident(&f.name);
                let wire = &f.wire;
                let add_one = |value: TokenStream, ty: &Ty| match ty {
                    Ty::Bytes => quote!(form.file(#wire, #value);),
                    ty if self.is_display_ty(ty) => quote!(form.text(#wire, #value.to_string());),
                    _ => quote!(form.json(#wire, #value)?;),
                };
                let add = match &f.ty {
                    Ty::Array(item) if **item == Ty::Bytes || self.is_display_ty(item) => {
                        let one = add_one(quote!(item), item);
                        quote! { for item in value { #one } }
                    }
                    ty => add_one(quote!(value), ty),
                };
                match self.field_repr(f, usage) {
                    FieldRepr::Plain => quote! {{ let value = &body.#name; #add }},
                    FieldRepr::Optional => quote! {
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
            let (arg, set) = match &h.ty {
                Ty::String => (
                    quote!(value: impl Into<String>),
                    quote!(self.header(#wire, value)),
                ),
                Ty::Bool | Ty::Int(_) | Ty::Float => {
                    let ty = self.ty_path(&h.ty);
                    (
                        quote!(value: #ty),
                        quote!(self.header(#wire, value.to_string())),
                    )
                }
                Ty::Named(id) if matches!(self.api.types[*id].kind, TypeKind::Enum(_)) => {
                    let ty = self.ty_path(&h.ty);
                    (
                        quote!(value: #ty),
                        quote!(self.header(#wire, value.to_string())),
                    )
                }
                other => {
                    let ty = self.ty_path(other);
                    (quote!(value: &#ty), quote!(self.json_header(#wire, value)))
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

    /// One operation's methods, and the static facts they share.
    fn operation(&self, op: &Operation) -> (TokenStream, TokenStream) {
        let cfg = Self::cfg(op.feature.as_ref().map(std::slice::from_ref));
        let method = ident(&op.method_name);
        let const_name = ident(&op.const_name);
        let id = &op.id;
        let path_template = &op.path;
        let http = match op.method {
            Method::Get => quote!(Get),
            Method::Post => quote!(Post),
            Method::Put => quote!(Put),
            Method::Patch => quote!(Patch),
            Method::Delete => quote!(Delete),
            Method::Head => quote!(Head),
            Method::Options => quote!(Options),
            Method::Trace => quote!(Trace),
        };
        let headers = op.fixed_headers.iter().map(|(n, v)| quote!((#n, #v)));
        let mut creds: Vec<usize> = op.security.iter().flatten().copied().collect();
        creds.sort_unstable();
        creds.dedup();
        let creds = creds
            .into_iter()
            .map(proc_macro2::Literal::usize_unsuffixed);

        let mut args = Vec::new();
        for p in &op.path_params {
            let name = ident(&p.name);
            args.push(quote!(#name: &str));
        }
        if let Some(body) = &op.body {
            let ty = match &body.kind {
                BodyKind::Text(_) => quote!(str),
                BodyKind::Bytes(_) => quote!([u8]),
                _ => self.ty_path(&body.ty),
            };
            if body.required {
                args.push(quote!(body: &#ty));
            } else {
                args.push(quote!(body: Option<&#ty>));
            }
        }
        if let Some(q) = op.query {
            let ty = ident(&self.api.types[q].name);
            args.push(quote!(query: &crate::models::#ty));
        }

        let (format_string, segments) = path_format(&op.path);
        let segment_exprs = segments.iter().map(|wire| {
            let p = op.path_params.iter().find(|p| &p.wire == wire);
            let name = ident(p.map_or(wire.as_str(), |p| p.name.as_str()));
            quote!(runtime::path_segment(#wire, #name)?)
        });
        let path = if segments.is_empty() {
            quote!(String::from(#format_string))
        } else {
            quote!(format!(#format_string, #(#segment_exprs),*))
        };
        let mut build = quote!(runtime::RequestParts::new(&#const_name, #path));
        if let Some(TypeKind::Query(params)) = op.query.map(|q| &self.api.types[q].kind) {
            if !params.query.is_empty() {
                build = quote!(#build.query(query.to_pairs()?));
            }
            if !params.headers.is_empty() {
                build = quote!(#build.headers(query.to_headers()?));
            }
        }
        if let Some(body) = &op.body {
            let attach = self.attach_body(body);
            build = if body.required {
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
            };
        }
        let (ret, finish) = match &op.response {
            Response::Json(ty) => (self.ty_path(ty), quote!(response.json())),
            Response::Text(_) => (quote!(String), quote!(response.text())),
            Response::Bytes(_) => (quote!(bytes::Bytes), quote!(Ok(response.bytes()))),
            Response::Empty => (quote!(()), quote!(Ok(response.empty()))),
        };
        let accept = match &op.response {
            Response::Text(media) | Response::Bytes(media) => media.clone(),
            Response::Json(_) | Response::Empty => "application/json".to_owned(),
        };
        let with_response = ident(&format!(
            "{}_with_response",
            crate::naming::unraw(&op.method_name)
        ));
        let arg_names: Vec<_> = op
            .path_params
            .iter()
            .map(|p| ident(&p.name))
            .chain(op.body.as_ref().map(|_| ident("body")))
            .chain(op.query.map(|_| ident("query")))
            .collect();
        let mut text = String::new();
        if let Some(summary) = op
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            text.push_str(summary);
            text.push_str("\n\n");
        }
        if let Some(desc) = op
            .description
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if Some(desc) != op.summary.as_deref().map(str::trim) {
                text.push_str(desc);
                text.push_str("\n\n");
            }
        }
        text.push_str(&format!(
            "Sends `{} {}` (operation `{}`).",
            op.method.as_str(),
            op.path,
            op.id
        ));
        for (n, v) in &op.fixed_headers {
            text.push_str(&format!(" Adds the `{n}: {v}` header."));
        }
        if !op.path_params.is_empty() {
            text.push_str("\n\nEach path parameter is percent-encoded as one path segment; an empty value, `.` or `..` is refused before sending.");
        }
        let doc = docs::attrs(&text);
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

        let with_doc = docs::attrs(&format!(
            "Like [`Self::{}`], and also returns the response's status, headers and gateway metadata.",
            crate::naming::unraw(&op.method_name)
        ));
        let fact = quote! {
            #cfg
            static #const_name: runtime::Operation = runtime::Operation {
                id: #id,
                method: runtime::Method::#http,
                path: #path_template,
                headers: &[#(#headers),*],
                credentials: &[#(#creds),*],
                accept: #accept,
            };
        };
        let stream = op.stream.as_ref().zip(op.stream_method.as_ref()).map(|(events, name)| {
            let name = ident(name);
            let event = self.ty_path(&events.event);
            let shape = if events.named { quote!(Named) } else { quote!(Data) };
            let flag = events.sets_stream_flag;
            let text = format!(
                "Streams `{}` as server-sent events{}: yields each event as it arrives{}.\n\nSends `{} {}` with `Accept: text/event-stream`. An `error` event ends the stream with `Err(Error::Stream)`.",
                op.id,
                if flag { " (sends the body with `\"stream\": true`)" } else { "" },
                if events.named { " and ends at the `done` event" } else { "" },
                op.method.as_str(),
                op.path,
            );
            let doc = docs::attrs(&text);
            quote! {
                #cfg
                #doc
                #deprecated
                pub async fn #name(&self, #(#args),*) -> Result<runtime::EventStream<#event>, Error> {
                    let request = #build.event_stream(#flag)?;
                    let response = self.inner.execute(request).await?;
                    Ok(response.events(runtime::EventShape::#shape))
                }
            }
        });
        let pages = op.pagination.as_ref().zip(op.paginate_method.as_ref()).map(|(p, name)| {
            let name = ident(name);
            let item = self.ty_path(&p.item);
            let (after, data, has_more, last_id) = (ident(&p.after), ident(&p.data), ident(&p.has_more), ident(&p.last_id));
            let data = if p.data_plain { quote!(page.#data) } else { quote!(page.#data.unwrap_or_default()) };
            let has_more = if p.has_more_plain { quote!(page.#has_more) } else { quote!(page.#has_more.unwrap_or(false)) };
            let last_id = if p.last_id_plain { quote!(Some(page.#last_id)) } else { quote!(page.#last_id) };
            let owned = op.path_params.iter().map(|p| {
                let n = ident(&p.name);
                quote!(let #n = #n.to_owned();)
            });
            let cloned: Vec<_> = op.path_params.iter().map(|p| {
                let n = ident(&p.name);
                quote!(let #n = #n.clone();)
            }).collect();
            let call_args = op.path_params.iter().map(|p| {
                let n = ident(&p.name);
                quote!(&#n)
            });
            let path_args = op.path_params.iter().map(|p| {
                let n = ident(&p.name);
                quote!(#n: &str)
            });
            let query_ty = op.query.map(|q| ident(&self.api.types[q].name));
            let text = format!(
                "Every item of `{}`, page after page: starts from `query`, then asks for `after = last_id` while the page says `has_more`, and stops at an empty page. An error is yielded as an item and ends the stream.\n\nEach page is one `{} {}` call, with retries as for [`Self::{}`].",
                op.id,
                op.method.as_str(),
                op.path,
                crate::naming::unraw(&op.method_name),
            );
            let doc = docs::attrs(&text);
            quote! {
                #cfg
                #doc
                #deprecated
                pub fn #name(&self, #(#path_args,)* query: &crate::models::#query_ty) -> impl futures::Stream<Item = Result<#item, Error>> + Send + 'static {
                    let client = self.clone();
                    #(#owned)*
                    runtime::paginate(
                        query.clone(),
                        move |query| {
                            let client = client.clone();
                            #(#cloned)*
                            async move {
                                let page = client.#method(#(#call_args,)* &query).await?;
                                Ok(runtime::Page { items: #data, has_more: #has_more, last_id: #last_id })
                            }
                        },
                        |query, cursor| query.#after = Some(cursor),
                    )
                }
            }
        });
        let methods = quote! {
            #cfg
            #doc
            #deprecated
            pub async fn #method(&self, #(#args),*) -> Result<#ret, Error> {
                self.#with_response(#(#arg_names),*).await.map(runtime::ApiResponse::into_data)
            }

            #cfg
            #with_doc
            #deprecated
            pub async fn #with_response(&self, #(#args),*) -> Result<runtime::ApiResponse<#ret>, Error> {
                let request = #build;
                let response = self.inner.execute(request).await?;
                #finish
            }

            #stream
            #pages
        };
        (methods, fact)
    }
}

/// A `format!` string for a path template and the placeholders it takes, in order.
fn path_format(template: &str) -> (String, Vec<String>) {
    let mut format = String::new();
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        format.push_str(&rest[..start].replace('}', "}}"));
        format.push_str("{}");
        names.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    (format, names)
}

#[cfg(test)]
mod tests {
    use super::path_format;

    #[test]
    fn path_templates_become_format_strings() {
        assert_eq!(
            path_format("/threads/{thread_id}/messages"),
            (
                "/threads/{}/messages".to_owned(),
                vec!["thread_id".to_owned()]
            )
        );
        assert_eq!(
            path_format("/a/{x}.{y}"),
            ("/a/{}.{}".to_owned(), vec!["x".to_owned(), "y".to_owned()])
        );
        assert_eq!(path_format("/plain"), ("/plain".to_owned(), vec![]));
    }
}
