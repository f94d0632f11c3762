//! The window's view of a server's tools: the list as summaries (no schemas), and one whole tool
//! read from the explorer's kept copy of the list when the user selects it.

use gatehouse_ipc::{ToolInfo, ToolSummary};

use crate::{Explorer, McpFailure, Result};

/// What the window's tool list shows of a tool: everything but its input and output schemas.
fn tool_summary(tool: &ToolInfo) -> ToolSummary {
    ToolSummary {
        name: tool.name.clone(),
        title: tool.title.clone(),
        description: tool.description.clone(),
        annotations: tool.annotations.clone(),
    }
}

/// The `occurrence`-th tool named `name` (0 for the first): a server may list two tools under one
/// name, and the window tells them apart by their order.
fn find_tool<'a>(tools: &'a [ToolInfo], name: &str, occurrence: u32) -> Option<&'a ToolInfo> {
    tools
        .iter()
        .filter(|tool| tool.name == name)
        .nth(usize::try_from(occurrence).ok()?)
}

fn unknown_tool(name: &str) -> McpFailure {
    McpFailure::NotFound(format!("tool “{name}”"))
}

impl Explorer {
    /// Every tool of the server, without schemas: what the window's list needs. The whole list
    /// is kept for [`Explorer::tool_detail`] and the argument checks.
    pub async fn list_tool_summaries(&self, id: &str) -> Result<Vec<ToolSummary>> {
        let tools = self.list_tools(id).await?;
        Ok(tools.iter().map(tool_summary).collect())
    }

    /// One tool, schemas and all, from the kept copy of the server's latest list: the server is
    /// asked only when no list has been read in this session yet.
    pub async fn tool_detail(&self, id: &str, name: &str, occurrence: u32) -> Result<ToolInfo> {
        let kept = self.tools.lock().await.get(id).cloned();
        let tools = match kept {
            Some(tools) => tools,
            None => self.list_tools(id).await?,
        };
        find_tool(&tools, name, occurrence)
            .cloned()
            .ok_or_else(|| unknown_tool(name))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn tool(name: &str, input: serde_json::Value) -> ToolInfo {
        ToolInfo {
            name: name.into(),
            title: Some(format!("The {name}")),
            description: Some(format!("Does {name}")),
            input_schema: input,
            output_schema: Some(json!({"type": "object"})),
            annotations: Some(json!({"readOnlyHint": true})),
        }
    }

    #[test]
    fn a_summary_is_the_tool_without_its_schemas() {
        let full = tool(
            "search",
            json!({"type": "object", "properties": {"q": {"type": "string"}}}),
        );
        let summary = tool_summary(&full);
        assert_eq!(
            serde_json::to_value(&summary).unwrap(),
            json!({
                "name": "search",
                "title": "The search",
                "description": "Does search",
                "annotations": {"readOnlyHint": true},
            })
        );
    }

    #[test]
    fn a_tool_is_found_by_name_and_by_its_order_among_tools_of_that_name() {
        let tools = vec![
            tool("a", json!({"type": "object", "title": "first a"})),
            tool("b", json!({"type": "object"})),
            tool("a", json!({"type": "object", "title": "second a"})),
        ];
        let first = find_tool(&tools, "a", 0).unwrap();
        assert_eq!(first.input_schema["title"], "first a");
        let second = find_tool(&tools, "a", 1).unwrap();
        assert_eq!(second.input_schema["title"], "second a");
        assert_eq!(find_tool(&tools, "b", 0).unwrap().name, "b");
        assert!(find_tool(&tools, "a", 2).is_none());
        assert!(find_tool(&tools, "nope", 0).is_none());
    }

    #[test]
    fn an_unknown_tool_is_named_in_plain_words() {
        let error: gatehouse_ipc::IpcError = unknown_tool("nope").into();
        assert_eq!(error.code, gatehouse_ipc::ErrorCode::NotFound);
        assert_eq!(error.message, "tool “nope” not found");
    }
}
