//! The transport: bearer auth, one logged line per request, retries (never of a create that may
//! have been carried out), pagination.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gatehouse_auth::Sensitive;
use reqwest::header::RETRY_AFTER;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::base_url::{check_base_url, is_loopback_url};
use crate::envelope::{decode, Answer};
use crate::operations::Operation;
use crate::retry::{parse_retry_after, retryable_status, RetryPolicy};
use crate::{CloudflareError, Result};

/// The real Cloudflare API.
pub const DEFAULT_API_BASE: &str = "https://api.cloudflare.com/client/v4";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Long enough for a 2 MB Worker upload on a slow line.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Idle connections are not reused after this long. Servers close idle connections on their own
/// schedule (Node's default is 5 s); a request written as the server closes its connection fails
/// with no way to know whether it was carried out, and a create cannot be sent again then.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(4);

/// A client for one API base URL and one token. Clones share the connection pool and the call
/// counter.
#[derive(Clone)]
pub struct CloudflareApi {
    inner: Arc<Inner>,
    retry: RetryPolicy,
}

struct Inner {
    base: Url,
    token: Sensitive<String>,
    http: reqwest::Client,
    calls: AtomicU64,
}

impl std::fmt::Debug for CloudflareApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudflareApi")
            .field("base", &self.inner.base.as_str())
            .field("token", &self.inner.token)
            .field("retry", &self.retry)
            .finish()
    }
}

/// A request's body.
pub(crate) enum Body<'a> {
    None,
    Json(Value),
    /// Built afresh for every attempt: sending a multipart form consumes it.
    Multipart(&'a (dyn Fn() -> Result<reqwest::multipart::Form> + Send + Sync)),
}

/// How one attempt ended, when it did not end in an answer to decode.
enum Failed {
    /// Worth another attempt: 429/5xx (with its `Retry-After`) or no answer at all.
    Retry {
        status: Option<u16>,
        retry_after: Option<Duration>,
    },
    /// Not worth another attempt.
    Final(CloudflareError),
}

impl CloudflareApi {
    /// `base` must be https, or http on a loopback address (the local Cloudflare).
    pub fn new(base: &str, token: Sensitive<String>) -> Result<Self> {
        let base = check_base_url(base)?;
        let mut http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .user_agent(concat!("gatehouse/", env!("CARGO_PKG_VERSION")));
        if is_loopback_url(&base) {
            // The token travels in clear to the local Cloudflare: never through a proxy.
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| CloudflareError::InvalidBaseUrl(format!("Could not set up HTTPS: {e}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                base,
                token,
                http,
                calls: AtomicU64::new(0),
            }),
            retry: RetryPolicy::default(),
        })
    }

    /// The same client (same connections and call counter) with another retry policy.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    pub fn base(&self) -> &Url {
        &self.inner.base
    }

    /// The API is on this computer: the local Cloudflare.
    pub fn is_loopback(&self) -> bool {
        is_loopback_url(&self.inner.base)
    }

    /// HTTP requests sent so far by this client and its clones, retries included.
    pub fn calls_made(&self) -> u64 {
        self.inner.calls.load(Ordering::Relaxed)
    }

    /// The base URL with these path segments added, each percent-encoded (an id holding `/`
    /// or `..` stays one segment).
    fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Url {
        let mut url = self.inner.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// A read: the operation's result.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        op: &Operation,
        segments: &[&str],
    ) -> Result<T> {
        let answer = self
            .call(op, Method::GET, segments, &[], Body::None)
            .await?;
        Ok(answer.result)
    }

    /// A read of one resource: `None` when Cloudflare answers that it does not exist.
    pub(crate) async fn get_if_exists<T: DeserializeOwned>(
        &self,
        op: &Operation,
        segments: &[&str],
    ) -> Result<Option<T>> {
        match self.get(op, segments).await {
            Ok(result) => Ok(Some(result)),
            Err(CloudflareError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// One operation: sent, retried on 429, 5xx and failed connections, decoded.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        op: &Operation,
        method: Method,
        segments: &[&str],
        query: &[(&str, String)],
        body: Body<'_>,
    ) -> Result<Answer<T>> {
        let url = self.url(segments, query);
        let max_attempts = self.retry.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let failed = match self.attempt(op, &method, &url, &body).await {
                Ok((status, bytes)) => return decode(op, status, &bytes),
                Err(failed) => failed,
            };
            match failed {
                Failed::Final(e) => return Err(e),
                Failed::Retry {
                    status,
                    retry_after,
                } => {
                    if attempt >= max_attempts {
                        return Err(CloudflareError::Unavailable {
                            operation: op.id,
                            status,
                            attempts: attempt,
                        });
                    }
                    tokio::time::sleep(self.retry.delay(attempt, retry_after)).await;
                }
            }
        }
    }

    /// One HTTP request; logs `method path -> status (ms)` and nothing else.
    async fn attempt(
        &self,
        op: &Operation,
        method: &Method,
        url: &Url,
        body: &Body<'_>,
    ) -> std::result::Result<(u16, bytes::Bytes), Failed> {
        let mut request = self
            .inner
            .http
            .request(method.clone(), url.clone())
            .bearer_auth(self.inner.token.expose());
        request = match body {
            Body::None => request,
            Body::Json(value) => request.json(value),
            Body::Multipart(build) => request.multipart(build().map_err(Failed::Final)?),
        };
        self.inner.calls.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let path = url.path();
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                let ms = started.elapsed().as_millis();
                tracing::debug!("{method} {path} -> no answer ({ms} ms)");
                return Err(transport_failure(op, method, &e));
            }
        };
        let status = response.status().as_u16();
        let retry_after = parse_retry_after(
            response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
        );
        let bytes = response.bytes().await;
        let ms = started.elapsed().as_millis();
        tracing::debug!("{method} {path} -> {status} ({ms} ms)");
        // A create that failed on Cloudflare's side may have been carried out all the same:
        // sending it again could make a second one. 429 means it was not carried out.
        if *method == Method::POST && status >= 500 {
            return Err(Failed::Final(CloudflareError::Uncertain {
                operation: op.id,
                status,
            }));
        }
        if retryable_status(status) {
            return Err(Failed::Retry {
                status: Some(status),
                retry_after,
            });
        }
        match bytes {
            Ok(bytes) => Ok((status, bytes)),
            Err(e) => Err(transport_failure(op, method, &e)),
        }
    }
}

/// A request that got no (complete) answer. A failed connection never reached Cloudflare, so any
/// call may be repeated; after a timeout or a dropped connection the request may have been
/// carried out, so only calls that are safe to repeat (GET, PUT, DELETE) are.
fn transport_failure(op: &Operation, method: &Method, e: &reqwest::Error) -> Failed {
    let idempotent = *method != Method::POST;
    if e.is_connect() || (idempotent && (e.is_timeout() || e.is_request() || e.is_body())) {
        return Failed::Retry {
            status: None,
            retry_after: None,
        };
    }
    let message = if e.is_timeout() {
        "no answer in time; it may or may not have been carried out"
    } else {
        "the connection broke off; the request may or may not have been carried out"
    };
    Failed::Final(CloudflareError::Network {
        operation: op.id,
        message: message.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(base: &str) -> CloudflareApi {
        CloudflareApi::new(base, Sensitive::new("tok-SECRET-123456".into())).expect("valid base")
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let api = api(DEFAULT_API_BASE);
        let debug = format!("{api:?}");
        assert!(!debug.contains("tok-SECRET-123456"), "{debug}");
        assert!(debug.contains("<redacted>"));
    }

    #[test]
    fn paths_are_built_segment_by_segment() {
        let api = api(DEFAULT_API_BASE);
        assert_eq!(
            api.url(&["accounts"], &[]).as_str(),
            "https://api.cloudflare.com/client/v4/accounts"
        );
        assert_eq!(
            api.url(&["accounts", "a/../b?c", "x"], &[("force", "true".into())])
                .as_str(),
            "https://api.cloudflare.com/client/v4/accounts/a%2F..%2Fb%3Fc/x?force=true"
        );
        let slash = self::api("http://127.0.0.1:8787/client/v4/");
        assert_eq!(
            slash.url(&["user", "tokens", "verify"], &[]).as_str(),
            "http://127.0.0.1:8787/client/v4/user/tokens/verify"
        );
        assert!(slash.is_loopback() && !api.is_loopback());
    }

    #[test]
    fn with_retry_keeps_the_counter() {
        let api = api(DEFAULT_API_BASE);
        let fast = api.clone().with_retry(RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        });
        api.inner.calls.fetch_add(3, Ordering::Relaxed);
        assert_eq!(fast.calls_made(), 3);
        assert_eq!(fast.retry.max_attempts, 2);
    }

    #[tokio::test]
    async fn a_refused_connection_is_retried_then_unavailable() {
        // Bind then drop: nothing listens on this port afterwards.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let api = api(&format!("http://127.0.0.1:{port}/client/v4")).with_retry(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        });
        let e = api
            .create_kv_namespace("acc", "t")
            .await
            .expect_err("nobody listens");
        assert!(
            matches!(
                e,
                CloudflareError::Unavailable {
                    status: None,
                    attempts: 3,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(api.calls_made(), 3);
    }
}
