//! Running one job: generate, then write the files whose contents changed
//! and remove generated files no longer produced, or (in check mode) only
//! compare; and the lines printed about it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files whose contents changed; delete generated files no longer produced.
    Write,
    /// Change nothing; fail if anything would change.
    Check,
}

/// One code generation job.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl Report {
    /// Whether the crate on disk already matched the spec.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Runs one job. Errors are complete, human-readable messages; nothing is
/// written when the spec cannot be read or generated.
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
    let mut expected = BTreeSet::new();
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

/// Files under `dir` (outside `target/` folders) that carry the
/// `@generated` marker on their first line.
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

/// The message `--check` gives when the crate is stale: each stale file,
/// and the command that brings it up to date.
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

/// What to print after a run: the lines for standard output, or, when
/// `--check` found the crate stale, the error naming each stale file.
pub fn summary(job: &Job, mode: Mode, report: &Report) -> Result<String, String> {
    let mut out = String::new();
    match mode {
        Mode::Check if report.is_fresh() => {
            let _ = writeln!(
                out,
                "{} is up to date ({} files)",
                job.out.display(),
                report.unchanged
            );
        }
        Mode::Check => return Err(stale_message(job, report)),
        Mode::Write => {
            for f in &report.changed {
                let _ = writeln!(out, "wrote {}", job.out.join(f).display());
            }
            for f in &report.removed {
                let _ = writeln!(out, "removed {}", job.out.join(f).display());
            }
            let _ = writeln!(
                out,
                "{} operations, {} types",
                report.operations, report.types
            );
            let _ = writeln!(
                out,
                "{} files written, {} unchanged, {} removed",
                report.changed.len(),
                report.unchanged,
                report.removed.len()
            );
        }
    }
    Ok(out)
}

/// Runs `job`, prints the generator's warnings to standard error and the
/// [`summary`] to standard output. The error is the message to show.
pub fn execute(job: &Job, mode: Mode) -> Result<(), String> {
    let report = codegen(job, mode)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    print!("{}", summary(job, mode, &report)?);
    Ok(())
}
