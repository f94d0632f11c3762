//! The Worker on Cloudflare: the script exists and is this deployment's, its workers.dev address is
//! on, all six secrets exist (names only; values never come back), and its KV namespace exists.

use gatehouse_cloudflare::CloudflareApi;
use gatehouse_ipc::{AuditArea, AuditFinding, AuditFix};

use super::Finding;
use crate::bundle::WorkerBundle;
use crate::state::DeploymentState;
use crate::worker_script::{script_owner, ScriptOwner};

pub(super) async fn check(
    api: &CloudflareApi,
    state: &DeploymentState,
    bundle: &WorkerBundle,
) -> Vec<AuditFinding> {
    let exists = Finding::new("worker.exists", AuditArea::Worker, "Worker exists");
    let dev = Finding::new(
        "worker.workers_dev",
        AuditArea::Worker,
        "workers.dev address is on",
    );
    let secrets = Finding::new("worker.secrets", AuditArea::Worker, "All six secrets exist");
    let kv = Finding::new(
        "worker.kv_namespace",
        AuditArea::Worker,
        "KV namespace exists",
    );
    let script = state.name.as_str();
    let account = state.account_id.as_str();

    let (owner, kv_live) = tokio::join!(script_owner(api, state, script), async {
        match &state.kv_namespace {
            Some(ns) => api.get_kv_namespace(account, &ns.id).await.map(Some),
            None => Ok(None),
        }
    });
    let mut out = Vec::new();
    let ours = match owner {
        Ok(ScriptOwner::Ours) => {
            out.push(exists.pass(format!(
                "{script} is on Cloudflare, bound to this deployment's KV namespace."
            )));
            true
        }
        Ok(ScriptOwner::Missing) => {
            out.push(exists.fail(
                format!("The Worker {script} is gone (deleted in the dashboard). Its Durable Object data went with it."),
                "Let Gatehouse upload it again, with its address and secrets.",
                Some(AuditFix::UpdateServer),
            ));
            false
        }
        Ok(ScriptOwner::SomeoneElse) => {
            out.push(exists.fail(
                format!("A Worker named {script} that is not this deployment's has replaced it (it binds another KV namespace)."),
                "If it is yours, tear the deployment down and set it up again; otherwise remove that Worker in the dashboard and re-run setup.",
                None,
            ));
            false
        }
        Err(e) => {
            out.push(exists.failed_read(&e, None));
            false
        }
    };
    if ours {
        let (sub, names) = tokio::join!(
            api.script_workers_dev(account, script),
            api.list_worker_secrets(account, script),
        );
        out.push(match sub {
            Ok(s) if s.enabled => dev.pass(format!(
                "{} answers there.",
                state.worker_url.as_deref().unwrap_or(script)
            )),
            Ok(_) => dev.fail(
                "The Worker's workers.dev address is off, so nobody can reach the server.",
                "Let Gatehouse turn it back on (Workers & Pages › the Worker › Settings › Domains & Routes in the dashboard does the same).",
                Some(AuditFix::EnableWorkersDev),
            ),
            Err(e) => dev.failed_read(&e.into(), None),
        });
        out.push(match names {
            Ok(names) => {
                let have: Vec<&str> = names.iter().map(|n| n.name.as_str()).collect();
                let missing: Vec<&str> = bundle
                    .manifest
                    .secrets
                    .iter()
                    .map(String::as_str)
                    .filter(|wanted| !have.contains(wanted))
                    .collect();
                let secrets = secrets.facts(vec![format!("Secrets: {}", have.join(", "))]);
                if missing.is_empty() {
                    secrets.pass(format!(
                        "{} secrets set (names only; values are never read).",
                        have.len()
                    ))
                } else {
                    secrets.fail(
                        format!(
                            "The Worker lacks the secret{} {}, so logins fail.",
                            if missing.len() == 1 { "" } else { "s" },
                            missing.join(", ")
                        ),
                        "Let Gatehouse put the six secrets again (from the keychain).",
                        Some(AuditFix::PutSecrets),
                    )
                }
            }
            Err(e) => secrets.failed_read(&e.into(), None),
        });
    } else {
        let why = "Not checked: the Worker is not this deployment's or is gone.";
        out.push(dev.skip(why));
        out.push(secrets.skip(why));
    }
    out.push(match (kv_live, &state.kv_namespace) {
        (_, None) => kv.skip("No KV namespace is recorded yet."),
        (Ok(Some(Some(ns))), _) => kv.pass(format!("{} holds the server's logins.", ns.title)),
        (Ok(_), Some(ns)) => kv.fail(
            format!("The KV namespace {} is gone, and with it every stored login and registration.", ns.name),
            "Let Gatehouse make a new namespace and bind the Worker to it; users then log in again.",
            Some(AuditFix::RecreateKvNamespace),
        ),
        (Err(e), _) => kv.failed_read(&e.into(), None),
    });
    out
}
