//! The check tauri-plugin-updater applies to a downloaded update, with the same verifier: a
//! minisign signature (base64 of the `.sig` file the Tauri CLI writes) over the artifact, made by
//! the key whose public half (base64, `plugins.updater.pubkey`) the app carries, and whose
//! trusted comment names the version the manifest announces.

use base64::Engine;
use minisign_verify::{PublicKey, Signature};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the public key is not a base64 minisign public key")]
    BadPublicKey,
    #[error("the signature is not a base64 minisign signature")]
    BadSignature,
    #[error("the signature was made with another key")]
    OtherKey,
    #[error("the signature does not match the file (changed after it was signed)")]
    Mismatch,
    #[error("the signature names no version")]
    NoSignedVersion,
    #[error("the file was signed for version {signed}, not {announced}")]
    VersionMismatch { signed: String, announced: String },
}

/// Verifies `data` against a release signature and the trusted public key, and that the signed
/// version is `announced_version` (what the plugin's `requireSignedVersion` enforces).
pub fn verify(
    data: &[u8],
    signature_base64: &str,
    public_key_base64: &str,
    announced_version: &str,
) -> Result<(), SignatureError> {
    let public_key = decode_base64_text(public_key_base64)
        .and_then(|text| PublicKey::decode(&text).ok())
        .ok_or(SignatureError::BadPublicKey)?;
    let signature = decode_base64_text(signature_base64)
        .and_then(|text| Signature::decode(&text).ok())
        .ok_or(SignatureError::BadSignature)?;
    public_key
        .verify(data, &signature, true)
        .map_err(|e| match e {
            minisign_verify::Error::UnexpectedKeyId => SignatureError::OtherKey,
            _ => SignatureError::Mismatch,
        })?;
    // The trusted comment is covered by the global signature checked above.
    let signed = signature
        .trusted_comment()
        .split('\t')
        .find_map(|field| field.strip_prefix("version:"))
        .ok_or(SignatureError::NoSignedVersion)?;
    let same = match (
        semver::Version::parse(signed.trim_start_matches('v')),
        semver::Version::parse(announced_version.trim_start_matches('v')),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => signed == announced_version,
    };
    if same {
        Ok(())
    } else {
        Err(SignatureError::VersionMismatch {
            signed: signed.to_string(),
            announced: announced_version.to_string(),
        })
    }
}

fn decode_base64_text(value: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}
