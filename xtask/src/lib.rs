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

/// spec/ → generated/, relative to the workspace `root`.
pub fn default_job(root: &Path) -> Job {
    Job {
        spec: root.join(DEFAULT_SPEC),
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
    let dir = root.join(CLIENTS_DIR);
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut stems = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "yaml") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                stems.push(stem.to_owned());
            }
        }
    }
    stems.sort();
    let mut jobs = vec![default_job(root)];
    jobs.extend(stems.into_iter().map(|stem| {
        let label = format!("{CLIENTS_DIR}/{stem}.yaml");
        Job {
            spec: root.join(&label),
            out: root.join(CLIENTS_DIR).join(&stem),
            name: format!("{stem}-client"),
            spec_label: label,
            command: PROGRAM.to_owned(),
            workspace: None,
        }
    }));
    Ok(jobs)
}
