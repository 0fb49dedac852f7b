//! The one error type every operation returns.

use reqwest::header::HeaderMap;
use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::time::Duration;

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
    /// No complete response arrived in time. `Display` names the server and
    /// the limit: `` `listMessages` timed out after 3 attempt(s): no complete
    /// response from api.example.com:443 within 600s ``.
    #[error("`{operation}` timed out after {attempts} attempt(s): {}", timeout_text(.host, *.limit, .source))]
    Timeout {
        /// The operation's `operationId`.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The server as `host:port`; the URL's path and query are left out.
        host: String,
        /// The limit that ran out (the attempt's timeout, or the connect
        /// timeout while connecting), when known.
        limit: Option<Duration>,
        /// The last attempt's error (without its URL).
        #[source]
        source: reqwest::Error,
    },
    /// The connection failed or broke before a full response arrived.
    /// `Display` names the server and the cause found in the error's chain:
    /// `` `listMessages` could not connect to 127.0.0.1:8080 after 1
    /// attempt(s): connection refused ``, or `lost the connection to …` when
    /// it broke after connecting.
    #[error("`{operation}` {} {} after {attempts} attempt(s): {}", if .source.is_connect() { "could not connect to" } else { "lost the connection to" }, host_text(.host), transport_cause(.source))]
    Connection {
        /// The operation's `operationId`.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The server as `host:port`; the URL's path and query are left out.
        host: String,
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

    /// A request that got no response: a [`Error::Timeout`] when a limit ran
    /// out, else an [`Error::Connection`]. `host` is used when the error does
    /// not carry the URL; the URL itself is dropped.
    pub(crate) fn transport(
        operation: &'static str,
        attempts: u32,
        host: &str,
        limit: Option<Duration>,
        error: reqwest::Error,
    ) -> Error {
        let host = error
            .url()
            .map(authority)
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| host.to_owned());
        let source = error.without_url();
        if source.is_timeout() {
            Error::Timeout {
                operation,
                attempts,
                host,
                limit,
                source,
            }
        } else {
            Error::Connection {
                operation,
                attempts,
                host,
                source,
            }
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
    /// The body exactly as received, for reading it as the type the spec
    /// declares for this status ([`ApiError::json`]).
    pub raw_body: bytes::Bytes,
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
        let content_type = header("content-type");
        ApiError {
            status,
            request_id,
            body: ErrorBody::parse_as(body, content_type.as_deref()),
            raw_body: bytes::Bytes::copy_from_slice(body),
            headers,
        }
    }

    /// The body decoded as `T` (the schema the spec declares for this
    /// status); `None` when it is not a JSON value of that type.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.raw_body).ok()
    }

    /// The body as text, when it is UTF-8.
    pub fn text(&self) -> Option<String> {
        String::from_utf8(self.raw_body.to_vec()).ok()
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
        if let Some(summary) = self.body.summary() {
            write!(f, ": {summary}")?;
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
    /// perhaps with a status word; also `{"error": "..."}`, a message as the
    /// value of `error`.
    Message {
        /// `status`.
        status: Option<String>,
        /// `message`.
        message: Option<String>,
        /// The whole body as received.
        raw: serde_json::Value,
    },
    /// `{"detail": "..."}`, or `{"detail": [{"loc": [...], "msg": "..."}]}`
    /// listing what was wrong with which part of the request (as FastAPI
    /// servers send).
    Detail {
        /// The text, or each entry as `loc: msg`, joined with `; `.
        message: String,
        /// The whole body as received.
        raw: serde_json::Value,
    },
    /// RFC 9457 problem details (`application/problem+json`, or an object
    /// with `title` and `type`, `status` or `detail` and no `message`).
    Problem {
        /// `type`: a URI naming the kind of problem.
        kind: Option<String>,
        /// `title`: a short summary of that kind.
        title: Option<String>,
        /// `status`: the HTTP status the server meant.
        status: Option<u16>,
        /// `detail`: what happened this time.
        detail: Option<String>,
        /// The whole body as received.
        raw: serde_json::Value,
    },
    /// `{"errors": [{"message": "..."}, ...]}` (strings in the list too).
    Errors {
        /// Each entry's `message` (or text), in order.
        messages: Vec<String>,
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

    /// [`Self::parse`] for a body of media type `content_type`: an
    /// `application/problem+json` body is RFC 9457 problem details whatever
    /// fields it has.
    pub fn parse_as(body: &[u8], content_type: Option<&str>) -> ErrorBody {
        let problem = content_type.is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/problem+json"))
        });
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) if problem && value.is_object() => problem_details(value),
            _ => ErrorBody::parse(body),
        }
    }

    /// The server's message, whichever shape it came in; for a text body,
    /// the whole text (an HTML page's markup included).
    pub fn message(&self) -> Option<&str> {
        match self {
            ErrorBody::ErrorObject { message, .. } | ErrorBody::Message { message, .. } => {
                message.as_deref()
            }
            ErrorBody::Detail { message, .. } => Some(message),
            ErrorBody::Problem { detail, title, .. } => detail.as_deref().or(title.as_deref()),
            ErrorBody::Errors { messages, .. } => messages.first().map(String::as_str),
            ErrorBody::Other(_) => None,
            ErrorBody::Text(text) => Some(text).filter(|t| !t.is_empty()).map(String::as_str),
        }
    }

    /// The message on one line for `Display`: an HTML page is summed up by
    /// its `<title>` (else the start of its visible text), other text has
    /// its whitespace collapsed; either is cut short when long. Problem
    /// details show `title: detail`, a list of errors every message.
    fn summary(&self) -> Option<String> {
        match self {
            ErrorBody::Text(text) => text_summary(text),
            ErrorBody::Problem {
                title: Some(title),
                detail: Some(detail),
                ..
            } if title != detail => Some(one_line(&format!("{title}: {detail}"), 500)),
            ErrorBody::Errors { messages, .. } if !messages.is_empty() => {
                Some(one_line(&messages.join("; "), 500))
            }
            _ => self.message().map(|m| one_line(m, 500)),
        }
    }

    /// The server says the account's quota or billing is used up
    /// (`insufficient_quota` as `error.code` or `error.type`, as some APIs
    /// send with a 429): waiting does not help, so such a response is not
    /// retried.
    pub fn quota_exhausted(&self) -> bool {
        const EXHAUSTED: &str = "insufficient_quota";
        match self {
            ErrorBody::ErrorObject { code, kind, .. } => {
                matches!(code, Some(ErrorCode::Text(code)) if code == EXHAUSTED)
                    || kind.as_deref() == Some(EXHAUSTED)
            }
            _ => false,
        }
    }

    /// Recognizes the shapes of an already parsed body.
    pub fn from_value(value: serde_json::Value) -> ErrorBody {
        if let Some(text) = value.get("error").and_then(serde_json::Value::as_str) {
            return ErrorBody::Message {
                status: string_at(&value, "status"),
                message: Some(text.to_owned()),
                raw: value,
            };
        }
        if value.get("message").is_none() && value.get("error").is_none() {
            if let Some(message) = value.get("detail").and_then(detail_text) {
                if value.get("title").is_none() {
                    return ErrorBody::Detail {
                        message,
                        raw: value,
                    };
                }
            }
            if value.get("title").is_some_and(serde_json::Value::is_string)
                && ["type", "status", "detail"]
                    .iter()
                    .any(|k| value.get(k).is_some())
            {
                return problem_details(value);
            }
            if let Some(messages) = value.get("errors").and_then(error_list) {
                return ErrorBody::Errors {
                    messages,
                    raw: value,
                };
            }
        }
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

/// RFC 9457 problem details from an object.
fn problem_details(value: serde_json::Value) -> ErrorBody {
    ErrorBody::Problem {
        kind: string_at(&value, "type"),
        title: string_at(&value, "title"),
        status: value
            .get("status")
            .and_then(serde_json::Value::as_u64)
            .and_then(|s| u16::try_from(s).ok()),
        detail: string_at(&value, "detail"),
        raw: value,
    }
}

/// The text of `detail`: a string, or a list of `{loc, msg}` entries shown
/// as `body.name: field required`, joined with `; `.
fn detail_text(detail: &serde_json::Value) -> Option<String> {
    match detail {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Array(entries) if !entries.is_empty() => {
            let parts: Vec<String> = entries
                .iter()
                .map(|entry| {
                    let msg = entry
                        .get("msg")
                        .and_then(serde_json::Value::as_str)
                        .map_or_else(|| entry.to_string(), str::to_owned);
                    let loc: Vec<String> = entry
                        .get("loc")
                        .and_then(serde_json::Value::as_array)
                        .map(|loc| {
                            loc.iter()
                                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default();
                    if loc.is_empty() {
                        msg
                    } else {
                        format!("{}: {msg}", loc.join("."))
                    }
                })
                .collect();
            Some(parts.join("; "))
        }
        _ => None,
    }
}

/// The messages of an `errors` list: each entry's `message` (or `detail`,
/// or the entry itself when a string).
fn error_list(errors: &serde_json::Value) -> Option<Vec<String>> {
    let entries = errors.as_array().filter(|e| !e.is_empty())?;
    let messages: Vec<String> = entries
        .iter()
        .filter_map(|entry| match entry {
            serde_json::Value::String(text) => Some(text.clone()),
            _ => string_at(entry, "message").or_else(|| string_at(entry, "detail")),
        })
        .collect();
    (!messages.is_empty()).then_some(messages)
}

/// Where a response came from: what an error met while reading its body
/// later (an event stream's) reports.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// The operation's `operationId`.
    pub(crate) operation: &'static str,
    /// The server as `host:port`.
    pub(crate) host: String,
    /// The attempt's timeout, which covers the body too.
    pub(crate) limit: Option<Duration>,
}

/// `host:port` of a URL (the port is the scheme's default when not given);
/// never its user, path or query.
pub(crate) fn authority(url: &reqwest::Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => String::new(),
    }
}

fn host_text(host: &str) -> &str {
    if host.is_empty() {
        "the server"
    } else {
        host
    }
}

fn timeout_text(host: &str, limit: Option<Duration>, source: &reqwest::Error) -> String {
    let host = host_text(host);
    let within = match limit {
        Some(limit) => format!("within {limit:?}"),
        None => "in time".to_owned(),
    };
    if source.is_connect() {
        format!("could not connect to {host} {within}")
    } else {
        format!("no complete response from {host} {within}")
    }
}

/// The errors below `error`, outermost first. An `io::Error` is followed by
/// the error it wraps (its own `source` skips that one).
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut next = error.source();
    while let Some(e) = next {
        if out.len() == 16 {
            break;
        }
        out.push(e);
        next = match e.downcast_ref::<io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    out
}

/// Why a request got no response, in words, from the error's chain: the
/// host name did not resolve, the connection was refused or reset, the TLS
/// handshake failed, or else the innermost error's own message.
pub(crate) fn transport_cause(error: &reqwest::Error) -> String {
    cause_text(error, error.is_connect())
}

/// [`transport_cause`] for any error; `connecting` tells whether it happened
/// while connecting.
fn cause_text(error: &(dyn StdError + 'static), connecting: bool) -> String {
    let chain = causes(error);
    let innermost = chain
        .last()
        .map(ToString::to_string)
        .unwrap_or_else(|| error.to_string());
    let has_kind = |kind: io::ErrorKind| {
        chain
            .iter()
            .any(|e| e.downcast_ref::<io::Error>().map(io::Error::kind) == Some(kind))
    };
    let says = |text: &str| chain.iter().any(|e| e.to_string() == text);
    if says("dns error") {
        return match chain.last() {
            Some(last) if last.to_string() != "dns error" => {
                format!("the host name could not be resolved ({innermost})")
            }
            _ => "the host name could not be resolved".to_owned(),
        };
    }
    let closed = "the connection closed before the response was complete";
    let known = [
        (io::ErrorKind::ConnectionRefused, "connection refused"),
        (io::ErrorKind::ConnectionReset, "the connection was reset"),
        (
            io::ErrorKind::ConnectionAborted,
            "the connection was aborted",
        ),
        (io::ErrorKind::TimedOut, "the connection timed out"),
        (io::ErrorKind::UnexpectedEof, closed),
        (io::ErrorKind::BrokenPipe, closed),
    ];
    let tcp = chain.iter().any(|e| e.to_string().starts_with("tcp "));
    if connecting && !tcp && has_kind(io::ErrorKind::InvalidData) {
        return format!("the TLS handshake failed ({innermost})");
    }
    if let Some((_, text)) = known.iter().find(|(kind, _)| has_kind(*kind)) {
        return (*text).to_owned();
    }
    if says("connection closed before message completed") {
        return "the connection closed before a response arrived".to_owned();
    }
    innermost
}

/// Longest page title or text shown for an HTML body, in characters.
const PAGE_SUMMARY: usize = 200;

/// A text body on one line: `HTML page "<title>"` for an HTML page (its
/// visible text when it has no title), else the text itself.
fn text_summary(text: &str) -> Option<String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return None;
    }
    let head = text.get(..1024).unwrap_or(text).to_ascii_lowercase();
    let is_html =
        text.starts_with('<') && (head.contains("<html") || head.contains("<!doctype html"));
    if !is_html {
        return Some(one_line(&collapse(text), 500));
    }
    let title = element(text, "title").map(|t| collapse(&decode_entities(&strip_tags(t))));
    let words = match title.filter(|t| !t.is_empty()) {
        Some(title) => title,
        None => collapse(&decode_entities(&strip_tags(text))),
    };
    if words.is_empty() {
        return Some("an HTML page".to_owned());
    }
    Some(format!("HTML page \"{}\"", one_line(&words, PAGE_SUMMARY)))
}

/// Every run of whitespace as one space, none at either end.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `rest` starts with the start tag `<name` (`<name>`, `<name ...>`).
fn opens(rest: &str, name: &str) -> bool {
    rest.strip_prefix('<')
        .and_then(|r| r.strip_prefix(name))
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
}

/// The markup inside the first `<name>` element, matched without regard to case.
fn element<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let lower = html.to_ascii_lowercase();
    let open = (0..lower.len()).find(|&i| lower.is_char_boundary(i) && opens(&lower[i..], name))?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start
        + lower[start..]
            .find(&format!("</{name}"))
            .unwrap_or(lower.len() - start);
    Some(&html[start..end])
}

/// The visible text of markup: tags become spaces; comments and the
/// contents of `head`, `script` and `style` are dropped.
fn strip_tags(html: &str) -> String {
    // ASCII lowercasing keeps every byte offset, so `lower` indexes `html`.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(c) = html[i..].chars().next() {
        let rest = &lower[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |end| end + 3);
        } else if let Some(name) = ["head", "script", "style"]
            .into_iter()
            .find(|name| opens(rest, name))
        {
            let close = format!("</{name}");
            i += match rest.find(&close) {
                Some(at) => at + rest[at..].find('>').map_or(rest.len() - at, |end| end + 1),
                None => rest.len(),
            };
            out.push(' ');
        } else if c == '<'
            && rest[1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            i += rest.find('>').map_or(rest.len(), |end| end + 1);
            out.push(' ');
        } else {
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Replaces the character references a page title or message commonly
/// holds; anything else stays as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let semicolon = rest[1..].char_indices().take(10).find(|&(_, c)| c == ';');
        let decoded = semicolon.and_then(|(end, _)| {
            let name = &rest[1..end + 1];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "ndash" => '–',
                "mdash" => '—',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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

    /// `Display` of a 400 whose body is `body` (of media type `media`).
    fn shown(body: &str, media: Option<&str>) -> String {
        let mut error = ApiError::new(400, HeaderMap::new(), body.as_bytes());
        error.body = ErrorBody::parse_as(body.as_bytes(), media);
        error.to_string()
    }

    #[test]
    fn display_shows_the_servers_text_for_common_shapes() {
        for (body, media, expected) in [
            (r#"{"error":"model not found"}"#, None, "HTTP 400 Bad Request: model not found"),
            (
                r#"{"error":{"message":"bad key","type":"auth"}}"#,
                None,
                "HTTP 400 Bad Request: bad key (type: auth)",
            ),
            (r#"{"message":"no such book"}"#, None, "HTTP 400 Bad Request: no such book"),
            (r#"{"detail":"Not authenticated"}"#, None, "HTTP 400 Bad Request: Not authenticated"),
            (
                r#"{"detail":[{"loc":["body","name"],"msg":"field required","type":"missing"},{"loc":["query",0],"msg":"too long"}]}"#,
                None,
                "HTTP 400 Bad Request: body.name: field required; query.0: too long",
            ),
            (
                r#"{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50."}"#,
                Some("application/problem+json; charset=utf-8"),
                "HTTP 400 Bad Request: You do not have enough credit.: Your current balance is 30, but that costs 50.",
            ),
            (
                r#"{"title":"Not Found","status":404}"#,
                None,
                "HTTP 400 Bad Request: Not Found",
            ),
            (r#"{"detail":"gone"}"#, Some("application/problem+json"), "HTTP 400 Bad Request: gone"),
            (
                r#"{"errors":[{"message":"name is empty"},{"message":"age is negative"}]}"#,
                None,
                "HTTP 400 Bad Request: name is empty; age is negative",
            ),
            (r#"{"errors":["first","second"]}"#, None, "HTTP 400 Bad Request: first; second"),
            (r#"{"unrelated":true}"#, None, "HTTP 400 Bad Request"),
        ] {
            assert_eq!(shown(body, media), expected, "{body}");
        }
    }

    #[test]
    fn problem_details_keep_their_fields() {
        let body = ErrorBody::parse_as(
            br#"{"type":"about:blank","title":"Conflict","status":409,"detail":"taken","instance":"/a/1"}"#,
            Some("application/problem+json"),
        );
        let ErrorBody::Problem {
            kind,
            title,
            status,
            detail,
            raw,
        } = body
        else {
            panic!("not problem details: {body:?}");
        };
        assert_eq!(kind.as_deref(), Some("about:blank"));
        assert_eq!(title.as_deref(), Some("Conflict"));
        assert_eq!(status, Some(409));
        assert_eq!(detail.as_deref(), Some("taken"));
        assert_eq!(raw["instance"], "/a/1");
    }

    #[test]
    fn an_exhausted_quota_is_recognized_by_code_or_type() {
        for body in [
            r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#,
            r#"{"error":{"message":"quota","type":"insufficient_quota"}}"#,
        ] {
            assert!(
                ErrorBody::parse(body.as_bytes()).quota_exhausted(),
                "{body}"
            );
        }
        for body in [
            r#"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
            r#"{"message":"insufficient_quota"}"#,
        ] {
            assert!(
                !ErrorBody::parse(body.as_bytes()).quota_exhausted(),
                "{body}"
            );
        }
    }

    /// An error with a fixed message over another, like the layers of an
    /// HTTP client's errors.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<dyn StdError + Send + Sync>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl StdError for Layer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.1.as_deref().map(|e| e as &(dyn StdError + 'static))
        }
    }

    fn layers(
        inner: impl Into<Box<dyn StdError + Send + Sync>>,
        messages: &[&'static str],
    ) -> Layer {
        let mut error: Box<dyn StdError + Send + Sync> = inner.into();
        for message in messages.iter().rev() {
            error = Box::new(Layer(message, Some(error)));
        }
        Layer("error sending request", Some(error))
    }

    #[test]
    fn the_cause_is_found_down_the_chain() {
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        let e = layers(refused, &["client error (Connect)", "tcp connect error"]);
        assert_eq!(cause_text(&e, true), "connection refused");

        let lookup =
            io::Error::other("failed to lookup address information: Name or service not known");
        let e = layers(lookup, &["client error (Connect)", "dns error"]);
        assert_eq!(
            cause_text(&e, true),
            "the host name could not be resolved (failed to lookup address information: Name or service not known)"
        );

        // A TLS library's error travels inside two `io::Error`s, whose own
        // `source` skips it.
        let tls = io::Error::new(
            io::ErrorKind::InvalidData,
            Layer("invalid peer certificate: UnknownIssuer", None),
        );
        let e = layers(io::Error::other(tls), &["client error (Connect)"]);
        assert_eq!(
            cause_text(&e, true),
            "the TLS handshake failed (invalid peer certificate: UnknownIssuer)"
        );

        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        assert_eq!(
            cause_text(&layers(reset, &["client error (SendRequest)"]), false),
            "the connection was reset"
        );

        let other = Layer("something else entirely", None);
        assert_eq!(
            cause_text(&layers(other, &["client error"]), false),
            "something else entirely"
        );
    }

    #[test]
    fn the_authority_leaves_out_user_path_and_query() {
        let url = |s: &str| reqwest::Url::parse(s).unwrap();
        assert_eq!(
            authority(&url(
                "https://user:pw@api.example.com/v1/threads/t_1?after=x"
            )),
            "api.example.com:443"
        );
        assert_eq!(
            authority(&url("http://127.0.0.1:8080/v1")),
            "127.0.0.1:8080"
        );
        assert_eq!(authority(&url("http://[::1]:9/")), "[::1]:9");
        assert_eq!(host_text(""), "the server");
    }

    /// The start of a gateway's error page as a CDN serves it.
    const CDN_PAGE: &str = r#"<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
<head>
<title>api.example.com | 502: Bad   gateway</title>
<meta charset="UTF-8" />
<style>body { margin: 0 }</style>
</head>
<body>
<div id="cf-wrapper"><h1><span>Bad gateway</span> <span>Error code 502</span></h1></div>
</body>
</html>"#;

    #[test]
    fn an_html_page_is_summed_up_by_its_title() {
        assert_eq!(
            text_summary(CDN_PAGE).as_deref(),
            Some(r#"HTML page "api.example.com | 502: Bad gateway""#)
        );
        let e = ApiError::new(502, HeaderMap::new(), CDN_PAGE.as_bytes());
        assert_eq!(
            e.to_string(),
            r#"HTTP 502 Bad Gateway: HTML page "api.example.com | 502: Bad gateway""#
        );
        assert_eq!(
            e.body,
            ErrorBody::Text(CDN_PAGE.to_owned()),
            "the whole page is kept"
        );
    }

    #[test]
    fn a_page_without_a_title_shows_its_first_text() {
        let page = "<html><head><script>var x = '<b>';</script></head><BODY>\n<h1>502 Bad Gateway</h1>\n<p>The proxy   said: a &lt; b &amp;&amp; c &#x2014; &bogus; R&amp;D</p><!-- hidden --></body></html>";
        assert_eq!(
            text_summary(page).as_deref(),
            Some(r#"HTML page "502 Bad Gateway The proxy said: a < b && c — &bogus; R&D""#)
        );
        assert_eq!(
            text_summary("<html><body>  </body></html>").as_deref(),
            Some("an HTML page")
        );
        let long = format!("<html><title>{}</title></html>", "é".repeat(300));
        let summary = text_summary(&long).unwrap();
        assert!(summary.ends_with("…\""), "{summary}");
        assert_eq!(summary.chars().filter(|c| *c == 'é').count(), PAGE_SUMMARY);
    }

    #[test]
    fn plain_text_is_shown_on_one_line() {
        assert_eq!(
            text_summary("upstream   connect error\n or disconnect").as_deref(),
            Some("upstream connect error or disconnect")
        );
        assert_eq!(text_summary(" \n"), None);
        assert_eq!(
            text_summary("<not html> at all").as_deref(),
            Some("<not html> at all")
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
