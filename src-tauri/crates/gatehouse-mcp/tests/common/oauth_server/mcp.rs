//! `/mcp`: the bearer check in front of it and the tools behind it.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{json, Value};

use super::{Shared, PAGE_SIZE, TOOL_COUNT};

/// The bearer check in front of `/mcp`.
pub(super) async fn require_token(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == axum::http::Method::DELETE {
        if let Some(delay) = shared.config.delete_delay {
            tokio::time::sleep(delay).await;
        }
    } else if let Some(delay) = shared.config.mcp_delay {
        tokio::time::sleep(delay).await;
    }
    let metadata = shared.resource_metadata_url();
    let scope = shared.config.resource_scopes.join(" ");
    let unauthorized = || {
        shared.counters.unauthorized.fetch_add(1, Ordering::SeqCst);
        (
            StatusCode::UNAUTHORIZED,
            [(
                header::WWW_AUTHENTICATE,
                format!(r#"Bearer resource_metadata="{metadata}", scope="{scope}""#),
            )],
        )
            .into_response()
    };
    // As many servers do, only an MCP request (a POST) is challenged: a GET probe learns nothing.
    let probe = shared.config.custom_metadata_path
        && request.method() != axum::http::Method::POST
        && request.headers().get(header::AUTHORIZATION).is_none();
    if probe {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(token) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
    else {
        return unauthorized();
    };
    let granted = {
        let store = shared.store.lock().unwrap();
        store
            .access
            .get(&token)
            .filter(|a| a.expires_at > Instant::now())
            .map(|a| a.scope.clone())
    };
    let Some(granted) = granted else {
        return unauthorized();
    };

    // Read the JSON-RPC message to see which tool is called.
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if let Ok(message) = serde_json::from_slice::<Value>(&bytes) {
        let admin =
            message["method"] == "tools/call" && message["params"]["name"] == "admin_action";
        if admin && !granted.split_whitespace().any(|s| s == "admin") {
            shared.counters.forbidden.fetch_add(1, Ordering::SeqCst);
            return (
                StatusCode::FORBIDDEN,
                [(
                    header::WWW_AUTHENTICATE,
                    format!(
                        r#"Bearer error="insufficient_scope", scope="read admin", resource_metadata="{metadata}""#
                    ),
                )],
            )
                .into_response();
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The MCP side: 120 tools, 50 a page; `echo` and `admin_action` do something.
#[derive(Clone)]
pub(super) struct Tools {
    pub(super) shared: Arc<Shared>,
}

fn tool_names() -> Vec<String> {
    let mut names = vec!["echo".to_string(), "admin_action".to_string()];
    names.extend((names.len() + 1..=TOOL_COUNT).map(|i| format!("tool_{i:03}")));
    names
}

fn tool(name: &str) -> Tool {
    let schema = if name == "echo" {
        json!({
            "type": "object",
            "properties": { "text": { "type": "string" } },
            "required": ["text"],
        })
    } else {
        json!({ "type": "object", "properties": {} })
    };
    let Value::Object(schema) = schema else {
        unreachable!()
    };
    let description = match name {
        "echo" => "Echoes its text",
        "admin_action" => "Needs the admin scope",
        _ => "Filler for pagination",
    };
    Tool::new(name.to_string(), description, Arc::new(schema))
}

impl ServerHandler for Tools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("gatehouse-oauth-test-server", "1.0.0"))
    }

    async fn list_tools(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let start = match request.and_then(|r| r.cursor) {
            None => 0,
            Some(cursor) => cursor
                .parse::<usize>()
                .ok()
                .filter(|&s| s < TOOL_COUNT)
                .ok_or_else(|| ErrorData::invalid_params("bad cursor", None))?,
        };
        self.shared
            .counters
            .tool_pages
            .fetch_add(1, Ordering::SeqCst);
        let end = (start + PAGE_SIZE).min(TOOL_COUNT);
        let names = tool_names();
        let mut page =
            ListToolsResult::with_all_items(names[start..end].iter().map(|n| tool(n)).collect());
        page.next_cursor = (end < TOOL_COUNT).then(|| end.to_string());
        Ok(page)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let text = match request.name.as_ref() {
            "echo" => request
                .arguments
                .as_ref()
                .and_then(|a| a.get("text"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            "admin_action" => "admin action done".to_string(),
            other if tool_names().iter().any(|n| n == other) => format!("{other} done"),
            other => return Err(ErrorData::invalid_params(format!("no tool {other}"), None)),
        };
        Ok(CallToolResult::success(vec![ContentBlock::text(text)]).into())
    }
}
