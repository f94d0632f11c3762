use gatehouse_auth::AuthFailure;
use gatehouse_ipc::{ErrorCode, IpcError};
use rmcp::ServiceError;

pub type Result<T, E = McpFailure> = std::result::Result<T, E>;

/// Why a client operation failed. Messages never carry a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum McpFailure {
    #[error("{0}")]
    InvalidInput(String),
    #[error("the server asks you to log in")]
    AuthRequired { challenge: Option<String> },
    #[error("your login could not be renewed: {0}")]
    RenewalFailed(String),
    #[error("the server needs more permissions than your login granted{}", scope.as_deref().map(|s| format!(" (scope: {s})")).unwrap_or_default())]
    InsufficientScope {
        challenge: Option<String>,
        scope: Option<String>,
    },
    #[error("could not reach the server: {0}")]
    Network(String),
    #[error("the server did not answer within {0} seconds")]
    Timeout(u64),
    #[error("the request was cancelled")]
    Cancelled,
    #[error("the server answered with an error: {0}")]
    Server(String),
    #[error("not connected to this server")]
    NotConnected,
    #[error("{0} not found")]
    NotFound(String),
    #[error("could not save Gatehouse's settings: {0}")]
    Storage(String),
    #[error(transparent)]
    Auth(#[from] AuthFailure),
}

impl McpFailure {
    pub(crate) fn from_service(error: ServiceError, timeout_secs: u64) -> Self {
        match error {
            ServiceError::McpError(data) => Self::Server(data.message.to_string()),
            ServiceError::Timeout { .. } => Self::Timeout(timeout_secs),
            ServiceError::Cancelled { .. } => Self::Cancelled,
            ServiceError::TransportSend(e) => Self::from_transport_text(e.to_string(), Some(&e)),
            ServiceError::TransportClosed => Self::Network("the connection closed".into()),
            other => Self::Server(other.to_string()),
        }
    }

    /// Transport errors wrap rmcp's HTTP errors; find an auth challenge inside, if any.
    pub(crate) fn from_transport_text(
        text: String,
        error: Option<&(dyn std::error::Error + 'static)>,
    ) -> Self {
        use rmcp::transport::streamable_http_client::{AuthRequiredError, InsufficientScopeError};
        let mut source = error;
        while let Some(current) = source {
            if let Some(e) = current.downcast_ref::<AuthRequiredError>() {
                return Self::AuthRequired {
                    challenge: Some(e.www_authenticate_header.clone()),
                };
            }
            if let Some(e) = current.downcast_ref::<InsufficientScopeError>() {
                return Self::InsufficientScope {
                    challenge: Some(e.www_authenticate_header.clone()),
                    scope: e.get_required_scope().map(str::to_string),
                };
            }
            if let Some(auth) = current.downcast_ref::<rmcp::transport::auth::AuthError>() {
                if let rmcp::transport::auth::AuthError::AuthorizationRequired = auth {
                    return Self::AuthRequired { challenge: None };
                }
                if let Some(reason) = crate::connect::describe_renewal_failure(auth) {
                    return Self::RenewalFailed(reason);
                }
            }
            if let Some(reason) = crate::connect::renewal_failure_in_text(&current.to_string()) {
                return Self::RenewalFailed(reason);
            }
            source = current.source();
        }
        match crate::connect::renewal_failure_in_text(&text) {
            Some(reason) => Self::RenewalFailed(reason),
            None => Self::Network(text),
        }
    }
}

impl From<McpFailure> for IpcError {
    fn from(failure: McpFailure) -> Self {
        let message = failure.to_string();
        match failure {
            McpFailure::InvalidInput(_) => IpcError::new(ErrorCode::InvalidInput, message),
            McpFailure::AuthRequired { .. } => {
                IpcError::new(ErrorCode::AuthRequired, message).with_fix("Log in to continue.")
            }
            McpFailure::RenewalFailed(_) => {
                IpcError::new(ErrorCode::AuthRequired, message).with_fix("Log in again.")
            }
            McpFailure::InsufficientScope { .. } => {
                IpcError::new(ErrorCode::InsufficientScope, message)
                    .with_fix("Log in again to grant the extra permission.")
            }
            McpFailure::Network(_) => IpcError::new(ErrorCode::Network, message)
                .with_fix("Check the server URL and your connection, then connect again."),
            McpFailure::Timeout(_) => IpcError::new(ErrorCode::Timeout, message)
                .with_fix("Try again, or raise the request timeout in the server's settings."),
            McpFailure::Cancelled => IpcError::new(ErrorCode::Cancelled, message),
            McpFailure::Server(_) => IpcError::new(ErrorCode::Server, message),
            McpFailure::NotConnected => IpcError::new(ErrorCode::NotConnected, message)
                .with_fix("Connect to the server first."),
            McpFailure::NotFound(_) => IpcError::new(ErrorCode::NotFound, message),
            McpFailure::Storage(_) => IpcError::new(ErrorCode::Storage, message)
                .with_fix("Check that your user can write to Gatehouse's settings folder."),
            McpFailure::Auth(auth) => auth.into(),
        }
    }
}
