use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::KeyringSecretStore;
use gatehouse_ipc::ContentBlock;
use gatehouse_mcp::{
    check_arguments, connect, CancellationToken, ConnectTarget, Connected, McpFailure, NoEvents,
    Session,
};

use crate::args::ServerArgs;
use crate::exit::Failure;

pub fn secrets() -> SharedSecrets {
    Arc::new(KeyringSecretStore::new())
}

pub fn parse_url(raw: &str) -> Result<url::Url, Failure> {
    Ok(gatehouse_mcp::validate_server_url(raw)?)
}

fn parse_headers(headers: &[String]) -> Result<Vec<(String, String)>, Failure> {
    headers
        .iter()
        .map(|h| {
            h.split_once(':')
                .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| {
                    McpFailure::InvalidInput(format!("header “{h}” must look like `Name: value`"))
                        .into()
                })
        })
        .collect()
}

async fn open_session(server: &ServerArgs) -> Result<Box<Session>, Failure> {
    let target = ConnectTarget {
        server_id: "cli".into(),
        url: parse_url(&server.url)?,
        headers: parse_headers(&server.headers)?,
        timeout: Duration::from_secs(server.timeout.max(1)),
        oauth_client_id: None,
        oauth_client_secret: None,
    };
    match connect(&secrets(), target, Arc::new(NoEvents)).await? {
        Connected::Session(session) => Ok(session),
        Connected::LoginRequired {
            reason: Some(reason),
            ..
        } => Err(McpFailure::RenewalFailed(reason).into()),
        Connected::LoginRequired { .. } => Err(McpFailure::AuthRequired { challenge: None }.into()),
    }
}

pub async fn list(server: &ServerArgs, json: bool) -> Result<(), Failure> {
    let session = open_session(server).await?;
    let tools = session.list_tools().await;
    session.close().await;
    let tools = tools?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&tools).unwrap_or_default()
        );
        return Ok(());
    }
    let width = tools.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for tool in &tools {
        let about = tool
            .title
            .as_deref()
            .or(tool.description.as_deref())
            .unwrap_or_default();
        println!(
            "{:width$}  {}",
            tool.name,
            about.lines().next().unwrap_or_default()
        );
    }
    Ok(())
}

pub async fn call(server: &ServerArgs, name: &str, args: &str, json: bool) -> Result<(), Failure> {
    let arguments: serde_json::Value = serde_json::from_str(args)
        .map_err(|e| McpFailure::InvalidInput(format!("--args is not valid JSON: {e}")))?;
    let session = open_session(server).await?;
    let result = async {
        let tools = session.list_tools().await?;
        let tool = tools
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| McpFailure::NotFound(format!("tool “{name}”")))?;
        check_arguments(&tool.input_schema, &arguments)?;
        session
            .call_tool(
                "cli",
                name,
                arguments,
                tool.output_schema.as_ref(),
                &CancellationToken::new(),
            )
            .await
    }
    .await;
    session.close().await;
    let outcome = result?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome).unwrap_or_default()
        );
    } else {
        for block in &outcome.content {
            match block {
                ContentBlock::Text { text, .. } => println!("{text}"),
                ContentBlock::Image {
                    mime_type, data, ..
                }
                | ContentBlock::Audio {
                    mime_type, data, ..
                } => {
                    println!("[{mime_type}, {} bytes base64]", data.len())
                }
                ContentBlock::ResourceLink { uri, name, .. } => println!("[link {name}: {uri}]"),
                ContentBlock::Resource { resource, .. } => {
                    println!("{}", serde_json::to_string(resource).unwrap_or_default())
                }
                ContentBlock::Unknown { raw } => println!("{raw}"),
            }
        }
        if let Some(structured) = &outcome.structured_content {
            println!(
                "{}",
                serde_json::to_string_pretty(structured).unwrap_or_default()
            );
        }
    }
    if outcome.is_error {
        return Err(Failure::tool_error(format!(
            "the tool “{name}” reported an error"
        )));
    }
    Ok(())
}
