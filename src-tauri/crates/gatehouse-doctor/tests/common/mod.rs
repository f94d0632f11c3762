//! Deliberately broken servers for the doctor's tests: an MCP endpoint with its OAuth metadata
//! and registration, each fault switched on by a field of [`Faults`], and TLS listeners with
//! expired, self-signed and wrong-name certificates.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_doctor::{DoctorOptions, ProxySettings};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the in-test server gets wrong.
#[derive(Clone, Default)]
pub struct Faults {
    /// The 401's challenge leaves out `resource_metadata`.
    pub no_resource_metadata: bool,
    /// The protected-resource metadata names this resource instead of the server's URL.
    pub resource: Option<String>,
    /// The authorization server's metadata names this issuer instead of itself.
    pub issuer: Option<String>,
    /// No registration endpoint.
    pub no_registration: bool,
    /// Says it accepts Client ID Metadata Documents.
    pub cimd: bool,
    /// Registration refuses redirect URIs that are not loopback http.
    pub refuse_app_redirect: bool,
    /// The server's clock runs this many seconds ahead (negative: behind).
    pub clock_offset_secs: i64,
    /// `/mcp` is a web page.
    pub web_page: bool,
    /// `/mcp` needs no login and answers initialize.
    pub open: bool,
}

#[derive(Clone)]
struct Server {
    base: String,
    faults: Faults,
}

/// Starts the server; returns its MCP endpoint (`http://127.0.0.1:PORT/mcp`).
pub async fn serve(faults: Faults) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = Arc::new(Server {
        base: base.clone(),
        faults,
    });
    let app = Router::new()
        .route("/mcp", post(mcp))
        .route(
            "/.well-known/oauth-protected-resource/mcp",
            get(resource_metadata),
        )
        .route(
            "/.well-known/oauth-authorization-server",
            get(server_metadata),
        )
        .route("/register", post(register))
        .with_state(server);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("{base}/mcp")
}

fn date(offset: i64) -> String {
    let now = SystemTime::now();
    let at = if offset >= 0 {
        now + Duration::from_secs(offset as u64)
    } else {
        now - Duration::from_secs(offset.unsigned_abs())
    };
    httpdate::fmt_http_date(at)
}

async fn mcp(State(s): State<Arc<Server>>) -> Response {
    let date = date(s.faults.clock_offset_secs);
    if s.faults.web_page {
        return (
            [
                (header::CONTENT_TYPE, "text/html".to_string()),
                (header::DATE, date),
            ],
            "<html><body>Welcome</body></html>",
        )
            .into_response();
    }
    if s.faults.open {
        let body = json!({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"t","version":"1"}}});
        return ([(header::DATE, date)], Json(body)).into_response();
    }
    let challenge = if s.faults.no_resource_metadata {
        r#"Bearer scope="mcp:read""#.to_string()
    } else {
        format!(
            r#"Bearer resource_metadata="{}/.well-known/oauth-protected-resource/mcp", scope="mcp:read""#,
            s.base
        )
    };
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, challenge), (header::DATE, date)],
        Json(json!({"error": "invalid_token"})),
    )
        .into_response()
}

async fn resource_metadata(State(s): State<Arc<Server>>) -> Json<Value> {
    Json(json!({
        "resource": s.faults.resource.clone().unwrap_or(format!("{}/mcp", s.base)),
        "authorization_servers": [s.base],
        "scopes_supported": ["mcp:read"],
    }))
}

async fn server_metadata(State(s): State<Arc<Server>>) -> Json<Value> {
    let mut metadata = json!({
        "issuer": s.faults.issuer.clone().unwrap_or(s.base.clone()),
        "authorization_endpoint": format!("{}/authorize", s.base),
        "token_endpoint": format!("{}/token", s.base),
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
    });
    if !s.faults.no_registration {
        metadata["registration_endpoint"] = json!(format!("{}/register", s.base));
    }
    if s.faults.cimd {
        metadata["client_id_metadata_document_supported"] = json!(true);
    }
    Json(metadata)
}

async fn register(State(s): State<Arc<Server>>, Json(body): Json<Value>) -> Response {
    let uris: Vec<String> = body["redirect_uris"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if s.faults.refuse_app_redirect && uris.iter().any(|u| !u.starts_with("http://127.0.0.1")) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_redirect_uri", "error_description": "only https or loopback redirect URIs"})),
        )
            .into_response();
    }
    (
        StatusCode::CREATED,
        Json(json!({"client_id": "c-1", "redirect_uris": uris})),
    )
        .into_response()
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A TLS listener on 127.0.0.1 with the certificate `name`.pem; after the handshake it answers
/// every request with the login challenge. Returns the port.
pub async fn serve_tls(name: &str) -> u16 {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(&fixture(&format!("{name}.pem")))
            .map(|c| c.unwrap())
            .collect();
    let key = PrivateKeyDer::from_pem_slice(&fixture(&format!("{name}.key"))).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut buf = vec![0u8; 8192];
                let _ = tls.read(&mut buf).await;
                let body = "{}";
                let answer = format!(
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

/// Options that trust the test authority and ignore the machine's proxy settings.
pub fn options() -> DoctorOptions {
    DoctorOptions {
        extra_roots_pem: fixture("ca.pem"),
        proxy: ProxySettings::default(),
        timeout: Duration::from_secs(5),
        ..DoctorOptions::default()
    }
}

/// The check with this id.
pub fn check<'a>(
    report: &'a gatehouse_doctor::DoctorReport,
    id: &str,
) -> &'a gatehouse_doctor::DoctorCheck {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id} in {report:#?}"))
}
