//! The hand-written runtime of every generated client: the transport (retries,
//! timeouts, credentials, per-request options), the error type, response
//! metadata, server-sent event streams, pagination, form and path encoding, and
//! the serde helpers generated models lean on.
//!
//! # Why generated crates hold a copy
//!
//! The generator copies the files of [`runtime`] into each crate it writes, at
//! `src/runtime/`, instead of making the crate depend on this one. A generated
//! crate is then standalone: it builds from its own folder, anywhere, with only
//! crates.io dependencies, and the runtime it was generated with is pinned by
//! the diff a user reviews rather than by a version number that could move
//! under it. This crate exists so that the runtime is compiled, linted and
//! unit-tested where it is written.
//!
//! The modules sit under [`runtime`] so that the paths `crate::runtime::…` and
//! `$crate::runtime::…` inside them mean the same thing here and in a generated
//! crate. The `[dependencies]` table of this crate's manifest is copied into
//! every generated manifest for the same reason.
//!
//! Nothing here names one vendor: headers with a vendor's meaning reach a
//! generated client through what its spec declares.

pub mod runtime;

pub use runtime::*;
