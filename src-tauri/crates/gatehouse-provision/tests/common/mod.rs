//! The local Cloudflare (tests/cloudflare) as a child process, and helpers around it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::{MemorySecretStore, Sensitive};
use gatehouse_cloudflare::RetryPolicy;
use gatehouse_ipc::{AccessSetup, AllowedUsers, AppEvent, SetupInput};
use gatehouse_provision::Provisioner;
use serde_json::{json, Value};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .canonicalize()
        .expect("repo root")
}

/// Node 22 (scripts/node22.sh installs it on demand).
pub fn node() -> Command {
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/node22.sh"))
        .output()
        .expect("run scripts/node22.sh");
    assert!(out.status.success(), "scripts/node22.sh failed");
    let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let mut cmd = Command::new(bin.join("node"));
    let path = std::env::var("PATH").unwrap_or_default();
    cmd.env("PATH", format!("{}:{path}", bin.display()));
    cmd
}

/// One local Cloudflare on loopback, stopped on drop.
pub struct LocalCloudflare {
    child: Child,
    pub api: String,
    pub token: String,
    pub account_id: String,
    pub local: String,
    http: reqwest::Client,
    _config: tempfile::TempPath,
}

impl LocalCloudflare {
    /// `config`: the stand-in's configuration (see tests/cloudflare/README.md).
    pub fn start(config: Value) -> Self {
        let root = repo_root();
        assert!(
            root.join("tests/cloudflare/node_modules").exists(),
            "tests/cloudflare/node_modules is missing: run `make deps` first"
        );
        let mut file = tempfile::NamedTempFile::new().expect("config file");
        std::io::Write::write_all(&mut file, config.to_string().as_bytes()).expect("write config");
        let config_path = file.into_temp_path();
        let mut child = node()
            .arg(root.join("tests/cloudflare/src/cli.mjs"))
            .arg("--config")
            .arg(&config_path)
            .current_dir(&root)
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("LOCAL_CF_VERBOSE").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start the local Cloudflare");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the JSON line");
        let info: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stand-in printed {line:?}: {e}"));
        let field = |k: &str| {
            info[k]
                .as_str()
                .unwrap_or_else(|| panic!("no {k}"))
                .to_string()
        };
        Self {
            api: field("api"),
            token: field("token"),
            account_id: field("account_id"),
            local: field("local"),
            child,
            http: reqwest::Client::new(),
            _config: config_path,
        }
    }

    /// The default configuration: an account that already has a one-time PIN login method, so
    /// everything setup creates can be removed again.
    pub fn with_pin_login() -> Self {
        Self::start(json!({"identity_providers": [{"name": "PIN", "type": "onetimepin"}]}))
    }

    pub async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.local))
            .send()
            .await
            .expect("local endpoint")
            .json()
            .await
            .expect("JSON")
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.http
            .post(format!("{}{path}", self.local))
            .json(&body)
            .send()
            .await
            .expect("local endpoint")
            .json()
            .await
            .unwrap_or(Value::Null)
    }

    pub async fn clear_faults(&self) {
        self.http
            .delete(format!("{}/faults", self.local))
            .send()
            .await
            .expect("clear faults");
    }

    /// The stand-in's resources, secrets replaced by names, minus what changes with time.
    pub async fn resources(&self) -> Value {
        let state = self.get("/state").await;
        let mut out = serde_json::Map::new();
        for key in [
            "identity_providers",
            "policies",
            "apps",
            "kv_namespaces",
            "scripts",
        ] {
            out.insert(key.into(), state[key].clone());
        }
        Value::Object(out)
    }

    /// How many of each resource kind exist.
    pub async fn counts(&self) -> Value {
        let r = self.resources().await;
        let n = |k: &str| r[k].as_array().map(Vec::len).unwrap_or(0);
        json!({
            "identity_providers": n("identity_providers"),
            "policies": n("policies"),
            "apps": n("apps"),
            "kv_namespaces": n("kv_namespaces"),
            "scripts": n("scripts"),
        })
    }

    pub async fn calls(&self) -> Vec<Value> {
        self.get("/calls")
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn violations(&self) -> Value {
        self.get("/violations").await
    }

    pub async fn auto_login(&self, email: Option<&str>) {
        self.post("/access/auto-login", json!({ "email": email }))
            .await;
    }
}

impl Drop for LocalCloudflare {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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

/// Plays the user's browser from the authorization URL to the redirect; returns the final URL.
pub fn play_browser(authorization_url: &str, email: &str) -> Result<String, String> {
    let out = node()
        .arg(repo_root().join("tests/support/play-browser.mjs"))
        .arg(authorization_url)
        .arg("--email")
        .arg(email)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}
