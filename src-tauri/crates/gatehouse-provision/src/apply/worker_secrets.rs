//! The Worker's six secrets: the Access application's values and the cookie key, written one at a
//! time (as wrangler does), since Cloudflare refuses concurrent modifications of one script.

use gatehouse_auth::Sensitive;

use super::run::{done, Outcome, Run};
use crate::{secrets, ProvisionError, Result};

/// The names of the Worker's secrets, as server/dist/manifest.json lists them.
const SECRET_NAMES: [&str; 6] = [
    "ACCESS_CLIENT_ID",
    "ACCESS_CLIENT_SECRET",
    "ACCESS_TOKEN_URL",
    "ACCESS_AUTHORIZATION_URL",
    "ACCESS_JWKS_URL",
    "COOKIE_ENCRYPTION_KEY",
];

impl Run<'_> {
    pub(super) async fn worker_secrets(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        let (Some(app), Some(endpoints)) = (&state.access_app, &state.oidc) else {
            return Err(ProvisionError::Internal(
                "the Access application is not recorded".into(),
            ));
        };
        if state.secrets_put_for.as_deref() == Some(app.client_id.as_str()) {
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
        // One after another: Cloudflare answers 429 to concurrent changes of one script.
        for (name, value) in &values {
            self.api
                .put_worker_secret(&state.account_id, self.name.script(), name, value)
                .await?;
        }
        let client_id = app.client_id.clone();
        self.record(|s| s.secrets_put_for = Some(client_id)).await?;
        done("Set the Worker's 6 secrets.")
    }
}
