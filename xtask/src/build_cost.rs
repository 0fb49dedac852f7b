//! `cargo xtask build-cost`: how long a generated crate takes to build from
//! clean, its peak memory, and the rebuild after a one-line edit. A task,
//! not a `cargo bench`, because criterion cannot time cargo itself.

use crate::workspace_root;
use openapi_client_gen::{codegen, Choice, Job, Mode};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One measured build.
#[derive(Debug)]
pub struct Cost {
    /// What was built.
    pub name: String,
    /// Clean `cargo build` wall time with default features, seconds.
    pub clean_secs: f64,
    /// Peak resident memory of the largest process of that build, KiB.
    pub peak_kib: Option<u64>,
    /// `cargo build` after appending a comment line to `models.rs`, seconds.
    pub rebuild_secs: f64,
    /// The crate alone (dependencies already built) with other feature
    /// sets: (cargo arguments, seconds, peak KiB).
    pub variants: Vec<(String, f64, Option<u64>)>,
}

/// Builds the crate at `dir` (a fresh target directory inside it) and
/// measures it; then rebuilds the crate alone with each of `variants`
/// (extra cargo arguments, e.g. `--no-default-features`).
pub fn measure(name: &str, dir: &Path, variants: &[Vec<String>]) -> Result<Cost, String> {
    let target = dir.join("target");
    let _ = std::fs::remove_dir_all(&target);
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock into {}: {e}", dir.display()))?;
    let (clean_secs, peak_kib) = timed_build(dir, &target, &[])?;
    let models = dir.join("src/models.rs");
    let mut text = std::fs::read_to_string(&models)
        .map_err(|e| format!("cannot read {}: {e}", models.display()))?;
    text.push_str("// edited by cargo xtask build-cost\n");
    std::fs::write(&models, text).map_err(|e| format!("cannot write {}: {e}", models.display()))?;
    let (rebuild_secs, _) = timed_build(dir, &target, &[])?;
    let mut measured = Vec::new();
    for args in variants {
        clean_crate(dir, &target, name)?;
        let (secs, peak) = timed_build(dir, &target, args)?;
        measured.push((args.join(" "), secs, peak));
    }
    Ok(Cost {
        name: name.to_owned(),
        clean_secs,
        peak_kib,
        rebuild_secs,
        variants: measured,
    })
}

/// Removes the crate's own build products, keeping its dependencies'.
fn clean_crate(dir: &Path, target: &Path, name: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["clean", "--quiet", "-p", name])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo clean: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo clean -p {name} failed in {}", dir.display()))
    }
}

fn timed_build(dir: &Path, target: &Path, args: &[String]) -> Result<(f64, Option<u64>), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let gnu_time = Path::new("/usr/bin/time");
    let mut command = if gnu_time.exists() {
        let mut c = Command::new(gnu_time);
        c.args(["-f", "%e %M", "--"]).arg(&cargo);
        c
    } else {
        Command::new(&cargo)
    };
    let started = std::time::Instant::now();
    let output = command
        .args(["build", "--quiet", "--lib"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let wall = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "cargo build failed in {}:\n{stderr}",
            dir.display()
        ));
    }
    let peak = stderr
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse().ok());
    Ok((wall, peak))
}

/// Generates `spec` into `target/build-cost/<name>` and measures it.
pub fn for_spec(spec: &Path, name: &str, variants: &[Vec<String>]) -> Result<Cost, String> {
    let out: PathBuf = workspace_root().join("target/build-cost").join(name);
    let job = Job {
        spec: spec.to_path_buf(),
        overlays: Vec::new(),
        out: out.clone(),
        name: name.to_owned(),
        spec_label: spec.display().to_string(),
        command: "cargo xtask build-cost".to_owned(),
        // Its own workspace, so the repository's workspace does not claim it.
        workspace: Some(Choice::Standalone),
    };
    codegen(&job, Mode::Write)?;
    measure(name, &out, variants)
}
