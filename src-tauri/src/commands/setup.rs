use gatehouse_auth::Sensitive;
use gatehouse_ipc::{
    AccountCheck, AccountRef, CloudflareConnectRequest, CloudflareConnection, CloudflareStatus,
    Deployment, DeploymentHealth, DeploymentRef, IpcError, ManualAccess, ManualAccessCheck,
    RedirectUrlRequest, ServerProfileInput, SetupInput, SetupPlan, TeardownReport,
};
use gatehouse_provision::DeploymentState;
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn cloudflare_status(state: State<'_, AppState>) -> Reply<CloudflareStatus> {
    Ok(state.setup()?.status().await?)
}

#[tauri::command]
pub async fn cloudflare_connect(
    state: State<'_, AppState>,
    req: CloudflareConnectRequest,
) -> Reply<CloudflareConnection> {
    Ok(state
        .setup()?
        .connect(req.token.map(Sensitive::new))
        .await?)
}

#[tauri::command]
pub async fn cloudflare_forget(state: State<'_, AppState>) -> Reply<()> {
    Ok(state.setup()?.forget_token().await?)
}

#[tauri::command]
pub async fn account_check(state: State<'_, AppState>, req: AccountRef) -> Reply<AccountCheck> {
    Ok(state.setup()?.check_account(&req.account_id).await?)
}

#[tauri::command]
pub async fn setup_redirect_url(
    state: State<'_, AppState>,
    req: RedirectUrlRequest,
) -> Reply<String> {
    Ok(state
        .setup()?
        .redirect_url(&req.account_id, &req.name)
        .await?)
}

#[tauri::command]
pub async fn manual_access_check(
    state: State<'_, AppState>,
    req: ManualAccess,
) -> Reply<ManualAccessCheck> {
    Ok(state.setup()?.check_manual(&req).await?)
}

#[tauri::command]
pub async fn setup_plan(state: State<'_, AppState>, req: SetupInput) -> Reply<SetupPlan> {
    Ok(state.setup()?.plan(&req).await?)
}

#[tauri::command]
pub async fn setup_apply(state: State<'_, AppState>, req: SetupInput) -> Reply<Deployment> {
    let done = state.setup()?.apply(&req).await?;
    save_server(&state, done).await
}

#[tauri::command]
pub async fn setup_resume(state: State<'_, AppState>, req: DeploymentRef) -> Reply<Deployment> {
    let done = state.setup()?.resume(&req.name).await?;
    save_server(&state, done).await
}

/// A finished deployment becomes a saved server, so "Log in and explore" has somewhere to go.
async fn save_server(state: &AppState, done: DeploymentState) -> Reply<Deployment> {
    let Some(url) = done.mcp_url() else {
        return Ok(done.summary());
    };
    let existing = match &done.server_id {
        Some(id) => state.explorer.profile(id).await.ok().map(|p| p.id),
        None => None,
    };
    let saved = state
        .explorer
        .save_server(ServerProfileInput {
            id: existing,
            name: done.name.clone(),
            url,
            headers: Vec::new(),
            timeout_secs: 60,
            oauth_client_id: None,
            oauth_client_secret: None,
        })
        .await?;
    let recorded = state.setup()?.record_server(&done.name, &saved.id)?;
    Ok(recorded.summary())
}

#[tauri::command]
pub async fn deployments_list(state: State<'_, AppState>) -> Reply<Vec<Deployment>> {
    let all = state.setup()?.deployments()?;
    Ok(all.iter().map(DeploymentState::summary).collect())
}

#[tauri::command]
pub async fn deployment_check(
    state: State<'_, AppState>,
    req: DeploymentRef,
) -> Reply<DeploymentHealth> {
    Ok(state.setup()?.health(&req.name).await?)
}

#[tauri::command]
pub async fn deployment_teardown(
    state: State<'_, AppState>,
    req: DeploymentRef,
) -> Reply<TeardownReport> {
    let setup = state.setup()?;
    let server_id = setup.deployment(&req.name)?.server_id;
    let report = setup.teardown(&req.name).await?;
    // The Worker is gone, so its saved server (and the login for it) goes too.
    if let Some(id) = server_id {
        if let Err(e) = state.explorer.delete_server(&id).await {
            log::warn!("could not forget the deployment's saved server: {e}");
        }
    }
    Ok(report)
}
