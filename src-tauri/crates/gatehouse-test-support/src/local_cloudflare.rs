//! The local Cloudflare (tests/cloudflare) as a child process, and its extension endpoints.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Stdio};

use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::CloudflareApi;
use serde_json::{json, Value};

/// The kinds of resource a setup creates, as the stand-in's state names them.
pub const RESOURCE_KINDS: [&str; 5] = [
    "identity_providers",
    "policies",
    "apps",
    "kv_namespaces",
    "scripts",
];

/// One local Cloudflare on loopback, stopped on drop. `LOCAL_CF_VERBOSE=1` shows its log.
pub struct LocalCloudflare {
    child: Child,
    /// Kept open: the stand-in writes nothing more, but a closed pipe must not trouble it.
    _stdout: BufReader<ChildStdout>,
    pub api: String,
    pub token: String,
    pub account_id: String,
    pub auth_domain: String,
    pub workers_subdomain: String,
    pub local: String,
    http: reqwest::Client,
    _config: Option<TempFile>,
}

impl LocalCloudflare {
    pub fn start() -> Self {
        Self::start_with(None)
    }

    /// `config`: the stand-in's configuration (tests/cloudflare/README.md, "Configuration").
    pub fn start_with(config: Option<Value>) -> Self {
        let root = crate::repo_root();
        assert!(
            root.join("tests/cloudflare/node_modules").exists(),
            "tests/cloudflare/node_modules is missing: run `make deps` first"
        );
        let mut cmd = crate::node();
        cmd.arg(root.join("tests/cloudflare/src/cli.mjs"))
            .args(["--port", "0"]);
        let config = config.map(|c| {
            let file = TempFile::new("config.json", &c.to_string());
            cmd.arg("--config").arg(&file.0);
            file
        });
        let mut child = cmd
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("LOCAL_CF_VERBOSE").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start the local Cloudflare");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the JSON line");
        let info: Value = match serde_json::from_str(&line) {
            Ok(info) => info,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the local Cloudflare printed {line:?} ({e}); LOCAL_CF_VERBOSE=1 shows why");
            }
        };
        let field = |k: &str| {
            info[k]
                .as_str()
                .unwrap_or_else(|| panic!("no {k} in {info}"))
                .to_string()
        };
        Self {
            api: field("api"),
            token: field("token"),
            account_id: field("account_id"),
            auth_domain: field("auth_domain"),
            // `null` when the configuration says the account has none.
            workers_subdomain: info["workers_subdomain"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            local: field("local"),
            child,
            _stdout: stdout,
            http: reqwest::Client::new(),
            _config: config,
        }
    }

    /// An account that already has a one-time PIN login method, so everything setup creates can be
    /// removed again.
    pub fn with_pin_login() -> Self {
        Self::start_with(Some(
            json!({"identity_providers": [{"name": "PIN", "type": "onetimepin"}]}),
        ))
    }

    /// The resources, by kind (secrets replaced by their names).
    pub async fn resources(&self) -> Value {
        let state = self.get("/state").await;
        let mut out = serde_json::Map::new();
        for kind in RESOURCE_KINDS {
            out.insert(kind.into(), state[kind].clone());
        }
        Value::Object(out)
    }

    /// How many of each resource kind exist.
    pub async fn counts(&self) -> Value {
        let resources = self.resources().await;
        let mut out = serde_json::Map::new();
        for kind in RESOURCE_KINDS {
            let n = resources[kind].as_array().map(Vec::len).unwrap_or(0);
            out.insert(kind.into(), json!(n));
        }
        Value::Object(out)
    }

    /// A client with the default token.
    pub fn client(&self) -> CloudflareApi {
        self.client_with(&self.token)
    }

    pub fn client_with(&self, token: &str) -> CloudflareApi {
        CloudflareApi::new(&self.api, Sensitive::new(token.to_string())).expect("loopback base")
    }

    pub async fn get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.local))
            .send()
            .await
            .expect("extension endpoint");
        response.json().await.expect("JSON")
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.local))
            .json(&body)
            .send()
            .await
            .expect("extension endpoint");
        assert!(
            response.status().is_success(),
            "POST {path}: {}",
            response.status()
        );
        response.json().await.expect("JSON")
    }

    pub async fn clear_faults(&self) {
        let response = self
            .http
            .delete(format!("{}/faults", self.local))
            .send()
            .await
            .expect("clear faults");
        assert!(response.status().is_success());
    }

    /// A new token with these permission groups, for this account only. Returns its value.
    pub async fn mint_token(&self, permissions: &[&str], status: &str) -> String {
        let token = self
            .post(
                "/tokens",
                json!({"permissions": permissions, "accounts": [self.account_id], "status": status}),
            )
            .await;
        token["value"].as_str().expect("token value").to_string()
    }

    /// Every API call so far: `{method, path, operationId, status}`.
    pub async fn calls(&self) -> Vec<Value> {
        self.get("/calls")
            .await
            .as_array()
            .cloned()
            .expect("a list of calls")
    }

    /// Every request and response so far matched the contract.
    pub async fn assert_no_violations(&self) {
        let violations = self.get("/violations").await;
        assert_eq!(
            violations,
            json!([]),
            "requests or answers outside the contract"
        );
    }

    /// The loopback origin of a deployed script (what workers.dev is on Cloudflare).
    pub async fn worker_url(&self, script: &str) -> String {
        let info = self.get(&format!("/workers/{script}")).await;
        info["url"]
            .as_str()
            .unwrap_or_else(|| panic!("no url in {info}"))
            .to_string()
    }
}

impl Drop for LocalCloudflare {
    fn drop(&mut self) {
        crate::stop(&mut self.child);
    }
}

/// A file removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("gatehouse-test-{}-{n}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("write a temporary file");
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
