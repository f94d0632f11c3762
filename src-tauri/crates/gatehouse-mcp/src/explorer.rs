//! The explorer: saved servers, their sessions, logins, calls and history, behind one API that
//! the desktop app's commands and the CLI share.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::login::{LoginOptions, RedirectPreference, StartedLogin};
use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::{AppLink, AuthFailure, Sensitive};
use gatehouse_ipc::{
    AppEvent, ConnectOutcome, ErrorCode, Exchange, HistoryEntry, IpcError, PromptInfo,
    PromptOutcome, ReadResourceOutcome, ResourceListing, ServerInfo, ServerProfile,
    ServerProfileInput, ToolCallOutcome, ToolCallRequest, ToolInfo,
};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::connect::{connect, ConnectTarget, Connected};
use crate::schema_check::check_arguments;
use crate::{now_ms, EventSink, HistoryStore, McpFailure, ProfileStore, Result, Session};

pub struct Explorer {
    secrets: SharedSecrets,
    profiles: Arc<ProfileStore>,
    history: Arc<HistoryStore>,
    events: Arc<dyn EventSink>,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
    /// The tools of each session, kept for argument checks and output schemas.
    tools: Mutex<HashMap<String, Vec<ToolInfo>>>,
    calls: Mutex<HashMap<String, CancellationToken>>,
    /// The latest WWW-Authenticate each server sent: the next login starts from it.
    challenges: Mutex<HashMap<String, String>>,
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| McpFailure::Storage(format!("background task failed: {e}")))?
}

impl Explorer {
    /// `dir` holds the non-secret settings (servers, history).
    pub fn new(dir: PathBuf, secrets: SharedSecrets, events: Arc<dyn EventSink>) -> Self {
        Self {
            secrets,
            profiles: Arc::new(ProfileStore::new(&dir)),
            history: Arc::new(HistoryStore::new(&dir)),
            events,
            sessions: Mutex::default(),
            tools: Mutex::default(),
            calls: Mutex::default(),
            challenges: Mutex::default(),
        }
    }

    /// Gatehouse's settings folder: `GATEHOUSE_CONFIG_DIR`, or the platform's config dir.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("GATEHOUSE_CONFIG_DIR").filter(|d| !d.is_empty()) {
            return PathBuf::from(dir);
        }
        directories::ProjectDirs::from("dev", "gatehouse", "Gatehouse")
            .map(|d| d.config_dir().to_path_buf())
            .unwrap_or_else(|| std::env::temp_dir().join("gatehouse"))
    }

    pub fn secrets(&self) -> &SharedSecrets {
        &self.secrets
    }

    pub async fn servers(&self) -> Result<Vec<ServerProfile>> {
        let profiles = self.profiles.clone();
        blocking(move || profiles.list()).await
    }

    pub async fn profile(&self, id: &str) -> Result<ServerProfile> {
        let (profiles, id) = (self.profiles.clone(), id.to_string());
        blocking(move || profiles.get(&id)).await
    }

    pub async fn save_server(&self, input: ServerProfileInput) -> Result<ServerProfile> {
        let (profiles, secrets) = (self.profiles.clone(), self.secrets.clone());
        let saved = blocking(move || profiles.save(&secrets, input)).await?;
        // Settings changed: the next request should use them.
        self.disconnect(&saved.id).await;
        Ok(saved)
    }

    /// Forgets the server, its secrets, its login and its history.
    pub async fn delete_server(&self, id: &str) -> Result<()> {
        self.disconnect(id).await;
        let profile = self.profile(id).await?;
        if let Ok(url) = Url::parse(&profile.url) {
            gatehouse_auth::logout(&self.secrets, &url).await?;
        }
        let (profiles, history, secrets, id) = (
            self.profiles.clone(),
            self.history.clone(),
            self.secrets.clone(),
            id.to_string(),
        );
        blocking(move || {
            profiles.delete(&secrets, &id)?;
            history.clear(&id)
        })
        .await
    }

    async fn target(&self, profile: &ServerProfile) -> Result<ConnectTarget> {
        let (profiles, secrets, p) = (self.profiles.clone(), self.secrets.clone(), profile.clone());
        let headers = blocking(move || profiles.resolved_headers(&secrets, &p)).await?;
        Ok(ConnectTarget {
            server_id: profile.id.clone(),
            url: Url::parse(&profile.url)
                .map_err(|_| McpFailure::InvalidInput("the saved URL is not valid".into()))?,
            headers,
            timeout: Duration::from_secs(profile.timeout_secs.into()),
        })
    }

    pub async fn connect(&self, id: &str) -> Result<ConnectOutcome> {
        let profile = self.profile(id).await?;
        self.disconnect(id).await;
        match connect(
            &self.secrets,
            self.target(&profile).await?,
            self.events.clone(),
        )
        .await?
        {
            Connected::Session(session) => {
                let info = session.info().clone();
                self.sessions
                    .lock()
                    .await
                    .insert(id.to_string(), Arc::from(session));
                Ok(ConnectOutcome::Connected { info })
            }
            Connected::LoginRequired { challenge } => {
                if let Some(challenge) = challenge {
                    self.challenges
                        .lock()
                        .await
                        .insert(id.to_string(), challenge);
                }
                Ok(ConnectOutcome::LoginRequired {
                    reason: IpcError::new(
                        ErrorCode::AuthRequired,
                        "This server only answers people who have logged in.",
                    )
                    .with_fix("Log in with your browser; Gatehouse keeps the login in your system keychain."),
                })
            }
        }
    }

    pub async fn disconnect(&self, id: &str) {
        self.tools.lock().await.remove(id);
        if let Some(session) = self.sessions.lock().await.remove(id) {
            if let Ok(session) = Arc::try_unwrap(session) {
                session.close().await;
            }
        }
    }

    async fn session(&self, id: &str) -> Result<Arc<Session>> {
        self.sessions
            .lock()
            .await
            .get(id)
            .cloned()
            .ok_or(McpFailure::NotConnected)
    }

    /// Notes a challenge from a failed request so that the next login asks for the right scopes.
    async fn remember(&self, id: &str, failure: McpFailure) -> McpFailure {
        if let McpFailure::AuthRequired { challenge: Some(c) }
        | McpFailure::InsufficientScope {
            challenge: Some(c), ..
        } = &failure
        {
            self.challenges
                .lock()
                .await
                .insert(id.to_string(), c.clone());
        }
        failure
    }

    pub async fn info(&self, id: &str) -> Result<ServerInfo> {
        Ok(self.session(id).await?.info().clone())
    }

    /// Begins a login to the server; the browser must be sent to the returned URL.
    pub async fn start_login(
        &self,
        id: &str,
        redirect: RedirectPreference,
    ) -> Result<StartedLogin> {
        let profile = self.profile(id).await?;
        let url = Url::parse(&profile.url)
            .map_err(|_| McpFailure::InvalidInput("the saved URL is not valid".into()))?;
        let (profiles, secrets, p) = (self.profiles.clone(), self.secrets.clone(), profile.clone());
        let client_secret = blocking(move || profiles.client_secret(&secrets, &p)).await?;
        let challenge = self.challenges.lock().await.get(id).cloned();
        let options = LoginOptions {
            server_url: url,
            challenge,
            client_id: profile.oauth_client_id.clone(),
            client_secret: client_secret.map(Sensitive::new),
            redirect,
        };
        Ok(gatehouse_auth::start_login(&self.secrets, options).await?)
    }

    /// Finishes a login from a link handed to the app. Emits `LoginFinished` or `LinkRejected`;
    /// a rejected link changes nothing.
    pub async fn handle_link(&self, link: &str) -> std::result::Result<String, IpcError> {
        let outcome = async {
            let AppLink::OAuthCallback(params) = AppLink::parse(link)?;
            gatehouse_auth::complete_login(&self.secrets, params).await
        }
        .await;
        self.finish_login(outcome).await
    }

    /// Finishes a login from a callback URL received on a loopback listener.
    pub async fn handle_loopback_callback(
        &self,
        url: &Url,
    ) -> std::result::Result<String, IpcError> {
        let outcome = async {
            let params = gatehouse_auth::callback::parse_callback_query(url)?;
            gatehouse_auth::complete_login(&self.secrets, params).await
        }
        .await;
        self.finish_login(outcome).await
    }

    async fn finish_login(
        &self,
        outcome: std::result::Result<Url, AuthFailure>,
    ) -> std::result::Result<String, IpcError> {
        let server_url = match outcome {
            Ok(url) => url,
            Err(failure) => {
                let refused = matches!(failure, AuthFailure::Refused { .. });
                let error: IpcError = failure.into();
                if refused {
                    // The authorization server said no: tell every server page waiting on a login.
                    for profile in self.servers().await.unwrap_or_default() {
                        self.events.emit(AppEvent::LoginFinished {
                            server_id: profile.id,
                            error: Some(error.clone()),
                        });
                    }
                } else {
                    self.events.emit(AppEvent::LinkRejected {
                        error: error.clone(),
                    });
                }
                return Err(error);
            }
        };
        let key = gatehouse_auth::server_key::server_key(&server_url);
        let mut finished = None;
        for profile in self.servers().await.unwrap_or_default() {
            if Url::parse(&profile.url)
                .is_ok_and(|u| gatehouse_auth::server_key::server_key(&u) == key)
            {
                self.challenges.lock().await.remove(&profile.id);
                // An open session still holds the old tokens: close it, the next connect uses the new login.
                self.disconnect(&profile.id).await;
                self.events.emit(AppEvent::LoginFinished {
                    server_id: profile.id.clone(),
                    error: None,
                });
                finished.get_or_insert(profile.id);
            }
        }
        Ok(finished.unwrap_or_else(|| server_url.to_string()))
    }

    pub async fn logout(&self, id: &str) -> Result<()> {
        let profile = self.profile(id).await?;
        self.disconnect(id).await;
        let url = Url::parse(&profile.url)
            .map_err(|_| McpFailure::InvalidInput("the saved URL is not valid".into()))?;
        gatehouse_auth::logout(&self.secrets, &url).await?;
        Ok(())
    }

    pub async fn list_tools(&self, id: &str) -> Result<Vec<ToolInfo>> {
        let session = self.session(id).await?;
        match session.list_tools().await {
            Ok(tools) => {
                self.tools
                    .lock()
                    .await
                    .insert(id.to_string(), tools.clone());
                Ok(tools)
            }
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    async fn tool(&self, id: &str, name: &str) -> Result<ToolInfo> {
        if !self.tools.lock().await.contains_key(id) {
            self.list_tools(id).await?;
        }
        self.tools
            .lock()
            .await
            .get(id)
            .and_then(|tools| tools.iter().find(|t| t.name == name).cloned())
            .ok_or_else(|| McpFailure::NotFound(format!("tool “{name}”")))
    }

    /// Checks the arguments against the tool's schema, calls it, and records the call.
    pub async fn call_tool(&self, request: ToolCallRequest) -> Result<ToolCallOutcome> {
        let session = self.session(&request.server_id).await?;
        let tool = self.tool(&request.server_id, &request.name).await?;
        check_arguments(&tool.input_schema, &request.arguments)?;
        let cancel = CancellationToken::new();
        self.calls
            .lock()
            .await
            .insert(request.call_id.clone(), cancel.clone());
        let started_at = now_ms();
        let outcome = session
            .call_tool(
                &request.call_id,
                &request.name,
                request.arguments.clone(),
                tool.output_schema.as_ref(),
                &cancel,
            )
            .await;
        self.calls.lock().await.remove(&request.call_id);
        let (is_error, summary, duration_ms) = match &outcome {
            Ok(o) => (o.is_error, summarize(o), o.exchange.duration_ms),
            Err(e) => (true, e.to_string(), now_ms().saturating_sub(started_at)),
        };
        let entry = HistoryEntry {
            id: crate::profiles::new_id(),
            server_id: request.server_id.clone(),
            tool: request.name.clone(),
            arguments: request.arguments,
            is_error,
            summary,
            started_at,
            duration_ms,
        };
        // The answer does not wait for the disk: the history is written in the background.
        self.history.remember(entry);
        let history = self.history.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = history.persist() {
                tracing::warn!(error = %e, "could not record the call in the history");
            }
        });
        match outcome {
            Ok(o) => Ok(o),
            Err(e) => Err(self.remember(&request.server_id, e).await),
        }
    }

    pub async fn cancel_call(&self, call_id: &str) -> Result<()> {
        match self.calls.lock().await.get(call_id) {
            Some(token) => {
                token.cancel();
                Ok(())
            }
            None => Err(McpFailure::NotFound(
                "that call (it may have finished)".into(),
            )),
        }
    }

    pub async fn list_resources(&self, id: &str) -> Result<ResourceListing> {
        let session = self.session(id).await?;
        match session.list_resources().await {
            Ok(listing) => Ok(listing),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub async fn read_resource(&self, id: &str, uri: &str) -> Result<ReadResourceOutcome> {
        let session = self.session(id).await?;
        match session.read_resource(uri).await {
            Ok(outcome) => Ok(outcome),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub async fn list_prompts(&self, id: &str) -> Result<Vec<PromptInfo>> {
        let session = self.session(id).await?;
        match session.list_prompts().await {
            Ok(prompts) => Ok(prompts),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub async fn get_prompt(
        &self,
        id: &str,
        name: &str,
        arguments: &std::collections::BTreeMap<String, String>,
    ) -> Result<PromptOutcome> {
        let session = self.session(id).await?;
        match session.get_prompt(name, arguments).await {
            Ok(outcome) => Ok(outcome),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub async fn history(&self, id: &str) -> Result<Vec<HistoryEntry>> {
        let (history, id) = (self.history.clone(), id.to_string());
        blocking(move || Ok(history.list(&id))).await
    }

    pub async fn clear_history(&self, id: &str) -> Result<()> {
        let (history, id) = (self.history.clone(), id.to_string());
        blocking(move || history.clear(&id)).await
    }

    pub async fn exchanges(&self, id: &str) -> Result<Vec<Exchange>> {
        Ok(self.session(id).await?.exchanges())
    }
}

fn summarize(outcome: &ToolCallOutcome) -> String {
    let text = outcome
        .first_text()
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} content block(s)", outcome.content.len()));
    let line = text.lines().next().unwrap_or_default();
    line.chars().take(160).collect()
}
