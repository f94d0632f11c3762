//! Gatehouse's MCP client over rmcp: connect to any Streamable HTTP server (with or without
//! OAuth), list and call tools, read resources, get prompts, and follow notifications.
//! [`Explorer`] is what the desktop app's commands and the CLI call.

mod connect;
mod content;
mod error;
mod events;
mod exchange_log;
mod explorer;
mod handler;
mod history;
mod notification_batch;
mod profiles;
mod schema_check;
mod session;

pub use connect::{connect, ConnectTarget, Connected};
pub use content::{content_block_from_json, tool_info_from_json};
pub use error::{McpFailure, Result};
pub use events::{EventSink, NoEvents};
pub use explorer::Explorer;
pub use history::HistoryStore;
pub use profiles::{validate_server_url, ProfileStore};
pub use schema_check::{check_arguments, check_structured};
pub use session::Session;
pub use tokio_util::sync::CancellationToken;

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}
