//! Sends one operation's request, with retries, and turns the response into a
//! value or an [`Error`]. Per-operation facts arrive as a static [`Operation`].

use super::cookie::cookie_header;
use super::error::{authority, one_line, ApiError, Error, Origin};
use super::form::FormData;
use super::options::RequestOptions;
use super::path::PathValue;
use super::response::{ApiResponse, ResponseMeta};
use super::retry::{self, Decision, RetryPolicy};
use super::server::{fill_server, ServerTemplate};
use super::sse::{EventShape, EventStream};
use super::style::Query;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

/// Default limit on establishing a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default limit on a whole request, response body included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

/// How the client waits between attempts. The default is `tokio::time::sleep`;
/// tests and custom runtimes may supply their own.
pub type Sleeper = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// Static facts about one operation, declared by the generated client.
#[derive(Debug)]
pub struct Operation {
    /// `operationId`.
    pub id: &'static str,
    /// HTTP method, upper-case (`GET`).
    pub method: &'static str,
    /// Path template relative to the base URL, with `{name}` placeholders.
    pub path: &'static str,
    /// The operation's own base URL (its `servers`, when they differ from the
    /// document's). Used unless the client's base URL was set explicitly.
    pub server: Option<&'static str>,
    /// Headers with one allowed value, sent on every call.
    pub headers: &'static [(&'static str, &'static str)],
    /// The credentials the operation accepts (those of any of its security
    /// alternatives); each one configured is sent.
    pub credentials: &'static [CredentialId],
    /// The `Accept` header: the media type of a successful response.
    pub accept: &'static str,
}

/// Names one of the credentials a client is built with: its index in the
/// list of [`CredentialSpec`]s given to [`CoreBuilder::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialId(pub usize);

/// Where a credential goes.
#[derive(Debug, Clone, Copy)]
pub enum CredentialSpec {
    /// A header, by name.
    Header(&'static str),
    /// `Authorization: Bearer ...`.
    Bearer,
    /// `Authorization: Basic base64(user:password)` (RFC 7617); the value
    /// is set as `user:password`.
    Basic,
    /// A query parameter, by name.
    Query(&'static str),
    /// A cookie, by name: one `name=value` pair of the `Cookie` header
    /// (RFC 6265), beside any other cookie of the request.
    Cookie(&'static str),
}

/// A configured credential, ready to send.
#[derive(Clone)]
enum Credential {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
    Cookie(&'static str, String),
}

/// Settings for a [`Core`]; the generated `ClientBuilder` wraps it.
#[derive(Clone)]
pub struct CoreBuilder {
    base_url: String,
    /// The base URL was set explicitly: every operation is sent there.
    base_url_set: bool,
    server: Option<&'static ServerTemplate>,
    server_values: Vec<(&'static str, String)>,
    specs: &'static [CredentialSpec],
    values: Vec<Option<String>>,
    defaults: RequestOptions,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    policy: RetryPolicy,
    sleeper: Option<Sleeper>,
    user_agent: Option<String>,
}

impl fmt::Debug for CoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set: Vec<usize> = (0..self.values.len())
            .filter(|i| self.values[*i].is_some())
            .collect();
        f.debug_struct("CoreBuilder")
            .field("base_url", &self.base_url)
            .field("base_url_set", &self.base_url_set)
            .field("server_values", &self.server_values)
            .field("credentials_set", &set)
            .field("defaults", &self.defaults)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("policy", &self.policy)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl CoreBuilder {
    /// Starts from the spec's server and its credential slots.
    pub fn new(default_base_url: &str, specs: &'static [CredentialSpec]) -> Self {
        CoreBuilder {
            base_url: default_base_url.to_owned(),
            base_url_set: false,
            server: None,
            server_values: Vec::new(),
            specs,
            values: vec![None; specs.len()],
            defaults: RequestOptions::default(),
            http: None,
            timeout: REQUEST_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            policy: RetryPolicy::default(),
            sleeper: None,
            user_agent: None,
        }
    }

    /// Replaces the base URL. Every operation is then sent to it, those
    /// with servers of their own included, and server variables are unused.
    pub fn base_url(&mut self, url: String) {
        self.base_url = url;
        self.base_url_set = true;
    }

    /// The spec's server has variables: unless [`Self::base_url`] is set,
    /// the base URL is `server` filled with the values of
    /// [`Self::server_variable`], else the variables' defaults.
    pub fn server(&mut self, server: &'static ServerTemplate) {
        self.server = Some(server);
    }

    /// Sets the server variable `name` (checked against its `enum` by
    /// [`Self::build`]).
    pub fn server_variable(&mut self, name: &'static str, value: String) {
        self.server_values.push((name, value));
    }

    /// Sets a credential.
    pub fn credential(&mut self, id: CredentialId, value: String) {
        if let Some(slot) = self.values.get_mut(id.0) {
            *slot = Some(value);
        }
    }

    /// Changes the options every call starts from (per-request options are applied on top).
    pub fn defaults(&mut self, change: impl FnOnce(RequestOptions) -> RequestOptions) {
        self.defaults = change(std::mem::take(&mut self.defaults));
    }

    /// Uses a preconfigured reqwest client (its own connection settings then apply).
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// Limit on each attempt, response body included.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Limit on establishing a connection.
    pub fn connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = timeout;
    }

    /// Retries after a failed attempt.
    pub fn max_retries(&mut self, max_retries: u32) {
        self.policy.max_retries = max_retries;
    }

    /// The longest server-demanded wait to honour before retrying.
    pub fn max_retry_after(&mut self, wait: Duration) {
        self.policy.max_retry_after = wait;
    }

    /// Response headers that count the retries a server in between already
    /// made; a failed response whose count is 1 or more is not retried.
    pub fn upstream_retry_headers(&mut self, names: &'static [&'static str]) {
        self.policy.upstream_retry_headers = names;
    }

    /// How to wait between attempts.
    pub fn sleeper(&mut self, sleeper: Sleeper) {
        self.sleeper = Some(sleeper);
    }

    /// The `User-Agent` header of every request, such as `my-client/1.2.0`
    /// (none is sent by default). Any other source of the header wins over
    /// it: client defaults, the operation's header parameters and
    /// [`RequestOptions::header`]`("user-agent", ..)`.
    pub fn user_agent(&mut self, value: impl Into<String>) {
        self.user_agent = Some(value.into());
    }

    /// Validates the settings and builds the shared core. `names` are the
    /// builder methods of the credentials, for messages.
    pub fn build(self, names: &[&str]) -> Result<Core, Error> {
        let base_url = match self.server {
            Some(server) if !self.base_url_set => fill_server(server, &self.server_values)?,
            _ => self.base_url,
        };
        let base = reqwest::Url::parse(&base_url).map_err(|e| {
            Error::Config(format!(
                "base URL {base_url:?} is not a valid URL: {e}; set it with `base_url`"
            ))
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL {base_url:?} must start with http:// or https://"
            )));
        }
        let mut credentials = Vec::with_capacity(self.values.len());
        for (i, (spec, value)) in self.specs.iter().zip(self.values).enumerate() {
            let name = names.get(i).copied().unwrap_or("credential");
            credentials.push(match value {
                None => None,
                Some(value) => Some(credential(*spec, name, value)?),
            });
        }
        let defaults = header_map(&self.defaults).map_err(Error::Config)?;
        let user_agent = match self.user_agent {
            None => None,
            Some(agent) => Some(HeaderValue::from_str(&agent).map_err(|_| {
                Error::Config(format!(
                    "the user agent {agent:?} contains characters that cannot be sent in an HTTP header"
                ))
            })?),
        };
        let (http, connect_timeout) = match self.http {
            Some(http) => (http, None),
            None => (
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|e| {
                        Error::Config(format!("the HTTP client could not be created: {e}"))
                    })?,
                Some(self.connect_timeout),
            ),
        };
        let sleeper = self
            .sleeper
            .unwrap_or_else(|| Arc::new(|d| Box::pin(tokio::time::sleep(d))));
        Ok(Core {
            shared: Arc::new(Shared {
                http,
                base_url: base_url.trim_end_matches('/').to_owned(),
                base_url_set: self.base_url_set,
                host: authority(&base),
                connect_timeout,
                user_agent,
                credentials,
                defaults,
                timeout: self.timeout,
                policy: self.policy,
                sleeper,
            }),
            options: RequestOptions::default(),
        })
    }
}

fn credential(spec: CredentialSpec, name: &str, value: String) -> Result<Credential, Error> {
    // The message names the setting, never the value: it may be a secret.
    let invalid = || {
        Error::Config(format!(
            "`{name}` contains characters that cannot be sent in an HTTP header"
        ))
    };
    Ok(match spec {
        CredentialSpec::Header(header) => {
            let header = HeaderName::from_bytes(header.as_bytes()).map_err(|_| invalid())?;
            Credential::Header(header, secret(&value).ok_or_else(invalid)?)
        }
        CredentialSpec::Bearer => Credential::Header(
            AUTHORIZATION,
            secret(&format!("Bearer {value}")).ok_or_else(invalid)?,
        ),
        CredentialSpec::Basic => {
            use base64::Engine as _;
            let encoded = base64::engine::general_purpose::STANDARD.encode(value.as_bytes());
            Credential::Header(
                AUTHORIZATION,
                secret(&format!("Basic {encoded}")).ok_or_else(invalid)?,
            )
        }
        CredentialSpec::Query(name) => Credential::Query(name, value),
        CredentialSpec::Cookie(name) => Credential::Cookie(name, value),
    })
}

/// A header value marked sensitive, so that HTTP logging never shows it.
fn secret(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Validates option headers. Values are marked sensitive: they may carry secrets.
fn header_map(options: &RequestOptions) -> Result<HeaderMap, String> {
    if let Some(error) = options.errors.first() {
        return Err(error.clone());
    }
    let mut map = HeaderMap::new();
    for (name, value) in &options.headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a valid HTTP header name"))?;
        let value = secret(value).ok_or_else(|| {
            format!("the value of header `{name}` contains characters not allowed in HTTP headers")
        })?;
        map.insert(header, value);
    }
    Ok(map)
}

struct Shared {
    http: reqwest::Client,
    base_url: String,
    /// `base_url` was set explicitly, so operations' own servers are unused.
    base_url_set: bool,
    /// `host:port` of the base URL, for error messages.
    host: String,
    /// The connect timeout, when this runtime built the HTTP client.
    connect_timeout: Option<Duration>,
    user_agent: Option<HeaderValue>,
    credentials: Vec<Option<Credential>>,
    defaults: HeaderMap,
    timeout: Duration,
    policy: RetryPolicy,
    sleeper: Sleeper,
}

/// The shared part of a client (connection pool and settings) plus the
/// options of this copy. Cloning is cheap; clones share the pool.
#[derive(Clone)]
pub struct Core {
    shared: Arc<Shared>,
    options: RequestOptions,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let creds = &self.shared.credentials;
        let set: Vec<usize> = (0..creds.len()).filter(|i| creds[*i].is_some()).collect();
        f.debug_struct("Core")
            .field("base_url", &self.shared.base_url)
            .field("credentials_set", &set)
            .field("timeout", &self.shared.timeout)
            .field("policy", &self.shared.policy)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// One request, described independently of the attempts that send it.
#[derive(Debug)]
pub struct RequestParts {
    op: &'static Operation,
    path: String,
    query: Query,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Option<BodyData>,
    stream: bool,
}

/// A request body, kept as data so that each attempt can send it again.
#[derive(Debug, Clone)]
enum BodyData {
    /// Bytes sent as they are, with their media type.
    Raw(bytes::Bytes, &'static str),
    /// `multipart/form-data`.
    Multipart(FormData),
    /// `application/x-www-form-urlencoded`.
    Form(FormData),
}

impl RequestParts {
    /// A request for `op`, its path template filled with `path_values` (one
    /// per placeholder, in order; each is percent-encoded as one segment).
    pub fn new(op: &'static Operation, path_values: &[&str]) -> Result<Self, Error> {
        Ok(Self::filled(
            op,
            super::path::fill_template(op.path, path_values)?,
        ))
    }

    /// A request for `op`, its path template filled with `path_values` (one
    /// per placeholder, in order), each already expanded by its parameter's
    /// style (`matrix`, `label`, ...).
    pub fn with_path(op: &'static Operation, path_values: &[PathValue]) -> Result<Self, Error> {
        Ok(Self::filled(
            op,
            super::path::fill_expanded(op.path, path_values)?,
        ))
    }

    fn filled(op: &'static Operation, path: String) -> Self {
        RequestParts {
            op,
            path,
            query: Query::default(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            stream: false,
        }
    }

    /// Sets the query parameters, already written by their styles.
    pub fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// Adds the operation's own header parameters.
    pub fn headers(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.headers = pairs;
        self
    }

    /// Adds the operation's cookie parameters, sent in the `Cookie` header
    /// with any cookie credential (see [`super::cookie_header`]).
    pub fn cookies(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.cookies = pairs;
        self
    }

    /// Sets a JSON body, sent as `application/json`.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        self.json_as(body, "application/json")
    }

    /// Sets a JSON body sent with another JSON media type
    /// (`application/merge-patch+json`, `application/vnd.api+json`, ...).
    pub fn json_as<T: Serialize + ?Sized>(
        mut self,
        body: &T,
        media_type: &'static str,
    ) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(format!(
                "the body of `{}` cannot be encoded as JSON: {e}",
                self.op.id
            ))
        })?;
        self.body = Some(BodyData::Raw(bytes.into(), media_type));
        Ok(self)
    }

    /// Sets a body of raw bytes (or text) with its media type.
    pub fn raw(mut self, body: bytes::Bytes, media_type: &'static str) -> Self {
        self.body = Some(BodyData::Raw(body, media_type));
        self
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: FormData) -> Self {
        self.body = Some(BodyData::Multipart(form));
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form(mut self, form: FormData) -> Result<Self, Error> {
        form.to_pairs()?;
        self.body = Some(BodyData::Form(form));
        Ok(self)
    }
}

impl RequestParts {
    /// Asks for a `text/event-stream` response. With `set_stream_flag`, the
    /// JSON body gets `"stream": true`, which is how the API is told to stream.
    pub fn event_stream(mut self, set_stream_flag: bool) -> Result<Self, Error> {
        self.stream = true;
        if set_stream_flag {
            let mut body: serde_json::Value = match &self.body {
                Some(BodyData::Raw(bytes, _)) => serde_json::from_slice(bytes)
                    .map_err(|e| Error::InvalidRequest(e.to_string()))?,
                _ => serde_json::Value::Object(serde_json::Map::new()),
            };
            if let Some(map) = body.as_object_mut() {
                map.insert("stream".to_owned(), serde_json::Value::Bool(true));
            }
            let bytes =
                serde_json::to_vec(&body).map_err(|e| Error::InvalidRequest(e.to_string()))?;
            self.body = Some(BodyData::Raw(bytes.into(), "application/json"));
        }
        Ok(self)
    }
}

/// A success response: its whole body, or (for event streams) the open body.
#[derive(Debug)]
pub struct Response {
    meta: ResponseMeta,
    body: bytes::Bytes,
    open: Option<reqwest::Response>,
    origin: Origin,
}

impl Response {
    fn new(
        meta: ResponseMeta,
        body: bytes::Bytes,
        open: Option<reqwest::Response>,
        origin: Origin,
    ) -> Self {
        Response {
            meta,
            body,
            open,
            origin,
        }
    }

    /// The typed events of an event-stream response.
    pub fn events<T: DeserializeOwned + Send + 'static>(self, shape: EventShape) -> EventStream<T> {
        match self.open {
            Some(open) => EventStream::open(self.meta, open.bytes_stream(), shape, self.origin),
            None => {
                // The body was read whole (a server that ignored the stream request).
                let body = futures::stream::iter([Ok::<_, reqwest::Error>(self.body)]);
                EventStream::open(self.meta, body, shape, self.origin)
            }
        }
    }

    /// The HTTP status (a success: 2xx).
    pub fn status(&self) -> u16 {
        self.meta.status
    }

    /// Decodes the body, naming the failing field when it does not match.
    /// An empty body is an [`Error::Decode`] saying so: the spec declares
    /// one for this status.
    pub fn json<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.decode_error(
                String::new(),
                "the body is empty, but the spec declares a JSON body for this status".to_owned(),
            ));
        }
        // JSON text is UTF-8 (RFC 8259 §8.1): checked once here, so strings
        // are not checked again one by one while decoding.
        let text = std::str::from_utf8(&self.body).map_err(|e| {
            self.decode_error(String::new(), format!("the body is not UTF-8 text: {e}"))
        })?;
        let data = super::serde_helpers::from_json_located(text)
            .map_err(|(path, e)| self.decode_error(path, e.to_string()))?;
        Ok(ApiResponse {
            data,
            meta: self.meta,
        })
    }

    /// The body as bytes (audio, files, ...).
    pub fn bytes(self) -> ApiResponse<bytes::Bytes> {
        ApiResponse {
            data: self.body,
            meta: self.meta,
        }
    }

    /// The body as text; it must be UTF-8.
    pub fn text(self) -> Result<ApiResponse<String>, Error> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(data) => Ok(ApiResponse {
                data,
                meta: self.meta,
            }),
            Err(e) => {
                Err(self.decode_error(String::new(), format!("the body is not UTF-8 text: {e}")))
            }
        }
    }

    /// Ignores the body.
    pub fn empty(self) -> ApiResponse<()> {
        ApiResponse {
            data: (),
            meta: self.meta,
        }
    }

    /// The error for a success status the operation does not declare, when
    /// its declared successes have different bodies (so none can be chosen);
    /// `declared` lists them (`200, 201, 204`).
    pub fn undeclared(self, declared: &str) -> Error {
        let status = self.meta.status;
        self.decode_error(
            String::new(),
            format!("the spec declares no response for HTTP {status} here (only {declared}), so the body's type is unknown"),
        )
    }

    fn decode_error(&self, path: String, message: String) -> Error {
        Error::Decode {
            status: self.meta.status,
            path,
            message,
            body_excerpt: one_line(&String::from_utf8_lossy(&self.body), 200),
        }
    }
}

/// What one attempt produced.
enum Attempt {
    Done(Box<Response>),
    Failed(Error, Decision),
}

impl Core {
    /// A copy whose calls use `options` on top of this copy's own.
    pub fn with_options(&self, options: RequestOptions) -> Core {
        Core {
            shared: self.shared.clone(),
            options: self.options.merged(options),
        }
    }

    /// Sends the request, retrying as the policy allows, and reads the whole response.
    pub async fn execute(&self, parts: RequestParts) -> Result<Response, Error> {
        let op = parts.op;
        let span = tracing::info_span!(
            "http_request",
            operation = op.id,
            method = op.method,
            path = op.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        self.run(parts).instrument(span).await
    }

    async fn run(&self, parts: RequestParts) -> Result<Response, Error> {
        let shared = &self.shared;
        let extra = header_map(&self.options).map_err(Error::InvalidRequest)?;
        let policy = RetryPolicy {
            max_retries: self
                .options
                .max_retries
                .unwrap_or(shared.policy.max_retries),
            ..shared.policy
        };
        let timeout = self.options.timeout.unwrap_or(shared.timeout);
        let mut retry = 0;
        loop {
            let started = Instant::now();
            let outcome = self.attempt(&parts, &extra, timeout, retry, &policy).await;
            let span = tracing::Span::current();
            span.record("attempts", retry + 1);
            match outcome {
                Attempt::Done(response) => {
                    span.record("status", response.meta.status);
                    tracing::debug!(
                        attempt = retry + 1,
                        status = response.meta.status,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "response"
                    );
                    return Ok(*response);
                }
                Attempt::Failed(error, Decision::Retry(wait)) => {
                    tracing::info!(attempt = retry + 1, status = error.status(), elapsed_ms = started.elapsed().as_millis() as u64, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
                    (shared.sleeper)(wait).await;
                    retry += 1;
                }
                Attempt::Failed(error, Decision::Stop(reason)) => {
                    if let Some(status) = error.status() {
                        span.record("status", status);
                    }
                    tracing::debug!(
                        attempt = retry + 1,
                        ?reason,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "giving up"
                    );
                    return Err(error);
                }
            }
        }
    }

    /// Builds the request afresh and sends it once.
    async fn attempt(
        &self,
        parts: &RequestParts,
        extra: &HeaderMap,
        timeout: Duration,
        retry: u32,
        policy: &RetryPolicy,
    ) -> Attempt {
        let op = parts.op;
        let (base, host) = self.base_of(op);
        let request = match self.request(parts, base, extra, timeout) {
            Ok(request) => request,
            Err(error) => {
                return Attempt::Failed(error, Decision::Stop(retry::StopReason::NotRetryable))
            }
        };
        let attempts = retry + 1;
        let shared = &self.shared;
        let transport = |e: reqwest::Error| {
            let limit = if e.is_connect() {
                shared.connect_timeout
            } else {
                Some(timeout)
            };
            let error = Error::transport(op.id, attempts, &host, limit, e);
            Attempt::Failed(
                error,
                retry::after_transport_error(retry, policy, fastrand::f64()),
            )
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return transport(e),
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let is_event_stream = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if parts.stream && is_event_stream && (200..300).contains(&status) {
            let meta = ResponseMeta {
                status,
                headers,
                retries: retry,
            };
            let origin = Origin {
                operation: op.id,
                host: authority(response.url()),
                limit: Some(timeout),
            };
            return Attempt::Done(Box::new(Response::new(
                meta,
                bytes::Bytes::new(),
                Some(response),
                origin,
            )));
        }
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => return transport(e),
        };
        if (200..300).contains(&status) {
            let meta = ResponseMeta {
                status,
                headers,
                retries: retry,
            };
            let origin = Origin {
                operation: op.id,
                host: host.clone(),
                limit: Some(timeout),
            };
            return Attempt::Done(Box::new(Response::new(meta, body, None, origin)));
        }
        let decision = retry::after_status(
            status,
            &headers,
            retry,
            policy,
            SystemTime::now(),
            fastrand::f64(),
        );
        let error = ApiError::new(status, headers, &body);
        let decision = match decision {
            Decision::Retry(_) if error.body.quota_exhausted() => {
                Decision::Stop(retry::StopReason::QuotaExhausted)
            }
            other => other,
        };
        Attempt::Failed(Error::from_api(error), decision)
    }

    /// The base URL `op` is sent to, and its `host:port` for messages: the
    /// operation's own server, unless the client's base URL was set
    /// explicitly; else the client's base URL.
    fn base_of(&self, op: &Operation) -> (&str, String) {
        let shared = &self.shared;
        match op.server {
            Some(server) if !shared.base_url_set => {
                let host = reqwest::Url::parse(server)
                    .map(|url| authority(&url))
                    .unwrap_or_else(|_| server.to_owned());
                (server.trim_end_matches('/'), host)
            }
            _ => (&shared.base_url, shared.host.clone()),
        }
    }

    /// The request of one attempt: method and URL, headers (user agent,
    /// accept, content type, fixed, credentials, client defaults, the
    /// operation's own, this copy's options, in rising precedence), query,
    /// cookies and body. Cookie parameters and cookie credentials share one
    /// `Cookie` header (a credential wins over a parameter of its name); a
    /// `Cookie` header set as an option is kept after them.
    fn request(
        &self,
        parts: &RequestParts,
        base: &str,
        extra: &HeaderMap,
        timeout: Duration,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let shared = &self.shared;
        let op = parts.op;
        let mut headers = HeaderMap::new();
        if let Some(agent) = &shared.user_agent {
            headers.insert(USER_AGENT, agent.clone());
        }
        let accept = if parts.stream {
            "text/event-stream"
        } else {
            op.accept
        };
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        if let Some(BodyData::Raw(_, media_type)) = &parts.body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
        }
        for (name, value) in op.headers {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        let mut query = parts.query.clone();
        let mut cookies: Vec<(&str, &str)> = parts
            .cookies
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        for id in op.credentials {
            match shared.credentials.get(id.0) {
                Some(Some(Credential::Header(name, value))) => {
                    headers.insert(name.clone(), value.clone());
                }
                Some(Some(Credential::Query(name, value))) => query.text(name, value),
                Some(Some(Credential::Cookie(name, value))) => cookies.push((name, value)),
                _ => {}
            }
        }
        for (name, value) in shared.defaults.iter() {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &parts.headers {
            let value = secret(value).ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "header parameter `{name}` contains characters not allowed in HTTP headers"
                ))
            })?;
            headers.insert(*name, value);
        }
        for (name, value) in extra.iter() {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(ours) = cookie_header(cookies) {
            let value = match headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
                Some(theirs) => format!("{ours}; {theirs}"),
                None => ours,
            };
            let value = secret(&value).ok_or_else(|| {
                Error::InvalidRequest(
                    "a cookie name contains characters not allowed in HTTP headers".to_owned(),
                )
            })?;
            headers.insert(COOKIE, value);
        }
        let method = reqwest::Method::from_bytes(op.method.as_bytes())
            .map_err(|_| Error::InvalidRequest(format!("`{}` is not an HTTP method", op.method)))?;
        let mut url = format!("{base}{}", parts.path);
        if !query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&query.to_string());
        }
        let request = shared
            .http
            .request(method, url)
            .headers(headers)
            .timeout(timeout);
        Ok(match &parts.body {
            None => request,
            Some(BodyData::Raw(bytes, _)) => request.body(bytes.clone()),
            Some(BodyData::Form(form)) => request.form(&form.to_pairs()?),
            Some(BodyData::Multipart(form)) => request.multipart(form.to_multipart()?),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn basic_credentials_are_encoded_as_rfc_7617_says() {
        let Ok(super::Credential::Header(name, value)) = super::credential(
            super::CredentialSpec::Basic,
            "basic_auth",
            "Aladdin:open sesame".to_owned(),
        ) else {
            panic!("a header credential");
        };
        assert_eq!(name, reqwest::header::AUTHORIZATION);
        assert_eq!(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(value.is_sensitive());
    }

    use super::*;

    #[test]
    fn a_user_agent_that_cannot_be_a_header_is_a_configuration_error() {
        let mut builder = CoreBuilder::new("http://localhost:8080", &[]);
        builder.user_agent("my-client/1.0\r\nx-injected: 1");
        let err = builder.build(&[]).unwrap_err();
        assert!(
            matches!(&err, Error::Config(m) if m.contains("user agent")),
            "{err}"
        );

        let mut builder = CoreBuilder::new("http://localhost:8080", &[]);
        builder.user_agent("my-client/1.0");
        assert!(format!("{builder:?}").contains("my-client/1.0"));
        let core = builder.build(&[]).unwrap();
        assert_eq!(
            core.shared.user_agent,
            Some(HeaderValue::from_static("my-client/1.0"))
        );
        assert_eq!(core.shared.host, "localhost:8080");
    }
}
