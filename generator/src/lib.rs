//! OpenAPI 3 → Rust client generator. Pure: spec text in, crate files out as
//! strings; reading and writing files is the caller's job.
//!
//! The pipeline is [`load`] (YAML into openapiv3) → [`lower`] (into our
//! [`ir`]) → [`emit`] (token streams) → [`format`] (prettyplease) →
//! [`krate`] (the files of a crate).

pub mod diagnostics;
pub mod emit;
pub mod examples;
pub mod format;
pub mod ir;
pub mod krate;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod overlay;
mod runtime;
pub mod surface;

pub use diagnostics::{Diagnostic, Error, Severity, WarningKind};
pub use overlay::Overlay;

/// What to generate and how to label it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Package name of the generated crate, e.g. `portkey-assistants`.
    pub crate_name: String,
    /// The spec path as shown in the `@generated` header, e.g. `spec/portkey-assistants.yaml`.
    pub spec_label: String,
    /// The command that regenerates the crate, shown in the header.
    pub command: String,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// A generated crate and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Output {
    /// The crate's files, sorted by path.
    pub files: Vec<File>,
    /// Pieces of the spec that were skipped or approximated.
    pub warnings: Vec<Diagnostic>,
    /// Operations the client offers.
    pub operations: usize,
    /// Operations the spec declares in its path items (`$ref`s followed).
    pub declared_operations: usize,
    /// Named types in `models`.
    pub types: usize,
}

/// Generates a client crate from OpenAPI text (YAML or JSON).
pub fn generate(spec: &str, options: &Options) -> Result<Output, Error> {
    generate_with_overlays(spec, &[], options)
}

/// [`generate`] from the spec as `overlays` (OpenAPI Overlays 1.0.0) change
/// it, applied in order.
pub fn generate_with_overlays(
    spec: &str,
    overlays: &[Overlay],
    options: &Options,
) -> Result<Output, Error> {
    let mut diags = diagnostics::Diagnostics::default();
    let loaded = match load::load(spec, overlays, &mut diags) {
        Some(loaded) if !diags.has_errors() => loaded,
        _ => return diags.finish().map(|_| unreachable_output()),
    };
    let api = lower::lower(&loaded.doc, &mut diags);
    if diags.has_errors() {
        return diags.finish().map(|_| unreachable_output());
    }
    let examples = examples::collect(&loaded.doc, &api, &mut diags);
    let files = match krate::files(&api, options, &examples) {
        Ok(files) => files,
        Err(d) => {
            diags.push(d);
            return diags.finish().map(|_| unreachable_output());
        }
    };
    let warnings = diags.finish()?;
    Ok(Output {
        files,
        warnings,
        operations: api.operations.len(),
        declared_operations: api.declared_operations + loaded.operations_left_out,
        types: api.types.len(),
    })
}

/// `Diagnostics::finish` returns `Err` whenever an error was recorded, so this is never used.
fn unreachable_output() -> Output {
    Output {
        files: Vec::new(),
        warnings: Vec::new(),
        operations: 0,
        declared_operations: 0,
        types: 0,
    }
}
