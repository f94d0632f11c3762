//! Workers KV namespaces.

use reqwest::Method;
use serde_json::{json, Value};

use crate::client::Body;
use crate::operations::{
    CREATE_KV_NAMESPACE, DELETE_KV_NAMESPACE, GET_KV_NAMESPACE, LIST_KV_NAMESPACES,
};
use crate::paging::Paging;
use crate::{CloudflareApi, KvNamespace, Result};

/// `per_page` allows 1 to 1000.
const NAMESPACES_PER_PAGE: u32 = 1000;

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

    /// The namespace, or `None` when it no longer exists.
    pub async fn get_kv_namespace(
        &self,
        account_id: &str,
        namespace_id: &str,
    ) -> Result<Option<KvNamespace>> {
        let segments = [
            "accounts",
            account_id,
            "storage",
            "kv",
            "namespaces",
            namespace_id,
        ];
        self.get_if_exists(&GET_KV_NAMESPACE, &segments).await
    }

    /// Every namespace of the account. The API has no title filter; titles are unique per
    /// account, so the caller matches on `title`.
    pub async fn list_kv_namespaces(&self, account_id: &str) -> Result<Vec<KvNamespace>> {
        let segments = ["accounts", account_id, "storage", "kv", "namespaces"];
        self.all_pages(
            &LIST_KV_NAMESPACES,
            &segments,
            Paging::PerPage(NAMESPACES_PER_PAGE),
        )
        .await
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
