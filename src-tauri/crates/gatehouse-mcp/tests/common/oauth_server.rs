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

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;
use url::Url;

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

async fn resource_metadata(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({
        "resource": format!("{}/mcp", shared.base),
        "authorization_servers": [shared.issuer()],
        "scopes_supported": shared.config.resource_scopes,
        "bearer_methods_supported": ["header"],
    }))
}

async fn authorization_server_metadata(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let base = &shared.issuer();
    Json(json!({
        "issuer": base,
        "authorization_endpoint": shared
            .config
            .authorization_endpoint
            .clone()
            .unwrap_or_else(|| format!("{base}/authorize")),
        "token_endpoint": format!("{base}/token"),
        "registration_endpoint": format!("{base}/register"),
        "revocation_endpoint": format!("{base}/revoke"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": match (shared.config.token_auth_method, &shared.config.confidential_client) {
            (Some(method), _) => json!([method]),
            (None, Some(_)) => json!(["client_secret_basic"]),
            (None, None) => json!(["none"]),
        },
        "client_id_metadata_document_supported": shared.config.client_metadata_documents,
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["read", "admin"],
        "authorization_response_iss_parameter_supported": true,
    }))
}

#[derive(Deserialize)]
struct Registration {
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    token_endpoint_auth_method: Option<String>,
}

async fn register(
    State(shared): State<Arc<Shared>>,
    Json(registration): Json<Registration>,
) -> Response {
    if registration.redirect_uris.is_empty() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_redirect_uri",
            "no redirect URI",
        );
    }
    if shared.config.refuse_private_use_redirects
        && registration
            .redirect_uris
            .iter()
            .any(|uri| !(uri.starts_with("http://") || uri.starts_with("https://")))
    {
        shared
            .counters
            .refused_registrations
            .fetch_add(1, Ordering::SeqCst);
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_redirect_uri",
            "only http(s) redirect URIs are accepted",
        );
    }
    // RFC 7591 §2: an omitted method means client_secret_basic.
    let asked = registration
        .token_endpoint_auth_method
        .clone()
        .unwrap_or_else(|| "client_secret_basic".into());
    let mut store = shared.store.lock().unwrap();
    store.requested_auth_methods.push(asked.clone());
    if let Some(method) = shared.config.token_auth_method {
        if asked != method {
            shared
                .counters
                .refused_registrations
                .fetch_add(1, Ordering::SeqCst);
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_client_metadata",
                &format!("token_endpoint_auth_method must be {method}"),
            );
        }
    }
    let client_id = random_token("client");
    store
        .clients
        .insert(client_id.clone(), registration.redirect_uris.clone());
    let mut answer = json!({
        "client_id": client_id,
        "redirect_uris": registration.redirect_uris,
        "token_endpoint_auth_method": shared.config.token_auth_method.unwrap_or("none"),
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
    });
    if shared.config.token_auth_method.is_some() {
        let secret = random_token("secret");
        store.secrets.insert(client_id.clone(), secret.clone());
        answer["client_secret"] = json!(secret);
    }
    shared.counters.registrations.fetch_add(1, Ordering::SeqCst);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// RFC 8252 §7.3: a loopback redirect matches whatever its port.
fn redirect_matches(registered: &str, presented: &str) -> bool {
    if registered == presented {
        return true;
    }
    let (Ok(mut a), Ok(mut b)) = (Url::parse(registered), Url::parse(presented)) else {
        return false;
    };
    let loopback = |u: &Url| u.scheme() == "http" && u.host_str() == Some("127.0.0.1");
    if !(loopback(&a) && loopback(&b)) {
        return false;
    }
    let _ = a.set_port(None);
    let _ = b.set_port(None);
    a == b
}

/// The scopes granted for a request: those asked for among `read` and `admin`; `read` always.
fn granted_scope(requested: Option<&str>) -> String {
    let asked: Vec<&str> = requested.unwrap_or_default().split_whitespace().collect();
    ["read", "admin"]
        .into_iter()
        .filter(|s| *s == "read" || asked.contains(s))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn authorize(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let param = |k: &str| params.get(k).map(String::as_str);
    let (Some(client_id), Some(redirect_uri)) = (param("client_id"), param("redirect_uri")) else {
        return (
            StatusCode::BAD_REQUEST,
            "client_id and redirect_uri required",
        )
            .into_response();
    };
    let document = shared.config.client_metadata_documents
        && Url::parse(client_id).is_ok_and(|u| u.scheme() == "https" && u.path() != "/");
    if document {
        // What the published document lists: the app's scheme and loopback on any port.
        shared.store.lock().unwrap().clients.insert(
            client_id.into(),
            vec![
                APP_REDIRECT.into(),
                "http://127.0.0.1/oauth/callback".into(),
            ],
        );
    }
    let known = shared
        .store
        .lock()
        .unwrap()
        .clients
        .get(client_id)
        .is_some_and(|uris| uris.iter().any(|r| redirect_matches(r, redirect_uri)));
    if !known {
        // Never redirect to an unverified URI (RFC 6749 §4.1.2.1).
        return (StatusCode::BAD_REQUEST, "unknown client or redirect URI").into_response();
    }
    let mut back = Url::parse(redirect_uri).expect("registered redirect URIs parse");
    let Some(state) = param("state") else {
        return (StatusCode::BAD_REQUEST, "state required").into_response();
    };
    if param("response_type") != Some("code")
        || param("code_challenge_method") != Some("S256")
        || param("code_challenge").is_none_or(str::is_empty)
    {
        back.query_pairs_mut()
            .append_pair("error", "invalid_request")
            .append_pair("error_description", "PKCE S256 is required")
            .append_pair("state", state)
            .append_pair("iss", &shared.issuer());
        return (StatusCode::FOUND, [(header::LOCATION, back.to_string())]).into_response();
    }
    let code = random_token("code");
    shared
        .store
        .lock()
        .unwrap()
        .authorized_clients
        .push(client_id.to_string());
    shared.store.lock().unwrap().codes.insert(
        code.clone(),
        PendingCode {
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            code_challenge: param("code_challenge").unwrap_or_default().into(),
            scope: granted_scope(param("scope")),
        },
    );
    shared
        .counters
        .authorizations
        .fetch_add(1, Ordering::SeqCst);
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", state)
        .append_pair("iss", &shared.issuer());
    (StatusCode::FOUND, [(header::LOCATION, back.to_string())]).into_response()
}

/// HTTP Basic client credentials (RFC 6749 §2.3.1: each part form-encoded).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let basic = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(basic)
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':').unwrap_or((&decoded, ""));
    let decode = |part: &str| {
        url::form_urlencoded::parse(format!("x={part}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((decode(id)?, decode(secret)?))
}

/// The client of a token request: `client_id` in the body, or HTTP Basic. The confidential
/// client must send its secret with Basic.
fn token_client(
    config: &Config,
    secrets: &HashMap<String, String>,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Option<String> {
    let basic = basic_credentials(headers);
    let id = form
        .get("client_id")
        .cloned()
        .or_else(|| basic.as_ref().map(|(id, _)| id.clone()))?;
    // A registration with a secret authenticates exactly as the server allows.
    if let (Some(method), Some(secret)) = (config.token_auth_method, secrets.get(&id)) {
        let presented = match method {
            "client_secret_basic" => basic
                .filter(|(basic_id, _)| *basic_id == id)
                .map(|(_, s)| s),
            _ => form
                .get("client_secret")
                .cloned()
                .filter(|_| basic.is_none()),
        };
        return (presented.as_ref() == Some(secret)).then_some(id);
    }
    if let Some((confidential, secret)) = &config.confidential_client {
        if *confidential == id && basic.as_ref() != Some(&(confidential.clone(), secret.clone())) {
            return None;
        }
    }
    Some(id)
}

fn issue(store: &mut Store, config: &Config, client_id: &str, scope: &str) -> Value {
    let access_token = random_token("at");
    let refresh_token = random_token("rt");
    let family = refresh_token.clone();
    store.access.insert(
        access_token.clone(),
        AccessGrant {
            scope: scope.into(),
            expires_at: Instant::now() + Duration::from_secs(config.access_token_ttl_secs),
            family: family.clone(),
        },
    );
    store.refresh.insert(
        refresh_token.clone(),
        RefreshGrant {
            client_id: client_id.into(),
            scope: scope.into(),
            family,
        },
    );
    json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": config.access_token_ttl_secs,
        "refresh_token": refresh_token,
        "scope": scope,
    })
}

async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let registered_secrets = shared.store.lock().unwrap().secrets.clone();
    let Some(client_id) = token_client(&shared.config, &registered_secrets, &headers, &form) else {
        shared
            .counters
            .refused_client_auth
            .fetch_add(1, Ordering::SeqCst);
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    };
    let mut store = shared.store.lock().unwrap();
    if !store.clients.contains_key(&client_id) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "unknown client");
    }
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    match field("grant_type") {
        "authorization_code" => {
            // A code is single-use, whatever happens next.
            let Some(pending) = store.codes.remove(field("code")) else {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "unknown code");
            };
            if pending.client_id != client_id || pending.redirect_uri != field("redirect_uri") {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "client or redirect URI mismatch",
                );
            }
            let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(field("code_verifier")));
            if field("code_verifier").is_empty() || computed != pending.code_challenge {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "PKCE verification failed",
                );
            }
            shared
                .counters
                .code_exchanges
                .fetch_add(1, Ordering::SeqCst);
            let body = issue(&mut store, &shared.config, &client_id, &pending.scope);
            Json(body).into_response()
        }
        "refresh_token" => {
            if let Some(error) = &shared.config.refresh_error {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    error,
                    "refresh refused for the test",
                );
            }
            let Some(grant) = store.refresh.remove(field("refresh_token")) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown refresh token",
                );
            };
            if grant.client_id != client_id {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "client mismatch");
            }
            // Rotation: the old refresh token and its access tokens stop working.
            store.access.retain(|_, a| a.family != grant.family);
            shared.counters.refreshes.fetch_add(1, Ordering::SeqCst);
            let body = issue(&mut store, &shared.config, &client_id, &grant.scope);
            Json(body).into_response()
        }
        other => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("grant_type {other:?}"),
        ),
    }
}

async fn revoke(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> StatusCode {
    if shared.config.revocation_hangs {
        std::future::pending::<()>().await;
    }
    if let Some((id, secret)) = &shared.config.confidential_client {
        // RFC 7009 §2.1: a confidential client authenticates; without it nothing is revoked.
        if basic_credentials(&headers) != Some((id.clone(), secret.clone())) {
            return StatusCode::UNAUTHORIZED;
        }
        shared
            .counters
            .authenticated_revocations
            .fetch_add(1, Ordering::SeqCst);
    }
    let token = form.get("token").cloned().unwrap_or_default();
    let mut store = shared.store.lock().unwrap();
    let family = store
        .refresh
        .get(&token)
        .map(|g| g.family.clone())
        .or_else(|| store.access.get(&token).map(|a| a.family.clone()));
    if let Some(family) = family {
        store.refresh.retain(|_, g| g.family != family);
        store.access.retain(|_, a| a.family != family);
    }
    shared.counters.revocations.fetch_add(1, Ordering::SeqCst);
    // RFC 7009 §2.2: unknown tokens get a 200 too.
    StatusCode::OK
}

/// The bearer check in front of `/mcp`.
async fn require_token(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == axum::http::Method::DELETE {
        if let Some(delay) = shared.config.delete_delay {
            tokio::time::sleep(delay).await;
        }
    } else if let Some(delay) = shared.config.mcp_delay {
        tokio::time::sleep(delay).await;
    }
    let metadata = shared.resource_metadata_url();
    let scope = shared.config.resource_scopes.join(" ");
    let unauthorized = || {
        shared.counters.unauthorized.fetch_add(1, Ordering::SeqCst);
        (
            StatusCode::UNAUTHORIZED,
            [(
                header::WWW_AUTHENTICATE,
                format!(r#"Bearer resource_metadata="{metadata}", scope="{scope}""#),
            )],
        )
            .into_response()
    };
    // As many servers do, only an MCP request (a POST) is challenged: a GET probe learns nothing.
    let probe = shared.config.custom_metadata_path
        && request.method() != axum::http::Method::POST
        && request.headers().get(header::AUTHORIZATION).is_none();
    if probe {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(token) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
    else {
        return unauthorized();
    };
    let granted = {
        let store = shared.store.lock().unwrap();
        store
            .access
            .get(&token)
            .filter(|a| a.expires_at > Instant::now())
            .map(|a| a.scope.clone())
    };
    let Some(granted) = granted else {
        return unauthorized();
    };

    // Read the JSON-RPC message to see which tool is called.
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if let Ok(message) = serde_json::from_slice::<Value>(&bytes) {
        let admin =
            message["method"] == "tools/call" && message["params"]["name"] == "admin_action";
        if admin && !granted.split_whitespace().any(|s| s == "admin") {
            shared.counters.forbidden.fetch_add(1, Ordering::SeqCst);
            return (
                StatusCode::FORBIDDEN,
                [(
                    header::WWW_AUTHENTICATE,
                    format!(
                        r#"Bearer error="insufficient_scope", scope="read admin", resource_metadata="{metadata}""#
                    ),
                )],
            )
                .into_response();
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The MCP side: 120 tools, 50 a page; `echo` and `admin_action` do something.
#[derive(Clone)]
struct Tools {
    shared: Arc<Shared>,
}

fn tool_names() -> Vec<String> {
    let mut names = vec!["echo".to_string(), "admin_action".to_string()];
    names.extend((names.len() + 1..=TOOL_COUNT).map(|i| format!("tool_{i:03}")));
    names
}

fn tool(name: &str) -> Tool {
    let schema = if name == "echo" {
        json!({
            "type": "object",
            "properties": { "text": { "type": "string" } },
            "required": ["text"],
        })
    } else {
        json!({ "type": "object", "properties": {} })
    };
    let Value::Object(schema) = schema else {
        unreachable!()
    };
    let description = match name {
        "echo" => "Echoes its text",
        "admin_action" => "Needs the admin scope",
        _ => "Filler for pagination",
    };
    Tool::new(name.to_string(), description, Arc::new(schema))
}

impl ServerHandler for Tools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("gatehouse-oauth-test-server", "1.0.0"))
    }

    async fn list_tools(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let start = match request.and_then(|r| r.cursor) {
            None => 0,
            Some(cursor) => cursor
                .parse::<usize>()
                .ok()
                .filter(|&s| s < TOOL_COUNT)
                .ok_or_else(|| ErrorData::invalid_params("bad cursor", None))?,
        };
        self.shared
            .counters
            .tool_pages
            .fetch_add(1, Ordering::SeqCst);
        let end = (start + PAGE_SIZE).min(TOOL_COUNT);
        let names = tool_names();
        let mut page =
            ListToolsResult::with_all_items(names[start..end].iter().map(|n| tool(n)).collect());
        page.next_cursor = (end < TOOL_COUNT).then(|| end.to_string());
        Ok(page)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let text = match request.name.as_ref() {
            "echo" => request
                .arguments
                .as_ref()
                .and_then(|a| a.get("text"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            "admin_action" => "admin action done".to_string(),
            other if tool_names().iter().any(|n| n == other) => format!("{other} done"),
            other => return Err(ErrorData::invalid_params(format!("no tool {other}"), None)),
        };
        Ok(CallToolResult::success(vec![ContentBlock::text(text)]).into())
    }
}
