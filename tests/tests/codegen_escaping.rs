//! Free text from the spec (the API title) lands in a TOML string and in Rust
//! comments; whatever it contains, it must stay inside them.

use integration_tests::codegen::{self, file_text};

const SPEC: &str = r#"
openapi: 3.0.3
info:
  title: "Weather \"Now\" API\nfn injected() {}\n\\d+ C:\\temp"
  description: "First line.\n\n    indented line\n\\ and a backslash"
  version: 1.0.0
paths: {}
"#;

fn files() -> Vec<generator::File> {
    let options = codegen::options("escaping", "inline.yaml", "cargo test");
    generator::generate(SPEC, &options)
        .unwrap_or_else(|e| panic!("the spec must generate:\n{e}"))
        .files
}

/// Why `value` (the text between the quotes) is not a valid TOML basic string, if it is not.
fn toml_basic_string_problem(value: &str) -> Option<String> {
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some("an unescaped `\"`".to_owned()),
            '\\' => match chars.next() {
                Some('b' | 't' | 'n' | 'f' | 'r' | '"' | '\\' | 'u' | 'U') => {}
                other => return Some(format!("the invalid escape `\\{}`", other.unwrap_or(' '))),
            },
            c if c.is_control() && c != '\t' => {
                return Some(format!("the control character {c:?}"))
            }
            _ => {}
        }
    }
    None
}

#[test]
fn the_title_stays_inside_the_manifest_description() {
    let files = files();
    let manifest = file_text(&files, "Cargo.toml");
    let line = manifest
        .lines()
        .find(|l| l.starts_with("description = \""))
        .unwrap_or_else(|| panic!("no description line in:\n{manifest}"));
    let value = line
        .strip_prefix("description = \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("the description does not end on its own line: {line:?}"));
    if let Some(problem) = toml_basic_string_problem(value) {
        panic!("the description is not a valid TOML string ({problem}):\n{manifest}");
    }
}

#[test]
fn the_title_stays_inside_the_crate_doc_comment() {
    let files = files();
    let lib = file_text(&files, "src/lib.rs");
    for line in lib.lines() {
        if line.starts_with("#!") {
            break;
        }
        assert!(
            line.is_empty() || line.starts_with("//"),
            "a line of spec text escaped the crate docs of lib.rs: {line:?}\n\n{lib}"
        );
    }
    assert!(
        lib.contains("#![warn(missing_docs)]"),
        "lib.rs lost its attributes:\n{lib}"
    );
}
