//! tools/call round trip through Gatehouse's client core vs a raw reqwest JSON-RPC POST, both against the
//! project's Worker (workerd) on loopback, with the same OAuth token.
//!
//!   cargo bench -p gatehouse-mcp --bench tool_call_round_trip        (or `make bench`)
//!
//! Goal: the core's p50 within 1.2x of the raw POST's.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{play_browser, temp_dir, Events, WorkerStack};
use gatehouse_auth::login::RedirectPreference;
use gatehouse_auth::{MemorySecretStore, SecretStore};
use gatehouse_ipc::{ConnectOutcome, ServerProfileInput, ToolCallRequest};
use gatehouse_mcp::Explorer;
use serde_json::{json, Value};

const WARMUP: usize = 30;
const CALLS: usize = 300;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The JSON-RPC response in a body that is JSON or an SSE stream.
fn response_of(body: &str) -> Value {
    if let Ok(value) = serde_json::from_str(body) {
        return value;
    }
    body.lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .filter_map(|d| serde_json::from_str::<Value>(d.trim()).ok())
        .find(|v| v.get("id").is_some())
        .unwrap_or(Value::Null)
}

#[tokio::main]
async fn main() {
    let email = "bench@example.com";
    let stack = WorkerStack::start(email, None);
    let secrets = MemorySecretStore::new();
    let dir = temp_dir("bench-round-trip");
    let explorer = Explorer::new(
        dir.clone(),
        Arc::new(secrets.clone()),
        Arc::new(Events::default()),
    );
    let server = explorer
        .save_server(ServerProfileInput {
            id: None,
            name: "bench".into(),
            url: stack.mcp.clone(),
            headers: vec![],
            timeout_secs: 30,
            oauth_client_id: None,
            oauth_client_secret: None,
        })
        .await
        .expect("save");
    explorer.connect(&server.id).await.expect("connect");
    let started = explorer
        .start_login(&server.id, RedirectPreference::AppScheme)
        .await
        .expect("login");
    let link = play_browser(&started.authorization_url, email, false).expect("browser");
    explorer.handle_link(&link).await.expect("link");
    let ConnectOutcome::Connected { info } = explorer.connect(&server.id).await.expect("connect")
    else {
        panic!("not connected")
    };
    explorer.list_tools(&server.id).await.expect("tools");

    let args = json!({"a": 2, "b": 3});
    let mut core = Vec::with_capacity(CALLS);
    for i in 0..WARMUP + CALLS {
        let request = ToolCallRequest {
            server_id: server.id.clone(),
            call_id: format!("b{i}"),
            name: "add".into(),
            arguments: args.clone(),
        };
        let t = Instant::now();
        let outcome = explorer.call_tool(request).await.expect("call");
        let elapsed = t.elapsed();
        assert!(!outcome.is_error);
        if i >= WARMUP {
            core.push(elapsed);
        }
    }

    // The raw baseline: the same token, its own session, one POST per call.
    let token_key = secrets
        .keys()
        .into_iter()
        .find(|k| k.starts_with("oauth-tokens:"))
        .expect("token");
    let stored: Value = serde_json::from_str(&secrets.get(&token_key).unwrap().unwrap()).unwrap();
    let token = stored["token_response"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let http = reqwest::Client::new();
    let post = |body: Value, session: Option<String>| {
        let mut request = http
            .post(&stack.mcp)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2025-11-25")
            .body(body.to_string());
        if let Some(session) = session {
            request = request.header("mcp-session-id", session);
        }
        request.send()
    };
    let init = post(
        json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}),
        None,
    )
    .await
    .expect("initialize");
    let session = init
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let _ = init.text().await;
    let _ = post(
        json!({"jsonrpc":"2.0","method":"notifications/initialized"}),
        session.clone(),
    )
    .await
    .expect("initialized")
    .text()
    .await;
    let mut raw = Vec::with_capacity(CALLS);
    for i in 0..WARMUP + CALLS {
        let body = json!({"jsonrpc":"2.0","id": i + 1,"method":"tools/call","params":{"name":"add","arguments":args}});
        let t = Instant::now();
        let text = post(body, session.clone())
            .await
            .expect("raw call")
            .text()
            .await
            .expect("body");
        let value = response_of(&text);
        let elapsed = t.elapsed();
        assert!(value.get("result").is_some(), "raw call failed: {text}");
        if i >= WARMUP {
            raw.push(elapsed);
        }
    }

    let (core50, core99) = (percentile(&mut core, 0.5), percentile(&mut core, 0.99));
    let (raw50, raw99) = (percentile(&mut raw, 0.5), percentile(&mut raw, 0.99));
    println!("tools/call round trip, {CALLS} sequential calls of `add` after {WARMUP} warm-up, Worker in workerd on loopback, protocol {}", info.protocol_version);
    println!(
        "  gatehouse core : p50 {:.2} ms  p99 {:.2} ms",
        ms(core50),
        ms(core99)
    );
    println!(
        "  raw reqwest    : p50 {:.2} ms  p99 {:.2} ms",
        ms(raw50),
        ms(raw99)
    );
    println!(
        "  ratio p50      : {:.2}x (goal ≤ 1.20x)",
        ms(core50) / ms(raw50)
    );
    let _ = std::fs::remove_dir_all(dir);
}
