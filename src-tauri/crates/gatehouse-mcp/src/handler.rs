//! Receives what the server sends on its own: progress, log messages, list changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use gatehouse_ipc::NotificationKind;
use rmcp::model::{
    ClientCapabilities, ClientConfig, Implementation, ProgressNotificationParam, ProgressToken,
    ProtocolVersion, ResourceUpdatedNotificationParam,
};
use rmcp::service::{NotificationContext, RoleClient};
use rmcp::ClientHandler;

#[allow(deprecated)]
use rmcp::model::LoggingMessageNotificationParam;

use crate::notification_batch::NotificationBatch;
use crate::EventSink;

/// Which tool call each progress token belongs to.
pub(crate) type ProgressRoutes = Arc<Mutex<HashMap<ProgressToken, String>>>;

pub(crate) struct ExplorerHandler {
    progress: ProgressRoutes,
    /// Notifications reach the window in bounded batches (see [`NotificationBatch`]).
    batch: Arc<NotificationBatch>,
}

impl ExplorerHandler {
    pub(crate) fn new(
        server_id: String,
        events: Arc<dyn EventSink>,
        progress: ProgressRoutes,
    ) -> Self {
        Self {
            progress,
            batch: NotificationBatch::new(server_id, events),
        }
    }

    /// The batch this server's notifications gather in, for the session to flush a call's
    /// progress when the call ends.
    pub(crate) fn batch(&self) -> Arc<NotificationBatch> {
        Arc::clone(&self.batch)
    }

    fn notify(&self, kind: NotificationKind, level: Option<String>, params: serde_json::Value) {
        self.batch.push(kind, level, params);
    }
}

impl ClientHandler for ExplorerHandler {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::default(),
            Implementation::new("Gatehouse", env!("CARGO_PKG_VERSION")),
        )
        // `initialize` (a server pinned to 2025-11-25) asks for the newest version that has it.
        .with_protocol_version(ProtocolVersion::LATEST_WITH_INITIALIZE)
    }

    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        let call_id = self
            .progress
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&params.progress_token)
            .cloned();
        if let Some(call_id) = call_id {
            self.batch.progress(
                call_id,
                params.progress,
                params.total,
                params.message.clone(),
            );
        }
        self.notify(
            NotificationKind::Progress,
            None,
            serde_json::to_value(&params).unwrap_or_default(),
        );
    }

    // Logging is deprecated from 2026-07-28 on, but servers speaking 2025-11-25 still send it.
    #[allow(deprecated)]
    async fn on_logging_message(
        &self,
        params: LoggingMessageNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        let value = serde_json::to_value(&params).unwrap_or_default();
        let level = value
            .get("level")
            .and_then(|l| l.as_str())
            .map(str::to_string);
        self.notify(NotificationKind::Log, level, value);
    }

    async fn on_resource_updated(
        &self,
        params: ResourceUpdatedNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.notify(
            NotificationKind::ResourceUpdated,
            None,
            serde_json::to_value(&params).unwrap_or_default(),
        );
    }

    async fn on_resource_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.notify(
            NotificationKind::ResourcesChanged,
            None,
            serde_json::Value::Null,
        );
    }

    async fn on_tool_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.notify(
            NotificationKind::ToolsChanged,
            None,
            serde_json::Value::Null,
        );
    }

    async fn on_prompt_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.notify(
            NotificationKind::PromptsChanged,
            None,
            serde_json::Value::Null,
        );
    }
}
