//! Whose Worker answers to the deployment's script name. Uploading replaces a script of that name
//! whoever made it, and deleting one with `force` destroys its Durable Object data, so setup and
//! teardown touch the script only when it is this deployment's: it binds the deployment's KV
//! namespace (which setup creates, and whose title is refused when taken, before the upload).

use gatehouse_cloudflare::CloudflareApi;

use crate::apply::Run;
use crate::state::DeploymentState;
use crate::{ProvisionError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScriptOwner {
    /// No script of that name (never uploaded, or deleted in the dashboard).
    Missing,
    Ours,
    /// A Worker this deployment did not upload.
    SomeoneElse,
}

pub(crate) async fn script_owner(
    api: &CloudflareApi,
    state: &DeploymentState,
    script: &str,
) -> Result<ScriptOwner> {
    let Some(settings) = api.script_settings(&state.account_id, script).await? else {
        return Ok(ScriptOwner::Missing);
    };
    let ours = state.kv_namespace.as_ref().is_some_and(|kv| {
        settings
            .bindings
            .iter()
            .any(|b| b.kind == "kv_namespace" && b.namespace_id.as_deref() == Some(&kv.id))
    });
    Ok(if ours {
        ScriptOwner::Ours
    } else {
        ScriptOwner::SomeoneElse
    })
}

pub(crate) fn taken(script: &str) -> ProvisionError {
    ProvisionError::NameTaken {
        what: "A Worker named",
        name: script.to_string(),
    }
}

impl Run<'_> {
    /// Refuses a script name held by someone else's Worker.
    pub(crate) async fn check_script_name(&self) -> Result<()> {
        let state = self.snapshot().await;
        match script_owner(&self.api, &state, self.name.script()).await? {
            ScriptOwner::SomeoneElse => Err(taken(self.name.script())),
            ScriptOwner::Missing | ScriptOwner::Ours => Ok(()),
        }
    }

    /// Whether to upload: not when this bundle is up already. A Worker deleted in the dashboard
    /// is forgotten (so it goes up again as a first version, with its Durable Object migrations),
    /// and what depended on it (its workers.dev address, its secrets) is set again after it.
    pub(crate) async fn script_upload(
        &self,
        state: &DeploymentState,
        fingerprint: &str,
    ) -> Result<bool> {
        match script_owner(&self.api, state, self.name.script()).await? {
            ScriptOwner::SomeoneElse => Err(taken(self.name.script())),
            ScriptOwner::Missing => {
                if state.worker_uploaded.is_some() || state.migration_tag.is_some() {
                    self.record(|s| {
                        s.worker_uploaded = None;
                        s.migration_tag = None;
                        s.workers_dev_enabled = false;
                        s.secrets_put_for = None;
                    })
                    .await?;
                }
                Ok(true)
            }
            ScriptOwner::Ours => Ok(state.worker_uploaded.as_deref() != Some(fingerprint)),
        }
    }
}
