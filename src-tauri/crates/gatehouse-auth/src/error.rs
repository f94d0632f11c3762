use gatehouse_ipc::{ErrorCode, IpcError};
use rmcp::transport::auth::AuthError;

pub type Result<T, E = AuthFailure> = std::result::Result<T, E>;

/// Why a login, logout or keychain operation failed. Messages never carry a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthFailure {
    #[error("the OS keychain is unavailable: {0}")]
    KeychainUnavailable(String),
    #[error("the link is not a Gatehouse login link: {0}")]
    MalformedLink(String),
    #[error(
        "no login is waiting for this link (it was already used, expired, or never started here)"
    )]
    UnknownState,
    #[error("the authorization server refused the login: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        error: String,
        description: Option<String>,
    },
    #[error(
        "the link came from a different authorization server than the one the login started with"
    )]
    IssuerMismatch,
    #[error("the server does not support OAuth login: {0}")]
    NoAuthorization(String),
    #[error("could not register Gatehouse with the authorization server: {0}")]
    Registration(String),
    #[error("exchanging the authorization code failed: {0}")]
    TokenExchange(String),
    #[error("could not reach the authorization server: {0}")]
    Network(String),
    #[error("the server's login address cannot be opened safely: {0}")]
    UnsafeLoginAddress(String),
    #[error("the login was not finished in the browser within {0} minutes")]
    LoginTimedOut(u64),
    #[error("{0}")]
    Other(String),
}

impl AuthFailure {
    /// Classifies rmcp's error without copying anything secret into the message.
    pub fn from_rmcp(error: AuthError) -> Self {
        match error {
            AuthError::AuthorizationServerMismatch { .. }
            | AuthError::AuthorizationServerMissingIssuer { .. } => Self::IssuerMismatch,
            AuthError::RegistrationFailed(msg) => Self::Registration(plain_or_described(msg)),
            AuthError::TokenExchangeFailed(msg) => Self::TokenExchange(plain_or_described(msg)),
            AuthError::NoAuthorizationSupport => {
                Self::NoAuthorization("it publishes no authorization metadata".into())
            }
            AuthError::PkceUnsupported => Self::NoAuthorization(
                "its authorization server does not support PKCE (S256)".into(),
            ),
            AuthError::HttpError(e) => Self::Network(without_url_query(&e)),
            AuthError::DiscoveryRequestFailed { url, .. } => {
                Self::Network(format!("discovery at {url} failed"))
            }
            AuthError::CredentialStoreError(msg) => Self::KeychainUnavailable(msg),
            AuthError::InternalError(msg) if msg.contains("state not found") => Self::UnknownState,
            other => {
                let text = other.to_string();
                let text = text.strip_prefix("OAuth ").unwrap_or(&text);
                Self::Other(match crate::plain_words::check_plain(text) {
                    Ok(()) => text.to_string(),
                    Err(_) => "the login could not be completed".into(),
                })
            }
        }
    }
}

/// The text when it is in plain words (an authorization server's own answer usually is), else
/// what it says about the connection, in plain words.
fn plain_or_described(text: String) -> String {
    match crate::plain_words::check_plain(&text) {
        Ok(()) => text,
        Err(_) => crate::Unreachable::from_text(&text, None).to_string(),
    }
}

fn without_url_query(error: &reqwest::Error) -> String {
    // reqwest includes the URL in its message; a token endpoint URL has no secrets, but a
    // callback might, so say only what failed and where, in plain words.
    let what = crate::Unreachable::from_error(error, error.url());
    match error.url() {
        Some(url) => format!(
            "{what} ({}://{}{})",
            url.scheme(),
            url.host_str().unwrap_or_default(),
            url.path()
        ),
        None => what.to_string(),
    }
}

impl From<AuthFailure> for IpcError {
    fn from(failure: AuthFailure) -> Self {
        let message = failure.to_string();
        match failure {
            AuthFailure::KeychainUnavailable(_) => IpcError::new(ErrorCode::KeychainUnavailable, message).with_fix(
                "Unlock your system keychain (Keychain on macOS, Credential Manager on Windows, GNOME Keyring or KWallet on Linux) and try again. Gatehouse never stores secrets anywhere else.",
            ),
            AuthFailure::MalformedLink(_) | AuthFailure::UnknownState | AuthFailure::IssuerMismatch => {
                IpcError::new(ErrorCode::InvalidLink, message)
                    .with_fix("Nothing was changed. Start the login again from Gatehouse.")
            }
            AuthFailure::Refused { .. } => IpcError::new(ErrorCode::LoginFailed, message).with_fix(
                "Check that your account is allowed to use this server, then log in again.",
            ),
            AuthFailure::NoAuthorization(_) => IpcError::new(ErrorCode::LoginFailed, message)
                .with_fix("Check the server URL; if the server uses an API key, add it as a header instead."),
            AuthFailure::Registration(_) => IpcError::new(ErrorCode::LoginFailed, message).with_fix(
                "If the server's administrator gave you a client ID, enter it in the server's settings.",
            ),
            AuthFailure::TokenExchange(_) => IpcError::new(ErrorCode::LoginFailed, message)
                .with_fix("Log in again; if it keeps failing, the server's login is misconfigured."),
            AuthFailure::UnsafeLoginAddress(_) => IpcError::new(ErrorCode::LoginFailed, message).with_fix(
                "Gatehouse opens only https login pages (plain http only on this computer). The server names another kind of address for its login: tell its administrator. Nothing was opened.",
            ),
            AuthFailure::LoginTimedOut(_) => IpcError::new(ErrorCode::LoginFailed, message).with_fix(
                "If the browser showed a page saying your account does not have access, your organisation's Access policy does not let this account in: log in with an account it allows, or ask whoever manages this server (your Cloudflare Zero Trust administrator) to add you. Then log in again.",
            ),
            AuthFailure::Network(_) => IpcError::new(ErrorCode::Network, message)
                .with_fix("Check your connection and the server URL, then try again."),
            AuthFailure::Other(_) => IpcError::new(ErrorCode::LoginFailed, message),
        }
    }
}

/// One failure of every kind, worded as they are in practice: the tests of this crate and of
/// the crates above it check that what the window shows is in plain words.
#[doc(hidden)]
pub fn every_failure_for_tests() -> Vec<AuthFailure> {
    vec![
        AuthFailure::KeychainUnavailable("the keyring is locked".into()),
        AuthFailure::MalformedLink("it has no state".into()),
        AuthFailure::UnknownState,
        AuthFailure::Refused {
            error: "access_denied".into(),
            description: Some("the user said no".into()),
        },
        AuthFailure::IssuerMismatch,
        AuthFailure::NoAuthorization("it publishes no authorization metadata".into()),
        AuthFailure::Registration("the server refused dynamic registration".into()),
        AuthFailure::TokenExchange("invalid_grant".into()),
        AuthFailure::Network("the connection to auth.example.com:443 was refused: nothing is listening there (https://auth.example.com/token)".into()),
        AuthFailure::UnsafeLoginAddress("“javascript:” links".into()),
        AuthFailure::LoginTimedOut(5),
        AuthFailure::from_rmcp(AuthError::InternalError(
            "rmcp::x::Y<Z> went wrong".into(),
        )),
        AuthFailure::from_rmcp(AuthError::TokenExpired),
        AuthFailure::from_rmcp(AuthError::RegistrationFailed(
            "HTTP error: error sending request for url (https://a.example/register): client error (Connect): tcp connect error: Connection refused (os error 111)".into(),
        )),
        AuthFailure::from_rmcp(AuthError::TokenExchangeFailed(
            "Server returned error response: invalid_grant".into(),
        )),
    ]
}

#[cfg(test)]
mod wording_tests {
    use super::*;
    use crate::plain_words::assert_plain;

    #[test]
    fn every_login_failure_is_in_plain_words() {
        for failure in every_failure_for_tests() {
            let shown = IpcError::from(failure);
            assert_plain(&shown.message);
            if let Some(fix) = &shown.fix {
                assert_plain(fix);
            }
        }
    }
}
