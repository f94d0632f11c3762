//! The requests made (tool calls, prompts got, resources read), per server, newest first, in
//! `history.json`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gatehouse_ipc::HistoryEntry;

use crate::profiles::write_atomically;
use crate::{McpFailure, Result};

/// How many calls are kept per server.
pub const HISTORY_PER_SERVER: usize = 200;
/// A result larger than this (as JSON) is not kept with its entry: 200 entries stay well under
/// 13 MB on disk and in memory.
pub const HISTORY_RESULT_BYTES: usize = 64 * 1024;

/// The result, when it is small enough to keep.
pub fn keepable(result: gatehouse_ipc::HistoryResult) -> Option<gatehouse_ipc::HistoryResult> {
    crate::json_size::json_fits(&result, HISTORY_RESULT_BYTES).then_some(result)
}

pub struct HistoryStore {
    path: PathBuf,
    /// Every server's entries, newest first; read from disk once, then the source of truth.
    entries: Mutex<Option<Vec<HistoryEntry>>>,
    /// Held while writing, so that the last write always carries the latest entries.
    file: Mutex<()>,
}

impl HistoryStore {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join("history.json"),
            entries: Mutex::new(None),
            file: Mutex::new(()),
        }
    }

    fn with_entries<T>(&self, f: impl FnOnce(&mut Vec<HistoryEntry>) -> T) -> T {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        // A damaged history is not worth stopping for: start a new one.
        let entries = guard.get_or_insert_with(|| {
            std::fs::read_to_string(&self.path)
                .ok()
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default()
        });
        f(entries)
    }

    pub fn list(&self, server_id: &str) -> Vec<HistoryEntry> {
        self.with_entries(|entries| {
            entries
                .iter()
                .filter(|e| e.server_id == server_id)
                .cloned()
                .collect()
        })
    }

    /// Adds the entry in memory; [`Self::persist`] writes it out.
    pub fn remember(&self, entry: HistoryEntry) {
        self.with_entries(|entries| {
            entries.insert(0, entry.clone());
            let mut kept = 0;
            entries.retain(|e| {
                if e.server_id != entry.server_id {
                    return true;
                }
                kept += 1;
                kept <= HISTORY_PER_SERVER
            });
        });
    }

    /// Writes the current entries to disk.
    pub fn persist(&self) -> Result<()> {
        let _file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let json = self
            .with_entries(|entries| serde_json::to_string(entries))
            .map_err(|e| McpFailure::Storage(e.to_string()))?;
        write_atomically(&self.path, &json)
    }

    pub fn record(&self, entry: HistoryEntry) -> Result<()> {
        self.remember(entry);
        self.persist()
    }

    pub fn clear(&self, server_id: &str) -> Result<()> {
        self.with_entries(|entries| entries.retain(|e| e.server_id != server_id));
        self.persist()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(server: &str, n: u64) -> HistoryEntry {
        HistoryEntry {
            id: n.to_string(),
            server_id: server.into(),
            kind: Default::default(),
            tool: "add".into(),
            arguments: serde_json::json!({"a": n}),
            is_error: false,
            cancelled: false,
            result: None,
            summary: String::new(),
            started_at: n,
            duration_ms: 1,
        }
    }

    #[test]
    fn old_entries_read_as_tool_calls_and_large_results_are_not_kept() {
        let old = r#"{"id":"1","serverId":"a","tool":"add","arguments":{},"isError":false,"summary":"","startedAt":1,"durationMs":1}"#;
        let entry: HistoryEntry = serde_json::from_str(old).unwrap();
        assert_eq!(entry.kind, gatehouse_ipc::HistoryKind::Tool);
        assert!(!entry.cancelled && entry.result.is_none());
        let text = |n: usize| gatehouse_ipc::HistoryResult {
            content: vec![gatehouse_ipc::ContentBlock::Text {
                text: "x".repeat(n),
                annotations: None,
            }],
            structured_content: None,
        };
        assert!(keepable(text(10)).is_some());
        assert!(keepable(text(HISTORY_RESULT_BYTES)).is_none());
    }

    #[test]
    fn keeps_the_newest_calls_per_server() {
        let dir =
            std::env::temp_dir().join(format!("gatehouse-history-{}", crate::profiles::new_id()));
        let store = HistoryStore::new(&dir);
        for n in 0..(HISTORY_PER_SERVER as u64 + 5) {
            store.record(entry("a", n)).unwrap();
        }
        store.record(entry("b", 1)).unwrap();
        let a = store.list("a");
        assert_eq!(a.len(), HISTORY_PER_SERVER);
        assert_eq!(a[0].started_at, HISTORY_PER_SERVER as u64 + 4);
        // Written to disk: a new store reads the same.
        assert_eq!(HistoryStore::new(&dir).list("a").len(), HISTORY_PER_SERVER);
        store.clear("a").unwrap();
        assert!(store.list("a").is_empty());
        assert_eq!(store.list("b").len(), 1);
        let _ = std::fs::remove_dir_all(dir);
    }
}
