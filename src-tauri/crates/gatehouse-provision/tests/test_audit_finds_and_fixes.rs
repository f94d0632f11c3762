//! The thorough audit against the local Cloudflare: a fresh deployment passes every check; each
//! thing the owner (or a colleague in the dashboard) can break is found, with its fix, and the fix
//! works; a permission revoked is found (its fix is the owner's). Prints the API calls and wall time
//! of an audit.

mod common;

use std::time::Instant;

use common::{engine, input, Engine, LocalCloudflare};
use gatehouse_auth::Sensitive;
use gatehouse_ipc::{AuditFix, AuditOutcome, DeploymentAudit};
use serde_json::json;

const NAME: &str = "audit-mcp";
const ALICE: &str = "alice@example.com";

async fn deployed(cf: &LocalCloudflare) -> Engine {
    let e = engine(cf).await;
    e.provisioner
        .apply(&input(cf, NAME, &[ALICE]))
        .await
        .expect("setup");
    e
}

/// The finding with this id, which must have failed with this fix.
fn failed(audit: &DeploymentAudit, id: &str, fix: Option<AuditFix>) -> String {
    let finding = audit
        .findings
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no finding {id}: {audit:#?}"));
    assert_eq!(finding.outcome, AuditOutcome::Fail, "{finding:#?}");
    assert_eq!(finding.fix, fix, "{finding:#?}");
    assert!(
        finding.fix_hint.as_deref().is_some_and(|h| !h.is_empty()),
        "{finding:#?}"
    );
    assert!(!audit.passed);
    finding.detail.clone()
}

fn all_pass(audit: &DeploymentAudit) {
    let bad: Vec<_> = audit
        .findings
        .iter()
        .filter(|f| f.outcome != AuditOutcome::Pass)
        .collect();
    assert!(bad.is_empty() && audit.passed, "{bad:#?}");
}

async fn brk(cf: &LocalCloudflare, body: serde_json::Value) {
    cf.post("/break", body).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_deployment_passes_every_check() {
    let cf = LocalCloudflare::with_pin_login();
    let e = deployed(&cf).await;
    let before = cf.calls().await.len();
    let started = Instant::now();
    let audit = e.provisioner.audit(NAME).await.unwrap();
    let elapsed = started.elapsed();
    all_pass(&audit);
    let calls = cf.calls().await.len() - before;
    let started = Instant::now();
    all_pass(&e.provisioner.audit(NAME).await.unwrap());
    println!(
        "MEASURE audit again (Worker warm): {} ms wall",
        started.elapsed().as_millis()
    );
    println!(
        "MEASURE audit: {calls} API calls, {} ms wall ({} checks)",
        elapsed.as_millis(),
        audit.findings.len()
    );
    // Every check of the issue is there: token, Access (5), Worker (5), live (4).
    for id in [
        "token.valid",
        "token.permissions",
        "access.app",
        "access.redirect_uris",
        "access.grant_types",
        "access.policy_attached",
        "access.policy",
        "worker.exists",
        "worker.workers_dev",
        "worker.secrets",
        "worker.kv_namespace",
        "worker.bundle",
        "live.challenge",
        "live.metadata",
        "live.access_discovery",
        "live.access_jwks",
    ] {
        assert!(audit.findings.iter().any(|f| f.id == id), "{id} missing");
    }
    let policy = audit
        .findings
        .iter()
        .find(|f| f.id == "access.policy")
        .unwrap();
    assert!(
        policy.facts.iter().any(|f| f.contains(ALICE)),
        "the policy's rules are shown: {policy:#?}"
    );
    assert_eq!(
        audit.bundle.live.as_deref(),
        Some(audit.bundle.shipped.as_str())
    );
    // The audit changed nothing, and its permission probes stayed within the contract.
    let writes: Vec<_> = cf.calls().await[before..]
        .iter()
        .filter(|c| c["method"] != "GET" && c["status"].as_u64().is_some_and(|s| s < 300))
        .cloned()
        .collect();
    assert!(writes.is_empty(), "the audit changed something: {writes:?}");
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_worker_parts_are_found_and_fixed() {
    let cf = LocalCloudflare::with_pin_login();
    let e = deployed(&cf).await;
    let p = &e.provisioner;

    // A secret deleted.
    brk(
        &cf,
        json!({"what": "delete-secret", "script": NAME, "name": "ACCESS_JWKS_URL"}),
    )
    .await;
    let audit = p.audit(NAME).await.unwrap();
    let detail = failed(&audit, "worker.secrets", Some(AuditFix::PutSecrets));
    assert!(detail.contains("ACCESS_JWKS_URL"), "{detail}");
    // The connection doctor, looking at the Worker's URL, shows the same finding among its checks;
    // a URL that is no deployment of this computer's has no audit.
    let url = p.deployment(NAME).unwrap().worker_url.unwrap();
    let checks = p
        .audit_checks_for(&format!("{url}/mcp"))
        .await
        .expect("the Worker's URL is a deployment");
    let secrets = checks.iter().find(|c| c.id == "worker.secrets").unwrap();
    assert_eq!(secrets.status, gatehouse_ipc::CheckStatus::Fail);
    assert!(
        secrets.found.contains("ACCESS_JWKS_URL"),
        "{}",
        secrets.found
    );
    assert!(secrets.fix.is_some());
    assert!(p
        .audit_checks_for("https://elsewhere.example/mcp")
        .await
        .is_none());
    all_pass(&p.fix(NAME, AuditFix::PutSecrets).await.unwrap());

    // workers.dev turned off: the Worker and the live check say so.
    brk(
        &cf,
        json!({"what": "workers-dev", "script": NAME, "enabled": false}),
    )
    .await;
    let audit = p.audit(NAME).await.unwrap();
    failed(
        &audit,
        "worker.workers_dev",
        Some(AuditFix::EnableWorkersDev),
    );
    failed(&audit, "live.challenge", None);
    all_pass(&p.fix(NAME, AuditFix::EnableWorkersDev).await.unwrap());

    // The KV namespace deleted: a new one, and the Worker bound to it.
    let kv = p.deployment(NAME).unwrap().kv_namespace.unwrap();
    cf.client()
        .delete_kv_namespace(&cf.account_id, &kv.id)
        .await
        .unwrap();
    let audit = p.audit(NAME).await.unwrap();
    failed(
        &audit,
        "worker.kv_namespace",
        Some(AuditFix::RecreateKvNamespace),
    );
    all_pass(&p.fix(NAME, AuditFix::RecreateKvNamespace).await.unwrap());
    assert_ne!(p.deployment(NAME).unwrap().kv_namespace.unwrap().id, kv.id);

    // The Worker deleted: uploaded again, with its address and secrets.
    cf.client()
        .delete_worker(&cf.account_id, NAME, true)
        .await
        .unwrap();
    let audit = p.audit(NAME).await.unwrap();
    failed(&audit, "worker.exists", Some(AuditFix::UpdateServer));
    all_pass(&p.update_server(NAME).await.unwrap());

    // A permission revoked: found, named, and the fix is the owner's.
    let all = cf.get("/state").await["tokens"][0]["permissions"].clone();
    let fewer: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| !g.as_str().unwrap().starts_with("Workers KV Storage"))
        .cloned()
        .collect();
    brk(
        &cf,
        json!({"what": "token-permissions", "permissions": fewer}),
    )
    .await;
    let audit = p.audit(NAME).await.unwrap();
    let detail = failed(&audit, "token.permissions", None);
    assert!(detail.contains("Workers KV Storage"), "{detail}");
    brk(
        &cf,
        json!({"what": "token-permissions", "permissions": all}),
    )
    .await;
    all_pass(&p.audit(NAME).await.unwrap());

    // A token disabled since.
    let disabled = cf.mint_token(&[], "disabled").await;
    p.use_token(Sensitive::new(disabled)).await.unwrap();
    let audit = p.audit(NAME).await.unwrap();
    failed(&audit, "token.valid", None);
    p.use_token(Sensitive::new(cf.token.clone())).await.unwrap();
    all_pass(&p.audit(NAME).await.unwrap());
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_access_parts_are_found_and_fixed() {
    let cf = LocalCloudflare::with_pin_login();
    let e = deployed(&cf).await;
    let p = &e.provisioner;
    let app_id = || p.deployment(NAME).unwrap().access_app.unwrap().id.unwrap();
    let policy_id = || p.deployment(NAME).unwrap().policy.unwrap().id;
    let callback = format!(
        "{}/callback",
        p.deployment(NAME).unwrap().worker_url.unwrap()
    );

    // Redirect URIs changed: another one added beside the callback.
    brk(
        &cf,
        json!({"what": "edit-app", "app_id": app_id(),
                    "redirect_uris": [callback, "https://elsewhere.example/cb"]}),
    )
    .await;
    let audit = p.audit(NAME).await.unwrap();
    let detail = failed(
        &audit,
        "access.redirect_uris",
        Some(AuditFix::ReplaceAccess),
    );
    assert!(detail.contains("elsewhere.example"), "{detail}");
    all_pass(&p.fix(NAME, AuditFix::ReplaceAccess).await.unwrap());

    // Refresh tokens turned off in the dashboard.
    brk(
        &cf,
        json!({"what": "edit-app", "app_id": app_id(),
                    "grant_types": ["authorization_code_with_pkce"]}),
    )
    .await;
    let audit = p.audit(NAME).await.unwrap();
    failed(&audit, "access.grant_types", Some(AuditFix::ReplaceAccess));
    all_pass(&p.fix(NAME, AuditFix::ReplaceAccess).await.unwrap());

    // Our policy detached from the application.
    brk(
        &cf,
        json!({"what": "edit-app", "app_id": app_id(), "policies": []}),
    )
    .await;
    let audit = p.audit(NAME).await.unwrap();
    failed(
        &audit,
        "access.policy_attached",
        Some(AuditFix::ReplaceAccess),
    );
    all_pass(&p.fix(NAME, AuditFix::ReplaceAccess).await.unwrap());

    // The policy now lets in someone else: shown, and made again for the chosen users.
    brk(
        &cf,
        json!({"what": "edit-policy", "policy_id": policy_id(),
                    "include": [{"email": {"email": "mallory@example.org"}}]}),
    )
    .await;
    let audit = p.audit(NAME).await.unwrap();
    let detail = failed(&audit, "access.policy", Some(AuditFix::ReplaceAccess));
    assert!(detail.contains("mallory@example.org"), "{detail}");
    let policy = audit
        .findings
        .iter()
        .find(|f| f.id == "access.policy")
        .unwrap();
    assert!(policy
        .facts
        .iter()
        .any(|f| f.contains("mallory@example.org")));
    all_pass(&p.fix(NAME, AuditFix::ReplaceAccess).await.unwrap());

    // The policy deleted (detached first, as the dashboard requires).
    let gone = policy_id();
    brk(
        &cf,
        json!({"what": "edit-app", "app_id": app_id(), "policies": []}),
    )
    .await;
    cf.client()
        .delete_policy(&cf.account_id, &gone)
        .await
        .unwrap();
    let audit = p.audit(NAME).await.unwrap();
    failed(&audit, "access.policy", Some(AuditFix::ReplaceAccess));
    all_pass(&p.fix(NAME, AuditFix::ReplaceAccess).await.unwrap());

    // The application deleted.
    cf.client()
        .delete_app(&cf.account_id, &app_id())
        .await
        .unwrap();
    let audit = p.audit(NAME).await.unwrap();
    failed(&audit, "access.app", Some(AuditFix::ReplaceAccess));
    // Access says so too: no discovery document, no keys.
    failed(
        &audit,
        "live.access_discovery",
        Some(AuditFix::ReplaceAccess),
    );
    failed(&audit, "live.access_jwks", Some(AuditFix::ReplaceAccess));
    all_pass(&p.fix(NAME, AuditFix::ReplaceAccess).await.unwrap());
    cf.assert_no_violations().await;
}
