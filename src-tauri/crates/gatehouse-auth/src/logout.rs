//! Logging out: revoke the tokens where the server supports it (RFC 7009), then forget them and
//! the client registration.

use oauth2::TokenResponse;
use rmcp::transport::auth::CredentialStore;
use url::Url;

use crate::login::{manager_for, registration_key};
use crate::secrets::{blocking, SharedSecrets};
use crate::server_key::server_key;
use crate::{KeychainCredentialStore, Result};

/// What logging out did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogoutReport {
    /// Whether the authorization server accepted the revocation.
    pub revoked: bool,
    /// Whether there were credentials to forget.
    pub had_credentials: bool,
}

/// Revokes (best effort) and forgets the credentials for `server_url`. Revocation needs the
/// network; forgetting does not, and happens even when revocation fails.
pub async fn logout(secrets: &SharedSecrets, server_url: &Url) -> Result<LogoutReport> {
    let key = server_key(server_url);
    let store = KeychainCredentialStore::new(secrets.clone(), &key);
    let stored = store.load().await.map_err(crate::AuthFailure::from_rmcp)?;
    let had_credentials = stored.as_ref().is_some_and(|c| c.token_response.is_some());

    let mut revoked = false;
    if let Some(credentials) = stored {
        if let Some(tokens) = &credentials.token_response {
            let token = tokens
                .refresh_token()
                .map(|t| (t.secret().clone(), "refresh_token"))
                .unwrap_or_else(|| (tokens.access_token().secret().clone(), "access_token"));
            revoked = revoke(
                secrets,
                server_url,
                &credentials.client_id,
                &token.0,
                token.1,
            )
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "token revocation failed; forgetting the tokens anyway");
                false
            });
        }
    }
    store.clear().await.map_err(crate::AuthFailure::from_rmcp)?;
    let registration = registration_key(&key);
    blocking(secrets, move |s| s.delete(&registration)).await?;
    Ok(LogoutReport {
        revoked,
        had_credentials,
    })
}

async fn revoke(
    secrets: &SharedSecrets,
    server_url: &Url,
    client_id: &str,
    token: &str,
    hint: &str,
) -> Result<bool> {
    let manager = manager_for(secrets, server_url).await?;
    let metadata = manager
        .resolve_metadata()
        .await
        .map_err(crate::AuthFailure::from_rmcp)?
        .metadata;
    let Some(endpoint) = metadata
        .additional_fields
        .get("revocation_endpoint")
        .and_then(|v| v.as_str())
    else {
        return Ok(false);
    };
    let endpoint = Url::parse(endpoint)
        .map_err(|_| crate::AuthFailure::Other("bad revocation endpoint".into()))?;
    if endpoint.scheme() != "https" && !endpoint.host().is_some_and(is_loopback_host) {
        return Ok(false);
    }
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("token_type_hint", hint)
        .append_pair("client_id", client_id)
        .finish();
    let response = reqwest::Client::new()
        .post(endpoint)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| crate::AuthFailure::Network(e.without_url().to_string()))?;
    Ok(response.status().is_success())
}

fn is_loopback_host(host: url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d == "localhost",
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}
