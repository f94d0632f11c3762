//! Sets up, checks and removes a Gatehouse deployment on Cloudflare: the MCP server Worker with its
//! KV namespace and Durable Object, on workers.dev, behind an Access for SaaS application.
//!
//! The setup is a plan of named steps ([`gatehouse_ipc::SetupStep`]). Each looks for what exists
//! before creating, records ids in a per-deployment state file (nothing secret in it) and keeps
//! secrets in the keychain, so running again resumes. The UI and the CLI share this engine.
//!
//! The creates Cloudflare offers no idempotency for (the KV namespace, the Access application) are
//! marked as sent in the state file before they go out, so a run after a crash or a lost answer
//! finds what they made rather than making it twice. No two writes to the Worker script overlap.
//! Both user and account API tokens are accepted (`token.rs`).

mod access_changes;
mod apply;
pub mod audit;
pub mod bundle;
mod error;
mod health;
mod input;
mod names;
mod oidc;
mod plan;
mod policy_removal;
mod progress;
mod provisioner;
mod secrets;
pub mod state;
mod teardown;
mod titles;
mod token;
mod worker_script;
mod worker_url;

pub use bundle::WorkerBundle;
pub use error::{ProvisionError, Result, TOKEN_PAGE_URL};
pub use health::login_challenge;
pub use names::{DeploymentName, DEFAULT_DEPLOYMENT_NAME};
pub use progress::{NoProgress, ProgressSink};
pub use provisioner::{api_base_setting, Provisioner, API_BASE_ENV, REQUIRED_PERMISSIONS};
pub use state::DeploymentState;
pub use titles::{step_title, teardown_title};
