use gatehouse_ipc::{AppEvent, APP_EVENT};
use gatehouse_mcp::EventSink;
use tauri::{AppHandle, Emitter};

/// Forwards core events to the webview.
pub struct TauriEvents {
    pub app: AppHandle,
}

impl EventSink for TauriEvents {
    fn emit(&self, event: AppEvent) {
        if let Err(e) = self.app.emit(APP_EVENT, event) {
            log::warn!("could not deliver an event to the window: {e}");
        }
    }
}

impl gatehouse_provision::ProgressSink for TauriEvents {
    fn emit(&self, event: AppEvent) {
        EventSink::emit(self, event)
    }
}
