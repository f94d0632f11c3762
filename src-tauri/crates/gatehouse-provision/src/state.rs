//! What a deployment created, one JSON file per deployment. Nothing secret goes in it: the Access
//! client secret and the cookie key live in the keychain ([`crate::secrets`]).

use std::path::{Path, PathBuf};

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
    /// The client ID and bundle the six secrets were last put for.
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

    /// Written to a temporary file and renamed, so a crash never leaves half a state file.
    pub fn save(&self, state: &DeploymentState) -> Result<()> {
        let storage = |e: std::io::Error| ProvisionError::Storage(e.to_string());
        std::fs::create_dir_all(&self.dir).map_err(storage)?;
        let text = serde_json::to_string_pretty(state)
            .map_err(|e| ProvisionError::Storage(e.to_string()))?;
        let tmp = self.dir.join(format!(".{}.json.tmp", state.name));
        std::fs::write(&tmp, text).map_err(storage)?;
        std::fs::rename(&tmp, self.path(&state.name)).map_err(storage)
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
    }
}
