//! Following resources: `resources/subscribe` and `resources/unsubscribe` on 2025-11-25; one
//! `subscriptions/listen` stream naming every followed resource from 2026-07-28 (rmcp routes
//! the stream's notifications to the [`rmcp::service::Subscription`], not to the handler, so a
//! task here forwards them to the window like any other notification).
// rmcp marks the 2025-11-25 requests deprecated; they are what a 2025-11-25 server answers.
#![allow(deprecated)]

use std::collections::BTreeSet;

use gatehouse_ipc::{NotificationKind, ResourceSubscriptions};
use rmcp::model::{
    ClientRequest, ServerNotification, SubscribeRequest, SubscribeRequestParams,
    SubscriptionFilter, UnsubscribeRequest, UnsubscribeRequestParams,
};
use tokio::task::JoinHandle;

use crate::session::to_json;
use crate::{McpFailure, Result, Session};

pub(crate) const LEGACY_METHOD: &str = "resources/subscribe";
pub(crate) const LISTEN_METHOD: &str = "subscriptions/listen";

#[derive(Default)]
pub(crate) struct Subscriptions {
    inner: tokio::sync::Mutex<Followed>,
}

#[derive(Default)]
struct Followed {
    uris: BTreeSet<String>,
    /// The `subscriptions/listen` stream's reader (2026-07-28 on).
    listener: Option<JoinHandle<()>>,
}

impl Drop for Followed {
    fn drop(&mut self) {
        if let Some(listener) = self.listener.take() {
            listener.abort();
        }
    }
}

impl Session {
    fn subscription_method(&self) -> &'static str {
        if self.is_modern() {
            LISTEN_METHOD
        } else {
            LEGACY_METHOD
        }
    }

    fn snapshot(&self, followed: &Followed) -> ResourceSubscriptions {
        ResourceSubscriptions {
            uris: followed.uris.iter().cloned().collect(),
            method: self.subscription_method().to_string(),
        }
    }

    /// The resources this session follows.
    pub async fn subscriptions(&self) -> ResourceSubscriptions {
        let followed = self.subscriptions.inner.lock().await;
        self.snapshot(&followed)
    }

    /// Follows a resource: its `notifications/resources/updated` reach the window.
    pub async fn subscribe(&self, uri: &str) -> Result<ResourceSubscriptions> {
        if !self.info().capabilities.resources_subscribe && !self.is_modern() {
            return Err(McpFailure::InvalidInput(
                "this server does not offer resource subscriptions".into(),
            ));
        }
        let mut followed = self.subscriptions.inner.lock().await;
        if followed.uris.contains(uri) {
            return Ok(self.snapshot(&followed));
        }
        if self.is_modern() {
            let mut wanted = followed.uris.clone();
            wanted.insert(uri.to_string());
            self.listen(&mut followed, wanted).await?;
        } else {
            let params = SubscribeRequestParams::new(uri);
            let request = ClientRequest::SubscribeRequest(SubscribeRequest::new(params.clone()));
            self.request(LEGACY_METHOD, to_json(&params), request, None)
                .await?;
            followed.uris.insert(uri.to_string());
        }
        Ok(self.snapshot(&followed))
    }

    /// Stops following a resource.
    pub async fn unsubscribe(&self, uri: &str) -> Result<ResourceSubscriptions> {
        let mut followed = self.subscriptions.inner.lock().await;
        if !followed.uris.contains(uri) {
            return Ok(self.snapshot(&followed));
        }
        if self.is_modern() {
            let mut wanted = followed.uris.clone();
            wanted.remove(uri);
            self.listen(&mut followed, wanted).await?;
        } else {
            let params = UnsubscribeRequestParams::new(uri);
            let request =
                ClientRequest::UnsubscribeRequest(UnsubscribeRequest::new(params.clone()));
            self.request("resources/unsubscribe", to_json(&params), request, None)
                .await?;
            followed.uris.remove(uri);
        }
        Ok(self.snapshot(&followed))
    }

    /// Replaces the `subscriptions/listen` stream with one for `wanted` (none when empty).
    async fn listen(&self, followed: &mut Followed, wanted: BTreeSet<String>) -> Result<()> {
        if let Some(old) = followed.listener.take() {
            // Dropping the stream's reader cancels its request.
            old.abort();
        }
        followed.uris.clear();
        if wanted.is_empty() {
            return Ok(());
        }
        let filter = SubscriptionFilter::builder()
            .resource_subscriptions(wanted.iter().cloned())
            .build();
        let mut subscription = self
            .peer()
            .listen(filter)
            .await
            .map_err(|e| self.failure(e))?;
        let accepted: BTreeSet<String> = subscription
            .acknowledged()
            .resource_subscriptions
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect();
        let batch = self.notifications().clone();
        followed.listener = Some(tokio::spawn(async move {
            while let Ok(Some(notification)) = subscription.next().await {
                if let ServerNotification::ResourceUpdatedNotification(n) = notification {
                    batch.push(NotificationKind::ResourceUpdated, None, to_json(&n.params));
                }
            }
        }));
        let refused: Vec<&String> = wanted.difference(&accepted).collect();
        followed.uris = accepted.clone();
        if let Some(uri) = refused.first() {
            return Err(McpFailure::Server(format!(
                "the server would not send updates of {uri}"
            )));
        }
        Ok(())
    }
}
