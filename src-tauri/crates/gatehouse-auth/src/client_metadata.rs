//! Gatehouse's Client ID Metadata Document (CIMD, SEP-991): the client's description published at
//! an https URL that is itself the client id. An authorization server that advertises
//! `client_id_metadata_document_supported` fetches it instead of asking Gatehouse to register;
//! elsewhere dynamic registration stays the way in. The document is `pages/oauth/client-metadata.json`
//! in the repository, published to the repository's GitHub Pages by the release workflow.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// Where the release workflow publishes the document (and its own `client_id`).
pub const DEFAULT_CLIENT_METADATA_URL: &str =
    "https://gatehouse-dev.github.io/gatehouse/oauth/client-metadata.json";

/// Overrides the setting (tests, and the conformance suite, which expects its own URL).
pub const CLIENT_METADATA_URL_ENV: &str = "GATEHOUSE_CLIENT_METADATA_URL";

/// The document as published, for tests that hold it and the code together.
pub const CLIENT_METADATA_DOCUMENT: &str =
    include_str!("../../../../pages/oauth/client-metadata.json");

/// The client metadata document URL to offer: [`CLIENT_METADATA_URL_ENV`], else `clientMetadataUrl`
/// in the settings folder's `oauth.json`, else [`DEFAULT_CLIENT_METADATA_URL`]. An empty value turns
/// Client ID Metadata Documents off (dynamic registration is used everywhere).
pub fn client_metadata_url_setting(settings_dir: &Path) -> Option<String> {
    let configured = std::env::var(CLIENT_METADATA_URL_ENV).ok().or_else(|| {
        let text = std::fs::read_to_string(settings_dir.join("oauth.json")).ok()?;
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        value["clientMetadataUrl"].as_str().map(str::to_string)
    });
    match configured {
        Some(url) if url.trim().is_empty() => None,
        Some(url) => Some(url.trim().to_string()),
        None => Some(DEFAULT_CLIENT_METADATA_URL.to_string()),
    }
}

/// Whether the document at `url` is published: an https answer naming `url` as its client id.
/// Asked once per process and URL. Only Gatehouse's own default is checked before it is offered
/// (it exists only once a release has published it; a fork has none): an authorization server
/// that cannot fetch the document refuses the login in the browser, where Gatehouse cannot fall
/// back to registering. A URL set in the settings is the user's to keep published.
pub(crate) async fn is_published(url: &str) -> bool {
    static CHECKED: Mutex<Option<HashMap<String, bool>>> = Mutex::new(None);
    let known = CHECKED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get_or_insert_with(HashMap::new)
        .get(url)
        .copied();
    if let Some(published) = known {
        return published;
    }
    let published = fetch_names_itself(url).await;
    if !published {
        tracing::info!(%url, "Gatehouse's client metadata document is not reachable; registering instead");
    }
    CHECKED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(url.to_string(), published);
    published
}

async fn fetch_names_itself(url: &str) -> bool {
    let Ok(http) = reqwest::Client::builder()
        .timeout(Duration::from_secs(4))
        .build()
    else {
        return false;
    };
    let Ok(answer) = http.get(url).send().await else {
        return false;
    };
    if !answer.status().is_success() {
        return false;
    }
    answer
        .json::<serde_json::Value>()
        .await
        .is_ok_and(|document| document["client_id"] == url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{APP_REDIRECT_URI, CLIENT_NAME};

    #[test]
    fn the_published_document_names_itself_and_both_redirects() {
        let document: serde_json::Value =
            serde_json::from_str(CLIENT_METADATA_DOCUMENT).expect("the document is JSON");
        assert_eq!(document["client_id"], DEFAULT_CLIENT_METADATA_URL);
        assert_eq!(document["client_name"], CLIENT_NAME);
        let redirects: Vec<&str> = document["redirect_uris"]
            .as_array()
            .expect("redirect_uris")
            .iter()
            .filter_map(|r| r.as_str())
            .collect();
        assert!(redirects.contains(&APP_REDIRECT_URI), "{redirects:?}");
        // RFC 8252 §7.3: a loopback redirect matches on any port.
        assert!(
            redirects.contains(&"http://127.0.0.1/oauth/callback"),
            "{redirects:?}"
        );
        assert_eq!(document["token_endpoint_auth_method"], "none");
        assert_eq!(document["application_type"], "native");
        let url = url::Url::parse(DEFAULT_CLIENT_METADATA_URL).expect("a URL");
        assert_eq!(url.scheme(), "https");
        assert_ne!(url.path(), "/");
    }

    #[test]
    fn the_url_is_a_setting_with_the_published_default() {
        let dir = std::env::temp_dir().join(format!("gatehouse-cimd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        // The environment would override the file; this test reads the file.
        if std::env::var_os(CLIENT_METADATA_URL_ENV).is_some() {
            return;
        }
        assert_eq!(
            client_metadata_url_setting(&dir).as_deref(),
            Some(DEFAULT_CLIENT_METADATA_URL)
        );
        std::fs::write(
            dir.join("oauth.json"),
            r#"{"clientMetadataUrl": "https://example.org/gh/client.json"}"#,
        )
        .expect("write");
        assert_eq!(
            client_metadata_url_setting(&dir).as_deref(),
            Some("https://example.org/gh/client.json")
        );
        std::fs::write(dir.join("oauth.json"), r#"{"clientMetadataUrl": ""}"#).expect("write");
        assert_eq!(client_metadata_url_setting(&dir), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
