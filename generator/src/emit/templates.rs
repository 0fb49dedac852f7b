//! The two files of a generated crate that are written as text rather than
//! formatted token streams: `Cargo.toml`, and `lib.rs`, which rustfmt checks
//! in users' workspaces and so must already be laid out as rustfmt would.

use crate::ir::{Api, CredentialLocation, Field, FieldRepr, Operation, Style, Ty, TypeKind};
use crate::Options;

/// `Cargo.toml`: the package, the runtime's dependencies and the features.
pub fn manifest(api: &Api, options: &Options, header: &str) -> String {
    let description = toml_string(&format!(
        "Typed async client for the {}.",
        one_line(&api.title)
    ));
    format!(
        r#"# {header}

[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
description = {description}
publish = false

{dependencies}
{features}"#,
        name = options.crate_name,
        dependencies = crate::runtime::dependencies(),
        features = features_table(api),
    )
}

/// The `[features]` table: one feature per resource, all on by default.
fn features_table(api: &Api) -> String {
    if api.features.is_empty() {
        return String::new();
    }
    let names: Vec<String> = api.features.iter().map(|f| toml_string(&f.name)).collect();
    let mut out = format!(
        "\n[features]\ndefault = [\"full\"]\n# Everything. To compile only what you call, turn default features off\n# and name the resources you use.\nfull = [{}]\n",
        names.join(", ")
    );
    for feature in &api.features {
        out.push_str(&format!(
            "# {}\n{} = []\n",
            one_line(&feature.doc),
            feature.name
        ));
    }
    out
}

/// `lib.rs` is plain text (not prettyplease output) so that rustfmt, which
/// checks it, agrees with it; the generated modules are `rustfmt::skip`ped.
pub fn lib_rs(api: &Api, options: &Options, has_examples: bool) -> String {
    let mut doc = format!(
        "//! Client for the {}, generated from `{}`.\n",
        one_line(&api.title),
        one_line(&options.spec_label)
    );
    if let Some(desc) = api
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        doc.push_str("//!\n");
        for line in super::doc_lines(desc) {
            if line.is_empty() {
                doc.push_str("//!\n");
            } else {
                doc.push_str(&format!("//!{line}\n"));
            }
        }
    }
    doc.push_str(&quick_start(api, options));
    if let Some(errors) = api.operations.iter().find_map(|op| op.errors) {
        let name = &api.types[errors].name;
        doc.push_str(&format!(
            "//!\n//! An operation whose spec declares error bodies has an enum of them in [`models`]\n//! (such as [`models::{name}`]): its `from_error` reads a failed call's body as the\n//! declared type; [`ApiError::body`] keeps the untyped reading.\n"
        ));
    }
    if !api.features.is_empty() {
        doc.push_str(
            "//!\n//! Each resource of the API is a cargo feature, all on by default (`full`). With\n//! `default-features = false` and only the features you use, the crate compiles\n//! only those operations and the types they need.\n",
        );
    }
    // The examples use every model, so they need every feature.
    let examples = match (has_examples, api.features.is_empty()) {
        (false, _) => "",
        (true, true) => "#[cfg(test)]\n#[rustfmt::skip]\nmod examples;\n",
        (true, false) => "#[cfg(all(test, feature = \"full\"))]\n#[rustfmt::skip]\nmod examples;\n",
    };
    format!(
        "{doc}#![warn(missing_docs)]

#[rustfmt::skip]
mod client;
#[rustfmt::skip]
pub mod models;
{examples}#[allow(
    dead_code,
    unused_imports,
    reason = \"the runtime is the same in every generated crate; each uses what its spec needs\"
)]
mod runtime;

pub use bytes::Bytes;
pub use client::{{Client, ClientBuilder}};
pub use runtime::{{
    ApiError, ApiResponse, Error, ErrorBody, ErrorCode, EventStream, FilePart, Number, PageStream,
    RequestOptions, ResponseMeta, Sleeper,
}};
"
    )
}

/// The crate page's quick start: building a client and, when the spec has an
/// operation that needs no value beyond path parameters, calling it. The
/// example is a doc test, so it is compiled with the crate.
fn quick_start(api: &Api, options: &Options) -> String {
    let krate = options.crate_name.replace('-', "_");
    let mut out = String::from("//!\n//! # Quick start\n//!\n//! ```no_run\n");
    out.push_str(&format!(
        "//! # async fn run() -> Result<(), {krate}::Error> {{\n//! let client = {krate}::Client::builder()\n"
    ));
    if let Some(base) = &api.servers.default_url {
        out.push_str(&format!("//!     .base_url({base:?})\n"));
    }
    match api.credentials.first() {
        Some(c) if c.location == CredentialLocation::Basic => out.push_str(&format!(
            "//!     .{}(\"user\", std::env::var(\"PASSWORD\").unwrap_or_default())\n",
            c.method
        )),
        Some(c) => out.push_str(&format!(
            "//!     .{}(std::env::var(\"API_KEY\").unwrap_or_default())\n",
            c.method
        )),
        None => {}
    }
    out.push_str("//!     .build()?;\n");
    if let Some(call) = api.operations.iter().find_map(|op| simple_call(api, op)) {
        out.push_str(&call);
    }
    out.push_str("//! # Ok(())\n//! # }\n//! ```\n//!\n");
    out.push_str(
        "//! Each operation is an `async fn` on [`Client`]; its `*_with_response` twin also\n\
         //! returns the status and headers ([`ApiResponse`], [`ResponseMeta`]). Calls fail with\n\
         //! [`Error`], sorted by what happened. [`RequestOptions`] sets headers, timeouts and\n\
         //! retries per call, and the types sent and received are in [`models`]. Streamed\n\
         //! responses arrive as an [`EventStream`], every item of a paged list as a\n\
         //! [`PageStream`].\n",
    );
    out
}

/// `println!("{:?}", client.op(..).await?);` for an operation whose only
/// arguments are path parameters, an optional body and a parameter struct
/// with nothing required; behind the operation's feature.
fn simple_call(api: &Api, op: &Operation) -> Option<String> {
    if op.body.as_ref().is_some_and(|b| b.required) {
        return None;
    }
    // Only path parameters taken as `&str` can be given a string here.
    let as_text = |p: &Field| {
        let content = matches!(p.style.as_ref().map(|s| &s.style), Some(Style::Content(_)));
        let display = match &p.ty {
            Ty::String | Ty::Int(_) | Ty::Float | Ty::Bool => true,
            Ty::Named(id) => matches!(api.types[*id].kind, TypeKind::Enum(_)),
            _ => false,
        };
        p.ty == Ty::String || (display && !content)
    };
    if !op.path_params.iter().all(as_text) {
        return None;
    }
    let mut args: Vec<String> = op
        .path_params
        .iter()
        .map(|p| format!("{:?}", p.wire))
        .collect();
    if op.body.is_some() {
        args.push("None".to_owned());
    }
    if let Some(params) = op.params {
        let TypeKind::Params(p) = &api.types[params].kind else {
            return None;
        };
        if p.query
            .iter()
            .chain(&p.headers)
            .chain(&p.cookies)
            .any(|f| f.repr == FieldRepr::Plain)
        {
            return None;
        }
        args.push("&Default::default()".to_owned());
    }
    let cfg = op
        .feature
        .as_ref()
        .map(|f| format!("//! # #[cfg(feature = {f:?})]\n"))
        .unwrap_or_default();
    Some(format!(
        "{cfg}//! println!(\"{{:?}}\", client.{}({}).await?);\n",
        op.names.method,
        args.join(", ")
    ))
}

/// Text on one line: every run of whitespace (newlines included) becomes one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML basic string, quoted and escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
