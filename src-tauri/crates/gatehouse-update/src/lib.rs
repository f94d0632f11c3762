//! Gatehouse's update rules, without Tauri, so they can be tested headless:
//!
//! - [`manifest`]: the update manifest (`latest.json`) each release publishes, built from the signed
//!   update artifacts by the release workflow (`gatehouse-release-manifest`) and read by
//!   tauri-plugin-updater in the app;
//! - [`signature`]: the minisign check the plugin applies to a download, used by the release
//!   workflow to refuse artifacts signed with a key other than the one the app trusts;
//! - [`preferences`]: whether and when the app checks (at most once a day, a setting turns it off);
//! - [`route`]: how this copy of Gatehouse is updated (by itself, or by a package manager).

pub mod manifest;
pub mod preferences;
pub mod route;
pub mod signature;

pub use manifest::{ManifestError, ManifestPlatform, UpdateArtifact, UpdateManifest};
pub use preferences::{UpdatePreferences, CHECK_INTERVAL_SECS};
pub use route::UpdateRoute;
pub use signature::{verify, SignatureError};
