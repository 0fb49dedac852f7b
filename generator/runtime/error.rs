//! The one error type every operation returns.

use reqwest::header::HeaderMap;
use std::fmt;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request was refused before sending (an empty path parameter, say).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be built from its settings.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// No response arrived in time.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The connection failed or broke before a full response arrived.
    #[error("connection failed: {0}")]
    Connection(#[source] reqwest::Error),
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
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, when the server answered with a non-success status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
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
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        ApiError {
            status,
            headers,
            request_id,
            body: ErrorBody::parse(body),
        }
    }

    /// The server's message, whichever shape it came in.
    pub fn message(&self) -> Option<&str> {
        match &self.body {
            ErrorBody::OpenAi { message, .. } | ErrorBody::Gateway { message, .. } => {
                message.as_deref()
            }
            ErrorBody::Other(_) => None,
            ErrorBody::Text(text) => Some(text).filter(|t| !t.is_empty()).map(String::as_str),
        }
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
        if let ErrorBody::OpenAi {
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
    /// `{"error": {"message", "type", "param", "code"}}`, the upstream providers' shape.
    OpenAi {
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
    /// `{"status": "failure", "message": "..."}`, the gateway's own shape.
    Gateway {
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

/// `error.code`, which providers send as a string or a number.
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
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
            return ErrorBody::Text(String::from_utf8_lossy(body).into_owned());
        };
        match value.get("error") {
            Some(error) if error.is_object() => ErrorBody::OpenAi {
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
            _ if value.get("message").is_some() => ErrorBody::Gateway {
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
        let openai = ErrorBody::parse(br#"{"error":{"message":"nope","type":"invalid_request_error","param":null,"code":429}}"#);
        assert!(
            matches!(&openai, ErrorBody::OpenAi { code: Some(ErrorCode::Number(n)), param: None, .. } if n.as_u64() == Some(429))
        );
        let gateway = ErrorBody::parse(br#"{"status":"failure","message":"missing header"}"#);
        assert!(
            matches!(&gateway, ErrorBody::Gateway { message: Some(m), .. } if m == "missing header")
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
