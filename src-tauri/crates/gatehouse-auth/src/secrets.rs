//! Where secrets live: the OS keychain, and nowhere else.
//!
//! [`KeyringSecretStore`] uses the `keyring` crate (macOS Keychain, Windows Credential Manager,
//! the Secret Service on Linux). When the keychain cannot be used, operations fail with
//! [`AuthFailure::KeychainUnavailable`]; there is deliberately no plaintext fallback.
//! [`MemorySecretStore`] keeps secrets in process memory, for tests and one-shot CLI runs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::{AuthFailure, Result};

/// The keychain service every Gatehouse secret is filed under. Deliberately not the bundle identifier
/// (`dev.gatehouse.desktop`): it names where logins are kept and never changes with packaging.
pub const KEYCHAIN_SERVICE: &str = "dev.gatehouse.app";

/// A place to keep secrets by name. Calls may block (the keychain talks to a system daemon).
pub trait SecretStore: Send + Sync + 'static {
    fn get(&self, key: &str) -> Result<Option<String>>;
    fn set(&self, key: &str, value: &str) -> Result<()>;
    /// Deleting what is not there is not an error.
    fn delete(&self, key: &str) -> Result<()>;
}

/// Shared handle used throughout the crate.
pub type SharedSecrets = Arc<dyn SecretStore>;

/// Runs a blocking secret-store call off the async runtime's worker threads.
pub async fn blocking<T: Send + 'static>(
    secrets: &SharedSecrets,
    f: impl FnOnce(&dyn SecretStore) -> Result<T> + Send + 'static,
) -> Result<T> {
    let secrets = Arc::clone(secrets);
    tokio::task::spawn_blocking(move || f(secrets.as_ref()))
        .await
        .map_err(|e| AuthFailure::Other(format!("keychain task failed: {e}")))?
}

/// A store failure as rmcp's stores report it.
pub(crate) fn store_error(e: impl std::fmt::Display) -> rmcp::transport::auth::AuthError {
    rmcp::transport::auth::AuthError::CredentialStoreError(e.to_string())
}

/// A keychain failure as rmcp reports it, without repeating "the keychain is unavailable".
pub(crate) fn keychain_error(e: AuthFailure) -> rmcp::transport::auth::AuthError {
    match e {
        AuthFailure::KeychainUnavailable(why) => store_error(why),
        other => store_error(other),
    }
}

/// The OS keychain.
///
/// Windows Credential Manager caps one secret near 2.5 KB, so values longer than
/// [`CHUNK_LEN`] are split over several entries (`key`, `key#1`, `key#2`, …).
pub struct KeyringSecretStore {
    service: String,
}

/// The longest value kept in one keychain entry.
pub const CHUNK_LEN: usize = 1800;
const CHUNKED_PREFIX: &str = "gatehouse-chunked:";

impl KeyringSecretStore {
    /// Secrets under [`KEYCHAIN_SERVICE`], or the service named by `GATEHOUSE_KEYCHAIN_SERVICE`
    /// (tests use it to stay apart from a real installation).
    pub fn new() -> Self {
        let service = std::env::var("GATEHOUSE_KEYCHAIN_SERVICE")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| KEYCHAIN_SERVICE.to_string());
        Self { service }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, key).map_err(unavailable)
    }

    fn get_one(&self, key: &str) -> Result<Option<String>> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn set_one(&self, key: &str, value: &str) -> Result<()> {
        self.entry(key)?.set_password(value).map_err(unavailable)
    }

    fn delete_one(&self, key: &str) -> Result<()> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn chunk_count(head: &str) -> Option<usize> {
        head.strip_prefix(CHUNKED_PREFIX)?.parse().ok()
    }
}

impl Default for KeyringSecretStore {
    fn default() -> Self {
        Self::new()
    }
}

fn unavailable(error: keyring::Error) -> AuthFailure {
    // keyring's messages describe the platform failure, never the secret.
    AuthFailure::KeychainUnavailable(error.to_string())
}

impl SecretStore for KeyringSecretStore {
    fn get(&self, key: &str) -> Result<Option<String>> {
        let Some(head) = self.get_one(key)? else {
            return Ok(None);
        };
        let Some(count) = Self::chunk_count(&head) else {
            return Ok(Some(head));
        };
        let mut value = String::new();
        for i in 1..=count {
            match self.get_one(&format!("{key}#{i}"))? {
                Some(part) => value.push_str(&part),
                // A torn write: treat as absent rather than hand back a truncated secret.
                None => return Ok(None),
            }
        }
        Ok(Some(value))
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        let previous = self
            .get_one(key)?
            .as_deref()
            .and_then(Self::chunk_count)
            .unwrap_or(0);
        if value.len() <= CHUNK_LEN && !value.starts_with(CHUNKED_PREFIX) {
            self.set_one(key, value)?;
        } else {
            let parts = split_at_char_boundaries(value, CHUNK_LEN);
            for (i, part) in parts.iter().enumerate() {
                self.set_one(&format!("{key}#{}", i + 1), part)?;
            }
            self.set_one(key, &format!("{CHUNKED_PREFIX}{}", parts.len()))?;
            for i in parts.len() + 1..=previous {
                self.delete_one(&format!("{key}#{i}"))?;
            }
            return Ok(());
        }
        for i in 1..=previous {
            self.delete_one(&format!("{key}#{i}"))?;
        }
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<()> {
        let count = self
            .get_one(key)?
            .as_deref()
            .and_then(Self::chunk_count)
            .unwrap_or(0);
        for i in 1..=count {
            self.delete_one(&format!("{key}#{i}"))?;
        }
        self.delete_one(key)
    }
}

fn split_at_char_boundaries(value: &str, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let mut end = rest.len().min(max);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (part, tail) = rest.split_at(end);
        parts.push(part);
        rest = tail;
    }
    parts
}

/// Secrets in process memory only: for tests, and for the CLI's `--no-keychain` runs.
#[derive(Default, Clone)]
pub struct MemorySecretStore {
    values: Arc<Mutex<HashMap<String, String>>>,
}

impl MemorySecretStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// The keys currently held (for tests that check what was stored).
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.lock().keys().cloned().collect();
        keys.sort();
        keys
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // A poisoned map still holds consistent strings; keep using it.
        self.values
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self.lock().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.lock().insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.lock().remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_value_without_splitting_characters() {
        let value = "é".repeat(2000);
        let parts = split_at_char_boundaries(&value, CHUNK_LEN);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.len() <= CHUNK_LEN));
        assert_eq!(parts.concat(), value);
    }

    #[test]
    fn keyring_errors_are_reported_as_an_unavailable_keychain() {
        // keyring's mock stands in for the platform store.
        keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
        let entry = keyring::Entry::new("dev.gatehouse.test", "k").expect("mock entry");
        let mock: &keyring::mock::MockCredential = entry
            .get_credential()
            .downcast_ref()
            .expect("a mock credential");
        mock.set_error(keyring::Error::PlatformFailure("locked".into()));
        let failure = unavailable(entry.get_password().expect_err("mock error"));
        assert!(matches!(failure, AuthFailure::KeychainUnavailable(_)));
        let ipc: gatehouse_ipc::IpcError = failure.into();
        assert_eq!(ipc.code, gatehouse_ipc::ErrorCode::KeychainUnavailable);
        assert!(ipc.fix.is_some_and(|f| f.contains("keychain")));
    }

    #[test]
    fn memory_store_round_trips_and_deletes() {
        let store = MemorySecretStore::new();
        store.set("a", "1").unwrap();
        assert_eq!(store.get("a").unwrap().as_deref(), Some("1"));
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert_eq!(store.get("a").unwrap(), None);
    }
}
