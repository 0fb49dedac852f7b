//! A decoded value together with what the response said about itself.

use reqwest::header::HeaderMap;

/// What a response says besides its body.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    /// HTTP status.
    pub status: u16,
    /// All response headers.
    pub headers: HeaderMap,
    /// Retries the client made before this response (0 when the first attempt succeeded).
    pub retries: u32,
}

impl ResponseMeta {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// `x-request-id`: the upstream provider's id for the request.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id")
    }

    /// `x-portkey-trace-id`: the gateway's trace id (yours, if you sent one).
    pub fn trace_id(&self) -> Option<&str> {
        self.header("x-portkey-trace-id")
    }

    /// `x-portkey-cache-status`: whether the gateway's cache answered (`HIT`, `MISS`, ...).
    pub fn cache_status(&self) -> Option<&str> {
        self.header("x-portkey-cache-status")
    }

    /// `x-portkey-retry-attempt-count`: retries the gateway made upstream.
    pub fn gateway_retries(&self) -> Option<u32> {
        self.header("x-portkey-retry-attempt-count")?
            .trim()
            .parse()
            .ok()
    }
}

/// A decoded response body with its [`ResponseMeta`].
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// The decoded body.
    pub data: T,
    /// Status, headers and gateway metadata.
    pub meta: ResponseMeta,
}

impl<T> ApiResponse<T> {
    /// Drops the metadata.
    pub fn into_data(self) -> T {
        self.data
    }
}
