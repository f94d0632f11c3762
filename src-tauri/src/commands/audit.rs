//! The Deployments page's "Check thoroughly" and its fixes ("Update the server" among them).

use gatehouse_ipc::{AuditFixRequest, DeploymentAudit, DeploymentRef, IpcError};
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn deployment_audit(
    state: State<'_, AppState>,
    req: DeploymentRef,
) -> Reply<DeploymentAudit> {
    Ok(state.setup()?.audit(&req.name).await?)
}

#[tauri::command]
pub async fn deployment_fix(
    state: State<'_, AppState>,
    req: AuditFixRequest,
) -> Reply<DeploymentAudit> {
    Ok(state.setup()?.fix(&req.name, req.fix).await?)
}
