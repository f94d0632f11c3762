//! The seam for a Gatehouse deployment's own audit.

use async_trait::async_trait;
use gatehouse_ipc::DoctorCheck;
use url::Url;

use crate::{check, DoctorOptions};

/// Checks a Gatehouse deployment more deeply (its Worker, Access application, secrets, …).
///
/// The app and the CLI hand one to the doctor when they can audit deployments; the doctor adds
/// its checks after its own.
#[async_trait]
pub trait DeploymentAudit: Send + Sync {
    /// The audit's checks for the deployment serving `url`, or `None` when `url` is not one of
    /// the deployments this computer set up.
    async fn audit(&self, url: &Url) -> Option<Vec<DoctorCheck>>;
}

/// An audit the caller has already made: its checks, or `None` when the URL is not one of the
/// deployments this computer set up.
pub struct AuditDone(pub Option<Vec<DoctorCheck>>);

#[async_trait]
impl DeploymentAudit for AuditDone {
    async fn audit(&self, _url: &Url) -> Option<Vec<DoctorCheck>> {
        self.0.clone()
    }
}

const TITLE: &str = "Gatehouse deployment audit";

pub(crate) async fn run(url: &Url, options: &DoctorOptions) -> DoctorCheck {
    let Some(audit) = &options.audit else {
        return check::skip(
            "audit",
            TITLE,
            "Not checked: this version of Gatehouse cannot audit deployments.",
        );
    };
    match audit.audit(url).await {
        None => check::skip(
            "audit",
            TITLE,
            "Not checked: this server is not a deployment set up from this computer.",
        ),
        Some(checks) => match checks
            .iter()
            .find(|c| c.status == gatehouse_ipc::CheckStatus::Fail)
        {
            None => check::pass(
                "audit",
                TITLE,
                format!("All {} checks of the deployment passed.", checks.len()),
            ),
            Some(failed) => check::fail(
                "audit",
                TITLE,
                format!("{}: {}", failed.title, failed.found),
                failed
                    .fix
                    .clone()
                    .unwrap_or_else(|| "Open the deployment and check it thoroughly.".into()),
            ),
        },
    }
}
