//! Workers KV namespaces.

use reqwest::Method;
use serde_json::{json, Value};

use crate::client::Body;
use crate::operations::{CREATE_KV_NAMESPACE, DELETE_KV_NAMESPACE};
use crate::{CloudflareApi, KvNamespace, Result};

impl CloudflareApi {
    /// A title the account already uses is `Rejected` with code 10014.
    pub async fn create_kv_namespace(&self, account_id: &str, title: &str) -> Result<KvNamespace> {
        let segments = ["accounts", account_id, "storage", "kv", "namespaces"];
        let body = Body::Json(json!({ "title": title }));
        let answer = self
            .call(&CREATE_KV_NAMESPACE, Method::POST, &segments, &[], body)
            .await?;
        Ok(answer.result)
    }

    /// Deletes the namespace and its data. An unknown id is `NotFound`.
    pub async fn delete_kv_namespace(&self, account_id: &str, namespace_id: &str) -> Result<()> {
        let segments = [
            "accounts",
            account_id,
            "storage",
            "kv",
            "namespaces",
            namespace_id,
        ];
        // The contract declares a required JSON body without a schema, a codegen quirk:
        // Cloudflare accepts the DELETE without one.
        self.call::<Value>(
            &DELETE_KV_NAMESPACE,
            Method::DELETE,
            &segments,
            &[],
            Body::None,
        )
        .await?;
        Ok(())
    }
}
