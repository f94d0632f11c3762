//! What can stop a setup or teardown, each with the cause and the fix in plain language.

use gatehouse_auth::AuthFailure;
use gatehouse_cloudflare::CloudflareError;
use gatehouse_ipc::{ErrorCode, IpcError};

pub type Result<T, E = ProvisionError> = std::result::Result<T, E>;

/// Where the user edits an API token's permissions.
pub const TOKEN_PAGE_URL: &str = "https://dash.cloudflare.com/profile/api-tokens";

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("{message}")]
    InvalidInput { message: String, fix: String },
    #[error("No Cloudflare API token is set up.")]
    NoToken,
    #[error("{0}")]
    Cloudflare(#[from] CloudflareError),
    #[error("This Cloudflare account has no Zero Trust organization, which Access needs.")]
    NoOrganization,
    #[error("This Cloudflare account has no workers.dev subdomain yet.")]
    NoWorkersSubdomain,
    #[error(
        "{what} \"{name}\" already exists in this account and was not made by this deployment."
    )]
    NameTaken { what: &'static str, name: String },
    #[error("No deployment named \"{0}\" was set up from this computer.")]
    UnknownDeployment(String),
    #[error("The Access application's discovery document at {url} could not be used: {reason}")]
    Discovery { url: String, reason: String },
    #[error("The Worker at {url} does not answer as expected: {reason}")]
    WorkerCheck { url: String, reason: String },
    /// The keychain failed; kept as the auth crate describes it (with its fix).
    #[error("{}", .0.message)]
    Keychain(IpcError),
    #[error("Could not save the deployment's state: {0}")]
    Storage(String),
    #[error("The state file of \"{name}\" is damaged ({reason}).")]
    DamagedState { name: String, reason: String },
    /// A broken expectation inside Gatehouse, not the user's doing.
    #[error("Setup got into an unexpected state: {0}.")]
    Internal(String),
}

impl ProvisionError {
    pub fn invalid(message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::InvalidInput {
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// Whether running the same step again could succeed without the user changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Cloudflare(
                CloudflareError::Unavailable { .. }
                    | CloudflareError::Uncertain { .. }
                    | CloudflareError::Network { .. }
            ) | Self::WorkerCheck { .. }
        )
    }
}

/// The API's permission group as the dashboard's token page shows it:
/// "Workers KV Storage Write" → "Account · Workers KV Storage · Edit".
pub fn dashboard_name(group: &str) -> String {
    if let Some(name) = group.strip_suffix(" Write") {
        format!("Account · {name} · Edit")
    } else if let Some(name) = group.strip_suffix(" Read") {
        format!("Account · {name} · Read")
    } else {
        group.to_string()
    }
}

fn cloudflare_error(e: &CloudflareError) -> IpcError {
    match e {
        CloudflareError::InvalidBaseUrl(_) => IpcError::new(ErrorCode::InvalidInput, e.to_string())
            .with_fix("Use an https:// address; plain http:// is accepted only for this computer (127.0.0.1, ::1, localhost)."),
        CloudflareError::InvalidToken => IpcError::new(ErrorCode::AuthRequired, e.to_string())
            .with_fix(format!("Create a new API token at {TOKEN_PAGE_URL} and paste it again.")),
        CloudflareError::MissingPermission { permissions, .. } => {
            // Setup needs the Edit level of each group anyway, so name that one.
            let wanted = permissions
                .iter()
                .find(|p| p.ends_with(" Write"))
                .or(permissions.first())
                .map(|p| format!("\"{}\"", dashboard_name(p)))
                .unwrap_or_default();
            IpcError::new(ErrorCode::PermissionMissing, e.to_string()).with_fix(format!(
                "Edit the token at {TOKEN_PAGE_URL}, add the permission {wanted}, save, then Retry."
            ))
        }
        CloudflareError::NotFound { .. } => IpcError::new(ErrorCode::NotFound, e.to_string())
            .with_fix("Something this deployment relies on was removed in the dashboard. Retry to recreate it."),
        CloudflareError::Rejected { .. } => IpcError::new(ErrorCode::Server, e.to_string())
            .with_fix("Check the details; if the request looks right, Retry in a minute."),
        CloudflareError::Unavailable { .. } => IpcError::new(ErrorCode::Unavailable, e.to_string())
            .with_fix("Cloudflare is busy or unreachable. Retry in a minute; setup resumes where it stopped."),
        CloudflareError::Uncertain { .. } => IpcError::new(ErrorCode::Unavailable, e.to_string())
            .with_fix("Retry in a minute: setup first looks for what the request may have made, then carries on."),
        CloudflareError::Network { .. } => IpcError::new(ErrorCode::Network, e.to_string())
            .with_fix("Check this computer's internet connection, then Retry; setup resumes where it stopped."),
        CloudflareError::UnexpectedResponse { .. } => IpcError::new(ErrorCode::Server, e.to_string())
            .with_fix("Cloudflare answered in a way Gatehouse does not understand. Retry; if it persists, update Gatehouse."),
    }
}

impl From<&ProvisionError> for IpcError {
    fn from(e: &ProvisionError) -> Self {
        let message = e.to_string();
        match e {
            ProvisionError::InvalidInput { message, fix } => {
                IpcError::new(ErrorCode::InvalidInput, message.clone()).with_fix(fix.clone())
            }
            ProvisionError::NoToken => IpcError::new(ErrorCode::NotConfigured, message)
                .with_fix(format!("Create an API token at {TOKEN_PAGE_URL} and paste it in Setup (or set CLOUDFLARE_API_TOKEN for the CLI).")),
            ProvisionError::Cloudflare(inner) => cloudflare_error(inner),
            ProvisionError::NoOrganization => IpcError::new(ErrorCode::NotConfigured, message)
                .with_fix("Open Zero Trust in the Cloudflare dashboard (one.dash.cloudflare.com), choose a team name and the Free plan, then Retry."),
            ProvisionError::NoWorkersSubdomain => IpcError::new(ErrorCode::NotConfigured, message)
                .with_fix("Open Workers & Pages in the Cloudflare dashboard once and choose your workers.dev subdomain, then Retry."),
            ProvisionError::NameTaken { .. } => IpcError::new(ErrorCode::Conflict, message)
                .with_fix("Choose another deployment name, or delete the existing one in the Cloudflare dashboard, then Retry."),
            ProvisionError::UnknownDeployment(_) => IpcError::new(ErrorCode::NotFound, message)
                .with_fix("Check the name with `gatehouse-cli setup status`, or run setup again."),
            ProvisionError::Discovery { .. } => IpcError::new(ErrorCode::InvalidInput, message)
                .with_fix("Copy the \"Configuration endpoint\" (or Issuer) shown for the application in the Zero Trust dashboard, then check again."),
            ProvisionError::WorkerCheck { .. } => IpcError::new(ErrorCode::Unavailable, message)
                .with_fix("A new Worker can take a minute to answer on workers.dev. Retry shortly."),
            ProvisionError::Keychain(inner) => inner.clone(),
            // The file lists what the deployment made on Cloudflare: never advise discarding it.
            ProvisionError::DamagedState { name, .. } => IpcError::new(ErrorCode::Storage, message)
                .with_fix(format!("Keep deployments/{name}.json in Gatehouse's settings folder: it lists what this deployment made on Cloudflare, which teardown needs. Restore it from a backup (or repair its JSON), then Retry.")),
            ProvisionError::Internal(_) => IpcError::new(ErrorCode::Internal, message)
                .with_fix("Retry: setup resumes where it stopped. If this keeps happening, tear the deployment down and set it up again."),
            ProvisionError::Storage(_) => IpcError::new(ErrorCode::Storage, message)
                .with_fix("Check that Gatehouse's settings folder is writable and the disk is not full, then Retry."),
        }
    }
}

impl From<AuthFailure> for ProvisionError {
    fn from(e: AuthFailure) -> Self {
        Self::Keychain(IpcError::from(e))
    }
}

impl From<ProvisionError> for IpcError {
    fn from(e: ProvisionError) -> Self {
        IpcError::from(&e)
    }
}
