//! Normalizes the YAML document before openapiv3 types it: 3.1 spellings
//! become the 3.0 forms openapiv3 reads, `$ref` siblings are kept, `$ref`
//! path items are copied in, and the mistakes openapiv3 would silently accept
//! are reported with their place.

use crate::diagnostics::{join, Diagnostics};
use crate::lower::pointer::{tokens, PREFIX_ITEMS, SIBLING_UNION};
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
    path_item_refs(root, diags);
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

/// How many `$ref`s a path item may go through before it is taken as a cycle.
const MAX_PATH_ITEM_HOPS: usize = 32;

/// The node of `root` at a same-document reference.
fn value_at<'v>(root: &'v Value, reference: &str) -> Option<&'v Value> {
    tokens(reference)?
        .iter()
        .try_fold(root, |node, token| match node {
            Value::Mapping(map) => map.get(token.as_str()),
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
            _ => None,
        })
}

/// A path item that is a `$ref` (to `#/components/pathItems/...`, 3.1, or to
/// another path) is replaced by a copy of the path item it names, its own
/// keys beside the `$ref` kept. A copy of another path's item, or a second
/// copy of the same one, leaves out its operations' `operationId`s, so each
/// operation gets one from its own method and path. A `$ref` that leads
/// nowhere leaves an empty path item and a warning.
fn path_item_refs(root: &mut Mapping, diags: &mut Diagnostics) {
    let doc = Value::Mapping(root.clone());
    let Some(paths) = root.get_mut("paths").and_then(Value::as_mapping_mut) else {
        return;
    };
    let mut copied = std::collections::BTreeSet::new();
    for (path, item) in paths.iter_mut() {
        let Some(first) = item.get("$ref").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        let pointer = join("#/paths", path.as_str().unwrap_or_default());
        let mut reference = first.clone();
        let mut found = None;
        for _ in 0..MAX_PATH_ITEM_HOPS {
            match value_at(&doc, &reference) {
                Some(Value::Mapping(target)) => match target.get("$ref").and_then(Value::as_str) {
                    Some(next) => reference = next.to_owned(),
                    None => {
                        found = Some(target.clone());
                        break;
                    }
                },
                _ => break,
            }
        }
        let Some(mut target) = found else {
            let help = match closest_path_item(&doc, &first) {
                Some(near) => format!("did you mean `#/components/pathItems/{near}`?"),
                None => "point the `$ref` at a path item (under `components/pathItems` or `paths`), or define the path item inline".to_owned(),
            };
            diags.skipped(
                &pointer,
                format!(
                    "`$ref: {first}` leads to no path item; the operations of this path are lost"
                ),
                help,
            );
            *item = Value::Mapping(Mapping::new());
            continue;
        };
        if reference.starts_with("#/paths/") || !copied.insert(reference) {
            for method in METHODS {
                if let Some(op) = target.get_mut(*method).and_then(Value::as_mapping_mut) {
                    op.remove("operationId");
                }
            }
        }
        if let Value::Mapping(own) = item {
            for (key, value) in own.iter() {
                if key.as_str() != Some("$ref") {
                    target.insert(key.clone(), value.clone());
                }
            }
        }
        *item = Value::Mapping(target);
    }
}

/// For a `$ref` to a missing `#/components/pathItems/<name>`, the name
/// there closest to it (by edit distance, ignoring case), when one is close
/// enough to be a likely typo.
fn closest_path_item(doc: &Value, reference: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/pathItems/")?;
    let wanted = name.to_ascii_lowercase();
    doc.get("components")?
        .get("pathItems")?
        .as_mapping()?
        .keys()
        .filter_map(Value::as_str)
        .map(|candidate| {
            let distance = strsim::levenshtein(&wanted, &candidate.to_ascii_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(name.len()) / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate.to_owned())
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
    if let Some(map) = p.as_mapping_mut() {
        parameter_style(map, pointer, diags);
    }
}

/// The `style` values each parameter location allows (OpenAPI section
/// 4.8.12.4, "Style Values"); a Header Object has no `in` and is a header.
fn styles_of(location: &str) -> &'static [&'static str] {
    match location {
        "path" => &["matrix", "label", "simple"],
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "cookie" => &["form"],
        _ => &["simple"],
    }
}

/// A `style` its location does not allow (`deepObject` in a path), or that
/// OpenAPI does not define, is removed with a warning, so the location's
/// default (`simple` for path and header parameters, `form` for query and
/// cookie parameters) applies instead.
fn parameter_style(map: &mut Mapping, pointer: &str, diags: &mut Diagnostics) {
    if map.contains_key("$ref") {
        return;
    }
    let location = map.get("in").and_then(Value::as_str).unwrap_or("header");
    let allowed = styles_of(location);
    let Some(style) = map.get("style") else {
        return;
    };
    let shown = match style.as_str() {
        Some(name) if allowed.contains(&name) => return,
        Some(name) => name.to_owned(),
        None => format!("{style:?}"),
    };
    let default = if location == "path" {
        "simple"
    } else {
        allowed[0]
    };
    diags.repaired(
        join(pointer, "style"),
        format!("`style: {shown}` is not a style of {location} parameters; the value is sent as `{default}`, their default"),
        match allowed {
            [only] => format!("use `{only}`, or remove `style`"),
            many => format!(
                "use one of {}",
                many.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ),
        },
    );
    map.remove("style");
}

fn response(r: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    content_holder(r, pointer, diags);
    each_in(r, "headers", pointer, diags, parameter);
}

fn content_holder(node: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    each_in(node, "content", pointer, diags, |media, pointer, diags| {
        child(media, "schema", pointer, diags, schema);
        each_in(media, "encoding", pointer, diags, encoding);
    });
}

/// An Encoding Object with `style: form` and no `explode` gets `explode:
/// true`, its default (OpenAPI section 4.8.15), which openapiv3 would read
/// as `false`.
fn encoding(node: &mut Value, _pointer: &str, _diags: &mut Diagnostics) {
    let Some(map) = node.as_mapping_mut() else {
        return;
    };
    let form = map.get("style").and_then(Value::as_str) == Some("form");
    if form && !map.contains_key("explode") {
        map.insert(Value::from("explode"), Value::from(true));
    }
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
    if let Value::Bool(allowed) = node {
        *node = boolean_schema(*allowed);
        return;
    }
    let Some(map) = node.as_mapping_mut() else {
        return;
    };
    ref_siblings(map);
    type_keyword(map, pointer, diags);
    prefix_items(map, pointer, diags);
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
    if node.get(PREFIX_ITEMS).is_none() {
        // A tuple's `allOf` holds its `prefixItems`, normalized already.
        each_in(node, "allOf", pointer, diags, schema);
    }
    each_in(node, "anyOf", pointer, diags, schema);
    each_in(node, "oneOf", pointer, diags, schema);
    child(node, "items", pointer, diags, schema);
    child(node, "not", pointer, diags, schema);
    // `additionalProperties: true`/`false` is a form openapiv3 reads itself.
    if node
        .get("additionalProperties")
        .is_some_and(Value::is_mapping)
    {
        child(node, "additionalProperties", pointer, diags, schema);
    }
    if let Some(map) = node.as_mapping_mut() {
        union_siblings(map);
    }
}

/// A union member that only constrains the object (`required: [a]`),
/// describing no value of its own.
fn only_constrains(member: &Value) -> bool {
    const SHAPING: &[&str] = &[
        "$ref",
        "type",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "enum",
        "additionalProperties",
    ];
    member
        .as_mapping()
        .is_some_and(|m| SHAPING.iter().all(|k| !m.contains_key(*k)))
}

/// The keys of an object schema's own properties.
const OBJECT_KEYS: &[&str] = &["properties", "required", "additionalProperties"];

/// A `oneOf`/`anyOf` beside `properties` or `allOf` (openapiv3 would keep
/// only one of them): the object's own properties and the union become the
/// last members of its `allOf`, so that lowering sees both; the
/// [`SIBLING_UNION`] mark says how many members the spec wrote. `type:
/// object` beside a union alone is dropped, as it adds nothing the union's
/// members do not say.
fn union_siblings(map: &mut Mapping) {
    let Some(keyword) = ["oneOf", "anyOf"]
        .into_iter()
        .find(|k| map.get(*k).is_some_and(Value::is_sequence))
    else {
        return;
    };
    if map
        .get("type")
        .is_some_and(|t| t.as_str() != Some("object"))
    {
        return;
    }
    let has_props = map
        .get("properties")
        .and_then(Value::as_mapping)
        .is_some_and(|p| !p.is_empty());
    let written = match map.get("allOf") {
        Some(Value::Sequence(members)) => Some(members.len()),
        _ => None,
    };
    if !has_props && written.is_none() {
        let members = map.get(keyword).and_then(Value::as_sequence);
        if members.is_some_and(|m| !m.iter().all(only_constrains)) {
            map.remove("type");
        }
        return;
    }
    let mut members = match map.remove("allOf") {
        Some(Value::Sequence(members)) => members,
        _ => Vec::new(),
    };
    let count = members.len();
    if has_props {
        let mut object = Mapping::new();
        object.insert("type".into(), "object".into());
        for key in OBJECT_KEYS {
            if let Some(value) = map.remove(*key) {
                object.insert((*key).into(), value);
            }
        }
        members.push(Value::Mapping(object));
    }
    let mut union = Mapping::new();
    for key in [keyword, "discriminator"] {
        if let Some(value) = map.remove(key) {
            union.insert(key.into(), value);
        }
    }
    members.push(Value::Mapping(union));
    map.remove("type");
    map.insert("allOf".into(), Value::Sequence(members));
    map.insert(SIBLING_UNION.into(), Value::from(count as u64));
}

/// A boolean schema (JSON Schema, OpenAPI 3.1) as a schema openapiv3 reads:
/// `true` (any value) is `{}`, `false` (no value) is `{not: {}}`.
fn boolean_schema(allowed: bool) -> Value {
    let mut map = Mapping::new();
    if !allowed {
        map.insert("not".into(), Value::Mapping(Mapping::new()));
    }
    Value::Mapping(map)
}

/// `prefixItems` (3.1), which openapiv3 does not read. With `items: false`,
/// and no `minItems` or `maxItems` below their number, the array holds
/// exactly these items: a tuple, whose members move into `allOf` under the
/// [`PREFIX_ITEMS`] mark for lowering to read. Any other array with
/// `prefixItems` is taken as a list of any JSON values, with a warning.
fn prefix_items(map: &mut Mapping, pointer: &str, diags: &mut Diagnostics) {
    let Some(members) = map.remove("prefixItems") else {
        return;
    };
    let Value::Sequence(mut members) = members else {
        return;
    };
    if members.is_empty() || map.get("type").is_some_and(|t| t.as_str() != Some("array")) {
        return;
    }
    let base = join(pointer, "prefixItems");
    for (i, member) in members.iter_mut().enumerate() {
        schema(member, &join(&base, &i.to_string()), diags);
    }
    let len = members.len();
    let below = |key: &str| {
        map.get(key)
            .and_then(Value::as_u64)
            .filter(|n| usize::try_from(*n).is_ok_and(|n| n < len))
            .map(|n| (key.to_owned(), n))
    };
    let short = below("minItems").or_else(|| below("maxItems"));
    let closed = matches!(map.get("items"), Some(Value::Bool(false)));
    let (why, help) = match (closed, short, map.contains_key("allOf")) {
        (true, None, false) => {
            map.remove("items");
            map.insert("type".into(), "array".into());
            map.insert("allOf".into(), Value::Sequence(members));
            map.insert(PREFIX_ITEMS.into(), Value::Bool(true));
            return;
        }
        (false, _, _) => (
            "`items` is not `false`, so it may hold more items than `prefixItems` lists".to_owned(),
            "add `items: false` if the array holds exactly the items `prefixItems` lists"
                .to_owned(),
        ),
        (true, Some((key, n)), _) => (
            format!("`{key}: {n}` lets it hold fewer than the {len} items `prefixItems` lists"),
            format!("set `{key}: {len}` if the array always holds every item `prefixItems` lists"),
        ),
        (true, None, true) => (
            "it also has `allOf`".to_owned(),
            "describe the array with `prefixItems` alone".to_owned(),
        ),
    };
    map.insert("items".into(), Value::Mapping(Mapping::new()));
    diags.loosened(
        base,
        format!("this array is not a tuple ({why}); its items are taken as any JSON value (`Vec<serde_json::Value>`)"),
        help,
    );
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
    fn boolean_schemas_become_schemas_openapiv3_reads() {
        let (v, d) = normalized(
            "properties: {a: true, b: false}\nitems: false\nadditionalProperties: false",
        );
        assert!(d.finish().unwrap().is_empty());
        let expected: Value = serde_yaml::from_str(
            "properties: {a: {}, b: {not: {}}}\nitems: {not: {}}\nadditionalProperties: false",
        )
        .unwrap();
        assert_eq!(v, expected);
        let (v, _) = normalized("anyOf: [true, false]");
        let expected: Value = serde_yaml::from_str("anyOf: [{}, {not: {}}]").unwrap();
        assert_eq!(v, expected);
    }

    #[test]
    fn properties_beside_a_union_move_into_all_of_with_it() {
        let (v, d) = normalized(
            "type: object\ndescription: d\nrequired: [a]\nproperties: {a: {type: string}}\nallOf: [{$ref: '#/components/schemas/B'}]\noneOf: [{$ref: '#/components/schemas/C'}]\ndiscriminator: {propertyName: a}",
        );
        assert!(d.finish().unwrap().is_empty());
        let expected: Value = serde_yaml::from_str(
            "description: d
allOf:
  - {$ref: '#/components/schemas/B'}
  - {type: object, properties: {a: {type: string}}, required: [a]}
  - {oneOf: [{$ref: '#/components/schemas/C'}], discriminator: {propertyName: a}}
x-sibling-union: 1",
        )
        .unwrap();
        assert_eq!(v, expected);
        let (v, _) = normalized("type: object\noneOf: [{type: object}]");
        let expected: Value = serde_yaml::from_str("oneOf: [{type: object}]").unwrap();
        assert_eq!(v, expected);
        // Members that only constrain leave the object as it is.
        let text = "type: object\noneOf: [{required: [a]}, {required: [b]}]";
        let (v, _) = normalized(text);
        assert_eq!(v, serde_yaml::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn a_closed_prefix_items_array_is_marked_as_a_tuple() {
        let (v, d) = normalized("type: array\nprefixItems: [{type: string}, true]\nitems: false");
        assert!(d.finish().unwrap().is_empty());
        let expected: Value =
            serde_yaml::from_str("type: array\nallOf: [{type: string}, {}]\nx-prefix-items: true")
                .unwrap();
        assert_eq!(v, expected);
    }

    #[test]
    fn an_open_prefix_items_array_is_a_list_of_any_values() {
        for yaml in [
            "type: array\nprefixItems: [{type: string}]",
            "type: array\nprefixItems: [{type: string}]\nitems: {type: integer}",
            "type: array\nprefixItems: [{type: string}, {type: string}]\nitems: false\nminItems: 1",
        ] {
            let (v, d) = normalized(yaml);
            assert_eq!(
                v.get("items"),
                Some(&Value::Mapping(Mapping::new())),
                "{yaml}"
            );
            assert!(
                v.get("prefixItems").is_none() && v.get("allOf").is_none(),
                "{yaml}"
            );
            let warnings = d.finish().unwrap();
            assert_eq!(warnings.len(), 1, "{yaml}");
            assert_eq!(warnings[0].pointer, "#/prefixItems");
        }
    }

    #[test]
    fn path_item_refs_are_copied_in() {
        let mut doc: Value = serde_yaml::from_str(
            "info: {title: t, version: '1'}
paths:
  /a: {$ref: '#/components/pathItems/A', summary: own}
  /b: {$ref: '#/paths/~1a'}
  /c: {$ref: '#/components/pathItems/Missing'}
components:
  pathItems:
    A: {get: {operationId: getA}, summary: theirs}",
        )
        .unwrap();
        let mut diags = Diagnostics::default();
        normalize(&mut doc, &mut diags);
        let paths = &doc["paths"];
        assert_eq!(paths["/a"]["get"]["operationId"], Value::from("getA"));
        assert_eq!(paths["/a"]["summary"], Value::from("own"));
        // A copy of another path's operations takes its ids from its own path.
        assert!(paths["/b"]["get"].get("operationId").is_none());
        assert_eq!(paths["/c"], Value::Mapping(Mapping::new()));
        let warnings = diags.finish().unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "#/paths/~1c");
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
