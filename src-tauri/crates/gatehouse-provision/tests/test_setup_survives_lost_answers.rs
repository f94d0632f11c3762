//! Cloudflare carries a create out and its answer is lost (a connection cut after the work was
//! done), at every create step in turn: the run stops or the client repeats the call, a re-run
//! finds what the lost answer made instead of making it twice, and teardown removes all of it.
//! Also: the Worker's secrets are written one after another (Cloudflare refuses concurrent writes
//! to one script with 429), and a 429 on one of them is waited out.

mod common;

use common::{engine, input, LocalCloudflare};
use serde_json::{json, Value};

const ALICE: &str = "alice@example.com";

/// The create (and write) operations of a setup, in the order setup reaches them.
const CREATES: [&str; 7] = [
    "access-identity-providers-add-an-access-identity-provider",
    "access-policies-create-an-access-reusable-policy",
    "workers-kv-namespace-create-a-namespace",
    "worker-script-upload-worker-module",
    "worker-script-post-subdomain",
    "access-applications-add-an-application",
    "worker-put-script-secret",
];

fn calls_of<'a>(calls: &'a [Value], operation: &str) -> Vec<&'a Value> {
    calls
        .iter()
        .filter(|c| c["operationId"] == operation)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_at_each_create_step_leaves_exactly_one_of_each() {
    // No login method yet, so the first round creates the one-time PIN (and loses its answer).
    let cf = LocalCloudflare::start_with(Some(json!({})));
    let e = engine(&cf).await;
    let setup = input(&cf, "lost", &[ALICE]);
    let one_of_each = json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 1, "scripts": 1});

    for operation in CREATES {
        let before = cf.calls().await.len();
        cf.post(
            "/faults",
            json!({"operation": operation, "carry_out": true, "drop": true, "times": 1}),
        )
        .await;
        // A POST whose answer is lost stops the run (it may or may not have been carried out); a
        // PUT is repeated by the client at once.
        let state = match e.provisioner.apply(&setup).await {
            Ok(state) => state,
            Err(first) => {
                assert!(
                    !operation.contains("upload") && !operation.contains("secret"),
                    "{operation}: {first}"
                );
                e.provisioner
                    .resume("lost")
                    .await
                    .unwrap_or_else(|e| panic!("re-run after {operation}: {e}"))
            }
        };
        if operation == "worker-script-upload-worker-module" {
            // The client sent the upload again; Cloudflare refused its migration, already applied;
            // the script's settings showed it, and the upload went once more without it.
            let calls = cf.calls().await[before..].to_vec();
            let uploads: Vec<u64> = calls_of(&calls, operation)
                .iter()
                .filter_map(|c| c["status"].as_u64())
                .collect();
            assert_eq!(uploads, [0, 400, 200], "dropped, refused, uploaded");
            assert!(!calls_of(&calls, "worker-script-get-settings").is_empty());
        }
        let fired = cf.get("/faults").await;
        assert_eq!(fired[0]["applied"], 1, "{operation}: the fault fired");
        cf.clear_faults().await;
        assert!(state.summary().complete, "{operation}");
        assert_eq!(
            cf.counts().await,
            one_of_each,
            "after a lost answer to {operation}"
        );

        // What is recorded is what exists: the one app, and the Worker logs in through it.
        let resources = cf.resources().await;
        let app = &resources["apps"][0];
        let recorded = state.access_app.clone().expect("app recorded");
        assert_eq!(Some(app["id"].as_str().unwrap()), recorded.id.as_deref());
        assert_eq!(app["saas_app"]["client_id"], recorded.client_id.as_str());
        assert_eq!(
            resources["kv_namespaces"][0]["id"],
            state.kv_namespace.clone().unwrap().id.as_str()
        );
        let mcp = state.mcp_url().unwrap();
        gatehouse_provision::login_challenge(&reqwest::Client::new(), &mcp)
            .await
            .unwrap_or_else(|e| panic!("{operation}: {e}"));

        let report = e.provisioner.teardown("lost").await.unwrap();
        if operation.contains("identity-provider") {
            // The one-time PIN the lost answer added is known as this deployment's: teardown
            // names it among what it leaves (a login method serves the whole account).
            assert!(
                report.kept.iter().any(|k| k.contains("One-time PIN")),
                "{:?}",
                report.kept
            );
        }
        assert_eq!(
            cf.counts().await,
            json!({"identity_providers": 1, "policies": 0, "apps": 0, "kv_namespaces": 0, "scripts": 0}),
            "teardown after a lost answer to {operation} (the login method stays, as always)"
        );
    }
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workers_secrets_are_written_one_at_a_time_and_a_429_is_waited_out() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    // Cloudflare's answer to a write while another modifies the script, on the third secret.
    cf.post(
        "/faults",
        json!({"operation": "worker-put-script-secret", "status": 429, "after": 2, "times": 1}),
    )
    .await;
    let state = e
        .provisioner
        .apply(&input(&cf, "serial", &[ALICE]))
        .await
        .unwrap();
    assert!(state.summary().complete);
    let calls = cf.calls().await;
    let secrets = calls_of(&calls, "worker-put-script-secret");
    assert_eq!(secrets.len(), 7, "six secrets, one of them twice");
    assert_eq!(
        secrets.iter().filter(|c| c["status"] == 429).count(),
        1,
        "only the injected 429: the writes never overlap, so Cloudflare never refuses them"
    );
    cf.assert_no_violations().await;
}
