use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{IpcError, MenuAction, SetupStep, StepState, TeardownStep, UpdateStatus};

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
    /// The server sent a notification (log message, list changed, resource updated, …).
    ServerNotification {
        server_id: String,
        notification_kind: NotificationKind,
        /// For log messages: the level (`info`, `warning`, …).
        level: Option<String>,
        #[ts(type = "unknown")]
        params: Value,
        /// Milliseconds since the Unix epoch.
        #[ts(type = "number")]
        at: u64,
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
    /// The user chose a menu item the window handles.
    MenuAction { action: MenuAction },
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
