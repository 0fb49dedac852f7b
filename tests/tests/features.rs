//! Per-resource cargo features: each resource of a spec is a feature that
//! compiles its operations and the types they reach. The generated crates
//! build warning-free with no features, with each feature alone, and with all.

use integration_tests::codegen::{self, file_text};
use integration_tests::crates::{cargo_check_with, shared_target_dir, workspace_root, write_crate};
use std::path::Path;

fn generate(spec: &Path, name: &str) -> generator::Output {
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
    let options = codegen::options(name, spec.display().to_string(), "cargo xtask codegen");
    generator::generate(&text, &options).unwrap_or_else(|e| panic!("{e}"))
}

/// The `cfg` attribute of the type `name`, whitespace removed, if it has one.
fn cfg_of(models: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = models.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            l.starts_with(&format!("pub struct {name} "))
                || l.starts_with(&format!("pub enum {name} "))
        })
        .unwrap_or_else(|| panic!("no type {name} in models.rs"));
    let start = lines[..at]
        .iter()
        .rposition(|l| l.starts_with("///") || l.starts_with('}'))
        .map_or(0, |i| i + 1);
    let attrs: String = lines[start..at].concat().split_whitespace().collect();
    let from = attrs.find("#[cfg(")?;
    let to = attrs[from..].find(")]#[")? + from + 2;
    Some(attrs[from..to].to_owned())
}

fn squeezed(text: &str) -> Option<String> {
    Some(text.split_whitespace().collect())
}

/// Checks the crate in `dir` with no features, each feature alone, and the
/// defaults. Returns the problems found.
fn check_each_feature(dir: &Path, member: &str, features: &[String]) -> Vec<String> {
    let mut runs: Vec<Vec<&str>> = vec![vec!["--no-default-features"], vec![]];
    for f in features {
        runs.push(vec!["--no-default-features", "--features", f]);
    }
    runs.iter()
        .filter_map(|args| cargo_check_with(dir, &[member.to_owned()], args).err())
        .collect()
}

fn manifest_features(manifest: &str) -> Vec<String> {
    let table = manifest
        .split("[features]\n")
        .nth(1)
        .expect("the manifest has a [features] table");
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once(" = []"))
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn each_resource_is_a_feature_and_shared_types_follow_every_user() {
    let spec = workspace_root().join("tests/fixtures/specs/resources.yaml");
    let output = generate(&spec, "resources");
    let manifest = file_text(&output.files, "Cargo.toml");
    assert!(manifest.contains("default = [\"full\"]"), "{manifest}");
    assert!(
        manifest.contains(
            "full = [\"chat\", \"files\", \"health\", \"vector-stores\", \"other-models\"]"
        ),
        "{manifest}"
    );
    let models = file_text(&output.files, "src/models.rs");
    let any = |features: &[&str]| {
        let list: Vec<String> = features
            .iter()
            .map(|f| format!("feature = {f:?}"))
            .collect();
        squeezed(&format!("#[cfg(any({}))]", list.join(", ")))
    };
    // Reached from three resources and from a schema no operation uses.
    assert_eq!(
        cfg_of(models, "File"),
        any(&["chat", "files", "other-models", "vector-stores"])
    );
    assert_eq!(
        cfg_of(models, "Usage"),
        squeezed("#[cfg(feature = \"chat\")]")
    );
    assert_eq!(
        cfg_of(models, "FileEvent"),
        squeezed("#[cfg(feature = \"other-models\")]")
    );
    // An operation body declared inline belongs to its operation's resource.
    assert_eq!(
        cfg_of(models, "AttachFileRequest"),
        squeezed("#[cfg(feature = \"vector-stores\")]")
    );
    let client = file_text(&output.files, "src/client.rs");
    for (method, feature) in [
        ("list_files", "files"),
        ("create_chat_completion", "chat"),
        ("create_chat_completion_stream", "chat"),
        ("health", "health"),
    ] {
        let at = client
            .find(&format!("pub async fn {method}("))
            .unwrap_or_else(|| panic!("no method {method}"));
        let before = &client[..at];
        let cfg = before.rfind("#[cfg(").map(|i| &before[i..]).unwrap_or("");
        assert!(
            cfg.starts_with(&format!("#[cfg(feature = \"{feature}\")]")),
            "{method} is not gated by {feature}: {cfg}"
        );
    }

    let dir = shared_target_dir().join("features-fixture");
    write_crate(&dir.join("resources"), &output.files);
    let problems = check_each_feature(&dir, "resources", &manifest_features(manifest));
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_checked_in_crate_builds_with_any_one_resource() {
    let spec = workspace_root().join("spec/portkey-assistants.yaml");
    let output = generate(&spec, "portkey-assistants");
    let features = manifest_features(file_text(&output.files, "Cargo.toml"));
    assert!(features.len() > 2, "{features:?}");
    let dir = shared_target_dir().join("features-assistants");
    write_crate(&dir.join("portkey-assistants"), &output.files);
    let problems = check_each_feature(&dir, "portkey-assistants", &features);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn a_spec_with_one_resource_has_no_features() {
    let spec = workspace_root().join("tests/fixtures/specs/tagged_union.yaml");
    let output = generate(&spec, "one-resource");
    assert!(!file_text(&output.files, "Cargo.toml").contains("[features]"));
    assert!(!file_text(&output.files, "src/models.rs").contains("#[cfg("));
}
