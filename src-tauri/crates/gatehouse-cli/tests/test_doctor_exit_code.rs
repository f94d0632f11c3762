//! `gatehouse-cli doctor URL [--json]` exits 0 only when every check passes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;

/// A minimal, healthy MCP server with OAuth metadata on a loopback port; `issuer` is what its
/// authorization-server metadata calls itself (`None`: its own address).
fn serve(issuer: Option<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let own = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut length = 0;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
                if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, extra, json) = match path.as_str() {
                "/mcp" => (
                    "401 Unauthorized",
                    format!("WWW-Authenticate: Bearer resource_metadata=\"{own}/.well-known/oauth-protected-resource/mcp\"\r\n"),
                    "{}".to_string(),
                ),
                "/.well-known/oauth-protected-resource/mcp" => (
                    "200 OK",
                    String::new(),
                    format!(r#"{{"resource":"{own}/mcp","authorization_servers":["{own}"]}}"#),
                ),
                "/.well-known/oauth-authorization-server" => (
                    "200 OK",
                    String::new(),
                    format!(
                        r#"{{"issuer":"{}","authorization_endpoint":"{own}/authorize","token_endpoint":"{own}/token","registration_endpoint":"{own}/register","code_challenge_methods_supported":["S256"]}}"#,
                        issuer.unwrap_or(&own)
                    ),
                ),
                "/register" => ("201 Created", String::new(), r#"{"client_id":"c"}"#.to_string()),
                _ => ("404 Not Found", String::new(), "{}".to_string()),
            };
            let date = httpdate_now();
            let answer = format!(
                "HTTP/1.1 {status}\r\n{extra}Date: {date}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
                json.len()
            );
            let _ = reader.get_mut().write_all(answer.as_bytes());
        }
    });
    format!("{base}/mcp")
}

fn httpdate_now() -> String {
    // The CLI compares this with the local clock; `date` formats it the HTTP way.
    let out = Command::new("date")
        .args(["-u", "+%a, %d %b %Y %H:%M:%S GMT"])
        .env("LC_ALL", "C")
        .output()
        .expect("date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn doctor(url: &str, json: bool) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatehouse-cli"));
    cmd.args(["doctor", url]);
    if json {
        cmd.arg("--json");
    }
    for var in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("run gatehouse-cli");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_healthy_server_exits_zero_and_a_broken_one_exits_one() {
    let (code, text) = doctor(&serve(None), false);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("✓ Authorization server"), "{text}");
    assert!(text.contains("All checks passed."), "{text}");

    let (code, json) = doctor(&serve(Some("https://evil.example")), true);
    assert_eq!(code, 1, "{json}");
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let issuer = report["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "issuer"))
        .expect("an issuer check");
    assert_eq!(issuer["status"], "fail");
    assert!(issuer["found"]
        .as_str()
        .unwrap_or("")
        .contains("evil.example"));
    assert!(issuer["fix"].is_string());
}
