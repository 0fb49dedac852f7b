//! Emission: the IR in, the files of a crate out (as token streams or text).

mod client;
mod docs;
mod models;
mod servers;
mod templates;

pub use templates::{lib_rs, manifest};

use crate::ir::{Api, IntKind, Status, Ty};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Reads the IR and produces token streams for the generated modules.
pub struct Emitter<'a> {
    api: &'a Api,
}

impl<'a> Emitter<'a> {
    /// An emitter for `api`.
    pub fn new(api: &'a Api) -> Self {
        Emitter { api }
    }

    /// `#[cfg(..)]` for an item compiled by any of `features` (nothing for
    /// an item always compiled).
    fn cfg(features: Option<&[String]>) -> TokenStream {
        match features {
            None => quote!(),
            Some([one]) => quote!(#[cfg(feature = #one)]),
            Some(many) => quote!(#[cfg(any(#(feature = #many),*))]),
        }
    }

    /// Types whose `Display` is their text form on the wire (query, header, form field).
    fn is_display_ty(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String | Ty::Int(_) | Ty::Float | Ty::Bool => true,
            Ty::Named(id) => matches!(self.api.types[*id].kind, crate::ir::TypeKind::Enum(_)),
            _ => false,
        }
    }

    /// A type expression inside `models`.
    fn ty(&self, ty: &Ty) -> TokenStream {
        self.ty_in(ty, &quote!())
    }

    /// A type expression outside `models`.
    fn ty_path(&self, ty: &Ty) -> TokenStream {
        self.ty_in(ty, &quote!(crate::models::))
    }

    fn ty_in(&self, ty: &Ty, prefix: &TokenStream) -> TokenStream {
        match ty {
            Ty::String => quote!(String),
            Ty::Int(IntKind::I32) => quote!(i32),
            Ty::Int(IntKind::I64) => quote!(i64),
            Ty::Int(IntKind::U32) => quote!(u32),
            Ty::Int(IntKind::U64) => quote!(u64),
            Ty::Float => quote!(f64),
            Ty::Bool => quote!(bool),
            Ty::Json => quote!(serde_json::Value),
            Ty::Bytes => quote!(crate::runtime::FilePart),
            Ty::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
            Ty::Named(id) => {
                let name = models::ident(&self.api.types[*id].name);
                quote!(#prefix #name)
            }
            Ty::Array(inner) => {
                let inner = self.ty_in(inner, prefix);
                quote!(Vec<#inner>)
            }
            Ty::Tuple(elements) => {
                let elements = elements.iter().map(|e| self.ty_in(e, prefix));
                quote!((#(#elements,)*))
            }
            Ty::Map(inner) => {
                let inner = self.ty_in(inner, prefix);
                quote!(std::collections::BTreeMap<String, #inner>)
            }
            Ty::Nullable(inner) => {
                let inner = self.ty_in(inner, prefix);
                quote!(Option<#inner>)
            }
            Ty::Boxed(inner) => {
                let inner = self.ty_in(inner, prefix);
                quote!(Box<#inner>)
            }
        }
    }
}

/// A `match` on an HTTP status that picks the expression of the statuses
/// it falls under: one arm per entry for its codes, then one per range (so
/// a code declared beside its range wins), then the entry of `default`, or
/// else `fallback`. Only the expression when nothing else is declared.
fn status_match(
    scrutinee: TokenStream,
    entries: &[(&[Status], TokenStream)],
    fallback: TokenStream,
) -> TokenStream {
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut rest = fallback;
    for (statuses, expr) in entries {
        let listed: Vec<Literal> = statuses
            .iter()
            .filter_map(|s| match s {
                Status::Code(c) => Some(Literal::u16_unsuffixed(*c)),
                _ => None,
            })
            .collect();
        if !listed.is_empty() {
            codes.push(quote!(#(#listed)|* => #expr,));
        }
        for status in statuses.iter() {
            match status {
                Status::Range(digit) => {
                    let low = Literal::u16_unsuffixed(digit * 100);
                    let high = Literal::u16_unsuffixed(digit * 100 + 99);
                    ranges.push(quote!(#low..=#high => #expr,));
                }
                Status::Default => rest = expr.clone(),
                Status::Code(_) => {}
            }
        }
    }
    if codes.is_empty() && ranges.is_empty() {
        return rest;
    }
    quote! {
        match #scrutinee {
            #(#codes)*
            #(#ranges)*
            _ => #rest,
        }
    }
}

/// Statuses as the spec writes them, for messages: `200, 201, 2XX`.
fn status_list(statuses: &[Status]) -> String {
    let keys: Vec<String> = statuses.iter().map(|s| s.key()).collect();
    keys.join(", ")
}

/// Doc-comment lines for free text (see [`docs::lines`]).
pub fn doc_lines(text: &str) -> Vec<String> {
    docs::lines(text)
}
