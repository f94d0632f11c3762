//! The engine's front door: one per app (or CLI run), holding the API client, the state files and
//! the keychain. Setup, plan, health and teardown live in their own files.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::{CloudflareApi, CloudflareError, RetryPolicy, DEFAULT_API_BASE};
use gatehouse_ipc::{
    AccountCheck, CloudflareAccount, CloudflareConnection, CloudflareStatus, IdentityProviderInfo,
    IpcError, ManualAccess, ManualAccessCheck, PolicyInfo,
};
use tokio::sync::RwLock;

use crate::bundle::WorkerBundle;
use crate::names::DeploymentName;
use crate::progress::ProgressSink;
use crate::state::{DeploymentState, DeploymentStore};
use crate::{input, oidc, secrets, token, worker_url, ProvisionError, Result, TOKEN_PAGE_URL};

/// The permissions an API token needs for the whole setup, as Cloudflare's token page names them.
pub const REQUIRED_PERMISSIONS: &[&str] = &[
    "Account · Workers Scripts · Edit",
    "Account · Workers KV Storage · Edit",
    "Account · Access: Apps and Policies · Edit",
    "Account · Access: Organizations, Identity Providers, and Groups · Edit",
];

/// The environment variable that points Gatehouse at another Cloudflare API (the local one).
pub const API_BASE_ENV: &str = "GATEHOUSE_CLOUDFLARE_API";

/// The local Cloudflare's token, which `make run` hands to the app so the wizard can offer it.
/// Read only when the API is on loopback.
pub const LOCAL_TOKEN_ENV: &str = "GATEHOUSE_LOCAL_CLOUDFLARE_TOKEN";

pub struct Provisioner {
    pub(crate) api_base: String,
    api: RwLock<Option<CloudflareApi>>,
    retry: Option<RetryPolicy>,
    pub(crate) http: reqwest::Client,
    pub(crate) store: DeploymentStore,
    pub(crate) secrets: SharedSecrets,
    pub(crate) progress: Arc<dyn ProgressSink>,
    pub(crate) bundle: &'static WorkerBundle,
    running: Mutex<HashSet<String>>,
}

/// Marks a deployment busy for as long as it lives.
pub(crate) struct Busy<'a> {
    running: &'a Mutex<HashSet<String>>,
    name: String,
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        if let Ok(mut running) = self.running.lock() {
            running.remove(&self.name);
        }
    }
}

impl Provisioner {
    /// `api_base`: `None` reads [`API_BASE_ENV`], else the real Cloudflare API.
    pub fn new(
        api_base: Option<String>,
        settings_dir: &Path,
        secrets: SharedSecrets,
        progress: Arc<dyn ProgressSink>,
    ) -> Result<Self> {
        let api_base = api_base
            .or_else(|| std::env::var(API_BASE_ENV).ok())
            .map(|b| b.trim().trim_end_matches('/').to_string())
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| DEFAULT_API_BASE.to_string());
        // Refuse a bad base URL now rather than at the first click.
        CloudflareApi::new(&api_base, Sensitive::new(String::new()))?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                ProvisionError::Internal(format!("the HTTP client could not start ({e})"))
            })?;
        Ok(Self {
            api_base,
            api: RwLock::new(None),
            retry: None,
            http,
            store: DeploymentStore::new(settings_dir),
            secrets,
            progress,
            bundle: WorkerBundle::embedded(),
            running: Mutex::default(),
        })
    }

    /// How API calls are retried (tests make it quick).
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    fn client(&self, token: Sensitive<String>) -> Result<CloudflareApi> {
        let api = CloudflareApi::new(&self.api_base, token)?;
        Ok(match &self.retry {
            Some(policy) => api.with_retry(policy.clone()),
            None => api,
        })
    }

    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    pub fn is_local(&self) -> bool {
        url::Url::parse(&self.api_base)
            .ok()
            .and_then(|u| u.host_str().map(gatehouse_cloudflare::is_loopback_host))
            .unwrap_or(false)
    }

    pub async fn status(&self) -> Result<CloudflareStatus> {
        let has_token =
            self.api.read().await.is_some() || secrets::api_token(&self.secrets).await?.is_some();
        Ok(CloudflareStatus {
            api_base: self.api_base.clone(),
            local: self.is_local(),
            has_token,
            required_permissions: REQUIRED_PERMISSIONS.iter().map(|p| p.to_string()).collect(),
            token_page_url: TOKEN_PAGE_URL.into(),
            local_token: self
                .is_local()
                .then(|| std::env::var(LOCAL_TOKEN_ENV).ok())
                .flatten()
                .filter(|t| !t.is_empty()),
        })
    }

    /// Uses this token for this process only (the CLI's CLOUDFLARE_API_TOKEN).
    pub async fn use_token(&self, token: Sensitive<String>) -> Result<()> {
        *self.api.write().await = Some(self.client(token)?);
        Ok(())
    }

    /// Checks a token (or the kept one), user or account API token, keeps a new one in the keychain,
    /// and lists the accounts it can use (an account API token: its own account).
    pub async fn connect(&self, token: Option<Sensitive<String>>) -> Result<CloudflareConnection> {
        let api = match token {
            Some(token) => {
                let token = Sensitive::new(token.expose().trim().to_string());
                if token.expose().is_empty() {
                    return Err(ProvisionError::invalid(
                        "The API token is empty.",
                        format!("Create a token at {TOKEN_PAGE_URL} and paste it here."),
                    ));
                }
                let api = self.client(token.clone())?;
                let kind = token::verify(&api, None).await?;
                secrets::save_api_token(&self.secrets, &token).await?;
                *self.api.write().await = Some(api.clone());
                (api, kind)
            }
            None => {
                let api = self.api().await?;
                let kind = token::verify(&api, None).await?;
                (api, kind)
            }
        };
        let (api, token_kind) = api;
        let accounts = api.list_accounts().await?;
        Ok(CloudflareConnection {
            token_kind,
            accounts: accounts
                .into_iter()
                .map(|a| CloudflareAccount {
                    id: a.id,
                    name: a.name,
                })
                .collect(),
        })
    }

    pub async fn forget_token(&self) -> Result<()> {
        *self.api.write().await = None;
        secrets::forget_api_token(&self.secrets).await
    }

    /// The API client, with the token from memory or the keychain.
    pub async fn api(&self) -> Result<CloudflareApi> {
        if let Some(api) = self.api.read().await.as_ref() {
            return Ok(api.clone());
        }
        let token = secrets::api_token(&self.secrets)
            .await?
            .ok_or(ProvisionError::NoToken)?;
        let api = self.client(token)?;
        *self.api.write().await = Some(api.clone());
        Ok(api)
    }

    /// What the account has that setup relies on; each missing piece is a problem with its fix.
    pub async fn check_account(&self, account_id: &str) -> Result<AccountCheck> {
        let api = self.api().await?;
        let (org, subdomain, idps, policies) = tokio::join!(
            api.zero_trust_organization(account_id),
            api.workers_subdomain(account_id),
            api.list_identity_providers(account_id),
            api.list_policies(account_id),
        );
        let mut problems: Vec<IpcError> = Vec::new();
        let auth_domain = match org {
            Ok(org) => Some(org.auth_domain),
            Err(CloudflareError::NotFound { .. }) => {
                problems.push(ProvisionError::NoOrganization.into());
                None
            }
            Err(e) => {
                problems.push(ProvisionError::from(e).into());
                None
            }
        };
        let workers_subdomain = match subdomain {
            Ok(sub) => Some(sub),
            Err(CloudflareError::NotFound { .. }) => {
                problems.push(ProvisionError::NoWorkersSubdomain.into());
                None
            }
            Err(e) => {
                problems.push(ProvisionError::from(e).into());
                None
            }
        };
        let identity_providers = match idps {
            Ok(list) => list
                .into_iter()
                .map(|p| IdentityProviderInfo {
                    id: p.id,
                    name: p.name,
                    kind: p.kind,
                })
                .collect(),
            Err(e) => {
                problems.push(ProvisionError::from(e).into());
                Vec::new()
            }
        };
        let policies = match policies {
            Ok(list) => list
                .into_iter()
                .filter(|p| p.decision == "allow")
                .map(|p| PolicyInfo {
                    summary: input::describe_rules(&p.include),
                    id: p.id,
                    name: p.name,
                })
                .collect(),
            Err(e) => {
                problems.push(ProvisionError::from(e).into());
                Vec::new()
            }
        };
        problems.dedup_by(|a, b| a.message == b.message);
        Ok(AccountCheck {
            auth_domain,
            workers_subdomain,
            identity_providers,
            policies,
            problems,
        })
    }

    /// The URL the Access application must redirect to: `<worker>/callback`.
    pub async fn redirect_url(&self, account_id: &str, name: &str) -> Result<String> {
        let name = DeploymentName::parse(name)?;
        if let Some(url) = self.store.load(name.as_str())?.and_then(|s| s.worker_url) {
            return Ok(format!("{url}/callback"));
        }
        let api = self.api().await?;
        let subdomain = match api.workers_subdomain(account_id).await {
            Ok(sub) => sub,
            Err(CloudflareError::NotFound { .. }) => {
                return Err(ProvisionError::NoWorkersSubdomain)
            }
            Err(e) => return Err(e.into()),
        };
        let url = match worker_url::resolve(&api, &self.http, name.script(), &subdomain).await {
            Ok(url) => url,
            // Locally the origin exists only once the script is uploaded.
            Err(_) => worker_url::workers_dev_url(name.script(), &subdomain),
        };
        Ok(format!("{url}/callback"))
    }

    /// Checks pasted Access application values by fetching their discovery document.
    pub async fn check_manual(&self, manual: &ManualAccess) -> Result<ManualAccessCheck> {
        let endpoints = oidc::discover(&self.http, &manual.discovery_url, None).await?;
        Ok(ManualAccessCheck {
            issuer: endpoints.issuer,
            authorization_endpoint: endpoints.authorization,
            token_endpoint: endpoints.token,
            jwks_uri: endpoints.jwks,
        })
    }

    pub fn deployments(&self) -> Result<Vec<DeploymentState>> {
        self.store.list()
    }

    /// The deployment, if one of that name was set up from here.
    pub fn find_deployment(&self, name: &str) -> Result<Option<DeploymentState>> {
        self.store.load(name)
    }

    pub fn deployment(&self, name: &str) -> Result<DeploymentState> {
        self.find_deployment(name)?
            .ok_or_else(|| ProvisionError::UnknownDeployment(name.to_string()))
    }

    /// Remembers which saved server points at the deployment.
    pub fn record_server(&self, name: &str, server_id: &str) -> Result<DeploymentState> {
        let mut state = self.deployment(name)?;
        state.server_id = Some(server_id.to_string());
        self.store.save(&state)?;
        Ok(state)
    }

    /// One setup or teardown at a time per deployment.
    pub(crate) fn busy(&self, name: &str) -> Result<Busy<'_>> {
        let mut running = self
            .running
            .lock()
            .map_err(|_| ProvisionError::Internal("a lock was poisoned".into()))?;
        if !running.insert(name.to_string()) {
            return Err(ProvisionError::invalid(
                format!("\"{name}\" is already being set up or torn down."),
                "Wait for it to finish.",
            ));
        }
        Ok(Busy {
            running: &self.running,
            name: name.to_string(),
        })
    }
}

/// The app's Cloudflare API setting: [`API_BASE_ENV`], else `apiBase` in `<settings>/cloudflare.json`,
/// else `None` (the real Cloudflare API).
pub fn api_base_setting(settings_dir: &Path) -> Option<String> {
    if let Some(base) = std::env::var(API_BASE_ENV)
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        return Some(base);
    }
    let text = std::fs::read_to_string(settings_dir.join("cloudflare.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["apiBase"].as_str().map(str::to_string)
}
