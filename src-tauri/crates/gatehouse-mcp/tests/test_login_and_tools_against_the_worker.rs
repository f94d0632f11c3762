//! The client core against the project's own Worker (workerd) behind the Access stand-in
//! (oidc-provider): the deep-link login, refused and replayed links, tools, logout.

mod common;

use std::sync::Arc;

use common::{play_browser, temp_dir, Events, WorkerStack};
use gatehouse_auth::login::RedirectPreference;
use gatehouse_auth::{MemorySecretStore, APP_REDIRECT_URI};
use gatehouse_ipc::{
    AppEvent, ConnectOutcome, ContentBlock, ErrorCode, ExchangeOutcome, HistoryKind, IpcError,
    ServerProfileInput, StructuredCheck, ToolCallRequest,
};
use gatehouse_mcp::Explorer;
use serde_json::json;

const ALICE: &str = "alice@example.com";

fn profile(url: &str) -> ServerProfileInput {
    ServerProfileInput {
        id: None,
        name: "Gatehouse Worker".into(),
        url: url.into(),
        headers: vec![],
        timeout_secs: 30,
        oauth_client_id: None,
        oauth_client_secret: None,
    }
}

fn call(server_id: &str, name: &str, arguments: serde_json::Value) -> ToolCallRequest {
    ToolCallRequest {
        server_id: server_id.into(),
        call_id: format!("call-{name}"),
        name: name.into(),
        arguments,
    }
}

fn with_param(link: &str, key: &str, value: &str) -> String {
    let mut url = url::Url::parse(link).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair(key, value);
    url.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_link_login_then_tools_then_logout() {
    let stack = WorkerStack::start(ALICE, None);
    let secrets = MemorySecretStore::new();
    let events = Events::default();
    let dir = temp_dir("worker-login");
    let explorer = Explorer::new(
        dir.clone(),
        Arc::new(secrets.clone()),
        Arc::new(events.clone()),
    );
    let server = explorer.save_server(profile(&stack.mcp)).await.unwrap();

    // No login yet: the server's 401 asks for one.
    let outcome = explorer.connect(&server.id).await.unwrap();
    assert!(
        matches!(outcome, ConnectOutcome::LoginRequired { .. }),
        "{outcome:?}"
    );

    let started = explorer
        .start_login(&server.id, RedirectPreference::AppScheme)
        .await
        .unwrap();
    assert_eq!(
        started.redirect_uri, APP_REDIRECT_URI,
        "the Worker accepts the app's private-use scheme"
    );
    assert!(started.loopback.is_none());
    let link = play_browser(&started.authorization_url, ALICE, false).unwrap();
    assert!(
        link.starts_with("dev.gatehouse.app:/oauth/callback?"),
        "{link}"
    );

    // Forged links change nothing: a foreign issuer, an unknown state, garbage.
    for forged in [
        with_param(&link, "iss", "https://evil.example"),
        with_param(&link, "state", "not-a-state-we-issued"),
        "dev.gatehouse.app:/oauth/callback?%%%".to_string(),
    ] {
        let error = explorer.handle_link(&forged).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidLink, "{forged}: {error:?}");
    }
    assert!(events
        .all()
        .iter()
        .all(|e| matches!(e, AppEvent::LinkRejected { .. })));
    events.clear();

    // The real link finishes the login…
    assert_eq!(explorer.handle_link(&link).await.unwrap(), server.id);
    assert!(events.all().iter().any(|e| matches!(e, AppEvent::LoginFinished { server_id, error: None } if *server_id == server.id)));
    // …and cannot be replayed.
    let replay: IpcError = explorer.handle_link(&link).await.unwrap_err();
    assert_eq!(replay.code, ErrorCode::InvalidLink);

    let ConnectOutcome::Connected { info } = explorer.connect(&server.id).await.unwrap() else {
        panic!("not connected after login")
    };
    assert!(info.authenticated);
    assert!(info.capabilities.tools);
    assert!(
        ["2025-11-25", "2026-07-28"].contains(&info.protocol_version.as_str()),
        "{}",
        info.protocol_version
    );

    let tools = explorer.list_tools(&server.id).await.unwrap();
    assert!(tools.iter().any(|t| t.name == "whoami"), "{tools:?}");

    let whoami = explorer
        .call_tool(call(&server.id, "whoami", json!({})))
        .await
        .unwrap();
    assert!(!whoami.is_error);
    let text = whoami.first_text().unwrap();
    assert!(text.contains(ALICE), "{text}");

    // Arguments are checked against the schema before anything is sent.
    let refused = explorer
        .call_tool(call(&server.id, "add", json!({"a": 1, "b": "two"})))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, gatehouse_mcp::McpFailure::InvalidInput(_)),
        "{refused:?}"
    );

    // A tool with an output schema: structured content checked.
    if let Some(tool) = tools.iter().find(|t| t.output_schema.is_some()) {
        if tool.name == "statistics" {
            let stats = explorer
                .call_tool(call(
                    &server.id,
                    "statistics",
                    json!({"numbers": [1, 2, 3]}),
                ))
                .await
                .unwrap();
            assert!(
                matches!(stats.structured_check, Some(StructuredCheck::Valid)),
                "{:?}",
                stats.structured_check
            );
        }
    }

    // Progress notifications reach the call that asked.
    events.clear();
    let countdown = tools
        .iter()
        .find(|t| t.name == "countdown")
        .expect("countdown tool");
    let mut args = json!({});
    if let Some(props) = countdown.input_schema["properties"].as_object() {
        for (name, schema) in props {
            if schema["type"] == "integer" || schema["type"] == "number" {
                args[name] = json!(3);
            }
        }
    }
    let done = explorer
        .call_tool(ToolCallRequest {
            call_id: "count-1".into(),
            ..call(&server.id, "countdown", args)
        })
        .await
        .unwrap();
    assert!(!done.is_error, "{done:?}");
    assert!(
        events
            .all()
            .iter()
            .any(|e| matches!(e, AppEvent::ToolProgress { call_id, .. } if call_id == "count-1")),
        "{:?}",
        events.all()
    );

    // A cancelled call is remembered as cancelled, not as an error, in the history and the raw log.
    let (cancelled, _) = tokio::join!(
        explorer.call_tool(ToolCallRequest {
            call_id: "count-2".into(),
            ..call(
                &server.id,
                "countdown",
                json!({"steps": 20, "delayMs": 500})
            )
        }),
        async {
            tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            explorer.cancel_call("count-2").await.unwrap();
        }
    );
    assert!(
        matches!(cancelled, Err(gatehouse_mcp::McpFailure::Cancelled)),
        "{cancelled:?}"
    );
    let latest = explorer.history(&server.id).await.unwrap().remove(0);
    assert!(latest.cancelled && !latest.is_error, "{latest:?}");
    let raw = explorer.exchanges(&server.id).await.unwrap();
    assert_eq!(
        raw.last().and_then(|x| x.outcome),
        Some(ExchangeOutcome::Cancelled),
        "{:?}",
        raw.last()
    );

    // Resources and prompts, through every page.
    let listing = explorer.list_resources(&server.id).await.unwrap();
    let first = listing
        .resources
        .first()
        .expect("the Worker lists resources");
    let read = explorer
        .read_resource(&server.id, &first.uri)
        .await
        .unwrap();
    assert!(!read.contents.is_empty(), "{read:?}");
    let prompts = explorer.list_prompts(&server.id).await.unwrap();
    let prompt = prompts
        .iter()
        .find(|p| !p.arguments.is_empty())
        .expect("a prompt with arguments");
    let arguments = prompt
        .arguments
        .iter()
        .filter(|a| a.required)
        .map(|a| (a.name.clone(), "Gatehouse".to_string()))
        .collect();
    let rendered = explorer
        .get_prompt(&server.id, &prompt.name, &arguments)
        .await
        .unwrap();
    assert!(!rendered.messages.is_empty(), "{rendered:?}");

    // Sent requests are remembered newest first, prompts and resource reads too, with their
    // results; refused arguments never left the app.
    let history = explorer.history(&server.id).await.unwrap();
    let kinds: Vec<(HistoryKind, String)> =
        history.iter().map(|h| (h.kind, h.tool.clone())).collect();
    assert_eq!(
        kinds.first(),
        Some(&(HistoryKind::Prompt, prompt.name.clone())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(HistoryKind::Resource, first.uri.clone())),
        "{kinds:?}"
    );
    let tools_called: Vec<&str> = history
        .iter()
        .filter(|h| h.kind == HistoryKind::Tool)
        .map(|h| h.tool.as_str())
        .collect();
    assert_eq!(tools_called.first(), Some(&"countdown"), "{tools_called:?}");
    assert!(
        tools_called.contains(&"whoami") && !tools_called.contains(&"add"),
        "{tools_called:?}"
    );
    let whoami_entry = history.iter().find(|h| h.tool == "whoami").unwrap();
    let kept = whoami_entry.result.as_ref().expect("the result is kept");
    assert!(
        matches!(&kept.content[0], ContentBlock::Text { text, .. } if text.contains(ALICE)),
        "{kept:?}"
    );

    // The raw log starts with the handshake and shows each request as sent: JSON-RPC id,
    // params with the progress token in `_meta`; each exchange also went to the window.
    let exchanges = explorer.exchanges(&server.id).await.unwrap();
    assert_eq!(exchanges[0].method, "initialize");
    assert!(
        exchanges[0].request["params"]["clientInfo"].is_object(),
        "{:?}",
        exchanges[0].request
    );
    let call_exchange = exchanges
        .iter()
        .find(|x| x.method == "tools/call")
        .expect("a tools/call exchange");
    assert!(call_exchange.id.is_some(), "{call_exchange:?}");
    assert_eq!(
        call_exchange.request["id"],
        *call_exchange.id.as_ref().unwrap()
    );
    assert!(
        !call_exchange.request["params"]["_meta"]["progressToken"].is_null(),
        "{:?}",
        call_exchange.request
    );
    assert!(call_exchange.request["params"]["name"].is_string());
    assert!(
        events
            .all()
            .iter()
            .any(|e| matches!(e, AppEvent::ExchangeRecorded { exchange, .. } if exchange.method == "prompts/get")),
        "no live exchange event"
    );

    // Tokens only in the secret store, never in the settings folder.
    let token_json = secrets
        .keys()
        .into_iter()
        .find(|k| k.starts_with("oauth-tokens:"))
        .and_then(|k| gatehouse_auth::SecretStore::get(&secrets, &k).unwrap())
        .expect("tokens stored");
    let access_token = serde_json::from_str::<serde_json::Value>(&token_json).unwrap()
        ["token_response"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    for file in std::fs::read_dir(&dir).unwrap() {
        let contents = std::fs::read_to_string(file.unwrap().path()).unwrap_or_default();
        assert!(!contents.contains(&access_token));
    }

    // Logout forgets (and revokes) the login: the server asks again.
    explorer.logout(&server.id).await.unwrap();
    assert!(
        !secrets
            .keys()
            .iter()
            .any(|k| k.starts_with("oauth-tokens:")),
        "{:?}",
        secrets.keys()
    );
    assert!(matches!(
        explorer.connect(&server.id).await.unwrap(),
        ConnectOutcome::LoginRequired { .. }
    ));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_outside_the_policy_is_refused_and_the_app_says_so() {
    // Access's default is its block page, from which nothing comes back; this tests the app's handling of the
    // refusal redirect, the stand-in's option.
    let stack = WorkerStack::start_with(
        "mallory@example.com",
        Some(&[ALICE]),
        &["--refusal", "error-redirect"],
    );
    let secrets = MemorySecretStore::new();
    let events = Events::default();
    let dir = temp_dir("worker-refused");
    let explorer = Explorer::new(dir.clone(), Arc::new(secrets), Arc::new(events.clone()));
    let server = explorer.save_server(profile(&stack.mcp)).await.unwrap();
    explorer.connect(&server.id).await.unwrap();
    let started = explorer
        .start_login(&server.id, RedirectPreference::AppScheme)
        .await
        .unwrap();
    // The refusal comes back to the app as an OAuth error, and nothing was granted.
    let link = play_browser(&started.authorization_url, "mallory@example.com", false)
        .expect("the refusal redirects back to the app");
    assert!(link.contains("error=access_denied"), "{link}");
    let error = explorer.handle_link(&link).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::LoginFailed, "{link}: {error:?}");
    assert!(events
        .all()
        .iter()
        .any(|e| matches!(e, AppEvent::LoginFinished { error: Some(_), .. })));
    assert!(matches!(
        explorer.connect(&server.id).await.unwrap(),
        ConnectOutcome::LoginRequired { .. }
    ));
    let _ = std::fs::remove_dir_all(dir);
}
