//! `cargo xtask codegen`: the workspace's own code generation job (spec/ →
//! generated/) and `cargo xtask build-cost`. Reading arguments, writing and
//! checking files live in `openapi-client-gen`, shared with its binary.

pub mod build_cost;

use openapi_client_gen::Job;
use std::path::{Path, PathBuf};

/// The spec the checked-in crate is generated from, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/portkey-assistants.yaml";
/// Where the checked-in crate lives, relative to the workspace root.
pub const DEFAULT_OUT: &str = "generated";
/// Its package name.
pub const DEFAULT_NAME: &str = "portkey-assistants";
/// How the tasks are run, recorded in generated files' header.
pub const PROGRAM: &str = "cargo xtask codegen";

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Specs of the clients the behaviour tests call, relative to the workspace
/// root: `<dir>/<kind>.yaml` generates the crate `<dir>/<kind>/` (package
/// `<kind>-client`), a member of this workspace.
pub const CLIENTS_DIR: &str = "tests/clients";

/// Overlays applied to the spec of the checked-in crate, relative to the
/// workspace root: every `*.yaml` there, in file-name order.
pub const OVERLAYS_DIR: &str = "spec/overlays";

/// The `*.yaml` files of `dir`, sorted by name; none when `dir` does not exist.
fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// spec/ → generated/, relative to the workspace `root`, with the overlays
/// of [`OVERLAYS_DIR`].
pub fn default_job(root: &Path) -> Job {
    Job {
        spec: root.join(DEFAULT_SPEC),
        overlays: yaml_files(&root.join(OVERLAYS_DIR)).unwrap_or_default(),
        out: root.join(DEFAULT_OUT),
        name: DEFAULT_NAME.to_owned(),
        spec_label: DEFAULT_SPEC.to_owned(),
        command: PROGRAM.to_owned(),
        // generated/ is one of this workspace's members.
        workspace: None,
    }
}

/// Everything `cargo xtask codegen` writes: [`default_job`], then one job
/// per spec in [`CLIENTS_DIR`], in file-name order.
pub fn default_jobs(root: &Path) -> Result<Vec<Job>, String> {
    let overlays = root.join(OVERLAYS_DIR);
    // An unreadable overlay folder must not go unnoticed: an overlay left
    // out silently would change the crate.
    yaml_files(&overlays)?;
    let mut jobs = vec![default_job(root)];
    for spec in yaml_files(&root.join(CLIENTS_DIR))? {
        let Some(stem) = spec.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        jobs.push(Job {
            spec_label: format!("{CLIENTS_DIR}/{stem}.yaml"),
            out: root.join(CLIENTS_DIR).join(stem),
            name: format!("{stem}-client"),
            overlays: Vec::new(),
            command: PROGRAM.to_owned(),
            workspace: None,
            spec: spec.clone(),
        });
    }
    Ok(jobs)
}
