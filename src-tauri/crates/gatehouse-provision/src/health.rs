//! Live checks of a deployment: does the Worker ask for a login, does the Access application
//! answer, does Cloudflare still have both, and do they agree on what a login needs.

use gatehouse_cloudflare::{CloudflareApi, CloudflareError};
use gatehouse_ipc::{DeploymentHealth, HealthCheck, IpcError};

use crate::access_changes;
use crate::state::{AccessAppRecord, AccessChoice, DeploymentState};
use crate::worker_script::{script_owner, ScriptOwner};
use crate::{oidc, secrets, ProvisionError, Provisioner, Result};

/// POSTs an MCP `initialize` without a token and expects 401 with a Bearer challenge that names
/// the protected resource metadata (RFC 9728): the Worker is deployed, configured and guarded.
pub async fn login_challenge(http: &reqwest::Client, mcp_url: &str) -> Result<()> {
    let fail = |reason: String| ProvisionError::WorkerCheck {
        url: mcp_url.to_string(),
        reason,
    };
    let body = serde_json::json!({
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "gatehouse-check", "version": env!("CARGO_PKG_VERSION")}}
    });
    let response = http
        .post(mcp_url)
        .header("accept", "application/json, text/event-stream")
        .json(&body)
        .send()
        .await
        .map_err(|e| {
            fail(if e.is_timeout() {
                "it timed out".into()
            } else {
                "it could not be reached".into()
            })
        })?;
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    match status {
        401 if challenge.starts_with("Bearer") && challenge.contains("resource_metadata") => Ok(()),
        401 => Err(fail("it answers 401 without an OAuth challenge".into())),
        _ => Err(fail(format!(
            "it answers HTTP {status} instead of asking for a login"
        ))),
    }
}

impl Provisioner {
    /// Checks the deployment live; each failed check says what needs attention. Beside the Worker
    /// and the sign-in answering, it checks what a login needs to agree: the Worker still on
    /// Cloudflare, at the recorded address, with the secrets setup last put; the application
    /// redirecting to the Worker's callback, with the client ID those secrets name.
    pub async fn health(&self, name: &str) -> Result<DeploymentHealth> {
        let state = self.deployment(name)?;
        let mut checks = Vec::new();
        let mut attention: Option<IpcError> = None;
        let mut note = |title: &str, outcome: std::result::Result<String, ProvisionError>| {
            let (ok, detail) = match outcome {
                Ok(detail) => (true, detail),
                Err(e) => {
                    let error = IpcError::from(&e);
                    let detail = error.message.clone();
                    attention.get_or_insert(error);
                    (false, detail)
                }
            };
            checks.push(HealthCheck {
                title: title.to_string(),
                ok,
                detail,
            });
        };

        if let Some(step) = state.next_step() {
            note(
                "Setup finished",
                Err(ProvisionError::invalid(
                    format!(
                        "Setup stopped before the step \"{}\".",
                        crate::step_title(step)
                    ),
                    "Re-run setup: it resumes where it stopped.",
                )),
            );
        }
        let api = self.api().await;
        if state.worker_uploaded.is_some() {
            let outcome = match &api {
                Ok(api) => worker_on_cloudflare(api, &state).await,
                Err(_) => Err(ProvisionError::NoToken),
            };
            note("Worker is on Cloudflare", outcome);
        }
        if let Some(mcp) = state.mcp_url() {
            let outcome = login_challenge(&self.http, &mcp)
                .await
                .map(|()| format!("{mcp} asks for a login."));
            note("Worker answers", outcome);
        }
        if let Some(endpoints) = &state.oidc {
            let outcome = oidc::discover(&self.http, &endpoints.issuer, Some(&endpoints.issuer))
                .await
                .map(|found| format!("{} answers.", found.issuer));
            note("Access sign-in answers", outcome);
        }
        if let Some(app) = &state.access_app {
            let outcome = match &api {
                Ok(api) => self.app_fits(api, &state, app).await,
                Err(_) => Err(ProvisionError::NoToken),
            };
            note("Access application fits the Worker", outcome);
        }
        if let (AccessChoice::Automatic { refresh_tokens, .. }, Some(_)) =
            (&state.access, &state.policy)
        {
            let outcome = match &api {
                Ok(api) => access_matches_choices(api, &state, *refresh_tokens).await,
                Err(_) => Err(ProvisionError::NoToken),
            };
            note("Access setup matches the choices", outcome);
        }
        if state.secrets_put_for.is_some() {
            let outcome = match secrets::values_fingerprint(&self.secrets, &state).await {
                Ok(now) if now == state.secrets_put_for => {
                    Ok("The Worker holds the current sign-in values.".to_string())
                }
                Ok(_) => Err(ProvisionError::invalid(
                    "The Worker's sign-in secrets are not the current ones (the application, its secret or its addresses changed since they were set).",
                    "Re-run setup: it puts them again.",
                )),
                Err(e) => Err(e),
            };
            note("Worker secrets are current", outcome);
        }
        let healthy = checks.iter().all(|c| c.ok) && !checks.is_empty();
        Ok(DeploymentHealth {
            name: state.name,
            healthy,
            checks,
            attention,
        })
    }

    /// The application exists, redirects to the Worker's callback, and is the one whose client ID
    /// and sign-in addresses the deployment recorded.
    async fn app_fits(
        &self,
        api: &CloudflareApi,
        state: &DeploymentState,
        app: &AccessAppRecord,
    ) -> Result<String> {
        let mismatch = |what: String| {
            ProvisionError::invalid(
                format!("Logins would fail: {what}."),
                "Re-run setup: it brings the Access application and the Worker back in line.",
            )
        };
        if let Some(endpoints) = &state.oidc {
            oidc::check_client_id(endpoints, &app.client_id).map_err(|_| {
                mismatch("the sign-in addresses belong to another application".into())
            })?;
        }
        let Some(id) = &app.id else {
            return Ok(format!(
                "Client ID {} (made in the dashboard).",
                app.client_id
            ));
        };
        let Some(live) = api.get_app(&state.account_id, id).await? else {
            return Err(ProvisionError::invalid(
                "The Access application was deleted in the dashboard.",
                "Re-run setup to create it again.",
            ));
        };
        if live.client_id != app.client_id {
            return Err(mismatch(
                "the application's client ID is not the one the Worker uses".into(),
            ));
        }
        if let Some(worker) = &state.worker_url {
            let callback = format!("{}/callback", worker.trim_end_matches('/'));
            if !live.redirect_uris.contains(&callback) {
                return Err(mismatch(format!(
                    "the application redirects to {} instead of the Worker's {callback}",
                    live.redirect_uris.join(", ")
                )));
            }
        }
        Ok(format!(
            "Access application {} redirects to the Worker.",
            live.id
        ))
    }
}

/// The live policy lets in who the deployment's choices name, and the application uses it with the
/// chosen grant types: a re-run that stopped before carrying a change through (or an edit in the
/// dashboard) may leave someone the choices removed still able to log in.
async fn access_matches_choices(
    api: &CloudflareApi,
    state: &DeploymentState,
    refresh_tokens: bool,
) -> Result<String> {
    let differs = |reason: String| {
        ProvisionError::invalid(
            format!("Cloudflare's Access setup is not what this deployment chose: {reason}."),
            "Re-run setup: it replaces the policy and the application to match the choices.",
        )
    };
    if let Some(reason) = access_changes::policy_change(api, state).await? {
        return Err(differs(reason));
    }
    if let Some(id) = state.access_app.as_ref().and_then(|a| a.id.as_deref()) {
        if let Some(app) = api.get_app(&state.account_id, id).await? {
            if let Some(reason) = access_changes::app_change(state, &app, refresh_tokens) {
                return Err(differs(reason));
            }
        }
    }
    Ok(match &state.policy {
        Some(policy) => format!("The policy \"{}\" lets in who was chosen.", policy.name),
        None => "No policy recorded.".into(),
    })
}

/// The Worker is still this deployment's script, at the address it was set up with.
async fn worker_on_cloudflare(api: &CloudflareApi, state: &DeploymentState) -> Result<String> {
    match script_owner(api, state, &state.name).await? {
        ScriptOwner::Ours => {}
        ScriptOwner::Missing => {
            return Err(ProvisionError::invalid(
                "The Worker was deleted in the dashboard.",
                "Re-run setup: it uploads the Worker again.",
            ))
        }
        ScriptOwner::SomeoneElse => return Err(ProvisionError::invalid(
            "A Worker of the same name, not this deployment's, has replaced it.",
            "Tear the deployment down, or remove that Worker in the dashboard and re-run setup.",
        )),
    }
    let subdomain = match api.workers_subdomain(&state.account_id).await {
        Ok(sub) => sub,
        Err(CloudflareError::NotFound { .. }) => return Err(ProvisionError::NoWorkersSubdomain),
        Err(e) => return Err(e.into()),
    };
    if let Some(recorded) = &state.workers_subdomain {
        if *recorded != subdomain {
            return Err(ProvisionError::invalid(
                format!("The account's workers.dev subdomain changed from {recorded} to {subdomain}, so the Worker moved and logins return to the old address."),
                "Re-run setup: it moves the sign-in to the Worker's new address.",
            ));
        }
    }
    Ok(format!("{} is on Cloudflare.", state.name))
}
