//! Creates Cloudflare carried out whose answer was lost: a 502/504 after the fact, or the
//! connection cut. The client does not send them again, and a re-run finds what they made
//! instead of making a second one (or calling the first someone else's).

mod common;

use common::{engine, input, LocalCloudflare};
use gatehouse_ipc::{ErrorCode, IpcError};
use gatehouse_provision::state::SentCreates;
use serde_json::{json, Value};

const ALICE: &str = "alice@example.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_creates_are_found_again_not_made_twice() {
    // No login method yet: the first round adds the one-time PIN.
    let cf = LocalCloudflare::start_with(Some(json!({})));
    let e = engine(&cf).await;
    let setup = input(&cf, "lost", &[ALICE]);
    let clean = json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 1, "scripts": 1});
    let cases: [(&str, Value); 5] = [
        (
            "access-identity-providers-add-an-access-identity-provider",
            json!({"status": 502}),
        ),
        (
            "access-policies-create-an-access-reusable-policy",
            json!({"status": 504}),
        ),
        (
            "workers-kv-namespace-create-a-namespace",
            json!({"drop": true}),
        ),
        (
            "workers-kv-namespace-create-a-namespace",
            json!({"status": 502}),
        ),
        (
            "access-applications-add-an-application",
            json!({"status": 502}),
        ),
    ];
    for (round, (operation, how)) in cases.iter().enumerate() {
        let mut rule = json!({"operation": operation, "carry_out": true, "times": 1});
        for (k, v) in how.as_object().unwrap() {
            rule[k] = v.clone();
        }
        cf.post("/faults", rule).await;
        let since = cf.calls().await.len();
        let error = IpcError::from(e.provisioner.apply(&setup).await.unwrap_err());
        assert!(
            matches!(error.code, ErrorCode::Unavailable | ErrorCode::Network),
            "{operation} {how}: {error:?}"
        );
        let sent = cf.calls().await[since..]
            .iter()
            .filter(|c| c["operationId"] == *operation)
            .count();
        assert_eq!(sent, 1, "{operation} {how}: sent again");

        let state = e.provisioner.resume("lost").await.unwrap();
        assert!(state.summary().complete, "{operation} {how}");
        assert_eq!(state.sent, SentCreates::default(), "marks left");
        assert_eq!(cf.counts().await, clean, "{operation} {how}: made twice");
        let health = e.provisioner.health("lost").await.unwrap();
        assert!(health.healthy, "{operation} {how}: {health:?}");

        let report = e.provisioner.teardown("lost").await.unwrap();
        if round == 0 {
            // The PIN method the lost answer made is the deployment's: teardown names it.
            assert!(
                report.kept.iter().any(|k| k.contains("Login method")),
                "{report:?}"
            );
        }
        assert_eq!(
            cf.counts().await,
            json!({"identity_providers": 1, "policies": 0, "apps": 0, "kv_namespaces": 0, "scripts": 0}),
            "teardown after {operation} {how}"
        );
    }
    cf.assert_no_violations().await;
}
