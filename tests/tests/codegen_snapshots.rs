//! The generated text of each fixture spec (`tests/fixtures/specs/*.yaml`),
//! pinned whole: `Cargo.toml`, `src/lib.rs`, `src/models.rs`, `src/client.rs`
//! and `api-surface.txt` have a snapshot each under `tests/fixtures/specs/snapshots/`,
//! so a change to the generator shows up as a reviewable diff of its output.
//! The runtime's copies are left out: they are the runtime crate's sources.
//!
//! After an intended change, `INSTA_UPDATE=always cargo test -p integration-tests
//! --test codegen_snapshots` rewrites the snapshots; read the diff before
//! committing it.

use integration_tests::codegen;

/// The generated files pinned for every fixture spec.
const PINNED: &[&str] = &[
    "Cargo.toml",
    "src/lib.rs",
    "src/models.rs",
    "src/client.rs",
    "api-surface.txt",
];

#[test]
fn fixture_specs_generate_their_pinned_text() {
    insta::with_settings!({
        snapshot_path => "../fixtures/specs/snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::glob!("../fixtures/specs", "*.yaml", |path| {
            let name = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file names");
            let spec = std::fs::read_to_string(path).expect("a readable fixture spec");
            let options = codegen::options(
                name.replace('_', "-"),
                format!("tests/fixtures/specs/{name}.yaml"),
                "cargo test -p integration-tests --test codegen_snapshots",
            );
            let output = generator::generate(&spec, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
            for file in PINNED {
                let text = codegen::file_text(&output.files, file);
                insta::assert_snapshot!(file.trim_start_matches("src/"), text);
            }
        });
    });
}
