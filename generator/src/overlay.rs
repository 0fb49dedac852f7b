//! OpenAPI Overlays (Overlay Specification 1.0.0): corrections to a spec kept
//! in documents of their own, applied to the parsed spec before it is read.
//!
//! An overlay lists actions, applied in order. Each action's `target` is a
//! JSONPath query (RFC 9535) selecting nodes of the spec; `update` is merged
//! into each selected object (properties replaced or added, objects merged
//! recursively, arrays concatenated) or appended to each selected array, and
//! `remove: true` removes each selected node from its object or array.
//! Queries run on a JSON copy of the spec through `serde_json_path`; the
//! changes are made to the YAML value itself, which keeps its key order.

use crate::diagnostics::{join, Diagnostics};
use serde_json_path::{JsonPath, PathElement};
use serde_yaml::{Mapping, Value};

/// An overlay document to apply to a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// How the overlay is named in diagnostics (its file path).
    pub label: String,
    /// Its text, YAML or JSON.
    pub text: String,
}

/// One step from a node to a child: an object's property or an array's item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Name(String),
    Index(usize),
}

/// What one action does to each node its target selects.
enum Change<'a> {
    Update(&'a Value),
    Remove,
}

/// Applies `overlay` to `doc`. A malformed overlay or action is an error at
/// `<label>#/...`; an action whose target selects nothing is a warning.
/// Returns false when the overlay could not be applied at all.
pub(crate) fn apply(doc: &mut Value, overlay: &Overlay, diags: &mut Diagnostics) -> bool {
    let at = format!("{}#", overlay.label);
    let parsed: Value = match serde_yaml::from_str(&overlay.text) {
        Ok(parsed) => parsed,
        Err(e) => {
            diags.error(
                at,
                format!("the overlay cannot be parsed: {e}"),
                "write the overlay as YAML or JSON (Overlay Specification 1.0.0)",
            );
            return false;
        }
    };
    let version = parsed.get("overlay").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("1.")) {
        diags.error(
            join(&at, "overlay"),
            match version {
                Some(v) => format!("overlay version `{v}` is not supported"),
                None => "the document has no `overlay` version, so it is not an overlay".to_owned(),
            },
            "start the overlay with `overlay: 1.0.0`, then `info` and `actions`",
        );
        return false;
    }
    let Some(actions) = parsed.get("actions").and_then(Value::as_sequence) else {
        diags.error(
            join(&at, "actions"),
            "the overlay has no `actions` list",
            "list the changes under `actions`, each with a `target` and `update` or `remove: true`",
        );
        return false;
    };
    let mut ok = true;
    for (i, action) in actions.iter().enumerate() {
        let pointer = join(&join(&at, "actions"), &i.to_string());
        ok &= apply_action(doc, action, &pointer, diags);
    }
    ok
}

fn apply_action(doc: &mut Value, action: &Value, pointer: &str, diags: &mut Diagnostics) -> bool {
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        diags.error(
            pointer,
            "the action has no `target`",
            "give the action a JSONPath `target` such as `$.paths['/pets'].get`",
        );
        return false;
    };
    let path = match JsonPath::parse(target) {
        Ok(path) => path,
        Err(e) => {
            diags.error(
                join(pointer, "target"),
                format!("`{target}` is not a JSONPath query (RFC 9535): {e}"),
                "write the target as an RFC 9535 query starting with `$`",
            );
            return false;
        }
    };
    let change = match (action.get("remove"), action.get("update")) {
        (Some(Value::Bool(true)), _) => Change::Remove,
        (Some(Value::Bool(false)) | None, Some(update)) => Change::Update(update),
        (Some(Value::Bool(false)) | None, None) => {
            diags.error(
                pointer,
                format!("the action on `{target}` has neither `update` nor `remove: true`"),
                "add `update` with what to merge into each selected node, or `remove: true`",
            );
            return false;
        }
        (Some(_), _) => {
            diags.error(
                join(pointer, "remove"),
                "`remove` is not a boolean",
                "write `remove: true` to remove the selected nodes",
            );
            return false;
        }
    };
    let json = match serde_json::to_value(&*doc) {
        Ok(json) => json,
        Err(e) => {
            diags.error(
                pointer,
                format!("the spec cannot be queried as JSON: {e}"),
                "keep the spec's keys strings or integers, as JSON allows",
            );
            return false;
        }
    };
    let mut found: Vec<Vec<Step>> = path
        .query_located(&json)
        .locations()
        .map(|location| {
            location
                .iter()
                .map(|element| match element {
                    PathElement::Name(name) => Step::Name((*name).to_owned()),
                    PathElement::Index(index) => Step::Index(*index),
                })
                .collect()
        })
        .collect();
    if found.is_empty() {
        diags.skipped(
            pointer,
            format!(
                "the action's target `{target}` selects nothing in the spec, so it changes nothing"
            ),
            "correct the target, or delete the action if the spec no longer needs it",
        );
        return true;
    }
    match change {
        Change::Update(update) => {
            for steps in &found {
                if let Some(node) = node_mut(doc, steps) {
                    merge(node, update);
                }
            }
        }
        Change::Remove => {
            // Later items first, so removing one does not move the next.
            found.sort();
            for steps in found.iter().rev() {
                remove(doc, steps);
            }
        }
    }
    true
}

/// The key of `map` that a JSONPath name selects (integer keys such as
/// unquoted status codes read as their digits).
fn key_of(map: &Mapping, name: &str) -> Option<Value> {
    map.keys()
        .find(|k| match k {
            Value::String(s) => s == name,
            Value::Number(n) => n.to_string() == name,
            Value::Bool(b) => b.to_string() == name,
            _ => false,
        })
        .cloned()
}

fn child_mut<'a>(node: &'a mut Value, step: &Step) -> Option<&'a mut Value> {
    match (node, step) {
        (Value::Mapping(map), Step::Name(name)) => {
            let key = key_of(map, name)?;
            map.get_mut(&key)
        }
        (Value::Sequence(items), Step::Index(i)) => items.get_mut(*i),
        _ => None,
    }
}

fn node_mut<'a>(doc: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps
        .iter()
        .try_fold(doc, |node, step| child_mut(node, step))
}

fn remove(doc: &mut Value, steps: &[Step]) {
    let Some((last, parent)) = steps.split_last() else {
        // `$` itself: an overlay cannot remove the whole document.
        return;
    };
    match (node_mut(doc, parent), last) {
        (Some(Value::Mapping(map)), Step::Name(name)) => {
            if let Some(key) = key_of(map, name) {
                map.shift_remove(&key);
            }
        }
        (Some(Value::Sequence(items)), Step::Index(i)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
}

/// Merges `update` into `node`: objects property by property (recursively),
/// arrays by appending (an array node gets `update` as one more item, or
/// its items when `update` is an array too), anything else replaced.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Mapping(map), Value::Mapping(changes)) => {
            for (key, value) in changes {
                match map.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        map.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Sequence(items), Value::Sequence(more)) => items.extend(more.iter().cloned()),
        (Value::Sequence(items), item) => items.push(item.clone()),
        (node, value) => *node = value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(spec: &str, overlay: &str) -> (Value, Vec<crate::Diagnostic>) {
        let mut doc: Value = serde_yaml::from_str(spec).unwrap();
        let mut diags = Diagnostics::default();
        let overlay = Overlay {
            label: "fix.yaml".into(),
            text: overlay.into(),
        };
        apply(&mut doc, &overlay, &mut diags);
        let warnings = match diags.finish() {
            Ok(w) => w,
            Err(e) => e.diagnostics,
        };
        (doc, warnings)
    }

    const SPEC: &str = "
paths:
  /pets:
    get:
      responses:
        200:
          description: ok
      tags: [pets]
    delete:
      responses: {}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string}
";

    #[test]
    fn update_merges_objects_appends_to_arrays_and_replaces_the_rest() {
        let (doc, warnings) = applied(
            SPEC,
            "
overlay: 1.0.0
info: {title: fixes, version: '1'}
actions:
  - target: $.components.schemas.Pet.properties.id
    update: {type: integer, description: Numeric on the wire.}
  - target: $.paths['/pets'].get.tags
    update: animals
  - target: $.paths['/pets'].get.responses['200']
    update: {description: The pets.}
",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let id = &doc["components"]["schemas"]["Pet"]["properties"]["id"];
        assert_eq!(id["type"], "integer");
        assert_eq!(id["description"], "Numeric on the wire.");
        let get = &doc["paths"]["/pets"]["get"];
        assert_eq!(
            serde_yaml::to_string(&get["tags"]).unwrap(),
            "- pets\n- animals\n"
        );
        // The integer key `200` is found by its digits, and keys keep their order.
        let responses = serde_yaml::to_string(&get["responses"]).unwrap();
        assert_eq!(responses, "200:\n  description: The pets.\n");
    }

    #[test]
    fn remove_takes_out_each_selected_node() {
        let (doc, warnings) = applied(
            SPEC,
            "
overlay: 1.0.0
info: {title: fixes, version: '1'}
actions:
  - target: $.paths.*.delete
    remove: true
  - target: \"$.components.schemas.Pet.required[?@ == 'name']\"
    remove: true
",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(doc["paths"]["/pets"].get("delete").is_none());
        assert!(doc["paths"]["/pets"].get("get").is_some());
        let required = serde_yaml::to_string(&doc["components"]["schemas"]["Pet"]["required"]);
        assert_eq!(required.unwrap(), "- id\n");
    }

    #[test]
    fn an_action_that_selects_nothing_is_a_located_warning() {
        let (doc, warnings) = applied(
            SPEC,
            "
overlay: 1.0.0
info: {title: fixes, version: '1'}
actions:
  - target: $.paths['/owners']
    remove: true
",
        );
        assert_eq!(doc, serde_yaml::from_str::<Value>(SPEC).unwrap());
        assert_eq!(warnings.len(), 1);
        let text = warnings[0].to_string();
        assert!(text.starts_with("warning[skipped] at fix.yaml#/actions/0: the action's target `$.paths['/owners']` selects nothing"), "{text}");
    }

    #[test]
    fn a_malformed_overlay_is_a_located_error() {
        for (overlay, expected) in [
            (
                "actions: []",
                "error at fix.yaml#/overlay: the document has no `overlay` version",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: a, version: '1'}",
                "error at fix.yaml#/actions: the overlay has no `actions` list",
            ),
            (
                "overlay: 1.0.0\nactions:\n  - update: {a: 1}",
                "error at fix.yaml#/actions/0: the action has no `target`",
            ),
            (
                "overlay: 1.0.0\nactions:\n  - target: paths\n    remove: true",
                "error at fix.yaml#/actions/0/target: `paths` is not a JSONPath query",
            ),
            (
                "overlay: 1.0.0\nactions:\n  - target: $.paths",
                "error at fix.yaml#/actions/0: the action on `$.paths` has neither",
            ),
            (
                "overlay: 1.0.0\nactions:\n  - target: $.paths\n    remove: yes please",
                "error at fix.yaml#/actions/0/remove: `remove` is not a boolean",
            ),
            (
                "overlay: [",
                "error at fix.yaml#: the overlay cannot be parsed",
            ),
        ] {
            let (_, diagnostics) = applied(SPEC, overlay);
            let text = diagnostics[0].to_string();
            assert!(text.starts_with(expected), "{overlay}: {text}");
        }
    }
}
