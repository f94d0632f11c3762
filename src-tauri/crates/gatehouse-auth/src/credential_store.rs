use std::sync::Arc;

use async_trait::async_trait;
use rmcp::transport::auth::{AuthError, CredentialStore, StoredCredentials};
use tokio::sync::Mutex;

use crate::secrets::{blocking, keychain_error, store_error, SharedSecrets};

/// rmcp's tokens for one server, kept as one JSON value in the keychain.
///
/// rmcp reads the credentials before every request; the keychain is read once and then served
/// from memory, and every change is written through.
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
}

#[async_trait]
impl CredentialStore for KeychainCredentialStore {
    async fn load(&self) -> Result<Option<StoredCredentials>, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            return Ok(cached.clone());
        }
        let key = self.key.clone();
        let json = blocking(&self.secrets, move |s| s.get(&key))
            .await
            .map_err(keychain_error)?;
        // An entry this version cannot read is treated as no login rather than an error loop.
        let credentials = json.and_then(|json| serde_json::from_str(&json).ok());
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

    async fn on_refresh_token_rejected(
        &self,
        _credentials: &StoredCredentials,
    ) -> Result<(), AuthError> {
        // A refresh token the server definitively refused is useless: forget it so the next
        // connection asks for a login instead of retrying.
        self.clear().await
    }
}
