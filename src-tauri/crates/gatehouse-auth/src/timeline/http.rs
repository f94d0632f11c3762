//! The HTTP client handed to rmcp's OAuth code: it records every request and answer in the
//! timeline (secrets shortened), holds each request in guided mode until the user sends it,
//! and keeps rmcp's address policy: a host named by a server's metadata may reach this
//! computer or the private network only when the MCP server's own address is of that kind.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use rmcp::transport::auth::{
    OAuthHttpClient, OAuthHttpClientError, OAuthHttpClientFuture, OAuthHttpRedirectPolicy,
    OAuthHttpRequest,
};
use url::{Host, Url};

use super::Purpose;

const TIMEOUT: Duration = Duration::from_secs(30);
const MAX_BODY: usize = 1024 * 1024;
const MAX_REDIRECTS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Public,
    Loopback,
    Private,
    Blocked,
}

fn class_of(ip: IpAddr) -> Class {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if v4.is_loopback() {
                Class::Loopback
            } else if v4.is_private() || (o[0] == 100 && (64..=127).contains(&o[1])) {
                Class::Private
            } else if v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || o[0] >= 240
            {
                Class::Blocked
            } else {
                Class::Public
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_loopback() {
                Class::Loopback
            } else if first & 0xfe00 == 0xfc00 {
                Class::Private
            } else if v6.is_unspecified() || v6.is_multicast() || first & 0xffc0 == 0xfe80 {
                Class::Blocked
            } else {
                Class::Public
            }
        }
    }
}

/// Which address classes the OAuth requests of one MCP server may reach.
#[derive(Clone)]
struct Policy {
    allowed: Vec<Class>,
    /// Proxy hosts are resolved for the proxy, not for the target: not filtered.
    proxies: Vec<String>,
}

impl Policy {
    fn for_server(url: &Url) -> Self {
        let allowed = match url.host() {
            Some(Host::Ipv4(v4)) => vec![class_of(IpAddr::V4(v4))],
            Some(Host::Ipv6(v6)) => vec![class_of(IpAddr::V6(v6))],
            Some(Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => vec![Class::Loopback],
            _ => Vec::new(),
        };
        let proxies = [
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
        ]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .filter_map(|p| {
            let p = if p.contains("://") {
                p
            } else {
                format!("http://{p}")
            };
            Url::parse(&p).ok()?.host_str().map(str::to_ascii_lowercase)
        })
        .collect();
        Self { allowed, proxies }
    }

    fn allows(&self, ip: IpAddr) -> bool {
        match class_of(ip) {
            Class::Public => true,
            Class::Blocked => false,
            class => self.allowed.contains(&class),
        }
    }

    fn allows_url(&self, url: &Url) -> bool {
        match url.host() {
            Some(Host::Ipv4(v4)) => self.allows(IpAddr::V4(v4)),
            Some(Host::Ipv6(v6)) => self.allows(IpAddr::V6(v6)),
            _ => true,
        }
    }
}

impl Resolve for Policy {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.clone();
        Box::pin(async move {
            let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if policy.proxies.contains(&host) {
                return Ok(Box::new(found.into_iter()) as Addrs);
            }
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| policy.allows(a.ip()))
                .collect();
            if allowed.is_empty() {
                tracing::warn!(%host, "no address of this host is allowed for OAuth requests");
                return Err(
                    format!("no address of `{host}` is allowed for this server's login").into(),
                );
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// Records the OAuth requests of one MCP server.
pub(crate) struct RecordingClient {
    server: Url,
    purpose: Purpose,
    policy: Policy,
    follow: reqwest::Client,
    stop: reqwest::Client,
}

impl RecordingClient {
    pub(crate) fn new(server: &Url, purpose: Purpose) -> Result<Self, reqwest::Error> {
        let policy = Policy::for_server(server);
        let redirect_policy = policy.clone();
        let follow = reqwest::redirect::Policy::custom(move |attempt| {
            if !redirect_policy.allows_url(attempt.url()) {
                let refused = format!("redirect to {} is not allowed", attempt.url());
                attempt.error(refused)
            } else if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        });
        let build = |redirect| {
            reqwest::Client::builder()
                .timeout(TIMEOUT)
                .redirect(redirect)
                .dns_resolver(Arc::new(policy.clone()))
                .build()
        };
        Ok(Self {
            server: server.clone(),
            purpose,
            follow: build(follow)?,
            stop: build(reqwest::redirect::Policy::none())?,
            policy,
        })
    }
}

impl OAuthHttpClient for RecordingClient {
    fn execute(&self, request: OAuthHttpRequest) -> OAuthHttpClientFuture<'_> {
        Box::pin(async move {
            let OAuthHttpRequest {
                request,
                redirect_policy,
                ..
            } = request;
            let step = super::request_started(&self.server, self.purpose, &request).await;
            let outcome = self.send(request, redirect_policy).await;
            super::request_finished(&self.server, step, &outcome);
            outcome
        })
    }
}

impl RecordingClient {
    /// Sends a request Gatehouse makes itself (dynamic registration) through the same address
    /// policy, recorded like the library's own; a redirect is returned, not followed.
    pub(crate) async fn send_recorded(
        &self,
        request: oauth2::HttpRequest,
    ) -> Result<oauth2::HttpResponse, OAuthHttpClientError> {
        let step = super::request_started(&self.server, self.purpose, &request).await;
        let outcome = self.send(request, OAuthHttpRedirectPolicy::Stop).await;
        super::request_finished(&self.server, step, &outcome);
        outcome
    }

    async fn send(
        &self,
        request: oauth2::HttpRequest,
        redirect_policy: OAuthHttpRedirectPolicy,
    ) -> Result<oauth2::HttpResponse, OAuthHttpClientError> {
        let client = match redirect_policy {
            OAuthHttpRedirectPolicy::Stop => &self.stop,
            _ => &self.follow,
        };
        let request = reqwest::Request::try_from(request)?;
        if !self.policy.allows_url(request.url()) {
            return Err(format!(
                "{} is not an address this server's login may reach",
                request.url()
            )
            .into());
        }
        let response = client.execute(request).await?;
        let mut builder = oauth2::http::Response::builder()
            .status(response.status())
            .version(response.version());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let mut body = Vec::new();
        let mut response = response;
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err("the answer is too large".into());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(builder.body(body)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_hosts_reach_inside_only_for_a_server_inside() {
        let public = Policy::for_server(&Url::parse("https://mcp.example.com/mcp").unwrap());
        assert!(public.allows("93.184.216.34".parse().unwrap()));
        for inside in [
            "127.0.0.1",
            "10.0.0.9",
            "169.254.169.254",
            "::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!public.allows(inside.parse().unwrap()), "{inside}");
        }
        let local = Policy::for_server(&Url::parse("http://127.0.0.1:8787/mcp").unwrap());
        assert!(local.allows("127.0.0.1".parse().unwrap()));
        assert!(!local.allows("10.0.0.9".parse().unwrap()));
        assert!(!local.allows("169.254.169.254".parse().unwrap()));
        assert!(!public.allows_url(&Url::parse("http://169.254.169.254/latest").unwrap()));
    }
}
