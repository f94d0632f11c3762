use gatehouse_auth::login::RedirectPreference;
use gatehouse_ipc::{ErrorCode, IpcError, LoginStarted, ServerRef};
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use crate::AppState;

/// Starts the login and sends the system browser to the authorization server. The result comes
/// back as a `LoginFinished` event once the deep link (or loopback callback) arrives, the wait
/// runs out, or the login fails; the core routes it to this server.
#[tauri::command]
pub async fn login_start(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    req: ServerRef,
) -> Result<LoginStarted, IpcError> {
    // The core checked the address: https (plain http only on this computer), nothing else.
    let started = state
        .explorer
        .start_login(&req.server_id, RedirectPreference::AppScheme)
        .await?;
    let browser_error = app
        .opener()
        .open_url(started.authorization_url.clone(), None::<&str>)
        .err()
        .map(|e| {
            log::warn!("could not open the browser: {e}");
            IpcError::new(
                ErrorCode::Internal,
                "Gatehouse could not open your browser.",
            )
            .with_fix(
                "Copy the login address below and open it in your browser; the login waits for it.",
            )
        });
    Ok(LoginStarted {
        authorization_url: started.authorization_url,
        redirect_uri: started.redirect_uri,
        browser_error,
    })
}

#[tauri::command]
pub async fn login_cancel(state: State<'_, AppState>, req: ServerRef) -> Result<(), IpcError> {
    Ok(state.explorer.cancel_login(&req.server_id).await?)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>, req: ServerRef) -> Result<(), IpcError> {
    Ok(state.explorer.logout(&req.server_id).await?)
}

/// The window subscribed to app events: hand it the login links that came before (see links.rs).
#[tauri::command]
pub fn app_events_ready(app: tauri::AppHandle) {
    crate::links::window_listening(&app);
}
