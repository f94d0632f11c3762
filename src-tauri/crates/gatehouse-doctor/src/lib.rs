//! The connection doctor: a list of checks that say why a connection or a login to a remote MCP
//! server fails, each with what it found and what to do, in plain language.
//!
//! The checks go down the stack: proxy, name resolution, TCP, TLS, what the MCP endpoint
//! answers, the server's clock, then — when the server asks for a login — its challenge, its
//! protected-resource metadata, its authorization server's metadata, how Gatehouse can register,
//! whether the app link is accepted as a redirect, and the scopes. A Gatehouse deployment adds
//! its own audit through [`DeploymentAudit`]. The app and `gatehouse-cli doctor` show the same
//! [`DoctorReport`].

mod audit;
mod check;
mod network;
mod oauth;
mod probe;
mod render;

use std::sync::Arc;
use std::time::Duration;

pub use audit::{AuditDone, DeploymentAudit};
pub use gatehouse_ipc::{CheckStatus, DoctorCheck, DoctorReport};
pub use network::ProxySettings;
pub use render::render_text;
use url::Url;

/// The redirect URI of the app's private-use scheme, checked at registration.
pub const APP_REDIRECT_URI: &str = "dev.gatehouse.app:/oauth/callback";

/// The scopes a login asked for and, once it finished, the scopes granted.
#[derive(Debug, Clone, Default)]
pub struct ScopesSeen {
    pub asked: Vec<String>,
    /// `None` when the token answer did not say (then the asked scopes were granted).
    pub granted: Option<Vec<String>>,
}

/// How to check.
#[derive(Clone)]
pub struct DoctorOptions {
    /// Certificates (PEM) to trust besides the system's: a company's own authority, or a test's.
    pub extra_roots_pem: Vec<u8>,
    pub proxy: ProxySettings,
    /// The saved server's own headers, sent with the MCP request.
    pub headers: Vec<(String, String)>,
    /// The last login's scopes, when there was one.
    pub last_login: Option<ScopesSeen>,
    /// The deployment audit, when the app or CLI has one.
    pub audit: Option<Arc<dyn DeploymentAudit>>,
    /// How long one connection or request may take.
    pub timeout: Duration,
    /// Whether to try registering (dynamic registration) to see which redirect URIs are accepted.
    pub try_registration: bool,
}

impl Default for DoctorOptions {
    fn default() -> Self {
        Self {
            extra_roots_pem: Vec::new(),
            proxy: ProxySettings::from_env(),
            headers: Vec::new(),
            last_login: None,
            audit: None,
            timeout: Duration::from_secs(10),
            try_registration: true,
        }
    }
}

/// Runs every check against `url` (the MCP endpoint) and reports them in order.
pub async fn diagnose(url: &str, options: &DoctorOptions) -> DoctorReport {
    let checked_at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let checks = match Url::parse(url.trim()) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {
            run(&parsed, options).await
        }
        _ => vec![check::fail(
            "url",
            "Server address",
            format!("“{url}” is not a web address."),
            "Enter the MCP endpoint's full address, e.g. https://mcp.example.com/mcp.",
        )],
    };
    DoctorReport {
        url: url.to_string(),
        checked_at,
        checks,
    }
}

async fn run(url: &Url, options: &DoctorOptions) -> Vec<DoctorCheck> {
    let mut checks = Vec::new();
    let reachable = network::check_network(url, options, &mut checks).await;
    if !reachable {
        for (id, title) in probe::TITLES.iter().chain(oauth::TITLES) {
            checks.push(check::skip(
                id,
                title,
                "Not checked: the server could not be reached.",
            ));
        }
        checks.push(audit::run(url, options).await);
        return checks;
    }
    let http = match network::http_client(options) {
        Ok(http) => http,
        Err(reason) => {
            checks.push(check::fail(
                "http",
                "HTTP client",
                reason,
                "Check the proxy settings and the extra certificates.",
            ));
            return checks;
        }
    };
    let answer = probe::check_endpoint(&http, url, options, &mut checks).await;
    match answer.and_then(|a| a.challenge) {
        Some(challenge) => {
            oauth::check_login(&http, url, &challenge, options, &mut checks).await;
        }
        None => {
            for (id, title) in oauth::TITLES {
                checks.push(check::skip(
                    id,
                    title,
                    "Not checked: the server did not ask for a login.",
                ));
            }
        }
    }
    checks.push(audit::run(url, options).await);
    checks
}
