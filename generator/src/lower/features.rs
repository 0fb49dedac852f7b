//! Per-resource cargo features. When a spec's operations fall into two or
//! more resources (tags), each resource becomes a feature that compiles its
//! operations and every type they reach; a type shared by several resources
//! is compiled when any of them is on. Types no operation reaches get a
//! feature of their own. All are on by default (`full`), so a crate user opts
//! out to build only what they call.

use super::usage::{named, reach, received};
use crate::ir::{Feature, Field, Operation, TypeDef, TypeId};
use std::collections::{BTreeMap, BTreeSet};

/// The feature for schemas no operation refers to.
pub const OTHER_MODELS: &str = "other-models";

/// Names that cannot be resource features.
const RESERVED: &[&str] = &["default", "full", OTHER_MODELS];

/// The named types an operation mentions directly.
fn roots(op: &Operation) -> Vec<TypeId> {
    let mut out = Vec::new();
    for f in &op.path_params {
        named(&f.ty, &mut out);
    }
    out.extend(op.params);
    if let Some(body) = &op.body {
        named(&body.ty, &mut out);
    }
    out.extend(received(op));
    if let Some(stream) = &op.stream {
        named(&stream.event, &mut out);
    }
    out
}

/// Assigns features to operations and types; returns the features, or none
/// when the operations form a single resource.
pub(super) fn assign(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    common_headers: &[Field],
) -> Vec<Feature> {
    let resources: BTreeSet<&str> = operations.iter().map(|op| op.resource.as_str()).collect();
    if resources.len() < 2 {
        return Vec::new();
    }
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    let mut feature_of: BTreeMap<String, String> = BTreeMap::new();
    for resource in resources {
        let base = crate::naming::feature_name(resource);
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|name| !taken.contains(name))
            .expect("an unbounded range always yields a free name");
        taken.insert(name.clone());
        feature_of.insert(resource.to_owned(), name);
    }

    // For every type, the features that compile it.
    let mut type_features: Vec<BTreeSet<String>> = vec![BTreeSet::new(); types.len()];
    let mut by_feature: BTreeMap<&str, (Vec<TypeId>, Vec<&str>)> = BTreeMap::new();
    for op in operations.iter() {
        let entry = by_feature.entry(&feature_of[&op.resource]).or_default();
        entry.0.extend(roots(op));
        entry.1.push(&op.id);
    }
    let mut features = Vec::new();
    let mut by_name: Vec<(&String, &String)> = feature_of.iter().map(|(r, n)| (n, r)).collect();
    by_name.sort();
    for (name, resource) in by_name {
        let (roots, ids) = by_feature.remove(name.as_str()).unwrap_or_default();
        for (id, reached) in reach(types, roots).into_iter().enumerate() {
            if reached {
                type_features[id].insert(name.clone());
            }
        }
        features.push(Feature {
            name: name.clone(),
            doc: match ids.len() {
                1 => format!("the operation of `{resource}`: {}", ids[0]),
                n => format!("the {n} operations of `{resource}`"),
            },
        });
    }
    let mut header_roots = Vec::new();
    for f in common_headers {
        named(&f.ty, &mut header_roots);
    }
    let always = reach(types, header_roots);
    let unreferenced: Vec<TypeId> = (0..types.len())
        .filter(|&id| type_features[id].is_empty() && !always[id])
        .map(TypeId)
        .collect();
    if !unreferenced.is_empty() {
        for (id, reached) in reach(types, unreferenced).into_iter().enumerate() {
            if reached {
                type_features[id].insert(OTHER_MODELS.to_owned());
            }
        }
        features.push(Feature {
            name: OTHER_MODELS.to_owned(),
            doc: "schemas no operation refers to".to_owned(),
        });
    }

    for op in operations.iter_mut() {
        op.feature = Some(feature_of[&op.resource].clone());
    }
    for (id, def) in types.iter_mut().enumerate() {
        let set = std::mem::take(&mut type_features[id]);
        def.features =
            (!always[id] && set.len() < features.len()).then(|| set.into_iter().collect());
    }
    features
}
