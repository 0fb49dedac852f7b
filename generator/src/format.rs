//! Turns token streams into source text with prettyplease.

use crate::diagnostics::Diagnostic;
use proc_macro2::TokenStream;

/// Formats one generated module. A failure here is a generator bug, reported
/// as a diagnostic rather than a panic.
pub fn format(tokens: TokenStream, what: &str) -> Result<String, Diagnostic> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        Diagnostic::error(
            "#",
            format!("internal error: the generated {what} is not valid Rust ({e})"),
            "please report this with the spec that caused it",
        )
    })?;
    Ok(prettyplease::unparse(&file))
}
