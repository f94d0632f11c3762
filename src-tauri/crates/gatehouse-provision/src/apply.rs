//! `apply`: the setup's steps in order, independent ones side by side. Every step looks at what is
//! recorded (and at Cloudflare) before creating, records what it made at once, and reports progress.
//! A failure stops the run with what happened and the fix; running again resumes.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::{CloudflareApi, CloudflareError, NewPolicy, NewSaasApp};
use gatehouse_ipc::{AllowedUsers, AppEvent, IpcError, SetupInput, SetupStep, StepState};
use tokio::sync::Mutex;

use crate::input::{self, CheckedInput};
use crate::names::DeploymentName;
use crate::state::{AccessAppRecord, AccessChoice, DeploymentState, Resource, Unconfirmed};
use crate::{oidc, secrets, worker_url, ProvisionError, Provisioner, Result};

/// The names of the Worker's secrets, as server/dist/manifest.json lists them.
const SECRET_NAMES: [&str; 6] = [
    "ACCESS_CLIENT_ID",
    "ACCESS_CLIENT_SECRET",
    "ACCESS_TOKEN_URL",
    "ACCESS_AUTHORIZATION_URL",
    "ACCESS_JWKS_URL",
    "COOKIE_ENCRYPTION_KEY",
];

/// How long a new workers.dev Worker gets to start answering before the check gives up.
const WORKER_CHECK_PATIENCE: Duration = Duration::from_secs(45);

/// What one step did.
pub(crate) struct Outcome {
    detail: String,
    skipped: bool,
}

pub(crate) fn done(detail: impl Into<String>) -> Result<Outcome> {
    Ok(Outcome {
        detail: detail.into(),
        skipped: false,
    })
}

pub(crate) fn skipped(detail: impl Into<String>) -> Result<Outcome> {
    Ok(Outcome {
        detail: detail.into(),
        skipped: true,
    })
}

/// One apply in flight: the engine, the API client and the state it keeps saving.
pub(crate) struct Run<'a> {
    pub(crate) p: &'a Provisioner,
    pub(crate) api: CloudflareApi,
    pub(crate) name: DeploymentName,
    state: Mutex<DeploymentState>,
}

impl Run<'_> {
    pub(crate) async fn snapshot(&self) -> DeploymentState {
        self.state.lock().await.clone()
    }

    /// Changes the state and writes it at once, so a crash right after loses nothing.
    pub(crate) async fn record(&self, change: impl FnOnce(&mut DeploymentState)) -> Result<()> {
        let mut state = self.state.lock().await;
        change(&mut state);
        self.p.store.save(&state)
    }

    pub(crate) fn emit(
        &self,
        step: SetupStep,
        state: StepState,
        detail: Option<String>,
        elapsed: Duration,
        error: Option<IpcError>,
    ) {
        self.p.progress.emit(AppEvent::SetupProgress {
            name: self.name.to_string(),
            step,
            state,
            detail,
            elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            error,
        });
    }

    async fn step(
        &self,
        step: SetupStep,
        work: impl Future<Output = Result<Outcome>>,
    ) -> Result<()> {
        let started = Instant::now();
        self.emit(step, StepState::Running, None, Duration::ZERO, None);
        match work.await {
            Ok(outcome) => {
                let state = if outcome.skipped {
                    StepState::Skipped
                } else {
                    StepState::Done
                };
                tracing::info!(deployment = %self.name, ?step, "{}", outcome.detail);
                self.emit(step, state, Some(outcome.detail), started.elapsed(), None);
                Ok(())
            }
            Err(e) => {
                tracing::warn!(deployment = %self.name, ?step, "failed: {e}");
                self.emit(
                    step,
                    StepState::Failed,
                    None,
                    started.elapsed(),
                    Some(IpcError::from(&e)),
                );
                Err(e)
            }
        }
    }
}

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
        let mut state = self.deployment(name.as_str())?;
        state.checked = false;
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
                self.same_api(&state)?;
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
        self.take_manual_values(&mut state, checked).await?;
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
        // Someone else's Worker of this name is refused before anything is made.
        if let Err(e) = run.check_script_name().await {
            let error = Some(IpcError::from(&e));
            run.emit(
                SetupStep::UploadWorker,
                StepState::Failed,
                None,
                Duration::ZERO,
                error,
            );
            return Err(e);
        }
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

impl Run<'_> {
    async fn verify_token(&self) -> Result<Outcome> {
        let status = self.api.verify_token().await?;
        if status.status != "active" {
            return Err(CloudflareError::InvalidToken.into());
        }
        done("The API token is active.")
    }

    async fn read_organization(&self) -> Result<Outcome> {
        let account = self.snapshot().await.account_id;
        let org = match self.api.zero_trust_organization(&account).await {
            Ok(org) => org,
            Err(CloudflareError::NotFound { .. }) => return Err(ProvisionError::NoOrganization),
            Err(e) => return Err(e.into()),
        };
        let detail = format!("Team domain {}", org.auth_domain);
        self.record(|s| {
            // A renamed team domain moves the sign-in URLs: the Worker needs them again.
            if s.auth_domain
                .as_ref()
                .is_some_and(|d| *d != org.auth_domain)
            {
                s.oidc = None;
                s.secrets_put_for = None;
            }
            s.auth_domain = Some(org.auth_domain);
        })
        .await?;
        done(detail)
    }

    async fn identity_provider(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        if let Some(idp) = &state.identity_provider {
            return done(format!("Using {} (recorded).", idp.name));
        }
        let add_pin = matches!(
            state.access,
            AccessChoice::Automatic {
                add_one_time_pin: true,
                ..
            }
        );
        let existing = self.api.list_identity_providers(&state.account_id).await?;
        let record = if let Some(pin) = self.own_one_time_pin(&state, &existing) {
            pin
        } else if let Some(first) = existing.first() {
            let names: Vec<&str> = existing.iter().map(|p| p.name.as_str()).collect();
            Resource {
                id: first.id.clone(),
                name: names.join(", "),
                created: false,
            }
        } else if add_pin {
            self.mark_unconfirmed(Unconfirmed::OneTimePin).await?;
            let pin = self
                .api
                .create_one_time_pin(&state.account_id, "One-time PIN")
                .await?;
            Resource {
                id: pin.id,
                name: pin.name,
                created: true,
            }
        } else {
            return Err(ProvisionError::invalid(
                "The account has no login method for Access.",
                "Choose \"Add Cloudflare's one-time PIN login\", or add a login method under Zero Trust → Settings → Authentication, then Retry.",
            ));
        };
        let detail = if record.created {
            format!("Added the login method {}.", record.name)
        } else {
            format!("Users log in with {}.", record.name)
        };
        self.record(|s| {
            s.identity_provider = Some(record);
            s.set_unconfirmed(Unconfirmed::OneTimePin, false);
        })
        .await?;
        done(detail)
    }

    async fn policy(&self) -> Result<Outcome> {
        let replaced = self.replace_changed_policy().await?;
        let state = self.snapshot().await;
        if let Some(policy) = &state.policy {
            return done(format!("Using the policy \"{}\" (recorded).", policy.name));
        }
        let AccessChoice::Automatic { allowed, .. } = &state.access else {
            return skipped("The Access application was made in the dashboard.");
        };
        let policies = self.api.list_policies(&state.account_id).await?;
        if let AllowedUsers::ExistingPolicy { policy_id } = allowed {
            let Some(found) = policies.iter().find(|p| &p.id == policy_id) else {
                return Err(ProvisionError::invalid(
                    "The chosen Access policy no longer exists.",
                    "Pick another policy, or list who may log in, then Retry.",
                ));
            };
            input::check_existing_policy(found)?;
            let record = Resource {
                id: found.id.clone(),
                name: found.name.clone(),
                created: false,
            };
            let detail = format!("Using the existing policy \"{}\".", record.name);
            self.record(|s| s.policy = Some(record)).await?;
            return done(detail);
        }
        let rules = input::rules_for(allowed);
        let policy_name = self.name.policy_name();
        // A policy with our name and the same rules is this deployment's, from a run that was cut off.
        let record = match policies.iter().find(|p| p.name == policy_name) {
            Some(found) if input::same_rules(&found.include, &rules) => Resource {
                id: found.id.clone(),
                name: found.name.clone(),
                created: true,
            },
            Some(_) => {
                return Err(ProvisionError::NameTaken {
                    what: "An Access policy named",
                    name: policy_name,
                })
            }
            None => {
                let created = self
                    .api
                    .create_policy(
                        &state.account_id,
                        &NewPolicy {
                            name: policy_name,
                            include: rules.clone(),
                            session_duration: Some("24h".into()),
                        },
                    )
                    .await?;
                Resource {
                    id: created.id,
                    name: created.name,
                    created: true,
                }
            }
        };
        let detail = format!(
            "Policy \"{}\" lets in {}{replaced}.",
            record.name,
            input::describe_rules(&rules)
        );
        self.record(|s| s.policy = Some(record)).await?;
        done(detail)
    }

    async fn kv_namespace(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        if let Some(kv) = &state.kv_namespace {
            return done(format!("Using the KV namespace {} (recorded).", kv.name));
        }
        let title = self.name.kv_title();
        if let Some(found) = self.own_kv_namespace(&state, &title).await? {
            let detail = format!("Found the KV namespace {} an earlier run made.", found.name);
            self.record(|s| {
                s.kv_namespace = Some(found);
                s.set_unconfirmed(Unconfirmed::KvNamespace, false);
            })
            .await?;
            return done(detail);
        }
        self.mark_unconfirmed(Unconfirmed::KvNamespace).await?;
        let created = match self
            .api
            .create_kv_namespace(&state.account_id, &title)
            .await
        {
            Ok(created) => created,
            Err(CloudflareError::Rejected {
                code: Some(10014), ..
            }) => {
                return Err(ProvisionError::NameTaken {
                    what: "A KV namespace named",
                    name: title,
                })
            }
            Err(e) => return Err(e.into()),
        };
        let record = Resource {
            id: created.id,
            name: created.title,
            created: true,
        };
        let detail = format!("Created the KV namespace {}.", record.name);
        self.record(|s| {
            s.kv_namespace = Some(record);
            s.set_unconfirmed(Unconfirmed::KvNamespace, false);
        })
        .await?;
        done(detail)
    }

    async fn workers_subdomain(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        let subdomain = match self.api.workers_subdomain(&state.account_id).await {
            Ok(sub) => sub,
            Err(CloudflareError::NotFound { .. }) => {
                return Err(ProvisionError::NoWorkersSubdomain)
            }
            Err(e) => return Err(e.into()),
        };
        let detail = format!("The account's workers.dev subdomain is {subdomain}.");
        self.record(|s| s.workers_subdomain = Some(subdomain))
            .await?;
        done(detail)
    }

    async fn upload_worker(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        let fingerprint = self.p.bundle.fingerprint();
        let (Some(kv), Some(subdomain)) = (&state.kv_namespace, &state.workers_subdomain) else {
            return Err(ProvisionError::Internal(
                "the KV namespace or subdomain is not recorded".into(),
            ));
        };
        let detail = match self.script_upload(&state, &fingerprint).await? {
            None => format!("Worker {} is up to date.", self.name.script()),
            Some(first) => {
                self.upload(&state.account_id, &kv.id, first).await?;
                self.record(|s| s.worker_uploaded = Some(fingerprint))
                    .await?;
                if first {
                    format!("Uploaded the Worker {}.", self.name.script())
                } else {
                    format!(
                        "Uploaded a new version of the Worker {}.",
                        self.name.script()
                    )
                }
            }
        };
        let url =
            worker_url::resolve(&self.api, &self.p.http, self.name.script(), subdomain).await?;
        self.record(|s| s.worker_url = Some(url)).await?;
        done(detail)
    }

    async fn upload(&self, account: &str, kv_id: &str, first: bool) -> Result<()> {
        let bundle = self.p.bundle;
        let upload = gatehouse_cloudflare::WorkerUpload {
            metadata: bundle.upload_metadata(kv_id, first),
            modules: bundle
                .modules
                .iter()
                .map(|(m, bytes)| gatehouse_cloudflare::WorkerModule {
                    name: m.name.clone(),
                    content_type: m.content_type.clone(),
                    content: bytes::Bytes::from_static(bytes),
                })
                .collect(),
        };
        self.api
            .upload_worker(account, self.name.script(), &upload)
            .await?;
        Ok(())
    }

    async fn enable_workers_dev(&self) -> Result<Outcome> {
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

    async fn access_app(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        match state.access.clone() {
            AccessChoice::Manual {
                client_id,
                discovery_url,
            } => {
                let endpoints = oidc::discover(&self.p.http, &discovery_url, None).await?;
                oidc::check_client_id(&endpoints, &client_id)?;
                // The application setup made before the switch to pasted values goes, and its policy.
                let retired = self.retire_automatic_access().await?;
                let detail = format!(
                    "Checked the application's issuer {}.{retired}",
                    endpoints.issuer
                );
                self.record(|s| {
                    s.access_app = Some(AccessAppRecord {
                        id: None,
                        name: "made in the dashboard".into(),
                        client_id,
                        created: false,
                    });
                    s.oidc = Some(endpoints);
                })
                .await?;
                done(detail)
            }
            AccessChoice::Automatic { refresh_tokens, .. } => {
                let has_secret = secrets::client_secret(&self.p.secrets, &state.name)
                    .await?
                    .is_some();
                let usable = match &state.access_app {
                    Some(app) if has_secret => match &app.id {
                        Some(id) => self.app_still_fits(&state, id, refresh_tokens).await?,
                        None => false,
                    },
                    _ => false,
                };
                let app = match &state.access_app {
                    Some(app) if usable => app.clone(),
                    stale => {
                        // Without its secret (or deleted in the dashboard) a recorded app is useless: replace it.
                        if let Some(AccessAppRecord {
                            id: Some(id),
                            created: true,
                            ..
                        }) = stale
                        {
                            match self.api.delete_app(&state.account_id, id).await {
                                Ok(()) | Err(CloudflareError::NotFound { .. }) => {}
                                Err(e) => return Err(e.into()),
                            }
                        }
                        self.create_app(&state, refresh_tokens).await?
                    }
                };
                let auth_domain = state.auth_domain.clone().unwrap_or_default();
                let issuer = oidc::issuer_for(&auth_domain, &app.client_id);
                let endpoints = oidc::discover(&self.p.http, &issuer, Some(&issuer)).await?;
                let detail = format!(
                    "Access application \"{}\" signs users in at {}.",
                    app.name, endpoints.issuer
                );
                self.record(|s| s.oidc = Some(endpoints)).await?;
                done(detail)
            }
        }
    }

    async fn create_app(
        &self,
        state: &DeploymentState,
        refresh_tokens: bool,
    ) -> Result<AccessAppRecord> {
        let (Some(worker_url), Some(policy)) = (&state.worker_url, &state.policy) else {
            return Err(ProvisionError::Internal(
                "the Worker URL or the policy is not recorded".into(),
            ));
        };
        let allowed_idps = state
            .identity_provider
            .iter()
            .filter(|p| p.created)
            .map(|p| p.id.clone())
            .collect();
        self.forget_unconfirmed_apps(state).await?;
        let app = self
            .api
            .create_saas_app(
                &state.account_id,
                &NewSaasApp {
                    name: self.name.app_name(),
                    redirect_uris: vec![format!("{worker_url}/callback")],
                    refresh_tokens,
                    policy_ids: vec![policy.id.clone()],
                    allowed_idps,
                },
            )
            .await?;
        let Some(secret) = app.client_secret else {
            return Err(CloudflareError::UnexpectedResponse {
                operation: "access-applications-add-an-application",
                message: "the new application came without its client secret".into(),
            }
            .into());
        };
        // The secret is shown only now: into the keychain before anything else.
        secrets::save_client_secret(&self.p.secrets, &state.name, &secret).await?;
        let record = AccessAppRecord {
            id: Some(app.id),
            name: self.name.app_name(),
            client_id: app.client_id,
            created: true,
        };
        let saved = record.clone();
        self.record(|s| {
            s.access_app = Some(saved);
            s.oidc = None;
            s.set_unconfirmed(Unconfirmed::AccessApp, false);
        })
        .await?;
        Ok(record)
    }

    async fn worker_secrets(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        let (Some(app), Some(endpoints)) = (&state.access_app, &state.oidc) else {
            return Err(ProvisionError::Internal(
                "the Access application is not recorded".into(),
            ));
        };
        let fingerprint = secrets::values_fingerprint(&self.p.secrets, &state).await?;
        if fingerprint.is_some() && state.secrets_put_for == fingerprint {
            return done("The Worker's secrets are set (recorded).");
        }
        let declared: Vec<&str> = self
            .p
            .bundle
            .manifest
            .secrets
            .iter()
            .map(String::as_str)
            .collect();
        if SECRET_NAMES.iter().any(|n| !declared.contains(n))
            || declared.len() != SECRET_NAMES.len()
        {
            return Err(ProvisionError::Internal(format!(
                "this build's Worker expects the secrets {declared:?}, which this version of Gatehouse cannot fill"
            )));
        }
        let client_secret = secrets::client_secret(&self.p.secrets, &state.name)
            .await?
            .ok_or_else(|| {
                ProvisionError::invalid(
                    "The Access application's client secret is not in the keychain.",
                    "Tear the deployment down and set it up again (or paste the secret again on the manual path).",
                )
            })?;
        let cookie_key = secrets::cookie_key(&self.p.secrets, &state.name).await?;
        let values: [(&str, Sensitive<String>); 6] = [
            ("ACCESS_CLIENT_ID", Sensitive::new(app.client_id.clone())),
            ("ACCESS_CLIENT_SECRET", client_secret),
            ("ACCESS_TOKEN_URL", Sensitive::new(endpoints.token.clone())),
            (
                "ACCESS_AUTHORIZATION_URL",
                Sensitive::new(endpoints.authorization.clone()),
            ),
            ("ACCESS_JWKS_URL", Sensitive::new(endpoints.jwks.clone())),
            ("COOKIE_ENCRYPTION_KEY", cookie_key),
        ];
        let account = state.account_id.clone();
        let puts = values.iter().map(|(name, value)| {
            self.api
                .put_worker_secret(&account, self.name.script(), name, value)
        });
        for result in futures::future::join_all(puts).await {
            result?;
        }
        let fingerprint = secrets::values_fingerprint(&self.p.secrets, &state).await?;
        self.record(|s| s.secrets_put_for = fingerprint).await?;
        done("Set the Worker's 6 secrets.")
    }

    /// The Worker is up when `/mcp` asks for a login: 401 with a Bearer challenge naming its metadata.
    async fn check_worker(&self) -> Result<Outcome> {
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
