use async_trait::async_trait;
use rmcp::transport::auth::{AuthError, CredentialStore, StoredCredentials};

use crate::secrets::{blocking, SharedSecrets};

/// rmcp's tokens for one server, kept as one JSON value in the keychain.
#[derive(Clone)]
pub struct KeychainCredentialStore {
    secrets: SharedSecrets,
    key: String,
}

impl KeychainCredentialStore {
    pub fn new(secrets: SharedSecrets, server_key: &str) -> Self {
        Self {
            secrets,
            key: Self::key_for(server_key),
        }
    }

    pub fn key_for(server_key: &str) -> String {
        format!("oauth-tokens:{server_key}")
    }
}

fn store_error(e: impl std::fmt::Display) -> AuthError {
    AuthError::CredentialStoreError(e.to_string())
}

#[async_trait]
impl CredentialStore for KeychainCredentialStore {
    async fn load(&self) -> Result<Option<StoredCredentials>, AuthError> {
        let key = self.key.clone();
        let Some(json) = blocking(&self.secrets, move |s| s.get(&key))
            .await
            .map_err(store_error)?
        else {
            return Ok(None);
        };
        // An entry this version cannot read is treated as no login rather than an error loop.
        Ok(serde_json::from_str(&json).ok())
    }

    async fn save(&self, credentials: StoredCredentials) -> Result<(), AuthError> {
        let json = serde_json::to_string(&credentials).map_err(store_error)?;
        let key = self.key.clone();
        blocking(&self.secrets, move |s| s.set(&key, &json))
            .await
            .map_err(store_error)
    }

    async fn clear(&self) -> Result<(), AuthError> {
        let key = self.key.clone();
        blocking(&self.secrets, move |s| s.delete(&key))
            .await
            .map_err(store_error)
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
