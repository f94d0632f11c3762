//! Live checks of a deployment: does the Worker ask for a login, does the Access application
//! answer, does Cloudflare still have it.

use gatehouse_ipc::{DeploymentHealth, HealthCheck, IpcError};

use crate::{oidc, ProvisionError, Provisioner, Result};

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
    /// Checks the deployment live; each failed check says what needs attention.
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
        if let Some(app_id) = state.access_app.as_ref().and_then(|a| a.id.clone()) {
            let outcome = match self.api().await {
                Ok(api) => match api.get_app(&state.account_id, &app_id).await {
                    Ok(Some(app)) => Ok(format!("Access application {} exists.", app.id)),
                    Ok(None) => Err(ProvisionError::invalid(
                        "The Access application was deleted in the dashboard.",
                        "Re-run setup to create it again.",
                    )),
                    Err(e) => Err(e.into()),
                },
                Err(e) => Err(e),
            };
            note("Access application exists", outcome);
        }
        let healthy = checks.iter().all(|c| c.ok) && !checks.is_empty();
        Ok(DeploymentHealth {
            name: state.name,
            healthy,
            checks,
            attention,
        })
    }
}
