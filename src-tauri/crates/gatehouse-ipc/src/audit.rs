//! A deployment's thorough audit: every check reads the live account or the live Worker, and each
//! finding says what is wrong, how to fix it, and which fix Gatehouse can make itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What part of a deployment a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuditArea {
    /// The Cloudflare API token.
    Token,
    /// The Access application and its policy.
    Access,
    /// The Worker on Cloudflare: script, workers.dev, secrets, KV namespace, bundle.
    Worker,
    /// The Worker and Access answering on the internet.
    Live,
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuditOutcome {
    Pass,
    Fail,
    /// Not checked, because something it depends on failed or does not apply; `detail` says why.
    Skipped,
}

/// A fix Gatehouse can make itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuditFix {
    /// Put the Worker's six secrets again.
    PutSecrets,
    /// Turn the Worker's workers.dev address back on.
    EnableWorkersDev,
    /// Replace the Access application (and its policy where setup made it) to match the choices.
    ReplaceAccess,
    /// Upload the bundle this Gatehouse ships, in place: secrets, KV and Durable Object data stay.
    UpdateServer,
    /// Create a new KV namespace and bind the Worker to it (stored logins are gone: users log in again).
    RecreateKvNamespace,
}

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditFinding {
    /// A stable identifier, e.g. `worker.secrets`.
    pub id: String,
    pub area: AuditArea,
    /// What is checked, e.g. "All six secrets exist".
    pub title: String,
    pub outcome: AuditOutcome,
    /// What was found: on a failure, what is wrong.
    pub detail: String,
    /// How to fix it, in words (failures only).
    pub fix_hint: Option<String>,
    /// The fix Gatehouse can make itself, if it can.
    pub fix: Option<AuditFix>,
    /// Extra lines to show, e.g. the policy's rules.
    pub facts: Vec<String>,
}

/// Which bundle the Worker runs, as it says itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleReport {
    /// The fingerprint of the bundle this Gatehouse ships.
    pub shipped: String,
    pub shipped_version: String,
    /// What the Worker says it runs; `None` when it does not say (uploaded by an older Gatehouse) or did not answer.
    pub live: Option<String>,
    pub live_version: Option<String>,
}

/// A deployment's audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAudit {
    pub name: String,
    /// Every check passed (none failed or was skipped).
    pub passed: bool,
    pub findings: Vec<AuditFinding>,
    pub bundle: BundleReport,
    /// How long the audit took.
    pub elapsed_ms: u64,
}

/// A fix to make on a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditFixRequest {
    pub name: String,
    pub fix: AuditFix,
}
