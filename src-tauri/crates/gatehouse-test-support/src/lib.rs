//! What the integration tests of several crates share: the repository, Node 22, the local
//! Cloudflare, the browser stand-in that plays a user through a login, and update signing keys
//! with a loopback file server for the updater's tests.

mod file_server;
mod local_cloudflare;
mod update_signing;

use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub use file_server::FileServer;
pub use local_cloudflare::{LocalCloudflare, RESOURCE_KINDS};
pub use update_signing::TestSigningKey;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .canonicalize()
        .expect("repo root")
}

/// The folder holding Node 22 (scripts/node22.sh installs it on demand).
pub fn node_bin() -> PathBuf {
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/node22.sh"))
        .output()
        .expect("run scripts/node22.sh");
    assert!(
        out.status.success(),
        "scripts/node22.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// A `node` command from Node 22, with that Node first on PATH.
pub fn node() -> Command {
    let bin = node_bin();
    let mut cmd = Command::new(bin.join("node"));
    let path = std::env::var("PATH").unwrap_or_default();
    cmd.env("PATH", format!("{}:{path}", bin.display()))
        .env("WRANGLER_SEND_METRICS", "false");
    cmd
}

/// Plays the user's browser from the authorization URL to the redirect (tests/support/play-browser.mjs);
/// returns the final URL. `deliver` also requests a loopback redirect, as a browser would.
pub fn play_browser(authorization_url: &str, email: &str, deliver: bool) -> Result<String, String> {
    let mut cmd = node();
    cmd.arg(repo_root().join("tests/support/play-browser.mjs"))
        .arg(authorization_url)
        .arg("--email")
        .arg(email);
    if deliver {
        cmd.arg("--deliver");
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// Stops a Node process that runs workerd: SIGTERM first, so it stops its workerd children (SIGKILL
/// would leave them running), then SIGKILL if it lingers.
pub fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(6);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}
