//! A typed client for exactly the Cloudflare API operations Gatehouse's setup uses, those of the
//! contract `contract/cloudflare/cloudflare-setup-subset.openapi.json`: a bearer token that is
//! never logged, Cloudflare's envelope mapped to plain-language errors that name the missing
//! permission, retries of 429 and 5xx honouring `Retry-After`, pagination, and the multipart
//! Worker upload.
//!
//! Besides the setup operations, the reads that find and check what setup made: account token
//! verify, a policy, a script's secrets, settings and workers.dev state, KV namespaces and Access
//! applications (listed by name).
//!
//! One file per area of the API (`accounts`, `access`, `apps`, `kv`, `workers`); the transport
//! is in `client`, paging in `paging`, the envelope in `envelope`, the operation table in
//! `operations`.

mod access;
mod access_rule;
mod accounts;
mod apps;
mod base_url;
mod client;
mod envelope;
mod error;
mod kv;
pub mod operations;
mod paging;
mod retry;
mod types;
mod workers;

pub use access_rule::AccessRule;
pub use apps::SAAS_APP_SCOPES;
pub use base_url::is_loopback_host;
pub use client::{CloudflareApi, DEFAULT_API_BASE};
pub use error::{CloudflareError, Result};
pub use operations::Operation;
pub use retry::RetryPolicy;
pub use types::{
    AccessPolicy, Account, BindingName, IdentityProvider, KvNamespace, NewPolicy, NewSaasApp,
    Organization, SaasApp, ScriptSettings, ScriptSubdomain, SecretName, TokenStatus,
    UploadedWorker, WorkerModule, WorkerUpload,
};

/// The client is shared across tasks.
const _: fn() = || {
    fn shared<T: Send + Sync + Clone + 'static>() {}
    shared::<CloudflareApi>();
};
