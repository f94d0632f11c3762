//! The app's [`Responder`]: each request from a server waits here until the user answers it in
//! the window, the server withdraws it, or the session ends.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gatehouse_ipc::{AppEvent, PendingServerRequest, ServerReply, ServerRequestEnd};
use tokio::sync::oneshot;

use crate::client_requests::{ReplyFuture, Responder};
use crate::{EventSink, McpFailure, Result};

struct Waiting {
    request: PendingServerRequest,
    answer: oneshot::Sender<ServerReply>,
}

pub struct UserDesk {
    events: Arc<dyn EventSink>,
    /// Keyed by request id; ids grow with time, so this is oldest first.
    waiting: Mutex<BTreeMap<String, Waiting>>,
}

impl UserDesk {
    pub fn new(events: Arc<dyn EventSink>) -> Arc<Self> {
        Arc::new(Self {
            events,
            waiting: Mutex::default(),
        })
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Waiting>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every request still waiting, oldest first.
    pub fn pending(&self) -> Vec<PendingServerRequest> {
        self.waiting().values().map(|w| w.request.clone()).collect()
    }

    /// Sends the user's answer to the server that asked.
    pub fn answer(&self, request_id: &str, reply: ServerReply) -> Result<()> {
        let waiting = self.waiting().remove(request_id).ok_or_else(|| {
            McpFailure::NotFound("that request (the server may have withdrawn it)".into())
        })?;
        self.closed(&waiting.request, ServerRequestEnd::Answered);
        // The handler may have been dropped in between (session ended): nothing left to tell.
        let _ = waiting.answer.send(reply);
        Ok(())
    }

    /// The session with `server_id` ended: its requests will never be answered.
    pub fn end_session(&self, server_id: &str) {
        let gone: Vec<Waiting> = {
            let mut waiting = self.waiting();
            let ids: Vec<String> = waiting
                .iter()
                .filter(|(_, w)| w.request.server_id == server_id)
                .map(|(id, _)| id.clone())
                .collect();
            ids.iter().filter_map(|id| waiting.remove(id)).collect()
        };
        for w in gone {
            self.closed(&w.request, ServerRequestEnd::SessionEnded);
        }
    }

    fn closed(&self, request: &PendingServerRequest, end: ServerRequestEnd) {
        self.events.emit(AppEvent::ServerRequestClosed {
            server_id: request.server_id.clone(),
            request_id: request.request_id.clone(),
            end,
        });
    }
}

impl Responder for UserDesk {
    fn respond(&self, request: PendingServerRequest) -> ReplyFuture {
        let (answer, reply) = oneshot::channel();
        self.waiting().insert(
            request.request_id.clone(),
            Waiting {
                request: request.clone(),
                answer,
            },
        );
        self.events.emit(AppEvent::ServerRequestOpened { request });
        Box::pin(async move {
            // A sender dropped without an answer means the request was closed: cancel it.
            reply.await.unwrap_or(ServerReply::Cancel)
        })
    }

    fn withdrawn(&self, request_id: &str, end: ServerRequestEnd) {
        let gone = self.waiting().remove(request_id);
        if let Some(w) = gone {
            self.closed(&w.request, end);
        }
    }

    fn elicitation_completed(&self, server_id: &str, elicitation_id: &str) {
        self.events.emit(AppEvent::ElicitationCompleted {
            server_id: server_id.to_string(),
            elicitation_id: elicitation_id.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_ipc::ServerAsk;

    fn recorder() -> (Arc<dyn EventSink>, Arc<Mutex<Vec<AppEvent>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let events: Arc<dyn EventSink> =
            Arc::new(move |e: AppEvent| sink.lock().expect("lock").push(e));
        (events, seen)
    }

    fn request(id: &str, server: &str) -> PendingServerRequest {
        PendingServerRequest {
            request_id: id.into(),
            server_id: server.into(),
            at: 1,
            ask: ServerAsk::Sampling {
                params: serde_json::json!({}),
            },
        }
    }

    #[tokio::test]
    async fn an_answer_reaches_the_waiting_request_and_closes_it() {
        let (events, seen) = recorder();
        let desk = UserDesk::new(events);
        let reply = desk.respond(request("1", "a"));
        assert_eq!(desk.pending().len(), 1);
        desk.answer("1", ServerReply::Reject).expect("answered");
        assert_eq!(reply.await, ServerReply::Reject);
        assert!(desk.pending().is_empty());
        let seen = seen.lock().expect("lock");
        assert!(matches!(seen[0], AppEvent::ServerRequestOpened { .. }));
        assert!(matches!(
            seen[1],
            AppEvent::ServerRequestClosed {
                end: ServerRequestEnd::Answered,
                ..
            }
        ));
        // Answering twice finds nothing.
        assert!(desk.answer("1", ServerReply::Reject).is_err());
    }

    #[tokio::test]
    async fn an_ended_session_closes_only_its_own_requests() {
        let (events, seen) = recorder();
        let desk = UserDesk::new(events);
        let a = desk.respond(request("1", "a"));
        let _b = desk.respond(request("2", "b"));
        desk.end_session("a");
        assert_eq!(a.await, ServerReply::Cancel);
        assert_eq!(desk.pending(), vec![request("2", "b")]);
        assert!(seen.lock().expect("lock").iter().any(|e| matches!(
            e,
            AppEvent::ServerRequestClosed {
                end: ServerRequestEnd::SessionEnded,
                ..
            }
        )));
    }

    #[tokio::test]
    async fn a_withdrawn_request_is_forgotten_and_reported() {
        let (events, seen) = recorder();
        let desk = UserDesk::new(events);
        let _reply = desk.respond(request("1", "a"));
        desk.withdrawn("1", ServerRequestEnd::CancelledByServer);
        assert!(desk.pending().is_empty());
        assert!(seen.lock().expect("lock").iter().any(|e| matches!(
            e,
            AppEvent::ServerRequestClosed {
                end: ServerRequestEnd::CancelledByServer,
                ..
            }
        )));
    }
}
