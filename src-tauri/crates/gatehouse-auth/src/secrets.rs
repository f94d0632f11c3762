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
/// Windows Credential Manager refuses a secret whose stored form exceeds
/// [`WINDOWS_MAX_BLOB_BYTES`]; keyring stores passwords there as UTF-16, so values longer than
/// [`CHUNK_UTF16_UNITS`] UTF-16 code units are split over several entries (`key`, `key#1`, …).
/// The same split is used on every platform, so an entry written anywhere reads back anywhere.
pub struct KeyringSecretStore {
    service: String,
}

/// `CRED_MAX_CREDENTIAL_BLOB_SIZE` (5 × 512 bytes): keyring's windows-native store refuses a
/// password when `password.encode_utf16().count() * 2` exceeds it.
pub const WINDOWS_MAX_BLOB_BYTES: usize = 5 * 512;
/// The longest value kept in one keychain entry, in UTF-16 code units (what Windows stores),
/// with room under [`WINDOWS_MAX_BLOB_BYTES`].
pub const CHUNK_UTF16_UNITS: usize = 1200;
const CHUNKED_PREFIX: &str = "gatehouse-chunked:";

fn utf16_len(value: &str) -> usize {
    value.encode_utf16().count()
}

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
        let chunks = match entries_for(value) {
            Entries::Whole(value) => {
                self.set_one(key, value)?;
                0
            }
            Entries::Chunked { head, parts } => {
                for (i, part) in parts.iter().enumerate() {
                    self.set_one(&format!("{key}#{}", i + 1), part)?;
                }
                self.set_one(key, &head)?;
                parts.len()
            }
        };
        for i in chunks + 1..=previous {
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

/// What [`KeyringSecretStore::set`] writes for a value.
enum Entries<'a> {
    /// The value fits one entry.
    Whole(&'a str),
    /// `head` (the chunk count) under the key, `parts[i]` under `key#i+1`.
    Chunked { head: String, parts: Vec<&'a str> },
}

fn entries_for(value: &str) -> Entries<'_> {
    if utf16_len(value) <= CHUNK_UTF16_UNITS && !value.starts_with(CHUNKED_PREFIX) {
        return Entries::Whole(value);
    }
    let parts = split_for_keychain(value);
    Entries::Chunked {
        head: format!("{CHUNKED_PREFIX}{}", parts.len()),
        parts,
    }
}

/// Splits `value` into parts of at most [`CHUNK_UTF16_UNITS`] UTF-16 code units each, never
/// inside a character (a surrogate pair stays whole).
fn split_for_keychain(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut units) = (0, 0);
    for (at, c) in value.char_indices() {
        if units + c.len_utf16() > CHUNK_UTF16_UNITS {
            parts.push(&value[start..at]);
            (start, units) = (at, 0);
        }
        units += c.len_utf16();
    }
    if start < value.len() {
        parts.push(&value[start..]);
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

    /// keyring 3.6.3's windows-native check before it writes a password (validate_attributes).
    fn windows_accepts(password: &str) -> bool {
        password.encode_utf16().count() * 2 <= WINDOWS_MAX_BLOB_BYTES
    }

    /// Every string `set` hands to the keychain for `value`, and the value read back from them.
    fn entries_written(value: &str) -> (Vec<String>, String) {
        match entries_for(value) {
            Entries::Whole(v) => (vec![v.to_string()], v.to_string()),
            Entries::Chunked { head, parts } => {
                let mut all = vec![head];
                all.extend(parts.iter().map(|p| p.to_string()));
                (all, parts.concat())
            }
        }
    }

    #[test]
    fn every_entry_fits_what_windows_credential_manager_accepts() {
        let jwt_like = format!(
            "{{\"access_token\":\"{}\",\"refresh_token\":\"{}\"}}",
            "eyJhbGciOiJSUzI1NiJ9.".repeat(120),
            "r".repeat(900)
        );
        for value in [
            "a".repeat(1800),
            "a".repeat(10_000),
            jwt_like,
            "é".repeat(3000),
            "€".repeat(3000),
            "😀".repeat(2000),
            format!("{}😀", "a".repeat(CHUNK_UTF16_UNITS - 1)),
        ] {
            let (entries, read_back) = entries_written(&value);
            for entry in &entries {
                assert!(
                    windows_accepts(entry),
                    "an entry of {} UTF-16 units would be refused",
                    utf16_len(entry)
                );
            }
            assert_eq!(read_back, value);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_value_splits_into_entries_windows_accepts(value in "\\PC{0,4000}") {
            let parts = split_for_keychain(&value);
            proptest::prop_assert_eq!(parts.concat(), value.clone());
            for part in parts {
                proptest::prop_assert!(windows_accepts(part));
                proptest::prop_assert!(!part.is_empty());
            }
        }
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
