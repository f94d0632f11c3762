//! Shared helpers for the client core's integration tests: the project's Worker with the Access
//! stand-in on loopback, a browser stand-in, and an event collector.
#![allow(dead_code)]

pub mod fixture;
pub mod oauth_server;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};

use gatehouse_ipc::AppEvent;
use gatehouse_mcp::EventSink;

#[allow(unused_imports)] // each test binary uses some
pub use gatehouse_test_support::{node, play_browser, repo_root};

/// The Worker (workerd through Miniflare) and the Access stand-in, stopped on drop.
pub struct WorkerStack {
    child: Child,
    pub mcp: String,
    pub info: serde_json::Value,
}

/// Builds the Worker bundle once per test process: stacks started in parallel must not each rebuild it.
fn build_worker_once() {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        let status = node()
            .arg(repo_root().join("server/scripts/build-if-needed.mjs"))
            .current_dir(repo_root())
            .status()
            .expect("run the Worker build");
        assert!(status.success(), "building the Worker failed");
    });
}

impl WorkerStack {
    /// `allow`: the emails the Access policy lets in (`None`: everyone).
    pub fn start(auto_login: &str, allow: Option<&[&str]>) -> Self {
        Self::start_with(auto_login, allow, &[])
    }

    /// As [`Self::start`], with more flags for `dev.mjs` (e.g. `--refusal error-redirect`).
    pub fn start_with(auto_login: &str, allow: Option<&[&str]>, flags: &[&str]) -> Self {
        let root = repo_root();
        assert!(
            root.join("server/node_modules").exists(),
            "server/node_modules is missing: run `make deps` (or `make test`) first"
        );
        build_worker_once();
        let mut cmd = node();
        cmd.arg(root.join("server/scripts/dev.mjs"))
            .arg("--auto-login")
            .arg(auto_login);
        for email in allow.unwrap_or_default() {
            cmd.arg("--allow").arg(email);
        }
        cmd.args(flags);
        let mut child = cmd
            .current_dir(&root)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the Worker stack");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the stack's JSON line");
        let info: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("stack printed {line:?}: {e}"));
        let mcp = info["mcp"].as_str().expect("mcp URL").to_string();
        Self { child, mcp, info }
    }
}

impl Drop for WorkerStack {
    fn drop(&mut self) {
        gatehouse_test_support::stop(&mut self.child);
    }
}

/// Keeps every event the core emits.
#[derive(Clone, Default)]
pub struct Events(pub Arc<Mutex<Vec<AppEvent>>>);

impl Events {
    pub fn all(&self) -> Vec<AppEvent> {
        self.0.lock().unwrap().clone()
    }
    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }

    /// The first event matching `wanted`, waiting up to `limit` for it.
    pub async fn wait_for(
        &self,
        limit: std::time::Duration,
        wanted: impl Fn(&AppEvent) -> bool,
    ) -> AppEvent {
        let deadline = std::time::Instant::now() + limit;
        loop {
            if let Some(event) = self.all().into_iter().find(|e| wanted(e)) {
                return event;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no such event within {limit:?}; saw {:?}",
                self.all()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

impl EventSink for Events {
    fn emit(&self, event: AppEvent) {
        self.0.lock().unwrap().push(event);
    }
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gatehouse-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
