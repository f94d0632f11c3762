//! MCP JSON into the UI's types. Conversion goes through the wire JSON so that new content
//! kinds (rmcp's types are `#[non_exhaustive]`) arrive as `Unknown` instead of being lost.

use gatehouse_ipc::{
    ContentAnnotations, ContentBlock, PromptMessageInfo, ResourceContents, ToolInfo,
};
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
    let annotations = value
        .get("annotations")
        .cloned()
        .and_then(|a| serde_json::from_value::<ContentAnnotations>(a).ok());
    let block = match kind {
        "text" => text(&value, "text").map(|text| ContentBlock::Text { text, annotations }),
        "image" | "audio" => match (text(&value, "data"), text(&value, "mimeType")) {
            (Some(data), Some(mime_type)) if kind == "image" => Some(ContentBlock::Image {
                data,
                mime_type,
                annotations,
            }),
            (Some(data), Some(mime_type)) => Some(ContentBlock::Audio {
                data,
                mime_type,
                annotations,
            }),
            _ => None,
        },
        "resource_link" => match (text(&value, "uri"), text(&value, "name")) {
            (Some(uri), Some(name)) => Some(ContentBlock::ResourceLink {
                uri,
                name,
                title: text(&value, "title"),
                description: text(&value, "description"),
                mime_type: text(&value, "mimeType"),
                annotations,
            }),
            _ => None,
        },
        "resource" => value
            .get("resource")
            .cloned()
            .and_then(resource_contents_from_json)
            .map(|resource| ContentBlock::Resource {
                resource,
                annotations,
            }),
        _ => None,
    };
    block.unwrap_or(ContentBlock::Unknown { raw: value })
}

/// What a `tools/call` answer holds, read from its JSON.
#[derive(Debug, PartialEq)]
pub(crate) struct ToolResultParts {
    pub content: Vec<ContentBlock>,
    pub structured_content: Option<Value>,
    pub is_error: bool,
}

/// A `tools/call` answer from its JSON, each content block on its own: a block of a kind this
/// client does not know (or a malformed one) is kept raw as `Unknown`, and the others are kept as
/// they are. `None` when the answer is not a tool result at all.
pub(crate) fn tool_result_from_json(value: Value) -> Option<ToolResultParts> {
    let Value::Object(mut object) = value else {
        return None;
    };
    let structured_content = object.remove("structuredContent").filter(|v| !v.is_null());
    let content = match object.remove("content") {
        Some(Value::Array(blocks)) => blocks.into_iter().map(content_block_from_json).collect(),
        None if structured_content.is_some() => Vec::new(),
        _ => return None,
    };
    Some(ToolResultParts {
        content,
        structured_content,
        is_error: object
            .get("isError")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

/// A `prompts/get` answer's description and messages from its JSON, message by message (an
/// unknown content block is kept raw). `None` when the answer has no list of messages.
pub(crate) fn prompt_from_json(value: &Value) -> Option<(Option<String>, Vec<PromptMessageInfo>)> {
    let messages = value
        .get("messages")?
        .as_array()?
        .iter()
        .map(|m| PromptMessageInfo {
            role: m["role"].as_str().unwrap_or("user").to_string(),
            content: content_block_from_json(m.get("content").cloned().unwrap_or(Value::Null)),
        })
        .collect();
    Some((text(value, "description"), messages))
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
    fn annotations_are_kept() {
        let block = content_block_from_json(json!({
            "type": "text", "text": "hi",
            "annotations": {"audience": ["user"], "priority": 0.9}
        }));
        let ContentBlock::Text { annotations, .. } = block else {
            panic!("not text: {block:?}");
        };
        let annotations = annotations.expect("annotations kept");
        assert_eq!(annotations.audience, vec!["user".to_string()]);
        assert_eq!(annotations.priority, Some(0.9));
    }

    #[test]
    fn converts_every_known_block_and_keeps_unknown_ones() {
        assert_eq!(
            content_block_from_json(json!({"type":"text","text":"hi"})),
            ContentBlock::Text {
                text: "hi".into(),
                annotations: None
            }
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
                resource: ResourceContents::Blob { .. },
                ..
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

    #[test]
    fn an_unknown_block_is_kept_raw_and_the_others_are_kept() {
        let odd = json!({"type":"hologram","frames":[1,2,3]});
        let parts = tool_result_from_json(json!({
            "content": [
                {"type":"text","text":"first"},
                odd,
                {"type":"text","text":"last"},
                "not even an object"
            ],
            "isError": false
        }))
        .expect("a tool result");
        assert_eq!(parts.content.len(), 4);
        assert_eq!(
            parts.content[0],
            ContentBlock::Text {
                text: "first".into(),
                annotations: None
            }
        );
        assert_eq!(parts.content[1], ContentBlock::Unknown { raw: odd });
        assert_eq!(
            parts.content[2],
            ContentBlock::Text {
                text: "last".into(),
                annotations: None
            }
        );
        assert!(matches!(parts.content[3], ContentBlock::Unknown { .. }));
        assert!(!parts.is_error);
    }

    #[test]
    fn something_that_is_not_a_tool_result_is_refused() {
        assert_eq!(tool_result_from_json(json!({"tools": []})), None);
        assert_eq!(tool_result_from_json(json!({"content": "text"})), None);
        assert_eq!(tool_result_from_json(json!([1])), None);
        let structured_only =
            tool_result_from_json(json!({"structuredContent": {"a": 1}, "isError": true}));
        assert!(structured_only.is_some_and(|p| p.is_error && p.content.is_empty()));
    }

    #[test]
    fn prompt_messages_are_read_one_by_one() {
        let (description, messages) = prompt_from_json(&json!({
            "description": "d",
            "messages": [
                {"role":"user","content":{"type":"text","text":"hi"}},
                {"role":"assistant","content":{"type":"hologram"}}
            ]
        }))
        .expect("a prompt");
        assert_eq!(description.as_deref(), Some("d"));
        assert_eq!(
            messages[0].content,
            ContentBlock::Text {
                text: "hi".into(),
                annotations: None
            }
        );
        assert!(matches!(messages[1].content, ContentBlock::Unknown { .. }));
        assert!(prompt_from_json(&json!({"tools": []})).is_none());
    }
}
