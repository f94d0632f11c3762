//! Logins the official MCP conformance suite found broken, against the in-test server
//! (tests/common/oauth_server.rs): metadata found only through the challenge's
//! `resource_metadata`, an authorization server that allows only `client_secret_basic` or
//! `client_secret_post`, and Client ID Metadata Documents.

mod common;

use std::time::Duration;

use common::fixture::{fixture, query_param};
use common::oauth_server::{Config, CUSTOM_METADATA_PATH};
use serde_json::json;

/// Waits past the access token's lifetime and calls again: the refresh must work too.
async fn call_after_expiry(f: &common::fixture::Fixture, ttl: u64) {
    tokio::time::sleep(Duration::from_secs(ttl) + Duration::from_millis(300)).await;
    assert_eq!(
        f.call("echo", json!({"text": "later"})).await.unwrap(),
        "later"
    );
    assert!(f.server.refreshes() >= 1, "no refresh happened");
}

#[tokio::test(flavor = "multi_thread")]
async fn metadata_named_only_by_the_challenge_is_found_again_for_the_callback_and_refresh() {
    let ttl = 2;
    let f = fixture(
        "gap-resource-metadata",
        Config {
            custom_metadata_path: true,
            access_token_ttl_secs: ttl,
            ..Config::default()
        },
    )
    .await;
    // Nothing at the well-known paths: only the 401's resource_metadata leads to the metadata.
    let well_known = format!("{}/.well-known/oauth-protected-resource/mcp", f.server.base);
    assert!(!reqwest::get(&well_known)
        .await
        .unwrap()
        .status()
        .is_success());
    let custom = format!("{}{CUSTOM_METADATA_PATH}", f.server.base);
    assert_eq!(reqwest::get(&custom).await.unwrap().status(), 200);

    f.log_in_and_connect().await;
    assert_eq!(f.call("echo", json!({"text": "hi"})).await.unwrap(), "hi");
    call_after_expiry(&f, ttl).await;
}

async fn confidential_registration(method: &'static str) {
    let ttl = 2;
    let f = fixture(
        &format!("gap-{method}"),
        Config {
            token_auth_method: Some(method),
            access_token_ttl_secs: ttl,
            ..Config::default()
        },
    )
    .await;
    f.log_in_and_connect().await;
    assert_eq!(
        f.server.requested_auth_methods(),
        [method],
        "registered once, the way the server allows"
    );
    assert_eq!(f.call("echo", json!({"text": "hi"})).await.unwrap(), "hi");
    // The refresh authenticates with the registration's secret, kept in the keychain.
    call_after_expiry(&f, ttl).await;
    let refused = f
        .server
        .counters()
        .refused_client_auth
        .load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(refused, 0, "a token request was refused");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_allowing_only_client_secret_basic_is_registered_with_as_it_asks() {
    confidential_registration("client_secret_basic").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_allowing_only_client_secret_post_is_registered_with_as_it_asks() {
    confidential_registration("client_secret_post").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_metadata_document_is_the_client_id_where_the_server_supports_them() {
    let document = "https://example.org/gatehouse/client-metadata.json";
    let f = fixture(
        "gap-cimd",
        Config {
            client_metadata_documents: true,
            ..Config::default()
        },
    )
    .await;
    // The URL is a setting in the settings folder.
    std::fs::write(
        f.dir.join("oauth.json"),
        json!({ "clientMetadataUrl": document }).to_string(),
    )
    .unwrap();
    let started = f.start_login().await;
    assert_eq!(
        query_param(&started.authorization_url, "client_id").as_deref(),
        Some(document)
    );
    f.finish_with_link(&started).await;
    assert_eq!(
        f.server
            .counters()
            .registrations
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
    assert_eq!(f.server.authorized_clients(), [document]);
    assert!(matches!(
        f.connect().await,
        gatehouse_ipc::ConnectOutcome::Connected { .. }
    ));
    assert_eq!(f.call("echo", json!({"text": "hi"})).await.unwrap(), "hi");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_support_for_client_metadata_documents_gatehouse_registers() {
    let f = fixture("gap-no-cimd", Config::default()).await;
    std::fs::write(
        f.dir.join("oauth.json"),
        json!({ "clientMetadataUrl": "https://example.org/gatehouse/client-metadata.json" })
            .to_string(),
    )
    .unwrap();
    f.log_in_and_connect().await;
    assert_eq!(
        f.server
            .counters()
            .registrations
            .load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    assert!(f.server.authorized_clients()[0].starts_with("client-"));
}
