//! `ui/src/bindings/ipc.ts` must be what the Rust types generate.
//! Run with `GATEHOUSE_UPDATE_BINDINGS=1` (or `make bindings`) to rewrite it.

use std::path::PathBuf;

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/bindings/ipc.ts");
    let generated = gatehouse_ipc::typescript_bindings();
    if std::env::var_os("GATEHOUSE_UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().expect("bindings dir")).expect("create bindings dir");
        std::fs::write(&path, &generated).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/bindings/ipc.ts is stale: run `make bindings` and commit the result"
    );
}

#[test]
fn every_command_appears_in_the_map() {
    let map = gatehouse_ipc::commands::typescript_command_map(&ts_rs::Config::new());
    for name in gatehouse_ipc::commands::COMMAND_NAMES {
        assert!(
            map.contains(&format!("  {name}: {{ req:")),
            "{name} missing"
        );
    }
}
