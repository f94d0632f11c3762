//! The authorization server's metadata, client registration (RFC 7591) and `/authorize`, and the
//! protected resource metadata (RFC 9728).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

use super::{oauth_error, random_token, PendingCode, Shared, APP_REDIRECT};

pub(super) async fn resource_metadata(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({
        "resource": format!("{}/mcp", shared.base),
        "authorization_servers": [shared.issuer()],
        "scopes_supported": shared.config.resource_scopes,
        "bearer_methods_supported": ["header"],
    }))
}

pub(super) async fn authorization_server_metadata(
    State(shared): State<Arc<Shared>>,
) -> Json<Value> {
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
pub(super) struct Registration {
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    token_endpoint_auth_method: Option<String>,
}

pub(super) async fn register(
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

pub(super) async fn authorize(
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
