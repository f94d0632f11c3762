//! The connection doctor's report and the login timeline, as the UI and the CLI show them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How one check of the connection doctor came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CheckStatus {
    /// Nothing wrong here.
    Pass,
    /// Something is wrong here; `fix` says what to do.
    Fail,
    /// The check could not run (an earlier one failed, or it does not apply); `found` says why.
    Skipped,
}

/// One check of the connection doctor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DoctorCheck {
    /// A stable name (`dns`, `tcp`, `tls`, `proxy`, `mcp`, `challenge`, `resource`, `issuer`,
    /// `registration`, `redirect`, `scopes`, `clock`, `audit`).
    pub id: String,
    /// What was checked, in a few words.
    pub title: String,
    pub status: CheckStatus,
    /// What the check found, in plain language.
    pub found: String,
    /// What to do about it, when the check failed.
    pub fix: Option<String>,
}

/// Everything the connection doctor checked for one server URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    pub url: String,
    /// When the checks ran (RFC 3339).
    pub checked_at: String,
    pub checks: Vec<DoctorCheck>,
}

impl DoctorReport {
    /// Whether no check failed.
    pub fn all_passed(&self) -> bool {
        self.checks.iter().all(|c| c.status != CheckStatus::Fail)
    }
}

/// What a step of the login timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TimelineStepKind {
    /// The server's `401` and its `WWW-Authenticate`.
    Challenge,
    /// The protected-resource metadata (RFC 9728).
    ResourceMetadata,
    /// The authorization-server metadata (RFC 8414 / OpenID discovery).
    ServerMetadata,
    /// Dynamic client registration (RFC 7591), or the client used instead.
    Registration,
    /// The authorization request opened in the browser.
    Authorization,
    /// The browser's callback with the code.
    Callback,
    /// The code exchanged for tokens.
    Token,
    /// Tokens refreshed.
    Refresh,
    /// A new login for more scopes (`insufficient_scope`).
    StepUp,
    /// Any other request the login made.
    Other,
}

/// One parameter of a request, with what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExplainedParam {
    pub name: String,
    /// The value; secrets shortened to a few characters and `…`.
    pub value: String,
    pub explanation: String,
}

/// An HTTP request or answer in the timeline; secrets already shortened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineHttp {
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<String>,
    /// `null` while the request waits to be sent (guided mode) or when it failed to reach the server.
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<String>,
    /// Why no answer came, when none did.
    pub error: Option<String>,
}

/// One step of a login, refresh or step-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineStep {
    pub kind: TimelineStepKind,
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub title: String,
    /// What this step found or decided, in a sentence.
    pub summary: String,
    pub http: Option<TimelineHttp>,
    pub params: Vec<ExplainedParam>,
    /// In guided mode: this request is shown and waits for the user to send it.
    pub waiting: bool,
}

/// Everything recorded for the logins to one server, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginTimeline {
    pub server_url: String,
    /// Whether each request waits for the user before it is sent.
    pub guided: bool,
    pub steps: Vec<TimelineStep>,
}

/// Which server's timeline, and whether to step through the next login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineGuideRequest {
    pub server_id: String,
    pub guided: bool,
}
