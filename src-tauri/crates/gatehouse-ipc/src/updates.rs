use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::IpcError;

/// How this copy of Gatehouse gets newer versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateRoute {
    /// Gatehouse downloads, verifies and installs them (macOS and Windows installers).
    InApp,
    /// Installed from a .deb or .rpm: the package manager (apt, dnf) updates it.
    PackageManager,
    /// A development build: not installed, nothing to update.
    Development,
}

/// A newer version the release manifest offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AvailableUpdate {
    pub version: String,
    /// The release notes (Markdown), if the release has any.
    pub notes: Option<String>,
    /// When it was published (RFC 3339).
    pub published_at: Option<String>,
}

/// Where updating stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "state",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum UpdatePhase {
    /// No check since the app started.
    Idle,
    Checking,
    UpToDate,
    Available {
        update: AvailableUpdate,
    },
    Downloading {
        update: AvailableUpdate,
        #[ts(type = "number")]
        downloaded: u64,
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    /// Downloaded and its signature verified; installed when the user says so.
    Ready {
        update: AvailableUpdate,
    },
    Installing {
        update: AvailableUpdate,
    },
    /// The last step failed; nothing was installed.
    Failed {
        error: IpcError,
        update: Option<AvailableUpdate>,
    },
}

/// Everything the UI shows about updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatus {
    pub current_version: String,
    pub route: UpdateRoute,
    /// Look for updates at start and once a day.
    pub check_automatically: bool,
    /// When the last check finished, in milliseconds since the Unix epoch.
    #[ts(type = "number | null")]
    pub last_checked_at: Option<u64>,
    pub phase: UpdatePhase,
}

/// The update setting the user can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateSettingsInput {
    pub check_automatically: bool,
}

/// A menu item the window acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MenuAction {
    About,
    CheckForUpdates,
}
