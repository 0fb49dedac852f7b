//! Emission: the IR in, the files of a crate out (as token streams or text).

mod client;
mod docs;
mod examples;
mod models;
mod params;
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
            Ty::String | Ty::Base64 | Ty::Int(_) | Ty::Float | Ty::Bool => true,
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
            Ty::Float => quote!(crate::runtime::Number),
            Ty::Bool => quote!(bool),
            Ty::Json => quote!(serde_json::Value),
            Ty::Bytes => quote!(crate::runtime::FilePart),
            Ty::Base64 => quote!(crate::runtime::Base64),
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
/// it falls under: one arm per entry for its codes, then one per range
/// without the codes declared on their own (a code declared beside its
/// range wins), then the entry of `default`, or else `fallback`. Only the
/// expression when nothing else is declared.
fn status_match(
    scrutinee: TokenStream,
    entries: &[(&[Status], TokenStream)],
    fallback: TokenStream,
) -> TokenStream {
    let codes_of = |statuses: &[Status]| -> Vec<u16> {
        statuses
            .iter()
            .filter_map(|s| match s {
                Status::Code(c) => Some(*c),
                _ => None,
            })
            .collect()
    };
    let declared: Vec<u16> = entries.iter().flat_map(|(s, _)| codes_of(s)).collect();
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut rest = fallback;
    for (statuses, expr) in entries {
        let listed: Vec<Literal> = codes_of(statuses)
            .into_iter()
            .map(Literal::u16_unsuffixed)
            .collect();
        if !listed.is_empty() {
            codes.push(quote!(#(#listed)|* => #expr,));
        }
        for status in statuses.iter() {
            match status {
                Status::Range(digit) => {
                    let patterns = range_patterns(digit * 100, digit * 100 + 99, &declared);
                    if !patterns.is_empty() {
                        ranges.push(quote!(#(#patterns)|* => #expr,));
                    }
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

/// The patterns of `low..=high` without the codes in `taken`: `400..=403 |
/// 405..=499` for `4XX` beside `404`.
fn range_patterns(low: u16, high: u16, taken: &[u16]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut start = low;
    let mut push = |from: u16, to: u16| {
        let (a, b) = (Literal::u16_unsuffixed(from), Literal::u16_unsuffixed(to));
        out.push(if from == to {
            quote!(#a)
        } else {
            quote!(#a..=#b)
        });
    };
    for code in low..=high {
        if taken.contains(&code) {
            if code > start {
                push(start, code - 1);
            }
            start = code + 1;
        }
    }
    if start <= high {
        push(start, high);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::range_patterns;

    #[test]
    fn a_range_leaves_out_the_codes_declared_beside_it() {
        let text = |taken: &[u16]| {
            let patterns = range_patterns(400, 499, taken);
            patterns
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" | ")
        };
        assert_eq!(text(&[]), "400 ..= 499");
        assert_eq!(text(&[404, 200]), "400 ..= 403 | 405 ..= 499");
        assert_eq!(text(&[400, 401, 499]), "402 ..= 498");
        assert_eq!(text(&[400, 402]), "401 | 403 ..= 499");
    }
}
