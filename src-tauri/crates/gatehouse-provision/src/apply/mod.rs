//! `apply`: the setup's steps in order, independent ones side by side. Every step looks at what is
//! recorded (and at Cloudflare) before creating, records what it made at once, and reports progress.
//! A failure stops the run with what happened and the fix; running again resumes.
//!
//! One file per step (or pair of related steps); `run` holds what they share.

mod access;
mod account;
mod app;
mod kv;
mod run;
mod worker;
mod worker_secrets;

use std::time::{SystemTime, UNIX_EPOCH};

use gatehouse_ipc::{SetupInput, SetupStep};
use tokio::sync::Mutex;

use self::run::{skipped, Run};
use crate::input::{self, CheckedInput};
use crate::names::DeploymentName;
use crate::state::{AccessChoice, DeploymentState};
use crate::{secrets, ProvisionError, Provisioner, Result};

impl Provisioner {
    /// Runs setup; a re-run resumes where the last one stopped.
    pub async fn apply(&self, request: &SetupInput) -> Result<DeploymentState> {
        let checked = input::check(request)?;
        let _busy = self.busy(checked.name.as_str())?;
        let state = self.prepare(&checked).await?;
        self.run(checked.name, state).await
    }

    /// Runs setup again with the choices it was started with.
    pub async fn resume(&self, name: &str) -> Result<DeploymentState> {
        let name = DeploymentName::parse(name)?;
        let _busy = self.busy(name.as_str())?;
        let state = self.deployment(name.as_str())?;
        self.run(name, state).await
    }

    /// The state to start from: the recorded one (with these choices for what is not done yet), or a new one.
    async fn prepare(&self, checked: &CheckedInput) -> Result<DeploymentState> {
        let existing = self.store.load(checked.name.as_str())?;
        let mut state = match existing {
            Some(state) if state.account_id != checked.account_id => {
                return Err(ProvisionError::NameTaken {
                    what: "A deployment",
                    name: format!("{} (in another account)", checked.name),
                })
            }
            Some(mut state) => {
                state.access = checked.access.clone();
                state
            }
            None => DeploymentState::new(
                checked.name.as_str(),
                &checked.account_id,
                &self.api_base,
                checked.access.clone(),
            ),
        };
        if let Some(secret) = &checked.manual_client_secret {
            secrets::save_client_secret(&self.secrets, checked.name.as_str(), secret).await?;
            // Pasted values replace whatever the last run used.
            if let AccessChoice::Manual { client_id, .. } = &checked.access {
                if state.access_app.as_ref().map(|a| &a.client_id) != Some(client_id) {
                    state.access_app = None;
                    state.oidc = None;
                    state.secrets_put_for = None;
                }
            }
        }
        state.checked = false;
        self.store.save(&state)?;
        Ok(state)
    }

    async fn run(&self, name: DeploymentName, state: DeploymentState) -> Result<DeploymentState> {
        let run = Run {
            p: self,
            api: self.api().await?,
            name,
            state: Mutex::new(state),
        };
        let manual = run.snapshot().await.is_manual();

        run.step(SetupStep::VerifyToken, run.verify_token()).await?;
        if manual {
            for step in [
                SetupStep::ReadOrganization,
                SetupStep::IdentityProvider,
                SetupStep::Policy,
            ] {
                run.step(step, async {
                    skipped("The Access application was made in the dashboard.")
                })
                .await?;
            }
        } else {
            run.step(SetupStep::ReadOrganization, run.read_organization())
                .await?;
        }
        // Independent of each other: let all finish (recording what they made), then report the first failure.
        let (idp, policy, kv, subdomain) = tokio::join!(
            async {
                if manual {
                    Ok(())
                } else {
                    run.step(SetupStep::IdentityProvider, run.identity_provider())
                        .await
                }
            },
            async {
                if manual {
                    Ok(())
                } else {
                    run.step(SetupStep::Policy, run.policy()).await
                }
            },
            run.step(SetupStep::KvNamespace, run.kv_namespace()),
            run.step(SetupStep::WorkersSubdomain, run.workers_subdomain()),
        );
        idp.and(policy).and(kv).and(subdomain)?;
        run.step(SetupStep::UploadWorker, run.upload_worker())
            .await?;
        let (enable, app) = tokio::join!(
            run.step(SetupStep::EnableWorkersDev, run.enable_workers_dev()),
            run.step(SetupStep::AccessApp, run.access_app()),
        );
        enable.and(app)?;
        run.step(SetupStep::WorkerSecrets, run.worker_secrets())
            .await?;
        run.step(SetupStep::CheckWorker, run.check_worker()).await?;
        run.record(|s| s.completed_at = Some(now_millis())).await?;
        Ok(run.snapshot().await)
    }
}

fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
