//! A Streamable HTTP response stream that the server closes gracefully before the response is
//! resumed (SEP-1699): after the `retry` the server set, a GET with `Last-Event-ID` brings the
//! response. The server here behaves as the conformance suite's `sse-retry` one does, including
//! answering methods it does not know (`server/discover`) with an empty result.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gatehouse_auth::MemorySecretStore;
use gatehouse_ipc::ContentBlock;
use gatehouse_mcp::{connect, CancellationToken, ConnectTarget, Connected, NoEvents};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const RETRY_MS: u64 = 300;

#[derive(Default)]
struct Seen {
    /// When the tool call's stream was closed.
    closed_at: Option<Instant>,
    /// Each GET that resumed: when, and its Last-Event-ID.
    resumed: Vec<(Instant, String)>,
    pending_call: Option<Value>,
}

async fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<String>, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.lines();
    let request_line = lines.next()?.to_string();
    let headers: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
    let length = headers
        .iter()
        .find_map(|h| h.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((request_line, headers, body))
}

async fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\nmcp-session-id: s1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
}

async fn serve(mut stream: TcpStream, seen: Arc<Mutex<Seen>>) {
    let Some((request_line, headers, body)) = read_request(&mut stream).await else {
        return;
    };
    if request_line.starts_with("GET") {
        let last_event_id = headers
            .iter()
            .find_map(|h| h.strip_prefix("last-event-id:"))
            .map(|v| v.trim().to_string());
        let Some(last_event_id) = last_event_id else {
            // No stream of its own for the session.
            respond(&mut stream, "405 Method Not Allowed", "text/plain", "").await;
            return;
        };
        let pending = {
            let mut seen = seen.lock().unwrap();
            seen.resumed.push((Instant::now(), last_event_id));
            seen.pending_call.take()
        };
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nmcp-session-id: s1\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        if let Some(id) = pending {
            let result = json!({"jsonrpc": "2.0", "id": id, "result": {"content": [{"type": "text", "text": "resumed"}]}});
            let event = format!("event: message\nid: e2\ndata: {result}\n\n");
            let _ = stream.write_all(event.as_bytes()).await;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
        return;
    }
    if request_line.starts_with("DELETE") {
        respond(&mut stream, "200 OK", "text/plain", "").await;
        return;
    }
    let message: Value = serde_json::from_slice(&body).unwrap_or_default();
    let id = message["id"].clone();
    let answer = |result: Value| json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string();
    match message["method"].as_str() {
        Some("initialize") => {
            let result = json!({
                "protocolVersion": "2025-11-25",
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "resume-test", "version": "1"}
            });
            respond(&mut stream, "200 OK", "application/json", &answer(result)).await;
        }
        Some("tools/call") => {
            seen.lock().unwrap().pending_call = Some(id.clone());
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nmcp-session-id: s1\r\n\r\n";
            let priming = format!("id: e1\nretry: {RETRY_MS}\ndata: \n\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(priming.as_bytes()).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
            // Closed gracefully, before the response.
            let _ = stream.shutdown().await;
            seen.lock().unwrap().closed_at = Some(Instant::now());
        }
        _ if id.is_null() => respond(&mut stream, "202 Accepted", "text/plain", "").await,
        // As lax servers do: an empty result for whatever it does not know.
        _ => {
            respond(
                &mut stream,
                "200 OK",
                "application/json",
                &answer(json!({})),
            )
            .await
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gracefully_closed_stream_is_resumed_with_last_event_id_after_the_servers_retry() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/mcp", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let served = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, served.clone()));
        }
    });

    let target = ConnectTarget {
        server_id: "resume".into(),
        url: url::Url::parse(&url).unwrap(),
        headers: Vec::new(),
        timeout: Duration::from_secs(10),
        oauth_client_id: None,
        oauth_client_secret: None,
    };
    let secrets = Arc::new(MemorySecretStore::new());
    let Connected::Session(session) = connect(&(secrets as _), target, Arc::new(NoEvents))
        .await
        .unwrap()
    else {
        panic!("the server asked for a login");
    };
    let outcome = session
        .call_tool("c", "slow", json!({}), None, &CancellationToken::new())
        .await
        .unwrap();
    session.close().await;
    assert!(
        matches!(outcome.content.as_slice(), [ContentBlock::Text { text, .. }] if text == "resumed"),
        "{:?}",
        outcome.content
    );

    let seen = seen.lock().unwrap();
    let closed_at = seen.closed_at.expect("the call's stream was closed");
    let [(resumed_at, last_event_id)] = seen.resumed.as_slice() else {
        panic!("resumed {} times", seen.resumed.len());
    };
    assert_eq!(last_event_id, "e1");
    let waited = resumed_at.duration_since(closed_at);
    assert!(
        waited >= Duration::from_millis(RETRY_MS - 30) && waited < Duration::from_millis(2000),
        "resumed after {waited:?}, the server asked for {RETRY_MS} ms"
    );
}
