//! Servers: the client's default base URL, the builder settings of its
//! variables, and the base URL of operations whose `servers` differ.

use crate::diagnostics::{join, Diagnostics};
use crate::ir::{ServerVariable, Servers};
use crate::naming::{self, Scope};
use openapiv3::{OpenAPI, ReferenceOr, Server};

/// `url` with each `{variable}` replaced by its default (OpenAPI Server
/// Object); unknown placeholders are kept.
pub(super) fn with_defaults(server: &Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

/// Whether a server can be a base URL as it is: an absolute `http` or
/// `https` URL once its variables take their defaults. A relative URL (`/v1`,
/// relative to wherever the document is served) or a placeholder such as
/// `GATEWAY_URL` cannot.
fn is_usable(server: &Server) -> bool {
    let url = with_defaults(server);
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !url.contains(['{', '}', ' ']))
}

/// Compares base URLs the way requests use them (without a trailing `/`).
fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// Every `servers` list of the document with its pointer: the document's,
/// then each inline path item's and operation's, in spec order.
fn all_lists(doc: &OpenAPI) -> Vec<(String, &[Server])> {
    let mut out = vec![("#/servers".to_owned(), doc.servers.as_slice())];
    for (path, item) in doc.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = join("#/paths", path);
        out.push((join(&at, "servers"), item.servers.as_slice()));
        for (method, op) in item.iter() {
            out.push((join(&join(&at, method), "servers"), op.servers.as_slice()));
        }
    }
    out
}

/// The document's servers for the builder. Names for the variables'
/// settings are claimed in `scope`. Each distinct server entry that is not
/// an absolute URL gets one warning, at its first place.
pub(super) fn document(doc: &OpenAPI, scope: &mut Scope, diags: &mut Diagnostics) -> Servers {
    let mut out = Servers::default();
    let default = doc.servers.iter().find(|s| is_usable(s));
    if let Some(server) = default {
        out.default_url = Some(with_defaults(server));
        if let Some(variables) = server.variables.as_ref().filter(|v| !v.is_empty()) {
            let at = doc.servers.iter().position(|s| std::ptr::eq(s, server));
            let at = join("#/servers", &at.unwrap_or_default().to_string());
            for (name, v) in variables {
                if !v.enumeration.is_empty() && !v.enumeration.contains(&v.default) {
                    diags.loosened(
                        join(&join(&join(&at, "variables"), name), "default"),
                        format!("server variable `{name}` defaults to `{}`, which its `enum` does not list; the default is accepted beside the listed values", v.default),
                        "make the default one of the enum's values",
                    );
                }
            }
            out.template = Some(server.url.clone());
            out.variables = variables
                .iter()
                .map(|(name, v)| ServerVariable {
                    wire: name.clone(),
                    method: scope.claim(naming::value_name(&format!("server_{name}"))),
                    default: v.default.clone(),
                    allowed: with_default(&v.enumeration, &v.default),
                    doc: v.description.clone(),
                })
                .collect();
        }
    }
    let mut unusable: Vec<(String, Option<String>, String, usize)> = Vec::new();
    for (pointer, list) in all_lists(doc) {
        for (i, server) in list.iter().enumerate() {
            if is_usable(server) {
                let listed = out
                    .default_url
                    .as_deref()
                    .is_some_and(|d| same_url(d, &with_defaults(server)));
                let known = out.others.iter().any(|(u, _)| u == &server.url);
                if pointer == "#/servers" && !listed && !known {
                    out.others
                        .push((server.url.clone(), server.description.clone()));
                }
                continue;
            }
            match unusable.iter_mut().find(|(url, ..)| *url == server.url) {
                Some(seen) => seen.3 += 1,
                None => unusable.push((
                    server.url.clone(),
                    server.description.clone(),
                    join(&pointer, &i.to_string()),
                    0,
                )),
            }
        }
    }
    for (url, description, pointer, more) in unusable {
        let elsewhere = match more {
            0 => String::new(),
            1 => " (it is listed at 1 other place too)".to_owned(),
            n => format!(" (it is listed at {n} other places too)"),
        };
        diags.repaired(
            pointer,
            format!("server `{url}` is not an absolute http(s) URL{elsewhere}; the client never sends to it by itself"),
            "to reach that server, set its full URL with `ClientBuilder::base_url` (the builder's documentation names it)",
        );
        out.others.push((url, description));
    }
    out
}

/// The base URL of an operation whose servers differ from the document's:
/// the first absolute URL of its own `servers`, else of its path item's,
/// with variables at their defaults; `None` when that is the document's
/// default or there is none.
pub(super) fn of_operation(
    path_servers: &[Server],
    op_servers: &[Server],
    servers: &Servers,
) -> Option<String> {
    let list = if op_servers.is_empty() {
        path_servers
    } else {
        op_servers
    };
    let url = with_defaults(list.iter().find(|s| is_usable(s))?);
    match &servers.default_url {
        Some(default) if same_url(default, &url) => None,
        _ => Some(url),
    }
}

/// A variable's allowed values: its `enum`, and its `default` when the
/// `enum` leaves it out (a client built without setting it must work).
fn with_default(enumeration: &[String], default: &str) -> Vec<String> {
    let mut allowed = enumeration.to_vec();
    if !allowed.is_empty() && !allowed.iter().any(|a| a == default) {
        allowed.push(default.to_owned());
    }
    allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> Server {
        Server {
            url: url.to_owned(),
            description: None,
            variables: None,
            extensions: Default::default(),
        }
    }

    #[test]
    fn only_absolute_http_urls_are_usable() {
        assert!(is_usable(&server("https://api.example.com/v1")));
        assert!(is_usable(&server("HTTP://localhost:8080")));
        for bad in [
            "/v1",
            "SELF_HOSTED_GATEWAY_URL",
            "https://",
            "ftp://x",
            "https://{host}",
        ] {
            assert!(!is_usable(&server(bad)), "{bad}");
        }
    }

    #[test]
    fn operations_keep_their_own_server_only_when_it_differs() {
        let servers = Servers {
            default_url: Some("https://api.example.com/v1".to_owned()),
            ..Servers::default()
        };
        let same = [server("https://api.example.com/v1/")];
        let other = [server("NOT_A_URL"), server("https://files.example.com")];
        assert_eq!(of_operation(&same, &[], &servers), None);
        assert_eq!(
            of_operation(&same, &other, &servers).as_deref(),
            Some("https://files.example.com")
        );
        assert_eq!(
            of_operation(&other, &[], &servers).as_deref(),
            Some("https://files.example.com")
        );
        assert_eq!(of_operation(&[], &[], &servers), None);
        assert_eq!(of_operation(&[server("/v2")], &[], &servers), None);
    }
}
