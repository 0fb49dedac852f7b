//! When to try a request again and how long to wait first. Pure functions of
//! the response and the attempt number, so they are tested without sleeping.

use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};

/// Retry settings.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The longest server-demanded wait the client will honour; a longer
    /// demand fails at once instead of sleeping.
    pub max_retry_after: Duration,
    /// Response headers that count the retries a server in between (a
    /// gateway) already made; a response with a count of 1 or more is not
    /// retried again, which would multiply the attempts.
    pub upstream_retry_headers: &'static [&'static str],
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            max_retry_after: Duration::from_secs(60),
            upstream_retry_headers: &[],
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// Wait this long, then send again.
    Retry(Duration),
    /// Give up and return this attempt's error.
    Stop(StopReason),
}

/// Why no further attempt is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// The status is not one that a retry can fix.
    NotRetryable,
    /// `max_retries` retries were made already.
    OutOfRetries,
    /// The server said `x-should-retry: false`.
    ServerSaidNo,
    /// A server in between retried already: a header the spec marks as
    /// counting its retries (`x-upstream-retry-count`) says 1 or more.
    UpstreamRetried,
    /// The server asked for a longer wait than the configured cap.
    WaitTooLong,
    /// The error body says the account's quota or billing is used up
    /// (`insufficient_quota`): a later attempt would fail the same way.
    QuotaExhausted,
}

const BASE: f64 = 0.5;
const MAX_BACKOFF: f64 = 8.0;

/// Exponential backoff before retry number `retry` (0-based): 0.5 s · 2ⁿ, at
/// most 8 s, shortened by up to a quarter by `jitter` ∈ [0, 1).
pub fn backoff(retry: u32, jitter: f64) -> Duration {
    let exp = BASE * 2f64.powi(retry.min(16) as i32);
    Duration::from_secs_f64(exp.min(MAX_BACKOFF) * (1.0 - 0.25 * jitter.clamp(0.0, 1.0)))
}

/// The wait the server asked for: `retry-after-ms`, else `Retry-After` as
/// seconds (fractions allowed) or an HTTP date.
pub fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        if ms.is_finite() && ms >= 0.0 {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn header_is(headers: &HeaderMap, name: &str, want: &str) -> bool {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(want))
}

/// Decides after a response with a non-success `status`. `retry` is the number of
/// retries made so far.
pub fn after_status(
    status: u16,
    headers: &HeaderMap,
    retry: u32,
    policy: &RetryPolicy,
    now: SystemTime,
    jitter: f64,
) -> Decision {
    if header_is(headers, "x-should-retry", "false") {
        return Decision::Stop(StopReason::ServerSaidNo);
    }
    let retried_upstream = policy.upstream_retry_headers.iter().any(|name| {
        headers
            .get(*name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n >= 1)
    });
    if retried_upstream {
        return Decision::Stop(StopReason::UpstreamRetried);
    }
    let retryable = header_is(headers, "x-should-retry", "true")
        || matches!(status, 408 | 409 | 429)
        || status >= 500;
    if !retryable {
        return Decision::Stop(StopReason::NotRetryable);
    }
    if retry >= policy.max_retries {
        return Decision::Stop(StopReason::OutOfRetries);
    }
    match server_wait(headers, now) {
        Some(wait) if wait > policy.max_retry_after => Decision::Stop(StopReason::WaitTooLong),
        Some(wait) => Decision::Retry(wait),
        None => Decision::Retry(backoff(retry, jitter)),
    }
}

/// Decides after a connection failure or timeout (no response at all).
pub fn after_transport_error(retry: u32, policy: &RetryPolicy, jitter: f64) -> Decision {
    if retry >= policy.max_retries {
        Decision::Stop(StopReason::OutOfRetries)
    } else {
        Decision::Retry(backoff(retry, jitter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    const POLICY: RetryPolicy = RetryPolicy {
        max_retries: 2,
        max_retry_after: Duration::from_secs(60),
        upstream_retry_headers: &["x-upstream-retries"],
    };

    fn decide(status: u16, pairs: &[(&'static str, &str)], retry: u32) -> Decision {
        after_status(
            status,
            &headers(pairs),
            retry,
            &POLICY,
            SystemTime::UNIX_EPOCH,
            0.0,
        )
    }

    #[test]
    fn retryable_statuses() {
        for status in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert_eq!(
                decide(status, &[], 0),
                Decision::Retry(Duration::from_millis(500)),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 413, 422] {
            assert_eq!(
                decide(status, &[], 0),
                Decision::Stop(StopReason::NotRetryable),
                "{status}"
            );
        }
        assert_eq!(
            decide(503, &[], 2),
            Decision::Stop(StopReason::OutOfRetries)
        );
    }

    #[test]
    fn server_headers_override_the_status() {
        assert_eq!(
            decide(503, &[("x-should-retry", "false")], 0),
            Decision::Stop(StopReason::ServerSaidNo)
        );
        assert!(matches!(
            decide(400, &[("x-should-retry", "true")], 0),
            Decision::Retry(_)
        ));
        assert_eq!(
            decide(503, &[("x-upstream-retries", "2")], 0),
            Decision::Stop(StopReason::UpstreamRetried)
        );
        assert!(matches!(
            decide(503, &[("x-upstream-retries", "0")], 0),
            Decision::Retry(_)
        ));
        // Only the headers the spec names count.
        assert!(matches!(
            decide(503, &[("x-other-retries", "3")], 0),
            Decision::Retry(_)
        ));
    }

    #[test]
    fn waits_come_from_the_server_when_it_says() {
        assert_eq!(
            decide(429, &[("retry-after", "1")], 0),
            Decision::Retry(Duration::from_secs(1))
        );
        assert_eq!(
            decide(429, &[("retry-after", "1.5")], 0),
            Decision::Retry(Duration::from_millis(1500))
        );
        assert_eq!(
            decide(429, &[("retry-after-ms", "250"), ("retry-after", "30")], 0),
            Decision::Retry(Duration::from_millis(250))
        );
        // An HTTP date 3 s after "now" (the epoch here).
        assert_eq!(
            decide(503, &[("retry-after", "Thu, 01 Jan 1970 00:00:03 GMT")], 0),
            Decision::Retry(Duration::from_secs(3))
        );
        assert_eq!(
            decide(429, &[("retry-after", "61")], 0),
            Decision::Stop(StopReason::WaitTooLong)
        );
        // Garbage falls back to backoff.
        assert_eq!(
            decide(429, &[("retry-after", "soon")], 1),
            Decision::Retry(Duration::from_secs(1))
        );
    }

    #[test]
    fn backoff_grows_caps_and_jitters() {
        assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(4, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(30, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(0, 0.999_999).as_millis(), 375);
        assert!(backoff(2, 0.5) < backoff(2, 0.0));
    }

    #[test]
    fn transport_errors_retry_until_out() {
        assert_eq!(
            after_transport_error(0, &POLICY, 0.0),
            Decision::Retry(Duration::from_millis(500))
        );
        assert_eq!(
            after_transport_error(2, &POLICY, 0.0),
            Decision::Stop(StopReason::OutOfRetries)
        );
    }
}
