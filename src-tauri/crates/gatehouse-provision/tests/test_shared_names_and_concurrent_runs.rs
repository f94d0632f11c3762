//! What setup and teardown share with others: a Worker of the same name made by someone else, a
//! policy another application came to use, a second run of the same deployment (another window,
//! the CLI), a deployments folder used against another API, a policy that does not allow.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{engine, input, LocalCloudflare};
use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::{NewSaasApp, WorkerModule, WorkerUpload};
use gatehouse_ipc::{AccessSetup, AllowedUsers, ErrorCode, IpcError};
use gatehouse_provision::state::{AccessAppRecord, DeploymentStore};
use gatehouse_provision::{NoProgress, Provisioner};
use serde_json::json;

const ALICE: &str = "alice@example.com";

/// Someone's Worker, with a Durable Object whose data `force` would destroy.
fn someone_elses_worker() -> WorkerUpload {
    let module = "export class Notes { constructor(state) { this.state = state; } async fetch() { return new Response('notes'); } }\n\
                  export default { async fetch() { return new Response('not gatehouse'); } };\n";
    WorkerUpload {
        metadata: json!({
            "main_module": "index.js",
            "compatibility_date": "2025-09-01",
            "bindings": [{"type": "durable_object_namespace", "name": "NOTES", "class_name": "Notes"}],
            "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Notes"]},
        }),
        modules: vec![WorkerModule {
            name: "index.js".into(),
            content_type: "application/javascript+module".into(),
            content: bytes::Bytes::from_static(module.as_bytes()),
        }],
    }
}

fn code(e: &gatehouse_provision::ProvisionError) -> ErrorCode {
    IpcError::from(e).code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_elses_worker_is_neither_overwritten_nor_deleted() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let api = cf.client();
    api.upload_worker(&cf.account_id, "taken", &someone_elses_worker())
        .await
        .unwrap();
    let before = cf.resources().await;

    // Refused before anything is written: in the plan and in apply.
    let setup = input(&cf, "taken", &[ALICE]);
    let error = e.provisioner.plan(&setup).await.unwrap_err();
    assert_eq!(code(&error), ErrorCode::Conflict, "{error}");
    let error = e.provisioner.apply(&setup).await.unwrap_err();
    assert_eq!(code(&error), ErrorCode::Conflict, "{error}");
    assert!(error.to_string().contains("Worker"), "{error}");
    assert_eq!(cf.resources().await, before, "nothing was written");

    // A deployment whose Worker was replaced by someone else's: teardown leaves that one be.
    e.provisioner
        .apply(&input(&cf, "swapped", &[ALICE]))
        .await
        .unwrap();
    api.delete_worker(&cf.account_id, "swapped", true)
        .await
        .unwrap();
    api.upload_worker(&cf.account_id, "swapped", &someone_elses_worker())
        .await
        .unwrap();
    let report = e.provisioner.teardown("swapped").await.unwrap();
    assert!(
        report.kept.iter().any(|k| k.contains("Worker \"swapped\"")),
        "{report:?}"
    );
    let scripts = cf.get("/state").await["scripts"].clone();
    let names: Vec<&str> = scripts
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"taken") && names.contains(&"swapped"));
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teardown_forgets_a_policy_only_when_gone_or_someone_elses() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;

    // A refusal that is not "in use" stops teardown with the policy still recorded…
    e.provisioner
        .apply(&input(&cf, "refused", &[ALICE]))
        .await
        .unwrap();
    cf.post(
        "/faults",
        json!({"operation": "access-policies-delete-an-access-reusable-policy", "status": 400, "times": 2}),
    )
    .await;
    e.provisioner.teardown("refused").await.unwrap_err();
    let state = e.provisioner.deployment("refused").unwrap();
    assert!(state.policy.is_some(), "the policy is still recorded");
    // …so a second teardown removes it.
    e.provisioner.teardown("refused").await.unwrap();
    assert_eq!(cf.counts().await["policies"], 0);

    // A policy another application came to use stays, and is forgotten.
    let setup = e
        .provisioner
        .apply(&input(&cf, "shared", &[ALICE]))
        .await
        .unwrap();
    let policy_id = setup.policy.clone().unwrap().id;
    cf.client()
        .create_saas_app(
            &cf.account_id,
            &NewSaasApp {
                name: "someone's".into(),
                redirect_uris: vec!["https://elsewhere.example.com/callback".into()],
                refresh_tokens: false,
                policy_ids: vec![policy_id],
                allowed_idps: vec![],
            },
        )
        .await
        .unwrap();
    let report = e.provisioner.teardown("shared").await.unwrap();
    assert!(
        report
            .kept
            .iter()
            .any(|k| k.contains("another application uses it")),
        "{report:?}"
    );
    assert_eq!(cf.counts().await["policies"], 1);
    assert!(e.provisioner.deployments().unwrap().is_empty());
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teardown_waits_out_a_queued_application_delete_before_removing_the_policy() {
    // Cloudflare answers the application's delete 202 and carries it out a little later: the
    // policy delete right after it is refused as in use twice.
    let cf = LocalCloudflare::start_with(Some(json!({
        "identity_providers": [{"name": "PIN", "type": "onetimepin"}],
        "access": {"app_delete_holds_policy": 2},
    })));
    let e = engine(&cf).await;
    e.provisioner
        .apply(&input(&cf, "queued", &[ALICE]))
        .await
        .unwrap();
    let report = e.provisioner.teardown("queued").await.unwrap();
    assert!(
        report.removed.iter().any(|r| r.contains("Access policy")),
        "{report:?}"
    );
    assert!(
        report.kept.iter().all(|k| !k.contains("policy")),
        "{report:?}"
    );
    assert_eq!(
        cf.counts().await["policies"],
        0,
        "the policy did not stay behind"
    );
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_of_the_same_deployment_is_refused_while_the_first_runs() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    // Another process on the same settings folder (the CLI beside the app).
    let other = Provisioner::new(
        Some(cf.api.clone()),
        e.dir.path(),
        e.secrets.clone(),
        Arc::new(NoProgress),
    )
    .unwrap();
    other
        .use_token(Sensitive::new(cf.token.clone()))
        .await
        .unwrap();
    // The first run is slow to create its KV namespace.
    cf.post(
        "/faults",
        json!({"operation": "workers-kv-namespace-create-a-namespace", "delay_ms": 1500, "times": 1}),
    )
    .await;
    let setup = input(&cf, "twice", &[ALICE]);
    let first = {
        let setup = setup.clone();
        let provisioner = &e.provisioner;
        async move { provisioner.apply(&setup).await }
    };
    let second = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        other.apply(&setup).await
    };
    let (first, second) = tokio::join!(first, second);
    first.unwrap();
    let error = second.unwrap_err();
    assert!(
        error.to_string().contains("already being set up"),
        "{error}"
    );
    assert_eq!(cf.counts().await["apps"], 1);
    // Once the first is done, the other may run: it finds everything in place.
    other.apply(&setup).await.unwrap();
    assert_eq!(cf.counts().await["apps"], 1);
    assert!(e.provisioner.health("twice").await.unwrap().healthy);

    // What two runs at once used to leave behind: one application's client ID recorded with the
    // other's sign-in addresses. Every login would fail, and health says so.
    let store = DeploymentStore::new(e.dir.path());
    let mut torn = store.load("twice").unwrap().expect("recorded");
    let second = cf
        .client()
        .create_saas_app(
            &cf.account_id,
            &NewSaasApp {
                name: "Gatehouse twice".into(),
                redirect_uris: vec![format!("{}/callback", torn.worker_url.clone().unwrap())],
                refresh_tokens: true,
                policy_ids: vec![torn.policy.clone().unwrap().id],
                allowed_idps: vec![],
            },
        )
        .await
        .unwrap();
    torn.access_app = Some(AccessAppRecord {
        id: Some(second.id.clone()),
        name: "Gatehouse twice".into(),
        client_id: second.client_id.clone(),
        created: true,
    });
    store.save(&torn).unwrap();
    let health = e.provisioner.health("twice").await.unwrap();
    assert!(!health.healthy, "{health:?}");
    assert!(
        health
            .checks
            .iter()
            .any(|c| !c.ok && c.detail.contains("Logins would fail")),
        "{health:?}"
    );
    cf.assert_no_violations().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smaller_checks_policy_decision_api_and_token_whitespace() {
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;

    // A deny policy (made as the dashboard would) cannot be the one that lets users in.
    let deny: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/accounts/{}/access/policies", cf.api, cf.account_id))
        .bearer_auth(&cf.token)
        .json(&json!({"name": "blocklist", "decision": "deny", "include": [{"email": {"email": ALICE}}]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let deny_id = deny["result"]["id"]
        .as_str()
        .expect("a policy id")
        .to_string();
    let mut setup = input(&cf, "denied", &[ALICE]);
    if let AccessSetup::Automatic { allowed, .. } = &mut setup.access {
        *allowed = AllowedUsers::ExistingPolicy {
            policy_id: deny_id.clone(),
        };
    }
    let error = e.provisioner.plan(&setup).await.unwrap_err();
    assert_eq!(code(&error), ErrorCode::InvalidInput, "{error}");
    let error = e.provisioner.apply(&setup).await.unwrap_err();
    assert!(error.to_string().contains("does not allow"), "{error}");
    assert_eq!(cf.counts().await["apps"], 0);

    // A deployment is driven only against the API it was set up with.
    e.provisioner
        .apply(&input(&cf, "here", &[ALICE]))
        .await
        .unwrap();
    let elsewhere = Provisioner::new(
        Some("http://127.0.0.1:9/client/v4".into()),
        e.dir.path(),
        e.secrets.clone(),
        Arc::new(NoProgress),
    )
    .unwrap();
    for error in [
        elsewhere.deployment("here").unwrap_err(),
        elsewhere
            .plan(&input(&cf, "here", &[ALICE]))
            .await
            .unwrap_err(),
        elsewhere
            .apply(&input(&cf, "here", &[ALICE]))
            .await
            .unwrap_err(),
        elsewhere.teardown("here").await.unwrap_err(),
    ] {
        assert!(error.to_string().contains(&cf.api), "{error}");
        assert_eq!(code(&error), ErrorCode::InvalidInput);
    }

    // A token with a stray newline (CLOUDFLARE_API_TOKEN from a file) works.
    let padded = Provisioner::new(
        Some(cf.api.clone()),
        e.dir.path(),
        e.secrets.clone(),
        Arc::new(NoProgress),
    )
    .unwrap();
    padded
        .use_token(Sensitive::new(format!("{}\n", cf.token)))
        .await
        .unwrap();
    assert!(!padded.connect(None).await.unwrap().accounts.is_empty());
    cf.assert_no_violations().await;
}
