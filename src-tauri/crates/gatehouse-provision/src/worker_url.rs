//! Where a deployed Worker answers: `https://<script>.<subdomain>.workers.dev` on Cloudflare. The
//! local Cloudflare serves each script at its own loopback origin instead and says which through
//! its extension endpoint `GET <origin>/__local/workers/<script>`.

use gatehouse_cloudflare::CloudflareApi;
use serde::Deserialize;

use crate::{ProvisionError, Result};

pub fn workers_dev_url(script: &str, subdomain: &str) -> String {
    format!("https://{script}.{subdomain}.workers.dev")
}

#[derive(Deserialize)]
struct LocalWorker {
    url: String,
}

/// The URL the Worker is reached at. Against a loopback API (the local Cloudflare) this asks the
/// stand-in for the script's origin, which exists once the script is uploaded.
pub async fn resolve(
    api: &CloudflareApi,
    http: &reqwest::Client,
    script: &str,
    subdomain: &str,
) -> Result<String> {
    if !api.is_loopback() {
        return Ok(workers_dev_url(script, subdomain));
    }
    let mut local = api.base().clone();
    local.set_path(&format!("/__local/workers/{script}"));
    let unavailable = |reason: String| ProvisionError::WorkerCheck {
        url: local.to_string(),
        reason,
    };
    let response = http
        .get(local.clone())
        .send()
        .await
        .map_err(|_| unavailable("the local Cloudflare did not answer".into()))?;
    if !response.status().is_success() {
        return Err(unavailable(format!(
            "the local Cloudflare knows no Worker named {script} (HTTP {})",
            response.status().as_u16()
        )));
    }
    let worker: LocalWorker = response
        .json()
        .await
        .map_err(|_| unavailable("unexpected answer".into()))?;
    Ok(worker.url.trim_end_matches('/').to_string())
}
