//! The API surface of a generated crate as text, one fact per line, and the
//! change between two such texts.
//!
//! The text is written beside the crate's sources (`api-surface.txt`) so a
//! reviewer reads an API change in its diff, and so the next run can say
//! what changed since and whether callers break. A line is
//! `<subject>: <value>`: the subject names the fact (`type Book field
//! pages`), the value says what it is (`i64, required`); the lines of a
//! subject's parts follow it, operations sorted by `operationId` and types by
//! name.

use crate::ir::{
    Access, Api, Body, CredentialLocation, FieldRepr, IntKind, Operation, Response, Status, Ty,
    TypeDef, TypeKind,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The file's name in the crate.
pub const FILE: &str = "api-surface.txt";

/// The surface of `api`, after a `#` header line.
pub fn render(api: &Api, header: &str) -> String {
    let mut out = format!(
        "# {header}\n# The API surface, one fact per line; each run compares it with the previous one to report what changed.\n"
    );
    let mut line = |subject: String, value: String| {
        let _ = writeln!(out, "{subject}: {value}");
    };
    if let Some(url) = &api.servers.default_url {
        line("server".into(), url.clone());
    }
    for c in &api.credentials {
        line(format!("auth {}", c.scheme), location(&c.location));
    }
    let mut operations: Vec<&Operation> = api.operations.iter().collect();
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    for op in operations {
        operation(api, op, &mut line);
    }
    let mut types: Vec<&TypeDef> = api
        .types
        .iter()
        .filter(|t| !matches!(t.kind, TypeKind::Params(_)))
        .collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    for def in types {
        type_def(api, def, &mut line);
    }
    out
}

fn location(location: &CredentialLocation) -> String {
    match location {
        CredentialLocation::Header(name) => format!("header {name}"),
        CredentialLocation::Bearer => "bearer token".into(),
        CredentialLocation::Basic => "basic".into(),
        CredentialLocation::Query(name) => format!("query {name}"),
        CredentialLocation::Cookie(name) => format!("cookie {name}"),
    }
}

fn operation(api: &Api, op: &Operation, line: &mut impl FnMut(String, String)) {
    let at = format!("operation {}", op.id);
    line(
        at.clone(),
        format!("{} {}", op.method.as_str(), op.path.text),
    );
    for p in &op.path_params {
        line(
            format!("{at} parameter path {}", p.wire),
            format!("{}, required", ty(api, &p.ty)),
        );
    }
    if let Some(TypeKind::Params(params)) = op.params.map(|id| &api.types[id].kind) {
        for (place, fields) in [
            ("query", &params.query),
            ("header", &params.headers),
            ("cookie", &params.cookies),
        ] {
            for f in fields {
                line(
                    format!("{at} parameter {place} {}", f.wire),
                    format!("{}, {}", ty(api, &f.ty), presence(f.required)),
                );
            }
        }
    }
    if let Some(Body {
        ty: body,
        required,
        media,
        ..
    }) = &op.body
    {
        line(
            format!("{at} body"),
            format!("{media} {}, {}", ty(api, body), presence(*required)),
        );
    }
    line(format!("{at} result"), result(api, &op.response));
    if let Some(errors) = op.errors {
        line(format!("{at} errors"), api.types[errors.0].name.clone());
    }
    if let Some(stream) = &op.stream {
        line(format!("{at} stream"), ty(api, &stream.event));
    }
    let security: Vec<String> = op
        .security
        .iter()
        .map(|all| {
            if all.is_empty() {
                "none".to_owned()
            } else {
                all.iter()
                    .map(|id| api.credentials[id.0].scheme.as_str())
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        })
        .collect();
    if !security.is_empty() {
        line(format!("{at} security"), security.join(" | "));
    }
    if let Some(server) = &op.server {
        line(format!("{at} server"), server.clone());
    }
}

fn result(api: &Api, response: &Response) -> String {
    match response {
        Response::Json(t) => ty(api, t),
        Response::Text(media) => format!("{media} text"),
        Response::Bytes(media) => format!("{media} bytes"),
        Response::Empty => "no body".into(),
        Response::Optional { body, empty, .. } => {
            format!("Option<{}>, none on {}", result(api, body), statuses(empty))
        }
        Response::Choice(id) => api.types[id.0].name.clone(),
    }
}

fn statuses(list: &[Status]) -> String {
    list.iter().map(|s| s.key()).collect::<Vec<_>>().join(" ")
}

fn presence(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn type_def(api: &Api, def: &TypeDef, line: &mut impl FnMut(String, String)) {
    let at = format!("type {}", def.name);
    let direction = match (def.usage.input, def.usage.output) {
        (true, true) => "sent and received",
        (true, false) => "sent",
        _ => "received",
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            line(at.clone(), format!("struct, {direction}"));
            for f in &s.fields {
                let nullable = if f.nullable { ", nullable" } else { "" };
                let required = match f.repr {
                    FieldRepr::Plain | FieldRepr::Nullable => true,
                    FieldRepr::Optional | FieldRepr::Clearable => f.required,
                };
                let access = match f.access {
                    Access::ReadWrite => "",
                    Access::ReadOnly => ", read-only",
                    Access::WriteOnly => ", write-only",
                };
                line(
                    format!("{at} field {}", f.wire),
                    format!(
                        "{}, {}{nullable}{access}",
                        ty(api, &f.ty),
                        presence(required)
                    ),
                );
            }
            if let Some(union) = &s.union {
                line(format!("{at} union"), ty(api, &union.ty));
            }
        }
        TypeKind::Enum(values) => {
            line(at.clone(), format!("enum, {direction}"));
            for v in values {
                line(format!("{at} value {}", v.wire), v.name.clone());
            }
        }
        TypeKind::Tagged(t) => {
            line(
                at.clone(),
                format!("union tagged by {}, {direction}", t.tag),
            );
            for v in &t.variants {
                for wire in &v.wires {
                    line(format!("{at} variant {wire}"), ty(api, &v.ty));
                }
            }
        }
        TypeKind::Untagged(variants) => {
            line(at.clone(), format!("union, {direction}"));
            for v in variants {
                line(format!("{at} variant {}", v.name), ty(api, &v.ty));
            }
        }
        TypeKind::Newtype(inner) => line(at, format!("{}, {direction}", ty(api, inner))),
        TypeKind::Outcomes(o) => {
            let what = if o.errors { "errors" } else { "results" };
            line(at.clone(), format!("{what} of {} by status", o.operation));
            for v in &o.variants {
                line(
                    format!("{at} variant {}", v.name),
                    format!("{} on {}", result(api, &v.body), statuses(&v.statuses)),
                );
            }
        }
        TypeKind::Params(_) => {}
    }
}

/// A type as the generated code names it, without module paths.
fn ty(api: &Api, t: &Ty) -> String {
    match t {
        Ty::String => "String".into(),
        Ty::Int(IntKind::I32) => "i32".into(),
        Ty::Int(IntKind::I64) => "i64".into(),
        Ty::Int(IntKind::U32) => "u32".into(),
        Ty::Int(IntKind::U64) => "u64".into(),
        Ty::Float => "Number".into(),
        Ty::Bool => "bool".into(),
        Ty::Json => "Value".into(),
        Ty::JsonObject => "Map<String, Value>".into(),
        Ty::Bytes => "FilePart".into(),
        Ty::Base64 => "Base64".into(),
        Ty::Named(id) => api.types[id.0].name.clone(),
        Ty::Array(inner) => format!("Vec<{}>", ty(api, inner)),
        Ty::Tuple(items) => format!(
            "({})",
            items
                .iter()
                .map(|i| ty(api, i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Map(inner) => format!("Map<String, {}>", ty(api, inner)),
        Ty::Nullable(inner) => format!("Option<{}>", ty(api, inner)),
        Ty::Boxed(inner) => ty(api, inner),
    }
}

/// What happened to one fact between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A fact only the new surface has.
    Added {
        /// The fact's subject.
        subject: String,
        /// Its value.
        value: String,
    },
    /// A fact only the old surface has.
    Removed {
        /// The fact's subject.
        subject: String,
        /// Its old value.
        value: String,
    },
    /// A fact both have, with another value.
    Changed {
        /// The fact's subject.
        subject: String,
        /// Its old value.
        old: String,
        /// Its new value.
        new: String,
    },
}

/// One change and, when it breaks callers of the crate, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The change.
    pub change: Change,
    /// Why code using the old crate may no longer compile or work.
    pub breaking: Option<&'static str>,
}

/// The facts of a surface text: subject → value, header lines skipped.
fn facts(text: &str) -> BTreeMap<&str, &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once(": "))
        .collect()
}

/// The changes from `old` to `new` (surface texts), in subject order.
pub fn diff(old: &str, new: &str) -> Vec<Entry> {
    let (before, after) = (facts(old), facts(new));
    let mut entries = Vec::new();
    for (subject, value) in &before {
        // The parts of a removed operation or type go with it.
        let whole_is_kept = match parent(subject) {
            Some(p) => after.contains_key(p),
            None => true,
        };
        match after.get(subject) {
            None => entries.push(Entry {
                breaking: removed_breaks(subject).filter(|_| whole_is_kept),
                change: Change::Removed {
                    subject: (*subject).to_owned(),
                    value: (*value).to_owned(),
                },
            }),
            Some(now) if now != value => entries.push(Entry {
                breaking: changed_breaks(subject, value, now, &after),
                change: Change::Changed {
                    subject: (*subject).to_owned(),
                    old: (*value).to_owned(),
                    new: (*now).to_owned(),
                },
            }),
            Some(_) => {}
        }
    }
    for (subject, value) in &after {
        if !before.contains_key(subject) {
            // The parts of a new operation or type are new with it.
            let whole_is_new = parent(subject).is_some_and(|p| !before.contains_key(p));
            entries.push(Entry {
                breaking: added_breaks(subject, value, &after).filter(|_| !whole_is_new),
                change: Change::Added {
                    subject: (*subject).to_owned(),
                    value: (*value).to_owned(),
                },
            });
        }
    }
    entries.sort_by(|a, b| subject_of(&a.change).cmp(subject_of(&b.change)));
    entries
}

/// The operation or type (`operation getBook`) a part's subject
/// (`operation getBook result`) belongs to; `None` for a whole one.
fn parent(subject: &str) -> Option<&str> {
    let mut spaces = subject.match_indices(' ').map(|(i, _)| i);
    let (_, end) = (spaces.next()?, spaces.next()?);
    let whole = &subject[..end];
    (whole.starts_with("operation ") || whole.starts_with("type ")).then_some(whole)
}

fn subject_of(change: &Change) -> &str {
    match change {
        Change::Added { subject, .. }
        | Change::Removed { subject, .. }
        | Change::Changed { subject, .. } => subject,
    }
}

/// The type a `type X field f` subject belongs to is sent in requests.
fn is_sent(subject: &str, facts: &BTreeMap<&str, &str>) -> bool {
    let owner = subject.split(" field ").next().unwrap_or(subject);
    facts.get(owner).is_some_and(|v| v.contains("sent"))
}

/// The type a `type X field f` subject belongs to is received in responses.
fn is_received(subject: &str, facts: &BTreeMap<&str, &str>) -> bool {
    let owner = subject.split(" field ").next().unwrap_or(subject);
    facts.get(owner).is_some_and(|v| v.contains("received"))
}

fn removed_breaks(subject: &str) -> Option<&'static str> {
    if subject.starts_with("server") {
        Some("the default server changed")
    } else if subject.starts_with("auth ") || subject.ends_with(" security") {
        Some("an authentication requirement changed")
    } else if subject.contains(" parameter ") && subject.starts_with("operation ") {
        Some("a parameter was removed")
    } else if subject.starts_with("operation ") && subject.matches(' ').count() == 1 {
        Some("an operation was removed")
    } else if subject.starts_with("type ") && subject.matches(' ').count() == 1 {
        Some("a type was removed")
    } else if subject.contains(" field ") {
        Some("a field was removed")
    } else if subject.contains(" variant ") || subject.contains(" value ") {
        Some("a variant was removed")
    } else {
        Some("a part of the API was removed")
    }
}

fn added_breaks(subject: &str, value: &str, after: &BTreeMap<&str, &str>) -> Option<&'static str> {
    let required = value.ends_with(", required") || value.contains(", required,");
    if subject.starts_with("operation ") && subject.contains(" parameter ") && required {
        Some("a new parameter is required")
    } else if subject.starts_with("operation ") && subject.ends_with(" body") && required {
        Some("a request body is now required")
    } else if subject.contains(" field ") && required && is_sent(subject, after) {
        Some("a new request field is required")
    } else if subject.ends_with(" server") {
        Some("the server changed")
    } else if subject.ends_with(" security") {
        Some("an authentication requirement changed")
    } else {
        // A default server where there was none only spares callers a setting.
        None
    }
}

/// The type part of a value: what comes before `, required`/`, optional`.
fn type_part(value: &str) -> &str {
    value.split(", ").next().unwrap_or(value)
}

fn changed_breaks(
    subject: &str,
    old: &str,
    new: &str,
    after: &BTreeMap<&str, &str>,
) -> Option<&'static str> {
    let (was_required, is_required) = (old.contains("required"), new.contains("required"));
    if subject.starts_with("server") || subject.ends_with(" server") {
        Some("the server changed")
    } else if subject.starts_with("auth ") || subject.ends_with(" security") {
        Some("an authentication requirement changed")
    } else if subject.starts_with("operation ") && subject.matches(' ').count() == 1 {
        Some("the operation's method or path changed")
    } else if type_part(old) != type_part(new) {
        Some("a type changed")
    } else if subject.starts_with("type ") && subject.matches(' ').count() == 1 {
        // Same shape, other direction: a type now sent gains a constructor's duties.
        None
    } else if !was_required
        && is_required
        && (subject.contains(" parameter ")
            || subject.ends_with(" body")
            || (subject.contains(" field ") && is_sent(subject, after)))
    {
        Some("a request field or parameter became required")
    } else if subject.contains(" field ")
        && is_received(subject, after)
        && ((was_required && !is_required)
            || (!old.contains("nullable") && new.contains("nullable")))
    {
        Some("a response field became optional or nullable")
    } else {
        None
    }
}

/// The report of `entries` for people: added, removed and changed facts,
/// each line marked `BREAKING (why)` where callers break; empty when
/// nothing changed.
pub fn report(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (title, pick) in [("added", 0), ("removed", 1), ("changed", 2)] {
        let lines: Vec<String> = entries
            .iter()
            .filter_map(|e| {
                let text = match (&e.change, pick) {
                    (Change::Added { subject, value }, 0) => format!("{subject}: {value}"),
                    (Change::Removed { subject, value }, 1) => format!("{subject}: {value}"),
                    (Change::Changed { subject, old, new }, 2) => {
                        format!("{subject}: {old} -> {new}")
                    }
                    _ => return None,
                };
                Some(match e.breaking {
                    Some(why) => format!("  BREAKING ({why}) {text}"),
                    None => format!("  {text}"),
                })
            })
            .collect();
        if !lines.is_empty() {
            let _ = writeln!(out, "{title}:");
            for l in lines {
                let _ = writeln!(out, "{l}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "# header
server: https://a.example.com
operation getBook: GET /books/{id}
operation getBook parameter path id: String, required
operation getBook parameter query fields: String, optional
operation getBook result: Book
operation deleteBook: DELETE /books/{id}
type Book: struct, sent and received
type Book field id: String, required
type Book field pages: i64, optional
type Book field title: String, required
type Color: enum, received
type Color value red: Red
";

    fn breaking(entries: &[Entry], subject: &str) -> Option<&'static str> {
        entries
            .iter()
            .find(|e| subject_of(&e.change) == subject)
            .unwrap_or_else(|| panic!("no change to {subject}: {entries:?}"))
            .breaking
    }

    #[test]
    fn nothing_changed_is_an_empty_report() {
        assert!(diff(OLD, OLD).is_empty());
        assert_eq!(report(&diff(OLD, OLD)), "");
    }

    #[test]
    fn each_kind_of_change_is_classified() {
        let new = OLD
            .replace("operation deleteBook: DELETE /books/{id}\n", "")
            .replace("fields: String, optional", "fields: String, required")
            .replace("pages: i64, optional", "pages: String, optional")
            .replace("title: String, required", "title: String, optional")
            .replace("type Color value red: Red\n", "")
            .replace(
                "server: https://a.example.com",
                "server: https://b.example.com",
            )
            + "type Book field isbn: String, required\noperation listBooks: GET /books\n";
        let entries = diff(OLD, &new);
        assert_eq!(
            breaking(&entries, "operation deleteBook"),
            Some("an operation was removed")
        );
        assert_eq!(
            breaking(&entries, "operation getBook parameter query fields"),
            Some("a request field or parameter became required")
        );
        assert_eq!(
            breaking(&entries, "type Book field pages"),
            Some("a type changed")
        );
        assert_eq!(
            breaking(&entries, "type Book field title"),
            Some("a response field became optional or nullable")
        );
        assert_eq!(
            breaking(&entries, "type Color value red"),
            Some("a variant was removed")
        );
        assert_eq!(breaking(&entries, "server"), Some("the server changed"));
        assert_eq!(
            breaking(&entries, "type Book field isbn"),
            Some("a new request field is required")
        );
        assert_eq!(breaking(&entries, "operation listBooks"), None);

        let secured = OLD.replace(
            "operation getBook result: Book\n",
            "operation getBook result: Book\noperation getBook security: api_key\n",
        );
        let added = diff(OLD, &secured);
        assert_eq!(
            breaking(&added, "operation getBook security"),
            Some("an authentication requirement changed")
        );
        let changed = diff(
            &secured,
            &secured.replace("security: api_key", "security: bearer"),
        );
        assert_eq!(
            breaking(&changed, "operation getBook security"),
            Some("an authentication requirement changed")
        );
        let nullable = OLD.replace(
            "title: String, required",
            "title: String, required, nullable",
        );
        assert_eq!(
            breaking(&diff(OLD, &nullable), "type Book field title"),
            Some("a response field became optional or nullable")
        );
        let text = report(&entries);
        assert!(
            text.starts_with("added:\n  operation listBooks: GET /books\n"),
            "{text}"
        );
        assert!(
            text.contains("\nchanged:\n  BREAKING (a request field or parameter became required) operation getBook parameter query fields: String, optional -> String, required\n"),
            "{text}"
        );
        assert!(
            text.contains("\n  BREAKING (a type changed) type Book field pages: i64, optional -> String, optional\n"),
            "{text}"
        );
    }
}
