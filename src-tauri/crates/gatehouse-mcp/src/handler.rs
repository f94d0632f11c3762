//! Receives what the server sends on its own (progress, log messages, list changes) and answers
//! what it asks (elicitation, sampling, roots; see [`crate::client_requests`]).

// Sampling and roots are deprecated from 2026-07-28 on (SEP-2577); servers on 2025-11-25 use them.
#![allow(deprecated)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use gatehouse_ipc::{
    NotificationKind, PendingServerRequest, RootEntry, ServerAsk, ServerRequestEnd,
};
use rmcp::model::{
    ClientCapabilities, ClientConfig, CreateMessageRequestParams, CreateMessageResult,
    CustomNotification, ElicitRequestParams, ElicitResult, ElicitationAction,
    ElicitationCapability, ErrorData, FormElicitationCapability, Implementation, ListRootsResult,
    ProgressNotificationParam, ProgressToken, ProtocolVersion, ResourceUpdatedNotificationParam,
    Root, RootsCapabilities, SamplingCapability, UrlElicitationCapability,
};
use rmcp::service::{NotificationContext, RequestContext, RoleClient};
use rmcp::ClientHandler;

use rmcp::model::LoggingMessageNotificationParam;

use crate::client_requests::{
    elicit_result, elicitation_ask, rejected, sampling_ask, sampling_result, ClientSide,
};
use crate::notification_batch::NotificationBatch;
use crate::{now_ms, EventSink};

/// The folders a session shares; changed while it runs (`Session::set_roots`).
pub(crate) type SharedRoots = Arc<RwLock<Vec<RootEntry>>>;

/// Which tool call each progress token belongs to.
pub(crate) type ProgressRoutes = Arc<Mutex<HashMap<ProgressToken, String>>>;

/// Where `notifications/tasks/status` goes (the explorer's task book), once the session has one.
pub(crate) type TaskStatusHook = Arc<RwLock<Option<Arc<dyn Fn(&serde_json::Value) + Send + Sync>>>>;

/// Cloned by the session, which answers 2026-07-28's input requests with it.
#[derive(Clone)]
pub(crate) struct ExplorerHandler {
    progress: ProgressRoutes,
    /// Notifications reach the window in bounded batches (see [`NotificationBatch`]).
    batch: Arc<NotificationBatch>,
    server_id: String,
    side: ClientSide,
    roots: SharedRoots,
    /// The version `initialize` offers when the handshake is 2025-11-25's alone (rmcp's default
    /// is the latest).
    initialize_version: Option<ProtocolVersion>,
    task_status: TaskStatusHook,
}

impl ExplorerHandler {
    pub(crate) fn new(
        server_id: String,
        events: Arc<dyn EventSink>,
        progress: ProgressRoutes,
        side: ClientSide,
    ) -> Self {
        let roots = Arc::new(RwLock::new(side.roots.clone()));
        Self {
            progress,
            batch: NotificationBatch::new(server_id.clone(), events),
            server_id,
            side,
            roots,
            initialize_version: None,
            task_status: TaskStatusHook::default(),
        }
    }

    /// Where the task status the server pushes goes, for the session to set.
    pub(crate) fn task_status(&self) -> TaskStatusHook {
        Arc::clone(&self.task_status)
    }

    /// The folders this session shares, for the session to change.
    pub(crate) fn roots(&self) -> SharedRoots {
        Arc::clone(&self.roots)
    }

    /// Hands the request to the responder; gives up when the server withdraws it or the
    /// session ends (`None`).
    async fn ask(
        &self,
        ask: ServerAsk,
        context: &RequestContext<RoleClient>,
    ) -> Option<gatehouse_ipc::ServerReply> {
        let request = PendingServerRequest {
            request_id: next_request_id(),
            server_id: self.server_id.clone(),
            at: now_ms(),
            ask,
        };
        let request_id = request.request_id.clone();
        let reply = self.side.responder.respond(request);
        tokio::select! {
            reply = reply => Some(reply),
            _ = context.ct.cancelled() => {
                let end = if context.peer.is_transport_closed() {
                    ServerRequestEnd::SessionEnded
                } else {
                    ServerRequestEnd::CancelledByServer
                };
                self.side.responder.withdrawn(&request_id, end);
                None
            }
        }
    }

    /// Offers `version` in `initialize`.
    pub(crate) fn offering(mut self, version: ProtocolVersion) -> Self {
        self.initialize_version = Some(version);
        self
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

/// Ids of requests from servers: unique in this process, ordered by arrival.
fn next_request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("sr-{:010}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// What Gatehouse can be asked: elicitation (form and URL), sampling, and roots that change; and
/// that it follows tasks (2026-07-28's extension).
pub(crate) fn client_capabilities() -> ClientCapabilities {
    let mut roots = RootsCapabilities::default();
    roots.list_changed = Some(true);
    let mut capabilities = ClientCapabilities::default();
    capabilities.roots = Some(roots);
    capabilities.sampling = Some(SamplingCapability::default());
    capabilities.elicitation = Some(
        ElicitationCapability::new()
            .with_form(FormElicitationCapability::new())
            .with_url(UrlElicitationCapability::new()),
    );
    // 2026-07-28's tasks extension (SEP-2663): without it a server may not answer a call with a task.
    let mut extensions = rmcp::model::ExtensionCapabilities::new();
    extensions.insert(
        rmcp::model::TASKS_EXTENSION_ID.to_string(),
        Default::default(),
    );
    capabilities.extensions = Some(extensions);
    capabilities
}

impl ClientHandler for ExplorerHandler {
    fn get_info(&self) -> ClientConfig {
        let mut config = ClientConfig::new(
            client_capabilities(),
            Implementation::new("Gatehouse", env!("CARGO_PKG_VERSION")),
        );
        // `initialize` (a server pinned to, or falling back to, 2025-11-25) asks for the newest
        // version that has it.
        config.protocol_version = self
            .initialize_version
            .clone()
            .unwrap_or(ProtocolVersion::LATEST_WITH_INITIALIZE);
        config
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        let Some(ask) = elicitation_ask(&request) else {
            return Ok(ElicitResult::new(ElicitationAction::Decline));
        };
        let is_form = matches!(ask, ServerAsk::ElicitForm { .. });
        Ok(match self.ask(ask, &context).await {
            Some(reply) => elicit_result(reply, is_form),
            None => ElicitResult::new(ElicitationAction::Cancel),
        })
    }

    async fn create_message(
        &self,
        params: CreateMessageRequestParams,
        context: RequestContext<RoleClient>,
    ) -> Result<CreateMessageResult, ErrorData> {
        match self.ask(sampling_ask(&params), &context).await {
            Some(reply) => sampling_result(reply),
            None => Err(rejected()),
        }
    }

    async fn list_roots(
        &self,
        _context: RequestContext<RoleClient>,
    ) -> Result<ListRootsResult, ErrorData> {
        let roots = self
            .roots
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|entry| {
                let mut root = Root::new(entry.uri.clone());
                root.name = entry.name.clone();
                root
            })
            .collect();
        Ok(ListRootsResult::new(roots))
    }

    async fn on_custom_notification(
        &self,
        notification: CustomNotification,
        _context: NotificationContext<RoleClient>,
    ) {
        if notification.method == "notifications/elicitation/complete" {
            let id = notification
                .params
                .as_ref()
                .and_then(|p| p.get("elicitationId"))
                .and_then(|id| id.as_str())
                .unwrap_or_default();
            self.side
                .responder
                .elicitation_completed(&self.server_id, id);
        }
        // 2025-11-25's task status (rmcp's typed task notification is 2026-07-28's).
        if notification.method == "notifications/tasks/status" {
            let hook = self
                .task_status
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            if let (Some(hook), Some(params)) = (hook, notification.params.as_ref()) {
                hook(params);
            }
        }
        self.notify(
            NotificationKind::Other,
            None,
            serde_json::json!({ "method": notification.method, "params": notification.params }),
        );
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
