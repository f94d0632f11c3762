//! The explorer's catalogue on a session: tools (listed and called), resources and their
//! templates, and prompts.

use std::sync::Arc;

use gatehouse_ipc::{
    PromptArgumentInfo, PromptInfo, PromptOutcome, ReadResourceOutcome, ResourceInfo,
    ResourceListing, ResourceTemplateInfo, ToolCallOutcome, ToolInfo,
};
use rmcp::model::{
    CallToolRequest, CallToolRequestParams, ClientRequest, GetPromptRequestParams,
    ReadResourceRequestParams, ServerResult,
};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::{to_json, Session};
use crate::content::{prompt_from_json, resource_contents_from_json, tool_result_from_json};
use crate::schema_check::check_structured;
use crate::{McpFailure, Result};

/// A tool as the UI shows it, taken from the parsed answer as it is: the same fields as
/// [`crate::tool_info_from_json`] without serializing each tool back to JSON first (a list of
/// thousands of tools is converted once).
fn tool_info(tool: rmcp::model::Tool) -> ToolInfo {
    let annotations = tool.annotations.map(|a| to_json(&a));
    let title = tool.title.or_else(|| {
        annotations
            .as_ref()
            .and_then(|a| a.get("title"))
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    ToolInfo {
        name: tool.name.into_owned(),
        title,
        description: tool.description.map(|d| d.into_owned()),
        input_schema: Value::Object(Arc::unwrap_or_clone(tool.input_schema)),
        output_schema: tool
            .output_schema
            .map(|schema| Value::Object(Arc::unwrap_or_clone(schema))),
        annotations,
    }
}

fn as_object(value: &Value) -> Option<&serde_json::Map<String, Value>> {
    value.as_object()
}

impl Session {
    /// Every tool, following `nextCursor` to the end.
    pub async fn list_tools(&self) -> Result<Vec<ToolInfo>> {
        let mut tools = Vec::new();
        self.every_page(
            "tools/list",
            |p| ClientRequest::ListToolsRequest(rmcp::model::ListToolsRequest::with_param(p)),
            |result| match result {
                ServerResult::ListToolsResult(page) => {
                    tools.extend(page.tools.into_iter().map(tool_info));
                    Some(page.next_cursor)
                }
                _ => None,
            },
        )
        .await?;
        Ok(tools)
    }

    /// Calls a tool. Arguments should already be checked against the input schema.
    pub async fn call_tool(
        &self,
        call_id: &str,
        name: &str,
        arguments: Value,
        output_schema: Option<&Value>,
        cancel: &CancellationToken,
    ) -> Result<ToolCallOutcome> {
        let mut params = CallToolRequestParams::new(name.to_string());
        if let Some(object) = as_object(&arguments) {
            params = params.with_arguments(object.clone());
        }
        // On 2026-07-28 the server may answer with input requests: answered, and sent again.
        let (result, exchange) = self
            .request_answering_input(
                "tools/call",
                params,
                |p| ClientRequest::CallToolRequest(CallToolRequest::new(p)),
                |p, responses, state| {
                    p.input_responses = responses;
                    p.request_state = state;
                },
                Some((call_id, cancel)),
            )
            .await?;
        // rmcp parses a result whole: one content block of a kind it does not know turns the
        // answer into a `CustomResult`. Both are read from their JSON, block by block.
        let value = match result {
            ServerResult::CallToolResult(result) => to_json(&result),
            ServerResult::CustomResult(custom) => custom.0,
            _ => Value::Null,
        };
        let Some(parts) = tool_result_from_json(value) else {
            return Err(McpFailure::Server(
                "the server answered tools/call with something else".into(),
            ));
        };
        let structured_check = check_structured(output_schema, parts.structured_content.as_ref());
        Ok(ToolCallOutcome {
            content: parts.content,
            structured_content: parts.structured_content,
            structured_check,
            is_error: parts.is_error,
            exchange,
        })
    }

    pub async fn list_resources(&self) -> Result<ResourceListing> {
        let text = |v: &Value, key: &str| v[key].as_str().map(String::from);
        let mut resources = Vec::new();
        self.every_page(
            "resources/list",
            |p| {
                ClientRequest::ListResourcesRequest(rmcp::model::ListResourcesRequest::with_param(
                    p,
                ))
            },
            |result| match result {
                ServerResult::ListResourcesResult(page) => {
                    resources.extend(page.resources.iter().map(to_json).filter_map(|v| {
                        Some(ResourceInfo {
                            uri: text(&v, "uri")?,
                            name: text(&v, "name")?,
                            title: text(&v, "title"),
                            description: text(&v, "description"),
                            mime_type: text(&v, "mimeType"),
                        })
                    }));
                    Some(page.next_cursor)
                }
                _ => None,
            },
        )
        .await?;
        let mut templates = Vec::new();
        let listed = self
            .every_page(
                "resources/templates/list",
                |p| {
                    ClientRequest::ListResourceTemplatesRequest(
                        rmcp::model::ListResourceTemplatesRequest::with_param(p),
                    )
                },
                |result| match result {
                    ServerResult::ListResourceTemplatesResult(page) => {
                        templates.extend(page.resource_templates.iter().map(to_json).filter_map(
                            |v| {
                                Some(ResourceTemplateInfo {
                                    uri_template: text(&v, "uriTemplate")?,
                                    name: text(&v, "name")?,
                                    title: text(&v, "title"),
                                    description: text(&v, "description"),
                                    mime_type: text(&v, "mimeType"),
                                })
                            },
                        ));
                        Some(page.next_cursor)
                    }
                    _ => None,
                },
            )
            .await;
        match listed {
            // Servers without templates may not implement the method at all.
            Ok(()) | Err(McpFailure::Server(_)) => {}
            Err(e) => return Err(e),
        }
        Ok(ResourceListing {
            resources,
            templates,
        })
    }

    pub async fn read_resource(&self, uri: &str) -> Result<ReadResourceOutcome> {
        let (result, exchange) = self
            .request_answering_input(
                "resources/read",
                ReadResourceRequestParams::new(uri.to_string()),
                |p| ClientRequest::ReadResourceRequest(rmcp::model::ReadResourceRequest::new(p)),
                |p, responses, state| {
                    p.input_responses = responses;
                    p.request_state = state;
                },
                None,
            )
            .await?;
        let ServerResult::ReadResourceResult(result) = result else {
            return Err(McpFailure::Server(
                "the server answered resources/read with something else".into(),
            ));
        };
        let contents = result
            .contents
            .iter()
            .filter_map(|c| resource_contents_from_json(to_json(c)))
            .collect();
        Ok(ReadResourceOutcome { contents, exchange })
    }

    pub async fn list_prompts(&self) -> Result<Vec<PromptInfo>> {
        let text = |v: &Value, key: &str| v[key].as_str().map(String::from);
        let mut prompts = Vec::new();
        self.every_page(
            "prompts/list",
            |p| ClientRequest::ListPromptsRequest(rmcp::model::ListPromptsRequest::with_param(p)),
            |result| match result {
                ServerResult::ListPromptsResult(page) => {
                    prompts.extend(page.prompts.iter().map(to_json).filter_map(|v| {
                        let arguments = v["arguments"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|a| {
                                Some(PromptArgumentInfo {
                                    name: text(a, "name")?,
                                    description: text(a, "description"),
                                    required: a["required"].as_bool().unwrap_or(false),
                                })
                            })
                            .collect();
                        Some(PromptInfo {
                            name: text(&v, "name")?,
                            title: text(&v, "title"),
                            description: text(&v, "description"),
                            arguments,
                        })
                    }));
                    Some(page.next_cursor)
                }
                _ => None,
            },
        )
        .await?;
        Ok(prompts)
    }

    pub async fn get_prompt(
        &self,
        name: &str,
        arguments: &std::collections::BTreeMap<String, String>,
    ) -> Result<PromptOutcome> {
        let mut params = GetPromptRequestParams::new(name.to_string());
        if !arguments.is_empty() {
            let object = arguments
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            params = params.with_arguments(object);
        }
        let (result, exchange) = self
            .request_answering_input(
                "prompts/get",
                params,
                |p| ClientRequest::GetPromptRequest(rmcp::model::GetPromptRequest::new(p)),
                |p, responses, state| {
                    p.input_responses = responses;
                    p.request_state = state;
                },
                None,
            )
            .await?;
        let value = match result {
            ServerResult::GetPromptResult(result) => to_json(&result),
            ServerResult::CustomResult(custom) => custom.0,
            _ => Value::Null,
        };
        let Some((description, messages)) = prompt_from_json(&value) else {
            return Err(McpFailure::Server(
                "the server answered prompts/get with something else".into(),
            ));
        };
        Ok(PromptOutcome {
            description,
            messages,
            exchange,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tool(value: Value) -> rmcp::model::Tool {
        serde_json::from_value(value).expect("a valid tool")
    }

    #[test]
    fn a_tool_converts_as_its_json_does() {
        let examples = [
            json!({"name": "plain", "inputSchema": {"type": "object"}}),
            json!({
                "name": "full", "title": "Full", "description": "Does it all",
                "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
                "outputSchema": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "annotations": {"title": "From annotations", "readOnlyHint": true}
            }),
            json!({
                "name": "titled-by-annotations", "inputSchema": {"type": "object"},
                "annotations": {"title": "Annotated", "destructiveHint": false}
            }),
        ];
        for example in examples {
            let parsed = tool(example);
            let through_json = crate::tool_info_from_json(to_json(&parsed)).expect("a tool");
            assert_eq!(to_json(&tool_info(parsed)), to_json(&through_json));
        }
    }
}
