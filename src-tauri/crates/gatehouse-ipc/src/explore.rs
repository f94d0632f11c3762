use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{ContentBlock, IpcError, ResourceContents};

/// About the running app.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub identifier: String,
    /// The redirect URI the app registers for OAuth logins.
    pub redirect_uri: String,
}

/// Names a saved server.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerRef {
    pub server_id: String,
}

/// The result of connecting: either a live session, or the server wants a login first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ConnectOutcome {
    Connected { info: ServerInfo },
    LoginRequired { reason: IpcError },
}

/// What the server said about itself when the session started.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerInfo {
    pub name: String,
    pub title: Option<String>,
    pub version: String,
    pub protocol_version: String,
    pub instructions: Option<String>,
    pub capabilities: ServerCapabilitiesInfo,
    /// Whether requests carry an OAuth access token.
    pub authenticated: bool,
}

/// The server's capabilities, flattened for display.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerCapabilitiesInfo {
    pub tools: bool,
    pub tools_list_changed: bool,
    pub resources: bool,
    pub resources_subscribe: bool,
    pub resources_list_changed: bool,
    pub prompts: bool,
    pub prompts_list_changed: bool,
    pub logging: bool,
    pub completions: bool,
    /// The capabilities object exactly as the server sent it.
    #[ts(type = "unknown")]
    pub raw: Value,
}

/// A login has begun and waits for the browser at `authorization_url`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginStarted {
    pub authorization_url: String,
    /// Where the authorization server will send the browser back: the app's scheme, or a loopback
    /// address when the server refused the scheme.
    pub redirect_uri: String,
    /// Set when no browser could be opened: the login still waits, for `authorization_url`
    /// opened by hand.
    pub browser_error: Option<IpcError>,
}

/// A tool as listed by the server.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToolInfo {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    #[ts(type = "Record<string, unknown>")]
    pub input_schema: Value,
    #[ts(type = "Record<string, unknown> | null")]
    pub output_schema: Option<Value>,
    #[ts(type = "Record<string, unknown> | null")]
    pub annotations: Option<Value>,
}

/// A tool as the window's list shows it: the [`ToolInfo`] without its input and output schemas,
/// which a list of thousands of tools would carry to the window for nothing (`tool_get` gives
/// the whole tool once it is selected).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToolSummary {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    #[ts(type = "Record<string, unknown> | null")]
    pub annotations: Option<Value>,
}

/// Names one tool of a server's latest list. `occurrence` tells apart tools the server listed
/// under the same name: 0 for the first of that name, 1 for the second, and so on.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToolRef {
    pub server_id: String,
    pub name: String,
    #[serde(default)]
    pub occurrence: u32,
}

/// Call a tool. `call_id` is chosen by the UI so it can follow progress and cancel.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToolCallRequest {
    pub server_id: String,
    pub call_id: String,
    pub name: String,
    #[ts(type = "Record<string, unknown>")]
    pub arguments: Value,
}

/// Cancel a running tool call.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CancelRequest {
    pub call_id: String,
}

/// What a tool call produced.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToolCallOutcome {
    pub content: Vec<ContentBlock>,
    #[ts(type = "unknown")]
    pub structured_content: Option<Value>,
    /// How `structured_content` compares with the tool's `outputSchema`, when it has one.
    pub structured_check: Option<StructuredCheck>,
    /// The tool reported an error (`isError`).
    pub is_error: bool,
    pub exchange: Exchange,
}

impl ToolCallOutcome {
    /// The first text block, the usual answer of a tool.
    pub fn first_text(&self) -> Option<&str> {
        self.content.iter().find_map(|block| match block {
            ContentBlock::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// The result of checking structured content against the tool's output schema.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum StructuredCheck {
    Valid,
    /// The server sent no structured content though the tool declares an output schema.
    Missing,
    Invalid {
        errors: Vec<String>,
    },
}

/// One request and its answer, as JSON, for the raw view.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    pub method: String,
    /// The JSON-RPC id of the request (none for the handshake shown as one exchange).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string | number")]
    pub id: Option<Value>,
    /// How it ended: `ok`, `error` or `cancelled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub outcome: Option<ExchangeOutcome>,
    #[ts(type = "unknown")]
    pub request: Value,
    /// The result, or the error, as received.
    #[ts(type = "unknown")]
    pub response: Value,
    pub ok: bool,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub started_at: u64,
    #[ts(type = "number")]
    pub duration_ms: u64,
}

/// How an exchange ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeOutcome {
    Ok,
    Error,
    Cancelled,
}

/// A resource the server lists.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResourceInfo {
    pub uri: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
}

/// A parameterised resource (RFC 6570 URI template).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTemplateInfo {
    pub uri_template: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
}

/// Resources and resource templates together.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResourceListing {
    pub resources: Vec<ResourceInfo>,
    pub templates: Vec<ResourceTemplateInfo>,
}

/// Read one resource.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadResourceRequest {
    pub server_id: String,
    pub uri: String,
}

/// A resource's contents.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadResourceOutcome {
    pub contents: Vec<ResourceContents>,
    pub exchange: Exchange,
}

/// A prompt the server offers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PromptInfo {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub arguments: Vec<PromptArgumentInfo>,
}

/// One argument of a prompt.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PromptArgumentInfo {
    pub name: String,
    pub description: Option<String>,
    pub required: bool,
}

/// Get a prompt with its arguments filled in.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GetPromptRequest {
    pub server_id: String,
    pub name: String,
    pub arguments: BTreeMap<String, String>,
}

/// A prompt, rendered by the server.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PromptOutcome {
    pub description: Option<String>,
    pub messages: Vec<PromptMessageInfo>,
    pub exchange: Exchange,
}

/// One message of a rendered prompt.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PromptMessageInfo {
    /// `user` or `assistant`.
    pub role: String,
    pub content: ContentBlock,
}

/// A request remembered in the history (a tool call, a prompt got, a resource read): what was
/// asked, how it ended, and its result when that was small enough to keep.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub id: String,
    pub server_id: String,
    /// What kind of request; entries written before there were kinds are tool calls.
    #[serde(default)]
    pub kind: HistoryKind,
    /// The tool's or prompt's name, or the resource's URI.
    pub tool: String,
    /// The tool's arguments, or the prompt's (strings); `{}` for a resource.
    #[ts(type = "Record<string, unknown>")]
    pub arguments: Value,
    pub is_error: bool,
    /// The user cancelled it (then `is_error` is false).
    #[serde(default)]
    pub cancelled: bool,
    /// A one-line summary of the result (its first text, or the error).
    pub summary: String,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub started_at: u64,
    #[ts(type = "number")]
    pub duration_ms: u64,
    /// The result as it was shown, when it was small enough to keep (see `HISTORY_RESULT_BYTES`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub result: Option<HistoryResult>,
}

/// What a history entry remembers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    #[default]
    Tool,
    Prompt,
    Resource,
}

/// A past result: its content blocks (a prompt's messages, a resource's contents as embedded
/// resources) and a tool's structured content.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryResult {
    pub content: Vec<ContentBlock>,
    #[serde(default)]
    #[ts(type = "unknown")]
    pub structured_content: Option<Value>,
}

/// Save a binary resource's bytes to a file the user picks in the system's save dialog.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveResourceRequest {
    /// The resource's URI: the suggested file name comes from it.
    pub uri: String,
    /// Gives the suggested name its extension when the URI has none.
    pub mime_type: Option<String>,
    /// Base64, as the server sent it.
    pub blob: String,
}

/// Where the file went; `path` is `None` when the user closed the dialog without saving.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveResourceOutcome {
    pub path: Option<String>,
    /// Bytes written.
    #[ts(type = "number")]
    pub bytes: u64,
}
