//! Updates through tauri-plugin-updater: look for a newer version, download it with progress,
//! verify its signature (the plugin refuses anything not signed by `plugins.updater.pubkey` for
//! the announced version), and install and restart only when the user says so. When and whether
//! to check, and who updates this copy, are gatehouse-update's rules.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use gatehouse_ipc::{
    AppEvent, AvailableUpdate, ErrorCode, IpcError, UpdatePhase, UpdateRoute, UpdateStatus,
    APP_EVENT,
};
use gatehouse_update::UpdatePreferences;
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_updater::{Error as UpdaterError, Update, UpdaterExt};

/// How often the background task asks whether a daily check is due.
const WAKE_EVERY: Duration = Duration::from_secs(60 * 60);
/// The first automatic check waits this long after the window opens, so it never competes with it.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(10);

pub struct Updates {
    settings_dir: PathBuf,
    route: gatehouse_update::UpdateRoute,
    current_version: String,
    state: Mutex<State>,
    /// One check, download or install at a time.
    busy: tokio::sync::Mutex<()>,
}

struct State {
    phase: UpdatePhase,
    pending: Option<Update>,
    verified: Option<Vec<u8>>,
}

impl Updates {
    pub fn new(
        settings_dir: PathBuf,
        route: gatehouse_update::UpdateRoute,
        current_version: String,
    ) -> Self {
        Self {
            settings_dir,
            route,
            current_version,
            state: Mutex::new(State {
                phase: UpdatePhase::Idle,
                pending: None,
                verified: None,
            }),
            busy: tokio::sync::Mutex::new(()),
        }
    }

    pub fn status(&self) -> UpdateStatus {
        let prefs = UpdatePreferences::load(&self.settings_dir);
        UpdateStatus {
            current_version: self.current_version.clone(),
            route: match self.route {
                gatehouse_update::UpdateRoute::InApp => UpdateRoute::InApp,
                gatehouse_update::UpdateRoute::PackageManager => UpdateRoute::PackageManager,
                gatehouse_update::UpdateRoute::Development => UpdateRoute::Development,
            },
            check_automatically: prefs.check_automatically,
            last_checked_at: prefs.last_checked_at.map(|secs| secs * 1000),
            phase: self.lock().phase.clone(),
        }
    }

    pub fn save_settings(&self, check_automatically: bool) -> Result<UpdateStatus, IpcError> {
        let mut prefs = UpdatePreferences::load(&self.settings_dir);
        prefs.check_automatically = check_automatically;
        prefs.save(&self.settings_dir).map_err(|e| {
            log::warn!("could not save the update setting: {e}");
            IpcError::new(ErrorCode::Storage, "Gatehouse could not save this setting.")
                .with_fix("Check that your settings folder is writable, then try again.")
        })?;
        Ok(self.status())
    }

    /// Looks for a newer version; the outcome is in the returned status (and an event).
    pub async fn check<R: Runtime>(&self, app: &AppHandle<R>) -> Result<UpdateStatus, IpcError> {
        self.require_in_app()?;
        let _busy = self.busy.lock().await;
        self.set_phase(app, UpdatePhase::Checking);
        let result = match app.updater() {
            Ok(updater) => updater.check().await,
            Err(e) => Err(e),
        };
        self.record_check();
        let phase = match result {
            Ok(Some(update)) => {
                let info = describe(&update);
                log::info!("update {} is available", info.version);
                let mut state = self.lock();
                state.pending = Some(update);
                state.verified = None;
                UpdatePhase::Available { update: info }
            }
            Ok(None) => {
                self.lock().pending = None;
                UpdatePhase::UpToDate
            }
            Err(e) => {
                log::warn!("update check failed: {e}");
                UpdatePhase::Failed {
                    error: check_error(&e),
                    update: None,
                }
            }
        };
        self.set_phase(app, phase);
        Ok(self.status())
    }

    /// Downloads the offered version and verifies its signature, reporting progress as events.
    /// A download that fails verification is dropped: nothing is installed.
    pub async fn download<R: Runtime>(&self, app: &AppHandle<R>) -> Result<UpdateStatus, IpcError> {
        self.require_in_app()?;
        let _busy = self.busy.lock().await;
        let update = {
            let state = self.lock();
            if state.verified.is_some() {
                return Ok(self.status_with(state));
            }
            state.pending.clone().ok_or_else(nothing_offered)?
        };
        let info = describe(&update);
        self.set_phase(app, downloading(&info, 0, None));
        let mut downloaded = 0u64;
        let mut last_report = Instant::now();
        let result = update
            .download(
                |chunk, total| {
                    downloaded += chunk as u64;
                    if last_report.elapsed() >= Duration::from_millis(100) {
                        last_report = Instant::now();
                        self.set_phase(app, downloading(&info, downloaded, total));
                    }
                },
                || {},
            )
            .await;
        let phase = match result {
            Ok(bytes) => {
                log::info!("update {} downloaded and verified", info.version);
                self.lock().verified = Some(bytes);
                UpdatePhase::Ready {
                    update: info.clone(),
                }
            }
            Err(e) => {
                log::warn!("update {} refused or not downloaded: {e}", info.version);
                UpdatePhase::Failed {
                    error: download_error(&e, &info.version),
                    update: Some(info.clone()),
                }
            }
        };
        self.set_phase(app, phase);
        Ok(self.status())
    }

    /// Installs the verified download and restarts (on Windows the installer restarts the app).
    pub async fn install<R: Runtime>(&self, app: &AppHandle<R>) -> Result<(), IpcError> {
        self.require_in_app()?;
        let _busy = self.busy.lock().await;
        let (update, bytes) = {
            let mut state = self.lock();
            match (state.pending.clone(), state.verified.take()) {
                (Some(update), Some(bytes)) => (update, bytes),
                _ => return Err(nothing_offered()),
            }
        };
        let info = describe(&update);
        self.set_phase(
            app,
            UpdatePhase::Installing {
                update: info.clone(),
            },
        );
        let installed = tauri::async_runtime::spawn_blocking(move || update.install(bytes))
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r.map_err(|e| e.to_string()));
        match installed {
            Ok(()) => {
                log::info!("update {} installed; restarting", info.version);
                app.restart()
            }
            Err(e) => {
                log::error!("update {} could not be installed: {e}", info.version);
                let error = IpcError::new(
                    ErrorCode::Internal,
                    format!(
                        "Gatehouse {} could not be installed; this version keeps running.",
                        info.version
                    ),
                )
                .with_fix(
                    "Download the new version from the releases page and install it over this one.",
                );
                self.set_phase(
                    app,
                    UpdatePhase::Failed {
                        error: error.clone(),
                        update: Some(info),
                    },
                );
                Err(error)
            }
        }
    }

    /// Checks after the window has opened, then whenever a daily check is due, unless the user
    /// turned automatic checks off. Never blocks start-up.
    pub fn start_background_checks<R: Runtime>(app: AppHandle<R>, updates: std::sync::Arc<Self>) {
        if updates.route != gatehouse_update::UpdateRoute::InApp {
            return;
        }
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(FIRST_CHECK_AFTER).await;
            loop {
                let prefs = UpdatePreferences::load(&updates.settings_dir);
                if prefs.check_due(now_secs()) && updates.is_idle_or_settled() {
                    let _ = updates.check(&app).await;
                }
                tokio::time::sleep(WAKE_EVERY).await;
            }
        });
    }

    fn is_idle_or_settled(&self) -> bool {
        matches!(
            self.lock().phase,
            UpdatePhase::Idle | UpdatePhase::UpToDate | UpdatePhase::Failed { update: None, .. }
        )
    }

    fn require_in_app(&self) -> Result<(), IpcError> {
        match self.route {
            gatehouse_update::UpdateRoute::InApp => Ok(()),
            gatehouse_update::UpdateRoute::PackageManager => Err(IpcError::new(
                ErrorCode::NotConfigured,
                "Your package manager (apt or dnf) updates this copy of Gatehouse.",
            )),
            gatehouse_update::UpdateRoute::Development => Err(IpcError::new(
                ErrorCode::NotConfigured,
                "This is a development build of Gatehouse; it is not updated.",
            )),
        }
    }

    fn record_check(&self) {
        let mut prefs = UpdatePreferences::load(&self.settings_dir);
        prefs.last_checked_at = Some(now_secs());
        if let Err(e) = prefs.save(&self.settings_dir) {
            log::warn!("could not record the update check: {e}");
        }
    }

    fn set_phase<R: Runtime>(&self, app: &AppHandle<R>, phase: UpdatePhase) {
        self.lock().phase = phase;
        let status = self.status();
        if let Err(e) = app.emit(APP_EVENT, AppEvent::UpdateStatusChanged { status }) {
            log::warn!("could not deliver an update event to the window: {e}");
        }
    }

    fn status_with(&self, state: std::sync::MutexGuard<'_, State>) -> UpdateStatus {
        drop(state);
        self.status()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn describe(update: &Update) -> AvailableUpdate {
    let format = time::format_description::well_known::Rfc3339;
    AvailableUpdate {
        version: update.version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
        published_at: update.date.and_then(|d| d.format(&format).ok()),
    }
}

fn downloading(info: &AvailableUpdate, downloaded: u64, total: Option<u64>) -> UpdatePhase {
    UpdatePhase::Downloading {
        update: info.clone(),
        downloaded,
        total,
    }
}

fn nothing_offered() -> IpcError {
    IpcError::new(
        ErrorCode::NotFound,
        "There is no downloaded update to install.",
    )
    .with_fix("Check for updates again.")
}

fn check_error(e: &UpdaterError) -> IpcError {
    match e {
        UpdaterError::Reqwest(_) | UpdaterError::Network(_) => IpcError::new(
            ErrorCode::Network,
            "Gatehouse could not reach its update server.",
        )
        .with_fix("Check your internet connection; Gatehouse tries again tomorrow, or check now from the menu."),
        _ => IpcError::new(
            ErrorCode::Unavailable,
            "Gatehouse could not read what its update server offers.",
        )
        .with_fix("Try again later; if it keeps failing, download new versions from the releases page."),
    }
}

fn download_error(e: &UpdaterError, version: &str) -> IpcError {
    match e {
        UpdaterError::Minisign(_)
        | UpdaterError::SignedVersionMismatch { .. }
        | UpdaterError::MissingSignedVersion
        | UpdaterError::Base64(_)
        | UpdaterError::SignatureUtf8(_) => IpcError::new(
            ErrorCode::UpdateRefused,
            format!(
                "The download of Gatehouse {version} did not pass its signature check, so it was thrown away. Nothing was installed or changed."
            ),
        )
        .with_fix("Try again later. If this keeps happening, download Gatehouse from its releases page and report it."),
        _ => IpcError::new(
            ErrorCode::Network,
            format!("The download of Gatehouse {version} did not finish. Nothing was installed."),
        )
        .with_fix("Check your internet connection and try again."),
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}
