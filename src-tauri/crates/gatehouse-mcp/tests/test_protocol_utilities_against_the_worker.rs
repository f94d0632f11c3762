//! The protocol's utilities against the project's own Worker (workerd, 2025-11-25): ping,
//! logging level, completions with context, a resource subscription that brings updates, a tool
//! call run as a task (followed to its result, and cancelled), and the protocol version pin.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::{play_browser, temp_dir, Events, WorkerStack};
use gatehouse_auth::login::RedirectPreference;
use gatehouse_auth::MemorySecretStore;
use gatehouse_ipc::{
    AppEvent, CompleteRequest, CompletionTarget, ConnectOutcome, NotificationKind,
    ServerProfileInput, TaskStartRequest, TaskState,
};
use gatehouse_mcp::Explorer;
use serde_json::json;

const ALICE: &str = "alice@example.com";

async fn logged_in(stack: &WorkerStack, events: &Events, name: &str) -> (Arc<Explorer>, String) {
    let explorer = Explorer::new(
        temp_dir(name),
        Arc::new(MemorySecretStore::new()),
        Arc::new(events.clone()),
    );
    let server = explorer
        .save_server(ServerProfileInput {
            id: None,
            name: "Gatehouse Worker".into(),
            url: stack.mcp.clone(),
            headers: vec![],
            timeout_secs: 30,
            oauth_client_id: None,
            oauth_client_secret: None,
        })
        .await
        .unwrap();
    explorer.connect(&server.id).await.unwrap();
    let started = explorer
        .start_login(&server.id, RedirectPreference::AppScheme)
        .await
        .unwrap();
    let link = play_browser(&started.authorization_url, ALICE, false).unwrap();
    explorer.handle_link(&link).await.unwrap();
    let ConnectOutcome::Connected { info } = explorer.connect(&server.id).await.unwrap() else {
        panic!("not connected after login")
    };
    // The Worker's SDK speaks 2025-11-25: discovery falls back to `initialize`.
    assert_eq!(info.protocol_version, "2025-11-25");
    assert!(info.capabilities.completions && info.capabilities.logging);
    assert!(info.capabilities.resources_subscribe);
    // 2025-11-25's `tasks` capability, which rmcp's model drops, as the server sent it: on the
    // card's raw capabilities and in the raw view's handshake.
    let tasks = &info.capabilities.raw["tasks"];
    assert!(
        tasks["list"].is_object() && tasks["cancel"].is_object(),
        "{tasks}"
    );
    assert!(tasks["requests"]["tools"]["call"].is_object(), "{tasks}");
    let handshake = &explorer.exchanges(&server.id).await.unwrap()[0];
    assert_eq!(handshake.method, "initialize");
    assert_eq!(
        &handshake.response["result"]["capabilities"]["tasks"],
        tasks
    );
    (explorer, server.id)
}

fn task_event(events: &Events, task_id: &str, state: TaskState) -> impl Fn(&AppEvent) -> bool {
    let _ = events;
    let task_id = task_id.to_string();
    move |e| matches!(e, AppEvent::TaskChanged { task } if task.task_id == task_id && task.state == state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_logging_completions_subscriptions_and_tasks() {
    let stack = WorkerStack::start(ALICE, None);
    let events = Events::default();
    let (explorer, id) = logged_in(&stack, &events, "worker-protocol").await;

    // Ping, with its round trip.
    let ping = explorer.ping(&id).await.unwrap();
    assert!(ping.round_trip_ms < 10_000, "{ping:?}");

    // Logging level: accepted by the server; a made-up level is refused before sending.
    explorer.set_log_level(&id, "info").await.unwrap();
    assert!(explorer.set_log_level(&id, "loud").await.is_err());

    // Completions: a prompt argument with the other argument as context, and a template variable.
    let detail = explorer
        .complete(&CompleteRequest {
            server_id: id.clone(),
            target: CompletionTarget::Prompt {
                name: "explain_access".into(),
            },
            argument: "detail".into(),
            value: String::new(),
            context: BTreeMap::from([("audience".to_string(), "auditor".to_string())]),
        })
        .await
        .unwrap();
    assert_eq!(detail.values, vec!["thorough", "brief"]);
    let audience = explorer
        .complete(&CompleteRequest {
            server_id: id.clone(),
            target: CompletionTarget::Prompt {
                name: "explain_access".into(),
            },
            argument: "audience".into(),
            value: "aud".into(),
            context: BTreeMap::new(),
        })
        .await
        .unwrap();
    assert_eq!(audience.values, vec!["auditor"]);
    let number = explorer
        .complete(&CompleteRequest {
            server_id: id.clone(),
            target: CompletionTarget::ResourceTemplate {
                uri_template: "gatehouse://numbers/{n}".into(),
            },
            argument: "n".into(),
            value: "1".into(),
            context: BTreeMap::new(),
        })
        .await
        .unwrap();
    assert_eq!(number.values.first().map(String::as_str), Some("11"));

    // A subscription brings notifications/resources/updated; unsubscribing stops them.
    events.clear();
    let followed = explorer
        .subscribe(&id, "gatehouse://counter")
        .await
        .unwrap();
    assert_eq!(followed.uris, vec!["gatehouse://counter"]);
    assert_eq!(followed.method, "resources/subscribe");
    events
        .wait_for(Duration::from_secs(15), |e| {
            matches!(e, AppEvent::ServerNotifications { entries, .. }
                if entries.iter().any(|n| n.notification_kind == NotificationKind::ResourceUpdated
                    && n.params["uri"] == "gatehouse://counter"))
        })
        .await;
    let left = explorer
        .unsubscribe(&id, "gatehouse://counter")
        .await
        .unwrap();
    assert!(left.uris.is_empty());
    assert!(explorer.subscribe(&id, "gatehouse://about").await.is_err());

    // A tool call run as a task: answered at once, followed in the background to its result.
    let task = explorer
        .start_task(TaskStartRequest {
            server_id: id.clone(),
            name: "count_slowly".into(),
            arguments: json!({ "steps": 3, "delayMs": 200 }),
        })
        .await
        .unwrap();
    assert_eq!(task.state, TaskState::Working);
    let done = events
        .wait_for(
            Duration::from_secs(20),
            task_event(&events, &task.task_id, TaskState::Completed),
        )
        .await;
    let AppEvent::TaskChanged { .. } = done else {
        unreachable!()
    };
    // The result arrives after the final status (tasks/result).
    let mut finished = explorer.tasks(&id)[0].clone();
    for _ in 0..100 {
        if finished.result.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        finished = explorer.tasks(&id)[0].clone();
    }
    let text = format!("{:?}", finished.result);
    assert!(text.contains("Counted 3 steps as a task."), "{finished:?}");
    assert!(events
        .all()
        .iter()
        .any(|e| matches!(e, AppEvent::ToolProgress { call_id, .. } if *call_id == task.call_id)));

    // A task that is cancelled.
    let long = explorer
        .start_task(TaskStartRequest {
            server_id: id.clone(),
            name: "count_slowly".into(),
            arguments: json!({ "steps": 30, "delayMs": 500 }),
        })
        .await
        .unwrap();
    let cancelled = explorer.cancel_task(&id, &long.task_id).await.unwrap();
    assert_eq!(cancelled.state, TaskState::Cancelled);
    assert_eq!(explorer.tasks(&id).len(), 2);

    // tasks/list: the server's list holds the same two tasks; nothing is adopted twice.
    let listed = explorer.list_tasks(&id).await.unwrap();
    let mut ids: Vec<_> = listed.iter().map(|t| t.task_id.clone()).collect();
    ids.sort();
    let mut started = vec![task.task_id.clone(), long.task_id.clone()];
    started.sort();
    assert_eq!(ids, started);
    assert!(listed.iter().all(|t| t.tool == "count_slowly"));
    let exchanges = explorer.exchanges(&id).await.unwrap();
    let list = exchanges
        .iter()
        .rev()
        .find(|e| e.method == "tasks/list")
        .expect("tasks/list was sent");
    assert_eq!(
        list.response["result"]["tasks"].as_array().map(Vec::len),
        Some(2)
    );

    // A tool the server does not run as a task: the server refuses, and the error says so plainly.
    let refused = explorer
        .start_task(TaskStartRequest {
            server_id: id.clone(),
            name: "whoami".into(),
            arguments: json!({}),
        })
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("call it directly"),
        "{refused}"
    );
    // Known from the tool's `execution.taskSupport` (read from the wire): nothing was sent.
    assert!(refused.to_string().contains("lists “whoami”"), "{refused}");
    let sent = explorer.exchanges(&id).await.unwrap();
    assert!(!sent
        .iter()
        .any(|e| e.method == "tools/call" && e.request["params"]["name"] == "whoami"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pinned_protocol_version_is_kept_and_used() {
    let stack = WorkerStack::start(ALICE, None);
    let events = Events::default();
    let (explorer, id) = logged_in(&stack, &events, "worker-pin").await;

    let pinned = explorer
        .pin_protocol(&id, Some("2025-11-25".into()))
        .await
        .unwrap();
    assert_eq!(pinned.protocol_version.as_deref(), Some("2025-11-25"));
    // The pin outlives a save of the other settings.
    let resaved = explorer
        .save_server(ServerProfileInput {
            id: Some(id.clone()),
            name: "Renamed".into(),
            url: stack.mcp.clone(),
            headers: vec![],
            timeout_secs: 30,
            oauth_client_id: None,
            oauth_client_secret: None,
        })
        .await
        .unwrap();
    assert_eq!(resaved.protocol_version.as_deref(), Some("2025-11-25"));
    let ConnectOutcome::Connected { info } = explorer.connect(&id).await.unwrap() else {
        panic!("not connected")
    };
    assert_eq!(info.protocol_version, "2025-11-25");

    // Pinned to 2026-07-28, a server that only speaks 2025-11-25 cannot be used: said plainly.
    explorer
        .pin_protocol(&id, Some("2026-07-28".into()))
        .await
        .unwrap();
    let failed = explorer.connect(&id).await;
    assert!(failed.is_err(), "{failed:?}");

    // Versions Gatehouse does not speak are refused.
    assert!(explorer
        .pin_protocol(&id, Some("2024-11-05".into()))
        .await
        .is_err());
    let back = explorer.pin_protocol(&id, None).await.unwrap();
    assert!(back.protocol_version.is_none());
    assert!(matches!(
        explorer.connect(&id).await.unwrap(),
        ConnectOutcome::Connected { .. }
    ));
}
