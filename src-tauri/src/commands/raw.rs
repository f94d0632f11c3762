//! The raw view's messages beyond the client's requests, and large messages in full: shown on
//! demand, or saved where the user chooses in the system's save dialog (as resources are, see
//! `save_file.rs`), so a multi-megabyte answer never has to live in the window.

use gatehouse_ipc::{IpcError, RawFullRequest, RawMessages, SaveResourceOutcome, ServerRef};
use tauri::{AppHandle, Runtime, State};

use super::save_file::{choose_path, io_words, suggested_file_name, write_failed};
use crate::AppState;

#[tauri::command]
pub async fn raw_messages_list(
    state: State<'_, AppState>,
    req: ServerRef,
) -> Result<RawMessages, IpcError> {
    Ok(state.explorer.raw_messages(&req.server_id).await?)
}

#[tauri::command]
pub async fn raw_message_full(
    state: State<'_, AppState>,
    req: RawFullRequest,
) -> Result<String, IpcError> {
    let text = state
        .explorer
        .raw_message_full(&req.server_id, &req.part)
        .await?;
    Ok(text.to_string())
}

#[tauri::command]
pub async fn raw_message_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: RawFullRequest,
) -> Result<SaveResourceOutcome, IpcError> {
    let text = state
        .explorer
        .raw_message_full(&req.server_id, &req.part)
        .await?;
    let name = file_name(req.name.as_deref());
    let Some(path) = choose_path(&app, &name).await else {
        return Ok(SaveResourceOutcome {
            path: None,
            bytes: 0,
        });
    };
    let len = text.len() as u64;
    let target = path.clone();
    tokio::task::spawn_blocking(move || std::fs::write(&target, text.as_bytes()))
        .await
        .map_err(|_| write_failed(&path, "the write was interrupted"))?
        .map_err(|e| write_failed(&path, &io_words(&e)))?;
    Ok(SaveResourceOutcome {
        path: Some(path.display().to_string()),
        bytes: len,
    })
}

/// The suggested file name: the window's name for the message ("tools/list-answer-4" is a name
/// here, not a path), as JSON.
fn file_name(name: Option<&str>) -> String {
    let stem = name.unwrap_or("message").replace(['/', ':', '\\'], "-");
    suggested_file_name(&stem, Some("application/json"))
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn a_message_is_saved_as_json_named_after_its_method() {
        assert_eq!(
            file_name(Some("tools/list-answer-4")),
            "tools-list-answer-4.json"
        );
        assert_eq!(
            file_name(Some("notifications/message-notification-12")),
            "notifications-message-notification-12.json"
        );
        assert_eq!(file_name(Some("../../etc/passwd")), "-..-etc-passwd.json");
        assert_eq!(file_name(None), "message.json");
    }
}
