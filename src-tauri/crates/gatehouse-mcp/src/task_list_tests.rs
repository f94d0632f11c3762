//! `tasks/list` and `notifications/tasks/status` over Streamable HTTP, against an rmcp server in
//! the test that keeps two tasks this client never started. rmcp's server cannot declare
//! 2025-11-25's `tasks` capability (its model has no field for it), so a layer in front of it adds
//! the capability to the `initialize` answer, as a server with tasks sends it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use gatehouse_auth::MemorySecretStore;
use gatehouse_ipc::{AppEvent, TaskInfo, TaskState};
use rmcp::model::{
    CustomNotification, CustomRequest, CustomResult, ErrorCode, ServerCapabilities, ServerConfig,
    ServerNotification,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use crate::connect::{connect_pinned, lifecycle_for, ConnectTarget, Connected};
use crate::{ClientSide, EventSink, Explorer};

const TASKS_CAPABILITY: &str =
    r#""tasks":{"list":{},"cancel":{},"requests":{"tools":{"call":{}}}},"#;

/// Keeps two tasks started elsewhere: one done, one working until it pushes its completion.
#[derive(Clone)]
struct TaskKeeper;

impl ServerHandler for TaskKeeper {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
    }

    async fn on_custom_request(
        &self,
        request: CustomRequest,
        context: RequestContext<RoleServer>,
    ) -> Result<CustomResult, ErrorData> {
        let params = request.params.unwrap_or(Value::Null);
        match request.method.as_str() {
            "tasks/list" if params.get("cursor").is_none() => Ok(CustomResult::new(json!({
                "tasks": [{
                    "taskId": "done-elsewhere", "status": "completed",
                    "createdAt": "2026-12-07T10:00:00Z", "lastUpdatedAt": "2026-12-07T10:00:05Z",
                    "ttl": 60000
                }],
                "nextCursor": "page-2"
            }))),
            "tasks/list" => {
                // Once listed, the working task finishes and says so on its own.
                let peer = context.peer.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    let status = CustomNotification::new(
                        "notifications/tasks/status",
                        Some(json!({
                            "taskId": "working-elsewhere", "status": "completed",
                            "statusMessage": "finished", "createdAt": "2026-12-07T10:01:00Z",
                            "lastUpdatedAt": "2026-12-07T10:02:00Z", "ttl": 60000,
                            // Slow polls: only the pushed status can make this quick.
                            "pollInterval": 60000
                        })),
                    );
                    let _ = peer
                        .send_notification(ServerNotification::CustomNotification(status))
                        .await;
                });
                Ok(CustomResult::new(json!({
                    "tasks": [{
                        "taskId": "working-elsewhere", "status": "working",
                        "statusMessage": "halfway", "createdAt": "2026-12-07T10:01:00Z",
                        "lastUpdatedAt": "2026-12-07T10:01:30Z", "ttl": 60000,
                        "pollInterval": 60000
                    }]
                })))
            }
            "tasks/result" => {
                let id = params.get("taskId").and_then(Value::as_str).unwrap_or("");
                Ok(CustomResult::new(json!({
                    "content": [{ "type": "text", "text": format!("result of {id}") }],
                    "isError": false
                })))
            }
            other => Err(ErrorData::new(
                ErrorCode::METHOD_NOT_FOUND,
                other.to_string(),
                None,
            )),
        }
    }
}

/// Adds the `tasks` capability to the `initialize` answer.
async fn declare_tasks(request: Request<Body>, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let initialize = String::from_utf8_lossy(&bytes).contains("\"initialize\"");
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !initialize {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).replacen(
        "\"capabilities\":{",
        &format!("\"capabilities\":{{{TASKS_CAPABILITY}"),
        1,
    );
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

async fn serve(stop: &CancellationToken) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let url = format!("http://{}/mcp", listener.local_addr().expect("address"));
    let mcp = StreamableHttpService::new(
        || Ok(TaskKeeper),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default()
            .with_sse_keep_alive(None)
            .with_cancellation_token(stop.child_token()),
    );
    let router = Router::new()
        .nest_service("/mcp", mcp)
        .layer(axum::middleware::from_fn(declare_tasks));
    let shutdown = stop.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await;
    });
    url
}

fn find(tasks: &[TaskInfo], id: &str) -> TaskInfo {
    tasks
        .iter()
        .find(|t| t.task_id == id)
        .cloned()
        .unwrap_or_else(|| panic!("no task {id} in {tasks:?}"))
}

fn result_text(task: &TaskInfo) -> Option<String> {
    let block = task.result.as_ref()?.first()?;
    serde_json::to_value(block).ok()?["text"]
        .as_str()
        .map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_tasks_are_listed_and_their_pushed_status_applies_at_once() {
    let stop = CancellationToken::new();
    let url = serve(&stop).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink: Arc<dyn EventSink> = {
        let seen = seen.clone();
        Arc::new(move |e: AppEvent| seen.lock().expect("events").push(e))
    };
    let dir = std::env::temp_dir().join(format!("gatehouse-task-list-{}", std::process::id()));
    let secrets: gatehouse_auth::secrets::SharedSecrets = Arc::new(MemorySecretStore::new());
    let explorer = Explorer::new(dir, secrets.clone(), sink.clone());
    let target = ConnectTarget {
        server_id: "keeper".into(),
        url: url.parse().expect("url"),
        headers: vec![],
        timeout: Duration::from_secs(10),
        oauth_client_id: None,
        oauth_client_secret: None,
    };
    let Connected::Session(session) = connect_pinned(
        &secrets,
        target,
        lifecycle_for(Some("2025-11-25")),
        sink,
        ClientSide::default(),
    )
    .await
    .expect("connects") else {
        panic!("no login is needed here")
    };
    // The capability rmcp drops is known from the wire, and the raw view shows it as sent.
    assert_eq!(
        session.info().capabilities.raw["tasks"]["list"],
        json!({}),
        "{:?}",
        session.info().capabilities.raw
    );
    assert!(session.exchanges()[0].response["result"]["capabilities"]["tasks"].is_object());
    // Kept as a connect keeps it.
    session.push_task_status_to(Arc::clone(&explorer.tasks), Arc::clone(&explorer.events));
    let _ = explorer.sessions.insert("keeper", 0, Arc::from(session));

    let listed = explorer.list_tasks("keeper").await.expect("tasks/list");
    assert_eq!(listed.len(), 2, "both pages: {listed:?}");
    let working = find(&listed, "working-elsewhere");
    assert_eq!(working.state, TaskState::Working);
    assert_eq!(working.status_message.as_deref(), Some("halfway"));
    assert_eq!(working.tool, "", "the list does not say which tool");
    assert_eq!(
        find(&listed, "done-elsewhere").started_at,
        1_796_637_600_000
    );

    // The done task's result is fetched; the working one completes when the server pushes its
    // status, long before its minute-long poll interval.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(4);
    loop {
        let tasks = explorer.tasks("keeper");
        let done = find(&tasks, "done-elsewhere");
        let pushed = find(&tasks, "working-elsewhere");
        if result_text(&done).is_some() && result_text(&pushed).is_some() {
            assert_eq!(
                result_text(&done).as_deref(),
                Some("result of done-elsewhere")
            );
            assert_eq!(pushed.state, TaskState::Completed);
            assert_eq!(pushed.status_message.as_deref(), Some("finished"));
            assert_eq!(
                result_text(&pushed).as_deref(),
                Some("result of working-elsewhere")
            );
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the pushed status did not apply: {tasks:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Listing again adopts nothing twice.
    assert_eq!(explorer.list_tasks("keeper").await.expect("again").len(), 2);
    let changes = seen
        .lock()
        .expect("events")
        .iter()
        .filter(|e| matches!(e, AppEvent::TaskChanged { .. }))
        .count();
    assert!(changes >= 4, "the window heard of each change ({changes})");
    stop.cancel();
}
