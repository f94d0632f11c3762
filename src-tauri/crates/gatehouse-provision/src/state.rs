//! What a deployment created, one JSON file per deployment. Nothing secret goes in it: the Access
//! client secret and the cookie key live in the keychain ([`crate::secrets`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use gatehouse_ipc::{AllowedUsers, Deployment, SetupStep};
use serde::{Deserialize, Serialize};

use crate::{ProvisionError, Result};

/// The choices setup was started with, minus secrets: a re-run resumes with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum AccessChoice {
    Automatic {
        allowed: AllowedUsers,
        refresh_tokens: bool,
        add_one_time_pin: bool,
    },
    Manual {
        client_id: String,
        discovery_url: String,
    },
}

/// Something setup found or made; `created` decides whether teardown removes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    pub name: String,
    pub created: bool,
}

/// The OIDC endpoints of the Access application, as its discovery document states them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OidcEndpoints {
    pub issuer: String,
    pub authorization: String,
    pub token: String,
    pub jwks: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentState {
    pub name: String,
    pub account_id: String,
    pub api_base: String,
    pub access: AccessChoice,
    pub auth_domain: Option<String>,
    pub identity_provider: Option<Resource>,
    pub policy: Option<Resource>,
    pub kv_namespace: Option<Resource>,
    /// The bundle fingerprint of the last successful upload.
    pub worker_uploaded: Option<String>,
    pub workers_subdomain: Option<String>,
    pub workers_dev_enabled: bool,
    pub worker_url: Option<String>,
    pub access_app: Option<AccessAppRecord>,
    pub oidc: Option<OidcEndpoints>,
    /// A keyed fingerprint of the six values last put as the Worker's secrets
    /// ([`crate::secrets::values_fingerprint`]); any change to one of them makes it differ.
    pub secrets_put_for: Option<String>,
    pub checked: bool,
    pub server_id: Option<String>,
    pub completed_at: Option<u64>,
    /// The Durable Object migration tag the script is at, as of the last upload Cloudflare
    /// confirmed. Older state files lack it: a recorded upload then means the manifest's tag.
    #[serde(default)]
    pub migration_tag: Option<String>,
    /// Creates that were sent and not yet recorded as answered.
    #[serde(default)]
    pub sent: SentCreates,
}

/// A create is marked here before it is sent and unmarked once its answer is recorded. A mark left
/// behind means the run stopped in between (a crash, or an answer lost after Cloudflare carried the
/// request out): the next run looks for what that create made before creating again, and only then
/// treats a resource with this deployment's name as its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCreates {
    /// The name of the one-time PIN login method asked for.
    #[serde(default)]
    pub identity_provider: Option<String>,
    /// The title of the KV namespace asked for.
    #[serde(default)]
    pub kv_namespace: Option<String>,
    /// The name of the Access application asked for.
    #[serde(default)]
    pub access_app: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessAppRecord {
    pub id: Option<String>,
    pub name: String,
    pub client_id: String,
    pub created: bool,
}

impl DeploymentState {
    pub fn new(name: &str, account_id: &str, api_base: &str, access: AccessChoice) -> Self {
        Self {
            name: name.into(),
            account_id: account_id.into(),
            api_base: api_base.into(),
            access,
            auth_domain: None,
            identity_provider: None,
            policy: None,
            kv_namespace: None,
            worker_uploaded: None,
            workers_subdomain: None,
            workers_dev_enabled: false,
            worker_url: None,
            access_app: None,
            oidc: None,
            secrets_put_for: None,
            checked: false,
            server_id: None,
            completed_at: None,
            migration_tag: None,
            sent: SentCreates::default(),
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self.access, AccessChoice::Manual { .. })
    }

    /// The first step a re-run still has to do.
    pub fn next_step(&self) -> Option<SetupStep> {
        let manual = self.is_manual();
        if !manual && self.auth_domain.is_none() {
            return Some(SetupStep::ReadOrganization);
        }
        if !manual && self.policy.is_none() {
            return Some(SetupStep::Policy);
        }
        if self.kv_namespace.is_none() {
            return Some(SetupStep::KvNamespace);
        }
        if self.worker_uploaded.is_none() {
            return Some(SetupStep::UploadWorker);
        }
        if self.worker_url.is_none() {
            return Some(SetupStep::WorkersSubdomain);
        }
        if !self.workers_dev_enabled {
            return Some(SetupStep::EnableWorkersDev);
        }
        if self.oidc.is_none() {
            return Some(SetupStep::AccessApp);
        }
        if self.secrets_put_for.is_none() {
            return Some(SetupStep::WorkerSecrets);
        }
        if !self.checked {
            return Some(SetupStep::CheckWorker);
        }
        None
    }

    pub fn mcp_url(&self) -> Option<String> {
        self.worker_url
            .as_ref()
            .map(|u| format!("{}/mcp", u.trim_end_matches('/')))
    }

    /// The deployment as the UI shows it.
    pub fn summary(&self) -> Deployment {
        let next_step = self.next_step();
        Deployment {
            name: self.name.clone(),
            account_id: self.account_id.clone(),
            api_base: self.api_base.clone(),
            complete: next_step.is_none() && self.completed_at.is_some(),
            next_step,
            worker_url: self.worker_url.clone(),
            mcp_url: self.mcp_url(),
            access_app_id: self.access_app.as_ref().and_then(|a| a.id.clone()),
            access_app_name: self.access_app.as_ref().map(|a| a.name.clone()),
            policy_name: self.policy.as_ref().map(|p| p.name.clone()),
            server_id: self.server_id.clone(),
            manual_access: self.is_manual(),
            completed_at: self.completed_at,
        }
    }
}

/// Makes each temporary file name of this process unique.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.flush()?;
    file.sync_all()
}

/// Makes a rename in `dir` durable. Windows cannot open a folder as a file; NTFS journals the
/// rename itself.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if cfg!(windows) {
        return Ok(());
    }
    std::fs::File::open(dir)?.sync_all()
}

/// A deployment held by this process (released when dropped, or when the process ends).
#[derive(Debug)]
pub struct DeploymentLock {
    _file: std::fs::File,
}

/// The folder of state files, `<settings>/deployments/<name>.json`.
#[derive(Debug, Clone)]
pub struct DeploymentStore {
    dir: PathBuf,
}

impl DeploymentStore {
    pub fn new(settings_dir: &Path) -> Self {
        Self {
            dir: settings_dir.join("deployments"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    pub fn load(&self, name: &str) -> Result<Option<DeploymentState>> {
        match std::fs::read_to_string(self.path(name)) {
            Ok(text) => {
                serde_json::from_str(&text)
                    .map(Some)
                    .map_err(|e| ProvisionError::DamagedState {
                        name: name.to_string(),
                        reason: e.to_string(),
                    })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ProvisionError::Storage(e.to_string())),
        }
    }

    /// Written to a temporary file of its own (two writers never share one), flushed to disk,
    /// renamed over the old file, and the folder flushed too: a crash or a second writer leaves
    /// either the old file or the new one, never a mix.
    pub fn save(&self, state: &DeploymentState) -> Result<()> {
        let storage = |e: std::io::Error| ProvisionError::Storage(e.to_string());
        std::fs::create_dir_all(&self.dir).map_err(storage)?;
        let text = serde_json::to_string_pretty(state)
            .map_err(|e| ProvisionError::Storage(e.to_string()))?;
        let tmp = self.dir.join(format!(
            ".{}.json.{}-{}.tmp",
            state.name,
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = write_synced(&tmp, text.as_bytes())
            .and_then(|()| std::fs::rename(&tmp, self.path(&state.name)));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(storage(e));
        }
        sync_dir(&self.dir).map_err(storage)
    }

    /// Holds the deployment for this process until the lock is dropped; another process (the
    /// app and the CLI, two windows) gets `None` meanwhile. The lock file stays next to the
    /// state file: removing it could let two processes lock two different files.
    pub fn lock(&self, name: &str) -> Result<Option<DeploymentLock>> {
        let storage = |e: std::io::Error| ProvisionError::Storage(e.to_string());
        std::fs::create_dir_all(&self.dir).map_err(storage)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(format!(".{name}.lock")))
            .map_err(storage)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Some(DeploymentLock { _file: file })),
            Err(fs4::TryLockError::WouldBlock) => Ok(None),
            Err(fs4::TryLockError::Error(e)) => Err(storage(e)),
        }
    }

    pub fn delete(&self, name: &str) -> Result<()> {
        match std::fs::remove_file(self.path(name)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(ProvisionError::Storage(e.to_string())),
        }
    }

    /// Every deployment, by name. Damaged files are skipped (and logged) rather than hiding the rest.
    pub fn list(&self) -> Result<Vec<DeploymentState>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(ProvisionError::Storage(e.to_string())),
        };
        let mut all = Vec::new();
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().to_string();
            let Some(name) = file.strip_suffix(".json").filter(|n| !n.starts_with('.')) else {
                continue;
            };
            match self.load(name) {
                Ok(Some(state)) => all.push(state),
                Ok(None) => {}
                Err(e) => tracing::warn!("skipping deployment {name}: {e}"),
            }
        }
        all.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> DeploymentState {
        DeploymentState::new(
            "team",
            "acc",
            "https://api.cloudflare.com/client/v4",
            AccessChoice::Automatic {
                allowed: AllowedUsers::Domain {
                    domain: "example.com".into(),
                },
                refresh_tokens: true,
                add_one_time_pin: true,
            },
        )
    }

    #[test]
    fn a_saved_state_loads_back_and_lists() {
        let dir = tempfile::tempdir().unwrap();
        let store = DeploymentStore::new(dir.path());
        assert!(store.load("team").unwrap().is_none());
        let mut s = state();
        s.kv_namespace = Some(Resource {
            id: "kv1".into(),
            name: "team-oauth".into(),
            created: true,
        });
        store.save(&s).unwrap();
        assert_eq!(store.load("team").unwrap(), Some(s.clone()));
        assert_eq!(store.list().unwrap(), vec![s]);
        store.delete("team").unwrap();
        store.delete("team").unwrap();
        assert!(store.list().unwrap().is_empty());
    }

    #[test]
    fn next_step_follows_what_is_recorded() {
        let mut s = state();
        assert_eq!(s.next_step(), Some(SetupStep::ReadOrganization));
        s.auth_domain = Some("team.cloudflareaccess.com".into());
        assert_eq!(s.next_step(), Some(SetupStep::Policy));
        let manual = DeploymentState::new(
            "m",
            "acc",
            "x",
            AccessChoice::Manual {
                client_id: "c".into(),
                discovery_url: "https://t/.well-known/openid-configuration".into(),
            },
        );
        assert_eq!(manual.next_step(), Some(SetupStep::KvNamespace));
        assert!(!s.summary().complete);
    }

    #[test]
    fn concurrent_saves_never_leave_a_torn_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = DeploymentStore::new(dir.path());
        let writers: Vec<_> = (0..8)
            .map(|n| {
                let store = store.clone();
                std::thread::spawn(move || {
                    let mut s = state();
                    s.workers_subdomain = Some("x".repeat(2000 * (n + 1)));
                    for _ in 0..25 {
                        store.save(&s).unwrap();
                        // Whatever another writer did, the file reads back whole.
                        store.load("team").unwrap().expect("present");
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let left: Vec<_> = std::fs::read_dir(dir.path().join("deployments"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(left, vec!["team.json"], "no temporary files left");
    }

    #[test]
    fn a_deployment_is_locked_until_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = DeploymentStore::new(dir.path());
        // Two opens of the lock file behave as two processes do.
        let held = store.lock("team").unwrap().expect("free");
        assert!(store.lock("team").unwrap().is_none(), "held elsewhere");
        assert!(store.lock("other").unwrap().is_some());
        drop(held);
        assert!(store.lock("team").unwrap().is_some());
        assert_eq!(
            store.list().unwrap(),
            Vec::new(),
            "lock files are not deployments"
        );
    }

    #[test]
    fn a_damaged_file_is_reported_not_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let store = DeploymentStore::new(dir.path());
        std::fs::create_dir_all(dir.path().join("deployments")).unwrap();
        std::fs::write(dir.path().join("deployments/bad.json"), "{").unwrap();
        assert!(matches!(
            store.load("bad"),
            Err(ProvisionError::DamagedState { .. })
        ));
        assert!(store.list().unwrap().is_empty());
        let fix = gatehouse_ipc::IpcError::from(store.load("bad").unwrap_err())
            .fix
            .unwrap_or_default();
        assert!(!fix.contains("Move away") && fix.contains("Keep"), "{fix}");
    }
}
