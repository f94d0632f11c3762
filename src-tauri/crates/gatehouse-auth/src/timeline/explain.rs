//! What each step is, what it found, and what each parameter is for, in plain words.

use gatehouse_ipc::{ExplainedParam, LoginTimeline, TimelineStep, TimelineStepKind};
use serde_json::Value;
use url::Url;

use super::redact;
use crate::APP_REDIRECT_URI;

/// The kind and title of an OAuth request, from its address and body.
pub(super) fn classify(request: &oauth2::HttpRequest) -> (TimelineStepKind, &'static str) {
    let path = request.uri().path();
    let body = String::from_utf8_lossy(request.body());
    let form = |name: &str, value: &str| {
        url::form_urlencoded::parse(body.as_bytes()).any(|(k, v)| k == name && v == value)
    };
    if path.contains("/.well-known/oauth-protected-resource") {
        (
            TimelineStepKind::ResourceMetadata,
            "Protected-resource metadata",
        )
    } else if path.contains("/.well-known/oauth-authorization-server")
        || path.contains("/.well-known/openid-configuration")
    {
        (
            TimelineStepKind::ServerMetadata,
            "Authorization-server metadata",
        )
    } else if form("grant_type", "authorization_code") {
        (TimelineStepKind::Token, "Token request (code for tokens)")
    } else if form("grant_type", "refresh_token") {
        (TimelineStepKind::Refresh, "Refresh")
    } else if body.contains("\"redirect_uris\"") {
        (
            TimelineStepKind::Registration,
            "Dynamic client registration",
        )
    } else if url::form_urlencoded::parse(body.as_bytes()).any(|(k, _)| k == "token") {
        (TimelineStepKind::Other, "Token revocation")
    } else {
        (TimelineStepKind::Other, "Request")
    }
}

fn json(response: &oauth2::HttpResponse) -> Value {
    serde_json::from_slice(response.body()).unwrap_or_default()
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => Some(
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What an answer says, in a sentence.
pub(super) fn summarize(kind: TimelineStepKind, response: &oauth2::HttpResponse) -> String {
    let status = response.status().as_u16();
    let v = json(response);
    let refused = || {
        let why = text(&v, "error_description").or_else(|| text(&v, "error"));
        match why {
            Some(why) => format!("Refused ({status}): {why}."),
            None => format!("Refused ({status})."),
        }
    };
    let ok = response.status().is_success();
    match kind {
        TimelineStepKind::ResourceMetadata | TimelineStepKind::ServerMetadata if !ok => {
            format!("Nothing here ({status}); the next well-known address is tried, if any.")
        }
        TimelineStepKind::ResourceMetadata => format!(
            "For the resource {}; its authorization server is {}; scopes: {}.",
            text(&v, "resource").unwrap_or_else(|| "(not named)".into()),
            text(&v, "authorization_servers").unwrap_or_else(|| "(not named)".into()),
            text(&v, "scopes_supported").unwrap_or_else(|| "(not named)".into()),
        ),
        TimelineStepKind::ServerMetadata => format!(
            "Issuer {}; {}; PKCE methods: {}.",
            text(&v, "issuer").unwrap_or_else(|| "(not named)".into()),
            if v.get("registration_endpoint").is_some() {
                "dynamic registration offered"
            } else if v.get("client_id_metadata_document_supported") == Some(&Value::Bool(true)) {
                "client metadata documents accepted"
            } else {
                "no dynamic registration: a client ID is needed"
            },
            text(&v, "code_challenge_methods_supported").unwrap_or_else(|| "(none)".into()),
        ),
        TimelineStepKind::Challenge => match response.headers().get("www-authenticate") {
            Some(challenge) => format!(
                "Answered {status} with WWW-Authenticate: {}.",
                challenge.to_str().unwrap_or("(not text)")
            ),
            None => format!("Answered {status}."),
        },
        TimelineStepKind::Registration if ok => format!(
            "Registered as client {} for {}.",
            text(&v, "client_id").unwrap_or_default(),
            text(&v, "redirect_uris").unwrap_or_default()
        ),
        TimelineStepKind::Token | TimelineStepKind::Refresh if ok => {
            let scopes = text(&v, "scope").unwrap_or_else(|| "as asked".into());
            let expiry = text(&v, "expires_in")
                .map(|s| format!("the access token expires in {s} s"))
                .unwrap_or_else(|| "no expiry given".into());
            let refresh = if v.get("refresh_token").is_some() {
                "a refresh token came with it"
            } else {
                "no refresh token"
            };
            format!("Tokens received: scopes {scopes}; {expiry}; {refresh}.")
        }
        _ if ok => format!("Answered {status}."),
        _ => refused(),
    }
}

/// The `Bearer` challenge's parameters.
fn parse_challenge(challenge: &str) -> Vec<(String, String)> {
    let rest = challenge.trim();
    let rest = rest
        .get(6..)
        .filter(|_| rest[..6].eq_ignore_ascii_case("bearer"))
        .unwrap_or(rest);
    let mut out = Vec::new();
    let mut remaining = rest.trim();
    while let Some((name, after)) = remaining.split_once('=') {
        let name = name
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (quoted[..end].to_string(), &quoted[end + 1..]),
                None => (quoted.to_string(), ""),
            }
        } else {
            match after.find(',') {
                Some(end) => (after[..end].trim().to_string(), &after[end..]),
                None => (after.trim().to_string(), ""),
            }
        };
        out.push((name, value));
        remaining = next.trim_start_matches([',', ' ']);
    }
    out
}

pub(super) fn challenge_summary(challenge: Option<&str>) -> String {
    let Some(challenge) = challenge else {
        return "A login was started without a challenge from the server.".into();
    };
    let params = parse_challenge(challenge);
    let has = |n: &str| params.iter().any(|(k, _)| k == n);
    let mut s = String::from("The server answered with WWW-Authenticate");
    if has("resource_metadata") {
        s.push_str(", naming its metadata");
    } else {
        s.push_str(" without resource_metadata, so the well-known addresses are tried");
    }
    s.push('.');
    s
}

pub(super) fn challenge_params(challenge: &str) -> Vec<ExplainedParam> {
    parse_challenge(challenge)
        .into_iter()
        .map(|(name, value)| {
            let explanation = match name.as_str() {
                "resource_metadata" => {
                    "Where the server's protected-resource metadata is (RFC 9728)."
                }
                "scope" => "The scopes the server wants this login to ask for.",
                "error" if value == "insufficient_scope" => {
                    "The token lacks a scope: a new login asks for more (step-up)."
                }
                "error" => "Why the request was refused.",
                "error_description" => "The server's words.",
                "realm" => "The protected area's name.",
                _ => "Sent by the server.",
            };
            ExplainedParam {
                name,
                value,
                explanation: explanation.into(),
            }
        })
        .collect()
}

pub(super) fn authorization_params(
    url: &str,
    loopback_reason: Option<&str>,
) -> Vec<ExplainedParam> {
    let Ok(parsed) = Url::parse(url) else {
        return Vec::new();
    };
    parsed
        .query_pairs()
        .map(|(k, v)| {
            let explanation = match k.as_ref() {
                "response_type" => "Ask for an authorization code, the only flow OAuth 2.1 keeps.".to_string(),
                "client_id" => "Who is asking: Gatehouse's client at this authorization server.".into(),
                "redirect_uri" if v == APP_REDIRECT_URI => "Where the browser comes back: the app link, which the system hands to Gatehouse (RFC 8252 §7.1).".into(),
                "redirect_uri" => format!(
                    "Where the browser comes back: a loopback address on this computer (RFC 8252 §7.3), because {}.",
                    loopback_reason.unwrap_or("this login listens on one")
                ),
                "code_challenge" => "PKCE: the SHA-256 of a secret verifier kept in the keychain; the token request must show the verifier, so a stolen code is useless.".into(),
                "code_challenge_method" => "S256: the challenge is the verifier's SHA-256 (never plain).".into(),
                "state" => "A random value the callback must bring back: a callback for no waiting login is refused.".into(),
                "resource" => "The server the token is for (RFC 8707): it cannot be used at another.".into(),
                "scope" => "The permissions asked for, from the server's challenge or metadata.".into(),
                "nonce" => "A random value the ID token must repeat.".into(),
                "prompt" => "How the authorization server should ask.".into(),
                _ => "Sent as the authorization server's metadata allows.".into(),
            };
            let value = if redact::is_secret_name(&k) { redact::short(&v) } else { v.into_owned() };
            ExplainedParam {
                name: k.into_owned(),
                value,
                explanation,
            }
        })
        .collect()
}

pub(super) fn callback_params(params: &[(&str, Option<&str>)]) -> Vec<ExplainedParam> {
    params
        .iter()
        .filter_map(|(name, value)| {
            let value = (*value)?;
            let explanation = match *name {
                "code" => "The authorization code, exchanged once for tokens with the PKCE verifier.",
                "state" => "Matched a waiting login started by this app.",
                "iss" => "The authorization server that sent the code (RFC 9207), checked against the one the login used.",
                "error" => "Why the authorization server refused.",
                "error_description" => "The authorization server's words.",
                _ => "Sent back by the authorization server.",
            };
            let shown = if redact::is_secret_name(name) { redact::short(value) } else { value.to_string() };
            Some(ExplainedParam {
                name: (*name).into(),
                value: shown,
                explanation: explanation.into(),
            })
        })
        .collect()
}

/// The scopes the latest authorization asked for and its token answer granted.
pub(super) fn last_scopes<'a>(
    steps: impl DoubleEndedIterator<Item = &'a TimelineStep>,
) -> Option<(Vec<String>, Option<Vec<String>>)> {
    let steps: Vec<&TimelineStep> = steps.collect();
    let authorization = steps
        .iter()
        .rposition(|s| s.kind == TimelineStepKind::Authorization)?;
    let asked: Vec<String> = steps[authorization]
        .params
        .iter()
        .find(|p| p.name == "scope")
        .map(|p| p.value.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    let granted = steps[authorization..]
        .iter()
        .find(|s| {
            s.kind == TimelineStepKind::Token && s.http.as_ref().and_then(|h| h.status) == Some(200)
        })
        .and_then(|s| s.http.as_ref()?.response_body.as_deref())
        .and_then(|b| serde_json::from_str::<Value>(b).ok())
        .and_then(|v| text(&v, "scope"))
        .map(|s| s.split_whitespace().map(String::from).collect());
    Some((asked, granted))
}

/// The plain-text report.
pub(super) fn export(timeline: &LoginTimeline) -> String {
    let mut out = format!(
        "Gatehouse login timeline for {}\nSecrets (tokens, codes, verifiers, client secrets, state) are shortened to their first characters.\n",
        timeline.server_url
    );
    for (n, s) in timeline.steps.iter().enumerate() {
        let when = time_of(s.at_ms);
        out.push_str(&format!(
            "\n{}. [{when}] {}\n   {}\n",
            n + 1,
            s.title,
            s.summary
        ));
        if let Some(h) = &s.http {
            out.push_str(&format!("   > {} {}\n", h.method, h.url));
            for (k, v) in &h.request_headers {
                out.push_str(&format!("   > {k}: {v}\n"));
            }
            if let Some(b) = &h.request_body {
                out.push_str(&indent(b, "   > "));
            }
            if let Some(status) = h.status {
                out.push_str(&format!("   < {status}\n"));
            }
            for (k, v) in &h.response_headers {
                out.push_str(&format!("   < {k}: {v}\n"));
            }
            if let Some(b) = &h.response_body {
                out.push_str(&indent(b, "   < "));
            }
            if let Some(e) = &h.error {
                out.push_str(&format!("   ! {e}\n"));
            }
        }
        for p in &s.params {
            out.push_str(&format!(
                "   · {} = {} — {}\n",
                p.name, p.value, p.explanation
            ));
        }
    }
    out
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}\n")).collect()
}

fn time_of(ms: u64) -> String {
    let secs = ms / 1000;
    format!(
        "{:02}:{:02}:{:02}.{:03} UTC",
        (secs / 3600) % 24,
        (secs / 60) % 60,
        secs % 60,
        ms % 1000
    )
}
