//! Bounds what a server's notifications cost the window. A server may send thousands of log
//! messages or list changes a second; each would be one event, one state update and one render.
//! Here they are gathered for [`FLUSH_EVERY`] and sent as one event: list changes of one kind
//! merged into a single entry, large params cut to [`MAX_PARAMS_BYTES`], at most
//! [`MAX_PER_BATCH`] entries (the oldest past that are counted, not sent), and only the latest
//! progress of each call.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use gatehouse_ipc::{AppEvent, NotificationKind, ServerNotificationEntry};
use serde_json::{json, Value};

use crate::{now_ms, EventSink};

/// How long notifications are gathered before they are sent on together.
pub(crate) const FLUSH_EVERY: Duration = Duration::from_millis(200);
/// The most entries one batch carries (so at most 250 a second reach the window).
pub(crate) const MAX_PER_BATCH: usize = 50;
/// Params larger than this (as JSON) are replaced by their start, as text.
pub(crate) const MAX_PARAMS_BYTES: usize = 4096;

struct Progress {
    call_id: String,
    progress: f64,
    total: Option<f64>,
    message: Option<String>,
}

#[derive(Default)]
struct Pending {
    entries: VecDeque<ServerNotificationEntry>,
    dropped: u32,
    progress: Vec<Progress>,
    flush_scheduled: bool,
}

pub(crate) struct NotificationBatch {
    server_id: String,
    events: Arc<dyn EventSink>,
    pending: Mutex<Pending>,
    /// The raw view's log of what the server sends on its own (see `raw_log.rs`).
    raw: Arc<crate::raw_log::RawLog>,
}

fn is_list_change(kind: NotificationKind) -> bool {
    matches!(
        kind,
        NotificationKind::ToolsChanged
            | NotificationKind::ResourcesChanged
            | NotificationKind::PromptsChanged
    )
}

/// The length of `value` as JSON, counting each string by its bytes (escapes aside). It walks the
/// values, not the text: a 50 KB log line costs one step, where writing it out costs 50,000.
fn rough_json_len(value: &Value) -> usize {
    match value {
        Value::Null => 4,
        Value::Bool(_) => 5,
        Value::Number(n) => n.to_string().len(),
        Value::String(s) => s.len() + 2,
        Value::Array(items) => 2 + items.iter().map(|v| rough_json_len(v) + 1).sum::<usize>(),
        Value::Object(map) => {
            2 + map
                .iter()
                .map(|(k, v)| k.len() + 4 + rough_json_len(v))
                .sum::<usize>()
        }
    }
}

/// `value` with every string cut to at most `max` bytes, so that writing it out stays cheap.
fn with_short_strings(value: &Value, max: usize) -> Value {
    match value {
        Value::String(s) if s.len() > max => {
            let mut end = max;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            Value::String(s[..end].to_string())
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .take(max)
                .map(|v| with_short_strings(v, max))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .take(max)
                .map(|(k, v)| (k.clone(), with_short_strings(v, max)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The params as they are, or their start as text when they are too large to show in full. Large
/// params are never written out whole: a flood of 50 KB messages would spend its time doing that.
fn bounded(params: Value) -> Value {
    let size = rough_json_len(&params);
    if size <= MAX_PARAMS_BYTES {
        return params;
    }
    let text = with_short_strings(&params, MAX_PARAMS_BYTES).to_string();
    let mut end = MAX_PARAMS_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    json!({ "data": format!("{}…", &text[..end]), "truncatedFromBytes": size })
}

impl NotificationBatch {
    pub(crate) fn new(server_id: String, events: Arc<dyn EventSink>) -> Arc<Self> {
        Arc::new(Self {
            raw: crate::raw_log::RawLog::new(server_id.clone(), events.clone()),
            server_id,
            events,
            pending: Mutex::default(),
        })
    }

    /// The session's raw log of server messages, which the transport fills.
    pub(crate) fn raw(&self) -> &Arc<crate::raw_log::RawLog> {
        &self.raw
    }

    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues one notification for the next batch.
    pub(crate) fn push(
        self: &Arc<Self>,
        kind: NotificationKind,
        level: Option<String>,
        params: Value,
    ) {
        let mut pending = self.lock();
        if is_list_change(kind) {
            if let Some(entry) = pending
                .entries
                .iter_mut()
                .find(|e| e.notification_kind == kind)
            {
                entry.repeats = entry.repeats.saturating_add(1);
                return;
            }
        }
        pending.entries.push_back(ServerNotificationEntry {
            notification_kind: kind,
            level,
            params: bounded(params),
            at: now_ms(),
            repeats: 1,
        });
        if pending.entries.len() > MAX_PER_BATCH {
            // List changes are few (one per kind) and trigger refetches: keep them, drop old logs.
            let oldest = pending
                .entries
                .iter()
                .position(|e| !is_list_change(e.notification_kind))
                .unwrap_or(0);
            pending.entries.remove(oldest);
            pending.dropped = pending.dropped.saturating_add(1);
        }
        self.schedule(pending);
    }

    /// Queues a tool call's progress; only the latest of each call is sent.
    pub(crate) fn progress(
        self: &Arc<Self>,
        call_id: String,
        progress: f64,
        total: Option<f64>,
        message: Option<String>,
    ) {
        let mut pending = self.lock();
        let latest = Progress {
            call_id,
            progress,
            total,
            message,
        };
        match pending
            .progress
            .iter_mut()
            .find(|p| p.call_id == latest.call_id)
        {
            Some(slot) => *slot = latest,
            None => pending.progress.push(latest),
        }
        self.schedule(pending);
    }

    fn schedule(self: &Arc<Self>, mut pending: MutexGuard<'_, Pending>) {
        if pending.flush_scheduled {
            return;
        }
        pending.flush_scheduled = true;
        drop(pending);
        let batch = Arc::clone(self);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    tokio::time::sleep(FLUSH_EVERY).await;
                    batch.flush();
                });
            }
            // Outside a runtime (never in the app): send at once rather than never.
            Err(_) => batch.flush(),
        }
    }

    /// Sends the call's queued progress now: a call that ended must not get its last progress
    /// after its result (a quick call would otherwise show none at all).
    pub(crate) fn flush_progress_of(&self, call_id: &str) {
        let finished = {
            let mut pending = self.lock();
            let at = pending.progress.iter().position(|p| p.call_id == call_id);
            at.map(|at| pending.progress.remove(at))
        };
        if let Some(p) = finished {
            self.events.emit(AppEvent::ToolProgress {
                call_id: p.call_id,
                progress: p.progress,
                total: p.total,
                message: p.message,
            });
        }
    }

    /// Sends what is queued, as one event (plus one per call with progress).
    pub(crate) fn flush(&self) {
        let (entries, dropped, progress) = {
            let mut pending = self.lock();
            pending.flush_scheduled = false;
            (
                std::mem::take(&mut pending.entries),
                std::mem::take(&mut pending.dropped),
                std::mem::take(&mut pending.progress),
            )
        };
        for p in progress {
            self.events.emit(AppEvent::ToolProgress {
                call_id: p.call_id,
                progress: p.progress,
                total: p.total,
                message: p.message,
            });
        }
        if !entries.is_empty() || dropped > 0 {
            self.events.emit(AppEvent::ServerNotifications {
                server_id: self.server_id.clone(),
                entries: entries.into(),
                dropped,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collecting() -> (Arc<dyn EventSink>, Arc<Mutex<Vec<AppEvent>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = {
            let seen = seen.clone();
            move |event: AppEvent| seen.lock().unwrap().push(event)
        };
        (Arc::new(sink), seen)
    }

    fn batches(seen: &Mutex<Vec<AppEvent>>) -> Vec<(Vec<ServerNotificationEntry>, u32)> {
        seen.lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                AppEvent::ServerNotifications {
                    entries, dropped, ..
                } => Some((entries.clone(), *dropped)),
                _ => None,
            })
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn a_flood_reaches_the_window_as_one_bounded_batch() {
        let (sink, seen) = collecting();
        let batch = NotificationBatch::new("s".into(), sink);
        for i in 0..3000 {
            batch.push(NotificationKind::ToolsChanged, None, Value::Null);
            batch.push(
                NotificationKind::Log,
                Some("info".into()),
                json!({ "level": "info", "data": format!("line {i}") }),
            );
        }
        assert!(
            batches(&seen).is_empty(),
            "nothing is sent before the batch is due"
        );
        tokio::time::sleep(FLUSH_EVERY * 2).await;

        let sent = batches(&seen);
        assert_eq!(sent.len(), 1, "one event for the whole flood");
        let (entries, dropped) = &sent[0];
        assert_eq!(entries.len(), MAX_PER_BATCH);
        assert_eq!(*dropped as usize, 3000 + 1 - MAX_PER_BATCH);
        let changes: Vec<_> = entries
            .iter()
            .filter(|e| e.notification_kind == NotificationKind::ToolsChanged)
            .collect();
        assert_eq!(changes.len(), 1, "3,000 list changes are one entry");
        assert_eq!(changes[0].repeats, 3000);
        let last = entries.last().unwrap();
        assert_eq!(last.params["data"], "line 2999", "the newest are kept");
    }

    #[tokio::test(start_paused = true)]
    async fn large_params_are_cut_and_progress_keeps_the_latest() {
        let (sink, seen) = collecting();
        let batch = NotificationBatch::new("s".into(), sink);
        batch.push(
            NotificationKind::Log,
            None,
            json!({ "data": "é".repeat(50_000) }),
        );
        for i in 0..100 {
            batch.progress("call-1".into(), f64::from(i), Some(100.0), None);
        }
        tokio::time::sleep(FLUSH_EVERY * 2).await;

        let sent = batches(&seen);
        let params = &sent[0].0[0].params;
        assert!(params["data"].as_str().unwrap().len() <= MAX_PARAMS_BYTES + 3);
        assert!(params["truncatedFromBytes"].as_u64().unwrap() > 100_000);
        let progress: Vec<f64> = seen
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                AppEvent::ToolProgress { progress, .. } => Some(*progress),
                _ => None,
            })
            .collect();
        assert_eq!(progress, vec![99.0]);
    }

    #[test]
    fn params_that_are_long_in_any_way_are_cut_to_their_start() {
        let many = bounded(json!({ "data": vec![12345; 100_000] }));
        let text = many["data"].as_str().expect("the start, as text");
        assert!(
            text.starts_with(r#"{"data":[12345,12345"#),
            "{}",
            &text[..40]
        );
        assert!(text.len() <= MAX_PARAMS_BYTES + 3);
        assert!(many["truncatedFromBytes"].as_u64().unwrap() >= 600_000);

        let small = json!({ "level": "info", "data": "one line" });
        assert_eq!(
            bounded(small.clone()),
            small,
            "small params are kept as they are"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_server_sends_each_notification_after_a_short_wait() {
        let (sink, seen) = collecting();
        let batch = NotificationBatch::new("s".into(), sink);
        batch.push(NotificationKind::Log, None, json!({"data": "one"}));
        tokio::time::sleep(FLUSH_EVERY * 2).await;
        batch.push(NotificationKind::Log, None, json!({"data": "two"}));
        tokio::time::sleep(FLUSH_EVERY * 2).await;
        let sent = batches(&seen);
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[1].0[0].params["data"], "two");
        assert_eq!(sent[1].1, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_calls_progress_is_sent_when_the_call_ends_and_never_after() {
        let (sink, seen) = collecting();
        let batch = NotificationBatch::new("s".into(), sink);
        batch.progress("quick".into(), 3.0, Some(3.0), None);
        batch.progress("slow".into(), 1.0, Some(9.0), None);
        batch.flush_progress_of("quick");
        let progress_of = |call: &str| -> Vec<f64> {
            seen.lock()
                .unwrap()
                .iter()
                .filter_map(|e| match e {
                    AppEvent::ToolProgress {
                        call_id, progress, ..
                    } if call_id == call => Some(*progress),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(progress_of("quick"), vec![3.0]);
        assert!(progress_of("slow").is_empty());
        tokio::time::sleep(FLUSH_EVERY * 2).await;
        assert_eq!(progress_of("quick"), vec![3.0], "sent once, not again");
        assert_eq!(progress_of("slow"), vec![1.0]);
    }
}
