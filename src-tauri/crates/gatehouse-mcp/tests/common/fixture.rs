//! One explorer with its secrets in memory, saved against one in-test OAuth server, and the
//! browser's part of a login.

use std::sync::Arc;

use gatehouse_auth::login::{RedirectPreference, StartedLogin};
use gatehouse_auth::{MemorySecretStore, APP_REDIRECT_URI};
use gatehouse_ipc::{ConnectOutcome, ServerProfileInput, ToolCallRequest};
use gatehouse_mcp::{Explorer, McpFailure};
use url::Url;

use super::oauth_server::{Config, OAuthServer};
use super::{temp_dir, Events};

/// One explorer with its secrets in memory, saved against one test server.
pub struct Fixture {
    pub server: OAuthServer,
    pub explorer: Arc<Explorer>,
    pub events: Events,
    pub id: String,
    pub secrets: MemorySecretStore,
    pub dir: std::path::PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn fixture(name: &str, config: Config) -> Fixture {
    fixture_waiting(name, config, gatehouse_mcp::LOGIN_WAIT).await
}

/// A fixture whose logins wait `login_wait` for the browser.
pub async fn fixture_waiting(
    name: &str,
    config: Config,
    login_wait: std::time::Duration,
) -> Fixture {
    let client = config.confidential_client.clone();
    let server = OAuthServer::start(config).await;
    let events = Events::default();
    let dir = temp_dir(name);
    let secrets = MemorySecretStore::new();
    let explorer = Explorer::with_login_wait(
        dir.clone(),
        Arc::new(secrets.clone()),
        Arc::new(events.clone()),
        login_wait,
    );
    let saved = explorer
        .save_server(ServerProfileInput {
            id: None,
            name: "OAuth test server".into(),
            url: server.mcp.clone(),
            headers: vec![],
            timeout_secs: 10,
            oauth_client_id: client.as_ref().map(|(id, _)| id.clone()),
            oauth_client_secret: client.map(|(_, secret)| secret),
        })
        .await
        .unwrap();
    Fixture {
        server,
        explorer,
        events,
        id: saved.id,
        secrets,
        dir,
    }
}

/// The browser: opens the authorization URL (the server auto-approves) and returns where it
/// redirects.
pub async fn approve(authorization_url: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = browser.get(authorization_url).send().await.unwrap();
    assert_eq!(response.status(), 302, "{authorization_url}");
    response.headers()["location"].to_str().unwrap().to_string()
}

pub fn query_param(url: &str, key: &str) -> Option<String> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// The keychain entries a waiting login keeps (its PKCE verifier, what finishing it needs).
pub fn pending_entries(secrets: &MemorySecretStore) -> Vec<String> {
    secrets
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("oauth-login") || k.starts_with("oauth-state:"))
        .collect()
}

impl Fixture {
    /// Saves a second server with the same URL (it shares the first one's login).
    pub async fn add_twin(&self) -> String {
        let first = self.explorer.profile(&self.id).await.unwrap();
        self.explorer
            .save_server(ServerProfileInput {
                id: None,
                name: "Twin".into(),
                url: first.url,
                headers: vec![],
                timeout_secs: first.timeout_secs,
                oauth_client_id: first.oauth_client_id,
                oauth_client_secret: None,
            })
            .await
            .unwrap()
            .id
    }

    /// The app started again: a new explorer over the same settings folder and keychain.
    pub fn restart(&self) -> Arc<Explorer> {
        Explorer::new(
            self.dir.clone(),
            Arc::new(self.secrets.clone()),
            Arc::new(self.events.clone()),
        )
    }

    pub async fn connect(&self) -> ConnectOutcome {
        self.explorer.connect(&self.id).await.unwrap()
    }

    pub async fn start_login(&self) -> StartedLogin {
        self.explorer
            .start_login(&self.id, RedirectPreference::AppScheme)
            .await
            .unwrap()
    }

    /// Finishes a login started with the app's scheme, through the deep link.
    pub async fn finish_with_link(&self, started: &StartedLogin) {
        assert_eq!(started.redirect_uri, APP_REDIRECT_URI);
        let link = approve(&started.authorization_url).await;
        assert!(
            link.starts_with("dev.gatehouse.app:/oauth/callback?"),
            "{link}"
        );
        assert_eq!(self.explorer.handle_link(&link).await.unwrap(), self.id);
    }

    /// The usual first visit: a 401, a login through the deep link, a session.
    pub async fn log_in_and_connect(&self) {
        assert!(matches!(
            self.connect().await,
            ConnectOutcome::LoginRequired { .. }
        ));
        let started = self.start_login().await;
        self.finish_with_link(&started).await;
        let ConnectOutcome::Connected { info } = self.connect().await else {
            panic!("not connected after the login");
        };
        assert!(info.authenticated);
        // rmcp's server speaks the 2026-07-28 lifecycle (server/discover); the Worker, 2025-11-25.
        assert_eq!(info.protocol_version, "2026-07-28");
    }

    pub async fn call(
        &self,
        name: &str,
        arguments: serde_json::Value,
    ) -> Result<String, McpFailure> {
        let outcome = self
            .explorer
            .call_tool(ToolCallRequest {
                server_id: self.id.clone(),
                call_id: format!("call-{name}-{}", rand::random::<u32>()),
                name: name.into(),
                arguments,
            })
            .await?;
        assert!(!outcome.is_error, "{outcome:?}");
        Ok(outcome.first_text().unwrap_or_default().to_string())
    }
}
