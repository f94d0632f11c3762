use std::time::Duration;

use gatehouse_auth::login::{RedirectPreference, PENDING_LOGIN_TTL_SECS};
use gatehouse_ipc::{IpcError, LoginStarted, ServerRef};
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use crate::AppState;

/// Starts the login and sends the system browser to the authorization server. The result comes
/// back as a `LoginFinished` event once the deep link (or loopback callback) arrives.
#[tauri::command]
pub async fn login_start(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    req: ServerRef,
) -> Result<LoginStarted, IpcError> {
    let mut started = state
        .explorer
        .start_login(&req.server_id, RedirectPreference::AppScheme)
        .await?;
    if let Some(receiver) = started.loopback.take() {
        let explorer = state.explorer.clone();
        tauri::async_runtime::spawn(async move {
            match tokio::time::timeout(
                Duration::from_secs(PENDING_LOGIN_TTL_SECS),
                receiver.receive(),
            )
            .await
            {
                Ok(Ok(url)) => {
                    let _ = explorer.handle_loopback_callback(&url).await;
                }
                Ok(Err(e)) => log::warn!("loopback login callback failed: {e}"),
                Err(_) => log::info!("loopback login expired"),
            }
        });
    }
    app.opener()
        .open_url(started.authorization_url.clone(), None::<&str>)
        .map_err(|e| {
            IpcError::new(
                gatehouse_ipc::ErrorCode::Internal,
                format!("could not open the browser: {e}"),
            )
            .with_fix("Copy the login address from the page and open it in your browser.")
        })?;
    Ok(LoginStarted {
        authorization_url: started.authorization_url,
        redirect_uri: started.redirect_uri,
    })
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>, req: ServerRef) -> Result<(), IpcError> {
    Ok(state.explorer.logout(&req.server_id).await?)
}
