//! The KV namespace that holds the Worker's OAuth state.

use gatehouse_cloudflare::CloudflareError;

use super::run::{done, Outcome, Run};
use crate::state::Resource;
use crate::{ProvisionError, Result};

impl Run<'_> {
    pub(super) async fn kv_namespace(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        if let Some(kv) = &state.kv_namespace {
            return done(format!("Using the KV namespace {} (recorded).", kv.name));
        }
        let title = self.name.kv_title();
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
        self.record(|s| s.kv_namespace = Some(record)).await?;
        done(detail)
    }
}
