use gatehouse_ipc::{DoctorReport, IpcError, LoginTimeline, ServerRef, TimelineGuideRequest};
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn doctor_run(state: State<'_, AppState>, req: ServerRef) -> Reply<DoctorReport> {
    Ok(state.explorer.diagnose(&req.server_id).await?)
}

#[tauri::command]
pub async fn timeline_get(state: State<'_, AppState>, req: ServerRef) -> Reply<LoginTimeline> {
    Ok(state.explorer.timeline(&req.server_id).await?)
}

#[tauri::command]
pub async fn timeline_guide(
    state: State<'_, AppState>,
    req: TimelineGuideRequest,
) -> Reply<LoginTimeline> {
    Ok(state
        .explorer
        .timeline_guide(&req.server_id, req.guided)
        .await?)
}

#[tauri::command]
pub async fn timeline_step(state: State<'_, AppState>, req: ServerRef) -> Reply<LoginTimeline> {
    Ok(state.explorer.timeline_step(&req.server_id).await?)
}

#[tauri::command]
pub async fn timeline_export(state: State<'_, AppState>, req: ServerRef) -> Reply<String> {
    Ok(state.explorer.timeline_export(&req.server_id).await?)
}

#[tauri::command]
pub async fn timeline_clear(state: State<'_, AppState>, req: ServerRef) -> Reply<()> {
    Ok(state.explorer.timeline_clear(&req.server_id).await?)
}
