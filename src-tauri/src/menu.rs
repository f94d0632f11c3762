//! The app menu: About and Check for Updates (handled by the window), the docs and the log folder
//! (opened here), and the standard Edit items (so copy and paste work on macOS).

use std::path::PathBuf;

use gatehouse_ipc::{AppEvent, ErrorCode, IpcError, MenuAction, APP_EVENT};
use tauri::menu::{Menu, MenuBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

pub const DOCS_URL: &str = "https://github.com/gatehouse-dev/gatehouse#readme";

const ABOUT: &str = "about";
const CHECK_FOR_UPDATES: &str = "check_for_updates";
const DOCS: &str = "docs";
const LOGS: &str = "logs";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .text(DOCS, "Gatehouse Help")
        .text(LOGS, "Open Log Folder");
    #[cfg(target_os = "macos")]
    {
        let app_menu = SubmenuBuilder::new(app, "Gatehouse")
            .text(ABOUT, "About Gatehouse")
            .text(CHECK_FOR_UPDATES, "Check for Updates…")
            .separator()
            .services()
            .separator()
            .hide()
            .hide_others()
            .show_all()
            .separator()
            .quit()
            .build()?;
        let window = SubmenuBuilder::new(app, "Window")
            .minimize()
            .maximize()
            .separator()
            .close_window()
            .build()?;
        MenuBuilder::new(app)
            .items(&[&app_menu, &edit, &window, &help.build()?])
            .build()
    }
    #[cfg(not(target_os = "macos"))]
    {
        let file = SubmenuBuilder::new(app, "File").quit().build()?;
        let help = help
            .separator()
            .text(CHECK_FOR_UPDATES, "Check for Updates…")
            .text(ABOUT, "About Gatehouse")
            .build()?;
        MenuBuilder::new(app).items(&[&file, &edit, &help]).build()
    }
}

pub fn handle<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let action = match id {
        ABOUT => MenuAction::About,
        CHECK_FOR_UPDATES => MenuAction::CheckForUpdates,
        DOCS => {
            if let Err(e) = app.opener().open_url(DOCS_URL, None::<&str>) {
                log::warn!("could not open the docs: {e}");
            }
            return;
        }
        LOGS => {
            if let Err(e) = open_log_folder(app) {
                log::warn!("could not open the log folder: {e}");
            }
            return;
        }
        _ => return,
    };
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_focus();
    }
    if let Err(e) = app.emit(APP_EVENT, AppEvent::MenuAction { action }) {
        log::warn!("could not deliver a menu action to the window: {e}");
    }
}

/// Opens the folder tauri-plugin-log writes to (created if no log was written yet).
pub fn open_log_folder<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, IpcError> {
    let unavailable = |detail: String| {
        log::warn!("log folder: {detail}");
        IpcError::new(
            ErrorCode::Storage,
            "Gatehouse could not open its log folder.",
        )
    };
    let dir = app
        .path()
        .app_log_dir()
        .map_err(|e| unavailable(e.to_string()))?;
    std::fs::create_dir_all(&dir).map_err(|e| unavailable(e.to_string()))?;
    app.opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(|e| unavailable(e.to_string()))?;
    Ok(dir)
}
