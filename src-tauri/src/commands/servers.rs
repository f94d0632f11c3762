use gatehouse_auth::APP_REDIRECT_URI;
use gatehouse_ipc::{
    AppInfo, ConnectOutcome, IpcError, ServerProfile, ServerProfileInput, ServerRef,
};
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// The UI asks for this as it first renders: its log line ("ui ready") lets benchmarks time a
/// cold start, and the work that waits for the first paint starts here.
#[tauri::command]
pub fn app_info(app: tauri::AppHandle, state: State<'_, AppState>) -> AppInfo {
    state.after_first_paint();
    AppInfo {
        version: app.package_info().version.to_string(),
        identifier: app.config().identifier.clone(),
        redirect_uri: APP_REDIRECT_URI.to_string(),
    }
}

#[tauri::command]
pub async fn servers_list(state: State<'_, AppState>) -> Reply<Vec<ServerProfile>> {
    Ok(state.explorer.servers().await?)
}

#[tauri::command]
pub async fn server_save(
    state: State<'_, AppState>,
    req: ServerProfileInput,
) -> Reply<ServerProfile> {
    Ok(state.explorer.save_server(req).await?)
}

#[tauri::command]
pub async fn server_delete(state: State<'_, AppState>, req: ServerRef) -> Reply<()> {
    Ok(state.explorer.delete_server(&req.server_id).await?)
}

#[tauri::command]
pub async fn server_connect(state: State<'_, AppState>, req: ServerRef) -> Reply<ConnectOutcome> {
    Ok(state.explorer.connect(&req.server_id).await?)
}

#[tauri::command]
pub async fn server_disconnect(state: State<'_, AppState>, req: ServerRef) -> Reply<()> {
    state.explorer.disconnect(&req.server_id).await;
    Ok(())
}
