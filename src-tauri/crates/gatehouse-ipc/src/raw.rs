//! What the raw view shows besides the client's requests: every message the server sends on its
//! own (notifications, and requests such as elicitation, sampling or `roots/list`, with the answer
//! Gatehouse sent), every notification Gatehouse sends, and the full text of large messages.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::ExchangeOutcome;

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RawDirection {
    ServerToClient,
    ClientToServer,
}

/// What a message is: a request (it expects an answer) or a notification (it does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RawKind {
    Request,
    Notification,
}

/// One message as it went over the wire. A message (or answer) larger than the raw view keeps in
/// its list arrives as `{ "truncated": true, "bytes": …, "preview": "…" }`; its full text is
/// fetched with `raw_message_full`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RawMessage {
    /// Its place in the session's log: unique, rising; an answered request keeps its number.
    #[ts(type = "number")]
    pub seq: u64,
    pub direction: RawDirection,
    pub kind: RawKind,
    /// The JSON-RPC method.
    pub method: String,
    /// The JSON-RPC id of a request.
    #[ts(optional, type = "string | number")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// `params._meta`, when the message has one.
    #[ts(optional, type = "unknown")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
    /// The progress token the message carries (`params.progressToken` of a progress
    /// notification, `params._meta.progressToken` of a request).
    #[ts(optional, type = "string | number")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_token: Option<Value>,
    /// When it arrived or left, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub at: u64,
    /// The whole message, or a preview of a very large one.
    #[ts(type = "unknown")]
    pub message: Value,
    /// Gatehouse's answer to a server's request, once sent (result or error), or its preview.
    #[ts(optional, type = "unknown")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Value>,
    /// When the answer left.
    #[ts(optional, type = "number")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<u64>,
    /// How a server's request was answered: `ok` or `error` (none while it waits).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ExchangeOutcome>,
}

/// The session's log of server messages and Gatehouse's notifications, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RawMessages {
    pub messages: Vec<RawMessage>,
    /// How many older messages were dropped to keep the log bounded.
    #[ts(type = "number")]
    pub dropped: u64,
    /// The most messages the log keeps.
    pub kept_at_most: u32,
}

/// Which message's full text to fetch (or save).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "part",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum RawPart {
    /// A server message or Gatehouse notification ([`RawMessage::seq`]).
    Message {
        #[ts(type = "number")]
        seq: u64,
    },
    /// Gatehouse's answer to the server's request `seq`.
    Answer {
        #[ts(type = "number")]
        seq: u64,
    },
    /// The server's answer to the client's request with this JSON-RPC id (an exchange).
    Response {
        #[ts(type = "string | number")]
        id: Value,
    },
}

/// A large message to show in full, or to save.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RawFullRequest {
    pub server_id: String,
    pub part: RawPart,
    /// What to call the file when saving (the method, say); `.json` is added.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
