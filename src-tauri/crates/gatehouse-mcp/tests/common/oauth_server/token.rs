//! `/token` (authorization code with PKCE, refresh) and `/revoke` (RFC 7009), with the client
//! authentication they take.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{oauth_error, random_token, AccessGrant, Config, RefreshGrant, Shared, Store};

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

pub(super) async fn token(
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

pub(super) async fn revoke(
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
