//! The Access for SaaS application: created (its client secret straight into the keychain), or the
//! pasted one checked, and its OIDC endpoints read from discovery.
//!
//! An app an interrupted run created but never recorded (its create was marked as sent, see
//! [`crate::state::SentCreates`]) is found by its name and the Worker's callback URL and deleted:
//! its client secret was never seen, so it cannot be adopted.

use gatehouse_cloudflare::{CloudflareError, NewSaasApp};

use super::run::{done, Outcome, Run};
use crate::state::{AccessAppRecord, AccessChoice, DeploymentState};
use crate::{oidc, secrets, ProvisionError, Result};

impl Run<'_> {
    pub(super) async fn access_app(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        match state.access.clone() {
            AccessChoice::Manual {
                client_id,
                discovery_url,
            } => {
                let endpoints = oidc::discover(&self.p.http, &discovery_url, None).await?;
                let detail = format!("Checked the application's issuer {}.", endpoints.issuer);
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
                        Some(id) => self.api.get_app(&state.account_id, id).await?.is_some(),
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
                        self.remove_unrecorded_apps(&state).await?;
                        self.create_app(&state, refresh_tokens).await?
                    }
                };
                let auth_domain = state.auth_domain.clone().unwrap_or_default();
                let issuer = oidc::issuer_for(&auth_domain, &app.client_id);
                // A just-created app's documents may take a moment to appear.
                let endpoints = oidc::discover_within(
                    &self.p.http,
                    &issuer,
                    Some(&issuer),
                    oidc::NEW_APP_PATIENCE,
                )
                .await?;
                let detail = format!(
                    "Access application \"{}\" signs users in at {}.",
                    app.name, endpoints.issuer
                );
                self.record(|s| s.oidc = Some(endpoints)).await?;
                done(detail)
            }
        }
    }

    /// Deletes the apps a create marked as sent may have made: named as this deployment's app and
    /// redirecting to this deployment's Worker. Nothing is listed when no create was left marked.
    async fn remove_unrecorded_apps(&self, state: &DeploymentState) -> Result<()> {
        let name = self.name.app_name();
        let (Some(sent), Some(worker_url)) = (&state.sent.access_app, &state.worker_url) else {
            return Ok(());
        };
        if *sent != name {
            return Ok(());
        }
        let callback = format!("{worker_url}/callback");
        let recorded = state.access_app.as_ref().and_then(|a| a.id.as_deref());
        let found = self
            .api
            .list_saas_apps_named(&state.account_id, &name)
            .await?;
        for app in found {
            if Some(app.id.as_str()) == recorded || !app.redirect_uris.contains(&callback) {
                continue;
            }
            tracing::info!(deployment = %self.name, "removing the application {} that an interrupted run created", app.id);
            match self.api.delete_app(&state.account_id, &app.id).await {
                Ok(()) | Err(CloudflareError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.record(|s| s.sent.access_app = None).await
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
        // Marked before sending: if the answer never comes back, the next run looks for the app.
        let name = self.name.app_name();
        self.record(|s| s.sent.access_app = Some(name)).await?;
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
            s.sent.access_app = None;
            s.oidc = None;
            s.secrets_put_for = None;
        })
        .await?;
        Ok(record)
    }
}
