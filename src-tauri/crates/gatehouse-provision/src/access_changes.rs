//! A re-run whose choices differ from what the recorded Access setup was made for: who may log
//! in, refresh tokens, the Worker's address (its callback), or pasted values instead of an
//! application setup made. Cloudflare's API as Gatehouse uses it cannot edit a policy's rules or
//! an application in place, so a change replaces them: the application goes first (a policy in
//! use cannot), then the policy, and the steps after create both anew for the current choices.
//! Logins pause for the seconds in between; nobody the new choices leave out keeps getting in.

use gatehouse_cloudflare::{CloudflareApi, CloudflareError, SaasApp};
use gatehouse_ipc::AllowedUsers;

use crate::apply::Run;
use crate::input::{self, CheckedInput};
use crate::policy_removal::{remove_policy, PolicyRemoval};
use crate::state::{AccessAppRecord, AccessChoice, DeploymentState};
use crate::{secrets, ProvisionError, Provisioner, Result};

/// Why the recorded policy no longer fits the chosen users, if it does not.
pub(crate) async fn policy_change(
    api: &CloudflareApi,
    state: &DeploymentState,
) -> Result<Option<String>> {
    let (Some(policy), AccessChoice::Automatic { allowed, .. }) = (&state.policy, &state.access)
    else {
        return Ok(None);
    };
    if let AllowedUsers::ExistingPolicy { policy_id } = allowed {
        return Ok((*policy_id != policy.id)
            .then(|| format!("another policy takes the place of \"{}\"", policy.name)));
    }
    if !policy.created {
        return Ok(Some(format!(
            "a policy of its own takes the place of \"{}\"",
            policy.name
        )));
    }
    let wanted = input::rules_for(allowed);
    let policies = api.list_policies(&state.account_id).await?;
    Ok(match policies.iter().find(|p| p.id == policy.id) {
        None => Some(format!(
            "the policy \"{}\" was deleted in the dashboard",
            policy.name
        )),
        Some(found) if found.decision != "allow" => Some(format!(
            "its decision is \"{}\" instead of allow",
            found.decision
        )),
        Some(found) if input::same_rules(&found.include, &wanted) => None,
        Some(found) => Some(format!(
            "it let in {}",
            input::describe_rules(&found.include)
        )),
    })
}

/// Why a live application no longer fits the deployment, if it does not.
pub(crate) fn app_change(
    state: &DeploymentState,
    app: &SaasApp,
    refresh_tokens: bool,
) -> Option<String> {
    if let Some(worker) = &state.worker_url {
        let callback = format!("{}/callback", worker.trim_end_matches('/'));
        if !app.redirect_uris.contains(&callback) {
            return Some(format!("its redirect URL is not the Worker's {callback}"));
        }
        if app.redirect_uris.len() > 1 {
            return Some(format!(
                "it redirects elsewhere besides the Worker's {callback}"
            ));
        }
    }
    if !app
        .grant_types
        .iter()
        .any(|g| g == "authorization_code_with_pkce")
    {
        return Some("it does not require PKCE".into());
    }
    let has_refresh = app.grant_types.iter().any(|g| g == "refresh_tokens");
    if has_refresh != refresh_tokens {
        return Some(if refresh_tokens {
            "it does not allow refresh tokens".into()
        } else {
            "it allows refresh tokens".into()
        });
    }
    if let Some(policy) = &state.policy {
        if !app.policy_ids.contains(&policy.id) {
            return Some(format!("it does not use the policy \"{}\"", policy.name));
        }
    }
    None
}

impl Provisioner {
    /// Pasted values (the manual path): a new client ID drops the recorded pasted application;
    /// a corrected or rotated secret goes to the keychain. Whatever changed reaches the Worker
    /// because its secrets are put again whenever one of their values differs.
    pub(crate) async fn take_manual_values(
        &self,
        state: &mut DeploymentState,
        checked: &CheckedInput,
    ) -> Result<()> {
        let (Some(secret), AccessChoice::Manual { client_id, .. }) =
            (&checked.manual_client_secret, &checked.access)
        else {
            return Ok(());
        };
        secrets::save_client_secret(&self.secrets, checked.name.as_str(), secret).await?;
        // An application setup made stays recorded until the run removes it.
        if let Some(app) = &state.access_app {
            if !app.created && app.client_id != *client_id {
                state.access_app = None;
                state.oidc = None;
            }
        }
        Ok(())
    }
}

impl Run<'_> {
    /// Replaces the recorded policy when the chosen users changed; says what was replaced.
    pub(crate) async fn replace_changed_policy(&self) -> Result<String> {
        let state = self.snapshot().await;
        let Some(reason) = policy_change(&self.api, &state).await? else {
            return Ok(String::new());
        };
        self.retire_app().await?;
        self.retire_policy(&state).await?;
        Ok(format!(" (replaced: {reason})"))
    }

    /// On the manual path: removes the application (and policy) setup made before.
    pub(crate) async fn retire_automatic_access(&self) -> Result<String> {
        let state = self.snapshot().await;
        let Some(app) = state.access_app.clone().filter(|a| a.created) else {
            return Ok(String::new());
        };
        self.retire_app().await?;
        self.retire_policy(&state).await?;
        Ok(format!(
            " Removed the application \"{}\" setup had made.",
            app.name
        ))
    }

    /// Whether the recorded application still exists and fits the current choices.
    pub(crate) async fn app_still_fits(
        &self,
        state: &DeploymentState,
        app_id: &str,
        refresh_tokens: bool,
    ) -> Result<bool> {
        let Some(app) = self.api.get_app(&state.account_id, app_id).await? else {
            return Ok(false);
        };
        match app_change(state, &app, refresh_tokens) {
            Some(reason) => {
                tracing::info!(deployment = %self.name, "replacing the Access application: {reason}");
                Ok(false)
            }
            None => Ok(true),
        }
    }

    /// Deletes the recorded application if setup made it, and forgets it.
    async fn retire_app(&self) -> Result<()> {
        let state = self.snapshot().await;
        if let Some(AccessAppRecord {
            id: Some(id),
            created: true,
            ..
        }) = &state.access_app
        {
            match self.api.delete_app(&state.account_id, id).await {
                Ok(()) | Err(CloudflareError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.record(|s| {
            s.access_app = None;
            s.oidc = None;
        })
        .await
    }

    /// Deletes the policy recorded in `before` if setup made it, and forgets it.
    async fn retire_policy(&self, before: &DeploymentState) -> Result<()> {
        if let Some(policy) = before.policy.as_ref().filter(|p| p.created) {
            let our_app = before.access_app.as_ref().and_then(|a| a.id.as_deref());
            let retry = self.p.retry_policy();
            match remove_policy(&self.api, &before.account_id, &policy.id, our_app, &retry).await? {
                PolicyRemoval::Removed => {}
                PolicyRemoval::UsedElsewhere => {
                    return Err(ProvisionError::invalid(
                        format!(
                            "The policy \"{}\" that setup made is now also used by another Access application, so it cannot be replaced.",
                            policy.name
                        ),
                        "Remove the policy from that application in the Zero Trust dashboard, then Retry.",
                    ))
                }
            }
        }
        self.record(|s| s.policy = None).await
    }
}
