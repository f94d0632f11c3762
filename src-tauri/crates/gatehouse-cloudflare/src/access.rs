//! Cloudflare Access: the Zero Trust organization, login methods and reusable policies.

use reqwest::Method;
use serde_json::{json, Value};

use crate::client::Body;
use crate::operations::{
    ADD_IDENTITY_PROVIDER, CREATE_POLICY, DELETE_POLICY, GET_ORGANIZATION, GET_POLICY,
    LIST_IDENTITY_PROVIDERS, LIST_POLICIES,
};
use crate::paging::Paging;
use crate::{AccessPolicy, CloudflareApi, IdentityProvider, NewPolicy, Organization, Result};

impl CloudflareApi {
    /// The account's Zero Trust organization; an account without one answers `NotFound`.
    pub async fn zero_trust_organization(&self, account_id: &str) -> Result<Organization> {
        let segments = ["accounts", account_id, "access", "organizations"];
        self.get(&GET_ORGANIZATION, &segments).await
    }

    /// Every login method of the account (Cloudflare pages by 50).
    pub async fn list_identity_providers(&self, account_id: &str) -> Result<Vec<IdentityProvider>> {
        let segments = ["accounts", account_id, "access", "identity_providers"];
        self.all_pages(&LIST_IDENTITY_PROVIDERS, &segments, Paging::PageAfterFirst)
            .await
    }

    /// Adds Cloudflare's one-time PIN login: a code sent by email, no other setup needed.
    pub async fn create_one_time_pin(
        &self,
        account_id: &str,
        name: &str,
    ) -> Result<IdentityProvider> {
        let segments = ["accounts", account_id, "access", "identity_providers"];
        let body = Body::Json(json!({ "name": name, "type": "onetimepin", "config": {} }));
        let answer = self
            .call(&ADD_IDENTITY_PROVIDER, Method::POST, &segments, &[], body)
            .await?;
        Ok(answer.result)
    }

    /// Every reusable policy of the account (Cloudflare pages by 100).
    pub async fn list_policies(&self, account_id: &str) -> Result<Vec<AccessPolicy>> {
        let segments = ["accounts", account_id, "access", "policies"];
        self.all_pages(&LIST_POLICIES, &segments, Paging::PageAfterFirst)
            .await
    }

    /// The reusable policy, or `None` when it no longer exists.
    pub async fn get_policy(
        &self,
        account_id: &str,
        policy_id: &str,
    ) -> Result<Option<AccessPolicy>> {
        let segments = ["accounts", account_id, "access", "policies", policy_id];
        self.get_if_exists(&GET_POLICY, &segments).await
    }

    /// Creates a reusable policy that allows whoever its `include` rules name.
    pub async fn create_policy(
        &self,
        account_id: &str,
        policy: &NewPolicy,
    ) -> Result<AccessPolicy> {
        let segments = ["accounts", account_id, "access", "policies"];
        let answer = self
            .call(
                &CREATE_POLICY,
                Method::POST,
                &segments,
                &[],
                Body::Json(policy_body(policy)),
            )
            .await?;
        Ok(answer.result)
    }

    /// Deletes a reusable policy. One still used by an application is refused: delete the
    /// application first.
    pub async fn delete_policy(&self, account_id: &str, policy_id: &str) -> Result<()> {
        let segments = ["accounts", account_id, "access", "policies", policy_id];
        self.call::<Value>(&DELETE_POLICY, Method::DELETE, &segments, &[], Body::None)
            .await?;
        Ok(())
    }
}

fn policy_body(policy: &NewPolicy) -> Value {
    let mut body = json!({
        "name": policy.name,
        "decision": "allow",
        "include": policy.include,
    });
    if let Some(duration) = &policy.session_duration {
        body["session_duration"] = Value::String(duration.clone());
    }
    body
}

#[cfg(test)]
mod tests {
    use super::policy_body;
    use crate::{AccessRule, NewPolicy};
    use serde_json::json;

    #[test]
    fn a_policy_allows_its_rules() {
        let mut policy = NewPolicy {
            name: "team".into(),
            include: vec![AccessRule::email("a@b.c"), AccessRule::email_domain("d.e")],
            session_duration: None,
        };
        assert_eq!(
            policy_body(&policy),
            json!({"name": "team", "decision": "allow",
                   "include": [{"email": {"email": "a@b.c"}}, {"email_domain": {"domain": "d.e"}}]})
        );
        policy.session_duration = Some("24h".into());
        assert_eq!(policy_body(&policy)["session_duration"], "24h");
    }
}
