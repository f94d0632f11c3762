//! The two kinds of Cloudflare API token. A user-owned token verifies at `/user/tokens/verify`; an
//! account-owned one (made under an account's "API Tokens") is refused there with code 1000 and
//! verifies at `/accounts/{account_id}/tokens/verify` instead, as wrangler checks it. `GET /accounts`
//! answers both kinds with the accounts they may use, so the account is found either way.

use gatehouse_cloudflare::{CloudflareApi, CloudflareError};
use gatehouse_ipc::CloudflareTokenKind;

use crate::Result;

/// Cloudflare's "Invalid API Token": what the user endpoint answers an account-owned token.
const INVALID_API_TOKEN: i64 = 1000;

/// Whether the user endpoint refused the token as one it does not know. The code decides, not the
/// status (reported as 401 and as 403).
fn unknown_to_the_user_endpoint(e: &CloudflareError) -> bool {
    matches!(
        e,
        CloudflareError::InvalidToken
            | CloudflareError::Rejected {
                code: Some(INVALID_API_TOKEN),
                ..
            }
    )
}

/// Checks that the token is active, whichever kind it is. `account_id`, when known, is where an
/// account-owned token is verified; otherwise the first account the token may use.
pub async fn verify(api: &CloudflareApi, account_id: Option<&str>) -> Result<CloudflareTokenKind> {
    match api.verify_token().await {
        Ok(_) => return Ok(CloudflareTokenKind::User),
        Err(e) if unknown_to_the_user_endpoint(&e) => {}
        Err(e) => return Err(e.into()),
    }
    let account = match account_id {
        Some(id) => id.to_string(),
        None => match api.list_accounts().await {
            Ok(accounts) => match accounts.into_iter().next() {
                Some(first) => first.id,
                None => return Err(CloudflareError::InvalidToken.into()),
            },
            Err(e) => return Err(e.into()),
        },
    };
    let status = match api.account_token_status(&account).await {
        Ok(status) => status,
        Err(e) if unknown_to_the_user_endpoint(&e) => {
            return Err(CloudflareError::InvalidToken.into())
        }
        Err(e) => return Err(e.into()),
    };
    if status.status == "active" {
        Ok(CloudflareTokenKind::Account)
    } else {
        tracing::debug!("the account API token is {}", status.status);
        Err(CloudflareError::InvalidToken.into())
    }
}

/// The token's kind in words, for progress and the CLI.
pub fn describe(kind: CloudflareTokenKind) -> &'static str {
    match kind {
        CloudflareTokenKind::User => "user API token",
        CloudflareTokenKind::Account => "account API token",
    }
}
