//! Update signing keys made in the test, signing as the Tauri CLI does (`tauri build` with
//! `createUpdaterArtifacts`): a minisign signature whose trusted comment names the file and the
//! version, base64-encoded into the `.sig` file.

use base64::Engine;

pub struct TestSigningKey {
    pair: minisign::KeyPair,
}

impl TestSigningKey {
    pub fn generate() -> Self {
        Self {
            pair: minisign::KeyPair::generate_unencrypted_keypair().expect("generate a key pair"),
        }
    }

    /// The public key as `plugins.updater.pubkey` holds it.
    pub fn public_key_base64(&self) -> String {
        let text = self.pair.pk.to_box().expect("public key box").to_string();
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    /// The content of `<file_name>.sig` for `data` released as `version`.
    pub fn sign(&self, data: &[u8], file_name: &str, version: &str) -> String {
        let trusted = format!("timestamp:1765098000\tfile:{file_name}\tversion:{version}");
        let signature = minisign::sign(
            None,
            &self.pair.sk,
            std::io::Cursor::new(data),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .expect("sign");
        base64::engine::general_purpose::STANDARD.encode(signature.to_string())
    }
}
