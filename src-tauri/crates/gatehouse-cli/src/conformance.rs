//! `gatehouse-cli conformance URL`: the client that the official MCP conformance suite runs
//! (`make conformance`, tests/conformance). It is the CLI's own path through the core, with a
//! headless browser: connect, log in when the server asks (again, for more scopes, after a 403
//! `insufficient_scope`), list the tools and call each with arguments made from its schema.
//! The suite names the scenario in MCP_CONFORMANCE_SCENARIO and, for a pre-registered client,
//! passes its id and secret as JSON in MCP_CONFORMANCE_CONTEXT.

use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::{MemorySecretStore, Sensitive};
use gatehouse_mcp::{AnswerWithDefaults, CancellationToken, ClientSide};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::exit::Failure;
use crate::login::{Browser, PreRegistered};
use crate::tools::{parse_url, Runner};

/// What the suite hands a scenario's client besides the URL.
#[derive(Deserialize, Default)]
struct Context {
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// How the server's own requests are answered in a run: a form with the defaults its schema
/// gives (SEP-1034), as the suite expects; a page to visit and sampling are declined.
fn answer_client_requests() -> ClientSide {
    ClientSide::answered_by(Arc::new(AnswerWithDefaults))
}

fn context(raw: Option<String>) -> Result<Context, Failure> {
    match raw {
        None => Ok(Context::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            Failure::usage(
                &format!("MCP_CONFORMANCE_CONTEXT is not the suite's JSON: {e}"),
                "Run this through the conformance suite (make conformance).",
            )
        }),
    }
}

/// Arguments for a tool the run knows nothing about: each property's `default`, else its first
/// example, else a plain value of its type; required properties always, others only with a default.
pub fn arguments_for(schema: &Value) -> Value {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut arguments = Map::new();
    if let Some(properties) = schema["properties"].as_object() {
        for (name, property) in properties {
            let value = property
                .get("default")
                .or_else(|| property["examples"].get(0))
                .cloned();
            let value = match value {
                Some(value) => value,
                None if required.contains(&name.as_str()) => plain_value(property),
                None => continue,
            };
            arguments.insert(name.clone(), value);
        }
    }
    Value::Object(arguments)
}

fn plain_value(property: &Value) -> Value {
    if let Some(first) = property["enum"].get(0) {
        return first.clone();
    }
    let kind = match &property["type"] {
        Value::Array(kinds) => kinds.iter().find_map(Value::as_str).unwrap_or("string"),
        kind => kind.as_str().unwrap_or("string"),
    };
    match kind {
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        "array" => json!([]),
        "object" => arguments_for(property),
        "null" => Value::Null,
        _ => json!(""),
    }
}

pub async fn run(url: &str) -> Result<(), Failure> {
    let scenario = std::env::var("MCP_CONFORMANCE_SCENARIO").unwrap_or_default();
    let context = context(std::env::var("MCP_CONFORMANCE_CONTEXT").ok())?;
    eprintln!("conformance scenario {scenario:?} at {url}");
    let runner = Runner {
        // One run, one process: nothing of it is kept.
        secrets: Arc::new(MemorySecretStore::new()),
        url: parse_url(url)?,
        headers: Vec::new(),
        timeout: Duration::from_secs(20),
        client: PreRegistered {
            client_id: context.client_id,
            client_secret: context.client_secret.map(Sensitive::new),
        },
        browser: Browser::Headless,
        log_in_when_asked: true,
        side: answer_client_requests(),
    };
    let tools = runner.run(|session| Box::pin(session.list_tools())).await?;
    eprintln!("{} tool(s)", tools.len());
    let mut tool_errors = Vec::new();
    for tool in tools {
        let arguments = arguments_for(&tool.input_schema);
        let outcome = runner
            .run(|session| {
                let (name, arguments) = (tool.name.clone(), arguments.clone());
                let output_schema = tool.output_schema.clone();
                Box::pin(async move {
                    session
                        .call_tool(
                            "conformance",
                            &name,
                            arguments,
                            output_schema.as_ref(),
                            &CancellationToken::new(),
                        )
                        .await
                })
            })
            .await?;
        eprintln!(
            "called {}: {}",
            tool.name,
            serde_json::to_string(&outcome.content).unwrap_or_default()
        );
        if outcome.is_error {
            tool_errors.push(tool.name);
        }
    }
    match tool_errors.as_slice() {
        [] => Ok(()),
        names => Err(Failure::tool_error(format!(
            "the tools {} reported an error",
            names.join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_come_from_the_schema() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "number"},
                "b": {"type": "integer", "default": 7},
                "name": {"type": "string", "examples": ["Ada"]},
                "mode": {"type": "string", "enum": ["fast", "slow"]},
                "optional": {"type": "string"},
                "nested": {"type": "object", "properties": {"on": {"type": "boolean"}}, "required": ["on"]}
            },
            "required": ["a", "mode", "nested"]
        });
        assert_eq!(
            arguments_for(&schema),
            json!({"a": 1, "b": 7, "name": "Ada", "mode": "fast", "nested": {"on": false}})
        );
        assert_eq!(arguments_for(&json!({"type": "object"})), json!({}));
    }

    #[test]
    fn the_suites_context_names_a_pre_registered_client() {
        let context = context(Some(
            r#"{"name":"auth/pre-registration","client_id":"c","client_secret":"s"}"#.into(),
        ))
        .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(context.client_id.as_deref(), Some("c"));
        assert_eq!(context.client_secret.as_deref(), Some("s"));
        assert!(super::context(Some("not json".into())).is_err());
        assert!(super::context(None).is_ok_and(|c| c.client_id.is_none()));
    }
}
