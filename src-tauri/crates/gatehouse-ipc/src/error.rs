use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stable reason the UI can switch on; never match on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input the user gave is not acceptable (bad URL, bad header, arguments not matching the schema).
    InvalidInput,
    /// The server wants the user to log in (again).
    AuthRequired,
    /// The server wants more scopes than the current login granted.
    InsufficientScope,
    /// Logging in failed: refused, cancelled at the provider, or the callback was wrong.
    LoginFailed,
    /// A link handed to the app was malformed, forged, replayed or unknown.
    InvalidLink,
    /// The OS keychain could not be used; nothing secret is stored elsewhere.
    KeychainUnavailable,
    /// The server could not be reached.
    Network,
    /// The request took longer than the configured timeout.
    Timeout,
    /// The user cancelled the request.
    Cancelled,
    /// The server answered with a JSON-RPC error or something unexpected.
    Server,
    /// No connection to that server is open.
    NotConnected,
    /// The named thing (server, tool, resource, call) does not exist.
    NotFound,
    /// Reading or writing the app's settings failed.
    Storage,
    /// The Cloudflare API token lacks a permission this step needs.
    PermissionMissing,
    /// Something with that name already exists and does not belong to this deployment.
    Conflict,
    /// A service answered with errors or not at all, even after retrying.
    Unavailable,
    /// Something setup needs is not there yet (no API token, no Zero Trust organization, no workers.dev subdomain).
    NotConfigured,
    /// A downloaded update failed its signature check and was not installed.
    UpdateRefused,
    /// A bug in Gatehouse.
    Internal,
}

/// What crosses IPC when something fails: a stable code, a plain-language message and how to fix it.
/// Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    /// What happened, in plain language.
    pub message: String,
    /// What the user can do about it, when there is something.
    pub fix: Option<String>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, " {fix}")?;
        }
        Ok(())
    }
}

impl std::error::Error for IpcError {}
