//! The protocol's utilities beyond tools, resources and prompts: completions, resource
//! subscriptions, tasks, logging level, ping, and the protocol version a server is pinned to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ContentBlock, Exchange};

/// What a completion is for: a prompt's argument or a resource template's variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum CompletionTarget {
    Prompt { name: String },
    ResourceTemplate { uri_template: String },
}

/// Ask the server to complete one argument as the user types (`completion/complete`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompleteRequest {
    pub server_id: String,
    pub target: CompletionTarget,
    /// The argument (or template variable) being typed.
    pub argument: String,
    /// What the user has typed so far.
    pub value: String,
    /// The arguments already filled in, as context for the server.
    pub context: BTreeMap<String, String>,
}

/// The server's suggestions.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompletionOutcome {
    pub values: Vec<String>,
    /// How many suggestions there are in all, when the server says.
    pub total: Option<u32>,
    pub has_more: bool,
}

/// Subscribe to (or unsubscribe from) a resource's updates.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSubscriptionRequest {
    pub server_id: String,
    pub uri: String,
}

/// The resources this session follows, and how (`resources/subscribe` on 2025-11-25,
/// `subscriptions/listen` from 2026-07-28).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSubscriptions {
    pub uris: Vec<String>,
    /// `resources/subscribe` or `subscriptions/listen`.
    pub method: String,
}

/// Set the server's logging level (`logging/setLevel`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogLevelRequest {
    pub server_id: String,
    /// `debug`, `info`, `notice`, `warning`, `error`, `critical`, `alert` or `emergency`.
    pub level: String,
}

/// A ping's answer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PingOutcome {
    /// Round-trip time of the `ping` request.
    #[ts(type = "number")]
    pub round_trip_ms: u64,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub at: u64,
}

/// Pin a server to one protocol version, or let Gatehouse negotiate (`null`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProtocolPinRequest {
    pub server_id: String,
    /// `2025-11-25`, `2026-07-28`, or `null` for the newest both sides speak.
    pub protocol_version: Option<String>,
}

/// Run a tool call as a task (the server must offer tasks for tool calls).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskStartRequest {
    pub server_id: String,
    pub name: String,
    #[ts(type = "Record<string, unknown>")]
    pub arguments: serde_json::Value,
}

/// Names one task of a server.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskRef {
    pub server_id: String,
    pub task_id: String,
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    Working,
    InputRequired,
    Completed,
    Failed,
    Cancelled,
}

impl TaskState {
    /// A task in this state will not change again.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }
}

/// A task the app started, as the core follows it (it outlives the view that started it).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskInfo {
    pub server_id: String,
    pub task_id: String,
    /// The tool the task runs.
    pub tool: String,
    #[ts(type = "Record<string, unknown>")]
    pub arguments: serde_json::Value,
    pub state: TaskState,
    /// What the server says about the task now.
    pub status_message: Option<String>,
    /// The task's progress arrives as `ToolProgress` events with this call id.
    pub call_id: String,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub started_at: u64,
    #[ts(type = "number")]
    pub updated_at: u64,
    /// The tool's result, once the task completed.
    pub result: Option<Vec<ContentBlock>>,
    pub result_is_error: bool,
    /// Why the task failed or could not be followed.
    pub error: Option<String>,
    /// The request that started it.
    pub exchange: Option<Exchange>,
}

/// Which protocol versions the server may be pinned to.
pub const PINNABLE_PROTOCOL_VERSIONS: &[&str] = &["2025-11-25", "2026-07-28"];
