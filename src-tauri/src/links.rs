//! Links the OS hands to the app (`dev.gatehouse.app:/oauth/callback?…`).

use tauri::{AppHandle, Manager};

use crate::AppState;

/// Finishes the login a link belongs to; a bad link is reported to the window and changes nothing.
pub fn handle(app: &AppHandle, link: &str) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let explorer = state.explorer.clone();
    let link = link.to_string();
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_focus();
    }
    tauri::async_runtime::spawn(async move {
        // The outcome reaches the UI as an event; the log names only what kind of link it was.
        match explorer.handle_link(&link).await {
            Ok(_) => log::info!("login link accepted"),
            Err(error) => log::warn!("login link refused: {:?}", error.code),
        }
    });
}
