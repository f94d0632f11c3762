//! The protocol's utilities: completions, subscriptions, tasks, logging level, ping, version pin.

use gatehouse_ipc::{
    CompleteRequest, CompletionOutcome, IpcError, LogLevelRequest, PingOutcome, ProtocolPinRequest,
    ResourceSubscriptionRequest, ResourceSubscriptions, ServerProfile, ServerRef, TaskInfo,
    TaskRef, TaskStartRequest,
};
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn completion_complete(
    state: State<'_, AppState>,
    req: CompleteRequest,
) -> Reply<CompletionOutcome> {
    Ok(state.explorer.complete(&req).await?)
}

#[tauri::command]
pub async fn resource_subscribe(
    state: State<'_, AppState>,
    req: ResourceSubscriptionRequest,
) -> Reply<ResourceSubscriptions> {
    Ok(state.explorer.subscribe(&req.server_id, &req.uri).await?)
}

#[tauri::command]
pub async fn resource_unsubscribe(
    state: State<'_, AppState>,
    req: ResourceSubscriptionRequest,
) -> Reply<ResourceSubscriptions> {
    Ok(state.explorer.unsubscribe(&req.server_id, &req.uri).await?)
}

#[tauri::command]
pub async fn resource_subscriptions(
    state: State<'_, AppState>,
    req: ServerRef,
) -> Reply<ResourceSubscriptions> {
    Ok(state.explorer.subscriptions(&req.server_id).await?)
}

#[tauri::command]
pub async fn log_level_set(state: State<'_, AppState>, req: LogLevelRequest) -> Reply<()> {
    Ok(state
        .explorer
        .set_log_level(&req.server_id, &req.level)
        .await?)
}

#[tauri::command]
pub async fn server_ping(state: State<'_, AppState>, req: ServerRef) -> Reply<PingOutcome> {
    Ok(state.explorer.ping(&req.server_id).await?)
}

#[tauri::command]
pub async fn server_protocol_pin(
    state: State<'_, AppState>,
    req: ProtocolPinRequest,
) -> Reply<ServerProfile> {
    Ok(state
        .explorer
        .pin_protocol(&req.server_id, req.protocol_version)
        .await?)
}

#[tauri::command]
pub async fn task_start(state: State<'_, AppState>, req: TaskStartRequest) -> Reply<TaskInfo> {
    Ok(state.explorer.start_task(req).await?)
}

#[tauri::command]
pub async fn tasks_list(state: State<'_, AppState>, req: ServerRef) -> Reply<Vec<TaskInfo>> {
    Ok(state.explorer.list_tasks(&req.server_id).await?)
}

#[tauri::command]
pub async fn task_cancel(state: State<'_, AppState>, req: TaskRef) -> Reply<TaskInfo> {
    Ok(state
        .explorer
        .cancel_task(&req.server_id, &req.task_id)
        .await?)
}
