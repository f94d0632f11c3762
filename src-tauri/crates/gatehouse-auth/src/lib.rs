//! Logging in to MCP servers with OAuth 2.1, on top of rmcp's authorization client.
//!
//! rmcp does discovery (RFC 9728, RFC 8414, OIDC), registration (pre-registered, CIMD, DCR),
//! PKCE, `resource`, `iss` checks and refresh. This crate adds what a desktop app needs around
//! it: secrets kept in the OS keychain ([`secrets`]), the login that survives until the
//! browser hands the code back through a deep link or a loopback callback ([`login`]),
//! typed and validated callback links ([`callback`]), and logout with revocation ([`logout`]).

pub mod callback;
mod credential_store;
mod error;
pub mod login;
pub mod logout;
pub mod loopback;
mod pending;
pub mod plain_words;
pub mod secrets;
mod sensitive;
pub mod server_key;
mod state_store;
pub mod unreachable;

pub use callback::{AppLink, CallbackParams};
pub use credential_store::KeychainCredentialStore;
pub use error::{every_failure_for_tests, AuthFailure, Result};
pub use login::{
    cancel_login, complete_login, start_login, FinishedLogin, LoginOptions, RedirectPreference,
    StartedLogin,
};
pub use logout::{logout, LogoutReport};
pub use loopback::LoopbackReceiver;
pub use secrets::{KeyringSecretStore, MemorySecretStore, SecretStore};
pub use sensitive::Sensitive;
pub use state_store::KeychainStateStore;
pub use unreachable::{Unreachable, UnreachableKind};

/// The redirect URI registered for the app's private-use scheme (RFC 8252 §7.1).
pub const APP_REDIRECT_URI: &str = "dev.gatehouse.app:/oauth/callback";
/// The app's private-use URI scheme.
pub const APP_SCHEME: &str = "dev.gatehouse.app";
/// The name the app registers under.
pub const CLIENT_NAME: &str = "Gatehouse";
