//! The two files of a generated crate that are written as text rather than
//! formatted token streams: `Cargo.toml`, and `lib.rs`, which rustfmt checks
//! in users' workspaces and so must already be laid out as rustfmt would.

use crate::ir::Api;
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
pub fn lib_rs(api: &Api, options: &Options) -> String {
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
    if !api.features.is_empty() {
        doc.push_str(
            "//!\n//! Each resource of the API is a cargo feature, all on by default (`full`). With\n//! `default-features = false` and only the features you use, the crate compiles\n//! only those operations and the types they need.\n",
        );
    }
    format!(
        "{doc}#![warn(missing_docs)]

#[rustfmt::skip]
mod client;
#[rustfmt::skip]
pub mod models;
#[allow(
    dead_code,
    unused_imports,
    reason = \"the runtime is the same in every generated crate; each uses what its spec needs\"
)]
mod runtime;

pub use bytes::Bytes;
pub use client::{{Client, ClientBuilder}};
pub use runtime::{{
    ApiError, ApiResponse, Error, ErrorBody, ErrorCode, EventStream, FilePart, RequestOptions,
    ResponseMeta, Sleeper,
}};
"
    )
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
