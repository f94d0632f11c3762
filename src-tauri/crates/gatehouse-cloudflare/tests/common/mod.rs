//! The local Cloudflare (tests/cloudflare) as a child process, its extension endpoints, and a
//! log collector to check what the client logs.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use gatehouse_auth::Sensitive;
use gatehouse_cloudflare::{CloudflareApi, WorkerModule, WorkerUpload};
use serde_json::{json, Value};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .canonicalize()
        .expect("repo root")
}

/// Node 22: the one on PATH when `make test-rust` runs, else what scripts/node22.sh installs.
fn node() -> Command {
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/node22.sh"))
        .output()
        .expect("run scripts/node22.sh");
    assert!(
        out.status.success(),
        "scripts/node22.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let mut cmd = Command::new(bin.join("node"));
    let path = std::env::var("PATH").unwrap_or_default();
    cmd.env("PATH", format!("{}:{path}", bin.display()));
    cmd
}

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
        let root = repo_root();
        assert!(
            root.join("tests/cloudflare/node_modules").exists(),
            "tests/cloudflare/node_modules is missing: run `make deps` first"
        );
        let mut cmd = node();
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
            workers_subdomain: field("workers_subdomain"),
            local: field("local"),
            child,
            _stdout: stdout,
            http: reqwest::Client::new(),
            _config: config,
        }
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
    /// SIGTERM first, so the stand-in stops its workerd processes; SIGKILL if it lingers.
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(6);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A file removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "gatehouse-cloudflare-test-{}-{n}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, text).expect("write a temporary file");
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The stand-in's fixture Worker (KV, a SQLite Durable Object, secrets, two modules), with the
/// metadata its own tests use.
pub fn fixture_worker(kv_id: &str) -> WorkerUpload {
    let dir = repo_root().join("tests/cloudflare/test/fixtures/worker");
    let module = |name: &str| WorkerModule {
        name: name.to_string(),
        content_type: "application/javascript+module".to_string(),
        content: Bytes::from(std::fs::read(dir.join(name)).expect("fixture module")),
    };
    WorkerUpload {
        metadata: json!({
            "main_module": "index.js",
            "compatibility_date": "2025-09-01",
            "compatibility_flags": ["nodejs_compat"],
            "bindings": [
                {"type": "kv_namespace", "name": "KV", "namespace_id": kv_id},
                {"type": "durable_object_namespace", "name": "COUNTER", "class_name": "Counter"},
                {"type": "plain_text", "name": "GREETING", "text": "hi"},
                {"type": "secret_text", "name": "FIRST_SECRET", "text": "one"},
            ],
            "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Counter"]},
        }),
        modules: vec![module("index.js"), module("util.js")],
    }
}

/// The smallest Worker there is.
pub fn tiny_worker() -> WorkerUpload {
    WorkerUpload {
        metadata: json!({"main_module": "index.js", "compatibility_date": "2025-09-01"}),
        modules: vec![WorkerModule {
            name: "index.js".to_string(),
            content_type: "application/javascript+module".to_string(),
            content: Bytes::from_static(
                b"export default { fetch(req, env) { return Response.json({ secret: env.S ?? null }); } };",
            ),
        }],
    }
}

/// Every message logged through `tracing` on this thread while it is installed.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<String>>>);

impl Logs {
    /// Collects this thread's events until the guard drops (use a current-thread runtime).
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }

    pub fn lines(&self) -> Vec<String> {
        self.0.lock().expect("log lock").clone()
    }
}

struct Message(String);

impl tracing::field::Visit for Message {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        if field.name() == "message" {
            self.0.push_str(&format!("{value:?}"));
        } else {
            self.0.push_str(&format!("{}={value:?}", field.name()));
        }
    }
}

impl tracing::Subscriber for Logs {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target().starts_with("gatehouse_cloudflare")
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut message = Message(String::new());
        event.record(&mut message);
        self.0.lock().expect("log lock").push(message.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}
