//! `plan`: what `apply` would create, change or reuse, found by reading only.

use gatehouse_cloudflare::CloudflareError;
use gatehouse_ipc::{AllowedUsers, PlanAction, PlannedStep, SetupInput, SetupPlan, SetupStep};

use crate::access_changes;
use crate::input;
use crate::state::{AccessChoice, DeploymentState};
use crate::titles::step_title;
use crate::worker_script::{self, script_owner, ScriptOwner};
use crate::{secrets, token, worker_url, ProvisionError, Provisioner, Result};

fn line(step: SetupStep, action: PlanAction, detail: impl Into<String>) -> PlannedStep {
    PlannedStep {
        step,
        title: step_title(step).to_string(),
        action,
        detail: detail.into(),
    }
}

impl Provisioner {
    pub async fn plan(&self, request: &SetupInput) -> Result<SetupPlan> {
        let checked = input::check(request)?;
        let name = checked.name;
        let account = checked.account_id.as_str();
        let recorded = self.store.load(name.as_str())?;
        if let Some(state) = &recorded {
            self.same_api(state)?;
            if state.account_id != account {
                return Err(ProvisionError::NameTaken {
                    what: "A deployment",
                    name: format!("{name} (in another account)"),
                });
            }
        }
        let mut state = recorded.clone().unwrap_or_else(|| {
            DeploymentState::new(
                name.as_str(),
                account,
                &self.api_base,
                checked.access.clone(),
            )
        });
        // As apply will see it: the recorded resources with these choices.
        state.access = checked.access.clone();
        let api = self.api().await?;
        let kind = token::verify(&api, Some(account)).await?;
        let manual = matches!(checked.access, AccessChoice::Manual { .. });
        let subdomain = match api.workers_subdomain(account).await {
            Ok(sub) => sub,
            Err(CloudflareError::NotFound { .. }) => {
                return Err(ProvisionError::NoWorkersSubdomain)
            }
            Err(e) => return Err(e.into()),
        };
        let owner = script_owner(&api, &state, name.script()).await?;
        if owner == ScriptOwner::SomeoneElse {
            return Err(worker_script::taken(name.script()));
        }
        // Where the Worker answers now: a changed workers.dev subdomain moves it.
        let worker_url =
            match worker_url::resolve(&api, &self.http, name.script(), &subdomain).await {
                Ok(url) if owner == ScriptOwner::Ours || !api.is_loopback() => url,
                _ => state
                    .worker_url
                    .clone()
                    .unwrap_or_else(|| worker_url::workers_dev_url(name.script(), &subdomain)),
            };
        state.worker_url = Some(worker_url.clone());
        let redirect_url = format!("{worker_url}/callback");
        let policy_change = access_changes::policy_change(&api, &state).await?;
        let app_change = self
            .plan_app_change(&api, &state, policy_change.is_some())
            .await?;

        let mut steps = vec![line(
            SetupStep::VerifyToken,
            PlanAction::Check,
            format!("The {} is active.", token::describe(kind)),
        )];
        if manual {
            for step in [
                SetupStep::ReadOrganization,
                SetupStep::IdentityProvider,
                SetupStep::Policy,
            ] {
                steps.push(line(
                    step,
                    PlanAction::Skip,
                    "The Access application is made in the dashboard.",
                ));
            }
        } else {
            let org = match api.zero_trust_organization(account).await {
                Ok(org) => org,
                Err(CloudflareError::NotFound { .. }) => {
                    return Err(ProvisionError::NoOrganization)
                }
                Err(e) => return Err(e.into()),
            };
            steps.push(line(
                SetupStep::ReadOrganization,
                PlanAction::Check,
                format!("Team domain {}", org.auth_domain),
            ));
            steps.push(
                self.plan_identity_provider(&state, &checked.access, account, &api)
                    .await?,
            );
            steps.push(
                self.plan_policy(&state, policy_change.as_deref(), &name, account, &api)
                    .await?,
            );
        }
        steps.push(match &state.kv_namespace {
            Some(kv) => line(SetupStep::KvNamespace, PlanAction::Done, kv.name.clone()),
            None => line(SetupStep::KvNamespace, PlanAction::Create, name.kv_title()),
        });
        let fingerprint = self.bundle.fingerprint();
        let script_missing = owner == ScriptOwner::Missing;
        steps.push(match &state.worker_uploaded {
            Some(_) if script_missing => line(
                SetupStep::UploadWorker,
                PlanAction::Create,
                format!(
                    "Script {} again: it was deleted in the dashboard.",
                    name.script()
                ),
            ),
            Some(done) if *done == fingerprint => line(
                SetupStep::UploadWorker,
                PlanAction::Done,
                format!("{} is up to date.", name.script()),
            ),
            Some(_) => line(
                SetupStep::UploadWorker,
                PlanAction::Update,
                format!(
                    "A new version of {} (this Gatehouse carries a newer server).",
                    name.script()
                ),
            ),
            None => line(
                SetupStep::UploadWorker,
                PlanAction::Create,
                format!(
                    "Script {} with its KV namespace and Durable Object.",
                    name.script()
                ),
            ),
        });
        steps.push(line(
            SetupStep::WorkersSubdomain,
            PlanAction::Check,
            subdomain.clone(),
        ));
        steps.push(line(
            SetupStep::EnableWorkersDev,
            if state.workers_dev_enabled && !script_missing {
                PlanAction::Done
            } else {
                PlanAction::Create
            },
            worker_url.clone(),
        ));
        steps.push(match (&checked.access, &state.access_app, &state.oidc) {
            (AccessChoice::Manual { discovery_url, .. }, Some(app), _) if app.created => line(
                SetupStep::AccessApp,
                PlanAction::Update,
                format!(
                    "Check the pasted values at {discovery_url}, then remove the application \"{}\" (and its policy) that setup made.",
                    app.name
                ),
            ),
            (AccessChoice::Manual { discovery_url, .. }, _, _) => line(
                SetupStep::AccessApp,
                PlanAction::Check,
                format!("Check the pasted values at {discovery_url}."),
            ),
            (_, Some(app), _) if app_change.is_some() => line(
                SetupStep::AccessApp,
                PlanAction::Update,
                format!(
                    "Replace \"{}\" (a new client ID and secret): {}.",
                    app.name,
                    app_change.as_deref().unwrap_or_default()
                ),
            ),
            (_, Some(app), Some(_)) => line(
                SetupStep::AccessApp,
                PlanAction::Done,
                format!("\"{}\"", app.name),
            ),
            (AccessChoice::Automatic { refresh_tokens, .. }, _, _) => line(
                SetupStep::AccessApp,
                PlanAction::Create,
                format!(
                    "\"{}\", OIDC, redirect {redirect_url}, grant types authorization_code_with_pkce{}, scopes {}",
                    name.app_name(),
                    if *refresh_tokens {
                        " and refresh_tokens"
                    } else {
                        ""
                    },
                    gatehouse_cloudflare::SAAS_APP_SCOPES.join(" ")
                ),
            ),
        });
        let secrets_current = state.secrets_put_for.is_some()
            && secrets::values_fingerprint(&self.secrets, &state).await? == state.secrets_put_for;
        steps.push(line(
            SetupStep::WorkerSecrets,
            if secrets_current && !manual && app_change.is_none() && !script_missing {
                PlanAction::Done
            } else if state.secrets_put_for.is_some() {
                PlanAction::Update
            } else {
                PlanAction::Create
            },
            self.bundle.manifest.secrets.join(", "),
        ));
        steps.push(line(
            SetupStep::CheckWorker,
            PlanAction::Check,
            format!("{worker_url}/mcp"),
        ));
        Ok(SetupPlan {
            name: name.to_string(),
            worker_url: Some(worker_url),
            redirect_url: Some(redirect_url),
            steps,
            resumes: recorded.is_some_and(|s| s.next_step().is_some()),
        })
    }

    async fn plan_identity_provider(
        &self,
        state: &DeploymentState,
        access: &AccessChoice,
        account: &str,
        api: &gatehouse_cloudflare::CloudflareApi,
    ) -> Result<PlannedStep> {
        if let Some(idp) = &state.identity_provider {
            return Ok(line(
                SetupStep::IdentityProvider,
                PlanAction::Done,
                idp.name.clone(),
            ));
        }
        let existing = api.list_identity_providers(account).await?;
        if !existing.is_empty() {
            let names: Vec<&str> = existing.iter().map(|p| p.name.as_str()).collect();
            return Ok(line(
                SetupStep::IdentityProvider,
                PlanAction::Reuse,
                names.join(", "),
            ));
        }
        let add = matches!(
            access,
            AccessChoice::Automatic {
                add_one_time_pin: true,
                ..
            }
        );
        if add {
            Ok(line(
                SetupStep::IdentityProvider,
                PlanAction::Create,
                "One-time PIN (a code sent by email)",
            ))
        } else {
            Err(ProvisionError::invalid(
                "The account has no login method for Access.",
                "Choose \"Add Cloudflare's one-time PIN login\", or add a login method under Zero Trust → Settings → Authentication.",
            ))
        }
    }

    /// Why the recorded application would be replaced, if it would.
    async fn plan_app_change(
        &self,
        api: &gatehouse_cloudflare::CloudflareApi,
        state: &DeploymentState,
        policy_changes: bool,
    ) -> Result<Option<String>> {
        let AccessChoice::Automatic { refresh_tokens, .. } = &state.access else {
            return Ok(None);
        };
        let Some(id) = state.access_app.as_ref().and_then(|a| a.id.clone()) else {
            return Ok(None);
        };
        if policy_changes {
            return Ok(Some("who may log in changes".into()));
        }
        Ok(match api.get_app(&state.account_id, &id).await? {
            None => Some("it was deleted in the dashboard".into()),
            Some(app) => access_changes::app_change(state, &app, *refresh_tokens),
        })
    }

    async fn plan_policy(
        &self,
        state: &DeploymentState,
        change: Option<&str>,
        name: &crate::DeploymentName,
        account: &str,
        api: &gatehouse_cloudflare::CloudflareApi,
    ) -> Result<PlannedStep> {
        if let (Some(policy), None) = (&state.policy, change) {
            return Ok(line(
                SetupStep::Policy,
                PlanAction::Done,
                policy.name.clone(),
            ));
        }
        let AccessChoice::Automatic { allowed, .. } = &state.access else {
            return Ok(line(SetupStep::Policy, PlanAction::Skip, ""));
        };
        // A replaced policy of this deployment's goes before the new one is made.
        let replaced = state
            .policy
            .as_ref()
            .filter(|p| p.created)
            .map(|p| p.id.as_str());
        let policies = api.list_policies(account).await?;
        let (action, detail) = if let AllowedUsers::ExistingPolicy { policy_id } = allowed {
            let Some(p) = policies.iter().find(|p| &p.id == policy_id) else {
                return Err(ProvisionError::invalid(
                    "The chosen Access policy does not exist.",
                    "Pick another policy, or list who may log in.",
                ));
            };
            input::check_existing_policy(p)?;
            (
                PlanAction::Reuse,
                format!("\"{}\": {}", p.name, input::describe_rules(&p.include)),
            )
        } else {
            let rules = input::rules_for(allowed);
            let policy_name = name.policy_name();
            match policies
                .iter()
                .find(|p| p.name == policy_name && Some(p.id.as_str()) != replaced)
            {
                Some(p) if input::same_rules(&p.include, &rules) => (
                    PlanAction::Reuse,
                    format!("\"{policy_name}\": {}", input::describe_rules(&rules)),
                ),
                Some(_) => {
                    return Err(ProvisionError::NameTaken {
                        what: "An Access policy named",
                        name: policy_name,
                    })
                }
                None => (
                    PlanAction::Create,
                    format!(
                        "\"{policy_name}\" lets in {}",
                        input::describe_rules(&rules)
                    ),
                ),
            }
        };
        Ok(match change {
            Some(reason) => line(
                SetupStep::Policy,
                PlanAction::Update,
                format!("{detail} (replaces the current policy: {reason})"),
            ),
            None => line(SetupStep::Policy, action, detail),
        })
    }
}
