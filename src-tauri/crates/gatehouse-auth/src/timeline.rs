//! The login timeline: every step of the logins, refreshes and step-ups to a server, each with
//! its request and answer, secrets shortened to a few characters.
//!
//! Most steps are recorded at the HTTP layer: rmcp's OAuth code sends every request through
//! [`http::RecordingClient`] (see [`manager`]). A few steps no OAuth request carries — the
//! server's challenge, the client chosen, the authorization request opened in the browser and
//! the callback — are added by small calls from [`crate::login`]. In guided mode every request
//! (and the authorization request) waits to be sent until [`step`] is called.
//!
//! Timelines live in memory for the life of the process, per server address; nothing here is
//! written to disk or to the log.

mod explain;
mod http;
pub mod redact;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use gatehouse_ipc::{ExplainedParam, LoginTimeline, TimelineHttp, TimelineStep, TimelineStepKind};
use rmcp::transport::auth::{AuthorizationManager, OAuthHttpClientError};
use tokio::sync::oneshot;
use url::Url;

use crate::server_key::server_key;
use crate::{AuthFailure, CallbackParams, Result};

/// Steps kept per server; the oldest go first.
const MAX_STEPS: usize = 300;
/// How long a guided step waits for the user before it goes on by itself.
const GUIDED_WAIT: Duration = Duration::from_secs(600);

/// Why the OAuth requests are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A login: every request is recorded.
    Login,
    /// A session: only refreshes (and failed requests) are recorded, not the metadata it reads.
    Session,
}

struct Entry {
    server_url: String,
    guided: bool,
    next_id: u64,
    steps: Vec<(u64, TimelineStep)>,
    gates: Vec<(u64, oneshot::Sender<()>)>,
}

static TIMELINES: LazyLock<Mutex<HashMap<String, Entry>>> = LazyLock::new(Default::default);

fn with_entry<T>(server: &Url, f: impl FnOnce(&mut Entry) -> T) -> T {
    let mut all = TIMELINES.lock().unwrap_or_else(|p| p.into_inner());
    let entry = all.entry(server_key(server)).or_insert_with(|| Entry {
        server_url: server.to_string(),
        guided: false,
        next_id: 0,
        steps: Vec::new(),
        gates: Vec::new(),
    });
    f(entry)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn step(kind: TimelineStepKind, title: &str, summary: String) -> TimelineStep {
    TimelineStep {
        kind,
        at_ms: now_ms(),
        title: title.into(),
        summary,
        http: None,
        params: Vec::new(),
        waiting: false,
    }
}

/// Adds a step; in guided mode returns the gate to wait on before going on.
fn push(server: &Url, mut new: TimelineStep, gated: bool) -> (u64, Option<oneshot::Receiver<()>>) {
    with_entry(server, |e| {
        let id = e.next_id;
        e.next_id += 1;
        let gate = if gated && e.guided {
            new.waiting = true;
            let (tx, rx) = oneshot::channel();
            e.gates.push((id, tx));
            Some(rx)
        } else {
            None
        };
        e.steps.push((id, new));
        if e.steps.len() > MAX_STEPS {
            e.steps.remove(0);
        }
        (id, gate)
    })
}

async fn wait(gate: Option<oneshot::Receiver<()>>) {
    if let Some(gate) = gate {
        let _ = tokio::time::timeout(GUIDED_WAIT, gate).await;
    }
}

/// An authorization manager for `server` whose OAuth requests are recorded for `purpose`.
pub async fn manager(server: &Url, purpose: Purpose) -> Result<AuthorizationManager> {
    let client = http::RecordingClient::new(server, purpose)
        .map_err(|e| AuthFailure::Other(format!("the HTTP client could not be set up: {e}")))?;
    AuthorizationManager::new_with_oauth_http_client(server.as_str(), Arc::new(client))
        .await
        .map_err(AuthFailure::from_rmcp)
}

/// Sends a login request Gatehouse makes itself for `server` (dynamic registration): recorded in
/// its timeline, and limited to the addresses its login may reach.
pub(crate) async fn send_for_login(
    server: &Url,
    request: oauth2::HttpRequest,
) -> std::result::Result<oauth2::HttpResponse, String> {
    let client = http::RecordingClient::new(server, Purpose::Login).map_err(|e| e.to_string())?;
    client
        .send_recorded(request)
        .await
        .map_err(|e| e.to_string())
}

// ---- The HTTP layer ----

async fn request_started(
    server: &Url,
    purpose: Purpose,
    request: &oauth2::HttpRequest,
) -> Option<u64> {
    let same = request.uri().to_string().split('?').next() == Some(server.as_str());
    let (kind, title) = if same {
        (TimelineStepKind::Challenge, "The MCP endpoint, asked again")
    } else {
        explain::classify(request)
    };
    if purpose == Purpose::Session && kind != TimelineStepKind::Refresh {
        return None;
    }
    let mut new = step(kind, title, "Waiting for the answer.".into());
    new.http = Some(TimelineHttp {
        method: request.method().to_string(),
        url: redact::url(&request.uri().to_string()),
        request_headers: request
            .headers()
            .iter()
            .map(|(n, v)| {
                let v = v.to_str().unwrap_or("(not text)");
                (n.to_string(), redact::header(n.as_str(), v))
            })
            .collect(),
        request_body: redact::body(request.body()),
        status: None,
        response_headers: Vec::new(),
        response_body: None,
        error: None,
    });
    let (id, gate) = push(server, new, true);
    wait(gate).await;
    Some(id)
}

fn request_finished(
    server: &Url,
    id: Option<u64>,
    outcome: &std::result::Result<oauth2::HttpResponse, OAuthHttpClientError>,
) {
    let Some(id) = id else { return };
    with_entry(server, |e| {
        let Some((_, s)) = e.steps.iter_mut().find(|(i, _)| *i == id) else {
            return;
        };
        s.waiting = false;
        let Some(http) = s.http.as_mut() else { return };
        match outcome {
            Ok(response) => {
                http.status = Some(response.status().as_u16());
                http.response_headers = response
                    .headers()
                    .iter()
                    .map(|(n, v)| {
                        let v = v.to_str().unwrap_or("(not text)");
                        (n.to_string(), redact::header(n.as_str(), v))
                    })
                    .collect();
                http.response_body = redact::body(response.body());
                s.summary = explain::summarize(s.kind, response);
            }
            Err(error) => {
                http.error = Some(error.to_string());
                s.summary = format!("No answer: {error}.");
            }
        }
    });
}

// ---- The hooks in the login ----

/// A login begins: the challenge that asked for it (a step-up when it names
/// `insufficient_scope`).
pub(crate) fn login_started(server: &Url, challenge: Option<&str>) {
    let step_up = challenge.is_some_and(|c| c.contains("insufficient_scope"));
    let (kind, title) = if step_up {
        (
            TimelineStepKind::StepUp,
            "Step-up: the server wants more scopes",
        )
    } else {
        (TimelineStepKind::Challenge, "The server asks for a login")
    };
    let mut new = step(kind, title, explain::challenge_summary(challenge));
    if let Some(challenge) = challenge {
        new.http = Some(TimelineHttp {
            method: "POST".into(),
            url: server.to_string(),
            request_headers: Vec::new(),
            request_body: None,
            status: Some(if step_up { 403 } else { 401 }),
            response_headers: vec![("www-authenticate".into(), challenge.to_string())],
            response_body: None,
            error: None,
        });
        new.params = explain::challenge_params(challenge);
    }
    push(server, new, false);
}

/// The client the login uses, when no registration request shows it.
fn client_used(server: &Url, client_id: &str, preregistered: bool, reused: bool) {
    let (summary, how) = if preregistered {
        (
            format!("Using the client ID entered in the server's settings ({client_id}): no registration."),
            "pre-registered",
        )
    } else if client_id.starts_with("https://") {
        (
            format!("Gatehouse identifies itself by its Client ID Metadata Document {client_id}: no registration."),
            "Client ID Metadata Document",
        )
    } else if reused {
        (
            format!("Reusing the client registered by an earlier login ({client_id})."),
            "registered earlier",
        )
    } else {
        return;
    };
    let mut new = step(TimelineStepKind::Registration, "Client", summary);
    new.params = vec![ExplainedParam {
        name: "client_id".into(),
        value: client_id.into(),
        explanation: format!("How Gatehouse is known to the authorization server: {how}."),
    }];
    push(server, new, false);
}

/// The client the authorization request names, when no registration request showed it.
pub(crate) fn client_of(
    server: &Url,
    authorization_url: &str,
    preregistered: bool,
    reusable: Option<&str>,
) {
    let client_id = Url::parse(authorization_url).ok().and_then(|u| {
        u.query_pairs()
            .find(|(k, _)| k == "client_id")
            .map(|(_, v)| v.into_owned())
    });
    if let Some(client_id) = client_id {
        let reused = reusable == Some(client_id.as_str());
        client_used(server, &client_id, preregistered, reused);
    }
}

/// The authorization request about to be opened in the browser; in guided mode waits for the
/// user before the browser opens.
pub(crate) async fn authorization(
    server: &Url,
    authorization_url: &str,
    loopback_reason: Option<&str>,
) {
    let mut new = step(
        TimelineStepKind::Authorization,
        "Authorization request (opened in the browser)",
        "The browser opens this address; you log in and consent there.".into(),
    );
    new.http = Some(TimelineHttp {
        method: "GET".into(),
        url: redact::url(authorization_url),
        request_headers: Vec::new(),
        request_body: None,
        status: None,
        response_headers: Vec::new(),
        response_body: None,
        error: None,
    });
    new.params = explain::authorization_params(authorization_url, loopback_reason);
    let (_, gate) = push(server, new, true);
    wait(gate).await;
}

/// The browser came back: what the callback carried. [`callback_done`] adds how it ended.
pub(crate) fn callback(server: &Url, callback: &CallbackParams) -> u64 {
    let params: Vec<(&str, Option<&str>)> = match callback {
        CallbackParams::Code {
            code,
            state,
            issuer,
        } => vec![
            ("code", Some(code)),
            ("state", Some(state)),
            ("iss", issuer.as_deref()),
        ],
        CallbackParams::Error {
            error,
            description,
            state,
        } => vec![
            ("error", Some(error)),
            ("error_description", description.as_deref()),
            ("state", state.as_deref()),
        ],
    };
    let summary = match callback {
        CallbackParams::Error { error, .. } => format!("The authorization server refused: {error}."),
        CallbackParams::Code { issuer: Some(_), .. } => {
            "The state matched a waiting login; the iss is checked against the authorization server, then the code is exchanged.".into()
        }
        CallbackParams::Code { .. } => {
            "The state matched a waiting login; the authorization server sent no iss; the code is exchanged.".into()
        }
    };
    let mut new = step(
        TimelineStepKind::Callback,
        "Callback from the browser",
        summary,
    );
    new.params = explain::callback_params(&params);
    push(server, new, false).0
}

/// How the login that [`callback`] recorded ended.
pub(crate) fn callback_done(server: &Url, id: u64, result: &Result<()>) {
    let ending = match result {
        Ok(()) => return,
        Err(AuthFailure::IssuerMismatch) => {
            " Refused: the iss names another authorization server (a mix-up, RFC 9207); the code was not used.".to_string()
        }
        Err(AuthFailure::Refused { .. }) => return,
        Err(e) => format!(" The login failed: {e}"),
    };
    with_entry(server, |e| {
        if let Some((_, s)) = e.steps.iter_mut().find(|(i, _)| *i == id) {
            s.summary.push_str(&ending);
        }
    });
}

// ---- For the app and the CLI ----

/// The timeline of `server`, oldest step first.
pub fn snapshot(server: &Url) -> LoginTimeline {
    with_entry(server, |e| LoginTimeline {
        server_url: e.server_url.clone(),
        guided: e.guided,
        steps: e.steps.iter().map(|(_, s)| s.clone()).collect(),
    })
}

/// Turns guided mode on or off; off sends whatever waits.
pub fn set_guided(server: &Url, guided: bool) -> LoginTimeline {
    with_entry(server, |e| {
        e.guided = guided;
        if !guided {
            release(e, usize::MAX);
        }
    });
    snapshot(server)
}

/// Sends the oldest request waiting in guided mode.
pub fn step_once(server: &Url) -> LoginTimeline {
    with_entry(server, |e| release(e, 1));
    snapshot(server)
}

fn release(e: &mut Entry, count: usize) {
    let n = count.min(e.gates.len());
    for (id, gate) in e.gates.drain(..n) {
        if let Some((_, s)) = e.steps.iter_mut().find(|(i, _)| *i == id) {
            s.waiting = false;
        }
        let _ = gate.send(());
    }
}

/// Forgets the timeline of `server` (sending whatever waits).
pub fn clear(server: &Url) {
    let mut all = TIMELINES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(mut e) = all.remove(&server_key(server)) {
        release(&mut e, usize::MAX);
    }
}

/// The scopes the last login asked for and was granted, for the connection doctor.
pub fn last_scopes(server: &Url) -> Option<(Vec<String>, Option<Vec<String>>)> {
    with_entry(server, |e| {
        explain::last_scopes(e.steps.iter().map(|(_, s)| s))
    })
}

/// The timeline as a plain-text report for a bug report; secrets are shortened as everywhere.
pub fn export(server: &Url) -> String {
    explain::export(&snapshot(server))
}
