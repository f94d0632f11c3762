//! What a server may ask of the client: elicitation (a form, or a URL to visit), sampling (a
//! reply written by the user; no model is called) and roots (folders the user shared).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// A request from a server that waits for the user's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PendingServerRequest {
    /// Gatehouse's own id for this request (not the server's JSON-RPC id).
    pub request_id: String,
    pub server_id: String,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub at: u64,
    pub ask: ServerAsk,
}

/// What the server asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ServerAsk {
    /// Fill in a form (elicitation, form mode). `requested_schema` is a flat JSON Schema object
    /// of primitive properties, with defaults and titled enums (SEP-1034, SEP-1330).
    ElicitForm {
        message: String,
        #[ts(type = "Record<string, unknown>")]
        requested_schema: Value,
        /// The properties in the order the server sent them (JSON objects here are sorted by name).
        property_order: Vec<String>,
    },
    /// Visit a URL in the browser (elicitation, URL mode). The server says when it is done with
    /// `notifications/elicitation/complete` (see `AppEvent::ElicitationCompleted`).
    ElicitUrl {
        message: String,
        url: String,
        /// Empty on protocol 2026-07-28, which dropped it.
        elicitation_id: String,
    },
    /// Write the reply a model would give (sampling): the server's `sampling/createMessage`
    /// params as sent (messages, system prompt, model preferences, maxTokens, …).
    Sampling {
        #[ts(type = "Record<string, unknown>")]
        params: Value,
    },
}

/// How a pending request was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ServerReply {
    /// Send the form's content (form mode) or agree to visit the URL (URL mode).
    Accept {
        #[ts(type = "Record<string, unknown> | null")]
        content: Option<Value>,
    },
    /// Refuse, letting the server go on without the answer.
    Decline,
    /// Dismiss the request without choosing.
    Cancel,
    /// Send this text as the sampled reply.
    Sampled {
        text: String,
        /// Shown to the server as the model that answered; "human" when left empty.
        model: Option<String>,
    },
    /// Refuse to write a reply.
    Reject,
}

/// Why a pending request closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServerRequestEnd {
    Answered,
    /// The server withdrew the request (`notifications/cancelled`).
    CancelledByServer,
    /// The session ended before an answer.
    SessionEnded,
}

/// The answer to one pending request.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnswerServerRequest {
    pub request_id: String,
    pub reply: ServerReply,
}

/// A folder shared with a server (`roots/list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RootEntry {
    /// A `file://` URI.
    pub uri: String,
    pub name: Option<String>,
}

/// The folders a server may see; replaces the saved list.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetRootsRequest {
    pub server_id: String,
    pub roots: Vec<RootEntry>,
}
