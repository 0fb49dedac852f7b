//! Running the generator from the tests: the options it is given, the spec
//! files of a folder, and the text of one generated file.

use std::path::{Path, PathBuf};

/// The generator's options: `crate_name` is the package name of the generated
/// crate, `spec_label` the spec path its `@generated` headers show, and
/// `command` the command those headers say regenerates it.
pub fn options(
    crate_name: impl Into<String>,
    spec_label: impl Into<String>,
    command: impl Into<String>,
) -> generator::Options {
    generator::Options {
        crate_name: crate_name.into(),
        spec_label: spec_label.into(),
        command: command.into(),
    }
}

/// The `*.yaml` files of `dir`, sorted by name, as (file stem, path).
pub fn yaml_files_in(dir: &Path) -> Vec<(String, PathBuf)> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<(String, PathBuf)> = entries
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("spec file names are UTF-8")
                .to_owned();
            (stem, path)
        })
        .collect();
    files.sort();
    files
}

/// The contents of the generated file at `path` (relative to the crate root);
/// panics when no such file was generated.
pub fn file_text<'a>(files: &'a [generator::File], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} was generated"))
        .contents
}

/// Generates a crate from `spec`, which must give no warning, and returns
/// the text of its file at `path`.
pub fn generated_file(spec: &str, path: &str) -> String {
    let options = options("fixture", "fixture.yaml", "test");
    let output = generator::generate(spec, &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    file_text(&output.files, path).to_owned()
}
