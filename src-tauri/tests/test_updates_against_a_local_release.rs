//! The app's updater (tauri-plugin-updater, as the app drives it) against a release served on
//! loopback, with a manifest written by the release workflow's own code and signing keys made
//! here: a newer version is seen, a correctly signed download is verified and accepted, a
//! tampered one and one signed with another key are refused and nothing is left to install.

use std::path::Path;

use gatehouse_app::updates::Updates;
use gatehouse_ipc::{ErrorCode, UpdatePhase, UpdateStatus};
use gatehouse_test_support::{FileServer, TestSigningKey};
use gatehouse_update::manifest::{
    build, update_artifacts, ManifestInput, UpdateManifest, MANIFEST_FILE,
};
use gatehouse_update::UpdateRoute;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};

/// The mock app runs 0.1.0.
const NEWER: &str = "0.2.0";
/// The macOS Apple silicon entry: this test binary is not bundled, so it names its platform.
const PLATFORM: &str = "darwin-aarch64-app";
const ARTIFACT: &str = "Gatehouse_0.2.0_aarch64.app.tar.gz";

/// An app trusting `public_key`, reading the manifest from `server`.
fn app_trusting(public_key: &str, server: &FileServer) -> tauri::App<MockRuntime> {
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert(
        "updater".into(),
        serde_json::json!({
            "pubkey": public_key,
            "endpoints": [format!("{}/{MANIFEST_FILE}", server.origin())],
            "requireSignedVersion": true,
            "dangerousInsecureTransportProtocol": true
        }),
    );
    mock_builder()
        .plugin(
            tauri_plugin_updater::Builder::new()
                .target(PLATFORM)
                .build(),
        )
        .build(context)
        .expect("mock app")
}

/// Publishes a release of `version` as the workflow does: every update artifact signed by
/// `signer`, latest.json built from them, all served by `server`. Returns the bytes of the
/// artifact this app downloads and the manifest.
fn publish(
    server: &FileServer,
    signer: &TestSigningKey,
    version: &str,
) -> (Vec<u8>, UpdateManifest) {
    let dir = tempfile::tempdir().expect("temp dir");
    let base_url = format!("{}/download/v{version}", server.origin());
    let mut served = Vec::new();
    for artifact in update_artifacts(version) {
        let data = format!("the {} of Gatehouse {version}\n", artifact.file).repeat(2000);
        write(dir.path(), &artifact.file, data.as_bytes());
        write(
            dir.path(),
            &format!("{}.sig", artifact.file),
            signer
                .sign(data.as_bytes(), &artifact.file, version)
                .as_bytes(),
        );
        server.put(
            &format!("/download/v{version}/{}", artifact.file),
            data.clone(),
        );
        if artifact.platforms.contains(&PLATFORM) {
            served = data.into_bytes();
        }
    }
    let manifest = build(
        &ManifestInput {
            version,
            notes: Some("Tool lists load faster.".into()),
            pub_date: "2026-12-07T09:00:00Z",
            base_url: &base_url,
            public_key: &signer.public_key_base64(),
        },
        dir.path(),
    )
    .expect("the workflow's manifest");
    server.put(
        &format!("/{MANIFEST_FILE}"),
        serde_json::to_vec(&manifest).expect("json"),
    );
    (served, manifest)
}

fn write(dir: &Path, name: &str, data: &[u8]) {
    std::fs::write(dir.join(name), data).expect("write");
}

fn updates(settings: &Path) -> Updates {
    Updates::new(settings.to_path_buf(), UpdateRoute::InApp, "0.1.0".into())
}

fn refused(status: &UpdateStatus) -> bool {
    matches!(
        &status.phase,
        UpdatePhase::Failed { error, update: Some(update) }
            if error.code == ErrorCode::UpdateRefused && update.version == NEWER
    )
}

#[test]
fn a_newer_release_signed_by_the_apps_key_is_seen_downloaded_and_verified() {
    let key = TestSigningKey::generate();
    let server = FileServer::start();
    publish(&server, &key, NEWER);
    let app = app_trusting(&key.public_key_base64(), &server);
    let settings = tempfile::tempdir().expect("settings");
    let updates = updates(settings.path());

    let checked = tauri::async_runtime::block_on(updates.check(app.handle())).expect("check");
    match &checked.phase {
        UpdatePhase::Available { update } => {
            assert_eq!(update.version, NEWER);
            assert_eq!(update.notes.as_deref(), Some("Tool lists load faster."));
            assert_eq!(update.published_at.as_deref(), Some("2026-12-07T09:00:00Z"));
        }
        other => panic!("expected an update, got {other:?}"),
    }
    assert!(checked.last_checked_at.is_some(), "the check is recorded");

    let downloaded =
        tauri::async_runtime::block_on(updates.download(app.handle())).expect("download");
    assert!(
        matches!(&downloaded.phase, UpdatePhase::Ready { update } if update.version == NEWER),
        "{:?}",
        downloaded.phase
    );
    assert!(server
        .requests()
        .contains(&format!("/download/v{NEWER}/{ARTIFACT}")));
}

#[test]
fn a_tampered_download_is_refused_and_nothing_is_left_to_install() {
    let key = TestSigningKey::generate();
    let server = FileServer::start();
    let (mut data, _) = publish(&server, &key, NEWER);
    data[100] ^= 0x20;
    server.put(&format!("/download/v{NEWER}/{ARTIFACT}"), data);
    let app = app_trusting(&key.public_key_base64(), &server);
    let settings = tempfile::tempdir().expect("settings");
    let updates = updates(settings.path());

    tauri::async_runtime::block_on(updates.check(app.handle())).expect("check");
    let status = tauri::async_runtime::block_on(updates.download(app.handle())).expect("download");
    assert!(refused(&status), "{:?}", status.phase);
    if let UpdatePhase::Failed { error, .. } = &status.phase {
        assert!(
            error.message.contains("signature check"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("Nothing was installed"),
            "{}",
            error.message
        );
    }
    let install = tauri::async_runtime::block_on(updates.install(app.handle()));
    assert_eq!(
        install.expect_err("nothing to install").code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_release_signed_with_another_key_is_refused() {
    let app_key = TestSigningKey::generate();
    let other_key = TestSigningKey::generate();
    let server = FileServer::start();
    publish(&server, &other_key, NEWER);
    let app = app_trusting(&app_key.public_key_base64(), &server);
    let settings = tempfile::tempdir().expect("settings");
    let updates = updates(settings.path());

    let checked = tauri::async_runtime::block_on(updates.check(app.handle())).expect("check");
    assert!(matches!(checked.phase, UpdatePhase::Available { .. }));
    let status = tauri::async_runtime::block_on(updates.download(app.handle())).expect("download");
    assert!(refused(&status), "{:?}", status.phase);
    let install = tauri::async_runtime::block_on(updates.install(app.handle()));
    assert!(install.is_err());
}

/// The manifest is not signed: one that announces a new version but points at an older release,
/// validly signed for its own version, is refused because the signature names the older version.
#[test]
fn a_manifest_pairing_a_new_version_with_an_older_release_is_refused() {
    let key = TestSigningKey::generate();
    let server = FileServer::start();
    let (_, older) = publish(&server, &key, "0.1.5");
    let mut forged = older;
    forged.version = NEWER.into();
    server.put(
        &format!("/{MANIFEST_FILE}"),
        serde_json::to_vec(&forged).expect("json"),
    );
    let app = app_trusting(&key.public_key_base64(), &server);
    let settings = tempfile::tempdir().expect("settings");
    let updates = updates(settings.path());

    let checked = tauri::async_runtime::block_on(updates.check(app.handle())).expect("check");
    assert!(matches!(checked.phase, UpdatePhase::Available { .. }));
    let status = tauri::async_runtime::block_on(updates.download(app.handle())).expect("download");
    assert!(refused(&status), "{:?}", status.phase);
    assert!(server
        .requests()
        .contains(&"/download/v0.1.5/Gatehouse_0.1.5_aarch64.app.tar.gz".to_string()));
    let install = tauri::async_runtime::block_on(updates.install(app.handle()));
    assert!(install.is_err());
}

#[test]
fn the_same_version_is_up_to_date() {
    let key = TestSigningKey::generate();
    let server = FileServer::start();
    publish(&server, &key, "0.1.0");
    let app = app_trusting(&key.public_key_base64(), &server);
    let settings = tempfile::tempdir().expect("settings");
    let status = tauri::async_runtime::block_on(updates(settings.path()).check(app.handle()))
        .expect("check");
    assert_eq!(status.phase, UpdatePhase::UpToDate);
}

#[test]
fn an_unreachable_update_server_is_a_plain_failure() {
    let key = TestSigningKey::generate();
    let server = FileServer::start();
    let app = app_trusting(&key.public_key_base64(), &server);
    let settings = tempfile::tempdir().expect("settings");
    let status = tauri::async_runtime::block_on(updates(settings.path()).check(app.handle()))
        .expect("check");
    assert!(
        matches!(&status.phase, UpdatePhase::Failed { update: None, .. }),
        "{:?}",
        status.phase
    );
}

#[test]
fn package_installs_leave_updates_to_the_package_manager() {
    let key = TestSigningKey::generate();
    let server = FileServer::start();
    publish(&server, &key, NEWER);
    let app = app_trusting(&key.public_key_base64(), &server);
    let settings = tempfile::tempdir().expect("settings");
    let updates = Updates::new(
        settings.path().to_path_buf(),
        UpdateRoute::PackageManager,
        "0.1.0".into(),
    );
    let error = tauri::async_runtime::block_on(updates.check(app.handle())).expect_err("refused");
    assert!(
        error.message.contains("package manager"),
        "{}",
        error.message
    );
    assert!(server.requests().is_empty(), "no request is made");
    assert_eq!(
        updates.status().route,
        gatehouse_ipc::UpdateRoute::PackageManager
    );
}
