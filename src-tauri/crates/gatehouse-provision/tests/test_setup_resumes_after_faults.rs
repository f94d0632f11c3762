//! Failures part way through setup: a fault injected at each step in turn stops the run with a
//! plain-language error; a re-run resumes, creates nothing twice and ends as a clean run does.
//! Also: a token missing a permission, a name already taken, an account without a workers.dev
//! subdomain or Zero Trust organization.

mod common;

use common::{engine, input, LocalCloudflare};
use gatehouse_auth::Sensitive;
use gatehouse_ipc::{AppEvent, ErrorCode, IpcError, SetupStep, StepState};
use serde_json::json;

const ALICE: &str = "alice@example.com";

fn failed_step(events: &[AppEvent]) -> Option<(SetupStep, IpcError)> {
    events.iter().rev().find_map(|e| match e {
        AppEvent::SetupProgress {
            step,
            state: StepState::Failed,
            error: Some(error),
            ..
        } => Some((*step, error.clone())),
        _ => None,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_at_each_step_then_a_rerun_ends_as_a_clean_run() {
    // No login method yet, so the one-time PIN step creates one (in the first round).
    let cf = LocalCloudflare::start_with(Some(json!({})));
    let e = engine(&cf).await;
    let setup = input(&cf, "faulty", &[ALICE]);
    let clean = json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 1, "scripts": 1});

    // (the operation that fails, the step that reports it, calls let through first)
    let faults = [
        (
            "access-identity-providers-add-an-access-identity-provider",
            SetupStep::IdentityProvider,
            0,
        ),
        ("user-api-tokens-verify-token", SetupStep::VerifyToken, 0),
        (
            "zero-trust-organization-get-your-zero-trust-organization",
            SetupStep::ReadOrganization,
            0,
        ),
        (
            "access-identity-providers-list-access-identity-providers",
            SetupStep::IdentityProvider,
            0,
        ),
        (
            "access-policies-list-access-reusable-policies",
            SetupStep::Policy,
            0,
        ),
        (
            "access-policies-create-an-access-reusable-policy",
            SetupStep::Policy,
            0,
        ),
        (
            "workers-kv-namespace-create-a-namespace",
            SetupStep::KvNamespace,
            0,
        ),
        (
            "worker-subdomain-get-subdomain",
            SetupStep::WorkersSubdomain,
            0,
        ),
        (
            "worker-script-upload-worker-module",
            SetupStep::UploadWorker,
            0,
        ),
        (
            "worker-script-post-subdomain",
            SetupStep::EnableWorkersDev,
            0,
        ),
        (
            "access-applications-add-an-application",
            SetupStep::AccessApp,
            0,
        ),
        // Half the secrets are set when it fails.
        ("worker-put-script-secret", SetupStep::WorkerSecrets, 3),
    ];
    for (operation, step, after) in faults {
        cf.post(
            "/faults",
            json!({"operation": operation, "status": 503, "after": after, "times": 1000}),
        )
        .await;
        let error = e.provisioner.apply(&setup).await.unwrap_err();
        let ipc = IpcError::from(&error);
        assert_eq!(ipc.code, ErrorCode::Unavailable, "{operation}: {ipc:?}");
        assert!(ipc.fix.is_some(), "{operation}: no fix");
        let (failed, _) = failed_step(&e.events.all()).expect("a failed step event");
        assert_eq!(failed, step, "{operation}");
        let resumable = e.provisioner.deployments().unwrap();
        assert_eq!(resumable.len(), 1);
        assert!(!resumable[0].summary().complete);

        cf.clear_faults().await;
        let state = e.provisioner.resume("faulty").await.unwrap();
        assert!(state.summary().complete, "{operation}");
        assert_eq!(cf.counts().await, clean, "after a fault in {operation}");
        let mcp = state.mcp_url().unwrap();
        gatehouse_provision::login_challenge(&reqwest::Client::new(), &mcp)
            .await
            .unwrap_or_else(|e| panic!("{operation}: {e}"));

        e.provisioner.teardown("faulty").await.unwrap();
        assert_eq!(
            cf.counts().await,
            json!({"identity_providers": 1, "policies": 0, "apps": 0, "kv_namespaces": 0, "scripts": 0}),
            "teardown after {operation}"
        );
    }
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_retried_after_its_retry_after() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    cf.post(
        "/faults",
        json!({"operation": "workers-kv-namespace-create-a-namespace", "status": 429, "retry_after": 1, "times": 1}),
    )
    .await;
    let started = std::time::Instant::now();
    e.provisioner
        .apply(&input(&cf, "patient", &[ALICE]))
        .await
        .unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(200));
    let kv_calls = cf
        .calls()
        .await
        .iter()
        .filter(|c| c["operationId"] == "workers-kv-namespace-create-a-namespace")
        .count();
    assert_eq!(kv_calls, 2, "one refused, one retried");
    assert_eq!(cf.counts().await["kv_namespaces"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_permission_is_named_with_its_fix_and_a_better_token_resumes() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let limited = cf
        .post(
            "/tokens",
            json!({"permissions": [
                "Workers Scripts Write",
                "Access: Apps and Policies Write",
                "Access: Organizations, Identity Providers, and Groups Write"
            ]}),
        )
        .await;
    e.provisioner
        .connect(Some(Sensitive::new(
            limited["value"].as_str().unwrap().to_string(),
        )))
        .await
        .unwrap();
    let error = IpcError::from(
        e.provisioner
            .apply(&input(&cf, "perm", &[ALICE]))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::PermissionMissing, "{error:?}");
    assert!(
        error
            .fix
            .as_deref()
            .unwrap()
            .contains("Workers KV Storage · Edit"),
        "{error:?}"
    );
    assert!(!error.message.contains(limited["value"].as_str().unwrap()));

    e.provisioner
        .connect(Some(Sensitive::new(cf.token.clone())))
        .await
        .unwrap();
    assert!(
        e.provisioner
            .resume("perm")
            .await
            .unwrap()
            .summary()
            .complete
    );
    assert_eq!(cf.counts().await["policies"], 1, "no second policy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taken_name_and_missing_account_features_say_how_to_fix_them() {
    let cf = LocalCloudflare::start_with(Some(json!({
        "identity_providers": [{"name": "PIN", "type": "onetimepin"}],
    })));
    let e = engine(&cf).await;
    // Someone made a KV namespace with the name setup would use.
    let api = gatehouse_cloudflare::CloudflareApi::new(&cf.api, Sensitive::new(cf.token.clone()))
        .unwrap();
    api.create_kv_namespace(&cf.account_id, "taken-oauth")
        .await
        .unwrap();
    let error = IpcError::from(
        e.provisioner
            .apply(&input(&cf, "taken", &[ALICE]))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");
    assert!(error.message.contains("taken-oauth"), "{error:?}");

    let nothing = LocalCloudflare::start_with(Some(json!({"workers_subdomain": null})));
    let e = engine(&nothing).await;
    let error = IpcError::from(
        e.provisioner
            .apply(&input(&nothing, "nosub", &[ALICE]))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::NotConfigured, "{error:?}");
    assert!(error.fix.unwrap().contains("workers.dev"));
    let check = e
        .provisioner
        .check_account(&nothing.account_id)
        .await
        .unwrap();
    assert!(check.workers_subdomain.is_none());
    assert_eq!(check.problems.len(), 1, "{check:?}");
}
