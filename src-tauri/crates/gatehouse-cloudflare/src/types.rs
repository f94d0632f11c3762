//! The parts of the contract's request and response schemas Gatehouse sends or reads. Fields the
//! app does not use are left out; serde ignores them when reading.

use bytes::Bytes;
use gatehouse_auth::Sensitive;
use serde::Deserialize;
use serde_json::Value;

use crate::AccessRule;

/// What `GET /user/tokens/verify` says about the token.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TokenStatus {
    /// The token's id (not its value).
    pub id: String,
    /// `active`, `disabled` or `expired`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    pub id: String,
    pub name: String,
}

/// The account's Zero Trust organization.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Organization {
    /// The team domain, e.g. `myteam.cloudflareaccess.com`: the host of the OIDC URLs.
    pub auth_domain: String,
    #[serde(default)]
    pub name: String,
}

/// An Access login method.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IdentityProvider {
    pub id: String,
    pub name: String,
    /// `onetimepin`, `google`, `github`, … (`type` on the wire).
    #[serde(rename = "type")]
    pub kind: String,
}

/// A reusable Access policy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccessPolicy {
    pub id: String,
    pub name: String,
    /// `allow`, `deny`, `non_identity` or `bypass`.
    pub decision: String,
    #[serde(default)]
    pub include: Vec<AccessRule>,
    /// How many applications use it; a policy still in use may not be deletable.
    #[serde(default)]
    pub app_count: Option<u64>,
}

/// A reusable `allow` policy to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPolicy {
    pub name: String,
    pub include: Vec<AccessRule>,
    /// How long a login lasts, e.g. `24h`; the organization's setting when `None`.
    pub session_duration: Option<String>,
}

/// An Access for SaaS application using OIDC, to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSaasApp {
    pub name: String,
    pub redirect_uris: Vec<String>,
    /// Adds the `refresh_tokens` grant with 30-day refresh tokens.
    pub refresh_tokens: bool,
    /// Reusable policies, first = highest precedence.
    pub policy_ids: Vec<String>,
    /// Login methods offered; empty offers all of the account's.
    pub allowed_idps: Vec<String>,
}

/// An Access for SaaS application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaasApp {
    pub id: String,
    pub name: String,
    /// The application audience tag.
    pub aud: Option<String>,
    pub client_id: String,
    /// Only in the answer to the create call: Cloudflare never returns it again.
    pub client_secret: Option<Sensitive<String>>,
    pub redirect_uris: Vec<String>,
}

/// A Workers KV namespace.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KvNamespace {
    pub id: String,
    pub title: String,
}

/// A Worker secret as Cloudflare lists it: its name and kind, never its value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SecretName {
    pub name: String,
    /// `secret_text` or `secret_key` (`type` on the wire).
    #[serde(rename = "type")]
    pub kind: String,
}

/// Whether a script is served at its workers.dev address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ScriptSubdomain {
    pub enabled: bool,
    #[serde(default)]
    pub previews_enabled: bool,
}

/// A binding as a script's settings name it; values never come back.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BindingName {
    pub name: String,
    /// `kv_namespace`, `secret_text`, `durable_object_namespace`, … (`type` on the wire).
    #[serde(rename = "type")]
    pub kind: String,
}

/// What a script's settings say that Gatehouse reads back.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ScriptSettings {
    #[serde(default)]
    pub bindings: Vec<BindingName>,
    #[serde(default)]
    pub compatibility_date: Option<String>,
    #[serde(default)]
    pub compatibility_flags: Vec<String>,
    #[serde(default)]
    pub usage_model: Option<String>,
    /// Workers Logs and traces, as `{enabled, logs, …}`.
    #[serde(default)]
    pub observability: Option<Value>,
}

/// One module of a Worker upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerModule {
    /// The part name and file name, as `main_module` and imports refer to it (`index.js`).
    pub name: String,
    /// `application/javascript+module`, `application/wasm`, `text/plain`, …
    pub content_type: String,
    /// Cheap to clone: the form is rebuilt for each attempt.
    pub content: Bytes,
}

/// A Worker upload: the `metadata` part (main_module, compatibility_date, bindings,
/// migrations, …) and the modules.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerUpload {
    pub metadata: Value,
    pub modules: Vec<WorkerModule>,
}

/// What an upload answers that Gatehouse keeps.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UploadedWorker {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub etag: Option<String>,
}
