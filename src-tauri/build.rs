fn main() {
    // Each IPC command gets an `allow-<name>` permission; capabilities/ grants only those the UI uses.
    let commands: &[&str] = gatehouse_ipc::commands::COMMAND_NAMES;
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script failed");
}
