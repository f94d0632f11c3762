use std::sync::Arc;

use gatehouse_doctor::{AuditDone, DeploymentAudit};
use gatehouse_ipc::{DoctorReport, IpcError, LoginTimeline, ServerRef, TimelineGuideRequest};
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// The doctor's checks, with the deployment audit's when the server is a deployment set up here.
#[tauri::command]
pub async fn doctor_run(state: State<'_, AppState>, req: ServerRef) -> Reply<DoctorReport> {
    let audit: Option<Arc<dyn DeploymentAudit>> = match state.setup() {
        Ok(provisioner) => {
            let profile = state.explorer.profile(&req.server_id).await?;
            let checks = provisioner.audit_checks_for(&profile.url).await;
            Some(Arc::new(AuditDone(checks)))
        }
        // Without a working Cloudflare setting there is nothing to audit with; the doctor says so.
        Err(_) => None,
    };
    Ok(state
        .explorer
        .diagnose_with_audit(&req.server_id, audit)
        .await?)
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
