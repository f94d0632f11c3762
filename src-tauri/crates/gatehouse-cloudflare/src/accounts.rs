//! The token and the accounts it can use.

use crate::operations::{LIST_ACCOUNTS, VERIFY_ACCOUNT_TOKEN, VERIFY_TOKEN};
use crate::paging::Paging;
use crate::{Account, CloudflareApi, CloudflareError, Result, TokenStatus};

/// `per_page` allows 5 to 50.
const ACCOUNTS_PER_PAGE: u32 = 50;

impl CloudflareApi {
    /// The token's status, whatever it is: `active`, `disabled` or `expired`.
    pub async fn token_status(&self) -> Result<TokenStatus> {
        let segments = ["user", "tokens", "verify"];
        self.get(&VERIFY_TOKEN, &segments).await
    }

    /// The status of an account-owned token, which the user endpoint does not know (it answers
    /// such a token with code 1000, "Invalid API Token").
    pub async fn account_token_status(&self, account_id: &str) -> Result<TokenStatus> {
        let segments = ["accounts", account_id, "tokens", "verify"];
        self.get(&VERIFY_ACCOUNT_TOKEN, &segments).await
    }

    /// Checks that the token is valid and active: a disabled or expired one is
    /// `CloudflareError::InvalidToken`, like an unknown one.
    pub async fn verify_token(&self) -> Result<TokenStatus> {
        let status = self.token_status().await?;
        if status.status == "active" {
            Ok(status)
        } else {
            tracing::debug!("the API token is {}", status.status);
            Err(CloudflareError::InvalidToken)
        }
    }

    /// Every account the token may use.
    pub async fn list_accounts(&self) -> Result<Vec<Account>> {
        self.all_pages(
            &LIST_ACCOUNTS,
            &["accounts"],
            Paging::PerPage(ACCOUNTS_PER_PAGE),
        )
        .await
    }
}
