use std::sync::Arc;

use gatehouse_auth::KeyringSecretStore;
use gatehouse_mcp::Explorer;
use tauri::AppHandle;

use crate::events::TauriEvents;

/// What every command reaches through `State<AppState>`.
pub struct AppState {
    pub explorer: Arc<Explorer>,
}

impl AppState {
    pub fn new(app: AppHandle) -> Self {
        let explorer = Explorer::new(
            Explorer::default_dir(),
            Arc::new(KeyringSecretStore::new()),
            Arc::new(TauriEvents { app }),
        );
        Self {
            explorer: Arc::new(explorer),
        }
    }
}
