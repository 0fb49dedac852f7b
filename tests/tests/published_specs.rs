//! The published documents (Portkey's and OpenAI's, unmodified) generate
//! crates that compile with warnings denied. The documents live outside the
//! repository, in `../shared/specs` (or `$PUBLISHED_SPECS`; see [`specs_dir`]);
//! when they are missing this test fails and says so: it never passes
//! without checking.

use integration_tests::codegen;
use integration_tests::crates::{cargo_check, workspace_root, write_crate};
use std::path::PathBuf;
use std::time::Instant;

const SPECS: &[(&str, &str)] = &[
    ("portkey-openapi.yaml", "published-portkey"),
    ("openai-openapi-3.0.0.yaml", "published-openai-3-0"),
    ("openai-openapi.yaml", "published-openai-3-1"),
];

/// `$PUBLISHED_SPECS`, else the first `shared/specs` beside the checkout or
/// one of its parents, else this machine's `/work/shared/specs`.
fn specs_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PUBLISHED_SPECS") {
        return PathBuf::from(dir);
    }
    let root = workspace_root();
    let mut candidates: Vec<PathBuf> = root.ancestors().map(|a| a.join("shared/specs")).collect();
    candidates.push(PathBuf::from("/work/shared/specs"));
    candidates
        .iter()
        .find(|dir| dir.join(SPECS[0].0).exists())
        .cloned()
        .unwrap_or_else(|| root.join("../shared/specs"))
}

#[test]
fn published_specs_generate_crates_that_compile() {
    let dir = specs_dir();
    assert!(
        dir.join(SPECS[0].0).exists(),
        "the published specs are not at {} (set PUBLISHED_SPECS to their folder): \
         they were NOT generated or compiled, so this check did not pass",
        dir.display()
    );
    let out = workspace_root().join("target/published-crates");
    std::fs::create_dir_all(&out).expect("the output folder is created");
    let mut members = Vec::new();
    let mut figures = Vec::new();
    for (file, name) in SPECS {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let options = codegen::options(
            *name,
            format!("../shared/specs/{file}"),
            "cargo test -p integration-tests --test published_specs",
        );
        let started = Instant::now();
        let output = generator::generate(&text, &options).unwrap_or_else(|e| panic!("{file}: {e}"));
        let elapsed = started.elapsed();
        let lines: usize = output
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        figures.push(format!(
            "{file}: {} operations, {} types, {lines} generated lines, {} warnings, generated in {elapsed:.2?} (debug build)",
            output.operations,
            output.types,
            output.warnings.len()
        ));
        for w in &output.warnings {
            println!("{file}: {}", w.to_string().replace('\n', " "));
        }
        write_crate(&out.join(name), &output.files);
        members.push((*name).to_owned());
    }
    let checked = cargo_check(&out, &members).unwrap_or_else(|e| panic!("{e}"));
    for f in &figures {
        println!("{f}");
    }
    println!("cargo check of all three crates: {checked:.1?}");
}
