use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::RootEntry;

/// A saved server, as the UI sees it. Secret header values and the client secret never leave the
/// keychain: only whether one is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerProfile {
    pub id: String,
    pub name: String,
    /// The MCP endpoint, e.g. `https://mcp.example.com/mcp`.
    pub url: String,
    pub headers: Vec<HeaderEntry>,
    /// How long one request may take before it is cancelled.
    pub timeout_secs: u32,
    /// A client ID registered with the authorization server out of band, if any.
    pub oauth_client_id: Option<String>,
    /// Whether a client secret for `oauth_client_id` is kept in the keychain.
    pub has_client_secret: bool,
    /// Folders shared with the server (`roots/list`); set with `server_roots_set`.
    #[serde(default)]
    pub roots: Vec<RootEntry>,
    /// The protocol version this server is pinned to; `null` negotiates the newest both speak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub protocol_version: Option<String>,
}

/// A custom request header sent with every request to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeaderEntry {
    pub name: String,
    /// The value, unless the header is secret (then it lives in the keychain and this is `null`).
    pub value: Option<String>,
    pub secret: bool,
}

/// What the UI sends to create or change a saved server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerProfileInput {
    /// `null` creates a new server.
    pub id: Option<String>,
    pub name: String,
    pub url: String,
    pub headers: Vec<HeaderInput>,
    pub timeout_secs: u32,
    pub oauth_client_id: Option<String>,
    /// A new client secret; `null` keeps the stored one (if any), `""` removes it.
    pub oauth_client_secret: Option<String>,
}

/// A header as entered: for a secret header, a `null` value keeps the stored one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeaderInput {
    pub name: String,
    pub value: Option<String>,
    pub secret: bool,
}
