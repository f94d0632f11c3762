use std::path::PathBuf;
use std::sync::{Arc, Once, OnceLock};

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::KeyringSecretStore;
use gatehouse_ipc::IpcError;
use gatehouse_mcp::Explorer;
use gatehouse_provision::Provisioner;
use tauri::AppHandle;

use crate::events::TauriEvents;

/// What every command reaches through `State<AppState>`.
///
/// Building it does no I/O: the window is not shown until `setup` returns. Whatever reads a
/// file, the keychain or the network waits for the first command that needs it, or for the UI's
/// first call ([`AppState::after_first_paint`]).
pub struct AppState {
    pub explorer: Arc<Explorer>,
    dir: PathBuf,
    secrets: SharedSecrets,
    events: Arc<TauriEvents>,
    /// The provisioning engine, or why it could not start (a bad Cloudflare API setting); made
    /// at its first use, as it reads a settings file and builds HTTP clients.
    setup: OnceLock<Result<Arc<Provisioner>, IpcError>>,
    first_paint: Once,
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
        Self {
            explorer,
            dir,
            secrets,
            events,
            setup: OnceLock::new(),
            first_paint: Once::new(),
        }
    }

    /// The UI has rendered and asked for its first data: start the work that can wait for it
    /// (once). Sweeping expired logins reads the keychain.
    pub fn after_first_paint(&self) {
        self.first_paint.call_once(|| {
            log::info!("ui ready: first IPC call");
            let sweeper = self.explorer.clone();
            tauri::async_runtime::spawn(async move { sweeper.forget_expired_logins().await });
        });
    }

    pub fn setup(&self) -> Result<&Provisioner, IpcError> {
        self.setup
            .get_or_init(|| {
                Provisioner::new(
                    gatehouse_provision::api_base_setting(&self.dir),
                    &self.dir,
                    self.secrets.clone(),
                    self.events.clone(),
                )
                .map(Arc::new)
                .map_err(|e| {
                    log::error!("setup is unavailable: {e}");
                    IpcError::from(e)
                })
            })
            .as_deref()
            .map_err(Clone::clone)
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
