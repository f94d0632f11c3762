//! The explorer's doors to the protocol's utilities: completions, subscriptions, tasks,
//! logging level, ping, and the protocol version a server is pinned to.

use std::sync::Arc;

use gatehouse_ipc::{
    CompleteRequest, CompletionOutcome, PingOutcome, ResourceSubscriptions, ServerProfile,
    TaskInfo, TaskStartRequest, TaskState,
};

use crate::explorer::blocking;
use crate::schema_check::check_arguments;
use crate::tasks::{follow, settle, wire_task};
use crate::{now_ms, Explorer, McpFailure, Result};

impl Explorer {
    /// Suggestions for what the user is typing into a prompt argument or template variable.
    pub async fn complete(&self, request: &CompleteRequest) -> Result<CompletionOutcome> {
        let session = self.session(&request.server_id).await?;
        let outcome = session
            .complete(
                &request.target,
                &request.argument,
                &request.value,
                &request.context,
            )
            .await;
        match outcome {
            Ok(o) => Ok(o),
            Err(e) => Err(self.remember(&request.server_id, e).await),
        }
    }

    pub async fn subscribe(&self, id: &str, uri: &str) -> Result<ResourceSubscriptions> {
        let session = self.session(id).await?;
        match session.subscribe(uri).await {
            Ok(s) => Ok(s),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub async fn unsubscribe(&self, id: &str, uri: &str) -> Result<ResourceSubscriptions> {
        let session = self.session(id).await?;
        match session.unsubscribe(uri).await {
            Ok(s) => Ok(s),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub async fn subscriptions(&self, id: &str) -> Result<ResourceSubscriptions> {
        Ok(self.session(id).await?.subscriptions().await)
    }

    pub async fn set_log_level(&self, id: &str, level: &str) -> Result<()> {
        let session = self.session(id).await?;
        match session.set_log_level(level).await {
            Ok(()) => Ok(()),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub async fn ping(&self, id: &str) -> Result<PingOutcome> {
        let session = self.session(id).await?;
        match session.ping().await {
            Ok(p) => Ok(p),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    /// Pins the server to a protocol version (or lets it negotiate); the session in use is closed
    /// so that the next connect speaks the chosen version.
    pub async fn pin_protocol(&self, id: &str, version: Option<String>) -> Result<ServerProfile> {
        let (profiles, id_owned) = (self.profiles.clone(), id.to_string());
        let saved = blocking(move || profiles.pin_protocol(&id_owned, version)).await?;
        self.invalidate(id).await;
        Ok(saved)
    }

    /// Calls a tool as a task and follows it in the background until it ends.
    pub async fn start_task(&self, request: TaskStartRequest) -> Result<TaskInfo> {
        let session = self.session(&request.server_id).await?;
        let tool = self.tool(&request.server_id, &request.name).await?;
        // rmcp's models keep neither 2025-11-25's `tasks` capability nor a tool's
        // `execution.taskSupport`; both are read from the wire (`raw_answers.rs`). Where they were
        // not (a server that answers with plain JSON), the call asks for a task and the server
        // decides: one that runs it at once answers with the result.
        if let Some(why) = session.task_refusal(&request.name) {
            return Err(McpFailure::InvalidInput(format!(
                "Gatehouse did not start the task: {why}."
            )));
        }
        check_arguments(&tool.input_schema, &request.arguments)?;
        let call_id = format!("task-{}", crate::profiles::new_id());
        let (answer, exchange) = match session
            .start_task(&call_id, &request.name, &request.arguments)
            .await
        {
            Ok(started) => started,
            Err(McpFailure::Server(said)) => {
                session.forget_progress(&call_id);
                return Err(McpFailure::Server(format!(
                    "the server would not run “{}” as a task (call it directly instead); it said: {said}",
                    request.name
                )));
            }
            Err(e) => {
                session.forget_progress(&call_id);
                return Err(self.remember(&request.server_id, e).await);
            }
        };
        let now = now_ms();
        let mut task = TaskInfo {
            server_id: request.server_id.clone(),
            task_id: call_id.clone(),
            tool: request.name.clone(),
            arguments: request.arguments.clone(),
            state: TaskState::Working,
            status_message: None,
            call_id: call_id.clone(),
            started_at: now,
            updated_at: now,
            result: None,
            result_is_error: false,
            error: None,
            exchange: Some(exchange),
        };
        match wire_task(&answer) {
            Some(wire) => {
                task.task_id = wire.task_id.clone();
                task.state = wire.state;
                task.status_message = wire.status_message.clone();
                self.tasks.put(task.clone(), &*self.events);
                tokio::spawn(follow(
                    Arc::clone(&session),
                    Arc::clone(&self.tasks),
                    Arc::clone(&self.events),
                    wire,
                ));
            }
            None => {
                // The server answered the call at once instead of making a task of it.
                session.forget_progress(&call_id);
                task.state = TaskState::Completed;
                task.status_message = Some("the server ran the call at once".into());
                settle(&mut task, answer);
                self.tasks.put(task.clone(), &*self.events);
            }
        }
        Ok(task)
    }

    /// Every task started on this server, newest first (kept after the session ends).
    pub fn tasks(&self, id: &str) -> Vec<TaskInfo> {
        self.tasks.list(id)
    }

    /// Asks the server to cancel the task; cancelling is cooperative, so the task may still end
    /// otherwise.
    pub async fn cancel_task(&self, id: &str, task_id: &str) -> Result<TaskInfo> {
        let known = self
            .tasks
            .get(id, task_id)
            .ok_or_else(|| McpFailure::NotFound("that task".into()))?;
        if known.state.is_final() {
            return Ok(known);
        }
        let session = self.session(id).await?;
        match session.cancel_task(task_id).await {
            Ok(Some(wire)) => Ok(self.tasks.update(id, &wire, &*self.events).unwrap_or(known)),
            Ok(None) => Ok(known),
            Err(e) => Err(self.remember(id, e).await),
        }
    }
}
