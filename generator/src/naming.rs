//! Every Rust identifier the generator emits is made here: types, fields,
//! variants, methods, modules. Wire names stay beside them in the IR.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be used as plain identifiers (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names of Rust's prelude the generated code uses without a path; no
/// generated type may take them.
pub const PRELUDE: &[&str] = &[
    "Box", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Send", "Some", "String", "Vec",
];

/// Methods the generated `Client` defines besides one per operation.
pub const CLIENT_METHODS: &[&str] = &["builder", "new", "clone", "fmt", "with_options"];

/// Methods the generated `ClientBuilder` defines besides one per credential
/// and per client-wide header option.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "base_url",
    "build",
    "http_client",
    "timeout",
    "connect_timeout",
    "max_retries",
    "max_retry_after",
    "sleeper",
    "clone",
    "fmt",
];

/// Constants the generated client module defines besides one per credential.
pub const CLIENT_CONSTANTS: &[&str] = &[
    "DEFAULT_BASE_URL",
    "SERVER",
    "CREDENTIALS",
    "CREDENTIAL_NAMES",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces everything that cannot appear in an identifier with a word break.
/// Non-ASCII letters are spelled as `uXXXX` so distinct names stay distinct.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    out
}

fn finish(mut name: String, fallback: &str, digit_prefix: &str) -> String {
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// A type name: `message_object` → `MessageObject`, `thread.message` → `ThreadMessage`.
pub fn type_name(raw: &str) -> String {
    finish(words(raw).to_upper_camel_case(), "Value", "V")
}

/// An enum variant name; same rules as [`type_name`].
pub fn variant_name(raw: &str) -> String {
    type_name(raw)
}

/// A field, method, or parameter name: `firstId` → `first_id`, `type` → `r#type`.
pub fn value_name(raw: &str) -> String {
    finish(words(raw).to_snake_case(), "value", "_")
}

/// A constant name: `modifyMessage` → `MODIFY_MESSAGE`.
pub fn const_name(raw: &str) -> String {
    let name = value_name(raw);
    let name = name.trim_start_matches("r#");
    name.to_ascii_uppercase()
}

/// A cargo feature name: `Vector stores` → `vector-stores`.
pub fn feature_name(raw: &str) -> String {
    let name = words(raw).to_kebab_case();
    if name.is_empty() {
        "other".to_owned()
    } else {
        name
    }
}

/// Reason phrases of the status codes HTTP defines (RFC 9110 §15, and the
/// WebDAV and other registered codes an API commonly declares).
const REASONS: &[(u16, &str)] = &[
    (200, "OK"),
    (201, "Created"),
    (202, "Accepted"),
    (203, "Non-Authoritative Information"),
    (204, "No Content"),
    (205, "Reset Content"),
    (206, "Partial Content"),
    (207, "Multi-Status"),
    (208, "Already Reported"),
    (226, "IM Used"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (402, "Payment Required"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (407, "Proxy Authentication Required"),
    (408, "Request Timeout"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "Length Required"),
    (412, "Precondition Failed"),
    (413, "Content Too Large"),
    (414, "URI Too Long"),
    (415, "Unsupported Media Type"),
    (416, "Range Not Satisfiable"),
    (417, "Expectation Failed"),
    (421, "Misdirected Request"),
    (422, "Unprocessable Content"),
    (423, "Locked"),
    (424, "Failed Dependency"),
    (425, "Too Early"),
    (426, "Upgrade Required"),
    (428, "Precondition Required"),
    (429, "Too Many Requests"),
    (431, "Request Header Fields Too Large"),
    (451, "Unavailable For Legal Reasons"),
    (500, "Internal Server Error"),
    (501, "Not Implemented"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
    (505, "HTTP Version Not Supported"),
    (507, "Insufficient Storage"),
    (511, "Network Authentication Required"),
];

/// The variant name of a response, from its key in an OpenAPI Responses
/// Object: a code's reason phrase (`404` → `NotFound`, `200` → `Ok`), or
/// `Status299` for a code without one; a range's class (`2XX` → `Success`,
/// `4XX` → `ClientError`, `5XX` → `ServerError`); `default` → `Default`.
pub fn status_variant(key: &str) -> String {
    if key == "default" {
        return "Default".to_owned();
    }
    if let Ok(code) = key.parse::<u16>() {
        return match REASONS.iter().find(|(c, _)| *c == code) {
            Some((_, reason)) => type_name(&reason.to_ascii_lowercase()),
            None => format!("Status{code}"),
        };
    }
    match key.to_ascii_uppercase().as_str() {
        "1XX" => "Informational".to_owned(),
        "2XX" => "Success".to_owned(),
        "3XX" => "Redirection".to_owned(),
        "4XX" => "ClientError".to_owned(),
        "5XX" => "ServerError".to_owned(),
        other => type_name(&format!("status {other}")),
    }
}

/// The name serde sees for a Rust identifier (raw prefix removed).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A set of names in one scope. Claiming a name already taken gives a stable
/// numbered one (`Status2`, `status_2`) so that two wire names never share an identifier.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope that already contains `reserved`.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Returns `candidate`, or the first free numbered form of it.
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(unraw(&candidate).to_owned()) {
            return candidate;
        }
        let base = unraw(&candidate).trim_end_matches('_').to_owned();
        let snake = base.chars().all(|c| !c.is_ascii_uppercase());
        (2..)
            .map(|n| {
                if snake {
                    format!("{base}_{n}")
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|name| self.taken.insert(name.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// True when `name` is already used.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_table() {
        let table: &[(&str, &str, &str)] = &[
            // raw, type/variant name, field/method name
            ("MessageObject", "MessageObject", "message_object"),
            ("thread.message", "ThreadMessage", "thread_message"),
            ("modifyMessage", "ModifyMessage", "modify_message"),
            ("first_id", "FirstId", "first_id"),
            ("type", "Type", "r#type"),
            ("self", "Self_", "self_"),
            ("Self", "Self_", "self_"),
            ("super", "Super", "super_"),
            ("crate", "Crate", "crate_"),
            ("match", "Match", "r#match"),
            ("1024x1024", "V1024x1024", "_1024x1024"),
            ("assistants=v2", "AssistantsV2", "assistants_v2"),
            ("x-portkey-api-key", "XPortkeyApiKey", "x_portkey_api_key"),
            ("", "Value", "value"),
            ("-", "Value", "value"),
            ("gpt-4o", "Gpt4o", "gpt_4o"),
            ("café", "CafU00e9", "caf_u00e9"),
            ("HTTPStatus", "HttpStatus", "http_status"),
        ];
        for (raw, ty, value) in table {
            assert_eq!(type_name(raw), *ty, "type name of {raw:?}");
            assert_eq!(value_name(raw), *value, "value name of {raw:?}");
        }
        assert_eq!(const_name("modifyMessage"), "MODIFY_MESSAGE");
        for (key, variant) in [
            ("200", "Ok"),
            ("204", "NoContent"),
            ("404", "NotFound"),
            ("422", "UnprocessableContent"),
            ("505", "HttpVersionNotSupported"),
            ("299", "Status299"),
            ("2XX", "Success"),
            ("4XX", "ClientError"),
            ("default", "Default"),
        ] {
            assert_eq!(status_variant(key), variant, "{key}");
        }
        assert_eq!(const_name("type"), "TYPE");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(type_name("foo_bar")), "FooBar");
        assert_eq!(scope.claim(type_name("FooBar")), "FooBar2");
        assert_eq!(scope.claim(type_name("foo-bar")), "FooBar3");
        let mut fields = Scope::default();
        assert_eq!(fields.claim(value_name("fooBar")), "foo_bar");
        assert_eq!(fields.claim(value_name("foo_bar")), "foo_bar_2");
        assert_eq!(fields.claim(value_name("type")), "r#type");
        assert_eq!(fields.claim(value_name("Type")), "type_2");
        assert_eq!(fields.claim(value_name("self")), "self_");
        assert_eq!(fields.claim(value_name("Self")), "self_2");
    }
}
