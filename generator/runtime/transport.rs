//! Sends one operation's request and turns the response into a value or an
//! [`Error`]. Per-operation facts arrive as a static [`Operation`].

use super::error::{one_line, ApiError, Error};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Default limit on establishing a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default limit on a whole request, response body included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

/// HTTP methods an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl Method {
    fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Trace => reqwest::Method::TRACE,
        }
    }
}

/// Static facts about one operation, declared by the generated client.
#[derive(Debug)]
pub struct Operation {
    /// `operationId`.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template, for messages and logs.
    pub path: &'static str,
    /// Headers sent on every call (`OpenAI-Beta: assistants=v2`).
    pub headers: &'static [(&'static str, &'static str)],
    /// Indices of the credentials the operation accepts (any alternative).
    pub credentials: &'static [usize],
}

/// Where a credential goes.
#[derive(Debug, Clone, Copy)]
pub enum CredentialSpec {
    /// A header, by name.
    Header(&'static str),
    /// `Authorization: Bearer ...`.
    Bearer,
    /// A query parameter, by name.
    Query(&'static str),
}

/// A configured credential, ready to send.
#[derive(Clone)]
enum Credential {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
}

/// Settings for a [`Core`]; the generated `ClientBuilder` wraps it.
#[derive(Clone)]
pub struct CoreBuilder {
    base_url: String,
    specs: &'static [CredentialSpec],
    values: Vec<Option<String>>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
}

impl fmt::Debug for CoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set: Vec<usize> = (0..self.values.len())
            .filter(|i| self.values[*i].is_some())
            .collect();
        f.debug_struct("CoreBuilder")
            .field("base_url", &self.base_url)
            .field("credentials_set", &set)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl CoreBuilder {
    /// Starts from the spec's server and its credential slots.
    pub fn new(default_base_url: &str, specs: &'static [CredentialSpec]) -> Self {
        CoreBuilder {
            base_url: default_base_url.to_owned(),
            specs,
            values: vec![None; specs.len()],
            http: None,
            timeout: REQUEST_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
        }
    }

    /// Replaces the base URL.
    pub fn base_url(&mut self, url: String) {
        self.base_url = url;
    }

    /// Sets credential `index` (as declared in the generated client).
    pub fn credential(&mut self, index: usize, value: String) {
        if let Some(slot) = self.values.get_mut(index) {
            *slot = Some(value);
        }
    }

    /// Uses a preconfigured reqwest client (its own timeouts then apply).
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// Limit on a whole request.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Validates the settings and builds the shared core.
    pub fn build(self, names: &[&str]) -> Result<Core, Error> {
        let base = reqwest::Url::parse(&self.base_url).map_err(|e| {
            Error::Config(format!(
                "base URL {:?} is not a valid URL: {e}",
                self.base_url
            ))
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL {:?} must start with http:// or https://",
                self.base_url
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
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .build()
                .map_err(|e| Error::Config(format!("the HTTP client could not be created: {e}")))?,
        };
        Ok(Core {
            inner: Arc::new(Inner {
                http,
                base_url: self.base_url.trim_end_matches('/').to_owned(),
                credentials,
            }),
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
            let mut value = HeaderValue::from_str(&value).map_err(|_| invalid())?;
            value.set_sensitive(true);
            Credential::Header(header, value)
        }
        CredentialSpec::Bearer => {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {value}")).map_err(|_| invalid())?;
            value.set_sensitive(true);
            Credential::Header(AUTHORIZATION, value)
        }
        CredentialSpec::Query(name) => Credential::Query(name, value),
    })
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<Option<Credential>>,
}

/// The shared, cheaply clonable part of a client: connection pool and settings.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set: Vec<usize> = (0..self.inner.credentials.len())
            .filter(|i| self.inner.credentials[*i].is_some())
            .collect();
        f.debug_struct("Core")
            .field("base_url", &self.inner.base_url)
            .field("credentials_set", &set)
            .finish_non_exhaustive()
    }
}

/// One request, described independently of the attempt that sends it.
#[derive(Debug)]
pub struct RequestParts {
    op: &'static Operation,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

impl RequestParts {
    /// A request for `op` at the already-encoded `path`.
    pub fn new(op: &'static Operation, path: String) -> Self {
        RequestParts {
            op,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    /// Adds query pairs.
    pub fn query(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.query = pairs;
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(format!(
                "the body of `{}` cannot be encoded as JSON: {e}",
                self.op.id
            ))
        })?;
        self.body = Some(bytes);
        Ok(self)
    }
}

/// A success response, before decoding.
#[derive(Debug)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: bytes::Bytes,
}

impl Response {
    /// Decodes the body, naming the failing field when it does not match.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let value = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| self.decode_error(e.path().to_string(), e.inner().to_string()))?;
        de.end()
            .map_err(|e| self.decode_error(".".to_owned(), e.to_string()))?;
        Ok(value)
    }

    fn decode_error(&self, path: String, message: String) -> Error {
        Error::Decode {
            status: self.status,
            path,
            message,
            body_excerpt: one_line(&String::from_utf8_lossy(&self.body), 200),
        }
    }
}

impl Core {
    /// Sends the request once and reads the whole response.
    pub async fn execute(&self, parts: RequestParts) -> Result<Response, Error> {
        let op = parts.op;
        let url = format!("{}{}", self.inner.base_url, parts.path);
        let mut query = parts.query;
        let mut request = self
            .inner
            .http
            .request(op.method.to_reqwest(), url)
            .header(ACCEPT, "application/json");
        for (name, value) in op.headers {
            request = request.header(*name, *value);
        }
        for index in op.credentials {
            match self.inner.credentials.get(*index) {
                Some(Some(Credential::Header(name, value))) => {
                    request = request.header(name.clone(), value.clone())
                }
                Some(Some(Credential::Query(name, value))) => query.push((name, value.clone())),
                _ => {}
            }
        }
        if !query.is_empty() {
            request = request.query(&query);
        }
        if let Some(body) = parts.body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport_error)?;
        if !(200..300).contains(&status) {
            return Err(Error::Api(Box::new(ApiError::new(status, headers, &body))));
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

fn transport_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout(e)
    } else {
        Error::Connection(e)
    }
}
