//! The Access application and its policy: the application exists, redirects exactly to the
//! Worker's callback, has the grant types chosen, uses our policy; the policy exists and still lets
//! in whom it was set up for (its rules are shown).

use gatehouse_cloudflare::{CloudflareApi, SaasApp};
use gatehouse_ipc::{AllowedUsers, AuditArea, AuditFinding, AuditFix};

use super::Finding;
use crate::input;
use crate::state::{AccessChoice, DeploymentState};

const APP: &str = "access.app";
const REDIRECT: &str = "access.redirect_uris";
const GRANTS: &str = "access.grant_types";
const ATTACHED: &str = "access.policy_attached";
const POLICY: &str = "access.policy";

const REPLACE_HINT: &str = "Let Gatehouse replace the Access application to match the deployment (users log in again once); or edit it back in the Zero Trust dashboard.";

fn findings() -> [Finding; 5] {
    [
        Finding::new(APP, AuditArea::Access, "Access application exists"),
        Finding::new(
            REDIRECT,
            AuditArea::Access,
            "Redirect URIs are exactly the Worker's callback",
        ),
        Finding::new(
            GRANTS,
            AuditArea::Access,
            "Grant types and refresh tokens as chosen",
        ),
        Finding::new(ATTACHED, AuditArea::Access, "Our policy is attached"),
        Finding::new(
            POLICY,
            AuditArea::Access,
            "Policy still lets in whom it was set up for",
        ),
    ]
}

pub(super) async fn check(api: &CloudflareApi, state: &DeploymentState) -> Vec<AuditFinding> {
    let [app_f, redirect_f, grants_f, attached_f, policy_f] = findings();
    let AccessChoice::Automatic {
        allowed,
        refresh_tokens,
        ..
    } = &state.access
    else {
        let why = "The Access application was made in the dashboard: Gatehouse checks it through its sign-in documents (below), not its settings.";
        return [app_f, redirect_f, grants_f, attached_f, policy_f]
            .into_iter()
            .map(|f| f.skip(why))
            .collect();
    };
    let app_id = state.access_app.as_ref().and_then(|a| a.id.clone());
    let (app, policy) = tokio::join!(
        async {
            match &app_id {
                Some(id) => api.get_app(&state.account_id, id).await.map_err(Into::into),
                None => Ok(None),
            }
        },
        async {
            match &state.policy {
                Some(p) => api
                    .get_policy(&state.account_id, &p.id)
                    .await
                    .map_err(Into::into),
                None => Ok(None),
            }
        }
    );
    let mut out = Vec::new();
    let live: Option<SaasApp> = match app {
        Ok(Some(app)) => {
            let recorded = state.access_app.as_ref().map(|a| a.client_id.as_str());
            if recorded.is_some_and(|c| c != app.client_id) {
                out.push(app_f.fail(
                    format!(
                        "The application {} has another client ID than the one the Worker uses.",
                        app.name
                    ),
                    REPLACE_HINT,
                    Some(AuditFix::ReplaceAccess),
                ));
            } else {
                out.push(app_f.pass(format!("\"{}\" (client ID {}).", app.name, app.client_id)));
            }
            Some(app)
        }
        Ok(None) => {
            out.push(app_f.fail(
                "The Access application is gone (deleted in the dashboard, or never recorded).",
                "Let Gatehouse create it again (users log in again once).",
                Some(AuditFix::ReplaceAccess),
            ));
            None
        }
        Err(e) => {
            out.push(app_f.failed_read(&e, None));
            None
        }
    };
    match &live {
        None => {
            let why = "Not checked: the application could not be read.";
            out.push(redirect_f.skip(why));
            out.push(grants_f.skip(why));
            out.push(attached_f.skip(why));
        }
        Some(app) => {
            out.push(redirect_check(redirect_f, state, app));
            out.push(grants_check(grants_f, app, *refresh_tokens));
            out.push(match &state.policy {
                Some(p) if app.policy_ids.contains(&p.id) => {
                    attached_f.pass(format!("The application uses the policy \"{}\".", p.name))
                }
                Some(p) => attached_f.fail(
                    format!("The application no longer uses the policy \"{}\", so nobody it names can log in (or others can).", p.name),
                    REPLACE_HINT,
                    Some(AuditFix::ReplaceAccess),
                ),
                None => attached_f.skip("No policy is recorded for this deployment."),
            });
        }
    }
    out.push(match (policy, &state.policy) {
        (_, None) => policy_f.skip("No policy is recorded for this deployment."),
        (Err(e), _) => policy_f.failed_read(&e, None),
        (Ok(None), Some(p)) => policy_f.fail(
            format!("The policy \"{}\" is gone (deleted in the dashboard).", p.name),
            "Let Gatehouse make the policy and the application again for the chosen users (users log in again once).",
            Some(AuditFix::ReplaceAccess),
        ),
        (Ok(Some(found)), Some(p)) => {
            let rules = input::describe_rules(&found.include);
            let facts = vec![format!("Lets in: {rules}"), format!("Decision: {}", found.decision)];
            let policy_f = policy_f.facts(facts);
            let wanted = input::rules_for(allowed);
            let own_rules = !matches!(allowed, AllowedUsers::ExistingPolicy { .. });
            if found.decision != "allow" {
                policy_f.fail(
                    format!("The policy \"{}\" now says \"{}\" instead of allow, so nobody gets in.", p.name, found.decision),
                    "Let Gatehouse make the policy again for the chosen users, or set it back to Allow in the Zero Trust dashboard.",
                    own_rules.then_some(AuditFix::ReplaceAccess),
                )
            } else if own_rules && !input::same_rules(&found.include, &wanted) {
                policy_f.fail(
                    format!(
                        "The policy \"{}\" lets in {rules} instead of {}.",
                        p.name,
                        input::describe_rules(&wanted)
                    ),
                    "Let Gatehouse make the policy again for the chosen users (users log in again once), or change the choices with a setup re-run.",
                    Some(AuditFix::ReplaceAccess),
                )
            } else {
                policy_f.pass(format!("\"{}\" lets in {rules}.", p.name))
            }
        }
    });
    out
}

fn redirect_check(f: Finding, state: &DeploymentState, app: &SaasApp) -> AuditFinding {
    let Some(worker) = &state.worker_url else {
        return f.skip("The Worker's address is not recorded yet.");
    };
    let callback = format!("{}/callback", worker.trim_end_matches('/'));
    if app.redirect_uris == [callback.clone()] {
        f.pass(format!("Only {callback}."))
    } else if app.redirect_uris.contains(&callback) {
        f.fail(
            format!(
                "Besides {callback}, the application also redirects to {}: a login could hand its code elsewhere.",
                others(&app.redirect_uris, &callback)
            ),
            REPLACE_HINT,
            Some(AuditFix::ReplaceAccess),
        )
    } else {
        f.fail(
            format!(
                "The application redirects to {} instead of the Worker's {callback}, so every login fails.",
                if app.redirect_uris.is_empty() { "nowhere".to_string() } else { app.redirect_uris.join(", ") }
            ),
            REPLACE_HINT,
            Some(AuditFix::ReplaceAccess),
        )
    }
}

fn others(uris: &[String], callback: &str) -> String {
    uris.iter()
        .filter(|u| *u != callback)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

fn grants_check(f: Finding, app: &SaasApp, refresh_tokens: bool) -> AuditFinding {
    let has = |g: &str| app.grant_types.iter().any(|x| x == g);
    let facts = vec![format!("Grant types: {}", app.grant_types.join(", "))];
    let f = f.facts(facts);
    if !has("authorization_code_with_pkce") {
        return f.fail(
            "The application no longer requires PKCE (authorization_code_with_pkce), which protects each login's code.",
            REPLACE_HINT,
            Some(AuditFix::ReplaceAccess),
        );
    }
    match (has("refresh_tokens"), refresh_tokens) {
        (true, false) => f.fail(
            "The application hands out refresh tokens, which this deployment chose not to.",
            REPLACE_HINT,
            Some(AuditFix::ReplaceAccess),
        ),
        (false, true) => f.fail(
            "The application no longer hands out refresh tokens, so users must log in again whenever a token expires.",
            REPLACE_HINT,
            Some(AuditFix::ReplaceAccess),
        ),
        (true, true) => f.pass("Authorization code with PKCE, and refresh tokens."),
        (false, false) => f.pass("Authorization code with PKCE, without refresh tokens."),
    }
}
