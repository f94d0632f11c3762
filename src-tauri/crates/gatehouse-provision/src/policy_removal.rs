//! Removing a reusable policy setup made. Cloudflare refuses to delete a policy an application
//! still uses, and deleting an application only queues it (202), so the policy may look in use
//! for a moment after its application went. A policy is forgotten only when it is gone, or
//! provably kept by someone else's application (ours is gone and it stays in use).

use gatehouse_cloudflare::{CloudflareApi, CloudflareError, RetryPolicy};

use crate::Result;

pub(crate) enum PolicyRemoval {
    /// Deleted now, or already gone.
    Removed,
    /// Another application uses it: not ours to break.
    UsedElsewhere,
}

/// Deletes the policy, waiting while it is in use. `our_app`: the application of the deployment
/// that used it, deleted just before (if any); while it still exists the policy is not someone
/// else's. Any other refusal is an error, and the caller keeps the policy recorded so that a
/// later run retries.
pub(crate) async fn remove_policy(
    api: &CloudflareApi,
    account: &str,
    policy_id: &str,
    our_app: Option<&str>,
    retry: &RetryPolicy,
) -> Result<PolicyRemoval> {
    let attempts = retry.max_attempts.max(2);
    let mut attempt = 0;
    // A refusal with nobody using the policy by the time it is listed may be the queued
    // application delete completing in between: worth one more try, not more.
    let mut tried_unused = false;
    loop {
        attempt += 1;
        let refused = match api.delete_policy(account, policy_id).await {
            Ok(()) | Err(CloudflareError::NotFound { .. }) => return Ok(PolicyRemoval::Removed),
            Err(e @ CloudflareError::Rejected { .. }) => e,
            Err(e) => return Err(e.into()),
        };
        let policies = api.list_policies(account).await?;
        let Some(policy) = policies.iter().find(|p| p.id == policy_id) else {
            return Ok(PolicyRemoval::Removed);
        };
        if policy.app_count.unwrap_or(0) == 0 {
            if tried_unused {
                // Refused for another reason than use: keep it recorded, say why.
                return Err(refused.into());
            }
            tried_unused = true;
            continue;
        }
        if attempt >= attempts {
            let ours_remains = match our_app {
                Some(app_id) => api.get_app(account, app_id).await?.is_some(),
                None => false,
            };
            return if ours_remains {
                Err(refused.into())
            } else {
                Ok(PolicyRemoval::UsedElsewhere)
            };
        }
        tokio::time::sleep(retry.delay(attempt, None)).await;
    }
}
