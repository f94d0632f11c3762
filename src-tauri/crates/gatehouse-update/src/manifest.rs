//! The update manifest (`latest.json`) every release publishes next to its installers, in the
//! static format tauri-plugin-updater reads:
//!
//! ```json
//! { "version": "1.2.3", "notes": "…", "pub_date": "2026-12-07T09:00:00Z",
//!   "platforms": { "darwin-aarch64-app": { "signature": "<base64 .sig>", "url": "https://…" }, … } }
//! ```
//!
//! The plugin looks a platform up as `{os}-{arch}-{installer}` (the installer kind the bundler
//! stamps into the binary: `app`, `msi`, `nsis`), then `{os}-{arch}`. Each Windows installer is
//! updated by its own kind, so an msi install never receives the setup.exe. Linux has no entry:
//! deb and rpm installs are updated by their package manager.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::signature::{verify, SignatureError};

/// The manifest's file name, both as a release asset and in the app's endpoint.
pub const MANIFEST_FILE: &str = "latest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateManifest {
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// RFC 3339.
    pub pub_date: String,
    pub platforms: BTreeMap<String, ManifestPlatform>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestPlatform {
    /// The base64 content of the artifact's `.sig` file.
    pub signature: String,
    pub url: String,
}

/// One signed update artifact of a release and the manifest platforms it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateArtifact {
    /// The release asset's file name; its signature is `<file>.sig`.
    pub file: String,
    pub platforms: &'static [&'static str],
}

/// The update artifacts a release of `version` carries (named as the release workflow uploads
/// them; the macOS archives get the architecture the bundler leaves out).
pub fn update_artifacts(version: &str) -> Vec<UpdateArtifact> {
    vec![
        UpdateArtifact {
            file: format!("Gatehouse_{version}_aarch64.app.tar.gz"),
            platforms: &["darwin-aarch64-app", "darwin-aarch64"],
        },
        UpdateArtifact {
            file: format!("Gatehouse_{version}_x64.app.tar.gz"),
            platforms: &["darwin-x86_64-app", "darwin-x86_64"],
        },
        UpdateArtifact {
            file: format!("Gatehouse_{version}_x64_en-US.msi"),
            platforms: &["windows-x86_64-msi"],
        },
        UpdateArtifact {
            file: format!("Gatehouse_{version}_x64-setup.exe"),
            platforms: &["windows-x86_64-nsis"],
        },
    ]
}

/// Every platform key a complete manifest has.
pub fn expected_platforms() -> Vec<&'static str> {
    update_artifacts("0.0.0")
        .into_iter()
        .flat_map(|a| a.platforms.iter().copied())
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("version {0:?} is not a semantic version")]
    BadVersion(String),
    #[error("pub_date {0:?} is not an RFC 3339 date")]
    BadDate(String),
    #[error("{file}: {reason}")]
    Artifact { file: String, reason: String },
    #[error("platform {0} is missing")]
    MissingPlatform(String),
    #[error("platform {0} is not one Gatehouse publishes")]
    UnknownPlatform(String),
    #[error("platform {platform}: the url {url:?} is not an https URL ending in its artifact")]
    BadUrl { platform: String, url: String },
    #[error("platform {0}: the signature is not base64 minisign")]
    BadSignature(String),
    #[error("{0}")]
    Several(String),
}

/// What the release workflow knows when it writes the manifest.
pub struct ManifestInput<'a> {
    pub version: &'a str,
    pub notes: Option<String>,
    pub pub_date: &'a str,
    /// Where the release's assets are downloaded from, without the trailing slash
    /// (`https://github.com/<owner>/<repo>/releases/download/v<version>`).
    pub base_url: &'a str,
    /// The public key the app trusts (`plugins.updater.pubkey`).
    pub public_key: &'a str,
}

/// Builds the manifest from the release's assets in `assets`, refusing it unless every update
/// artifact is there with a signature the app will accept (made by the trusted key, for this
/// version, over these bytes). [`check_format`] then checks what is published.
pub fn build(input: &ManifestInput<'_>, assets: &Path) -> Result<UpdateManifest, ManifestError> {
    let mut problems = Vec::new();
    let mut platforms = BTreeMap::new();
    for artifact in update_artifacts(input.version) {
        match signed_artifact(input, assets, &artifact.file) {
            Ok(signature) => {
                for platform in artifact.platforms {
                    platforms.insert(
                        platform.to_string(),
                        ManifestPlatform {
                            signature: signature.clone(),
                            url: format!("{}/{}", input.base_url, artifact.file),
                        },
                    );
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    if !problems.is_empty() {
        return Err(ManifestError::Several(problems.join("\n")));
    }
    Ok(UpdateManifest {
        version: input.version.to_string(),
        notes: input.notes.clone(),
        pub_date: input.pub_date.to_string(),
        platforms,
    })
}

fn signed_artifact(
    input: &ManifestInput<'_>,
    assets: &Path,
    file: &str,
) -> Result<String, ManifestError> {
    let fail = |reason: String| ManifestError::Artifact {
        file: file.to_string(),
        reason,
    };
    let data = std::fs::read(assets.join(file)).map_err(|e| fail(format!("cannot read: {e}")))?;
    let signature = std::fs::read_to_string(assets.join(format!("{file}.sig")))
        .map_err(|e| fail(format!("cannot read its .sig: {e}")))?;
    let signature = signature.trim().to_string();
    verify(&data, &signature, input.public_key, input.version).map_err(
        |e: SignatureError| match e {
            SignatureError::OtherKey => fail(
                "signed with a key other than the app's (plugins.updater.pubkey in tauri.conf.json): \
                 TAURI_SIGNING_PRIVATE_KEY does not belong to it"
                    .into(),
            ),
            other => fail(other.to_string()),
        },
    )?;
    Ok(signature)
}

/// Checks a manifest's shape as the app reads it: a semantic version, an RFC 3339 date, exactly
/// the platforms Gatehouse publishes, https URLs and base64 minisign signatures.
pub fn check_format(manifest: &UpdateManifest) -> Result<(), ManifestError> {
    semver::Version::parse(&manifest.version)
        .map_err(|_| ManifestError::BadVersion(manifest.version.clone()))?;
    time::OffsetDateTime::parse(
        &manifest.pub_date,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|_| ManifestError::BadDate(manifest.pub_date.clone()))?;
    let expected = expected_platforms();
    for platform in &expected {
        if !manifest.platforms.contains_key(*platform) {
            return Err(ManifestError::MissingPlatform(platform.to_string()));
        }
    }
    let artifacts = update_artifacts(&manifest.version);
    for (platform, entry) in &manifest.platforms {
        let artifact = artifacts
            .iter()
            .find(|a| a.platforms.contains(&platform.as_str()))
            .ok_or_else(|| ManifestError::UnknownPlatform(platform.clone()))?;
        let url_ok = entry.url.starts_with("https://")
            && entry.url.ends_with(&format!("/{}", artifact.file));
        if !url_ok {
            return Err(ManifestError::BadUrl {
                platform: platform.clone(),
                url: entry.url.clone(),
            });
        }
        let decodes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            entry.signature.as_bytes(),
        )
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .is_some_and(|text| minisign_verify::Signature::decode(&text).is_ok());
        if !decodes {
            return Err(ManifestError::BadSignature(platform.clone()));
        }
    }
    Ok(())
}

/// The current time in RFC 3339, for `pub_date`.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}
