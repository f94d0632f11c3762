use async_trait::async_trait;
use rmcp::transport::auth::{AuthError, StateStore, StoredAuthorizationState};

use crate::secrets::{blocking, keychain_error, store_error, SharedSecrets};

/// rmcp's PKCE verifier and CSRF state, kept in the keychain so a login survives until the
/// browser hands the code back, even across an app restart.
#[derive(Clone)]
pub struct KeychainStateStore {
    secrets: SharedSecrets,
}

impl KeychainStateStore {
    pub fn new(secrets: SharedSecrets) -> Self {
        Self { secrets }
    }

    pub fn key_for(csrf_token: &str) -> String {
        format!("oauth-state:{csrf_token}")
    }
}

#[async_trait]
impl StateStore for KeychainStateStore {
    async fn save(
        &self,
        csrf_token: &str,
        state: StoredAuthorizationState,
    ) -> Result<(), AuthError> {
        let json = serde_json::to_string(&state).map_err(store_error)?;
        let key = Self::key_for(csrf_token);
        blocking(&self.secrets, move |s| s.set(&key, &json))
            .await
            .map_err(keychain_error)
    }

    async fn load(&self, csrf_token: &str) -> Result<Option<StoredAuthorizationState>, AuthError> {
        let key = Self::key_for(csrf_token);
        let json = blocking(&self.secrets, move |s| s.get(&key))
            .await
            .map_err(keychain_error)?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    async fn delete(&self, csrf_token: &str) -> Result<(), AuthError> {
        let key = Self::key_for(csrf_token);
        blocking(&self.secrets, move |s| s.delete(&key))
            .await
            .map_err(keychain_error)
    }
}
