//! Input requests (2026-07-28, SEP-2322): a server that needs something from the user answers a
//! request with `input_required` instead of sending a request of its own. Each input request is
//! answered by the session's handler, as the server's own request would be (the user's desk, or
//! the defaults in a headless run), and the request is sent again with the answers and the
//! server's `requestState`. rmcp drives this loop only in its own typed helpers on the running
//! service, which the session does not use (it needs progress, cancellation and the raw view).
// Sampling and roots are deprecated from 2026-07-28 on (SEP-2577), but may still be asked for.
#![allow(deprecated)]

use std::time::Duration;

use gatehouse_ipc::Exchange;
use rmcp::model::{
    ClientRequest, InputRequest, InputRequests, InputRequiredResult, InputResponses,
    NumberOrString, ServerResult,
};
use rmcp::service::RequestContext;
use rmcp::ClientHandler;
use serde::Serialize;
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::{to_json, Session};
use crate::{McpFailure, Result};

/// The most rounds of input one request may take (rmcp's own bound).
const MAX_INPUT_ROUNDS: usize = rmcp::model::DEFAULT_MRTR_MAX_ROUNDS;

impl Session {
    /// Sends a request as [`Session::request`] does, again with the answers for as long as the
    /// server answers with input requests. `build` makes the request of its params, `answer` puts
    /// the answers and the server's state into them.
    pub(super) async fn request_answering_input<P: Clone + Serialize>(
        &self,
        method: &str,
        mut params: P,
        build: impl Fn(P) -> ClientRequest,
        answer: impl Fn(&mut P, Option<InputResponses>, Option<String>),
        call: Option<(&str, &CancellationToken)>,
    ) -> Result<(ServerResult, Exchange)> {
        let never = CancellationToken::new();
        let cancel = call.map(|(_, cancel)| cancel).unwrap_or(&never);
        for _ in 0..MAX_INPUT_ROUNDS {
            let sent = self
                .request(method, to_json(&params), build(params.clone()), call)
                .await?;
            let ServerResult::InputRequiredResult(asked) = sent.0 else {
                return Ok(sent);
            };
            let (responses, state) = tokio::select! {
                answered = self.answer_input_requests(asked) => answered?,
                () = cancel.cancelled() => return Err(McpFailure::Cancelled),
            };
            answer(&mut params, responses, state);
        }
        Err(McpFailure::Server(format!(
            "the server asked for more input {MAX_INPUT_ROUNDS} times in a row, so {method} was stopped"
        )))
    }

    /// Answers what a task waiting for input asks (2026-07-28) and sends the answers with
    /// `tasks/update`.
    pub(crate) async fn answer_task_input(&self, task_id: &str, requests: &Value) -> Result<()> {
        let requests: InputRequests = serde_json::from_value(requests.clone()).map_err(|_| {
            McpFailure::Server("the task asked for input in a form Gatehouse cannot read".into())
        })?;
        let asked = InputRequiredResult::new(Some(requests), None);
        let (responses, _) = self.answer_input_requests(asked).await?;
        let params = json!({ "taskId": task_id, "inputResponses": responses.unwrap_or_default() });
        self.custom("tasks/update", params).await?;
        Ok(())
    }

    /// Answers the server's input requests; the answers and the state to send again with.
    async fn answer_input_requests(
        &self,
        asked: InputRequiredResult,
    ) -> Result<(Option<InputResponses>, Option<String>)> {
        let requests = asked.input_requests.unwrap_or_default();
        if requests.is_empty() {
            if asked.request_state.is_none() {
                return Err(McpFailure::Server(
                    "it asked for input without saying what it needs".into(),
                ));
            }
            // Only state to echo: the server is not ready yet; a short pause before asking again.
            tokio::time::sleep(Duration::from_millis(100)).await;
            return Ok((None, asked.request_state));
        }
        let mut responses = InputResponses::new();
        for (key, request) in requests {
            let context = RequestContext::new(
                NumberOrString::String(key.clone().into()),
                self.peer.clone(),
            );
            let answer: std::result::Result<Value, rmcp::ErrorData> = match request {
                InputRequest::Elicitation(request) => self
                    .handler
                    .create_elicitation(request.params, context)
                    .await
                    .map(|r| to_json(&r)),
                InputRequest::CreateMessage(request) => self
                    .handler
                    .create_message(request.params, context)
                    .await
                    .map(|r| to_json(&r)),
                InputRequest::ListRoots(_) => {
                    self.handler.list_roots(context).await.map(|r| to_json(&r))
                }
                _ => Err(rmcp::ErrorData::invalid_request(
                    "Gatehouse does not know this kind of input request",
                    None,
                )),
            };
            let answer = answer.map_err(|e| {
                McpFailure::Server(format!(
                    "its request for input could not be answered: {}",
                    e.message
                ))
            })?;
            responses.insert(key, answer);
        }
        Ok((Some(responses), asked.request_state))
    }
}
