//! Per-request options: extra headers, timeout and retries for the calls made
//! through one `Client::with_options` copy, without touching the shared client.

use std::fmt;
use std::time::Duration;

/// Options applied to every call made through a client copy.
///
/// ```ignore
/// let traced = client.with_options(RequestOptions::new().header("x-trace-id", "run-42").max_retries(0));
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct RequestOptions {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    /// Problems found while setting options, reported when a call is made.
    pub(crate) errors: Vec<String>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: show names only.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &names)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

impl RequestOptions {
    /// No options: the client's settings apply.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Sends an extra header (replacing one of the same name set earlier, and
    /// any header the client would send under that name). An invalid name or
    /// value makes the call fail before sending.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Sends `value` as JSON text in a header (a header parameter described
    /// by `content: application/json`).
    pub fn json_header<T: serde::Serialize + ?Sized>(
        mut self,
        name: impl Into<String>,
        value: &T,
    ) -> Self {
        let name = name.into();
        match serde_json::to_string(value) {
            Ok(text) => self.header(name, text),
            Err(e) => {
                self.errors
                    .push(format!("header `{name}` cannot be encoded as JSON: {e}"));
                self
            }
        }
    }

    /// Sends `value` in a header written as `style` says: `simple` (`a,b`;
    /// an object `k,v,l,w`, or `k=v,l=w` exploded) or a `content` media
    /// type's text (see [`super::param_value`]).
    pub fn styled_header<T: serde::Serialize + ?Sized>(
        mut self,
        name: impl Into<String>,
        style: super::ParamStyle,
        value: &T,
    ) -> Self {
        let name = name.into();
        match super::param_value(&name, style, value) {
            Ok(text) => self.header(name, text),
            Err(e) => {
                self.errors.push(e.to_string());
                self
            }
        }
    }

    /// Limits how long each attempt may take, response body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed attempt may be retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// These options with `other` applied on top.
    pub(crate) fn merged(&self, other: RequestOptions) -> RequestOptions {
        let mut out = self.clone();
        for (name, value) in other.headers {
            out = out.header(name, value);
        }
        out.timeout = other.timeout.or(out.timeout);
        out.max_retries = other.max_retries.or(out.max_retries);
        out.errors.extend(other.errors);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_options_win_and_values_stay_out_of_debug() {
        let base = RequestOptions::new()
            .header("X-A", "1")
            .timeout(Duration::from_secs(5));
        let merged = base.merged(RequestOptions::new().header("x-a", "2").max_retries(0));
        assert_eq!(merged.headers, vec![("x-a".to_owned(), "2".to_owned())]);
        assert_eq!(merged.timeout, Some(Duration::from_secs(5)));
        assert_eq!(merged.max_retries, Some(0));
        let shown = format!(
            "{:?}",
            RequestOptions::new().header("authorization", "Bearer sk-secret")
        );
        assert!(!shown.contains("sk-secret"), "{shown}");
    }
}
