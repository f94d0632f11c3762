//! The Access for SaaS application: created (its client secret straight into the keychain), or the
//! pasted one checked, and its OIDC endpoints read from discovery.

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
            s.secrets_put_for = None;
        })
        .await?;
        Ok(record)
    }
}
