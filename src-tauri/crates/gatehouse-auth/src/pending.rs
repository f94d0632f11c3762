//! Logins waiting for the browser. What finishing one needs (it may hold a client secret) and
//! rmcp's PKCE verifier live in the keychain under the login's `state`; both are forgotten on
//! every ending (tokens stored, a failure, a refusal, a cancel) and, for logins abandoned in the
//! browser, once they expire. The keychain cannot list its entries, so an index of the waiting
//! states is kept beside them.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::secrets::{blocking, SecretStore, SharedSecrets};
use crate::{AuthFailure, KeychainStateStore, Result};

/// How long a started login may wait for its callback.
pub const PENDING_LOGIN_TTL_SECS: u64 = 15 * 60;

const INDEX_KEY: &str = "oauth-logins";

/// Kept in the keychain while a login waits.
#[derive(Serialize, Deserialize)]
pub(crate) struct PendingLogin {
    pub server_url: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: String,
    pub created_at: u64,
    /// Whom the outcome belongs to (the app's server id), handed back when the login ends.
    #[serde(default)]
    pub owner: Option<String>,
    /// Registered dynamically for this login: remembered for later logins once this one completes.
    #[serde(default)]
    pub dynamic: bool,
    /// How the client authenticates at the token endpoint, when it has a secret.
    #[serde(default)]
    pub auth_method: Option<String>,
    /// The `WWW-Authenticate` value the login started from: finishing the login finds the
    /// metadata where starting it did (a `resource_metadata` at a custom path).
    #[serde(default)]
    pub challenge: Option<String>,
}

impl PendingLogin {
    pub fn expired(&self, now: u64) -> bool {
        now.saturating_sub(self.created_at) > PENDING_LOGIN_TTL_SECS
    }
}

#[derive(Serialize, Deserialize)]
struct Waiting {
    state: String,
    created_at: u64,
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn pending_key(state: &str) -> String {
    format!("oauth-login:{state}")
}

/// Serialises this process's changes to the index (read, change, write).
static INDEX_LOCK: Mutex<()> = Mutex::new(());
/// The states being finished in this process: the same link handled twice finishes once.
static FINISHING: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// Held while one callback finishes a login; the state is free again when it drops.
pub(crate) struct Claim(String);

impl Drop for Claim {
    fn drop(&mut self) {
        let mut finishing = FINISHING.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(set) = finishing.as_mut() {
            set.remove(&self.0);
        }
    }
}

/// Claims `state` for one finisher; `None` when another is already finishing it.
pub(crate) fn claim(state: &str) -> Option<Claim> {
    let mut finishing = FINISHING.lock().unwrap_or_else(|p| p.into_inner());
    finishing
        .get_or_insert_with(HashSet::new)
        .insert(state.to_string())
        .then(|| Claim(state.to_string()))
}

fn read_index(s: &dyn SecretStore) -> Result<Vec<Waiting>> {
    Ok(s.get(INDEX_KEY)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

fn write_index(s: &dyn SecretStore, index: &[Waiting]) -> Result<()> {
    if index.is_empty() {
        return s.delete(INDEX_KEY);
    }
    let json = serde_json::to_string(index).map_err(|e| AuthFailure::Other(e.to_string()))?;
    s.set(INDEX_KEY, &json)
}

fn delete_entries(s: &dyn SecretStore, state: &str) -> Result<()> {
    s.delete(&pending_key(state))?;
    s.delete(&KeychainStateStore::key_for(state))
}

/// Forgets every login that waited longer than [`PENDING_LOGIN_TTL_SECS`].
fn sweep(s: &dyn SecretStore, index: &mut Vec<Waiting>, now: u64) -> Result<()> {
    let mut kept = Vec::with_capacity(index.len());
    for waiting in index.drain(..) {
        if now.saturating_sub(waiting.created_at) > PENDING_LOGIN_TTL_SECS {
            delete_entries(s, &waiting.state)?;
        } else {
            kept.push(waiting);
        }
    }
    *index = kept;
    Ok(())
}

/// Keeps a new waiting login, and forgets the expired ones on the way.
pub(crate) async fn remember(
    secrets: &SharedSecrets,
    state: &str,
    pending: &PendingLogin,
) -> Result<()> {
    let json = serde_json::to_string(pending).map_err(|e| AuthFailure::Other(e.to_string()))?;
    let (state, created_at) = (state.to_string(), pending.created_at);
    blocking(secrets, move |s| {
        let _guard = INDEX_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        let mut index = read_index(s)?;
        sweep(s, &mut index, now_secs())?;
        s.set(&pending_key(&state), &json)?;
        index.push(Waiting { state, created_at });
        write_index(s, &index)
    })
    .await
}

pub(crate) async fn load(secrets: &SharedSecrets, state: &str) -> Result<Option<PendingLogin>> {
    let key = pending_key(state);
    Ok(blocking(secrets, move |s| s.get(&key))
        .await?
        .and_then(|json| serde_json::from_str(&json).ok()))
}

/// Forgets one login: what finishing it needed, its PKCE verifier, its place in the index.
pub(crate) async fn forget(secrets: &SharedSecrets, state: &str) -> Result<()> {
    let state = state.to_string();
    blocking(secrets, move |s| {
        let _guard = INDEX_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        delete_entries(s, &state)?;
        let mut index = read_index(s)?;
        index.retain(|w| w.state != state);
        write_index(s, &index)
    })
    .await
}

/// Forgets every expired login (the app calls this as it starts).
pub async fn forget_expired(secrets: &SharedSecrets) -> Result<()> {
    blocking(secrets, move |s| {
        let _guard = INDEX_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        let mut index = read_index(s)?;
        sweep(s, &mut index, now_secs())?;
        write_index(s, &index)
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::MemorySecretStore;

    fn pending(created_at: u64) -> PendingLogin {
        PendingLogin {
            server_url: "https://mcp.example/mcp".into(),
            client_id: "c".into(),
            client_secret: Some("s3cr3t".into()),
            redirect_uri: "dev.gatehouse.app:/oauth/callback".into(),
            created_at,
            owner: Some("server-1".into()),
            dynamic: true,
            auth_method: None,
            challenge: None,
        }
    }

    #[tokio::test]
    async fn forgetting_a_login_leaves_nothing_in_the_keychain() {
        let memory = MemorySecretStore::new();
        let secrets: SharedSecrets = Arc::new(memory.clone());
        remember(&secrets, "st", &pending(now_secs()))
            .await
            .unwrap();
        memory
            .set(&KeychainStateStore::key_for("st"), "{}")
            .unwrap();
        assert!(load(&secrets, "st").await.unwrap().is_some());
        forget(&secrets, "st").await.unwrap();
        assert!(memory.keys().is_empty(), "{:?}", memory.keys());
    }

    #[tokio::test]
    async fn an_abandoned_login_is_forgotten_once_it_expires() {
        let memory = MemorySecretStore::new();
        let secrets: SharedSecrets = Arc::new(memory.clone());
        let long_ago = now_secs() - PENDING_LOGIN_TTL_SECS - 1;
        remember(&secrets, "old", &pending(long_ago)).await.unwrap();
        memory
            .set(&KeychainStateStore::key_for("old"), "{}")
            .unwrap();
        // A later login sweeps it away.
        remember(&secrets, "new", &pending(now_secs()))
            .await
            .unwrap();
        let keys = memory.keys();
        assert!(!keys.iter().any(|k| k.contains("old")), "{keys:?}");
        assert!(keys.contains(&"oauth-login:new".to_string()), "{keys:?}");

        // And the app's start sweeps what is left once it is old enough.
        forget(&secrets, "new").await.unwrap();
        remember(&secrets, "stale", &pending(long_ago))
            .await
            .unwrap();
        forget_expired(&secrets).await.unwrap();
        assert!(memory.keys().is_empty(), "{:?}", memory.keys());
    }

    #[test]
    fn a_state_is_claimed_by_one_finisher_at_a_time() {
        let first = claim("same").expect("first claim");
        assert!(claim("same").is_none());
        drop(first);
        assert!(claim("same").is_some());
    }
}
