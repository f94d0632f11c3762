//! The login: challenge, protected-resource metadata, authorization server, registration,
//! redirect, scopes.

use gatehouse_ipc::DoctorCheck;
use serde_json::Value;
use url::Url;

use crate::{check, DoctorOptions, APP_REDIRECT_URI};

/// The checks of this module, in order.
pub(crate) const TITLES: &[(&str, &str)] = &[
    ("challenge", "Login challenge"),
    ("resource", "Protected-resource metadata"),
    ("issuer", "Authorization server"),
    ("registration", "Client registration"),
    ("redirect", "Redirect back to the app"),
    ("scopes", "Scopes"),
];

fn title(id: &str) -> &'static str {
    TITLES.iter().find(|(i, _)| *i == id).map_or("", |(_, t)| t)
}

/// The parameters of a `Bearer` challenge (RFC 6750 §3), names lower-cased.
pub(crate) fn challenge_params(header: &str) -> Vec<(String, String)> {
    let rest = header.trim();
    let rest = rest
        .strip_prefix("Bearer")
        .or_else(|| rest.strip_prefix("bearer"))
        .unwrap_or(rest);
    let mut params = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let name: String = chars
            .by_ref()
            .take_while(|c| *c != '=')
            .collect::<String>()
            .trim()
            .to_ascii_lowercase();
        if name.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.peek() {
                if *c == ',' {
                    break;
                }
                value.push(*c);
                chars.next();
            }
            value = value.trim().to_string();
        }
        params.push((name, value));
    }
    params
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Whether metadata naming `permitted` may be used for `url` (same origin, a parent path).
pub(crate) fn resource_matches(url: &Url, permitted: &Url) -> bool {
    if url.origin() != permitted.origin() {
        return false;
    }
    let want = url.path().trim_end_matches('/');
    let have = permitted.path().trim_end_matches('/');
    want == have || want.starts_with(&format!("{have}/")) || have.is_empty()
}

/// `base` with `/.well-known/{name}` put before its path (RFC 8414 §3.1, RFC 9728 §3.1).
fn inserted(base: &Url, name: &str) -> Option<Url> {
    let path = base.path().trim_end_matches('/');
    base.join(&format!("/.well-known/{name}{path}")).ok()
}

/// GETs `url` and returns its status and JSON (when it is JSON).
async fn get_json(http: &reqwest::Client, url: &Url) -> (String, Option<Value>) {
    match http
        .get(url.clone())
        .header("MCP-Protocol-Version", crate::probe::INITIALIZE_VERSION)
        .send()
        .await
    {
        Err(e) if e.is_timeout() => ("no answer in time".into(), None),
        Err(_) => ("no answer".into(), None),
        Ok(r) => {
            let status = r.status().as_u16();
            let json = if r.status().is_success() {
                r.json::<Value>().await.ok().filter(Value::is_object)
            } else {
                None
            };
            let shown = if status == 200 && json.is_none() {
                "200, not JSON".to_string()
            } else {
                status.to_string()
            };
            (shown, json)
        }
    }
}

/// Every login check, in order.
pub(crate) async fn check_login(
    http: &reqwest::Client,
    url: &Url,
    challenge: &str,
    options: &DoctorOptions,
    checks: &mut Vec<DoctorCheck>,
) {
    let params = challenge_params(challenge);
    let named = param(&params, "resource_metadata").and_then(|m| url.join(m).ok());
    checks.push(match &named {
        Some(m) => check::pass(
            "challenge",
            title("challenge"),
            format!("The 401 names the server's metadata: {m}."),
        ),
        None => check::fail(
            "challenge",
            title("challenge"),
            "The 401's WWW-Authenticate lacks resource_metadata: clients have to guess where the server's metadata is.",
            "The server should add `resource_metadata=\"https://…/.well-known/oauth-protected-resource…\"` to its challenge (RFC 9728 §5.1). Gatehouse falls back to the well-known address.",
        ),
    });

    let mut candidates: Vec<Url> = named.into_iter().collect();
    candidates.extend(inserted(url, "oauth-protected-resource"));
    candidates.extend(url.join("/.well-known/oauth-protected-resource").ok());
    candidates.dedup();
    let mut tried = Vec::new();
    let mut metadata = None;
    for candidate in &candidates {
        let (status, json) = get_json(http, candidate).await;
        tried.push(format!("{candidate} → {status}"));
        if let Some(json) = json {
            metadata = Some(json);
            break;
        }
    }
    let Some(metadata) = metadata else {
        checks.push(check::fail(
            "resource",
            title("resource"),
            format!(
                "No protected-resource metadata found. Tried: {}.",
                tried.join("; ")
            ),
            "The server must publish its metadata (RFC 9728) naming its authorization server.",
        ));
        skip_from(checks, "resource", "no protected-resource metadata");
        return;
    };
    let resource = metadata.get("resource").and_then(Value::as_str);
    let servers: Vec<&str> = metadata
        .get("authorization_servers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let resource_ok = resource
        .and_then(|r| Url::parse(r).ok())
        .is_some_and(|r| resource_matches(url, &r));
    if !resource_ok {
        checks.push(check::fail(
            "resource",
            title("resource"),
            format!(
                "The metadata is for “{}”, not for {url}: tokens would be meant for another server, so Gatehouse refuses to log in.",
                resource.unwrap_or("(nothing)")
            ),
            "The server's protected-resource metadata must name this address (or a parent of it) as `resource`; check that you use the server's canonical address.",
        ));
    } else if servers.is_empty() {
        checks.push(check::fail(
            "resource",
            title("resource"),
            "The metadata names no authorization server.",
            "The server's metadata must list its authorization server in `authorization_servers`.",
        ));
    } else {
        checks.push(check::pass(
            "resource",
            title("resource"),
            format!(
                "The metadata ({}) is for this server and names the authorization server {}.",
                tried
                    .last()
                    .map_or("", |t| t.split(" → ").next().unwrap_or("")),
                servers[0]
            ),
        ));
    }
    let Some(issuer) = servers.first().and_then(|s| Url::parse(s).ok()) else {
        skip_from(checks, "issuer", "no usable authorization server");
        return;
    };

    let Some(server) = check_issuer(http, &issuer, checks).await else {
        skip_from(checks, "registration", "no authorization server metadata");
        return;
    };
    let registration = server.get("registration_endpoint").and_then(Value::as_str);
    let cimd = server
        .get("client_id_metadata_document_supported")
        .and_then(Value::as_bool)
        == Some(true);
    checks.push(match (registration, cimd) {
        (Some(endpoint), _) => check::pass(
            "registration",
            title("registration"),
            format!("Gatehouse registers itself at {endpoint} (dynamic registration)."),
        ),
        (None, true) => check::pass(
            "registration",
            title("registration"),
            "Gatehouse identifies itself with its client metadata document (the server supports Client ID Metadata Documents).",
        ),
        (None, false) => check::fail(
            "registration",
            title("registration"),
            "The server has no registration endpoint and does not accept client metadata documents: Gatehouse cannot register by itself.",
            "Ask the server's administrator for a client ID for Gatehouse (redirect URI dev.gatehouse.app:/oauth/callback, or http://127.0.0.1 for loopback) and enter it in the server's settings (CLI: --client-id).",
        ),
    });

    checks.push(match registration.and_then(|r| Url::parse(r).ok()) {
        Some(endpoint) if options.try_registration => check_redirect(http, &endpoint).await,
        Some(_) => check::skip(
            "redirect",
            title("redirect"),
            "Not checked: trying a registration was turned off.",
        ),
        None => check::skip(
            "redirect",
            title("redirect"),
            "Not checked: without dynamic registration, the redirect is the one the client ID was registered with.",
        ),
    });

    checks.push(check_scopes(
        param(&params, "scope"),
        &metadata,
        &server,
        options,
    ));
}

fn skip_from(checks: &mut Vec<DoctorCheck>, first: &str, why: &str) {
    let start = TITLES.iter().position(|(id, _)| *id == first).unwrap_or(0);
    for (id, title) in &TITLES[start..] {
        checks.push(check::skip(id, title, format!("Not checked: {why}.")));
    }
}

/// Fetches the authorization server's metadata from each well-known address in turn and checks
/// that it names itself as the issuer.
async fn check_issuer(
    http: &reqwest::Client,
    issuer: &Url,
    checks: &mut Vec<DoctorCheck>,
) -> Option<Value> {
    let path = issuer.path().trim_end_matches('/');
    let mut candidates = Vec::new();
    if path.is_empty() {
        candidates.extend(issuer.join("/.well-known/oauth-authorization-server").ok());
        candidates.extend(issuer.join("/.well-known/openid-configuration").ok());
    } else {
        candidates.extend(inserted(issuer, "oauth-authorization-server"));
        candidates.extend(inserted(issuer, "openid-configuration"));
        candidates.extend(
            issuer
                .join(&format!("{path}/.well-known/openid-configuration"))
                .ok(),
        );
    }
    let mut tried = Vec::new();
    for candidate in &candidates {
        let (status, json) = get_json(http, candidate).await;
        tried.push(format!("{candidate} → {status}"));
        let Some(json) = json else { continue };
        let named = json.get("issuer").and_then(Value::as_str).unwrap_or("");
        let same = named.trim_end_matches('/') == issuer.as_str().trim_end_matches('/');
        let pkce = json
            .get("code_challenge_methods_supported")
            .and_then(Value::as_array)
            .is_some_and(|m| m.iter().any(|v| v == "S256"));
        checks.push(if !same {
            check::fail(
                "issuer",
                title("issuer"),
                format!(
                    "The authorization server's metadata names the issuer “{named}”, not {issuer} (tried: {}). Gatehouse refuses it: a mix-up could send your login elsewhere.",
                    tried.join("; ")
                ),
                "The authorization server's `issuer` must be exactly its own address; the server's metadata must name that address in `authorization_servers`.",
            )
        } else if !pkce {
            check::fail(
                "issuer",
                title("issuer"),
                format!("The authorization server ({issuer}) does not say it supports PKCE with S256 (tried: {}).", tried.join("; ")),
                "The authorization server must list S256 in `code_challenge_methods_supported`; MCP clients refuse servers without it.",
            )
        } else {
            check::pass(
                "issuer",
                title("issuer"),
                format!("{issuer} publishes its metadata, names itself as issuer and supports PKCE S256. Tried: {}.", tried.join("; ")),
            )
        });
        return Some(json);
    }
    checks.push(check::fail(
        "issuer",
        title("issuer"),
        format!(
            "The authorization server {issuer} publishes no metadata. Tried: {}.",
            tried.join("; ")
        ),
        "The authorization server must publish its metadata (RFC 8414 or OpenID discovery).",
    ));
    None
}

/// Registers a throwaway client with the app's redirect (and, if refused, a loopback one).
async fn check_redirect(http: &reqwest::Client, endpoint: &Url) -> DoctorCheck {
    let register = |redirect: &str| {
        let body = serde_json::json!({
            "client_name": "Gatehouse connection doctor",
            "redirect_uris": [redirect],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "none",
            "application_type": "native",
        });
        http.post(endpoint.clone()).json(&body).send()
    };
    let reason = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let json: Value = r.json().await.unwrap_or_default();
        let said = json
            .get("error_description")
            .or_else(|| json.get("error"))
            .and_then(Value::as_str)
            .map(|s| format!(": “{s}”"))
            .unwrap_or_default();
        format!("{status}{said}")
    };
    let id = "redirect";
    match register(APP_REDIRECT_URI).await {
        Ok(r) if r.status().is_success() => check::pass(
            id,
            title(id),
            format!("The server accepts the app link {APP_REDIRECT_URI} as a redirect."),
        ),
        Ok(r) => {
            let refused = reason(r).await;
            match register("http://127.0.0.1/callback").await {
                Ok(r) if r.status().is_success() => check::fail(
                    id,
                    title(id),
                    format!("The server refuses the app link as a redirect ({refused}); Gatehouse uses a loopback address (http://127.0.0.1:PORT) instead."),
                    "Logging in still works: the browser comes back to a loopback address and shows a page you can close. To return straight to the app, the server's administrator can allow private-use redirect URIs (RFC 8252 §7.1).",
                ),
                Ok(r) => check::fail(
                    id,
                    title(id),
                    format!("The server refuses both the app link ({refused}) and a loopback address ({}) as redirects.", reason(r).await),
                    "Ask the server's administrator for a client ID for Gatehouse and enter it in the server's settings.",
                ),
                Err(_) => check::fail(
                    id,
                    title(id),
                    format!("The server refuses the app link as a redirect ({refused}), and trying a loopback address got no answer."),
                    "Try again; if it stays, ask the server's administrator for a client ID.",
                ),
            }
        }
        Err(_) => check::fail(
            id,
            title(id),
            format!("The registration endpoint {endpoint} did not answer."),
            "Try again later; if it stays, tell the server's administrator.",
        ),
    }
}

fn words(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn check_scopes(
    challenge_scope: Option<&str>,
    resource: &Value,
    server: &Value,
    options: &DoctorOptions,
) -> DoctorCheck {
    let id = "scopes";
    if let Some(login) = &options.last_login {
        if let Some(granted) = &login.granted {
            let missing: Vec<&String> = login
                .asked
                .iter()
                .filter(|s| !granted.contains(s))
                .collect();
            if !missing.is_empty() {
                return check::fail(
                    id,
                    title(id),
                    format!(
                        "The last login asked for “{}” but was granted “{}”: missing {}.",
                        login.asked.join(" "),
                        granted.join(" "),
                        missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                    "What needs the missing scopes will be refused. Ask the server's administrator to grant them to your account, then log in again.",
                );
            }
            return check::pass(
                id,
                title(id),
                format!(
                    "The last login was granted every scope it asked for ({}).",
                    granted.join(" ")
                ),
            );
        }
    }
    let supported = {
        let mut s = words(resource.get("scopes_supported"));
        if s.is_empty() {
            s = words(server.get("scopes_supported"));
        }
        s
    };
    let asked: Vec<&str> = challenge_scope
        .map(|s| s.split_whitespace().collect())
        .unwrap_or_default();
    let unknown: Vec<&&str> = asked
        .iter()
        .filter(|s| !supported.is_empty() && !supported.iter().any(|x| x == *s))
        .collect();
    if !unknown.is_empty() {
        return check::fail(
            id,
            title(id),
            format!(
                "The server's challenge asks for {} but its metadata supports only {}.",
                unknown.iter().map(|s| **s).collect::<Vec<_>>().join(", "),
                supported.join(", ")
            ),
            "Tell the server's administrator: the scopes in the challenge and in `scopes_supported` disagree.",
        );
    }
    let found = match (asked.is_empty(), supported.is_empty()) {
        (false, _) => format!("A login will ask for: {}.", asked.join(" ")),
        (true, false) => format!(
            "A login will ask for the server's scopes: {}.",
            supported.join(" ")
        ),
        (true, true) => "The server names no scopes; a login asks for none.".to_string(),
    };
    check::pass(id, title(id), found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_parameters_are_read_quoted_or_not() {
        let p = challenge_params(
            r#"Bearer error="invalid_token", resource_metadata="https://a.example/.well-known/oauth-protected-resource/mcp", scope=read"#,
        );
        assert_eq!(param(&p, "error"), Some("invalid_token"));
        assert_eq!(
            param(&p, "resource_metadata"),
            Some("https://a.example/.well-known/oauth-protected-resource/mcp")
        );
        assert_eq!(param(&p, "scope"), Some("read"));
    }

    #[test]
    fn resources_match_the_same_origin_and_a_parent_path() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(resource_matches(
            &u("https://a.example/mcp"),
            &u("https://a.example")
        ));
        assert!(resource_matches(
            &u("https://a.example/mcp"),
            &u("https://a.example/mcp/")
        ));
        assert!(!resource_matches(
            &u("https://a.example/mcp"),
            &u("https://b.example/mcp")
        ));
        assert!(!resource_matches(
            &u("https://a.example/mcp"),
            &u("https://a.example/other")
        ));
        assert!(!resource_matches(
            &u("https://a.example/mcpx"),
            &u("https://a.example/mcp")
        ));
    }
}
