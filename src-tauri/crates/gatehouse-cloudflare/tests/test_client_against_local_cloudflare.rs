//! The client against the local Cloudflare (tests/cloudflare), which checks every request and
//! answer against the contract: every operation, missing permissions, bad tokens, retries and
//! paging. Needs Node 22 and `make deps` (npm ci in tests/cloudflare and tests/access).

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::{fixture_worker, tiny_worker, LocalCloudflare};
use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::operations::{
    CREATE_KV_NAMESPACE, DELETE_APP, DELETE_WORKER, GET_SUBDOMAIN, PUT_SECRET,
};
use gatehouse_cloudflare::{AccessRule, CloudflareError, NewPolicy, NewSaasApp, RetryPolicy};
use serde_json::{json, Value};

const SCRIPT: &str = "gatehouse-test";

/// Neither the Debug nor the Display of an error shows a secret.
fn assert_hidden(e: &CloudflareError, secrets: &[&str]) {
    for secret in secrets {
        assert!(!format!("{e:?}").contains(secret), "{e:?}");
        assert!(!e.to_string().contains(secret), "{e}");
    }
}

async fn get_json(url: &str) -> Value {
    let response = reqwest::get(url).await.expect("the Worker answers");
    assert!(
        response.status().is_success(),
        "GET {url}: {}",
        response.status()
    );
    response.json().await.expect("JSON from the Worker")
}

/// A setup and a teardown, as the provisioning engine runs them, through all 18 operations.
#[tokio::test]
async fn every_operation_of_a_setup_and_a_teardown() {
    let cf = LocalCloudflare::start();
    let api = cf.client();
    let account = cf.account_id.as_str();
    assert!(api.is_loopback());
    assert_eq!(api.base().as_str(), cf.api);
    assert!(!format!("{api:?}").contains(&cf.token));

    let token = api.verify_token().await.expect("verify");
    assert_eq!(token.status, "active");
    assert!(!token.id.is_empty());
    let accounts = api.list_accounts().await.expect("accounts");
    assert!(accounts
        .iter()
        .any(|a| a.id == cf.account_id && !a.name.is_empty()));
    let org = api
        .zero_trust_organization(account)
        .await
        .expect("organization");
    assert_eq!(org.auth_domain, cf.auth_domain);

    // Login method.
    assert_eq!(
        api.list_identity_providers(account).await.expect("idps"),
        vec![]
    );
    let pin = api
        .create_one_time_pin(account, "One-time PIN")
        .await
        .expect("add PIN");
    assert_eq!(
        (pin.name.as_str(), pin.kind.as_str()),
        ("One-time PIN", "onetimepin")
    );
    assert_eq!(
        api.list_identity_providers(account).await.expect("idps"),
        vec![pin.clone()]
    );

    // Policy.
    let include = vec![
        AccessRule::email("ada@example.com"),
        AccessRule::email_domain("example.org"),
    ];
    let new_policy = NewPolicy {
        name: "gatehouse-test users".into(),
        include: include.clone(),
        session_duration: Some("24h".into()),
    };
    let policy = api
        .create_policy(account, &new_policy)
        .await
        .expect("create policy");
    assert_eq!(
        (policy.decision.as_str(), &policy.include),
        ("allow", &include)
    );
    let listed = api.list_policies(account).await.expect("policies");
    let found = listed
        .iter()
        .find(|p| p.id == policy.id)
        .expect("the new policy is listed");
    assert_eq!(
        (found.name.as_str(), &found.include),
        ("gatehouse-test users", &include)
    );

    // KV, and a title that is taken.
    let kv = api
        .create_kv_namespace(account, "gatehouse-test-oauth")
        .await
        .expect("create kv");
    assert_eq!(kv.title, "gatehouse-test-oauth");
    let taken = api
        .create_kv_namespace(account, "gatehouse-test-oauth")
        .await
        .expect_err("taken");
    assert!(
        matches!(
            taken,
            CloudflareError::Rejected {
                status: 400,
                code: Some(10014),
                ..
            }
        ),
        "{taken:?}"
    );

    // Worker: upload, secret, re-upload keeping secrets, workers.dev.
    let upload = fixture_worker(&kv.id);
    let first = api
        .upload_worker(account, SCRIPT, &upload)
        .await
        .expect("upload");
    assert!(first.id.is_some() || first.etag.is_some(), "{first:?}");
    let secret = Sensitive::new("s3cret-value-for-the-worker".to_string());
    api.put_worker_secret(account, SCRIPT, "API_SECRET", &secret)
        .await
        .expect("secret");
    let mut again = fixture_worker(&kv.id);
    let metadata = again.metadata.as_object_mut().expect("metadata object");
    metadata.remove("migrations");
    metadata.insert("keep_bindings".into(), json!(["secret_text"]));
    api.upload_worker(account, SCRIPT, &again)
        .await
        .expect("re-upload");
    assert_eq!(
        api.workers_subdomain(account).await.expect("subdomain"),
        cf.workers_subdomain
    );
    api.enable_workers_dev(account, SCRIPT)
        .await
        .expect("enable workers.dev");
    let origin = cf.worker_url(SCRIPT).await;
    let seen = get_json(&format!("{origin}/env?name=API_SECRET")).await;
    assert_eq!(
        seen["value"],
        secret.expose().as_str(),
        "the secret survived the re-upload"
    );

    // Access for SaaS application.
    let new_app = NewSaasApp {
        name: "gatehouse-test".into(),
        redirect_uris: vec![format!("{origin}/callback")],
        refresh_tokens: true,
        policy_ids: vec![policy.id.clone()],
        allowed_idps: vec![pin.id.clone()],
    };
    let app = api
        .create_saas_app(account, &new_app)
        .await
        .expect("create app");
    let client_secret = app
        .client_secret
        .clone()
        .expect("the secret comes with the create answer");
    assert_eq!(client_secret.expose().len(), 64);
    assert_eq!(app.client_id.len(), 64);
    assert_eq!(app.redirect_uris, new_app.redirect_uris);
    assert!(!format!("{app:?}").contains(client_secret.expose()));
    let read = api
        .get_app(account, &app.id)
        .await
        .expect("get app")
        .expect("it exists");
    assert_eq!(
        (read.id.as_str(), read.client_id.as_str()),
        (app.id.as_str(), app.client_id.as_str())
    );
    assert_eq!(read.client_secret, None, "never returned again");
    assert_eq!(read.aud, app.aud);

    // Teardown; a policy still used by the app cannot go first.
    let in_use = api
        .delete_policy(account, &policy.id)
        .await
        .expect_err("still used");
    assert!(
        matches!(in_use, CloudflareError::Rejected { status: 400, .. }),
        "{in_use:?}"
    );
    api.delete_app(account, &app.id).await.expect("delete app");
    assert!(api
        .get_app(account, &app.id)
        .await
        .expect("get app")
        .is_none());
    let gone = api
        .delete_app(account, &app.id)
        .await
        .expect_err("already gone");
    assert!(
        matches!(gone, CloudflareError::NotFound { operation, .. } if operation == DELETE_APP.id),
        "{gone:?}"
    );
    api.delete_policy(account, &policy.id)
        .await
        .expect("delete policy");
    assert!(api
        .list_policies(account)
        .await
        .expect("policies")
        .is_empty());
    api.delete_worker(account, SCRIPT, true)
        .await
        .expect("delete worker");
    let gone = api
        .delete_worker(account, SCRIPT, true)
        .await
        .expect_err("already gone");
    assert!(
        matches!(gone, CloudflareError::NotFound { operation, .. } if operation == DELETE_WORKER.id),
        "{gone:?}"
    );
    api.delete_kv_namespace(account, &kv.id)
        .await
        .expect("delete kv");
    let gone = api
        .delete_kv_namespace(account, &kv.id)
        .await
        .expect_err("already gone");
    assert!(matches!(gone, CloudflareError::NotFound { .. }), "{gone:?}");

    let state = cf.get("/state").await;
    for kind in ["policies", "apps", "kv_namespaces", "scripts"] {
        assert_eq!(state[kind], json!([]), "{kind} left behind");
    }
    let secrets = [
        cf.token.as_str(),
        secret.expose().as_str(),
        client_secret.expose().as_str(),
    ];
    for e in [&taken, &in_use, &gone] {
        assert_hidden(e, &secrets);
    }
    // One request per call (no retries here), each one of the contract's operations.
    let calls = cf.calls().await;
    assert_eq!(calls.len() as u64, api.calls_made());
    assert!(
        calls.iter().all(|c| c["operationId"].is_string()),
        "{calls:?}"
    );
    let operations: HashSet<&str> = calls
        .iter()
        .filter_map(|c| c["operationId"].as_str())
        .collect();
    assert_eq!(operations.len(), 18, "{operations:?}");
    cf.assert_no_violations().await;
}

#[tokio::test]
async fn a_token_without_the_permission_names_the_group_to_add() {
    let cf = LocalCloudflare::start();
    let account = cf.account_id.as_str();
    let token = cf.mint_token(&["Workers Scripts Read"], "active").await;
    let api = cf.client_with(&token);

    api.verify_token().await.expect("any valid token verifies");
    assert_eq!(
        api.workers_subdomain(account)
            .await
            .expect("read is enough"),
        cf.workers_subdomain
    );
    let kv = api
        .create_kv_namespace(account, "nope")
        .await
        .expect_err("no KV permission");
    match &kv {
        CloudflareError::MissingPermission {
            operation,
            permissions,
        } => {
            assert_eq!(*operation, CREATE_KV_NAMESPACE.id);
            assert_eq!(permissions, &["Workers KV Storage Write"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        kv.to_string(),
        "Cloudflare refused the API token: it lacks the permission \"Workers KV Storage Write\", \
         needed to create a KV namespace."
    );
    assert_eq!((kv.status(), kv.code()), (Some(403), Some(10000)));
    // The contract names no group for deleting an app; the siblings' one is asked for.
    let app = api
        .delete_app(account, "00000000-0000-0000-0000-000000000000")
        .await
        .expect_err("no Access permission");
    assert!(
        matches!(&app, CloudflareError::MissingPermission { permissions, .. } if permissions == &["Access: Apps and Policies Write"]),
        "{app:?}"
    );
    let upload = api
        .upload_worker(account, SCRIPT, &tiny_worker())
        .await
        .expect_err("read only");
    assert!(
        upload.to_string().contains("\"Workers Scripts Write\""),
        "{upload}"
    );
    // Another account is refused the same way.
    let other = api
        .zero_trust_organization("0123456789abcdef0123456789abcdef")
        .await
        .expect_err("not its account");
    assert!(
        matches!(other, CloudflareError::MissingPermission { .. }),
        "{other:?}"
    );

    // Unknown, disabled and expired tokens.
    let unknown = cf.client_with("not-a-real-token-0000000000");
    let e1 = unknown.verify_token().await.expect_err("unknown");
    let e2 = unknown.list_accounts().await.expect_err("unknown");
    assert!(matches!(
        (&e1, &e2),
        (CloudflareError::InvalidToken, CloudflareError::InvalidToken)
    ));
    let disabled_token = cf.mint_token(&["Workers Scripts Write"], "disabled").await;
    let disabled = cf.client_with(&disabled_token);
    assert_eq!(
        disabled
            .token_status()
            .await
            .expect("verify answers")
            .status,
        "disabled"
    );
    let e3 = disabled.verify_token().await.expect_err("disabled");
    assert!(matches!(e3, CloudflareError::InvalidToken), "{e3:?}");

    for e in [&kv, &app, &upload, &other, &e1, &e2, &e3] {
        assert_hidden(
            e,
            &[
                &cf.token,
                &token,
                &disabled_token,
                "not-a-real-token-0000000000",
            ],
        );
    }
    assert!(!format!("{api:?}{unknown:?}{disabled:?}").contains(&token));
    cf.assert_no_violations().await;
}

#[tokio::test]
async fn busy_answers_are_retried_until_the_attempts_run_out() {
    let cf = LocalCloudflare::start();
    let account = cf.account_id.as_str();
    let api = cf.client();
    api.upload_worker(account, SCRIPT, &tiny_worker())
        .await
        .expect("upload");
    let value = Sensitive::new("v1".to_string());

    // One 429 with Retry-After: 1 → the second attempt, a second later, succeeds.
    cf.post(
        "/faults",
        json!({"operation": PUT_SECRET.id, "status": 429, "retry_after": 1, "times": 1}),
    )
    .await;
    let before = api.calls_made();
    let started = Instant::now();
    api.put_worker_secret(account, SCRIPT, "S", &value)
        .await
        .expect("succeeds on retry");
    assert_eq!(api.calls_made() - before, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After honoured"
    );
    let statuses: Vec<u64> = cf
        .calls()
        .await
        .iter()
        .filter(|c| c["operationId"] == PUT_SECRET.id)
        .filter_map(|c| c["status"].as_u64())
        .collect();
    assert_eq!(statuses, vec![429, 200]);

    // A 503 that lasts: Unavailable after max_attempts, quickly with a fast policy.
    cf.post(
        "/faults",
        json!({"operation": GET_SUBDOMAIN.id, "status": 503, "times": 10}),
    )
    .await;
    let fast = api.clone().with_retry(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    });
    let before = fast.calls_made();
    let started = Instant::now();
    let e = fast
        .workers_subdomain(account)
        .await
        .expect_err("still busy");
    assert!(
        matches!(e, CloudflareError::Unavailable { operation, status: Some(503), attempts: 3 } if operation == GET_SUBDOMAIN.id),
        "{e:?}"
    );
    assert_eq!(fast.calls_made() - before, 3);
    assert_eq!(
        api.calls_made(),
        fast.calls_made(),
        "clones share the counter"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        e.is_transient() && e.to_string().contains("3 attempt(s)"),
        "{e}"
    );
    assert_hidden(&e, &[&cf.token]);

    cf.clear_faults().await;
    assert_eq!(
        fast.workers_subdomain(account).await.expect("well again"),
        cf.workers_subdomain
    );
    api.delete_worker(account, SCRIPT, false)
        .await
        .expect("delete");
    cf.assert_no_violations().await;
}

/// Accounts page by 50 with `page`/`per_page`. The login method and policy lists have no paging
/// parameters in the contract: one request without any reads a list of up to a page.
#[tokio::test]
async fn lists_are_read_to_the_last_page() {
    let idps: Vec<Value> = (0..7)
        .map(|i| json!({"name": format!("PIN {i}"), "type": "onetimepin"}))
        .collect();
    let cf = LocalCloudflare::start_with(Some(json!({"accounts": 53, "identity_providers": idps})));
    let api = cf.client();

    let accounts = api.list_accounts().await.expect("accounts");
    assert_eq!(accounts.len(), 53);
    assert_eq!(
        accounts.iter().map(|a| &a.id).collect::<HashSet<_>>().len(),
        53
    );
    assert_eq!(api.calls_made(), 2, "50 per page");
    let listed = api
        .list_identity_providers(&cf.account_id)
        .await
        .expect("idps");
    assert_eq!(listed.len(), 7);
    assert!(listed.iter().all(|p| p.kind == "onetimepin"));
    assert_eq!(api.calls_made(), 3, "one page");
    cf.assert_no_violations().await;
}

/// A 5xx to a create may come after Cloudflare carried it out: sending it again could make a
/// second one, so the create is sent once and the caller is told the outcome is unknown. A read
/// answered 5xx is still retried.
#[tokio::test]
async fn a_create_answered_5xx_is_not_sent_again() {
    let cf = LocalCloudflare::start();
    let account = cf.account_id.as_str();
    let api = cf.client().with_retry(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    });
    for status in [500, 502, 503, 504] {
        cf.post(
            "/faults",
            json!({"operation": CREATE_KV_NAMESPACE.id, "status": status, "times": 1}),
        )
        .await;
        let before = api.calls_made();
        let e = api
            .create_kv_namespace(account, "once")
            .await
            .expect_err("answered 5xx");
        assert!(
            matches!(e, CloudflareError::Uncertain { status: s, .. } if s == status),
            "{status}: {e:?}"
        );
        assert_eq!(api.calls_made() - before, 1, "{status}: sent again");
        assert!(
            e.is_transient() && e.to_string().contains("may or may not"),
            "{e}"
        );
    }
    // A 429 means it was not carried out: retried.
    cf.post(
        "/faults",
        json!({"operation": CREATE_KV_NAMESPACE.id, "status": 429, "retry_after": 0, "times": 1}),
    )
    .await;
    let before = api.calls_made();
    let kv = api
        .create_kv_namespace(account, "once")
        .await
        .expect("retried");
    assert_eq!(api.calls_made() - before, 2);
    // A read answered 502 is retried.
    cf.post(
        "/faults",
        json!({"operation": GET_SUBDOMAIN.id, "status": 502, "times": 1}),
    )
    .await;
    let before = api.calls_made();
    api.workers_subdomain(account).await.expect("retried");
    assert_eq!(api.calls_made() - before, 2);
    api.delete_kv_namespace(account, &kv.id)
        .await
        .expect("delete");
    cf.assert_no_violations().await;
}
