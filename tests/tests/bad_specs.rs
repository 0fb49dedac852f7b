//! Broken specs are refused with located, readable errors, never a panic.
//!
//! Each `tests/bad_specs/<case>.yaml` has a `<case>.expected` beside it: one
//! substring per line (blank lines ignored), all of which must appear in the
//! `Display` text of the error `generator::generate` returns. A file whose
//! first line is `(warning)` marks a problem the generator works around: the
//! crate is generated and the other lines must appear in its warnings.

use integration_tests::codegen::{self, yaml_files_in};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

const MIN_CASES: usize = 25;

fn bad_spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bad_specs")
}

fn options(case: &str) -> generator::Options {
    codegen::options(
        format!("bad-{case}"),
        format!("tests/bad_specs/{case}.yaml"),
        "cargo test -p integration-tests --test bad_specs",
    )
}

/// Checks one case; `Err` describes everything wrong with it.
fn check_case(case: &str, spec_path: &Path) -> Result<(), String> {
    let spec = std::fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let expected_path = spec_path.with_extension("expected");
    let expected_text = std::fs::read_to_string(&expected_path)
        .map_err(|e| format!("cannot read {}: {e}", expected_path.display()))?;
    let expected: Vec<&str> = expected_text
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty())
        .collect();
    if expected.is_empty() {
        return Err(format!(
            "{} lists nothing to look for",
            expected_path.display()
        ));
    }

    let options = options(case);
    let result = catch_unwind(AssertUnwindSafe(|| generator::generate(&spec, &options))).map_err(
        |payload| {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(a non-string panic payload)".to_owned());
            format!("the generator panicked: {message}")
        },
    )?;
    // `(warning)` first: a local problem the generator degrades around; the rest
    // of the crate is generated and the warning carries the message.
    if expected.first() == Some(&"(warning)") {
        return match result {
            Ok(output) => {
                let shown: String = output.warnings.iter().map(|w| format!("{w}\n")).collect();
                let missing: Vec<String> = expected[1..]
                    .iter()
                    .filter(|n| !shown.contains(**n))
                    .map(|n| format!("missing {n:?}"))
                    .collect();
                if missing.is_empty() && !output.files.is_empty() {
                    Ok(())
                } else {
                    Err(format!(
                        "{}\n    the warnings read:\n      {}",
                        missing.join("\n    "),
                        shown.trim_end().replace('\n', "\n      ")
                    ))
                }
            }
            Err(error) => Err(format!(
                "expected a warning, but generation failed:\n{error}"
            )),
        };
    }
    let error = match result {
        Ok(output) => {
            let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
            return Err(format!(
                "the spec was accepted ({} files, warnings: {warnings:#?})",
                output.files.len()
            ));
        }
        Err(error) => error,
    };

    let shown = error.to_string();
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
    for needle in &expected {
        if !shown.contains(needle) {
            problems.push(format!("missing {needle:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n    the error reads:\n      {}",
            problems.join("\n    "),
            shown.trim_end().replace('\n', "\n      ")
        ))
    }
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

    // Every `.expected` file belongs to a spec.
    let mut failures: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the bad spec directory is listable") {
        let path = entry.expect("a readable directory entry").path();
        if path.extension().is_some_and(|ext| ext == "expected")
            && !path.with_extension("yaml").exists()
        {
            failures.push(format!("{}: no matching .yaml", path.display()));
        }
    }

    // Panics are reported through `catch_unwind`; keep the default hook from
    // printing a backtrace for each one while the cases run.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for (case, path) in &cases {
        if let Err(problem) = check_case(case, path) {
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
