//! Embeds the MCP server Worker (server/dist: manifest.json and the modules it lists) into the crate,
//! so every build of the app and the CLI deploys exactly the Worker it was built with.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let dist = std::env::var_os("GATEHOUSE_WORKER_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(
                &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
            )
            .join("../../../server/dist")
        });
    println!("cargo:rerun-if-env-changed=GATEHOUSE_WORKER_DIST");
    let manifest_path = dist.join("manifest.json");
    println!("cargo:rerun-if-changed={}", manifest_path.display());
    let manifest = std::fs::read_to_string(&manifest_path).unwrap_or_else(|e| {
        panic!(
            "The MCP server Worker is not built ({}: {e}). Run `make server-build` (or `npm run build --prefix server`) first.",
            manifest_path.display()
        )
    });
    let parsed: serde_json::Value =
        serde_json::from_str(&manifest).expect("server/dist/manifest.json is not valid JSON");
    let modules = parsed["modules"]
        .as_array()
        .expect("server/dist/manifest.json lists no modules");

    let mut code = String::new();
    let manifest_abs = manifest_path.canonicalize().expect("manifest path");
    writeln!(
        code,
        "pub(crate) const MANIFEST_JSON: &str = include_str!({:?});",
        manifest_abs.display().to_string()
    )
    .ok();
    code.push_str("pub(crate) const MODULE_BYTES: &[(&str, &[u8])] = &[\n");
    for module in modules {
        let name = module["name"].as_str().expect("module without a name");
        let path = dist.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let abs = path.canonicalize().unwrap_or_else(|e| {
            panic!("server/dist/{name} is listed in manifest.json but missing: {e}")
        });
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .ok();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("worker_bundle.rs"), code).expect("write worker_bundle.rs");
}
