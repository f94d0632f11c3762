//! `gatehouse-cli doctor URL`: the connection doctor's checks, as text or JSON.

use std::sync::Arc;
use std::time::Duration;

use gatehouse_doctor::{
    diagnose, render_text, AuditDone, CheckStatus, DeploymentAudit, DoctorOptions,
};

use crate::args::ServerArgs;
use crate::exit::Failure;

/// Runs the checks and prints them; fails (exit 1) when any check failed.
pub async fn run(server: &ServerArgs, json: bool) -> Result<(), Failure> {
    let mut headers = Vec::new();
    for header in &server.headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Failure::usage(
                &format!("“{header}” is not a header."),
                "Write it as `-H 'Name: value'`.",
            ));
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    // A deployment set up from this computer is audited too (its findings become checks).
    let audit: Option<Arc<dyn DeploymentAudit>> = match crate::setup::provisioner().await {
        Ok(provisioner) => Some(Arc::new(AuditDone(
            provisioner.audit_checks_for(&server.url).await,
        ))),
        Err(_) => None,
    };
    let options = DoctorOptions {
        headers,
        audit,
        timeout: Duration::from_secs(server.timeout.clamp(1, 60)),
        ..DoctorOptions::default()
    };
    let report = diagnose(&server.url, &options).await;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print!("{}", render_text(&report));
    }
    let failed = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .count();
    if failed == 0 {
        Ok(())
    } else {
        Err(Failure::checks_failed(failed))
    }
}
