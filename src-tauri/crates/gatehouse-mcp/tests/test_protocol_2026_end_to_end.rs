//! Protocol 2026-07-28 end to end. The project's Worker speaks only 2025-11-25 (its SDK has no
//! 2026-07-28), so the server here is rmcp's own server side, which implements 2026-07-28 over
//! Streamable HTTP: `server/discover`, sessionless requests, the `Mcp-Method` / `Mcp-Name`
//! headers, input requests in place of server-to-client requests (an elicitation answered with
//! the form's defaults, in a call, a prompt and a task), and `subscriptions/listen`. A layer in front of it records what arrives.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use common::{temp_dir, Events};
use gatehouse_auth::MemorySecretStore;
use gatehouse_ipc::{
    AppEvent, ConnectOutcome, NotificationKind, ServerProfileInput, TaskStartRequest, TaskState,
    ToolCallRequest,
};
use gatehouse_mcp::{AnswerWithDefaults, Explorer};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ElicitRequest,
    ElicitRequestParams, GetPromptRequestParams, GetPromptResponse, GetPromptResult,
    Implementation, InputRequest, InputRequests, InputRequiredResult, ListToolsResult,
    PaginatedRequestParams, PromptMessage, Role, ServerCapabilities, ServerConfig,
    SubscriptionFilter, Tool,
};
use rmcp::model::{
    CreateTaskResult, DetailedTask, GetTaskParams, GetTaskResult, Task, TaskPayload, TaskStatus,
    UpdateTaskParams,
};
use rmcp::service::{RequestContext, SubscriptionContext};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

const FOLLOWED: &str = "modern://counter";

/// `brewed`: the name a task's input request was answered with, once it was.
#[derive(Clone, Default)]
struct Modern {
    brewed: Arc<Mutex<Option<String>>>,
}

const WHEN: &str = "2026-12-07T10:00:00Z";

fn object(value: Value) -> Arc<serde_json::Map<String, Value>> {
    match value {
        Value::Object(map) => Arc::new(map),
        _ => unreachable!("a schema is an object"),
    }
}

fn coffee_form() -> InputRequest {
    let params: ElicitRequestParams = serde_json::from_value(json!({
        "mode": "form",
        "message": "How would you like your coffee?",
        "requestedSchema": {
            "type": "object",
            "properties": {
                "name": { "type": "string", "default": "Guest" },
                "size": { "type": "string", "enum": ["small", "large"], "default": "large" }
            },
            "required": ["name", "size"]
        }
    }))
    .expect("a form");
    InputRequest::Elicitation(ElicitRequest::new(params))
}

impl ServerHandler for Modern {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_resources_subscribe()
                .enable_prompts()
                .enable_tasks()
                .build(),
        )
        .with_server_info(Implementation::new("modern-test-server", "2.0.0"))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let schema =
            object(json!({ "type": "object", "properties": { "text": { "type": "string" } } }));
        Ok(ListToolsResult::with_all_items(vec![
            Tool::new("echo", "Says the text back", schema.clone()),
            Tool::new(
                "order",
                "Asks for the order with a form",
                object(json!({ "type": "object" })),
            ),
            Tool::new(
                "brew",
                "Runs as a task that asks for a name",
                object(json!({ "type": "object" })),
            ),
        ]))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        match request.name.as_ref() {
            "echo" => {
                let text = request
                    .arguments
                    .as_ref()
                    .and_then(|a| a.get("text"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                Ok(CallToolResult::success(vec![ContentBlock::text(text)]).into())
            }
            // An input request: the client answers it and calls again with the answer.
            "order" => match request.input_responses.as_ref().and_then(|r| r.get("form")) {
                None => {
                    let mut requests = InputRequests::new();
                    requests.insert("form".to_string(), coffee_form());
                    Ok(InputRequiredResult::new(Some(requests), Some("asked".into())).into())
                }
                Some(answer) => Ok(CallToolResult::success(vec![ContentBlock::text(format!(
                    "{} ordered a {} coffee ({})",
                    answer["content"]["name"].as_str().unwrap_or("nobody"),
                    answer["content"]["size"].as_str().unwrap_or("no"),
                    answer["action"].as_str().unwrap_or("no answer"),
                ))])
                .into()),
            },
            // Answered with a task, which then waits for input.
            "brew" => Ok(CallToolResponse::Task(CreateTaskResult::new(Task::new(
                "brew-1",
                TaskStatus::Working,
                WHEN,
                WHEN,
            )))),
            other => Err(ErrorData::invalid_params(format!("no tool {other}"), None)),
        }
    }

    async fn get_task(
        &self,
        request: GetTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetTaskResult, ErrorData> {
        let brewed = self.brewed.lock().expect("brewed").clone();
        let payload = match brewed {
            None => {
                let mut input_requests = InputRequests::new();
                input_requests.insert("form".to_string(), coffee_form());
                TaskPayload::InputRequired { input_requests }
            }
            Some(name) => TaskPayload::Completed {
                result: object(json!({
                    "content": [{ "type": "text", "text": format!("Brewed for {name}") }],
                    "isError": false
                }))
                .as_ref()
                .clone(),
            },
        };
        let task = Task::new(request.task_id, TaskStatus::Working, WHEN, WHEN);
        Ok(GetTaskResult::new(DetailedTask::new(task, payload)))
    }

    async fn update_task(
        &self,
        request: UpdateTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        let name = request
            .input_responses
            .get("form")
            .and_then(|a| a["content"]["name"].as_str());
        *self.brewed.lock().expect("brewed") = name.map(str::to_string);
        Ok(())
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        match request.input_responses.as_ref().and_then(|r| r.get("form")) {
            None => {
                let mut requests = InputRequests::new();
                requests.insert("form".to_string(), coffee_form());
                Ok(InputRequiredResult::new(Some(requests), Some("prompt".into())).into())
            }
            Some(answer) => Ok(GetPromptResult::new(vec![PromptMessage::new_text(
                Role::User,
                format!(
                    "Write a note for {}",
                    answer["content"]["name"].as_str().unwrap_or("nobody")
                ),
            )])
            .into()),
        }
    }

    fn accepted_subscription_filter(
        &self,
        requested: &SubscriptionFilter,
    ) -> Option<SubscriptionFilter> {
        Some(requested.supported_by(&self.get_info().capabilities))
    }

    async fn listen(&self, context: SubscriptionContext) -> Result<(), ErrorData> {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = context.sink().notify_resource_updated(FOLLOWED).await;
        context.cancelled().await;
        Ok(())
    }
}

/// What each request carried: its method, and its `Mcp-Method`, `Mcp-Name`, `Mcp-Session-Id`
/// and `Mcp-Protocol-Version` headers.
#[derive(Clone, Debug, Default)]
struct Seen(Arc<Mutex<Vec<(String, Value)>>>);

async fn serve(stop: &CancellationToken, seen: Seen) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let url = format!("http://{}/mcp", listener.local_addr().expect("address"));
    let modern = Modern::default();
    let mcp = StreamableHttpService::new(
        move || Ok(modern.clone()),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default()
            .with_sse_keep_alive(None)
            .with_cancellation_token(stop.child_token()),
    );
    let record = move |request: Request, next: Next| {
        let seen = seen.clone();
        async move {
            let (parts, body) = request.into_parts();
            let bytes = axum::body::to_bytes(body, 1 << 20)
                .await
                .unwrap_or_default();
            let method = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|m| m.get("method").and_then(Value::as_str).map(str::to_string))
                .unwrap_or_else(|| parts.method.to_string());
            let header = |name: &str| {
                parts
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let headers = json!({
                "mcp-method": header("mcp-method"),
                "mcp-name": header("mcp-name"),
                "mcp-session-id": header("mcp-session-id"),
                "mcp-protocol-version": header("mcp-protocol-version"),
            });
            seen.0.lock().expect("seen").push((method, headers));
            next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await
        }
    };
    let router = axum::Router::new()
        .nest_service("/mcp", mcp)
        .layer(axum::middleware::from_fn(record));
    let shutdown = stop.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await;
    });
    url
}

fn text_of(content: &[gatehouse_ipc::ContentBlock]) -> String {
    content
        .iter()
        .filter_map(|b| serde_json::to_value(b).ok())
        .filter_map(|b| b["text"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_2026_07_28_server_is_used_end_to_end() {
    let stop = CancellationToken::new();
    let seen = Seen::default();
    let url = serve(&stop, seen.clone()).await;
    let events = Events::default();
    let explorer = Explorer::with_responder(
        temp_dir("protocol-2026"),
        Arc::new(MemorySecretStore::new()),
        Arc::new(events.clone()),
        Arc::new(AnswerWithDefaults),
    );
    let server = explorer
        .save_server(ServerProfileInput {
            id: None,
            name: "Modern".into(),
            url,
            headers: vec![],
            timeout_secs: 20,
            oauth_client_id: None,
            oauth_client_secret: None,
        })
        .await
        .expect("saved");
    let id = server.id;

    // Connect: discovery finds 2026-07-28, and the card says so.
    let ConnectOutcome::Connected { info } = explorer.connect(&id).await.expect("connects") else {
        panic!("no login is needed here")
    };
    assert_eq!(info.protocol_version, "2026-07-28");
    assert_eq!(info.name, "modern-test-server");
    assert!(info.capabilities.tools);

    // Tools: listed and called.
    let tools = explorer.list_tools(&id).await.expect("tools/list");
    let names: Vec<_> = tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["echo", "order", "brew"]);
    let echoed = explorer
        .call_tool(ToolCallRequest {
            server_id: id.clone(),
            call_id: "c1".into(),
            name: "echo".into(),
            arguments: json!({ "text": "hello 2026" }),
        })
        .await
        .expect("tools/call");
    assert_eq!(text_of(&echoed.content), "hello 2026");

    // An input request inside the call (elicitation, form mode): answered with the defaults.
    let ordered = explorer
        .call_tool(ToolCallRequest {
            server_id: id.clone(),
            call_id: "c2".into(),
            name: "order".into(),
            arguments: json!({}),
        })
        .await
        .expect("tools/call with an input request");
    assert_eq!(
        text_of(&ordered.content),
        "Guest ordered a large coffee (accept)"
    );

    // The same in prompts/get.
    let prompt = explorer
        .get_prompt(&id, "note", &Default::default())
        .await
        .expect("prompts/get with an input request");
    assert_eq!(prompt.messages.len(), 1);
    assert_eq!(
        serde_json::to_value(&prompt.messages[0].content).expect("json")["text"],
        "Write a note for Guest"
    );

    // A task that waits for input: its input request is answered (defaults) with tasks/update.
    let task = explorer
        .start_task(TaskStartRequest {
            server_id: id.clone(),
            name: "brew".into(),
            arguments: json!({}),
        })
        .await
        .expect("a task");
    assert_eq!(task.task_id, "brew-1");
    events
        .wait_for(Duration::from_secs(10), |e| {
            matches!(e, AppEvent::TaskChanged { task } if task.state == TaskState::InputRequired)
        })
        .await;
    let mut brewed = None;
    for _ in 0..200 {
        brewed = explorer.tasks(&id).into_iter().find(|t| t.result.is_some());
        if brewed.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let brewed = brewed.expect("the task completed with its result");
    assert_eq!(brewed.state, TaskState::Completed);
    assert_eq!(
        text_of(brewed.result.as_deref().unwrap_or_default()),
        "Brewed for Guest"
    );

    // subscriptions/listen: an update of the followed resource reaches the window.
    let followed = explorer.subscribe(&id, FOLLOWED).await.expect("listen");
    assert_eq!(followed.method, "subscriptions/listen");
    events
        .wait_for(Duration::from_secs(10), |e| {
            matches!(e, AppEvent::ServerNotifications { entries, .. }
                if entries.iter().any(|n| n.notification_kind == NotificationKind::ResourceUpdated
                    && n.params["uri"] == FOLLOWED))
        })
        .await;

    // On the wire: discovery first, no `initialize`, no session, and the routing headers.
    let seen = seen.0.lock().expect("seen").clone();
    let methods: Vec<_> = seen.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(methods.first(), Some(&"server/discover"), "{methods:?}");
    assert!(!methods.contains(&"initialize"), "{methods:?}");
    for (method, headers) in &seen {
        assert!(headers["mcp-session-id"].is_null(), "{method}: {headers}");
    }
    let calls: Vec<_> = seen.iter().filter(|(m, _)| m == "tools/call").collect();
    assert_eq!(
        calls.len(),
        4,
        "echo, order twice (asked, answered), brew: {methods:?}"
    );
    for (_, headers) in &calls {
        assert_eq!(headers["mcp-method"], "tools/call");
        assert_eq!(headers["mcp-protocol-version"], "2026-07-28");
    }
    let named: Vec<_> = calls.iter().map(|(_, h)| h["mcp-name"].clone()).collect();
    assert_eq!(
        named,
        [json!("echo"), json!("order"), json!("order"), json!("brew")]
    );
    assert!(methods.contains(&"tasks/update"), "{methods:?}");
    assert!(seen
        .iter()
        .any(|(m, h)| m == "subscriptions/listen" && h["mcp-method"] == "subscriptions/listen"));
    stop.cancel();
}
