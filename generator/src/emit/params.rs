//! How parameters are written, as emitted code states it: the runtime's
//! `ParamStyle` of each parameter (OpenAPI `style`, `explode`,
//! `allowReserved`, `content`) and the sentence its documentation gains.

use super::Emitter;
use crate::ir::{Field, ParamStyle, Style, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// The `runtime::ParamStyle` expression for `style` (`runtime` being the
/// path to the runtime module where the expression is used).
pub(super) fn style_expr(style: &ParamStyle, runtime: &TokenStream) -> TokenStream {
    let explode = style.explode;
    let base = match &style.style {
        Style::Matrix => quote!(matrix(#explode)),
        Style::Label => quote!(label(#explode)),
        Style::Simple => quote!(simple(#explode)),
        Style::Form => quote!(form(#explode)),
        Style::SpaceDelimited => quote!(space_delimited(#explode)),
        Style::PipeDelimited => quote!(pipe_delimited(#explode)),
        Style::DeepObject => quote!(deep_object(#explode)),
        Style::Content(media) if is_json(media) => quote!(json()),
        Style::Content(_) => quote!(text()),
    };
    if style.allow_reserved {
        quote!(#runtime::ParamStyle::#base.allow_reserved())
    } else {
        quote!(#runtime::ParamStyle::#base)
    }
}

/// A JSON media type: `application/json` or a `+json` one.
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
}

/// What a parameter's documentation says of how it is written, when that is
/// not its location's default: `" Written in `deepObject` style (`page[key]=value`)."`,
/// and whether reserved characters are sent unencoded.
pub(super) fn style_text(field: &Field, location: &str) -> String {
    let Some(style) = field.style.as_ref() else {
        return String::new();
    };
    let default = ParamStyle::default_for(location);
    let reserved = if style.allow_reserved {
        " Reserved characters (`:/?[]@!$&'()*+,;=`) are sent unencoded."
    } else {
        ""
    };
    if style.style == default.style && style.explode == default.explode {
        return reserved.to_owned();
    }
    let wire = &field.wire;
    let explode = style.explode;
    let (name, shape) = match &style.style {
        Style::Content(media) => {
            return format!(
                " The value goes as its `{media}` text{}.",
                encoded_where(location)
            );
        }
        Style::Matrix if explode => ("matrix", format!(";{wire}=a;{wire}=b")),
        Style::Matrix => ("matrix", format!(";{wire}=a,b")),
        Style::Label if explode => ("label", ".a.b".to_owned()),
        Style::Label => ("label", ".a,b".to_owned()),
        Style::Simple if explode => ("simple", "a,b; an object as k=v,l=w".to_owned()),
        Style::Simple => ("simple", "a,b; an object as k,v,l,w".to_owned()),
        Style::Form if explode => ("form", format!("{wire}=a&{wire}=b")),
        Style::Form => ("form", format!("{wire}=a,b")),
        Style::SpaceDelimited => ("spaceDelimited", format!("{wire}=a%20b")),
        Style::PipeDelimited => ("pipeDelimited", format!("{wire}=a%7Cb")),
        Style::DeepObject => ("deepObject", format!("{wire}[key]=value")),
    };
    format!(" Written in `{name}` style (`{shape}`).{reserved}")
}

/// Where a `content` parameter's text is percent-encoded.
fn encoded_where(location: &str) -> &'static str {
    match location {
        "query" | "path" => ", percent-encoded",
        _ => "",
    }
}

impl Emitter<'_> {
    /// Whether the value of `field` is written by its `Display` text alone:
    /// a string, number, boolean or enum in its location's default style
    /// (every style writes one such value the same but `content`, `matrix`
    /// and `label`), without `allowReserved`.
    pub(super) fn written_as_text(&self, field: &Field) -> bool {
        self.is_display_ty(&field.ty) && is_plain(field.style.as_ref())
    }

    /// Whether `field` is an array of `Display` values written one pair per
    /// item (query) or comma-separated (header, cookie): its location's
    /// default style without `allowReserved`.
    pub(super) fn written_as_text_list(&self, field: &Field, location: &str) -> bool {
        let default = field
            .style
            .as_ref()
            .is_none_or(|s| *s == ParamStyle::default_for(location));
        default && matches!(&field.ty, Ty::Array(item) if self.is_display_ty(item))
    }

    /// A path parameter's argument type: `&str` for a string, number,
    /// boolean or enum (but for a number, boolean or enum sent as `content`,
    /// whose JSON text differs from a string's), else a reference to its
    /// type (`&[T]` for an array).
    pub(super) fn path_arg_ty(&self, field: &Field) -> TokenStream {
        let content = matches!(
            field.style.as_ref().map(|s| &s.style),
            Some(Style::Content(_))
        );
        if field.ty == Ty::String || (self.is_display_ty(&field.ty) && !content) {
            return quote!(&str);
        }
        match &field.ty {
            Ty::Array(item) => {
                let item = self.ty_path(item);
                quote!(&[#item])
            }
            ty => {
                let ty = self.ty_path(ty);
                quote!(&#ty)
            }
        }
    }
}

/// A style that writes one value as its text: `simple` or `form` (or one
/// of the query styles, which write a single value as `form` does), without
/// `allowReserved`.
fn is_plain(style: Option<&ParamStyle>) -> bool {
    style.is_none_or(|s| {
        !s.allow_reserved
            && matches!(
                s.style,
                Style::Simple
                    | Style::Form
                    | Style::SpaceDelimited
                    | Style::PipeDelimited
                    | Style::DeepObject
            )
    })
}
