//! What servers ask of the user (elicitation, sampling) and the folders they may see (roots).

use gatehouse_ipc::{
    AnswerServerRequest, IpcError, PendingServerRequest, RootEntry, ServerProfile, SetRootsRequest,
};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub fn server_requests_list(state: State<'_, AppState>) -> Vec<PendingServerRequest> {
    state.explorer.pending_server_requests()
}

#[tauri::command]
pub fn server_request_answer(state: State<'_, AppState>, req: AnswerServerRequest) -> Reply<()> {
    Ok(state
        .explorer
        .answer_server_request(&req.request_id, req.reply)?)
}

#[tauri::command]
pub async fn server_roots_set(
    state: State<'_, AppState>,
    req: SetRootsRequest,
) -> Reply<ServerProfile> {
    Ok(state.explorer.set_roots(&req.server_id, req.roots).await?)
}

/// The system's folder dialog. `GATEHOUSE_E2E_FOLDER` answers in its place: WebDriver cannot
/// drive a native dialog, so the end-to-end tests name the folder the "user" picks.
#[tauri::command]
pub async fn folder_pick(app: tauri::AppHandle) -> Reply<Option<RootEntry>> {
    if let Some(path) = std::env::var_os("GATEHOUSE_E2E_FOLDER").filter(|p| !p.is_empty()) {
        return Ok(root_of(std::path::Path::new(&path)));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Choose a folder to share with the server")
        .pick_folder(move |folder| {
            let _ = tx.send(folder);
        });
    let folder = rx.await.ok().flatten();
    Ok(folder
        .and_then(|f| f.into_path().ok())
        .and_then(|p| root_of(&p)))
}

fn root_of(path: &std::path::Path) -> Option<RootEntry> {
    let uri = url::Url::from_directory_path(path).ok()?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty());
    Some(RootEntry {
        uri: uri.to_string(),
        name,
    })
}
