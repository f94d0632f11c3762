//! Creates whose answer never arrived (a 5xx or a dropped connection after Cloudflare carried
//! them out, or a run that stopped first). Before sending one, setup notes it in the state; a
//! later run then takes what it finds under this deployment's names as its own, instead of
//! creating a second one or calling the first someone else's.

use gatehouse_cloudflare::IdentityProvider;

use crate::apply::Run;
use crate::state::{DeploymentState, Resource, Unconfirmed};
use crate::Result;

/// Cloudflare's type name of the one-time PIN login method.
const ONE_TIME_PIN: &str = "onetimepin";

impl Run<'_> {
    /// Notes the create before it is sent.
    pub(crate) async fn mark_unconfirmed(&self, create: Unconfirmed) -> Result<()> {
        self.record(|s| s.set_unconfirmed(create, true)).await
    }

    /// The one-time PIN login method an earlier run of this deployment asked for.
    pub(crate) fn own_one_time_pin(
        &self,
        state: &DeploymentState,
        existing: &[IdentityProvider],
    ) -> Option<Resource> {
        if !state.is_unconfirmed(Unconfirmed::OneTimePin) {
            return None;
        }
        existing
            .iter()
            .find(|p| p.kind == ONE_TIME_PIN)
            .map(|pin| Resource {
                id: pin.id.clone(),
                name: pin.name.clone(),
                created: true,
            })
    }

    /// The KV namespace an earlier run of this deployment created (titles are unique per account).
    pub(crate) async fn own_kv_namespace(
        &self,
        state: &DeploymentState,
        title: &str,
    ) -> Result<Option<Resource>> {
        if !state.is_unconfirmed(Unconfirmed::KvNamespace) {
            return Ok(None);
        }
        let namespaces = self.api.list_kv_namespaces(&state.account_id).await?;
        Ok(namespaces
            .into_iter()
            .find(|n| n.title == title)
            .map(|n| Resource {
                id: n.id,
                name: n.title,
                created: true,
            }))
    }

    /// Deletes the Access applications an earlier run created without learning their client
    /// secret (Cloudflare shows it only in the lost answer): useless, and each keeps the policy
    /// in use.
    pub(crate) async fn forget_unconfirmed_apps(&self, state: &DeploymentState) -> Result<()> {
        if !state.is_unconfirmed(Unconfirmed::AccessApp) {
            return self.mark_unconfirmed(Unconfirmed::AccessApp).await;
        }
        let recorded = state.access_app.as_ref().and_then(|a| a.id.clone());
        let named = self
            .api
            .list_saas_apps_named(&state.account_id, &self.name.app_name())
            .await?;
        for app in named.iter().filter(|a| Some(&a.id) != recorded.as_ref()) {
            match self.api.delete_app(&state.account_id, &app.id).await {
                Ok(()) | Err(gatehouse_cloudflare::CloudflareError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}
