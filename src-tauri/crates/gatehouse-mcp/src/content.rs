//! MCP JSON into the UI's types. Conversion goes through the wire JSON so that new content
//! kinds (rmcp's types are `#[non_exhaustive]`) arrive as `Unknown` instead of being lost.

use gatehouse_ipc::{ContentBlock, ResourceContents, ToolInfo};
use serde_json::Value;

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

/// One content block from its MCP JSON.
pub fn content_block_from_json(value: Value) -> ContentBlock {
    let kind = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let block = match kind {
        "text" => text(&value, "text").map(|text| ContentBlock::Text { text }),
        "image" | "audio" => match (text(&value, "data"), text(&value, "mimeType")) {
            (Some(data), Some(mime_type)) if kind == "image" => {
                Some(ContentBlock::Image { data, mime_type })
            }
            (Some(data), Some(mime_type)) => Some(ContentBlock::Audio { data, mime_type }),
            _ => None,
        },
        "resource_link" => match (text(&value, "uri"), text(&value, "name")) {
            (Some(uri), Some(name)) => Some(ContentBlock::ResourceLink {
                uri,
                name,
                title: text(&value, "title"),
                description: text(&value, "description"),
                mime_type: text(&value, "mimeType"),
            }),
            _ => None,
        },
        "resource" => value
            .get("resource")
            .cloned()
            .and_then(resource_contents_from_json)
            .map(|resource| ContentBlock::Resource { resource }),
        _ => None,
    };
    block.unwrap_or(ContentBlock::Unknown { raw: value })
}

/// Resource contents from their MCP JSON; `None` when neither text nor blob is present.
pub(crate) fn resource_contents_from_json(value: Value) -> Option<ResourceContents> {
    let uri = text(&value, "uri")?;
    let mime_type = text(&value, "mimeType");
    if let Some(text) = text(&value, "text") {
        return Some(ResourceContents::Text {
            uri,
            mime_type,
            text,
        });
    }
    text(&value, "blob").map(|blob| ResourceContents::Blob {
        uri,
        mime_type,
        blob,
    })
}

/// A tool from its MCP JSON.
pub fn tool_info_from_json(value: Value) -> Option<ToolInfo> {
    Some(ToolInfo {
        name: text(&value, "name")?,
        title: text(&value, "title").or_else(|| {
            value
                .pointer("/annotations/title")
                .and_then(Value::as_str)
                .map(str::to_string)
        }),
        description: text(&value, "description"),
        input_schema: value
            .get("inputSchema")
            .cloned()
            .unwrap_or_else(|| serde_json::json!({"type": "object"})),
        output_schema: value.get("outputSchema").cloned(),
        annotations: value.get("annotations").cloned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_every_known_block_and_keeps_unknown_ones() {
        assert_eq!(
            content_block_from_json(json!({"type":"text","text":"hi"})),
            ContentBlock::Text { text: "hi".into() }
        );
        assert!(matches!(
            content_block_from_json(json!({"type":"image","data":"AA==","mimeType":"image/png"})),
            ContentBlock::Image { .. }
        ));
        assert!(matches!(
            content_block_from_json(json!({"type":"audio","data":"AA==","mimeType":"audio/wav"})),
            ContentBlock::Audio { .. }
        ));
        assert!(matches!(
            content_block_from_json(json!({"type":"resource_link","uri":"a://b","name":"b"})),
            ContentBlock::ResourceLink { .. }
        ));
        assert!(matches!(
            content_block_from_json(
                json!({"type":"resource","resource":{"uri":"a://b","blob":"AA=="}})
            ),
            ContentBlock::Resource {
                resource: ResourceContents::Blob { .. }
            }
        ));
        let odd = json!({"type":"hologram","data":1});
        assert_eq!(
            content_block_from_json(odd.clone()),
            ContentBlock::Unknown { raw: odd }
        );
        assert!(matches!(
            content_block_from_json(json!({"type":"image"})),
            ContentBlock::Unknown { .. }
        ));
    }
}
