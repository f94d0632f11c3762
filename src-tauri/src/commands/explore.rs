use gatehouse_ipc::{
    CancelRequest, Exchange, GetPromptRequest, HistoryEntry, IpcError, PromptInfo, PromptOutcome,
    ReadResourceOutcome, ReadResourceRequest, ResourceListing, ServerRef, ToolCallOutcome,
    ToolCallRequest, ToolInfo, ToolRef, ToolSummary,
};
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// The list without schemas: 5,000 tools are about half the bytes to serialize, carry and parse.
#[tauri::command]
pub async fn tools_list(state: State<'_, AppState>, req: ServerRef) -> Reply<Vec<ToolSummary>> {
    Ok(state.explorer.list_tool_summaries(&req.server_id).await?)
}

#[tauri::command]
pub async fn tool_get(state: State<'_, AppState>, req: ToolRef) -> Reply<ToolInfo> {
    Ok(state
        .explorer
        .tool_detail(&req.server_id, &req.name, req.occurrence)
        .await?)
}

#[tauri::command]
pub async fn tool_call(state: State<'_, AppState>, req: ToolCallRequest) -> Reply<ToolCallOutcome> {
    Ok(state.explorer.call_tool(req).await?)
}

#[tauri::command]
pub async fn tool_cancel(state: State<'_, AppState>, req: CancelRequest) -> Reply<()> {
    Ok(state.explorer.cancel_call(&req.call_id).await?)
}

#[tauri::command]
pub async fn resources_list(state: State<'_, AppState>, req: ServerRef) -> Reply<ResourceListing> {
    Ok(state.explorer.list_resources(&req.server_id).await?)
}

#[tauri::command]
pub async fn resource_read(
    state: State<'_, AppState>,
    req: ReadResourceRequest,
) -> Reply<ReadResourceOutcome> {
    Ok(state
        .explorer
        .read_resource(&req.server_id, &req.uri)
        .await?)
}

#[tauri::command]
pub async fn prompts_list(state: State<'_, AppState>, req: ServerRef) -> Reply<Vec<PromptInfo>> {
    Ok(state.explorer.list_prompts(&req.server_id).await?)
}

#[tauri::command]
pub async fn prompt_get(state: State<'_, AppState>, req: GetPromptRequest) -> Reply<PromptOutcome> {
    Ok(state
        .explorer
        .get_prompt(&req.server_id, &req.name, &req.arguments)
        .await?)
}

#[tauri::command]
pub async fn history_list(state: State<'_, AppState>, req: ServerRef) -> Reply<Vec<HistoryEntry>> {
    Ok(state.explorer.history(&req.server_id).await?)
}

#[tauri::command]
pub async fn history_clear(state: State<'_, AppState>, req: ServerRef) -> Reply<()> {
    Ok(state.explorer.clear_history(&req.server_id).await?)
}

#[tauri::command]
pub async fn exchanges_list(state: State<'_, AppState>, req: ServerRef) -> Reply<Vec<Exchange>> {
    Ok(state.explorer.exchanges(&req.server_id).await?)
}
