use std::sync::Arc;

use gatehouse_ipc::{IpcError, UpdateSettingsInput, UpdateStatus};
use tauri::{AppHandle, State};

use crate::updates::Updates;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub fn update_status(updates: State<'_, Arc<Updates>>) -> UpdateStatus {
    updates.status()
}

#[tauri::command]
pub async fn update_check(app: AppHandle, updates: State<'_, Arc<Updates>>) -> Reply<UpdateStatus> {
    updates.check(&app).await
}

#[tauri::command]
pub async fn update_download(
    app: AppHandle,
    updates: State<'_, Arc<Updates>>,
) -> Reply<UpdateStatus> {
    updates.download(&app).await
}

#[tauri::command]
pub async fn update_install(app: AppHandle, updates: State<'_, Arc<Updates>>) -> Reply<()> {
    updates.install(&app).await
}

#[tauri::command]
pub fn update_settings_save(
    updates: State<'_, Arc<Updates>>,
    req: UpdateSettingsInput,
) -> Reply<UpdateStatus> {
    updates.save_settings(req.check_automatically)
}

#[tauri::command]
pub fn log_folder_open(app: AppHandle) -> Reply<String> {
    crate::menu::open_log_folder(&app).map(|dir| dir.to_string_lossy().into_owned())
}
