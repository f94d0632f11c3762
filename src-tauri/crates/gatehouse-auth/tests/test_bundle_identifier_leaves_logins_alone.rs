//! The bundle identifier is packaging (macOS bundle id, Windows app id, settings and log folders);
//! the link scheme, the redirect URI and the keychain service are what logins depend on. They are
//! separate, and the identifier avoids the `.app` ending macOS treats as an application bundle.

use gatehouse_auth::{APP_REDIRECT_URI, APP_SCHEME};

fn tauri_conf() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tauri.conf.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read tauri.conf.json"))
        .expect("parse tauri.conf.json")
}

#[test]
fn the_identifier_changed_and_the_login_names_did_not() {
    let conf = tauri_conf();
    let identifier = conf["identifier"].as_str().expect("identifier");
    assert_eq!(identifier, "dev.gatehouse.desktop");
    assert!(
        !identifier.ends_with(".app"),
        "macOS treats names ending in .app as app bundles"
    );

    assert_eq!(APP_SCHEME, "dev.gatehouse.app");
    assert_eq!(APP_REDIRECT_URI, "dev.gatehouse.app:/oauth/callback");
    assert_eq!(
        gatehouse_auth::secrets::KEYCHAIN_SERVICE,
        "dev.gatehouse.app"
    );
    assert_eq!(
        conf["plugins"]["deep-link"]["desktop"]["schemes"],
        serde_json::json!([APP_SCHEME]),
        "the installers register the link scheme the redirect URI uses"
    );
}
