//! Runtime shared by every generated operation: transport with retries,
//! options, errors, parameter styles, path, cookie and server URL encoding
//! and serde helpers.
//! Written once by hand; generated code only declares per-operation facts.

mod cookie;
mod encoded;
mod error;
#[cfg(test)]
mod examples;
mod form;
pub mod number;
mod options;
mod pagination;
mod path;
pub mod record;
mod response;
mod retry;
mod serde_helpers;
mod server;
mod sse;
mod style;
mod tagged;
mod transport;

pub use cookie::{cookie_header, cookie_value};
pub use encoded::{Base64, Base64Error};
pub use error::{ApiError, Error, ErrorBody, ErrorCode};
#[cfg(test)]
#[allow(
    unused_imports,
    reason = "used by the examples test of a crate whose spec has examples"
)]
pub(crate) use examples::check_example;
pub use form::{FilePart, FormData};
pub use number::Number;
pub use options::RequestOptions;
pub use pagination::{paginate, Page, PageStream};
pub use path::{fill_expanded, fill_template, path_segment, PathValue};
#[allow(
    unused_imports,
    reason = "a crate whose spec has no object keeping undeclared properties does not use it"
)]
pub(crate) use record::open_struct;
pub use response::{ApiResponse, ResponseMeta};
#[allow(
    unused_imports,
    reason = "a crate whose spec has no open enums or tagged unions does not use them"
)]
pub(crate) use serde_helpers::wire_enum;
pub use serde_helpers::{decode_str, double_option};
pub use server::{fill_server, ServerTemplate, ServerVariable};
pub use sse::{EventShape, EventStream, RawEvent, SseParser};
pub use style::{param_value, ParamStyle, Query, Style};
#[allow(
    unused_imports,
    reason = "a crate whose spec has no open enums or tagged unions does not use them"
)]
pub(crate) use tagged::tagged_union;
pub use tagged::{decode_tagged, known_member, Tagged};
pub use transport::{
    Core, CoreBuilder, CredentialId, CredentialSpec, Operation, RequestParts, Response, Sleeper,
};
