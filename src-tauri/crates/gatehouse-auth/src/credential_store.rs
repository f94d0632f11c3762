use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use oauth2::TokenResponse;
use rmcp::transport::auth::{
    AuthError, CredentialRefreshGuard, CredentialStore, StoredCredentials,
};
use tokio::sync::Mutex;

use crate::secrets::{blocking, keychain_error, store_error, SharedSecrets};

/// rmcp's tokens for one server, kept as one JSON value in the keychain.
///
/// rmcp reads the credentials before every request; the keychain is read once and then served
/// from memory, and every change is written through. Several stores share one entry (profiles
/// with the same URL, the app and the CLI), so a refresh re-reads the keychain first and runs
/// one at a time per entry in this process, and a refused refresh clears the entry only if it
/// still holds the refresh token that was refused.
#[derive(Clone)]
pub struct KeychainCredentialStore {
    secrets: SharedSecrets,
    key: String,
    cache: Arc<Mutex<Option<Option<StoredCredentials>>>>,
}

impl KeychainCredentialStore {
    pub fn new(secrets: SharedSecrets, server_key: &str) -> Self {
        Self {
            secrets,
            key: Self::key_for(server_key),
            cache: Arc::default(),
        }
    }

    pub fn key_for(server_key: &str) -> String {
        format!("oauth-tokens:{server_key}")
    }

    async fn read_keychain(&self) -> Result<Option<StoredCredentials>, AuthError> {
        let key = self.key.clone();
        let json = blocking(&self.secrets, move |s| s.get(&key))
            .await
            .map_err(keychain_error)?;
        // An entry this version cannot read is treated as no login rather than an error loop.
        Ok(json.and_then(|json| serde_json::from_str(&json).ok()))
    }
}

/// One lock per keychain entry, shared by every store of this process.
fn refresh_lock(key: &str) -> Arc<Mutex<()>> {
    static LOCKS: std::sync::Mutex<Option<HashMap<String, Arc<Mutex<()>>>>> =
        std::sync::Mutex::new(None);
    let mut locks = LOCKS.lock().unwrap_or_else(|p| p.into_inner());
    locks
        .get_or_insert_with(HashMap::new)
        .entry(key.to_string())
        .or_default()
        .clone()
}

fn refresh_token_of(credentials: &StoredCredentials) -> Option<&str> {
    credentials
        .token_response
        .as_ref()
        .and_then(|t| t.refresh_token())
        .map(|t| t.secret().as_str())
}

#[async_trait]
impl CredentialStore for KeychainCredentialStore {
    async fn load(&self) -> Result<Option<StoredCredentials>, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            return Ok(cached.clone());
        }
        let credentials = self.read_keychain().await?;
        *cache = Some(credentials.clone());
        Ok(credentials)
    }

    async fn save(&self, credentials: StoredCredentials) -> Result<(), AuthError> {
        let mut cache = self.cache.lock().await;
        let json = serde_json::to_string(&credentials).map_err(store_error)?;
        let key = self.key.clone();
        blocking(&self.secrets, move |s| s.set(&key, &json))
            .await
            .map_err(keychain_error)?;
        *cache = Some(Some(credentials));
        Ok(())
    }

    async fn clear(&self) -> Result<(), AuthError> {
        let mut cache = self.cache.lock().await;
        let key = self.key.clone();
        blocking(&self.secrets, move |s| s.delete(&key))
            .await
            .map_err(keychain_error)?;
        *cache = Some(None);
        Ok(())
    }

    async fn acquire_refresh_guard(&self) -> Result<Option<CredentialRefreshGuard>, AuthError> {
        let guard = refresh_lock(&self.key).lock_owned().await;
        // Another store may have rotated the tokens since this one cached them: refresh with
        // what the keychain holds now, not with a refresh token already spent.
        *self.cache.lock().await = None;
        Ok(Some(CredentialRefreshGuard::new(guard)))
    }

    async fn on_refresh_token_rejected(
        &self,
        refused: &StoredCredentials,
    ) -> Result<(), AuthError> {
        // A refused refresh token is useless: forget it so the next connection asks for a login
        // instead of retrying, unless the entry has moved on to other tokens meanwhile.
        let mut cache = self.cache.lock().await;
        let current = self.read_keychain().await?;
        let still_refused = current
            .as_ref()
            .is_none_or(|c| refresh_token_of(c) == refresh_token_of(refused));
        if !still_refused {
            *cache = Some(current);
            return Ok(());
        }
        let key = self.key.clone();
        blocking(&self.secrets, move |s| s.delete(&key))
            .await
            .map_err(keychain_error)?;
        *cache = Some(None);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemorySecretStore;

    fn credentials(refresh_token: &str) -> StoredCredentials {
        serde_json::from_value(serde_json::json!({
            "client_id": "client",
            "token_response": {
                "access_token": format!("at-{refresh_token}"),
                "token_type": "Bearer",
                "expires_in": 3600,
                "refresh_token": refresh_token,
            },
        }))
        .expect("stored credentials")
    }

    #[tokio::test]
    async fn a_stale_refusal_does_not_clear_tokens_another_store_rotated() {
        let memory = MemorySecretStore::new();
        let secrets: SharedSecrets = Arc::new(memory.clone());
        let (a, b) = (
            KeychainCredentialStore::new(secrets.clone(), "https://mcp.example/mcp"),
            KeychainCredentialStore::new(secrets.clone(), "https://mcp.example/mcp"),
        );
        a.save(credentials("rt-1")).await.unwrap();
        let stale = b.load().await.unwrap().expect("b cached rt-1");
        // `a` refreshes and rotates; `b`'s cached copy still holds rt-1, and its refresh is refused.
        a.save(credentials("rt-2")).await.unwrap();
        b.on_refresh_token_rejected(&stale).await.unwrap();

        let kept = a.read_keychain().await.unwrap().expect("the rotated login");
        assert_eq!(refresh_token_of(&kept), Some("rt-2"));
        let seen_by_b = b
            .load()
            .await
            .unwrap()
            .expect("b now serves the rotated login");
        assert_eq!(refresh_token_of(&seen_by_b), Some("rt-2"));

        // Refusing what the entry still holds does clear it.
        b.on_refresh_token_rejected(&kept).await.unwrap();
        assert!(memory.keys().is_empty(), "{:?}", memory.keys());
    }

    #[tokio::test]
    async fn a_refresh_starts_from_what_the_keychain_holds_now() {
        let secrets: SharedSecrets = Arc::new(MemorySecretStore::new());
        let (a, b) = (
            KeychainCredentialStore::new(secrets.clone(), "https://mcp.example/mcp"),
            KeychainCredentialStore::new(secrets.clone(), "https://mcp.example/mcp"),
        );
        a.save(credentials("rt-1")).await.unwrap();
        assert!(b.load().await.unwrap().is_some());
        a.save(credentials("rt-2")).await.unwrap();
        let guard = b.acquire_refresh_guard().await.unwrap();
        let loaded = b.load().await.unwrap().expect("credentials");
        assert_eq!(refresh_token_of(&loaded), Some("rt-2"));
        drop(guard);
    }
}
