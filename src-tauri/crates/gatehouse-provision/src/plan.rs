//! `plan`: what `apply` would create, change or reuse, found by reading only.

use gatehouse_cloudflare::CloudflareError;
use gatehouse_ipc::{AllowedUsers, PlanAction, PlannedStep, SetupInput, SetupPlan, SetupStep};

use crate::input;
use crate::state::{AccessChoice, DeploymentState};
use crate::titles::step_title;
use crate::{token, worker_url, ProvisionError, Provisioner, Result};

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
            if state.account_id != account {
                return Err(ProvisionError::NameTaken {
                    what: "A deployment",
                    name: format!("{name} (in another account)"),
                });
            }
        }
        let state = recorded.clone().unwrap_or_else(|| {
            DeploymentState::new(
                name.as_str(),
                account,
                &self.api_base,
                checked.access.clone(),
            )
        });
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
        let worker_url = state
            .worker_url
            .clone()
            .unwrap_or_else(|| worker_url::workers_dev_url(name.script(), &subdomain));
        let redirect_url = format!("{worker_url}/callback");

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
                self.plan_policy(&state, &checked.access, &name, account, &api)
                    .await?,
            );
        }
        steps.push(match &state.kv_namespace {
            Some(kv) => line(SetupStep::KvNamespace, PlanAction::Done, kv.name.clone()),
            None => line(SetupStep::KvNamespace, PlanAction::Create, name.kv_title()),
        });
        let fingerprint = self.bundle.fingerprint();
        steps.push(match &state.worker_uploaded {
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
            if state.workers_dev_enabled {
                PlanAction::Done
            } else {
                PlanAction::Create
            },
            worker_url.clone(),
        ));
        steps.push(match (&checked.access, &state.access_app, &state.oidc) {
            (AccessChoice::Manual { discovery_url, .. }, _, _) => line(
                SetupStep::AccessApp,
                PlanAction::Check,
                format!("Check the pasted values at {discovery_url}."),
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
        steps.push(line(
            SetupStep::WorkerSecrets,
            if state.secrets_put_for.is_some() && !manual {
                PlanAction::Done
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

    async fn plan_policy(
        &self,
        state: &DeploymentState,
        access: &AccessChoice,
        name: &crate::DeploymentName,
        account: &str,
        api: &gatehouse_cloudflare::CloudflareApi,
    ) -> Result<PlannedStep> {
        if let Some(policy) = &state.policy {
            return Ok(line(
                SetupStep::Policy,
                PlanAction::Done,
                policy.name.clone(),
            ));
        }
        let AccessChoice::Automatic { allowed, .. } = access else {
            return Ok(line(SetupStep::Policy, PlanAction::Skip, ""));
        };
        let policies = api.list_policies(account).await?;
        if let AllowedUsers::ExistingPolicy { policy_id } = allowed {
            return match policies.iter().find(|p| &p.id == policy_id) {
                Some(p) => Ok(line(
                    SetupStep::Policy,
                    PlanAction::Reuse,
                    format!("\"{}\": {}", p.name, input::describe_rules(&p.include)),
                )),
                None => Err(ProvisionError::invalid(
                    "The chosen Access policy does not exist.",
                    "Pick another policy, or list who may log in.",
                )),
            };
        }
        let rules = input::rules_for(allowed);
        let policy_name = name.policy_name();
        match policies.iter().find(|p| p.name == policy_name) {
            Some(p) if input::same_rules(&p.include, &rules) => Ok(line(
                SetupStep::Policy,
                PlanAction::Reuse,
                format!("\"{policy_name}\": {}", input::describe_rules(&rules)),
            )),
            Some(_) => Err(ProvisionError::NameTaken {
                what: "An Access policy named",
                name: policy_name,
            }),
            None => Ok(line(
                SetupStep::Policy,
                PlanAction::Create,
                format!(
                    "\"{policy_name}\" lets in {}",
                    input::describe_rules(&rules)
                ),
            )),
        }
    }
}
