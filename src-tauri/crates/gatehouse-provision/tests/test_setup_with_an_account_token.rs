//! Account-owned API tokens: Cloudflare refuses them at `/user/tokens/verify` with code 1000 and
//! verifies them at `/accounts/{account_id}/tokens/verify`. Connecting says which kind of token it
//! got and finds the account either way; plan, setup and teardown run with either kind.

mod common;

use common::{engine, input, LocalCloudflare};
use gatehouse_auth::Sensitive;
use gatehouse_ipc::{AppEvent, CloudflareTokenKind, ErrorCode, IpcError, SetupStep, StepState};
use serde_json::json;

const ALICE: &str = "alice@example.com";

fn status_of(calls: &[serde_json::Value], operation: &str) -> Vec<u64> {
    calls
        .iter()
        .filter(|c| c["operationId"] == operation)
        .filter_map(|c| c["status"].as_u64())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_api_token_connects_plans_sets_up_and_tears_down() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let user = e
        .provisioner
        .connect(Some(Sensitive::new(cf.token.clone())))
        .await
        .unwrap();
    assert_eq!(user.token_kind, CloudflareTokenKind::User);

    let minted = cf
        .post(
            "/tokens",
            json!({"kind": "account", "name": "account-owned"}),
        )
        .await;
    let token = minted["value"].as_str().unwrap().to_string();
    let before = cf.calls().await.len();
    let connection = e
        .provisioner
        .connect(Some(Sensitive::new(token.clone())))
        .await
        .unwrap();
    assert_eq!(connection.token_kind, CloudflareTokenKind::Account);
    let ids: Vec<&str> = connection.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [cf.account_id.as_str()], "its own account is found");
    let calls = cf.calls().await[before..].to_vec();
    assert_eq!(status_of(&calls, "user-api-tokens-verify-token"), [401]);
    assert_eq!(status_of(&calls, "account-api-tokens-verify-token"), [200]);

    let setup = input(&cf, "acct", &[ALICE]);
    let plan = e.provisioner.plan(&setup).await.unwrap();
    let verify = plan
        .steps
        .iter()
        .find(|s| s.step == SetupStep::VerifyToken)
        .unwrap();
    assert!(verify.detail.contains("account API token"), "{verify:?}");

    let state = e.provisioner.apply(&setup).await.unwrap();
    assert!(state.summary().complete);
    let verified = e.events.all().into_iter().any(|ev| {
        matches!(ev, AppEvent::SetupProgress {
            step: SetupStep::VerifyToken,
            state: StepState::Done,
            detail: Some(d),
            ..
        } if d.contains("account API token"))
    });
    assert!(verified, "the progress names the kind of token");
    e.provisioner.teardown("acct").await.unwrap();
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 0, "apps": 0, "kv_namespaces": 0, "scripts": 0})
    );

    // A disabled account token, and one Cloudflare never issued, are refused as invalid.
    let disabled = cf
        .post("/tokens", json!({"kind": "account", "status": "disabled"}))
        .await;
    for bad in [
        disabled["value"].as_str().unwrap().to_string(),
        "notATokenCloudflareIssued0123456789abcd".to_string(),
    ] {
        let error = IpcError::from(
            e.provisioner
                .connect(Some(Sensitive::new(bad.clone())))
                .await
                .unwrap_err(),
        );
        assert_eq!(error.code, ErrorCode::AuthRequired, "{error:?}");
        assert!(!error.message.contains(&bad));
    }
    cf.assert_no_violations().await;
}
