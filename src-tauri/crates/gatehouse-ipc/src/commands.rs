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
    /// Forget (and revoke where supported) the server's credentials.
    logout(ServerRef) -> NoArgs;
    /// All tools, every page.
    tools_list(ServerRef) -> Vec<ToolInfo>;
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
}
