//! An engine pointed at the local Cloudflare, its progress events, and setup requests.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::{MemorySecretStore, Sensitive};
use gatehouse_cloudflare::RetryPolicy;
use gatehouse_ipc::{AccessSetup, AllowedUsers, AppEvent, SetupInput};
use gatehouse_provision::Provisioner;
#[allow(unused_imports)] // each test binary uses some
pub use gatehouse_test_support::{play_browser, LocalCloudflare};

/// Keeps every event.
#[derive(Clone, Default)]
pub struct Events(pub Arc<Mutex<Vec<AppEvent>>>);

impl Events {
    pub fn all(&self) -> Vec<AppEvent> {
        self.0.lock().unwrap().clone()
    }
}

impl gatehouse_provision::ProgressSink for Events {
    fn emit(&self, event: AppEvent) {
        self.0.lock().unwrap().push(event);
    }
}

pub struct Engine {
    pub provisioner: Provisioner,
    pub secrets: SharedSecrets,
    pub events: Events,
    pub dir: tempfile::TempDir,
}

/// An engine pointed at `cf`, with an in-memory keychain and quick retries.
pub async fn engine(cf: &LocalCloudflare) -> Engine {
    let dir = tempfile::tempdir().expect("temp dir");
    let secrets: SharedSecrets = Arc::new(MemorySecretStore::default());
    let events = Events::default();
    let provisioner = Provisioner::new(
        Some(cf.api.clone()),
        dir.path(),
        secrets.clone(),
        Arc::new(events.clone()),
    )
    .expect("provisioner")
    .with_retry(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
    });
    provisioner
        .connect(Some(Sensitive::new(cf.token.clone())))
        .await
        .expect("connect");
    Engine {
        provisioner,
        secrets,
        events,
        dir,
    }
}

pub fn input(cf: &LocalCloudflare, name: &str, emails: &[&str]) -> SetupInput {
    SetupInput {
        name: name.into(),
        account_id: cf.account_id.clone(),
        access: AccessSetup::Automatic {
            allowed: AllowedUsers::Emails {
                emails: emails.iter().map(|e| e.to_string()).collect(),
            },
            refresh_tokens: true,
            add_one_time_pin: true,
        },
    }
}
