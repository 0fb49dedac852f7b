//! The one error type every operation returns.

use reqwest::header::HeaderMap;
use std::fmt;

/// Why a call failed.
///
/// Non-success responses are split by status family so that callers can match
/// on what happened; each carries the same [`ApiError`] details.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 400: the request was malformed or rejected by validation.
    #[error("{0}")]
    BadRequest(Box<ApiError>),
    /// 401: missing or invalid credentials.
    #[error("{0}")]
    Authentication(Box<ApiError>),
    /// 403: the credentials are not allowed to do this.
    #[error("{0}")]
    PermissionDenied(Box<ApiError>),
    /// 404: the object does not exist.
    #[error("{0}")]
    NotFound(Box<ApiError>),
    /// 409: the request conflicts with the object's current state.
    #[error("{0}")]
    Conflict(Box<ApiError>),
    /// 422: the request was understood but cannot be processed.
    #[error("{0}")]
    UnprocessableEntity(Box<ApiError>),
    /// 429: too many requests (or a quota was exhausted).
    #[error("{0}")]
    RateLimit(Box<ApiError>),
    /// 5xx: the server (or a server behind it) failed.
    #[error("{0}")]
    Server(Box<ApiError>),
    /// Any other non-success status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request was refused before sending (an empty path parameter, say).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be built from its settings.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// No complete response arrived within the timeout.
    #[error("`{operation}` timed out after {attempts} attempt(s)")]
    Timeout {
        /// The operation's `operationId`.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error (without its URL).
        #[source]
        source: reqwest::Error,
    },
    /// The connection failed or broke before a full response arrived.
    #[error("`{operation}` could not reach the server after {attempts} attempt(s): {source}")]
    Connection {
        /// The operation's `operationId`.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error (without its URL).
        #[source]
        source: reqwest::Error,
    },
    /// The server reported an error inside an event stream (an `error` event).
    #[error("the event stream reported an error: {}", .0.message().unwrap_or("no message"))]
    Stream(Box<ErrorBody>),
    /// A response that breaks the API's own rules, such as a list page that
    /// says there is more but gives no cursor, or a stream cut off before its end.
    #[error("unexpected response: {0}")]
    Protocol(String),
    /// A success response whose body does not match the expected type.
    #[error("could not decode the HTTP {status} response at `{path}`: {message}; body starts with: {body_excerpt}")]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// Path of the failing field, e.g. `data[0].content[1].text`.
        path: String,
        /// What serde reported.
        message: String,
        /// The start of the body, for context.
        body_excerpt: String,
    },
}

impl Error {
    /// Sorts a non-success response into its status family.
    pub(crate) fn from_api(error: ApiError) -> Error {
        let boxed = Box::new(error);
        match boxed.status {
            400 => Error::BadRequest(boxed),
            401 => Error::Authentication(boxed),
            403 => Error::PermissionDenied(boxed),
            404 => Error::NotFound(boxed),
            409 => Error::Conflict(boxed),
            422 => Error::UnprocessableEntity(boxed),
            429 => Error::RateLimit(boxed),
            500.. => Error::Server(boxed),
            _ => Error::Api(boxed),
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            _ => self.api_error().map(|e| e.status),
        }
    }

    /// The details of a non-success response, whatever its family.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Authentication(e)
            | Error::PermissionDenied(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::UnprocessableEntity(e)
            | Error::RateLimit(e)
            | Error::Server(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// A non-success response: status, headers and the parsed body.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The `x-request-id` header, when sent.
    pub request_id: Option<String>,
    /// The body, parsed as one of the error shapes servers use.
    pub body: ErrorBody,
}

impl ApiError {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: &[u8]) -> Self {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("x-request-id");
        ApiError {
            status,
            request_id,
            body: ErrorBody::parse(body),
            headers,
        }
    }

    /// The server's message, whichever shape it came in.
    pub fn message(&self) -> Option<&str> {
        self.body.message()
    }

    /// A response header as text, when sent and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason());
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = reason {
            write!(f, " {reason}")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {}", one_line(message, 500))?;
        }
        if let ErrorBody::ErrorObject {
            kind: Some(kind),
            code,
            ..
        } = &self.body
        {
            write!(f, " (type: {kind}")?;
            if let Some(code) = code {
                write!(f, ", code: {code}")?;
            }
            write!(f, ")")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// An error body. Fields the server leaves out stay `None`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// `{"error": {"message", "type", "param", "code"}}`: an error object
    /// under `error`.
    ErrorObject {
        /// `error.message`.
        message: Option<String>,
        /// `error.type`.
        kind: Option<String>,
        /// `error.param`.
        param: Option<String>,
        /// `error.code`: a string or a number.
        code: Option<ErrorCode>,
        /// The whole body as received.
        raw: serde_json::Value,
    },
    /// `{"message": "...", "status": "..."}`: a message at the top level,
    /// perhaps with a status word.
    Message {
        /// `status`.
        status: Option<String>,
        /// `message`.
        message: Option<String>,
        /// The whole body as received.
        raw: serde_json::Value,
    },
    /// Some other JSON value.
    Other(serde_json::Value),
    /// A body that is not JSON (an HTML page from a proxy, say), as text.
    Text(String),
}

/// `error.code`, which servers send as a string or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorCode {
    /// A string code such as `rate_limit_exceeded`.
    Text(String),
    /// A numeric code such as `429`.
    Number(serde_json::Number),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Text(s) => f.write_str(s),
            ErrorCode::Number(n) => write!(f, "{n}"),
        }
    }
}

fn string_at(value: &serde_json::Value, key: &str) -> Option<String> {
    match value.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

impl ErrorBody {
    /// Recognizes the shapes servers send; anything else is kept as it came.
    pub fn parse(body: &[u8]) -> ErrorBody {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => ErrorBody::from_value(value),
            Err(_) => ErrorBody::Text(String::from_utf8_lossy(body).into_owned()),
        }
    }

    /// The server's message, whichever shape it came in.
    pub fn message(&self) -> Option<&str> {
        match self {
            ErrorBody::ErrorObject { message, .. } | ErrorBody::Message { message, .. } => {
                message.as_deref()
            }
            ErrorBody::Other(_) => None,
            ErrorBody::Text(text) => Some(text).filter(|t| !t.is_empty()).map(String::as_str),
        }
    }

    /// Recognizes the shapes of an already parsed body.
    pub fn from_value(value: serde_json::Value) -> ErrorBody {
        match value.get("error") {
            Some(error) if error.is_object() => ErrorBody::ErrorObject {
                message: string_at(error, "message"),
                kind: string_at(error, "type"),
                param: string_at(error, "param"),
                code: match error.get("code") {
                    Some(serde_json::Value::String(s)) => Some(ErrorCode::Text(s.clone())),
                    Some(serde_json::Value::Number(n)) => Some(ErrorCode::Number(n.clone())),
                    _ => None,
                },
                raw: value,
            },
            _ if value.get("message").is_some() => ErrorBody::Message {
                status: string_at(&value, "status"),
                message: string_at(&value, "message"),
                raw: value,
            },
            _ => ErrorBody::Other(value),
        }
    }
}

/// Shortens text for one-line messages, on a character boundary.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_error_shapes_and_text_are_recognized() {
        let object = ErrorBody::parse(br#"{"error":{"message":"nope","type":"invalid_request_error","param":null,"code":429}}"#);
        assert!(
            matches!(&object, ErrorBody::ErrorObject { code: Some(ErrorCode::Number(n)), param: None, .. } if n.as_u64() == Some(429))
        );
        let message = ErrorBody::parse(br#"{"status":"failure","message":"missing header"}"#);
        assert!(
            matches!(&message, ErrorBody::Message { message: Some(m), .. } if m == "missing header")
        );
        assert_eq!(
            ErrorBody::parse(b"<html>bad gateway</html>"),
            ErrorBody::Text("<html>bad gateway</html>".into())
        );
    }

    #[test]
    fn display_is_one_line_with_the_message() {
        let e = ApiError::new(404, HeaderMap::new(), br#"{"error":{"message":"No message\nfound","type":"invalid_request_error","code":"nf"}}"#);
        assert_eq!(
            e.to_string(),
            "HTTP 404 Not Found: No message found (type: invalid_request_error, code: nf)"
        );
    }
}
