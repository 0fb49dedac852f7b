//! Writing generated crates to disk and building them together with cargo,
//! for the tests that check generated code compiles.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// The cargo target directory the tests were built in: `CARGO_TARGET_DIR`
/// or `build.target-dir` when set, else `<workspace>/target`. Read from the
/// running test binary's path (`<target>/<profile>/deps/<binary>`), so it is
/// right however cargo was configured.
pub fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// One target directory for every throwaway workspace, so the dependencies
/// of generated crates are compiled once (with the same flags) for all of them.
pub fn shared_target_dir() -> PathBuf {
    target_dir().join("generated-crates")
}

/// Writes `files` as the crate `dir`, replacing whatever was there.
pub fn write_crate(dir: &Path, files: &[generator::File]) {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
    }
    for file in files {
        let dest = dir.join(&file.path);
        let parent = dest
            .parent()
            .expect("a generated file lives in a directory");
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        std::fs::write(&dest, &file.contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
    }
}

/// Makes `dir` a workspace of `members` (crate directories inside it) and runs
/// one `cargo check` over them with warnings denied. `Err` holds cargo's output.
pub fn cargo_check(dir: &Path, members: &[String]) -> Result<Duration, String> {
    cargo_check_with(dir, members, &[])
}

/// Runs the doc tests (each crate page's quick start) of the workspace that
/// [`cargo_check`] made in `dir`. `Err` holds cargo's output.
pub fn cargo_doc_tests(dir: &Path) -> Result<Duration, String> {
    run_cargo(dir, &["test", "--doc", "--workspace"], false)
}

/// Runs cargo with `args` in `dir`, sharing [`shared_target_dir`]; with
/// `deny_warnings`, every warning is an error. `Err` holds cargo's output.
fn run_cargo(dir: &Path, args: &[&str], deny_warnings: bool) -> Result<Duration, String> {
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .env("CARGO_TERM_COLOR", "never");
    if deny_warnings {
        // CARGO_ENCODED_RUSTFLAGS would take precedence over RUSTFLAGS.
        command
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("CARGO_ENCODED_RUSTFLAGS");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    if output.status.success() {
        Ok(started.elapsed())
    } else {
        Err(format!(
            "`cargo {}`{} failed in {} ({}):\n{}\n{}",
            args.join(" "),
            if deny_warnings {
                " with RUSTFLAGS=-D warnings"
            } else {
                ""
            },
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// [`cargo_check`] with more arguments for cargo (features, say).
pub fn cargo_check_with(dir: &Path, members: &[String], args: &[&str]) -> Result<Duration, String> {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "# Written by the integration tests; rebuilt on every run.\n[workspace]\nmembers = [{}]\nresolver = \"2\"\n",
        list.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("the workspace manifest is written");
    // The workspace lock pins the versions the checked-in crate builds with,
    // so nothing new needs resolving or downloading.
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("Cargo.lock is copied");
    let mut all = vec!["check", "--workspace", "--all-targets", "--keep-going"];
    all.extend_from_slice(args);
    run_cargo(dir, &all, true)
}
