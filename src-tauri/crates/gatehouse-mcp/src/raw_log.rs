//! Every message of a session that is not one of the client's own requests, for the raw view:
//! what the server sends on its own (notifications; requests such as elicitation, sampling and
//! `roots/list`, paired with the answer Gatehouse sends back) and the notifications Gatehouse
//! sends. [`Recording`] sits between rmcp and the transport, so what is kept is the message as it
//! went over the wire, `_meta` and all.
//!
//! Both lists stay bounded: at most [`MESSAGES_KEPT`] messages and [`LOG_BUDGET_BYTES`] of JSON,
//! oldest dropped first and counted. A message larger than [`MAX_MESSAGE_BYTES`] is listed as a
//! preview; its full text (and that of any large answer to the client's requests) is kept apart,
//! the newest first, within [`FULL_BUDGET_BYTES`], for the window to fetch on demand.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use gatehouse_ipc::{
    AppEvent, ExchangeOutcome, RawDirection, RawKind, RawMessage, RawMessages, RawPart,
};
use rmcp::model::JsonRpcMessage;
use rmcp::service::{RoleClient, RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::{IntoTransport, Transport};
use serde_json::Value;

use crate::exchange_log::{text_preview, MAX_RESPONSE_BYTES};
use crate::json_size::json_fits;
use crate::{now_ms, EventSink};

/// The most messages kept.
pub const MESSAGES_KEPT: usize = 1000;
/// The most bytes of JSON kept over all listed messages.
pub const LOG_BUDGET_BYTES: usize = 8 * 1024 * 1024;
/// A message larger than this is listed as a preview (as large answers are in the exchange log).
pub const MAX_MESSAGE_BYTES: usize = MAX_RESPONSE_BYTES;
/// The most bytes of large messages kept in full (the newest is always kept).
pub const FULL_BUDGET_BYTES: usize = 32 * 1024 * 1024;
/// How often recorded messages are sent to the window, at most.
const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// The most messages, and bytes, one event carries; the rest are in the log.
const BATCH_MESSAGES: usize = 200;
const BATCH_BYTES: usize = 2 * 1024 * 1024;

/// Where a large message's full text is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FullKey {
    Message(u64),
    Answer(u64),
    /// The server's answer to the client's request with this id (as JSON text).
    Response(String),
}

impl From<&RawPart> for FullKey {
    fn from(part: &RawPart) -> Self {
        match part {
            RawPart::Message { seq } => Self::Message(*seq),
            RawPart::Answer { seq } => Self::Answer(*seq),
            RawPart::Response { id } => Self::Response(id.to_string()),
        }
    }
}

#[derive(Default)]
struct Inner {
    entries: VecDeque<(RawMessage, usize)>,
    bytes: usize,
    dropped: u64,
    next_seq: u64,
    full: VecDeque<(FullKey, Arc<str>)>,
    full_bytes: usize,
    pending: Vec<RawMessage>,
    pending_bytes: usize,
    pending_more: bool,
    flush_scheduled: bool,
}

pub(crate) struct RawLog {
    server_id: String,
    events: Arc<dyn EventSink>,
    inner: Mutex<Inner>,
}

/// `text` as the list shows it: whole, or a preview when it is larger than [`MAX_MESSAGE_BYTES`].
fn listed(value: Value, text: &str) -> (Value, usize) {
    if text.len() <= MAX_MESSAGE_BYTES {
        return (value, text.len());
    }
    (text_preview(text), MAX_MESSAGE_BYTES + 64)
}

/// The progress token a message carries: a progress notification's own, or a request's in `_meta`.
fn progress_token(value: &Value) -> Option<Value> {
    value
        .pointer("/params/progressToken")
        .or_else(|| value.pointer("/params/_meta/progressToken"))
        .filter(|v| !v.is_null())
        .cloned()
}

impl RawLog {
    pub(crate) fn new(server_id: String, events: Arc<dyn EventSink>) -> Arc<Self> {
        Arc::new(Self {
            server_id,
            events,
            inner: Mutex::default(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What arrived from the server: its own requests and notifications are listed; a large
    /// answer to one of the client's requests is kept in full (the exchange log lists it).
    pub(crate) fn received(self: &Arc<Self>, message: &RxJsonRpcMessage<RoleClient>) {
        match message {
            JsonRpcMessage::Request(_) => self.record(
                RawDirection::ServerToClient,
                RawKind::Request,
                serde_json::to_value(message),
            ),
            JsonRpcMessage::Notification(_) => self.record(
                RawDirection::ServerToClient,
                RawKind::Notification,
                serde_json::to_value(message),
            ),
            JsonRpcMessage::Response(response) => {
                // Written out once: a large answer's text is kept here, and the exchange log's
                // record of it is this text's preview (`session/request.rs`), so the typed answer
                // is not converted back to JSON a second time. A small one is only measured.
                if json_fits(message, MAX_MESSAGE_BYTES) {
                    return;
                }
                let Ok(text) = serde_json::to_string(message) else {
                    return;
                };
                if text.len() > MAX_MESSAGE_BYTES {
                    let id = serde_json::to_value(&response.id).unwrap_or(Value::Null);
                    self.keep_full(&mut self.lock(), FullKey::Response(id.to_string()), text);
                }
            }
            JsonRpcMessage::Error(_) => {}
        }
    }

    /// What Gatehouse sent: notifications are listed, answers to the server's requests are paired
    /// with them; the client's requests are the exchange log's.
    pub(crate) fn sent(self: &Arc<Self>, message: &TxJsonRpcMessage<RoleClient>) {
        match message {
            JsonRpcMessage::Notification(_) => self.record(
                RawDirection::ClientToServer,
                RawKind::Notification,
                serde_json::to_value(message),
            ),
            JsonRpcMessage::Response(response) => {
                let id = serde_json::to_value(&response.id).unwrap_or(Value::Null);
                self.answered(id, ExchangeOutcome::Ok, serde_json::to_value(message));
            }
            JsonRpcMessage::Error(error) => {
                let id = error
                    .id
                    .as_ref()
                    .and_then(|id| serde_json::to_value(id).ok())
                    .unwrap_or(Value::Null);
                self.answered(id, ExchangeOutcome::Error, serde_json::to_value(message));
            }
            JsonRpcMessage::Request(_) => {}
        }
    }

    fn record(
        self: &Arc<Self>,
        direction: RawDirection,
        kind: RawKind,
        value: serde_json::Result<Value>,
    ) {
        let Ok(value) = value else { return };
        let text = value.to_string();
        let mut inner = self.lock();
        let seq = inner.next_seq;
        inner.next_seq += 1;
        let entry = RawMessage {
            seq,
            direction,
            kind,
            method: value
                .get("method")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            id: value
                .get("id")
                .filter(|_| kind == RawKind::Request)
                .cloned(),
            meta: value.pointer("/params/_meta").cloned(),
            progress_token: progress_token(&value),
            at: now_ms(),
            message: Value::Null,
            answer: None,
            answered_at: None,
            outcome: None,
        };
        // The server withdrawing one of its requests (`notifications/cancelled`).
        let withdrawn = (direction == RawDirection::ServerToClient
            && entry.method == "notifications/cancelled")
            .then(|| value.pointer("/params/requestId").cloned())
            .flatten();
        let (message, size) = listed(value, &text);
        if text.len() > MAX_MESSAGE_BYTES {
            self.keep_full(&mut inner, FullKey::Message(seq), text);
        }
        let entry = RawMessage { message, ..entry };
        let withdrawn = withdrawn.and_then(|id| {
            let (request, size) = inner.entries.iter_mut().rev().find(|(m, _)| {
                m.direction == RawDirection::ServerToClient
                    && m.kind == RawKind::Request
                    && m.outcome.is_none()
                    && m.id.as_ref() == Some(&id)
            })?;
            request.outcome = Some(ExchangeOutcome::Cancelled);
            request.answered_at = Some(entry.at);
            Some((request.clone(), *size))
        });
        inner.entries.push_back((entry.clone(), size));
        inner.bytes += size;
        while inner.entries.len() > MESSAGES_KEPT
            || (inner.bytes > LOG_BUDGET_BYTES && inner.entries.len() > 1)
        {
            if let Some((_, dropped)) = inner.entries.pop_front() {
                inner.bytes -= dropped;
                inner.dropped += 1;
            }
        }
        let mut recorded = vec![(entry, size)];
        recorded.extend(withdrawn);
        self.queue(inner, recorded);
    }

    /// Pairs Gatehouse's answer with the server's request it answers.
    fn answered(
        self: &Arc<Self>,
        id: Value,
        outcome: ExchangeOutcome,
        value: serde_json::Result<Value>,
    ) {
        let Ok(value) = value else { return };
        let text = value.to_string();
        let mut inner = self.lock();
        let Some(at) = inner.entries.iter().rposition(|(m, _)| {
            m.direction == RawDirection::ServerToClient
                && m.kind == RawKind::Request
                && m.answer.is_none()
                && m.id.as_ref() == Some(&id)
        }) else {
            return;
        };
        let seq = inner.entries[at].0.seq;
        let (answer, size) = listed(value, &text);
        if text.len() > MAX_MESSAGE_BYTES {
            self.keep_full(&mut inner, FullKey::Answer(seq), text);
        }
        let (entry, entry_size) = &mut inner.entries[at];
        entry.answer = Some(answer);
        entry.answered_at = Some(now_ms());
        // A request the server withdrew stays withdrawn, whatever was answered after.
        entry.outcome = Some(entry.outcome.unwrap_or(outcome));
        *entry_size += size;
        let updated = entry.clone();
        let total = *entry_size;
        inner.bytes += size;
        self.queue(inner, vec![(updated, total)]);
    }

    fn keep_full(&self, inner: &mut Inner, key: FullKey, text: String) {
        inner.full_bytes += text.len();
        inner.full.push_back((key, Arc::from(text)));
        while inner.full_bytes > FULL_BUDGET_BYTES && inner.full.len() > 1 {
            if let Some((_, text)) = inner.full.pop_front() {
                inner.full_bytes -= text.len();
            }
        }
    }

    /// The full text of a large message, while it is kept.
    pub(crate) fn full(&self, part: &RawPart) -> Option<Arc<str>> {
        let key = FullKey::from(part);
        self.lock()
            .full
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| Arc::clone(text))
    }

    /// The log as it stands, oldest first.
    pub(crate) fn listing(&self) -> RawMessages {
        let inner = self.lock();
        RawMessages {
            messages: inner.entries.iter().map(|(m, _)| m.clone()).collect(),
            dropped: inner.dropped,
            kept_at_most: MESSAGES_KEPT as u32,
        }
    }

    /// Queues what was recorded for the window; the batch goes out within [`FLUSH_EVERY`].
    fn queue(
        self: &Arc<Self>,
        mut inner: MutexGuard<'_, Inner>,
        recorded: Vec<(RawMessage, usize)>,
    ) {
        for (entry, size) in recorded {
            if inner.pending.len() >= BATCH_MESSAGES || inner.pending_bytes + size > BATCH_BYTES {
                inner.pending_more = true;
            } else {
                inner.pending_bytes += size;
                inner.pending.push(entry);
            }
        }
        if inner.flush_scheduled {
            return;
        }
        inner.flush_scheduled = true;
        drop(inner);
        let log = Arc::clone(self);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    tokio::time::sleep(FLUSH_EVERY).await;
                    log.flush();
                });
            }
            Err(_) => log.flush(),
        }
    }

    fn flush(&self) {
        let (messages, more) = {
            let mut inner = self.lock();
            inner.flush_scheduled = false;
            inner.pending_bytes = 0;
            (
                std::mem::take(&mut inner.pending),
                std::mem::take(&mut inner.pending_more),
            )
        };
        if messages.is_empty() && !more {
            return;
        }
        self.events.emit(AppEvent::RawMessagesRecorded {
            server_id: self.server_id.clone(),
            messages,
            more,
        });
    }
}

/// A transport that notes in a [`RawLog`] what passes through it, and changes nothing.
pub(crate) struct Recording<T> {
    inner: T,
    log: Arc<RawLog>,
}

/// `transport`, recording into `log`.
pub(crate) fn recording<T, E, A>(
    transport: T,
    log: Arc<RawLog>,
) -> Recording<impl Transport<RoleClient, Error = E>>
where
    T: IntoTransport<RoleClient, E, A>,
    E: std::error::Error + Send + Sync + 'static,
{
    Recording {
        inner: transport.into_transport(),
        log,
    }
}

impl<T: Transport<RoleClient>> Transport<RoleClient> for Recording<T> {
    type Error = T::Error;

    // Errors name the transport: keep the one underneath.
    fn name() -> Cow<'static, str> {
        T::name()
    }

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleClient>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        self.log.sent(&item);
        self.inner.send(item)
    }

    fn receive(&mut self) -> impl Future<Output = Option<RxJsonRpcMessage<RoleClient>>> + Send {
        let log = Arc::clone(&self.log);
        let next = self.inner.receive();
        async move {
            let message = next.await;
            if let Some(message) = &message {
                log.received(message);
            }
            message
        }
    }

    fn close(&mut self) -> impl Future<Output = Result<(), Self::Error>> + Send {
        self.inner.close()
    }
}
