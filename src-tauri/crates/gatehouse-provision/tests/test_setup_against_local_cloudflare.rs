//! The whole story against the local Cloudflare: plan, apply, the Worker asks for a login, an
//! allowed user logs in through the client core and whoami names them, someone outside the policy
//! is refused, a re-run changes nothing, and teardown leaves the account as it was.

mod common;

use std::sync::Arc;

use common::{engine, input, play_browser, LocalCloudflare};
use gatehouse_auth::login::RedirectPreference;
use gatehouse_auth::MemorySecretStore;
use gatehouse_ipc::{
    AppEvent, ConnectOutcome, ErrorCode, PlanAction, ServerProfileInput, SetupStep, StepState,
    ToolCallRequest,
};
use gatehouse_mcp::{Explorer, NoEvents};
use serde_json::json;

const ALICE: &str = "alice@example.com";
const MALLORY: &str = "mallory@example.org";

async fn explorer_for(mcp_url: &str) -> (Arc<Explorer>, String, tempfile::TempDir) {
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
            url: mcp_url.into(),
            headers: vec![],
            timeout_secs: 30,
            oauth_client_id: None,
            oauth_client_secret: None,
        })
        .await
        .unwrap();
    (explorer, server.id, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_apply_login_refuse_rerun_and_teardown() {
    let cf = LocalCloudflare::with_pin_login();
    let before = cf.resources().await;
    let e = engine(&cf).await;
    let setup = input(&cf, "team-mcp", &[ALICE]);

    // The plan reads only.
    let plan = e.provisioner.plan(&setup).await.unwrap();
    let action = |step: SetupStep| plan.steps.iter().find(|s| s.step == step).unwrap().action;
    assert_eq!(action(SetupStep::IdentityProvider), PlanAction::Reuse);
    assert_eq!(action(SetupStep::Policy), PlanAction::Create);
    assert_eq!(action(SetupStep::KvNamespace), PlanAction::Create);
    assert_eq!(action(SetupStep::UploadWorker), PlanAction::Create);
    assert_eq!(action(SetupStep::AccessApp), PlanAction::Create);
    assert!(!plan.resumes);
    assert_eq!(
        plan.worker_url.as_deref(),
        Some("https://team-mcp.gatehouse-local.workers.dev")
    );
    assert_eq!(cf.resources().await, before, "plan changed something");
    assert!(e.provisioner.deployments().unwrap().is_empty());

    // Apply, with a progress event for each step.
    let state = e.provisioner.apply(&setup).await.unwrap();
    let summary = state.summary();
    assert!(summary.complete, "{summary:?}");
    let mcp = summary.mcp_url.clone().unwrap();
    assert!(mcp.starts_with("http://127.0.0.1:"), "{mcp}");
    let finished: Vec<(SetupStep, StepState)> = e
        .events
        .all()
        .into_iter()
        .filter_map(|ev| match ev {
            AppEvent::SetupProgress { step, state, .. } if state != StepState::Running => {
                Some((step, state))
            }
            _ => None,
        })
        .collect();
    assert_eq!(finished.len(), 11, "{finished:?}");
    assert!(
        finished.iter().all(|(_, s)| *s == StepState::Done),
        "{finished:?}"
    );
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 1, "scripts": 1})
    );

    // Nothing secret in the state file; the secrets are in the keychain.
    let file = std::fs::read_to_string(e.dir.path().join("deployments/team-mcp.json")).unwrap();
    let app = &cf.get("/state").await["apps"][0];
    assert!(!file.contains(&cf.token));
    let client_secret = e
        .secrets
        .get("deployment:team-mcp:access-client-secret")
        .unwrap()
        .expect("the client secret is in the keychain");
    let cookie_key = e
        .secrets
        .get("deployment:team-mcp:cookie-key")
        .unwrap()
        .expect("the cookie key is in the keychain");
    assert!(!file.contains(&client_secret) && !file.contains(&cookie_key));
    let callback = app["saas_app"]["redirect_uris"][0].as_str().unwrap();
    assert!(callback.ends_with("/callback"));

    // The app is provisioned as it is tested: PKCE enforced (Access enforces it only with this
    // grant type) and every scope the Worker asks for, so the login below runs against exactly it.
    assert_eq!(
        app["saas_app"]["grant_types"],
        json!(["authorization_code_with_pkce", "refresh_tokens"])
    );
    assert_eq!(
        app["saas_app"]["scopes"],
        json!(["openid", "email", "profile", "groups"])
    );
    let client_id = app["saas_app"]["client_id"].as_str().unwrap();
    let authorization = reqwest::Url::parse_with_params(
        &format!(
            "http://{}/cdn-cgi/access/sso/oidc/{client_id}/authorization",
            cf.auth_domain
        ),
        &[
            ("client_id", client_id),
            ("redirect_uri", callback),
            ("response_type", "code"),
            ("scope", "openid email profile groups"),
            ("state", "s"),
            ("nonce", "n"),
        ],
    )
    .unwrap();
    let without_pkce = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(authorization)
        .send()
        .await
        .unwrap();
    let refused = without_pkce
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default();
    assert!(
        refused.starts_with(callback) && refused.contains("error=invalid_request"),
        "an authorization request without PKCE must be refused: {refused}"
    );

    // The Worker asks for a login…
    gatehouse_provision::login_challenge(&reqwest::Client::new(), &mcp)
        .await
        .unwrap();

    // …an allowed user logs in through the client core, and whoami names them…
    let (explorer, server_id, _dir) = explorer_for(&mcp).await;
    let outcome = explorer.connect(&server_id).await.unwrap();
    assert!(
        matches!(outcome, ConnectOutcome::LoginRequired { .. }),
        "{outcome:?}"
    );
    let started = explorer
        .start_login(&server_id, RedirectPreference::AppScheme)
        .await
        .unwrap();
    let link = play_browser(&started.authorization_url, ALICE, false).unwrap();
    assert_eq!(explorer.handle_link(&link).await.unwrap(), server_id);
    explorer.connect(&server_id).await.unwrap();
    let whoami = explorer
        .call_tool(ToolCallRequest {
            server_id: server_id.clone(),
            call_id: "c1".into(),
            name: "whoami".into(),
            arguments: json!({}),
        })
        .await
        .unwrap();
    let text = whoami.first_text().unwrap();
    assert!(text.contains(ALICE), "{text}");

    // …and someone outside the policy is refused at login: by Access's block page, or, with the
    // stand-in's option, back in the app with the refusal.
    let (outsider, outsider_id, _dir2) = explorer_for(&mcp).await;
    outsider.connect(&outsider_id).await.unwrap();
    let started = outsider
        .start_login(&outsider_id, RedirectPreference::AppScheme)
        .await
        .unwrap();
    let blocked = play_browser(&started.authorization_url, MALLORY, false).unwrap_err();
    assert!(blocked.contains("access_blocked"), "{blocked}");
    cf.post("/access/refusal", json!({"refusal": "error-redirect"}))
        .await;
    let started = outsider
        .start_login(&outsider_id, RedirectPreference::AppScheme)
        .await
        .unwrap();
    let link = play_browser(&started.authorization_url, MALLORY, false)
        .expect("the refusal redirects back to the app");
    let error = outsider.handle_link(&link).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::LoginFailed, "{link}: {error:?}");
    cf.post("/access/refusal", json!({"refusal": "block-page"}))
        .await;
    assert!(matches!(
        outsider.connect(&outsider_id).await.unwrap(),
        ConnectOutcome::LoginRequired { .. }
    ));

    // A re-run finds everything in place and creates nothing.
    let calls_before = cf.calls().await.len();
    let again = e.provisioner.apply(&setup).await.unwrap();
    assert!(again.summary().complete);
    let creations: Vec<_> = cf.calls().await[calls_before..]
        .iter()
        .filter(|c| c["method"] == "POST" && c["operationId"] != "worker-script-post-subdomain")
        .cloned()
        .collect();
    assert!(creations.is_empty(), "a re-run created {creations:?}");
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 1, "scripts": 1})
    );

    // Teardown leaves the account as it was, and forgets the deployment.
    let report = e.provisioner.teardown("team-mcp").await.unwrap();
    assert_eq!(report.removed.len(), 5, "{report:?}");
    assert!(report.kept.is_empty(), "{report:?}");
    assert_eq!(cf.resources().await, before);
    assert!(e.provisioner.deployments().unwrap().is_empty());
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_account_gets_a_one_time_pin_login_which_teardown_keeps() {
    let cf = LocalCloudflare::start_with(Some(json!({})));
    let e = engine(&cf).await;
    let setup = input(&cf, "pin-mcp", &[ALICE]);
    let plan = e.provisioner.plan(&setup).await.unwrap();
    assert_eq!(
        plan.steps
            .iter()
            .find(|s| s.step == SetupStep::IdentityProvider)
            .unwrap()
            .action,
        PlanAction::Create
    );
    e.provisioner.apply(&setup).await.unwrap();
    let app = &cf.get("/state").await["apps"][0];
    let idp = &cf.get("/state").await["identity_providers"][0];
    assert_eq!(idp["type"], "onetimepin");
    assert_eq!(app["allowed_idps"][0], idp["id"]);
    let report = e.provisioner.teardown("pin-mcp").await.unwrap();
    assert_eq!(report.kept.len(), 1, "{report:?}");
    assert!(report.kept[0].contains("Login method"));
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 0, "apps": 0, "kv_namespaces": 0, "scripts": 0})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_manual_path_checks_and_uses_the_pasted_values() {
    use gatehouse_cloudflare::{AccessRule, CloudflareApi, NewPolicy, NewSaasApp};
    use gatehouse_ipc::{AccessSetup, ManualAccess, SetupInput};

    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    // What the user does in the dashboard: a policy and an Access for SaaS application.
    let api =
        CloudflareApi::new(&cf.api, gatehouse_auth::Sensitive::new(cf.token.clone())).unwrap();
    let redirect = e
        .provisioner
        .redirect_url(&cf.account_id, "manual-mcp")
        .await
        .unwrap();
    assert_eq!(
        redirect,
        "https://manual-mcp.gatehouse-local.workers.dev/callback"
    );
    let policy = api
        .create_policy(
            &cf.account_id,
            &NewPolicy {
                name: "by hand".into(),
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
                name: "by hand".into(),
                redirect_uris: vec![redirect],
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
    let issuer = format!(
        "http://{auth_domain}/cdn-cgi/access/sso/oidc/{}",
        app.client_id
    );
    let manual = ManualAccess {
        client_id: app.client_id.clone(),
        client_secret: app.client_secret.clone().unwrap().into_inner(),
        discovery_url: format!("{issuer}/.well-known/openid-configuration"),
    };

    // A wrong URL is refused with a fix; the right one names the issuer.
    let wrong = ManualAccess {
        discovery_url: format!("{}/nothing-here", cf.local),
        ..manual.clone()
    };
    let error =
        gatehouse_ipc::IpcError::from(e.provisioner.check_manual(&wrong).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
    assert!(error.fix.is_some());
    let checked = e.provisioner.check_manual(&manual).await.unwrap();
    assert!(checked.token_endpoint.ends_with("/token"));

    let setup = SetupInput {
        name: "manual-mcp".into(),
        account_id: cf.account_id.clone(),
        access: AccessSetup::Manual(manual),
    };
    let state = e.provisioner.apply(&setup).await.unwrap();
    assert!(state.summary().complete && state.summary().manual_access);
    gatehouse_provision::login_challenge(&reqwest::Client::new(), &state.mcp_url().unwrap())
        .await
        .unwrap();
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 1, "scripts": 1}),
        "nothing Access-side was created"
    );
    let report = e.provisioner.teardown("manual-mcp").await.unwrap();
    assert!(
        report
            .kept
            .iter()
            .any(|k| k.contains("made in the dashboard")),
        "{report:?}"
    );
    assert_eq!(
        cf.counts().await,
        json!({"identity_providers": 1, "policies": 1, "apps": 1, "kv_namespaces": 0, "scripts": 0})
    );
}
