//! Writes a release's update manifest (`latest.json`) from its assets, refusing to write one
//! unless every update artifact is present and signed by the key the app trusts.
//!
//! The release workflow's publish job runs it on the downloaded installers:
//! `gatehouse-release-manifest --version 1.2.3 --assets DIR --base-url URL --config tauri.conf.json`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gatehouse_update::manifest::{build, check_format, now_rfc3339, ManifestInput, MANIFEST_FILE};

#[derive(Parser)]
#[command(about = "Write the update manifest (latest.json) of a Gatehouse release")]
struct Args {
    /// The release's version (Cargo.toml's, without the v).
    #[arg(long)]
    version: String,
    /// The folder with the release's assets and their .sig files; latest.json is written there.
    #[arg(long)]
    assets: PathBuf,
    /// Where the assets are downloaded from (…/releases/download/v<version>).
    #[arg(long)]
    base_url: String,
    /// tauri.conf.json, for the public key the app trusts (plugins.updater.pubkey).
    #[arg(long)]
    config: PathBuf,
    /// A file with the release notes shown in the app.
    #[arg(long)]
    notes_file: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gatehouse-release-manifest: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<PathBuf, String> {
    let config = std::fs::read_to_string(&args.config)
        .map_err(|e| format!("{}: {e}", args.config.display()))?;
    let config: serde_json::Value =
        serde_json::from_str(&config).map_err(|e| format!("{}: {e}", args.config.display()))?;
    let public_key = config
        .pointer("/plugins/updater/pubkey")
        .and_then(|v| v.as_str())
        .ok_or_else(|| format!("{} has no plugins.updater.pubkey", args.config.display()))?;
    let notes = match &args.notes_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .trim()
                .to_string(),
        ),
        None => None,
    };
    let pub_date = now_rfc3339();
    let input = ManifestInput {
        version: &args.version,
        notes: notes.filter(|n| !n.is_empty()),
        pub_date: &pub_date,
        base_url: args.base_url.trim_end_matches('/'),
        public_key,
    };
    let manifest = build(&input, &args.assets).map_err(|e| e.to_string())?;
    check_format(&manifest).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    let path = args.assets.join(MANIFEST_FILE);
    std::fs::write(&path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
