//! A re-run after something changed, on Gatehouse's side or Cloudflare's: who may log in,
//! refresh tokens, pasted values, the workers.dev subdomain, a Worker deleted in the dashboard.
//! Each change reaches Cloudflare (the plan says "update"), and health says unhealthy for as long
//! as logins would fail.

mod common;

use common::{engine, input, LocalCloudflare};
use gatehouse_cloudflare::{AccessRule, NewPolicy, NewSaasApp};
use gatehouse_ipc::{
    AccessSetup, AllowedUsers, ErrorCode, IpcError, ManualAccess, PlanAction, SetupInput,
    SetupPlan, SetupStep,
};
use gatehouse_provision::state::DeploymentStore;
use serde_json::{json, Value};

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";

fn action(plan: &SetupPlan, step: SetupStep) -> PlanAction {
    plan.steps
        .iter()
        .find(|s| s.step == step)
        .map(|s| s.action)
        .unwrap_or_else(|| panic!("{step:?} not in {plan:?}"))
}

fn without_refresh_tokens(mut setup: SetupInput) -> SetupInput {
    if let AccessSetup::Automatic { refresh_tokens, .. } = &mut setup.access {
        *refresh_tokens = false;
    }
    setup
}

fn allowing(mut setup: SetupInput, who: AllowedUsers) -> SetupInput {
    if let AccessSetup::Automatic { allowed, .. } = &mut setup.access {
        *allowed = who;
    }
    setup
}

/// The one application and the one policy it uses, as the local Cloudflare holds them.
async fn app_and_policy(cf: &LocalCloudflare) -> (Value, Value) {
    let state = cf.get("/state").await;
    let apps = state["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 1, "{apps:?}");
    let app = apps[0].clone();
    let policy_id = app["policy_links"][0]["id"].clone();
    let policy = state["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == policy_id)
        .cloned()
        .expect("the app's policy exists");
    (app, policy)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changed_users_and_grant_types_replace_the_policy_and_the_application() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    e.provisioner
        .apply(&input(&cf, "team", &[ALICE, BOB]))
        .await
        .unwrap();
    let (first_app, _) = app_and_policy(&cf).await;

    // Bob is removed and refresh tokens are turned off.
    let changed = without_refresh_tokens(input(&cf, "team", &[ALICE]));
    let plan = e.provisioner.plan(&changed).await.unwrap();
    assert_eq!(
        action(&plan, SetupStep::Policy),
        PlanAction::Update,
        "{plan:?}"
    );
    assert_eq!(
        action(&plan, SetupStep::AccessApp),
        PlanAction::Update,
        "{plan:?}"
    );
    assert_eq!(
        action(&plan, SetupStep::WorkerSecrets),
        PlanAction::Update,
        "{plan:?}"
    );
    // A re-run that stops before carrying the change through leaves Bob able to log in: health
    // says so instead of calling the deployment healthy.
    cf.post(
        "/faults",
        json!({"operation": "access-policies-list-access-reusable-policies", "status": 400, "times": 1}),
    )
    .await;
    e.provisioner.apply(&changed).await.unwrap_err();
    let health = e.provisioner.health("team").await.unwrap();
    assert!(!health.healthy, "{health:?}");
    assert!(
        health
            .checks
            .iter()
            .any(|c| !c.ok && c.title.contains("choices") && c.detail.contains(BOB)),
        "{health:?}"
    );

    let state = e.provisioner.apply(&changed).await.unwrap();
    assert!(state.summary().complete);
    let (app, policy) = app_and_policy(&cf).await;
    assert_eq!(policy["include"], json!([{"email": {"email": ALICE}}]));
    assert_ne!(app["id"], first_app["id"], "the application was replaced");
    let grants = app["saas_app"]["grant_types"].as_array().unwrap();
    assert!(!grants.contains(&json!("refresh_tokens")), "{grants:?}");
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 1, "scripts": 1})
    );
    let health = e.provisioner.health("team").await.unwrap();
    assert!(health.healthy, "{health:?}");

    // Then a domain instead of addresses.
    let domain = allowing(
        changed.clone(),
        AllowedUsers::Domain {
            domain: "example.com".into(),
        },
    );
    e.provisioner.apply(&domain).await.unwrap();
    let (_, policy) = app_and_policy(&cf).await;
    assert_eq!(
        policy["include"],
        json!([{"email_domain": {"domain": "example.com"}}])
    );

    // Unchanged choices: the plan changes nothing.
    let plan = e.provisioner.plan(&domain).await.unwrap();
    for step in [
        SetupStep::Policy,
        SetupStep::AccessApp,
        SetupStep::WorkerSecrets,
    ] {
        assert_eq!(action(&plan, step), PlanAction::Done, "{step:?}: {plan:?}");
    }
    e.provisioner.teardown("team").await.unwrap();
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 0, "apps": 0, "kv_namespaces": 0, "scripts": 0})
    );
    cf.assert_no_violations().await;
}

/// An application made in the dashboard, redirecting to `redirect`, letting Alice in.
async fn dashboard_app(cf: &LocalCloudflare, name: &str, redirect: &str) -> (ManualAccess, String) {
    let api = cf.client();
    let policy = api
        .create_policy(
            &cf.account_id,
            &NewPolicy {
                name: name.into(),
                include: vec![AccessRule::email(ALICE)],
                session_duration: None,
            },
        )
        .await
        .unwrap();
    let app = api
        .create_saas_app(
            &cf.account_id,
            &NewSaasApp {
                name: name.into(),
                redirect_uris: vec![redirect.to_string()],
                refresh_tokens: false,
                policy_ids: vec![policy.id],
                allowed_idps: vec![],
            },
        )
        .await
        .unwrap();
    let auth_domain = api
        .zero_trust_organization(&cf.account_id)
        .await
        .unwrap()
        .auth_domain;
    let manual = ManualAccess {
        client_id: app.client_id.clone(),
        client_secret: app.client_secret.clone().unwrap().into_inner(),
        discovery_url: format!(
            "http://{auth_domain}/cdn-cgi/access/sso/oidc/{}/.well-known/openid-configuration",
            app.client_id
        ),
    };
    (manual, app.id)
}

fn manual(cf: &LocalCloudflare, name: &str, values: ManualAccess) -> SetupInput {
    SetupInput {
        name: name.into(),
        account_id: cf.account_id.clone(),
        access: AccessSetup::Manual(values),
    }
}

async fn secret_puts(cf: &LocalCloudflare, since: usize) -> usize {
    cf.calls().await[since..]
        .iter()
        .filter(|c| c["operationId"] == "worker-put-script-secret")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_to_pasted_values_removes_what_setup_made_and_new_values_reach_the_worker() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let state = e
        .provisioner
        .apply(&input(&cf, "switch", &[ALICE]))
        .await
        .unwrap();
    let callback = format!("{}/callback", state.worker_url.unwrap());
    let (values, dashboard_app_id) = dashboard_app(&cf, "by hand", &callback).await;

    // A client ID of another application than the discovery URL's is refused.
    let (other, _) = dashboard_app(&cf, "another", &callback).await;
    let mismatched = ManualAccess {
        client_id: other.client_id.clone(),
        ..values.clone()
    };
    let error = IpcError::from(e.provisioner.check_manual(&mismatched).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
    let error = IpcError::from(
        e.provisioner
            .apply(&manual(&cf, "switch", mismatched))
            .await
            .unwrap_err(),
    );
    assert!(error.message.contains("Client ID"), "{error:?}");

    // A wrong secret first, then the corrected one.
    let wrong = ManualAccess {
        client_secret: "not-the-secret".into(),
        ..values.clone()
    };
    let plan = e
        .provisioner
        .plan(&manual(&cf, "switch", wrong.clone()))
        .await
        .unwrap();
    assert_eq!(
        action(&plan, SetupStep::AccessApp),
        PlanAction::Update,
        "{plan:?}"
    );
    e.provisioner
        .apply(&manual(&cf, "switch", wrong))
        .await
        .unwrap();
    let apps = cf.get("/state").await["apps"].clone();
    let ids: Vec<&Value> = apps.as_array().unwrap().iter().map(|a| &a["id"]).collect();
    assert_eq!(ids.len(), 2, "setup's application is gone: {apps}");
    assert!(ids.contains(&&json!(dashboard_app_id)));
    let policies = cf.get("/state").await["policies"].clone();
    assert!(
        policies
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["name"] == "by hand" || p["name"] == "another"),
        "setup's policy is gone: {policies}"
    );

    let since = cf.calls().await.len();
    e.provisioner
        .apply(&manual(&cf, "switch", values.clone()))
        .await
        .unwrap();
    assert!(
        secret_puts(&cf, since).await >= 1,
        "the corrected secret reached the Worker"
    );
    let health = e.provisioner.health("switch").await.unwrap();
    assert!(health.healthy, "{health:?}");
    // Unchanged values put nothing again.
    let since = cf.calls().await.len();
    e.provisioner
        .apply(&manual(&cf, "switch", values))
        .await
        .unwrap();
    assert_eq!(secret_puts(&cf, since).await, 0);

    let report = e.provisioner.teardown("switch").await.unwrap();
    assert!(
        report
            .kept
            .iter()
            .any(|k| k.contains("made in the dashboard")),
        "{report:?}"
    );
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_workers_dev_subdomain_is_carried_through_and_unhealthy_until_then() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let setup = input(&cf, "moved", &[ALICE]);
    let before = e.provisioner.apply(&setup).await.unwrap();
    assert!(e.provisioner.health("moved").await.unwrap().healthy);

    cf.post("/subdomain", json!({"subdomain": "renamed"})).await;
    let health = e.provisioner.health("moved").await.unwrap();
    assert!(!health.healthy, "{health:?}");
    let plan = e.provisioner.plan(&setup).await.unwrap();
    assert_eq!(
        action(&plan, SetupStep::AccessApp),
        PlanAction::Update,
        "{plan:?}"
    );

    let after = e.provisioner.apply(&setup).await.unwrap();
    let url = after.worker_url.clone().unwrap();
    assert_ne!(Some(&url), before.worker_url.as_ref());
    let (app, _) = app_and_policy(&cf).await;
    assert_eq!(
        app["saas_app"]["redirect_uris"],
        json!([format!("{url}/callback")])
    );
    gatehouse_provision::login_challenge(&reqwest::Client::new(), &after.mcp_url().unwrap())
        .await
        .unwrap();
    let health = e.provisioner.health("moved").await.unwrap();
    assert!(health.healthy, "{health:?}");
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_deleted_in_the_dashboard_comes_back_with_a_rerun() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let setup = input(&cf, "deleted", &[ALICE]);
    e.provisioner.apply(&setup).await.unwrap();
    cf.client()
        .delete_worker(&cf.account_id, "deleted", true)
        .await
        .unwrap();

    let health = e.provisioner.health("deleted").await.unwrap();
    assert!(!health.healthy, "{health:?}");
    let attention = health.attention.expect("what needs attention");
    assert!(attention.message.contains("deleted"), "{attention:?}");
    assert!(
        !attention.fix.unwrap_or_default().contains("shortly"),
        "a deleted Worker does not come back by waiting"
    );
    let plan = e.provisioner.plan(&setup).await.unwrap();
    assert_eq!(
        action(&plan, SetupStep::UploadWorker),
        PlanAction::Create,
        "{plan:?}"
    );

    // As after an update of Gatehouse: the recorded upload is of an older bundle, so this one goes
    // up as "a new version" — which, for a deleted script, must still carry its migration.
    let store = DeploymentStore::new(e.dir.path());
    let mut older = store.load("deleted").unwrap().expect("recorded");
    older.worker_uploaded = Some("an-older-bundle".into());
    store.save(&older).unwrap();

    let state = e.provisioner.apply(&setup).await.unwrap();
    assert!(state.summary().complete);
    gatehouse_provision::login_challenge(&reqwest::Client::new(), &state.mcp_url().unwrap())
        .await
        .unwrap();
    let health = e.provisioner.health("deleted").await.unwrap();
    assert!(health.healthy, "{health:?}");
    cf.assert_no_violations().await;
}
