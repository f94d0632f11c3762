//! A small MCP server with its own OAuth authorization server, on 127.0.0.1, for what the
//! project's Worker cannot be made to do: refuse private-use redirect URIs at registration, hand
//! out tokens that expire within seconds, ask for a scope step-up, paginate a long tool list, and
//! count refreshes and revocations.
//!
//! - `/.well-known/oauth-protected-resource/mcp` (RFC 9728) and
//!   `/.well-known/oauth-authorization-server` (RFC 8414);
//! - `POST /register` (RFC 7591), `GET /authorize` (auto-approves; PKCE S256 required; answers with
//!   `iss`, RFC 9207), `POST /token` (authorization code with PKCE, refresh token), `POST /revoke`
//!   (RFC 7009);
//! - `/mcp`: rmcp's Streamable HTTP server behind a bearer check: 401 with a challenge for a
//!   missing, unknown or expired token; 403 `insufficient_scope` for `admin_action` without the
//!   `admin` scope.
//!
//! Faults for the client's edge cases: a hostile `authorization_endpoint`, a pre-registered
//! confidential client, refreshes answered with an error, a slow `/mcp` or session `DELETE`, and
//! a revocation endpoint that never answers.

mod authorization;
mod mcp;
mod token;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use authorization::{authorization_server_metadata, authorize, register, resource_metadata};
use mcp::{require_token, Tools};
use token::{revoke, token};

/// How many tools the MCP server has, and how many one `tools/list` page holds.
pub const TOOL_COUNT: usize = 120;
pub const PAGE_SIZE: usize = 50;

/// What the server does; each test sets what it exercises.
#[derive(Debug, Clone)]
pub struct Config {
    /// Registration refuses redirect URIs that are not http(s), as some servers do.
    pub refuse_private_use_redirects: bool,
    /// Lifetime of access tokens.
    pub access_token_ttl_secs: u64,
    /// `scopes_supported` of the protected resource metadata, and the `scope` of the 401 challenge.
    pub resource_scopes: Vec<String>,
    /// Published as the `authorization_endpoint` instead of `<base>/authorize`.
    pub authorization_endpoint: Option<String>,
    /// A client registered out of band (id, secret): its token and revocation requests must
    /// authenticate with HTTP Basic.
    pub confidential_client: Option<(String, String)>,
    /// Every refresh is answered with this OAuth error (HTTP 400).
    pub refresh_error: Option<String>,
    /// Every request to `/mcp` waits this long first.
    pub mcp_delay: Option<Duration>,
    /// A session's `DELETE` waits this long before it is answered.
    pub delete_delay: Option<Duration>,
    /// `POST /revoke` never answers.
    pub revocation_hangs: bool,
    /// The protected resource metadata is only at `/custom/resource-metadata.json`, which the
    /// challenge names; the well-known path has none. The authorization server is then
    /// `<base>/tenant` (metadata at `/.well-known/oauth-authorization-server/tenant`, endpoints
    /// under `/tenant`), which nothing at the server's root leads to.
    pub custom_metadata_path: bool,
    /// The authorization server allows only this token endpoint authentication
    /// (`client_secret_basic` or `client_secret_post`): it refuses to register a public client,
    /// gives each registration a secret, and requires it on every token request.
    pub token_auth_method: Option<&'static str>,
    /// The authorization server accepts Client ID Metadata Documents: an https client id with a
    /// path is a public client (this server trusts it without fetching it).
    pub client_metadata_documents: bool,
}

/// Where the protected resource metadata is with [`Config::custom_metadata_path`].
pub const CUSTOM_METADATA_PATH: &str = "/custom/resource-metadata.json";

impl Default for Config {
    fn default() -> Self {
        Self {
            refuse_private_use_redirects: false,
            access_token_ttl_secs: 3600,
            resource_scopes: vec!["read".into()],
            authorization_endpoint: None,
            confidential_client: None,
            refresh_error: None,
            mcp_delay: None,
            delete_delay: None,
            revocation_hangs: false,
            custom_metadata_path: false,
            token_auth_method: None,
            client_metadata_documents: false,
        }
    }
}

/// What the server saw, for the tests to check.
#[derive(Default)]
pub struct Counters {
    pub registrations: AtomicUsize,
    pub refused_registrations: AtomicUsize,
    pub authorizations: AtomicUsize,
    pub code_exchanges: AtomicUsize,
    pub refreshes: AtomicUsize,
    pub revocations: AtomicUsize,
    /// Revocations authenticated with the confidential client's secret.
    pub authenticated_revocations: AtomicUsize,
    /// Token requests refused for a missing or wrong client secret.
    pub refused_client_auth: AtomicUsize,
    /// 401s sent by `/mcp`.
    pub unauthorized: AtomicUsize,
    /// 403s sent by `/mcp`.
    pub forbidden: AtomicUsize,
    /// `tools/list` pages served.
    pub tool_pages: AtomicUsize,
}

fn count(counter: &AtomicUsize) -> usize {
    counter.load(Ordering::SeqCst)
}

struct PendingCode {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    scope: String,
}

struct AccessGrant {
    scope: String,
    expires_at: Instant,
    /// The refresh token this access token came with: revoking one revokes the other.
    family: String,
}

struct RefreshGrant {
    client_id: String,
    scope: String,
    family: String,
}

#[derive(Default)]
struct Store {
    clients: HashMap<String, Vec<String>>,
    /// The secret of each registration made with [`Config::token_auth_method`].
    secrets: HashMap<String, String>,
    /// The `token_endpoint_auth_method` each registration asked for.
    requested_auth_methods: Vec<String>,
    /// The client id of every authorization granted.
    authorized_clients: Vec<String>,
    codes: HashMap<String, PendingCode>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
}

struct Shared {
    base: String,
    config: Config,
    counters: Counters,
    store: Mutex<Store>,
}

impl Shared {
    /// Where the authorization server's endpoints are, under the base.
    fn prefix(&self) -> &'static str {
        if self.config.custom_metadata_path {
            "/tenant"
        } else {
            ""
        }
    }

    fn issuer(&self) -> String {
        format!("{}{}", self.base, self.prefix())
    }

    fn resource_metadata_url(&self) -> String {
        if self.config.custom_metadata_path {
            return format!("{}{CUSTOM_METADATA_PATH}", self.base);
        }
        format!("{}/.well-known/oauth-protected-resource/mcp", self.base)
    }
}

/// The running server; stops when dropped.
pub struct OAuthServer {
    /// `http://127.0.0.1:PORT`, also the issuer.
    pub base: String,
    /// The MCP endpoint, `<base>/mcp`.
    pub mcp: String,
    shared: Arc<Shared>,
    stop: CancellationToken,
}

impl Drop for OAuthServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl OAuthServer {
    pub async fn start(config: Config) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let mut store = Store::default();
        if let Some((id, _)) = &config.confidential_client {
            store.clients.insert(id.clone(), vec![APP_REDIRECT.into()]);
        }
        let shared = Arc::new(Shared {
            base: base.clone(),
            config,
            counters: Counters::default(),
            store: Mutex::new(store),
        });
        let stop = CancellationToken::new();

        let tools = Tools {
            shared: shared.clone(),
        };
        let mcp = StreamableHttpService::new(
            move || Ok(tools.clone()),
            Arc::new(LocalSessionManager::default()),
            StreamableHttpServerConfig::default()
                .with_sse_keep_alive(None)
                .with_cancellation_token(stop.child_token()),
        );
        let protected =
            Router::new()
                .nest_service("/mcp", mcp)
                .layer(axum::middleware::from_fn_with_state(
                    shared.clone(),
                    require_token,
                ));
        let (metadata_path, as_metadata_path) = if shared.config.custom_metadata_path {
            (
                CUSTOM_METADATA_PATH,
                "/.well-known/oauth-authorization-server/tenant",
            )
        } else {
            (
                "/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-authorization-server",
            )
        };
        let prefix = shared.prefix();
        let router = Router::new()
            .route(metadata_path, get(resource_metadata))
            .route(as_metadata_path, get(authorization_server_metadata))
            .route(&format!("{prefix}/register"), post(register))
            .route(&format!("{prefix}/authorize"), get(authorize))
            .route(&format!("{prefix}/token"), post(token))
            .route(&format!("{prefix}/revoke"), post(revoke))
            .with_state(shared.clone())
            .merge(protected);

        let shutdown = stop.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown.cancelled_owned())
                .await;
        });
        Self {
            mcp: format!("{base}/mcp"),
            base,
            shared,
            stop,
        }
    }

    /// Stops serving, as a server that goes away does.
    pub fn stop(&self) {
        self.stop.cancel();
    }

    pub fn counters(&self) -> &Counters {
        &self.shared.counters
    }

    pub fn refreshes(&self) -> usize {
        count(&self.shared.counters.refreshes)
    }

    pub fn revocations(&self) -> usize {
        count(&self.shared.counters.revocations)
    }

    pub fn tool_pages(&self) -> usize {
        count(&self.shared.counters.tool_pages)
    }

    /// Refresh tokens still honoured.
    pub fn live_refresh_tokens(&self) -> usize {
        self.shared.store.lock().unwrap().refresh.len()
    }

    /// The `token_endpoint_auth_method` each registration asked for.
    pub fn requested_auth_methods(&self) -> Vec<String> {
        self.shared
            .store
            .lock()
            .unwrap()
            .requested_auth_methods
            .clone()
    }

    /// The client id of every authorization granted (a code issued).
    pub fn authorized_clients(&self) -> Vec<String> {
        self.shared.store.lock().unwrap().authorized_clients.clone()
    }

    /// The scope of every access token still honoured.
    pub fn live_access_scopes(&self) -> Vec<String> {
        let store = self.shared.store.lock().unwrap();
        store.access.values().map(|g| g.scope.clone()).collect()
    }
}

/// The redirect URI a pre-registered client is registered with.
const APP_REDIRECT: &str = "dev.gatehouse.app:/oauth/callback";

fn random_token(prefix: &str) -> String {
    format!("{prefix}-{:032x}", rand::random::<u128>())
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}
