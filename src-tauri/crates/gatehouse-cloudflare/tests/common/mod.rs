//! Workers to upload, and a log collector to check what the client logs. The local Cloudflare
//! itself comes from gatehouse-test-support.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use gatehouse_cloudflare::{WorkerModule, WorkerUpload};
use serde_json::json;

#[allow(unused_imports)] // each test binary uses some
pub use gatehouse_test_support::{repo_root, LocalCloudflare};

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
