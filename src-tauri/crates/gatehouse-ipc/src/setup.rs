//! Setting up, checking and removing a deployment: the MCP server Worker on Cloudflare behind Access.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::IpcError;

/// Which Cloudflare API the app talks to, and whether an API token is kept for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloudflareStatus {
    /// The API base URL, `https://api.cloudflare.com/client/v4` unless pointed elsewhere.
    pub api_base: String,
    /// The API is the local Cloudflare (a loopback address), not the real one.
    pub local: bool,
    /// An API token is kept in the keychain.
    pub has_token: bool,
    /// The token permissions setup needs, in Cloudflare's words.
    pub required_permissions: Vec<String>,
    /// Where the user creates a token.
    pub token_page_url: String,
    /// The local Cloudflare's token, offered to paste (`make run` without an account); never a real token.
    pub local_token: Option<String>,
}

/// What the UI sends to connect to Cloudflare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloudflareConnectRequest {
    /// A new API token; `null` uses the one kept in the keychain.
    pub token: Option<String>,
}

/// What connecting found: the kind of token, and the accounts it can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloudflareConnection {
    pub token_kind: CloudflareTokenKind,
    /// For an account API token, its own account.
    pub accounts: Vec<CloudflareAccount>,
}

/// Who owns an API token: a user (made under My Profile → API Tokens) or one account (made under
/// the account's API Tokens). Cloudflare verifies them at different endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CloudflareTokenKind {
    User,
    Account,
}

/// A Cloudflare account the token can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloudflareAccount {
    pub id: String,
    pub name: String,
}

/// Names one Cloudflare account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountRef {
    pub account_id: String,
}

/// What the account already has that setup relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountCheck {
    /// The Zero Trust team domain, e.g. `myteam.cloudflareaccess.com`; `null` when the account has none.
    pub auth_domain: Option<String>,
    /// The account's workers.dev subdomain; `null` when it never registered one.
    pub workers_subdomain: Option<String>,
    pub identity_providers: Vec<IdentityProviderInfo>,
    /// Reusable Access policies that setup could use instead of creating one.
    pub policies: Vec<PolicyInfo>,
    /// What stops setup on this account, each with its fix.
    pub problems: Vec<IpcError>,
}

/// A login method configured in Cloudflare Zero Trust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdentityProviderInfo {
    pub id: String,
    pub name: String,
    /// Cloudflare's type, e.g. `onetimepin`, `github`, `azureAD`.
    pub kind: String,
}

/// A reusable Access policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyInfo {
    pub id: String,
    pub name: String,
    /// Who the policy lets in, in words (e.g. `ada@example.com, bob@example.com`).
    pub summary: String,
}

/// Who may log in to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AllowedUsers {
    /// These email addresses.
    Emails { emails: Vec<String> },
    /// Anyone with an address at this domain.
    Domain { domain: String },
    /// The users of an existing reusable policy.
    ExistingPolicy { policy_id: String },
}

/// How the Access for SaaS application comes about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "mode",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AccessSetup {
    /// Gatehouse creates the application, its policy and (if asked) a one-time PIN login method.
    Automatic {
        allowed: AllowedUsers,
        /// Let the server refresh Access logins without asking the user again.
        refresh_tokens: bool,
        /// Add Cloudflare's one-time PIN login method when the account has no login method.
        add_one_time_pin: bool,
    },
    /// The user created the application in the dashboard and pastes what it shows.
    Manual(ManualAccess),
}

/// The values the Cloudflare dashboard shows for an Access for SaaS OIDC application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ManualAccess {
    pub client_id: String,
    /// Sent once, kept in the keychain; never returned.
    pub client_secret: String,
    /// The application's "Configuration endpoint" (…/.well-known/openid-configuration) or its issuer.
    pub discovery_url: String,
}

/// Everything setup needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupInput {
    /// The deployment's name; also the Worker's script name (`<name>.<subdomain>.workers.dev`).
    pub name: String,
    pub account_id: String,
    pub access: AccessSetup,
}

/// Names one deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRef {
    pub name: String,
}

/// The steps of a setup, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    VerifyToken,
    ReadOrganization,
    IdentityProvider,
    Policy,
    KvNamespace,
    UploadWorker,
    WorkersSubdomain,
    EnableWorkersDev,
    AccessApp,
    WorkerSecrets,
    CheckWorker,
}

/// The steps of a teardown, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TeardownStep {
    DeleteAccessApp,
    DeletePolicy,
    DeleteWorker,
    DeleteKvNamespace,
    ForgetSecrets,
}

/// What a step would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// Make something new.
    Create,
    /// Change something that exists (e.g. upload a new version of the Worker).
    Update,
    /// Use something that exists as it is.
    Reuse,
    /// Only read or check.
    Check,
    /// Already done by an earlier run.
    Done,
    /// Not needed with these choices.
    Skip,
}

/// One line of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedStep {
    pub step: SetupStep,
    pub title: String,
    pub action: PlanAction,
    /// What exactly: names, URLs, rules.
    pub detail: String,
}

/// What `apply` would do, computed without changing anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupPlan {
    pub name: String,
    pub worker_url: Option<String>,
    /// The redirect URL the Access application must allow (copy it for the manual path).
    pub redirect_url: Option<String>,
    pub steps: Vec<PlannedStep>,
    /// An earlier run stopped part way; `apply` resumes it.
    pub resumes: bool,
}

/// Where a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Running,
    Done,
    Skipped,
    Failed,
}

/// A deployment as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub name: String,
    pub account_id: String,
    pub api_base: String,
    /// Every step of setup finished.
    pub complete: bool,
    /// The first step a re-run would do, when not complete.
    pub next_step: Option<SetupStep>,
    pub worker_url: Option<String>,
    /// The MCP endpoint (`<worker_url>/mcp`).
    pub mcp_url: Option<String>,
    pub access_app_id: Option<String>,
    pub access_app_name: Option<String>,
    pub policy_name: Option<String>,
    /// The saved server that points at this deployment, once setup finished.
    pub server_id: Option<String>,
    /// Whether the Access application was created by hand in the dashboard.
    pub manual_access: bool,
    /// When setup last finished, in milliseconds since the Unix epoch.
    #[ts(type = "number | null")]
    pub completed_at: Option<u64>,
}

/// One live check of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    pub title: String,
    pub ok: bool,
    pub detail: String,
}

/// A deployment's health, checked live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentHealth {
    pub name: String,
    pub healthy: bool,
    pub checks: Vec<HealthCheck>,
    /// What needs attention and how to fix it.
    pub attention: Option<IpcError>,
}

/// What a teardown removed and what it deliberately left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeardownReport {
    pub name: String,
    pub removed: Vec<String>,
    /// Things kept on purpose, each with why (e.g. a policy this deployment did not create).
    pub kept: Vec<String>,
}

/// The values read from an Access application's discovery document, for the manual path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ManualAccessCheck {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
}

/// The redirect URL for a deployment, before it exists (the manual path copies it to the dashboard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RedirectUrlRequest {
    pub account_id: String,
    pub name: String,
}
