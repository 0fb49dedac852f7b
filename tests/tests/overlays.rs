//! OpenAPI Overlays applied to a spec before it is read: each kind of
//! correction shows in the generated crate, and an action that selects
//! nothing is a warning naming the overlay file, the action and its target.

use generator::{generate_with_overlays, Output, Overlay};
use integration_tests::codegen::{file_text, options};
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/overlays");

/// The bookshop spec generated with the overlays named.
fn generate(names: &[&str]) -> Output {
    let spec = std::fs::read_to_string(Path::new(DIR).join("bookshop.yaml")).unwrap();
    let overlays: Vec<Overlay> = names
        .iter()
        .map(|name| Overlay {
            label: format!("{name}.yaml"),
            text: std::fs::read_to_string(Path::new(DIR).join(format!("{name}.yaml"))).unwrap(),
        })
        .collect();
    generate_with_overlays(
        &spec,
        &overlays,
        &options("bookshop", "bookshop.yaml", "test"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn models(output: &Output) -> String {
    file_text(&output.files, "src/models.rs").to_owned()
}

#[test]
fn without_overlays_the_spec_is_taken_as_written() {
    let output = generate(&[]);
    assert!(models(&output).contains("pub pages: String,"));
    assert_eq!(output.operations, 2);
}

#[test]
fn an_overlay_corrects_a_fields_type() {
    let output = generate(&["1-pages-are-integers"]);
    let models = models(&output);
    assert!(models.contains("pub pages: i64,"), "{models}");
    // What the overlay did not mention stays as it was.
    assert!(models.contains("/// Number of pages."), "{models}");
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
}

#[test]
fn an_overlay_removes_an_operation() {
    let output = generate(&["2-no-deletes"]);
    assert_eq!((output.operations, output.declared_operations), (1, 1));
    let client = file_text(&output.files, "src/client.rs");
    assert!(client.contains("pub async fn get_book("));
    assert!(!client.contains("delete_book"), "{client}");
}

#[test]
fn an_overlay_adds_a_description() {
    let models = models(&generate(&["3-describe-books"]));
    assert!(
        models.contains("/// A book in the shop's catalogue.\n"),
        "{models}"
    );
}

#[test]
fn overlays_apply_in_order_and_one_that_selects_nothing_warns() {
    let output = generate(&[
        "1-pages-are-integers",
        "2-no-deletes",
        "3-describe-books",
        "4-stale",
    ]);
    let models = models(&output);
    assert!(models.contains("/// A book in the shop's catalogue.\n"));
    assert!(!models.contains("pub pages: String,"));
    assert_eq!(output.operations, 1);
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "warning[skipped] at 4-stale.yaml#/actions/0: the action's target `$.components.schemas.Author` selects nothing in the spec"
        ),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_malformed_overlay_stops_the_run_with_a_located_error() {
    let spec = std::fs::read_to_string(Path::new(DIR).join("bookshop.yaml")).unwrap();
    let overlay = Overlay {
        label: "spec/overlays/broken.yaml".into(),
        text: "overlay: 1.0.0\nactions:\n  - target: components.schemas\n    remove: true\n".into(),
    };
    let error = generate_with_overlays(&spec, &[overlay], &options("b", "b.yaml", "test"))
        .expect_err("a target that is not JSONPath is an error");
    let text = error.to_string();
    assert!(
        text.contains("error at spec/overlays/broken.yaml#/actions/0/target: `components.schemas` is not a JSONPath query (RFC 9535)"),
        "{text}"
    );
}
