//! Property test: real specs, randomly damaged, never make the generator
//! panic; it either generates or reports located problems. CI runs a bounded
//! number of cases (`PROPTEST_CASES`, 256 by default); more can be asked for.

use integration_tests::codegen;
use integration_tests::crates::workspace_root;
use proptest::prelude::*;
use serde_yaml::{Mapping, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

fn bases() -> Vec<(String, Value)> {
    let root = workspace_root();
    let mut paths = vec![root.join("spec/portkey-assistants.yaml")];
    let fixtures = root.join("tests/fixtures/specs");
    paths.extend(
        codegen::yaml_files_in(&fixtures)
            .into_iter()
            .map(|(_, path)| path),
    );
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.display().to_string(),
                serde_yaml::from_str(&text).unwrap(),
            )
        })
        .collect()
}

/// Values that tend to break assumptions about a node.
fn odd_value(rng: &mut fastrand::Rng) -> Value {
    match rng.u8(0..12) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => Value::Number((rng.i64(..)).into()),
        3 => Value::String(String::new()),
        4 => Value::String("#/components/schemas/Nope".into()),
        5 => Value::String(["strng", "object", "array", "null", "integer"][rng.usize(0..5)].into()),
        6 => Value::Sequence(Vec::new()),
        7 => Value::Mapping(Mapping::new()),
        8 => {
            let mut m = Mapping::new();
            m.insert("$ref".into(), "#/components/schemas/MessageObject".into());
            Value::Mapping(m)
        }
        9 => {
            let mut m = Mapping::new();
            m.insert(
                "type".into(),
                Value::Sequence(vec!["string".into(), "null".into()]),
            );
            Value::Mapping(m)
        }
        10 => Value::String("{weird} /path/{".into()),
        _ => Value::Number(1.5e300.into()),
    }
}

/// Applies one random edit somewhere in the tree: delete, replace, or copy a subtree.
fn mutate(node: &mut Value, rng: &mut fastrand::Rng, donor: &Value) {
    let descend = rng.u8(0..10) < 7;
    match node {
        Value::Mapping(m) if !m.is_empty() && descend => {
            let key = m.keys().nth(rng.usize(0..m.len())).cloned().unwrap();
            if rng.u8(0..6) == 0 {
                match rng.u8(0..3) {
                    0 => {
                        m.remove(&key);
                    }
                    1 => {
                        m.insert(key, odd_value(rng));
                    }
                    _ => {
                        m.insert(key, donor.clone());
                    }
                }
                return;
            }
            mutate(m.get_mut(&key).unwrap(), rng, donor);
        }
        Value::Sequence(s) if !s.is_empty() && descend => {
            let i = rng.usize(0..s.len());
            if rng.u8(0..6) == 0 {
                if rng.bool() {
                    s.remove(i);
                } else {
                    s[i] = odd_value(rng);
                }
                return;
            }
            mutate(&mut s[i], rng, donor);
        }
        _ => *node = odd_value(rng),
    }
}

fn options() -> generator::Options {
    codegen::options("fuzzed", "fuzzed.yaml", "fuzz")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn damaged_specs_never_panic(seed in any::<u64>(), edits in 1usize..8) {
        let bases = bases();
        let mut rng = fastrand::Rng::with_seed(seed);
        // The small feature specs most of the time, the large spec now and then.
        let (name, base) = &bases[if rng.u8(0..4) == 0 { 0 } else { rng.usize(1..bases.len()) }];
        let donor = &bases[rng.usize(0..bases.len())].1;
        let mut doc = base.clone();
        for _ in 0..edits {
            mutate(&mut doc, &mut rng, donor);
        }
        let text = serde_yaml::to_string(&doc).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| generator::generate(&text, &options())));
        prop_assert!(outcome.is_ok(), "the generator panicked on {name} after {edits} edits (seed {seed}):\n{text}");
        if let Ok(Err(error)) = outcome {
            for d in &error.diagnostics {
                prop_assert!(d.pointer.starts_with('#'), "unlocated diagnostic {d:?}");
            }
        }
    }

    #[test]
    fn damaged_yaml_text_never_panics(seed in any::<u64>()) {
        let bases = bases();
        let mut rng = fastrand::Rng::with_seed(seed);
        let text = serde_yaml::to_string(&bases[rng.usize(1..bases.len())].1).unwrap();
        let mut bytes = text.into_bytes();
        for _ in 0..rng.usize(1..6) {
            let i = rng.usize(0..bytes.len());
            const NOISE: &[u8] = b" :-[]{}#&*!|>'\"%@`\t\n0aZ";
            bytes[i] = NOISE[rng.usize(0..NOISE.len())];
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let outcome = catch_unwind(AssertUnwindSafe(|| generator::generate(&text, &options())));
        prop_assert!(outcome.is_ok(), "the generator panicked (seed {seed}) on:\n{text}");
    }
}
