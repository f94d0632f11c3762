//! `gatehouse-cli setup audit` and `setup update`: the deployment checked thoroughly, live, with
//! each finding's fix; `--fix` makes the fixes Gatehouse can make itself.

use std::time::Instant;

use gatehouse_ipc::{AuditFix, AuditOutcome, DeploymentAudit};
use gatehouse_provision::Provisioner;

use crate::exit::Failure;
use crate::setup::print_json;

/// The order fixes are made in: what others depend on first (the Access application before the
/// secrets that name it, the namespace before the Worker bound to it).
const FIX_ORDER: [AuditFix; 5] = [
    AuditFix::ReplaceAccess,
    AuditFix::RecreateKvNamespace,
    AuditFix::UpdateServer,
    AuditFix::EnableWorkersDev,
    AuditFix::PutSecrets,
];

pub async fn audit(
    provisioner: &Provisioner,
    name: &str,
    json: bool,
    fix: bool,
) -> Result<(), Failure> {
    let mut audit = provisioner.audit(name).await?;
    if fix {
        let offered =
            |audit: &DeploymentAudit, f: AuditFix| audit.findings.iter().any(|x| x.fix == Some(f));
        if !json && FIX_ORDER.iter().any(|f| offered(&audit, *f)) {
            print_audit(&audit);
        }
        // In dependency order; each fix answers with the audit after it, which decides what comes next: a fix
        // may reveal what it hid (a Worker back on workers.dev says which bundle it runs). Each fix is made once.
        let mut made: Vec<AuditFix> = Vec::new();
        while let Some(f) = FIX_ORDER
            .into_iter()
            .find(|f| !made.contains(f) && offered(&audit, *f))
        {
            eprintln!("Fixing: {}…", fix_title(f));
            let started = Instant::now();
            audit = provisioner.fix(name, f).await?;
            eprintln!("  done in {:.1} s", started.elapsed().as_secs_f64());
            made.push(f);
        }
    }
    finish(&audit, json)
}

pub async fn update(provisioner: &Provisioner, name: &str, json: bool) -> Result<(), Failure> {
    eprintln!("Updating \"{name}\" in place…");
    let started = Instant::now();
    let audit = provisioner.update_server(name).await?;
    eprintln!("Updated in {:.1} s.", started.elapsed().as_secs_f64());
    finish(&audit, json)
}

fn finish(audit: &DeploymentAudit, json: bool) -> Result<(), Failure> {
    if json {
        print_json(audit);
    } else {
        print_audit(audit);
    }
    let failed = audit
        .findings
        .iter()
        .filter(|f| f.outcome != AuditOutcome::Pass)
        .count();
    if audit.passed {
        Ok(())
    } else {
        Err(Failure::audit_found(failed))
    }
}

fn print_audit(audit: &DeploymentAudit) {
    println!(
        "{}: {} ({} checks, {:.1} s)",
        audit.name,
        if audit.passed {
            "every check passed"
        } else {
            "needs attention"
        },
        audit.findings.len(),
        audit.elapsed_ms as f64 / 1000.0
    );
    for finding in &audit.findings {
        let mark = match finding.outcome {
            AuditOutcome::Pass => "✓",
            AuditOutcome::Fail => "✗",
            AuditOutcome::Skipped => "–",
        };
        println!("  {mark} {}: {}", finding.title, finding.detail);
        for fact in &finding.facts {
            println!("      {fact}");
        }
        if let Some(hint) = &finding.fix_hint {
            println!("      fix: {hint}");
        }
        if let Some(fix) = finding.fix {
            println!(
                "      Gatehouse can do this: {} (gatehouse-cli setup audit --name {} --fix)",
                fix_title(fix),
                audit.name
            );
        }
    }
}

fn fix_title(fix: AuditFix) -> &'static str {
    match fix {
        AuditFix::PutSecrets => "put the Worker's secrets again",
        AuditFix::EnableWorkersDev => "turn the workers.dev address on",
        AuditFix::ReplaceAccess => "replace the Access application and policy",
        AuditFix::UpdateServer => "update the server in place",
        AuditFix::RecreateKvNamespace => "make a new KV namespace",
    }
}
