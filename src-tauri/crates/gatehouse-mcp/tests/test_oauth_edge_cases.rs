//! The client core against a small in-test MCP server with its own authorization server
//! (tests/common/oauth_server.rs), for what the project's Worker cannot produce: a long paginated
//! tool list, a server refusing the app's private-use redirect, tokens expiring within seconds,
//! a scope step-up, and revocation at logout.

mod common;

use std::time::{Duration, Instant};

use common::fixture::{approve, fixture, query_param};
use common::oauth_server::{Config, PAGE_SIZE, TOOL_COUNT};
use gatehouse_auth::login::StartedLogin;
use gatehouse_ipc::{AppEvent, ConnectOutcome};
use gatehouse_mcp::McpFailure;
use serde_json::json;
use url::Url;

#[tokio::test(flavor = "multi_thread")]
async fn list_tools_follows_every_page() {
    let f = fixture("oauth-pages", Config::default()).await;
    f.log_in_and_connect().await;

    let tools = f.explorer.list_tools(&f.id).await.unwrap();
    assert_eq!(tools.len(), TOOL_COUNT);
    assert_eq!(f.server.tool_pages(), TOOL_COUNT.div_ceil(PAGE_SIZE));
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(&names[..2], ["echo", "admin_action"]);
    assert_eq!(names.last(), Some(&"tool_120"));
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), TOOL_COUNT, "a page was repeated");

    // A tool from the last page is callable: the list is the explorer's, not just the first page.
    assert_eq!(
        f.call("tool_119", json!({})).await.unwrap(),
        "tool_119 done"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_private_use_redirect_falls_back_to_loopback() {
    let f = fixture(
        "oauth-loopback",
        Config {
            refuse_private_use_redirects: true,
            ..Config::default()
        },
    )
    .await;
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::LoginRequired { .. }
    ));

    let mut started = f.start_login().await;
    let counters = f.server.counters();
    assert_eq!(
        counters
            .refused_registrations
            .load(std::sync::atomic::Ordering::SeqCst),
        1,
        "the app's scheme was tried first"
    );
    let redirect = Url::parse(&started.redirect_uri).unwrap();
    assert_eq!(
        (redirect.scheme(), redirect.host_str(), redirect.path()),
        ("http", Some("127.0.0.1"), "/oauth/callback"),
        "{redirect}"
    );
    assert!(redirect.port().is_some());
    assert_eq!(
        query_param(&started.authorization_url, "redirect_uri").as_deref(),
        Some(started.redirect_uri.as_str())
    );
    // The explorer serves the loopback listener itself.
    assert!(started.loopback.take().is_none());

    // The browser follows the redirect to the loopback listener.
    let location = approve(&started.authorization_url).await;
    assert!(location.starts_with(&started.redirect_uri), "{location}");
    let page = reqwest::get(&location).await.unwrap();
    assert_eq!(page.status(), 200);
    let finished = f
        .events
        .wait_for(
            Duration::from_secs(5),
            |e| matches!(e, AppEvent::LoginFinished { server_id, .. } if *server_id == f.id),
        )
        .await;
    assert!(
        matches!(finished, AppEvent::LoginFinished { error: None, .. }),
        "{finished:?}"
    );
    let ConnectOutcome::Connected { info } = f.connect().await else {
        panic!("not connected after the loopback login");
    };
    assert!(info.authenticated);
    assert_eq!(f.call("echo", json!({"text": "hi"})).await.unwrap(), "hi");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_token_is_refreshed_without_a_new_login() {
    let ttl = 2;
    let f = fixture(
        "oauth-refresh",
        Config {
            access_token_ttl_secs: ttl,
            ..Config::default()
        },
    )
    .await;
    f.log_in_and_connect().await;
    let logged_in = Instant::now();
    assert_eq!(f.call("echo", json!({"text": "one"})).await.unwrap(), "one");
    assert_eq!(f.server.refreshes(), 0);

    // Past the access token's lifetime.
    let expiry = Duration::from_secs(ttl) + Duration::from_millis(200);
    tokio::time::sleep(expiry.saturating_sub(logged_in.elapsed())).await;
    assert_eq!(f.call("echo", json!({"text": "two"})).await.unwrap(), "two");
    assert!(f.server.refreshes() >= 1, "no refresh happened");
    assert_eq!(
        f.server.live_refresh_tokens(),
        1,
        "the refresh token rotated"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn insufficient_scope_leads_to_a_step_up_login() {
    let f = fixture("oauth-step-up", Config::default()).await;
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::LoginRequired { .. }
    ));
    let started = f.start_login().await;
    let scope = query_param(&started.authorization_url, "scope").unwrap_or_default();
    assert!(
        scope.split_whitespace().any(|s| s == "read")
            && !scope.split_whitespace().any(|s| s == "admin"),
        "first login asks for {scope:?}"
    );
    f.finish_with_link(&started).await;
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::Connected { .. }
    ));
    assert_eq!(f.server.live_access_scopes(), ["read"]);
    assert_eq!(f.call("echo", json!({"text": "ok"})).await.unwrap(), "ok");

    let refused = f.call("admin_action", json!({})).await.unwrap_err();
    let McpFailure::InsufficientScope { scope, challenge } = &refused else {
        panic!("expected InsufficientScope, got {refused:?}");
    };
    assert_eq!(scope.as_deref(), Some("read admin"));
    assert!(challenge
        .as_deref()
        .is_some_and(|c| c.contains("insufficient_scope")));

    // The next login asks for the scope the server named.
    let started = f.start_login().await;
    let scope = query_param(&started.authorization_url, "scope").unwrap_or_default();
    assert!(
        scope.split_whitespace().any(|s| s == "admin")
            && scope.split_whitespace().any(|s| s == "read"),
        "step-up login asks for {scope:?}"
    );
    f.finish_with_link(&started).await;
    // As the app does on `login_finished`: reconnect, so the session carries the new token.
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::Connected { .. }
    ));
    assert_eq!(
        f.call("admin_action", json!({})).await.unwrap(),
        "admin action done"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_revokes_and_the_server_asks_again() {
    let f = fixture("oauth-logout", Config::default()).await;
    f.log_in_and_connect().await;
    assert_eq!(f.call("echo", json!({"text": "x"})).await.unwrap(), "x");
    assert_eq!(f.server.live_refresh_tokens(), 1);

    f.explorer.logout(&f.id).await.unwrap();
    assert_eq!(f.server.revocations(), 1);
    assert_eq!(f.server.live_refresh_tokens(), 0, "the grant was revoked");
    assert!(f.server.live_access_scopes().is_empty());
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::LoginRequired { .. }
    ));
    assert!(matches!(
        f.explorer.list_tools(&f.id).await,
        Err(McpFailure::NotConnected)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_completed_login_leaves_a_registration_to_reuse() {
    // A server may let a registration that never completes a login expire (the Worker does after an
    // hour): reusing an abandoned login's client id would later fail in the browser.
    let f = fixture("oauth-registration-reuse", Config::default()).await;
    let registrations = || {
        f.server
            .counters()
            .registrations
            .load(std::sync::atomic::Ordering::SeqCst)
    };
    let client_of = |started: &StartedLogin| query_param(&started.authorization_url, "client_id");
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::LoginRequired { .. }
    ));

    let abandoned = f.start_login().await;
    let retried = f.start_login().await;
    assert_eq!(
        registrations(),
        2,
        "the abandoned login's client is not reused"
    );
    assert_ne!(client_of(&abandoned), client_of(&retried));

    f.finish_with_link(&retried).await;
    let again = f.start_login().await;
    assert_eq!(registrations(), 2, "a completed login's client is reused");
    assert_eq!(client_of(&again), client_of(&retried));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_lists_tools_without_schemas_and_gets_one_whole_from_the_kept_list() {
    let f = fixture("oauth-tool-detail", Config::default()).await;
    f.log_in_and_connect().await;

    let summaries = f.explorer.list_tool_summaries(&f.id).await.unwrap();
    assert_eq!(summaries.len(), TOOL_COUNT);
    let listed = serde_json::to_value(&summaries[0]).unwrap();
    assert_eq!(listed["name"], "echo");
    assert!(listed.get("inputSchema").is_none(), "{listed}");
    let pages = f.server.tool_pages();

    let echo = f.explorer.tool_detail(&f.id, "echo", 0).await.unwrap();
    assert_eq!(echo.name, "echo");
    assert_eq!(echo.description, summaries[0].description);
    assert_eq!(echo.input_schema["type"], "object");
    let last = f.explorer.tool_detail(&f.id, "tool_120", 0).await.unwrap();
    assert_eq!(last.name, "tool_120");
    assert_eq!(f.server.tool_pages(), pages, "the server was asked again");

    for (name, occurrence) in [("nope", 0), ("echo", 1)] {
        let failure = f.explorer.tool_detail(&f.id, name, occurrence).await;
        assert!(
            matches!(&failure, Err(McpFailure::NotFound(what)) if what.contains(name)),
            "{failure:?}"
        );
    }
}
