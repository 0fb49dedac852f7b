//! `cargo xtask codegen`: reads a spec, runs the generator, and writes (or
//! checks) the generated crate. All file I/O of code generation lives here.

pub mod build_cost;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The spec the checked-in crate is generated from, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/portkey-assistants.yaml";
/// Where the checked-in crate lives, relative to the workspace root.
pub const DEFAULT_OUT: &str = "generated";
/// Its package name.
pub const DEFAULT_NAME: &str = "portkey-assistants";

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files whose contents changed; delete generated files no longer produced.
    Write,
    /// Change nothing; fail if anything would change.
    Check,
}

/// One code generation job.
#[derive(Debug, Clone)]
pub struct Job {
    /// Spec file.
    pub spec: PathBuf,
    /// Crate directory to write.
    pub out: PathBuf,
    /// Package name.
    pub name: String,
    /// How the spec is named in the `@generated` header.
    pub spec_label: String,
    /// The command shown in the header and in `--check` failures.
    pub command: String,
}

impl Job {
    /// spec/ → generated/, relative to the workspace `root`.
    pub fn default_for(root: &Path) -> Job {
        Job {
            spec: root.join(DEFAULT_SPEC),
            out: root.join(DEFAULT_OUT),
            name: DEFAULT_NAME.to_owned(),
            spec_label: DEFAULT_SPEC.to_owned(),
            command: "cargo xtask codegen".to_owned(),
        }
    }
}

/// What a run did or would do.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written (or, in check mode, stale), relative to the crate directory.
    pub changed: Vec<String>,
    /// Generated files that are no longer produced (deleted, or reported in check mode).
    pub removed: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Generator warnings, one per line.
    pub warnings: Vec<String>,
    /// Operations in the generated client.
    pub operations: usize,
    /// Named types in `models`.
    pub types: usize,
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs one job. Errors are complete, human-readable messages.
pub fn codegen(job: &Job, mode: Mode) -> Result<Report, String> {
    let spec = std::fs::read_to_string(&job.spec)
        .map_err(|e| format!("cannot read the spec {}: {e}", job.spec.display()))?;
    let options = generator::Options {
        crate_name: job.name.clone(),
        spec_label: job.spec_label.clone(),
        command: job.command.clone(),
    };
    let output =
        generator::generate(&spec, &options).map_err(|e| format!("{}: {e}", job.spec.display()))?;
    let mut report = Report {
        warnings: output.warnings.iter().map(ToString::to_string).collect(),
        operations: output.operations,
        types: output.types,
        ..Report::default()
    };
    let mut expected = std::collections::BTreeSet::new();
    for file in &output.files {
        expected.insert(file.path.clone());
        let path = job.out.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            report.unchanged += 1;
            continue;
        }
        report.changed.push(file.path.clone());
        if mode == Mode::Write {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::write(&path, &file.contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    for stale in generated_files(&job.out)? {
        if !expected.contains(&stale) {
            if mode == Mode::Write {
                let path = job.out.join(&stale);
                std::fs::remove_file(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
            report.removed.push(stale);
        }
    }
    Ok(report)
}

/// Files under `dir` that carry the `@generated` marker on their first line.
fn generated_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", d.display()))?;
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
                continue;
            }
            let first = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| t.lines().next().map(str::to_owned));
            if first.is_some_and(|l| l.contains("@generated")) {
                if let Ok(rel) = path.strip_prefix(dir) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The message `--check` prints when the crate is stale.
pub fn stale_message(job: &Job, report: &Report) -> String {
    let mut msg = format!(
        "{} is out of date with {}:\n",
        job.out.display(),
        job.spec.display()
    );
    for f in &report.changed {
        let _ = writeln!(msg, "  changed: {f}");
    }
    for f in &report.removed {
        let _ = writeln!(msg, "  no longer generated: {f}");
    }
    let _ = write!(msg, "run `{}` and commit the result", job.command);
    msg
}
