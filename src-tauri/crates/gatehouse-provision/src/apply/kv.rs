//! The KV namespace that holds the Worker's OAuth state.
//!
//! The create is marked as sent before it goes out (see [`crate::state::SentCreates`]). A namespace
//! with this deployment's title is this deployment's only when such a mark was left behind, by a
//! run that stopped before recording the answer; then it is adopted. Otherwise that title belongs to
//! someone else, and setup says so.

use gatehouse_cloudflare::CloudflareError;

use super::run::{done, Outcome, Run};
use crate::state::Resource;
use crate::{ProvisionError, Result};

/// Cloudflare's answer to a title the account already uses.
const TITLE_TAKEN: i64 = 10014;

impl Run<'_> {
    pub(super) async fn kv_namespace(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        if let Some(kv) = &state.kv_namespace {
            return done(format!("Using the KV namespace {} (recorded).", kv.name));
        }
        let title = self.name.kv_title();
        if state.sent.kv_namespace.as_deref() == Some(title.as_str()) {
            let found = self
                .api
                .list_kv_namespaces(&state.account_id)
                .await?
                .into_iter()
                .find(|n| n.title == title);
            if let Some(found) = found {
                let record = Resource {
                    id: found.id,
                    name: found.title,
                    created: true,
                };
                let detail = format!(
                    "Found the KV namespace {} that an interrupted run created.",
                    record.name
                );
                self.record(|s| {
                    s.kv_namespace = Some(record);
                    s.sent.kv_namespace = None;
                })
                .await?;
                return done(detail);
            }
        }
        let sent = title.clone();
        self.record(|s| s.sent.kv_namespace = Some(sent)).await?;
        let created = match self
            .api
            .create_kv_namespace(&state.account_id, &title)
            .await
        {
            Ok(created) => created,
            Err(CloudflareError::Rejected {
                code: Some(TITLE_TAKEN),
                ..
            }) => {
                // Not made by this deployment: it never sent a create that went unrecorded.
                self.record(|s| s.sent.kv_namespace = None).await?;
                return Err(ProvisionError::NameTaken {
                    what: "A KV namespace named",
                    name: title,
                });
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
            s.sent.kv_namespace = None;
        })
        .await?;
        done(detail)
    }
}
