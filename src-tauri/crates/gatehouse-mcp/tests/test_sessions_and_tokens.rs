//! Sessions and tokens under stress: a redirect to another host, a confidential client's refresh
//! after a restart, a refresh that fails, two servers sharing one login, a slow close, a logout
//! that cannot reach the server, a session that dies, and connects racing logout and delete.

mod common;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use common::fixture::fixture;
use common::oauth_server::Config;
use common::Events;
use gatehouse_auth::MemorySecretStore;
use gatehouse_ipc::{AppEvent, ConnectOutcome, ErrorCode, IpcError, ServerProfileInput};
use gatehouse_mcp::{connect, ConnectTarget, Connected, McpFailure};
use serde_json::json;
use url::Url;

fn confidential() -> Option<(String, String)> {
    Some(("preregistered-app".into(), "client-s3cr3t".into()))
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

#[tokio::test(flavor = "multi_thread")]
async fn secret_headers_and_the_body_never_follow_a_redirect_to_another_host() {
    type Seen = Arc<Mutex<Vec<(HeaderMap, String)>>>;
    let seen: Seen = Arc::default();
    let capture = {
        let seen = seen.clone();
        Router::new().route(
            "/capture",
            post(move |headers: HeaderMap, body: String| async move {
                seen.lock().unwrap().push((headers, body));
                StatusCode::OK
            }),
        )
    };
    let elsewhere = serve(capture).await;
    let redirecting = Router::new().route(
        "/mcp",
        post(move || async move {
            (
                StatusCode::TEMPORARY_REDIRECT,
                [("location", format!("{elsewhere}/capture"))],
            )
                .into_response()
        }),
    );
    let server = serve(redirecting).await;

    let target = ConnectTarget {
        server_id: "redirected".into(),
        url: Url::parse(&format!("{server}/mcp")).unwrap(),
        headers: vec![("X-Api-Key".into(), "api-key-s3cr3t".into())],
        timeout: Duration::from_secs(5),
        oauth_client_id: None,
        oauth_client_secret: None,
    };
    let secrets = Arc::new(MemorySecretStore::new());
    let outcome = connect(&(secrets as _), target, Arc::new(Events::default())).await;
    assert!(
        outcome.is_err(),
        "a redirect to another host is not a session"
    );
    let seen = seen.lock().unwrap();
    assert!(
        seen.is_empty(),
        "the other host received {} request(s)",
        seen.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_confidential_client_refreshes_after_a_restart() {
    let ttl = 2;
    let f = fixture(
        "confidential-refresh",
        Config {
            confidential_client: confidential(),
            access_token_ttl_secs: ttl,
            ..Config::default()
        },
    )
    .await;
    f.log_in_and_connect().await;
    let restarted = f.restart();
    tokio::time::sleep(Duration::from_millis(ttl * 1000 + 300)).await;

    let ConnectOutcome::Connected { info } = restarted.connect(&f.id).await.unwrap() else {
        panic!("the restored login did not refresh");
    };
    assert!(info.authenticated);
    assert_eq!(f.server.refreshes(), 1);
    assert_eq!(
        f.server
            .counters()
            .refused_client_auth
            .load(Ordering::SeqCst),
        0,
        "a request went without the client secret"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refresh_that_fails_offers_a_login_with_the_reason() {
    let ttl = 2;
    let f = fixture(
        "refresh-fails",
        Config {
            refresh_error: Some("temporarily_unavailable".into()),
            access_token_ttl_secs: ttl,
            ..Config::default()
        },
    )
    .await;
    f.log_in_and_connect().await;
    tokio::time::sleep(Duration::from_millis(ttl * 1000 + 300)).await;

    // In a session: the call says the login could not be renewed, and offers a login.
    let failed = f.call("echo", json!({"text": "x"})).await.unwrap_err();
    assert!(matches!(failed, McpFailure::RenewalFailed(_)), "{failed:?}");
    let error: IpcError = failed.into();
    assert_eq!(error.code, ErrorCode::AuthRequired);
    assert!(
        error.message.contains("temporarily_unavailable"),
        "{error:?}"
    );

    // Connecting again: a login is offered with the real reason, not "could not reach".
    let ConnectOutcome::LoginRequired { reason } = f.connect().await else {
        panic!("no login offered");
    };
    assert_eq!(reason.code, ErrorCode::AuthRequired);
    assert!(
        reason.message.contains("could not be renewed")
            && reason.message.contains("temporarily_unavailable"),
        "{reason:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn servers_sharing_a_login_refresh_without_wiping_it() {
    let ttl = 2;
    let f = fixture(
        "shared-login-refresh",
        Config {
            access_token_ttl_secs: ttl,
            ..Config::default()
        },
    )
    .await;
    let twin = f.add_twin().await;
    f.log_in_and_connect().await;
    assert!(matches!(
        f.explorer.connect(&twin).await.unwrap(),
        ConnectOutcome::Connected { .. }
    ));
    tokio::time::sleep(Duration::from_millis(ttl * 1000 + 300)).await;

    // The first refresh rotates the refresh token the twin has cached.
    assert_eq!(f.call("echo", json!({"text": "a"})).await.unwrap(), "a");
    let twin_call = f
        .explorer
        .call_tool(gatehouse_ipc::ToolCallRequest {
            server_id: twin.clone(),
            call_id: "twin-call".into(),
            name: "echo".into(),
            arguments: json!({"text": "b"}),
        })
        .await;
    assert!(twin_call.is_ok(), "{twin_call:?}");
    // The login survives for both, and for the next start of the app.
    let restarted = f.restart();
    assert!(matches!(
        restarted.connect(&f.id).await.unwrap(),
        ConnectOutcome::Connected { .. }
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_close_does_not_hold_up_other_servers() {
    let delay = Duration::from_secs(3);
    let f = fixture(
        "slow-close",
        Config {
            delete_delay: Some(delay),
            ..Config::default()
        },
    )
    .await;
    let twin = f.add_twin().await;
    f.log_in_and_connect().await;
    assert!(matches!(
        f.explorer.connect(&twin).await.unwrap(),
        ConnectOutcome::Connected { .. }
    ));

    let explorer = f.explorer.clone();
    let id = f.id.clone();
    let closing = tokio::spawn(async move { explorer.disconnect(&id).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let clock = Instant::now();
    f.explorer.info(&twin).await.unwrap();
    assert!(
        clock.elapsed() < Duration::from_millis(500),
        "the twin waited {:?} for another server's close",
        clock.elapsed()
    );
    closing.await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_authenticates_a_confidential_client_and_revokes() {
    let f = fixture(
        "logout-confidential",
        Config {
            confidential_client: confidential(),
            ..Config::default()
        },
    )
    .await;
    f.log_in_and_connect().await;
    assert_eq!(f.server.live_refresh_tokens(), 1);
    f.explorer.logout(&f.id).await.unwrap();
    let counters = f.server.counters();
    assert_eq!(counters.authenticated_revocations.load(Ordering::SeqCst), 1);
    assert_eq!(
        f.server.live_refresh_tokens(),
        0,
        "the grant was not revoked"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_does_not_hang_on_a_silent_revocation_endpoint() {
    let f = fixture(
        "logout-hangs",
        Config {
            revocation_hangs: true,
            ..Config::default()
        },
    )
    .await;
    f.log_in_and_connect().await;
    let clock = Instant::now();
    f.explorer.logout(&f.id).await.unwrap();
    let limit = gatehouse_auth::logout::REVOCATION_TIMEOUT + Duration::from_secs(2);
    assert!(clock.elapsed() < limit, "logout took {:?}", clock.elapsed());
    assert!(matches!(
        f.connect().await,
        ConnectOutcome::LoginRequired { .. }
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_that_dies_is_reported() {
    let f = fixture("session-dies", Config::default()).await;
    f.log_in_and_connect().await;
    f.events.clear();
    f.server.stop();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Streamable HTTP holds no connection that would notice: the next request finds out.
    let failed = f.call("echo", json!({"text": "x"})).await.unwrap_err();
    assert!(matches!(failed, McpFailure::Network(_)), "{failed:?}");
    let event = f
        .events
        .wait_for(Duration::from_secs(5), |e| {
            matches!(e, AppEvent::Disconnected { .. })
        })
        .await;
    let AppEvent::Disconnected { server_id, reason } = event else {
        unreachable!()
    };
    assert_eq!(server_id, f.id);
    assert!(reason.is_some_and(|r| r.contains("connect again")));
    assert!(matches!(
        f.explorer.info(&f.id).await,
        Err(McpFailure::NotConnected)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_session_is_not_reported_as_dead() {
    let f = fixture("session-closed", Config::default()).await;
    f.log_in_and_connect().await;
    f.events.clear();
    f.explorer.disconnect(&f.id).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(f.events.all().is_empty(), "{:?}", f.events.all());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connect_in_flight_loses_to_logout_and_delete() {
    for ending in ["logout", "delete"] {
        let f = fixture(
            "connect-race",
            Config {
                mcp_delay: Some(Duration::from_millis(600)),
                ..Config::default()
            },
        )
        .await;
        f.log_in_and_connect().await;
        f.explorer.disconnect(&f.id).await;

        let explorer = f.explorer.clone();
        let id = f.id.clone();
        let connecting = tokio::spawn(async move { explorer.connect(&id).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        match ending {
            "logout" => f.explorer.logout(&f.id).await.unwrap(),
            _ => f.explorer.delete_server(&f.id).await.unwrap(),
        }
        let outcome = connecting.await.unwrap();
        assert!(
            !matches!(outcome, Ok(ConnectOutcome::Connected { .. })),
            "{ending}: the connect in flight kept its session"
        );
        assert!(
            matches!(f.explorer.info(&f.id).await, Err(McpFailure::NotConnected)),
            "{ending}: a session is still open"
        );
    }
}

#[tokio::test]
async fn a_connect_voided_by_a_save_starts_over_with_the_saved_settings() {
    // Someone already waits on this connect (the page that asked for it): a save while it is in
    // flight must give them a session made with the new settings, not a "cancelled".
    let f = fixture(
        "connect-during-save",
        Config {
            mcp_delay: Some(Duration::from_millis(600)),
            ..Config::default()
        },
    )
    .await;
    f.log_in_and_connect().await;
    f.explorer.disconnect(&f.id).await;

    let explorer = f.explorer.clone();
    let id = f.id.clone();
    let connecting = tokio::spawn(async move { explorer.connect(&id).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let saved = f.explorer.profile(&f.id).await.unwrap();
    f.explorer
        .save_server(ServerProfileInput {
            id: Some(saved.id.clone()),
            name: "Renamed while connecting".into(),
            url: saved.url,
            headers: vec![],
            timeout_secs: saved.timeout_secs,
            oauth_client_id: saved.oauth_client_id,
            oauth_client_secret: None,
        })
        .await
        .unwrap();
    let outcome = connecting.await.unwrap();
    assert!(
        matches!(outcome, Ok(ConnectOutcome::Connected { .. })),
        "{outcome:?}"
    );
    assert!(f.explorer.info(&f.id).await.is_ok());
}

#[test]
fn connected_login_required_carries_no_reason_by_default() {
    // The CLI matches on this shape.
    let required = Connected::LoginRequired {
        challenge: None,
        reason: None,
    };
    assert!(matches!(
        required,
        Connected::LoginRequired { reason: None, .. }
    ));
}
