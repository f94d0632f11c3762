//! Tool calls run as tasks. On 2025-11-25 (the tasks utility) the call asks for a task
//! (`tools/call` with `task`), then Gatehouse polls `tasks/get`, fetches `tasks/result` once the
//! task completed, and cancels with `tasks/cancel`. From 2026-07-28 (the tasks extension) the
//! server decides: a call answered with a task handle is followed with `tasks/get`, whose final
//! answer carries the result. The tasks live here, in the core, not in a view: a task goes on
//! (and is followed) when the panel that started it is closed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_ipc::{AppEvent, Exchange, ExchangeOutcome, TaskInfo, TaskState};
use rmcp::model::{ClientRequest, CustomRequest, ServerResult};
use serde_json::{json, Value};

use crate::content::tool_result_from_json;
use crate::session::to_json;
use crate::{now_ms, EventSink, McpFailure, Result, Session};

/// How long a task may be kept by the server after it was created (asked on 2025-11-25).
const TASK_TTL_MS: u64 = 30 * 60 * 1000;
/// Polling bounds, whatever interval the server suggests.
const MIN_POLL: Duration = Duration::from_millis(250);
const MAX_POLL: Duration = Duration::from_secs(5);
/// Consecutive failed polls after which a task is no longer followed.
const MAX_POLL_FAILURES: u32 = 5;

/// A task as the server describes it, from either protocol version's wire shape.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WireTask {
    pub task_id: String,
    pub state: TaskState,
    pub status_message: Option<String>,
    pub poll_interval: Option<Duration>,
    /// The final result, when the answer carries it (2026-07-28).
    pub result: Option<Value>,
    /// The error of a failed task, when the answer carries it (2026-07-28).
    pub error: Option<String>,
    /// What a task waiting for input asks (2026-07-28 `inputRequests`), as sent.
    pub input_requests: Option<Value>,
}

fn state_of(status: &str) -> Option<TaskState> {
    Some(match status {
        "working" => TaskState::Working,
        "input_required" => TaskState::InputRequired,
        "completed" => TaskState::Completed,
        "failed" => TaskState::Failed,
        "cancelled" => TaskState::Cancelled,
        _ => return None,
    })
}

/// Reads `{ task: {...} }` (2025-11-25 `CreateTaskResult`) or a flat task (2025-11-25
/// `tasks/get`, 2026-07-28 task handles and `tasks/get`). `None` when it is no task.
pub(crate) fn wire_task(value: &Value) -> Option<WireTask> {
    let task = match value.get("task") {
        Some(inner) if inner.is_object() => inner,
        _ => value,
    };
    let text = |key: &str| task.get(key).and_then(Value::as_str).map(str::to_string);
    let poll = task
        .get("pollInterval")
        .or_else(|| task.get("pollIntervalMs"))
        .and_then(Value::as_u64)
        .map(Duration::from_millis);
    let error = task.get("error").map(|e| {
        e.get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| e.to_string())
    });
    Some(WireTask {
        task_id: text("taskId")?,
        state: state_of(&text("status")?)?,
        status_message: text("statusMessage"),
        poll_interval: poll,
        result: task.get("result").filter(|r| r.is_object()).cloned(),
        error,
        input_requests: task.get("inputRequests").filter(|r| r.is_object()).cloned(),
    })
}

/// The tasks the app started or adopted from the server's list, by server; each is followed by a
/// background poller, which a status the server pushes wakes at once.
#[derive(Default)]
pub(crate) struct TaskBook {
    tasks: Mutex<HashMap<String, Vec<TaskInfo>>>,
    wake: tokio::sync::Notify,
}

impl TaskBook {
    pub(crate) fn list(&self, server_id: &str) -> Vec<TaskInfo> {
        let tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        let mut list = tasks.get(server_id).cloned().unwrap_or_default();
        list.sort_by_key(|t| std::cmp::Reverse(t.started_at));
        list
    }

    pub(crate) fn get(&self, server_id: &str, task_id: &str) -> Option<TaskInfo> {
        let tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        tasks
            .get(server_id)?
            .iter()
            .find(|t| t.task_id == task_id)
            .cloned()
    }

    /// Records a new task or a change, and tells the window.
    pub(crate) fn put(&self, task: TaskInfo, events: &dyn EventSink) {
        {
            let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
            let list = tasks.entry(task.server_id.clone()).or_default();
            match list.iter_mut().find(|t| t.task_id == task.task_id) {
                Some(slot) => *slot = task.clone(),
                None => list.push(task.clone()),
            }
        }
        events.emit(AppEvent::TaskChanged { task });
    }

    /// Records a task the server listed, unless the book has it already; `true` when it was new.
    pub(crate) fn adopt(&self, task: TaskInfo, events: &dyn EventSink) -> bool {
        {
            let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
            let list = tasks.entry(task.server_id.clone()).or_default();
            if list.iter().any(|t| t.task_id == task.task_id) {
                return false;
            }
            list.push(task.clone());
        }
        events.emit(AppEvent::TaskChanged { task });
        true
    }

    /// Wakes the pollers: a task's status changed on the server.
    pub(crate) fn wake_followers(&self) {
        self.wake.notify_waiters();
    }

    /// Applies what the server said about a task; a final state is never undone.
    pub(crate) fn update(
        &self,
        server_id: &str,
        wire: &WireTask,
        events: &dyn EventSink,
    ) -> Option<TaskInfo> {
        let mut task = self.get(server_id, &wire.task_id)?;
        if task.state.is_final() {
            return Some(task);
        }
        task.state = wire.state;
        task.status_message = wire.status_message.clone();
        task.updated_at = now_ms();
        if let Some(error) = &wire.error {
            task.error = Some(error.clone());
        }
        self.put(task.clone(), events);
        Some(task)
    }
}

impl Session {
    /// Sends a request rmcp has no type for. The answer is the one read from the wire when there
    /// is one: rmcp parses it into whichever of its result types fits first, which may drop fields.
    pub(crate) async fn custom(&self, method: &str, params: Value) -> Result<(Value, Exchange)> {
        let request =
            ClientRequest::CustomRequest(CustomRequest::new(method, Some(params.clone())));
        let (result, exchange) = self.request(method, params, request, None).await?;
        let verbatim = exchange
            .id
            .as_ref()
            .and_then(|id| self.raw_answers().verbatim(id));
        let value = verbatim.unwrap_or_else(|| match result {
            ServerResult::CustomResult(c) => c.0,
            other => to_json(&other),
        });
        Ok((value, exchange))
    }

    /// Calls a tool as a task. The answer is the task handle or, when the server ran the call
    /// at once (it may, from 2026-07-28), the finished result.
    pub(crate) async fn start_task(
        &self,
        call_id: &str,
        name: &str,
        arguments: &Value,
    ) -> Result<(Value, Exchange)> {
        let mut params = json!({ "name": name, "arguments": arguments });
        if !self.is_modern() {
            params["task"] = json!({ "ttl": TASK_TTL_MS });
        }
        let request =
            ClientRequest::CustomRequest(CustomRequest::new("tools/call", Some(params.clone())));
        let mut options = rmcp::service::PeerRequestOptions::default();
        options.timeout = Some(self.timeout());
        let handle = self
            .peer()
            .send_request_with_option(request, options)
            .await
            .map_err(|e| self.failure(e))?;
        // The task's progress keeps its request's token for as long as the task runs.
        self.progress_routes()
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(handle.progress_token.clone(), call_id.to_string());
        let started_at = now_ms();
        let id = to_json(&handle.id);
        let outcome = handle.await_response().await.map_err(|e| self.failure(e));
        let verbatim = self.raw_answers().verbatim(&id);
        let (response, ok) = match &outcome {
            Ok(result) => (verbatim.unwrap_or_else(|| to_json(result)), true),
            Err(error) => (json!({ "error": error.to_string() }), false),
        };
        let exchange = Exchange {
            method: "tools/call".into(),
            id: Some(id),
            outcome: Some(if ok {
                ExchangeOutcome::Ok
            } else {
                ExchangeOutcome::Error
            }),
            request: json!({ "method": "tools/call", "params": params }),
            response: response.clone(),
            ok,
            started_at,
            duration_ms: now_ms().saturating_sub(started_at),
        };
        self.remember_exchange(exchange.clone());
        outcome?;
        Ok((response, exchange))
    }

    /// Stops routing a finished task's progress.
    pub(crate) fn forget_progress(&self, call_id: &str) {
        self.progress_routes()
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, id| id != call_id);
        self.notifications().flush_progress_of(call_id);
    }

    pub(crate) async fn get_task(&self, task_id: &str) -> Result<WireTask> {
        let (value, _) = self
            .custom("tasks/get", json!({ "taskId": task_id }))
            .await?;
        wire_task(&value).ok_or_else(|| {
            McpFailure::Server("the server answered tasks/get with something else".into())
        })
    }

    /// The finished task's result (2025-11-25 `tasks/result`).
    pub(crate) async fn task_result(&self, task_id: &str) -> Result<Value> {
        let (value, _) = self
            .custom("tasks/result", json!({ "taskId": task_id }))
            .await?;
        Ok(value)
    }

    pub(crate) async fn cancel_task(&self, task_id: &str) -> Result<Option<WireTask>> {
        let (value, _) = self
            .custom("tasks/cancel", json!({ "taskId": task_id }))
            .await?;
        Ok(wire_task(&value))
    }
}

/// Puts a tool result into the task.
pub(crate) fn settle(task: &mut TaskInfo, result: Value) {
    match tool_result_from_json(result) {
        Some(parts) => {
            task.result = Some(parts.content);
            task.result_is_error = parts.is_error;
        }
        None => task.error = Some("the server's result of the task was not a tool result".into()),
    }
}

/// Follows a task until it ends (or can no longer be followed), recording every change.
pub(crate) async fn follow(
    session: Arc<Session>,
    book: Arc<TaskBook>,
    events: Arc<dyn EventSink>,
    mut wire: WireTask,
) {
    let server_id = session.server_id().to_string();
    let mut failures = 0;
    let mut answered: Option<Value> = None;
    while !wire.state.is_final() {
        let wait = wire.poll_interval.unwrap_or(MIN_POLL * 4);
        tokio::select! {
            () = tokio::time::sleep(wait.clamp(MIN_POLL, MAX_POLL)) => {}
            () = book.wake.notified() => {}
        }
        // The server pushed a final status (`notifications/tasks/status`): no need to ask.
        if let Some(known) = book.get(&server_id, &wire.task_id) {
            if known.state.is_final() {
                wire.state = known.state;
                break;
            }
        }
        if session.is_closed() {
            fail(
                &book,
                &*events,
                &server_id,
                &wire.task_id,
                "the session ended while the task ran; the server may still finish it",
            );
            break;
        }
        match session.get_task(&wire.task_id).await {
            Ok(next) => {
                failures = 0;
                wire = next;
                book.update(&server_id, &wire, &*events);
                // 2026-07-28: the task waits for input; answered once per request (`tasks/update`).
                let asks = wire
                    .input_requests
                    .as_ref()
                    .filter(|r| answered.as_ref() != Some(*r));
                if let (TaskState::InputRequired, Some(requests)) = (wire.state, asks) {
                    answered = Some(requests.clone());
                    if let Err(e) = session.answer_task_input(&wire.task_id, requests).await {
                        let why =
                            format!("the task's request for input could not be answered: {e}");
                        fail(&book, &*events, &server_id, &wire.task_id, &why);
                        break;
                    }
                }
            }
            Err(e) => {
                failures += 1;
                if failures >= MAX_POLL_FAILURES {
                    let why = format!("Gatehouse stopped following the task: {e}");
                    fail(&book, &*events, &server_id, &wire.task_id, &why);
                    break;
                }
            }
        }
    }
    if let Some(mut task) = book.get(&server_id, &wire.task_id) {
        session.forget_progress(&task.call_id);
        if wire.state == TaskState::Completed && task.result.is_none() {
            let result = match wire.result.clone() {
                Some(result) => Ok(result),
                None => session.task_result(&wire.task_id).await,
            };
            match result {
                Ok(result) => settle(&mut task, result),
                Err(e) => task.error = Some(format!("the task's result could not be fetched: {e}")),
            }
            task.updated_at = now_ms();
            book.put(task, &*events);
        }
    }
}

fn fail(book: &TaskBook, events: &dyn EventSink, server_id: &str, task_id: &str, why: &str) {
    if let Some(mut task) = book.get(server_id, task_id) {
        if !task.state.is_final() {
            task.state = TaskState::Failed;
            task.error = Some(why.to_string());
            task.updated_at = now_ms();
            book.put(task, events);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_2025_task_handle_is_read() {
        let wire = wire_task(&json!({
            "task": {
                "taskId": "t1", "status": "working", "statusMessage": "counting",
                "createdAt": "2026-12-07T10:00:00Z", "ttl": 60000, "pollInterval": 1000
            }
        }))
        .unwrap();
        assert_eq!(wire.task_id, "t1");
        assert_eq!(wire.state, TaskState::Working);
        assert_eq!(wire.status_message.as_deref(), Some("counting"));
        assert_eq!(wire.poll_interval, Some(Duration::from_millis(1000)));
        assert!(wire.result.is_none());
    }

    #[test]
    fn a_2026_final_task_carries_its_result_or_error() {
        let done = wire_task(&json!({
            "resultType": "complete", "taskId": "t2", "status": "completed",
            "pollIntervalMs": 500, "result": { "content": [{ "type": "text", "text": "42" }] }
        }))
        .unwrap();
        assert_eq!(done.state, TaskState::Completed);
        assert_eq!(done.poll_interval, Some(Duration::from_millis(500)));
        assert!(done.result.is_some());
        let failed = wire_task(&json!({
            "taskId": "t3", "status": "failed", "error": { "code": -32603, "message": "boom" }
        }))
        .unwrap();
        assert_eq!(failed.error.as_deref(), Some("boom"));
    }

    #[test]
    fn anything_else_is_no_task() {
        assert!(wire_task(&json!({ "content": [] })).is_none());
        assert!(wire_task(&json!({ "taskId": "t", "status": "sleeping" })).is_none());
    }

    fn task(state: TaskState) -> TaskInfo {
        TaskInfo {
            server_id: "s".into(),
            task_id: "t".into(),
            tool: "count".into(),
            arguments: json!({}),
            state,
            status_message: None,
            call_id: "c".into(),
            started_at: 1,
            updated_at: 1,
            result: None,
            result_is_error: false,
            error: None,
            exchange: None,
        }
    }

    #[test]
    fn the_book_tells_the_window_and_never_undoes_an_end() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = {
            let seen = seen.clone();
            move |e: AppEvent| {
                if let AppEvent::TaskChanged { task } = e {
                    seen.lock().unwrap().push(task.state);
                }
            }
        };
        let book = TaskBook::default();
        book.put(task(TaskState::Working), &sink);
        let mut wire = wire_task(&json!({ "taskId": "t", "status": "cancelled" })).unwrap();
        book.update("s", &wire, &sink);
        wire.state = TaskState::Working;
        book.update("s", &wire, &sink);
        assert_eq!(book.list("s")[0].state, TaskState::Cancelled);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![TaskState::Working, TaskState::Cancelled]
        );
    }

    #[test]
    fn a_result_settles_into_the_task() {
        let mut t = task(TaskState::Completed);
        settle(
            &mut t,
            json!({ "content": [{ "type": "text", "text": "done" }], "isError": false }),
        );
        assert_eq!(t.result.as_ref().map(Vec::len), Some(1));
        assert!(t.error.is_none());
        let mut bad = task(TaskState::Completed);
        settle(&mut bad, json!("nonsense"));
        assert!(bad.error.is_some());
    }
}
