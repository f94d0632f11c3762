//! The MCP server Worker this build deploys, embedded at compile time from `server/dist`.

use std::sync::OnceLock;

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

    /// The upload's `metadata` part. Migrations go only with the first upload of a script: after
    /// that the Durable Object classes exist and repeating the migration would be refused.
    pub fn upload_metadata(&self, kv_namespace_id: &str, first_upload: bool) -> Value {
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
            .collect();
        let mut metadata = json!({
            "main_module": m.main_module,
            "compatibility_date": m.compatibility_date,
            "compatibility_flags": m.compatibility_flags,
            "bindings": bindings,
            "keep_bindings": m.keep_bindings,
        });
        if first_upload {
            if let Some(migrations) = &m.migrations {
                metadata["migrations"] = migrations.clone();
            }
        }
        metadata
    }
}

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
    fn migrations_go_with_the_first_upload_only() {
        let bundle = WorkerBundle::embedded();
        let first = bundle.upload_metadata("kv1", true);
        let again = bundle.upload_metadata("kv1", false);
        assert!(first.get("migrations").is_some());
        assert!(again.get("migrations").is_none());
        assert_eq!(first["bindings"][0]["namespace_id"], "kv1");
        assert_eq!(again["keep_bindings"][0], "secret_text");
    }

    #[test]
    fn the_upload_turns_on_what_client_id_metadata_documents_need() {
        // The Worker fetches a client's metadata document; this flag keeps that fetch off private addresses.
        let metadata = WorkerBundle::embedded().upload_metadata("kv1", false);
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
