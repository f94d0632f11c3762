//! When to try a call again, and how long to wait first.

use std::time::Duration;

use rand::Rng as _;

/// Retries of 429, 500, 502, 503, 504 and failed connections: exponential backoff with jitter,
/// unless the server sends `Retry-After`, which wins (capped at `max_delay`). A create (POST) is
/// retried only after 429 or a failed connection, when it was certainly not carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (0 counts as 1).
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles for each attempt after that.
    pub base_delay: Duration,
    /// No wait is longer, `Retry-After` included.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// No retries: one attempt per call.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait after attempt number `attempt` (counted from 1) failed.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let full = self.base_delay.saturating_mul(factor).min(self.max_delay);
        // A random wait between half and all of it keeps parallel calls from retrying in step.
        let half = full / 2;
        let spread = u64::try_from((full - half).as_micros()).unwrap_or(u64::MAX);
        half + Duration::from_micros(rand::rng().random_range(0..=spread))
    }
}

/// Whether an answer with this status is worth another attempt.
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` in seconds, as Cloudflare sends it (the HTTP-date form is ignored).
pub(crate) fn parse_retry_after(value: Option<&str>) -> Option<Duration> {
    let seconds: f64 = value?.trim().parse().ok()?;
    if seconds.is_finite() && seconds >= 0.0 {
        // Far beyond any max_delay; keeps from_secs_f64 from panicking on huge values.
        Some(Duration::from_secs_f64(seconds.min(86_400.0)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(p.delay(4, Some(Duration::ZERO)), Duration::ZERO);
        assert_eq!(p.delay(1, Some(Duration::from_secs(600))), p.max_delay);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stays_under_the_cap() {
        let p = RetryPolicy::default();
        for attempt in 1..40 {
            let d = p.delay(attempt, None);
            let full = p
                .base_delay
                .saturating_mul(2u32.saturating_pow(attempt - 1))
                .min(p.max_delay);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(parse_retry_after(Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after(Some(" 0.5 ")),
            Some(Duration::from_millis(500))
        );
        assert_eq!(parse_retry_after(Some("0")), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(Some("1e300")),
            Some(Duration::from_secs(86_400))
        );
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(Some("-1")), None);
        assert_eq!(parse_retry_after(Some("NaN")), None);
        assert_eq!(parse_retry_after(Some("")), None);
        assert_eq!(parse_retry_after(None), None);
    }

    #[test]
    fn only_overload_and_server_errors_are_retried() {
        for s in [429, 500, 502, 503, 504] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 409, 501, 505] {
            assert!(!retryable_status(s), "{s}");
        }
    }
}
