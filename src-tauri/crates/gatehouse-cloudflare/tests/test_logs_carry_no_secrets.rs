//! What the client logs: one line per HTTP request, `METHOD path -> status (ms)`, and never the
//! token, a secret it sends or a client secret it receives.
//!
//! A test binary of its own: `tracing` caches whether a log line is wanted per call site, the
//! first time any thread reaches it, and with one collector registered it asks only that
//! thread's. Other tests running in parallel threads would switch the lines off for good.

mod common;

use std::time::Duration;

use common::{tiny_worker, LocalCloudflare, Logs};
use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::operations::PUT_SECRET;
use gatehouse_cloudflare::{AccessRule, CloudflareApi, NewPolicy, NewSaasApp, RetryPolicy};
use serde_json::json;

#[tokio::test]
async fn one_line_per_request_and_no_secret_in_any() {
    let cf = LocalCloudflare::start();
    let logs = Logs::default();
    let _logging = logs.install();
    let account = cf.account_id.as_str();
    let api = cf.client();
    let limited_token = cf.mint_token(&["Workers Scripts Read"], "active").await;
    let limited = cf.client_with(&limited_token);
    let unknown = cf.client_with("unknown-token-123456789");
    let secret = Sensitive::new("worker-secret-value-42".to_string());

    api.verify_token().await.expect("verify");
    let kv = api
        .create_kv_namespace(account, "logs-oauth")
        .await
        .expect("kv");
    api.upload_worker(account, "logs", &tiny_worker())
        .await
        .expect("upload");
    cf.post(
        "/faults",
        json!({"operation": PUT_SECRET.id, "status": 429, "retry_after": 0, "times": 1}),
    )
    .await;
    api.put_worker_secret(account, "logs", "S", &secret)
        .await
        .expect("secret after a retry");
    let pin = api.create_one_time_pin(account, "PIN").await.expect("pin");
    let policy = NewPolicy {
        name: "logs".into(),
        include: vec![AccessRule::Everyone],
        session_duration: None,
    };
    let policy = api.create_policy(account, &policy).await.expect("policy");
    let app = NewSaasApp {
        name: "logs".into(),
        redirect_uris: vec!["http://127.0.0.1:9/callback".into()],
        refresh_tokens: false,
        policy_ids: vec![policy.id.clone()],
        allowed_idps: vec![pin.id],
    };
    let app = api.create_saas_app(account, &app).await.expect("app");
    let client_secret = app.client_secret.clone().expect("client secret");
    api.get_app(account, &app.id).await.expect("get app");
    api.delete_app(account, &app.id).await.expect("delete app");
    api.delete_policy(account, &policy.id)
        .await
        .expect("delete policy");
    api.delete_worker(account, "logs", false)
        .await
        .expect("delete worker");
    api.delete_kv_namespace(account, &kv.id)
        .await
        .expect("delete kv");
    limited
        .create_kv_namespace(account, "x")
        .await
        .expect_err("403");
    unknown.verify_token().await.expect_err("401");
    // Nothing listens here: a line without a status.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let nobody = CloudflareApi::new(
        &format!("http://127.0.0.1:{port}/client/v4"),
        Sensitive::new(cf.token.clone()),
    )
    .expect("loopback")
    .with_retry(RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    });
    nobody.list_accounts().await.expect_err("no connection");

    let lines = logs.lines();
    let requests =
        api.calls_made() + limited.calls_made() + unknown.calls_made() + nobody.calls_made();
    assert_eq!(lines.len() as u64, requests, "{lines:#?}");
    let secrets = [
        cf.token.as_str(),
        limited_token.as_str(),
        "unknown-token-123456789",
        secret.expose().as_str(),
        client_secret.expose().as_str(),
    ];
    for line in &lines {
        for s in secrets {
            assert!(!line.contains(s), "a secret was logged: {line}");
        }
        let (request, outcome) = line.split_once(" -> ").unwrap_or_else(|| panic!("{line}"));
        let (method, path) = request.split_once(' ').unwrap_or_else(|| panic!("{line}"));
        assert!(["GET", "POST", "PUT", "DELETE"].contains(&method), "{line}");
        assert!(
            path.starts_with("/client/v4/") && !path.contains('?'),
            "{line}"
        );
        let (status, ms) = outcome.split_once(" (").unwrap_or_else(|| panic!("{line}"));
        assert!(
            status == "no answer" || status.parse::<u16>().is_ok(),
            "{line}"
        );
        assert!(
            ms.strip_suffix(" ms)")
                .is_some_and(|n| n.parse::<u64>().is_ok()),
            "{line}"
        );
    }
    for expected in [
        " -> 429 (",
        " -> 403 (",
        " -> 401 (",
        " -> no answer (",
        " -> 201 (",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "no line with {expected:?}: {lines:#?}"
        );
    }
    cf.assert_no_violations().await;
}
