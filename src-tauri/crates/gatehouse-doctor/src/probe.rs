//! What the MCP endpoint answers, and the server's clock.

use std::time::{Duration, SystemTime};

use gatehouse_ipc::DoctorCheck;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, DATE};
use url::Url;

use crate::{check, DoctorOptions};

/// The checks of this module, in order (for skipping them all at once).
pub(crate) const TITLES: &[(&str, &str)] =
    &[("mcp", "MCP endpoint"), ("clock", "This computer's clock")];

/// The version `initialize` offers: the one servers most widely speak with this lifecycle.
pub(crate) const INITIALIZE_VERSION: &str = "2025-11-25";

/// Protocol versions Gatehouse speaks, newest first.
pub(crate) const PROTOCOL_VERSIONS: &[&str] =
    &["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"];

/// How far the clock may be off before tokens look expired or not yet valid.
const CLOCK_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// What the endpoint answered that the login checks need.
pub(crate) struct EndpointAnswer {
    /// The `WWW-Authenticate` value of a 401 (or a 403 `insufficient_scope`).
    pub challenge: Option<String>,
}

/// Sends `initialize` to the endpoint and reports what came back; checks the clock by its `Date`.
pub(crate) async fn check_endpoint(
    http: &reqwest::Client,
    url: &Url,
    options: &DoctorOptions,
    checks: &mut Vec<DoctorCheck>,
) -> Option<EndpointAnswer> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": INITIALIZE_VERSION,
            "capabilities": {},
            "clientInfo": { "name": "Gatehouse connection doctor", "version": env!("CARGO_PKG_VERSION") }
        }
    });
    let mut headers = HeaderMap::new();
    for (name, value) in &options.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(n, v);
        }
    }
    headers.insert(
        ACCEPT,
        HeaderValue::from_static("application/json, text/event-stream"),
    );
    let sent = http
        .post(url.clone())
        .headers(headers)
        .json(&body)
        .send()
        .await;
    let response =
        match sent {
            Ok(r) => r,
            Err(e) => {
                checks.push(check::fail(
                "mcp",
                TITLES[0].1,
                format!("The request to {url} failed: {}.", describe_request_error(&e)),
                "Check the address; if a proxy is in use, check that it lets this server through.",
            ));
                checks.push(check::skip(
                    "clock",
                    TITLES[1].1,
                    "Not checked: the server did not answer.",
                ));
                return None;
            }
        };
    let status = response.status();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header(CONTENT_TYPE).unwrap_or_default();
    let date = header(DATE);
    let challenge = header(reqwest::header::WWW_AUTHENTICATE);
    let session = header(HeaderName::from_static("mcp-session-id"));
    let text = response.text().await.unwrap_or_default();

    checks.push(describe_answer(
        status.as_u16(),
        &content_type,
        challenge.as_deref(),
        &text,
        session.is_some(),
    ));
    checks.push(check_clock(date.as_deref(), SystemTime::now()));

    let wants_login = status.as_u16() == 401
        || (status.as_u16() == 403
            && challenge
                .as_deref()
                .is_some_and(|c| c.contains("insufficient_scope")));
    Some(EndpointAnswer {
        challenge: if wants_login {
            Some(challenge.unwrap_or_default())
        } else {
            None
        },
    })
}

fn describe_request_error(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "it took too long".into()
    } else if e.is_connect() {
        "no connection could be made (through the proxy, if one is set)".into()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text = format!("{text}: {s}");
            source = s.source();
        }
        text
    }
}

fn describe_answer(
    status: u16,
    content_type: &str,
    challenge: Option<&str>,
    body: &str,
    has_session: bool,
) -> DoctorCheck {
    const ID: &str = "mcp";
    let title = TITLES[0].1;
    let kind = content_type.split(';').next().unwrap_or("").trim();
    match status {
        401 => {
            let scheme = challenge.unwrap_or("").split_whitespace().next().unwrap_or("");
            if scheme.eq_ignore_ascii_case("bearer") {
                check::pass(
                    ID,
                    title,
                    "The server answers 401 and asks for an OAuth login (Bearer challenge): Gatehouse logs in before connecting.",
                )
            } else if challenge.is_none() {
                check::fail(
                    ID,
                    title,
                    "The server answers 401 but says nothing about how to log in (no WWW-Authenticate header).",
                    "The server must send `WWW-Authenticate: Bearer resource_metadata=…` with its 401 (MCP authorization). If it expects an API key, add it as a header in the server's settings.",
                )
            } else {
                check::fail(
                    ID,
                    title,
                    format!("The server answers 401 and asks for “{scheme}” login, not OAuth."),
                    "Add the credentials the server expects as a header in the server's settings.",
                )
            }
        }
        403 => check::fail(
            ID,
            title,
            "The server answers 403: it refuses this request even before a login.",
            "Check that your account may use this server; a firewall or Access policy in front of it may refuse this computer.",
        ),
        404 => check::fail(
            ID,
            title,
            "Nothing at this address (404).",
            "Check the path: MCP servers usually answer at /mcp.",
        ),
        405 => check::fail(
            ID,
            title,
            "The address does not accept MCP requests (405): it may be an old SSE-only endpoint.",
            "Use the server's Streamable HTTP endpoint (usually /mcp, not /sse).",
        ),
        200..=299 => {
            if kind != "application/json" && kind != "text/event-stream" {
                return check::fail(
                    ID,
                    title,
                    format!("The server answers {status} with “{kind}”, not an MCP answer: this looks like a web page."),
                    "Check the address: it should be the MCP endpoint (usually ending in /mcp), not the site's home page.",
                );
            }
            match negotiated_version(body) {
                Some(version) => {
                    let known = PROTOCOL_VERSIONS.contains(&version.as_str());
                    let session = if has_session { ", with a session" } else { "" };
                    let found = format!(
                        "The server answers {status} ({kind}{session}) and speaks MCP version {version}."
                    );
                    if known {
                        check::pass(ID, title, found)
                    } else {
                        check::fail(
                            ID,
                            title,
                            found,
                            format!("Gatehouse speaks {}; update Gatehouse or the server.", PROTOCOL_VERSIONS.join(", ")),
                        )
                    }
                }
                None => check::fail(
                    ID,
                    title,
                    format!("The server answers {status} ({kind}) but not with an MCP initialize result."),
                    "Check that this address is an MCP server's endpoint.",
                ),
            }
        }
        500..=599 => check::fail(
            ID,
            title,
            format!("The server has an error of its own ({status})."),
            "Try again later; if it stays, tell the server's administrator.",
        ),
        other => check::fail(
            ID,
            title,
            format!("The server answers {other}, which MCP does not expect here."),
            "Check the address; tell the server's administrator if it is right.",
        ),
    }
}

/// The protocol version of an initialize result, in JSON or in the first SSE event.
fn negotiated_version(body: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(body).ok().or_else(|| {
        body.lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .find_map(|d| serde_json::from_str(d.trim()).ok())
    })?;
    json.pointer("/result/protocolVersion")?
        .as_str()
        .map(str::to_string)
}

/// Compares the server's `Date` with this computer's clock.
pub(crate) fn check_clock(date: Option<&str>, now: SystemTime) -> DoctorCheck {
    let title = TITLES[1].1;
    let Some(server) = date.and_then(|d| httpdate::parse_http_date(d).ok()) else {
        return check::skip(
            "clock",
            title,
            "Not checked: the server's answer carries no date.",
        );
    };
    let (ahead, off) = match now.duration_since(server) {
        Ok(d) => (true, d),
        Err(e) => (false, e.duration()),
    };
    if off <= CLOCK_TOLERANCE {
        return check::pass(
            "clock",
            title,
            format!(
                "This computer's clock agrees with the server's (within {} s).",
                off.as_secs().max(1)
            ),
        );
    }
    let minutes = off.as_secs() / 60;
    let (direction, effect) = if ahead {
        ("ahead of", "tokens look expired as soon as they arrive")
    } else {
        ("behind", "new tokens look not yet valid")
    };
    check::fail(
        "clock",
        title,
        format!("This computer's clock is {minutes} minutes {direction} the server's: {effect}."),
        "Set the date and time automatically in the system settings.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_json_and_sse() {
        let json = r#"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18"}}"#;
        assert_eq!(negotiated_version(json).as_deref(), Some("2025-06-18"));
        let sse = format!("event: message\ndata: {json}\n\n");
        assert_eq!(negotiated_version(&sse).as_deref(), Some("2025-06-18"));
        assert_eq!(negotiated_version("<html>"), None);
    }
}
