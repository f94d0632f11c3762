//! "Update the server" against the local Cloudflare: a Worker running an older bundle is found by
//! the audit and uploaded in place; the user logged in before keeps working (whoami) without logging
//! in again, because the KV namespace, the secrets and the Durable Object migrations stay. Prints the
//! API calls and wall time of an update.

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::{engine, input, play_browser, LocalCloudflare};
use gatehouse_auth::login::RedirectPreference;
use gatehouse_auth::MemorySecretStore;
use gatehouse_ipc::{AuditFix, AuditOutcome, ConnectOutcome, ServerProfileInput, ToolCallRequest};
use gatehouse_mcp::{Explorer, NoEvents};
use gatehouse_provision::WorkerBundle;
use serde_json::json;

const NAME: &str = "update-mcp";
const ALICE: &str = "alice@example.com";

async fn whoami(explorer: &Explorer, server_id: &str) -> String {
    explorer.connect(server_id).await.expect("connect");
    let result = explorer
        .call_tool(ToolCallRequest {
            server_id: server_id.into(),
            call_id: "w".into(),
            name: "whoami".into(),
            arguments: json!({}),
        })
        .await
        .expect("whoami");
    result.first_text().unwrap_or_default().to_string()
}

/// The embedded bundle as an older Gatehouse would have uploaded it: its identity bindings say
/// another bundle and version, or (`identity: None`) are left out, as before Workers said which
/// bundle they run.
fn older_upload(kv_id: &str, identity: Option<(&str, &str)>) -> gatehouse_cloudflare::WorkerUpload {
    let mut upload = WorkerBundle::embedded().upload(kv_id, None);
    let bindings = upload.metadata["bindings"]
        .as_array_mut()
        .expect("bindings");
    bindings.retain(|b| b["type"] != "plain_text");
    if let Some((bundle, version)) = identity {
        bindings.push(json!({"type": "plain_text", "name": "GATEHOUSE_BUNDLE", "text": bundle}));
        bindings.push(json!({"type": "plain_text", "name": "GATEHOUSE_VERSION", "text": version}));
    }
    upload
}

fn bundle_finding(audit: &gatehouse_ipc::DeploymentAudit) -> &gatehouse_ipc::AuditFinding {
    audit
        .findings
        .iter()
        .find(|f| f.id == "worker.bundle")
        .expect("a bundle finding")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_bundle_is_updated_in_place_and_logins_survive() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let p = &e.provisioner;
    let state = p.apply(&input(&cf, NAME, &[ALICE])).await.expect("setup");
    let mcp = state.mcp_url().unwrap();
    let kv_id = state.kv_namespace.clone().unwrap().id;

    // Alice logs in and whoami names her.
    let dir = tempfile::tempdir().unwrap();
    let explorer = Explorer::new(
        dir.path().to_path_buf(),
        Arc::new(MemorySecretStore::new()),
        Arc::new(NoEvents),
    );
    let server = explorer
        .save_server(ServerProfileInput {
            id: None,
            name: "team".into(),
            url: mcp.clone(),
            headers: vec![],
            timeout_secs: 30,
            oauth_client_id: None,
            oauth_client_secret: None,
        })
        .await
        .unwrap();
    let outcome = explorer.connect(&server.id).await.unwrap();
    assert!(
        matches!(outcome, ConnectOutcome::LoginRequired { .. }),
        "{outcome:?}"
    );
    let started = explorer
        .start_login(&server.id, RedirectPreference::AppScheme)
        .await
        .unwrap();
    let link = play_browser(&started.authorization_url, ALICE, false).unwrap();
    explorer.handle_link(&link).await.unwrap();
    assert!(whoami(&explorer, &server.id).await.contains(ALICE));
    explorer.disconnect(&server.id).await;

    // Someone deploys an older bundle (from before Workers said which bundle they run).
    for identity in [None, Some(("0123456789abcdef", "0.0.1"))] {
        cf.client()
            .upload_worker(&cf.account_id, NAME, &older_upload(&kv_id, identity))
            .await
            .expect("the older bundle goes up");
        let audit = p.audit(NAME).await.unwrap();
        let finding = bundle_finding(&audit);
        assert_eq!(finding.outcome, AuditOutcome::Fail, "{finding:#?}");
        assert_eq!(finding.fix, Some(AuditFix::UpdateServer));
        assert!(finding.detail.contains("older"), "{finding:#?}");
        assert_eq!(audit.bundle.live.as_deref(), identity.map(|i| i.0));
    }

    // Update the server: in place, then checked.
    let before = cf.calls().await.len();
    let started = Instant::now();
    let audit = p.update_server(NAME).await.expect("update");
    let elapsed = started.elapsed();
    let calls = cf.calls().await;
    let update_calls = calls.len() - before;
    let uploads = calls[before..]
        .iter()
        .filter(|c| c["operationId"] == "worker-script-upload-worker-module")
        .count();
    println!(
        "MEASURE update (incl. the audit after it): {update_calls} API calls ({uploads} upload), {} ms wall; the audit after it {} ms",
        elapsed.as_millis(),
        audit.elapsed_ms
    );
    assert!(audit.passed, "{:#?}", audit.findings);
    assert_eq!(bundle_finding(&audit).outcome, AuditOutcome::Pass);
    assert_eq!(uploads, 1);
    // No secret was put again and no migration sent: everything stays.
    assert!(calls[before..]
        .iter()
        .all(|c| c["operationId"] != "worker-put-script-secret"));
    let script = &cf.get("/state").await["scripts"][0];
    assert_eq!(script["migration_tag"], "v1");

    // Alice still gets in with the login she had, no new login: her grant and token live in the
    // same KV namespace, which the Worker is still bound to.
    assert_eq!(p.deployment(NAME).unwrap().kv_namespace.unwrap().id, kv_id);
    assert!(whoami(&explorer, &server.id).await.contains(ALICE));
    cf.assert_no_violations().await;
}
