//! The Worker itself: its upload, its workers.dev address, and the check that it asks for a login.

use std::time::{Duration, Instant};

use gatehouse_cloudflare::CloudflareError;
use serde_json::Value;

use super::run::{done, Outcome, Run};
use crate::{worker_url, ProvisionError, Result};

/// How long a new workers.dev Worker gets to start answering before the check gives up.
const WORKER_CHECK_PATIENCE: Duration = Duration::from_secs(45);

impl Run<'_> {
    pub(super) async fn upload_worker(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        let bundle = self.p.bundle;
        let fingerprint = bundle.fingerprint();
        let (Some(kv), Some(subdomain)) = (&state.kv_namespace, &state.workers_subdomain) else {
            return Err(ProvisionError::Internal(
                "the KV namespace or subdomain is not recorded".into(),
            ));
        };
        let detail = if !self.script_upload(&state, &fingerprint).await? {
            format!("Worker {} is up to date.", self.name.script())
        } else {
            // As script_upload left it (a Worker deleted in the dashboard is forgotten).
            let state = self.snapshot().await;
            let first = state.worker_uploaded.is_none();
            // Where the script's Durable Object migrations stand, as recorded; a state file from
            // before the tag was kept recorded an upload only once its migration went with it.
            let known = state.migration_tag.clone().or_else(|| {
                state
                    .worker_uploaded
                    .as_ref()
                    .and(bundle.migration_tag().map(str::to_string))
            });
            let migrations = bundle.migrations_from(known.as_deref());
            let sent_migrations = migrations.is_some();
            match self.upload(&state.account_id, &kv.id, migrations).await {
                // Cloudflare refuses a migration the script has already had. When nothing is
                // recorded, an earlier upload whose answer was lost may have applied it: the
                // script's settings tell (its Durable Object bindings exist only after it).
                Err(ProvisionError::Cloudflare(CloudflareError::Rejected { .. }))
                    if known.is_none()
                        && sent_migrations
                        && self.migrations_applied(&state.account_id).await? =>
                {
                    self.upload(&state.account_id, &kv.id, None).await?
                }
                other => other?,
            };
            let tag = bundle.migration_tag().map(str::to_string).or(known);
            self.record(|s| {
                s.worker_uploaded = Some(fingerprint);
                s.migration_tag = tag;
            })
            .await?;
            if first {
                format!("Uploaded the Worker {}.", self.name.script())
            } else {
                format!(
                    "Uploaded a new version of the Worker {}.",
                    self.name.script()
                )
            }
        };
        let url =
            worker_url::resolve(&self.api, &self.p.http, self.name.script(), subdomain).await?;
        self.record(|s| s.worker_url = Some(url)).await?;
        done(detail)
    }

    /// Whether the script exists with every Durable Object binding of this bundle, which it can
    /// have only once the bundle's migrations were applied.
    async fn migrations_applied(&self, account: &str) -> Result<bool> {
        let Some(settings) = self
            .api
            .script_settings(account, self.name.script())
            .await?
        else {
            return Ok(false);
        };
        let bound: Vec<&str> = settings
            .bindings
            .iter()
            .filter(|b| b.kind == "durable_object_namespace")
            .map(|b| b.name.as_str())
            .collect();
        let wanted = self.p.bundle.durable_object_bindings();
        Ok(!wanted.is_empty() && wanted.iter().all(|name| bound.contains(name)))
    }

    async fn upload(&self, account: &str, kv_id: &str, migrations: Option<Value>) -> Result<()> {
        let upload = self.p.bundle.upload(kv_id, migrations);
        self.api
            .upload_worker(account, self.name.script(), &upload)
            .await?;
        Ok(())
    }

    pub(super) async fn enable_workers_dev(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        let url = state.worker_url.clone().unwrap_or_default();
        if state.workers_dev_enabled {
            return done(format!("{url} is on (recorded)."));
        }
        self.api
            .enable_workers_dev(&state.account_id, self.name.script())
            .await?;
        self.record(|s| s.workers_dev_enabled = true).await?;
        done(format!("The Worker answers at {url}."))
    }

    /// The Worker is up when `/mcp` asks for a login: 401 with a Bearer challenge naming its metadata.
    pub(super) async fn check_worker(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        let Some(mcp) = state.mcp_url() else {
            return Err(ProvisionError::Internal(
                "the Worker URL is not recorded".into(),
            ));
        };
        let deadline = Instant::now() + WORKER_CHECK_PATIENCE;
        loop {
            match crate::health::login_challenge(&self.p.http, &mcp).await {
                Ok(()) => break,
                Err(e) if Instant::now() < deadline && e.is_transient() => {
                    tokio::time::sleep(Duration::from_millis(750)).await;
                }
                Err(e) => return Err(e),
            }
        }
        self.record(|s| s.checked = true).await?;
        done(format!("{mcp} asks for a login, as it should."))
    }
}
