//! The raw log against an rmcp server in the test over an in-memory pipe: what the server sends
//! on its own and what Gatehouse answers or announces are recorded as they passed the wire, the
//! window hears of them, and large messages are listed as previews but kept whole.
#![allow(deprecated)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_ipc::{AppEvent, RawDirection, RawKind, RawMessage, RawPart, RootEntry};
use rmcp::model::{
    CustomNotification, ElicitRequest, ElicitRequestParams, ListToolsResult,
    LoggingMessageNotificationParam, PaginatedRequestParams, ProgressNotificationParam,
    ServerNotification, ServerRequest, Tool,
};
use rmcp::service::{RequestContext, RoleServer, RunningService};
use rmcp::{ErrorData, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use crate::client_requests::ClientSide;
use crate::handler::ExplorerHandler;
use crate::raw_log::{recording, RawLog, MAX_MESSAGE_BYTES, MESSAGES_KEPT};
use crate::{EventSink, Session, UserDesk};

/// A server whose one tool has a description of `description_bytes`, so its list can be large.
#[derive(Clone)]
struct Talker {
    description_bytes: usize,
}

impl ServerHandler for Talker {
    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let tool: Tool = serde_json::from_value(json!({
            "name": "big",
            "description": "d".repeat(self.description_bytes),
            "inputSchema": { "type": "object" }
        }))
        .expect("a tool");
        Ok(ListToolsResult::with_all_items(vec![tool]))
    }
}

struct Pair {
    server: RunningService<RoleServer, Talker>,
    session: Session,
    raw: Arc<RawLog>,
    events: Arc<Mutex<Vec<AppEvent>>>,
}

async fn pair(description_bytes: usize) -> Pair {
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let sink: Arc<dyn EventSink> = Arc::new(move |e: AppEvent| seen.lock().expect("lock").push(e));
    let side = ClientSide {
        responder: UserDesk::new(sink.clone()),
        roots: vec![RootEntry {
            uri: "file:///work".into(),
            name: Some("work".into()),
        }],
    };
    let (client_io, server_io) = tokio::io::duplex(1024 * 1024);
    let handler = ExplorerHandler::new("srv".into(), sink.clone(), Default::default(), side);
    let raw = handler.batch().raw().clone();
    let transport = recording(client_io, raw.clone());
    let (client, server) = tokio::join!(
        handler.serve(transport),
        Talker { description_bytes }.serve(server_io)
    );
    let session = Session::new(
        "srv".into(),
        client.expect("client starts"),
        Default::default(),
        Duration::from_secs(10),
        false,
        sink,
    );
    Pair {
        server: server.expect("server starts"),
        session,
        raw,
        events,
    }
}

/// Waits until the log holds a message that `matches`.
async fn logged(raw: &RawLog, matches: impl Fn(&RawMessage) -> bool) -> RawMessage {
    for _ in 0..300 {
        if let Some(found) = raw.listing().messages.into_iter().find(|m| matches(m)) {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("not logged: {:#?}", raw.listing().messages);
}

fn recorded_events(events: &Mutex<Vec<AppEvent>>) -> Vec<RawMessage> {
    events
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|e| match e {
            AppEvent::RawMessagesRecorded {
                server_id,
                messages,
                ..
            } if server_id == "srv" => Some(messages.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[tokio::test]
async fn server_notifications_are_logged_with_their_method_meta_and_progress_token() {
    let pair = pair(10).await;
    let server = pair.server.peer().clone();
    let progress: ProgressNotificationParam = serde_json::from_value(json!({
        "progressToken": "tok-7", "progress": 1, "total": 4, "message": "one of four",
        "_meta": { "trace": "t-1" }
    }))
    .expect("progress");
    server.notify_progress(progress).await.expect("sent");
    let log: LoggingMessageNotificationParam =
        serde_json::from_value(json!({ "level": "warning", "logger": "db", "data": "slow query" }))
            .expect("log");
    server.notify_logging_message(log).await.expect("sent");
    server.notify_tool_list_changed().await.expect("sent");
    server
        .send_notification(ServerNotification::CustomNotification(
            CustomNotification::new(
                "notifications/acme/ping",
                Some(json!({ "n": 1, "_meta": { "acme/trace": "x" } })),
            ),
        ))
        .await
        .expect("sent");

    let progress = logged(&pair.raw, |m| m.method == "notifications/progress").await;
    assert_eq!(progress.direction, RawDirection::ServerToClient);
    assert_eq!(progress.kind, RawKind::Notification);
    assert_eq!(progress.progress_token, Some(json!("tok-7")));
    assert_eq!(progress.meta, Some(json!({ "trace": "t-1" })));
    assert_eq!(progress.message["params"]["message"], json!("one of four"));
    assert_eq!(progress.message["jsonrpc"], json!("2.0"));
    assert!(progress.id.is_none());

    let log = logged(&pair.raw, |m| m.method == "notifications/message").await;
    assert_eq!(log.message["params"]["data"], json!("slow query"));
    logged(&pair.raw, |m| {
        m.method == "notifications/tools/list_changed"
    })
    .await;
    let custom = logged(&pair.raw, |m| m.method == "notifications/acme/ping").await;
    assert_eq!(custom.meta, Some(json!({ "acme/trace": "x" })));

    // In the order they arrived, each with its own number.
    let listing = pair.raw.listing();
    let methods: Vec<&str> = listing
        .messages
        .iter()
        .filter(|m| m.direction == RawDirection::ServerToClient)
        .map(|m| m.method.as_str())
        .collect();
    assert_eq!(
        methods,
        [
            "notifications/progress",
            "notifications/message",
            "notifications/tools/list_changed",
            "notifications/acme/ping"
        ]
    );
    let seqs: Vec<u64> = listing.messages.iter().map(|m| m.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(listing.dropped, 0);

    // The window hears of each, batched.
    tokio::time::sleep(Duration::from_millis(250)).await;
    let sent = recorded_events(&pair.events);
    for method in methods {
        assert!(sent.iter().any(|m| m.method == method), "{method} not sent");
    }
}

#[tokio::test]
async fn a_server_request_is_logged_with_the_answer_gatehouse_sent() {
    let pair = pair(10).await;
    let roots = pair.server.peer().list_roots().await.expect("answered");
    assert_eq!(roots.roots.len(), 1);
    let asked = logged(&pair.raw, |m| {
        m.method == "roots/list" && m.answer.is_some()
    })
    .await;
    assert_eq!(asked.direction, RawDirection::ServerToClient);
    assert_eq!(asked.kind, RawKind::Request);
    assert_eq!(asked.id, Some(asked.message["id"].clone()));
    assert!(asked.id.is_some());
    assert_eq!(asked.outcome, Some(gatehouse_ipc::ExchangeOutcome::Ok));
    let answer = asked.answer.expect("answer");
    assert_eq!(answer["id"], asked.message["id"]);
    assert_eq!(answer["result"]["roots"][0]["uri"], json!("file:///work"));
    assert!(asked.answered_at.expect("answered at") >= asked.at);
    // The handshake's `notifications/initialized` went the other way.
    let initialized = logged(&pair.raw, |m| m.method == "notifications/initialized").await;
    assert_eq!(initialized.direction, RawDirection::ClientToServer);
}

#[tokio::test]
async fn a_request_the_server_withdraws_is_shown_cancelled() {
    let pair = pair(10).await;
    let params: ElicitRequestParams = serde_json::from_value(json!({
        "mode": "form",
        "message": "Who are you?",
        "requestedSchema": { "type": "object", "properties": { "name": { "type": "string" } } }
    }))
    .expect("an elicitation");
    let handle = pair
        .server
        .peer()
        .send_request_with_option(
            ServerRequest::ElicitRequest(ElicitRequest::new(params)),
            Default::default(),
        )
        .await
        .expect("sent");
    let asked = logged(&pair.raw, |m| m.method == "elicitation/create").await;
    assert_eq!(asked.kind, RawKind::Request);
    assert!(asked.outcome.is_none(), "waits for the user");
    handle
        .cancel(Some("no longer needed".into()))
        .await
        .expect("cancelled");
    let withdrawn = logged(&pair.raw, |m| {
        m.seq == asked.seq && m.outcome == Some(gatehouse_ipc::ExchangeOutcome::Cancelled)
    })
    .await;
    assert!(withdrawn.answered_at.is_some());
    let notice = logged(&pair.raw, |m| m.method == "notifications/cancelled").await;
    assert_eq!(notice.direction, RawDirection::ServerToClient);
    assert_eq!(notice.message["params"]["requestId"], asked.message["id"]);
    // The window hears of the withdrawal.
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(recorded_events(&pair.events).iter().any(
        |m| m.seq == asked.seq && m.outcome == Some(gatehouse_ipc::ExchangeOutcome::Cancelled)
    ));
}

#[tokio::test]
async fn notifications_gatehouse_sends_are_logged() {
    let pair = pair(10).await;
    pair.session
        .set_roots(vec![RootEntry {
            uri: "file:///elsewhere".into(),
            name: None,
        }])
        .await
        .expect("told");
    let told = logged(&pair.raw, |m| {
        m.method == "notifications/roots/list_changed"
    })
    .await;
    assert_eq!(told.direction, RawDirection::ClientToServer);
    assert_eq!(told.kind, RawKind::Notification);
}

#[tokio::test]
async fn large_messages_are_listed_as_previews_and_kept_whole() {
    let pair = pair(MAX_MESSAGE_BYTES + 10_000).await;
    // A large answer to the client's request: the exchange is a preview, the whole is kept by id.
    let tools = pair.session.list_tools().await.expect("listed");
    assert_eq!(
        tools[0].description.as_deref().map(str::len),
        Some(MAX_MESSAGE_BYTES + 10_000)
    );
    let exchange = pair
        .session
        .exchanges()
        .into_iter()
        .find(|x| x.method == "tools/list")
        .expect("recorded");
    assert_eq!(exchange.response["truncated"], json!(true));
    let id = exchange.id.clone().expect("an id");
    let full = pair
        .raw
        .full(&RawPart::Response { id })
        .expect("kept whole");
    let whole: Value = serde_json::from_str(&full).expect("JSON");
    assert_eq!(
        whole["result"]["tools"][0]["description"]
            .as_str()
            .map(str::len),
        Some(MAX_MESSAGE_BYTES + 10_000)
    );
    // The exchange's preview is made from that same text (the answer is written out once).
    assert_eq!(exchange.response["bytes"], json!(full.len()));
    assert_eq!(
        exchange.response["preview"].as_str().expect("preview"),
        &full[..MAX_MESSAGE_BYTES]
    );

    // A large notification from the server.
    let log: LoggingMessageNotificationParam = serde_json::from_value(
        json!({ "level": "info", "data": "x".repeat(MAX_MESSAGE_BYTES * 2) }),
    )
    .expect("log");
    pair.server
        .peer()
        .notify_logging_message(log)
        .await
        .expect("sent");
    let big = logged(&pair.raw, |m| m.method == "notifications/message").await;
    assert_eq!(big.message["truncated"], json!(true));
    assert!(big.message["bytes"].as_u64().expect("bytes") > (MAX_MESSAGE_BYTES * 2) as u64);
    assert!(big.message["preview"].as_str().expect("preview").len() <= MAX_MESSAGE_BYTES);
    let full = pair
        .raw
        .full(&RawPart::Message { seq: big.seq })
        .expect("kept whole");
    let whole: Value = serde_json::from_str(&full).expect("JSON");
    assert_eq!(
        whole["params"]["data"].as_str().map(str::len),
        Some(MAX_MESSAGE_BYTES * 2)
    );
    // Nothing is kept for a small message, or one never seen.
    assert!(pair.raw.full(&RawPart::Message { seq: 0 }).is_none());
    assert!(pair
        .raw
        .full(&RawPart::Response { id: json!(999) })
        .is_none());
}

#[tokio::test]
async fn the_log_is_bounded_and_counts_what_it_dropped() {
    let pair = pair(10).await;
    let server = pair.server.peer().clone();
    for i in 0..(MESSAGES_KEPT + 20) {
        let progress: ProgressNotificationParam =
            serde_json::from_value(json!({ "progressToken": "t", "progress": i }))
                .expect("progress");
        server.notify_progress(progress).await.expect("sent");
    }
    let last = (MESSAGES_KEPT + 19) as f64;
    logged(&pair.raw, |m| {
        m.message["params"]["progress"].as_f64() == Some(last)
    })
    .await;
    let listing = pair.raw.listing();
    assert_eq!(listing.messages.len(), MESSAGES_KEPT);
    assert_eq!(listing.kept_at_most as usize, MESSAGES_KEPT);
    // The 1,020 progress notifications and `notifications/initialized`: 21 dropped.
    assert_eq!(listing.dropped, 21);
    // A flood reaches the window in bounded batches, saying when some were left out.
    tokio::time::sleep(Duration::from_millis(250)).await;
    let events = pair.events.lock().expect("lock");
    let batches: Vec<(usize, bool)> = events
        .iter()
        .filter_map(|e| match e {
            AppEvent::RawMessagesRecorded { messages, more, .. } => Some((messages.len(), *more)),
            _ => None,
        })
        .collect();
    assert!(!batches.is_empty());
    assert!(batches.iter().all(|(n, _)| *n <= 200), "{batches:?}");
}
