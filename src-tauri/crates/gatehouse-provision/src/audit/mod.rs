//! The thorough audit of a deployment: everything setup made, read back live. The token and its
//! permissions (`token`), the Access application and policy (`access`), the Worker's script, secrets,
//! workers.dev address and KV namespace (`worker`), the bundle it runs (`bundle`), and what answers on
//! the internet (`live`). Each check yields an [`AuditFinding`] saying what is wrong, how to fix it,
//! and which [`AuditFix`] Gatehouse can make itself (`fix`).
//!
//! Reads only: the audit changes nothing (its permission probes ask to delete things that do not exist).

mod access;
mod bundle;
mod doctor_checks;
mod fix;
mod live;
mod token;
mod worker;

use std::time::Instant;

use gatehouse_ipc::{
    AuditArea, AuditFinding, AuditFix, AuditOutcome, BundleReport, DeploymentAudit, IpcError,
};

use crate::{ProvisionError, Provisioner, Result};

pub use self::bundle::{bundle_relation, BundleRelation};

impl Provisioner {
    /// Audits the deployment against the live account and the live Worker. Every failed check is a
    /// finding with its fix; `passed` only when every check passed. Errors only when there is nothing
    /// to audit (an unknown deployment); a failing read becomes that check's finding.
    pub async fn audit(&self, name: &str) -> Result<DeploymentAudit> {
        let started = Instant::now();
        let state = self.deployment(name)?;
        let mut findings = Vec::new();
        if let Some(step) = state.next_step() {
            findings.push(
                Finding::new("setup.finished", AuditArea::Worker, "Setup finished").fail(
                    format!(
                        "Setup stopped before the step \"{}\".",
                        crate::step_title(step)
                    ),
                    "Re-run setup: it resumes where it stopped.",
                    None,
                ),
            );
        }
        let api = self.api().await;
        // The token's checks, the Cloudflare reads and the live answers are independent.
        let (token_findings, access_findings, worker_findings, live_report) = match &api {
            Ok(api) => {
                tokio::join!(
                    token::check(api, &state),
                    access::check(api, &state),
                    worker::check(api, &state, self.bundle),
                    live::check(&self.http, &state),
                )
            }
            Err(e) => {
                let no_token = Finding::new("token.valid", AuditArea::Token, "API token is valid")
                    .failed_read(e, None);
                (
                    vec![no_token],
                    Vec::new(),
                    Vec::new(),
                    live::check(&self.http, &state).await,
                )
            }
        };
        findings.extend(token_findings);
        findings.extend(access_findings);
        findings.extend(worker_findings);
        findings.push(bundle::check(self.bundle, &live_report));
        findings.extend(live_report.findings);
        let passed =
            !findings.is_empty() && findings.iter().all(|f| f.outcome == AuditOutcome::Pass);
        Ok(DeploymentAudit {
            name: state.name,
            passed,
            findings,
            bundle: BundleReport {
                shipped: self.bundle.fingerprint(),
                shipped_version: crate::bundle::GATEHOUSE_VERSION.to_string(),
                live: live_report.bundle,
                live_version: live_report.version,
            },
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        })
    }
}

/// Builds one finding.
pub(crate) struct Finding {
    id: &'static str,
    area: AuditArea,
    title: &'static str,
    facts: Vec<String>,
}

impl Finding {
    pub(crate) fn new(id: &'static str, area: AuditArea, title: &'static str) -> Self {
        Self {
            id,
            area,
            title,
            facts: Vec::new(),
        }
    }

    /// Extra lines to show with the finding (the policy's rules, say).
    pub(crate) fn facts(mut self, facts: Vec<String>) -> Self {
        self.facts = facts;
        self
    }

    fn finding(
        self,
        outcome: AuditOutcome,
        detail: String,
        fix_hint: Option<String>,
        fix: Option<AuditFix>,
    ) -> AuditFinding {
        AuditFinding {
            id: self.id.to_string(),
            area: self.area,
            title: self.title.to_string(),
            outcome,
            detail,
            fix_hint,
            fix,
            facts: self.facts,
        }
    }

    pub(crate) fn pass(self, detail: impl Into<String>) -> AuditFinding {
        self.finding(AuditOutcome::Pass, detail.into(), None, None)
    }

    pub(crate) fn fail(
        self,
        detail: impl Into<String>,
        hint: impl Into<String>,
        fix: Option<AuditFix>,
    ) -> AuditFinding {
        self.finding(AuditOutcome::Fail, detail.into(), Some(hint.into()), fix)
    }

    pub(crate) fn skip(self, why: impl Into<String>) -> AuditFinding {
        self.finding(AuditOutcome::Skipped, why.into(), None, None)
    }

    /// A read that failed: the error's own words and fix (a missing permission names the one to add).
    pub(crate) fn failed_read(self, e: &ProvisionError, fix: Option<AuditFix>) -> AuditFinding {
        let error = IpcError::from(e);
        let hint = error
            .fix
            .unwrap_or_else(|| "Check again in a minute.".to_string());
        self.fail(error.message, hint, fix)
    }
}
