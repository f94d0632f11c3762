//! The keychain entries setup owns: the Cloudflare API token and, per deployment, the Access client
//! secret and the Worker's cookie key (kept so a re-run can put the same values again).

use base64::Engine as _;
use gatehouse_auth::secrets::{blocking, SharedSecrets};
use gatehouse_auth::Sensitive;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

use crate::state::DeploymentState;
use crate::Result;

const API_TOKEN_KEY: &str = "cloudflare:api-token";

fn client_secret_key(deployment: &str) -> String {
    format!("deployment:{deployment}:access-client-secret")
}

fn cookie_key_key(deployment: &str) -> String {
    format!("deployment:{deployment}:cookie-key")
}

pub async fn api_token(secrets: &SharedSecrets) -> Result<Option<Sensitive<String>>> {
    Ok(blocking(secrets, |s| s.get(API_TOKEN_KEY))
        .await?
        .map(Sensitive::new))
}

pub async fn save_api_token(secrets: &SharedSecrets, token: &Sensitive<String>) -> Result<()> {
    let token = token.expose().clone();
    Ok(blocking(secrets, move |s| s.set(API_TOKEN_KEY, &token)).await?)
}

pub async fn forget_api_token(secrets: &SharedSecrets) -> Result<()> {
    Ok(blocking(secrets, |s| s.delete(API_TOKEN_KEY)).await?)
}

pub async fn client_secret(
    secrets: &SharedSecrets,
    deployment: &str,
) -> Result<Option<Sensitive<String>>> {
    let key = client_secret_key(deployment);
    Ok(blocking(secrets, move |s| s.get(&key))
        .await?
        .map(Sensitive::new))
}

pub async fn save_client_secret(
    secrets: &SharedSecrets,
    deployment: &str,
    value: &Sensitive<String>,
) -> Result<()> {
    let (key, value) = (client_secret_key(deployment), value.expose().clone());
    Ok(blocking(secrets, move |s| s.set(&key, &value)).await?)
}

/// The Worker's cookie key: made once per deployment (32 random bytes), then reused on re-runs.
pub async fn cookie_key(secrets: &SharedSecrets, deployment: &str) -> Result<Sensitive<String>> {
    let key = cookie_key_key(deployment);
    Ok(blocking(secrets, move |s| {
        if let Some(existing) = s.get(&key)? {
            return Ok(Sensitive::new(existing));
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let fresh = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        s.set(&key, &fresh)?;
        Ok(Sensitive::new(fresh))
    })
    .await?)
}

/// The cookie key, if one was made (unlike [`cookie_key`], never makes one).
pub async fn existing_cookie_key(
    secrets: &SharedSecrets,
    deployment: &str,
) -> Result<Option<Sensitive<String>>> {
    let key = cookie_key_key(deployment);
    Ok(blocking(secrets, move |s| s.get(&key))
        .await?
        .map(Sensitive::new))
}

/// A fingerprint of the six values the Worker's secrets hold for this state: the client ID, the
/// three endpoints, the client secret and the cookie key. Keyed with the cookie key, so the
/// state file (where it is kept) reveals nothing about the secrets. `None` while a value is
/// missing.
pub async fn values_fingerprint(
    secrets: &SharedSecrets,
    state: &DeploymentState,
) -> Result<Option<String>> {
    let (Some(app), Some(endpoints)) = (&state.access_app, &state.oidc) else {
        return Ok(None);
    };
    let (Some(client_secret), Some(cookie_key)) = (
        client_secret(secrets, &state.name).await?,
        existing_cookie_key(secrets, &state.name).await?,
    ) else {
        return Ok(None);
    };
    let mut hash = Sha256::new();
    for value in [
        cookie_key.expose().as_str(),
        app.client_id.as_str(),
        client_secret.expose().as_str(),
        endpoints.token.as_str(),
        endpoints.authorization.as_str(),
        endpoints.jwks.as_str(),
    ] {
        // Length-prefixed, so no two lists of values run together the same way.
        hash.update((value.len() as u64).to_be_bytes());
        hash.update(value.as_bytes());
    }
    let digest = hash.finalize();
    Ok(Some(
        digest[..16].iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

pub async fn forget_deployment(secrets: &SharedSecrets, deployment: &str) -> Result<()> {
    let keys = [client_secret_key(deployment), cookie_key_key(deployment)];
    Ok(blocking(secrets, move |s| {
        for key in &keys {
            s.delete(key)?;
        }
        Ok(())
    })
    .await?)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use gatehouse_auth::secrets::SharedSecrets;
    use gatehouse_auth::MemorySecretStore;

    #[tokio::test]
    async fn the_cookie_key_is_made_once_and_forgotten_with_the_deployment() {
        let secrets: SharedSecrets = Arc::new(MemorySecretStore::default());
        let first = super::cookie_key(&secrets, "d").await.unwrap();
        assert!(first.expose().len() >= 43, "32 bytes, base64");
        assert_eq!(super::cookie_key(&secrets, "d").await.unwrap(), first);
        super::forget_deployment(&secrets, "d").await.unwrap();
        assert_ne!(super::cookie_key(&secrets, "d").await.unwrap(), first);
    }
}
