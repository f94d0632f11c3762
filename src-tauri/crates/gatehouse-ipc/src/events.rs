use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{
    Exchange, IpcError, MenuAction, PendingServerRequest, RawMessage, ServerRequestEnd, SetupStep,
    StepState, TaskInfo, TeardownStep, UpdateStatus,
};

/// Everything the core pushes to the UI, on [`crate::APP_EVENT`].
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AppEvent {
    /// A login that began in the browser ended (the deep link or loopback callback arrived).
    LoginFinished {
        server_id: String,
        error: Option<IpcError>,
    },
    /// A link reached the app and was refused; nothing changed.
    LinkRejected { error: IpcError },
    /// A running tool call reported progress.
    ToolProgress {
        call_id: String,
        progress: f64,
        total: Option<f64>,
        message: Option<String>,
    },
    /// What the server sent on its own (log messages, list changes, …) over the last moments, in
    /// the order it arrived. The core batches and bounds them so a flooding server cannot freeze
    /// the window: list changes of one kind are merged (`repeats`), large params are cut, and past
    /// a batch's cap the oldest are left out and counted in `dropped`.
    ServerNotifications {
        server_id: String,
        entries: Vec<ServerNotificationEntry>,
        dropped: u32,
    },
    /// A request and its answer (or its error, or its cancellation) were recorded for the raw
    /// view; a very large answer arrives as a preview, as `exchanges_list` keeps it.
    ExchangeRecorded {
        server_id: String,
        exchange: Exchange,
    },
    /// Messages the server sent on its own, or notifications Gatehouse sent, were recorded for the
    /// raw view (a server's request appears again once answered, with the same `seq`). Batched:
    /// `more` says some were left out of this batch (`raw_messages_list` has them).
    RawMessagesRecorded {
        server_id: String,
        messages: Vec<RawMessage>,
        more: bool,
    },
    /// The session with a server ended.
    Disconnected {
        server_id: String,
        reason: Option<String>,
    },
    /// A setup step started, finished, was skipped or failed.
    SetupProgress {
        name: String,
        step: SetupStep,
        state: StepState,
        /// What the step is doing or did, in plain words (no secrets).
        detail: Option<String>,
        /// Time spent on this step so far.
        #[ts(type = "number")]
        elapsed_ms: u64,
        error: Option<IpcError>,
    },
    /// A teardown step started, finished, was skipped or failed.
    TeardownProgress {
        name: String,
        step: TeardownStep,
        state: StepState,
        detail: Option<String>,
        error: Option<IpcError>,
    },
    /// Updating moved on (a check finished, download progress, verified, failed).
    UpdateStatusChanged { status: UpdateStatus },
    /// A server asks the user something (elicitation, sampling); answer with `server_request_answer`.
    ServerRequestOpened { request: PendingServerRequest },
    /// A request from a server is no longer waiting (answered, withdrawn, or the session ended).
    ServerRequestClosed {
        server_id: String,
        request_id: String,
        end: ServerRequestEnd,
    },
    /// The server finished what a URL-mode elicitation sent the user to do.
    ElicitationCompleted {
        server_id: String,
        elicitation_id: String,
    },
    /// A task the app started moved on (status, progress, result).
    TaskChanged { task: TaskInfo },
    /// The user chose a menu item the window handles.
    MenuAction { action: MenuAction },
}

/// One notification (or several merged list changes of one kind) a server sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerNotificationEntry {
    pub notification_kind: NotificationKind,
    /// For log messages: the level (`info`, `warning`, …).
    pub level: Option<String>,
    /// The notification's params; when too large, `{ "data": <the start, as text>, "truncatedFromBytes": n }`.
    #[ts(type = "unknown")]
    pub params: Value,
    /// Milliseconds since the Unix epoch (of the first, when merged).
    #[ts(type = "number")]
    pub at: u64,
    /// How many notifications this entry stands for (list changes are merged).
    pub repeats: u32,
}

/// Which notification a server sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Log,
    ToolsChanged,
    ResourcesChanged,
    ResourceUpdated,
    PromptsChanged,
    Progress,
    Other,
}
