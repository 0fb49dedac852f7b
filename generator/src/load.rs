//! Reads spec text into openapiv3's typed document, turning every parse
//! failure into a located diagnostic, and setting aside (with a warning) an
//! operation, path item or component whose shape is not OpenAPI's.

use crate::diagnostics::{join, Diagnostic, Diagnostics};
use crate::overlay::Overlay;
use openapiv3::{
    OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// Parses YAML or JSON text into an OpenAPI 3.x document, normalizing it
/// first (see [`crate::normalize`]). A part of the wrong shape is set aside
/// (see [`salvage`]) and the rest read; a document that is not OpenAPI 3.x,
/// cannot be parsed, or is wrong outside any such part is refused. Problems
/// go to `diags`.
pub fn load(text: &str, overlays: &[Overlay], diags: &mut Diagnostics) -> Option<Loaded> {
    let original = text;
    let text = &*widen_big_integers(text);
    let mut value: Value = match parse(original, text) {
        Ok(value) => value,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    // `apply_merge` consumes the keys it fails on, so look for a bad merge first.
    if text.contains("<<") {
        if let Some(pointer) = crate::normalize::bad_merge_key(&value, "#") {
            diags.error(
                pointer,
                "a YAML merge key (`<<`) holds something that is not a mapping",
                "a merge key may only merge a mapping, or a list of mappings, into its mapping",
            );
            return None;
        }
    }
    if let Err(err) = value.apply_merge() {
        diags.error(
            "#",
            format!("a YAML merge key (`<<`) cannot be applied: {err}"),
            "a merge key may only merge a mapping, or a list of mappings, into its mapping",
        );
        return None;
    }
    for overlay in overlays {
        if !crate::overlay::apply(&mut value, overlay, diags) {
            return None;
        }
    }
    if let Err(d) = check_version(&value) {
        diags.push(d);
        return None;
    }
    crate::normalize::normalize(&mut value, diags);
    let mut operations_left_out = 0;
    let mut last = None;
    loop {
        // Tracking the path costs an allocation per key, so only a document
        // that fails to type is read again with it, to locate the error.
        if let Ok(doc) = <OpenAPI as serde::Deserialize>::deserialize(&value) {
            return Some(Loaded {
                doc,
                operations_left_out,
            });
        }
        let (pointer, message) = match serde_path_to_error::deserialize::<_, OpenAPI>(&value) {
            Ok(doc) => {
                return Some(Loaded {
                    doc,
                    operations_left_out,
                })
            }
            Err(err) => refine(&value)
                .unwrap_or_else(|| (pointer_of("#", err.path()), err.inner().to_string())),
        };
        let help = "compare this node with the OpenAPI 3.0 specification and correct its shape";
        // A node that keeps failing after its part was set aside cannot be salvaged.
        let salvaged = if last.as_ref() == Some(&pointer) {
            None
        } else {
            salvage(&mut value, &pointer)
        };
        let Some(salvaged) = salvaged else {
            diags.error(
                pointer,
                format!("this part of the document does not match OpenAPI 3: {message}"),
                help,
            );
            return None;
        };
        let what = format!("{pointer} does not match OpenAPI 3 ({message})");
        match salvaged {
            Salvaged::Operation(at) => {
                operations_left_out += 1;
                diags.skipped(at, format!("{what}; this operation is left out"), help);
            }
            Salvaged::PathItem { at, count } => {
                operations_left_out += count;
                diags.skipped(
                    at,
                    format!("{what}; this path item is left out, with its {count} operation(s)"),
                    help,
                );
            }
            Salvaged::Schema(at) => diags.loosened(
                at,
                format!("{what}; this schema is taken as any JSON value"),
                help,
            ),
            Salvaged::Component(at) => diags.skipped(
                at,
                format!("{what}; this component is left out, and each `$ref` to it is reported where it is used"),
                help,
            ),
        }
        last = Some(pointer);
    }
}

/// A document that typed as OpenAPI, and what was set aside to type it.
pub struct Loaded {
    /// The typed document.
    pub doc: OpenAPI,
    /// Operations left out because they (or their path item) did not match OpenAPI 3.
    pub operations_left_out: usize,
}

/// What [`salvage`] set aside.
enum Salvaged {
    /// An operation, removed.
    Operation(String),
    /// A path item, removed with its `count` operations.
    PathItem { at: String, count: usize },
    /// A component schema, replaced by `{}` (any value).
    Schema(String),
    /// Another component, removed.
    Component(String),
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Sets aside the smallest part of the document that holds the node at
/// `pointer` and can be lost on its own: an operation, a path item, or a
/// component. `None` when the node is in no such part (`info`, `paths`
/// itself), so the document cannot be read.
fn salvage(doc: &mut Value, pointer: &str) -> Option<Salvaged> {
    let tokens: Vec<String> = pointer
        .strip_prefix("#/")?
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    match tokens.as_slice() {
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            let item = doc
                .get_mut("paths")?
                .get_mut(path.as_str())?
                .as_mapping_mut()?;
            item.remove(method.as_str())?;
            Some(Salvaged::Operation(join(&join("#/paths", path), method)))
        }
        [paths, path, ..] if paths == "paths" => {
            let removed = doc
                .get_mut("paths")?
                .as_mapping_mut()?
                .remove(path.as_str())?;
            let count = removed.as_mapping().map_or(0, |item| {
                item.keys()
                    .filter(|k| k.as_str().is_some_and(|k| METHODS.contains(&k)))
                    .count()
            });
            Some(Salvaged::PathItem {
                at: join("#/paths", path),
                count,
            })
        }
        [components, section, name, ..] if components == "components" => {
            let at = join(&join("#/components", section), name);
            let holder = doc
                .get_mut("components")?
                .get_mut(section.as_str())?
                .as_mapping_mut()?;
            if section == "schemas" {
                let node = holder.get_mut(name.as_str())?;
                if node.as_mapping().is_some_and(serde_yaml::Mapping::is_empty) {
                    return None;
                }
                *node = Value::Mapping(serde_yaml::Mapping::new());
                Some(Salvaged::Schema(at))
            } else {
                holder.remove(name.as_str())?;
                Some(Salvaged::Component(at))
            }
        }
        _ => None,
    }
}

/// serde_yaml rejects integers outside the 64-bit range (OpenAI's spec has
/// `minimum: -9223372036854776000`, a float printed without its fraction).
/// Such a plain scalar at the end of a line is rewritten in float notation,
/// which is the value it stood for; nothing else on the line moves.
pub fn widen_big_integers(text: &str) -> std::borrow::Cow<'_, str> {
    fn digits_run(line: &str) -> bool {
        let mut run = 0;
        line.bytes().any(|b| {
            run = if b.is_ascii_digit() { run + 1 } else { 0 };
            run >= 19
        })
    }
    if !digits_run(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let token_start = body.rfind([' ', '\t']).map_or(0, |i| i + 1);
        let token = &body[token_start..];
        let digits = token.strip_prefix(['-', '+']).unwrap_or(token);
        let out_of_range = digits.len() >= 19
            && digits.bytes().all(|b| b.is_ascii_digit())
            && token.parse::<i64>().is_err()
            && token.parse::<u64>().is_err();
        let is_value = body[..token_start].trim_end().ends_with([':', '-']);
        match token.parse::<f64>() {
            Ok(float) if out_of_range && is_value => {
                out.push_str(&body[..token_start]);
                out.push_str(&format!("{float:e}"));
                out.push_str(ending);
            }
            _ => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn check_version(value: &Value) -> Result<(), Diagnostic> {
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
    match map.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(()),
        Some(Value::String(v)) => Err(Diagnostic::error(
            "#/openapi",
            format!("OpenAPI version {v:?} is not supported"),
            "use an OpenAPI 3.0.x or 3.1.x document",
        )),
        Some(Value::Number(n)) => Err(Diagnostic::error(
            "#/openapi",
            format!("the `openapi` version is the number {n}, not a string"),
            format!("quote it: `openapi: \"{n}.0\"` (or the exact version the document follows)"),
        )),
        _ => Err(Diagnostic::error(
            "#/openapi",
            "the document has no `openapi` version string, so it is not an OpenAPI document",
            "add `openapi: 3.0.3` (or the version the document follows) at the top",
        )),
    }
}

/// serde_yaml appends " at line L column C"; the diagnostic carries that separately.
/// The document as a YAML value. Text that starts with `{` is read as JSON
/// first: JSON allows what YAML 1.2 readers refuse (raw C1 control characters
/// in strings), and a JSON error's line and column are JSON's own. Text that
/// is not JSON after all (a YAML flow mapping) is read as YAML.
fn parse(original: &str, widened: &str) -> Result<Value, Box<Diagnostic>> {
    let looks_like_json = original
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    let json_error = if looks_like_json {
        match serde_json::from_str::<Value>(original.trim_start_matches('\u{feff}')) {
            Ok(value) => return Ok(value),
            Err(err) => Some(err),
        }
    } else {
        None
    };
    serde_yaml::from_str(widened).map_err(|yaml| {
        Box::new(match json_error {
            Some(err) => json_error_diagnostic(original, &err),
            None => yaml_error(original, &yaml),
        })
    })
}

/// A JSON syntax error at its line and column, with that line quoted.
fn json_error_diagnostic(text: &str, err: &serde_json::Error) -> Diagnostic {
    let full = err.to_string();
    let mut d = Diagnostic::error(
        "#",
        format!("the file is not valid JSON: {}", strip_location(&full)),
        "fix the JSON syntax at the line and column shown",
    );
    if err.line() > 0 {
        d.line_col = Some((err.line(), err.column().max(1)));
        d.excerpt = text.lines().nth(err.line() - 1).map(Box::from);
    }
    d
}

/// A YAML syntax error, placed where the construct it broke begins when the
/// parser names one (an unclosed `{` is reported where the next key is read,
/// but the line to fix is the one that opened it), with that line quoted.
fn yaml_error(text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    let problem = strip_location(&full);
    let found_at = err.location().map(|l| (l.line(), l.column()));
    // libyaml's context: "..., while parsing a flow mapping at line 7 column 10".
    let context = full
        .split_once(", while ")
        .and_then(|(_, context)| context.split_once(" at line "))
        .and_then(|(what, at)| {
            let (line, column) = at.split_once(" column ")?;
            Some((
                what,
                (line.trim().parse().ok()?, column.trim().parse().ok()?),
            ))
        });
    let duplicate = found_at.and_then(|at| repeated_key(text, problem, at));
    let (line_col, message) = match (context, found_at, duplicate) {
        (_, _, Some((first, again))) => (
            Some(again),
            format!("the file is not valid YAML: {problem} (its first entry is at line {first})"),
        ),
        (Some((what, start)), Some((line, column)), None) => (
            Some(start),
            format!("the file is not valid YAML: {problem} at line {line}, column {column}, while {what} that starts here"),
        ),
        _ => (found_at, format!("the file is not valid YAML: {problem}")),
    };
    let mut d = Diagnostic::error(
        "#",
        message,
        "fix the YAML syntax at the line and column shown",
    );
    d.excerpt = line_col
        .and_then(|(line, _): (usize, usize)| text.lines().nth(line.checked_sub(1)?))
        .map(Box::from);
    d.line_col = line_col;
    d
}

/// Where a key that serde_yaml reports as repeated (`duplicate entry with key
/// "K"`, placed at the start of its mapping) appears the second time: the
/// second line at the mapping's indentation that starts with `K:`, and the
/// line of the first.
fn repeated_key(
    text: &str,
    problem: &str,
    (line, column): (usize, usize),
) -> Option<(usize, (usize, usize))> {
    let key = problem
        .split_once("duplicate entry with key \"")?
        .1
        .strip_suffix('"')?;
    let indent = column.checked_sub(1)?;
    let spellings = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let mut entries = text
        .lines()
        .enumerate()
        .skip(line.checked_sub(1)?)
        .filter(|(_, l)| {
            l.get(..indent)
                .is_some_and(|lead| lead.chars().all(|c| c == ' '))
                && l.get(indent..)
                    .is_some_and(|rest| spellings.iter().any(|s| rest.starts_with(s.as_str())))
        })
        .map(|(i, _)| i + 1);
    let first = entries.next()?;
    let again = entries.next()?;
    Some((first, (again, column)))
}

fn strip_location(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn pointer_of(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = base.to_owned();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = join(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = join(&pointer, key),
            Segment::Enum { variant } => pointer = join(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Where a failed node is, and why.
type Found = (String, String);

/// A check of one kind of node, at a pointer.
type Check = fn(&Value, &str) -> Option<Found>;

/// Checks `value` against `T`; on failure, where (below `base`) and why.
fn check<T: DeserializeOwned>(value: &Value, base: &str) -> Option<Found> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|e| (pointer_of(base, e.path()), e.inner().to_string()))
}

fn key_str(key: &Value) -> String {
    key.as_str().map(str::to_owned).unwrap_or_else(|| {
        serde_yaml::to_string(key)
            .unwrap_or_default()
            .trim()
            .to_owned()
    })
}

/// openapiv3's untagged enums hide where inside them parsing failed; this
/// re-checks the document part by part to find the deepest node at fault.
fn refine(doc: &Value) -> Option<Found> {
    let root = doc.as_mapping()?;
    if let Some(paths) = root.get("paths") {
        let Some(map) = paths.as_mapping() else {
            return check::<openapiv3::Paths>(paths, "#/paths");
        };
        for (path, item) in map {
            let base = join("#/paths", &key_str(path));
            if check::<ReferenceOr<PathItem>>(item, &base).is_none() {
                continue;
            }
            for (key, node) in item.as_mapping().into_iter().flatten() {
                let key = key_str(key);
                let at = join(&base, &key);
                let found = match key.as_str() {
                    "parameters" => each(node, &at, parameter),
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                        operation(node, &at)
                    }
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
            return check::<ReferenceOr<PathItem>>(item, &base);
        }
    }
    let components = root.get("components")?.as_mapping()?;
    let sections: [(&str, Check); 4] = [
        ("schemas", schema),
        ("parameters", parameter),
        ("responses", response),
        ("requestBodies", |v, at| {
            check::<ReferenceOr<RequestBody>>(v, at)
        }),
    ];
    for (section, visit) in sections {
        for (name, node) in components
            .get(section)
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
        {
            if let Some(found) = visit(node, &join(&join("#/components", section), &key_str(name)))
            {
                return Some(found);
            }
        }
    }
    None
}

fn each(node: &Value, at: &str, visit: Check) -> Option<Found> {
    match node {
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| visit(v, &join(at, &i.to_string()))),
        Value::Mapping(map) => map
            .iter()
            .find_map(|(k, v)| visit(v, &join(at, &key_str(k)))),
        _ => None,
    }
}

fn operation(op: &Value, at: &str) -> Option<Found> {
    check::<Operation>(op, at)?;
    if let Some(map) = op.as_mapping() {
        if let Some(found) = map
            .get("parameters")
            .and_then(|p| each(p, &join(at, "parameters"), parameter))
        {
            return Some(found);
        }
        if let Some(rb) = map.get("requestBody") {
            if let Some(found) = check::<ReferenceOr<RequestBody>>(rb, &join(at, "requestBody")) {
                return Some(found);
            }
        }
        if let Some(responses) = map.get("responses") {
            let at = join(at, "responses");
            if !responses.is_mapping() {
                return check::<Responses>(responses, &at);
            }
            if let Some(found) = each(responses, &at, response) {
                return Some(found);
            }
        }
    }
    check::<Operation>(op, at)
}

fn parameter(p: &Value, at: &str) -> Option<Found> {
    check::<ReferenceOr<Parameter>>(p, at)?;
    if let Some(found) = p.get("schema").and_then(|s| schema(s, &join(at, "schema"))) {
        return Some(found);
    }
    check::<ReferenceOr<Parameter>>(p, at)
}

fn response(r: &Value, at: &str) -> Option<Found> {
    check::<ReferenceOr<Response>>(r, at)?;
    if let Some(content) = r.get("content").and_then(Value::as_mapping) {
        for (media, body) in content {
            let media_at = join(&join(at, "content"), &key_str(media));
            if let Some(found) = body
                .get("schema")
                .and_then(|s| schema(s, &join(&media_at, "schema")))
            {
                return Some(found);
            }
        }
    }
    check::<ReferenceOr<Response>>(r, at)
}

fn schema(node: &Value, at: &str) -> Option<Found> {
    check::<ReferenceOr<Schema>>(node, at)?;
    let map = node.as_mapping()?;
    for key in ["properties", "allOf", "oneOf", "anyOf"] {
        if let Some(found) = map.get(key).and_then(|v| each(v, &join(at, key), schema)) {
            return Some(found);
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(found) = map
            .get(key)
            .filter(|v| v.is_mapping())
            .and_then(|v| schema(v, &join(at, key)))
        {
            return Some(found);
        }
    }
    let typed: [(&str, Check); 8] = [
        ("required", |v, at| check::<Vec<String>>(v, at)),
        ("enum", |v, at| check::<Vec<serde_json::Value>>(v, at)),
        ("type", |v, at| check::<String>(v, at)),
        ("properties", |v, at| check::<serde_yaml::Mapping>(v, at)),
        ("description", |v, at| check::<String>(v, at)),
        ("format", |v, at| check::<String>(v, at)),
        ("nullable", |v, at| check::<bool>(v, at)),
        ("items", |v, at| check::<serde_yaml::Mapping>(v, at)),
    ];
    for (key, check_key) in typed {
        if let Some(found) = map.get(key).and_then(|v| check_key(v, &join(at, key))) {
            return Some(found);
        }
    }
    check::<ReferenceOr<Schema>>(node, at)
}

#[cfg(test)]
mod tests {
    use super::{load, widen_big_integers};
    use crate::diagnostics::Diagnostics;

    const JSON_SPEC: &str = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"Keys \\ud83d\\udd11\", \"version\": \"1\"},\n  \"paths\": {\n    \"/keys\": {\"get\": {\"operationId\": \"listKeys\", \"description\": \"C1 \u{85} and \u{9f} kept\", \"responses\": {\"200\": {\"description\": \"ok\"}}}}\n  }\n}\n";

    #[test]
    fn an_operation_of_the_wrong_shape_is_set_aside() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: fine\n    post:\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    Pet: {type: object, required: name}\n";
        let mut diags = Diagnostics::default();
        let loaded = load(spec, &[], &mut diags).expect("the rest of the document loads");
        assert_eq!(loaded.operations_left_out, 1);
        let item = match &loaded.doc.paths.paths["/a"] {
            openapiv3::ReferenceOr::Item(item) => item,
            openapiv3::ReferenceOr::Reference { .. } => panic!("a path item"),
        };
        assert!(item.get.is_none() && item.post.is_some());
        let warnings = diags.finish().expect("only warnings");
        let texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(
            texts[0].starts_with("warning[skipped] at #/paths/~1a/get:"),
            "{texts:?}"
        );
        assert!(
            texts[1].starts_with("warning[loosened] at #/components/schemas/Pet:"),
            "{texts:?}"
        );
    }

    #[test]
    fn json_is_read_as_json() {
        // Surrogate-pair escapes and raw C1 control characters are valid JSON.
        let mut diags = Diagnostics::default();
        let doc = load(JSON_SPEC, &[], &mut diags)
            .expect("the JSON document loads")
            .doc;
        assert_eq!(doc.info.title, "Keys \u{1f511}");
        let op = doc.paths.paths["/keys"]
            .as_item()
            .and_then(|p| p.get.as_ref())
            .unwrap();
        assert_eq!(op.description.as_deref(), Some("C1 \u{85} and \u{9f} kept"));
    }

    #[test]
    fn json_errors_are_placed_where_json_says() {
        let broken = JSON_SPEC.replace("\"version\": \"1\"}", "\"version\": \"1\",}");
        let mut diags = Diagnostics::default();
        assert!(load(&broken, &[], &mut diags).is_none());
        let text = diags.finish().unwrap_err().to_string();
        assert!(text.contains("error at line 3, column "), "{text}");
        assert!(
            text.contains("the file is not valid JSON: trailing comma"),
            "{text}"
        );
        assert!(text.contains("3 |   \"info\": {"), "{text}");
    }

    #[test]
    fn a_yaml_flow_mapping_is_still_yaml() {
        let mut diags = Diagnostics::default();
        let flow = "{openapi: 3.0.3, info: {title: T, version: '1'}, paths: {}}";
        assert!(
            load(flow, &[], &mut diags).is_some(),
            "{:?}",
            diags.finish()
        );
    }

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let text =
            "seed:\n  minimum: -9223372036854776000\n  maximum: 9223372036854776000\n  id: 123\n";
        let widened = widen_big_integers(text);
        // The maximum fits in a u64, which serde_yaml reads.
        assert_eq!(
            widened,
            "seed:\n  minimum: -9.223372036854776e18\n  maximum: 9223372036854776000\n  id: 123\n"
        );
        let value: serde_yaml::Value = serde_yaml::from_str(&widened).unwrap();
        assert_eq!(
            value["seed"]["minimum"].as_f64(),
            Some(-9.223372036854776e18)
        );
        let huge = widen_big_integers("x: 99999999999999999999\n");
        assert_eq!(huge, "x: 1e20\n");
        // In range, or not a value: untouched.
        let small = "a: 9223372036854775807\nb: '99999999999999999999'\n";
        assert_eq!(widen_big_integers(small), small);
    }
}
