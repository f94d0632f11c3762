use gatehouse_cloudflare::CloudflareError;
use gatehouse_ipc::{ErrorCode, IpcError};
use gatehouse_provision::{ProvisionError, REQUIRED_PERMISSIONS, TOKEN_PAGE_URL};

/// The exit codes by name; [`EXIT_CODES`] says what each means.
pub mod code {
    pub const OTHER: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const LOG_IN: i32 = 3;
    pub const TOOL_ERROR: i32 = 4;
    pub const UNREACHABLE: i32 = 5;
    pub const INVALID_INPUT: i32 = 6;
    pub const KEYCHAIN: i32 = 7;
    pub const LOGIN_REFUSED: i32 = 8;
    pub const CLOUDFLARE_REFUSED: i32 = 9;
    pub const CLOUDFLARE_TOKEN: i32 = 10;
    pub const AUDIT_FOUND: i32 = 11;
}

/// Every exit code and what it means: `--help` prints this list, and the README repeats it
/// (`tests/test_readme_matches_help.rs` holds the two together).
pub const EXIT_CODES: [(i32, &str); 12] = [
    (0, "success"),
    (code::OTHER, "failure not listed below"),
    (code::USAGE, "bad command-line usage"),
    (code::LOG_IN, "the MCP server needs a login (run `gatehouse-cli login URL`) or more scopes"),
    (code::TOOL_ERROR, "the tool ran and reported an error (isError)"),
    (code::UNREACHABLE, "the server or Cloudflare could not be reached, timed out, or is unavailable"),
    (code::INVALID_INPUT, "invalid input: a bad URL, or arguments that do not match the tool's schema"),
    (code::KEYCHAIN, "the OS keychain is unavailable"),
    (code::LOGIN_REFUSED, "the login was refused or failed"),
    (code::CLOUDFLARE_REFUSED, "Cloudflare refused: a missing token permission, a name already taken, or no Zero Trust organization or workers.dev subdomain yet"),
    (code::CLOUDFLARE_TOKEN, "no Cloudflare API token, or Cloudflare does not accept it (set CLOUDFLARE_API_TOKEN)"),
    (code::AUDIT_FOUND, "`setup audit` found something to fix (each finding says what and how)"),
];

/// The text after `--help`'s options: the exit codes, then where setup finds its token and API.
pub fn help_text() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in EXIT_CODES {
        text.push_str(&format!("  {code:<2} {meaning}\n"));
    }
    text.push_str(
        "\nSetup reads CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (like wrangler); without a token it uses
the one the app keeps in the keychain. GATEHOUSE_CLOUDFLARE_API, else `apiBase` in the settings
folder's cloudflare.json (as in the app), points it at another API, such as the local Cloudflare
(plain http only for loopback addresses). GATEHOUSE_CONFIG_DIR moves the settings folder.",
    );
    text
}

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
            code: code::TOOL_ERROR,
        }
    }
}

impl From<IpcError> for Failure {
    fn from(error: IpcError) -> Self {
        let code = match error.code {
            ErrorCode::AuthRequired | ErrorCode::InsufficientScope => code::LOG_IN,
            ErrorCode::Network | ErrorCode::Timeout => code::UNREACHABLE,
            ErrorCode::InvalidInput | ErrorCode::InvalidLink => code::INVALID_INPUT,
            ErrorCode::KeychainUnavailable => code::KEYCHAIN,
            ErrorCode::LoginFailed => code::LOGIN_REFUSED,
            ErrorCode::PermissionMissing | ErrorCode::Conflict | ErrorCode::NotConfigured => {
                code::CLOUDFLARE_REFUSED
            }
            ErrorCode::Unavailable => code::UNREACHABLE,
            _ => code::OTHER,
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

impl From<ProvisionError> for Failure {
    fn from(failure: ProvisionError) -> Self {
        let token_fix = match &failure {
            ProvisionError::NoToken => Some("Set CLOUDFLARE_API_TOKEN to an API token"),
            ProvisionError::Cloudflare(CloudflareError::InvalidToken) => Some(
                "Set CLOUDFLARE_API_TOKEN (or the token saved in the app) to a valid API token",
            ),
            _ => None,
        };
        let mut out: Self = IpcError::from(failure).into();
        // Not the MCP login that code 3 is about: the token itself is missing or refused.
        if let Some(fix) = token_fix {
            out.code = code::CLOUDFLARE_TOKEN;
            out.fix = Some(format!(
                "{fix}; create one at {TOKEN_PAGE_URL} with the permissions {}.",
                REQUIRED_PERMISSIONS.join(", ")
            ));
        }
        out
    }
}

impl Failure {
    /// The audit found something to fix (exit code 11); the findings were printed already.
    pub fn audit_found(failed: usize) -> Self {
        Self {
            message: format!("{failed} check(s) did not pass."),
            fix: Some("Follow each finding's fix; `gatehouse-cli setup audit --fix` makes the ones Gatehouse can make itself.".to_string()),
            code: code::AUDIT_FOUND,
        }
    }

    /// Wrong or missing command-line input (exit code 2).
    pub fn usage(message: &str, fix: &str) -> Self {
        Self {
            message: message.to_string(),
            fix: Some(fix.to_string()),
            code: code::USAGE,
        }
    }

    /// A check of `gatehouse-cli doctor` failed (exit code 1); the report above says which.
    pub fn checks_failed(failed: usize) -> Self {
        Self {
            message: format!("{failed} check(s) failed."),
            fix: Some("Follow the “what to do” under each failed check.".to_string()),
            code: code::OTHER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_refused_cloudflare_token_has_its_own_code_and_fix() {
        for failure in [
            ProvisionError::NoToken,
            ProvisionError::Cloudflare(CloudflareError::InvalidToken),
        ] {
            let failure = Failure::from(failure);
            assert_eq!(failure.exit_code(), code::CLOUDFLARE_TOKEN);
            let fix = failure.fix.unwrap_or_default();
            assert!(fix.contains("CLOUDFLARE_API_TOKEN"), "{fix}");
            assert!(fix.contains(TOKEN_PAGE_URL), "{fix}");
            assert!(!fix.contains("gatehouse-cli login"), "{fix}");
        }
    }

    #[test]
    fn every_code_in_use_is_listed_once() {
        let listed: Vec<i32> = EXIT_CODES.iter().map(|(c, _)| *c).collect();
        assert_eq!(listed, (0..=11).collect::<Vec<_>>());
        let help = help_text();
        for (code, meaning) in EXIT_CODES {
            assert!(help.contains(&format!("{code:<2} {meaning}")), "{code}");
        }
    }
}
