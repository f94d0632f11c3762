use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::KeyringSecretStore;
use gatehouse_ipc::ContentBlock;
use gatehouse_ipc::RootEntry;
use gatehouse_mcp::{
    check_arguments, connect_with, AnswerWithDefaults, CancellationToken, ClientSide,
    ConnectTarget, Connected, DeclineAll, McpFailure, NoEvents, Session,
};

use url::Url;

use crate::args::{Elicitation, ServerArgs};
use crate::exit::Failure;
use crate::login::{log_in, Browser, PreRegistered};

pub fn secrets() -> SharedSecrets {
    Arc::new(KeyringSecretStore::new())
}

pub fn parse_url(raw: &str) -> Result<url::Url, Failure> {
    Ok(gatehouse_mcp::validate_server_url(raw)?)
}

fn parse_headers(headers: &[String]) -> Result<Vec<(String, String)>, Failure> {
    headers
        .iter()
        .map(|h| {
            h.split_once(':')
                .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| {
                    McpFailure::InvalidInput(format!("header “{h}” must look like `Name: value`"))
                        .into()
                })
        })
        .collect()
}

/// How a call answers what the server asks, through the same core as the app.
pub struct Answers {
    pub elicitation: Elicitation,
    pub roots: Vec<std::path::PathBuf>,
}

impl Answers {
    fn client_side(&self) -> Result<ClientSide, Failure> {
        let responder: Arc<dyn gatehouse_mcp::Responder> = match self.elicitation {
            Elicitation::Decline => Arc::new(DeclineAll),
            Elicitation::Defaults => Arc::new(AnswerWithDefaults),
        };
        let mut side = ClientSide::answered_by(responder);
        for path in &self.roots {
            side.roots.push(root_entry(path)?);
        }
        Ok(side)
    }
}

/// A folder given with `--root` as a `file://` root: it must exist.
fn root_entry(path: &std::path::Path) -> Result<RootEntry, Failure> {
    let folder = std::fs::canonicalize(path)
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| McpFailure::InvalidInput(format!("“{}” is not a folder", path.display())))?;
    let uri = url::Url::from_directory_path(&folder)
        .map_err(|_| McpFailure::InvalidInput(format!("“{}” cannot be shared", path.display())))?;
    Ok(RootEntry {
        uri: uri.to_string(),
        name: folder.file_name().map(|n| n.to_string_lossy().into_owned()),
    })
}

/// What a session-using command needs: where the server is, how to log in again, and when.
pub struct Runner {
    pub secrets: SharedSecrets,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
    pub client: PreRegistered,
    pub browser: Browser,
    /// Log in when the server asks for a login (401), not only for more scopes (403).
    pub log_in_when_asked: bool,
    /// Who answers what the server asks during the run, and the folders it may see.
    pub side: ClientSide,
}

/// An operation on a session, run by [`Runner::run`].
pub type Op<'s, T> = Pin<Box<dyn Future<Output = gatehouse_mcp::Result<T>> + Send + 's>>;

impl Runner {
    /// For the `tools` commands: the server's URL and headers, the keychain, the system browser,
    /// and a new login only to grant more scopes.
    pub fn for_server(server: &ServerArgs) -> Result<Self, Failure> {
        Ok(Self {
            secrets: secrets(),
            url: parse_url(&server.url)?,
            headers: parse_headers(&server.headers)?,
            timeout: Duration::from_secs(server.timeout.max(1)),
            client: PreRegistered::default(),
            browser: Browser::System { print_url: false },
            log_in_when_asked: false,
            side: ClientSide::default(),
        })
    }

    fn target(&self) -> ConnectTarget {
        ConnectTarget {
            server_id: "cli".into(),
            url: self.url.clone(),
            headers: self.headers.clone(),
            timeout: self.timeout,
            oauth_client_id: self.client.client_id.clone(),
            oauth_client_secret: self.client.client_secret.clone(),
        }
    }

    async fn log_in(&self, challenge: Option<String>) -> Result<(), Failure> {
        log_in(
            &self.secrets,
            &self.url,
            challenge,
            &self.client,
            self.browser,
        )
        .await
    }

    /// Runs `op` on a new session. After a 403 `insufficient_scope` it logs in again within the
    /// command, asking for the scopes the challenge names, and runs `op` once more; a second
    /// refusal is the answer (no login loop). With [`Self::log_in_when_asked`], a 401 (when
    /// connecting or mid-session) logs in once too.
    pub async fn run<T>(
        &self,
        op: impl for<'s> Fn(&'s Session) -> Op<'s, T>,
    ) -> Result<T, Failure> {
        let mut logged_in = false;
        let mut stepped_up = false;
        loop {
            let session = match connect_with(
                &self.secrets,
                self.target(),
                Arc::new(NoEvents),
                self.side.clone(),
            )
            .await?
            {
                Connected::Session(session) => session,
                Connected::LoginRequired { challenge, reason } => {
                    if self.log_in_when_asked && !logged_in {
                        logged_in = true;
                        self.log_in(challenge).await?;
                        continue;
                    }
                    return Err(match reason {
                        Some(reason) => McpFailure::RenewalFailed(reason),
                        None => McpFailure::AuthRequired { challenge: None },
                    }
                    .into());
                }
            };
            let result = op(&session).await;
            session.close().await;
            match result {
                Err(McpFailure::AuthRequired { challenge })
                    if self.log_in_when_asked && !logged_in =>
                {
                    logged_in = true;
                    self.log_in(challenge).await?;
                }
                Err(McpFailure::InsufficientScope { challenge, scope }) if !stepped_up => {
                    stepped_up = true;
                    eprintln!(
                        "The server needs more permissions{}; logging in again to grant them.",
                        scope.map(|s| format!(" (scope: {s})")).unwrap_or_default()
                    );
                    self.log_in(challenge).await?;
                }
                other => return other.map_err(Failure::from),
            }
        }
    }
}

pub async fn list(server: &ServerArgs, json: bool) -> Result<(), Failure> {
    let tools = Runner::for_server(server)?
        .run(|session| Box::pin(session.list_tools()))
        .await?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&tools).unwrap_or_default()
        );
        return Ok(());
    }
    let width = tools.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for tool in &tools {
        let about = tool
            .title
            .as_deref()
            .or(tool.description.as_deref())
            .unwrap_or_default();
        println!(
            "{:width$}  {}",
            tool.name,
            about.lines().next().unwrap_or_default()
        );
    }
    Ok(())
}

pub async fn call(
    server: &ServerArgs,
    name: &str,
    args: &str,
    json: bool,
    answers: &Answers,
) -> Result<(), Failure> {
    let arguments: serde_json::Value = serde_json::from_str(args)
        .map_err(|e| McpFailure::InvalidInput(format!("--args is not valid JSON: {e}")))?;
    let mut runner = Runner::for_server(server)?;
    runner.side = answers.client_side()?;
    let outcome = runner
        .run(|session| {
            let (name, arguments) = (name.to_string(), arguments.clone());
            Box::pin(async move {
                let tools = session.list_tools().await?;
                let tool = tools
                    .iter()
                    .find(|t| t.name == name)
                    .ok_or_else(|| McpFailure::NotFound(format!("tool “{name}”")))?;
                check_arguments(&tool.input_schema, &arguments)?;
                session
                    .call_tool(
                        "cli",
                        &name,
                        arguments,
                        tool.output_schema.as_ref(),
                        &CancellationToken::new(),
                    )
                    .await
            })
        })
        .await?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome).unwrap_or_default()
        );
    } else {
        for block in &outcome.content {
            match block {
                ContentBlock::Text { text, .. } => println!("{text}"),
                ContentBlock::Image {
                    mime_type, data, ..
                }
                | ContentBlock::Audio {
                    mime_type, data, ..
                } => {
                    println!("[{mime_type}, {} bytes base64]", data.len())
                }
                ContentBlock::ResourceLink { uri, name, .. } => println!("[link {name}: {uri}]"),
                ContentBlock::Resource { resource, .. } => {
                    println!("{}", serde_json::to_string(resource).unwrap_or_default())
                }
                ContentBlock::Unknown { raw } => println!("{raw}"),
            }
        }
        if let Some(structured) = &outcome.structured_content {
            println!(
                "{}",
                serde_json::to_string_pretty(structured).unwrap_or_default()
            );
        }
    }
    if outcome.is_error {
        return Err(Failure::tool_error(format!(
            "the tool “{name}” reported an error"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use gatehouse_auth::MemorySecretStore;
    use serde_json::json;

    use super::*;
    use crate::oauth_server;

    #[tokio::test(flavor = "multi_thread")]
    async fn after_a_403_insufficient_scope_the_command_logs_in_again_for_the_scopes_and_goes_on() {
        let server = oauth_server::OAuthServer::start(oauth_server::Config::default()).await;
        let runner = Runner {
            secrets: Arc::new(MemorySecretStore::new()),
            url: Url::parse(&server.mcp).unwrap(),
            headers: Vec::new(),
            timeout: Duration::from_secs(10),
            client: PreRegistered::default(),
            browser: Browser::Headless,
            log_in_when_asked: true,
            side: ClientSide::default(),
        };
        let outcome = runner
            .run(|session| {
                Box::pin(async move {
                    let cancel = CancellationToken::new();
                    session
                        .call_tool("t", "admin_action", json!({}), None, &cancel)
                        .await
                })
            })
            .await
            .unwrap_or_else(|f| panic!("{}", f.message));
        assert!(!outcome.is_error, "{outcome:?}");
        let counters = server.counters();
        let load = |c: &std::sync::atomic::AtomicUsize| c.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            load(&counters.forbidden),
            1,
            "one 403, then the call went through"
        );
        assert_eq!(
            load(&counters.authorizations),
            2,
            "a login, then the step-up login"
        );
        assert!(
            server
                .live_access_scopes()
                .iter()
                .any(|s| s.split(' ').any(|s| s == "admin")),
            "{:?}",
            server.live_access_scopes()
        );
    }
}
