//! Logging out: revoke the tokens where the server supports it (RFC 7009), then forget them and
//! the client registration.

use std::time::Duration;

use oauth2::TokenResponse;
use rmcp::transport::auth::CredentialStore;
use url::Url;

use crate::login::{manager_for, registration_key};
use crate::secrets::{blocking, SharedSecrets};
use crate::server_key::{is_loopback, server_key};
use crate::{AuthFailure, KeychainCredentialStore, Result, Sensitive};

/// The longest logout waits for the authorization server (discovery and revocation together)
/// before it forgets the tokens without it.
pub const REVOCATION_TIMEOUT: Duration = Duration::from_secs(8);

/// What logging out did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogoutReport {
    /// Whether the authorization server accepted the revocation.
    pub revoked: bool,
    /// Whether there were credentials to forget.
    pub had_credentials: bool,
}

/// Revokes (best effort, within [`REVOCATION_TIMEOUT`]) and forgets the credentials for
/// `server_url`. Revocation needs the network; forgetting does not, and happens even when
/// revocation fails. A confidential client authenticates with `client_secret`.
pub async fn logout(
    secrets: &SharedSecrets,
    server_url: &Url,
    client_secret: Option<&Sensitive<String>>,
) -> Result<LogoutReport> {
    let key = server_key(server_url);
    let store = KeychainCredentialStore::new(secrets.clone(), &key);
    let stored = store.load().await.map_err(AuthFailure::from_rmcp)?;
    let had_credentials = stored.as_ref().is_some_and(|c| c.token_response.is_some());

    let mut revoked = false;
    if let Some(credentials) = stored {
        if let Some(tokens) = &credentials.token_response {
            let token = tokens
                .refresh_token()
                .map(|t| (t.secret().clone(), "refresh_token"))
                .unwrap_or_else(|| (tokens.access_token().secret().clone(), "access_token"));
            let client = Client {
                id: &credentials.client_id,
                secret: client_secret,
            };
            let revocation = revoke(secrets, server_url, client, &token.0, token.1);
            revoked = match tokio::time::timeout(REVOCATION_TIMEOUT, revocation).await {
                Ok(Ok(revoked)) => revoked,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "token revocation failed; forgetting the tokens anyway");
                    false
                }
                Err(_) => {
                    tracing::warn!("token revocation timed out; forgetting the tokens anyway");
                    false
                }
            };
        }
    }
    store.clear().await.map_err(AuthFailure::from_rmcp)?;
    let registration = registration_key(&key);
    blocking(secrets, move |s| s.delete(&registration)).await?;
    Ok(LogoutReport {
        revoked,
        had_credentials,
    })
}

/// The client a token was issued to.
#[derive(Clone, Copy)]
struct Client<'a> {
    id: &'a str,
    secret: Option<&'a Sensitive<String>>,
}

async fn revoke(
    secrets: &SharedSecrets,
    server_url: &Url,
    client: Client<'_>,
    token: &str,
    hint: &str,
) -> Result<bool> {
    let manager = manager_for(secrets, server_url).await?;
    let metadata = manager
        .resolve_metadata()
        .await
        .map_err(AuthFailure::from_rmcp)?
        .metadata;
    let Some(endpoint) = metadata
        .additional_fields
        .get("revocation_endpoint")
        .and_then(|v| v.as_str())
    else {
        return Ok(false);
    };
    let endpoint =
        Url::parse(endpoint).map_err(|_| AuthFailure::Other("bad revocation endpoint".into()))?;
    if endpoint.scheme() != "https" && !is_loopback(&endpoint) {
        return Ok(false);
    }
    let http = reqwest::Client::builder()
        .timeout(REVOCATION_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| AuthFailure::Network(crate::Unreachable::from_error(&e, None).to_string()))?;
    let place = endpoint.clone();
    let mut request = http.post(endpoint);
    let mut pairs = vec![("token", token), ("token_type_hint", hint)];
    match client.secret {
        // RFC 7009 §2.1: a confidential client authenticates as at the token endpoint;
        // HTTP Basic unless the server takes the secret only in the body.
        Some(secret) if secret_in_body(&metadata.additional_fields) => {
            pairs.extend([("client_id", client.id), ("client_secret", secret.expose())]);
        }
        Some(secret) => {
            request =
                request.basic_auth(form_encode(client.id), Some(form_encode(secret.expose())));
        }
        None => pairs.push(("client_id", client.id)),
    }
    // Built in one expression: the serializer is not `Send` and must not live across an await.
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let response = request
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| {
            AuthFailure::Network(crate::Unreachable::from_error(&e, Some(&place)).to_string())
        })?;
    Ok(response.status().is_success())
}

/// Whether the server lists `client_secret_post` for revocation (or, failing that, for the token
/// endpoint) and not `client_secret_basic`.
fn secret_in_body(fields: &std::collections::HashMap<String, serde_json::Value>) -> bool {
    let methods = fields
        .get("revocation_endpoint_auth_methods_supported")
        .or_else(|| fields.get("token_endpoint_auth_methods_supported"))
        .and_then(|v| v.as_array());
    let has = |name: &str| methods.is_some_and(|m| m.iter().any(|v| v.as_str() == Some(name)));
    has("client_secret_post") && !has("client_secret_basic")
}

/// RFC 6749 §2.3.1: the client id and secret are form-encoded before HTTP Basic.
fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
