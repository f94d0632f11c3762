use gatehouse_ipc::{ErrorCode, IpcError};

/// A failure as the CLI reports it: a message, a fix, and an exit code from `--help`.
pub struct Failure {
    pub message: String,
    pub fix: Option<String>,
    code: i32,
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        self.code
    }

    pub fn tool_error(message: String) -> Self {
        Self {
            message,
            fix: None,
            code: 4,
        }
    }
}

impl From<IpcError> for Failure {
    fn from(error: IpcError) -> Self {
        let code = match error.code {
            ErrorCode::AuthRequired | ErrorCode::InsufficientScope => 3,
            ErrorCode::Network | ErrorCode::Timeout => 5,
            ErrorCode::InvalidInput | ErrorCode::InvalidLink => 6,
            ErrorCode::KeychainUnavailable => 7,
            ErrorCode::LoginFailed => 8,
            ErrorCode::PermissionMissing | ErrorCode::Conflict | ErrorCode::NotConfigured => 9,
            ErrorCode::Unavailable => 5,
            _ => 1,
        };
        let fix = match error.code {
            ErrorCode::AuthRequired => Some("Run `gatehouse-cli login URL` first.".to_string()),
            ErrorCode::InsufficientScope => {
                Some("Run `gatehouse-cli login URL` again to grant the extra scope.".to_string())
            }
            _ => error.fix,
        };
        Self {
            message: error.message,
            fix,
            code,
        }
    }
}

impl From<gatehouse_mcp::McpFailure> for Failure {
    fn from(failure: gatehouse_mcp::McpFailure) -> Self {
        IpcError::from(failure).into()
    }
}

impl From<gatehouse_auth::AuthFailure> for Failure {
    fn from(failure: gatehouse_auth::AuthFailure) -> Self {
        IpcError::from(failure).into()
    }
}

impl From<gatehouse_provision::ProvisionError> for Failure {
    fn from(failure: gatehouse_provision::ProvisionError) -> Self {
        IpcError::from(failure).into()
    }
}

impl Failure {
    /// Wrong or missing command-line input (exit code 2).
    pub fn usage(message: &str, fix: &str) -> Self {
        Self {
            message: message.to_string(),
            fix: Some(fix.to_string()),
            code: 2,
        }
    }
}
