//! Access for SaaS applications (OIDC): the app an MCP client logs in through.

use gatehouse_auth::Sensitive;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::client::Body;
use crate::operations::{ADD_APP, DELETE_APP, GET_APP, LIST_APPS};
use crate::paging::Paging;
use crate::{CloudflareApi, CloudflareError, NewSaasApp, Result, SaasApp};

/// The fields of `access_saas_props` Gatehouse reads.
#[derive(Deserialize)]
struct AppAnswer {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    aud: Option<String>,
    saas_app: Option<SaasAnswer>,
    #[serde(default)]
    policies: Vec<PolicyLink>,
}

/// An application's policy, as the application lists it.
#[derive(Deserialize)]
struct PolicyLink {
    id: String,
}

#[derive(Deserialize)]
struct SaasAnswer {
    client_id: Option<String>,
    client_secret: Option<String>,
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    grant_types: Vec<String>,
}

impl AppAnswer {
    /// Only an OIDC SaaS application has a client id; anything else is not ours.
    fn into_app(self, operation: &'static str) -> Result<SaasApp> {
        let client_id = self.saas_app.as_ref().and_then(|s| s.client_id.clone());
        let (Some(saas), Some(client_id)) = (self.saas_app, client_id) else {
            return Err(CloudflareError::UnexpectedResponse {
                operation,
                message: "the application is not an OIDC SaaS application (it has no client_id)"
                    .into(),
            });
        };
        Ok(SaasApp {
            id: self.id,
            name: self.name,
            aud: self.aud,
            client_id,
            client_secret: saas.client_secret.map(Sensitive::new),
            redirect_uris: saas.redirect_uris,
            grant_types: saas.grant_types,
            policy_ids: self.policies.into_iter().map(|p| p.id).collect(),
        })
    }
}

impl CloudflareApi {
    /// Creates an Access for SaaS application with OIDC. Its client secret is in this answer
    /// only: keep it now.
    pub async fn create_saas_app(&self, account_id: &str, app: &NewSaasApp) -> Result<SaasApp> {
        let segments = ["accounts", account_id, "access", "apps"];
        let answer: AppAnswer = self
            .call(
                &ADD_APP,
                Method::POST,
                &segments,
                &[],
                Body::Json(app_body(app)),
            )
            .await?
            .result;
        answer.into_app(ADD_APP.id)
    }

    /// The application (without its client secret), or `None` when it no longer exists.
    pub async fn get_app(&self, account_id: &str, app_id: &str) -> Result<Option<SaasApp>> {
        let segments = ["accounts", account_id, "access", "apps", app_id];
        self.get_if_exists::<AppAnswer>(&GET_APP, &segments)
            .await?
            .map(|app| app.into_app(GET_APP.id))
            .transpose()
    }

    /// The OIDC SaaS applications named exactly `name` (other kinds of application are left
    /// out). None of them carries its client secret.
    pub async fn list_saas_apps_named(&self, account_id: &str, name: &str) -> Result<Vec<SaasApp>> {
        let segments = ["accounts", account_id, "access", "apps"];
        let filter = [("name", name.to_owned()), ("exact", "true".to_owned())];
        let apps: Vec<AppAnswer> = self
            .all_pages_matching(&LIST_APPS, &segments, &filter, Paging::PageAfterFirst)
            .await?;
        Ok(apps
            .into_iter()
            .filter(|a| a.name == name)
            .filter_map(|a| a.into_app(LIST_APPS.id).ok())
            .collect())
    }

    /// Deletes the application. One that no longer exists is `NotFound`: the caller decides
    /// whether that is fine.
    pub async fn delete_app(&self, account_id: &str, app_id: &str) -> Result<()> {
        let segments = ["accounts", account_id, "access", "apps", app_id];
        self.call::<Value>(&DELETE_APP, Method::DELETE, &segments, &[], Body::None)
            .await?;
        Ok(())
    }
}

/// The scopes a Gatehouse application allows: exactly what the Worker asks Access for (its whoami
/// shows the user's groups).
pub const SAAS_APP_SCOPES: [&str; 4] = ["openid", "email", "profile", "groups"];

/// The SaaS variant of `access_app_request`, hidden from the App Launcher. PKCE is required
/// (`authorization_code_with_pkce`): the Worker always sends an S256 challenge, and Access enforces
/// PKCE only for apps that say so.
fn app_body(app: &NewSaasApp) -> Value {
    let mut grant_types = vec!["authorization_code_with_pkce"];
    if app.refresh_tokens {
        grant_types.push("refresh_tokens");
    }
    let mut saas = json!({
        "auth_type": "oidc",
        "redirect_uris": app.redirect_uris,
        "grant_types": grant_types,
        "scopes": SAAS_APP_SCOPES,
    });
    if app.refresh_tokens {
        saas["refresh_token_options"] = json!({ "lifetime": "30d" });
    }
    let policies: Vec<Value> = app
        .policy_ids
        .iter()
        .zip(1u32..)
        .map(|(id, precedence)| json!({ "id": id, "precedence": precedence }))
        .collect();
    json!({
        "name": app.name,
        "type": "saas",
        "app_launcher_visible": false,
        "allowed_idps": app.allowed_idps,
        "policies": policies,
        "saas_app": saas,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(refresh_tokens: bool) -> NewSaasApp {
        NewSaasApp {
            name: "MCP".into(),
            redirect_uris: vec!["https://mcp.example.workers.dev/callback".into()],
            refresh_tokens,
            policy_ids: vec!["p1".into(), "p2".into()],
            allowed_idps: vec!["idp".into()],
        }
    }

    #[test]
    fn the_request_is_an_oidc_saas_app() {
        assert_eq!(
            app_body(&app(true)),
            json!({
                "name": "MCP",
                "type": "saas",
                "app_launcher_visible": false,
                "allowed_idps": ["idp"],
                "policies": [{"id": "p1", "precedence": 1}, {"id": "p2", "precedence": 2}],
                "saas_app": {
                    "auth_type": "oidc",
                    "redirect_uris": ["https://mcp.example.workers.dev/callback"],
                    "grant_types": ["authorization_code_with_pkce", "refresh_tokens"],
                    "scopes": ["openid", "email", "profile", "groups"],
                    "refresh_token_options": {"lifetime": "30d"},
                },
            })
        );
        let without = app_body(&app(false));
        assert_eq!(
            without["saas_app"]["grant_types"],
            json!(["authorization_code_with_pkce"])
        );
        assert!(without["saas_app"].get("refresh_token_options").is_none());
    }

    #[test]
    fn the_answer_keeps_the_secret_hidden() {
        let answer: AppAnswer = serde_json::from_value(json!({
            "id": "app", "aud": "aud1", "type": "saas",
            "saas_app": {"client_id": "cid", "client_secret": "s3cret-value", "redirect_uris": ["u"],
                         "grant_types": ["authorization_code"]},
            "policies": [{"id": "p1", "precedence": 1}],
        }))
        .expect("answer");
        let app = answer.into_app(ADD_APP.id).expect("app");
        assert_eq!(app.client_id, "cid");
        assert_eq!(app.grant_types, vec!["authorization_code"]);
        assert_eq!(app.policy_ids, vec!["p1"]);
        assert_eq!(
            app.client_secret.as_ref().map(|s| s.expose().as_str()),
            Some("s3cret-value")
        );
        assert!(!format!("{app:?}").contains("s3cret-value"));
        let not_saas: AppAnswer =
            serde_json::from_value(json!({"id": "x", "type": "self_hosted"})).expect("answer");
        assert!(matches!(
            not_saas.into_app(GET_APP.id),
            Err(CloudflareError::UnexpectedResponse { .. })
        ));
    }
}
