//! The explorer's history: what each request is recorded as, and the list the UI shows.

use gatehouse_ipc::{ContentBlock, HistoryEntry, HistoryKind, HistoryResult, ResourceContents};

use crate::explorer::blocking;
use crate::{now_ms, Explorer, McpFailure, Result};

impl Explorer {
    pub async fn history(&self, id: &str) -> Result<Vec<HistoryEntry>> {
        let (history, id) = (self.history.clone(), id.to_string());
        blocking(move || Ok(history.list(&id))).await
    }

    pub async fn clear_history(&self, id: &str) -> Result<()> {
        let (history, id) = (self.history.clone(), id.to_string());
        blocking(move || history.clear(&id)).await
    }

    /// Keeps the entry; the answer does not wait for the disk: it is written in the background.
    pub(crate) fn record_history(&self, entry: HistoryEntry) {
        self.history.remember(entry);
        let history = self.history.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = history.persist() {
                tracing::warn!(error = %e, "could not record the request in the history");
            }
        });
    }

    /// Records a prompt got or a resource read, with its contents as content blocks.
    pub(crate) fn record_other(
        &self,
        id: &str,
        kind: HistoryKind,
        name: &str,
        arguments: serde_json::Value,
        started_at: u64,
        outcome: std::result::Result<(Vec<ContentBlock>, u64), &McpFailure>,
    ) {
        let (is_error, summary, duration_ms, result) = match outcome {
            Ok((content, duration_ms)) => {
                let summary = content
                    .iter()
                    .find_map(|block| match block {
                        ContentBlock::Text { text, .. } => Some(text.clone()),
                        ContentBlock::Resource {
                            resource: ResourceContents::Text { text, .. },
                            ..
                        } => Some(text.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| format!("{} content block(s)", content.len()));
                let summary = summary
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(160)
                    .collect();
                let result = crate::history::keepable(HistoryResult {
                    content,
                    structured_content: None,
                });
                (false, summary, duration_ms, result)
            }
            Err(e) => (
                true,
                e.to_string(),
                now_ms().saturating_sub(started_at),
                None,
            ),
        };
        self.record_history(HistoryEntry {
            id: crate::profiles::new_id(),
            server_id: id.to_string(),
            kind,
            tool: name.to_string(),
            arguments,
            is_error,
            cancelled: false,
            summary,
            started_at,
            duration_ms,
            result,
        });
    }
}
