//! Turns token streams into source text: prettyplease lays out the code, then
//! [`layout`] adds what prettyplease leaves out, so that the generated modules
//! read as if written by hand and diff well across regenerations.

mod layout;

use crate::diagnostics::Diagnostic;
use proc_macro2::TokenStream;

pub use layout::layout;

/// Formats one generated module: [`unparse`], then [`layout`].
pub fn format(tokens: TokenStream, what: &str) -> Result<String, Diagnostic> {
    unparse(tokens, what).map(|text| layout(&text))
}

/// prettyplease's text for a module, before [`layout`]. The texts of runs of
/// items unparsed one after another join into the text of the whole module.
/// A failure here is a generator bug, reported as a diagnostic rather than a
/// panic.
pub fn unparse(tokens: TokenStream, what: &str) -> Result<String, Diagnostic> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        Diagnostic::error(
            "#",
            format!("internal error: the generated {what} is not valid Rust ({e})"),
            "please report this with the spec that caused it",
        )
    })?;
    Ok(prettyplease::unparse(&file))
}
