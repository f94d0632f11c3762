//! One open session with a server, and every operation the explorer offers on it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gatehouse_ipc::{
    AppEvent, Exchange, ExchangeOutcome, PromptArgumentInfo, PromptInfo, PromptOutcome,
    ReadResourceOutcome, ResourceInfo, ResourceListing, ResourceTemplateInfo,
    ServerCapabilitiesInfo, ServerInfo, ToolCallOutcome, ToolInfo,
};
use rmcp::model::{
    CallToolRequest, CallToolRequestParams, ClientRequest, GetPromptRequestParams,
    PaginatedRequestParams, ReadResourceRequestParams, ServerResult,
};
use rmcp::service::{
    Peer, PeerRequestOptions, RoleClient, RunningService, RunningServiceCancellationToken,
    ServiceError,
};
use serde::Serialize;
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use crate::content::{prompt_from_json, resource_contents_from_json, tool_result_from_json};
use crate::exchange_log::ExchangeLog;
use crate::handler::{ExplorerHandler, ProgressRoutes, SharedRoots};
use crate::notification_batch::NotificationBatch;
use crate::schema_check::check_structured;
use crate::session_end::{ended_by, watch, Ending};
use crate::{now_ms, EventSink, McpFailure, Result};

/// The most pages one list may take; a server that keeps handing out cursors is cut off.
const MAX_PAGES: usize = 1000;

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
}

/// A tool as the UI shows it, taken from the parsed answer as it is: the same fields as
/// [`crate::tool_info_from_json`] without serializing each tool back to JSON first (a list of
/// thousands of tools is converted once).
fn tool_info(tool: rmcp::model::Tool) -> ToolInfo {
    let annotations = tool.annotations.map(|a| to_json(&a));
    let title = tool.title.or_else(|| {
        annotations
            .as_ref()
            .and_then(|a| a.get("title"))
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    ToolInfo {
        name: tool.name.into_owned(),
        title,
        description: tool.description.map(|d| d.into_owned()),
        input_schema: Value::Object(Arc::unwrap_or_clone(tool.input_schema)),
        output_schema: tool
            .output_schema
            .map(|schema| Value::Object(Arc::unwrap_or_clone(schema))),
        annotations,
    }
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn as_object(value: &Value) -> Option<&serde_json::Map<String, Value>> {
    value.as_object()
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
        let has = |pointer: &str| raw.pointer(pointer).is_some_and(|v| !v.is_null());
        let flag = |pointer: &str| {
            raw.pointer(pointer)
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let capabilities = ServerCapabilitiesInfo {
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
        };
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
        }
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

    /// A failed request's error for the user, and for the raw view as structured JSON: the
    /// server's JSON-RPC error as it sent it, or what happened in plain words.
    fn failed(&self, error: ServiceError) -> (McpFailure, Value) {
        let json = match &error {
            ServiceError::McpError(data) => json!({
                "code": data.code.0,
                "message": data.message,
                "data": data.data,
            }),
            _ => Value::Null,
        };
        let failure = self.failure(error);
        let json = if json.is_null() {
            json!({ "message": failure.to_string(), "kind": failure_kind(&failure) })
        } else {
            json
        };
        (failure, json)
    }

    /// A failed request's error; one that shows the session is gone ends it.
    pub(crate) fn failure(&self, error: ServiceError) -> McpFailure {
        if let Some(reason) = ended_by(&error) {
            self.ending.died(reason);
            self.stop();
        }
        McpFailure::from_service(error, self.timeout.as_secs())
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

    /// Sends one request with the session's timeout, recording it for the raw view.
    pub(crate) async fn request(
        &self,
        method: &str,
        params: Value,
        request: ClientRequest,
        call: Option<(&str, &CancellationToken)>,
    ) -> Result<(ServerResult, Exchange)> {
        let started_at = now_ms();
        let clock = Instant::now();
        let mut options = PeerRequestOptions::default();
        options.timeout = Some(self.timeout);
        options.reset_timeout_on_progress = true;
        // What goes on the wire, for the raw view: the envelope, the params and their `_meta`.
        let wire = to_json(&request);
        let mut sent = json!({
            "jsonrpc": "2.0",
            "method": method,
            "params": wire.get("params").cloned().unwrap_or(params),
        });
        let handle = match self.peer.send_request_with_option(request, options).await {
            Ok(handle) => handle,
            Err(e) => {
                let (failure, error) = self.failed(e);
                self.record(Exchange {
                    method: method.to_string(),
                    id: None,
                    outcome: Some(ExchangeOutcome::Error),
                    request: sent,
                    response: json!({ "error": error }),
                    ok: false,
                    started_at,
                    duration_ms: clock.elapsed().as_millis() as u64,
                });
                return Err(failure);
            }
        };
        let token = handle.progress_token.clone();
        let peer = handle.peer.clone();
        let id = handle.id.clone();
        let id_json = to_json(&id);
        if let Some(object) = sent.as_object_mut() {
            object.insert("id".into(), id_json.clone());
        }
        if let Some(params) = sent.get_mut("params").and_then(Value::as_object_mut) {
            let meta = params.entry("_meta").or_insert_with(|| json!({}));
            if let Some(meta) = meta.as_object_mut() {
                meta.entry("progressToken")
                    .or_insert_with(|| to_json(&token.0));
            }
        }
        if let Some((call_id, _)) = call {
            // The request is only queued at this point, so no progress can have arrived yet.
            self.progress
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(token.clone(), call_id.to_string());
        }
        let outcome: std::result::Result<ServerResult, (McpFailure, Value)> = match call {
            Some((_, cancel)) => tokio::select! {
                result = handle.await_response() => result.map_err(|e| self.failed(e)),
                () = cancel.cancelled() => {
                    let _ = peer.notify_cancelled(rmcp::model::CancelledNotificationParam::new(Some(id), Some("cancelled by the user".into()))).await;
                    Err((McpFailure::Cancelled, json!({ "cancelled": true, "reason": "cancelled by the user" })))
                }
            },
            None => handle.await_response().await.map_err(|e| self.failed(e)),
        };
        if let Some((call_id, _)) = call {
            self.progress
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&token);
            self.notifications.flush_progress_of(call_id);
        }
        let (response, state) = match &outcome {
            Ok(result) => (
                json!({ "jsonrpc": "2.0", "id": id_json, "result": to_json(result) }),
                ExchangeOutcome::Ok,
            ),
            Err((McpFailure::Cancelled, error)) => (error.clone(), ExchangeOutcome::Cancelled),
            Err((_, error)) => (
                json!({ "jsonrpc": "2.0", "id": id_json, "error": error }),
                ExchangeOutcome::Error,
            ),
        };
        let exchange = self.record(Exchange {
            method: method.to_string(),
            id: Some(id_json),
            outcome: Some(state),
            request: sent,
            response,
            ok: state == ExchangeOutcome::Ok,
            started_at,
            duration_ms: clock.elapsed().as_millis() as u64,
        });
        outcome
            .map(|result| (result, exchange))
            .map_err(|(failure, _)| failure)
    }

    /// Requests every page of a paginated list: `request` builds one page's request, `take` keeps
    /// what the page holds and returns its `nextCursor` (`None` when the answer is of another kind).
    async fn every_page(
        &self,
        method: &str,
        request: impl Fn(PaginatedRequestParams) -> ClientRequest,
        mut take: impl FnMut(ServerResult) -> Option<Option<String>>,
    ) -> Result<()> {
        let mut cursor = None;
        for _ in 0..MAX_PAGES {
            let params = PaginatedRequestParams::default().with_cursor(cursor.take());
            let (result, _) = self
                .request(method, to_json(&params), request(params), None)
                .await?;
            match take(result) {
                None => {
                    return Err(McpFailure::Server(format!(
                        "the server answered {method} with something else"
                    )))
                }
                Some(None) => return Ok(()),
                Some(next) => cursor = next,
            }
        }
        Err(McpFailure::Server(format!(
            "the server kept paginating {method} past {MAX_PAGES} pages"
        )))
    }

    /// Every tool, following `nextCursor` to the end.
    pub async fn list_tools(&self) -> Result<Vec<ToolInfo>> {
        let mut tools = Vec::new();
        self.every_page(
            "tools/list",
            |p| ClientRequest::ListToolsRequest(rmcp::model::ListToolsRequest::with_param(p)),
            |result| match result {
                ServerResult::ListToolsResult(page) => {
                    tools.extend(page.tools.into_iter().map(tool_info));
                    Some(page.next_cursor)
                }
                _ => None,
            },
        )
        .await?;
        Ok(tools)
    }

    /// Calls a tool. Arguments should already be checked against the input schema.
    pub async fn call_tool(
        &self,
        call_id: &str,
        name: &str,
        arguments: Value,
        output_schema: Option<&Value>,
        cancel: &CancellationToken,
    ) -> Result<ToolCallOutcome> {
        let mut params = CallToolRequestParams::new(name.to_string());
        if let Some(object) = as_object(&arguments) {
            params = params.with_arguments(object.clone());
        }
        let request = ClientRequest::CallToolRequest(CallToolRequest::new(params.clone()));
        let (result, exchange) = self
            .request(
                "tools/call",
                to_json(&params),
                request,
                Some((call_id, cancel)),
            )
            .await?;
        // rmcp parses a result whole: one content block of a kind it does not know turns the
        // answer into a `CustomResult`. Both are read from their JSON, block by block.
        let value = match result {
            ServerResult::CallToolResult(result) => to_json(&result),
            ServerResult::CustomResult(custom) => custom.0,
            _ => Value::Null,
        };
        let Some(parts) = tool_result_from_json(value) else {
            return Err(McpFailure::Server(
                "the server answered tools/call with something else".into(),
            ));
        };
        let structured_check = check_structured(output_schema, parts.structured_content.as_ref());
        Ok(ToolCallOutcome {
            content: parts.content,
            structured_content: parts.structured_content,
            structured_check,
            is_error: parts.is_error,
            exchange,
        })
    }

    pub async fn list_resources(&self) -> Result<ResourceListing> {
        let text = |v: &Value, key: &str| v[key].as_str().map(String::from);
        let mut resources = Vec::new();
        self.every_page(
            "resources/list",
            |p| {
                ClientRequest::ListResourcesRequest(rmcp::model::ListResourcesRequest::with_param(
                    p,
                ))
            },
            |result| match result {
                ServerResult::ListResourcesResult(page) => {
                    resources.extend(page.resources.iter().map(to_json).filter_map(|v| {
                        Some(ResourceInfo {
                            uri: text(&v, "uri")?,
                            name: text(&v, "name")?,
                            title: text(&v, "title"),
                            description: text(&v, "description"),
                            mime_type: text(&v, "mimeType"),
                        })
                    }));
                    Some(page.next_cursor)
                }
                _ => None,
            },
        )
        .await?;
        let mut templates = Vec::new();
        let listed = self
            .every_page(
                "resources/templates/list",
                |p| {
                    ClientRequest::ListResourceTemplatesRequest(
                        rmcp::model::ListResourceTemplatesRequest::with_param(p),
                    )
                },
                |result| match result {
                    ServerResult::ListResourceTemplatesResult(page) => {
                        templates.extend(page.resource_templates.iter().map(to_json).filter_map(
                            |v| {
                                Some(ResourceTemplateInfo {
                                    uri_template: text(&v, "uriTemplate")?,
                                    name: text(&v, "name")?,
                                    title: text(&v, "title"),
                                    description: text(&v, "description"),
                                    mime_type: text(&v, "mimeType"),
                                })
                            },
                        ));
                        Some(page.next_cursor)
                    }
                    _ => None,
                },
            )
            .await;
        match listed {
            // Servers without templates may not implement the method at all.
            Ok(()) | Err(McpFailure::Server(_)) => {}
            Err(e) => return Err(e),
        }
        Ok(ResourceListing {
            resources,
            templates,
        })
    }

    pub async fn read_resource(&self, uri: &str) -> Result<ReadResourceOutcome> {
        let params = ReadResourceRequestParams::new(uri.to_string());
        let request = ClientRequest::ReadResourceRequest(rmcp::model::ReadResourceRequest::new(
            params.clone(),
        ));
        let (result, exchange) = self
            .request("resources/read", to_json(&params), request, None)
            .await?;
        let ServerResult::ReadResourceResult(result) = result else {
            return Err(McpFailure::Server(
                "the server answered resources/read with something else".into(),
            ));
        };
        let contents = result
            .contents
            .iter()
            .filter_map(|c| resource_contents_from_json(to_json(c)))
            .collect();
        Ok(ReadResourceOutcome { contents, exchange })
    }

    pub async fn list_prompts(&self) -> Result<Vec<PromptInfo>> {
        let text = |v: &Value, key: &str| v[key].as_str().map(String::from);
        let mut prompts = Vec::new();
        self.every_page(
            "prompts/list",
            |p| ClientRequest::ListPromptsRequest(rmcp::model::ListPromptsRequest::with_param(p)),
            |result| match result {
                ServerResult::ListPromptsResult(page) => {
                    prompts.extend(page.prompts.iter().map(to_json).filter_map(|v| {
                        let arguments = v["arguments"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|a| {
                                Some(PromptArgumentInfo {
                                    name: text(a, "name")?,
                                    description: text(a, "description"),
                                    required: a["required"].as_bool().unwrap_or(false),
                                })
                            })
                            .collect();
                        Some(PromptInfo {
                            name: text(&v, "name")?,
                            title: text(&v, "title"),
                            description: text(&v, "description"),
                            arguments,
                        })
                    }));
                    Some(page.next_cursor)
                }
                _ => None,
            },
        )
        .await?;
        Ok(prompts)
    }

    pub async fn get_prompt(
        &self,
        name: &str,
        arguments: &std::collections::BTreeMap<String, String>,
    ) -> Result<PromptOutcome> {
        let mut params = GetPromptRequestParams::new(name.to_string());
        if !arguments.is_empty() {
            let object = arguments
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            params = params.with_arguments(object);
        }
        let request =
            ClientRequest::GetPromptRequest(rmcp::model::GetPromptRequest::new(params.clone()));
        let (result, exchange) = self
            .request("prompts/get", to_json(&params), request, None)
            .await?;
        let value = match result {
            ServerResult::GetPromptResult(result) => to_json(&result),
            ServerResult::CustomResult(custom) => custom.0,
            _ => Value::Null,
        };
        let Some((description, messages)) = prompt_from_json(&value) else {
            return Err(McpFailure::Server(
                "the server answered prompts/get with something else".into(),
            ));
        };
        Ok(PromptOutcome {
            description,
            messages,
            exchange,
        })
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

/// A short word for the kind of failure, for the raw view's structured errors.
fn failure_kind(failure: &McpFailure) -> &'static str {
    match failure {
        McpFailure::Timeout(_) => "timeout",
        McpFailure::Cancelled => "cancelled",
        McpFailure::Network(_) => "network",
        McpFailure::AuthRequired { .. } | McpFailure::RenewalFailed(_) => "login required",
        McpFailure::InsufficientScope { .. } => "insufficient scope",
        _ => "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(value: Value) -> rmcp::model::Tool {
        serde_json::from_value(value).expect("a valid tool")
    }

    #[test]
    fn a_tool_converts_as_its_json_does() {
        let examples = [
            json!({"name": "plain", "inputSchema": {"type": "object"}}),
            json!({
                "name": "full", "title": "Full", "description": "Does it all",
                "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
                "outputSchema": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "annotations": {"title": "From annotations", "readOnlyHint": true}
            }),
            json!({
                "name": "titled-by-annotations", "inputSchema": {"type": "object"},
                "annotations": {"title": "Annotated", "destructiveHint": false}
            }),
        ];
        for example in examples {
            let parsed = tool(example);
            let through_json = crate::tool_info_from_json(to_json(&parsed)).expect("a tool");
            assert_eq!(to_json(&tool_info(parsed)), to_json(&through_json));
        }
    }
}
