//! The steps that read the account: the token, the Zero Trust organization, the workers.dev subdomain.

use gatehouse_cloudflare::CloudflareError;

use super::run::{done, Outcome, Run};
use crate::{token, ProvisionError, Result};

impl Run<'_> {
    /// A user API token or an account API token (verified at this deployment's account).
    pub(super) async fn verify_token(&self) -> Result<Outcome> {
        let account = self.snapshot().await.account_id;
        let kind = token::verify(&self.api, Some(&account)).await?;
        done(format!("The {} is active.", token::describe(kind)))
    }

    pub(super) async fn read_organization(&self) -> Result<Outcome> {
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

    pub(super) async fn workers_subdomain(&self) -> Result<Outcome> {
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
}
