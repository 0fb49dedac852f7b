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
    /// A response header as text, when sent and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// `x-request-id`: the server's id for the request.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id")
    }
}

/// A decoded response body with its [`ResponseMeta`].
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// The decoded body.
    pub data: T,
    /// Status and headers.
    pub meta: ResponseMeta,
}

impl<T> ApiResponse<T> {
    /// Drops the metadata.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Changes the data, keeping the metadata.
    pub fn map<U>(self, change: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            data: change(self.data),
            meta: self.meta,
        }
    }
}
