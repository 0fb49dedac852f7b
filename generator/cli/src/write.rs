//! Running one job: generate, settle the crate's place among Cargo
//! workspaces, then write the files whose contents changed and remove
//! generated files no longer produced, or (in check mode) only compare; and
//! the lines printed about it.

use crate::workspace::{self, Choice, Placement};
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
    /// OpenAPI Overlay files applied to the spec, in order.
    pub overlays: Vec<PathBuf>,
    /// Crate directory to write.
    pub out: PathBuf,
    /// Package name.
    pub name: String,
    /// How the spec is named in the `@generated` header.
    pub spec_label: String,
    /// The command shown in the header and in `--check` failures.
    pub command: String,
    /// What to do if `out` is inside a Cargo workspace that does not list
    /// it; `None` makes that an error naming both choices.
    pub workspace: Option<Choice>,
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
    /// How many warnings there were of each kind, kinds with none left out.
    pub warning_kinds: Vec<(generator::WarningKind, usize)>,
    /// Operations in the generated client.
    pub operations: usize,
    /// Operations the spec declares (in path items written inline).
    pub declared_operations: usize,
    /// Named types in `models`.
    pub types: usize,
    /// Where the crate stands among Cargo workspaces. `Joined` in check
    /// mode means the enclosing workspace does not list it yet.
    pub placement: Placement,
    /// How the API surface changed since the crate on disk was generated
    /// (its `api-surface.txt`); empty when it did not, or on a first run.
    pub api_changes: Vec<generator::surface::Entry>,
    /// What the job's overlays changed in the API: `Some(Ok(changes))`
    /// against the spec generated without them, `Some(Err(why))` when the
    /// spec alone cannot be generated; `None` without overlays.
    pub overlay_changes: Option<Result<Vec<generator::surface::Entry>, String>>,
}

impl Report {
    /// Whether the crate on disk, and the workspace around it, already
    /// matched the spec.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty()
            && self.removed.is_empty()
            && !matches!(self.placement, Placement::Joined { .. })
    }
}

/// Runs one job. Errors are complete, human-readable messages; nothing is
/// written when the spec cannot be read or generated, or when the crate's
/// place among Cargo workspaces is not settled (see [`workspace`]).
pub fn codegen(job: &Job, mode: Mode) -> Result<Report, String> {
    let spec = std::fs::read_to_string(&job.spec)
        .map_err(|e| format!("cannot read the spec {}: {e}", job.spec.display()))?;
    let options = generator::Options {
        crate_name: job.name.clone(),
        spec_label: job.spec_label.clone(),
        command: job.command.clone(),
    };
    let overlays = job
        .overlays
        .iter()
        .map(|path| {
            std::fs::read_to_string(path)
                .map(|text| generator::Overlay {
                    label: path.display().to_string(),
                    text,
                })
                .map_err(|e| format!("cannot read the overlay {}: {e}", path.display()))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let output = generator::generate_with_overlays(&spec, &overlays, &options)
        .map_err(|e| format!("{}: {e}", job.spec.display()))?;
    let manifest = job.out.join("Cargo.toml");
    let own_manifest = std::fs::read_to_string(&manifest)
        .ok()
        .filter(|_| written_by_generator(&manifest));
    let plan = workspace::plan(&job.out, job.workspace, own_manifest.as_deref())?;
    let mut report = Report {
        warnings: output.warnings.iter().map(ToString::to_string).collect(),
        warning_kinds: count_kinds(&output.warnings),
        operations: output.operations,
        declared_operations: output.declared_operations,
        types: output.types,
        placement: plan.placement,
        ..Report::default()
    };
    let surface_path = job.out.join(generator::surface::FILE);
    if let (Some(previous), Some(now)) = (
        std::fs::read_to_string(&surface_path)
            .ok()
            .filter(|_| written_by_generator(&surface_path)),
        output
            .files
            .iter()
            .find(|f| f.path == generator::surface::FILE),
    ) {
        report.api_changes = generator::surface::diff(&previous, &now.contents);
    }
    if !overlays.is_empty() {
        report.overlay_changes = Some(overlay_changes(&spec, &options, &output));
    }
    let mut expected = BTreeSet::new();
    let mut to_write = Vec::new();
    let mut foreign = Vec::new();
    for file in output.files {
        let contents = if file.path == "Cargo.toml" && plan.own_workspace {
            workspace::with_own_workspace(&file.contents)
        } else {
            file.contents
        };
        expected.insert(file.path.clone());
        let path = job.out.join(&file.path);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(contents.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        if path.exists() && !written_by_generator(&path) {
            foreign.push(file.path.clone());
        }
        report.changed.push(file.path);
        to_write.push((path, contents));
    }
    for stale in generated_files(&job.out)? {
        if !expected.contains(&stale) {
            report.removed.push(stale);
        }
    }
    if mode == Mode::Check {
        return Ok(report);
    }
    if !foreign.is_empty() {
        let mut msg = format!(
            "{} holds files the generator did not write (their first line is not its `@generated` header):\n",
            job.out.display()
        );
        for f in &foreign {
            let _ = writeln!(msg, "  {f}");
        }
        let _ = write!(
            msg,
            "nothing was written: choose a new or empty --out directory, or move these files away"
        );
        return Err(msg);
    }
    for (path, contents) in to_write {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for stale in &report.removed {
        let path = job.out.join(stale);
        std::fs::remove_file(&path)
            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    if let Some((manifest, text)) = plan.edit {
        std::fs::write(&manifest, text)
            .map_err(|e| format!("cannot add the crate to {}: {e}", manifest.display()))?;
    }
    Ok(report)
}

/// Whether `line` is the header the generator puts first in every file:
/// ``// @generated by `COMMAND` from SPEC. Do not edit.`` (`#` in TOML).
/// Other tools' markers, such as Cargo's in `Cargo.lock`, do not count.
fn is_generator_header(line: &str) -> bool {
    let text = line.trim_start_matches(['/', '#']).trim();
    text.starts_with("@generated by `") && text.ends_with(". Do not edit.")
}

/// Whether the file at `path` starts with the generator's header.
fn written_by_generator(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.lines().next().map(is_generator_header))
        .unwrap_or(false)
}

/// Files under `dir` that start with the generator's header, relative to
/// `dir`. Hidden folders, `target/` and folders holding another package
/// (their own `Cargo.toml`) are not searched.
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
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name != "target" && !name.starts_with('.') && !path.join("Cargo.toml").exists() {
                    stack.push(path);
                }
                continue;
            }
            if written_by_generator(&path) {
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
    let mut command = job.command.clone();
    if let Placement::Joined { manifest, entry } = &report.placement {
        let _ = writeln!(
            msg,
            "  not a member of the Cargo workspace {}: \"{entry}\"",
            manifest.display()
        );
        command.push_str(" --workspace join");
    }
    msg.push_str(&api_change_text(report));
    let _ = write!(msg, "run `{command}` and commit the result");
    msg
}

/// The API surface text among `files`.
fn surface_of(files: &[generator::File]) -> &str {
    files
        .iter()
        .find(|f| f.path == generator::surface::FILE)
        .map_or("", |f| f.contents.as_str())
}

/// What the overlays changed: the surface of the spec generated without
/// them against `output`'s.
fn overlay_changes(
    spec: &str,
    options: &generator::Options,
    output: &generator::Output,
) -> Result<Vec<generator::surface::Entry>, String> {
    let bare = generator::generate(spec, options).map_err(|e| {
        let errors = e
            .diagnostics
            .iter()
            .filter(|d| d.severity == generator::Severity::Error)
            .count();
        format!("without them the spec cannot be generated ({errors} error(s))")
    })?;
    Ok(generator::surface::diff(
        surface_of(&bare.files),
        surface_of(&output.files),
    ))
}

/// What the overlays changed, for the summary.
fn overlay_change_text(report: &Report) -> String {
    match &report.overlay_changes {
        None => String::new(),
        Some(Err(why)) => format!("the overlays are needed: {why}\n"),
        Some(Ok(changes)) if changes.is_empty() => {
            "the overlays change nothing in the API (only documentation, or nothing)\n".to_owned()
        }
        Some(Ok(changes)) => format!(
            "what the overlays change in the API:\n{}",
            generator::surface::report(changes)
        ),
    }
}

/// The API change report of a run: nothing when the API did not change,
/// else a heading counting the breaking changes and the report.
fn api_change_text(report: &Report) -> String {
    if report.api_changes.is_empty() {
        return String::new();
    }
    let breaking = breaking_changes(report);
    format!(
        "API changes since the crate was last generated ({} change(s), {breaking} breaking):\n{}",
        report.api_changes.len(),
        generator::surface::report(&report.api_changes)
    )
}

fn breaking_changes(report: &Report) -> usize {
    report
        .api_changes
        .iter()
        .filter(|e| e.breaking.is_some())
        .count()
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
                "{} of {} operations generated, {} types, {}",
                report.operations,
                report.declared_operations,
                report.types,
                describe_warnings(report)
            );
            let _ = writeln!(
                out,
                "{} files written, {} unchanged, {} removed",
                report.changed.len(),
                report.unchanged,
                report.removed.len()
            );
            let _ = writeln!(out, "{}", report.placement.describe());
            out.push_str(&overlay_change_text(report));
            out.push_str(&api_change_text(report));
        }
    }
    Ok(out)
}

/// How many warnings of each kind `warnings` holds, in [`generator::WarningKind::ALL`] order.
fn count_kinds(warnings: &[generator::Diagnostic]) -> Vec<(generator::WarningKind, usize)> {
    generator::WarningKind::ALL
        .into_iter()
        .map(|kind| {
            let n = warnings.iter().filter(|w| w.kind == Some(kind)).count();
            (kind, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// `0 warnings`, or `5 warnings (3 skipped, 2 renamed)`.
fn describe_warnings(report: &Report) -> String {
    let total = report.warnings.len();
    let noun = if total == 1 { "warning" } else { "warnings" };
    if report.warning_kinds.is_empty() {
        return format!("{total} {noun}");
    }
    let kinds: Vec<String> = report
        .warning_kinds
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.label()))
        .collect();
    format!("{total} {noun} ({})", kinds.join(", "))
}

/// What makes a run fail besides a spec that cannot be generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gates {
    /// `--deny-warnings`: any warning about the spec.
    pub deny_warnings: bool,
    /// `--deny-breaking`: an API change that breaks callers of the crate.
    pub deny_breaking: bool,
}

/// Runs `job`, prints the generator's warnings to standard error and the
/// [`summary`] (with the API change report) to standard output. A gate that
/// is set makes the run fail after writing, so the crate can still be
/// looked at. The error is the message to show.
pub fn execute(job: &Job, mode: Mode, gates: Gates) -> Result<(), String> {
    let report = codegen(job, mode)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    print!("{}", summary(job, mode, &report)?);
    if gates.deny_warnings && !report.warnings.is_empty() {
        return Err(format!(
            "{} warning(s) about the spec, and --deny-warnings makes them fail the run; \
             correct the spec where each warning points, or drop --deny-warnings",
            report.warnings.len()
        ));
    }
    let breaking = breaking_changes(&report);
    if gates.deny_breaking && breaking > 0 {
        return Err(format!(
            "{breaking} breaking API change(s) (marked BREAKING above), and --deny-breaking makes them \
             fail the run; publish them as a new major version, or drop --deny-breaking"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_generator_header;

    #[test]
    fn only_the_generators_header_marks_its_files() {
        assert!(is_generator_header(
            "// @generated by `cargo xtask codegen` from spec/a.yaml. Do not edit."
        ));
        assert!(is_generator_header(
            "# @generated by `openapi-client-gen --spec a.yaml --out b --name b` from a.yaml. Do not edit."
        ));
        assert!(!is_generator_header(
            "# This file is automatically @generated by Cargo."
        ));
        assert!(!is_generator_header("// @generated by prost-build"));
        assert!(!is_generator_header("fn main() {}"));
    }
}
