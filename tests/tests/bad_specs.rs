//! Broken specs are refused with located, readable errors, never a panic.
//!
//! Each `tests/bad_specs/<case>.yaml` has a snapshot,
//! `tests/bad_specs/snapshots/<case>.snap`, that pins the whole text the
//! generator gives for it. The snapshot's first line says which kind of case
//! it is:
//!
//! - `error`: generation fails, and the rest is the `Display` of the error
//!   `generator::generate` returns: every diagnostic with its JSON pointer, the
//!   line and column where known, the problem and what to do about it.
//! - `generated with warnings`: the generator works around the problem, the
//!   crate is generated, and the rest is the `Display` of every warning, one
//!   after another.
//!
//! A case fails when the generator panics on it, when its error holds no
//! diagnostic of severity Error or one not located by a JSON pointer, when the
//! spec is accepted without a warning, or when its snapshot is missing or
//! different; a snapshot without a case fails too. One message lists every
//! failing case. After a deliberate change to the diagnostics,
//! `INSTA_UPDATE=always cargo test -p integration-tests --test bad_specs`
//! rewrites the snapshots; read every changed one before committing it.

use integration_tests::codegen::{self, yaml_files_in};
use std::any::Any;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

const MIN_CASES: usize = 25;

/// First line of the snapshot of a spec the generator refuses.
const REFUSED: &str = "error";
/// First line of the snapshot of a spec the generator works around.
const WORKED_AROUND: &str = "generated with warnings";

fn bad_spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bad_specs")
}

fn snapshot_dir() -> PathBuf {
    bad_spec_dir().join("snapshots")
}

fn options(case: &str) -> generator::Options {
    codegen::options(
        format!("bad-{case}"),
        format!("tests/bad_specs/{case}.yaml"),
        "cargo test -p integration-tests --test bad_specs",
    )
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a non-string panic payload)".to_owned())
}

/// A snapshot's path as the report shows it, from the workspace root.
fn shown(snapshot: &Path) -> String {
    let name = snapshot.file_name().unwrap_or_default().to_string_lossy();
    format!("tests/bad_specs/snapshots/{name}")
}

/// `text` indented under a failure line.
fn indented(text: &str) -> String {
    text.trim_end().replace('\n', "\n      ")
}

/// The kind line and the whole diagnostic text for one case; `Err` when the
/// generator panicked or its answer breaks a rule every case must keep.
fn diagnostic_text(case: &str, spec_path: &Path) -> Result<String, String> {
    let spec = std::fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let options = options(case);
    let result = catch_unwind(AssertUnwindSafe(|| generator::generate(&spec, &options)))
        .map_err(|payload| format!("the generator panicked: {}", panic_message(&*payload)))?;
    match result {
        Err(error) => {
            let mut problems = Vec::new();
            if !error
                .diagnostics
                .iter()
                .any(|d| d.severity == generator::Severity::Error)
            {
                problems.push("the error holds no diagnostic of severity Error".to_owned());
            }
            for d in &error.diagnostics {
                if !d.pointer.starts_with('#') {
                    problems.push(format!("{:?} is not a JSON pointer", d.pointer));
                }
                if d.message.trim().is_empty() {
                    problems.push(format!("the diagnostic at {} has no message", d.pointer));
                }
            }
            if problems.is_empty() {
                Ok(format!("{REFUSED}\n{error}"))
            } else {
                Err(format!(
                    "{}\n    the error reads:\n      {}",
                    problems.join("\n    "),
                    indented(&error.to_string())
                ))
            }
        }
        // A problem the generator degrades around: the rest of the crate is
        // generated and the warnings carry the message.
        Ok(output) if output.warnings.is_empty() => Err(format!(
            "the spec was accepted without a warning ({} files)",
            output.files.len()
        )),
        Ok(output) if output.files.is_empty() => {
            Err("generation succeeded but gave no files".to_owned())
        }
        Ok(output) => {
            let mut text = format!("{WORKED_AROUND}\n");
            for warning in &output.warnings {
                let _ = writeln!(text, "{warning}");
            }
            Ok(text)
        }
    }
}

/// Compares `text` with the snapshot of `case`; `Err` when it is missing or
/// differs (insta prints the difference).
fn matches_snapshot(case: &str, spec_path: &Path, text: &str) -> Result<(), String> {
    let snapshot = snapshot_dir().join(format!("{case}.snap"));
    let existed = snapshot.exists();
    catch_unwind(AssertUnwindSafe(|| {
        insta::with_settings!({
            snapshot_path => snapshot_dir(),
            prepend_module_to_snapshot => false,
            input_file => spec_path,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(case, text);
        });
    }))
    .map_err(|payload| {
        let what = if existed {
            "the text differs from it"
        } else {
            "it is missing"
        };
        format!(
            "{}: {what} ({}); the new text is printed above",
            shown(&snapshot),
            panic_message(&*payload)
        )
    })
}

/// Snapshots in `snapshot_dir()` that belong to no case.
fn orphaned_snapshots(cases: &[(String, PathBuf)]) -> Vec<String> {
    let dir = snapshot_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut orphans: Vec<String> = entries
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "snap"))
        .filter(|path| {
            let stem = path.file_stem().and_then(|s| s.to_str());
            !cases.iter().any(|(case, _)| Some(case.as_str()) == stem)
        })
        .map(|path| format!("{}: no matching .yaml", shown(&path)))
        .collect();
    orphans.sort();
    orphans
}

#[test]
fn every_bad_spec_is_refused_with_a_located_message() {
    let dir = bad_spec_dir();
    let cases = yaml_files_in(&dir);
    assert!(
        cases.len() >= MIN_CASES,
        "expected at least {MIN_CASES} bad specs in {}, found {}",
        dir.display(),
        cases.len()
    );

    let mut failures = orphaned_snapshots(&cases);

    // Panics (the generator's, and insta's on a mismatch) are reported through
    // `catch_unwind`; keep the default hook from printing a backtrace for each
    // one while the cases run.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for (case, path) in &cases {
        let checked =
            diagnostic_text(case, path).and_then(|text| matches_snapshot(case, path, &text));
        if let Err(problem) = checked {
            failures.push(format!("{case}: {problem}"));
        }
    }
    std::panic::set_hook(hook);

    if !failures.is_empty() {
        let mut report = format!(
            "{} of {} bad specs are not handled as expected:\n",
            failures.len(),
            cases.len()
        );
        for f in &failures {
            let _ = writeln!(report, "\n- {f}");
        }
        panic!("{report}");
    }
}
