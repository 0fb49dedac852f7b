//! Emission: the IR in, the files of a crate out (as token streams or text).

mod client;
mod docs;
mod models;
mod params;
mod servers;
mod templates;

pub use templates::{lib_rs, manifest};

use crate::ir::{Api, IntKind, Ty};
use proc_macro2::TokenStream;
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

/// Doc-comment lines for free text (see [`docs::lines`]).
pub fn doc_lines(text: &str) -> Vec<String> {
    docs::lines(text)
}
