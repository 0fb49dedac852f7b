//! Server URLs: an OpenAPI server URL template filled with its variables.

use super::Error;

/// A server of the spec whose URL has variables (OpenAPI Server Object,
/// `servers[0]`): `https://{region}.api.example.com/{version}`.
#[derive(Debug)]
pub struct ServerTemplate {
    /// The URL template, with `{name}` placeholders.
    pub url: &'static str,
    /// Its variables, in the order the spec declares them.
    pub variables: &'static [ServerVariable],
}

/// One variable of a [`ServerTemplate`] (OpenAPI Server Variable Object).
#[derive(Debug)]
pub struct ServerVariable {
    /// The placeholder's name.
    pub name: &'static str,
    /// The builder method that sets it, for messages.
    pub setting: &'static str,
    /// The value used when none is set (`default`).
    pub default: &'static str,
    /// The values allowed (`enum`); any value when empty.
    pub allowed: &'static [&'static str],
}

/// The URL of `server` with every placeholder replaced by the value set for
/// it in `values` (`(name, value)`), else its default. A value outside the
/// variable's `enum` is a configuration error naming the setting. Text
/// outside placeholders is kept as written; an unknown placeholder is kept.
pub fn fill_server(server: &ServerTemplate, values: &[(&str, String)]) -> Result<String, Error> {
    let mut out = String::with_capacity(server.url.len() + 16);
    let mut rest = server.url;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        out.push_str(&rest[..start]);
        match server.variables.iter().find(|v| v.name == name) {
            Some(variable) => {
                let value = values
                    .iter()
                    .rev()
                    .find(|(n, _)| *n == name)
                    .map_or(variable.default, |(_, v)| v.as_str());
                if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
                    return Err(Error::Config(format!(
                        "`{}` is {value:?}, but the server allows only {}",
                        variable.setting,
                        variable
                            .allowed
                            .iter()
                            .map(|a| format!("{a:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                out.push_str(value);
            }
            None => out.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVER: ServerTemplate = ServerTemplate {
        url: "https://{region}.api.example.com/{version}",
        variables: &[
            ServerVariable {
                name: "region",
                setting: "server_region",
                default: "us",
                allowed: &["us", "eu"],
            },
            ServerVariable {
                name: "version",
                setting: "server_version",
                default: "v1",
                allowed: &[],
            },
        ],
    };

    #[test]
    fn defaults_fill_what_is_not_set() {
        assert_eq!(
            fill_server(&SERVER, &[]).unwrap(),
            "https://us.api.example.com/v1"
        );
        let set = [("region", "eu".to_owned()), ("version", "v2".to_owned())];
        assert_eq!(
            fill_server(&SERVER, &set).unwrap(),
            "https://eu.api.example.com/v2"
        );
    }

    #[test]
    fn values_outside_the_enum_are_refused() {
        let err = fill_server(&SERVER, &[("region", "mars".to_owned())]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`server_region`"), "{text}");
        assert!(text.contains("\"us\", \"eu\""), "{text}");
    }
}
