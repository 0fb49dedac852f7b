//! Emits `models.rs`: one Rust type per named IR type.

use super::docs;
use super::Emitter;
use crate::ir::{
    Access, Field, FieldRepr, Outcomes, ParamStyle, Params, Response, Status, Struct, Tagged, Ty,
    TypeDef, TypeKind, UnionField, UntaggedVariant,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// The whole models module.
    pub fn models(&self) -> TokenStream {
        let order = self.model_order();
        let mut out = self.models_header();
        out.extend(self.model_items(&order));
        out
    }

    /// The types in the order `models.rs` lists them (by name).
    pub fn model_order(&self) -> Vec<&TypeDef> {
        let mut order: Vec<&TypeDef> = self.api.types.iter().collect();
        order.sort_by(|a, b| a.name.cmp(&b.name));
        order
    }

    /// The module's inner doc and attributes.
    pub fn models_header(&self) -> TokenStream {
        quote! {
            //! Request and response types, one per schema of the spec.
            #![allow(clippy::large_enum_variant, reason = "variants mirror the spec's unions; boxing them would change the public API")]
            #![allow(deprecated, reason = "the spec's deprecated types are still defined and used here; callers get the warning")]
        }
    }

    /// The items of some types, in the order given.
    pub fn model_items(&self, defs: &[&TypeDef]) -> TokenStream {
        let items = defs.iter().map(|def| self.type_def(def));
        quote!(#(#items)*)
    }

    fn type_def(&self, def: &TypeDef) -> TokenStream {
        let doc = docs::or(def.doc.as_deref(), || format!("The `{}` schema.", def.name));
        let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
        let cfg = Self::cfg(def.features.as_deref());
        let head = quote! { #doc #cfg #deprecated };
        match &def.kind {
            TypeKind::Struct(s) => self.structure(def, s, head),
            TypeKind::Enum(variants) => self.string_enum(def, variants, head),
            TypeKind::Tagged(t) => self.tagged(def, t, head),
            TypeKind::Untagged(vs) => self.untagged(def, vs, head),
            TypeKind::Newtype(ty) => self.newtype(def, ty, head),
            TypeKind::Params(params) => self.params(def, params, head),
            TypeKind::Outcomes(outcomes) => self.outcomes(def, outcomes, head),
        }
    }

    /// The value type a response body is read as; `None` for no body.
    pub(super) fn body_ty(&self, body: &Response, prefix: &TokenStream) -> Option<TokenStream> {
        match body {
            Response::Json(ty) => Some(self.ty_in(ty, prefix)),
            Response::Text(_) => Some(quote!(String)),
            Response::Bytes(_) => Some(quote!(bytes::Bytes)),
            Response::Empty | Response::Optional { .. } | Response::Choice(_) => None,
        }
    }

    /// An operation's responses told apart by status: an enum with a
    /// variant per body (a unit variant per status without one); for
    /// errors, with `from_error` reading one from an `Error`.
    fn outcomes(&self, def: &TypeDef, outcomes: &Outcomes, head: TokenStream) -> TokenStream {
        let name = ident(&def.name);
        let variants = outcomes.variants.iter().map(|v| {
            let statuses: Vec<String> = v.statuses.iter().map(|s| status_text(*s)).collect();
            let statuses = statuses.join(", ");
            let mut chars = statuses.chars();
            let statuses: String = chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
                .collect();
            let text = match &v.doc {
                Some(doc) => format!("{statuses}: {doc}"),
                None => format!("{statuses}."),
            };
            let doc = docs::attrs(&text);
            let variant = ident(&v.name);
            match self.body_ty(&v.body, &quote!()) {
                Some(ty) => quote!(#doc #variant(#ty),),
                None => quote!(#doc #variant,),
            }
        });
        let from_error = outcomes.errors.then(|| {
            let cfg = Self::cfg(def.features.as_deref());
            let entries: Vec<(&[Status], TokenStream)> = outcomes
                .variants
                .iter()
                .map(|v| {
                    let variant = ident(&v.name);
                    let read = match &v.body {
                        Response::Json(_) => quote!(error.json().map(Self::#variant)),
                        Response::Text(_) => quote!(error.text().map(Self::#variant)),
                        Response::Bytes(_) => {
                            quote!(Some(Self::#variant(error.raw_body.clone())))
                        }
                        _ => quote!(Some(Self::#variant)),
                    };
                    (v.statuses.as_slice(), read)
                })
                .collect();
            let pick = super::status_match(quote!(error.status), &entries, quote!(None));
            let doc = docs::attrs(&format!("The declared error body of a failed `{}` call: `None` when `error` is not a response of a status declared here, or its body is not of the declared type (its untyped [`ApiError::body`](crate::ApiError::body) still holds it).", outcomes.operation));
            quote! {
                #cfg
                impl #name {
                    #doc
                    pub fn from_error(error: &crate::Error) -> Option<Self> {
                        let error = error.api_error()?;
                        #pick
                    }
                }
            }
        });
        quote! {
            #head
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants)*
            }

            #from_error
        }
    }

    fn structure(&self, def: &TypeDef, s: &Struct, head: TokenStream) -> TokenStream {
        let name = ident(&def.name);
        // With a union, its members keep the undeclared properties.
        let keep_extra = (!s.extra.closed || def.usage.output) && s.union.is_none();
        // An object keeping its undeclared properties is read in one pass by
        // `open_struct!` rather than through serde's buffering `flatten`.
        let one_pass = keep_extra && !holds_numbers(&s.extra.value);
        let fields = s.fields.iter().map(|f| self.field(f, !one_pass));
        let union = s.union.as_ref().map(|u| self.union_field(u));
        let extra = keep_extra.then(|| {
            let extra = ident(&s.extra.name);
            let value = self.ty(&s.extra.value);
            let doc = docs::attrs("Properties the spec does not declare, kept as received so that re-encoding loses nothing.");
            quote! {
                #doc
                #[serde(flatten)]
                pub #extra: std::collections::BTreeMap<String, #value>,
            }
        });
        // A member of a tagged union is built with its tag by `new`.
        let default = (s.fields.iter().all(|f| f.repr != FieldRepr::Plain)
            && s.union.is_none()
            && (s.tag.is_none() || !def.usage.input))
            .then(|| quote!(Default,));
        let cfg = Self::cfg(def.features.as_deref());
        let constructor = (def.usage.input && default.is_none()).then(|| {
            let constructor = self.constructor(&name, s, keep_extra);
            quote!(#cfg #constructor)
        });
        let (derive_de, reader) = if one_pass {
            (quote!(), Some(self.one_pass_reader(&name, s, &cfg)))
        } else {
            (quote!(serde::Deserialize), None)
        };
        quote! {
            #head
            #[derive(Debug, Clone, PartialEq, #default serde::Serialize, #derive_de)]
            pub struct #name {
                #(#fields)*
                #union
                #extra
            }

            #reader
            #constructor
        }
    }

    /// The `open_struct!` call implementing `Deserialize` for `s`: each
    /// field's wire name and how it is read.
    fn one_pass_reader(
        &self,
        name: &proc_macro2::Ident,
        s: &Struct,
        cfg: &TokenStream,
    ) -> TokenStream {
        let extra = ident(&s.extra.name);
        let entries = s.fields.iter().map(|f| {
            let field = ident(&f.name);
            let wire = &f.wire;
            let kind = match f.repr {
                FieldRepr::Plain => "req",
                FieldRepr::Clearable => "clear",
                FieldRepr::Nullable | FieldRepr::Optional => "opt",
            };
            let kind = if holds_numbers(&f.ty) {
                format_ident!("{kind}_num")
            } else {
                format_ident!("{kind}")
            };
            quote!(#field = #wire => #kind;)
        });
        quote! {
            #cfg
            crate::runtime::open_struct! { #name, #extra; #(#entries)* }
        }
    }

    /// The flattened field holding the union an object also is.
    fn union_field(&self, u: &UnionField) -> TokenStream {
        let name = ident(&u.name);
        let ty = self.ty(&u.ty);
        let doc = docs::attrs("Which member of the union the object also is, with that member's properties (undeclared ones included); read from and written to the same object as the fields above.");
        quote! {
            #doc
            #[serde(flatten)]
            pub #name: #ty,
        }
    }

    /// `new(required values)` for a type callers build: required fields are
    /// arguments (a field with one possible value is filled in), every other
    /// field starts absent. Struct-update syntax sets the rest.
    fn constructor(
        &self,
        type_name: &proc_macro2::Ident,
        s: &Struct,
        keep_extra: bool,
    ) -> TokenStream {
        let mut args = Vec::new();
        let mut inits = Vec::new();
        for f in &s.fields {
            let name = ident(&f.name);
            let tag = s
                .tag
                .as_ref()
                .filter(|(field, _)| *field == f.name)
                .map(|(_, value)| quote!(#value.to_owned()));
            if f.repr != FieldRepr::Plain {
                match tag {
                    Some(value) => inits.push(quote!(#name: Some(#value))),
                    None => inits.push(quote!(#name: None)),
                }
                continue;
            }
            let single = match &f.ty {
                Ty::Named(id) => match &self.api.types[*id].kind {
                    TypeKind::Enum(variants) if variants.len() == 1 => {
                        let ty = ident(&self.api.types[*id].name);
                        let variant = ident(&variants[0].name);
                        Some(quote!(#ty::#variant))
                    }
                    _ => None,
                },
                _ => None,
            };
            match single.or(tag) {
                Some(value) => inits.push(quote!(#name: #value)),
                None if f.ty == Ty::String => {
                    args.push(quote!(#name: impl Into<String>));
                    inits.push(quote!(#name: #name.into()));
                }
                None => {
                    let ty = self.ty(&f.ty);
                    args.push(quote!(#name: #ty));
                    inits.push(quote!(#name));
                }
            }
        }
        if let Some(union) = &s.union {
            let name = ident(&union.name);
            let ty = self.ty(&union.ty);
            args.push(quote!(#name: #ty));
            inits.push(quote!(#name));
        }
        if keep_extra {
            let extra = ident(&s.extra.name);
            inits.push(quote!(#extra: std::collections::BTreeMap::new()));
        }
        let doc = docs::attrs(&match &s.tag {
            Some((field, value)) => format!(
                "A value with the required fields given and every optional field absent; `{}` is `{value}`, the tag that makes it its union's member.",
                crate::naming::unraw(field)
            ),
            None => "A value with the required fields given and every optional field absent.".to_owned(),
        });
        let allow = args.is_empty().then(|| {
            quote!(#[allow(clippy::new_without_default, reason = "`Default` would suggest nothing is required")])
        });
        quote! {
            impl #type_name {
                #doc
                #allow
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
            }
        }
    }

    /// The description of the named type a field holds, for fields that are bare `$ref`s.
    fn doc_of(&self, ty: &Ty) -> Option<&str> {
        match ty {
            Ty::Named(id) => self.api.types[*id].doc.as_deref(),
            _ => None,
        }
    }

    /// A struct field; `derive_de` when serde's derived `Deserialize` reads
    /// it (and needs its reading attributes).
    fn field(&self, f: &Field, derive_de: bool) -> TokenStream {
        let name = ident(&f.name);
        let text = f.doc.as_deref().or_else(|| self.doc_of(&f.ty));
        let note = match f.access {
            Access::ReadWrite => None,
            Access::ReadOnly => Some("Read-only: set by the server; requests do not send it."),
            Access::WriteOnly => Some("Write-only: sent in requests; responses do not carry it."),
        };
        let doc = match (text.map(str::trim).filter(|t| !t.is_empty()), note) {
            (Some(text), Some(note)) => docs::attrs(&format!("{text}\n\n{note}")),
            (None, Some(note)) => docs::attrs(&format!("The `{}` property. {note}", f.wire)),
            (text, None) => docs::or(text, || format!("The `{}` property.", f.wire)),
        };
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        let rename = (crate::naming::unraw(&f.name) != f.wire).then(|| {
            let wire = &f.wire;
            quote!(rename = #wire,)
        });
        let inner = self.ty(&f.ty);
        let skip = quote!(skip_serializing_if = "Option::is_none",);
        // Integers are written exactly by serde; only reading needs help.
        let number = (derive_de && holds_numbers(&f.ty))
            .then(|| quote!(deserialize_with = "crate::runtime::number::deserialize",));
        let (ty, attrs) = match f.repr {
            // Read by `open_struct!`: only writing attributes.
            FieldRepr::Clearable if !derive_de => (quote!(Option<Option<#inner>>), quote!(#skip)),
            FieldRepr::Optional if !derive_de => (quote!(Option<#inner>), quote!(#skip)),
            FieldRepr::Plain | FieldRepr::Nullable if !derive_de => (
                if f.repr == FieldRepr::Nullable {
                    quote!(Option<#inner>)
                } else {
                    inner
                },
                quote!(),
            ),
            FieldRepr::Plain => (inner, quote!(#number)),
            // Omitted, `null` and a value are three different requests.
            FieldRepr::Clearable => {
                let with = if number.is_some() {
                    "crate::runtime::number::clearable"
                } else {
                    "crate::runtime::double_option"
                };
                (
                    quote!(Option<Option<#inner>>),
                    quote!(default, #skip with = #with,),
                )
            }
            // Required but nullable: `None` is sent as `null`.
            FieldRepr::Nullable => (quote!(Option<#inner>), quote!(default, #number)),
            FieldRepr::Optional => (quote!(Option<#inner>), quote!(default, #skip #number)),
        };
        let serde = if rename.is_some() || !attrs.is_empty() {
            quote!(#[serde(#rename #attrs)])
        } else {
            quote!()
        };
        quote! {
            #doc
            #deprecated
            #serde
            pub #name: #ty,
        }
    }

    fn string_enum(
        &self,
        def: &TypeDef,
        variants: &[crate::ir::EnumVariant],
        head: TokenStream,
    ) -> TokenStream {
        let cfg = Self::cfg(def.features.as_deref());
        let name = ident(&def.name);
        let decls = variants.iter().map(|v| {
            let vname = ident(&v.name);
            let doc = docs::attrs(&format!("`{}`", v.wire.replace('`', "'")));
            quote! { #doc #vname, }
        });
        let wires = variants.iter().map(|v| {
            let vname = ident(&v.name);
            let wire = &v.wire;
            quote!(#vname = #wire)
        });
        let unknown_doc = docs::attrs(
            "A value this version of the crate does not know, kept exactly as received.",
        );
        quote! {
            #head
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #name {
                #(#decls)*
                #unknown_doc
                Unknown(String),
            }

            #cfg
            crate::runtime::wire_enum! { #name; #(#wires;)* }
        }
    }

    fn tagged(&self, def: &TypeDef, t: &Tagged, head: TokenStream) -> TokenStream {
        let cfg = Self::cfg(def.features.as_deref());
        let name = ident(&def.name);
        let tag = &t.tag;
        let decls = t.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let ty = self.ty(&v.ty);
            let values: Vec<String> = v.wires.iter().map(|w| format!("`{tag}: {w}`")).collect();
            let doc = docs::attrs(&values.join(" or "));
            quote! { #doc #vname(#ty), }
        });
        let members = t.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let wires = &v.wires;
            quote!(#vname = #(#wires)|*)
        });
        let unknown_doc = docs::attrs(&format!(
            "A member whose `{tag}` this version of the crate does not know, kept exactly as received."
        ));
        quote! {
            #head
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#decls)*
                #unknown_doc
                Unknown(serde_json::Value),
            }

            #cfg
            crate::runtime::tagged_union! { #name, #tag; #(#members;)* }
        }
    }

    fn untagged(
        &self,
        def: &TypeDef,
        variants: &[UntaggedVariant],
        head: TokenStream,
    ) -> TokenStream {
        let name = ident(&def.name);
        let decls = variants.iter().enumerate().map(|(i, v)| {
            let vname = ident(&v.name);
            let ty = self.ty(&v.ty);
            let doc = docs::attrs(&format!("The `{}` form.", v.name));
            // A tagged union before other forms takes only the values whose
            // tag it knows, so that those forms get the others; the last
            // form keeps unknown tags in its own `Unknown`.
            let tagged = matches!(&v.ty, Ty::Named(id) if matches!(self.api.types[*id].kind, TypeKind::Tagged(_)));
            let known = (tagged && i + 1 < variants.len())
                .then(|| quote!(#[serde(deserialize_with = "crate::runtime::known_member")]));
            let number = number_attr(&v.ty);
            quote! { #doc #known #vname(#number #ty), }
        });
        let catch_all = !variants.iter().any(|v| v.ty == Ty::Json);
        let unknown = catch_all.then(|| {
            let doc =
                docs::attrs("A value matching none of the forms above, kept exactly as received.");
            quote! { #doc Unknown(serde_json::Value), }
        });
        quote! {
            #head
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#decls)*
                #unknown
            }
        }
    }

    fn newtype(&self, def: &TypeDef, ty: &Ty, head: TokenStream) -> TokenStream {
        let cfg = Self::cfg(def.features.as_deref());
        let name = ident(&def.name);
        let inner = self.ty(ty);
        let number = number_attr(ty);
        let default =
            matches!(ty, Ty::Map(_) | Ty::Array(_) | Ty::JsonObject).then(|| quote!(Default,));
        // A string newtype (a model ID, say) is also made from a literal.
        let from_str = (*ty == Ty::String).then(|| {
            quote! {
                #cfg
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self(value.to_owned())
                    }
                }
            }
        });
        quote! {
            #head
            #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            pub struct #name(#number pub #inner);

            #cfg
            impl From<#inner> for #name {
                fn from(value: #inner) -> Self {
                    Self(value)
                }
            }
            #from_str
        }
    }

    /// An operation's parameter struct, with `to_query`, `to_headers` and
    /// `to_cookies` for the parameters it holds.
    fn params(&self, def: &TypeDef, params: &Params, head: TokenStream) -> TokenStream {
        let cfg = Self::cfg(def.features.as_deref());
        let name = ident(&def.name);
        let all = || {
            params
                .query
                .iter()
                .map(|f| (f, "query parameter"))
                .chain(params.headers.iter().map(|f| (f, "header")))
                .chain(params.cookies.iter().map(|f| (f, "cookie")))
        };
        let decls = all().map(|(f, place)| {
            let fname = ident(&f.name);
            let mut text = match f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                Some(d) => format!("{d}\n\nSent as the `{}` {place}.", f.wire),
                None => format!("The `{}` {place}.", f.wire),
            };
            let location = place.split(' ').next().unwrap_or_default();
            text.push_str(&super::params::style_text(f, location));
            if place == "cookie" {
                text.push_str(&format!(
                    " Sent in the `Cookie` header as `{}=value` (RFC 6265), with the request's other cookies; space, `\"`, `,`, `;`, `\\`, `%`, control and non-ASCII characters are percent-encoded.",
                    f.wire
                ));
            }
            let doc = docs::attrs(&text);
            let ty = self.ty(&f.ty);
            let ty = match f.repr {
                FieldRepr::Plain => ty,
                _ => quote!(Option<#ty>),
            };
            quote! { #doc pub #fname: #ty, }
        });
        let default = all()
            .all(|(f, _)| f.repr != FieldRepr::Plain)
            .then(|| quote!(Default,));
        let to_query = self.query_method(&params.query);
        let to_headers = self.pairs_method(
            quote!(to_headers),
            " The header parameters as `name: value` pairs, in spec order.",
            &params.headers,
            "header",
        );
        let to_cookies = self.pairs_method(
            quote!(to_cookies),
            " The cookie parameters as `name=value` pairs, in spec order.",
            &params.cookies,
            "cookie",
        );
        quote! {
            #head
            #[derive(Debug, Clone, PartialEq, #default)]
            pub struct #name {
                #(#decls)*
            }

            #cfg
            impl #name {
                #to_query
                #to_headers
                #to_cookies
            }
        }
    }

    /// `to_query`, writing the query parameters `fields` (when there are
    /// any) each as its style says.
    fn query_method(&self, fields: &[Field]) -> Option<TokenStream> {
        if fields.is_empty() {
            return None;
        }
        let runtime = quote!(crate::runtime);
        let pushes = fields.iter().map(|f| {
            let wire = &f.wire;
            let push = if self.written_as_text(f) {
                quote!(query.text(#wire, &value.to_string());)
            } else if self.written_as_text_list(f, "query") {
                quote! {
                    for item in value {
                        query.text(#wire, &item.to_string());
                    }
                }
            } else {
                let style = f
                    .style
                    .clone()
                    .unwrap_or_else(|| ParamStyle::default_for("query"));
                let style = super::params::style_expr(&style, &runtime);
                quote!(query.value(#wire, #style, value)?;)
            };
            Self::when_present(f, push)
        });
        Some(quote! {
            /// The query parameters, in spec order, each written as its style says.
            pub(crate) fn to_query(&self) -> Result<crate::runtime::Query, crate::Error> {
                let mut query = crate::runtime::Query::default();
                #(#pushes)*
                Ok(query)
            }
        })
    }

    /// A method listing `fields` as `(wire name, text)` pairs, when there are
    /// any: header (`simple`) or cookie (`form`) parameters, each one value
    /// (a list comma-separated).
    fn pairs_method(
        &self,
        name: TokenStream,
        doc: &str,
        fields: &[Field],
        location: &str,
    ) -> Option<TokenStream> {
        if fields.is_empty() {
            return None;
        }
        let runtime = quote!(crate::runtime);
        let pushes = fields.iter().map(|f| {
            let wire = &f.wire;
            let push = if self.written_as_text(f) {
                quote!(pairs.push((#wire, value.to_string()));)
            } else if self.written_as_text_list(f, location) {
                quote!(pairs.push((#wire, value.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",")));)
            } else {
                let style = f.style.clone().unwrap_or_else(|| ParamStyle::default_for(location));
                let style = super::params::style_expr(&style, &runtime);
                quote!(pairs.push((#wire, crate::runtime::param_value(#wire, #style, value)?));)
            };
            Self::when_present(f, push)
        });
        Some(quote! {
            #[doc = #doc]
            pub(crate) fn #name(&self) -> Result<Vec<(&'static str, String)>, crate::Error> {
                let mut pairs = Vec::new();
                #(#pushes)*
                Ok(pairs)
            }
        })
    }

    /// `push`, run with `value` bound to the field's value when it is present.
    fn when_present(f: &Field, push: TokenStream) -> TokenStream {
        let fname = ident(&f.name);
        match f.repr {
            FieldRepr::Plain => quote! { let value = &self.#fname; #push },
            _ => quote! { if let Some(value) = &self.#fname { #push } },
        }
    }
}

/// An identifier token, raw when the name says so.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The type holds JSON integers itself (not behind a named type, which
/// handles its own): an integer type, perhaps in an `Option`, `Vec` or map.
/// Such fields go through `runtime::number`, which decodes integral floats
/// (`1699017614.0`) into integers and refuses lossy casts.
fn holds_numbers(ty: &Ty) -> bool {
    match ty {
        Ty::Int(_) => true,
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => holds_numbers(inner),
        _ => false,
    }
}

/// `#[serde(deserialize_with = "crate::runtime::number::deserialize")]` for
/// a field or variant whose type [holds integers](holds_numbers).
fn number_attr(ty: &Ty) -> Option<TokenStream> {
    holds_numbers(ty)
        .then(|| quote!(#[serde(deserialize_with = "crate::runtime::number::deserialize")]))
}

/// A status in words for docs: `HTTP 404`, `any other 4xx status`, `any other status`.
fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => format!("HTTP {code}"),
        Status::Range(digit) => format!("any other {digit}xx status"),
        Status::Default => "any other status".to_owned(),
    }
}
