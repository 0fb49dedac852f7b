//! Reads spec text into openapiv3's typed document, turning every parse
//! failure into a located diagnostic.

use crate::diagnostics::Diagnostic;
use openapiv3::OpenAPI;

/// Parses YAML (or JSON, which is YAML) text into an OpenAPI 3.x document.
pub fn load(text: &str) -> Result<OpenAPI, Diagnostic> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let mut d = Diagnostic::error(
            "#",
            format!(
                "the file is not valid YAML: {}",
                strip_location(&err.to_string())
            ),
            "fix the YAML syntax at the line and column shown",
        );
        d.line_col = err.location().map(|l| (l.line(), l.column()));
        d
    })?;
    value.apply_merge().map_err(|err| {
        Diagnostic::error(
            "#",
            format!("a YAML merge key (`<<`) cannot be applied: {err}"),
            "merge only mappings",
        )
    })?;
    check_version(&value)?;
    serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|err| {
        let pointer = pointer_of(err.path());
        Diagnostic::error(
            pointer,
            format!(
                "this part of the document does not match OpenAPI 3: {}",
                err.inner()
            ),
            "compare this node with the OpenAPI 3.0 specification and correct its shape",
        )
    })
}

fn check_version(value: &serde_yaml::Value) -> Result<(), Diagnostic> {
    let Some(map) = value.as_mapping() else {
        return Err(Diagnostic::error(
            "#",
            "the document is not a mapping, so it is not an OpenAPI document",
            "pass an OpenAPI 3.0 or 3.1 document (a YAML mapping with an `openapi` key)",
        ));
    };
    if map.contains_key("swagger") {
        return Err(Diagnostic::error(
            "#/swagger",
            "this is a Swagger 2.0 document; only OpenAPI 3.0 and 3.1 are supported",
            "convert it to OpenAPI 3 first (for example with swagger2openapi)",
        ));
    }
    match map.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(()),
        Some(v) => Err(Diagnostic::error(
            "#/openapi",
            format!("OpenAPI version {v:?} is not supported"),
            "use an OpenAPI 3.0.x or 3.1.x document",
        )),
        None => Err(Diagnostic::error(
            "#/openapi",
            "the document has no `openapi` version string, so it is not an OpenAPI document",
            "add `openapi: 3.0.3` (or the version the document follows) at the top",
        )),
    }
}

/// serde_yaml appends " at line L column C"; the diagnostic carries that separately.
fn strip_location(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer = crate::diagnostics::join(&pointer, &index.to_string())
            }
            Segment::Map { key } => pointer = crate::diagnostics::join(&pointer, key),
            Segment::Enum { variant } => pointer = crate::diagnostics::join(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}
