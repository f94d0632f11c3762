//! The MCP server Worker this build deploys, embedded at compile time from `server/dist`.

use std::sync::OnceLock;

use gatehouse_cloudflare::{WorkerModule, WorkerUpload};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

include!(concat!(env!("OUT_DIR"), "/worker_bundle.rs"));

/// `server/dist/manifest.json`, as `npm run build` in `server/` writes it.
#[derive(Debug, Clone, Deserialize)]
pub struct WorkerManifest {
    pub script_name: String,
    pub main_module: String,
    pub compatibility_date: String,
    #[serde(default)]
    pub compatibility_flags: Vec<String>,
    pub modules: Vec<ManifestModule>,
    pub bindings: Vec<ManifestBinding>,
    pub migrations: Option<Value>,
    /// The secrets the Worker reads; setup puts each one.
    pub secrets: Vec<String>,
    #[serde(default)]
    pub keep_bindings: Vec<String>,
    /// Workers Logs and traces, sent as the upload's `observability`.
    #[serde(default)]
    pub observability: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ManifestModule {
    pub name: String,
    pub content_type: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ManifestBinding {
    KvNamespace { name: String },
    DurableObjectNamespace { name: String, class_name: String },
}

/// The embedded Worker: its manifest and module contents.
pub struct WorkerBundle {
    pub manifest: WorkerManifest,
    pub modules: Vec<(ManifestModule, &'static [u8])>,
}

impl WorkerBundle {
    /// The bundle this build carries. Checked once: a module whose bytes do not match the manifest's
    /// sha256 means a broken build, not bad input.
    pub fn embedded() -> &'static WorkerBundle {
        static BUNDLE: OnceLock<WorkerBundle> = OnceLock::new();
        BUNDLE.get_or_init(|| {
            let manifest: WorkerManifest = serde_json::from_str(MANIFEST_JSON)
                .expect("the embedded server/dist/manifest.json does not parse");
            let modules = manifest
                .modules
                .iter()
                .map(|m| {
                    let bytes = MODULE_BYTES
                        .iter()
                        .find(|(name, _)| *name == m.name)
                        .map(|(_, bytes)| *bytes)
                        .expect("the build embeds every module the manifest lists");
                    (m.clone(), bytes)
                })
                .collect();
            WorkerBundle { manifest, modules }
        })
    }

    /// Whether each module's bytes hash to what the manifest says.
    pub fn verify(&self) -> bool {
        self.modules
            .iter()
            .all(|(m, bytes)| hex(&Sha256::digest(bytes)) == m.sha256)
    }

    /// A short fingerprint of the bundle, recorded in the state file: a changed bundle means a new upload.
    pub fn fingerprint(&self) -> String {
        let mut hash = Sha256::new();
        for (m, _) in &self.modules {
            hash.update(m.name.as_bytes());
            hash.update(m.sha256.as_bytes());
        }
        hash.update(MANIFEST_JSON.as_bytes());
        hex(&hash.finalize())[..16].to_string()
    }

    /// The migration tag the manifest's migrations end at (`new_tag`), if it has any.
    pub fn migration_tag(&self) -> Option<&str> {
        self.manifest.migrations.as_ref()?["new_tag"].as_str()
    }

    /// The names of the manifest's Durable Object bindings.
    pub fn durable_object_bindings(&self) -> Vec<&str> {
        self.manifest
            .bindings
            .iter()
            .filter_map(|b| match b {
                ManifestBinding::DurableObjectNamespace { name, .. } => Some(name.as_str()),
                ManifestBinding::KvNamespace { .. } => None,
            })
            .collect()
    }

    /// The migrations to send to a script whose Durable Object migration tag is `current` (`None`:
    /// none applied yet). Nothing when it is at the manifest's tag already, since Cloudflare refuses a
    /// migration sent twice; otherwise the manifest's, with `old_tag` as the precondition.
    pub fn migrations_from(&self, current: Option<&str>) -> Option<Value> {
        let migrations = self.manifest.migrations.as_ref()?;
        if current.is_some() && current == self.migration_tag() {
            return None;
        }
        let mut migrations = migrations.clone();
        if let Some(tag) = current {
            migrations["old_tag"] = json!(tag);
        }
        Some(migrations)
    }

    /// The upload's `metadata` part, with these migrations (see [`Self::migrations_from`]).
    pub fn upload_metadata(&self, kv_namespace_id: &str, migrations: Option<Value>) -> Value {
        let m = &self.manifest;
        let bindings: Vec<Value> = m
            .bindings
            .iter()
            .map(|b| match b {
                ManifestBinding::KvNamespace { name } => {
                    json!({"type": "kv_namespace", "name": name, "namespace_id": kv_namespace_id})
                }
                ManifestBinding::DurableObjectNamespace { name, class_name } => {
                    json!({"type": "durable_object_namespace", "name": name, "class_name": class_name})
                }
            })
            .chain(self.identity_bindings())
            .collect();
        let mut metadata = json!({
            "main_module": m.main_module,
            "compatibility_date": m.compatibility_date,
            "compatibility_flags": m.compatibility_flags,
            "bindings": bindings,
            "keep_bindings": m.keep_bindings,
        });
        if let Some(observability) = &m.observability {
            metadata["observability"] = observability.clone();
        }
        if let Some(migrations) = migrations {
            metadata["migrations"] = migrations;
        }
        metadata
    }
}

impl WorkerBundle {
    /// The whole upload: [`Self::upload_metadata`] and the modules.
    pub fn upload(&self, kv_namespace_id: &str, migrations: Option<Value>) -> WorkerUpload {
        WorkerUpload {
            metadata: self.upload_metadata(kv_namespace_id, migrations),
            modules: self
                .modules
                .iter()
                .map(|(m, bytes)| WorkerModule {
                    name: m.name.clone(),
                    content_type: m.content_type.clone(),
                    content: bytes::Bytes::from_static(bytes),
                })
                .collect(),
        }
    }

    /// The plain-text bindings that make the Worker say which bundle it is: it sends them back as the
    /// `gatehouse-bundle` and `gatehouse-version` headers of every answer (server/src/bundle-identity.ts).
    fn identity_bindings(&self) -> [Value; 2] {
        [
            json!({"type": "plain_text", "name": BUNDLE_BINDING, "text": self.fingerprint()}),
            json!({"type": "plain_text", "name": VERSION_BINDING, "text": GATEHOUSE_VERSION}),
        ]
    }
}

/// The binding (and, lowercased with dashes, the header) that carries the bundle's fingerprint.
pub const BUNDLE_BINDING: &str = "GATEHOUSE_BUNDLE";
/// The binding that carries the version of the Gatehouse that uploaded the bundle.
pub const VERSION_BINDING: &str = "GATEHOUSE_VERSION";
/// The header of every Worker answer that names its bundle's fingerprint.
pub const BUNDLE_HEADER: &str = "gatehouse-bundle";
/// The header of every Worker answer that names the Gatehouse version that uploaded it.
pub const VERSION_HEADER: &str = "gatehouse-version";
/// This Gatehouse's version, which ships [`WorkerBundle::embedded`].
pub const GATEHOUSE_VERSION: &str = env!("CARGO_PKG_VERSION");

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::WorkerBundle;

    #[test]
    fn the_embedded_bundle_matches_its_manifest() {
        let bundle = WorkerBundle::embedded();
        assert!(bundle.verify(), "module bytes differ from manifest sha256");
        assert!(bundle
            .modules
            .iter()
            .any(|(m, _)| m.name == bundle.manifest.main_module));
        assert_eq!(bundle.manifest.secrets.len(), 6);
    }

    #[test]
    fn migrations_follow_the_scripts_tag() {
        let bundle = WorkerBundle::embedded();
        let tag = bundle
            .migration_tag()
            .expect("the server has a Durable Object migration");
        let first = bundle.upload_metadata("kv1", bundle.migrations_from(None));
        assert_eq!(first["migrations"]["new_tag"], tag);
        assert!(first["migrations"].get("old_tag").is_none());
        assert_eq!(first["bindings"][0]["namespace_id"], "kv1");
        let bindings = first["bindings"].as_array().cloned().unwrap_or_default();
        assert!(bindings.iter().any(|b| b["name"] == super::BUNDLE_BINDING
            && b["type"] == "plain_text"
            && b["text"] == bundle.fingerprint()));
        let again = bundle.upload_metadata("kv1", bundle.migrations_from(Some(tag)));
        assert!(again.get("migrations").is_none());
        assert_eq!(again["keep_bindings"][0], "secret_text");
        // A script at an older tag gets the manifest's migrations with that tag as the precondition.
        let older = bundle.migrations_from(Some("v0")).expect("migrations");
        assert_eq!(older["old_tag"], "v0");
        assert_eq!(older["new_tag"], tag);
    }

    #[test]
    fn the_upload_turns_workers_logs_on_as_the_manifest_says() {
        let bundle = WorkerBundle::embedded();
        let metadata = bundle.upload_metadata("kv1", None);
        assert_eq!(metadata["observability"]["enabled"], true);
        assert_eq!(
            metadata["observability"],
            bundle.manifest.observability.clone().unwrap()
        );
    }

    #[test]
    fn the_upload_turns_on_what_client_id_metadata_documents_need() {
        // The Worker fetches a client's metadata document; this flag keeps that fetch off private addresses.
        let metadata = WorkerBundle::embedded().upload_metadata("kv1", None);
        let flags = metadata["compatibility_flags"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            flags.iter().any(|f| f == "global_fetch_strictly_public"),
            "{flags:?}"
        );
        assert!(flags.iter().any(|f| f == "nodejs_compat"), "{flags:?}");
    }
}
