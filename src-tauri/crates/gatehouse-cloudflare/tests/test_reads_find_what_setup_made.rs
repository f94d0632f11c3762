//! The read operations (ENDPOINTS.md rows 19–26) against the local Cloudflare: an account-owned
//! token verifies at its account, and what a setup made can be found and checked again.

mod common;

use common::{fixture_worker, LocalCloudflare};
use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::{AccessRule, CloudflareError, NewPolicy, NewSaasApp};
use serde_json::json;

const SCRIPT: &str = "gatehouse-reads";

#[tokio::test]
async fn an_account_owned_token_verifies_at_its_account() {
    let cf = LocalCloudflare::start();
    let owned = cf.post("/tokens", json!({ "kind": "account" })).await;
    let value = owned["value"].as_str().expect("token value");
    let api = cf.client_with(value);

    let refused = api.token_status().await.expect_err("the user endpoint");
    assert!(
        matches!(refused, CloudflareError::InvalidToken),
        "{refused:?}"
    );
    let status = api
        .account_token_status(&cf.account_id)
        .await
        .expect("the account endpoint");
    assert_eq!(status.status, "active");
    assert_eq!(Some(status.id.as_str()), owned["id"].as_str());
    cf.assert_no_violations().await;
}

#[tokio::test]
async fn what_setup_made_can_be_read_back() {
    let cf = LocalCloudflare::start();
    let api = cf.client();
    let account = cf.account_id.as_str();

    let policy = api
        .create_policy(
            account,
            &NewPolicy {
                name: "gatehouse-reads users".into(),
                include: vec![AccessRule::email("ada@example.com")],
                session_duration: None,
            },
        )
        .await
        .expect("create policy");
    let read = api
        .get_policy(account, &policy.id)
        .await
        .expect("get policy")
        .expect("it exists");
    assert_eq!((read.id, read.include), (policy.id.clone(), policy.include));

    let kv = api
        .create_kv_namespace(account, "gatehouse-reads-oauth")
        .await
        .expect("create kv");
    api.create_kv_namespace(account, "someone-else")
        .await
        .expect("another namespace");
    let listed = api.list_kv_namespaces(account).await.expect("list kv");
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&kv));
    assert_eq!(
        api.get_kv_namespace(account, &kv.id).await.expect("get kv"),
        Some(kv.clone())
    );

    api.upload_worker(account, SCRIPT, &fixture_worker(&kv.id))
        .await
        .expect("upload");
    let secret = Sensitive::new("a-secret-value-never-read-back".to_string());
    api.put_worker_secret(account, SCRIPT, "COOKIE_KEY", &secret)
        .await
        .expect("secret");
    assert!(
        !api.script_workers_dev(account, SCRIPT)
            .await
            .expect("workers.dev state")
            .enabled
    );
    api.enable_workers_dev(account, SCRIPT)
        .await
        .expect("enable workers.dev");
    assert!(
        api.script_workers_dev(account, SCRIPT)
            .await
            .expect("workers.dev state")
            .enabled
    );
    let secrets = api
        .list_worker_secrets(account, SCRIPT)
        .await
        .expect("secret names");
    assert!(secrets
        .iter()
        .any(|s| s.name == "COOKIE_KEY" && s.kind == "secret_text"));
    let settings = api
        .script_settings(account, SCRIPT)
        .await
        .expect("settings")
        .expect("the script exists");
    assert!(settings
        .bindings
        .iter()
        .any(|b| b.kind == "kv_namespace" && b.name == "KV"));
    assert!(settings.bindings.iter().any(|b| b.name == "COOKIE_KEY"));
    assert_eq!(
        api.script_settings(account, "no-such-script")
            .await
            .expect("settings of nothing"),
        None
    );

    let origin = cf.worker_url(SCRIPT).await;
    let app = api
        .create_saas_app(
            account,
            &NewSaasApp {
                name: "gatehouse-reads".into(),
                redirect_uris: vec![format!("{origin}/callback")],
                refresh_tokens: false,
                policy_ids: vec![policy.id.clone()],
                allowed_idps: vec![],
            },
        )
        .await
        .expect("create app");
    let named = api
        .list_saas_apps_named(account, "gatehouse-reads")
        .await
        .expect("list apps");
    assert_eq!(named.len(), 1);
    assert_eq!(
        (named[0].id.as_str(), named[0].name.as_str()),
        (app.id.as_str(), "gatehouse-reads")
    );
    assert_eq!(named[0].client_secret, None, "a list never carries it");
    assert!(api
        .list_saas_apps_named(account, "gatehouse-read")
        .await
        .expect("list apps")
        .is_empty());

    api.delete_kv_namespace(account, &listed[0].id)
        .await
        .expect("delete kv");
    assert_eq!(
        api.get_kv_namespace(account, &listed[0].id)
            .await
            .expect("get kv"),
        None
    );
    cf.assert_no_violations().await;
}
