//! Every way a login ends reaches the server it belongs to, exactly once, and leaves nothing in
//! the keychain: a hostile login address, a failed exchange, a refusal, the same link twice, a
//! cancel, and a login that never comes back from the browser.

mod common;

use std::time::Duration;

use common::fixture::{approve, fixture, fixture_waiting, pending_entries};
use common::oauth_server::Config;
use gatehouse_auth::login::RedirectPreference;
use gatehouse_ipc::{AppEvent, ErrorCode, IpcError};
use url::Url;

fn login_events(events: &[AppEvent]) -> Vec<(String, Option<IpcError>)> {
    events
        .iter()
        .filter_map(|e| match e {
            AppEvent::LoginFinished { server_id, error } => {
                Some((server_id.clone(), error.clone()))
            }
            _ => None,
        })
        .collect()
}

fn rejected_links(events: &[AppEvent]) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, AppEvent::LinkRejected { .. }))
        .count()
}

fn with_param(link: &str, key: &str, value: &str) -> String {
    let mut url = Url::parse(link).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut().clear().extend_pairs(
        pairs
            .iter()
            .map(|(k, v)| (k.as_str(), if k == key { value } else { v.as_str() })),
    );
    url.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_address_that_is_not_a_web_page_is_never_handed_out() {
    for hostile in [
        "file:///etc/passwd",
        "search-ms:query=invoice&crumb=location:%5C%5Cevil.example%5Cshare",
        "http://as.example/authorize",
    ] {
        let f = fixture(
            "login-hostile-endpoint",
            Config {
                authorization_endpoint: Some(hostile.into()),
                ..Config::default()
            },
        )
        .await;
        f.connect().await;
        let refused = match f
            .explorer
            .start_login(&f.id, RedirectPreference::AppScheme)
            .await
        {
            Ok(started) => panic!("{hostile} gave {}", started.authorization_url),
            Err(e) => e,
        };
        let error: IpcError = refused.into();
        assert_eq!(error.code, ErrorCode::LoginFailed, "{hostile}: {error:?}");
        assert!(
            error.message.contains("cannot be opened safely"),
            "{error:?}"
        );
        assert!(pending_entries(&f.secrets).is_empty(), "{hostile}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_exchange_is_told_to_its_server_once_and_forgotten() {
    let f = fixture("login-failed-exchange", Config::default()).await;
    f.connect().await;
    let started = f.start_login().await;
    let link = with_param(&approve(&started.authorization_url).await, "code", "forged");
    f.events.clear();

    let error = f.explorer.handle_link(&link).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::LoginFailed);
    let events = f.events.all();
    assert_eq!(login_events(&events), [(f.id.clone(), Some(error))]);
    assert_eq!(rejected_links(&events), 0, "{events:?}");
    assert!(
        pending_entries(&f.secrets).is_empty(),
        "{:?}",
        f.secrets.keys()
    );

    // The login is over: the same link again changes nothing and is nobody's outcome.
    f.events.clear();
    let again = f.explorer.handle_link(&link).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::InvalidLink);
    assert!(login_events(&f.events.all()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_is_told_only_to_the_server_that_logged_in() {
    let f = fixture("login-refusal", Config::default()).await;
    let twin = f.add_twin().await;
    f.connect().await;
    let started = f.start_login().await;
    f.events.clear();

    let refusal = format!(
        "dev.gatehouse.app:/oauth/callback?error=access_denied&error_description=not+allowed&state={}",
        started.state
    );
    let error = f.explorer.handle_link(&refusal).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::LoginFailed);
    let told = login_events(&f.events.all());
    assert_eq!(
        told,
        [(f.id.clone(), Some(error))],
        "the twin {twin} was told too"
    );
    assert!(pending_entries(&f.secrets).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_link_twice_at_once_finishes_the_login_once() {
    let f = fixture("login-same-link-twice", Config::default()).await;
    f.connect().await;
    let started = f.start_login().await;
    let link = approve(&started.authorization_url).await;
    f.events.clear();

    let (a, b) = tokio::join!(f.explorer.handle_link(&link), f.explorer.handle_link(&link));
    let outcomes = [a, b];
    assert_eq!(
        outcomes.iter().filter(|o| o.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    let refused = outcomes.iter().find_map(|o| o.as_ref().err()).unwrap();
    assert_eq!(refused.code, ErrorCode::InvalidLink);
    assert_eq!(login_events(&f.events.all()), [(f.id.clone(), None)]);
    let exchanges = f
        .server
        .counters()
        .code_exchanges
        .load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(exchanges, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_login_is_forgotten_and_its_late_link_refused() {
    let f = fixture("login-cancel", Config::default()).await;
    f.connect().await;
    let started = f.start_login().await;
    let link = approve(&started.authorization_url).await;
    assert!(!pending_entries(&f.secrets).is_empty());

    f.explorer.cancel_login(&f.id).await.unwrap();
    assert!(
        pending_entries(&f.secrets).is_empty(),
        "{:?}",
        f.secrets.keys()
    );
    f.events.clear();
    let late = f.explorer.handle_link(&link).await.unwrap_err();
    assert_eq!(late.code, ErrorCode::InvalidLink);
    assert!(login_events(&f.events.all()).is_empty());
    assert_eq!(rejected_links(&f.events.all()), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_that_never_comes_back_ends_naming_the_likely_cause() {
    // Access shows a refused user its own block page: the browser never returns.
    for refuse_private_use in [false, true] {
        let f = fixture_waiting(
            "login-never-back",
            Config {
                refuse_private_use_redirects: refuse_private_use,
                ..Config::default()
            },
            Duration::from_secs(1),
        )
        .await;
        f.connect().await;
        let started = f.start_login().await;
        let finished = f
            .events
            .wait_for(Duration::from_secs(5), |e| {
                matches!(e, AppEvent::LoginFinished { .. })
            })
            .await;
        let AppEvent::LoginFinished { server_id, error } = finished else {
            unreachable!()
        };
        assert_eq!(server_id, f.id);
        let error = error.expect("the wait ended with an error");
        assert_eq!(error.code, ErrorCode::LoginFailed);
        assert!(
            error.message.contains("not finished in the browser"),
            "{error:?}"
        );
        let fix = error.fix.unwrap_or_default();
        assert!(
            fix.contains("Access policy") && fix.contains("administrator"),
            "{fix}"
        );
        assert!(pending_entries(&f.secrets).is_empty());
        if refuse_private_use {
            // The loopback listener is gone with the login.
            assert!(reqwest::get(&started.redirect_uri).await.is_err());
        }
        assert_eq!(login_events(&f.events.all()).len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_from_another_issuer_is_refused_and_the_login_keeps_waiting() {
    let f = fixture("login-foreign-issuer", Config::default()).await;
    f.connect().await;
    let started = f.start_login().await;
    let link = approve(&started.authorization_url).await;
    f.events.clear();

    // A mix-up: another authorization server hands back this login's state.
    let forged = with_param(&link, "iss", "https://evil.example");
    let forged = if forged.contains("iss=") {
        forged
    } else {
        format!("{forged}&iss=https%3A%2F%2Fevil.example")
    };
    let error = f.explorer.handle_link(&forged).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidLink, "{error:?}");
    assert!(login_events(&f.events.all()).is_empty());
    assert_eq!(rejected_links(&f.events.all()), 1);
    assert!(
        !pending_entries(&f.secrets).is_empty(),
        "the login was ended"
    );

    // The real callback still finishes it.
    f.explorer.handle_link(&link).await.unwrap();
    assert_eq!(login_events(&f.events.all()), [(f.id.clone(), None)]);
    assert!(pending_entries(&f.secrets).is_empty());
}
