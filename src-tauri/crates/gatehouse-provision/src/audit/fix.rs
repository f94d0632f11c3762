//! The audit's fixes, and updating the server. Each fix marks in the state file what to do again and
//! re-runs setup, which redoes exactly that (and checks everything else is still as recorded),
//! ending with the check that the Worker asks for a login; then the deployment is audited again.
//!
//! - Put the secrets: forget that they were put, so the re-run puts all six again.
//! - Turn workers.dev on: forget that it was turned on.
//! - Replace Access: nothing to forget: the re-run compares the live application and policy with the
//!   choices and replaces what differs (a new application means new secrets, which it puts).
//! - Update the server: mark the upload as not this bundle's. The re-run uploads in place with the
//!   script's recorded Durable Object migration tag (so no migration is sent twice) and
//!   `keep_bindings` (so the secrets stay); the KV namespace is the same, so stored logins stay too.
//! - Make a new KV namespace: created here and the Worker uploaded bound to it at once (a Worker
//!   bound to a namespace that is not the recorded one would look like someone else's).

use gatehouse_cloudflare::CloudflareError;
use gatehouse_ipc::{AuditFix, DeploymentAudit};

use crate::names::DeploymentName;
use crate::state::{DeploymentState, Resource};
use crate::{ProvisionError, Provisioner, Result};

/// What `worker_uploaded` says after "Update the server" until the upload is done: no bundle's fingerprint.
const NOT_THIS_BUNDLE: &str = "to-be-updated";

/// Cloudflare's answer to a KV title the account already uses.
const TITLE_TAKEN: i64 = 10014;

impl Provisioner {
    /// Makes one of the audit's fixes, then audits the deployment again.
    pub async fn fix(&self, name: &str, fix: AuditFix) -> Result<DeploymentAudit> {
        let name = DeploymentName::parse(name)?;
        {
            let _busy = self.busy(name.as_str())?;
            let mut state = self.deployment(name.as_str())?;
            match fix {
                AuditFix::PutSecrets => state.secrets_put_for = None,
                AuditFix::EnableWorkersDev => state.workers_dev_enabled = false,
                AuditFix::ReplaceAccess => {}
                AuditFix::UpdateServer => {
                    if state.worker_uploaded.is_some() {
                        // Where the migrations stand stays known: a state file from before the tag
                        // was recorded had the manifest's tag with its upload.
                        if state.migration_tag.is_none() {
                            state.migration_tag = self.bundle.migration_tag().map(str::to_string);
                        }
                        state.worker_uploaded = Some(NOT_THIS_BUNDLE.to_string());
                    }
                }
                AuditFix::RecreateKvNamespace => {
                    self.new_kv_namespace(&name, &mut state).await?;
                }
            }
            state.checked = false;
            self.store.save(&state)?;
        }
        self.resume(name.as_str()).await?;
        self.audit(name.as_str()).await
    }

    /// Uploads the bundle this Gatehouse ships in place (see [`Self::fix`]), then audits again.
    pub async fn update_server(&self, name: &str) -> Result<DeploymentAudit> {
        self.fix(name, AuditFix::UpdateServer).await
    }

    /// A new KV namespace of the deployment's title, and the Worker uploaded bound to it.
    async fn new_kv_namespace(
        &self,
        name: &DeploymentName,
        state: &mut DeploymentState,
    ) -> Result<()> {
        let api = self.api().await?;
        if let Some(ns) = &state.kv_namespace {
            if api
                .get_kv_namespace(&state.account_id, &ns.id)
                .await?
                .is_some()
            {
                return Ok(());
            }
        }
        let title = name.kv_title();
        state.sent.kv_namespace = Some(title.clone());
        self.store.save(state)?;
        let created = match api.create_kv_namespace(&state.account_id, &title).await {
            Ok(created) => created,
            Err(CloudflareError::Rejected {
                code: Some(TITLE_TAKEN),
                ..
            }) => {
                state.sent.kv_namespace = None;
                self.store.save(state)?;
                return Err(ProvisionError::NameTaken {
                    what: "A KV namespace named",
                    name: title,
                });
            }
            Err(e) => return Err(e.into()),
        };
        state.kv_namespace = Some(Resource {
            id: created.id.clone(),
            name: created.title,
            created: true,
        });
        state.sent.kv_namespace = None;
        self.store.save(state)?;
        if state.worker_uploaded.is_some() {
            let known = state
                .migration_tag
                .clone()
                .or_else(|| self.bundle.migration_tag().map(str::to_string));
            let upload = self
                .bundle
                .upload(&created.id, self.bundle.migrations_from(known.as_deref()));
            api.upload_worker(&state.account_id, name.script(), &upload)
                .await?;
            state.worker_uploaded = Some(self.bundle.fingerprint());
            state.migration_tag = self.bundle.migration_tag().map(str::to_string).or(known);
        }
        Ok(())
    }
}
