//! `teardown`: removes what the deployment created, app before policy (a policy in use cannot go),
//! Worker before its KV namespace, and nothing it did not create (a Worker of the same name that
//! no longer binds the deployment's KV namespace is someone else's). Each removal is recorded at once,
//! so a teardown that stops part way resumes.

use gatehouse_cloudflare::CloudflareError;
use gatehouse_ipc::{AppEvent, IpcError, StepState, TeardownReport, TeardownStep};

use crate::policy_removal::{remove_policy, PolicyRemoval};
use crate::worker_script::{script_owner, ScriptOwner};
use crate::{secrets, Provisioner, Result};

/// Something already gone is what teardown wanted.
fn gone_is_fine(result: std::result::Result<(), CloudflareError>) -> Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(CloudflareError::NotFound { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

impl Provisioner {
    fn teardown_event(
        &self,
        name: &str,
        step: TeardownStep,
        state: StepState,
        detail: Option<String>,
        error: Option<IpcError>,
    ) {
        self.progress.emit(AppEvent::TeardownProgress {
            name: name.to_string(),
            step,
            state,
            detail,
            error,
        });
    }

    pub async fn teardown(&self, name: &str) -> Result<TeardownReport> {
        let _busy = self.busy(name)?;
        let mut state = self.deployment(name)?;
        let api = self.api().await?;
        let account = state.account_id.clone();
        let mut report = TeardownReport {
            name: name.to_string(),
            removed: Vec::new(),
            kept: Vec::new(),
        };

        macro_rules! step {
            ($step:expr, $body:expr) => {{
                self.teardown_event(name, $step, StepState::Running, None, None);
                let outcome: Result<Option<String>> = $body;
                match outcome {
                    Ok(Some(detail)) => {
                        self.store.save(&state)?;
                        self.teardown_event(name, $step, StepState::Done, Some(detail), None)
                    }
                    Ok(None) => self.teardown_event(name, $step, StepState::Skipped, None, None),
                    Err(e) => {
                        self.teardown_event(
                            name,
                            $step,
                            StepState::Failed,
                            None,
                            Some(IpcError::from(&e)),
                        );
                        return Err(e);
                    }
                }
            }};
        }

        // Whether the policy is still in use is judged after our application is gone.
        let our_app = state
            .access_app
            .as_ref()
            .filter(|a| a.created)
            .and_then(|a| a.id.clone());
        step!(TeardownStep::DeleteAccessApp, async {
            match state.access_app.clone() {
                Some(app) if app.created => {
                    if let Some(id) = &app.id {
                        gone_is_fine(api.delete_app(&account, id).await)?;
                    }
                    state.access_app = None;
                    state.oidc = None;
                    report.removed.push(format!("Access application \"{}\"", app.name));
                    Ok(Some(format!("Removed the Access application \"{}\".", app.name)))
                }
                Some(app) => {
                    state.access_app = None;
                    report.kept.push(format!(
                        "Access application (client ID {}): it was made in the dashboard; remove it there if no longer needed",
                        app.client_id
                    ));
                    Ok(None)
                }
                None => Ok(None),
            }
        }
        .await);

        step!(
            TeardownStep::DeletePolicy,
            async {
                match state.policy.clone() {
                    Some(policy) if policy.created => {
                        let retry = self.retry_policy();
                        match remove_policy(&api, &account, &policy.id, our_app.as_deref(), &retry)
                            .await?
                        {
                            PolicyRemoval::Removed => {
                                report
                                    .removed
                                    .push(format!("Access policy \"{}\"", policy.name));
                                state.policy = None;
                                Ok(Some(format!("Removed the policy \"{}\".", policy.name)))
                            }
                            // Another application uses it: not ours to break.
                            PolicyRemoval::UsedElsewhere => {
                                report.kept.push(format!(
                                    "Access policy \"{}\": another application uses it now",
                                    policy.name
                                ));
                                state.policy = None;
                                Ok(None)
                            }
                        }
                    }
                    Some(policy) => {
                        report.kept.push(format!(
                            "Access policy \"{}\": it existed before this deployment",
                            policy.name
                        ));
                        state.policy = None;
                        Ok(None)
                    }
                    None => Ok(None),
                }
            }
            .await
        );

        step!(
            TeardownStep::DeleteWorker,
            async {
                // An upload whose answer was lost left the script unrecorded, but binding our
                // namespace: it is ours all the same.
                let owner = if state.worker_uploaded.is_some()
                    || state.kv_namespace.as_ref().is_some_and(|kv| kv.created)
                {
                    script_owner(&api, &state, &state.name).await?
                } else {
                    ScriptOwner::Missing
                };
                if owner == ScriptOwner::SomeoneElse {
                    // `force` would destroy that Worker's Durable Object data too.
                    if state.worker_uploaded.take().is_some() {
                        report.kept.push(format!(
                            "Worker \"{}\": the Worker of that name is no longer the one this deployment uploaded",
                            state.name
                        ));
                    }
                    Ok(None)
                } else if state.worker_uploaded.is_some() || owner == ScriptOwner::Ours {
                    gone_is_fine(api.delete_worker(&account, &state.name, true).await)?;
                    state.worker_uploaded = None;
                    state.workers_dev_enabled = false;
                    state.secrets_put_for = None;
                    report.removed.push(format!("Worker \"{}\"", state.name));
                    Ok(Some(format!(
                        "Removed the Worker \"{}\" and its Durable Objects.",
                        state.name
                    )))
                } else {
                    Ok(None)
                }
            }
            .await
        );

        step!(
            TeardownStep::DeleteKvNamespace,
            async {
                match state.kv_namespace.clone() {
                    Some(kv) if kv.created => {
                        gone_is_fine(api.delete_kv_namespace(&account, &kv.id).await)?;
                        state.kv_namespace = None;
                        report.removed.push(format!("KV namespace \"{}\"", kv.name));
                        Ok(Some(format!("Removed the KV namespace \"{}\".", kv.name)))
                    }
                    _ => Ok(None),
                }
            }
            .await
        );

        if let Some(idp) = state.identity_provider.take().filter(|p| p.created) {
            report.kept.push(format!(
                "Login method \"{}\": it is shared by every Access application of the account; remove it under Zero Trust → Settings → Authentication if nothing else uses it",
                idp.name
            ));
        }

        step!(
            TeardownStep::ForgetSecrets,
            async {
                secrets::forget_deployment(&self.secrets, name).await?;
                report
                    .removed
                    .push("the deployment's secrets in the keychain".to_string());
                Ok(Some("Forgot the client secret and cookie key.".to_string()))
            }
            .await
        );
        // Last, so a teardown that stopped earlier can be run again.
        self.store.delete(name)?;
        Ok(report)
    }
}
