//! The explorer's raw view beyond the client's requests: what the server sent on its own, and the
//! full text of large messages (see `raw_log.rs`).

use std::sync::Arc;

use gatehouse_ipc::{RawMessages, RawPart};

use crate::raw_log::FULL_BUDGET_BYTES;
use crate::{Explorer, McpFailure, Result};

impl Explorer {
    /// The session's server messages and Gatehouse's notifications, oldest first.
    pub async fn raw_messages(&self, id: &str) -> Result<RawMessages> {
        Ok(self.session(id).await?.notifications().raw().listing())
    }

    /// The full text of a large message the raw view lists as a preview.
    pub async fn raw_message_full(&self, id: &str, part: &RawPart) -> Result<Arc<str>> {
        self.session(id)
            .await?
            .notifications()
            .raw()
            .full(part)
            .ok_or_else(|| {
                McpFailure::InvalidInput(format!(
                    "this message is no longer kept in full: Gatehouse keeps the newest {} MB of large messages of a session. Run the request again to see its answer whole.",
                    FULL_BUDGET_BYTES / (1024 * 1024)
                ))
            })
    }
}
