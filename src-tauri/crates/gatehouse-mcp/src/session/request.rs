//! Sending one request on a session: the timeout, progress routing, cancellation, the raw
//! view's record of it, and a failure in plain words; and walking a paginated list.

use std::time::Instant;

use gatehouse_ipc::{Exchange, ExchangeOutcome, RawPart};
use rmcp::model::{ClientRequest, PaginatedRequestParams, ServerResult};
use rmcp::service::{PeerRequestOptions, ServiceError};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::{to_json, Session};
use crate::exchange_log::text_preview;
use crate::session_end::ended_by;
use crate::{now_ms, McpFailure, Result};

/// The most pages one list may take; a server that keeps handing out cursors is cut off.
const MAX_PAGES: usize = 1000;

impl Session {
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
            Ok(result) => (self.answer_record(&id_json, result), ExchangeOutcome::Ok),
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

    /// The record of an answer: a large one is the preview of its text, written out once by the
    /// raw log as it arrived (whole there, for the raw view); a small one is converted from the
    /// typed answer. A list of thousands of tools is not converted back to JSON for the record.
    fn answer_record(&self, id: &Value, result: &ServerResult) -> Value {
        let part = RawPart::Response { id: id.clone() };
        match self.notifications().raw().full(&part) {
            Some(text) => text_preview(&text),
            None => json!({ "jsonrpc": "2.0", "id": id, "result": to_json(result) }),
        }
    }

    /// Walks a paginated list from its first page: gives `take` what the page holds and returns its `nextCursor` (`None` when the answer is of another kind).
    pub(super) async fn every_page(
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
