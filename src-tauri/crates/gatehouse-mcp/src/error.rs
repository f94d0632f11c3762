use gatehouse_auth::{AuthFailure, Unreachable};
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
    /// Worded by [`Unreachable`]: what failed (refused at host:port, name not found, certificate
    /// expired…) and what to do, never the libraries' own text.
    #[error("could not reach the server: {0}")]
    Network(Unreachable),
    #[error("the server did not answer within {0} seconds")]
    Timeout(u64),
    #[error("the request was cancelled")]
    Cancelled,
    #[error("the server reported a problem: {0}")]
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
            ServiceError::TransportClosed => Self::Network(Unreachable::new(
                gatehouse_auth::UnreachableKind::Closed,
                None,
            )),
            ServiceError::UnexpectedResponse => {
                Self::Server("its answer did not match the request".into())
            }
            ServiceError::SubscriptionLagged { .. } => Self::Server(
                "Gatehouse fell behind the server's messages and some were lost".into(),
            ),
            ServiceError::InputRequiredRoundsExceeded { max_rounds } => Self::Server(format!(
                "the server asked for more input {max_rounds} times in a row, so the request was stopped"
            )),
            _ => Self::Server("something went wrong with the request".into()),
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
            None => Self::Network(match error {
                Some(error) => Unreachable::from_error(error, None),
                None => Unreachable::from_text(&text, None),
            }),
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
            McpFailure::Network(unreachable) => {
                IpcError::new(ErrorCode::Network, message).with_fix(unreachable.fix())
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_auth::plain_words::assert_plain;
    use gatehouse_auth::UnreachableKind;

    /// Every failure the window can show, as the window gets it.
    fn every_failure() -> Vec<McpFailure> {
        let url = url::Url::parse("https://mcp.example.com/mcp").ok();
        let mut all = vec![
            McpFailure::InvalidInput("give the server a name".into()),
            McpFailure::AuthRequired { challenge: None },
            McpFailure::RenewalFailed("the authorization server answered “invalid_grant”".into()),
            McpFailure::InsufficientScope {
                challenge: None,
                scope: Some("files:write".into()),
            },
            McpFailure::Timeout(30),
            McpFailure::Cancelled,
            McpFailure::Server("Unknown tool: nope".into()),
            McpFailure::NotConnected,
            McpFailure::NotFound("tool “nope”".into()),
            McpFailure::Storage("the disk is full".into()),
        ];
        all.extend(
            UnreachableKind::ALL
                .iter()
                .map(|kind| McpFailure::Network(Unreachable::new(*kind, url.as_ref()))),
        );
        all.extend(
            gatehouse_auth::every_failure_for_tests()
                .into_iter()
                .map(McpFailure::Auth),
        );
        all
    }

    #[test]
    fn every_failure_the_window_shows_is_in_plain_words() {
        for failure in every_failure() {
            let shown = IpcError::from(failure);
            assert_plain(&shown.message);
            if let Some(fix) = &shown.fix {
                assert_plain(fix);
            }
        }
    }

    #[test]
    fn rmcp_service_errors_are_translated() {
        let timeout = McpFailure::from_service(
            ServiceError::Timeout {
                timeout: std::time::Duration::from_secs(5),
            },
            5,
        );
        assert_eq!(
            timeout.to_string(),
            "the server did not answer within 5 seconds"
        );
        let closed = McpFailure::from_service(ServiceError::TransportClosed, 5);
        assert_plain(&closed.to_string());
        let lagged = McpFailure::from_service(ServiceError::SubscriptionLagged { capacity: 8 }, 5);
        assert_plain(&lagged.to_string());
        let unexpected = McpFailure::from_service(ServiceError::UnexpectedResponse, 5);
        assert_plain(&unexpected.to_string());
    }

    #[test]
    fn a_transport_text_from_rmcp_becomes_plain() {
        let text = "Send message error Transport [rmcp::transport::worker::WorkerTransport<rmcp::transport::streamable_http_client::StreamableHttpClientWorker<AuthClient<reqwest::async_impl::client::Client>>>] error: Client error: error sending request for url (http://127.0.0.1:3999/mcp): client error (Connect): tcp connect error: Connection refused (os error 111), when send discover request";
        let failure = McpFailure::from_transport_text(text.into(), None);
        assert!(
            matches!(&failure, McpFailure::Network(u) if u.kind() == UnreachableKind::Refused),
            "{failure:?}"
        );
        let shown = IpcError::from(failure);
        assert_plain(&shown.message);
        assert!(shown.message.contains("refused"), "{}", shown.message);
    }
}
