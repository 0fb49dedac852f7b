//! Runtime shared by every generated operation: transport, errors, path
//! encoding and serde helpers. Written once by hand; generated code only
//! declares per-operation facts.

mod error;
mod path;
mod serde_helpers;
mod transport;

pub use error::{ApiError, Error, ErrorBody, ErrorCode};
pub use path::path_segment;
pub use serde_helpers::{decode_variant, double_option, query_json, tag_of};
pub use transport::{Core, CoreBuilder, CredentialSpec, Method, Operation, RequestParts, Response};
