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
