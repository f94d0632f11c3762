//! The audit as the connection doctor shows it: one check per finding, for the deployment whose
//! Worker serves the URL the doctor looks at.

use gatehouse_ipc::{AuditFinding, AuditOutcome, CheckStatus, DoctorCheck, IpcError};
use url::Url;

use crate::Provisioner;

impl Provisioner {
    /// The audit of the deployment set up from this computer whose Worker serves `url`, as the
    /// connection doctor's checks; `None` when `url` is not such a deployment.
    pub async fn audit_checks_for(&self, url: &str) -> Option<Vec<DoctorCheck>> {
        let wanted = Url::parse(url).ok()?.origin();
        let deployment = self.deployments().ok()?.into_iter().find(|d| {
            d.worker_url
                .as_deref()
                .and_then(|w| Url::parse(w).ok())
                .is_some_and(|w| w.origin() == wanted)
        })?;
        Some(match self.audit(&deployment.name).await {
            Ok(audit) => audit.findings.into_iter().map(doctor_check).collect(),
            Err(e) => {
                let error = IpcError::from(e);
                vec![DoctorCheck {
                    id: "audit.run".into(),
                    title: format!("The audit of “{}” ran", deployment.name),
                    status: CheckStatus::Fail,
                    found: error.message,
                    fix: error.fix,
                }]
            }
        })
    }
}

fn doctor_check(finding: AuditFinding) -> DoctorCheck {
    let status = match finding.outcome {
        AuditOutcome::Pass => CheckStatus::Pass,
        AuditOutcome::Fail => CheckStatus::Fail,
        AuditOutcome::Skipped => CheckStatus::Skipped,
    };
    let fix = finding.fix_hint.or_else(|| {
        (status == CheckStatus::Fail)
            .then(|| "Open Deployments and choose Check thoroughly: it can fix this.".to_string())
    });
    DoctorCheck {
        id: finding.id,
        title: finding.title,
        status,
        found: finding.detail,
        fix,
    }
}

#[cfg(test)]
mod tests {
    use gatehouse_ipc::AuditArea;

    use super::*;

    fn finding(outcome: AuditOutcome, fix_hint: Option<&str>) -> AuditFinding {
        AuditFinding {
            id: "worker.secrets".into(),
            area: AuditArea::Worker,
            title: "All six secrets exist".into(),
            outcome,
            detail: "COOKIE_ENCRYPTION_KEY is missing.".into(),
            fix_hint: fix_hint.map(str::to_string),
            fix: None,
            facts: Vec::new(),
        }
    }

    #[test]
    fn a_finding_becomes_a_check_with_its_fix() {
        let check = doctor_check(finding(AuditOutcome::Fail, Some("Put the secrets again.")));
        assert_eq!(check.status, CheckStatus::Fail);
        assert_eq!(check.id, "worker.secrets");
        assert_eq!(check.found, "COOKIE_ENCRYPTION_KEY is missing.");
        assert_eq!(check.fix.as_deref(), Some("Put the secrets again."));
        let passed = doctor_check(finding(AuditOutcome::Pass, None));
        assert_eq!((passed.status, passed.fix), (CheckStatus::Pass, None));
        let unhinted = doctor_check(finding(AuditOutcome::Fail, None));
        assert!(unhinted.fix.is_some_and(|f| f.contains("Check thoroughly")));
    }
}
