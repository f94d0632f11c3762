//! The 26 operations of the contract (`contract/cloudflare/cloudflare-setup-subset.openapi.json`):
//! each one's operationId, the API token permission groups (`x-api-token-group`) that allow it,
//! and what it does in words for error messages.

/// One API operation of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The contract's `operationId`.
    pub id: &'static str,
    /// Any one of these permission groups is enough. Write comes first: setup needs it anyway.
    pub permissions: &'static [&'static str],
    /// What the call does, completing "… to {action}".
    pub action: &'static str,
}

const ORG_READ: &[&str] = &[
    "Access: Organizations, Identity Providers, and Groups Write",
    "Access: Organizations, Identity Providers, and Groups Read",
    "Access: Organizations, Identity Providers, and Groups Revoke",
];
const IDP_READ: &[&str] = &[
    "Access: Organizations, Identity Providers, and Groups Write",
    "Access: Organizations, Identity Providers, and Groups Read",
];
const IDP_WRITE: &[&str] = &["Access: Organizations, Identity Providers, and Groups Write"];
const APPS_READ: &[&str] = &[
    "Access: Apps and Policies Write",
    "Access: Apps and Policies Read",
];
const APPS_LIST: &[&str] = &[
    "Access: Apps and Policies Write",
    "Access: Apps and Policies Read",
    "Access: Apps and Policies Revoke",
];
const APPS_WRITE: &[&str] = &["Access: Apps and Policies Write"];
const KV_READ: &[&str] = &["Workers KV Storage Write", "Workers KV Storage Read"];
const KV_WRITE: &[&str] = &["Workers KV Storage Write"];
const SCRIPTS_READ: &[&str] = &["Workers Scripts Write", "Workers Scripts Read"];
/// The script read operations added in 2026 also allow the Workers Tail group.
const SCRIPT_DETAILS_READ: &[&str] = &[
    "Workers Scripts Write",
    "Workers Scripts Read",
    "Workers Tail Read",
];
const SCRIPTS_WRITE: &[&str] = &["Workers Scripts Write"];

/// Any valid token may verify itself.
pub const VERIFY_TOKEN: Operation = Operation {
    id: "user-api-tokens-verify-token",
    permissions: &[],
    action: "check the API token",
};
/// An account-owned token verifies itself here (the user endpoint answers it with code 1000).
pub const VERIFY_ACCOUNT_TOKEN: Operation = Operation {
    id: "account-api-tokens-verify-token",
    permissions: &[],
    action: "check the account API token",
};
/// Any valid token may list the accounts it can use.
pub const LIST_ACCOUNTS: Operation = Operation {
    id: "accounts-list-accounts",
    permissions: &[],
    action: "list the accounts",
};
pub const GET_ORGANIZATION: Operation = Operation {
    id: "zero-trust-organization-get-your-zero-trust-organization",
    permissions: ORG_READ,
    action: "read the Zero Trust organization",
};
pub const LIST_IDENTITY_PROVIDERS: Operation = Operation {
    id: "access-identity-providers-list-access-identity-providers",
    permissions: IDP_READ,
    action: "list the Access login methods",
};
pub const ADD_IDENTITY_PROVIDER: Operation = Operation {
    id: "access-identity-providers-add-an-access-identity-provider",
    permissions: IDP_WRITE,
    action: "add an Access login method",
};
pub const LIST_POLICIES: Operation = Operation {
    id: "access-policies-list-access-reusable-policies",
    permissions: APPS_READ,
    action: "list the Access policies",
};
pub const CREATE_POLICY: Operation = Operation {
    id: "access-policies-create-an-access-reusable-policy",
    permissions: APPS_WRITE,
    action: "create an Access policy",
};
pub const DELETE_POLICY: Operation = Operation {
    id: "access-policies-delete-an-access-reusable-policy",
    permissions: APPS_WRITE,
    action: "delete an Access policy",
};
pub const GET_POLICY: Operation = Operation {
    id: "access-policies-get-an-access-reusable-policy",
    permissions: APPS_READ,
    action: "read an Access policy",
};
pub const LIST_APPS: Operation = Operation {
    id: "access-applications-list-access-applications",
    permissions: APPS_LIST,
    action: "list the Access applications",
};
pub const ADD_APP: Operation = Operation {
    id: "access-applications-add-an-application",
    permissions: APPS_WRITE,
    action: "create the Access for SaaS application",
};
pub const GET_APP: Operation = Operation {
    id: "access-applications-get-an-access-application",
    permissions: APPS_READ,
    action: "read the Access application",
};
/// The contract names no group; Cloudflare (and the local stand-in) want the siblings' one.
pub const DELETE_APP: Operation = Operation {
    id: "access-applications-delete-an-access-application",
    permissions: APPS_WRITE,
    action: "delete the Access application",
};
pub const CREATE_KV_NAMESPACE: Operation = Operation {
    id: "workers-kv-namespace-create-a-namespace",
    permissions: KV_WRITE,
    action: "create a KV namespace",
};
pub const LIST_KV_NAMESPACES: Operation = Operation {
    id: "workers-kv-namespace-list-namespaces",
    permissions: KV_READ,
    action: "list the KV namespaces",
};
pub const GET_KV_NAMESPACE: Operation = Operation {
    id: "workers-kv-namespace-get-a-namespace",
    permissions: KV_READ,
    action: "read a KV namespace",
};
pub const DELETE_KV_NAMESPACE: Operation = Operation {
    id: "workers-kv-namespace-remove-a-namespace",
    permissions: KV_WRITE,
    action: "delete a KV namespace",
};
pub const UPLOAD_WORKER: Operation = Operation {
    id: "worker-script-upload-worker-module",
    permissions: SCRIPTS_WRITE,
    action: "upload the Worker",
};
/// The contract names no group; Cloudflare (and the local stand-in) want the siblings' one.
pub const DELETE_WORKER: Operation = Operation {
    id: "worker-script-delete-worker",
    permissions: SCRIPTS_WRITE,
    action: "delete the Worker",
};
pub const PUT_SECRET: Operation = Operation {
    id: "worker-put-script-secret",
    permissions: SCRIPTS_WRITE,
    action: "set a Worker secret",
};
pub const LIST_SECRETS: Operation = Operation {
    id: "worker-list-script-secrets",
    permissions: SCRIPT_DETAILS_READ,
    action: "list the Worker's secrets",
};
pub const GET_SCRIPT_SETTINGS: Operation = Operation {
    id: "worker-script-get-settings",
    permissions: SCRIPT_DETAILS_READ,
    action: "read the Worker's settings",
};
pub const GET_SUBDOMAIN: Operation = Operation {
    id: "worker-subdomain-get-subdomain",
    permissions: SCRIPTS_READ,
    action: "read the account's workers.dev subdomain",
};
pub const ENABLE_SCRIPT_SUBDOMAIN: Operation = Operation {
    id: "worker-script-post-subdomain",
    permissions: SCRIPTS_WRITE,
    action: "turn on the Worker's workers.dev address",
};
pub const GET_SCRIPT_SUBDOMAIN: Operation = Operation {
    id: "worker-script-get-subdomain",
    permissions: SCRIPT_DETAILS_READ,
    action: "read whether the Worker's workers.dev address is on",
};

/// All of them: the setup operations (ENDPOINTS.md rows 1–18), then the reads (rows 19–26).
pub const ALL: [Operation; 26] = [
    VERIFY_TOKEN,
    LIST_ACCOUNTS,
    GET_ORGANIZATION,
    LIST_IDENTITY_PROVIDERS,
    ADD_IDENTITY_PROVIDER,
    LIST_POLICIES,
    CREATE_POLICY,
    DELETE_POLICY,
    ADD_APP,
    GET_APP,
    DELETE_APP,
    CREATE_KV_NAMESPACE,
    DELETE_KV_NAMESPACE,
    UPLOAD_WORKER,
    DELETE_WORKER,
    PUT_SECRET,
    GET_SUBDOMAIN,
    ENABLE_SCRIPT_SUBDOMAIN,
    VERIFY_ACCOUNT_TOKEN,
    GET_POLICY,
    LIST_SECRETS,
    GET_KV_NAMESPACE,
    GET_SCRIPT_SUBDOMAIN,
    GET_SCRIPT_SETTINGS,
    LIST_KV_NAMESPACES,
    LIST_APPS,
];

/// The operation with this operationId.
pub fn by_id(id: &str) -> Option<&'static Operation> {
    ALL.iter().find(|op| op.id == id)
}

/// What the operation with this id does, for messages; the id itself if it is not one of ours.
pub(crate) fn action(id: &str) -> &str {
    by_id(id).map_or(id, |op| op.action)
}

#[cfg(test)]
mod tests {
    use super::{by_id, ALL};
    use serde_json::Value;

    /// The ids and permission groups match the contract: the repository's copy, which the stand-in reads too.
    #[test]
    fn operations_match_the_contract() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../contract/cloudflare/cloudflare-setup-subset.openapi.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("the contract at {}: {e}", path.display()));
        let contract: Value = serde_json::from_str(&text).expect("the contract is JSON");
        let mut found = 0;
        let paths = contract["paths"].as_object().expect("paths");
        for op in paths
            .values()
            .flat_map(|m| m.as_object().into_iter().flat_map(|m| m.values()))
        {
            let Some(id) = op["operationId"].as_str() else {
                continue;
            };
            let ours = by_id(id).unwrap_or_else(|| panic!("{id} is missing"));
            found += 1;
            let mut theirs: Vec<&str> = op["x-api-token-group"]
                .as_array()
                .map(|g| g.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if theirs.is_empty() {
                continue;
            }
            let mut mine = ours.permissions.to_vec();
            theirs.sort_unstable();
            mine.sort_unstable();
            assert_eq!(mine, theirs, "{id}");
        }
        assert_eq!(found, ALL.len());
    }
}
