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
        /// Who the block is for and how important it is, when the server says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        annotations: Option<ContentAnnotations>,
    },
    Image {
        /// Base64.
        data: String,
        mime_type: String,
        /// Who the block is for and how important it is, when the server says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        annotations: Option<ContentAnnotations>,
    },
    Audio {
        /// Base64.
        data: String,
        mime_type: String,
        /// Who the block is for and how important it is, when the server says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        annotations: Option<ContentAnnotations>,
    },
    ResourceLink {
        uri: String,
        name: String,
        title: Option<String>,
        description: Option<String>,
        mime_type: Option<String>,
        /// Who the block is for and how important it is, when the server says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        annotations: Option<ContentAnnotations>,
    },
    Resource {
        resource: ResourceContents,
        /// Who the block is for and how important it is, when the server says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        annotations: Option<ContentAnnotations>,
    },
    /// A block this version does not know, kept as the server sent it.
    Unknown {
        #[ts(type = "unknown")]
        raw: Value,
    },
}

/// A content block's annotations (MCP `Annotations`): the intended audience ("user",
/// "assistant"), a priority from 0 (least) to 1 (most important), and when it last changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContentAnnotations {
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub priority: Option<f64>,
    #[serde(default)]
    pub last_modified: Option<String>,
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
