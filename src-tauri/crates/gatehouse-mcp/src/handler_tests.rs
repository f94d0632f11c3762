//! The client side of each capability, against an rmcp server in the test over an in-memory
//! pipe: what Gatehouse declares, elicitation (form, URL, withdrawn), sampling and roots.
#![allow(deprecated)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_ipc::{AppEvent, RootEntry, ServerAsk, ServerReply};
use rmcp::model::{
    CreateMessageRequestParams, CustomNotification, ElicitRequest, ElicitRequestParams,
    ElicitationAction, ServerNotification, ServerRequest,
};
use rmcp::service::{NotificationContext, Peer, RoleServer, RunningService};
use rmcp::{ServerHandler, ServiceExt};
use serde_json::json;
use tokio::sync::mpsc;

use crate::client_requests::ClientSide;
use crate::handler::ExplorerHandler;
use crate::{EventSink, Session, UserDesk};

/// A server that notes each `notifications/roots/list_changed`.
#[derive(Clone)]
struct Asker {
    roots_changed: mpsc::UnboundedSender<()>,
}

impl ServerHandler for Asker {
    async fn on_roots_list_changed(&self, _context: NotificationContext<RoleServer>) {
        let _ = self.roots_changed.send(());
    }
}

struct Pair {
    server: RunningService<RoleServer, Asker>,
    session: Session,
    desk: Arc<UserDesk>,
    events: Arc<Mutex<Vec<AppEvent>>>,
    roots_changed: mpsc::UnboundedReceiver<()>,
}

async fn pair(roots: Vec<RootEntry>) -> Pair {
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let sink: Arc<dyn EventSink> = Arc::new(move |e: AppEvent| seen.lock().expect("lock").push(e));
    let desk = UserDesk::new(sink.clone());
    let side = ClientSide {
        responder: desk.clone(),
        roots,
    };
    let (roots_tx, roots_changed) = mpsc::unbounded_channel();
    let (client_io, server_io) = tokio::io::duplex(64 * 1024);
    let handler = ExplorerHandler::new("srv".into(), sink.clone(), Default::default(), side);
    let server = Asker {
        roots_changed: roots_tx,
    };
    let (client, server) = tokio::join!(handler.serve(client_io), server.serve(server_io));
    let client = client.expect("client starts");
    let session = Session::new(
        "srv".into(),
        client,
        Default::default(),
        Duration::from_secs(10),
        false,
        sink,
    );
    Pair {
        server: server.expect("server starts"),
        session,
        desk,
        events,
        roots_changed,
    }
}

fn peer(pair: &Pair) -> Peer<RoleServer> {
    pair.server.peer().clone()
}

/// Waits for the one request the desk holds.
async fn waiting(desk: &UserDesk) -> gatehouse_ipc::PendingServerRequest {
    for _ in 0..200 {
        if let Some(request) = desk.pending().into_iter().next() {
            return request;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no request reached the desk");
}

fn form_params() -> ElicitRequestParams {
    serde_json::from_str(
        r#"{
            "mode": "form",
            "message": "Who are you?",
            "requestedSchema": {
                "type": "object",
                "properties": {
                    "size": { "type": "string", "oneOf": [
                        { "const": "s", "title": "Small" }, { "const": "l", "title": "Large" }
                    ], "default": "l" },
                    "name": { "type": "string", "default": "Ada" }
                },
                "required": ["name"]
            }
        }"#,
    )
    .expect("valid elicitation")
}

#[tokio::test]
async fn gatehouse_declares_elicitation_sampling_and_roots() {
    let pair = pair(Vec::new()).await;
    let info = pair.server.peer().peer_info().expect("client info");
    let caps = serde_json::to_value(&info.capabilities).expect("serializes");
    assert_eq!(caps["elicitation"], json!({ "form": {}, "url": {} }));
    assert_eq!(caps["sampling"], json!({}));
    assert_eq!(caps["roots"], json!({ "listChanged": true }));
    assert_eq!(
        caps["extensions"]["io.modelcontextprotocol/tasks"],
        json!({})
    );
}

#[tokio::test]
async fn a_form_elicitation_waits_for_the_user_and_returns_the_answer() {
    let pair = pair(Vec::new()).await;
    let server = peer(&pair);
    let asked = tokio::spawn(async move { server.create_elicitation(form_params()).await });
    let request = waiting(&pair.desk).await;
    let ServerAsk::ElicitForm {
        message,
        requested_schema,
        property_order,
    } = &request.ask
    else {
        panic!("a form: {:?}", request.ask);
    };
    assert_eq!(message, "Who are you?");
    // Every field, for the window to lay out in this order (over HTTP the server's; this in-memory
    // pipe hands rmcp a JSON value, which is sorted by name).
    let mut fields = property_order.clone();
    fields.sort();
    assert_eq!(fields, vec!["name".to_string(), "size".to_string()]);
    assert_eq!(
        requested_schema["properties"]["size"]["oneOf"][1]["title"],
        "Large"
    );
    assert_eq!(request.server_id, "srv");
    pair.desk
        .answer(
            &request.request_id,
            ServerReply::Accept {
                content: Some(json!({ "name": "Grace", "size": "s" })),
            },
        )
        .expect("answered");
    let result = asked.await.expect("joined").expect("answered");
    assert_eq!(result.action, ElicitationAction::Accept);
    assert_eq!(
        result.content,
        Some(json!({ "name": "Grace", "size": "s" }))
    );
}

#[tokio::test]
async fn a_declined_form_sends_no_content() {
    let pair = pair(Vec::new()).await;
    let server = peer(&pair);
    let asked = tokio::spawn(async move { server.create_elicitation(form_params()).await });
    let request = waiting(&pair.desk).await;
    pair.desk
        .answer(&request.request_id, ServerReply::Decline)
        .expect("answered");
    let result = asked.await.expect("joined").expect("answered");
    assert_eq!(result.action, ElicitationAction::Decline);
    assert_eq!(result.content, None);
}

#[tokio::test]
async fn a_url_elicitation_is_accepted_and_its_completion_reported() {
    let pair = pair(Vec::new()).await;
    let server = peer(&pair);
    let params: ElicitRequestParams = serde_json::from_value(json!({
        "mode": "url",
        "message": "Link your account",
        "url": "https://example.com/link?x=1",
        "elicitationId": "el-7"
    }))
    .expect("valid");
    let asked = tokio::spawn(async move { server.create_elicitation(params).await });
    let request = waiting(&pair.desk).await;
    assert_eq!(
        request.ask,
        ServerAsk::ElicitUrl {
            message: "Link your account".into(),
            url: "https://example.com/link?x=1".into(),
            elicitation_id: "el-7".into(),
        }
    );
    pair.desk
        .answer(&request.request_id, ServerReply::Accept { content: None })
        .expect("answered");
    let result = asked.await.expect("joined").expect("answered");
    assert_eq!(result.action, ElicitationAction::Accept);
    assert_eq!(result.content, None);

    peer(&pair)
        .send_notification(ServerNotification::CustomNotification(
            CustomNotification::new(
                "notifications/elicitation/complete",
                Some(json!({ "elicitationId": "el-7" })),
            ),
        ))
        .await
        .expect("sent");
    for _ in 0..200 {
        let done = pair.events.lock().expect("lock").iter().any(|e| {
            matches!(e, AppEvent::ElicitationCompleted { elicitation_id, server_id }
                if elicitation_id == "el-7" && server_id == "srv")
        });
        if done {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the completion was not reported");
}

#[tokio::test]
async fn a_request_the_server_withdraws_leaves_the_desk() {
    let pair = pair(Vec::new()).await;
    let handle = peer(&pair)
        .send_request_with_option(
            ServerRequest::ElicitRequest(ElicitRequest::new(form_params())),
            Default::default(),
        )
        .await
        .expect("sent");
    let request = waiting(&pair.desk).await;
    handle
        .cancel(Some("no longer needed".into()))
        .await
        .expect("cancelled");
    for _ in 0..200 {
        if pair.desk.pending().is_empty() {
            let closed = pair.events.lock().expect("lock").iter().any(|e| {
                matches!(e, AppEvent::ServerRequestClosed { request_id, end: gatehouse_ipc::ServerRequestEnd::CancelledByServer, .. }
                    if *request_id == request.request_id)
            });
            assert!(closed, "the window is told the request was withdrawn");
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the withdrawn request is still waiting");
}

#[tokio::test]
async fn sampling_shows_the_request_and_sends_the_users_reply() {
    let pair = pair(Vec::new()).await;
    let server = peer(&pair);
    let params: CreateMessageRequestParams = serde_json::from_value(json!({
        "messages": [{ "role": "user", "content": { "type": "text", "text": "Name a colour" } }],
        "systemPrompt": "Be brief.",
        "modelPreferences": { "hints": [{ "name": "claude" }], "speedPriority": 0.5 },
        "maxTokens": 50
    }))
    .expect("valid");
    let asked = tokio::spawn(async move { server.create_message(params).await });
    let request = waiting(&pair.desk).await;
    let ServerAsk::Sampling { params } = &request.ask else {
        panic!("sampling: {:?}", request.ask);
    };
    assert_eq!(params["systemPrompt"], "Be brief.");
    assert_eq!(params["maxTokens"], 50);
    assert_eq!(params["modelPreferences"]["hints"][0]["name"], "claude");
    assert_eq!(params["messages"][0]["content"]["text"], "Name a colour");
    pair.desk
        .answer(
            &request.request_id,
            ServerReply::Sampled {
                text: "Teal".into(),
                model: None,
            },
        )
        .expect("answered");
    let result = asked.await.expect("joined").expect("answered");
    let result = serde_json::to_value(&result).expect("serializes");
    assert_eq!(result["content"]["text"], "Teal");
    assert_eq!(result["role"], "assistant");
    assert_eq!(result["model"], "human");
}

#[tokio::test]
async fn rejected_sampling_is_an_error_for_the_server() {
    let pair = pair(Vec::new()).await;
    let server = peer(&pair);
    let params: CreateMessageRequestParams = serde_json::from_value(json!({
        "messages": [{ "role": "user", "content": { "type": "text", "text": "Hi" } }],
        "maxTokens": 5
    }))
    .expect("valid");
    let asked = tokio::spawn(async move { server.create_message(params).await });
    let request = waiting(&pair.desk).await;
    pair.desk
        .answer(&request.request_id, ServerReply::Reject)
        .expect("answered");
    let error = asked.await.expect("joined").expect_err("rejected");
    assert!(error.to_string().contains("rejected"), "{error}");
}

#[tokio::test]
async fn roots_are_listed_and_a_change_is_announced() {
    let first = RootEntry {
        uri: "file:///home/me/project".into(),
        name: Some("project".into()),
    };
    let mut pair = pair(vec![first.clone()]).await;
    let listed = peer(&pair).list_roots().await.expect("listed");
    assert_eq!(listed.roots.len(), 1);
    assert_eq!(listed.roots[0].uri, first.uri);
    assert_eq!(listed.roots[0].name.as_deref(), Some("project"));

    let second = RootEntry {
        uri: "file:///srv/data".into(),
        name: None,
    };
    pair.session
        .set_roots(vec![first, second.clone()])
        .await
        .expect("changed");
    tokio::time::timeout(Duration::from_secs(5), pair.roots_changed.recv())
        .await
        .expect("the server is told")
        .expect("open");
    let listed = peer(&pair).list_roots().await.expect("listed");
    let uris: Vec<_> = listed.roots.iter().map(|r| r.uri.as_str()).collect();
    assert_eq!(uris, vec!["file:///home/me/project", "file:///srv/data"]);
    // Setting the same folders again tells the server nothing.
    pair.session
        .set_roots(
            listed
                .roots
                .iter()
                .map(|r| RootEntry {
                    uri: r.uri.clone(),
                    name: r.name.clone(),
                })
                .collect(),
        )
        .await
        .expect("unchanged");
    assert!(
        tokio::time::timeout(Duration::from_millis(300), pair.roots_changed.recv())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn headless_defaults_answer_a_form_without_anyone() {
    let (client_io, server_io) = tokio::io::duplex(64 * 1024);
    let handler = ExplorerHandler::new(
        "cli".into(),
        Arc::new(crate::NoEvents),
        Default::default(),
        ClientSide::answered_by(Arc::new(crate::AnswerWithDefaults)),
    );
    let (tx, _rx) = mpsc::unbounded_channel();
    let (client, server) = tokio::join!(
        handler.serve(client_io),
        Asker { roots_changed: tx }.serve(server_io)
    );
    let (_client, server) = (client.expect("client"), server.expect("server"));
    let result = server
        .peer()
        .create_elicitation(form_params())
        .await
        .expect("answered");
    assert_eq!(result.action, ElicitationAction::Accept);
    assert_eq!(result.content, Some(json!({ "name": "Ada", "size": "l" })));
}
