//! The generator is a pure function of its inputs: the same spec and options
//! always give the same bytes, and every file says how it was made.

use generator::{File, Options};
use integration_tests::codegen::{file_text, options};
use integration_tests::crates::workspace_root;

const SPEC_LABEL: &str = "spec/portkey-assistants.yaml";
const COMMAND: &str = "cargo xtask codegen";

fn spec_text() -> String {
    let path = workspace_root().join(SPEC_LABEL);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn default_options() -> Options {
    options("portkey-assistants", SPEC_LABEL, COMMAND)
}

fn generate(spec: &str, options: &Options) -> Vec<File> {
    match generator::generate(spec, options) {
        Ok(output) => output.files,
        Err(e) => panic!("{SPEC_LABEL} must generate:\n{e}"),
    }
}

fn paths(files: &[File]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

/// Compares two file lists path by path, naming the first line that differs.
fn assert_same_files(a: &[File], b: &[File], what: &str) {
    assert_eq!(paths(a), paths(b), "{what}: the file lists differ");
    for (x, y) in a.iter().zip(b) {
        if x.contents == y.contents {
            continue;
        }
        let line = x
            .contents
            .lines()
            .zip(y.contents.lines())
            .enumerate()
            .find(|(_, (l, r))| l != r)
            .map_or_else(
                || "the line counts differ".to_owned(),
                |(i, (l, r))| format!("line {}: {l:?} vs. {r:?}", i + 1),
            );
        panic!("{what}: {} differs ({line})", x.path);
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let spec = spec_text();
    let first = generate(&spec, &default_options());
    let second = generate(&spec, &default_options());
    assert_same_files(&first, &second, "two runs in one thread");

    // Hash seeds differ between threads; the output must not notice.
    let spec_copy = spec.clone();
    let third = std::thread::spawn(move || generate(&spec_copy, &default_options()))
        .join()
        .expect("generation on another thread must not panic");
    assert_same_files(&first, &third, "a run on another thread");
}

#[test]
fn the_crate_has_the_expected_files_in_sorted_order() {
    let files = generate(&spec_text(), &default_options());
    let listed = paths(&files);
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    assert_eq!(listed, sorted, "files must be sorted by path");
    let mut unique = sorted.clone();
    unique.dedup();
    assert_eq!(unique.len(), sorted.len(), "a path is listed twice");
    for needed in [
        "Cargo.toml",
        "src/lib.rs",
        "src/models.rs",
        "src/client.rs",
        "src/runtime/mod.rs",
    ] {
        assert!(listed.contains(&needed), "{needed} is missing: {listed:?}");
    }
    for f in &files {
        assert!(
            !f.path.starts_with('/') && !f.path.contains('\\') && !f.path.contains(".."),
            "{} is not a plain relative path",
            f.path
        );
        assert!(
            f.contents.ends_with('\n'),
            "{} lacks a final newline",
            f.path
        );
    }
}

#[test]
fn every_file_starts_with_a_generated_header() {
    let files = generate(&spec_text(), &default_options());
    for f in &files {
        let first = f.contents.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated"),
            "{}: first line lacks `@generated`: {first:?}",
            f.path
        );
        assert!(
            first.contains(COMMAND),
            "{}: first line does not name `{COMMAND}`: {first:?}",
            f.path
        );
        assert!(
            first.contains(SPEC_LABEL),
            "{}: first line does not name {SPEC_LABEL}: {first:?}",
            f.path
        );
        let comment = if f.path.ends_with(".toml") || f.path.ends_with(".txt") {
            "#"
        } else {
            "//"
        };
        assert!(
            first.starts_with(comment),
            "{}: the header must be a `{comment}` comment: {first:?}",
            f.path
        );
    }
}

#[test]
fn the_command_only_changes_the_header_line() {
    let spec = spec_text();
    let a = generate(&spec, &options("portkey-assistants", SPEC_LABEL, COMMAND));
    let b = generate(
        &spec,
        &options("portkey-assistants", SPEC_LABEL, "just regenerate-client"),
    );
    assert_eq!(paths(&a), paths(&b));
    for (x, y) in a.iter().zip(&b) {
        let (x_head, x_rest) = x.contents.split_once('\n').unwrap_or((&x.contents, ""));
        let (y_head, y_rest) = y.contents.split_once('\n').unwrap_or((&y.contents, ""));
        assert!(x_head.contains(COMMAND), "{}: {x_head:?}", x.path);
        assert!(
            y_head.contains("just regenerate-client"),
            "{}: {y_head:?}",
            y.path
        );
        assert_eq!(
            x_head.replace(COMMAND, "just regenerate-client"),
            y_head,
            "{}: the header lines differ in more than the command",
            x.path
        );
        assert!(
            x_rest == y_rest,
            "{}: the command changed more than the header line",
            x.path
        );
        assert!(
            !x_rest.contains(COMMAND),
            "{}: the command appears outside the header",
            x.path
        );
    }
}

#[test]
fn the_spec_label_only_changes_where_it_is_shown() {
    let spec = spec_text();
    let a = generate(&spec, &options("portkey-assistants", SPEC_LABEL, COMMAND));
    let other = "elsewhere/assistants-copy.yaml";
    let b = generate(&spec, &options("portkey-assistants", other, COMMAND));
    let relabelled: Vec<File> = a
        .iter()
        .map(|f| File {
            path: f.path.clone(),
            contents: f.contents.replace(SPEC_LABEL, other),
        })
        .collect();
    assert_same_files(&relabelled, &b, "outputs under two spec labels");
}

#[test]
fn the_crate_name_only_changes_the_manifest_and_the_crate_page_example() {
    let spec = spec_text();
    let a = generate(&spec, &options("portkey-assistants", SPEC_LABEL, COMMAND));
    let b = generate(&spec, &options("some-other-name", SPEC_LABEL, COMMAND));
    assert_eq!(paths(&a), paths(&b));
    for (x, y) in a.iter().zip(&b) {
        if x.path == "Cargo.toml" {
            assert!(x.contents.contains("name = \"portkey-assistants\""));
            assert!(y.contents.contains("name = \"some-other-name\""));
            assert_eq!(
                x.contents.replace(
                    "name = \"portkey-assistants\"",
                    "name = \"some-other-name\""
                ),
                y.contents,
                "the manifest changed in more than the package name"
            );
        } else if x.path == "src/lib.rs" {
            // The quick start on the crate page is a doc test, which names
            // the crate by its library name; nothing else may change.
            assert!(x.contents.contains("portkey_assistants::Client::builder()"));
            assert_eq!(
                x.contents
                    .replace("portkey_assistants::", "some_other_name::"),
                y.contents,
                "src/lib.rs changed in more than its example's crate paths"
            );
        } else {
            assert!(
                x.contents == y.contents,
                "{}: the crate name leaked into a source file",
                x.path
            );
        }
    }
}

#[test]
fn json_and_yaml_forms_of_a_spec_give_the_same_crate() {
    // YAML is a superset of JSON: the same document in JSON syntax must give
    // the same files, so nothing depends on how the text was laid out.
    let spec = spec_text();
    // Serialized straight from the typed document (not through
    // `serde_json::Value`, whose map sorts keys), so key order is kept.
    let mut diags = generator::diagnostics::Diagnostics::default();
    let doc = generator::load::load(&spec, &[], &mut diags)
        .expect("the spec loads")
        .doc;
    let json = serde_json::to_string_pretty(&doc).expect("an OpenAPI document serializes to JSON");
    let from_yaml = generate(&spec, &default_options());
    let from_json = generate(&json, &default_options());
    assert_same_files(
        &from_yaml,
        &from_json,
        "YAML text vs. the same document as JSON",
    );
}

#[test]
fn formatting_in_parallel_runs_gives_the_same_text_as_one_pass() {
    // The generator emits and formats runs of types on several threads and
    // joins them; the result must equal formatting the whole module at once.
    let spec = spec_text();
    let mut diags = generator::diagnostics::Diagnostics::default();
    let doc = generator::load::load(&spec, &[], &mut diags)
        .expect("the spec loads")
        .doc;
    let api = generator::lower::lower(&doc, &mut diags);
    let whole =
        generator::format::format(generator::emit::Emitter::new(&api).models(), "models").unwrap();
    let files = generate(&spec, &default_options());
    let models = file_text(&files, "src/models.rs");
    let body = models.split_once("\n\n").expect("a header line").1;
    assert!(api.types.len() > 64, "the spec is large enough to be split");
    assert_eq!(body, whole);
}
