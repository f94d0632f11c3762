//! The API token: still valid, and still allowed to do what setup, its fixes and updates do.
//!
//! Cloudflare cannot list a token's permissions to the token itself, so each write permission is
//! probed with a request it alone allows whose target does not exist: deleting a Worker, a KV
//! namespace and an Access application that are not there. Cloudflare checks the permission first
//! (403, code 10000, without it) and then answers 404, so nothing changes either way. The one write
//! setup needs with no such probe in the contract, adding a login method, a finished setup never
//! makes again; the audit checks that group's read level (listing the login methods).

use gatehouse_cloudflare::{CloudflareApi, CloudflareError};
use gatehouse_ipc::{AuditArea, AuditFinding};
use rand::RngCore as _;

use super::Finding;
use crate::error::dashboard_name;
use crate::state::DeploymentState;
use crate::{token, ProvisionError, Result, TOKEN_PAGE_URL};

/// An Access application id no application has (a valid UUID, version 4 shaped).
const ABSENT_APP_ID: &str = "00000000-0000-4000-8000-000000000000";
/// A KV namespace id no namespace has (32 hex digits).
const ABSENT_NAMESPACE_ID: &str = "00000000000000000000000000000000";

pub(super) async fn check(api: &CloudflareApi, state: &DeploymentState) -> Vec<AuditFinding> {
    let valid = Finding::new("token.valid", AuditArea::Token, "API token is valid");
    let permissions = Finding::new(
        "token.permissions",
        AuditArea::Token,
        "API token has every permission setup needs",
    );
    let kind = match token::verify(api, Some(&state.account_id)).await {
        Ok(kind) => kind,
        Err(e) => {
            return vec![
                valid.failed_read(&e, None),
                permissions.skip("Not checked: the token itself is refused."),
            ]
        }
    };
    let mut out = vec![valid.pass(format!("An active {}.", token::describe(kind)))];
    out.push(match probe_all(api, &state.account_id).await {
        Ok(missing) if missing.is_empty() => permissions.pass(
            "It may edit Workers scripts, Workers KV and Access applications and policies, and read Access login methods.",
        ),
        Ok(missing) => {
            let names: Vec<String> = missing.iter().map(|g| format!("\"{}\"", dashboard_name(g))).collect();
            permissions.fail(
                format!(
                    "The token lacks {}: fixes, updates and setup re-runs would fail.",
                    names.join(", ")
                ),
                format!(
                    "Edit the token at {TOKEN_PAGE_URL}, add {}, save, then check again.",
                    names.join(" and ")
                ),
                None,
            )
        }
        Err(e) => permissions.failed_read(&e, None),
    });
    out
}

/// The permission groups the token lacks, of those setup needs.
async fn probe_all(api: &CloudflareApi, account: &str) -> Result<Vec<&'static str>> {
    let script = absent_script_name();
    let (scripts, kv, apps, org) = tokio::join!(
        api.delete_worker(account, &script, false),
        api.delete_kv_namespace(account, ABSENT_NAMESPACE_ID),
        api.delete_app(account, ABSENT_APP_ID),
        api.list_identity_providers(account),
    );
    let mut missing = Vec::new();
    for (group, outcome) in [
        ("Workers Scripts Write", scripts),
        ("Workers KV Storage Write", kv),
        ("Access: Apps and Policies Write", apps),
        (
            "Access: Organizations, Identity Providers, and Groups Read",
            org.map(|_| ()),
        ),
    ] {
        match outcome {
            // Allowed, and (as intended) nothing there.
            Ok(()) | Err(CloudflareError::NotFound { .. }) => {}
            Err(CloudflareError::MissingPermission { .. }) => missing.push(group),
            Err(e) => return Err(ProvisionError::from(e)),
        }
    }
    Ok(missing)
}

/// A Worker name nobody has: the probe's delete must never find one.
fn absent_script_name() -> String {
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("gatehouse-audit-probe-{suffix}")
}
