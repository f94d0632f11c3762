use std::sync::Arc;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::KeyringSecretStore;
use gatehouse_ipc::IpcError;
use gatehouse_mcp::Explorer;
use gatehouse_provision::Provisioner;
use tauri::AppHandle;

use crate::events::TauriEvents;

/// What every command reaches through `State<AppState>`.
pub struct AppState {
    pub explorer: Arc<Explorer>,
    /// The provisioning engine, or why it could not start (a bad Cloudflare API setting).
    setup: Result<Arc<Provisioner>, IpcError>,
}

impl AppState {
    pub fn new(app: AppHandle) -> Self {
        let dir = Explorer::default_dir();
        let secrets: SharedSecrets = Arc::new(KeyringSecretStore::new());
        let events = Arc::new(TauriEvents { app });
        let explorer = match login_wait_setting() {
            Some(wait) => {
                Explorer::with_login_wait(dir.clone(), secrets.clone(), events.clone(), wait)
            }
            None => Explorer::new(dir.clone(), secrets.clone(), events.clone()),
        };
        let sweeper = explorer.clone();
        tauri::async_runtime::spawn(async move { sweeper.forget_expired_logins().await });
        let setup = Provisioner::new(
            gatehouse_provision::api_base_setting(&dir),
            &dir,
            secrets,
            events,
        )
        .map(Arc::new)
        .map_err(|e| {
            log::error!("setup is unavailable: {e}");
            IpcError::from(e)
        });
        Self { explorer, setup }
    }

    pub fn setup(&self) -> Result<&Provisioner, IpcError> {
        self.setup.as_deref().map_err(Clone::clone)
    }
}

/// `GATEHOUSE_LOGIN_WAIT_SECS`: how long a login waits for the browser (tests shorten it).
fn login_wait_setting() -> Option<std::time::Duration> {
    std::env::var("GATEHOUSE_LOGIN_WAIT_SECS")
        .ok()?
        .parse()
        .ok()
        .filter(|secs| *secs > 0)
        .map(std::time::Duration::from_secs)
}
