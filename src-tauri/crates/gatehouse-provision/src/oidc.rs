//! The Access for SaaS application's OIDC endpoints: built from the team domain and client ID as
//! Cloudflare's "Generic OIDC application" guide gives them, then confirmed through discovery.

use std::time::{Duration, Instant};

use gatehouse_cloudflare::is_loopback_host;
use serde::Deserialize;
use url::Url;

use crate::state::OidcEndpoints;
use crate::{ProvisionError, Result};

/// `https://<auth_domain>/cdn-cgi/access/sso/oidc/<client_id>`; http only when the team domain is
/// this computer (the local Cloudflare).
pub fn issuer_for(auth_domain: &str, client_id: &str) -> String {
    let host = auth_domain.split(':').next().unwrap_or_default();
    let scheme = if is_loopback_host(host) {
        "http"
    } else {
        "https"
    };
    format!("{scheme}://{auth_domain}/cdn-cgi/access/sso/oidc/{client_id}")
}

/// A URL the app may fetch: https, or http on this computer.
pub fn acceptable_url(value: &str) -> Option<Url> {
    let url = Url::parse(value.trim()).ok()?;
    let loopback = url.host_str().map(is_loopback_host).unwrap_or(false);
    match url.scheme() {
        "https" => Some(url),
        "http" if loopback => Some(url),
        _ => None,
    }
}

/// The discovery document's URL for an issuer or a pasted "Configuration endpoint".
pub fn discovery_url(issuer_or_discovery: &str) -> Result<Url> {
    let invalid = || ProvisionError::Discovery {
        url: issuer_or_discovery.to_string(),
        reason: "it is not an https:// URL".into(),
    };
    let mut url = acceptable_url(issuer_or_discovery).ok_or_else(invalid)?;
    if !url.path().ends_with("/.well-known/openid-configuration") {
        let path = format!(
            "{}/.well-known/openid-configuration",
            url.path().trim_end_matches('/')
        );
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

/// How long a just-created application's discovery document gets to appear: Access publishes it a
/// moment after the create answers.
pub const NEW_APP_PATIENCE: Duration = Duration::from_secs(8);
/// The first wait; it doubles up to [`MAX_WAIT`].
const FIRST_WAIT: Duration = Duration::from_millis(250);
const MAX_WAIT: Duration = Duration::from_secs(2);

/// Fetches the discovery document and checks that it names endpoints the Worker can use.
/// `expected_issuer`, when given, must match (the issuer comes from discovery, never guessed).
pub async fn discover(
    http: &reqwest::Client,
    issuer_or_discovery: &str,
    expected_issuer: Option<&str>,
) -> Result<OidcEndpoints> {
    discover_within(http, issuer_or_discovery, expected_issuer, Duration::ZERO).await
}

/// [`discover`], asking again with backoff for up to `patience` while the document is not there yet
/// (404, a 5xx, no connection); any other answer decides at once.
pub async fn discover_within(
    http: &reqwest::Client,
    issuer_or_discovery: &str,
    expected_issuer: Option<&str>,
    patience: Duration,
) -> Result<OidcEndpoints> {
    let url = discovery_url(issuer_or_discovery)?;
    let fail = |reason: String| ProvisionError::Discovery {
        url: url.to_string(),
        reason,
    };
    let deadline = Instant::now() + patience;
    let mut wait = FIRST_WAIT;
    let response = loop {
        let (not_yet, reason) = match http
            .get(url.clone())
            .header("accept", "application/json")
            .send()
            .await
        {
            Ok(response) if response.status().is_success() => break response,
            Ok(response) => {
                let status = response.status();
                (
                    status.as_u16() == 404 || status.is_server_error(),
                    format!("it answered HTTP {}", status.as_u16()),
                )
            }
            Err(e) => (
                true,
                format!("it could not be reached ({})", without_url(&e)),
            ),
        };
        let now = Instant::now();
        if !not_yet || now + wait > deadline {
            return Err(fail(reason));
        }
        tracing::debug!("discovery at {url}: {reason}; asking again");
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(MAX_WAIT);
    };
    let doc: Discovery = response
        .json()
        .await
        .map_err(|_| fail("it is not an OpenID configuration document".into()))?;
    if let Some(expected) = expected_issuer {
        if doc.issuer.trim_end_matches('/') != expected.trim_end_matches('/') {
            return Err(fail(format!(
                "it names the issuer {} instead of {expected}",
                doc.issuer
            )));
        }
    }
    for (what, value) in [
        ("authorization endpoint", &doc.authorization_endpoint),
        ("token endpoint", &doc.token_endpoint),
        ("JWKS URL", &doc.jwks_uri),
    ] {
        if acceptable_url(value).is_none() {
            return Err(fail(format!("its {what} ({value}) is not an https URL")));
        }
    }
    if !doc.token_endpoint.trim_end_matches('/').ends_with("/token") {
        return Err(fail(
            "its token endpoint does not end in /token, so it is not a Cloudflare Access application".into(),
        ));
    }
    Ok(OidcEndpoints {
        issuer: doc.issuer,
        authorization: doc.authorization_endpoint,
        token: doc.token_endpoint,
        jwks: doc.jwks_uri,
    })
}

/// reqwest's errors can carry the URL; ours name it already.
fn without_url(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "connection failed".into()
    } else {
        "request failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A discovery endpoint that answers 404 `missing` times, then the document.
    async fn appears_after(
        missing: usize,
    ) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/oidc/abc", listener.local_addr().unwrap());
        let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (issuer, count) = (base.clone(), asked.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut buf = [0u8; 2048];
                let _ = socket.read(&mut buf).await;
                let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let reply = if n < missing {
                    "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        .to_string()
                } else {
                    let body = serde_json::json!({
                        "issuer": issuer,
                        "authorization_endpoint": format!("{issuer}/authorization"),
                        "token_endpoint": format!("{issuer}/token"),
                        "jwks_uri": format!("{issuer}/jwks"),
                    })
                    .to_string();
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
                };
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        });
        (base, asked)
    }

    #[tokio::test]
    async fn a_new_apps_document_is_waited_for_a_bounded_time() {
        let http = reqwest::Client::new();
        let (issuer, asked) = appears_after(2).await;
        let found = discover_within(&http, &issuer, Some(&issuer), NEW_APP_PATIENCE)
            .await
            .expect("found after two 404s");
        assert_eq!(found.issuer, issuer);
        assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 3);

        // Without patience the first 404 decides; with little, it gives up in time.
        let (issuer, _) = appears_after(100).await;
        assert!(discover(&http, &issuer, None).await.is_err());
        let started = Instant::now();
        let e = discover_within(&http, &issuer, None, Duration::from_secs(1))
            .await
            .expect_err("never appears");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(e.to_string().contains("HTTP 404"), "{e}");
    }

    #[test]
    fn the_issuer_follows_the_guide_and_the_local_stand_in() {
        assert_eq!(
            issuer_for("team.cloudflareaccess.com", "abc"),
            "https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/abc"
        );
        assert_eq!(
            issuer_for("127.0.0.1:4000", "abc"),
            "http://127.0.0.1:4000/cdn-cgi/access/sso/oidc/abc"
        );
    }

    #[test]
    fn discovery_urls_accept_issuers_and_configuration_endpoints() {
        let issuer = "https://t.cloudflareaccess.com/cdn-cgi/access/sso/oidc/abc";
        let expected = format!("{issuer}/.well-known/openid-configuration");
        assert_eq!(discovery_url(issuer).unwrap().as_str(), expected);
        assert_eq!(discovery_url(&expected).unwrap().as_str(), expected);
        assert_eq!(
            discovery_url(&format!(" {issuer}/ ")).unwrap().as_str(),
            expected
        );
        assert!(discovery_url("http://t.cloudflareaccess.com/x").is_err());
        assert!(discovery_url("javascript:alert(1)").is_err());
        assert!(discovery_url("http://127.0.0.1:9/x").is_ok());
    }
}
