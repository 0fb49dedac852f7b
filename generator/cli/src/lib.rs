//! Writing a generated client crate to disk: the file I/O around the pure
//! `generator` library, shared by the `openapi-client-gen` binary and
//! `cargo xtask codegen`, so both read the same arguments, write the same
//! files and print the same messages.
//!
//! [`args`] reads `--spec <file> --out <dir> [--name <crate>] [--check]
//! [--workspace join|standalone]` into a [`Job`]; [`codegen`] runs the
//! generator, settles where the crate stands among Cargo workspaces
//! ([`workspace`]) and writes only the files that changed (or, in
//! [`Mode::Check`], compares them); [`execute`] does that and prints the
//! summary both front ends show.

pub mod args;
pub mod workspace;
mod write;

pub use args::Args;
pub use workspace::{Choice, Placement};
pub use write::{codegen, execute, stale_message, summary, Gates, Job, Mode, Report};
