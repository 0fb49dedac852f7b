//! Security schemes become the credentials a client builder accepts.

use crate::diagnostics::{join, Diagnostics};
use crate::ir::{Credential, CredentialLocation};
use crate::naming::{self, Scope};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

/// Names credentials and header options cannot take: the builder's own
/// methods, and `RequestOptions`' (header options are methods on both).
pub(super) fn setter_scope(extra: &[&str]) -> Scope {
    let mut reserved: Vec<&str> = naming::CLIENT_BUILDER_METHODS.to_vec();
    reserved.extend(crate::runtime::methods_of("RequestOptions"));
    reserved.extend(extra);
    Scope::with_reserved(&reserved)
}

/// One credential per usable security scheme, in spec order.
pub(super) fn credentials(doc: &OpenAPI, diags: &mut Diagnostics) -> Vec<Credential> {
    let Some(components) = &doc.components else {
        return Vec::new();
    };
    let header_names: Vec<&str> = components
        .security_schemes
        .values()
        .filter_map(|s| match s {
            ReferenceOr::Item(SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name,
                ..
            }) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let prefix = common_prefix(&header_names);
    let mut scope = setter_scope(&[]);
    let mut constants = Scope::with_reserved(naming::CLIENT_CONSTANTS);
    let mut out = Vec::new();
    for (scheme, item) in &components.security_schemes {
        let pointer = join("#/components/securitySchemes", scheme);
        let ReferenceOr::Item(item) = item else {
            diags.skipped(
                pointer,
                "a `$ref` security scheme is not followed; it is skipped",
                "define the scheme inline",
            );
            continue;
        };
        let Some((location, method, doc)) = scheme_use(scheme, item, &prefix, &pointer, diags)
        else {
            continue;
        };
        let method = scope.claim(method);
        out.push(Credential {
            scheme: scheme.clone(),
            const_name: constants.claim(naming::const_name(&method)),
            method,
            location,
            doc,
            obtain: obtain(item),
        });
    }
    out
}

/// Where a scheme's credential is sent, the builder method's wanted name and
/// the scheme's description; `None` (with a warning) for a scheme a client
/// cannot use yet.
fn scheme_use(
    scheme: &str,
    item: &SecurityScheme,
    prefix: &str,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<(CredentialLocation, String, Option<String>)> {
    Some(match item {
        SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let location = match location {
                APIKeyLocation::Header => CredentialLocation::Header(name.clone()),
                APIKeyLocation::Query => CredentialLocation::Query(name.clone()),
                APIKeyLocation::Cookie => CredentialLocation::Cookie(name.clone()),
            };
            let short = without_prefix(name, prefix);
            (location, naming::value_name(short), description.clone())
        }
        SecurityScheme::HTTP {
            scheme: http,
            description,
            ..
        } if http.eq_ignore_ascii_case("bearer") => (
            CredentialLocation::Bearer,
            naming::value_name(scheme),
            description.clone(),
        ),
        SecurityScheme::HTTP {
            scheme: http,
            description,
            ..
        } if http.eq_ignore_ascii_case("basic") => (
            CredentialLocation::Basic,
            naming::value_name(scheme),
            description.clone(),
        ),
        SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => (
            CredentialLocation::Bearer,
            naming::value_name(scheme),
            description.clone(),
        ),
        SecurityScheme::HTTP { scheme: http, .. } => {
            diags.skipped(
                pointer,
                format!("HTTP `{http}` authentication is not supported; the scheme is skipped"),
                "use bearer authentication, or send the header yourself",
            );
            return None;
        }
    })
}

/// How to obtain an OAuth 2.0 or OpenID Connect token, from the scheme's
/// flows (OpenAPI OAuth Flows Object) or discovery URL: one paragraph each.
/// URLs are in backticks, so rustdoc shows them as written.
fn obtain(item: &SecurityScheme) -> Vec<String> {
    let scopes = |scopes: &indexmap::IndexMap<String, String>| -> String {
        if scopes.is_empty() {
            return String::new();
        }
        let list: Vec<String> = scopes
            .iter()
            .map(|(name, what)| match what.trim() {
                "" => format!("`{name}`"),
                what => format!("`{name}` ({what})"),
            })
            .collect();
        format!("; scopes: {}", list.join(", "))
    };
    let refresh = |url: &Option<String>| {
        url.as_ref()
            .map(|u| format!(", refresh URL `{u}`"))
            .unwrap_or_default()
    };
    match item {
        SecurityScheme::OAuth2 { flows, .. } => {
            let mut out = Vec::new();
            if let Some(f) = &flows.authorization_code {
                out.push(format!(
                    "OAuth 2.0 authorization code flow: authorization URL `{}`, token URL `{}`{}{}.",
                    f.authorization_url,
                    f.token_url,
                    refresh(&f.refresh_url),
                    scopes(&f.scopes)
                ));
            }
            if let Some(f) = &flows.client_credentials {
                out.push(format!(
                    "OAuth 2.0 client credentials flow: token URL `{}`{}{}.",
                    f.token_url,
                    refresh(&f.refresh_url),
                    scopes(&f.scopes)
                ));
            }
            if let Some(f) = &flows.password {
                out.push(format!(
                    "OAuth 2.0 password flow: token URL `{}`{}{}.",
                    f.token_url,
                    refresh(&f.refresh_url),
                    scopes(&f.scopes)
                ));
            }
            if let Some(f) = &flows.implicit {
                out.push(format!(
                    "OAuth 2.0 implicit flow: authorization URL `{}`{}{}.",
                    f.authorization_url,
                    refresh(&f.refresh_url),
                    scopes(&f.scopes)
                ));
            }
            out.push("Obtain an access token through one of these flows and pass it here; the client sends it as it is and neither runs a flow nor refreshes the token.".to_owned());
            out
        }
        SecurityScheme::OpenIDConnect {
            open_id_connect_url,
            ..
        } => vec![format!(
            "OpenID Connect: the provider's discovery document is `{open_id_connect_url}`. Obtain a token from that provider and pass it here; the client sends it as it is and never refreshes it."
        )],
        _ => Vec::new(),
    }
}

/// Names the header parameters every operation accepts, after the credentials
/// and the server variables (`taken`), sharing the credentials' prefix rule:
/// `x-portkey-trace-id` gives `trace_id`.
pub(super) fn name_options(
    credentials: &[Credential],
    taken: &[&str],
    headers: Vec<crate::ir::Field>,
) -> Vec<crate::ir::Field> {
    let mut names: Vec<&str> = credentials
        .iter()
        .filter_map(|c| match &c.location {
            CredentialLocation::Header(h) => Some(h.as_str()),
            _ => None,
        })
        .collect();
    names.extend(headers.iter().map(|h| h.wire.as_str()));
    let prefix = common_prefix(&names);
    let mut all: Vec<&str> = credentials.iter().map(|c| c.method.as_str()).collect();
    all.extend(taken);
    let mut scope = setter_scope(&all);
    let renamed: Vec<crate::ir::Field> = headers
        .iter()
        .map(|h| {
            let short = without_prefix(&h.wire, &prefix);
            crate::ir::Field {
                name: scope.claim(naming::value_name(short)),
                ..h.clone()
            }
        })
        .collect();
    renamed
}

/// `name` without `prefix` (compared ignoring ASCII case), or all of `name`
/// when nothing would be left.
pub(super) fn without_prefix<'n>(name: &'n str, prefix: &str) -> &'n str {
    match name.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) && name.len() > prefix.len() => {
            &name[prefix.len()..]
        }
        _ => name,
    }
}

/// The longest `word-` prefix shared by all header names (`x-portkey-`), when
/// there are at least two, so `x-portkey-api-key` gives the method `api_key`.
pub(super) fn common_prefix(names: &[&str]) -> String {
    if names.len() < 2 {
        return names.first().map_or(String::new(), |n| {
            if n.starts_with("x-") {
                "x-".to_owned()
            } else {
                String::new()
            }
        });
    }
    let first = names[0];
    let mut end = 0;
    for (i, c) in first.char_indices() {
        let head = &first.as_bytes()[..=i];
        if c == '-'
            && names
                .iter()
                .all(|n| n.len() > i + 1 && n.as_bytes()[..=i].eq_ignore_ascii_case(head))
        {
            end = i + 1;
        }
    }
    first[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::{common_prefix, without_prefix};

    #[test]
    fn shared_header_prefix_is_dropped() {
        assert_eq!(
            common_prefix(&[
                "x-portkey-api-key",
                "x-portkey-virtual-key",
                "x-portkey-config"
            ]),
            "x-portkey-"
        );
        assert_eq!(common_prefix(&["x-api-key"]), "x-");
        assert_eq!(common_prefix(&["api-key", "other"]), "");
        assert_eq!(common_prefix(&["x-a", "x-a-b"]), "x-");
        assert_eq!(without_prefix("x-gateway-region", "X-Gateway-"), "region");
        assert_eq!(without_prefix("x-gateway-", "x-gateway-"), "x-gateway-");
        assert_eq!(without_prefix("é", "x"), "é");
    }
}
