//! What a Cloudflare API call can end in. The messages are plain language and never carry the
//! token: nothing here holds it.

use crate::operations::action;

pub type Result<T, E = CloudflareError> = std::result::Result<T, E>;

/// Why a call failed. `Unavailable` and `Network` may succeed when tried again later; the others
/// need a change (another token, a permission, other input) first.
#[derive(Debug, thiserror::Error)]
pub enum CloudflareError {
    /// The API base URL is not https (nor http on this computer). The text says why.
    #[error("{0}")]
    InvalidBaseUrl(String),
    /// HTTP 401, or the token verifies as disabled or expired.
    #[error("Cloudflare refused the API token: it is unknown, disabled or expired.")]
    InvalidToken,
    /// HTTP 403 with code 10000: the token lacks the permission, or may not use that account.
    #[error(
        "Cloudflare refused the API token: it lacks the permission {}, needed to {}.",
        either(permissions),
        action(operation)
    )]
    MissingPermission {
        operation: &'static str,
        /// The operation's `x-api-token-group` values; any one of them is enough.
        permissions: Vec<&'static str>,
    },
    /// HTTP 404.
    #[error(
        "Cloudflare found nothing there when asked to {}: {message}",
        action(operation)
    )]
    NotFound {
        operation: &'static str,
        message: String,
    },
    /// Any other 4xx (or a 2xx saying `success: false`), with the first error of the envelope.
    #[error(
        "Cloudflare refused to {} (HTTP {status}{}): {message}",
        action(operation),
        code.map(|c| format!(", code {c}")).unwrap_or_default()
    )]
    Rejected {
        operation: &'static str,
        status: u16,
        code: Option<i64>,
        message: String,
    },
    /// 429, 5xx or no connection on every attempt.
    #[error(
        "Cloudflare did not complete the request to {} after {attempts} attempt(s) ({}). Try again in a minute.",
        action(operation),
        status.map_or_else(|| "no connection".to_string(), |s| format!("last answer HTTP {s}"))
    )]
    Unavailable {
        operation: &'static str,
        /// The last answer's status; `None` when the last attempt got no answer.
        status: Option<u16>,
        attempts: u32,
    },
    /// A create (POST) answered 5xx: Cloudflare may have carried it out before failing, so it is
    /// not sent again; look for what it made before trying again.
    #[error(
        "Cloudflare answered HTTP {status} when asked to {}; it may or may not have done it.",
        action(operation)
    )]
    Uncertain {
        operation: &'static str,
        status: u16,
    },
    /// The request failed in a way not worth repeating at once (e.g. a timeout on a create).
    #[error("Could not reach Cloudflare to {}: {message}", action(operation))]
    Network {
        operation: &'static str,
        message: String,
    },
    /// The answer is not what the contract describes.
    #[error(
        "Cloudflare's answer when asked to {} is not what Gatehouse expects: {message}",
        action(operation)
    )]
    UnexpectedResponse {
        operation: &'static str,
        message: String,
    },
}

/// `"A"` or `"A" (or "B")`: any one of the groups is enough.
fn either(permissions: &[&str]) -> String {
    match permissions.split_first() {
        None => "needed".to_string(),
        Some((first, [])) => format!("\"{first}\""),
        Some((first, rest)) => {
            let rest: Vec<String> = rest.iter().map(|p| format!("\"{p}\"")).collect();
            format!("\"{first}\" (or {})", rest.join(" or "))
        }
    }
}

impl CloudflareError {
    /// Cloudflare's error code from the envelope, when the answer carried one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Rejected { code, .. } => *code,
            Self::MissingPermission { .. } => Some(10000),
            _ => None,
        }
    }

    /// The HTTP status of the (last) answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::InvalidToken => Some(401),
            Self::MissingPermission { .. } => Some(403),
            Self::NotFound { .. } => Some(404),
            Self::Rejected { status, .. } => Some(*status),
            Self::Unavailable { status, .. } => *status,
            Self::Uncertain { status, .. } => Some(*status),
            Self::InvalidBaseUrl(_) | Self::Network { .. } | Self::UnexpectedResponse { .. } => {
                None
            }
        }
    }

    /// The operationId of the call that failed.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Self::MissingPermission { operation, .. }
            | Self::NotFound { operation, .. }
            | Self::Rejected { operation, .. }
            | Self::Unavailable { operation, .. }
            | Self::Uncertain { operation, .. }
            | Self::Network { operation, .. }
            | Self::UnexpectedResponse { operation, .. } => Some(operation),
            Self::InvalidBaseUrl(_) | Self::InvalidToken => None,
        }
    }

    /// Whether the same call may succeed later without any change.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Unavailable { .. } | Self::Uncertain { .. } | Self::Network { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::CloudflareError;
    use crate::operations::{CREATE_KV_NAMESPACE, GET_APP};

    #[test]
    fn messages_name_the_permission_and_the_action() {
        let e = CloudflareError::MissingPermission {
            operation: CREATE_KV_NAMESPACE.id,
            permissions: CREATE_KV_NAMESPACE.permissions.to_vec(),
        };
        assert_eq!(
            e.to_string(),
            "Cloudflare refused the API token: it lacks the permission \"Workers KV Storage Write\", \
             needed to create a KV namespace."
        );
        let e = CloudflareError::MissingPermission {
            operation: GET_APP.id,
            permissions: GET_APP.permissions.to_vec(),
        };
        assert!(e.to_string().contains(
            "\"Access: Apps and Policies Write\" (or \"Access: Apps and Policies Read\")"
        ));
        assert_eq!((e.status(), e.code()), (Some(403), Some(10000)));
        let e = CloudflareError::Rejected {
            operation: CREATE_KV_NAMESPACE.id,
            status: 400,
            code: Some(10014),
            message: "title taken".into(),
        };
        assert_eq!(
            e.to_string(),
            "Cloudflare refused to create a KV namespace (HTTP 400, code 10014): title taken"
        );
        let e = CloudflareError::Unavailable {
            operation: "not-ours",
            status: None,
            attempts: 5,
        };
        assert!(e
            .to_string()
            .contains("to not-ours after 5 attempt(s) (no connection)"));
        assert!(e.is_transient());
    }
}
