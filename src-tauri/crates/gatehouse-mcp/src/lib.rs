//! Gatehouse's MCP client over rmcp: connect to any Streamable HTTP server (with or without
//! OAuth), list and call tools, read resources, get prompts, and follow notifications.
//! [`Explorer`] is what the desktop app's commands and the CLI call.

mod client_requests;
mod connect;
mod content;
mod diagnose;
mod error;
mod events;
mod exchange_log;
mod explorer;
mod explorer_history;
mod explorer_protocol;
mod explorer_raw;
mod explorer_tools;
mod handler;
#[cfg(test)]
mod handler_tests;
mod history;
mod json_size;
mod logins;
mod notification_batch;
mod profiles;
mod raw_answers;
mod raw_log;
#[cfg(test)]
mod raw_log_tests;
mod roots;
mod schema_check;
mod session;
mod session_end;
mod session_table;
mod user_desk;

pub use client_requests::{
    schema_defaults, AnswerWithDefaults, ClientSide, DeclineAll, ReplyFuture, Responder,
};
mod session_utilities;
mod subscriptions;
mod task_list;
#[cfg(test)]
mod task_list_tests;
mod tasks;

pub use connect::{connect, connect_pinned, connect_with, lifecycle_for, ConnectTarget, Connected};
pub use content::{content_block_from_json, tool_info_from_json};
pub use error::{McpFailure, Result};
pub use events::{EventSink, NoEvents};
pub use explorer::Explorer;
pub use history::HistoryStore;
pub use logins::LOGIN_WAIT;
pub use profiles::{validate_server_url, ProfileStore};
pub use schema_check::{check_arguments, check_structured};
pub use session::Session;
pub use session_utilities::LOG_LEVELS;
pub use tokio_util::sync::CancellationToken;
pub use user_desk::UserDesk;

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

/// The app awaits the explorer on a multi-threaded runtime: every future it hands out must be
/// `Send` (a type that is not, held across an await deep in the core, breaks only the app).
#[cfg(test)]
#[allow(dead_code, clippy::let_underscore_future)]
fn explorer_futures_are_send(explorer: std::sync::Arc<Explorer>) {
    fn send<T: Send>(_: T) {}
    use gatehouse_auth::login::RedirectPreference;
    send(explorer.connect("id"));
    send(explorer.disconnect("id"));
    send(explorer.logout("id"));
    send(explorer.delete_server("id"));
    send(explorer.start_login("id", RedirectPreference::AppScheme));
    send(explorer.cancel_login("id"));
    send(explorer.handle_link("link"));
    send(explorer.forget_expired_logins());
    send(explorer.ping("id"));
    send(explorer.set_log_level("id", "info"));
    send(explorer.subscribe("id", "uri"));
    send(explorer.unsubscribe("id", "uri"));
    send(explorer.pin_protocol("id", None));
    send(explorer.cancel_task("id", "task"));
}
