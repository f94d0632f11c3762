//! The login timeline against the in-test OAuth server: every step of a login, a refresh and a
//! step-up in order with its request and answer, guided mode holding each request until it is
//! sent, and no secret — token, code, verifier, client secret — in the timeline, its export or
//! the log.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::fixture::{approve, fixture, pending_entries, query_param};
use common::oauth_server::Config;
use gatehouse_auth::timeline;
use gatehouse_auth::SecretStore;
use gatehouse_ipc::{ConnectOutcome, TimelineStepKind};
use serde_json::{json, Value};
use url::Url;

/// Everything the log would have received: the app writes `log` records to its log file at info
/// level, rmcp's at warn (src-tauri/src/logging.rs).
struct Captured(Arc<Mutex<String>>);

impl log::Log for Captured {
    fn enabled(&self, m: &log::Metadata) -> bool {
        let floor = if m.target().starts_with("rmcp") {
            log::Level::Warn
        } else {
            log::Level::Info
        };
        m.level() <= floor
    }
    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        if let Ok(mut all) = self.0.lock() {
            all.push_str(&format!("{} {}\n", record.target(), record.args()));
        }
    }
    fn flush(&self) {}
}

fn capture_log() -> Arc<Mutex<String>> {
    static LOG: std::sync::OnceLock<Arc<Mutex<String>>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let all = Arc::new(Mutex::new(String::new()));
        let _ = log::set_logger(Box::leak(Box::new(Captured(all.clone()))));
        log::set_max_level(log::LevelFilter::Trace);
        all
    })
    .clone()
}

/// Every secret the keychain holds now: token, verifier and secret values of its JSON entries.
fn secrets_in(store: &gatehouse_auth::MemorySecretStore, found: &mut Vec<String>) {
    fn walk(v: &Value, key: &str, found: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, k, found)),
            Value::Array(a) => a.iter().for_each(|v| walk(v, key, found)),
            Value::String(s) => {
                let k = key.to_ascii_lowercase();
                let secret = ["token", "verifier", "secret", "code"]
                    .iter()
                    .any(|w| k.contains(w))
                    && !k.contains("type")
                    && !k.contains("url")
                    && !k.contains("endpoint");
                if secret && s.len() >= 12 {
                    found.push(s.clone());
                }
                // Values kept as JSON text inside JSON.
                if let Ok(inner) = serde_json::from_str::<Value>(s) {
                    walk(&inner, key, found);
                }
            }
            _ => {}
        }
    }
    for key in store.keys() {
        if let Ok(Some(value)) = store.get(&key) {
            match serde_json::from_str::<Value>(&value) {
                Ok(json) => walk(&json, "", found),
                Err(_) => found.push(value),
            }
        }
    }
}

fn assert_no_secret(secrets: &[String], place: &str, text: &str) {
    assert!(!secrets.is_empty());
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a secret ({}…) appears in the {place}: {}",
            &secret[..4],
            text.lines()
                .filter(|l| l.contains(secret.as_str()))
                .map(|l| l.replace(secret.as_str(), "<SECRET>"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_refresh_and_step_up_are_recorded_step_by_step_without_secrets() {
    let log = capture_log();
    let f = fixture(
        "timeline",
        Config {
            access_token_ttl_secs: 2,
            ..Config::default()
        },
    )
    .await;
    let url = Url::parse(&f.server.mcp).unwrap();
    timeline::clear(&url);
    let mut secrets = Vec::new();

    assert!(matches!(
        f.connect().await,
        ConnectOutcome::LoginRequired { .. }
    ));
    let started = f.start_login().await;
    secrets_in(&f.secrets, &mut secrets);
    assert!(!pending_entries(&f.secrets).is_empty());
    let link = approve(&started.authorization_url).await;
    secrets.push(query_param(&link, "code").expect("a code"));
    f.explorer.handle_link(&link).await.unwrap();
    let ConnectOutcome::Connected { .. } = f.connect().await else {
        panic!("not connected after the login");
    };
    secrets_in(&f.secrets, &mut secrets);

    // The access token expires; the next call refreshes it.
    tokio::time::sleep(Duration::from_millis(2300)).await;
    assert_eq!(
        f.call("echo", json!({"text": "again"})).await.unwrap(),
        "again"
    );
    secrets_in(&f.secrets, &mut secrets);

    let recorded = timeline::snapshot(&url);
    let kinds: Vec<TimelineStepKind> = recorded.steps.iter().map(|s| s.kind).collect();
    let position = |kind| {
        kinds
            .iter()
            .position(|k| *k == kind)
            .unwrap_or_else(|| panic!("no {kind:?} step in {kinds:?}"))
    };
    let order = [
        TimelineStepKind::Challenge,
        TimelineStepKind::ResourceMetadata,
        TimelineStepKind::ServerMetadata,
        TimelineStepKind::Registration,
        TimelineStepKind::Authorization,
        TimelineStepKind::Callback,
        TimelineStepKind::Token,
        TimelineStepKind::Refresh,
    ];
    for pair in order.windows(2) {
        assert!(
            position(pair[0]) < position(pair[1]),
            "{pair:?} out of order: {kinds:?}"
        );
    }

    let challenge = &recorded.steps[position(TimelineStepKind::Challenge)];
    let http = challenge.http.as_ref().unwrap();
    assert_eq!(http.status, Some(401));
    assert!(http.response_headers[0].1.contains("resource_metadata"));

    let authorization = &recorded.steps[position(TimelineStepKind::Authorization)];
    let param = |name: &str| {
        authorization
            .params
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", authorization.params))
    };
    assert_eq!(param("code_challenge_method").value, "S256");
    assert!(param("code_challenge").explanation.contains("PKCE"));
    assert!(param("redirect_uri").explanation.contains("app link"));
    assert!(param("resource").explanation.contains("RFC 8707"));
    assert!(param("state").value.ends_with('…'));

    let token = &recorded.steps[position(TimelineStepKind::Token)];
    assert_eq!(token.http.as_ref().unwrap().status, Some(200));
    assert!(token.summary.contains("expires in"), "{}", token.summary);
    let refresh = &recorded.steps[position(TimelineStepKind::Refresh)];
    assert!(
        refresh.summary.starts_with("Tokens received"),
        "{}",
        refresh.summary
    );

    // A step-up: the server wants a scope the token lacks.
    f.call("admin_action", json!({})).await.ok();
    if let Ok(started) = f
        .explorer
        .start_login(&f.id, gatehouse_auth::RedirectPreference::AppScheme)
        .await
    {
        let link = approve(&started.authorization_url).await;
        secrets.push(query_param(&link, "code").expect("a code"));
        f.explorer.handle_link(&link).await.ok();
    }
    secrets_in(&f.secrets, &mut secrets);
    let recorded = timeline::snapshot(&url);
    assert!(
        recorded
            .steps
            .iter()
            .any(|s| s.kind == TimelineStepKind::StepUp),
        "no step-up recorded: {:?}",
        recorded.steps.iter().map(|s| &s.title).collect::<Vec<_>>()
    );

    secrets.sort();
    secrets.dedup();
    assert!(
        secrets.len() >= 4,
        "too few secrets found to check: {}",
        secrets.len()
    );
    assert_no_secret(
        &secrets,
        "timeline",
        &serde_json::to_string(&recorded).unwrap(),
    );
    let export = timeline::export(&url);
    assert!(export.contains("Authorization request"));
    assert_no_secret(&secrets, "export", &export);
    let logged = log.lock().unwrap().clone();
    assert_no_secret(&secrets, "log", &logged);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_secret_is_shortened_and_guided_mode_holds_each_request() {
    let secret = "cs-the-whole-client-secret-0123456789";
    let f = fixture(
        "timeline-guided",
        Config {
            confidential_client: Some(("confidential-client".into(), secret.into())),
            ..Config::default()
        },
    )
    .await;
    let url = Url::parse(&f.server.mcp).unwrap();
    timeline::clear(&url);
    timeline::set_guided(&url, true);
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::LoginRequired { .. }
    ));

    let explorer = f.explorer.clone();
    let id = f.id.clone();
    let login = tokio::spawn(async move {
        explorer
            .start_login(&id, gatehouse_auth::RedirectPreference::AppScheme)
            .await
    });
    // Each request shows up waiting, unsent, until it is stepped.
    let mut stepped = 0;
    while !login.is_finished() {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = timeline::snapshot(&url);
        if let Some(waiting) = now.steps.iter().find(|s| s.waiting) {
            if let Some(http) = &waiting.http {
                assert_eq!(http.status, None, "a waiting request was already answered");
            }
            timeline::step_once(&url);
            stepped += 1;
        }
        assert!(stepped < 20, "the login never finished");
    }
    assert!(stepped >= 3, "only {stepped} steps waited");
    let started = login.await.unwrap().unwrap();
    timeline::set_guided(&url, false);
    let link = approve(&started.authorization_url).await;
    f.explorer.handle_link(&link).await.unwrap();

    let recorded = timeline::snapshot(&url);
    let client = recorded
        .steps
        .iter()
        .find(|s| s.kind == TimelineStepKind::Registration)
        .expect("the client step");
    assert!(client
        .summary
        .contains("client ID entered in the server's settings"));
    let token = recorded
        .steps
        .iter()
        .find(|s| s.kind == TimelineStepKind::Token)
        .expect("the token step");
    let auth = token
        .http
        .as_ref()
        .unwrap()
        .request_headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert!(auth.starts_with("Basic ") && auth.ends_with('…'), "{auth}");
    let all = serde_json::to_string(&recorded).unwrap() + &timeline::export(&url);
    assert!(!all.contains(secret));
    assert!(
        !all.contains("LXRoZS13aG9sZS1jbGllbnQtc2VjcmV0"),
        "the Basic credentials leak"
    );
}
