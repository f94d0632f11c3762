//! `gatehouse-cli setup …`: the app's provisioning engine from a terminal. Progress goes to stderr,
//! results to stdout.

use std::sync::Arc;

use gatehouse_auth::Sensitive;
use gatehouse_ipc::{
    AccessSetup, AllowedUsers, AppEvent, CloudflareTokenKind, PlanAction, SetupInput, StepState,
};
use gatehouse_mcp::{Explorer, NoEvents};
use gatehouse_provision::{step_title, teardown_title, ProgressSink, Provisioner};

use crate::args::{SetupArgs, SetupCommand};
use crate::exit::Failure;
use crate::tools::secrets;

/// Prints each step as it starts and ends.
struct StderrProgress;

impl ProgressSink for StderrProgress {
    fn emit(&self, event: AppEvent) {
        match event {
            AppEvent::SetupProgress {
                step,
                state,
                detail,
                elapsed_ms,
                error,
                ..
            } => {
                let step = step_title(step);
                match state {
                    StepState::Running => eprintln!("  … {step}"),
                    StepState::Done => eprintln!(
                        "  ✓ {step} ({:.1} s): {}",
                        elapsed_ms as f64 / 1000.0,
                        detail.unwrap_or_default()
                    ),
                    StepState::Skipped => eprintln!("  – {step}: {}", detail.unwrap_or_default()),
                    StepState::Failed => eprintln!(
                        "  ✗ {step}: {}",
                        error.map(|e| e.message).unwrap_or_default()
                    ),
                }
            }
            AppEvent::TeardownProgress {
                step,
                state,
                detail,
                error,
                ..
            } => {
                let step = teardown_title(step);
                match state {
                    StepState::Running => {}
                    StepState::Done => eprintln!("  ✓ {step}: {}", detail.unwrap_or_default()),
                    StepState::Skipped => eprintln!("  – {step}: nothing to remove"),
                    StepState::Failed => eprintln!(
                        "  ✗ {step}: {}",
                        error.map(|e| e.message).unwrap_or_default()
                    ),
                }
            }
            _ => {}
        }
    }
}

pub(crate) async fn provisioner() -> Result<Provisioner, Failure> {
    let dir = Explorer::default_dir();
    let provisioner = Provisioner::new(
        gatehouse_provision::api_base_setting(&dir),
        &dir,
        secrets(),
        Arc::new(StderrProgress),
    )?;
    // A token read from a file or pasted often ends in a newline; it is not part of the token.
    if let Some(token) = std::env::var("CLOUDFLARE_API_TOKEN")
        .ok()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
    {
        provisioner.use_token(Sensitive::new(token)).await?;
    }
    Ok(provisioner)
}

pub(crate) fn print_json(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("could not print JSON: {e}"),
    }
}

pub async fn run(command: SetupCommand) -> Result<(), Failure> {
    let provisioner = provisioner().await?;
    match command {
        SetupCommand::Plan(args) => {
            let input = setup_input(&provisioner, &args).await?;
            let plan = provisioner.plan(&input).await?;
            if args.json {
                print_json(&plan);
                return Ok(());
            }
            println!(
                "Plan for \"{}\"{}:",
                plan.name,
                if plan.resumes {
                    " (resumes an earlier run)"
                } else {
                    ""
                }
            );
            for step in &plan.steps {
                let action = match step.action {
                    PlanAction::Create => "create",
                    PlanAction::Update => "update",
                    PlanAction::Reuse => "reuse",
                    PlanAction::Check => "check",
                    PlanAction::Done => "done",
                    PlanAction::Skip => "skip",
                };
                println!("  {action:<7} {}: {}", step.title, step.detail);
            }
            if let Some(url) = &plan.worker_url {
                println!("Worker URL: {url}");
            }
            Ok(())
        }
        SetupCommand::Apply(args) => {
            let input = setup_input(&provisioner, &args).await?;
            eprintln!("Setting up \"{}\"…", input.name);
            let state = provisioner.apply(&input).await?;
            let summary = state.summary();
            if args.json {
                print_json(&summary);
            } else {
                println!("Ready: {}", summary.mcp_url.unwrap_or_default());
                println!(
                    "Log in with: gatehouse-cli login {}/mcp",
                    summary.worker_url.unwrap_or_default()
                );
            }
            Ok(())
        }
        SetupCommand::Status { name, json } => {
            let state = provisioner.deployment(&name)?;
            let health = provisioner.health(&name).await?;
            if json {
                print_json(&serde_json::json!({
                    "deployment": state.summary(),
                    "health": health,
                }));
                return Ok(());
            }
            let summary = state.summary();
            println!(
                "{}: {}",
                summary.name,
                if health.healthy {
                    "healthy"
                } else {
                    "needs attention"
                }
            );
            if let Some(url) = &summary.worker_url {
                println!("  Worker: {url}");
            }
            for check in &health.checks {
                println!(
                    "  {} {}: {}",
                    if check.ok { "✓" } else { "✗" },
                    check.title,
                    check.detail
                );
            }
            if let Some(attention) = health.attention {
                println!("  fix: {}", attention.fix.unwrap_or(attention.message));
            }
            Ok(())
        }
        SetupCommand::Audit { name, json, fix } => {
            crate::audit::audit(&provisioner, &name, json, fix).await
        }
        SetupCommand::Update { name, json } => {
            crate::audit::update(&provisioner, &name, json).await
        }
        SetupCommand::Teardown { name } => {
            eprintln!("Tearing down \"{name}\"…");
            let server_id = provisioner.deployment(&name)?.server_id;
            let report = provisioner.teardown(&name).await?;
            for removed in &report.removed {
                println!("removed: {removed}");
            }
            if let Some(id) = server_id {
                forget_saved_server(&id).await;
            }
            for kept in &report.kept {
                println!("kept: {kept}");
            }
            Ok(())
        }
    }
}

/// As the app does after a teardown: the Worker is gone, so the saved server pointing at it (and
/// the login for it) goes too.
async fn forget_saved_server(id: &str) {
    let explorer = Explorer::new(Explorer::default_dir(), secrets(), Arc::new(NoEvents));
    match explorer.delete_server(id).await {
        Ok(()) => println!("removed: the saved server in Gatehouse, with its login"),
        Err(e) => eprintln!(
            "could not forget the saved server: {}",
            Failure::from(e).message
        ),
    }
}

/// The setup request from the flags; with no "who may log in" flag a re-run keeps the recorded choice.
async fn setup_input(provisioner: &Provisioner, args: &SetupArgs) -> Result<SetupInput, Failure> {
    let recorded = provisioner.find_deployment(&args.name)?;
    let account_id = match (&args.account, &recorded) {
        (Some(id), _) => id.clone(),
        (None, Some(state)) => state.account_id.clone(),
        (None, None) => {
            let connection = provisioner.connect(None).await?;
            eprintln!(
                "Using {}.",
                match connection.token_kind {
                    CloudflareTokenKind::User => "a user API token",
                    CloudflareTokenKind::Account => "an account API token",
                }
            );
            match connection.accounts.as_slice() {
                [only] => only.id.clone(),
                [] => {
                    return Err(Failure::usage(
                        "The API token can use no Cloudflare account.",
                        "Give the token access to an account.",
                    ))
                }
                many => {
                    let list: Vec<String> = many
                        .iter()
                        .map(|a| format!("{} ({})", a.id, a.name))
                        .collect();
                    return Err(Failure::usage(
                        "The API token can use several accounts.",
                        &format!(
                            "Choose one with --account or CLOUDFLARE_ACCOUNT_ID: {}",
                            list.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    let allowed = if let Some(policy_id) = &args.policy {
        Some(AllowedUsers::ExistingPolicy {
            policy_id: policy_id.clone(),
        })
    } else if let Some(domain) = &args.allow_domain {
        Some(AllowedUsers::Domain {
            domain: domain.clone(),
        })
    } else if !args.allow_email.is_empty() {
        Some(AllowedUsers::Emails {
            emails: args.allow_email.clone(),
        })
    } else {
        None
    };
    let access = match (allowed, recorded.map(|r| r.access)) {
        (Some(allowed), _) => AccessSetup::Automatic {
            allowed,
            refresh_tokens: !args.no_refresh_tokens,
            add_one_time_pin: !args.no_one_time_pin,
        },
        (
            None,
            Some(gatehouse_provision::state::AccessChoice::Automatic {
                allowed,
                refresh_tokens,
                add_one_time_pin,
            }),
        ) => AccessSetup::Automatic {
            allowed,
            // The flags still turn these off on a re-run that keeps who may log in.
            refresh_tokens: refresh_tokens && !args.no_refresh_tokens,
            add_one_time_pin: add_one_time_pin && !args.no_one_time_pin,
        },
        _ => return Err(Failure::usage(
            "Nobody is allowed to log in yet.",
            "Add --allow-email EMAIL (repeatable), --allow-domain DOMAIN or --policy POLICY_ID.",
        )),
    };
    Ok(SetupInput {
        name: args.name.clone(),
        account_id,
        access,
    })
}
