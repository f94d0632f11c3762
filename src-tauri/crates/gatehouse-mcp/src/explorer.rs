//! The explorer: saved servers, their sessions, logins, calls and history, behind one API that
//! the desktop app's commands and the CLI share.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::Sensitive;
use gatehouse_ipc::{
    ConnectOutcome, ContentBlock, ErrorCode, Exchange, HistoryEntry, HistoryKind, HistoryResult,
    IpcError, PendingServerRequest, PromptInfo, PromptOutcome, ReadResourceOutcome,
    ResourceListing, RootEntry, ServerInfo, ServerProfile, ServerProfileInput, ServerReply,
    ToolCallOutcome, ToolCallRequest, ToolInfo,
};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::client_requests::{ClientSide, Responder};
use crate::connect::{ConnectTarget, Connected};
use crate::logins::{WaitingLogins, LOGIN_WAIT};
use crate::schema_check::check_arguments;
use crate::session_table::{close, SessionTable};
use crate::{now_ms, EventSink, HistoryStore, McpFailure, ProfileStore, Result, Session, UserDesk};

/// Shared as an `Arc`: logins wait for their browser in background tasks that hold it.
pub struct Explorer {
    pub(crate) secrets: SharedSecrets,
    pub(crate) profiles: Arc<ProfileStore>,
    pub(crate) history: Arc<HistoryStore>,
    pub(crate) events: Arc<dyn EventSink>,
    pub(crate) sessions: SessionTable,
    /// The tools of each session, kept for argument checks and output schemas.
    pub(crate) tools: Mutex<HashMap<String, Arc<Vec<ToolInfo>>>>,
    calls: Mutex<HashMap<String, CancellationToken>>,
    /// The latest WWW-Authenticate each server sent: the next login starts from it.
    pub(crate) challenges: Mutex<HashMap<String, String>>,
    /// The login each server is waiting for, if any.
    pub(crate) logins: WaitingLogins,
    /// How long a login waits for the browser before it is given up.
    pub(crate) login_wait: Duration,
    /// Requests from servers waiting for the user (when the user is the responder).
    desk: Arc<UserDesk>,
    /// Who answers what servers ask: the user through `desk`, unless set otherwise.
    responder: Arc<dyn Responder>,
    /// The settings folder (the client metadata document URL is read from it for each login).
    pub(crate) settings_dir: PathBuf,
    /// Tool calls run as tasks, followed here so they outlive the view that started them.
    pub(crate) tasks: Arc<crate::tasks::TaskBook>,
}

pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| McpFailure::Storage(format!("background task failed: {e}")))?
}

impl Explorer {
    /// `dir` holds the non-secret settings (servers, history).
    pub fn new(dir: PathBuf, secrets: SharedSecrets, events: Arc<dyn EventSink>) -> Arc<Self> {
        Self::with_login_wait(dir, secrets, events, LOGIN_WAIT)
    }

    /// As [`Explorer::new`], with logins given up after `login_wait` instead of [`LOGIN_WAIT`].
    pub fn with_login_wait(
        dir: PathBuf,
        secrets: SharedSecrets,
        events: Arc<dyn EventSink>,
        login_wait: Duration,
    ) -> Arc<Self> {
        Self::build(dir, secrets, events, login_wait, None)
    }

    /// As [`Explorer::new`], with what servers ask answered by `responder` instead of the user
    /// (for example [`crate::AnswerWithDefaults`] in a headless run).
    pub fn with_responder(
        dir: PathBuf,
        secrets: SharedSecrets,
        events: Arc<dyn EventSink>,
        responder: Arc<dyn Responder>,
    ) -> Arc<Self> {
        Self::build(dir, secrets, events, LOGIN_WAIT, Some(responder))
    }

    fn build(
        dir: PathBuf,
        secrets: SharedSecrets,
        events: Arc<dyn EventSink>,
        login_wait: Duration,
        responder: Option<Arc<dyn Responder>>,
    ) -> Arc<Self> {
        let desk = UserDesk::new(events.clone());
        let responder = responder.unwrap_or_else(|| desk.clone());
        Arc::new(Self {
            desk,
            responder,
            secrets,
            profiles: Arc::new(ProfileStore::new(&dir)),
            history: Arc::new(HistoryStore::new(&dir)),
            events,
            sessions: SessionTable::default(),
            tools: Mutex::default(),
            calls: Mutex::default(),
            challenges: Mutex::default(),
            logins: WaitingLogins::default(),
            login_wait,
            settings_dir: dir,
            tasks: Arc::default(),
        })
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
        self.invalidate(&saved.id).await;
        Ok(saved)
    }

    /// Forgets the server, its secrets, its login and its history.
    pub async fn delete_server(&self, id: &str) -> Result<()> {
        self.invalidate(id).await;
        self.cancel_login(id).await?;
        let profile = self.profile(id).await?;
        if let Ok(url) = Url::parse(&profile.url) {
            let secret = self.client_secret(&profile).await?;
            gatehouse_auth::logout(&self.secrets, &url, secret.as_ref()).await?;
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

    /// The client secret saved for the server's pre-registered client, if any.
    pub(crate) async fn client_secret(
        &self,
        profile: &ServerProfile,
    ) -> Result<Option<Sensitive<String>>> {
        let (profiles, secrets, p) = (self.profiles.clone(), self.secrets.clone(), profile.clone());
        let secret = blocking(move || profiles.client_secret(&secrets, &p)).await?;
        Ok(secret.map(Sensitive::new))
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
            oauth_client_id: profile.oauth_client_id.clone(),
            oauth_client_secret: self.client_secret(profile).await?,
        })
    }

    /// Connects to the server as its saved settings and the keychain say now. A logout, delete,
    /// save or login while the connect is in flight voids what it opened, and it starts over
    /// from the new state: a login that finished meanwhile connects with its tokens, a logout
    /// asks for a login, a deleted server is not found. (Someone already waiting on this connect,
    /// such as the page that asked for it, gets the outcome that matches the latest state.)
    pub async fn connect(&self, id: &str) -> Result<ConnectOutcome> {
        const ATTEMPTS: usize = 3;
        for _ in 1..ATTEMPTS {
            match self.connect_once(id).await {
                Err(McpFailure::Cancelled) => continue,
                outcome => return outcome,
            }
        }
        self.connect_once(id).await
    }

    async fn connect_once(&self, id: &str) -> Result<ConnectOutcome> {
        // A logout, delete, save or login from here on voids this connect.
        let epoch = self.sessions.epoch(id);
        let profile = self.profile(id).await?;
        self.disconnect(id).await;
        let side = ClientSide {
            responder: self.responder.clone(),
            roots: profile.roots.clone(),
        };
        match crate::connect::connect_pinned(
            &self.secrets,
            self.target(&profile).await?,
            crate::connect::lifecycle_for(profile.protocol_version.as_deref()),
            self.events.clone(),
            side,
        )
        .await?
        {
            Connected::Session(session) => {
                let info = session.info().clone();
                session.push_task_status_to(Arc::clone(&self.tasks), Arc::clone(&self.events));
                match self.sessions.insert(id, epoch, Arc::from(session)) {
                    Ok(replaced) => {
                        close(replaced).await;
                        Ok(ConnectOutcome::Connected { info })
                    }
                    Err(stale) => {
                        close(Some(stale)).await;
                        Err(McpFailure::Cancelled)
                    }
                }
            }
            Connected::LoginRequired { .. } if self.sessions.epoch(id) != epoch => {
                // A login finished (or the settings changed) while this one asked: start over.
                Err(McpFailure::Cancelled)
            }
            Connected::LoginRequired { challenge, reason } => {
                if let Some(challenge) = challenge {
                    self.challenges
                        .lock()
                        .await
                        .insert(id.to_string(), challenge);
                }
                let reason = match reason {
                    Some(why) => IpcError::new(
                        ErrorCode::AuthRequired,
                        format!("Your login could not be renewed: {why}."),
                    )
                    .with_fix("Log in again with your browser."),
                    None => IpcError::new(
                        ErrorCode::AuthRequired,
                        "This server only answers people who have logged in.",
                    )
                    .with_fix("Log in with your browser; Gatehouse keeps the login in your system keychain."),
                };
                Ok(ConnectOutcome::LoginRequired { reason })
            }
        }
    }

    pub async fn disconnect(&self, id: &str) {
        self.desk.end_session(id);
        self.tools.lock().await.remove(id);
        let session = self.sessions.take(id);
        close(session).await;
    }

    /// Disconnects and voids any connect in flight: the server's login or settings changed.
    pub(crate) async fn invalidate(&self, id: &str) {
        self.desk.end_session(id);
        self.tools.lock().await.remove(id);
        let session = self.sessions.invalidate(id);
        close(session).await;
    }

    pub(crate) async fn session(&self, id: &str) -> Result<Arc<Session>> {
        self.sessions.get(id).ok_or(McpFailure::NotConnected)
    }

    /// Notes a challenge from a failed request so that the next login asks for the right scopes.
    pub(crate) async fn remember(&self, id: &str, failure: McpFailure) -> McpFailure {
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

    pub async fn logout(&self, id: &str) -> Result<()> {
        let profile = self.profile(id).await?;
        self.invalidate(id).await;
        let url = Url::parse(&profile.url)
            .map_err(|_| McpFailure::InvalidInput("the saved URL is not valid".into()))?;
        let secret = self.client_secret(&profile).await?;
        gatehouse_auth::logout(&self.secrets, &url, secret.as_ref()).await?;
        Ok(())
    }

    /// Every tool of the server; the list is kept (shared, not copied) for the argument checks.
    pub async fn list_tools(&self, id: &str) -> Result<Arc<Vec<ToolInfo>>> {
        let session = self.session(id).await?;
        match session.list_tools().await {
            Ok(tools) => {
                let tools = Arc::new(tools);
                self.tools
                    .lock()
                    .await
                    .insert(id.to_string(), Arc::clone(&tools));
                Ok(tools)
            }
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    pub(crate) async fn tool(&self, id: &str, name: &str) -> Result<ToolInfo> {
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
        let (is_error, summary, duration_ms, result) = match &outcome {
            Ok(o) => (
                o.is_error,
                summarize(o),
                o.exchange.duration_ms,
                // Not copied at all when it is clearly too large to keep (a 5 MB text).
                crate::json_size::json_fits(&o.content, crate::history::HISTORY_RESULT_BYTES)
                    .then(|| {
                        crate::history::keepable(HistoryResult {
                            content: o.content.clone(),
                            structured_content: o.structured_content.clone(),
                        })
                    })
                    .flatten(),
            ),
            Err(e) => (
                true,
                e.to_string(),
                now_ms().saturating_sub(started_at),
                None,
            ),
        };
        let cancelled = matches!(outcome, Err(McpFailure::Cancelled));
        self.record_history(HistoryEntry {
            id: crate::profiles::new_id(),
            server_id: request.server_id.clone(),
            kind: HistoryKind::Tool,
            tool: request.name.clone(),
            arguments: request.arguments,
            is_error: is_error && !cancelled,
            cancelled,
            summary,
            started_at,
            duration_ms,
            result,
        });
        match outcome {
            // The raw exchange goes to the window as the exchange log keeps it: a response larger
            // than 256 kB as its preview (the result itself is whole), so a 5 MB answer is not
            // serialized, sent and parsed twice.
            Ok(o) => Ok(ToolCallOutcome {
                exchange: crate::exchange_log::shortened(o.exchange),
                ..o
            }),
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
        let started_at = now_ms();
        let outcome = session.read_resource(uri).await;
        self.record_other(
            id,
            HistoryKind::Resource,
            uri,
            serde_json::json!({}),
            started_at,
            match &outcome {
                Ok(o) => Ok((
                    o.contents
                        .iter()
                        .map(|resource| ContentBlock::Resource {
                            resource: resource.clone(),
                            annotations: None,
                        })
                        .collect(),
                    o.exchange.duration_ms,
                )),
                Err(e) => Err(e),
            },
        );
        match outcome {
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
        let started_at = now_ms();
        let outcome = session.get_prompt(name, arguments).await;
        self.record_other(
            id,
            HistoryKind::Prompt,
            name,
            serde_json::to_value(arguments).unwrap_or_default(),
            started_at,
            match &outcome {
                Ok(o) => Ok((
                    o.messages.iter().map(|m| m.content.clone()).collect(),
                    o.exchange.duration_ms,
                )),
                Err(e) => Err(e),
            },
        );
        match outcome {
            Ok(outcome) => Ok(outcome),
            Err(e) => Err(self.remember(id, e).await),
        }
    }

    /// Requests from servers waiting for the user, oldest first.
    pub fn pending_server_requests(&self) -> Vec<PendingServerRequest> {
        self.desk.pending()
    }

    /// Sends the user's answer to the server that asked.
    pub fn answer_server_request(&self, request_id: &str, reply: ServerReply) -> Result<()> {
        self.desk.answer(request_id, reply)
    }

    /// Saves the folders the server may see; a connected server is told they changed.
    pub async fn set_roots(&self, id: &str, roots: Vec<RootEntry>) -> Result<ServerProfile> {
        let roots = crate::roots::checked(roots)?;
        let (profiles, key) = (self.profiles.clone(), id.to_string());
        let saved = {
            let roots = roots.clone();
            blocking(move || profiles.set_roots(&key, roots)).await?
        };
        if let Some(session) = self.sessions.get(id) {
            // Saved either way: a server that cannot be told reads them on its next roots/list.
            if let Err(e) = session.set_roots(roots).await {
                tracing::warn!(error = %e, "could not tell the server its roots changed");
            }
        }
        Ok(saved)
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
