use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// One block of a tool result or prompt message, as the MCP specification defines them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ContentBlock {
    Text {
        text: String,
    },
    Image {
        /// Base64.
        data: String,
        mime_type: String,
    },
    Audio {
        /// Base64.
        data: String,
        mime_type: String,
    },
    ResourceLink {
        uri: String,
        name: String,
        title: Option<String>,
        description: Option<String>,
        mime_type: Option<String>,
    },
    Resource {
        resource: ResourceContents,
    },
    /// A block this version does not know, kept as the server sent it.
    Unknown {
        #[ts(type = "unknown")]
        raw: Value,
    },
}

/// The contents of a resource: text or base64 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ResourceContents {
    Text {
        uri: String,
        mime_type: Option<String>,
        text: String,
    },
    Blob {
        uri: String,
        mime_type: Option<String>,
        /// Base64.
        blob: String,
    },
}
