//! Support for the integration tests: recorded interactions, a replay server
//! on 127.0.0.1, request checks, and the lossless decode → encode check;
//! [`codegen`] runs the generator and [`crates`] builds what it writes.

pub mod codegen;
pub mod crates;
pub mod raw_server;

use portkey_assistants::models::Metadata;
use portkey_assistants::{Client, ClientBuilder, Sleeper};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// API key every fixture expects.
pub const API_KEY: &str = "pk-test-key";
/// Virtual key every fixture expects.
pub const VIRTUAL_KEY: &str = "vk-test-openai";

/// One recorded HTTP interaction (`tests/fixtures/recorded/<name>.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct Fixture {
    /// File stem.
    #[serde(skip)]
    pub name: String,
    /// What the interaction checks.
    pub description: String,
    /// Where its facts come from.
    pub source: String,
    /// The request the client is expected to send.
    pub request: RecordedRequest,
    /// The response the server replays.
    pub response: RecordedResponse,
}

/// The expected request.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Raw (percent-encoded) path.
    pub path: String,
    /// Query parameters.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// Headers that must be present with these values (lower-case names).
    pub headers: BTreeMap<String, String>,
    /// JSON body, or null for none.
    pub body: Value,
}

/// The replayed response.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordedResponse {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: BTreeMap<String, String>,
    /// JSON body.
    pub body: Value,
}

impl Fixture {
    /// The raw text of a recorded event stream (`content-type: text/event-stream`,
    /// body given as one JSON string).
    pub fn sse_text(&self) -> Option<&str> {
        let content_type = self.response.headers.get("content-type")?;
        if !content_type.starts_with("text/event-stream") {
            return None;
        }
        self.response.body.as_str()
    }

    /// The recorded response as a wiremock reply: its status, its headers,
    /// and its body (raw event-stream text, or the JSON body encoded).
    pub fn response_template(&self) -> ResponseTemplate {
        let template = ResponseTemplate::new(self.response.status);
        let mut template = match self.sse_text() {
            // A recorded event stream is kept as its raw text.
            Some(text) => template.set_body_raw(text.to_owned(), "text/event-stream"),
            None => template.set_body_raw(
                serde_json::to_vec(&self.response.body).expect("JSON encodes"),
                "application/json",
            ),
        };
        for (k, v) in &self.response.headers {
            if k != "content-type" {
                template = template.insert_header(k.as_str(), v.as_str());
            }
        }
        template
    }
}

fn recorded_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/recorded")
}

/// Loads `tests/fixtures/recorded/<name>.json`.
pub fn fixture(name: &str) -> Fixture {
    let path = recorded_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut fixture: Fixture = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a fixture: {e}", path.display()));
    fixture.name = name.to_owned();
    fixture
}

/// Every recorded fixture of the Assistants API (the `.json` files directly
/// in `tests/fixtures/recorded/`), sorted by name.
pub fn all_fixtures() -> Vec<Fixture> {
    fixtures_in("")
}

/// Every recorded fixture in `tests/fixtures/recorded/<dir>/` (the other
/// resources keep theirs in a folder each: `chat`, `responses`, …), sorted by
/// name; each is named `<dir>/<file stem>`.
pub fn fixtures_in(dir: &str) -> Vec<Fixture> {
    let folder = recorded_dir().join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        .filter_map(|e| {
            let path = e.ok()?.path();
            if path.extension()? != "json" {
                return None;
            }
            let stem = path.file_stem()?.to_str()?;
            Some(if dir.is_empty() {
                stem.to_owned()
            } else {
                format!("{dir}/{stem}")
            })
        })
        .collect();
    names.sort();
    names.iter().map(|n| fixture(n)).collect()
}

/// A local HTTP server replaying one fixture's response to any request.
pub struct Replay {
    /// The server, listening on 127.0.0.1.
    pub server: MockServer,
    /// The interaction it replays.
    pub fixture: Fixture,
}

impl Replay {
    /// Starts a server for the fixture `name`.
    pub async fn start(name: &str) -> Replay {
        let fixture = fixture(name);
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(fixture.response_template())
            .mount(&server)
            .await;
        Replay { server, fixture }
    }

    /// A client pointed at this server (base URL `<server>/v1`) with the fixtures' credentials.
    pub fn client(&self) -> Client {
        client_builder(&self.server.uri())
            .build()
            .expect("a valid client configuration")
    }

    /// Asserts the server received exactly the recorded request, once.
    pub async fn assert_request(&self) {
        self.assert_requests(1).await;
    }

    /// Asserts the server received the recorded request exactly `count` times
    /// (a retry sends the same request again).
    pub async fn assert_requests(&self, count: usize) {
        let received = self
            .server
            .received_requests()
            .await
            .expect("request recording is on");
        assert_eq!(
            received.len(),
            count,
            "{}: number of requests",
            self.fixture.name
        );
        for got in &received {
            self.check(got);
        }
    }

    fn check(&self, got: &wiremock::Request) {
        let want = &self.fixture.request;
        let name = &self.fixture.name;
        assert_eq!(got.method.as_str(), want.method, "{name}: method");
        assert_eq!(got.url.path(), want.path, "{name}: encoded path");
        let query: BTreeMap<String, String> = got.url.query_pairs().into_owned().collect();
        assert_eq!(query, want.query, "{name}: query");
        for (header, value) in &want.headers {
            let sent = got
                .headers
                .get(header.as_str())
                .map(|v| v.to_str().unwrap_or("<non-ascii>"));
            assert_eq!(sent, Some(value.as_str()), "{name}: header {header}");
        }
        for unexpected in [
            "authorization",
            "x-portkey-provider",
            "x-portkey-config",
            "x-portkey-custom-host",
        ] {
            assert!(
                got.headers.get(unexpected).is_none(),
                "{name}: unexpected {unexpected} header"
            );
        }
        if want.body.is_null() {
            assert!(got.body.is_empty(), "{name}: expected no body");
            assert!(
                got.headers.get("content-type").is_none(),
                "{name}: content-type without a body"
            );
        } else {
            let body: Value = serde_json::from_slice(&got.body).expect("the request body is JSON");
            assert_eq!(body, want.body, "{name}: request body");
        }
    }
}

/// A client builder for a local server whose root URL is `server_uri`: base
/// URL `<server_uri>/v1` and the fixtures' credentials.
pub fn client_builder(server_uri: &str) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{server_uri}/v1"))
        .api_key(API_KEY)
        .virtual_key(VIRTUAL_KEY)
}

/// The waits a [`recording_sleeper`] was asked for, in order.
pub type Waits = Arc<Mutex<Vec<Duration>>>;

/// A sleeper that returns at once and records every wait the client asked for,
/// so back-off is checked exactly and the tests do not sleep.
pub fn recording_sleeper() -> (Sleeper, Waits) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let record = waits.clone();
    let sleeper: Sleeper = Arc::new(move |d| {
        record.lock().expect("not poisoned").push(d);
        Box::pin(std::future::ready(()))
    });
    (sleeper, waits)
}

/// A `Metadata` map holding `pairs`.
pub fn metadata(pairs: &[(&str, &str)]) -> Metadata {
    Metadata(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

/// Decodes `json` as `T`, re-encodes it, and asserts nothing was lost: every
/// value comes back, absent stays absent, and `null` comes back as `null` or absent.
pub fn assert_lossless<T: DeserializeOwned + Serialize>(json: &Value) -> T {
    let decoded: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| {
        panic!(
            "does not decode as {}: {e}\n{json:#}",
            std::any::type_name::<T>()
        )
    });
    let encoded = serde_json::to_value(&decoded).expect("a decoded value encodes");
    if let Err(at) = same_meaning(json, &encoded, "$") {
        panic!("decode → encode changed {at}\nbefore: {json:#}\nafter:  {encoded:#}");
    }
    decoded
}

/// `Ok` when `after` says what `before` said (allowing `null` → absent).
pub fn same_meaning(before: &Value, after: &Value, at: &str) -> Result<(), String> {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, bv) in b {
                match a.get(k) {
                    Some(av) => same_meaning(bv, av, &format!("{at}.{k}"))?,
                    None if bv.is_null() => {}
                    None => return Err(format!("{at}.{k} (lost)")),
                }
            }
            match a.keys().find(|k| !b.contains_key(*k)) {
                Some(k) => Err(format!("{at}.{k} (invented)")),
                None => Ok(()),
            }
        }
        (Value::Array(b), Value::Array(a)) if a.len() == b.len() => b
            .iter()
            .zip(a)
            .enumerate()
            .try_for_each(|(i, (bv, av))| same_meaning(bv, av, &format!("{at}[{i}]"))),
        _ if before == after => Ok(()),
        _ => Err(format!("{at} ({before} became {after})")),
    }
}

#[cfg(test)]
mod tests {
    use super::same_meaning;
    use serde_json::json;

    #[test]
    fn the_lossless_check_can_fail() {
        assert!(same_meaning(&json!({"a": null}), &json!({}), "$").is_ok());
        assert!(same_meaning(&json!({"a": 1}), &json!({}), "$").is_err());
        assert!(same_meaning(&json!({}), &json!({"a": null}), "$").is_err());
        assert!(same_meaning(&json!({"a": ""}), &json!({"a": null}), "$").is_err());
        assert!(same_meaning(&json!([1, 2]), &json!([1]), "$").is_err());
    }
}

/// The Rust snippets of the repository's README, compiled (and, where not
/// marked `no_run`, run) as this crate's doc tests, so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeSnippets;
