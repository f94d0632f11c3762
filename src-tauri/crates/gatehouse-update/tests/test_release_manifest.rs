//! The release workflow's manifest step: a manifest is written only when every update artifact is
//! signed by the app's key for this version, and it has the shape tauri-plugin-updater reads.

use std::path::Path;
use std::process::Command;

use gatehouse_test_support::{repo_root, TestSigningKey};
use gatehouse_update::manifest::{
    build, check_format, expected_platforms, update_artifacts, ManifestInput,
};
use gatehouse_update::{verify, SignatureError, UpdateManifest};

const VERSION: &str = "1.2.3";
const BASE: &str = "https://github.com/gatehouse-dev/gatehouse/releases/download/v1.2.3";

/// A release folder as the publish job downloads it: each update artifact and its `.sig`.
fn release_folder(key: &TestSigningKey, signed_version: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, artifact) in update_artifacts(VERSION).iter().enumerate() {
        let data = format!("installer {i} of Gatehouse {VERSION}").repeat(100);
        std::fs::write(dir.path().join(&artifact.file), &data).expect("write artifact");
        let sig = key.sign(data.as_bytes(), &artifact.file, signed_version);
        std::fs::write(dir.path().join(format!("{}.sig", artifact.file)), sig).expect("write sig");
    }
    dir
}

fn input<'a>(public_key: &'a str) -> ManifestInput<'a> {
    ManifestInput {
        version: VERSION,
        notes: Some("Faster tool lists.".into()),
        pub_date: "2026-12-07T09:00:00Z",
        base_url: BASE,
        public_key,
    }
}

fn build_error(dir: &Path, public_key: &str) -> String {
    build(&input(public_key), dir)
        .expect_err("the manifest must be refused")
        .to_string()
}

#[test]
fn a_release_signed_by_the_apps_key_gets_a_manifest_in_the_updaters_format() {
    let key = TestSigningKey::generate();
    let dir = release_folder(&key, VERSION);
    let manifest = build(&input(&key.public_key_base64()), dir.path()).expect("manifest");
    check_format(&manifest).expect("well-formed");

    let json = serde_json::to_value(&manifest).expect("json");
    let mut fields: Vec<_> = json.as_object().expect("object").keys().cloned().collect();
    fields.sort();
    assert_eq!(fields, ["notes", "platforms", "pub_date", "version"]);
    let platforms = json["platforms"].as_object().expect("platforms");
    let mut keys: Vec<_> = platforms.keys().cloned().collect();
    keys.sort();
    let mut expected: Vec<_> = expected_platforms().iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(keys, expected);
    assert!(
        !keys.iter().any(|k| k.starts_with("linux")),
        "Linux updates come from the package manager"
    );
    for (platform, entry) in platforms {
        let url = entry["url"].as_str().expect("url");
        let signature = entry["signature"].as_str().expect("signature");
        let file = url.rsplit('/').next().expect("file");
        assert!(url.starts_with(BASE), "{platform}: {url}");
        let data = std::fs::read(dir.path().join(file)).expect("artifact");
        verify(&data, signature, &key.public_key_base64(), VERSION)
            .unwrap_or_else(|e| panic!("{platform}: {e}"));
    }
    assert_eq!(
        manifest.platforms["windows-x86_64-msi"].url,
        format!("{BASE}/Gatehouse_1.2.3_x64_en-US.msi")
    );
    assert_eq!(
        manifest.platforms["windows-x86_64-nsis"].url,
        format!("{BASE}/Gatehouse_1.2.3_x64-setup.exe")
    );
    assert_eq!(
        manifest.platforms["darwin-aarch64-app"],
        manifest.platforms["darwin-aarch64"]
    );
}

#[test]
fn a_tampered_artifact_is_refused() {
    let key = TestSigningKey::generate();
    let dir = release_folder(&key, VERSION);
    let msi = dir.path().join("Gatehouse_1.2.3_x64_en-US.msi");
    let mut data = std::fs::read(&msi).expect("read");
    data[10] ^= 1;
    std::fs::write(&msi, data).expect("write");
    let error = build_error(dir.path(), &key.public_key_base64());
    assert!(error.contains("Gatehouse_1.2.3_x64_en-US.msi"), "{error}");
    assert!(error.contains("does not match"), "{error}");
}

#[test]
fn artifacts_signed_with_another_key_are_refused() {
    let app_key = TestSigningKey::generate();
    let other_key = TestSigningKey::generate();
    let dir = release_folder(&other_key, VERSION);
    let error = build_error(dir.path(), &app_key.public_key_base64());
    assert!(error.contains("key other than the app's"), "{error}");
    assert_eq!(
        error.lines().count(),
        update_artifacts(VERSION).len(),
        "{error}"
    );
}

#[test]
fn artifacts_signed_for_another_version_are_refused() {
    let key = TestSigningKey::generate();
    let dir = release_folder(&key, "1.2.2");
    let error = build_error(dir.path(), &key.public_key_base64());
    assert!(
        error.contains("signed for version 1.2.2, not 1.2.3"),
        "{error}"
    );
}

#[test]
fn a_missing_signature_is_refused() {
    let key = TestSigningKey::generate();
    let dir = release_folder(&key, VERSION);
    std::fs::remove_file(dir.path().join("Gatehouse_1.2.3_x64.app.tar.gz.sig")).expect("remove");
    let error = build_error(dir.path(), &key.public_key_base64());
    assert!(
        error.contains("Gatehouse_1.2.3_x64.app.tar.gz: cannot read its .sig"),
        "{error}"
    );
}

#[test]
fn the_format_check_refuses_what_the_app_could_not_use() {
    let key = TestSigningKey::generate();
    let dir = release_folder(&key, VERSION);
    let good = build(&input(&key.public_key_base64()), dir.path()).expect("manifest");

    let mut missing = good.clone();
    missing.platforms.remove("darwin-x86_64-app");
    assert!(check_format(&missing).is_err());

    let mut plain_http = good.clone();
    if let Some(entry) = plain_http.platforms.get_mut("windows-x86_64-nsis") {
        entry.url = entry.url.replace("https://", "http://");
    }
    assert!(check_format(&plain_http).is_err());

    let mut wrong_file = good.clone();
    if let Some(entry) = wrong_file.platforms.get_mut("windows-x86_64-msi") {
        entry.url = format!("{BASE}/Gatehouse_1.2.3_x64-setup.exe");
    }
    assert!(
        check_format(&wrong_file).is_err(),
        "an msi install must never get the setup.exe"
    );

    let mut garbage_signature = good.clone();
    if let Some(entry) = garbage_signature.platforms.get_mut("darwin-aarch64") {
        entry.signature = "bm90IGEgc2lnbmF0dXJl".into();
    }
    assert!(check_format(&garbage_signature).is_err());

    let mut bad_date = good.clone();
    bad_date.pub_date = "7 December 2026".into();
    assert!(check_format(&bad_date).is_err());

    let mut bad_version = good;
    bad_version.version = "v1.2".into();
    assert!(check_format(&bad_version).is_err());
}

#[test]
fn signature_errors_say_which_check_failed() {
    let key = TestSigningKey::generate();
    let other = TestSigningKey::generate();
    let sig = key.sign(b"data", "f", "1.0.0");
    let pk = key.public_key_base64();
    assert_eq!(verify(b"data", &sig, &pk, "1.0.0"), Ok(()));
    assert_eq!(verify(b"data", &sig, &pk, "v1.0.0"), Ok(()));
    assert_eq!(
        verify(b"dat4", &sig, &pk, "1.0.0"),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify(b"data", &sig, &other.public_key_base64(), "1.0.0"),
        Err(SignatureError::OtherKey)
    );
    assert_eq!(
        verify(b"data", "!!", &pk, "1.0.0"),
        Err(SignatureError::BadSignature)
    );
    assert_eq!(
        verify(b"data", &sig, "!!", "1.0.0"),
        Err(SignatureError::BadPublicKey)
    );
}

/// What the release workflow runs, end to end: the binary reads the key from a tauri.conf.json.
#[test]
fn the_release_tool_writes_latest_json_or_fails_naming_the_problem() {
    let key = TestSigningKey::generate();
    let dir = release_folder(&key, VERSION);
    let config = dir.path().join("tauri.conf.json");
    let conf =
        serde_json::json!({ "plugins": { "updater": { "pubkey": key.public_key_base64() } } });
    std::fs::write(&config, conf.to_string()).expect("config");
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "Faster tool lists.\n").expect("notes");

    let run = |assets: &Path| {
        Command::new(env!("CARGO_BIN_EXE_gatehouse-release-manifest"))
            .args(["--version", VERSION, "--base-url", &format!("{BASE}/")])
            .arg("--assets")
            .arg(assets)
            .arg("--config")
            .arg(&config)
            .arg("--notes-file")
            .arg(&notes)
            .output()
            .expect("run gatehouse-release-manifest")
    };
    let out = run(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: UpdateManifest = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("latest.json")).expect("latest.json"),
    )
    .expect("parse latest.json");
    check_format(&written).expect("well-formed");
    assert_eq!(written.notes.as_deref(), Some("Faster tool lists."));
    assert!(written.platforms["darwin-x86_64"]
        .url
        .starts_with(&format!("{BASE}/Gatehouse_")));

    let empty = tempfile::tempdir().expect("temp dir");
    let out = run(empty.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    assert!(!empty.path().join("latest.json").exists());
}

/// The app's own updater settings: a real minisign public key and the release's manifest.
#[test]
fn the_app_trusts_one_key_and_reads_the_latest_releases_manifest() {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("tauri.conf.json")).expect("tauri.conf.json"),
    )
    .expect("parse tauri.conf.json");
    let updater = &conf["plugins"]["updater"];
    let pubkey = updater["pubkey"].as_str().expect("pubkey");
    let text = String::from_utf8(
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, pubkey).expect("base64"),
    )
    .expect("utf-8");
    assert!(
        minisign_verify::PublicKey::decode(&text).is_ok(),
        "not a minisign public key"
    );
    assert_eq!(
        updater["endpoints"],
        serde_json::json!([
            "https://github.com/gatehouse-dev/gatehouse/releases/latest/download/latest.json"
        ])
    );
    assert_eq!(updater["requireSignedVersion"], true);
    assert!(updater.get("dangerousInsecureTransportProtocol").is_none());
}

/// The publish job's exact asset list names every update artifact, its .sig and latest.json.
#[test]
fn the_release_asset_list_carries_the_update_artifacts() {
    let list = |updates: &str| {
        let out = Command::new("bash")
            .arg(repo_root().join("scripts/release/expected-assets.sh"))
            .args([VERSION, updates])
            .output()
            .expect("run expected-assets.sh");
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let signed = list("signed");
    for artifact in update_artifacts(VERSION) {
        assert!(signed.contains(&artifact.file), "{} missing", artifact.file);
        assert!(
            signed.contains(&format!("{}.sig", artifact.file)),
            "{}.sig missing",
            artifact.file
        );
    }
    assert!(signed.contains(&"latest.json".to_string()));
    let unsigned = list("unsigned");
    assert!(!unsigned
        .iter()
        .any(|f| f.ends_with(".sig") || f == "latest.json"));
    assert!(unsigned.contains(&"SHA256SUMS".to_string()));
}
