//! One open session with a server, and every operation the explorer offers on it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_ipc::{AppEvent, Exchange, ExchangeOutcome, ServerCapabilitiesInfo, ServerInfo};
use rmcp::service::{Peer, RoleClient, RunningService, RunningServiceCancellationToken};
use serde::Serialize;
use serde_json::{json, Value};

use crate::exchange_log::ExchangeLog;
use crate::handler::{ExplorerHandler, ProgressRoutes, SharedRoots, TaskStatusHook};
use crate::notification_batch::NotificationBatch;
use crate::raw_answers::RawAnswers;
use crate::session_end::{watch, Ending};
use crate::{now_ms, EventSink, Result};

mod catalog;
mod input_requests;
mod request;

/// How long closing waits for the server to end the session (the transport's DELETE).
const CLOSE_TIMEOUT: Duration = Duration::from_secs(8);

pub struct Session {
    server_id: String,
    peer: Peer<RoleClient>,
    /// Ends the running service; taken by `close` or on drop.
    quit: Mutex<Option<RunningServiceCancellationToken>>,
    /// Reports the session's end when it was not the app's doing.
    ending: Arc<Ending>,
    /// Waits for the service to end.
    watcher: Mutex<Option<tokio::task::JoinHandle<()>>>,
    progress: ProgressRoutes,
    notifications: Arc<NotificationBatch>,
    timeout: Duration,
    info: ServerInfo,
    exchanges: Mutex<ExchangeLog>,
    /// The resources this session follows (see `subscriptions.rs`).
    pub(crate) subscriptions: crate::subscriptions::Subscriptions,
    /// Each recorded exchange is also sent to the window, so the raw view is live.
    events: Arc<dyn EventSink>,
    /// The folders `roots/list` answers with.
    roots: SharedRoots,
    /// What rmcp drops of the server's answers, read from the wire (see `raw_answers.rs`).
    raw_answers: RawAnswers,
    /// Where the task status the server pushes goes.
    task_status: TaskStatusHook,
    /// Answers input requests (2026-07-28) as it answers the server's own requests.
    handler: ExplorerHandler,
}

/// What the server can do, read from its capabilities object.
fn capabilities_info(raw: Value) -> ServerCapabilitiesInfo {
    let has = |pointer: &str| raw.pointer(pointer).is_some_and(|v| !v.is_null());
    let flag = |pointer: &str| {
        raw.pointer(pointer)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    ServerCapabilitiesInfo {
        tools: has("/tools"),
        tools_list_changed: flag("/tools/listChanged"),
        resources: has("/resources"),
        resources_subscribe: flag("/resources/subscribe"),
        resources_list_changed: flag("/resources/listChanged"),
        prompts: has("/prompts"),
        prompts_list_changed: flag("/prompts/listChanged"),
        logging: has("/logging"),
        completions: has("/completions"),
        raw,
    }
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl Session {
    pub(crate) fn new(
        server_id: String,
        running: RunningService<RoleClient, ExplorerHandler>,
        progress: ProgressRoutes,
        timeout: Duration,
        authenticated: bool,
        events: Arc<dyn EventSink>,
    ) -> Self {
        let peer = running.peer_info();
        let (server_name, title, version, protocol_version, instructions, raw) =
            match peer.as_deref() {
                Some(peer) => {
                    let info = peer.server_info.as_ref();
                    (
                        info.map(|i| i.name.clone())
                            .unwrap_or_else(|| "(unnamed server)".into()),
                        info.and_then(|i| i.title.clone()),
                        info.map(|i| i.version.clone()).unwrap_or_default(),
                        peer.protocol_version.to_string(),
                        peer.instructions.clone(),
                        to_json(&peer.capabilities),
                    )
                }
                None => (
                    "(unknown server)".into(),
                    None,
                    String::new(),
                    String::new(),
                    None,
                    Value::Null,
                ),
            };
        let capabilities = capabilities_info(raw);
        let info = ServerInfo {
            name: server_name,
            title,
            version,
            protocol_version,
            instructions,
            capabilities,
            authenticated,
        };
        // The handshake, as one exchange: what this client declared and what the server answered.
        let initialize = Exchange {
            method: "initialize".into(),
            id: None,
            outcome: Some(ExchangeOutcome::Ok),
            request: json!({
                "jsonrpc": "2.0",
                "method": "initialize",
                "params": to_json(&rmcp::ClientHandler::get_info(running.service())),
            }),
            response: json!({ "result": peer.as_deref().map(to_json).unwrap_or(Value::Null) }),
            ok: true,
            started_at: now_ms(),
            duration_ms: 0,
        };
        let ending = Ending::new(server_id.clone(), events.clone());
        let quit = running.cancellation_token();
        let handle = running.peer().clone();
        let notifications = running.service().batch();
        let roots = running.service().roots();
        let task_status = running.service().task_status();
        let handler = running.service().clone();
        let watcher = tokio::spawn(watch(running, ending.clone()));
        Self {
            server_id,
            peer: handle,
            quit: Mutex::new(Some(quit)),
            ending,
            watcher: Mutex::new(Some(watcher)),
            progress,
            notifications,
            timeout,
            info,
            subscriptions: Default::default(),
            exchanges: Mutex::new(ExchangeLog::with_first(&initialize)),
            events,
            roots,
            raw_answers: RawAnswers::default(),
            task_status,
            handler,
        }
    }

    /// Takes what the transport read from the wire: the handshake's answer as the server sent it
    /// replaces rmcp's parsed copy in the capabilities and in the raw view's first exchange, so
    /// what rmcp does not model (2025-11-25's `tasks` capability) is shown and known.
    pub(crate) fn with_raw_answers(mut self, raw_answers: RawAnswers) -> Self {
        if let Some(result) = raw_answers.handshake() {
            if let Some(capabilities) = result.get("capabilities").filter(|c| c.is_object()) {
                self.info.capabilities = capabilities_info(capabilities.clone());
            }
            let log = self.exchanges.get_mut().unwrap_or_else(|p| p.into_inner());
            if let Some(mut handshake) = log.all().into_iter().next() {
                handshake.response = json!({ "result": result });
                *log = ExchangeLog::with_first(&handshake);
            }
        }
        self.raw_answers = raw_answers;
        self
    }

    /// What the transport read from the wire of this session's answers.
    pub(crate) fn raw_answers(&self) -> &RawAnswers {
        &self.raw_answers
    }

    /// Sends the task status the server pushes (`notifications/tasks/status`) to `hook`.
    pub(crate) fn set_task_status_hook(&self, hook: Arc<dyn Fn(&Value) + Send + Sync>) {
        *self.task_status.write().unwrap_or_else(|p| p.into_inner()) = Some(hook);
    }

    /// Changes the folders the server may see and tells it (`notifications/roots/list_changed`).
    pub async fn set_roots(&self, roots: Vec<gatehouse_ipc::RootEntry>) -> Result<()> {
        let changed = {
            let mut current = self.roots.write().unwrap_or_else(|p| p.into_inner());
            let changed = *current != roots;
            *current = roots;
            changed
        };
        if changed {
            self.peer
                .notify_roots_list_changed()
                .await
                .map_err(|e| self.failure(e))?;
        }
        Ok(())
    }

    pub fn server_id(&self) -> &str {
        &self.server_id
    }

    pub fn info(&self) -> &ServerInfo {
        &self.info
    }

    pub fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .all()
    }

    fn record(&self, exchange: Exchange) -> Exchange {
        let kept = self
            .exchanges
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(&exchange);
        self.events.emit(AppEvent::ExchangeRecorded {
            server_id: self.server_id.clone(),
            exchange: kept,
        });
        exchange
    }

    pub(crate) fn peer(&self) -> &Peer<RoleClient> {
        &self.peer
    }

    pub(crate) fn notifications(&self) -> &Arc<NotificationBatch> {
        &self.notifications
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    pub(crate) fn remember_exchange(&self, exchange: Exchange) {
        self.record(exchange);
    }

    pub(crate) fn progress_routes(&self) -> &ProgressRoutes {
        &self.progress
    }

    /// Whether the session speaks 2026-07-28 or later (no `initialize`, `subscriptions/listen`).
    pub(crate) fn is_modern(&self) -> bool {
        self.info.protocol_version.as_str() >= "2026-07-28"
    }

    /// Whether the session has ended (closed by the app, or died).
    pub fn is_closed(&self) -> bool {
        self.ending.has_ended() || self.peer.is_transport_closed()
    }

    fn stop(&self) {
        let quit = self.quit.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(quit) = quit {
            quit.cancel();
        }
    }

    /// Ends the session and waits (a bounded time) for the server to be told.
    pub async fn close(self) {
        self.ending.closing();
        self.stop();
        let watcher = self
            .watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(watcher) = watcher {
            let _ = tokio::time::timeout(CLOSE_TIMEOUT, watcher).await;
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A session dropped while a call still held it ends in the background.
        self.ending.closing();
        self.stop();
    }
}
