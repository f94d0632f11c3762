//! Every IPC command, declared once as `name(Request) -> Response`.
//!
//! The Tauri shell implements each as `#[tauri::command] fn name(req: Request) -> Result<Response, IpcError>`;
//! [`typescript_command_map`] produces the TypeScript map the UI's `call` helper is typed by.

use crate::*;

macro_rules! commands {
    ($($(#[doc = $doc:literal])* $name:ident($req:ty) -> $res:ty;)*) => {
        /// The names of all commands, in declaration order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The TypeScript interface mapping each command to its request and response types.
        pub fn typescript_command_map(cfg: &ts_rs::Config) -> String {
            use ts_rs::TS;
            let mut out = String::from("export interface Commands {\n");
            $(
                $(out.push_str(&format!("  /**{} */\n", $doc));)*
                out.push_str(&format!(
                    "  {}: {{ req: {}; res: {} }};\n",
                    stringify!($name),
                    <$req as TS>::name(cfg),
                    <$res as TS>::name(cfg),
                ));
            )*
            out.push_str("}\n");
            out
        }

        /// Visits the request and response type of every command.
        pub(crate) fn visit_command_types(v: &mut impl ts_rs::TypeVisitor) {
            $(
                v.visit::<$req>();
                v.visit::<$res>();
            )*
        }
    };
}

/// Requests with nothing to say.
pub type NoArgs = ();

commands! {
    /// The app's version and redirect URI.
    app_info(NoArgs) -> AppInfo;
    /// Saved servers.
    servers_list(NoArgs) -> Vec<ServerProfile>;
    /// Create or change a saved server.
    server_save(ServerProfileInput) -> ServerProfile;
    /// Forget a saved server, its history and its credentials.
    server_delete(ServerRef) -> NoArgs;
    /// Open a session with a saved server.
    server_connect(ServerRef) -> ConnectOutcome;
    /// Close the session.
    server_disconnect(ServerRef) -> NoArgs;
    /// Begin an OAuth login in the system browser; `LoginFinished` follows.
    login_start(ServerRef) -> LoginStarted;
    /// Give up the server's waiting login; a link that arrives for it later is refused.
    login_cancel(ServerRef) -> NoArgs;
    /// Forget (and revoke where supported) the server's credentials.
    logout(ServerRef) -> NoArgs;
    /// The window listens to app events: login links that reached the app before it did are
    /// handled now, their outcome follows as events.
    app_events_ready(NoArgs) -> NoArgs;
    /// All tools, every page, without their schemas (`tool_get` has them).
    tools_list(ServerRef) -> Vec<ToolSummary>;
    /// One tool of the latest list, with its input and output schemas; the server is not asked again.
    tool_get(ToolRef) -> ToolInfo;
    /// Call a tool; progress arrives as `ToolProgress` events.
    tool_call(ToolCallRequest) -> ToolCallOutcome;
    /// Cancel a running call.
    tool_cancel(CancelRequest) -> NoArgs;
    /// Resources and resource templates.
    resources_list(ServerRef) -> ResourceListing;
    /// Read one resource.
    resource_read(ReadResourceRequest) -> ReadResourceOutcome;
    /// Prompts.
    prompts_list(ServerRef) -> Vec<PromptInfo>;
    /// Render one prompt.
    prompt_get(GetPromptRequest) -> PromptOutcome;
    /// Past tool calls on this server, newest first.
    history_list(ServerRef) -> Vec<HistoryEntry>;
    /// Forget the server's history.
    history_clear(ServerRef) -> NoArgs;
    /// Every request and answer of the current session, oldest first.
    exchanges_list(ServerRef) -> Vec<Exchange>;
    /// What the server sent on its own and Gatehouse's notifications this session, oldest first.
    raw_messages_list(ServerRef) -> RawMessages;
    /// The full text of a large message the raw view shows as a preview.
    raw_message_full(RawFullRequest) -> String;
    /// Save a large message's full text where the user chooses in the system's save dialog.
    raw_message_save(RawFullRequest) -> SaveResourceOutcome;
    /// Suggestions for a prompt argument or template variable being typed.
    completion_complete(CompleteRequest) -> CompletionOutcome;
    /// Follow a resource's updates (`ServerNotifications` with `resource_updated` follow).
    resource_subscribe(ResourceSubscriptionRequest) -> ResourceSubscriptions;
    /// Stop following a resource's updates.
    resource_unsubscribe(ResourceSubscriptionRequest) -> ResourceSubscriptions;
    /// The resources this session follows.
    resource_subscriptions(ServerRef) -> ResourceSubscriptions;
    /// Set the level of the log messages the server sends.
    log_level_set(LogLevelRequest) -> NoArgs;
    /// Ping the server and measure the round trip.
    server_ping(ServerRef) -> PingOutcome;
    /// Pin the server to a protocol version (or negotiate); reconnects use it.
    server_protocol_pin(ProtocolPinRequest) -> ServerProfile;
    /// Run a tool call as a task; `TaskChanged` events follow it.
    task_start(TaskStartRequest) -> TaskInfo;
    /// Every task started on this server, newest first.
    tasks_list(ServerRef) -> Vec<TaskInfo>;
    /// Ask the server to cancel a task.
    task_cancel(TaskRef) -> TaskInfo;
    /// Save a binary resource where the user chooses in the system's save dialog.
    resource_save(SaveResourceRequest) -> SaveResourceOutcome;
    /// Requests from servers that wait for the user (elicitation, sampling), oldest first.
    server_requests_list(NoArgs) -> Vec<PendingServerRequest>;
    /// Answer a server's request; `ServerRequestClosed` follows.
    server_request_answer(AnswerServerRequest) -> NoArgs;
    /// Replace the folders the server may see (`roots/list`); a connected server is told.
    server_roots_set(SetRootsRequest) -> ServerProfile;
    /// Choose a folder with the system dialog; `null` when the user closed it.
    folder_pick(NoArgs) -> Option<RootEntry>;
    /// Which Cloudflare API is used and whether a token is kept.
    cloudflare_status(NoArgs) -> CloudflareStatus;
    /// Check (and keep, in the keychain) an API token, user or account; its kind and the accounts it can use.
    cloudflare_connect(CloudflareConnectRequest) -> CloudflareConnection;
    /// Forget the kept API token.
    cloudflare_forget(NoArgs) -> NoArgs;
    /// What an account has that setup relies on, and what is missing.
    account_check(AccountRef) -> AccountCheck;
    /// The redirect URL a deployment's Access application must allow.
    setup_redirect_url(RedirectUrlRequest) -> String;
    /// Check pasted Access application values by fetching their discovery document.
    manual_access_check(ManualAccess) -> ManualAccessCheck;
    /// What setup would create or change; changes nothing.
    setup_plan(SetupInput) -> SetupPlan;
    /// Run setup; `SetupProgress` events report each step. A re-run resumes.
    setup_apply(SetupInput) -> Deployment;
    /// Run setup again with the choices it was started with.
    setup_resume(DeploymentRef) -> Deployment;
    /// Every deployment this app set up, complete or not.
    deployments_list(NoArgs) -> Vec<Deployment>;
    /// Check a deployment live: Worker, Access application, login challenge.
    deployment_check(DeploymentRef) -> DeploymentHealth;
    /// Check a deployment thoroughly: token, Access, Worker, bundle, and the live answers.
    deployment_audit(DeploymentRef) -> DeploymentAudit;
    /// Make one of the audit's fixes (updating the server among them), then audit again.
    deployment_fix(AuditFixRequest) -> DeploymentAudit;
    /// Remove what the deployment created; `TeardownProgress` events report each step.
    deployment_teardown(DeploymentRef) -> TeardownReport;
    /// How this copy is updated, the setting, and where updating stands.
    update_status(NoArgs) -> UpdateStatus;
    /// Look for a newer version now.
    update_check(NoArgs) -> UpdateStatus;
    /// Download the newer version and verify its signature; `UpdateStatusChanged` events report progress.
    update_download(NoArgs) -> UpdateStatus;
    /// Install the downloaded, verified version and restart.
    update_install(NoArgs) -> NoArgs;
    /// Turn automatic update checks on or off.
    update_settings_save(UpdateSettingsInput) -> UpdateStatus;
    /// Open the folder with Gatehouse's logs; returns its path.
    log_folder_open(NoArgs) -> String;
    /// Run the connection doctor's checks against the server.
    doctor_run(ServerRef) -> DoctorReport;
    /// The server's login timeline (logins, refreshes, step-ups), secrets shortened.
    timeline_get(ServerRef) -> LoginTimeline;
    /// Step through the server's next login one request at a time, or not.
    timeline_guide(TimelineGuideRequest) -> LoginTimeline;
    /// Send the request the guided login is waiting on.
    timeline_step(ServerRef) -> LoginTimeline;
    /// The timeline as a text report to attach to a bug report; secrets shortened.
    timeline_export(ServerRef) -> String;
    /// Forget the server's timeline.
    timeline_clear(ServerRef) -> NoArgs;
}
