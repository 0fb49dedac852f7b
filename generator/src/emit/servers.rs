//! Emits the client's server settings: the `base_url` setter with the
//! servers the spec lists, the server template, and one setter per server
//! variable.

use super::docs;
use super::models::ident;
use super::Emitter;
use proc_macro2::TokenStream;
use quote::quote;

/// The base URL when the spec names no server the client can use.
pub(super) const FALLBACK_BASE_URL: &str = "http://localhost";

impl Emitter<'_> {
    /// The client's default base URL.
    pub(super) fn default_base_url(&self) -> &str {
        self.api
            .servers
            .default_url
            .as_deref()
            .unwrap_or(FALLBACK_BASE_URL)
    }

    /// `const SERVER`, the default server's URL template and variables, when
    /// it has variables.
    pub(super) fn server_template(&self) -> Option<TokenStream> {
        let servers = &self.api.servers;
        let url = servers.template.as_ref()?;
        let variables = servers.variables.iter().map(|v| {
            let name = &v.wire;
            let setting = crate::naming::unraw(&v.method);
            let default = &v.default;
            let allowed = &v.allowed;
            quote! {
                runtime::ServerVariable {
                    name: #name,
                    setting: #setting,
                    default: #default,
                    allowed: &[#(#allowed),*],
                }
            }
        });
        Some(quote! {
            /// The spec's server, whose variables the builder can set.
            const SERVER: runtime::ServerTemplate = runtime::ServerTemplate {
                url: #url,
                variables: &[#(#variables),*],
            };
        })
    }

    /// The statement registering the server template with a new builder's
    /// `inner`, when there is one.
    pub(super) fn register_server(&self) -> Option<TokenStream> {
        self.api
            .servers
            .template
            .as_ref()
            .map(|_| quote!(inner.server(&SERVER);))
    }

    /// The `base_url` setter, documented with the rule that picks each
    /// operation's base URL and the servers the spec lists besides.
    pub(super) fn base_url_setter(&self) -> TokenStream {
        let servers = &self.api.servers;
        let mut text = match (&servers.default_url, &servers.template) {
            (Some(_), Some(template)) => format!(
                "Sets the base URL every path is appended to. By default it is the spec's server `{template}` with its variables filled in (`{}` when none is set).",
                self.default_base_url()
            ),
            (Some(url), None) => {
                format!("Sets the base URL every path is appended to (default `{url}`).")
            }
            (None, _) => format!(
                "Sets the base URL every path is appended to. The spec names no server the client can use, so the default is `{FALLBACK_BASE_URL}`: set the API's URL here."
            ),
        };
        let own = self.api.operations.iter().any(|op| op.server.is_some());
        if own {
            text.push_str("\n\nSome operations have servers of their own in the spec and are sent there by default (their documentation names the URL). Once a base URL is set here, every operation is sent to it, those included.");
        } else if !servers.variables.is_empty() {
            text.push_str("\n\nOnce a base URL is set here, the server variables are unused.");
        }
        if !servers.others.is_empty() {
            text.push_str(
                "\n\nThe spec also names these servers, which the client never picks by itself; to send to one, set its URL here:\n",
            );
            for (url, description) in &servers.others {
                let described = description
                    .as_deref()
                    .map(str::trim)
                    .map(|d| d.trim_end_matches('.'))
                    .filter(|d| !d.is_empty())
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                text.push_str(&format!("\n- `{url}`{described}"));
            }
        }
        let doc = docs::attrs(&text);
        quote! {
            #doc
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.inner.base_url(base_url.into());
                self
            }
        }
    }

    /// One builder setter per variable of the spec's server.
    pub(super) fn server_variable_setters(&self) -> Vec<TokenStream> {
        let servers = &self.api.servers;
        let template = servers.template.as_deref().unwrap_or_default();
        servers
            .variables
            .iter()
            .map(|v| {
                let method = ident(&v.method);
                let wire = &v.wire;
                let mut text = match v.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                    Some(d) => format!("{d}\n\n"),
                    None => String::new(),
                };
                text.push_str(&format!(
                    "Sets the `{wire}` variable of the server URL `{template}` (default `{}`).",
                    v.default
                ));
                if !v.allowed.is_empty() {
                    let allowed: Vec<String> = v.allowed.iter().map(|a| format!("`{a}`")).collect();
                    text.push_str(&format!(
                        " The server allows one of {}; `build` refuses any other value.",
                        allowed.join(", ")
                    ));
                }
                text.push_str(" Unused once `base_url` is set.");
                let doc = docs::attrs(&text);
                quote! {
                    #doc
                    pub fn #method(mut self, value: impl Into<String>) -> Self {
                        self.inner.server_variable(#wire, value.into());
                        self
                    }
                }
            })
            .collect()
    }
}
