//! Normalizes the YAML document before openapiv3 types it: 3.1 spellings
//! become the 3.0 forms openapiv3 reads, `$ref` siblings are kept, and the
//! mistakes openapiv3 would silently accept are reported with their place.

use crate::diagnostics::{join, Diagnostics};
use serde_yaml::{Mapping, Value};

const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites `doc` in place and records problems.
pub fn normalize(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    info(root, diags);
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_mapping_mut) {
        for (path, item) in paths.iter_mut() {
            let pointer = join("#/paths", path.as_str().unwrap_or_default());
            path_item(item, &pointer, diags);
        }
    }
    if let Some(hooks) = root.get_mut("webhooks").and_then(Value::as_mapping_mut) {
        for (name, item) in hooks.iter_mut() {
            let pointer = join("#/webhooks", name.as_str().unwrap_or_default());
            path_item(item, &pointer, diags);
        }
    }
    let Some(components) = root.get_mut("components").and_then(Value::as_mapping_mut) else {
        return;
    };
    for (section, visit) in [
        ("schemas", schema as Visit),
        ("parameters", parameter),
        ("responses", response),
        ("requestBodies", content_holder),
        ("headers", parameter),
    ] {
        if let Some(entries) = components.get_mut(section).and_then(Value::as_mapping_mut) {
            let base = join("#/components", section);
            for (name, node) in entries.iter_mut() {
                visit(node, &join(&base, name.as_str().unwrap_or_default()), diags);
            }
        }
    }
}

type Visit = fn(&mut Value, &str, &mut Diagnostics);

fn each_in(node: &mut Value, key: &str, pointer: &str, diags: &mut Diagnostics, visit: Visit) {
    let Some(map) = node.as_mapping_mut() else {
        return;
    };
    let base = join(pointer, key);
    match map.get_mut(key) {
        Some(Value::Mapping(entries)) => {
            for (name, child) in entries.iter_mut() {
                visit(
                    child,
                    &join(&base, name.as_str().unwrap_or_default()),
                    diags,
                );
            }
        }
        Some(Value::Sequence(items)) => {
            for (i, child) in items.iter_mut().enumerate() {
                visit(child, &join(&base, &i.to_string()), diags);
            }
        }
        _ => {}
    }
}

fn child(node: &mut Value, key: &str, pointer: &str, diags: &mut Diagnostics, visit: Visit) {
    if let Some(value) = node.as_mapping_mut().and_then(|m| m.get_mut(key)) {
        visit(value, &join(pointer, key), diags);
    }
}

fn path_item(item: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    each_in(item, "parameters", pointer, diags, parameter);
    for method in METHODS {
        child(item, method, pointer, diags, operation);
    }
}

fn operation(op: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    each_in(op, "parameters", pointer, diags, parameter);
    child(op, "requestBody", pointer, diags, content_holder);
    each_in(op, "responses", pointer, diags, response);
}

fn parameter(p: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    child(p, "schema", pointer, diags, schema);
    content_holder(p, pointer, diags);
}

fn response(r: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    content_holder(r, pointer, diags);
    each_in(r, "headers", pointer, diags, parameter);
}

fn content_holder(node: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    each_in(node, "content", pointer, diags, |media, pointer, diags| {
        child(media, "schema", pointer, diags, schema)
    });
}

/// A missing `info`, or an `info` without `title` or `version`, is filled in
/// with a placeholder and a warning: the client does not need them to work.
fn info(root: &mut serde_yaml::Mapping, diags: &mut Diagnostics) {
    let had_info = root.get("info").is_some_and(Value::is_mapping);
    if !had_info {
        root.insert("info".into(), Value::Mapping(serde_yaml::Mapping::new()));
        diags.repaired(
            "#/info",
            "the document has no `info`; the client is named `API` and unversioned",
            "add `info: {title: ..., version: ...}`",
        );
    }
    let Some(info) = root.get_mut("info").and_then(Value::as_mapping_mut) else {
        return;
    };
    for (key, placeholder) in [("title", "API"), ("version", "unversioned")] {
        if !info.get(key).is_some_and(Value::is_string) {
            if had_info {
                diags.repaired(
                    join("#/info", key),
                    format!(
                        "`info.{key}` is missing or not a string; `{placeholder}` stands in for it"
                    ),
                    format!("give `info` a `{key}` string"),
                );
            }
            info.insert(key.into(), placeholder.into());
        }
    }
}

/// One schema: rewrites 3.1 forms and checks keywords, then its subschemas.
fn schema(node: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    let Some(map) = node.as_mapping_mut() else {
        return;
    };
    ref_siblings(map);
    type_keyword(map, pointer, diags);
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Sequence(vec![value]));
    }
    if matches!(map.get("enum"), Some(Value::Sequence(v)) if v.is_empty()) {
        // Read literally no value would be valid; the author meant a set of
        // values not written yet, so the schema's type alone is kept.
        map.remove("enum");
        diags.loosened(
            join(pointer, "enum"),
            "this enum lists no values; it is ignored, so any value of the schema's type is accepted",
            "list the values, or remove `enum`",
        );
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if matches!(map.get(key), Some(Value::Sequence(v)) if v.is_empty()) {
            map.remove(key);
            diags.loosened(
                join(pointer, key),
                format!("`{key}` lists no schemas; it is ignored, so the value is taken as any JSON value the rest of the schema allows"),
                format!("list the schemas, or remove `{key}`"),
            );
        }
    }
    for (key, flag) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        // 3.1 gives the bound itself; 3.0 a flag beside `minimum`/`maximum`.
        if let Some(bound) = map.get(key).filter(|v| v.is_number()).cloned() {
            map.insert(flag.into(), bound);
            map.insert(key.into(), Value::Bool(true));
        }
    }
    each_in(node, "properties", pointer, diags, schema);
    each_in(node, "allOf", pointer, diags, schema);
    each_in(node, "anyOf", pointer, diags, schema);
    each_in(node, "oneOf", pointer, diags, schema);
    child(node, "items", pointer, diags, schema);
    child(node, "not", pointer, diags, schema);
    child(node, "additionalProperties", pointer, diags, schema);
}

/// `{$ref, description, nullable}`: openapiv3 drops everything beside a `$ref`,
/// so the reference moves into a one-member `allOf` that keeps its siblings.
fn ref_siblings(map: &mut Mapping) {
    if map.len() < 2 || !map.contains_key("$ref") {
        return;
    }
    let reference = map.remove("$ref").unwrap_or(Value::Null);
    let mut only = Mapping::new();
    only.insert("$ref".into(), reference);
    map.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(only)]));
}

/// `type: [string, "null"]` becomes `type: string` + `nullable: true`; unknown
/// type names are errors.
fn type_keyword(map: &mut Mapping, pointer: &str, diags: &mut Diagnostics) {
    match map.get("type").cloned() {
        Some(Value::Sequence(types)) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
            if names.len() != non_null.len() {
                map.insert("nullable".into(), Value::Bool(true));
            }
            match non_null.as_slice() {
                [] => {
                    map.insert("type".into(), "null".into());
                }
                [one] => {
                    map.insert("type".into(), (*one).into());
                }
                many => {
                    // Several types: an `anyOf` of one schema per type.
                    map.remove("type");
                    let members = many
                        .iter()
                        .map(|t| {
                            let mut m = Mapping::new();
                            m.insert("type".into(), (*t).into());
                            Value::Mapping(m)
                        })
                        .collect();
                    map.insert("anyOf".into(), Value::Sequence(members));
                }
            }
        }
        Some(Value::String(name)) if !TYPES.contains(&name.as_str()) => diags.error(
            join(pointer, "type"),
            format!("`type: {name}` is not a JSON Schema type"),
            format!("use one of {}", TYPES.join(", ")),
        ),
        _ => {}
    }
}

/// Where a YAML merge key (`<<`) holds something that is not a mapping (or a
/// list of mappings), for a located message.
pub fn bad_merge_key(value: &Value, pointer: &str) -> Option<String> {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                if key.as_str() == Some("<<") {
                    let ok = match child {
                        Value::Mapping(_) => true,
                        Value::Sequence(items) => items.iter().all(Value::is_mapping),
                        _ => false,
                    };
                    if !ok {
                        return Some(pointer.to_owned());
                    }
                }
                let token = match key {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                if let Some(found) = bad_merge_key(child, &join(pointer, &token)) {
                    return Some(found);
                }
            }
            None
        }
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| bad_merge_key(item, &join(pointer, &i.to_string()))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> (Value, Diagnostics) {
        let mut value: Value = serde_yaml::from_str(yaml).unwrap();
        let mut diags = Diagnostics::default();
        schema(&mut value, "#", &mut diags);
        (value, diags)
    }

    #[test]
    fn three_one_forms_become_three_zero_forms() {
        let (v, d) = normalized("type: [string, 'null']\nconst: x\nexclusiveMinimum: 3");
        assert!(!d.has_errors());
        let expected: Value = serde_yaml::from_str(
            "type: string\nnullable: true\nenum: [x]\nminimum: 3\nexclusiveMinimum: true",
        )
        .unwrap();
        assert_eq!(v, expected);
    }

    #[test]
    fn ref_siblings_survive_in_an_all_of() {
        let (v, _) = normalized("$ref: '#/components/schemas/A'\nnullable: true\ndescription: d");
        let expected: Value = serde_yaml::from_str(
            "nullable: true\ndescription: d\nallOf: [{$ref: '#/components/schemas/A'}]",
        )
        .unwrap();
        assert_eq!(v, expected);
    }

    #[test]
    fn nested_problems_are_located() {
        let (_, d) = normalized("properties: {a: {type: strng}, b: {enum: []}, c: {oneOf: []}}");
        let text = d.finish().unwrap_err().to_string();
        assert!(text.contains("#/properties/a/type"), "{text}");
        assert!(text.contains("#/properties/b/enum"), "{text}");
        assert!(text.contains("#/properties/c/oneOf"), "{text}");
    }
}
